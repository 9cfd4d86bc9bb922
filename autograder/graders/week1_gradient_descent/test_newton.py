"""newton_method(grad_f, hess_f, theta_init, n_steps): theta <- theta - solve(H, g)."""
import numpy as np

from autograder.grading import GradeFailure, points, step_figure
from public import public_test

from week1_support import describe_diff, first_diff, functions, restarts_from_start, run_from_start, step_points

# Solving a 2x2 or 4x4 well-conditioned system: solve vs inv(H) @ g differ by <= 3e-13 over 6 Rosenbrock
# steps (measured); 1e-8 / 1e-10 leaves room for any solver, while every named mistake is off by O(1).
RTOL, ATOL = 1e-8, 1e-10
HINT = ("A Newton step divides the gradient by the curvature: in several dimensions that division is a LINEAR "
        "SOLVE -- the step d satisfies H d = g, with the Hessian H and gradient g both taken at the current theta -- "
        "and theta moves by -d. Repeat n_steps times on a copy of theta_init. (A matrix inverse works too; an "
        "elementwise division or product does not.)")


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
            ("newton-elementwise-product", "theta - inv(H) * g, the inverse multiplied ELEMENTWISE by g (which "
             "broadcasts to a d x d matrix): the step is the matrix-vector product inv(H) @ g, i.e. a linear solve",
             theta0 - np.linalg.inv(H) * g),
            # a family (docs/graders.md, "Round 14 is burnt"): H^-1 of the formula taken entry by entry -- H ** -1,
            # 1 / H, np.reciprocal(H) -- then multiplied as a matrix; an off-diagonal 0 of H makes it inf
            ("newton-elementwise-inverse", "theta - (1 / H) @ g: every ENTRY of the Hessian inverted on its own "
             "(H ** -1, 1 / H or np.reciprocal(H) work elementwise in NumPy), not the matrix inverted: the H^-1 of "
             "the formula is the matrix whose product with H is the identity, and the step it gives is a linear "
             "solve", theta0 - (1.0 / H) @ g),
            # (round 13's burn, named in round 14's) the Hessian's ENTRIES made non-negative, np.abs(H), then solved
            ("newton-hessian-modified", "theta - solve(np.abs(H), g): the Hessian with every ENTRY made non-negative "
             "(absolute values taken entry by entry, which is not making its eigenvalues positive either): the "
             "course's Newton step solves with the Hessian as it is", theta0 - np.linalg.solve(np.abs(H), g)),
        ] + _step_as_iterate(H, g)


def _step_as_iterate(H, g):
    """A family (docs/graders.md, "Round 12 is burnt"): the step d = solve(H, g) (or the direction -d) assigned
    to theta in place of theta - d, whatever computes it (solve, inv(H) @ g); none where H is singular."""
    try:
        d = np.linalg.solve(H, g)
    except np.linalg.LinAlgError:
        return []
    return [("newton-step-as-iterate", "theta = solve(H, g): the Newton STEP d itself put in theta's place; d is "
             "what theta moves by, theta - d", d),
            ("newton-step-as-iterate", "theta = -solve(H, g): the Newton direction -d itself put in theta's place; "
             "it is what is ADDED to theta, theta + (-d)", -d)]


def levenberg(points, grad, hess) -> float | None:
    """A family (docs/graders.md, "Round 11 is burnt"): every step solves (H + c I) d = g with one constant c > 0 --
    the Hessian regularised by c on its diagonal (Levenberg damping), whatever c. c from the first step (c d = g - H d,
    least squares), or None when the run's points are not such steps. 1e-8 relative: the model is the same solve,
    while a damping changes the step by c / (lambda + c), whole percents for any c a student writes."""
    pts = [np.asarray(p, dtype=np.float64) for p in points]
    if len(pts) < 3 or any(p.shape != pts[0].shape for p in pts):
        return None
    with np.errstate(all="ignore"):
        d = pts[0] - pts[1]
        c = float(d @ (grad(pts[0]) - hess(pts[0]) @ d) / (d @ d)) if d @ d > 0 else np.nan
        if not np.isfinite(c) or c <= 1e-6:        # 1e-6: below it the damping is round-off, not a method
            return None
        eye = np.eye(pts[0].size)
        steps = [p - np.linalg.solve(hess(p) + c * eye, grad(p)) for p in pts[:-1]]
    return c if all(first_diff(q, s, RTOL, ATOL) is None for q, s in zip(pts[1:], steps)) else None


def _path_figure(what, seen, theta, thetas, k, j, mark) -> dict:
    """theta[j] at each step: where grad_f was called (steps 0 .. n-1) and the returned theta (step n)."""
    yours = [q[j] if q.shape == (2,) else None for q in seen[:len(thetas) - 1]]
    yours += [None] * (len(thetas) - 1 - len(yours)) + [theta[j] if theta.shape == (2,) else None]
    return step_figure(title=f"{what}: theta[{j}] at each step", xlabel="step (0 = theta_init)",
                       ylabel=f"theta[{j}] after the step", x=range(len(thetas)), yours=yours,
                       expected=[t[j] for t in thetas], mark_x=k, mark_label=mark)


