"""Week 2 questions: the four diagnostic questions of week2_optimizers.ipynb, 3 points each.

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

NOTEBOOK = "week2_optimizers.ipynb"

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
def test_q1_momentum_ravine(answers):
    """Question 1: what momentum does in a ravine"""
    check(answers, "momentum_ravine",
          revisit="Revisit §2: write the velocity as a sum of past gradients, v_t = g_t + μ "
                  "g_(t-1) + μ² g_(t-2) + ... What happens in that sum to a component whose sign "
                  "flips at every step, and to one that keeps its sign? Compare with the paths of"
                  " SGD and momentum in the ravine plot.",
          hint="Across a ravine the gradient changes sign from step to step; along its floor it "
               "does not.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q2_bias_correction(answers):
    """Question 2: why Adam needs bias correction"""
    check(answers, "bias_correction",
          revisit="Revisit §4: starting from m = v = 0, compute m_1 and v_1 after the very first "
                  "step with β1 = 0.9 and β2 = 0.999. How do they compare with g and g², and what"
                  " does dividing by 1 - β^t do to them? The plot there shows the steps with and "
                  "without the correction.",
          hint="Work out the first step by hand for a constant gradient g.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q3_saddle_gradient(answers):
    """Question 3: what a small gradient near a saddle means"""
    check(answers, "saddle_gradient",
          revisit="Revisit §6: in the saddle experiment, where was SGD's gradient norm smallest, "
                  "was that point a minimum, and what did the loss do afterwards?",
          hint="A zero gradient defines a critical point; minima are only one kind of critical "
               "point.")


@points(3)   # one of 4 questions x 3 = 12 points; the week's code tests carry the other 88
def test_q4_velocity_factor(answers):
    """Question 4: how large momentum's step grows under a constant gradient"""
    check(answers, "velocity_factor",
          revisit="Revisit §2: for a constant gradient the velocity v = μ v + g stops changing at"
                  " a fixed point. Solve v = μ v + g for v with μ = 0.99 (the plot in §2 shows "
                  "the same limit for μ = 0.9).",
          hint="Give the multiple of g as a plain number.")
