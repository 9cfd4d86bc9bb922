"""Week 3 questions: the four diagnostic questions of week3_schedules.ipynb, 3 points each.

The answers are read from the notebook's answer cells (nbgrader grade_id ``q_<id>``) by the
``answers`` fixture, without running anything the student wrote. The key is ``key.py`` beside this
file (hidden, never released). A wrong answer gets feedback that says which idea to revisit and
where in the notebook -- never which option is right.
"""
from __future__ import annotations

import importlib.util
import math
import re
from fractions import Fraction
from pathlib import Path

from autograder.answers import Unanswered
from autograder.grading import GradeFailure, points

NOTEBOOK = "week3_schedules.ipynb"

# --- reading and comparing one answer (the same block in every week's test_questions.py) ----------
def _load_key() -> dict:
    # key.py is loaded by path under a week-specific name: several weeks' graders may share a process
    path = Path(__file__).with_name("key.py")
    spec = importlib.util.spec_from_file_location(f"_question_key_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module.KEY


KEY = _load_key()
EXAMPLE = {"choice": '"A"', "number": "0.1", "keyword": '"healthy"'}


def _letter(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().strip("()[].:").strip().upper()
    return text if len(text) == 1 else None


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(Fraction(value.strip().replace(" ", "")))   # "0.5", "1/2", "5e-2"
        except (ValueError, ZeroDivisionError):
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _keyword(value) -> str | None:
    if not isinstance(value, str):
        return None
    return re.sub(r"[\s\-]+", "_", value.strip().strip("'\".").strip().lower()) or None


def check(answers: dict, qid: str, *, revisit: str, hint: str, wrong: dict | None = None) -> None:
    """Pass, or raise GradeFailure saying what to revisit (never which answer is right).

    ``wrong`` maps a recognised wrong answer (normalised) to extra words about that mistake.
    """
    entry, name = KEY[qid], f"q_{qid}"
    if qid not in answers:
        raise GradeFailure(f"{NOTEBOOK} has no answer cell for {name}: the cell (or its nbgrader metadata) "
                           "was deleted.", tags=["question-missing"],
                           hint=f"Copy the cell for {name} back from the released notebook and answer in it.")
    value = answers[qid]
    kind = entry["kind"]
    if isinstance(value, Unanswered):
        raise GradeFailure(f"{name} is not answered yet: {value}. Fill in its cell in {NOTEBOOK} -- replace the "
                           f"two lines `# YOUR CODE HERE` / `raise NotImplementedError()` with one line, "
                           f"{name} = <your answer>, e.g. {name} = {EXAMPLE[kind]}.", tags=["unanswered"],
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


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q1_warmup_purpose(answers):
    """Question 1: what warmup is for"""
    check(answers, "warmup_purpose",
          revisit="Revisit §2: when in a training run are the gradients (and an adaptive "
                  "optimizer's statistics) least trustworthy, and what did the toy experiment "
                  "show when the full learning rate was used from the very first step?",
          hint="Compare the three runs of the toy experiment in §2.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q2_decay_floor(answers):
    """Question 2: why decaying the learning rate lowers the loss"""
    check(answers, "decay_floor",
          revisit="Revisit §4: with noisy gradients, every step adds noise whose size is set by "
                  "the learning rate. What does that mean for how close the parameters can stay "
                  "to the minimum, and what changed in the run whose rate was cut?",
          hint="Look at both panels of the §4 plot: the validation loss and the learning rate.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q3_plateau_lr(answers):
    """Question 3: ReduceLROnPlateau, call by call"""
    check(answers, "plateau_lr",
          revisit="Revisit the rules in §4 and go call by call: which metrics count as "
                  "improvements (lower than best * (1 - threshold)), how many bad epochs in a row"
                  " it takes before a cut (the count must exceed patience), and that the count "
                  "restarts after a cut.",
          hint="You can check your count with your own ReduceLROnPlateau in the notebook.",
          wrong={0.025: "That is what a cut on the patience-th bad epoch (the Keras convention) "
                        "would give; this course follows PyTorch."})


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q4_range_test_pick(answers):
    """Question 4: which learning rate to take from a range test"""
    check(answers, "range_test_pick",
          revisit="Revisit §5: where on a range-test curve is the loss falling fastest, and why "
                  "is the rate at the minimum of the curve already too risky? Compare with where "
                  "suggest_lr landed on your curve.",
          hint="Sketch the curve described in the question and mark the steepest part.")
