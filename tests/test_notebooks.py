"""The weekly notebooks: valid, their questions match the hidden key, and they run with a real kernel.

Fast checks, per week:

- the source notebook ``assignments/<week>/<week>.ipynb`` is valid nbformat 4 and valid nbgrader
  metadata; its only nbgrader cells are the answer cells (``grade_id`` ``q_<id>``, solution cells,
  never autograder tests), each assigning one literal inside a solution region;
- the questions and ``autograder/graders/<week>/key.py`` name the same ids, the graders grade
  every one of them (at least as many as the week declares, ``[questions] at_least`` in its
  week.toml), and their points add up to the week's declared ``[questions] points`` (12 of 100 in
  each of the four weeks);
- the multiple-choice questions cannot be passed without reading them: across the course the right
  option is the longest in at most a third of them, and it is not always in the same position;
- the answers written in the source notebook get full marks (also written sloppily: lower case,
  spaces, a fraction), the released notebook's untouched cells get "fill in the cell", and a wrong
  answer gets feedback that does not quote the key.

Kernel checks, one test per week (marked ``notebook``; ``-m "not notebook"`` skips them): the
notebook runs top to bottom in a real ``python3`` Jupyter kernel (nbclient) with ``MPLBACKEND=Agg``

- against the reference solutions, given modules and data files: no error;
- also with the other weeks' modules the week declares (``[ci] notebook_runs_with``: week 4 with
  week 2's ``optimizers.py`` copied in, its optional ``from optimizers import Adam``);
- as released (solution regions cleared by nbgrader's own ClearSolutions) against the untouched
  stubs: it stops with a CellExecutionError whose error is the stub's
  ``NotImplementedError("<week>: <task> — see the docstring")``, not some other traceback.

The executions of a week run concurrently (one kernel each), to keep the file well under a minute.
"""
from __future__ import annotations

import asyncio
import copy
import importlib.util
import json
import os
import re
import sys
from pathlib import Path

import pytest

from autograder.answers import Unanswered, read_answers
from autograder.grading import GradeFailure
from autograder.stubgen import release_data, release_files
from autograder.weeks import ASSIGNMENTS, COMMON, WEEKS, Week

nbformat = pytest.importorskip("nbformat")

WEEK_NAMES = list(WEEKS)
KERNEL_TIMEOUT = 120          # seconds per cell; a healthy cell takes well under 2 s
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"   # nbgrader's default, what students see

notebook = pytest.mark.notebook   # kernel-executing tests (one per week)


def _kernel_available() -> bool:
    try:
        import ipykernel  # noqa: F401
        import nbclient  # noqa: F401
    except ImportError:
        return False
    return True


needs_kernel = pytest.mark.skipif(not _kernel_available(), reason="nbclient/ipykernel are not installed")


# ------------------------------------------------------------------------------------------ helpers

def source_path(week: Week) -> Path:
    return ASSIGNMENTS / week.name / week.notebook


def read_source(week: Week):
    return nbformat.read(str(source_path(week)), as_version=4)


def load_graders(week: Week):
    """The week's ``test_questions.py``, loaded by path under a unique name (weeks share this process)."""
    path = week.grader_dir / "test_questions.py"
    name = f"_questions_{week.name}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def question_tests(module) -> list:
    return [getattr(module, n) for n in sorted(dir(module))
            if n.startswith("test_") and callable(getattr(module, n))]


def points_of(test) -> float:
    marks = [m for m in getattr(test, "pytestmark", []) if m.name == "points"]
    assert len(marks) == 1, f"{test.__name__} needs exactly one @points(n)"
    return float(marks[0].args[0])


def qid_of(test, key: dict) -> str:
    """The question a test grades: the key id its name ends with (test_q<n>_<qid>)."""
    found = [qid for qid in key if test.__name__.endswith("_" + qid)]
    assert len(found) == 1, f"cannot tell which question {test.__name__} grades"
    return found[0]


def run_test(test, answers: dict) -> GradeFailure | None:
    """Run one question test the way the engine does; return its failure, if any."""
    try:
        test(answers=answers)
    except GradeFailure as failure:
        return failure
    return None


def released(nb):
    """The notebook as nbgrader releases it: nbgrader's ClearSolutions on a copy."""
    sys.modules.setdefault("rfc3987_syntax", None)   # as autograder.nbgrader_bridge: skips a slow import
    from nbgrader.preprocessors import ClearSolutions
    nb = copy.deepcopy(nb)
    nb, _ = ClearSolutions().preprocess(nb, {})
    return nb


