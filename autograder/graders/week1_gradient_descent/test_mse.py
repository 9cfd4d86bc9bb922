"""mse_loss_and_grad(theta, X, y) -> (mean((X@theta - y)**2), (2/N) X^T (X@theta - y))."""
import numpy as np

from autograder.grading import GradeFailure, StudentError, constant_factor, factor_words, points, visible

from week1_support import P, describe_diff, first_diff, num

# Loss and gradient are a few dot products: float64 rounding is ~1e-15 relative. 1e-9 leaves room for any
# order of summation; every named mistake is off by a factor (1/2, 2, N, -1, a square root) or more.
RTOL, ATOL = 1e-9, 1e-12
HINT = ("The loss is the MEAN over the N samples of the squared residuals r = X theta - y: one number. Its "
        "gradient follows by the chain rule: the derivative of r**2 is 2r, averaged over the N samples (1/N, "
        "N = number of rows of X) and carried back to theta by the transpose of X -- a vector of theta's shape.")


def data(seed: int, n: int, d: int):
    rng = np.random.default_rng(seed)
    return rng.normal(size=d), rng.normal(size=(n, d)), rng.normal(size=n) * 2.0


@visible
@points(3)   # 3: the return contract (a number and a (d,) array) and untouched inputs; public
def test_mse_shapes(student, reference):
    """mse_loss_and_grad returns a scalar loss and a gradient of shape (d,), leaving its inputs unchanged"""
    theta, X, y = data(31, 12, 3)
    got = student.probe("mse", theta=theta, X=X, y=y)
    shape = tuple(got["loss_shape"])
    if shape != ():          # a float, a NumPy scalar or a 0-d array are all one number
        raise GradeFailure(f"mse_loss_and_grad with X of shape {X.shape}: the loss should be one number (a Python "
                           f"float), but it is an array of shape {shape}.", tags=["wrong-shape"],
                           hint="The loss is one number: the mean over ALL the squared residuals (no axis: a "
                                "scalar), returned as a Python float.")
    grad = np.asarray(got["grad"])
    if grad.shape != (3,):
        raise GradeFailure(f"mse_loss_and_grad with X of shape {X.shape}: the gradient should have theta's shape "
                           f"(3,), but it has shape {grad.shape}.", tags=["wrong-shape"],
                           hint="X.T @ r has shape (d,) when r has shape (N,); check for an (N, 1) residual.")
    if got["changed"]:
        raise GradeFailure(f"mse_loss_and_grad modified its input(s) {', '.join(got['changed'])}; inputs must "
                           "be left as they are.", tags=["modifies-input"], hint="Compute new arrays instead "
                           "of updating the inputs in place.")


@points(3)   # 3: the loss value
def test_mse_loss(student, reference):
    """mse_loss_and_grad: the loss is mean((X @ theta - y)**2)"""
    for seed, n, d in ((32, 30, 4), (33, 7, 2)):
        theta, X, y = data(seed, n, d)
        got = student.probe("mse", theta=theta, X=X, y=y)
        want = P.mse_value(theta, X, y)
        if abs(float(reference.probe("mse", theta=theta, X=X, y=y)["loss"]) - want) > 1e-9 * want:
            raise RuntimeError("reference MSE disagrees with the grader's")
        loss = np.asarray(got["loss"], dtype=float).reshape(-1)
        if loss.size != 1:
            raise GradeFailure(f"mse_loss_and_grad: the loss should be one number; got {loss.size} values.",
                               tags=["wrong-shape"], hint=HINT)
        loss = float(loss[0])
        what = f"mse_loss_and_grad with N = {n} samples"
        if np.isclose(loss, want, rtol=RTOL, atol=ATOL):
            continue
        for tag, words, cand in (
                ("mse-loss-sum", f"the SUM of squared residuals (N = {n} times the mean): the loss is the mean",
                 want * n),
                ("mse-loss-half", "half the mean squared error, 0.5 * mean(r**2) (another convention): the "
                 "course's loss has no 1/2", 0.5 * want),
                ("mse-loss-root", "the ROOT mean squared error: the loss is mean(r**2) without the square root",
                 np.sqrt(want)),
                ("mse-loss-square-of-mean", "the square of the MEAN residual, (mean r)**2: square each residual "
                 "first, then average", float(np.mean(X @ theta - y)) ** 2)):
            if np.isclose(loss, cand, rtol=RTOL, atol=ATOL):
                raise GradeFailure(f"{what}: your loss {num(loss)} matches {words}; expected {num(want)}.",
                                   tags=[tag], hint=HINT)
        raise GradeFailure(f"{what}: expected loss {num(want)}, got {num(loss)}.", hint=HINT)


