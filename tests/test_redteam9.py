"""Red team, round 9 (branch redteam9): what would hurt a real course -- the class of 2,000 and its ids, the
instructor who mistypes a week or runs in the wrong folder, a re-grade not imported yet -- against current main
(REDTEAM.md, "Round 9", says how each attack worked and what it did).

Each test is an attack that worked when it was written; the comment above it says what it found, and the test now
guards the defence (each fails with its defence removed: REDTEAM.md names the defence).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from autograder.engine.runner import grade
from autograder.weeks import WEEKS
from test_redteam import needs_bwrap, submission

WEEK3 = "week3_schedules"


# --- R9-1. a long student id's result went into a classmate's folder ------------------------------------------
# Names are cut to 100 characters and made unique with "-2", "-3" (discover, own_names); then the grading worker
# made the name safe AGAIN (submissions.from_folder -> safe_name), which cut "<100 chars>-2" back to "<100 chars>":
# three students whose ids share their first 100 characters were all graded into the first one's folder (the
# last one written won: a classmate's grade under the first student's name), and the other two were "worker
# exited with 0: not graded", exit 3 -- whose re-grade command did the same again. Defence: submissions.load keeps
# the Locator's name.
@needs_bwrap
def test_ids_that_share_their_first_100_characters_keep_their_own_results(tmp_path):
    from test_discovery import CORRECT, WEEK, hand_in
    ids = {"L" * 100 + "A": CORRECT, "L" * 100 + "B": "def broken(:\n", "L" * 250: "raise SystemExit(3)\n"}
    for student, source in ids.items():
        hand_in(tmp_path / "submitted" / student / WEEK.name, source)
    out = tmp_path / "out"
    results = grade(WEEK, [tmp_path / "submitted"], out, show_progress=False)
    assert not results.not_graded, results.not_graded
    assert len(results) == 3
    origins = {}
    for name in results:
        result = json.loads((out / name / "results.json").read_text())
        assert result["extra_data"]["submission"] == name
        origins[Path(result["extra_data"]["origin"]).parent.name] = result["score"]
    assert set(origins) == set(ids), "a student's result was written under a classmate's name"
    assert origins["L" * 100 + "A"] > max(origins["L" * 100 + "B"], origins["L" * 250]), origins


# --- R9-2. student ids printed raw by `feedback` and `gradebook` ----------------------------------------------
# A student id comes from outside (an LMS's file name through zip_collect, a JupyterHub name): `autograder feedback`
# printed every page's path, id included, as it was (an OSC sequence retitled the instructor's terminal, a newline
# split the line), and `autograder gradebook` printed why a student was not imported (R7-2's message quotes the
# hand-in's path) raw too. Defence: cli.cmd_feedback / cmd_gradebook print through safetext.clean.
def test_feedback_and_gradebook_never_print_a_student_id_raw(monkeypatch, capsys):
    from autograder import cli, nbgrader_bridge
    from autograder.engine import results
    hostile = "x\x1b]0;pwned\x07y\nz"
    monkeypatch.setattr(nbgrader_bridge, "write_feedback",
                        lambda *a: [Path("/course/feedback") / hostile / WEEK3 / f"{WEEK3}.html"])
    monkeypatch.setattr(nbgrader_bridge, "undeliverable", lambda *a: {})
    monkeypatch.setattr(results, "load_results", lambda *a: {})
    monkeypatch.setattr(cli, "_results_dir", lambda args, week: Path("/course/graded") / week.name)
    assert cli.main(["feedback", WEEK3]) == 0

    def partial(*a, **k):
        raise nbgrader_bridge.PartialImport({}, {"bob": f"its results.json was graded from /submitted/{hostile}/w"})
    monkeypatch.setattr(nbgrader_bridge, "import_grades", partial)
    monkeypatch.setattr(nbgrader_bridge, "gradebook_table", lambda *a: (["student"], []))
    assert cli.main(["gradebook", WEEK3]) == 1
    shown = capsys.readouterr()
    for text in (shown.out, shown.err):
        assert "\x1b" not in text and "\x07" not in text, text
    assert "y z" in shown.out and "y z" in shown.err


# --- R9-3. the LMS file from the gradebook stated grades the results no longer were -----------------------------
# `report --csv` builds the LMS file from the gradebook when the week is in it ("the one truth"): a student graded
# again after the last `autograder gradebook` (a grader fixed, a hand-in collected again) kept the gradebook's earlier
# total, "graded", and students graded but never imported (a class graded into another folder, or before its
# first import) were left out -- 88 for a hand-in now graded 0, or 11 rows for a class of 400, exit 0, while the
# class report beside it showed the new scores. (`feedback` refused the same students already.) Defence:
# report_command._not_imported: the LMS file is not written, each student is named with the command to run, exit 1.
@needs_bwrap
def test_the_lms_file_is_never_written_from_a_gradebook_that_lacks_the_results(tmp_path, capsys):
    from autograder.feedback.report_command import report
    from autograder.nbgrader_bridge import import_grades
    course = tmp_path / "course"
    for student in ("alice", "bob"):
        submission(course / "submitted" / student / WEEK3, WEEK3)
    out = course / "graded" / WEEK3
    grade(WEEKS[WEEK3], [course / "submitted"], out, show_progress=False)
    import_grades(WEEKS[WEEK3], out, course, log=lambda *a: None)
    assert report(WEEK3, out, csv_path=True, course_dir=course) == 0       # imported: the file is written
    (out / "lms.csv").unlink()
    stub = (WEEKS[WEEK3].template_dir / "schedules.py").read_text()
    (course / "submitted" / "bob" / WEEK3 / "schedules.py").write_text(stub)
    grade(WEEKS[WEEK3], [course / "submitted" / "bob" / WEEK3], out, show_progress=False)   # not imported yet
    capsys.readouterr()
    assert report(WEEK3, out, csv_path=True, course_dir=course) == 1
    assert not (out / "lms.csv").exists(), "an LMS file with bob's earlier total was written"
    err = capsys.readouterr().err
    assert "bob: graded again since the last import" in err and "autograder gradebook" in err, err
    assert "alice" not in err


# --- R9-4. another week's results imported as this week's grades ---------------------------------------------
# `autograder gradebook week2_optimizers graded/week3_schedules` (a mistyped WEEK): import_grades first added every
# problem the results name as a grade cell of week 2's notebook (its maximum became 188), then imported each
# student's week-3 points as their week-2 grade -- exit 0 when the hand-ins were no longer where they were graded
# from (an LMS download since deleted), else refused per student with "graded from an earlier hand-in ... has
# changed since" (untrue) after the cells were added. Defence: nbgrader_bridge.problem_points refuses results that
# name problems the week's graders do not have, before the gradebook is opened.
def test_results_of_another_week_are_never_imported(tmp_path):
    from autograder.nbgrader_bridge import BridgeError, import_grades
    from test_discovery import WEEK, hand_in
    course = tmp_path / "course"
    hand_in(course / "submitted" / "ann" / WEEK.name)
    out = course / "graded" / WEEK.name
    grade(WEEK, [course / "submitted"], out, show_progress=False)
    with pytest.raises(BridgeError, match="not graded by week3_schedules's graders"):
        import_grades(WEEKS[WEEK3], out, course, log=lambda *a: None)
    assert not (course / "gradebook.db").exists(), "the gradebook was changed before the refusal"


def test_a_report_of_another_weeks_results_is_refused(tmp_path, capsys):
    """R9-4's left-alone half (REDTEAM.md, "Round 9: noticed"): `report WEEK` of another week's results, with no
    gradebook, wrote that week's class report and LMS file under WEEK's name, exit 0. Now refused, nothing written."""
    from autograder.feedback.report_command import report
    from test_discovery import WEEK, hand_in
    hand_in(tmp_path / "submitted" / "ann" / WEEK.name)
    out = tmp_path / "graded"
    grade(WEEK, [tmp_path / "submitted"], out, show_progress=False)
    assert report(WEEK3, out, csv_path=True) == 2
    assert "not graded by week3_schedules's graders" in capsys.readouterr().err
    assert not (out / "report.html").exists() and not (out / "lms.csv").exists(), "a report was written"


# --- R9-5. $AUTOGRADER_COURSE from another course overrode the folder the instructor was in --------------------
# The variable wins over the current folder (docs), so a shell profile's AUTOGRADER_COURSE of another course (last
# year's, a colleague's) made every command in this course's folder use that course's graders, results folder and
# gradebook.db -- `autograder gradebook` imported that course's results into that course's gradebook, exit 0; only
# the paths printed said so. Defence: cli.main refuses when the variable and the folder name different courses
# (weeks.conflicting_course), unless --course says which.
def test_a_course_variable_naming_another_course_than_the_folder_is_refused(tmp_path, monkeypatch, capsys):
    from autograder import cli
    for name in ("last_year", "this_year"):
        for part in ("solutions", "assignments", "graders"):
            (tmp_path / name / part).mkdir(parents=True)
        (tmp_path / name / "nbgrader_config.py").write_text("")
    monkeypatch.setenv("AUTOGRADER_COURSE", str(tmp_path / "last_year"))
    monkeypatch.chdir(tmp_path / "this_year")
    assert cli.main(["report", WEEK3]) == 2
    err = capsys.readouterr().err
    assert "but the current folder is in the course" in err and str(tmp_path / "this_year") in err, err
    monkeypatch.chdir(tmp_path / "last_year")                  # the same course: no question
    cli.main(["report", WEEK3])
    assert "but the current folder" not in capsys.readouterr().err


# --- R9-6. the gradebook, the feedback pages and the report read a class still being graded -------------------
# Nothing kept `autograder gradebook`, `feedback` or `report` out of a results folder a `grade` was writing into
# (a class graded overnight, formgrader's Autograde, a colleague's re-grade): `report --csv` during a run of 400
# wrote an LMS file of the 30 graded so far, "the autograder's scores", exit 0; the import took the same 30 (or,
# in a folder graded before, the earlier graders' results of the students not reached yet) as the class. Defence:
# runner.grading_now (the run's OUT/.grading.lock, R8-2, is held) is checked by nbgrader_bridge.load_results
# (gradebook, feedback) and report_command.report, which refuse and write nothing.
def test_nothing_reads_a_results_folder_a_grade_is_writing_into(tmp_path, capsys):
    import fcntl
    from autograder.engine.runner import LOCK
    from autograder.feedback.report_command import report
    from autograder.nbgrader_bridge import BridgeError, import_grades, write_feedback
    from test_discovery import WEEK, hand_in
    course = tmp_path / "course"
    hand_in(course / "submitted" / "ann" / WEEK.name)
    out = course / "graded" / WEEK.name
    grade(WEEK, [course / "submitted"], out, show_progress=False)
    with open(out / LOCK, "a") as running:          # what a `grade` into `out` holds while it runs
        fcntl.flock(running, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert report(WEEK.name, out, csv_path=True) == 1
        assert "is writing into" in capsys.readouterr().err
        assert not (out / "lms.csv").exists() and not (out / "report.html").exists()
        with pytest.raises(BridgeError, match="is writing into"):
            import_grades(WEEK, out, course, log=lambda *a: None)
        with pytest.raises(BridgeError, match="is writing into"):
            write_feedback(WEEK, out, course)
        assert not (course / "gradebook.db").exists()
    assert report(WEEK.name, out, csv_path=True) == 0 and (out / "lms.csv").exists()    # the run has ended


# --- R9-7. the public checks passed a module that grading cannot import ---------------------------------------
# The kit names a top-level import grading does not provide (matplotlib left in a module), but counted every
# given module of the release as provided; grading's sandbox has only the ones the probes use
# (week.sandbox_given: none in week 3). `from plotting import plot_schedule` (or `import datasets`, `network`,
# `experiments`, `momentum_sgd`) at the top of schedules.py, the student's own helpers for the notebook: "Public
# checks: 8 of 8 passed, 29 / 29", nothing said; grading: "No module named 'plotting'", every code test 0 -- 0 / 100
# for a correct module. Defence: checks.json's "sandbox_given" (kit/build.py), which the released runner uses.
@pytest.mark.parametrize("week", sorted(WEEKS))
def test_the_public_checks_name_a_given_module_grading_does_not_have(week, tmp_path):
    import shutil
    import subprocess
    w = WEEKS[week]
    folder = tmp_path / week
    shutil.copytree(w.template_dir, folder, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    absent = sorted(set(w.given) - set(w.sandbox_given))
    assert absent, "every week releases plotting, which no probe uses"
    module = w.modules[0]
    lines = (w.solution_dir / f"{module}.py").read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("from __future__")) + 1
    extra = [f"import {g}" for g in (*absent, *w.sandbox_given)]
    (folder / f"{module}.py").write_text("\n".join([*lines[:at], *extra, *lines[at:]]) + "\n")
    proc = subprocess.run([sys.executable, "-m", "public_checks"], cwd=folder, capture_output=True, text=True,
                          timeout=300, env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"})
    out = proc.stdout + proc.stderr
    hand_in = next((line for line in out.splitlines() if line.startswith("Hand-in:")), "")
    assert f"{module}.py imports {', '.join(absent)} at its top level" in hand_in, out[-3000:]
    for ok in w.sandbox_given:                  # what the sandbox has is not named
        assert ok not in hand_in.split("at its top level")[0].split("imports", 1)[1], hand_in


# --- R9-8. a mistyped time limit graded correct work as the students' failure ---------------------------------
# `grade --budget 0` (or 0.5: a unit mistaken) gave the reference 0 / 100, every test "this submission used up its
# grading time", exit 0; `--call-timeout nan` failed every test as "bad-output ... the reply was made some other way
# (written on the grader's channel ...)" -- an accusation of forging, exit 0; a negative call timeout turned the
# bound off. Defence: cli._seconds refuses a limit that is not a finite number of at least MIN_CALL_TIMEOUT /
# MIN_BUDGET seconds: a usage error (exit 2), nothing graded.
@pytest.mark.parametrize("option", [("--budget", "0"), ("--budget", "0.5"), ("--call-timeout", "nan"),
                                    ("--call-timeout", "-5"), ("--call-timeout", "0"), ("--budget", "inf")])
def test_a_time_limit_that_fails_correct_work_is_a_usage_error(option, tmp_path, capsys):
    from autograder import cli
    with pytest.raises(SystemExit) as stopped:
        cli.main(["grade", WEEK3, str(tmp_path), "--out", str(tmp_path / "out"), *option])
    assert stopped.value.code == 2
    assert "give at least" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    args = cli.build_parser().parse_args(["grade", WEEK3, str(tmp_path), "--budget", "10", "--call-timeout", "1"])
    assert (args.budget, args.call_timeout) == (10.0, 1.0)
