"""Step decay: lr = initial_lr * drop ** (epoch // epochs_drop)."""
from week3_support import judge_schedule, step_decay_variants

from autograder.grading import points
from public import public_test

HINT = ("Step decay is a staircase: the rate is initial_lr times drop to the power of the number of COMPLETED "
        "intervals of epochs_drop epochs (epochs count from 0, so epochs 0 .. epochs_drop - 1 keep initial_lr).")


def run(student, reference, calls, variants=True):
    judge_schedule(student, reference, "step_decay", calls, step_decay_variants(calls) if variants else {}, HINT)


test_step_decay_defaults = public_test("test_step_decay_defaults")


@points(4)   # 4: other drops and intervals, where off-by-one and rounding mistakes show
def test_step_decay_other_settings(student, reference):
    """Step decay with other drops and intervals changes the rate exactly at multiples of epochs_drop"""
    calls = ([{"epoch": e, "initial_lr": 1.0, "drop": 0.1, "epochs_drop": 3} for e in range(13)]
             + [{"epoch": e, "initial_lr": 2.0, "drop": 0.25, "epochs_drop": 7}
                for e in (0, 3, 4, 6, 7, 8, 13, 14, 20, 21)]
             + [{"epoch": e, "initial_lr": 0.3, "drop": 0.5, "epochs_drop": 1} for e in range(5)])
    run(student, reference, calls)
