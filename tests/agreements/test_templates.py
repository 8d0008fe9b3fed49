import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
IF_TAG = re.compile(r"{%\s*(?:if|elif)\b(.*?)%}", re.DOTALL)
# A status (status, status_on_day, relationship_status, ...) on one side of a comparison,
# a quoted string on the other.
STATUS_AGAINST_TEXT = re.compile(
    r"""[\w.]*status[\w.]*\s*(?:==|!=|\bin\b)\s*["']|["']\s*(?:==|!=|\bin\b)\s*[\w.]*status"""
)


def template_paths():
    for folder in ("agreements", "cities"):
        yield from sorted((TEMPLATES / folder).rglob("*.html"))
        yield from sorted((TEMPLATES / folder).rglob("*.txt"))


@pytest.mark.parametrize(
    "path", list(template_paths()), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_templates_never_compare_a_status_to_a_string(path):
    """Status values are the models' business: a template asks for a label or a property
    (get_relationship_status_display, agreement.status.label, partner.has_ended), so a
    renamed or added status cannot leave a page quietly wrong."""
    conditions = IF_TAG.findall(path.read_text(encoding="utf-8"))
    assert [c.strip() for c in conditions if STATUS_AGAINST_TEXT.search(c)] == []
