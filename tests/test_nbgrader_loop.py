"""nbgrader's whole loop with a real local exchange, and the bridge's guards.

One course directory and one exchange in a temporary folder; students are
separate folders with their own nbgrader config and cache, acting with
``--student``. Every step asserts on what it produced, so removing or breaking
any step fails the test: generate -> release_assignment -> fetch_assignment
(two students) -> the students' work -> submit -> collect -> zip_collect (an
LMS download, .py files included) -> autograder grade -> gradebook import
(per problem; nbgrader export and formgrader's API read it) -> feedback pages
-> release_feedback -> fetch_feedback -> regenerate and re-import after grades
exist.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from autograder import demo, nbgrader_bridge as bridge
from autograder.selftest import build_case
from autograder.weeks import ROOT, get_week

WEEK = get_week("week2_optimizers")


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.is_file()}


def test_the_whole_loop_with_a_real_exchange(tmp_path):
    week = WEEK
    module = f"{week.modules[0]}.py"
    course = demo.make_course(tmp_path, [week])
    cdir = course.course_dir

    # generate: nbgrader's release (notebook) and the stubs, in the course's student_template/
    written = demo.generate(course, week)
    release_dir = cdir / "student_template" / week.name
    assert {p.name for p in written} >= {week.notebook, module}
    assert _files(release_dir) >= {week.notebook, module, *(f"{g}.py" for g in week.given)}
    assert "### BEGIN SOLUTION" not in (release_dir / week.notebook).read_text()
    assert "NotImplementedError" in (release_dir / module).read_text()

    # release_assignment: the exchange's outbound copy
    outbound = demo.release(course, week)
    assert _files(outbound) >= {week.notebook, module}

    # fetch_assignment, as two students
    alice = demo.fetch(course, "alice", week)
    bob = demo.fetch(course, "bob", week)
    assert _files(alice) >= {week.notebook, module} and _files(bob) >= {week.notebook, module}

    # the students' work: alice writes the reference solution and answers, bob leaves the stubs
    build_case(week, tmp_path / "reference", {})
    for path in (tmp_path / "reference").iterdir():
        (alice / path.name).write_bytes(path.read_bytes())
    reference = (week.solution_dir / module).read_text()

    # submit, as each student
    demo.submit(course, "alice", week)
    demo.submit(course, "bob", week)
    inbound = sorted(p.name.split("+")[0] for p in (course.exchange / course.course_id / "inbound").iterdir())
    assert inbound == ["alice", "bob"]

    # collect: the students' .py files reach submitted/ unchanged
    submitted = demo.collect(course, week)
    assert (submitted / "alice" / week.name / module).read_text() == reference
    assert "NotImplementedError" in (submitted / "bob" / week.name / module).read_text()
    assert (submitted / "alice" / week.name / "timestamp.txt").exists()

    # zip_collect: carol's files from an LMS download, the module renamed "-1" by the LMS
    carol = tmp_path / "lms" / "carol"
    tag, edits = demo.mistake_edits(week)[0]           # a catalogued mistake
    build_case(week, carol, edits)
    (carol / week.notebook).write_text((release_dir / week.notebook).read_text())
    demo.zip_collect(course, week, {"carol": carol})
    assert _files(submitted / "carol" / week.name) == {module, week.notebook}

    # autograder grade WEEK course/submitted --out ...
    out = tmp_path / "graded"
    results = demo.grade(course, week, out)
    assert set(results) == {"alice", "bob", "carol"}
    top = results["alice"]["max_score"]
    assert results["alice"]["score"] == top > 0
    assert results["bob"]["score"] == 0
    assert 0 < results["carol"]["score"] < top
    assert (out / "grades.csv").exists()

    # the gradebook: one grade cell per problem, auto_score per problem and student
    totals = demo.gradebook(course, week, out)
    assert totals == {"alice": (top, top), "bob": (0.0, top), "carol": (results["carol"]["score"], top)}
    header, rows = bridge.gradebook_table(cdir, week)
    problems = {t["extra_data"]["problem"] for t in results["alice"]["tests"]}
    assert set(header[1:-4]) == problems and header[-4:] == ["late", "penalty", "score", "notes"]
    assert {r[0] for r in rows} == {"alice", "bob", "carol"}

    # what formgrader reads: every submission listed as graded, with our scores
    _check_formgrader(cdir, week, {"alice": top, "bob": 0.0, "carol": results["carol"]["score"]})

    # nbgrader export lists the scores
    exported = {r["student_id"]: float(r["score"]) for r in demo.export(course) if r["assignment"] == week.name}
    assert exported == {"alice": top, "bob": 0.0, "carol": results["carol"]["score"]}

    # feedback pages where release_feedback looks for them
    pages = demo.feedback(course, week, out)
    for student in ("alice", "bob", "carol"):
        page = cdir / "feedback" / student / week.name / f"{week.name}.html"
        assert page in pages and page.stat().st_size > 200
        assert (page.parent / "submission_secret.txt").exists() and (page.parent / "timestamp.txt").exists()
    assert (cdir / "feedback/alice" / week.name / "submission_secret.txt").read_text() == \
        (submitted / "alice" / week.name / "submission_secret.txt").read_text()

    # release_feedback -> fetch_feedback brings each student their own page
    released = demo.release_feedback(course, week)
    assert len(list(released.glob("*.html"))) == 3
    for student in ("alice", "bob"):
        fetched = demo.fetch_feedback(course, student, week)
        assert len(fetched) == 1, fetched
        assert fetched[0].read_bytes() == (cdir / "feedback" / student / week.name / f"{week.name}.html").read_bytes()

    # mid-term: regenerate after grades exist (the gradebook keeps its cells), re-import: same scores
    demo.generate(course, week)
    assert (release_dir / week.notebook).exists()
    assert demo.gradebook(course, week, out) == totals


def _check_formgrader(course_dir: Path, week, expected: dict[str, float]) -> None:
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader
    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    api = NbGraderAPI(CourseDirectory(config=cfg, root=str(course_dir)), config=cfg)
    subs = {s["student"]: s for s in api.get_submissions(week.name)}
    assert {k: (v["autograded"], v["score"]) for k, v in subs.items()} == \
        {k: (True, v) for k, v in expected.items()}
    listed = api.get_notebook_submissions(week.name, Path(week.notebook).stem)
    assert {s["student"] for s in listed} == set(expected)


# ---------------------------------------------------------------------------- guards and config

def test_repository_config_maps_the_folders_and_keeps_students_modules():
    from traitlets.config.loader import PyFileConfigLoader
    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    cd = cfg.CourseDirectory
    assert (cd.source_directory, cd.release_directory) == ("assignments", "student_template")
    assert cd.solution_directory not in ("solutions", "source", "assignments", "student_template")
    for name in ("week1_gradient_descent", "week4_stability"):
        week = get_week(name)
        assert cfg.Autograde.exclude_overwriting[name] == [f"{m}.py" for m in week.modules]
    assert cfg.ZipCollectApp.collector_plugin.__name__ == "WeekFileCollector"
    assert cfg.FileNameCollectorPlugin.named_regexp


@pytest.mark.parametrize("path, expected", [
    ("/c/downloaded/week2_optimizers/extracted/x/alice_optimizers.py", ("alice", "optimizers.py")),
    ("/c/downloaded/week2_optimizers/extracted/x/alice_LATE_12_34_optimizers-1.py", ("alice", "optimizers.py")),
    ("/c/downloaded/week2_optimizers/extracted/alice_week2_optimizers.ipynb", ("alice", "week2_optimizers.ipynb")),
    ("/c/downloaded/week2_optimizers/extracted/alice_helper.py", None),      # not a file of the week
    ("/c/downloaded/week2_optimizers/extracted/alice_notes.txt", None),      # not .py/.ipynb
])
def test_collector_keeps_the_weeks_py_files(path, expected):
    from traitlets.config.loader import PyFileConfigLoader

    from autograder.nbgrader_collector import WeekFileCollector
    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    collector = WeekFileCollector(config=cfg)
    # the week comes from the parent ZipCollectApp's assignment id; here it is fixed
    collector._week_files = lambda: {"optimizers.py", "week2_optimizers.ipynb"}
    info = collector.collect(path)
    assert (info and (info["student_id"], info["file_id"])) == (expected or None)


def test_generate_refuses_code_in_the_source_folder(tmp_path):
    src = tmp_path / "assignments" / WEEK.name
    src.mkdir(parents=True)
    (src / WEEK.notebook).write_text("{}")
    (src / "optimizers.py").write_text("x = 1\n")
    with pytest.raises(bridge.BridgeError, match="copies every file"):
        bridge.generate(WEEK, tmp_path)


def test_a_solution_line_in_the_release_is_caught_and_the_file_deleted(tmp_path):
    release = tmp_path / WEEK.name
    release.mkdir()
    module = f"{WEEK.modules[0]}.py"
    (release / module).write_text((WEEK.solution_dir / module).read_text())
    (release / "surfaces.py").write_text((WEEK.common_dir / "surfaces.py").read_text())
    with pytest.raises(bridge.BridgeError, match=r"solution code, hidden tests, the answer key\) reached the release"):
        bridge.check_release(WEEK, release)
    assert not (release / module).exists() and (release / "surfaces.py").exists()
