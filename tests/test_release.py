"""Releases are numbered one way: pyproject.toml's version is the changelog's newest release."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_is_the_changelogs_newest_release_and_unreleased_comes_first():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    headings = re.findall(r"^## (.+)$", changelog, re.M)
    releases = [re.match(r"(\d+\.\d+\.\d+) — \d{4}-\d{2}-\d{2}$", h) for h in headings[1:]]
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]

    assert headings[0] == "Unreleased"
    assert all(releases), f"a release heading is not 'X.Y.Z — YYYY-MM-DD': {headings}"
    assert releases[0].group(1) == version
