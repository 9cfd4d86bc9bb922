"""gradient_descent(f, grad_f, theta_init, learning_rate, n_steps) -> (theta, history)."""
import numpy as np

from autograder.grading import (QUANTISED_ADVICE, GradeFailure, constant_factor, factor_words, points, quantised,
                               step_figure)
from public import public_test

from week1_support import (capped_entries, describe_diff, distinct_steps, first_diff, functions,
                           gd_moved_along_gradients, gd_run_off, gd_sim, linreg, num, off_the_method, quadratic,
                           restarts_from_start, run_from_start, scale_family, single_precision_run, step_points,
                           subsample)

# float64 round-off of 25 GD steps on these quadratics is ~1e-15 relative; 1e-8 / 1e-10 leaves seven
# orders of magnitude for another order of operations, while the named mistakes (wrong sign, one step
# more or less) differ by >= 1e-2 on these problems.
RTOL, ATOL = 1e-8, 1e-10
HINT = ("Gradient descent repeats one move n_steps times: from the CURRENT point, go against the gradient "
        "evaluated there, scaled by the learning rate. Work on a copy of theta_init (the caller's array must not "
        "change), and record the loss f once before the first step and once after every step.")
HISTORY_HINT = ("history holds losses (numbers): f at the start, then f after each step -- n_steps + 1 of them. "
                "Record once before the loop and once at the end of every pass through it.")


def _run(student, reference, **kw):
    return run_from_start(student, "gd_run", **kw), reference.probe("gd_run", **kw)


def _path_failure(what, path, thetas, named, tags, lr, grad=None) -> GradeFailure:
    """A failure of the step-by-step comparison: the first step (and entry) whose theta differs, in words and
    as a figure of that entry along the run, marked with the same numbers. The last point of ``path`` is the
    returned theta, after all n_steps = len(thetas) - 1 steps (with fewer grad_f calls than steps, the path has
    fewer points than the run: the returned one is then drawn and compared at n_steps, not at its position)."""
    at = list(range(len(path) - 1)) + [len(thetas) - 1]          # the step each point of the path is after
    k = next((j for j, (p, t) in enumerate(zip(path, at))
              if p.shape != thetas[t].shape or first_diff(p, thetas[t], RTOL, ATOL) is not None), len(path) - 1)
    want = thetas[at[k]]
    idx = first_diff(path[k], want, RTOL, ATOL) if path[k].shape == want.shape else None
    idx = idx or tuple(0 for _ in want.shape)
    where = (f"theta after {at[k]} step{'s' if at[k] != 1 else ''}" if k < len(path) - 1 or at[k] == k else
             f"the returned theta (after n_steps = {at[k]})")
    mark = describe_diff(path[k], want, idx, where) if path[k].shape == want.shape else \
        f"{where} has shape {path[k].shape}, expected {want.shape}"
    earlier = " (the steps before it agree)" if k > 1 else ""
    entry = f"theta[{', '.join(str(j) for j in idx)}]"
    figure = step_figure(
        title=f"{what}: {entry} along the run", xlabel="step (0 = theta_init)", ylabel=f"{entry} after the step",
        x=at, yours=[p[idx] if p.shape == thetas[0].shape else None for p in path],
        expected=[thetas[t][idx] for t in at], mark_x=at[k], mark_label=mark)
    factors = {"learning_rate": lr, "1/learning_rate": 1 / lr, "2": 2.0, "1/2": 0.5}
    whole = len(path) == len(thetas)                           # a point for every step: steps can be compared
    if not named and grad is not None and whole and all(p.shape == thetas[0].shape for p in path):
        # what every step looks like next to the method's step from the same point (week1_support.scale_family)
        with np.errstate(all="ignore"):
            family = scale_family(np.diff(np.array(path), axis=0), [-lr * grad(p) for p in path[:-1]], lr=lr,
                                  factors=factors)
        if family is not None:
            named, tags = family[1], [f"gd-{family[0]}"]
        else:
            with np.errstate(all="ignore"):
                cap = capped_entries(np.diff(np.array(path), axis=0), [-lr * grad(p) for p in path[:-1]])
            if cap is not None:
                named = (f"every step is the method's step with each entry cut to at most {cap:.6g} in size (the "
                         f"gradient's entries clipped to [-{cap / lr:.6g}, {cap / lr:.6g}]): where the gradient is "
                         "steep your steps are shorter than learning_rate times the gradient. Gradient descent takes "
                         "the whole gradient, however large -- a rate that is too large must show as divergence")
                tags = ["gd-hidden-gradient-clipping"]
    if not named and whole and 0 < k and path[k].shape == thetas[k].shape:   # what the first wrong step looks like
        found = constant_factor(path[k] - path[k - 1], thetas[k] - thetas[k - 1], factors)
        if found is not None:
            named = f"at step {k} {factor_words(*found, 'the expected step')}"
            tags = ["gd-wrong-sign" if found[0] < 0 else "gd-step-scaled"]
    return GradeFailure(f"{what}: {named + '. ' if named else ''}The first difference: {mark}{earlier}.",
                        tags=tags, hint=HINT, figure=figure)


