"""The public checks released with each week (autograder/kit/): in sync, the same verdicts as grading,
standalone, leak-free, and what they report.

- the committed kit equals a fresh generation (like the stubs);
- on the reference, the stubs and every catalogued mistake and valid variant, the kit's verdict on every
  check (full marks or not, points, named mistakes) equals the engine's visible test;
- ``python -m pytest`` in a released week folder, without the autograder on the path: stubs -> TODOs and a
  non-zero exit; the reference with its answered notebook -> everything passes, in about a second;
- nothing hidden in any released file: solution lines, hidden test names and inputs, the answer key;
- the hand-in inspection, the report (teaching order, "Next:", counts) and ``autograder check``.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from autograder import catalogue, selftest
from autograder.kit import handin, judge, plaindata
from autograder.kit.build import FOLDER, extract, kit_files
from autograder.kit.declare import TWIN_SAYS
from autograder.kit.report import Outcome, Style, format_report
from autograder.kit.runner import run
from autograder.weeks import ROOT, WEEKS

WEEK_NAMES = list(WEEKS)


def clean_env(**extra) -> dict:
    """The environment of a student's shell: the autograder is not importable."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    return {**env, "NO_COLOR": "1", **extra}


# ------------------------------------------------------------------------------------------- in sync

def _same_up_to_rounding(a, b) -> bool:
    """Equal data, floats allowed to differ in their last digits (rel 1e-12): the released reference values
    go through NumPy's SIMD exp/power and BLAS, whose last bits depend on the CPU that ran `generate`."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_up_to_rounding(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same_up_to_rounding, a, b))
    return type(a) is type(b) and a == b


def test_the_kit_comparison_allows_last_digits_only():
    assert _same_up_to_rounding({"v": [5.650569539808654, 1]}, {"v": [5.650569539808653, 1]})
    assert not _same_up_to_rounding({"v": [5.65056953980, 1]}, {"v": [5.65056953981, 1]})
    assert not _same_up_to_rounding({"v": [1.0]}, {"v": [1.0, 2.0]})
    assert not _same_up_to_rounding({"v": 1}, {"v": 1.0}) and not _same_up_to_rounding({"v": "a"}, {"w": "a"})


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_committed_kit_matches_a_fresh_generation(week):
    w = WEEKS[week]
    for rel, text in kit_files(w).items():
        committed = w.template_dir / rel
        assert committed.exists(), f"{committed} is missing: run `autograder generate {week}`"
        mine = committed.read_text(encoding="utf-8")
        same = mine == text or (rel.endswith(".json") and _same_up_to_rounding(json.loads(mine), json.loads(text)))
        assert same, f"{committed} differs from its generation: run `autograder generate {week}`"


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_the_released_notebook_ends_with_the_locked_public_checks_cell(week):
    w = WEEKS[week]
    cells = json.loads((w.template_dir / w.notebook).read_text())["cells"]
    last = cells[-1]
    meta = last["metadata"]["nbgrader"]
    assert meta["grade_id"] == "public_checks" and meta["locked"] and meta["points"] == 0 and meta["grade"]
    assert "checksum" in meta and last["metadata"]["editable"] is False and last["metadata"]["deletable"] is False
    assert "notebook_check()" in "".join(last["source"])
    assert sum(c["metadata"].get("nbgrader", {}).get("grade_id") == "public_checks" for c in cells) == 1


# ------------------------------------------------------------------------- the same verdicts as grading

def _engine_view(test: dict) -> tuple:
    full = test["status"] == "passed" or test["score"] >= test["max_score"]
    return full, test["score"], sorted(test["tags"])


def _kit_view(o: Outcome) -> tuple:
    return o.full_marks, o.score, sorted(o.tags)


def _only_the_twin_failed(test: dict, kit: tuple) -> bool:
    """Grading is stricter than the kit in one place only: the kit passed the check in full (the released inputs)
    and grading failed it, with no points, on the check's hidden twin (declare.Twin: inputs not released)."""
    return kit[0] and test["score"] == 0 and test["output"].startswith(TWIN_SAYS)


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_the_kit_gives_the_verdicts_grading_gives(week, tmp_path, selftest_outcomes):
    """Every catalogue case: each public check passes or fails, scores and names mistakes alike. Grading's side
    is selftest's grading of the case (its visible tests, run among the hidden ones as in a real grading). The one
    difference allowed: grading fails a check the kit passed when its hidden twin failed (never the other way)."""
    w = WEEKS[week]
    mistakes, valid = catalogue.load(w)
    cases = {"reference": {}, **{f"{'held-out' if m.held_out else 'mistake'}-{m.case}": m.edits for m in mistakes},
             **{f"valid-{v.name}": v.edits for v in valid}}
    for name, edits in cases.items():
        selftest.build_case(w, tmp_path / "cases" / name, edits)
    selftest.build_case(w, tmp_path / "cases" / "stubs", {}, stubs=True)
    graded = {o.case: o.tests for o in selftest_outcomes[week]}
    assert set(graded) == {case.name for case in (tmp_path / "cases").iterdir()}
    kit = w.template_dir / FOLDER
    compared = 0
    for case in sorted((tmp_path / "cases").iterdir()):
        tests = {t["name"]: t for t in graded[case.name] if t["visible"]}
        engine = {n: _engine_view(t) for n, t in tests.items()}
        local = {o.name: _kit_view(o) for o in run(case, kit).outcomes}
        assert set(local) == set(engine), case.name
        differ = {n: (engine[n], local[n]) for n in engine if engine[n] != local[n]
                  and not _only_the_twin_failed(tests[n], local[n])}
        assert not differ, f"{case.name}: grading vs kit {differ}"
        compared += len(engine)
    assert compared >= 5 * len(cases)