test_newton_shape_and_input = public_test("test_newton_shape_and_input")


test_newton_quadratic_one_step = public_test("test_newton_quadratic_one_step")


@points(4)   # 4: repeated steps on a non-quadratic (Rosenbrock), step by step, then where H is not positive definite
def test_newton_steps_rosenbrock(student, reference):
    """newton_method repeats theta <- theta - solve(H, g) for n_steps steps (Rosenbrock from (-1.2, 1); a saddle)"""
    _rosenbrock_run(student)
    _saddle_run(student)


# A quadratic whose Hessian has eigenvalues 2 and -1 (indefinite everywhere): the spec's step is still
# theta - solve(H, g), which lands on the stationary point -- the saddle -- in one step and stays there (the lesson's
# warning that Newton goes to any stationary point). Solving this 2x2 system is exact to ~1e-16.
SADDLE = {"kind": "quadratic", "A": np.array([[1.25, 1.299038105676658], [1.299038105676658, -0.25]]),
          "b": np.array([1.0, -0.5])}
SADDLE_WORDS = ("where the Hessian is not positive definite your step is not theta - solve(H, g), while on "
                "Rosenbrock (every Hessian there positive definite) your steps are Newton's: the course's Newton "
                "method takes the Hessian as it is, whatever its eigenvalues, and goes to the saddle point -- "
                "a fallback or a modified Hessian is another method")


def _saddle_run(student):
    _, grad, hess = functions(SADDLE)
    theta0, n_steps = np.array([-1.0, 2.0]), 3   # g.solve(H, g) < 0 here: the Newton step goes uphill
    thetas = [theta0]
    for _ in range(n_steps):
        thetas.append(thetas[-1] - np.linalg.solve(hess(thetas[-1]), grad(thetas[-1])))
    got = run_from_start(student, "newton_run", problem=SADDLE, theta_init=theta0, n_steps=n_steps)
    what = f"newton_method on a quadratic saddle (Hessian eigenvalues 2 and -1) from (-1, 2), n_steps={n_steps}"
    theta = np.asarray(got["theta"], dtype=float)
    idx = first_diff(theta, thetas[-1], RTOL, ATOL) if theta.shape == (2,) else (0,)
    if idx is None:
        return
    seen = step_points(got["grad_points"], n_steps)
    first = seen[1] if len(seen) > 1 else theta
    g, H = grad(theta0), hess(theta0)
    lam, V = np.linalg.eigh(H)
    models = [   # what a first step that treats an indefinite H differently gives (words: how it was computed)
        ("a gradient step theta - g", theta0 - g),
        ("a step with the Hessian's eigenvalues made positive, solve(|H|, g) (saddle-free Newton)",
         theta0 - V @ ((V.T @ g) / np.abs(lam))),
        ("the Newton step reversed, theta + solve(H, g) (turned around because it goes uphill)",
         theta0 + np.linalg.solve(H, g)),
        # (round 13's burn, named in round 14's) np.abs(H): every ENTRY made non-negative, not the eigenvalues
        ("a step with every ENTRY of the Hessian made non-negative, solve(np.abs(H), g) (absolute values taken "
         "entry by entry, which is not making its eigenvalues positive)", theta0 - np.linalg.solve(np.abs(H), g))]
    named, tags = "", []
    if first.shape == (2,) and first_diff(first, thetas[1], RTOL, ATOL) is not None:
        match = next((w for w, cand in models if first_diff(first, cand, RTOL, ATOL) is None), None)
        named = SADDLE_WORDS + (f" (your first step is {match})" if match else "") + ". "
        tags = ["newton-hessian-modified"]
    mark = describe_diff(theta, thetas[-1], idx, "final theta") if theta.shape == (2,) else \
        f"theta has shape {theta.shape}, expected (2,)"
    raise GradeFailure(f"{what}: {named}{mark}.", tags=tags, hint=HINT,
                       figure=_path_figure(what, seen, theta, thetas, n_steps, idx[0], mark))


