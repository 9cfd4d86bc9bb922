"""Reading a student's answers to the diagnostic questions from a notebook, without running it.

Each question is a code cell whose nbgrader ``grade_id`` is ``q_<id>`` and whose
source assigns one literal to the variable of the same name::

    q_lr_too_high = "B"

The cell is parsed with :mod:`ast` and the value read with ``literal_eval``:
nothing the student wrote is executed. The answer key lives only with the
hidden graders (``autograder/graders/<week>/key.py``, never released): its
``KEY`` maps each qid to how the student's answer is compared:

* ``{"kind": "choice", "answer": "B", "options": "ABCD"}`` -- one letter; case, surrounding spaces
  and brackets are ignored (``"b"``, ``" (B) "``, ``"B."`` all read as B).
* ``{"kind": "number", "answer": x, "rel_tol": r, "abs_tol": a}`` -- an int or float, or a string
  holding a number or a fraction (``"0.5"``, ``"1/2"``); correct when ``math.isclose`` with these
  tolerances (the reason for each is written beside it).
* ``{"kind": "keyword", "answer": w, "accepted": {...}, "labels": {...}, "valid": {...}}`` -- a word,
  compared lower-cased with spaces/hyphens read as underscores; correct when in ``accepted``;
  anything outside ``valid`` is reported as a format problem listing ``labels``.

The same answers are written in the solution cells of the week's source
notebook (``assignments/<week>/<week>.ipynb``); ``tests/test_notebooks.py``
checks that the two agree. A wrong answer gets feedback that says which idea
to revisit and where in the notebook -- never which option is right.
"""
from __future__ import annotations

import ast
import functools
import math
import re
from pathlib import Path

MAX_CELL = 20_000      # an answer cell is a line or two (plus comments); bounds a hostile one
MAX_ANSWER_CELLS = 100  # a week has six questions; a notebook with more q_ cells is not read further
MAX_CELLS = 10_000      # cells looked at in all (a week's notebook has ~100): the walk is bounded too


class Unanswered(Exception):
    pass


def cell_source(cell: dict, limit: int = MAX_CELL) -> str:
    """A cell's text (nbformat stores it as a string or a list of strings; anything else reads as empty)."""
    src = cell.get("source", "")
    if isinstance(src, list):
        src = "".join(s for s in src if isinstance(s, str))
    return src[:limit] if isinstance(src, str) else ""


def read_answers(notebook: dict) -> dict[str, object]:
    """qid -> the literal assigned in its cell, or an :class:`Unanswered` saying why not.

    Bounded whatever the notebook holds: at most MAX_ANSWER_CELLS cells of at most MAX_CELL characters
    are parsed (a few milliseconds in all), and no cell's content can make this raise."""
    answers: dict[str, object] = {}
    cells = notebook.get("cells", []) if isinstance(notebook, dict) else []
    for cell in cells[:MAX_CELLS] if isinstance(cells, list) else []:
        if not isinstance(cell, dict):
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell.get("metadata"), dict) else {}
        grade_id = meta.get("grade_id", "") if isinstance(meta, dict) else ""
        if not isinstance(grade_id, str) or not re.fullmatch(r"q_\w{1,60}", grade_id) or grade_id[2:] in answers:
            continue
        if len(answers) >= MAX_ANSWER_CELLS:
            break
        answers[grade_id[2:]] = _literal(grade_id, cell_source(cell))
    return answers


def _literal(name: str, source: str):
    try:
        tree = ast.parse(source)
    except Exception as exc:  # noqa: BLE001 -- SyntaxError, or MemoryError/RecursionError on 20,000 "-" signs
        return Unanswered(f"the answer cell for {name} is not valid Python ({exc.__class__.__name__})")
    value = Unanswered(f"the answer cell does not assign {name} = <your answer>")
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except Exception:  # noqa: BLE001 -- ValueError, TypeError, MemoryError, RecursionError ...
                value = Unanswered(f"{name} must be a plain value such as \"B\" or 0.01, not an expression")
            if value is Ellipsis:
                value = Unanswered(f"{name} is still `...`: replace it with your answer")
    return value


# --- comparing one answer with the key (used by every week's test_questions.py) -----------------
def load_key(grader_file: str) -> dict:
    """The KEY of the key.py beside a week's test_questions.py (hidden with the graders)."""
    # loaded by path under a week-specific name: several weeks' graders may share a process
    from autograder.grading import load_trusted     # the graders' process only: keeps this module light
    path = Path(grader_file).with_name("key.py")
    return load_trusted(path, f"_question_key_{path.parent.name}").KEY


