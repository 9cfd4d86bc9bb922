"""Grading into a folder that already holds results: merges, resumes, re-grades what changed, says what moved.

Uses the engine's toy week (tests/fixtures/engine, 12 points).
"""
from __future__ import annotations

import csv
import json
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from autograder.engine.runner import grade
from autograder.weeks import Week

FIXTURE = Path(__file__).parent / "fixtures" / "engine"
MAX = 12.0


def course(root: Path) -> Week:
    shutil.copytree(FIXTURE, root)
    return Week("toyweek", ("toy",), (), solutions_root=str(root / "solutions"),
                graders_root=str(root / "graders"), template_root=str(root / "template"))


def hand_in(folder: Path, week: Week, source: str | None = None) -> Path:
    folder.mkdir(parents=True)
    for name in ("toy.py", "toyweek.ipynb"):
        shutil.copy(week.solution_dir / name, folder / name)
    if source is not None:
        (folder / "toy.py").write_text(source)
    return folder


def rows(out: Path) -> dict[str, dict]:
    with open(out / "grades.csv", newline="") as fh:
        return {r["submission"]: r for r in csv.DictReader(fh)}


def test_regrading_one_student_changes_only_that_row(tmp_path):
    week = course(tmp_path / "course")
    root = tmp_path / "submitted"
    for name in ("ann", "bob", "cid"):
        hand_in(root / name / "toyweek", week)
    out = tmp_path / "graded"
    grade(week, [root], out, show_progress=False)
    before = {n: (out / n / "results.json").read_text() for n in ("ann", "cid")}
    (root / "bob" / "toyweek" / "toy.py").write_text("def add(a, b):\n    return a - b\n")
    again = grade(week, [root / "bob" / "toyweek"], out, show_progress=False)
    assert list(again) == ["bob"] and again["bob"]["score"] < MAX
    table = rows(out)
    assert set(table) == {"ann", "bob", "cid"}, "grades.csv lists every submission under --out"
    assert table["ann"]["score"] == f"{MAX:g}" and float(table["bob"]["score"]) < MAX
    assert {n: (out / n / "results.json").read_text() for n in ("ann", "cid")} == before


def test_a_finished_class_is_not_graded_again_and_a_changed_hand_in_is(tmp_path):
    week = course(tmp_path / "course")
    paths = [hand_in(tmp_path / "class" / f"s{i}", week) for i in range(6)]
    out = tmp_path / "graded"
    first = grade(week, paths, out, show_progress=False)
    assert first.kept == 0
    again = grade(week, paths, out, show_progress=False)
    assert again.kept == 6 and not again.changed
    (paths[2] / "toy.py").write_text((paths[2] / "toy.py").read_text() + "\n# an edit\n")
    third = grade(week, paths, out, show_progress=False)
    assert third.kept == 5, "only the changed hand-in is graded again"
    forced = grade(week, paths, out, show_progress=False, force=True)
    assert forced.kept == 0


def test_a_grader_fix_regrades_everyone_and_lists_who_changed(tmp_path):
    week = course(tmp_path / "course")
    wrong = "def add(a, b):\n    return a - b\n\nclass Acc:\n    def __init__(self):\n        self.total = 0.0\n\n" \
            "    def push(self, x):\n        self.total += x\n        return self.total\n"
    paths = [hand_in(tmp_path / "class" / "ann", week), hand_in(tmp_path / "class" / "bob", week, wrong)]
    out = tmp_path / "graded"
    grade(week, paths, out, show_progress=False)
    test_add = Path(week.grader_dir) / "test_add.py"     # the "fix": the plain-list test stops judging (3 points)
    text = test_add.read_text()
    test_add.write_text(text.replace('    """add works on plain lists"""\n', '    """add works on plain lists"""\n    return\n'))
    again = grade(week, paths, out, show_progress=False)
    assert again.kept == 0, "a changed grader means every result is out of date"
    changed = {c["submission"]: c for c in again.changed}
    assert set(changed) == {"bob"}, "ann's points did not move"
    assert (changed["bob"]["before"], changed["bob"]["after"]) == (MAX - 7, MAX - 4)
    assert changed["bob"]["tests"] == [("add: add works on plain lists", 0.0, 3.0)]
    diff = (out / "regrade-diff.csv").read_text()
    assert "bob" in diff and "add works on plain lists: 0 -> 3" in diff


def test_a_run_killed_halfway_loses_nothing_and_repeats_nothing(tmp_path):
    week = course(tmp_path / "course")
    paths = [hand_in(tmp_path / "class" / f"s{i:02d}", week) for i in range(40)]
    out = tmp_path / "graded"
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from autograder.engine.runner import grade
        from autograder.weeks import Week
        week = Week("toyweek", ("toy",), (), solutions_root={week.solutions_root!r},
                    graders_root={week.graders_root!r}, template_root={week.template_root!r})
        grade(week, [Path(p) for p in sys.argv[1:]], Path({str(out)!r}), show_progress=False)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, paths)], start_new_session=True)
    deadline = time.monotonic() + 300
    while len(list(out.glob("*/results.json"))) < 15 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    import os
    os.killpg(proc.pid, signal.SIGKILL)             # the runner, its workers and their sandboxes
    proc.wait()
    done = len(list(out.glob("*/results.json")))
    assert 15 <= done < 40, f"the kill came too late to test anything ({done} of 40 graded)"
    for path in out.glob("*/results.json"):
        json.loads(path.read_text())                # never a truncated file
    again = grade(week, paths, out, show_progress=False)
    assert again.kept >= done - 1 and len(again) == 40
    assert all(again[n]["score"] == MAX for n in again)
    assert len(rows(out)) == 40