@points(6)   # 6: the gradient, which every later training loop depends on (most of this problem's marks)
def test_mse_gradient(student, reference):
    """mse_loss_and_grad: the gradient is (2/N) X^T (X @ theta - y)"""
    for seed, n, d in ((34, 30, 4), (35, 7, 2)):
        theta, X, y = data(seed, n, d)
        try:
            got = student.probe("mse", theta=theta, X=X, y=y)
        except StudentError as error:
            if "mismatch in its core dimension" not in error.message and "not aligned" not in error.message:
                raise
            raise GradeFailure(f"mse_loss_and_grad with X of shape {X.shape}: {error.message.splitlines()[0]} -- a "
                               f"matrix product whose shapes do not fit. The residual has shape ({n},), one entry per "
                               f"sample; to get a gradient of theta's shape ({d},) it is multiplied by X TRANSPOSED.",
                               tags=["mse-grad-no-transpose"], hint=HINT) from None
        want = P.mse_grad(theta, X, y)
        if first_diff(reference.probe("mse", theta=theta, X=X, y=y)["grad"], want, RTOL, ATOL) is not None:
            raise RuntimeError("reference MSE gradient disagrees with the grader's")
        grad = np.asarray(got["grad"], dtype=float)
        what = f"mse_loss_and_grad with N = {n} samples"
        if grad.shape != want.shape:
            raise GradeFailure(f"{what}: the gradient should have shape {want.shape}, got {grad.shape}.",
                               tags=["wrong-shape"], hint=HINT)
        idx = first_diff(grad, want, RTOL, ATOL)
        if idx is None:
            continue
        detail = describe_diff(grad, want, idx, "the gradient")
        for tag, words, factor in (
                ("mse-grad-missing-2", "the gradient WITHOUT the factor 2 (half the true gradient): the "
                 "derivative of r**2 is 2r", 0.5),
                ("mse-grad-missing-mean", f"the gradient WITHOUT the 1/N (N = {n} times too large): the loss is a "
                 "mean, so its gradient is a mean too", n),
                ("mse-grad-missing-mean", f"X^T r without the 2/N (N/2 = {n / 2:g} times too large)", n / 2),
                ("mse-grad-wrong-normaliser", f"the gradient divided by the number of FEATURES d = {d} instead "
                 f"of the number of samples N = {n} (X has shape (N, d))", n / d),
                ("mse-grad-wrong-sign", "the gradient with the wrong sign, e.g. from r = y - X @ theta: then "
                 "grad = -(2/N) X^T r", -1.0)):
            if first_diff(grad, factor * want, RTOL, ATOL) is None:
                raise GradeFailure(f"{what}: your gradient matches {words}. First difference: {detail}.",
                                   tags=[tag], hint=HINT)
        found = constant_factor(grad, want, {"N": n, "1/N": 1 / n, "d": d, "2": 2.0, "1/2": 0.5})
        if found is not None:
            raise GradeFailure(f"{what}: {factor_words(*found, 'the expected gradient')}. First difference: "
                               f"{detail}.", tags=["mse-grad-scaled"], hint=HINT)
        raise GradeFailure(f"{what}: {detail} (difference {abs(grad[idx] - want[idx]):.3g}).", hint=HINT)