def weight_decay(path, grad, lr) -> float | None:
    """A family (docs/graders.md, "Round 10 is burnt"): every step of the run is theta <- theta - lr * (grad f(theta)
    + c theta) with one constant c > 0 -- the gradient of an L2 penalty (c / 2) |theta|^2 added, weight decay, coupled
    or decoupled (the same numbers). c, or None when the steps are not that."""
    points = np.array(path[:-1]) if all(p.shape == path[0].shape for p in path) else None
    if points is None or len(path) < 3:
        return None
    with np.errstate(all="ignore"):
        extra = [(p - q) / lr - grad(p) for p, q in zip(path[:-1], path[1:])]   # the part of each step not along grad f
        c = float(np.vdot(extra[0], points[0]) / np.vdot(points[0], points[0]))
    # 1e-6 relative: the step's round-off over lr is ~1e-14 of theta, a penalty's term c * theta is >= 1e-6 of it
    # c <= 1e-10: float64 round-off alone fits a c of ~1e-16 (a float32 start was named weight decay with c = 5e-16)
    if not np.isfinite(c) or c <= 1e-10 or any(first_diff(e, c * p, 1e-6, 1e-12) is not None for e, p in zip(extra, points)):
        return None
    return c


def stopped_early(got, path, thetas, n_steps, grad) -> str:
    """The family "an early stop added": the run is the method's own steps, but fewer of them than n_steps (a
    convergence test -- a small gradient, a small change of the loss or of theta -- ending the loop). The words,
    or "" when the run is not that."""
    path = distinct_steps(path)            # the gradient at the last point asked for, then the loop left
    k = len(path) - 1                      # the steps taken
    hist = got["history"]
    if k >= n_steps or k < 1 or (hist is not None and len(hist) >= n_steps + 1) or \
            any(p.shape != q.shape or first_diff(p, q, RTOL, ATOL) is not None for p, q in zip(path, thetas)):
        return ""
    size = float(np.linalg.norm(np.ravel(grad(path[-1]))))
    return (f"your run stopped after {k} of the n_steps = {n_steps} steps, every one of them right (the gradient's "
            f"norm was then {size:.3g}; history has {len(hist) if hist is not None else '?'} entries): a stopping "
            "rule was added to the loop -- a small gradient, loss change or step. A small gradient is not the end "
            "of the spec's run (near a saddle it is not even a minimum): make exactly n_steps steps and let the "
            "caller decide when to stop")


test_gd_returns_theta_and_history = public_test("test_gd_returns_theta_and_history")


