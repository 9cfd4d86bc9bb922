"""Without --out, every command that writes files writes under the course's graded/<week>/ -- the folder
formgrader's Autograde writes to, and one git ignores -- and nothing lands in the course's root.

A course made by `autograder init` (its own .gitignore), one week-1 hand-in graded, then the report, the
LMS CSV and the Gradescope bundle, each with its default path; git must then see nothing new.
"""
from __future__ import annotations

import subprocess
import sys

from autograder.selftest import build_case
from autograder.weeks import ROOT, get_week

WEEK = get_week("week1_gradient_descent")


def _autograder(*args: str, cwd) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "autograder.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, (args, proc.stdout[-2000:], proc.stderr[-2000:])
    return proc


def test_every_command_writes_under_the_course_graded_folder_by_default(tmp_path):
    course = tmp_path / "course"
    _autograder("--course", str(ROOT), "init", str(course), cwd=tmp_path)
    subprocess.run(["git", "init", "-q", str(course)], check=True)
    before = _git_status(course)
    build_case(WEEK, tmp_path / "hands" / "ada", {})

    _autograder("grade", WEEK.name, str(tmp_path / "hands" / "ada"), cwd=course)
    _autograder("report", WEEK.name, "--csv", cwd=course)
    _autograder("gradescope", WEEK.name, cwd=course)

    graded = course / "graded" / WEEK.name
    assert (graded / "ada" / "results.json").is_file() and (graded / "grades.csv").is_file()
    assert (graded / "report.html").is_file() and (graded / "lms.csv").is_file()
    assert (course / "graded" / f"{WEEK.name}-gradescope.zip").is_file()
    assert _git_status(course) == before, "git sees new files"


def _git_status(folder) -> str:
    return subprocess.run(["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=all"],
                          capture_output=True, text=True, check=True).stdout