def classic_cases(w) -> dict:
    """The first training case of each tag: the classic form of the mistake (later cases with the same tag are
    the same family in other code, some in functions only the hidden tests judge)."""
    known = {}
    for m in catalogue.load(w)[0]:
        if not m.held_out:
            known.setdefault(m.tag, m)
    return known


def test_a_check_in_the_kit_really_judges(tmp_path):
    """The parity above is not vacuous: the kit fails a catalogued mistake and names it."""
    w = WEEKS["week4_stability"]
    fan_out = classic_cases(w)["init-fan-out"]
    selftest.build_case(w, tmp_path / "fan", fan_out.edits)
    outcomes = {o.test: o for o in run(tmp_path / "fan", w.template_dir / FOLDER).outcomes}
    he = outcomes["test_he_normal_distribution"]
    assert he.state == "fail" and he.tags == ["init-fan-out"] and "fan-OUT" in he.message
    assert outcomes["test_xavier_normal_distribution"].full_marks


# The classic mistake of each public problem is caught by a public check, not only after the deadline: the
# catalogue tags a week lists in its week.toml ([ci] public_checks_name).
@pytest.mark.parametrize("week", WEEK_NAMES)
def test_the_public_checks_catch_the_classic_mistakes(week, tmp_path):
    w = WEEKS[week]
    known = classic_cases(w)
    missed = []
    assert w.public_checks_name, f"{week}: list the classic mistakes its public checks name ([ci] in week.toml)"
    for tag in w.public_checks_name:
        selftest.build_case(w, tmp_path / tag, known[tag].edits)
        named = {t for o in run(tmp_path / tag, w.template_dir / FOLDER).outcomes for t in o.tags}
        if tag not in named:
            missed.append(tag)
    assert not missed, f"public checks that do not name these classic mistakes: {missed}"


# ---------------------------------------------------------------- python -m pytest in a week folder

def _release_copy(week, dest: Path) -> Path:
    w = WEEKS[week]
    shutil.copytree(w.template_dir, dest, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    return dest


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_pytest_in_the_released_folder_on_the_stubs(week, tmp_path):
    folder = _release_copy(week, tmp_path / week)
    proc = subprocess.run([sys.executable, "-m", "pytest"], cwd=folder, capture_output=True, text=True,
                          env=clean_env(), timeout=120)
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert "TODO" in out and "is still the stub" in out and "PASS" not in out, out
    assert "Next: write " in out and "hidden test" in out and "All public checks passed" not in out
    assert "not answered yet" in out                # the released notebook's answer cells are empty


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_pytest_in_the_released_folder_on_the_reference(week, tmp_path):
    w = WEEKS[week]
    folder = _release_copy(week, tmp_path / week)
    for m in w.modules:
        shutil.copy(w.solution_dir / f"{m}.py", folder)
    shutil.copy(ROOT / "assignments" / week / w.notebook, folder)     # the answers are in the source notebook
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "pytest"], cwd=folder, capture_output=True, text=True,
                          env=clean_env(), timeout=120)
    seconds = time.monotonic() - t0
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "All public checks passed;" in proc.stdout and "FAIL" not in proc.stdout and "TODO" not in proc.stdout
    result = run(folder, folder / FOLDER)
    assert result.passed and result.seconds < 1.0, result.seconds          # the checks themselves
    print(f"{week}: python -m pytest took {seconds:.2f} s, the checks {result.seconds:.2f} s")
    assert seconds < 10                  # interpreter, NumPy and pytest start-up included, on a loaded CI machine


