"""Held-out round 13, week 1 (gradient_descent.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "gradient_descent"

GD_HIST = "        history.append(float(np.squeeze(f(theta))))\n"
GD_STEP = "        theta = theta - learning_rate * grad_f(theta)\n"
GD_LOOP = "    for _ in range(n_steps):\n" + GD_STEP
GD_RET = "    return theta, history\n"
NG_E = ("    for i in np.ndindex(theta.shape):\n"
        "        e = np.zeros_like(theta)\n"
        "        e[i] = h\n")
NG_DIFF = "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
MSE_GRAD = "    grad = (2.0 / len(y)) * (X.T @ residual)\n"
MB_PERM = "    perm = rng.permutation(n_samples)\n"
MB_SLICES = "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n"
SGD_INIT = "    theta = np.array(theta_init, dtype=np.float64)\n    for _ in range(epochs):\n"
SGD_BATCHES = "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
SGD_STEP = "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
NEWTON_STEP = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"
LESSON1 = "seeds/ lesson 1 (gradient descent), the update rule and the loss-curve plot"

ROUND_13 = [
    # ---- gradient_descent ---------------------------------------------------------------------------------
    Mistake(
        tag="gd-history-not-floats", name="gd-history-appends-raw-f-output",
        edits={M: [(GD_HIST, "        history.append(f(theta))\n")]},
        why="the student appends whatever f returns; for an f that returns a one-element array (x**2 on a "
            "(1,) theta, which the docstring allows) history holds ndarrays, not Python floats. The contract: "
            "'history is a list of n_steps + 1 floats'.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.squeeze.html (a one-element array stays an ndarray)",
        held_out=True),
    Mistake(
        tag="gd-early-stop", name="gd-breaks-once-loss-below-1e-12",
        edits={M: [(GD_HIST, GD_HIST + "        if history[-1] < 1e-12:\n"
                                       "            break\n")]},
        why="the student adds a 'converged' test (loss essentially zero) as tutorials with tolerance loops do; "
            "on a bowl that reaches 0 the loop stops early and history is shorter than n_steps + 1 (and on a "
            "loss with negative values it stops at once). Contract: n_steps updates, n_steps + 1 history entries.",
        source="https://en.wikipedia.org/wiki/Gradient_descent (stopping criteria in example code)",
        held_out=True),
    Mistake(
        tag="gd-lr-decay", name="gd-lr-over-sqrt-step-number",
        edits={M: [(GD_LOOP, "    for k in range(n_steps):\n"
                             "        theta = theta - learning_rate / np.sqrt(k + 1) * grad_f(theta)\n")]},
        why="the student uses the 1/sqrt(t) step size of subgradient/online convex optimisation theory; "
            "plain gradient descent in the contract uses the constant learning_rate every step.",
        source="https://www.stat.cmu.edu/~ryantibs/convexopt/lectures/subgradient-method.pdf",
        held_out=True),
    Mistake(
        tag="gd-history-not-floats", name="gd-history-returned-as-ndarray",
        edits={M: [(GD_RET, "    return theta, np.array(history)\n")]},
        why="the student returns history as a NumPy array (to plot it or take np.log), not the list of Python "
            "floats the contract asks for ('history is a list of n_steps + 1 floats'). doubtful: a grader that "
            "only compares values may accept an array.",
        source=LESSON1, held_out=True),
    # ---- numerical_gradient -------------------------------------------------------------------------------
    Mistake(
        tag="numgrad-ignores-h", name="numgrad-step-sqrt-machine-epsilon",
        edits={M: [(NG_E, NG_E.replace("e[i] = h\n", "e[i] = np.sqrt(np.finfo(float).eps)\n"))]},
        why="the student takes the 'optimal' step sqrt(machine eps) ~ 1.5e-8 from Numerical Recipes / "
            "scipy.optimize.approx_fprime but keeps dividing by 2h: the argument h is ignored and the result is "
            "scaled by 1.5e-8/h. Contract: (f(θ+h e_i) - f(θ-h e_i)) / 2h with the given h.",
        source="https://docs.scipy.org/doc/scipy/reference/generated/scipy.optimize.approx_fprime.html",
        held_out=True),
    Mistake(
        tag="numgrad-relative-step", name="numgrad-step-times-max-one-abs-theta",
        edits={M: [(NG_E, NG_E.replace("e[i] = h\n", "e[i] = h * max(1.0, abs(theta[i]))\n"))]},
        why="the student scales the perturbation with the coordinate's size (a robustness trick from numerical "
            "analysis texts) but still divides by 2h: for |theta_i| > 1 the estimate is |theta_i| times too "
            "big. Contract: perturb by exactly h.",
        source="Nocedal & Wright, Numerical Optimization, §8.1 (relative step choices)",
        held_out=True),
    Mistake(
        tag="numgrad-mutates-theta", also=("numgrad-perturbation-not-reset",), name="numgrad-old-value-shift-in-place",
        edits={M: [(NG_E + NG_DIFF, "    for i in np.ndindex(theta.shape):\n"
                                    "        old = theta[i]\n"
                                    "        theta[i] = old + h\n"
                                    "        fp = f(theta)\n"
                                    "        theta[i] = old - h\n"
                                    "        fm = f(theta)\n"
                                    "        grad[i] = np.squeeze(fp - fm) / (2 * h)\n")]},
        why="the student shifts theta[i] in place (the memory-saving loop of gradient-check tutorials) and "
            "forgets to put the old value back: the caller's array is left modified and every later "
            "coordinate is evaluated at a point already shifted by -h. Contract: theta is not modified, one "
            "coordinate perturbed at a time.",
        source="https://cs231n.github.io/optimization-1/ (eval_numerical_gradient: 'restore to previous value')",
        held_out=True),
    Mistake(
        tag="numgrad-forward-difference", name="numgrad-forward-difference-squeezed-terms",
        edits={M: [(NG_DIFF, "        grad[i] = (np.squeeze(f(theta + e)) - np.squeeze(f(theta))) / h\n")]},
        why="the student writes the textbook definition of the derivative (f(x+h) - f(x)) / h, the forward "
            "difference, error O(h) instead of O(h^2). Contract: central differences.",
        source="https://en.wikipedia.org/wiki/Finite_difference (forward difference)",
        held_out=True),
    Mistake(
        tag="numgrad-complex-step", novel=True, name="numgrad-complex-step-derivative",
        edits={M: [(NG_DIFF, "        grad[i] = np.imag(np.squeeze(f(theta + 1j * e))) / h\n")]},
        why="the student uses the complex-step derivative Im f(θ + i h e_i) / h (no cancellation error) found "
            "in gradient-checking posts; it fails for f that is not complex-analytic (abs, max, float()) and "
            "is not the central difference the contract fixes. doubtful: on smooth polynomial f the values agree "
            "to ~h^2.",
        source="https://blogs.mathworks.com/cleve/2013/10/14/complex-step-differentiation/",
        held_out=True),
    # ---- mse_loss_and_grad --------------------------------------------------------------------------------
    Mistake(
        tag="mse-grad-missing-2", name="mse-grad-mean-of-rows-times-residual",
        edits={M: [(MSE_GRAD, "    grad = np.sum(X.T * residual, axis=1) / len(y)\n")]},
        why="the student vectorises 'sum of r_n * x_n over N' and forgets the 2 from differentiating r_n**2 (the "
            "1/2-MSE convention of many course notes). Contract: grad = (2/N) Xᵀ(Xθ - y).",
        source="https://cs229.stanford.edu/main_notes.pdf (LMS with the 1/2 factor)",
        held_out=True),
    Mistake(
        tag="mse-grad-wrong-axis", also=("wrong-shape",), name="mse-grad-mean-along-features",
        edits={M: [(MSE_GRAD, "    grad = 2 * np.mean(X * residual[:, None], axis=1)\n")]},
        why="the student averages along axis=1 (the features) instead of axis=0 (the samples), getting a vector "
            "of length N instead of d. Contract: grad of shape (d,).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.mean.html (axis)",
        held_out=True),
    Mistake(
        tag="mse-grad-no-transpose", name="mse-grad-np-dot-x-residual-untransposed",
        edits={M: [(MSE_GRAD, "    grad = 2.0 * np.dot(X, residual) / len(y)\n")]},
        why="the student writes X·r without the transpose (copying the forward pass's X @ theta); it raises for "
            "N != d and is wrong for a square X. Contract: (2/N) Xᵀ r.",
        source="https://stackoverflow.com/questions/17784587 (gradient descent using python and numpy)",
        held_out=True),
    # ---- minibatch_indices ---------------------------------------------------------------------------------
    Mistake(
        tag="minibatches-slice-end-inclusive", novel=True, name="minibatches-slice-stop-minus-one",
        edits={M: [(MB_SLICES, "    return [perm[start:start + batch_size - 1] "
                               "for start in range(0, n_samples, batch_size)]\n")]},
        why="the student thinks of the slice's end as the last index (MATLAB's start:start+b-1): every batch "
            "has b-1 samples and one sample per batch is never used. Contract: consecutive slices of batch_size "
            "holding every index once.",
        source="https://numpy.org/doc/stable/user/basics.indexing.html (slice stop is exclusive)",
        held_out=True),
    Mistake(
        tag="minibatches-one-based-indices", novel=True, name="minibatches-permutation-of-one-to-n",
        edits={M: [(MB_PERM, "    perm = rng.permutation(np.arange(1, n_samples + 1))\n")]},
        why="the student numbers samples 1..N as in MATLAB/R textbooks; index N is out of range and sample 0 "
            "is never used. Contract: perm = rng.permutation(n_samples), indices 0..N-1.",
        source="https://numpy.org/doc/stable/user/numpy-for-matlab-users.html (0-based indexing)",
        held_out=True),
    Mistake(
        tag="minibatches-empty-last-batch", name="minibatches-range-stop-n-plus-one",
        edits={M: [(MB_SLICES, "    return [perm[start:start + batch_size] "
                               "for start in range(0, n_samples + 1, batch_size)]\n")]},
        why="the student makes the range's stop 'inclusive' with + 1; when batch_size divides n_samples the last "
            "slice is empty. Contract: consecutive slices, no empty batch.",
        source="https://docs.python.org/3/library/stdtypes.html#range",
        held_out=True),
    # ---- sgd ----------------------------------------------------------------------------------------------
    Mistake(
        tag="sgd-n-from-features", name="sgd-sample-count-from-len-of-transpose",
        edits={M: [(SGD_BATCHES, "        for idx in minibatch_indices(len(X.T), batch_size, rng):\n")]},
        why="the student takes len(X.T) for the number of samples (after transposing for X.T @ r elsewhere; "
            "it is the number of features d): only the first d samples are ever used. Contract: minibatch_indices(len(X), ...).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.shape.html",
        held_out=True),
    Mistake(
        tag="sgd-lr-decay", name="sgd-robbins-monro-lr-over-epoch",
        edits={M: [(SGD_INIT, "    theta = np.array(theta_init, dtype=np.float64)\n"
                              "    for epoch in range(epochs):\n"),
                   (SGD_STEP, "            theta = theta - learning_rate / (epoch + 1) "
                              "* grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="the student follows the Robbins-Monro condition (sum lr = inf, sum lr^2 < inf) with lr/(epoch+1) "
            "from the lesson's references; the contract's sgd uses the constant learning_rate.",
        source="Robbins & Monro (1951), cited in the sgd docstring",
        held_out=True),
    Mistake(
        tag="sgd-ignores-theta-init", novel=True, name="sgd-starts-from-zero-weights",
        edits={M: [(SGD_INIT, "    theta = np.zeros_like(theta_init, dtype=np.float64)\n"
                              "    for _ in range(epochs):\n")]},
        why="the student initialises the linear model's weights to zeros as in regression tutorials, ignoring "
            "theta_init. Contract: start from theta_init (copied).",
        source="https://realpython.com/gradient-descent-algorithm-python/ (weights initialised to zero)",
        held_out=True),
    Mistake(
        tag="sgd-arguments-swapped", name="sgd-batch-x-and-y-swapped-in-call",
        edits={M: [(SGD_STEP, "            theta = theta - learning_rate * grad_f_batch(theta, y[idx], X[idx])\n")]},
        why="the student passes the batch as (y, X), the order of sklearn-like (target, data) helpers in some "
            "notes; the gradient is computed with the roles swapped (or raises). Contract: grad_f_batch(theta, "
            "X[idx], y[idx]).",
        source="sgd docstring: grad_f_batch(theta, X_batch, y_batch)",
        held_out=True),
    # ---- newton_method ------------------------------------------------------------------------------------
    Mistake(
        tag="newton-hessian-modified", name="newton-elementwise-abs-of-hessian",
        edits={M: [(NEWTON_STEP, "        theta = theta - np.linalg.solve(np.abs(hess_f(theta)), grad_f(theta))\n")]},
        why="the student wants a positive-definite matrix so Newton does not walk to a saddle and takes the "
            "absolute value of every Hessian entry (not of its eigenvalues); off-diagonal signs flip and the "
            "step is wrong even on a convex quadratic. Contract: solve(hess_f(theta), grad_f(theta)).",
        source="seeds/ lesson on Newton's method (saddle points warning)",
        held_out=True),
]
