"""`make audit`: run pip-audit over the pinned requirements and say plainly what it checked.

pip-audit asks a vulnerability database (PyPI's JSON API, or OSV) about each pinned
package. Where that database cannot be reached (a machine that sees only a package mirror),
pip-audit marks every package "could not be audited" and still exits 0: a pass that checked
nothing. This script reads pip-audit's JSON report and fails when nothing, or not
everything, was audited, naming why. AUDIT_OFFLINE=warn turns "nothing could be audited"
into a loud warning with exit 0 (for machines known to be offline; never in real CI).

Usage: python ops/audit.py REQUIREMENTS [--ignore-vuln ID ...]
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

NOT_AUDITED = 3


def say(text):
    sys.stdout.write(text + "\n")


def run_pip_audit(requirements, extra):
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = [
            str(pip_audit),
            *("-r", requirements, "--no-deps", "--disable-pip", "--progress-spinner", "off"),
            *("--format", "json", "--output", report.name, *extra),
        ]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        text = Path(report.name).read_text(encoding="utf-8")
    if not text.strip():
        say(completed.stderr.strip())
        say("pip-audit did not finish: NOTHING WAS AUDITED.")
        sys.exit(NOT_AUDITED)
    return completed.returncode, json.loads(text)


def summarise(report):
    dependencies = report.get("dependencies", [])
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    audited = len(dependencies) - len(skipped)
    say(f"pip-audit: {audited} of {len(dependencies)} pinned packages audited, {len(vulnerable)} vulnerable.")
    for dep in vulnerable:
        ids = ", ".join(vuln["id"] for vuln in dep["vulns"])
        say(f"  VULNERABLE {dep['name']} {dep.get('version', '')}: {ids}")
    return audited, skipped, vulnerable


def main(argv):
    requirements, extra = argv[0], argv[1:]
    returncode, report = run_pip_audit(requirements, extra)
    audited, skipped, vulnerable = summarise(report)
    if vulnerable or returncode not in (0,):
        sys.exit(1)
    if audited == 0 and skipped:
        say(
            "NOTHING WAS AUDITED: no vulnerability database answered from this machine "
            f"(first reason: {skipped[0]['skip_reason']}). This is not a pass; run `make audit` "
            "where PyPI's JSON API or api.osv.dev is reachable."
        )
        sys.exit(0 if os.environ.get("AUDIT_OFFLINE") == "warn" else NOT_AUDITED)
    if skipped:
        for dep in skipped:
            say(f"  NOT AUDITED {dep['name']}: {dep['skip_reason']}")
        sys.exit(NOT_AUDITED)
    say("No known vulnerabilities in the audited packages.")


if __name__ == "__main__":
    main(sys.argv[1:])
