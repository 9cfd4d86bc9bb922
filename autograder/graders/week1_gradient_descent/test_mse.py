"""mse_loss_and_grad(theta, X, y) -> (mean((X@theta - y)**2), (2/N) X^T (X@theta - y))."""
import numpy as np

from autograder.grading import GradeFailure, StudentError, constant_factor, factor_words, points
from public import public_test

from week1_support import P, describe_diff, first_diff

# Loss and gradient are a few dot products: float64 rounding is ~1e-15 relative. 1e-9 leaves room for any
# order of summation; every named mistake is off by a factor (1/2, 2, N, -1, a square root) or more.
RTOL, ATOL = 1e-9, 1e-12
HINT = ("The loss is the MEAN over the N samples of the squared residuals r = X theta - y: one number. Its "
        "gradient follows by the chain rule: the derivative of r**2 is 2r, averaged over the N samples (1/N, "
        "N = number of rows of X) and carried back to theta by the transpose of X -- a vector of theta's shape.")


def data(seed: int, n: int, d: int):
    rng = np.random.default_rng(seed)
    return rng.normal(size=d), rng.normal(size=(n, d)), rng.normal(size=n) * 2.0


test_mse_shapes = public_test("test_mse_shapes")


test_mse_loss = public_test("test_mse_loss")


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
        if grad.shape == (n,) != want.shape:
            # a family (docs/graders.md, "Round 10 is burnt"): one value per sample -- the per-sample terms
            # r_n x_n reduced over the features' axis, or never summed over the samples
            raise GradeFailure(f"{what}: the gradient has {n} entries, one per SAMPLE, where theta has {d}: the "
                               "gradient sums the per-sample terms r_n x_n over the samples (that is what X^T r "
                               "does), leaving one value per feature; a sum or mean over the features' axis, or no "
                               "sum over the samples, leaves one value per sample instead.",
                               tags=["mse-grad-wrong-axis"], hint=HINT)
        loss = np.asarray(got["loss"], dtype=float)
        if grad.size == 1 and loss.shape == want.shape and first_diff(loss, want, RTOL, ATOL) is None \
                and first_diff(grad.reshape(()), np.mean((X @ theta - y) ** 2), RTOL, ATOL) is None:
            # a mechanism (docs/graders.md, "Round 12 is burnt"): both values right, returned the other way round
            raise GradeFailure(f"{what}: the first value returned is the gradient and the second the loss: the pair "
                               "is returned the other way round. The caller unpacks loss, grad = "
                               "mse_loss_and_grad(...), by position.", tags=["mse-return-order-swapped"],
                               hint="Return the loss first, then the gradient.")
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
        extra = proportional_to(grad - want, theta)
        if extra is not None:
            raise GradeFailure(f"{what}: your gradient is the expected one plus {extra:.6g} × theta, in every one of "
                               f"its {d} entries: a term proportional to theta -- the gradient of a penalty "
                               f"(ridge, L2, weight decay) c |theta|^2 -- that this loss does not have. First "
                               f"difference: {detail}.", tags=["hidden-l2-penalty"],
                               hint=HINT + " The loss has no penalty on theta: nothing in it depends on theta "
                                           "except through the residual.")
        raise GradeFailure(f"{what}: {detail} (difference {abs(grad[idx] - want[idx]):.3g}).", hint=HINT)


def proportional_to(diff, theta):
    """c when ``diff`` is c * theta, entry by entry, over at least 2 entries of theta that are not 0 (in one
    dimension anything is proportional); None otherwise. Tolerance 1e-6 of the largest difference: the
    difference of two gradients that agree to ~1e-15, far below it, while another slip (a missing -y, a wrong
    row) leaves a difference pointing elsewhere by its own size."""
    if np.count_nonzero(theta) < 2 or not np.any(diff):
        return None
    c = float(diff @ theta / (theta @ theta))
    return c if np.allclose(diff, c * theta, rtol=0, atol=1e-6 * np.max(np.abs(diff))) else None