# The runs test_gd_steps compares step by step. The spec fixes the update and the number of steps in every
# regime, so besides an ordinary run there is one whose rate is too large (the loss rises: a run that changes its
# rate when that happens is not the method) and one that reaches the minimum within its steps (the gradient falls
# to ~1e-15: a run that stops once it is small is not the method either).
GD_RUNS = [
    # a (2, 3) theta on a 6-D quadratic (curvatures 1..20): any shape works, nothing to flatten
    dict(problem=quadratic(12, 6, cond=20.0), theta0=np.random.default_rng(12).normal(size=(2, 3)), lr=0.08,
         n_steps=25, what="a 6-D quadratic, theta of shape (2, 3)"),
    # lr 0.11 > 2 / 20, the largest curvature: |1 - 0.11 * 20| = 1.2, so the loss grows ~1.44x a step along that
    # direction (x38 in 20 steps: far from overflow) -- the lesson's "learning rate too high"
    dict(problem=quadratic(12, 6, cond=20.0), theta0=np.random.default_rng(14).normal(size=6), lr=0.11,
         n_steps=20, what="a 6-D quadratic with a rate above 2 / (largest curvature 20), where the loss rises"),
    # curvatures 1..2 at lr 0.6: the error shrinks >= 2.5x a step, so the gradient's norm passes 1e-6 near step
    # 15 and ~1e-15 by step 40; an early stop leaves theta ~1e-6 from the method's, 100x the tolerance
    dict(problem=quadratic(15, 4, cond=2.0), theta0=np.random.default_rng(15).normal(size=4), lr=0.6,
         n_steps=40, what="a 4-D quadratic whose minimum is reached within the steps (the gradient gets tiny)"),
    # the lesson's example, f(x) = x**2 from 5.0 on a theta of shape (1,), with f returning a 1-element array (the
    # docstring allows such an f; the spec's history is still a list of floats): x shrinks 0.8x a step
    dict(problem={"kind": "quadratic", "A": np.array([[2.0]]), "b": np.zeros(1), "loss_shape": [1]},
         theta0=np.array([5.0]), lr=0.1, n_steps=10,
         what="the lesson's f(x) = x**2 on a theta of shape (1,) (f returns a 1-element array)"),
]


@points(7)   # 7: the core update, checked at every step (most of this problem's marks)
def test_gd_steps(student, reference):
    """gradient_descent follows theta <- theta - lr * grad_f(theta) at every step"""
    for run in GD_RUNS:
        _check_run(student, reference, **run)


