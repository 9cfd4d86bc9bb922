"""numerical_gradient(f, theta, h=1e-5) -> central differences, theta's shape."""
import numpy as np

from autograder.grading import GradeFailure, constant_factor, factor_words, points, visible

from week1_support import describe_diff, first_diff, functions

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
    fwd, bwd, one_h, cumulative, precedence = (np.zeros(n) for _ in range(5))
    e_acc = np.zeros(n)
    for i in range(n):
        e = np.zeros(n)
        e[i] = h
        fp, fm = f((flat + e).reshape(theta.shape)), f((flat - e).reshape(theta.shape))
        fwd[i] = (fp - f0) / h
        bwd[i] = (f0 - fm) / h
        one_h[i] = (fp - fm) / h
        precedence[i] = (fp - fm) / 2 * h                  # "/ 2 * h": divides by 2, then MULTIPLIES by h
        e_acc[i] = h                                      # the perturbation vector never reset
        cumulative[i] = (f((flat + e_acc).reshape(theta.shape)) - f((flat - e_acc).reshape(theta.shape))) / (2 * h)
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
        ("numgrad-wrong-denominator", "(f(theta + h e_i) - f(theta - h e_i)) / 2 * h: without parentheses that "
         "divides by 2 and then MULTIPLIES by h (every entry is h^2 times the gradient); the denominator is (2 * h)",
         precedence.reshape(shape)),
    ]
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


def _judge(got, want, f, theta, h, what, rtol, atol):
    grad = np.asarray(got["grad"], dtype=float)
    if grad.shape != want.shape:
        raise GradeFailure(f"{what}: the result should have theta's shape {want.shape}, but it has shape "
                           f"{grad.shape}.", tags=["wrong-shape"],
                           hint="Return an array shaped like theta: np.zeros_like(theta), filled per coordinate.")
    idx = first_diff(grad, want, rtol, atol)
    if idx is None:
        return
    detail = describe_diff(grad, want, idx, "the gradient")
    if np.allclose(grad, 0.0, atol=1e-6) and not np.allclose(want, 0.0, atol=1e-3):
        raise GradeFailure(f"{what}: every entry of your gradient is (nearly) 0, so f(theta + h e_i) and "
                           f"f(theta - h e_i) were the same number: theta_plus and theta_minus are probably the "
                           f"same array (theta_plus = theta does not copy, and the two in-place changes cancel). "
                           f"First difference: {detail}.", tags=["numgrad-aliasing"],
                           hint="Make the perturbed points new arrays: theta + e and theta - e, or theta.copy().")
    for tag, words, cand in _candidates(f, theta, h):
        if first_diff(grad, cand, rtol, atol) is None:
            raise GradeFailure(f"{what}: your gradient matches {words}. First difference: {detail}.", tags=[tag],
                               hint=HINT)
    found = constant_factor(grad, want, {"h": h, "1/h": 1 / h, "h^2": h * h, "2": 2.0, "1/2": 0.5})
    if found is not None:
        raise GradeFailure(f"{what}: {factor_words(*found, 'the expected gradient')}. First difference: {detail}.",
                           tags=["numgrad-wrong-sign" if found[0] < 0 else "numgrad-scaled"], hint=HINT)
    raise GradeFailure(f"{what}: {detail} (difference {abs(grad[idx] - want[idx]):.3g}).", hint=HINT)


@visible
@points(2)   # 2: shape contract, incl. a 2-D theta (vectorised versions often flatten it away); public
def test_numgrad_shape(student, reference):
    """numerical_gradient returns an array with theta's shape (for 1-D and 2-D theta)"""
    for shape in ((5,), (2, 3)):
        problem = wavy(21, int(np.prod(shape)))
        theta = np.random.default_rng(21).normal(size=shape)
        got = student.probe("numgrad", problem=problem, theta=theta)
        grad = np.asarray(got["grad"])
        if grad.shape != shape:
            raise GradeFailure(f"numerical_gradient with theta of shape {shape}: the result should have shape "
                               f"{shape}, but it has shape {grad.shape}.", tags=["wrong-shape"],
                               hint="Loop over np.ndindex(theta.shape) (or flatten, then reshape the result).")
        if not np.all(np.isfinite(grad.astype(float))):
            raise GradeFailure(f"numerical_gradient with theta of shape {shape}: the result contains nan or inf.",
                               hint=HINT)


@points(6)   # 6: the numbers: central differences at the default h (most of this problem's marks)
def test_numgrad_central_differences(student, reference):
    """numerical_gradient computes central differences (f(theta + h e_i) - f(theta - h e_i)) / 2h"""
    problem = wavy(22, 6)
    f, grad_true, _ = functions(problem)
    for shape in ((6,), (3, 2)):
        theta = np.random.default_rng(22).normal(size=shape)
        what = f"numerical_gradient at a point of shape {shape} (default h = 1e-5)"
        got = student.probe("numgrad", problem=problem, theta=theta)
        want = np.asarray(reference.probe("numgrad", problem=problem, theta=theta)["grad"], dtype=float)
        # central differences agree with the true gradient to ~1e-9 here (h^2/6 f''' + rounding/2h)
        if first_diff(want, grad_true(theta), 1e-6, 1e-8) is not None:
            raise RuntimeError("reference numerical gradient far from the analytic one")
        # 1e-7: 1000x the rounding noise of central differences (~1e-10), 1/50 of the smallest
        # forward-difference error on this function (h/2 * f'' >= 5e-6)
        _judge(got, want, f, theta, 1e-5, what, rtol=1e-7, atol=1e-7)


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