def wrong_answer(entry: dict):
    if entry["kind"] == "choice":
        return next(letter for letter in entry["options"] if letter != entry["answer"])
    if entry["kind"] == "number":
        return entry["answer"] * 3 + 1
    return next(label for label in sorted(entry["labels"]) if label not in entry["accepted"])


def sloppy(entry: dict, value):
    """How a student might also write a right answer: it must be accepted too."""
    if entry["kind"] == "choice":
        return f" {value.lower()} "
    if entry["kind"] == "number":
        return f" {value!r} "                 # a number in a string
    return f" {value.upper()} "


# ------------------------------------------------------------------------------------------ fast checks

@pytest.mark.parametrize("week_name", WEEK_NAMES)
def test_source_notebook_is_valid(week_name):
    week = WEEKS[week_name]
    path = source_path(week)
    assert path.exists(), f"missing {path}"
    nb = read_source(week)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    sys.modules.setdefault("rfc3987_syntax", None)
    from nbgrader.nbgraderformat import MetadataValidator
    MetadataValidator().validate_nb(nb)

    ids = [cell.get("id") for cell in nb.cells]
    assert len(ids) == len(set(ids)), "cell ids must be unique"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None, \
                "the source notebook is committed without outputs"
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            assert "BEGIN SOLUTION" not in cell.source, "a solution region outside an answer cell"
            continue
        grade_id = meta.get("grade_id", "")
        assert grade_id.startswith("q_"), f"unexpected nbgrader cell {grade_id!r}"
        assert cell.cell_type == "code"
        assert meta["solution"] is True and meta["grade"] is False and meta["locked"] is False, \
            f"{grade_id}: an answer cell is a solution cell, never an autograder test"
        assert meta["schema_version"] == 3
        lines = cell.source.splitlines()
        assert lines[0] == "### BEGIN SOLUTION" and lines[-1] == "### END SOLUTION" and len(lines) == 3, \
            f"{grade_id}: the answer cell is exactly the region around one assignment"
        assert re.fullmatch(rf"{grade_id} = .+", lines[1]), f"{grade_id}: the region assigns {grade_id}"


@pytest.mark.parametrize("week_name", WEEK_NAMES)
def test_questions_match_the_key_and_the_graders(week_name):
    week = WEEKS[week_name]
    answers = read_answers(json.loads(source_path(week).read_text()))
    module = load_graders(week)
    key = module.KEY
    assert week.question_points > 0 and week.min_questions >= 1, f"{week.name}: declare [questions] in its week.toml"
    assert len(answers) >= week.min_questions, f"{week.name} needs at least {week.min_questions} questions"
    assert set(answers) == set(key), (f"questions without a key entry: {sorted(set(answers) - set(key))}; "
                                      f"key entries without a question: {sorted(set(key) - set(answers))}")
    tests = question_tests(module)
    graded = [qid_of(t, key) for t in tests]
    assert len(tests) >= week.min_questions and sorted(graded) == sorted(set(graded)) == sorted(key), graded
    assert all(points_of(t) > 0 for t in tests)
    assert sum(points_of(t) for t in tests) == week.question_points, {t.__name__: points_of(t) for t in tests}
    for t in tests:
        doc = (t.__doc__ or "").strip().splitlines()
        assert doc and doc[0].startswith("Question "), f"{t.__name__}: the docstring names the question"
        assert not any(m.name == "visible" for m in getattr(t, "pytestmark", [])), \
            "question tests stay hidden: a public test would let students try letters until one passes"
    for qid, entry in key.items():
        assert entry["kind"] in ("choice", "number", "keyword"), qid
        if entry["kind"] == "choice":
            assert entry["answer"] in entry["options"], qid


@pytest.mark.parametrize("week_name", WEEK_NAMES)
def test_the_source_answers_get_full_marks(week_name):
    week = WEEKS[week_name]
    module = load_graders(week)
    answers = read_answers(json.loads(source_path(week).read_text()))
    for qid, value in answers.items():
        entry = module.KEY[qid]
        if entry["kind"] == "choice":
            assert value == entry["answer"], f"{qid}: the notebook says {value!r}, the key {entry['answer']!r}"
        elif entry["kind"] == "number":
            assert value == pytest.approx(entry["answer"], rel=1e-12), qid
        else:
            assert value == entry["answer"], qid
    variants = {qid: sloppy(module.KEY[qid], value) for qid, value in answers.items()}
    for test in question_tests(module):
        failure = run_test(test, answers)
        assert failure is None, f"{test.__name__}: {failure}"
        failure = run_test(test, variants)
        assert failure is None, f"{test.__name__} rejects {variants[qid_of(test, module.KEY)]!r}: {failure}"


