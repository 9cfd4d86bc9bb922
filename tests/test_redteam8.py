"""Red team, round 8 (branch redteam8): hostile students, and careless or unlucky instructors, against current main
(REDTEAM.md, "Round 8", says how each attack worked and what it did).

Each test is an attack that worked when it was written; the comment above it says what it found, and the test now
guards the defence (each fails with its defence removed: REDTEAM.md names the defence).
"""
from __future__ import annotations

import fcntl
import shutil
from dataclasses import replace

import pytest

from autograder.engine.runner import LOCK, ResultsFolderError, grade
from autograder.weeks import WEEKS
from test_redteam import needs_bwrap, submission

WEEK3 = "week3_schedules"


def week3_class(tmp_path, names=("alice", "bob", "carol")):
    """nbgrader's submitted/<student>/<week> layout, each the reference's modules and the answered notebook."""
    for name in names:
        submission(tmp_path / "submitted" / name / WEEK3, WEEK3)
    return tmp_path / "submitted"


def graders_without(tmp_path, week, lost: str):
    """``week`` graded by a copy of its graders that lost the file ``lost`` on the way (a careless copy)."""
    graders = tmp_path / "graders"
    shutil.copytree(week.grader_dir, graders / week.name, ignore=shutil.ignore_patterns(lost, "__pycache__"))
    return replace(week, graders_root=str(graders))


# --- R8-1. a results folder that cannot take the results ------------------------------------------------------
# A results.json that could not be written (a full disk; here a folder in its place) made the worker say ERROR,
# and the runner's own engine-failure result for it failed to write too: an OSError traceback, exit 1 ("bad
# input ... nothing was graded"), the students after it never graded and grades.csv not written (the one there,
# from an earlier run, still listed the earlier scores). Defence: runner.engine_failure goes on without its
# file, ClassResults.unwritten, `grade` exits 3 naming them.
@needs_bwrap
def test_a_result_that_cannot_be_written_costs_that_student_alone(tmp_path):
    out = tmp_path / "out"
    (out / "bob" / "results.json" / "x").mkdir(parents=True)       # no results.json can be put there
    results = grade(WEEKS[WEEK3], [week3_class(tmp_path)], out, show_progress=False)
    assert set(results.not_graded) == {"bob"}, results.not_graded
    assert "could not be written" in results.not_graded["bob"]
    assert results.rows["alice"]["score"] == results.rows["carol"]["score"] == 100
    assert "bob" in (out / "grades.csv").read_text()


# A results folder that is a file (a mistyped --out) was found only after the class had been discovered, as a
# FileExistsError traceback. Defence: _only_run_into says so before anything is graded.
def test_a_results_folder_that_is_a_file_is_refused_before_grading(tmp_path):
    out = tmp_path / "grades.csv"
    out.write_text("the instructor's file\n")
    with pytest.raises(ResultsFolderError, match="is a file, not a folder"):
        grade(WEEKS[WEEK3], [week3_class(tmp_path, ("alice",))], out, show_progress=False)
    assert out.read_text() == "the instructor's file\n"