def _rosenbrock_run(student):
    problem = {"kind": "rosenbrock"}
    _, grad, hess = functions(problem)
    theta0, n_steps = np.array([-1.2, 1.0]), 6
    thetas = [theta0]
    for _ in range(n_steps):
        thetas.append(thetas[-1] - np.linalg.solve(hess(thetas[-1]), grad(thetas[-1])))
    got = run_from_start(student, "newton_run", problem=problem, theta_init=theta0, n_steps=n_steps)
    what = f"newton_method on Rosenbrock from (-1.2, 1), n_steps={n_steps}"
    # where grad_f was called (a second call at the same point in a step counted once: correct code)
    points_seen = step_points(got["grad_points"], n_steps)
    theta = np.asarray(got["theta"], dtype=float)
    if theta.shape != (2,):
        for tag, words, cand in _mistakes(theta0, grad, hess):
            if points_seen and len(points_seen) > 1 and points_seen[1].shape == cand.shape \
                    and first_diff(points_seen[1], cand, RTOL, ATOL) is None:
                raise GradeFailure(f"{what}: your first step matches {words}.", tags=[tag], hint=HINT)
        raise GradeFailure(f"{what}: theta should have shape (2,), got {theta.shape}.", tags=["wrong-shape"], hint=HINT)
    frozen_h = [theta0]                                                  # the Hessian of theta_init, kept
    for _ in range(n_steps):
        frozen_h.append(frozen_h[-1] - np.linalg.solve(hess(theta0), grad(frozen_h[-1])))
    abs_h = [theta0]          # (round 13's burn, named in round 14's) every step with the Hessian's entries' |.|
    for _ in range(n_steps):
        abs_h.append(abs_h[-1] - np.linalg.solve(np.abs(hess(abs_h[-1])), grad(abs_h[-1])))
    whole_runs = [  # (tag, words, where that run ends): mistakes seen in the final theta
        ("newton-fixed-step", f"your theta is theta_init minus {n_steps} times the FIRST Newton step: the direction "
         "solve(H, g) is computed once, at theta_init, and reused. H and g change with theta, so solve again at "
         "every step.", theta0 - n_steps * np.linalg.solve(hess(theta0), grad(theta0))),
        ("newton-fixed-hessian", "your steps use the Hessian of theta_init at every step (computed once, before the "
         "loop): Newton's method takes the curvature at the CURRENT theta each time.", frozen_h[-1]),
        ("newton-hessian-modified", "every step solves with np.abs(H), the Hessian with each ENTRY made non-negative "
         "(the same as H while its entries are positive, as at Rosenbrock's start, then not): the course's Newton "
         "step solves with the Hessian as it is.", abs_h[-1])]
    if first_diff(theta, thetas[-1], RTOL, ATOL) is not None:
        for tag, words, end in whole_runs:
            if first_diff(theta, end, RTOL, ATOL) is None:
                mark = describe_diff(theta, thetas[-1], first_diff(theta, thetas[-1], RTOL, ATOL), "final theta")
                raise GradeFailure(f"{what}: {words} {mark}.", tags=[tag], hint=HINT,
                                   figure=_path_figure(what, points_seen, theta, thetas, n_steps, 0, mark))
    for k, p in enumerate(points_seen[:n_steps]):
        idx = first_diff(p, thetas[k], RTOL, ATOL) if p.shape == (2,) else ()
        if idx is None:
            continue
        named, tags = "", []
        damping = levenberg(points_seen[:n_steps] + [theta], grad, hess)
        if damping is not None:
            named, tags = (f"Every step solves (H + {damping:.3g} I) d = g: the Hessian with {damping:.3g} added to "
                           "its diagonal (a regularised, Levenberg-damped Hessian), so each step is shorter than Newton's "
                           "and one step no longer lands on a quadratic's minimum. The course's step solves H d = g "
                           "with the Hessian as it is. "), ["newton-regularised-hessian"]
        elif restarts_from_start(points_seen[:n_steps], theta0, lambda p: -np.linalg.solve(hess(p), grad(p))):
            named, tags = ("Every step starts again from theta_init: each point is theta_init minus the Newton step "
                           "computed at the previous point, so the run never gets further than one step from the "
                           "start. Each step moves the CURRENT theta. "), ["newton-steps-from-start"]
        elif k == 1:
            for tag, words, cand in _mistakes(theta0, grad, hess):
                if cand.shape == p.shape and first_diff(p, cand, RTOL, ATOL) is None:
                    named, tags = f"your first step matches {words}. ", [tag]
                    break
        mark = describe_diff(p, thetas[k], idx or (0,), f"theta after step {k}")
        raise GradeFailure(f"{what}: {named}grad_f was called at a point that is not theta after {k} step(s): "
                           f"{mark}.", tags=tags, hint=HINT,
                           figure=_path_figure(what, points_seen, theta, thetas, k, (idx or (0,))[0], mark))
    for count in (n_steps - 1, n_steps + 1):
        other = thetas[count] if count <= n_steps else \
            thetas[-1] - np.linalg.solve(hess(thetas[-1]), grad(thetas[-1]))
        if count != n_steps and first_diff(theta, other, RTOL, ATOL) is None and \
                first_diff(theta, thetas[-1], RTOL, ATOL) is not None:
            mark = describe_diff(theta, thetas[-1], first_diff(theta, thetas[-1], RTOL, ATOL), "final theta")
            raise GradeFailure(f"{what}: your theta is the result of {count} steps instead of {n_steps}: {mark}.",
                               tags=["newton-step-count"], hint=HINT,
                               figure=_path_figure(what, points_seen, theta, thetas, n_steps, 0, mark))
    idx = first_diff(theta, thetas[-1], RTOL, ATOL)
    if idx is not None:
        mark = describe_diff(theta, thetas[-1], idx, "final theta")
        raise GradeFailure(f"{what}: {mark}.", hint=HINT,
                           figure=_path_figure(what, points_seen, theta, thetas, n_steps, idx[0], mark))
