"""What the tests that run a week through nbgrader on a demo course (autograder/demo.py) share."""
from __future__ import annotations

import shutil
from pathlib import Path

from autograder import demo, nbgrader_bridge as bridge
from autograder.selftest import build_case
from autograder.weeks import Week

HOSTILE = '''"""Imported by the notebook: leaves a file on the host if it ever runs outside the sandbox."""
open({canary!r}, "w").write("student code ran outside the sandbox")
'''


def gradebook(course_dir: Path):
    """The course's nbgrader gradebook (a context manager)."""
    from nbgrader.api import Gradebook
    return Gradebook(bridge.db_url(course_dir), bridge.course_id(course_dir))


def ada_and_eve_submit(course: demo.Course, week: Week, root: Path) -> Path:
    """With nbgrader's commands, ada fetches the released week and submits the reference solutions; eve the
    same with a module that writes a canary file when imported. Returns the canary's path (it must never
    exist: eve's code runs only in the sandbox, which cannot see ``root``)."""
    canary = root / "canary.txt"
    build_case(week, root / "reference", {})

    def hand_in(student: str) -> None:
        folder = demo.fetch(course, student, week)
        for path in (root / "reference").iterdir():
            shutil.copyfile(path, folder / path.name)
        if student == "eve":
            (folder / f"{week.modules[0]}.py").write_text(HOSTILE.format(canary=str(canary)))
        demo.submit(course, student, week)
    demo.parallel(hand_in, ["ada", "eve"], workers=2)     # each nbgrader command is ~3 s of start-up
    return canary