# The kit runs on every Python the course supports for students: proven on the oldest and the newest, in
# throw-away virtual environments (outside the repository) holding only NumPy and pytest from PyPI.
KIT_PYTHONS = ("3.9", "3.13")


@pytest.fixture(scope="module", params=KIT_PYTHONS)
def student_python(request, tmp_path_factory, find_python):
    version = request.param
    python = find_python(version)
    if python is None:
        pytest.skip(f"Python {version} is not installed here (looked for python{version} and pyenv's versions)")
    venv = tmp_path_factory.mktemp(f"py{version}") / "venv"
    made = subprocess.run([python, "-m", "venv", str(venv)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "numpy", "pytest"],
                         capture_output=True, text=True, env=clean_env(), timeout=900)
    if pip.returncode != 0:
        pytest.skip(f"numpy and pytest could not be installed for Python {version}: {pip.stderr[-300:]}")
    return str(venv / "bin" / "python")


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_the_kit_on_the_oldest_and_newest_python(student_python, week, tmp_path):
    w = WEEKS[week]
    folder = _release_copy(week, tmp_path / week)
    found = subprocess.run([student_python, "-c", "import autograder"], cwd=folder, capture_output=True,
                           env=clean_env())
    assert found.returncode != 0, "this environment must hold only NumPy and pytest"
    stubs = subprocess.run([student_python, "-m", "pytest"], cwd=folder, capture_output=True, text=True,
                           env=clean_env(), timeout=300)
    assert stubs.returncode == 1 and "TODO" in stubs.stdout, stubs.stdout + stubs.stderr
    for m in w.modules:
        shutil.copy(w.solution_dir / f"{m}.py", folder)
    shutil.copy(ROOT / "assignments" / week / w.notebook, folder)
    ref = subprocess.run([student_python, "-m", "pytest"], cwd=folder, capture_output=True, text=True,
                         env=clean_env(), timeout=300)
    assert ref.returncode == 0 and "All public checks passed;" in ref.stdout, ref.stdout + ref.stderr


# ------------------------------------------------------------------------------- hand-in inspection

def test_hand_in_names_the_file_that_is_there_instead(tmp_path):
    nb = "week2_optimizers.ipynb"
    for name, expected in (("optimizers_fritz.py", "optimizers_fritz.py"), ("optimizer.py", "optimizer.py"),
                           ("Optimizers.py", "Optimizers.py"), ("optimizers (1).py", "optimizers (1).py"),
                           ("optimizers.py.txt", "optimizers.py.txt"), ("adam.py", None)):
        folder = tmp_path / name.replace(" ", "_")
        folder.mkdir()
        (folder / name).write_text("x = 1\n")
        (folder / "surfaces.py").write_text("")
        (folder / nb).write_text(json.dumps({"cells": []}))
        found = handin.inspect(folder, modules=["optimizers"], notebook=nb, ignore=("surfaces.py",))
        assert [f.kind for f in found] == ["module-renamed" if expected else "module-missing"], (name, found)
        assert found[0].found == expected
        if expected:
            assert f"found {expected}" in found[0].message and f"rename {expected} to optimizers.py" in found[0].next_step


