"""Held-out round 7, week 1 (gradient_descent.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

_GD_STEP = "        theta = theta - learning_rate * grad_f(theta)\n"
_NG_BODY = ("        e = np.zeros_like(theta)\n        e[i] = h\n"
            "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n")
_MB_BODY = ("    perm = rng.permutation(n_samples)\n"
            "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n")
_SGD_STEP = "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n"
_NEWTON_STEP = "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n"

ROUND_7 = [
    # ---------------- gradient_descent ----------------
    Mistake(
        tag="gd-not-simultaneous-update", novel=True, held_out=True,
        name="gd-coordinate-by-coordinate-update",
        edits={"gradient_descent": [(_GD_STEP,
            "        for j in range(theta.size):   # update each weight in turn\n"
            "            theta.flat[j] = theta.flat[j] - learning_rate * grad_f(theta).flat[j]\n")]},
        why="The weights are updated one at a time and the gradient is re-evaluated after each one, so the "
            "second coordinate's step uses the already-moved first coordinate (the 'simultaneous update' "
            "warning of Andrew Ng's course). That is coordinate-wise (Gauss-Seidel) descent, not "
            "theta - lr * grad_f(theta): it differs as soon as the coordinates are coupled (a rotated bowl).",
        source="https://github.com/alihuss1017/ML-Notes (notes of Ng's ML course: 'Simultaneously means you "
               "calculate the partial derivatives for all parameters before updating any of them'); "
               "https://github.com/hans/glove.py/issues/6 (vectors updated in the loop that computes the gradients)"),
    Mistake(
        tag="gd-history-missing-first", held_out=True, name="gd-history-starts-as-empty-list",
        edits={"gradient_descent": [(
            "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n",
            "    history = []\n")]},
        why="The tutorial loop (cost_arr = [] then append after each update) records the loss after every "
            "step only: n_steps values, and f(theta_init) is missing.",
        source="https://kishan-ved.github.io/Blogs/posts/mlalgos/gradient_descent_from_scratch.html (grad_desc: "
               "cost_arr = [], appended after each update)"),
    Mistake(
        tag="gd-step-count", held_out=True, name="gd-range-n-steps-minus-one",
        edits={"gradient_descent": [("    for _ in range(n_steps):\n" + _GD_STEP,
                                     "    for _ in range(n_steps - 1):   # the first history entry counts as a step\n"
                                     + _GD_STEP)]},
        why="The starting loss is counted as one of the n_steps, so the loop runs n_steps - 1 times: one update "
            "too few and a history of n_steps entries instead of n_steps + 1.",
        source="week 1 lesson (seeds, gradient descent loop) -- 'history of n_steps + 1 floats' read as n_steps"),
    Mistake(
        tag="gd-mutates-input", held_out=True, name="gd-colon-slice-is-a-view",
        edits={"gradient_descent": [
            ("    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n",
             "    theta = theta_init[:]   # copy, as with a list\n"),
            (_GD_STEP, "        theta -= learning_rate * grad_f(theta)\n")]},
        why="lst[:] copies a Python list, but slicing a NumPy array returns a view: the in-place step then "
            "moves the caller's theta_init too.",
        source="https://numpy.org/doc/stable/user/basics.copies.html (slicing creates views, not copies)"),
    Mistake(
        tag="gd-returns-averaged-iterate", novel=True, held_out=True, name="gd-polyak-average-returned",
        edits={"gradient_descent": [(
            "    for _ in range(n_steps):\n" + _GD_STEP + "        history.append(float(np.squeeze(f(theta))))\n"
            "    return theta, history\n",
            "    iterates = [theta]\n    for _ in range(n_steps):\n" + _GD_STEP +
            "        iterates.append(theta)\n        history.append(float(np.squeeze(f(theta))))\n"
            "    return np.mean(iterates, axis=0), history   # averaged iterate: less noisy\n")]},
        why="Polyak-Ruppert averaging from the SGD literature applied to plain gradient descent: the returned "
            "theta is the mean of all iterates (including the start), not the final iterate the spec asks for; "
            "it lags far behind the last point.",
        source="https://docs.pytorch.org/docs/stable/optim.html#weight-averaging-swa-and-ema (averaged weights as "
               "the returned model); Polyak & Juditsky (1992)"),
    # ---------------- numerical_gradient ----------------
    Mistake(
        tag="numgrad-ignores-h", held_out=True, name="numgrad-denominator-typed-in",
        edits={"gradient_descent": [(
            "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n",
            "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * 1e-5)\n")]},
        why="The perturbation uses the argument h but the denominator has the default 1e-5 typed in: right "
            "only for h = 1e-5; for h = 1e-3 every entry is 100 times too large.",
        source="https://cs231n.github.io/optimization-1/ (eval_numerical_gradient with h = 0.00001 written inline)"),
    Mistake(
        tag="numgrad-mutates-theta", held_out=True, name="numgrad-oldval-never-restored",
        edits={"gradient_descent": [(_NG_BODY,
            "        old = theta[i]\n        theta[i] = old + h\n        fp = np.squeeze(f(theta))\n"
            "        theta[i] = old - h\n        fm = np.squeeze(f(theta))\n        grad[i] = (fp - fm) / (2 * h)\n")]},
        why="cs231n's gradient check saves oldval, perturbs x in place and ends with x[ix] = oldval; the restore "
            "line is forgotten, so every coordinate is left at theta_i - h: the caller's theta is changed and "
            "later coordinates are differenced around an already shifted point.",
        source="https://cs231n.github.io/optimization-1/#numerical (eval_numerical_gradient: 'x[ix] = old_value # restore')"),
    Mistake(
        tag="wrong-shape", also=("numgrad-not-per-element",), held_out=True, name="numgrad-flat-unit-vector",
        edits={"gradient_descent": [("    for i in np.ndindex(theta.shape):\n        e = np.zeros_like(theta)\n",
                                     "    for i in range(theta.size):\n        e = np.zeros(theta.size)\n")]},
        why="The loop is written for a vector theta: a flat perturbation of length theta.size cannot be added "
            "to a 2-D theta (shapes (2, 3) and (6,) do not broadcast), so the gradient of a weight matrix fails.",
        source="https://cs231n.github.io/optimization-1/ (1-D gradient check code reused for weight matrices)"),
    # ---------------- mse_loss_and_grad ----------------
    Mistake(
        tag="mse-loss-sum", held_out=True, name="mse-loss-norm-squared",
        edits={"gradient_descent": [("    loss = float(np.mean(residual ** 2))\n",
                                     "    loss = float(np.linalg.norm(residual) ** 2)\n")]},
        why="||X theta - y||^2, the least-squares objective of linear algebra texts, is the SUM of squared "
            "residuals: N times the mean the spec asks for.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.lstsq.html ('minimizes the "
               "Euclidean 2-norm ||b - ax||')"),
    Mistake(
        tag="mse-grad-missing-mean", held_out=True, name="mse-grad-two-xt-r",
        edits={"gradient_descent": [("    grad = (2.0 / len(y)) * (X.T @ residual)\n",
                                     "    grad = 2.0 * X.T @ residual\n")]},
        why="The derivative of ||X theta - y||^2 (2 X^T r) is used with the mean loss: the gradient is N "
            "times too large.",
        source="https://en.wikipedia.org/wiki/Linear_least_squares (gradient of the sum of squares, 2 X^T (X b - y))"),
    Mistake(
        tag="mse-grad-wrong-sign", held_out=True, name="mse-residual-target-minus-prediction",
        edits={"gradient_descent": [("    residual = X @ theta - y\n",
                                     "    residual = y - X @ theta   # error = target - prediction\n")]},
        why="The error is written target minus prediction (as in the delta rule); the loss is unchanged but "
            "the gradient (2/N) X^T r now has the wrong sign, so descent climbs.",
        source="https://en.wikipedia.org/wiki/Delta_rule (error t - y, with the sign folded into the update)"),
    Mistake(
        tag="mse-loss-half", also=("mse-grad-missing-2",), held_out=True, name="mse-cost-over-2m",
        edits={"gradient_descent": [
            ("    loss = float(np.mean(residual ** 2))\n", "    loss = float(np.sum(residual ** 2) / (2 * len(y)))\n"),
            ("    grad = (2.0 / len(y)) * (X.T @ residual)\n", "    grad = (X.T @ residual) / len(y)\n")]},
        why="Andrew Ng's cost J = 1/(2m) sum r^2 with its gradient X^T r / m: consistent with each other, but "
            "the course's loss has no 1/2 -- both the loss and the gradient are half of the spec's.",
        source="https://kishan-ved.github.io/Blogs/posts/mlalgos/gradient_descent_from_scratch.html (cost/(2*n), "
               "dw/n)"),
    Mistake(
        tag="mse-hidden-l2-penalty", novel=True, held_out=True, name="mse-ridge-term-added",
        edits={"gradient_descent": [
            ("    loss = float(np.mean(residual ** 2))\n",
             "    lam = 0.01   # a little L2 regularisation against overfitting\n"
             "    loss = float(np.mean(residual ** 2) + lam * theta @ theta)\n"),
            ("    grad = (2.0 / len(y)) * (X.T @ residual)\n",
             "    grad = (2.0 / len(y)) * (X.T @ residual) + 2 * lam * theta\n")]},
        why="A ridge penalty lam * |theta|^2 built into the loss 'by default', as in scikit-learn's Ridge: the "
            "spec's loss is the plain mean squared error, so loss and gradient are off by lam |theta|^2 and "
            "2 lam theta, and the minimiser is no longer the least-squares solution.",
        source="https://scikit-learn.org/stable/modules/linear_model.html#ridge-regression-and-classification"),
    # ---------------- minibatch_indices ----------------
    Mistake(
        tag="minibatches-drop-last", held_out=True, name="minibatches-n-over-b-batches",
        edits={"gradient_descent": [(_MB_BODY,
            "    perm = rng.permutation(n_samples)\n    n_batches = n_samples // batch_size\n"
            "    return [perm[b * batch_size:(b + 1) * batch_size] for b in range(n_batches)]\n")]},
        why="The number of batches computed as n_samples // batch_size: the remainder (the last, smaller batch) "
            "is never produced, so some samples are skipped every epoch.",
        source="http://compphysics.github.io/ComputationalPhysics2/doc/pub/week7/html/._week7-bs049.html "
               "(m = int(n/M) #number of minibatches)"),
    Mistake(
        tag="minibatches-global-random", also=("minibatches-own-generator",), held_out=True,
        name="minibatches-unseeded-default-rng",
        edits={"gradient_descent": [("    perm = rng.permutation(n_samples)\n    return",
                                     "    perm = np.random.default_rng().permutation(n_samples)\n    return")]},
        why="A fresh, unseeded generator is created inside instead of using the rng argument: the order is "
            "random but not reproducible from the caller's generator.",
        source="https://numpy.org/doc/stable/reference/random/generator.html (default_rng() without a seed "
               "draws fresh entropy)"),
    Mistake(
        tag="minibatches-pads-last-batch", novel=True, held_out=True, name="minibatches-wrap-around-padding",
        edits={"gradient_descent": [(_MB_BODY,
            "    perm = rng.permutation(n_samples)\n"
            "    pad = -n_samples % batch_size   # make it evenly divisible\n"
            "    perm = np.concatenate([perm, perm[:pad]])\n"
            "    return [perm[start:start + batch_size] for start in range(0, len(perm), batch_size)]\n")]},
        why="The permutation is padded with its own first entries so that every batch is full (as PyTorch's "
            "DistributedSampler does): some samples appear twice in an epoch, and the last batch is not the "
            "smaller remainder the spec keeps.",
        source="https://docs.pytorch.org/docs/stable/data.html#torch.utils.data.distributed.DistributedSampler "
               "('adds extra samples to make it evenly divisible')"),
    # ---------------- sgd ----------------
    Mistake(
        tag="sgd-full-batch", held_out=True, name="sgd-batch-loop-over-whole-data",
        edits={"gradient_descent": [(_SGD_STEP,
            "            theta = theta - learning_rate * grad_f_batch(theta, X, y)\n")]},
        why="The batch loop is there but each step passes the whole X, y: full-batch gradient descent "
            "repeated once per batch.",
        source="https://github.com/ufal/npfl129/pull/107 ('sgd should work on batches, not all data'); "
               "https://github.com/udacity/sdc-issue-reports/issues/142"),
    Mistake(
        tag="sgd-mutates-input", held_out=True, name="sgd-astype-without-copy",
        edits={"gradient_descent": [
            ("    theta = np.array(theta_init, dtype=np.float64)\n    for _ in range(epochs):",
             "    theta = theta_init.astype(np.float64, copy=False)\n    for _ in range(epochs):"),
            (_SGD_STEP, "            theta -= learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="astype(..., copy=False) returns the same array when it is already float64, and the in-place step "
            "then changes the caller's theta_init.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.ndarray.astype.html (copy=False: the "
               "input array is returned if no copy is needed)"),
    Mistake(
        tag="sgd-hidden-momentum", novel=True, held_out=True, name="sgd-momentum-0.9-built-in",
        edits={"gradient_descent": [(
            "    for _ in range(epochs):\n        for idx in minibatch_indices(len(X), batch_size, rng):\n" + _SGD_STEP,
            "    v = np.zeros_like(theta)\n"
            "    for _ in range(epochs):\n        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            v = 0.9 * v + grad_f_batch(theta, X[idx], y[idx])   # SGD as everyone runs it\n"
            "            theta = theta - learning_rate * v\n")]},
        why="The usual recipe optim.SGD(lr, momentum=0.9) built into plain SGD: the spec's sgd steps with "
            "the batch gradient alone, this one with a velocity.",
        source="https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html (momentum=0.9 in the examples)"),
    Mistake(
        tag="minibatches-own-generator", also=("sgd-global-random",), held_out=True,
        name="sgd-generator-seeded-by-epoch",
        edits={"gradient_descent": [(
            "    for _ in range(epochs):\n        for idx in minibatch_indices(len(X), batch_size, rng):\n",
            "    for epoch in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, np.random.default_rng(epoch)):\n")]},
        why="A generator seeded with the epoch number (the 'set_epoch' idea of distributed samplers) replaces "
            "the rng argument: reproducible, but not from the caller's generator, so the batches differ from "
            "the recipe.",
        source="https://docs.pytorch.org/docs/stable/data.html#torch.utils.data.distributed.DistributedSampler "
               "(set_epoch seeds the shuffle with the epoch)"),
    # ---------------- newton_method ----------------
    Mistake(
        tag="newton-solve-arguments-swapped", novel=True, held_out=True, name="newton-solve-g-then-h",
        edits={"gradient_descent": [(_NEWTON_STEP,
            "        theta = theta - np.linalg.solve(grad_f(theta), hess_f(theta))\n")]},
        why="np.linalg.solve(a, b) solves a x = b; with the gradient as a and the Hessian as b the call fails "
            "(a must be a square matrix), so no Newton step is ever taken.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.solve.html (solve(a, b): "
               "'Coefficient matrix' a first)"),
    Mistake(
        tag="newton-hessian-modified", also=("newton-saddle-fallback",), held_out=True,
        name="newton-absolute-eigenvalues",
        edits={"gradient_descent": [(_NEWTON_STEP,
            "        w, V = np.linalg.eigh(hess_f(theta))\n"
            "        H = V @ np.diag(np.abs(w)) @ V.T   # saddle-free: never step towards a saddle\n"
            "        theta = theta - np.linalg.solve(H, grad_f(theta))\n")]},
        why="Saddle-free Newton (Dauphin et al.) replaces the Hessian's eigenvalues by their absolute values: "
            "where H is indefinite (x^2 - y^2) the step moves away from the saddle instead of the spec's "
            "-H^-1 g, which jumps onto it.",
        source="https://arxiv.org/abs/1406.2572 (Dauphin et al. 2014, saddle-free Newton |H|)"),
]
