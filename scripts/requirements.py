"""Print the requirements declared in pyproject.toml (runtime and dev), one per line.

The project itself is not installed: it runs from this folder. `make install` feeds the
list to pip together with constraints.txt, which pins every version.
"""

import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
    print(requirement)
