"""Warmup + cosine: linear warmup, then cosine annealing over the remaining steps."""
from week3_support import schedule_rule, warmup_cosine_helpers, warmup_cosine_variants

from autograder.grading import points
from autograder.kit.declare import Call, judge_student
from public import public_test

HINT = ("Two phases glued together: the linear warmup while step < warmup_steps, then a cosine annealing from "
        "base_lr to min_lr with its own clock -- t counts the steps since the warmup ended, over the "
        "total_steps - warmup_steps steps that remain (and min_lr after that). Your own linear_warmup and "
        "cosine_annealing can do both phases.")


def run(student, reference, calls, points_here):
    """The schedule against the reference's; when it differs only because the student's own linear_warmup or
    cosine_annealing does, the mistake is graded where it lives (full points here, with a note)."""
    helpers, own = warmup_cosine_helpers(calls, points_here)
    want = reference.probe("schedule_values", fn="warmup_cosine", calls=calls)
    judge_student(student, [Call("schedule_values", fn="warmup_cosine", calls=calls), *helpers],
                  {"rules": [schedule_rule("warmup_cosine", calls, want, warmup_cosine_variants(calls), own_helpers=own)],
                   "hint": HINT})


test_warmup_cosine_values = public_test("test_warmup_cosine_values")


@points(6)   # 6: boundaries (warmup_steps - 1, warmup_steps, total_steps - 1, total_steps, after) with min_lr > 0
def test_warmup_cosine_boundaries(student, reference):
    """Warmup + cosine at the phase boundary and the end, with min_lr > 0 and without warmup"""
    calls = ([{"step": s, "total_steps": 50, "warmup_steps": 8, "base_lr": 0.4, "min_lr": 0.004}
              for s in (0, 1, 7, 8, 9, 20, 29, 40, 49, 50, 51, 80)]
             + [{"step": s, "total_steps": 30, "warmup_steps": 0, "base_lr": 1.0, "min_lr": 0.1}
                for s in (0, 1, 15, 29, 30, 45)]
             + [{"step": s, "total_steps": 12, "warmup_steps": 5, "base_lr": 2.0} for s in range(15)])
    run(student, reference, calls, 6)
