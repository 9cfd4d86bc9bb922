"""numerical_gradient(f, theta, h=1e-5) -> central differences, theta's shape."""
import numpy as np

from autograder.grading import GradeFailure, points
from autograder.kit.declare import judge_student_result, rule
from public import public_test

from week1_support import first_diff, functions

HINT = ("Central differences, one entry of theta at a time: evaluate f with h added to that entry alone and with "
        "h subtracted from it, and divide the difference by the distance between the two points, 2h (in "
        "parentheses). The two points are new arrays: theta itself must not change. Any shape of theta works if you "
        "visit every entry (an index over all its positions, not only its rows).")


def wavy(seed: int, n: int) -> dict:
    """sin terms, a quartic and cubic terms: f'' and f''' are O(1-10), so forward and central differences
    differ by ~h/2 * f'' ~ 1e-5 while two central-difference codes agree to ~1e-10 (rounding / 2h)."""
    rng = np.random.default_rng(seed)
    return {"kind": "wavy", "w": rng.uniform(0.5, 2.0, size=n), "c": rng.uniform(-1.0, 1.0, size=n)}


def _candidates(f, theta, h):
    """Known wrong finite differences, computed here on the same trusted f."""
    theta = np.asarray(theta, dtype=float)
    flat = theta.reshape(-1)
    n = flat.size
    f0 = f(theta)
    fwd, bwd, one_h, cumulative, precedence, unbracketed = (np.zeros(n) for _ in range(6))
    e_acc = np.zeros(n)
    # the family "the point perturbed in place and never put back" (grown from round 11, docs/graders.md): theta[i]
    # += h, then -= 2h, and no restore leaves entry i at -h for every later entry (left_at[0]); the other order,
    # -h first, leaves it at +h (left_at[1]) -- each later entry is differenced at a point that has drifted
    left_at = {-1.0: np.zeros(n), 1.0: np.zeros(n)}
    for i in range(n):
        e = np.zeros(n)
        e[i] = h
        fp, fm = f((flat + e).reshape(theta.shape)), f((flat - e).reshape(theta.shape))
        fwd[i] = (fp - f0) / h
        bwd[i] = (f0 - fm) / h
        one_h[i] = (fp - fm) / h
        precedence[i] = (fp - fm) / 2 * h                  # "/ 2 * h": divides by 2, then MULTIPLIES by h
        unbracketed[i] = fp - fm / (2 * h)                 # no brackets round the numerator: fm alone divided
        e_acc[i] = h                                      # the perturbation vector never reset
        cumulative[i] = (f((flat + e_acc).reshape(theta.shape)) - f((flat - e_acc).reshape(theta.shape))) / (2 * h)
        for side, drifted in left_at.items():
            at = flat + side * (e_acc - e)                 # the earlier entries left shifted by side * h
            drifted[i] = (f((at + e).reshape(theta.shape)) - f((at - e).reshape(theta.shape))) / (2 * h)
    shape = theta.shape
    out = [
        ("numgrad-forward-difference", "FORWARD differences, (f(theta + h e_i) - f(theta)) / h: their error is "
         "of order h (about h/2 * f''), central differences (f(theta + h e_i) - f(theta - h e_i)) / (2h) are "
         "accurate to order h^2", fwd.reshape(shape)),
        ("numgrad-forward-difference", "BACKWARD (one-sided) differences, (f(theta) - f(theta - h e_i)) / h: use "
         "central differences, (f(theta + h e_i) - f(theta - h e_i)) / (2h)", bwd.reshape(shape)),
        ("numgrad-wrong-denominator", "central differences divided by h instead of 2h (every entry twice the "
         "gradient): the two points are 2h apart", one_h.reshape(shape)),
        ("numgrad-perturbation-not-reset", "a perturbation vector that is never reset: e[i] = h is set inside "
         "the loop but the earlier entries keep their h, so coordinate i is measured along e_0 + ... + e_i",
         cumulative.reshape(shape)),
        *[("numgrad-perturbation-not-reset", f"theta perturbed in place and never put back: after entry i is "
           f"differenced it stays {'-' if side < 0 else '+'}h away from theta, so every later entry is differenced at "
           "a point that has drifted from the theta you were given; undo each perturbation (or difference new arrays, "
           "theta + h e_i and theta - h e_i)", drifted.reshape(shape)) for side, drifted in left_at.items()],
        # its own tolerance (relative, none absolute): at h = 1e-5 it is ~1e-10 times the gradient, which the
        # aliasing model's "(nearly) 0" would also take -- only these numbers, to rounding, are this mistake
        ("numgrad-wrong-denominator", "(f(theta + h e_i) - f(theta - h e_i)) / 2 * h: without parentheses that "
         "divides by 2 and then MULTIPLIES by h (every entry is h^2 times the gradient); the denominator is (2 * h)",
         precedence.reshape(shape), {"rtol": 1e-6, "atol": 0.0}),
        # a family (docs/graders.md, "Round 10 is burnt"): the division binds to the second value only
        ("numgrad-precedence", "f(theta + h e_i) - f(theta - h e_i) / (2h): without brackets around the difference, "
         "only the second value is divided by 2h (division binds tighter than subtraction), so each entry is "
         "about f itself, not a slope; the whole difference goes over 2h", unbracketed.reshape(shape)),
    ]
    # the family "a relative step" (grown from round 12, docs/graders.md): the step of entry i scaled by the size
    # of theta_i, as scipy's approx_fprime-style helpers and Numerical Recipes choose it; the contract's step is h
    for scale, form in ((np.maximum(1.0, np.abs(flat)), "h * max(1, |theta_i|)"), (np.abs(flat), "h * |theta_i|"),
                        (1.0 + np.abs(flat), "h * (1 + |theta_i|)")):
        if np.all(scale == 1.0) or np.any(scale == 0.0):
            continue                  # the same as the contract's h, or no step at all: not this family
        rel = np.zeros(n)
        for i in range(n):
            e = np.zeros(n)
            e[i] = h * scale[i]
            rel[i] = (f((flat + e).reshape(theta.shape)) - f((flat - e).reshape(theta.shape))) / (2 * e[i])
        out.append(("numgrad-relative-step", f"central differences with a step that grows with the entry, {form} "
                    "(a relative step): the contract differences every entry with the h it is given, "
                    "(f(theta + h e_i) - f(theta - h e_i)) / (2h)", rel.reshape(shape)))
    # the family "not one entry at a time": h added to the whole theta, so every entry gets the derivative along
    # (1, ..., 1) -- one number, the sum of the partial derivatives (for a 2-D theta: also its rows, below)
    whole = (f(theta + h) - f(theta - h)) / (2 * h)
    out.append(("numgrad-not-per-element", "h added to the WHOLE theta (theta + h) instead of to entry i alone: "
                "every entry gets the same number, the derivative along (1, 1, ..., 1). Perturb one entry at a "
                "time: a vector e of zeros with e[i] = h", np.full(shape, whole)))
    if theta.ndim == 2:       # a loop over range(len(theta)) with e[i] = h perturbs a whole ROW of a 2-D theta
        rows = np.zeros(shape)
        for i in range(shape[0]):
            e = np.zeros(shape)
            e[i] = h
            rows[i] = (f(theta + e) - f(theta - e)) / (2 * h)
        out.append(("numgrad-not-per-element", "a loop over the ROWS of a 2-D theta (e[i] = h sets a whole row): "
                    "every entry of row i gets the derivative along the whole row. Visit every entry, e.g. with "
                    "np.ndindex(theta.shape)", rows))
    return out


