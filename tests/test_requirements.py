"""A server installs what runs the site and nothing for tests; every package is pinned."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def requirement_names(*args):
    output = subprocess.run(
        [sys.executable, "scripts/requirements.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {re.split(r"[<>=\[]", line)[0].lower() for line in output.split()}


def test_a_production_install_has_the_web_server_and_no_test_tools():
    production = requirement_names("--production")
    assert "gunicorn" in production and "django" in production
    assert not production & {"pytest", "playwright", "ruff", "pytest-django"}


def test_every_declared_package_is_pinned_in_constraints():
    pinned = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line
    }
    assert requirement_names() - pinned == set()
