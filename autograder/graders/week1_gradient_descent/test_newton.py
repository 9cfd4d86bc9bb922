"""newton_method(grad_f, hess_f, theta_init, n_steps): theta <- theta - solve(H, g)."""
import numpy as np

from autograder.grading import GradeFailure, points

from week1_support import describe_diff, first_diff, functions
from public import public_test

# Solving a 2x2 or 4x4 well-conditioned system: solve vs inv(H) @ g differ by <= 3e-13 over 6 Rosenbrock
# steps (measured); 1e-8 / 1e-10 leaves room for any solver, while every named mistake is off by O(1).
RTOL, ATOL = 1e-8, 1e-10
HINT = "Each step: theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta)); n_steps times, on a copy."


def _mistakes(theta0, grad, hess):
    """One step of the known wrong updates (from theta0)."""
    g, H = grad(theta0), hess(theta0)
    with np.errstate(all="ignore"):
        return [
            ("newton-times-hessian", "theta - H @ g: the step MULTIPLIES the gradient by the Hessian instead of "
             "solving H d = g (dividing by it)", theta0 - H @ g),
            ("newton-divides-elementwise", "theta - g / H, the gradient divided by the Hessian ELEMENTWISE (which "
             "broadcasts to a d x d matrix): in several dimensions the division is a linear solve",
             theta0 - g / H),
            ("newton-divides-elementwise", "theta - g / diag(H), the gradient divided by the Hessian's diagonal "
             "ELEMENTWISE: Newton's step solves the full system H d = g", theta0 - g / np.diag(H)),
            ("newton-gradient-step", "a plain gradient step theta - g: the Hessian is not used", theta0 - g),
        ]


test_newton_shape_and_input = public_test("test_newton_shape_and_input")


test_newton_quadratic_one_step = public_test("test_newton_quadratic_one_step")


@points(4)   # 4: repeated steps on a non-quadratic (Rosenbrock), step by step
def test_newton_steps_rosenbrock(student, reference):
    """newton_method repeats theta <- theta - solve(H, g) for n_steps steps (Rosenbrock from (-1.2, 1))"""
    problem = {"kind": "rosenbrock"}
    _, grad, hess = functions(problem)
    theta0, n_steps = np.array([-1.2, 1.0]), 6
    thetas = [theta0]
    for _ in range(n_steps):
        thetas.append(thetas[-1] - np.linalg.solve(hess(thetas[-1]), grad(thetas[-1])))
    got = student.probe("newton_run", problem=problem, theta_init=theta0, n_steps=n_steps)
    what = f"newton_method on Rosenbrock from (-1.2, 1), n_steps={n_steps}"
    points_seen = [np.asarray(p, dtype=float) for p in got["grad_points"]]
    theta = np.asarray(got["theta"], dtype=float)
    if theta.shape != (2,):
        for tag, words, cand in _mistakes(theta0, grad, hess):
            if points_seen and len(points_seen) > 1 and points_seen[1].shape == cand.shape \
                    and first_diff(points_seen[1], cand, RTOL, ATOL) is None:
                raise GradeFailure(f"{what}: your first step matches {words}.", tags=[tag], hint=HINT)
        raise GradeFailure(f"{what}: theta should have shape (2,), got {theta.shape}.", tags=["wrong-shape"], hint=HINT)
    for k, p in enumerate(points_seen[:n_steps]):
        idx = first_diff(p, thetas[k], RTOL, ATOL) if p.shape == (2,) else ()
        if idx is None:
            continue
        if k == 1:
            for tag, words, cand in _mistakes(theta0, grad, hess):
                if cand.shape == p.shape and first_diff(p, cand, RTOL, ATOL) is None:
                    raise GradeFailure(f"{what}: your first step matches {words}.", tags=[tag], hint=HINT)
        raise GradeFailure(f"{what}: grad_f was called at a point that is not theta after {k} step(s): "
                           f"{describe_diff(p, thetas[k], idx, f'theta after step {k}')}.", hint=HINT)
    for count in (n_steps - 1, n_steps + 1):
        other = thetas[count] if count <= n_steps else \
            thetas[-1] - np.linalg.solve(hess(thetas[-1]), grad(thetas[-1]))
        if count != n_steps and first_diff(theta, other, RTOL, ATOL) is None and \
                first_diff(theta, thetas[-1], RTOL, ATOL) is not None:
            raise GradeFailure(f"{what}: your theta is the result of {count} steps instead of {n_steps}.",
                               tags=["newton-step-count"], hint=HINT)
    idx = first_diff(theta, thetas[-1], RTOL, ATOL)
    if idx is not None:
        raise GradeFailure(f"{what}: {describe_diff(theta, thetas[-1], idx, 'final theta')}.", hint=HINT)