def gradient_rule(want, f, theta, h, what, rtol, atol, call=0) -> dict:
    """The judge's rule ``close`` for a numerical gradient at ``theta`` with step ``h`` against ``want``: a
    gradient that is (nearly) 0 everywhere (theta_plus and theta_minus one array), the known wrong differences
    (_candidates) and a constant factor are named. Used by the public central-differences check too."""
    want = np.asarray(want, dtype=float)
    # the known wrong differences first: one of them (h^2 times the gradient) is also "nearly 0" at a small h
    mistakes = [{"tag": tag, "words": words, "values": cand, **(tol[0] if tol else {})}
                for tag, words, cand, *tol in _candidates(f, theta, h)]
    mistakes += [] if np.allclose(want, 0.0, atol=1e-3) else [
        {"tag": "numgrad-aliasing", "values": np.zeros_like(want), "rtol": 0.0, "atol": 1e-6,   # "nearly 0"
         "words": "a gradient that is (nearly) 0 everywhere, so f(theta + h e_i) and f(theta - h e_i) were the same "
                  "number: theta_plus and theta_minus are probably the same array (theta_plus = theta does not "
                  "copy, and the two in-place changes cancel)",
         "hint": "Make the perturbed points new arrays: theta + e and theta - e, or theta.copy()."}]
    return rule("close", call=call, path=["grad"], what=what, expected=[want], rtol=rtol, atol=atol,
                detail="the gradient{where}: expected {want}, got {got}", message="{what}: {detail}{diff}.",
                mistake_message="{what}: your gradient matches {words}. First difference: {detail}.",
                shape_hint="Return an array shaped like theta: np.zeros_like(theta), filled per coordinate.",
                mistakes=mistakes, factor={"names": {"h": h, "1/h": 1 / h, "h^2": h * h, "2": 2.0, "1/2": 0.5},
                                           "thing": "the expected gradient", "tag": "numgrad-scaled",
                                           "sign_tag": "numgrad-wrong-sign",
                                           "message": "{what}: {words}. First difference: {detail}."})


