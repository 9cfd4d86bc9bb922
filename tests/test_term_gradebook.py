"""A week of a real term through nbgrader's gradebook: lateness, manual scores, the roster, autograded/.

One course with nbgrader's real local exchange (autograder/demo.py's steps): a due date set with
``nbgrader db assignment add --duedate``, the course's late policy ``LateSubmissionPlugin.penalty_method =
"zero"`` in its nbgrader_config.py, three students who submit after the due date -- ``ada`` (reference) and
``bob`` (stubs) get an extension, ``lou`` (reference) does not -- and ``nia``, on the roster
(``nbgrader db student add``), who hands in nothing. Course staff set a score, extra credit and a comment
for ``bob`` the way formgrader stores them. Every file that shows a grade must then agree with
``nbgrader export``, and say why a grade is not the autograder's total.
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from autograder import demo, nbgrader_bridge as bridge
from autograder.feedback.report_command import report
from autograder.final_scores import final_grades
from autograder.selftest import build_case
from autograder.weeks import get_week
from nbgrader_course import gradebook

WEEK = get_week("week2_optimizers")
ZERO_POLICY = 'c.LateSubmissionPlugin.penalty_method = "zero"\n'


def _csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _export(course) -> dict[str, dict]:
    return {r["student_id"]: r for r in demo.export(course) if r["assignment"] == WEEK.name}


def _set_by_staff(course_dir: Path, student: str, *, manual: dict | None = None, extra: dict | None = None,
                  comments: dict | None = None) -> None:
    """What formgrader's grade and comment fields store (its API sets these columns)."""
    with gradebook(course_dir) as gb:
        for problem, value in (manual or {}).items():
            gb.find_grade(problem, WEEK.name, WEEK.name, student).manual_score = value
        for problem, value in (extra or {}).items():
            gb.find_grade(problem, WEEK.name, WEEK.name, student).extra_credit = value
        for cell, text in (comments or {}).items():
            gb.find_comment(cell, WEEK.name, WEEK.name, student).manual_comment = text
        gb.db.commit()


def _reference_into(folder: Path, scratch: Path) -> None:
    """The reference solutions and answers (autograder.selftest.build_case) copied over a student's folder."""
    if not scratch.exists():
        build_case(WEEK, scratch, {})
    for path in scratch.iterdir():
        shutil.copyfile(path, folder / path.name)


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    root = tmp_path_factory.mktemp("term")
    due = datetime.now(timezone.utc) - timedelta(hours=2)      # every hand-in is 2 h and some seconds late
    course = demo.make_course(root, [WEEK])
    cdir = course.course_dir
    bridge.write_course_config(cdir, course.course_id, course.exchange, extra=ZERO_POLICY)
    demo.generate(course, WEEK)
    demo.release(course, WEEK)
    for student in ("ada", "lou", "bob"):
        folder = demo.fetch(course, student, WEEK)
        if student != "bob":
            _reference_into(folder, root / "reference")      # bob keeps the stubs
        demo.submit(course, student, WEEK)
    demo.nbgrader(course, ["db", "assignment", "add", WEEK.name, f"--duedate={due:%Y-%m-%d %H:%M:%S} UTC"])
    demo.nbgrader(course, ["db", "student", "add", "nia", "--lms-user-id=4711"])
    demo.collect(course, WEEK)
    out = bridge.results_dir(cdir, WEEK)
    results = demo.grade(course, WEEK, out)
    first = demo.gradebook(course, WEEK, out)          # everyone is late: the policy gives each 0
    first_finals = final_grades(WEEK, cdir)
    # the documented way to grant an extension: nbgrader's Gradebook.grant_extension, then import again
    with gradebook(cdir) as gb:
        gb.grant_extension(WEEK.name, "ada", days=1)
        gb.grant_extension(WEEK.name, "bob", days=1)
    _set_by_staff(cdir, "bob", manual={"sgd": 5.0}, extra={"adam": 1.5},
                  comments={"sgd": "Your SGD was right in the notebook: full marks by hand."})
    demo.gradebook(course, WEEK, out)
    demo.feedback(course, WEEK, out)
    assert report(WEEK.name, out, csv_path=True, course_dir=cdir) == 0
    return SimpleNamespace(course=course, cdir=cdir, out=out, results=results, first=first,
                           first_finals=first_finals, top=results["ada"]["max_score"], export=_export(course))


