"""The apps stand on each other in one order: office, then cities, then agreements and
visits side by side, then exchanges on top. A module importing upwards breaks that order
and fails here."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("office", "cities", "agreements", "visits", "exchanges")
# What each app may import of the others.
ALLOWED = {
    "office": set(),
    "cities": {"office"},
    "agreements": {"office", "cities"},
    "visits": {"office", "cities"},
    # Exchanges record what happens with partners, visits included; nothing reads them.
    "exchanges": {"office", "cities", "agreements", "visits"},
}
# visits sits on top for demo and scale data only: these commands seed every app.
EXCEPTIONS = {
    "visits/management/commands/load_demo.py": {"agreements"},
    "visits/management/commands/generate_scale_data.py": {"agreements"},
}


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        allowed = {app} | ALLOWED[app] | EXCEPTIONS.get(relative, set())
        upwards = imported_apps(path) - allowed
        if upwards:
            wrong[relative] = sorted(upwards)
    assert wrong == {}


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("from visits.models import VisitApplication\nimport cities.models\n")
    assert imported_apps(module) == {"visits", "cities"}