def _judge(got, want, f, theta, h, what, rtol, atol):
    judge_student_result(got, {"rules": [gradient_rule(want, f, theta, h, what, rtol, atol)], "hint": HINT})


test_numgrad_shape = public_test("test_numgrad_shape")


test_numgrad_central_differences = public_test("test_numgrad_central_differences")


@points(3)   # 3: honours the h argument (a larger h makes the h^2 error visible)
def test_numgrad_uses_h(student, reference):
    """numerical_gradient uses the step h it is given"""
    problem = wavy(23, 4)
    f, _, _ = functions(problem)
    theta = np.random.default_rng(23).normal(size=(4,))
    h = 1e-2
    got = student.probe("numgrad", problem=problem, theta=theta, h=h)
    want = np.asarray(reference.probe("numgrad", problem=problem, theta=theta, h=h)["grad"], dtype=float)
    grad = np.asarray(got["grad"], dtype=float)
    default = np.asarray(reference.probe("numgrad", problem=problem, theta=theta)["grad"], dtype=float)
    # with h = 1e-2 central differences are off by h^2/6 f''' ~ 1e-5 from the h = 1e-5 result, while two
    # implementations with the same h agree to ~1e-13 (rounding / 2h): 1e-9 separates them
    if grad.shape == want.shape and first_diff(grad, want, 1e-9, 1e-9) is not None:
        own_default = np.asarray(student.probe("numgrad", problem=problem, theta=theta)["grad"], dtype=float)
        # the same result whatever h is passed (the default's, or a step of the function's own): h is ignored
        if own_default.shape == grad.shape and first_diff(grad, own_default, 1e-12, 1e-12) is None:
            which = "the one for h = 1e-5" if first_diff(grad, default, 1e-9, 1e-9) is None else \
                "the same as with the default h"
            raise GradeFailure(f"numerical_gradient(f, theta, h={h}): your result is {which}, so the h argument is "
                               "ignored (a step hard-coded inside the function?).", tags=["numgrad-ignores-h"],
                               hint="Use the parameter h in both the step and the denominator.")
    _judge(got, want, f, theta, h, f"numerical_gradient(f, theta, h={h})", rtol=1e-9, atol=1e-9)


@points(3)   # 3: the "never modify inputs" convention (in-place perturbation is the classic slip)
def test_numgrad_leaves_theta_unchanged(student, reference):
    """numerical_gradient leaves theta unchanged"""
    problem = wavy(24, 5)
    theta = np.random.default_rng(24).normal(size=(5,))
    got = student.probe("numgrad", problem=problem, theta=theta)
    # 1e-12: a perturb-and-restore loop (theta[i] += h ... theta[i] -= h) may leave a 1-ulp trace
    # (~1e-16) that we do not count; a perturbation left behind is h = 1e-5 or more
    if not got["input_change"] <= 1e-12 or got["same_object"]:
        raise GradeFailure(
            "numerical_gradient changed theta, the caller's array "
            f"(by up to {got['input_change']:.3g}): it perturbs theta in place and does not restore it. "
            "A gradient checker must not move the point it checks.", tags=["numgrad-mutates-theta"],
            hint="Build the perturbed points as new arrays (theta + e, theta - e) instead of editing theta.")
