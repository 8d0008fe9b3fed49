"""Print the requirements declared in pyproject.toml, one per line: runtime and dev, or
with --production the runtime ones only (a server needs no test or lint tools).

The project itself is not installed: it runs from this folder. `make install` (and
`make install-prod`) feed the list to pip together with constraints.txt, which pins every
version.
"""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
requirements = project["dependencies"]
if "--production" not in sys.argv[1:]:
    requirements = requirements + project["optional-dependencies"]["dev"]
for requirement in requirements:
    print(requirement)
