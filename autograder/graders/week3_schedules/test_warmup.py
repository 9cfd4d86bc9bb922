"""Linear warmup: base_lr * step / warmup_steps while step < warmup_steps, then base_lr."""
from week3_support import check_schedule, warmup_variants

from autograder.grading import points
from public import public_test

HINT = "lr = base_lr * step / warmup_steps while step < warmup_steps (step 0 gives 0), then base_lr."


def run(student, reference, calls, xlabel, x, variants=True):
    got = student.probe("schedule_values", fn="linear_warmup", calls=calls)
    want = reference.probe("schedule_values", fn="linear_warmup", calls=calls)
    check_schedule(got, want, fn="linear_warmup", calls=calls, variants=warmup_variants(calls) if variants else {},
                   x=x, xlabel=xlabel, hint=HINT)


test_warmup_values = public_test("test_warmup_values")


@points(3)   # 3: steps warmup_steps - 1, warmup_steps, warmup_steps + 1 for several lengths (off-by-one)
def test_warmup_boundaries(student, reference):
    """Linear warmup at the boundary steps warmup_steps - 1, warmup_steps and after, for several lengths"""
    calls = [{"step": s, "warmup_steps": w, "base_lr": lr}
             for w, lr in ((1, 0.3), (4, 1.0), (7, 0.05)) for s in sorted({0, 1, w - 1, w, w + 1, 3 * w})]
    run(student, reference, calls, "call", list(range(len(calls))))


@points(1)   # 1: a small edge case the docstring states (0 means no warmup)
def test_warmup_zero_steps(student, reference):
    """Linear warmup with warmup_steps = 0 means no warmup: base_lr from step 0"""
    calls = [{"step": s, "warmup_steps": 0, "base_lr": 0.2} for s in (0, 1, 5)]
    run(student, reference, calls, "step", [0, 1, 5], variants=False)
