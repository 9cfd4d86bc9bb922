"""Cosine annealing from lr_max at t = 0 to lr_min at t = T, lr_min after T."""
from week3_support import judge_schedule, cosine_variants

from autograder.grading import points
from public import public_test

HINT = ("Cosine annealing moves the rate from lr_max at t = 0 to lr_min at t = T along half a cosine: lr_min plus "
        "the distance (lr_max - lr_min) times (1 + cos(pi t / T)) / 2, a factor going from 1 to 0. Past T the rate "
        "stays at lr_min.")


def run(student, reference, calls, variants=True):
    judge_schedule(student, reference, "cosine_annealing", calls, cosine_variants(calls) if variants else {}, HINT)


test_cosine_values = public_test("test_cosine_values")


@points(6)   # 6: lr_min > 0, t = T exactly, t > T (clamped), odd T: the boundaries where mistakes live
def test_cosine_lr_min_and_after_T(student, reference):
    """Cosine annealing lands on lr_min at t = T and stays there for t > T"""
    calls = ([{"t": t, "T": 30, "lr_max": 0.5, "lr_min": 0.01} for t in range(0, 61, 3)]
             + [{"t": t, "T": 7, "lr_max": 1.0, "lr_min": 0.2} for t in (0, 1, 3, 6, 7, 8, 10, 14)])
    run(student, reference, calls)
