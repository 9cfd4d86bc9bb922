"""Linear warmup: base_lr * step / warmup_steps while step < warmup_steps, then base_lr."""
from week3_support import judge_schedule, warmup_variants

from autograder.grading import GradeFailure, StudentError, points
from public import public_test

HINT = ("Linear warmup ramps the rate from 0 at step 0 up to base_lr: the fraction step / warmup_steps of base_lr "
        "while step < warmup_steps, then base_lr. With warmup_steps = 0 there is no ramp at all.")


def run(student, reference, calls, variants=True):
    judge_schedule(student, reference, "linear_warmup", calls, warmup_variants(calls) if variants else {}, HINT)


test_warmup_values = public_test("test_warmup_values")


@points(3)   # 3: steps warmup_steps - 1, warmup_steps, warmup_steps + 1 for several lengths (off-by-one)
def test_warmup_boundaries(student, reference):
    """Linear warmup at the boundary steps warmup_steps - 1, warmup_steps and after, for several lengths"""
    calls = [{"step": s, "warmup_steps": w, "base_lr": lr}
             for w, lr in ((1, 0.3), (4, 1.0), (7, 0.05)) for s in sorted({0, 1, w - 1, w, w + 1, 3 * w})]
    run(student, reference, calls)


@points(1)   # 1: a small edge case the docstring states (0 means no warmup)
def test_warmup_zero_steps(student, reference):
    """Linear warmup with warmup_steps = 0 means no warmup: base_lr from step 0"""
    calls = [{"step": s, "warmup_steps": 0, "base_lr": 0.2} for s in (0, 1, 5)]
    try:
        run(student, reference, calls, variants=False)
    except StudentError as error:
        if "ZeroDivisionError" not in error.message:
            raise
        raise GradeFailure("linear_warmup(step, warmup_steps=0, base_lr) raised ZeroDivisionError: with no warmup "
                           "the fraction step / warmup_steps divides by zero. warmup_steps = 0 means no ramp: "
                           "base_lr from step 0.", tags=["warmup-zero-steps"],
                           hint="Check whether there is a warmup at all before computing the fraction.") from None