def _page(term, student: str) -> str:
    return (term.cdir / "feedback" / student / WEEK.name / f"{WEEK.name}.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- lateness (issue 13, item 4)

def test_the_late_policy_of_the_course_sets_the_penalty_and_an_extension_lifts_it(term):
    top = term.top
    assert term.results["lou"]["score"] == top and term.results["ada"]["score"] == top
    # first import: all three are late; "zero" takes everything
    assert {s: (f.late, f.penalty, f.score) for s, f in term.first_finals.items() if f.handed_in} == \
        {"ada": (True, top, 0.0), "lou": (True, top, 0.0), "bob": (True, 0.0, 0.0)}
    # after the extensions: ada is on time, lou is still 2 h late and gets 0; nbgrader export agrees
    finals = final_grades(WEEK, term.cdir)
    assert not finals["ada"].late and finals["ada"].score == top
    assert finals["lou"].late and 7000 < finals["lou"].seconds_late < 7400
    assert (finals["lou"].penalty, finals["lou"].score) == (top, 0.0)
    assert (float(term.export["lou"]["late_submission_penalty"]), float(term.export["lou"]["score"])) == (top, 0.0)
    assert float(term.export["ada"]["score"]) == top


def test_every_output_says_how_late_and_what_it_cost(term):
    grades = {r["submission"]: r for r in _csv(term.out / "grades.csv")}
    assert grades["lou"]["score"] == f"{term.top:g}"                 # what the autograder gave
    assert grades["lou"]["late"].startswith("2 h") and grades["lou"]["late_penalty"] == f"{term.top:g}"
    assert grades["lou"]["final_score"] == "0" and "late penalty" in grades["lou"]["gradebook_note"]
    assert grades["ada"]["late"] == "" and grades["ada"]["final_score"] == f"{term.top:g}"

    lms = {r["student"]: r for r in _csv(term.out / "lms.csv")}
    assert lms["lou"]["late"].startswith("2 h") and lms["lou"]["late_penalty"] == f"{term.top:g}"
    assert lms["lou"]["total"] == "0"

    page = _page(term, "lou")
    assert '<div class="big">0<small> / 100 points' in page
    assert "2 h" in page and "late policy takes off 100 points, so your grade is 0" in page
    assert "autograder: 100" in page                                  # what the work earned is still shown

    classroom = (term.out / "report.html").read_text(encoding="utf-8")
    section = classroom[classroom.index('id="gradebook"'):]
    assert "Late submissions" in section and ">lou<" in section and "2 h" in section

    header, rows = bridge.gradebook_table(term.cdir, WEEK)
    row = dict(zip(header, next(r for r in rows if r[0] == "lou")))
    assert row["late"].startswith("2 h") and row["penalty"] == f"{term.top:g}" and row["score"] == "0 / 100"


def test_a_custom_late_plugin_named_in_the_config_is_applied(term, tmp_path):
    """A plugin class in nbgrader_config.py (here: 10 points per started hour) replaces "zero"."""
    cdir = tmp_path / "course"
    shutil.copytree(term.cdir, cdir)
    bridge.write_course_config(cdir, term.course.course_id, term.course.exchange, extra=(
        "import math\n"
        "from nbgrader.plugins import LateSubmissionPlugin\n"
        "class TenPerHour(LateSubmissionPlugin):\n"
        "    def late_submission_penalty(self, student_id, score, total_seconds_late):\n"
        "        return 10.0 * math.ceil(total_seconds_late / 3600)\n"
        "c.AssignLatePenalties.plugin_class = TenPerHour\n"))
    bridge.import_grades(WEEK, cdir / "graded" / WEEK.name, cdir, log=lambda *a: None)
    finals = final_grades(WEEK, cdir)
    assert (finals["lou"].penalty, finals["lou"].score) == (30.0, term.top - 30.0)      # 2 h and a bit: 3 hours
    assert finals["ada"].penalty == 0.0


# ---------------------------------------------------------------------------- one truth (issue 13, item 5)

def test_staff_changes_reach_every_file_and_agree_with_nbgrader_export(term):
    finals = final_grades(WEEK, term.cdir)
    bob = finals["bob"]
    assert bob.auto_score == 0 and bob.raw_score == 6.5 and bob.score == 6.5
    grades = {r["submission"]: r for r in _csv(term.out / "grades.csv")}
    lms = {r["student"]: r for r in _csv(term.out / "lms.csv")}
    for student, row in term.export.items():
        assert float(lms[student]["total"]) == float(row["score"]), student
        if student in grades:
            assert float(grades[student]["final_score"]) == float(row["score"]), student
    assert lms["bob"]["sgd"] == "5" and lms["bob"]["adam"] == "1.5"
    assert "sgd: 5 set by course staff" in grades["bob"]["gradebook_note"]

    page = _page(term, "bob")
    assert '<div class="big">6.5<small> / 100 points' in page
    assert "Changed by course staff" in page and "the autograder gave 0" in page
    assert "Extra credit" in page and "+1.5" in page
    assert "Comments from course staff" in page and "full marks by hand" in page


def test_a_reimport_after_a_regrade_keeps_the_manual_scores(term, tmp_path):
    """bob hands in the reference late (collected again): the re-grade changes his autograder points,
    grades.csv says the gradebook is stale until the import, and the import keeps the staff's score,
    flagging it for review in formgrader."""
    cdir = tmp_path / "course"
    shutil.copytree(term.cdir, cdir)
    out = cdir / "graded" / WEEK.name
    _reference_into(cdir / "submitted" / "bob" / WEEK.name, tmp_path / "reference")
    proc = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", WEEK.name,
                           str(cdir / "submitted" / "bob" / WEEK.name), "--out", str(out)],
                          capture_output=True, text=True, env=term.course.env, cwd=cdir)
    assert proc.returncode == 0, proc.stderr[-2000:]
    grades = {r["submission"]: r for r in _csv(out / "grades.csv")}
    assert grades["bob"]["score"] == f"{term.top:g}" and grades["bob"]["final_score"] == ""
    assert "graded again" in grades["bob"]["gradebook_note"]
    assert grades["lou"]["final_score"] == "0"                     # the others keep their gradebook columns
    with pytest.raises(bridge.PartialImport, match="graded again since the last import"):
        bridge.write_feedback(WEEK, out, cdir)                      # a page would contradict the gradebook

    bridge.import_grades(WEEK, out, cdir, log=lambda *a: None)
    with gradebook(cdir) as gb:
        grade = gb.find_grade("sgd", WEEK.name, WEEK.name, "bob")
        assert (grade.manual_score, grade.auto_score, grade.needs_manual_grade) == (5.0, 8.0, True)
        assert gb.find_grade("adam", WEEK.name, WEEK.name, "bob").extra_credit == 1.5
    bob = final_grades(WEEK, cdir)["bob"]
    assert bob.score == term.top - 8.0 + 5.0 + 1.5
    assert float({r["submission"]: r for r in _csv(out / "grades.csv")}["bob"]["final_score"]) == bob.score


