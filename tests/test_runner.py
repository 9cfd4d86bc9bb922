"""The runner hands submissions out one at a time and survives a dying worker.

Uses the engine's toy week (tests/fixtures/engine, 12 points). The hostile
students are in test_engine_adversarial.py; here the engine itself fails: a
grader that kills its own worker process on one submission (as a crash in a
grader's NumPy call would) must cost that submission only.
"""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from autograder.answers import read_answers
from autograder.engine.runner import grade
from autograder.engine.submissions import discover, load
from autograder.weeks import Week

FIXTURE = Path(__file__).parent / "fixtures" / "engine"
MAX = 12.0
CRASHING_GRADER = '''
import os

from autograder.grading import points


@points(1)  # 1: a test that exists only to crash the worker
def test_zz_crash(submission):
    """the grader itself crashes on one submission"""
    if submission.name == "crasher":
        os._exit(9)       # the whole worker dies, as on a segfault in a grader
'''


def toy_week(root: Path, crash: bool = False) -> Week:
    shutil.copytree(FIXTURE, root)
    if crash:
        (root / "graders" / "toyweek" / "test_zz_crash.py").write_text(CRASHING_GRADER)
    return Week("toyweek", ("toy",), (), solutions_root=str(root / "solutions"),
                graders_root=str(root / "graders"), template_root=str(root / "template"))


def student(folder: Path, week: Week) -> Path:
    folder.mkdir(parents=True)
    for name in ("toy.py", "toyweek.ipynb"):
        shutil.copy(week.solution_dir / name, folder / name)
    return folder


def test_a_dying_worker_costs_only_the_submission_it_was_grading(tmp_path):
    week = toy_week(tmp_path / "course", crash=True)
    names = ["ann", "crasher", "bea", "cid", "dee"]
    paths = [student(tmp_path / "class" / n, week) for n in names]
    results = grade(week, paths, tmp_path / "out", jobs=1, show_progress=False)
    assert sorted(results) == sorted(names)
    crashed = results["crasher"]
    assert crashed["score"] == 0 and "worker exited with 9" in crashed["extra_data"]["engine_error"]
    assert "not your mistake" in crashed["output"]
    for name in set(names) - {"crasher"}:       # graded by the replacement worker, in full
        assert results[name]["score"] == MAX + 1, (name, results[name]["output"])
    with open(tmp_path / "out" / "grades.csv") as fh:
        rows = {row["submission"]: row for row in csv.DictReader(fh)}
    assert set(rows) == set(names)
    assert rows["crasher"]["score"] == "0" and rows["ann"]["score"] == f"{MAX + 1:g}"


def test_rows_and_results_agree_and_the_work_is_shared(tmp_path):
    week = toy_week(tmp_path / "course")
    paths = [student(tmp_path / "class" / f"s{i:02d}", week) for i in range(9)]
    (paths[3] / "toy.py").write_text("def add(a, b):\n    return a - b\n")   # one wrong student
    results = grade(week, paths, tmp_path / "out", jobs=2, show_progress=False)
    assert len(results) == 9
    for name, row in results.rows.items():
        full = results[name]
        assert (row["score"], row["max_score"]) == (full["score"], full["max_score"])
    assert results["s03"]["score"] < MAX and results["s00"]["score"] == MAX
    summary_rows = list(csv.DictReader(open(tmp_path / "out" / "grades.csv")))
    assert [r["submission"] for r in summary_rows] == sorted(results)


def test_only_the_answers_of_a_notebook_are_kept(tmp_path):
    week = toy_week(tmp_path / "course")
    folder = student(tmp_path / "class" / "fig", week)
    nb = json.loads((folder / "toyweek.ipynb").read_text())
    figure = {"output_type": "display_data", "data": {"image/png": "A" * 3_000_000}, "metadata": {}}
    for cell in nb["cells"]:
        cell["outputs"] = [figure] if cell["cell_type"] == "code" else cell.get("outputs", [])
    (folder / "toyweek.ipynb").write_text(json.dumps(nb))
    (where,) = discover(week, [folder])
    sub = load(week, where)
    assert len(repr(sub.answers)) < 1_000                  # the answers alone are kept of a 3 MB notebook
    assert sub.answers == read_answers(nb) and read_answers(nb)


def test_pytest_never_formats_a_traceback_for_a_failed_test(tmp_path):
    """Grading reads outcomes from the exception, not from pytest's report: every failed report carries the
    exception's type and message as plain text, in the call phase (a wrong answer) and in setup (a fixture
    failing: the notebook missing) -- never pytest's formatted traceback (an ExceptionChainRepr), which parses
    the source of every frame: 0.3 s per submission without a notebook, measured."""
    import pytest

    from autograder.engine.plugin import GradingPlugin
    from autograder.engine.worker import pytest_args

    week = toy_week(tmp_path / "course")
    wrong = student(tmp_path / "class" / "wrong", week)
    (wrong / "toy.py").write_text("def add(a, b):\n    return a - b\n")
    (wrong / "toyweek.ipynb").unlink()
    subs = [load(week, where) for where in discover(week, [wrong])]
    failed = {}

    class Reports:
        @staticmethod
        def pytest_runtest_logreport(report):
            if report.failed:
                failed[(report.nodeid, report.when)] = report.longrepr

    plugin = GradingPlugin(week, subs)
    pytest.main(pytest_args(week.grader_dir), plugins=[plugin, Reports()])
    whens = {when for _, when in failed}
    assert whens == {"setup", "call"}, failed          # both kinds of failure happened
    for key, text in failed.items():
        assert isinstance(text, str) and text.startswith(("StudentError: ", "GradeFailure: ")), (key, text)
