"""Held-out round 4, week 1: mistakes written as student code from public sources, before grading.

Each case edits the reference ``gradient_descent.py``; ``tag`` is what a reader would call the
mistake, ``novel=True`` marks a kind that no tag of the training catalogue describes.
"""
from autograder.catalogue import Mistake

M = "gradient_descent"

ROUND_4 = [
    # --- gradient_descent -------------------------------------------------------------------
    Mistake(
        tag="gd-mutates-input", name="gd-asarray-no-copy", held_out=True,
        edits={M: [(
            "    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n"
            "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
            "    for _ in range(n_steps):\n"
            "        theta = theta - learning_rate * grad_f(theta)\n",
            "    theta = np.asarray(theta_init, dtype=np.float64)\n"
            "    history = [float(np.squeeze(f(theta)))]\n"
            "    for _ in range(n_steps):\n"
            "        theta -= learning_rate * grad_f(theta)\n")]},
        why="np.asarray returns the caller's own array when it is already float64, so the in-place "
            "step moves theta_init: the student believed asarray copies, like np.array does.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.asarray.html "
               "(no copy when the input already is an ndarray of that dtype)"),
    Mistake(
        tag="gd-early-stop", name="gd-stops-at-small-gradient", held_out=True, novel=True,
        edits={M: [(
            "    for _ in range(n_steps):\n"
            "        theta = theta - learning_rate * grad_f(theta)\n",
            "    for _ in range(n_steps):\n"
            "        g = grad_f(theta)\n"
            "        if np.linalg.norm(g) < 1e-6:   # converged\n"
            "            break\n"
            "        theta = theta - learning_rate * g\n")]},
        why="a convergence test copied from tutorials: once the gradient is small the loop stops, so "
            "history has fewer than n_steps + 1 entries (the spec makes exactly n_steps steps).",
        source="https://apnielsen.com/dual-numbers-auto-diff/index.html (gradient_descent with "
               "`tolerance` and `break`); https://app.studyraid.com/en/read/14376/489657/defining-convergence-criteria"),
    Mistake(
        tag="gd-adaptive-step", name="gd-halves-lr-when-loss-rises", held_out=True, novel=True,
        edits={M: [(
            "    for _ in range(n_steps):\n"
            "        theta = theta - learning_rate * grad_f(theta)\n"
            "        history.append(float(np.squeeze(f(theta))))\n"
            "    return theta, history\n"
            "    ### END SOLUTION\n"
            "\n"
            "\n"
            "def numerical_gradient(",
            "    for _ in range(n_steps):\n"
            "        candidate = theta - learning_rate * grad_f(theta)\n"
            "        if f(candidate) > f(theta):     # overshoot: halve the step and try again next time\n"
            "            learning_rate = learning_rate / 2\n"
            "        theta = candidate\n"
            "        history.append(float(np.squeeze(f(theta))))\n"
            "    return theta, history\n"
            "    ### END SOLUTION\n"
            "\n"
            "\n"
            "def numerical_gradient(")]},
        why="a backtracking-like fix from the textbooks: the student shrinks the rate whenever the loss "
            "rises, so a too-large rate no longer diverges as plain gradient descent with a fixed lr does.",
        source="Boyd & Vandenberghe, Convex Optimization, §9.2 backtracking line search "
               "https://web.stanford.edu/~boyd/cvxbook/"),
    # --- numerical_gradient -----------------------------------------------------------------
    Mistake(
        tag="numgrad-float32", name="numgrad-float32-theta", held_out=True, novel=True,
        edits={M: [(
            "    theta = np.asarray(theta, dtype=np.float64)\n"
            "    grad = np.zeros_like(theta)\n",
            "    theta = np.asarray(theta, dtype=np.float32)   # like torch tensors\n"
            "    grad = np.zeros_like(theta)\n")]},
        why="single precision: theta + 1e-5 e_i rounds to a neighbour of float32 spacing and the "
            "difference of two f values loses most digits -- the estimate is off in the 3rd digit "
            "(and the result is float32).",
        source="https://datascience.stackexchange.com/questions/30850/gradientchecking-can-i-blame-float-precision; "
               "torch.autograd.gradcheck docs (needs double precision)"),
    Mistake(
        tag="numgrad-not-per-element", name="numgrad-range-len-loop", held_out=True,
        edits={M: [(
            "    for i in np.ndindex(theta.shape):\n",
            "    for i in range(len(theta)):\n")]},
        why="the 1-D loop `for i in range(len(theta))`: on a 2-D theta e[i] = h perturbs a whole row "
            "and grad[i] gets one number broadcast over the row.",
        source="https://cs231n.github.io/optimization-1/ (the notes iterate with np.nditer multi_index "
               "because a plain range(len(x)) loop only covers the first axis)"),
    Mistake(
        tag="numgrad-forward-difference", name="numgrad-backward-difference", held_out=True,
        edits={M: [(
            "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n",
            "        grad[i] = np.squeeze(f(theta) - f(theta - e)) / h\n")]},
        why="the one-sided backward difference: error of order h, not h**2.",
        source="https://en.wikipedia.org/wiki/Finite_difference (forward, backward and central differences)"),
    Mistake(
        tag="numgrad-wrong-denominator", name="numgrad-sum-of-one-sided", held_out=True,
        edits={M: [(
            "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n",
            "        forward = (f(theta + e) - f(theta)) / h\n"
            "        backward = (f(theta) - f(theta - e)) / h\n"
            "        grad[i] = np.squeeze(forward + backward)   # meant: their average\n")]},
        why="the central difference as 'forward plus backward' without halving: twice the gradient, "
            "the same as dividing by h instead of 2h.",
        source="https://en.wikipedia.org/wiki/Finite_difference (central = average of forward and backward)"),
    # --- mse_loss_and_grad ------------------------------------------------------------------
    Mistake(
        tag="mse-loss-variance", name="mse-loss-np-var", held_out=True, novel=True,
        edits={M: [(
            "    loss = float(np.mean(residual ** 2))\n",
            "    loss = float(np.var(residual))\n")]},
        why="np.var subtracts the mean residual first: equal to the MSE only when the residuals average 0 "
            "(a model with a bias term at its optimum), lower otherwise.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.var.html (var = mean(abs(x - x.mean())**2))"),
    Mistake(
        tag="mse-loss-root", name="mse-loss-rmse", held_out=True, novel=True,
        edits={M: [(
            "    loss = float(np.mean(residual ** 2))\n",
            "    loss = float(np.sqrt(np.mean(residual ** 2)))\n")]},
        why="the root mean squared error reported as the loss (the metric libraries print), while the "
            "gradient is that of the MSE.",
        source="https://scikit-learn.org/stable/modules/generated/sklearn.metrics.root_mean_squared_error.html; "
               "Keras metrics.RootMeanSquaredError"),
    Mistake(
        tag="mse-grad-wrong-axis", name="mse-grad-mean-over-features", held_out=True, novel=True,
        edits={M: [(
            "    grad = (2.0 / len(y)) * (X.T @ residual)\n",
            "    grad = 2.0 * np.mean(X * residual[:, None], axis=1)\n")]},
        why="the per-sample products are averaged over the wrong axis (features instead of samples): "
            "a vector of length N, one number per sample, instead of d.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.mean.html (axis is the axis that is "
               "averaged away)"),
    # --- minibatch_indices ------------------------------------------------------------------
    Mistake(
        tag="minibatches-with-replacement", name="minibatches-randint-per-batch", held_out=True,
        edits={M: [(
            "    perm = rng.permutation(n_samples)\n"
            "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n",
            "    return [rng.integers(0, n_samples, size=min(batch_size, n_samples - start))\n"
            "            for start in range(0, n_samples, batch_size)]\n")]},
        why="each batch drawn with random integers (makemore's `torch.randint` batches): samples repeat "
            "and some are never seen in the epoch.",
        source="https://github.com/karpathy/nn-zero-to-hero (makemore: ix = torch.randint(0, Xtr.shape[0], (32,)))"),
    Mistake(
        tag="minibatches-with-replacement", name="minibatches-choice-per-batch", held_out=True,
        edits={M: [(
            "    perm = rng.permutation(n_samples)\n"
            "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n",
            "    return [rng.choice(n_samples, size=min(batch_size, n_samples - start), replace=False)\n"
            "            for start in range(0, n_samples, batch_size)]\n")]},
        why="replace=False only holds within one batch: every batch is drawn from all samples again, so "
            "across the epoch samples repeat and others are missed.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.choice.html"),
    Mistake(
        tag="minibatches-own-recipe", name="minibatches-argsort-of-random", held_out=True, novel=True,
        edits={M: [(
            "    perm = rng.permutation(n_samples)\n",
            "    perm = np.argsort(rng.random(n_samples))   # MATLAB's [~, idx] = sort(rand(n, 1))\n")]},
        why="a valid random order, but not the spec's one rng.permutation call: with the same generator the "
            "batches differ from everyone else's, so runs are not reproducible against the recipe.",
        source="https://www.mathworks.com/help/matlab/ref/randperm.html (and the sort(rand) idiom that predates it)"),
    # --- sgd --------------------------------------------------------------------------------
    Mistake(
        tag="sgd-mutates-input", name="sgd-asarray-no-copy", held_out=True,
        edits={M: [(
            "    theta = np.array(theta_init, dtype=np.float64)\n"
            "    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
            "    theta = np.asarray(theta_init, dtype=np.float64)\n"
            "    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta -= learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="np.asarray does not copy a float64 array; the in-place step then trains the caller's theta_init.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.asarray.html"),
    Mistake(
        tag="sgd-arguments-swapped", name="sgd-minibatch-arguments-swapped", held_out=True, novel=True,
        edits={M: [(
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n",
            "        for idx in minibatch_indices(batch_size, len(X), rng):\n")]},
        why="(batch_size, n_samples) instead of (n_samples, batch_size): one batch per epoch holding the "
            "first batch_size samples in a random order; the rest of the data is never used.",
        source="PyTorch's DataLoader(dataset, batch_size) puts the data first, Keras' fit(x, y, batch_size) too; "
               "the course's minibatch_indices(n_samples, batch_size, rng) signature"),
    Mistake(
        tag="sgd-full-batch", name="sgd-one-update-per-epoch", held_out=True,
        edits={M: [(
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
            "        batches = minibatch_indices(len(X), batch_size, rng)\n"
            "        total = np.zeros_like(theta)\n"
            "        for idx in batches:\n"
            "            total = total + grad_f_batch(theta, X[idx], y[idx])\n"
            "        theta = theta - learning_rate * total / len(batches)\n")]},
        why="the batch gradients are averaged over the epoch and applied once: full-batch gradient descent "
            "with extra steps, not one update per batch.",
        source="lesson 'Week 3: Gradient-Based Optimization', §3.2 table: updates per epoch N/batch_size for "
               "mini-batch SGD vs 1 for full batch"),
    Mistake(
        tag="sgd-summed-gradient", name="sgd-lr-times-batch-size", held_out=True, novel=True,
        edits={M: [(
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
            "            theta = theta - learning_rate * len(idx) * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="the sum of the per-sample gradients instead of their mean (reduction='sum'): every step is "
            "batch_size times too long, and the last, smaller batch gets a different scale.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.MSELoss.html (reduction='mean' vs 'sum')"),
    # --- newton_method ----------------------------------------------------------------------
    Mistake(
        tag="newton-damped", name="newton-half-step", held_out=True, novel=True,
        edits={M: [(
            "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n",
            "        theta = theta - 0.5 * np.linalg.solve(hess_f(theta), grad_f(theta))   # damped, to be safe\n")]},
        why="a fixed damping of the Newton step: no longer one step to the minimum of a quadratic, and "
            "only linear convergence near the minimum.",
        source="Boyd & Vandenberghe, Convex Optimization, §9.5 (damped Newton with a step size) "
               "https://web.stanford.edu/~boyd/cvxbook/"),
    Mistake(
        tag="newton-elementwise-product", name="newton-inv-times-elementwise", held_out=True,
        edits={M: [(
            "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n",
            "        theta = theta - np.linalg.inv(hess_f(theta)) * grad_f(theta)\n")]},
        why="the inverse Hessian times the gradient written with * : an elementwise product that "
            "broadcasts (d, d) * (d,) to a (d, d) matrix.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.matmul.html (@ vs elementwise *)"),
    Mistake(
        tag="newton-wrong-sign", name="newton-plus-step", held_out=True, novel=True,
        edits={M: [(
            "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n",
            "        theta = theta + np.linalg.solve(hess_f(theta), grad_f(theta))\n")]},
        why="the Newton step added: from the second-order Taylor model the stationary point is "
            "d = -H^-1 g; the sign gets lost when H d = -g is solved as solve(H, g).",
        source="lesson 'Optimization', 'Second-Order Methods (Brief)': theta_{t+1} = theta_t - H^-1 grad L"),
]