def _check_run(student, reference, problem, theta0, lr, n_steps, what):
    what = f"gradient_descent on {what}, learning_rate={lr}, n_steps={n_steps}"
    got, want = _run(student, reference, problem=problem, theta_init=theta0, learning_rate=lr, n_steps=n_steps)
    f, grad, _ = functions(problem)
    thetas, losses = gd_sim(f, grad, theta0, lr, n_steps)
    losses = [float(np.squeeze(v)) for v in losses]                 # (f may return a 1-element array)
    if first_diff(want["theta"], thetas[-1], RTOL, ATOL) is not None:
        raise RuntimeError("grader model of gradient descent disagrees with the reference solution")
    theta = np.asarray(got["theta"], dtype=float)
    if theta.shape == (n_steps + 1,) != theta0.shape and first_diff(theta, np.array(losses), RTOL, ATOL) is None:
        # a mechanism (docs/graders.md, "Round 10 is burnt"): the pair returned the other way round -- the
        # first value returned is the run's own loss history, so the run was right and only the order is not
        raise GradeFailure(f"{what}: the first value returned holds the {n_steps + 1} losses of the run, the "
                           "history: the pair is returned the other way round. The caller unpacks "
                           "theta, history = gradient_descent(...), by position.",
                           tags=["gd-return-order-swapped"], hint="Return theta first, then the history.")
    if theta.shape != theta0.shape:
        raise GradeFailure(f"{what}: theta should keep theta_init's shape {theta0.shape}, but it has shape "
                           f"{theta.shape}.",
                           tags=["wrong-shape"], hint="theta - lr * grad works for any shape: there is nothing "
                                                      "to flatten or reshape.")
    # where grad_f was evaluated: theta_0, theta_1, ... theta_(n-1) (a second call at the same point in a step
    # counted once: correct code); then the returned theta_n
    path = step_points(got["grad_points"], n_steps)[:n_steps] + [theta]
    up_thetas, _ = gd_sim(f, grad, theta0, lr, n_steps, sign=+1.0)
    if first_diff(theta, up_thetas[-1], RTOL, ATOL) is None:
        raise _path_failure(what, path, thetas, "your theta matches gradient ASCENT (each step goes along the "
                            "gradient, uphill): the wrong sign", ["gd-wrong-sign"], lr)
    one_more = gd_sim(f, grad, theta0, lr, n_steps + 1)[0][-1]
    for count, candidate in ((n_steps - 1, thetas[-2]), (n_steps + 1, one_more)):
        # (at a minimum reached early, n - 1, n and n + 1 steps all agree: then nothing is wrong)
        if first_diff(theta, candidate, RTOL, ATOL) is None and first_diff(theta, thetas[-1], RTOL, ATOL) is not None:
            raise _path_failure(what, path, thetas, f"your theta is the result of {count} steps instead of "
                                f"{n_steps}: check the loop bounds", ["gd-step-count"], lr)
    # a mechanism (docs/graders.md, "Round 12 is burnt"): the run is right, but the theta returned is the iterate
    # with the lowest loss along it (early stopping's "restore the best weights"), not the one after n_steps
    best = int(np.argmin(losses))
    if best < n_steps and first_diff(theta, thetas[best], RTOL, ATOL) is None \
            and first_diff(theta, thetas[-1], RTOL, ATOL) is not None:
        raise _path_failure(what, path, thetas, f"your theta is the point after {best} step(s), the one with the "
                            f"LOWEST loss along the run, not the point after all {n_steps} steps: this run's loss "
                            "rises, and the method returns where it ends, whether or not an earlier point was "
                            "better", ["gd-returns-best-iterate"], lr)
    stopped = stopped_early(got, path, thetas, n_steps, grad)
    if stopped:
        raise _path_failure(what, path, thetas, stopped, ["gd-early-stop"], lr)
    calls = len(got["grad_points"])
    if calls < n_steps and first_diff(theta, thetas[-1], RTOL, ATOL) is not None:
        # a mechanism (docs/graders.md, "Round 9 is burnt"): the gradient taken once, before the loop -- theta is
        # theta_init moved n_steps times by the step from theta_init (one point: no path to compare step by step)
        if first_diff(theta, theta0 - n_steps * lr * grad(theta0), RTOL, ATOL) is None:
            raise _path_failure(what, path, thetas, f"grad_f was called {calls} time{'s' if calls != 1 else ''} for "
                                f"n_steps = {n_steps}, and your theta is theta_init moved {n_steps} times by the step "
                                "computed at theta_init: the gradient was taken once and reused, so every step moves "
                                "by the same amount. The gradient must be taken at the current theta, in every step",
                                ["gd-gradient-at-start"], lr)
        raise _path_failure(what, path, thetas, f"grad_f was called {len(got['grad_points'])} times for n_steps = "
                            f"{n_steps}: each step needs the gradient at the point reached by the previous one", [], lr)
    if len(path) > 2 and all(p.shape == theta0.shape and first_diff(p, theta0, RTOL, ATOL) is None
                             for p in path[:-1]):
        raise _path_failure(what, path, thetas, "grad_f was evaluated at theta_init at every step, so every step "
                            "moves by the same amount: the gradient must be taken at the current theta",
                            ["gd-gradient-at-start"], lr)
    if restarts_from_start(path, theta0, lambda p: -lr * grad(p)):
        raise _path_failure(what, path, thetas, "every step starts again from theta_init: each theta is theta_init "
                            "minus the step computed at the previous theta, so the run never gets further than one "
                            "step from the start. Each step moves the CURRENT theta", ["gd-steps-from-start"], lr)
    if any(p.shape != theta0.shape or first_diff(p, q, RTOL, ATOL) is not None for p, q in zip(path, thetas)):
        single = single_precision_run(path, grad, theta0, lr, RTOL, ATOL) if len(path) == n_steps + 1 else ""
        if single:
            raise _path_failure(what, path, thetas, f"your run is in single precision: {single}. "
                                "The course's arrays are float64 (about 16 digits), and the steps must be taken "
                                "in float64 too", ["gd-float32-iterate"], lr)
        decay = weight_decay(path, grad, lr)
        if decay is not None:
            raise _path_failure(what, path, thetas, f"every step is theta <- theta - lr * (grad_f(theta) + {decay:.3g} "
                                f"* theta): the gradient of f plus {decay:.3g} * theta, the gradient of an L2 penalty "
                                f"({decay:.3g} / 2) |theta|^2 -- weight decay -- that f does not have. The method steps "
                                "along grad_f alone", ["hidden-l2-penalty"], lr)
        raise _path_failure(what, path, thetas, "", [], lr, grad)
    hist = got["history"]
    if hist is not None and len(hist) == n_steps + 1:
        k = first_diff(np.asarray(hist, dtype=float), np.asarray(losses), RTOL, ATOL)
        if k is not None:
            mark = f"history[{k[0]}] should be f(theta) after {k[0]} step(s) = {num(losses[k[0]])}, got " \
                   f"{num(hist[k[0]])}"
            cut = quantised(hist, losses)
            # a mechanism (docs/graders.md, "Round 8 is burnt"): the history is the running minimum of the losses
            best = first_diff(np.asarray(hist, dtype=float), np.minimum.accumulate(losses), RTOL, ATOL) is None
            # a model (grown from round 9): the gradient's norm at each point, or its square -- the textbook
            # convergence measure -- recorded in place of the loss
            norms = np.array([np.linalg.norm(np.ravel(grad(t))) for t in thetas])
            power = next((a for a in (1, 2) if first_diff(np.asarray(hist, dtype=float), norms ** a, RTOL, ATOL)
                          is None), None)
            # a model (docs/graders.md, "Round 14 is burnt"): each loss recorded BEFORE its step, on top of the one
            # recorded before the loop -- history[k] is f after k - 1 steps: f(theta_init) twice, the last loss lost
            lagged = k[0] > 0 and first_diff(np.asarray(hist, dtype=float), np.asarray([losses[0]] + losses[:-1]),
                                             RTOL, ATOL) is None
            said = (f" In history {cut}. {QUANTISED_ADVICE}" if cut else
                    " Your history is one step late: after its first entry, history[k] is the loss after k - 1 "
                    "steps -- each loss is recorded BEFORE its step, on top of the one recorded before the loop, so "
                    "f(theta_init) is there twice and the history is missing the LAST value, the loss after the "
                    "final step. Record f once before the loop and once after each step." if lagged else
                    " Your history never rises: each entry is the LOWEST loss so far (the running minimum), while "
                    "history records f after each step as it is -- this run's loss rises, and a history of the best "
                    "so far hides that (a diverging run would look fine)." if best else
                    f" Your history is the gradient's {'norm' if power == 1 else 'squared norm'} at each point "
                    "(how textbooks test convergence), not the loss: history records f(theta), the curve the "
                    "notebook plots as the loss." if power else "")
            raise GradeFailure(f"{what}: {mark}.{said}",
                               tags=["gd-history-rounded"] if cut else ["gd-history-missing-last"] if lagged else
                               ["gd-history-best-so-far"] if best else
                               ["gd-history-of-gradient-norm"] if power else [],
                               hint=HISTORY_HINT, figure=step_figure(
                title=f"{what}: history, the loss after each step", xlabel="step (0 = before the first)",
                ylabel="loss f(theta)", x=range(len(hist)), yours=hist, expected=losses, mark_x=k[0],
                mark_label=mark, log_y=True))
    wrapped = got["history_wrapped"]
    if wrapped is not None:
        i, kind, shape = wrapped
        mark = f"history[{i}] is a {kind} of shape {tuple(shape)}, not a float"
        raise GradeFailure(f"{what}: {mark}: each loss is kept as f returned it, wrapped in an array. The spec's "
                           "history is a list of floats, and f may return a 1-element array (the lesson's x**2 on a "
                           "theta of shape (1,) does): turn each value into a Python float as you record it.",
                           tags=["gd-history-not-floats"], hint=HISTORY_HINT, figure=step_figure(
                title=f"{what}: history, the loss after each step", xlabel="step (0 = before the first)",
                ylabel="loss f(theta)", x=range(len(losses)), yours=hist or [None] * len(losses), expected=losses,
                mark_x=i, mark_label=mark, log_y=True))
    # the family widened (docs/graders.md, "Round 13 is burnt"): the losses kept as an array, the whole history
    # this time -- np.array(history) or a tuple is not the list the spec returns (list methods, + concatenates)
    kind = got["history_type"]
    if kind != "list":
        raise GradeFailure(f"{what}: history is of type {kind}, not a list: the spec's history is a list of n_steps + 1 "
                           "Python floats. Keep it a list as you return it; convert it to an array where you plot "
                           "or compute with it, not in what gradient_descent returns.",
                           tags=["gd-history-not-floats"], hint=HISTORY_HINT)