@pytest.mark.parametrize("week_name", WEEK_NAMES)
def test_the_released_notebook_asks_to_fill_in_every_answer(week_name):
    week = WEEKS[week_name]
    module = load_graders(week)
    nb = released(read_source(week))
    text = json.dumps(nb)
    assert "BEGIN SOLUTION" not in text
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}
    for cell in cells.values():
        assert cell.source == CODE_STUB
    answers = read_answers(nb)
    assert set(answers) == set(module.KEY) and all(isinstance(v, Unanswered) for v in answers.values())
    for test in question_tests(module):
        failure = run_test(test, answers)
        assert failure is not None and "unanswered" in failure.tags, test.__name__
        assert "not answered yet" in failure.message and "replace" in failure.message
    # the markdown just above each answer cell asks the question and says what to write
    for i, cell in enumerate(nb.cells):
        if "nbgrader" in cell.metadata:
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            above = nb.cells[i - 1]
            assert above.cell_type == "markdown" and f"`{grade_id} = " in above.source, \
                f"the cell above {grade_id} should ask the question and say how to answer it"


@pytest.mark.parametrize("week_name", WEEK_NAMES)
def test_wrong_answers_teach_without_giving_the_answer_away(week_name):
    module = load_graders(WEEKS[week_name])
    key = module.KEY
    for test in question_tests(module):
        qid = qid_of(test, key)
        entry = key[qid]
        answers = {q: e["answer"] for q, e in key.items()}
        answers[qid] = wrong_answer(entry)
        failure = run_test(test, answers)
        assert failure is not None and "wrong-answer" in failure.tags, test.__name__
        words = f"{failure.message} {failure.hint or ''}"
        assert "Revisit" in words and re.search(r"§\d", words), f"{test.__name__}: say which section to revisit"
        right = str(entry["answer"])
        if entry["kind"] == "choice":
            leaks = re.findall(rf"[\"'(\[]{right}[\"')\]]|option {right}\b|answer is", words)
        elif entry["kind"] == "number":
            forms = {right, f"{entry['answer']:g}"}
            leaks = [f for f in forms if re.search(rf"(?<![\d.]){re.escape(f)}(?!\d)", words)]
        else:
            leaks = [right] if right in words.lower() else []
        assert not leaks, f"{test.__name__} gives the answer away: {leaks}"
        # malformed answers are a format problem, not a wrong answer
        answers[qid] = "not an answer at all" if entry["kind"] != "keyword" else "no idea"
        failure = run_test(test, answers)
        assert failure is not None and "answer-format" in failure.tags, test.__name__


# --------------------------------------------------------------------- multiple choice needs reading

OPTION = re.compile(r"^\* \*\*([A-Z])\.\*\* (.+)$", re.M)   # one option per line: * **B.** text
LONGEST_SHARE = 1 / 3    # the right option may be the longest in at most a third of the questions
TOP_POSITION_SHARE = 1 / 2   # and no letter may hold more than half of the right answers


def choice_questions() -> list[tuple[str, str, dict[str, str], str]]:
    """(week, qid, {letter: option text as written, math included}, right letter) of every choice question."""
    found = []
    for week_name in WEEK_NAMES:
        week = WEEKS[week_name]
        key = load_graders(week).KEY
        cells = read_source(week).cells
        for i, cell in enumerate(cells):
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            qid = grade_id[2:]
            if qid in key and key[qid]["kind"] == "choice":
                options = dict(OPTION.findall(cells[i - 1].source))
                found.append((week_name, qid, options, key[qid]["answer"]))
    return found


def reading_problems(questions) -> list[str]:
    """What would let a student pass the multiple choice without reading it (empty: nothing)."""
    problems = []
    longest = [qid for _, qid, options, right in questions
               if len(options[right]) >= max(len(text) for text in options.values())]
    if len(longest) > LONGEST_SHARE * len(questions):
        problems.append(f"the right option is the longest (or tied) in {len(longest)} of {len(questions)} "
                        f"questions, more than a third: {longest}")
    positions = {}
    for _, qid, _, right in questions:
        positions.setdefault(right, []).append(qid)
    top = max(positions.values(), key=len)
    if len(top) > TOP_POSITION_SHARE * len(questions):
        problems.append(f"{len(top)} of {len(questions)} right answers share one position: {top}")
    return problems


def test_multiple_choice_needs_reading():
    questions = choice_questions()
    assert len(questions) >= 2 * len(WEEK_NAMES), "too few multiple-choice questions to judge"
    for week_name, qid, options, right in questions:
        key = load_graders(WEEKS[week_name]).KEY
        assert "".join(sorted(options)) == key[qid]["options"], \
            f"{week_name} q_{qid}: the notebook lists options {sorted(options)}, the key {key[qid]['options']}"
    assert not reading_problems(questions), reading_problems(questions)


