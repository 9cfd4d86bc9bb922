"""Red team, round 7 (branch redteam7): hostile students against current main, in classes earlier rounds did not
cover (REDTEAM.md, "Round 7", says how each attack worked and what it did).

Each test is an attack that worked when it was written; the comment above it says what it found, and the test now
guards the defence (each fails with its defence removed: REDTEAM.md names the defence).
"""
from __future__ import annotations

import pytest

from autograder.engine.runner import grade
from test_redteam import grade_one, grader_errors, needs_bwrap, stub

WEEK2, WEEK4 = "week2_optimizers", "week4_stability"

# Written into a hostile module: at import (inside the child's serve loop) it replaces the trusted probe ``name`` in
# the loop's own table -- captured before any student code ran, but a dict that stays reachable through the
# closure -- with one that returns ``reply``, so the engine sends the forged reply as the probe's answer. (Writing
# a frame on the socket and exiting, test_redteam's FORGE, races the parent's look at the exit status.)
REPLACE_PROBE = """

import sys as _sys


def _replace_probe(name, reply):
    frame = _sys._getframe()
    while frame.f_code.co_name != "serve":
        frame = frame.f_back
    run_probe = frame.f_locals["run_probe"]
    table = next(c.cell_contents for c in run_probe.__closure__ if isinstance(c.cell_contents, dict))
    table[name] = lambda mods, **kwargs: reply
"""


def scored(result: dict, word: str) -> dict:
    """name -> score of the tests whose name holds ``word``."""
    return {t["name"]: t["score"] for t in result["tests"] if word in t["name"]}


# --- R7-1. a reply that records nothing passes the rules that read it step by step ----------------------------
# The child runs the probe in the student's process, so the student can write the reply itself (test_redteam's
# FORGE). Week 2's in-place rule read the record with zip(rebound, values): a record of NO steps checked
# nothing and passed -- the untouched stub scored all seven public in-place checks and their hidden twins,
# 14 / 100 of week 2. Defence: judge._whole_record (one entry per update call, one array per parameter).
@needs_bwrap
def test_a_forged_record_of_no_steps_earns_no_in_place_points(tmp_path):
    attack = stub(WEEK2, "optimizers") + REPLACE_PROBE + \
        '_replace_probe("optimizer_steps", {"values": [], "rebound": [], "grads_changed": []})\n'
    result = grade_one(tmp_path, WEEK2, "forger", {"optimizers": attack}, call_seconds=5, budget_seconds=60)
    in_place = scored(result, "in place")
    assert len(in_place) == 7, in_place          # one per optimizer
    assert not any(in_place.values()), f"a record of no steps earned in-place points: {in_place}"
    assert not grader_errors(result), grader_errors(result)[:3]


# The same in week 4's label rule (zip(items, said)): a reply of no labels named every lesson curve right -- the
# public check's 2 points with its twin. Defence: rule_labels wants one answer per curve asked about.
@needs_bwrap
def test_a_forged_reply_of_no_labels_names_no_curve(tmp_path):
    attack = stub(WEEK4, "diagnostics") + REPLACE_PROBE + '_replace_probe("diagnose", [])\n'
    modules = {m: stub(WEEK4, m) for m in ("initializers", "clipping", "training")}
    result = grade_one(tmp_path, WEEK4, "forger", {**modules, "diagnostics": attack}, call_seconds=5,
                       budget_seconds=60)
    diagnosed = scored(result, "diagnose_loss_curve")
    assert diagnosed and not any(diagnosed.values()), f"a reply of no labels earned points: {diagnosed}"
    assert not grader_errors(result), grader_errors(result)[:3]


# --- R7-2. a results.json of an earlier hand-in is imported as the grade of the new one --------------------------
# A re-grade killed (SIGKILL, a reboot) before it reached a student whose hand-in changed -- collected again with
# `nbgrader collect --update` -- leaves that student's earlier results.json in graded/WEEK; so does forgetting to
# grade after the collect. `autograder gradebook` imported it as the new hand-in's grade, under the new hand-in's
# timestamp (the late policy judged the new time, the points were the old files'), exit 0; `autograder feedback`
# wrote his page again from it. Defence: regrade.handin_changed, checked by nbgrader_bridge.import_grades and
# feedback_page: that student is neither imported nor given a page, and the instructor is told why.
def test_a_result_of_an_earlier_hand_in_is_not_imported_as_the_new_ones(tmp_path):
    from autograder.nbgrader_bridge import PartialImport, import_grades, write_feedback
    from test_discovery import CORRECT, WEEK, hand_in
    course = tmp_path / "course"
    for student in ("ann", "bruno"):
        hand_in(course / "submitted" / student / WEEK.name)
    out = course / "graded" / WEEK.name
    first = grade(WEEK, [course / "submitted"], out, show_progress=False)
    assert first["bruno"]["score"] == first["bruno"]["max_score"] > 0
    import_grades(WEEK, out, course, log=lambda *a: None)
    assert len(write_feedback(WEEK, out, course)) == 2
    # bruno hands in again (collect --update): his new file raises everywhere; the re-grade is killed before him
    (course / "submitted" / "bruno" / WEEK.name / "toy.py").write_text(
        CORRECT.replace('"""Elementwise a + b as float64."""', '"""x"""\n    raise ValueError("new")'))
    with pytest.raises(PartialImport) as caught:
        import_grades(WEEK, out, course, log=lambda *a: None)
    assert set(caught.value.totals) == {"ann"}, caught.value.totals
    assert "earlier hand-in" in caught.value.failures["bruno"], caught.value.failures
    # nor is his page written again from it: the gradebook still holds the earlier import, which agrees with it
    with pytest.raises(PartialImport) as caught:
        write_feedback(WEEK, out, course)
    assert "earlier hand-in" in caught.value.failures["bruno"] and len(caught.value.totals) == 1
    again = grade(WEEK, [course / "submitted"], out, show_progress=False)   # the fix it names: grade again
    assert again.kept == 1 and again["bruno"]["score"] < again["bruno"]["max_score"]
    assert set(import_grades(WEEK, out, course, log=lambda *a: None)) == {"ann", "bruno"}