@points(4)   # 4: the "never modify inputs" convention, which students break by aliasing
def test_gd_leaves_theta_init_unchanged(student, reference):
    """gradient_descent leaves theta_init unchanged (it works on a copy)"""
    problem = quadratic(13, 4)
    theta0 = np.array([0.5, -1.5, 2.0, 1.0])
    got = run_from_start(student, "gd_run", problem=problem, theta_init=theta0, learning_rate=0.1, n_steps=10)
    gd_moved_along_gradients(got, theta0, functions(problem)[1], "gradient_descent (10 steps)", HINT)
    if got["input_changed"] or got["same_object"]:
        raise GradeFailure(
            "gradient_descent modified theta_init, the caller's array: after the call it no longer holds "
            f"{theta0.tolist()}. theta = theta_init does not copy; an in-place step (theta -= ...) then changes "
            "the caller's array too.", tags=["gd-mutates-input"],
            hint="Work on a copy: theta = theta_init copies nothing (both names then refer to one array), so "
                 "make a new array from theta_init before changing anything in place.")


@points(4)   # 4: convergence on a real problem, judged by the loss at the points the run visited
def test_gd_fits_linear_regression(student, reference):
    """gradient_descent fits a linear regression (MSE loss) within its step budget"""
    X, y, _ = linreg(5, 200, 5)
    problem = {"kind": "linreg", "X": X, "y": y}
    f, grad, _ = functions(problem)
    best_possible = f(np.linalg.lstsq(X, y, rcond=None)[0])
    target = best_possible * (1 + 1e-6)
    # the reference needs 120 steps at lr 0.05 to get within 1e-6 (relative) of the least-squares loss;
    # budget 240 = 2x
    n_steps = 240
    # record up to 3 grad_f calls per step: a run that calls it again at the same point (a check, a print) is
    # correct code, and distinct_steps counts each point once
    got = run_from_start(student, "gd_run", problem=problem, theta_init=np.zeros(5), learning_rate=0.05,
                         n_steps=n_steps, record=3 * n_steps)
    visited = distinct_steps([np.asarray(p, dtype=float) for p in got["grad_points"]] +
                             [np.asarray(got["theta"], dtype=float)])
    losses = [f(p) if p.shape == (5,) and np.all(np.isfinite(p)) else np.inf for p in visited]
    best = min(losses)
    what = "gradient_descent on a linear regression"
    if best <= target:
        off = gd_run_off(visited, np.zeros(5), grad, 0.05, int(np.argmax(np.array(losses) <= target)))
        if off is not None:
            raise off_the_method(what, off, got["grad_points"], grad, 0.05, HINT)
    else:
        raise GradeFailure(
            f"gradient_descent on a linear regression (200 samples, 5 features, learning_rate=0.05, {n_steps} "
            f"steps from zeros): the best loss reached was {best:.6g}; the least-squares loss is "
            f"{best_possible:.6g} and the reference gets within 1e-6 of it in 120 steps.", hint=HINT,
            figure={"kind": "curve", "title": "MSE along the run", "xlabel": "step", "ylabel": "loss",
                    "x": list(range(len(losses))),
                    "series": {"yours": [float(v) if np.isfinite(v) else None for v in losses],
                               "expected": gd_sim(f, grad, np.zeros(5), 0.05, n_steps)[1][:len(losses)]},
                    "log_y": True})