# --- R8-2. two `grade` runs into one results folder -----------------------------------------------------------
# Nothing kept a second `grade` (or formgrader's Autograde) out of a folder a first one was writing into: the
# second's start-up removes every `.results.json.*.tmp` it finds (left by a killed run), which deletes the first
# run's results being written -- its worker's os.replace fails, and that student gets an engine failure written
# over the good result the second run wrote; and the last grades.csv written lists only its own run's view.
# Defence: runner._only_run_into holds an exclusive lock on OUT/.grading.lock for the run; a second run is
# refused, naming the folder.
def test_a_second_grade_into_the_same_folder_is_refused_while_the_first_runs(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "alice").mkdir()
    theirs = out / "alice" / ".results.json.4242.tmp"        # the first run's result, being written
    theirs.write_text("{}")
    with open(out / LOCK, "a") as first_run:
        fcntl.flock(first_run, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(ResultsFolderError, match="another `autograder grade` is writing into"):
            grade(WEEKS[WEEK3], [week3_class(tmp_path, ("alice",))], out, show_progress=False)
    assert theirs.exists(), "the second run removed the first run's result being written"


# --- R8-3. a probe the week's probes.py does not define -------------------------------------------------------
# The child looks a probe up by name and, when probes.py lacks it, raises LookupError inside the student's process,
# which reported it like any exception of the student's code: a grader calling a probe that was renamed or
# mistyped, or a grader folder without probes.py (a careless copy), took the test's points from every student --
# the reference solution scored 12 / 100 in week 3 -- as "LookupError: no probe named 'schedule_values'", tagged
# `exception`, exit 0. Defence: sandbox.Session refuses a probe name the zygote did not load (UnknownProbe, a
# grader error: the submission is "not graded", exit 3).
@needs_bwrap
def test_a_probe_the_week_does_not_define_is_the_graders_error_never_the_students(tmp_path):
    week = graders_without(tmp_path, WEEKS[WEEK3], "probes.py")
    results = grade(week, [week3_class(tmp_path, ("alice",))], tmp_path / "out", show_progress=False)
    result = results["alice"]
    lost = [t for t in result["tests"] if t["score"] < t["max_score"]]
    assert lost and all("grader-error" in t["tags"] for t in lost), \
        [(t["name"], t["tags"], t["output"][:80]) for t in lost if "grader-error" not in t["tags"]][:3]
    assert "alice" in results.not_graded


# --- R8-4. `autograder gradebook` imported results that say "not graded" -----------------------------------------
# `grade` exits 3 and names the submissions whose result is not a grade (the engine failed, or a grader broke on
# a test: R8-3's missing probe, a grader bug), but the instructor who goes on to `autograder gradebook` (or grades,
# gets exit 3, and imports the next morning) got every one of them imported as that student's grade -- here the
# toy week's 2 question points of 12, the probed tests' zeros counted as lost work -- exit 0, then nbgrader
# export and the LMS file. Defence: nbgrader_bridge.import_grades leaves out a result results.not_graded names
# (PartialImport, exit 1, the student named with why).
def test_a_result_that_is_not_a_grade_is_never_imported_as_one(tmp_path):
    from autograder.nbgrader_bridge import PartialImport, import_grades
    from test_discovery import WEEK, hand_in
    course = tmp_path / "course"
    for student in ("ann", "bruno"):
        hand_in(course / "submitted" / student / WEEK.name)
    out = course / "graded" / WEEK.name
    assert set(grade(WEEK, [course / "submitted"], out, show_progress=False)) == {"ann", "bruno"}
    broken = graders_without(tmp_path, WEEK, "probes.py")      # probes.py lost on the way (R8-3)
    again = grade(broken, [course / "submitted" / "bruno" / WEEK.name], out, show_progress=False)
    assert "bruno" in again.not_graded, again.not_graded
    with pytest.raises(PartialImport) as caught:
        import_grades(WEEK, out, course, log=lambda *a: None)
    assert set(caught.value.totals) == {"ann"}, caught.value.totals
    assert "grader error" in caught.value.failures["bruno"], caught.value.failures


# --- R8-5. the reference solution's failure was blamed on the student -----------------------------------------
# A grader runs the reference in a session of its own; whatever ends a reference call without an answer -- its
# 120 s call bound on a loaded machine, the kernel's OOM killer, a reference bug -- was raised as the same
# StudentError a student's code gets, and recorded as the STUDENT's: "the process running the code ended ...
# Grading code must return, not exit", the test's points lost, no grader-error tag, exit 0. Week 4 made it last:
# `cached_run` keeps a StudentError of the reference's main run for the worker's life, so every later student lost
# the tests that read it. (Here the reference's Acc.push ends its process, as an OOM kill would.) Defence:
# sandbox.Session(trusted=True) turns any StudentError of the reference into an EngineError: "not graded".
@needs_bwrap
def test_a_reference_that_fails_is_never_the_students_failure(tmp_path):
    from test_discovery import WEEK, hand_in
    solutions = tmp_path / "solutions" / WEEK.name
    shutil.copytree(WEEK.solution_dir, solutions)
    toy = solutions / "toy.py"
    toy.write_text(toy.read_text().replace("        self.total += x\n", "        import os; os._exit(9)\n"))
    week = replace(WEEK, solutions_root=str(tmp_path / "solutions"))
    results = grade(week, [hand_in(tmp_path / "submitted" / "ann" / WEEK.name)], tmp_path / "out",
                    show_progress=False)
    (acc,) = [t for t in results["ann"]["tests"] if "running total" in t["name"]]
    assert acc["score"] == 0 and "engine-error" in acc["tags"], (acc["tags"], acc["output"][:120])
    assert "ann" in results.not_graded


# --- R8-6. a grader file lost on the way graded the week out of fewer points ----------------------------------
# "Every week sums to 100" was a check of course CI alone. A copy of the graders that lost a test file (here
# week 3's test_cosine.py, 10 points) graded every submission out of 90: the reference 90 / 90, exit 0 -- a full
# mark on a scale nobody chose, and the students' cosine work never judged. Defence: Week.total_points (100 for a
# week declared by week.toml) is checked by the grading plugin before any submission; a worker that refuses
# makes the run "not graded", exit 3.
@needs_bwrap
def test_graders_that_do_not_sum_to_the_weeks_points_grade_nobody(tmp_path):
    week = graders_without(tmp_path, WEEKS[WEEK3], "test_cosine.py")
    results = grade(week, [week3_class(tmp_path, ("alice",))], tmp_path / "out", show_progress=False)
    assert "alice" in results.not_graded, results.rows["alice"]
    assert "give 90 points, not the week's 100" in results.not_graded["alice"]


# The same results in `autograder report --csv` (the LMS file without a gradebook): the status column said
# "graded" beside a total that a grader error made (engine errors alone were said). Defence: report._status.
@needs_bwrap
def test_the_lms_file_never_says_graded_beside_a_grader_error(tmp_path):
    from autograder.feedback.report import lms_csv
    week = graders_without(tmp_path, WEEKS[WEEK3], "probes.py")
    results = grade(week, [week3_class(tmp_path, ("alice",))], tmp_path / "out", show_progress=False)
    rows = (lms_csv(dict(results), tmp_path / "lms.csv")).read_text().splitlines()
    (alice,) = [r for r in rows if r.startswith("alice,")]
    assert alice.endswith("not graded"), alice


# --- R8-7. a gradebook that cannot be opened -------------------------------------------------------------------
# `autograder gradebook` on a course folder mounted read-only (or a full disk; here gradebook.db is a folder, the
# same sqlite error without a mount): a 40-line SQLAlchemy traceback, "unable to open database file" naming no
# file, exit 1 -- which --help reads as "no results, or some students were not imported". Defence:
# import_grades raises BridgeError naming gradebook.db, which the command prints (exit 1, nothing imported).
def test_a_gradebook_that_cannot_be_opened_is_named(tmp_path):
    from autograder.nbgrader_bridge import BridgeError, import_grades
    from test_discovery import WEEK, hand_in
    course = tmp_path / "course"
    hand_in(course / "submitted" / "ann" / WEEK.name)
    out = course / "graded" / WEEK.name
    grade(WEEK, [course / "submitted"], out, show_progress=False)
    (course / "gradebook.db").mkdir()
    with pytest.raises(BridgeError, match="gradebook.db cannot be opened"):
        import_grades(WEEK, out, course, log=lambda *a: None)


# --- R8-8. `autograder feedback` wrote a page of a result that is not a grade ------------------------------------
# After R8-4 the gradebook never imports a result whose tests a grader or the engine broke on, but `feedback` still
# wrote the student's page from it whenever its total equalled the imported one: a grader that broke on a test the
# student had failed anyway (the same points lost) gave a page of "your code failed" verdicts that were the
# grader's, exit 0. Defence: nbgrader_bridge.feedback_page refuses it (results.not_graded), naming what to run.
def test_no_feedback_page_is_written_of_a_result_that_is_not_a_grade(tmp_path):
    import json
    from autograder.engine.results import GRADER_ERROR
    from autograder.nbgrader_bridge import PartialImport, import_grades, write_feedback
    from test_discovery import WEEK, hand_in
    course = tmp_path / "course"
    for student in ("ann", "bruno"):
        hand_in(course / "submitted" / student / WEEK.name)
    out = course / "graded" / WEEK.name
    grade(WEEK, [course / "submitted"], out, show_progress=False)
    import_grades(WEEK, out, course, log=lambda *a: None)
    # bruno's re-grade: a grader broke on one of his tests, his total unchanged (the points were lost either way)
    path = next(p for p in out.rglob("results.json") if "bruno" in str(p))
    result = json.loads(path.read_text())
    result["tests"][0]["tags"] = [*result["tests"][0].get("tags", []), GRADER_ERROR]
    path.write_text(json.dumps(result))
    with pytest.raises(PartialImport) as caught:
        write_feedback(WEEK, out, course)
    assert set(caught.value.failures) == {"bruno"}, caught.value.failures
    assert "grader error" in caught.value.failures["bruno"], caught.value.failures