# ---------------------------------------------------------------------------- roster (issue 13, item 7)

def test_the_lms_csv_lists_the_whole_roster_with_maxima(term):
    rows = _csv(term.out / "lms.csv")
    assert rows[0]["student"] == "Points Possible" and rows[0]["total"] == f"{term.top:g}"
    assert rows[0]["sgd"] == "8" and rows[0]["adam"] == "14"
    assert "public_checks" not in rows[0]          # the notebook's 0-point cell of public checks is no problem
    students = {r["student"]: r for r in rows[1:]}
    assert set(students) == set(term.export) == {"ada", "bob", "lou", "nia"}
    assert (students["nia"]["total"], students["nia"]["status"], students["nia"]["lms_user_id"]) == \
        ("0", "no hand-in", "4711")
    assert students["ada"]["status"] == "graded"
    classroom = (term.out / "report.html").read_text(encoding="utf-8")
    assert "1 student(s) on the roster handed in nothing" in classroom and "nia" in classroom


# ---------------------------------------------------------------------------- autograded/ (issue 13, item 10)

def test_the_import_fills_autograded_as_nbgrader_would(term):
    for student in ("ada", "lou", "bob"):
        folder = term.cdir / "autograded" / student / WEEK.name
        submitted = term.cdir / "submitted" / student / WEEK.name
        assert (folder / "optimizers.py").read_bytes() == (submitted / "optimizers.py").read_bytes()
        for name in ("timestamp.txt", "submission_secret.txt"):
            assert (folder / name).read_bytes() == (submitted / name).read_bytes()
        assert json.loads((folder / bridge.RESULTS).read_text())["score"] == term.results[student]["score"]
        nb = json.loads((folder / WEEK.notebook).read_text())
        graded = [c["metadata"]["nbgrader"]["grade_id"] for c in nb["cells"]
                  if c["metadata"].get("nbgrader", {}).get("grade")]
        assert "sgd" in graded
        # the page release_feedback ships has the secret the student's fetch_feedback looks for
        feedback = term.cdir / "feedback" / student / WEEK.name
        assert (feedback / "submission_secret.txt").read_bytes() == (submitted / "submission_secret.txt").read_bytes()


def test_an_import_cut_short_is_not_read_as_final_grades(term, monkeypatch, capsys):
    """REDTEAM.md, "Round 9: noticed": a `gradebook` killed after its session, before every imported submission had
    its late penalty (a reboot), left on-time scores that `feedback` and `report` stated as final, exit 0. The import
    marks its run in the course folder until it ends; both refuse while the mark is there, and the next import
    ends it."""
    def killed(*args, **kwargs):
        raise KeyboardInterrupt        # what a kill between the session and the late policy leaves
    before = {s: (f.score, f.penalty) for s, f in final_grades(WEEK, term.cdir).items()}
    with monkeypatch.context() as m:
        m.setattr(bridge, "apply_late_policy", killed)
        with pytest.raises(KeyboardInterrupt):
            bridge.import_grades(WEEK, term.out, term.cdir, log=lambda *a: None)
    assert bridge.unfinished_import(WEEK, term.cdir)
    assert report(WEEK.name, term.out, csv_path=True, course_dir=term.cdir) == 1
    assert "was cut short" in capsys.readouterr().err
    with pytest.raises(bridge.BridgeError, match="was cut short"):
        bridge.write_feedback(WEEK, term.out, term.cdir)
    bridge.import_grades(WEEK, term.out, term.cdir, log=lambda *a: None)     # run again: whole again
    assert not bridge.unfinished_import(WEEK, term.cdir)
    assert report(WEEK.name, term.out, csv_path=True, course_dir=term.cdir) == 0
    assert {s: (f.score, f.penalty) for s, f in final_grades(WEEK, term.cdir).items()} == before