@points(4)   # 4: the 2-D surfaces of the lesson: an easy bowl, a ravine, a saddle (a small gradient is not a minimum)
def test_gd_surfaces(student, reference):
    """gradient_descent reaches the bottom of the bowl and the ravine, and escapes the saddle"""
    runs = [
        # f = 25 * 0.64**k on the bowl at lr 0.1: f < 1e-6 after 39 steps; budget 80 >= 2x
        ("bowl", (4.0, 3.0), 0.1, 80, 1e-6),
        # reference reaches f < 1e-6 after 365 steps; budget 730 = 2x (docs/graders.md, "Step budgets")
        ("ravine", (-5.0, -2.0), 0.1, 730, 1e-6),
        # reference reaches f < -1 after 38 steps; budget 80 >= 2x (docs/graders.md, "Step budgets")
        ("saddle", (1.0, 1e-3), 0.1, 80, -1.0),
    ]
    for name, start, lr, n_steps, target in runs:
        problem = {"kind": "surface", "name": name}
        f, grad, _ = functions(problem)
        got = run_from_start(student, "gd_run", problem=problem, theta_init=np.array(start), learning_rate=lr,
                             n_steps=n_steps, record=3 * n_steps)     # repeated calls at a point: as above
        path = distinct_steps([np.asarray(p, dtype=float) for p in got["grad_points"]] +
                              [np.asarray(got["theta"], dtype=float)])
        losses = [f(p) if p.shape == (2,) and np.all(np.isfinite(p)) else np.inf for p in path]
        if min(losses) < target:
            off = gd_run_off(path, np.array(start), grad, lr, int(np.argmax(np.array(losses) < target)))
            if off is not None:
                raise off_the_method(f"gradient_descent on the {name} surface", off, got["grad_points"], grad, lr, HINT)
            continue
        end = path[-1]
        note = ""
        if name == "saddle" and end.shape == (2,) and np.linalg.norm(end) < 0.1:
            note = (" The run stayed next to the saddle point (0, 0), where the gradient is tiny -- but a small "
                    "gradient is not a minimum: x^2 - y^2 keeps falling along y.")
        ref_path = gd_sim(f, grad, np.array(start), lr, n_steps)[0]
        raise GradeFailure(
            f"gradient_descent on the {name} surface from {start} with learning_rate={lr}: the loss should get "
            f"below {target:g} within {n_steps} steps, but the best reached was {min(losses):.4g}.{note}",
            hint=HINT, figure={"kind": "trajectory", "surface": name,
                               "student": subsample([p for p in path if p.shape == (2,)]),
                               "reference": subsample(ref_path)})