def test_the_reading_check_catches_what_it_should():
    def question(right, lengths):
        return ("w", f"q{right}{lengths}", {letter: "x" * n for letter, n in zip("ABCD", lengths)}, right)
    balanced = [question("A", (40, 50, 45, 60)), question("B", (50, 40, 60, 45)),
                question("C", (45, 60, 40, 50)), question("D", (60, 45, 50, 40))]
    assert reading_problems(balanced) == []
    longest_right = [question(r, tuple(80 if letter == r else 40 for letter in "ABCD")) for r in "ABCD"]
    assert "longest" in " ".join(reading_problems(balanced[:2] + longest_right[:2]))
    same_place = [question("B", lengths) for _, _, options, _ in balanced
                  for lengths in [tuple(len(t) for t in options.values())]]
    assert "share one position" in " ".join(reading_problems(same_place))


# ------------------------------------------------------------------------------------------ kernels

def _folder(tmp: Path, files: dict[str, str | bytes], nb) -> Path:
    tmp.mkdir(parents=True)
    for name, content in files.items():
        if isinstance(content, bytes):
            (tmp / name).write_bytes(content)
        else:
            (tmp / name).write_text(content)
    nbformat.write(nb, str(tmp / "notebook.ipynb"))
    return tmp


def solution_files(week: Week) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {p.name: p.read_text() for p in sorted(week.solution_dir.glob("*.py"))}
    files.update({f"{m}.py": (COMMON / f"{m}.py").read_text() for m in week.given})
    files.update(release_data(week))
    return files


def released_files(week: Week) -> dict[str, str | bytes]:
    return {**release_files(week), **release_data(week)}


async def _execute(folder: Path):
    """Run folder/notebook.ipynb top to bottom; return None or the CellExecutionError."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    nb = nbformat.read(str(folder / "notebook.ipynb"), as_version=4)
    client = NotebookClient(nb, timeout=KERNEL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    try:
        await client.async_execute(env=_kernel_env())
    except CellExecutionError as exc:
        return exc
    return None


def _kernel_env() -> dict:
    # the kernel is this interpreter (jupyter_client runs the "python3" spec with sys.executable);
    # the notebook imports the week's modules from its own folder, nothing else may shadow them
    # one BLAS thread per kernel: the notebooks multiply tiny matrices, where OpenBLAS's threads only
    # wait for each other (the digits fits ran 3.5x faster on one thread on the 2-core CI machine under
    # load), and a week's kernels run side by side anyway
    env = dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1")
    env.pop("PYTHONPATH", None)
    return env


def _execute_all(folders: list[Path]) -> list:
    async def main():
        return await asyncio.gather(*(_execute(f) for f in folders))
    return asyncio.run(main())


@notebook
@needs_kernel
@pytest.mark.parametrize("week_name", WEEK_NAMES)
def test_notebook_runs_with_solutions_and_stops_clearly_on_stubs(week_name, tmp_path):
    week = WEEKS[week_name]
    nb = read_source(week)
    runs = {"the reference solutions": _folder(tmp_path / "solutions", solution_files(week), nb),
            "the stubs": _folder(tmp_path / "stubs", released_files(week), released(nb))}
    for other in week.notebook_runs_with:           # "<week>/<module>.py": a module students may copy in
        other_week, module = other.split("/")
        files = {**solution_files(week), module: (WEEKS[other_week].solution_dir / module).read_text()}
        runs[f"the reference solutions and {other}"] = _folder(tmp_path / other.replace("/", "-"), files, nb)

    errors = dict(zip(runs, _execute_all(list(runs.values()))))
    stubbed = errors.pop("the stubs")

    for what, error in errors.items():
        if error is not None:
            pytest.fail(f"{week.name} fails with {what}:\n{ANSI.sub('', str(error))[-3000:]}")
    assert stubbed is not None, f"{week.name} ran to the end with the stubs: no experiment uses the student's code"
    text = ANSI.sub("", str(stubbed))
    assert stubbed.ename == "NotImplementedError", text[-2000:]
    assert stubbed.evalue.startswith(f"{week.name}: ") and stubbed.evalue.endswith("— see the docstring"), \
        f"the first failure should be a stub's message, not {stubbed.evalue!r} (e.g. an unanswered question " \
        "cell placed before the experiments)"
    assert "NotImplementedError" in text and "see the docstring" in text