def test_hand_in_reads_the_notebook_as_grading_does(tmp_path):
    (tmp_path / "optimizers.py").write_text("")
    nb = {"cells": [_answer_cell("a", 'q_a = "B"'), _answer_cell("b", "# YOUR CODE HERE\nraise NotImplementedError()"),
                    _answer_cell("c", "q_c = ...")]}
    (tmp_path / "w.ipynb").write_text(json.dumps(nb))
    found = handin.inspect(tmp_path, modules=["optimizers"], notebook="w.ipynb", questions=["a", "b", "c", "d"])
    assert [(f.kind, f.expected) for f in found] == [("unanswered", "q_b"), ("unanswered", "q_c"),
                                                     ("question-missing", "q_d")]
    assert not any(f.blocks_grading for f in found)
    (tmp_path / "w.ipynb").unlink()
    (tmp_path / "w-Copy1.ipynb").write_text(json.dumps(nb))
    found = handin.inspect(tmp_path, modules=["optimizers"], notebook="w.ipynb", questions=["a"])
    assert [(f.kind, f.found) for f in found] == [("notebook-renamed", "w-Copy1.ipynb")]
    (tmp_path / "w.ipynb").write_text("{not json")
    assert [f.kind for f in handin.inspect(tmp_path, modules=["optimizers"], notebook="w.ipynb")] == \
        ["notebook-unreadable"]


@pytest.mark.skipif(sys.version_info < (3, 10), reason="Python 3.9 cannot tell the standard library apart")
def test_hand_in_names_a_top_level_import_grading_does_not_provide(tmp_path):
    """A plotting import left at the top of a module imports on the student's machine and not in grading's
    sandbox (NumPy and the standard library): the kit says so before anything is graded (grading said only
    "does not import": 12 / 100 for correct code). Guarded and local imports are the student's own choice."""
    nb = "w.ipynb"
    (tmp_path / nb).write_text(json.dumps({"cells": []}))

    def kinds(source):
        (tmp_path / "optimizers.py").write_text(source)
        found = handin.inspect(tmp_path, modules=["optimizers"], notebook=nb, provided=("numpy", "surfaces"))
        return [(f.kind, f.message) for f in found]
    top = kinds("import numpy as np\nimport matplotlib.pyplot as plt\nfrom scipy.optimize import minimize\n")
    assert [k for k, _ in top] == ["import-not-provided"] and "matplotlib, scipy" in top[0][1], top
    assert kinds("import math, os.path\nimport numpy as np\nfrom surfaces import rosenbrock\nfrom . import x\n"
                 "def plot():\n    import matplotlib.pyplot as plt\n"
                 "try:\n    import tqdm\nexcept ImportError:\n    tqdm = None\n"
                 "if __name__ == '__main__':\n    import matplotlib\n") == []
    assert kinds("def broken(:\n") == []          # a file that does not parse: grading reports that itself
    found = handin.inspect(tmp_path, modules=["optimizers"], notebook=nb)     # no `provided`: not checked
    assert found == []


def _answer_cell(qid, source):
    return {"cell_type": "code", "source": source, "metadata": {"nbgrader": {"grade_id": f"q_{qid}",
                                                                              "solution": True}}}


def test_a_file_that_does_not_import_is_one_banner_with_its_line(tmp_path):
    w = WEEKS["week2_optimizers"]
    folder = _release_copy(w.name, tmp_path / "w2")
    text = (w.solution_dir / "optimizers.py").read_text().splitlines()
    line = len(text) + 1
    (folder / "optimizers.py").write_text("\n".join(text + ["def broken(:"]) + "\n")     # a syntax error
    result = run(folder, folder / FOLDER)
    assert [(p.file, p.line) for p in result.imports] == [("optimizers.py", line)]
    assert all(o.state == "blocked" for o in result.outcomes)
    report = result.report()
    assert report.count("does not import") == 2 and f"optimizers.py does not import, line {line}" in report
    assert "SKIP  14 checks did not run" in report
    assert f"Next: fix optimizers.py line {line} (SyntaxError)" in report


# ------------------------------------------------------------------------------------------ the report

def _outcome(test, state, *, task="T.update", named=(), hint=None, score=0.0, points=2.0):
    return Outcome(test, test.replace("_", " "), "p", task, points, state, score=score if state != "pass" else points,
                   message="a message" if state == "fail" else "", named=list(named), hint=hint,
                   tags=[t.lower() for t in named])


def _report(outcomes, findings=(), hidden=10):
    return format_report("w", outcomes, list(findings), [], hidden_tests=hidden, hidden_points=70.0,
                         total_points=100.0, style=Style(io.StringIO()))


