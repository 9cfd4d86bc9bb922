"""Warmup + cosine: linear warmup, then cosine annealing over the remaining steps."""
from week3_support import check_schedule, warmup_cosine_variants

from autograder.grading import points, visible

HINT = ("step < warmup_steps: base_lr * step / warmup_steps; otherwise cosine_annealing(step - warmup_steps, "
        "total_steps - warmup_steps, base_lr, min_lr) (min_lr after total_steps).")


def run(student, reference, calls, xlabel, x):
    got = student.probe("schedule_values", fn="warmup_cosine", calls=calls)
    want = reference.probe("schedule_values", fn="warmup_cosine", calls=calls)
    check_schedule(got, want, fn="warmup_cosine", calls=calls, variants=warmup_cosine_variants(calls),
                   x=x, xlabel=xlabel, hint=HINT)


@visible
@points(4)   # 4: the whole schedule for the docstring's setting
def test_warmup_cosine_values(student, reference):
    """Warmup + cosine over 100 steps with 10 of warmup, every 5th step"""
    steps = list(range(0, 101, 5))
    calls = [{"step": s, "total_steps": 100, "warmup_steps": 10, "base_lr": 0.1} for s in steps]
    run(student, reference, calls, "step", steps)


@points(6)   # 6: boundaries (warmup_steps - 1, warmup_steps, total_steps - 1, total_steps, after) with min_lr > 0
def test_warmup_cosine_boundaries(student, reference):
    """Warmup + cosine at the phase boundary and the end, with min_lr > 0 and without warmup"""
    calls = ([{"step": s, "total_steps": 50, "warmup_steps": 8, "base_lr": 0.4, "min_lr": 0.004}
              for s in (0, 1, 7, 8, 9, 20, 29, 40, 49, 50, 51, 80)]
             + [{"step": s, "total_steps": 30, "warmup_steps": 0, "base_lr": 1.0, "min_lr": 0.1}
                for s in (0, 1, 15, 29, 30, 45)]
             + [{"step": s, "total_steps": 12, "warmup_steps": 5, "base_lr": 2.0} for s in range(15)])
    run(student, reference, calls, "call", list(range(len(calls))))
