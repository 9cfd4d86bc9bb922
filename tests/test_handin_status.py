"""A broken hand-in is named as one, never filed as weak work (issue 13: structural statuses).

A renamed module (``optimizers_fritz.py``, a singular ``optimizer.py``, an LMS's ``optimizers (1).py``),
a notebook-only hand-in and a missing or renamed notebook each get their own status in grades.csv and
the summary, their own section in the class report, and a banner on the student's page that names the
file that was found instead. Reading never runs anything; the end-to-end part uses the engine's toy week.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from autograder.engine.runner import grade, summary
from autograder.engine.submissions import discover, load
from autograder.feedback.report import class_report
from autograder.feedback.student import student_page
from autograder.weeks import WEEKS, Week

WEEK2 = WEEKS["week2_optimizers"]
SOURCE = "def f():\n    return 1\n"
NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


def _read(tmp_path: Path, files: dict[str, str], week: Week = WEEK2):
    folder = tmp_path / "alice"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    [where] = discover(week, [folder])
    return load(week, where)


@pytest.mark.parametrize("instead", ["optimizers_fritz.py", "optimizer.py", "Optimizers.py",
                                     "optimizers (1).py", "optimizers.py.txt", "optimizers-copy.py"])
def test_a_module_under_another_name_is_named(tmp_path, instead):
    sub = _read(tmp_path, {instead: SOURCE, WEEK2.notebook: NOTEBOOK, "surfaces.py": SOURCE})
    assert sub.handin == [{"kind": "module-renamed", "expected": "optimizers.py", "found": instead}]
    assert sub.missing == ["optimizers"] and not sub.sources
    assert f"found {instead} instead" in sub.problems["optimizers.py"]


def test_a_notebook_only_hand_in_names_the_missing_module_and_never_a_given_file(tmp_path):
    """surfaces.py, network.py ... are the release's given files: never offered as the student's module."""
    given = {f"{g}.py": SOURCE for g in WEEK2.given}
    sub = _read(tmp_path, {WEEK2.notebook: NOTEBOOK, **given})
    assert sub.handin == [{"kind": "module-missing", "expected": "optimizers.py", "found": None}]
    assert "missing" in sub.problems["optimizers.py"]


@pytest.mark.parametrize("instead, kind", [("week2_optimizers (1).ipynb", "notebook-renamed"),
                                           ("Week2_Optimizers.ipynb", "notebook-renamed"),
                                           (None, "notebook-missing")])
def test_a_missing_or_renamed_notebook_is_named(tmp_path, instead, kind):
    files = {"optimizers.py": SOURCE, **({instead: NOTEBOOK} if instead else {})}
    sub = _read(tmp_path, files)
    assert sub.handin == [{"kind": kind, "expected": WEEK2.notebook, "found": instead}]
    assert sub.sources == {"optimizers": SOURCE} and sub.answers is None


def test_a_complete_hand_in_has_no_finding(tmp_path):
    sub = _read(tmp_path, {"optimizers.py": SOURCE, WEEK2.notebook: NOTEBOOK, "notes_optimizers.txt": "x",
                           "optimizers_old.py": SOURCE})
    assert sub.handin == [] and not sub.problems


def test_a_zip_names_the_file_inside_it(tmp_path):
    archive = tmp_path / "alice.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("work/optimizers_fritz.py", SOURCE)
        zf.writestr("work/" + WEEK2.notebook, NOTEBOOK)
        zf.writestr("__MACOSX/work/._optimizers_fritz.py", "junk")
    [where] = discover(WEEK2, [archive])
    sub = load(WEEK2, where)
    assert sub.handin == [{"kind": "module-renamed", "expected": "optimizers.py", "found": "optimizers_fritz.py"}]


def test_nothing_of_the_week_is_one_message(tmp_path):
    folder = tmp_path / "bob"
    folder.mkdir()
    (folder / "README.md").write_text("hello")
    (folder / "optimizers_fritz.py").write_text(SOURCE)      # a folder discover accepts needs a week file:
    (folder / WEEK2.notebook).write_text(NOTEBOOK)           # this one is read; only the module is renamed
    [where] = discover(WEEK2, [folder])
    assert load(WEEK2, where).handin[0]["found"] == "optimizers_fritz.py"
    # a zip with nothing of the week: one message for the whole hand-in, and the findings kept
    archive = tmp_path / "carol.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("README.md", "hello")
    [where] = discover(WEEK2, [archive])
    sub = load(WEEK2, where)
    assert list(sub.problems) == ["(submission)"] and "none of the week's files" in sub.problems["(submission)"]
    assert {f["kind"] for f in sub.handin} == {"module-missing", "notebook-missing"}


def test_a_hostile_file_name_is_neutralised_where_it_is_shown(tmp_path):
    name = "optimizers\x1b[2J\u202e.py"
    sub = _read(tmp_path, {name: SOURCE, WEEK2.notebook: NOTEBOOK})
    found = sub.handin[0]["found"]
    assert found and "\x1b" not in found and "\u202e" not in found
    assert "\x1b" not in sub.problems["optimizers.py"]


# --- end to end on the engine's toy week: grades.csv, the summary, the class report, the student's page ----
FIXTURE = Path(__file__).parent / "fixtures" / "engine"
TOY = Week("toyweek", ("toy",), (), solutions_root=str(FIXTURE / "solutions"),
           graders_root=str(FIXTURE / "graders"), template_root=str(FIXTURE / "template"))


def test_grading_files_a_broken_hand_in_apart(tmp_path):
    correct = (TOY.solution_dir / "toy.py").read_text()
    notebook = (TOY.solution_dir / "toyweek.ipynb").read_text()
    root = tmp_path / "submitted"
    for student, files in {"ann": {"toy.py": correct, "toyweek.ipynb": notebook},
                           "fritz": {"toy (1).py": correct, "toyweek.ipynb": notebook},
                           "nina": {"toy.py": correct}}.items():
        folder = root / student / "toyweek"
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text)
    out = tmp_path / "graded"
    results = grade(TOY, [root], out, show_progress=False)

    rows = {r["submission"]: r for r in csv.DictReader(io.StringIO((out / "grades.csv").read_text()))}
    assert rows["ann"]["status"] == "graded"
    assert rows["fritz"]["status"] == "hand-in: toy.py missing (found toy (1).py)"
    assert rows["nina"]["status"] == "hand-in: toyweek.ipynb missing"
    table = summary(results, 1.0)
    assert "hand-in: toy.py missing (found toy (1).py)" in table

    from autograder.engine.results import load_results
    loaded = load_results(out)
    report = class_report(loaded, "toyweek")
    section = report[report.index('id="handins"'):report.index('id="failures"')]
    assert "fritz" in section and "toy (1).py" in section and "nina" in section and "ann" not in section
    failures = report[report.index('id="failures"'):report.index('id="time"')]
    assert "fritz" not in failures, "a renamed module is a hand-in problem, not a submission that failed to run"

    page = student_page(loaded["fritz"], "toyweek")
    assert "found toy (1).py instead" in page and "rename the file to toy.py" in page


def test_feedback_names_the_students_nbgrader_cannot_deliver_to(tmp_path):
    """nbgrader's fetch_feedback finds a page through the notebook the student submitted: a hand-in without the
    week's notebook under its name never receives one. `autograder feedback` names them (nbgrader_bridge)."""
    from autograder.engine.results import load_results
    from autograder.nbgrader_bridge import undeliverable
    correct = (TOY.solution_dir / "toy.py").read_text()
    notebook = (TOY.solution_dir / "toyweek.ipynb").read_text()
    root = tmp_path / "submitted"
    for student, files in {"ann": {"toy.py": correct, "toyweek.ipynb": notebook},
                           "nina": {"toy.py": correct},
                           "otto": {"toy.py": correct, "toyweek (1).ipynb": notebook},
                           "pia": {"toy (1).py": correct, "toyweek.ipynb": notebook}}.items():
        folder = root / student / "toyweek"
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text)
    grade(TOY, [root], tmp_path / "graded", show_progress=False)
    lost = undeliverable(TOY, load_results(tmp_path / "graded"))
    assert set(lost) == {"nina", "otto"}, lost
    assert "toyweek.ipynb" in lost["nina"] and "found toyweek (1).ipynb" in lost["otto"]
