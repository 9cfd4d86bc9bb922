"""Exponential decay: lr = initial_lr * exp(-k * epoch)."""
from week3_support import judge_schedule, exponential_variants

from autograder.grading import points
from public import public_test

HINT = ("Exponential decay multiplies the rate by the same factor, e to the power -k, every epoch: after epoch "
        "epochs the factor is e to the power -k times epoch (epoch 0 gives initial_lr).")


def run(student, reference, calls, variants=True):
    judge_schedule(student, reference, "exponential_decay", calls, exponential_variants(calls) if variants else {},
                   HINT)


test_exponential_decay_values = public_test("test_exponential_decay_values")


@points(3)   # 3: k = 0 (constant), a fast decay and a large initial rate
def test_exponential_decay_other_settings(student, reference):
    """Exponential decay for k = 0, a fast decay and other initial rates"""
    calls = ([{"epoch": e, "initial_lr": 0.5, "k": 0.0} for e in (0, 1, 10)]
             + [{"epoch": e, "initial_lr": 3.0, "k": 0.5} for e in range(0, 41, 4)]
             + [{"epoch": e, "initial_lr": 0.02, "k": 0.03} for e in (0, 1, 50, 100)])
    run(student, reference, calls)
