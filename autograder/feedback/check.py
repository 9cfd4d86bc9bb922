"""`autograder check WEEK [FOLDER]`: the week's public checks, as released -- the same kit, the same report.

A thin wrapper: it runs the kit of the course's release (``student_template/<week>/public_checks/``,
written by ``autograder generate``) on FOLDER, exactly as ``python -m pytest`` in a released week folder
and the notebook's last cell do (autograder/kit/). The kit runs in a child process with a copy of the
kit only on its path, so the student's code never runs inside the autograder and never sees the course.
It runs the code as the user who calls it: to grade someone else's work, use ``autograder grade``
(sandboxed). ``--html`` also writes the feedback page grading would show for these checks.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.weeks import Week

KIT = "public_checks"


def run_check(week: Week, folder: Path, *, html: Path | None = None) -> int:
    """Run the public checks on ``folder``; print the report; 0 when everything passed (1 otherwise, 2 on a
    usage error)."""
    folder = Path(folder)
    if not folder.is_dir():
        print(f"autograder check: {folder} is not a folder (give the folder with your week's files)", file=sys.stderr)
        return 2
    kit = week.template_dir / KIT
    if not (kit / "checks.json").is_file():
        print(f"autograder check: {kit} is missing: run `autograder generate {week.name}` first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="autograder-check-") as tmp:
        shutil.copytree(kit, Path(tmp) / KIT, ignore=shutil.ignore_patterns("__pycache__"))
        results = Path(tmp) / "results.json"
        args = [str(folder.resolve())] + (["--json", str(results)] if html else [])
        code = subprocess.call([sys.executable, "-c", "import sys; from public_checks.runner import main; "
                                f"sys.exit(main({args!r}))"], cwd=tmp, env=_env(tmp))
        if html is not None and results.is_file():
            from autograder.feedback.student import student_page
            Path(html).write_text(student_page(json.loads(results.read_text()), week.name), encoding="utf-8")
            print(f"Feedback page with figures: {html}")
    return code


def _env(kit_parent: str) -> dict:
    import os
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = kit_parent       # the kit alone: neither the course nor the autograder package
    return env