def test_next_ranks_a_recognised_mistake_in_written_code_above_an_unwritten_stub():
    outcomes = [_outcome("stub_first", "todo", task="SGD.update"), _outcome("plain_fail", "fail"),
                _outcome("named_fail", "fail", named=["Adam: no bias correction"], hint="divide m")]
    out = _report(outcomes)
    assert "Next: fix \u201cnamed fail\u201d first (its \u201cWhat to try\u201d is above)" in out
    assert "Recognized mistake: Adam: no bias correction" in out
    assert "Next: fix \u201cplain fail\u201d" in _report(outcomes[:2])
    assert "Next: write SGD.update" in _report(outcomes[:1])


def test_the_report_never_says_all_passed_while_hidden_tests_remain():
    passing = [_outcome("a", "pass"), _outcome("b", "pass")]
    assert "All public checks passed; 10 hidden tests (70 of 100 points) remain" in _report(passing)
    assert "All checks passed" not in _report(passing)
    assert "All checks passed (this week has no hidden tests)" in _report(passing, hidden=0)
    unanswered = handin.Finding("unanswered", "q_x", None, "q_x is not answered yet", "answer q_x")
    out = _report(passing, [unanswered])
    assert "All public checks passed" not in out and "Next: answer q_x." in out


def test_colours_only_on_a_terminal_without_no_color(monkeypatch):
    class FakeTTY(io.StringIO):
        encoding = "utf-8"

        def isatty(self):
            return True
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    passing = [_outcome("a", "pass")]
    args = dict(hidden_tests=1, hidden_points=1, total_points=3)
    assert "\033[32m" in format_report("w", passing, [], [], style=Style(FakeTTY()), **args)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in format_report("w", passing, [], [], style=Style(FakeTTY()), **args)


def test_a_check_with_full_points_and_a_note_counts_as_passed():
    out = _report([Outcome("t", "Warmup + cosine", "p", "warmup_cosine", 4, "note", score=4,
                           message="Your warmup_cosine follows your own helpers")])
    assert "PASS  Warmup + cosine" in out and "Note: Your warmup_cosine" in out and "1 of 1 passed" in out


def test_checks_are_reported_in_teaching_order():
    data = plaindata.loads((WEEKS["week2_optimizers"].template_dir / FOLDER / "checks.json").read_text())
    tasks = [c["task"] for c in data["checks"]]
    order = ["SGD", "SGDMomentum", "Nesterov", "AdaGrad", "RMSprop", "Adam", "AdamW"]
    assert [t.split(".")[0] for t in tasks] == [c for c in order for _ in range(2)]


# ----------------------------------------------------------------------------- autograder check

