"""Week 1 questions: the four diagnostic questions of week1_gradient_descent.ipynb, 3 points each.

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

NOTEBOOK = "week1_gradient_descent.ipynb"

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
def test_q1_lr_too_high(answers):
    """Question 1: which loss curve has the learning rate too high"""
    check(answers, "lr_too_high",
          revisit="Revisit §2, 'Choosing the learning rate': read each run's log from one line to"
                  " the next. Which run falls fast and levels off, which falls slowly and "
                  "steadily, and which never settles? Steps that overshoot the valley floor do "
                  "not make the loss fall slowly.",
          hint="Match each run to a row of the table in §2 before choosing.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q2_one_step_lr(answers):
    """Question 2: the learning rate that reaches the minimum of θ² in one step"""
    check(answers, "one_step_lr",
          revisit="Revisit §2: for f(θ) = θ² one gradient step multiplies θ by a factor that "
                  "depends only on η. Write that factor down and ask when it is zero. (§5 gives a"
                  " second route: a Newton step divides the gradient by the curvature f''.)",
          hint="Check your number with gradient_descent(f1, grad_f1, np.array([5.0]), <your η>, "
               "1).")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q3_batch_noise(answers):
    """Question 3: what a batch size of 1 does compared with the full batch"""
    check(answers, "batch_noise",
          revisit="Revisit §4: count how many updates each batch size makes per epoch, then look "
                  "at your plot of 'loss - best possible loss': how far does each curve get after"
                  " one epoch, and what do the small batches' curves do afterwards at a constant "
                  "learning rate?",
          hint="A mini-batch gradient is an unbiased but noisy estimate of the full gradient.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q4_newton_cost(answers):
    """Question 4: why Newton's method is not used for large networks"""
    check(answers, "newton_cost",
          revisit="Revisit the end of §5: what does one exact Newton step have to store and to "
                  "solve, and how do those grow with the number of parameters d? The cost table "
                  "printed there shows it for d = 1e3, 1e6 and 1e9.",
          hint="Think about memory and arithmetic, not about the learning rate.")