# --- R7-3. a collect killed half way left a half-made hand-in that every later collect kept -----------------------
# SafeCollect copied a record straight into submitted/<student>/<week>. Killed (SIGKILL, a reboot) after the first
# file, it left that folder with optimizers.py and no notebook, no timestamp.txt; nbgrader's next `collect` sees the
# folder and skips the student ("already collected"), so the hand-in was graded without its notebook -- 0 for the
# questions, and never late. Defence: nbgrader_exchange.SafeCollect.do_copy copies into a hidden folder beside it
# and renames it into place when complete.
KILLED_AFTER_ONE_FILE = """
import os, signal, sys
from nbgrader.apps import NbGraderApp
utime = os.utime

def utime_then_die(path, *args, **kwargs):       # SafeCollect sets each copied file's times: the first one done
    utime(path, *args, **kwargs)
    if "submitted" in str(path):
        os.kill(os.getpid(), signal.SIGKILL)
os.utime = utime_then_die
sys.argv = ["nbgrader", "collect", sys.argv[1]]
NbGraderApp.launch_instance()
"""


def test_a_collect_killed_half_way_leaves_no_half_made_hand_in(tmp_path):
    import subprocess
    import sys

    from autograder.weeks import WEEKS
    from test_redteam5 import _nbgrader_env, collect, honest, inbound_course
    week = WEEKS[WEEK2]
    name, files = honest("ada", 1, week)
    course = inbound_course(tmp_path, week, {name: {**files, week.notebook.encode(): b"{}"}})
    killed = subprocess.run([sys.executable, "-c", KILLED_AFTER_ONE_FILE, week.name], cwd=course.course_dir,
                            env=_nbgrader_env(course), capture_output=True, text=True)
    assert killed.returncode == -9, killed.stderr[-2000:]            # it died while copying
    proc = collect(course, week)                                      # the instructor runs it again
    hand_in = course.course_dir / "submitted" / "ada" / week.name
    assert sorted(p.name for p in hand_in.iterdir()) == sorted(["optimizers.py", week.notebook, "timestamp.txt"]), \
        proc.stderr[-2000:]
    assert sorted(p.name for p in hand_in.parent.iterdir()) == [week.name]     # nothing left of the cut copy


# --- R7-4. `autograder report --csv` cut short left a cut-short LMS file in place of the whole one ----------------
# lms_csv (and similarity.csv) opened the file for writing -- emptying it -- and then wrote the rows: a report
# killed or interrupted (Ctrl-C, SIGKILL, a full disk) between the two left the header and part of the class, and
# the previous complete file was gone; uploaded, the students past the cut have no grade. Defence: both are built
# in memory and written with results.write_atomic (a file beside it, renamed over it).
def test_a_report_cut_short_keeps_the_previous_lms_file_whole(tmp_path, monkeypatch):
    from autograder.feedback import report
    results = {f"s{i:02d}": {"score": float(i), "max_score": 40.0, "tests": [], "extra_data": {}} for i in range(40)}
    path = report.lms_csv(results, tmp_path / "lms.csv")
    whole = path.read_text(encoding="utf-8")
    assert whole.count("\n") == 42                      # the header, the maxima, 40 students

    class CutShort:                                     # the rows never all arrive (killed, interrupted)
        def __init__(self, real):
            self.real = real

        def writerow(self, row):
            self.real.writerow(row)

        def writerows(self, rows):
            raise KeyboardInterrupt

    real_writer = report.csv.writer
    monkeypatch.setattr(report.csv, "writer", lambda fh, *a, **k: CutShort(real_writer(fh, *a, **k)))
    with pytest.raises(KeyboardInterrupt):
        report.lms_csv(results, path)
    assert path.read_text(encoding="utf-8") == whole, "the LMS file was left cut short"
