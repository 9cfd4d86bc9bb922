"""Week 1's public checks, declared once (how: autograder/kit/declare.py).

Each becomes the ``@visible`` grader test of the same name in its ``test_<problem>.py`` and, through
``autograder generate``, a check in the released ``public_checks/``. In teaching order. Inputs made by
a test module's own helper (``data`` in test_mse.py, ...) are built when first needed: the test modules
import this file.
"""
import numpy as np
from week1_support import linreg, quadratic

from autograder.kit.declare import Call, Check, From, Twin, public_tests, rule

# float64 round-off of a few GD / Newton steps on these small quadratics is ~1e-15 relative; 1e-8 / 1e-10
# leaves seven orders of magnitude for another order of operations (test_gradient_descent.py, test_newton.py)
RTOL, ATOL = 1e-8, 1e-10

GD_THETA0 = np.array([1.0, -2.0, 0.5])
GD_PROBLEM = quadratic(11, 3)


def along(call, path, start, gradient, what, *, no_run, no_run_tag, hint):
    """The run behind a contract check is the method's: it starts at theta_init and steps along the gradients
    (autograder.grading.steps_along; rtol 1e-9: the part of a real gradient step off its gradient is
    rounding-sized, < 1e-12 of it; atol RUN_ATOL, a float64 rounding floor relative to the position)."""
    from autograder.grading import RUN_ATOL
    from week1_support import not_the_method
    off = not_the_method(what, "{step}", hint).message       # a template: the step is filled in by the judge
    return rule("along", call=call, path=path, start=start, gradient=gradient, rtol=1e-9, atol=RUN_ATOL,
                no_run=no_run, no_run_tag=no_run_tag, off=off, hint=hint)


# 25 steps: long enough that a history thinned to every k-th loss (k up to 12) keeps 3 entries or more, so its
# stride shows (_thinned); a few steps and none, as released before round 14, could not tell it from an empty log
GD_STEPS = (25, 0)
# twin: another quadratic, start and run length (a few steps and none, as released)
GD_TWIN = (quadratic(12, 3), np.array([0.5, 1.5, -1.0]), (7, 0))


def gd_calls(problem, theta0, steps):
    return [Call("gd_run", problem=problem, theta_init=theta0, learning_rate=0.1, n_steps=n) for n in steps]


def gd_returns(problem, theta0, steps):
    return lambda ref: _gd_returns(ref, problem, theta0, steps)


def _gd_returns(ref, problem, theta0, steps):
    from test_gradient_descent import HINT, HISTORY_HINT
    rules = []
    for i, n in enumerate(steps):
        what = f"gradient_descent(..., learning_rate=0.1, n_steps={n})"
        hist = ref(i)["history"]
        rules += [
            rule("shape", call=i, path=["theta"], shape=[3], what=f"{what}: theta (the shape of theta_init)"),
            rule("length", call=i, path=["history"], n=n + 1, rtol=RTOL, atol=ATOL, hint=HISTORY_HINT,
                 not_numbers=f"{what}: history should be a list of {n + 1} floats, but its entries are not numbers.",
                 entries_like={"call": i, "shapes_path": ["history_shapes"], "path": ["theta"],
                               "tag": "gd-history-of-theta",
                               "message": f"{what}: history should hold {n + 1} losses (numbers), but {{which}} are "
                                          "arrays of shape {shape}, the shape of theta: it records the parameters "
                                          "instead of the loss f(theta)."},
                 message=what + ": history has {got} values for n_steps = " + f"{n}; it should have n_steps + 1 = "
                         "{n} (f at the start, then after each step).",
                 mistakes=[] if n == 0 else [
                     {"tag": "gd-history-missing-first", "values": hist[1:],
                      "message": f"{what}: history has {n} values for n_steps = {n}; it should have n_steps + 1 = "
                                 f"{n + 1}. Yours is missing the FIRST value, f(theta_init) = {hist[0]:.10g}: it "
                                 "only records the loss after each step."},
                     {"tag": "gd-history-missing-last", "values": hist[:-1],
                      "message": f"{what}: history has {n} values for n_steps = {n}; it should have n_steps + 1 = "
                                 f"{n + 1}. Yours is missing the LAST value, the loss after the final step "
                                 f"({hist[-1]:.10g}): it records the loss before each step only."}]
                 + _thinned(what, hist, n)),
        ]
        if n:      # a contract counts only for a run of the method (test_gradient_descent.py, the lead's rule)
            rules.append(along(i, "gd", theta0, {"quadratic": {"A": problem["A"], "b": problem["b"]}}, what,
                               no_run=f"{what}: gradient_descent returned without stepping from theta_init along "
                                      "grad_f ({calls} call(s) of grad_f), so its result cannot be judged.",
                               no_run_tag="gd-no-steps", hint=HINT))
        if n == 0:
            rules += [
                rule("close", call=i, path=["theta"], what=f"{what}: theta", expected=[theta0], rtol=RTOL,
                     atol=ATOL, message="{detail}. With n_steps = 0 nothing should move: theta equals theta_init."),
                rule("close", call=i, path=["history"], what=f"{what}: history", expected=[hist], rtol=RTOL,
                     atol=ATOL, message="{detail}. With n_steps = 0 history is [f(theta_init)]."),
            ]
    return rules


