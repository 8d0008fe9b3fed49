"""Templates ask an application what it is (is_accepted, can_be_withdrawn), not its status."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# The visits app's own templates and its admin pages (cities and agreements: their own).
FOLDERS = ("visits", "admin/visits")
RAW_STATUS = re.compile(r"""status\s*[!=]=\s*["']""")


def raw_status_comparisons():
    found = []
    for folder in FOLDERS:
        for path in sorted((TEMPLATES / folder).rglob("*")):
            if not path.is_file():
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if RAW_STATUS.search(line):
                    found.append(f"{path.relative_to(TEMPLATES)}:{number}")
    return found


def test_the_check_finds_a_raw_status_comparison():
    assert RAW_STATUS.search('{% if application.status == "accepted" %}')
    assert RAW_STATUS.search("{% if application.status != 'new' %}")
    assert not RAW_STATUS.search("{% if application.is_accepted %}")


def test_no_visits_template_compares_a_raw_status():
    assert raw_status_comparisons() == []
