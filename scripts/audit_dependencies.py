"""pip-audit over constraints.txt, saying plainly when the vulnerability data was out of reach.

Exit 1 when a pinned package has a known vulnerability; exit 0 with "NOT CHECKED" when
pip-audit could not look every package up (no network, a mirror without PyPI's JSON
API): an audit that could not run must not pass for one that found nothing.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed command)
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(ROOT / "constraints.txt"),
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        packages = json.loads(result.stdout)["dependencies"]
    except (ValueError, KeyError):
        print("pip-audit: NOT CHECKED - it could not run here:")
        print(result.stderr.strip()[-2000:])
        return 0
    vulnerable = [p for p in packages if p.get("vulns")]
    skipped = [p for p in packages if "skip_reason" in p]
    for package in vulnerable:
        ids = ", ".join(v["id"] for v in package["vulns"])
        print(f"pip-audit: {package['name']} {package['version']} has {ids}")
    if skipped:
        print(
            f"pip-audit: NOT CHECKED for {len(skipped)} of {len(packages)} packages - the "
            "vulnerability database could not be used here "
            f"({skipped[0]['skip_reason']})."
        )
    if not vulnerable and not skipped:
        print(f"pip-audit: no known vulnerability in the {len(packages)} pinned packages.")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