def _thinned(what, hist, n):
    """A family (docs/graders.md, "Round 14 is burnt"): the history thinned to every k-th loss, as a log printed
    every k steps -- f(theta_init), then f after steps j, j + k, j + 2k, ... for j = 1 (a 0-based `step % k == 0`
    after the update) or j = k (every k-th step), with or without the final loss appended. Only strides that leave
    3 entries or more (k <= n // 2): two points show no stride."""
    out = []
    for k in range(2, n // 2 + 1):
        nth = {2: "2nd", 3: "3rd"}.get(k, f"{k}th")
        for j in sorted({1, k}):
            steps = list(range(j, n + 1, k))
            for last in ((False, True) if steps[-1] != n else (False,)):
                kept = steps + [n] * last
                out.append({"tag": "gd-history-subsampled", "values": [hist[0]] + [hist[i] for i in kept],
                            "message": f"{what}: history has {len(kept) + 1} values for n_steps = {n}; it should have "
                                       f"n_steps + 1 = {n + 1}. Yours holds f(theta_init) and then the loss after "
                                       f"steps {', '.join(map(str, kept[:3]))}{', ...' if len(kept) > 3 else ''}"
                                       f"{' (the last appended)' if last else ''}: "
                                       f"every {nth} step only, as a log printed every {k} steps. history is the "
                                       "whole curve: the loss after EVERY step."})
    return out


MSE_SHAPES_CASE, MSE_SHAPES_TWIN = (31, 12, 3), (34, 9, 4)     # twin: other data of another shape


def mse_calls(seed, n, d):
    def calls():
        from test_mse import data
        theta, X, y = data(seed, n, d)
        return [Call("mse", theta=theta, X=X, y=y)]
    return calls


def mse_shapes(seed, n, d):
    return lambda ref: _mse_shapes(n, d)


def _mse_shapes(n, d):
    what = f"mse_loss_and_grad with X of shape ({n}, {d})"
    return [
        rule("shape", call=0, path=["loss"], shape=[], what=f"{what}: the loss (one number, a Python float)",
             hint="The loss is one number: the mean over ALL the squared residuals (no axis: a scalar), returned "
                  "as a Python float."),
        rule("shape", call=0, path=["grad"], shape=[d], what=f"{what}: the gradient (theta's shape)",
             hint="X.T @ r has shape (d,) when r has shape (N,); check for an (N, 1) residual."),
        rule("equal", call=0, path=["changed"], expected=[], tags=["modifies-input"],
             message="mse_loss_and_grad modified its input(s) {got}; inputs must be left as they are.",
             hint="Compute new arrays instead of updating the inputs in place."),
    ]


NUMGRAD_SHAPES = ((5,), (2, 3))
NUMGRAD_SHAPES_TWIN = ((7,), (4, 2))       # twin: another 1-D and 2-D theta, another seed


def numgrad_calls(shapes, seed):
    def calls():
        from test_numerical_gradient import wavy
        return [Call("numgrad", problem=wavy(seed, int(np.prod(shape))),
                     theta=np.random.default_rng(seed).normal(size=shape)) for shape in shapes]
    return calls


def numgrad_shape(shapes):
    return lambda ref: _numgrad_shape(shapes)


def _numgrad_shape(shapes):
    rules = []
    for i, shape in enumerate(shapes):
        what = f"numerical_gradient with theta of shape {shape}"
        rules += [
            rule("shape", call=i, path=["grad"], shape=list(shape), what=f"{what}: the result",
                 hint="Loop over np.ndindex(theta.shape) (or flatten, then reshape the result)."),
            rule("finite", call=i, path=["grad"], message=f"{what}: the result contains nan or inf."),
        ]
    return rules


NUMGRAD_CASE = (22, 6, ((6,), (3, 2)))       # wavy(22, 6); theta of shapes (6,) and (3, 2)
NUMGRAD_TWIN = (24, 8, ((8,), (2, 4)))       # twin: another wavy function, dimension and point


def central_calls(seed, d, shapes):
    def calls():
        from test_numerical_gradient import wavy
        problem = wavy(seed, d)
        return [Call("numgrad", problem=problem, theta=np.random.default_rng(seed).normal(size=shape))
                for shape in shapes]
    return calls


def central(case):
    return lambda ref: _central(ref, central_calls(*case)())


def _central(ref, calls):
    """test_numerical_gradient.py's judgement (gradient_rule): central differences at the default h, the known
    wrong differences named. 1e-7: 1000x the rounding noise of central differences (~1e-10), 1/50 of the
    smallest forward-difference error on this function (h/2 * f'' >= 5e-6)."""
    from test_numerical_gradient import gradient_rule
    from week1_support import functions
    rules = []
    for i, call in enumerate(calls):
        f, grad_true, _ = functions(call.inputs["problem"])
        theta = call.inputs["theta"]
        want = np.asarray(ref(i)["grad"], dtype=float)
        # central differences agree with the true gradient to ~1e-9 here (h^2 / 6 times the third derivative)
        if not np.allclose(want, grad_true(theta), rtol=1e-6, atol=1e-8):
            raise RuntimeError("reference numerical gradient far from the analytic one")
        rules.append(gradient_rule(want, f, theta, 1e-5, f"numerical_gradient at a point of shape {theta.shape} "
                                                         "(default h = 1e-5)", rtol=1e-7, atol=1e-7, call=i))
    return rules


MSE_LOSS_CASES = ((32, 30, 4), (33, 7, 2))
MSE_LOSS_TWIN = ((35, 20, 3), (36, 5, 2))      # twin: other data, a larger and a small N again


def mse_loss_calls(cases):
    def calls():
        from test_mse import data
        return [Call("mse", **dict(zip(("theta", "X", "y"), data(seed, n, d)))) for seed, n, d in cases]
    return calls


def mse_loss(cases):
    return lambda ref: _mse_loss(ref, cases)


def _norm_family(r) -> list[dict]:
    """The family "norm where the squared norm belongs": the residuals' norm ||r|| (a square root of the sum of
    squares) divided by N, by sqrt(N) (that one is the RMSE, named above) or by nothing, for mean(r**2)."""
    norm, n = float(np.linalg.norm(r)), len(r)
    words = ("the NORM of the residuals{by}, not squared: np.linalg.norm takes a square root of the sum of squares, "
             "while the loss is the mean of the squares themselves (no root)")
    return [{"tag": "mse-loss-norm-not-squared", "values": [norm / n], "words": words.format(by=" divided by N")},
            {"tag": "mse-loss-norm-not-squared", "values": [norm], "words": words.format(by="")}]


def _absolute_family(r) -> list[dict]:
    """The family "absolute values where squares belong" (grown from round 9, docs/graders.md): the mean absolute
    error mean(|r|) -- the "mean error" a regression report prints -- or the sum of |r| (the L1 norm), for
    mean(r**2). On the check's data (and its twin's) each is at least 0.25 % away from the loss and from every
    other model here: 2.5e6 times test_mse's rtol (1e-9)."""
    words = ("{what} of the residuals' ABSOLUTE values: the loss squares each residual (r**2, not |r|) and takes "
             "the mean -- and the gradient the function returns is the squared loss's, so the two no longer belong "
             "to one function")
    return [{"tag": "mse-loss-absolute-error", "values": [float(np.mean(np.abs(r)))],
             "words": words.format(what="the MEAN")},
            {"tag": "mse-loss-absolute-error", "values": [float(np.sum(np.abs(r)))],
             "words": words.format(what="the SUM")}]


def _mse_loss(ref, cases):
    """test_mse.py's judgement of the loss; RTOL/ATOL there (a few dot products vs factors for every mistake)."""
    from test_mse import ATOL, HINT, RTOL
    rules = []
    for i, ((_, n, _), call) in enumerate(zip(cases, mse_loss_calls(cases)())):
        want = float(ref(i)["loss"])
        X, theta, y = call.inputs["X"], call.inputs["theta"], call.inputs["y"]
        rules.append(rule(
            "close", call=i, path=["loss"], ravel=True, what=f"mse_loss_and_grad with N = {n} samples",
            expected=[[want]], rtol=RTOL, atol=ATOL, shape_hint=HINT,
            detail="{what}: expected loss {want}, got {got}", message="{detail}.",
            mistake_message="{what}: your loss {got} matches {words}; expected {want}.",
            mistakes=[{"tag": "mse-loss-sum", "values": [want * n],
                       "words": f"the SUM of squared residuals (N = {n} times the mean): the loss is the mean"},
                      {"tag": "mse-loss-half", "values": [0.5 * want],
                       "words": "half the mean squared error, 0.5 * mean(r**2) (another convention): the course's "
                                "loss has no 1/2"},
                      {"tag": "mse-loss-root", "values": [np.sqrt(want)],
                       "words": "the ROOT mean squared error: the loss is mean(r**2) without the square root"},
                      {"tag": "mse-loss-square-of-mean", "values": [float(np.mean(X @ theta - y)) ** 2],
                       "words": "the square of the MEAN residual, (mean r)**2: square each residual first, then "
                                "average"}] + _norm_family(X @ theta - y) + _absolute_family(X @ theta - y)))
    return rules


MINIBATCH_CASES = ((10, 4), (12, 4), (7, 10), (23, 5))
# twin: the same four kinds (a smaller last batch, batches that divide n, one batch larger than n, a longer run)
MINIBATCH_TWIN = ((11, 3), (15, 5), (6, 8), (19, 4))


def minibatch_calls(cases, seed):
    return [Call("minibatches", n_samples=n, batch_size=size, seed=seed) for n, size in cases]


def partition(cases):
    """The judge's ``partition`` rule: every sample once, the last smaller batch kept, the known ways to miss."""
    return lambda ref: [rule("partition", call=i, n=n, batch_size=size, what=f"minibatch_indices({n}, {size}, rng)")
                        for i, (n, size) in enumerate(cases)]


SGD_N, SGD_D = 13, 3         # 13 = 3 x 4 + 1: a smaller last batch; data of its own (not a hidden test's)


SGD_CASE = (*linreg(58, SGD_N, SGD_D)[:2], np.array([0.2, -0.1, 0.4]), 57)
SGD_TWIN = (*linreg(59, 11, SGD_D)[:2], np.array([-0.3, 0.5, 0.1]), 61)    # twin: 11 = 2 x 4 + 3, other data


def sgd_calls(X, y, theta0, seed):
    return [Call("sgd_run", X=X, y=y, theta_init=theta0, learning_rate=0.05, batch_size=4, epochs=2, seed=seed,
                 repeat=False)]


def sgd_inputs(X, y, theta0, seed):
    return lambda ref: _sgd_inputs(X, y, theta0)


def _sgd_inputs(X, y, theta0):
    from test_sgd import HINT as SGD_HINT
    what = "sgd's return value and inputs"
    n, d = X.shape
    return [
        rule("shape", call=0, path=["theta"], shape=[d], what=f"sgd on data X of shape ({n}, {d}): theta"),
        along(0, "sgd", theta0, {"mse": {"X": X, "y": y}}, what,
              no_run=f"{what}: sgd returned without training from theta_init (grad_f_batch calls: " + "{calls}), "
                     "so its result cannot be judged.", no_run_tag="sgd-no-updates", hint=SGD_HINT),
        rule("absent", call=0, path=["changed"], item="theta_init", tags=["sgd-mutates-input"],
             message="sgd modified theta_init, the caller's array: theta = theta_init does not copy, so an "
                     "in-place step (theta -= ...) changes the caller's array too.",
             hint="Start with theta = np.array(theta_init, dtype=float) (or theta_init.copy())."),
        rule("equal", call=0, path=["changed"], expected=[], tags=["modifies-input"],
             message="sgd modified its input(s) {got}; inputs must be left as they are.",
             hint="Index the data (X[idx]) instead of shuffling it in place."),
    ]


NEWTON_ONE_STEP_SEED, NEWTON_ONE_STEP_TWIN = 62, 64      # twin: another 4-D quadratic of condition 50, start


def newton_one_step_calls(seed):
    return [Call("newton_run", problem=quadratic(seed, 4, cond=50.0),
                 theta_init=np.random.default_rng(seed).normal(size=4) * 3.0, n_steps=1)]


def newton_one_step(seed):
    return lambda ref: _newton_one_step(ref, newton_one_step_calls(seed)[0])


def _newton_one_step(ref, call):
    """test_newton.py's judgement: one step lands on the minimum (RTOL/ATOL above); its known wrong steps named."""
    from test_newton import _mistakes
    from week1_support import functions
    _, grad, hess = functions(call.inputs["problem"])
    minimum = np.asarray(ref(0)["theta"], dtype=float)
    what = "newton_method on a 4-D quadratic (condition number 50), one step"
    return [rule("close", call=0, path=["theta"], what=what, expected=[minimum], rtol=RTOL, atol=ATOL,
                 detail="{what}: one Newton step should land exactly on the minimum; theta{where}: expected {want}, "
                        "got {got}", message="{detail}.",
                 mistake_message="{what}: your result matches {words}. Expected the minimum "
                                 + f"{np.round(minimum, 6).tolist()}.",
                 mistakes=[{"tag": tag, "words": words, "values": cand}
                           for tag, words, cand in _mistakes(call.inputs["theta_init"], grad, hess)],
                 factor={"origin": call.inputs["theta_init"], "names": {"2": 2.0, "1/2": 0.5},
                         "thing": "the Newton step", "tag": "newton-step-scaled", "sign_tag": "newton-wrong-sign",
                         "message": "{detail}. Your step: {words}."})]


NEWTON_CASE = (quadratic(61, 3), np.array([1.0, 2.0, -1.0]), (2, 0))
NEWTON_TWIN = (quadratic(63, 3), np.array([-0.5, 1.5, 2.0]), (3, 0))    # twin: another quadratic, start, run


def newton_calls(problem, theta0, steps):
    return [Call("newton_run", problem=problem, theta_init=theta0, n_steps=n) for n in steps]


def newton_shape(problem, theta0, steps):
    return lambda ref: _newton_shape(problem, theta0, steps)


def _newton_shape(problem, theta0, steps):
    rules = []
    for i, n in enumerate(steps):
        what = f"newton_method on a 3-D quadratic, n_steps={n}"
        rules += [
            rule("shape", call=i, path=["theta"], shape=[3], what=f"{what}: theta"),
            rule("equal", call=i, path=["input_changed"], expected=False, tags=["newton-mutates-input"],
                 message=f"{what}: theta_init, the caller's array, was modified.",
                 hint="Work on a copy of theta_init: make a new array before stepping."),
        ]
        if n == 0:
            # the step-count family: zero steps asked, one taken (a loop bound off by one)
            one_step = np.linalg.solve(problem["A"], problem["b"])   # Newton lands on the minimum
            rules.append(rule("close", call=i, path=["theta"], what=f"{what}: theta", expected=[theta0],
                              rtol=RTOL, atol=ATOL,
                              message="{detail}. With n_steps = 0 theta should come back unchanged.",
                              mistake_message="{detail}: your theta is the result of ONE Newton step, while "
                                              "n_steps = 0 asks for none -- the loop runs one time too many "
                                              "(check its bounds: it must run exactly n_steps times).",
                              mistakes=[{"tag": "newton-step-count", "values": one_step.tolist(),
                                         "words": "one step"}]))
    return rules


CHECKS = [
    Check(test="test_gd_returns_theta_and_history", task="gradient_descent",
          name="gradient_descent returns theta of theta_init's shape and a history of n_steps + 1 losses",
          points=3,   # 3: the return format every later week relies on (plots of history)
          calls=gd_calls(GD_PROBLEM, GD_THETA0, GD_STEPS), rules=gd_returns(GD_PROBLEM, GD_THETA0, GD_STEPS),
          hint=From("test_gradient_descent", "HINT"),
          twin=Twin(gd_calls(*GD_TWIN), gd_returns(*GD_TWIN), why="another quadratic, start and run length")),
    Check(test="test_numgrad_shape", task="numerical_gradient",
          name="numerical_gradient returns an array with theta's shape (for 1-D and 2-D theta)",
          points=2,   # 2: shape contract, incl. a 2-D theta (vectorised versions often flatten it away)
          calls=numgrad_calls(NUMGRAD_SHAPES, 21), rules=numgrad_shape(NUMGRAD_SHAPES),
          hint=From("test_numerical_gradient", "HINT"),
          twin=Twin(numgrad_calls(NUMGRAD_SHAPES_TWIN, 23), numgrad_shape(NUMGRAD_SHAPES_TWIN),
                    why="another 1-D and 2-D shape")),
    Check(test="test_numgrad_central_differences", task="numerical_gradient",
          name="numerical_gradient computes central differences (f(theta + h e_i) - f(theta - h e_i)) / 2h",
          points=6,   # 6: the numbers at the default h; public: catches forward differences and a 1/h denominator
          calls=central_calls(*NUMGRAD_CASE), rules=central(NUMGRAD_CASE), hint=From("test_numerical_gradient", "HINT"),
          twin=Twin(central_calls(*NUMGRAD_TWIN), central(NUMGRAD_TWIN),
                    why="another wavy function and point, the default h: the same 1e-7 margins")),
    Check(test="test_mse_shapes", task="mse_loss_and_grad",
          name="mse_loss_and_grad returns a scalar loss and a gradient of shape (d,), leaving its inputs unchanged",
          points=3,   # 3: the return contract (a number and a (d,) array) and untouched inputs
          calls=mse_calls(*MSE_SHAPES_CASE), rules=mse_shapes(*MSE_SHAPES_CASE), hint=From("test_mse", "HINT"),
          twin=Twin(mse_calls(*MSE_SHAPES_TWIN), mse_shapes(*MSE_SHAPES_TWIN), why="other data of another shape")),
    Check(test="test_mse_loss", task="mse_loss_and_grad",
          name="mse_loss_and_grad: the loss is mean((X @ theta - y)**2)",
          points=3,   # 3: the loss value; public: catches the sum, the 1/2 and the root
          calls=mse_loss_calls(MSE_LOSS_CASES), rules=mse_loss(MSE_LOSS_CASES), hint=From("test_mse", "HINT"),
          twin=Twin(mse_loss_calls(MSE_LOSS_TWIN), mse_loss(MSE_LOSS_TWIN), why="other data and sizes")),
    Check(test="test_minibatches_partition", task="minibatch_indices",
          name="minibatch_indices covers every sample exactly once and keeps the last, smaller batch",
          points=4,   # 4: the partition itself (every sample once, last smaller batch kept)
          calls=minibatch_calls(MINIBATCH_CASES, 41), rules=partition(MINIBATCH_CASES),
          hint=From("test_minibatches", "HINT"),
          twin=Twin(minibatch_calls(MINIBATCH_TWIN, 43), partition(MINIBATCH_TWIN),
                    why="the same four kinds of (n, batch_size), another seed")),
    Check(test="test_sgd_shape_and_inputs", task="sgd",
          name="sgd returns theta of shape (d,) and leaves theta_init, X and y unchanged",
          points=3,   # 3: return contract and untouched inputs
          calls=sgd_calls(*SGD_CASE), rules=sgd_inputs(*SGD_CASE), hint=From("test_sgd", "HINT"),
          twin=Twin(sgd_calls(*SGD_TWIN), sgd_inputs(*SGD_TWIN), why="other data, start and seed")),
    Check(test="test_newton_shape_and_input", task="newton_method",
          name="newton_method returns theta of shape (d,) and leaves theta_init unchanged",
          points=2,   # 2: return contract, untouched input, n_steps = 0
          calls=newton_calls(*NEWTON_CASE), rules=newton_shape(*NEWTON_CASE), hint=From("test_newton", "HINT"),
          twin=Twin(newton_calls(*NEWTON_TWIN), newton_shape(*NEWTON_TWIN),
                    why="another quadratic, start and step count (and n_steps = 0 again)")),
    Check(test="test_newton_quadratic_one_step", task="newton_method",
          name="newton_method solves a quadratic in one step, whatever its conditioning",
          points=4,   # 4: the defining property; public: catches H @ g and an elementwise g / H
          calls=newton_one_step_calls(NEWTON_ONE_STEP_SEED), rules=newton_one_step(NEWTON_ONE_STEP_SEED),
          hint=From("test_newton", "HINT"),
          twin=Twin(newton_one_step_calls(NEWTON_ONE_STEP_TWIN), newton_one_step(NEWTON_ONE_STEP_TWIN),
                    why="another 4-D quadratic of condition number 50 and start")),
]

public_test = public_tests(CHECKS)