def question_checker(grader_file: str):
    """``(KEY, check)`` for a week's test_questions.py: the key beside it, and
    ``check(answers, qid, revisit=..., hint=..., wrong=...)`` -- :func:`check_answer` for that week."""
    key = load_key(grader_file)
    notebook = f"{Path(grader_file).parent.name}.ipynb"       # the grader folder is named after the week
    return key, functools.partial(check_answer, key=key, notebook=notebook)


# how an answer is written, when the key gives no "example" of its own (a number question's key gives the
# notebook's example, so the feedback and the notebook show the same one; tests/test_feedback.py)
EXAMPLE = {"choice": '"A"', "number": "0.1", "keyword": '"healthy"'}


def _letter(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().strip("()[].:").strip().upper()
    return text if len(text) == 1 else None


# a number as a student writes it: "0.5", "-3", "5e-2", ".25", or a fraction of two such ("1/2"); short, so
# that reading it is instant (Fraction("1e999999999") computes 10**999999999 first: hours, in the grader)
_DECIMAL = r"[+-]?(?:\d{1,30}(?:\.\d{0,30})?|\.\d{1,30})(?:[eE][+-]?\d{1,3})?"
_NUMBER = re.compile(rf"({_DECIMAL})(?:/({_DECIMAL}))?")


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            number = float(value)               # an int too large for a float raises OverflowError
        elif isinstance(value, str):
            match = _NUMBER.fullmatch(value.strip().replace(" ", ""))
            if match is None:
                return None
            top, bottom = match.groups()
            number = float(top) / float(bottom) if bottom else float(top)
        else:
            return None
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _keyword(value) -> str | None:
    if not isinstance(value, str):
        return None
    return re.sub(r"[\s\-]+", "_", value.strip().strip("'\".").strip().lower()) or None


def check_answer(answers: dict, qid: str, *, key: dict, notebook: str, revisit: str, hint: str,
                 wrong: dict | None = None) -> None:
    """Pass, or raise GradeFailure saying what to revisit (never which answer is right).

    ``key[qid]`` describes the question (kind, answer, tolerances); ``wrong`` maps a recognised
    wrong answer (normalised) to extra words about that mistake.
    """
    from autograder.grading import GradeFailure
    entry, name = key[qid], f"q_{qid}"
    if qid not in answers:
        raise GradeFailure(f"{notebook} has no answer cell for {name}: the cell (or its nbgrader metadata) "
                           "was deleted.", tags=["question-missing"],
                           hint=f"Copy the cell for {name} back from the released notebook and answer in it.")
    value = answers[qid]
    kind = entry["kind"]
    if isinstance(value, Unanswered):
        raise GradeFailure(f"{name} is not answered yet: {value}. Fill in its cell in {notebook} -- replace the "
                           f"two lines `# YOUR CODE HERE` / `raise NotImplementedError()` with one line, "
                           f"{name} = <your answer>, e.g. {name} = {entry.get('example', EXAMPLE[kind])}.", tags=["unanswered"],
                           hint="Save the notebook after answering; the answers are read from the saved file.")
    if kind == "choice":
        got = _letter(value)
        if got is None or got not in entry["options"]:
            raise GradeFailure(f"{name} should be one of the letters {', '.join(entry['options'])} in quotes "
                               f"(e.g. {name} = \"A\"), but it is {value!r}.", tags=["answer-format"],
                               hint="Write exactly one letter, in quotes.")
        correct = got == entry["answer"]
    elif kind == "number":
        got = _number(value)
        if got is None:
            raise GradeFailure(f"{name} should be a number (e.g. {name} = 0.1), but it is {value!r}.",
                               tags=["answer-format"], hint="Write the number itself, without units or words.")
        correct = math.isclose(got, entry["answer"], rel_tol=entry["rel_tol"], abs_tol=entry["abs_tol"])
    else:   # keyword
        got = _keyword(value)
        if got not in entry["valid"]:
            raise GradeFailure(f"{name} should be one of {', '.join(sorted(entry['labels']))} (in quotes), "
                               f"but it is {value!r}.", tags=["answer-format"],
                               hint="Answer with the label exactly as the function returns it.")
        correct = got in entry["accepted"]
    if not correct:
        extra = (wrong or {}).get(got, "")
        raise GradeFailure(f"{name}: that is not the right answer. {revisit}{(' ' + extra) if extra else ''}",
                           tags=["wrong-answer", f"q-{qid.replace('_', '-')}"], hint=hint)