def _check(folder: Path, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder.cli", "check", "week2_optimizers", str(folder), *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ, "NO_COLOR": "1"})


def test_autograder_check_runs_the_released_kit(tmp_path):
    stubs = _check(ROOT / "student_template" / "week2_optimizers")
    assert stubs.returncode == 1, stubs.stdout + stubs.stderr
    assert "TODO" in stubs.stdout and "Next: write SGD.update" in stubs.stdout      # the first task taught
    w = WEEKS["week2_optimizers"]
    mistake = classic_cases(w)["adam-betas-swapped"]     # (a later case of the tag may be another form of it)
    selftest.build_case(w, tmp_path / "sub", mistake.edits)
    page = tmp_path / "page.html"
    proc = _check(tmp_path / "sub", "--html", str(page))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Recognized mistake: Adam: betas swapped" in proc.stdout and "What to try:" in proc.stdout
    assert "Next: fix \u201cAdam: the first update" in proc.stdout
    assert page.exists() and "betas swapped" in page.read_text()


# ---------------------------------------------------------------------------------- kit building blocks

def test_extract_takes_a_function_and_what_it_needs_only():
    source = ("import numpy as np\nimport os\n\nK = 3\nUNUSED = os.sep\n\n\ndef _helper(x):\n    return np.sum(x) * K\n\n\n"
              "def wanted(mods, x):\n    return _helper(x)\n\n\ndef hidden_probe(mods):\n    return 'secret'\n")
    out = extract(source, ["wanted"], "here")
    assert "def wanted" in out and "def _helper" in out and "K = 3" in out and "import numpy" in out
    assert "hidden_probe" not in out and "UNUSED" not in out and "import os" not in out


def test_plain_data_round_trips_exactly():
    value = {"a": np.array([0.1, np.nan, -np.inf, 1e-300]), "b": [np.arange(3), np.array([[True, False]])],
             "c": (1, 2.5, None, "x")}
    back = plaindata.loads(plaindata.dumps(value))
    assert judge.same(back["a"], value["a"]) and back["a"].dtype == np.float64
    assert back["b"][0].dtype == np.int64 and back["b"][1].dtype == np.bool_ and back["c"] == [1, 2.5, None, "x"]


# ------------------------------------------------------------------------------ nothing hidden leaves

@pytest.mark.parametrize("week", WEEK_NAMES)
def test_no_released_file_holds_anything_hidden(week):
    """Solution lines (also inside the kit's messages), hidden test names, the answer key (autograder/leaks.py)."""
    from autograder.leaks import find_leaks
    found = find_leaks(WEEKS[week], WEEKS[week].template_dir)
    assert not found, {str(p): leaks[:3] for p, leaks in found.items()}


def _numbers(node, out: set, minimum=8):
    """Every run of >= ``minimum`` numbers (an array, or a list of numbers) in plain data, as a tuple."""
    if isinstance(node, np.ndarray):
        if node.size >= minimum and node.dtype != np.bool_:
            out.add(tuple(np.round(node.astype(float).ravel(), 12)))
    elif isinstance(node, dict):
        for v in node.values():
            _numbers(v, out, minimum)
    elif isinstance(node, (list, tuple)):
        if len(node) >= minimum and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in node):
            out.add(tuple(np.round(np.asarray(node, dtype=float), 12)))
        else:
            for v in node:
                _numbers(v, out, minimum)


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_no_hidden_test_input_or_answer_is_in_the_kit(week, tmp_path):
    """Run every grader test on the reference, recording each probe call; no hidden test's call, and no
    array of its inputs or of the reference's answers to them (nor of a public check's hidden twin), is in the
    released data."""
    from dataclasses import asdict
    from autograder.engine.worker import pytest_args
    w = WEEKS[week]
    out = tmp_path / "records.json"
    env = {**os.environ, "KIT_RECORDING_WEEK": json.dumps(asdict(w)), "KIT_RECORDING_OUT": str(out),
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), str(ROOT)]),
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    proc = subprocess.run([sys.executable, "-m", "pytest", *pytest_args(w.grader_dir), "-p", "kit_recording"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert out.exists(), proc.stdout[-2000:] + proc.stderr[-2000:]
    records = plaindata.loads(out.read_text())
    hidden = [r for r in records if not r["visible"]]
    assert hidden and any(r["visible"] for r in records)
    data = plaindata.loads((w.template_dir / FOLDER / "checks.json").read_text())
    public_calls = {(c["probe"], plaindata.dumps(c["inputs"], sort_keys=True)) for k in data["checks"]
                    for c in k["calls"]}
    # a public check's hidden twin (declare.Twin) is a call of a visible test that is not released: as hidden
    twins = [r for r in records if r["visible"] and (r["probe"], plaindata.dumps(r["inputs"], sort_keys=True))
             not in public_calls]
    assert twins, "no public check judged a hidden twin"
    released: set = set()
    _numbers(data["checks"], released)
    same_call = [r["test"] for r in hidden if (r["probe"], plaindata.dumps(r["inputs"], sort_keys=True)) in public_calls]
    assert not same_call, f"hidden tests whose exact calls are released: {sorted(set(same_call))}"
    leaked = []
    for r in hidden + twins:
        mine: set = set()
        _numbers([r["inputs"], r["result"]], mine)
        if mine & released:
            leaked.append(r["test"])
    assert not leaked, f"hidden tests whose inputs or expected values are released: {sorted(set(leaked))}"


def test_the_leak_check_finds_what_is_planted(tmp_path):
    """Each kind of leak, planted in a copy of a clean release, is found (and the clean one is clean)."""
    from autograder.leaks import find_leaks, hidden_names, key_lines, secret_lines
    w = WEEKS["week3_schedules"]
    folder = _release_copy(w.name, tmp_path / "w3")
    assert not find_leaks(w, folder)
    secret = sorted(secret_lines(w))[0]
    data = json.loads((folder / FOLDER / "checks.json").read_text())
    data["checks"][0]["hint"] += f" For example: {secret}"                  # inside a longer line of the kit
    (folder / FOLDER / "checks.json").write_text(json.dumps(data))
    hidden = sorted(hidden_names(w))[0]
    (folder / "schedules.py").write_text((folder / "schedules.py").read_text() + f"\n# {hidden}\n")
    (folder / "notes.py").write_text(sorted(key_lines(w))[0] + "\n")
    nb = json.loads((ROOT / "assignments" / w.name / w.notebook).read_text())      # answers in the cells
    (folder / w.notebook).write_text(json.dumps(nb))
    found = {p.name: " ".join(leaks) for p, leaks in find_leaks(w, folder).items()}
    assert "solution line" in found["checks.json"] and "inside a longer line" in found["checks.json"]
    assert "hidden test name" in found["schedules.py"]
    assert "answer key line" in found["notes.py"]
    assert "the answer of q_" in found[w.notebook]


# ------------------------------------------------------------------------------- inside Jupyter

def _answered_release(week, folder: Path, answer_notebook) -> None:
    """The reference modules, and the released notebook with the reference's answers in its answer cells."""
    w = WEEKS[week]
    for m in w.modules:
        shutil.copy(w.solution_dir / f"{m}.py", folder)
    answer_notebook(folder / w.notebook, week)


def test_the_notebook_cell_raises_the_report_as_its_error(tmp_path, answer_notebook):
    from autograder.kit.runner import PublicChecksFailed, notebook_check
    folder = _release_copy("week3_schedules", tmp_path / "w3")
    os.chdir(folder)
    try:
        with pytest.raises(PublicChecksFailed) as failed:
            notebook_check(".", folder / FOLDER)
        lines = failed.value._render_traceback_()          # what Jupyter and nbgrader's Validate show
        assert lines[0].startswith("Public checks for week3_schedules") and all(len(x) <= 84 for x in lines)
        assert any("Next: write step_decay" in x for x in lines) and "see the report" in str(failed.value)
        _answered_release("week3_schedules", folder, answer_notebook)
        notebook_check(".", folder / FOLDER)               # all passed: no exception, the report is printed
    finally:
        os.chdir(ROOT)


@pytest.mark.notebook
def test_nbgrader_validate_tells_the_student_where_they_stand(tmp_path, answer_notebook):
    pytest.importorskip("nbgrader")
    w = WEEKS["week3_schedules"]
    folder = _release_copy(w.name, tmp_path / "w3")

    def validate():
        return subprocess.run([sys.executable, "-m", "nbgrader", "validate", w.notebook], cwd=folder,
                              capture_output=True, text=True, env=clean_env(MPLBACKEND="Agg"), timeout=600)
    stubs = validate()
    assert "VALIDATION FAILED ON 1 CELL(S)" in stubs.stdout, stubs.stdout + stubs.stderr
    assert "Public checks for week3_schedules" in stubs.stdout and "Next: write step_decay" in stubs.stdout
    _answered_release(w.name, folder, answer_notebook)
    done = validate()
    assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout + done.stderr


# ----------------------------------------------------------------------------------- defences

def test_a_visible_test_without_a_declaration_stops_generate(tmp_path):
    """Every @visible test must be a public check (else the kit and grading would disagree on what is public)."""
    from dataclasses import replace
    from autograder.kit.build import build_data
    w = WEEKS["week3_schedules"]
    graders = tmp_path / "graders"
    shutil.copytree(w.grader_dir, graders / w.name, ignore=shutil.ignore_patterns("__pycache__"))
    with open(graders / w.name / "test_cosine.py", "a") as fh:
        fh.write('\n\nfrom autograder.grading import visible\n\n\n@visible\n@points(1)\n'
                 'def test_cosine_extra(student):\n    """an undeclared public test"""\n')
    fake = replace(w.resolved(), graders_root=str(graders))
    with pytest.raises(ValueError, match="without a declaration in public.py"):
        build_data(fake)


def test_a_call_that_never_returns_is_stopped_as_in_grading(tmp_path):
    w = WEEKS["week3_schedules"]
    folder = _release_copy(w.name, tmp_path / "w3")
    data = json.loads((folder / FOLDER / "checks.json").read_text())
    data["call_seconds"] = 0.5                     # grading's 10 s, shortened for the test
    (folder / FOLDER / "checks.json").write_text(json.dumps(data))
    stub = (folder / "schedules.py").read_text()
    marker = 'raise NotImplementedError("week3_schedules: step_decay \u2014 see the docstring")'
    (folder / "schedules.py").write_text(stub.replace(marker, "while True:\n        pass"))
    t0 = time.monotonic()
    outcomes = {o.task: o for o in run(folder, folder / FOLDER).outcomes}
    assert time.monotonic() - t0 < 10
    assert outcomes["step_decay"].state == "fail" and outcomes["step_decay"].tags == ["timeout"]
    assert outcomes["cosine_annealing"].state == "todo"


def test_a_module_that_never_finishes_importing_is_one_banner(tmp_path):
    w = WEEKS["week3_schedules"]
    folder = _release_copy(w.name, tmp_path / "w3")
    data = json.loads((folder / FOLDER / "checks.json").read_text())
    data["call_seconds"] = 0.5                     # grading's 10 s, shortened for the test
    (folder / FOLDER / "checks.json").write_text(json.dumps(data))
    (folder / "schedules.py").write_text("while True:\n    pass\n")
    result = run(folder, folder / FOLDER)
    assert [p.file for p in result.imports] == ["schedules.py"] and "did not finish" in result.imports[0].message
    assert all(o.state == "blocked" for o in result.outcomes)


def _raised(action) -> str:
    """'<nearest built-in class>: <message>' of the exception ``action`` raises, as the engine writes it."""
    try:
        action()
    except Exception as exc:   # noqa: BLE001 -- the point is to read whatever was raised
        name = next(c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins")
        return f"{name}: {exc}"
    raise AssertionError("nothing was raised")


def test_a_crash_is_named_by_its_kind_from_python_and_numpy_s_own_words():
    """judge.crash_named reads the exceptions NumPy and Python really raise (not copies of their wording), and
    names nothing it cannot prove: an unrelated ValueError, a broadcast of shapes of different sizes."""
    m, h = np.ones((2, 3)), np.eye(3)
    named = {
        "power-written-as-xor": [lambda: m ^ 2, lambda: 1.5 ^ 2],
        "linalg-vector-for-matrix": [lambda: np.linalg.solve(np.ones(3), h), lambda: np.linalg.inv(np.ones(3))],
        "concatenate-shapes-differ": [lambda: np.concatenate([m, np.ones(3)]), lambda: np.hstack([m, m.T])],
        "wrong-shape": [lambda: m + np.zeros(6), lambda: np.zeros(3).__isub__(m), lambda: m - np.zeros(2),
                        lambda: np.zeros(3).__setitem__(0, np.ones(2))],
        "division-by-zero": [lambda: 1.0 / 0.0],
        "none-used-as-value": [lambda: np.random.default_rng(0).shuffle(np.arange(3))[:2],
                               lambda: 2.0 * [].sort(), lambda: [].append(1).append(2)],
        "reshape-assumes-divisible": [lambda: np.arange(10).reshape(-1, 4), lambda: np.arange(10).reshape(4, -1)],
        "positive-definite-assumed": [lambda: np.linalg.cholesky(np.diag([1.0, -1.0]))],
        "sequence-used-as-array": [lambda: np.asarray(([m, np.ones(2)], 3.0), dtype=float)],
    }
    for tag, actions in named.items():
        for action in actions:
            words, tags = judge.crash_named(_raised(action))
            assert tags == [tag] and words, (tag, _raised(action))
    for action in (lambda: m + np.zeros(4), lambda: int("x"), lambda: np.ones(3)[5], lambda: m @ m,
                   lambda: np.ones((3, 3)) + np.zeros(2), lambda: np.arange(10).reshape(3, 4),
                   lambda: len(5)):
        assert judge.crash_named(_raised(action)) == ("", []), _raised(action)
    # the kit writes a class from outside builtins (numpy's LinAlgError) as "Exception"
    assert judge.crash_named("Exception: 1-dimensional array given. Array must be at least two-dimensional")[1] \
        == ["linalg-vector-for-matrix"]
