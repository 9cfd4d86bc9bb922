"""Held-out round 6, week 1 (gradient_descent.py): student code written from public sources, before grading."""
from autograder.catalogue import Mistake

M = "gradient_descent"

ROUND_6 = [
    # --- gradient_descent -------------------------------------------------------------------------------
    Mistake(
        tag="gd-history-not-floats", name="gd-history-lesson-f-values", novel=True, held_out=True,
        edits={M: [("    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n",
                    "    history = [f(theta)]\n"),
                   ("        history.append(float(np.squeeze(f(theta))))\n",
                    "        history.append(f(theta))\n")]},
        why="The lesson's code stores f(theta) as it comes back. For f = x**2 on a theta of shape (1,) every entry "
            "of history is a 1-element array, not a Python float as the spec asks (the docstring warns that f may "
            "return one): plots and comparisons that expect floats get arrays.",
        source="lesson 'Optimization', section 'Gradient Descent / In Code' (history = [f(theta)]; "
               "example f(x) = x ** 2 with theta_init = np.array([5.0]))"),
    Mistake(
        tag="gd-mutates-input", name="gd-np-array-copy-false", held_out=True,
        edits={M: [("    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n"
                    "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
                    "    for _ in range(n_steps):\n"
                    "        theta = theta - learning_rate * grad_f(theta)\n",
                    "    theta = np.array(theta_init, dtype=np.float64, copy=False)  # avoid an extra copy\n"
                    "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
                    "    for _ in range(n_steps):\n"
                    "        theta -= learning_rate * grad_f(theta)\n")]},
        why="copy=False (NumPy 1.x habit 'no copy if not needed') returns the caller's float64 array itself, and "
            "the in-place step then moves theta_init too.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.array.html (the copy argument; "
               "NumPy 2 migration note on copy=False)"),
    Mistake(
        tag="gd-history-missing-first", name="gd-loop-n-plus-one-steps", held_out=True,
        edits={M: [("    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
                    "    for _ in range(n_steps):\n",
                    "    history = []\n"
                    "    for _ in range(n_steps + 1):   # n_steps + 1 entries in history\n")]},
        why="To get n_steps + 1 history entries the student loops n_steps + 1 times and records after each step: "
            "f(theta_init) is never recorded and one step too many is taken (history has the right length, "
            "shifted by one step; theta is one step further).",
        source="lesson 'Optimization', section 'Gradient Descent / In Code' rewritten to the spec's "
               "'n_steps + 1 floats' (a count matched without the initial value)"),
    # --- numerical_gradient -----------------------------------------------------------------------------
    Mistake(
        tag="numgrad-perturbation-not-reset", name="numgrad-plus-minus-copies-made-once", held_out=True,
        edits={M: [("    grad = np.zeros_like(theta)\n"
                    "    for i in np.ndindex(theta.shape):\n"
                    "        e = np.zeros_like(theta)\n"
                    "        e[i] = h\n"
                    "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n",
                    "    grad = np.zeros_like(theta)\n"
                    "    theta_plus, theta_minus = theta.copy(), theta.copy()\n"
                    "    for i in np.ndindex(theta.shape):\n"
                    "        theta_plus[i] += h\n"
                    "        theta_minus[i] -= h\n"
                    "        grad[i] = np.squeeze(f(theta_plus) - f(theta_minus)) / (2 * h)\n")]},
        why="The two copies are made once before the loop and never restored: at coordinate i the earlier "
            "coordinates are still shifted by +-h, so every entry after the first is the derivative along a "
            "growing diagonal direction.",
        source="https://cs231n.github.io/optimization-1/#numerical (eval_numerical_gradient restores x[ix] = old_value; "
               "the restore is the line students drop)"),
    Mistake(
        tag="numgrad-forward-difference", name="numgrad-minus-point-copied-from-plus", also=("numgrad-wrong-denominator",),
        held_out=True,
        edits={M: [("        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n",
                    "        theta_plus = theta + e\n"
                    "        theta_minus = theta_plus - e\n"
                    "        grad[i] = np.squeeze(f(theta_plus) - f(theta_minus)) / (2 * h)\n")]},
        why="theta_minus is built from theta_plus instead of theta, so it is theta itself: a one-sided difference "
            "divided by 2h, half the derivative (plus an O(h) error).",
        source="https://tikayere.github.io/mathematics-for-programmers/part7/ch234-gradient-checking (the x_plus / x_minus "
               "copy pattern; the minus point built from the wrong copy)"),
    Mistake(
        tag="wrong-shape", name="numgrad-flat-gradient-returned", held_out=True,
        edits={M: [("    grad = np.zeros_like(theta)\n"
                    "    for i in np.ndindex(theta.shape):\n"
                    "        e = np.zeros_like(theta)\n"
                    "        e[i] = h\n"
                    "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
                    "    return grad\n",
                    "    flat = theta.ravel()\n"
                    "    grad = np.zeros(flat.size)\n"
                    "    for i in range(flat.size):\n"
                    "        e = np.zeros(flat.size)\n"
                    "        e[i] = h\n"
                    "        grad[i] = np.squeeze(f((flat + e).reshape(theta.shape)) - f((flat - e).reshape(theta.shape))) / (2 * h)\n"
                    "    return grad\n")]},
        why="The loop is written over a flattened theta (to avoid multi-indices) and the flat gradient is returned: "
            "for a matrix theta the result has shape (size,) instead of theta's shape.",
        source="https://cs231n.github.io/optimization-1/ (gradient check on weight matrices; np.nditer vs flat loops)"),
    # --- mse_loss_and_grad ------------------------------------------------------------------------------
    Mistake(
        tag="mse-grad-mean-no-axis", name="mse-grad-np-mean-without-axis", novel=True, held_out=True,
        edits={M: [("    grad = (2.0 / len(y)) * (X.T @ residual)\n",
                    "    grad = 2.0 * np.mean(X * residual[:, None])\n")]},
        why="Vectorising sum_n r_n X[n] / N as a mean of the (N, d) products, but without axis=0: np.mean averages "
            "over every entry, giving one scalar (the mean over samples AND features), which then broadcasts in "
            "theta - lr * grad as the same step for every weight.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.mean.html (axis=None: 'the mean of the "
               "flattened array')"),
    Mistake(
        tag="mse-grad-wrong-normaliser", name="mse-n-from-theta-length", held_out=True,
        edits={M: [("    grad = (2.0 / len(y)) * (X.T @ residual)\n",
                    "    grad = (2.0 / len(theta)) * (X.T @ residual)\n")]},
        why="The gradient has theta's length, and so the student divides by len(theta) = d instead of the number of "
            "samples N.",
        source="https://stackoverflow.com/questions/17784587/gradient-descent-using-python-and-numpy (m vs n confusion)"),
    Mistake(
        tag="mse-grad-product-of-means", name="mse-grad-mean-residual-times-mean-row", novel=True, held_out=True,
        edits={M: [("    grad = (2.0 / len(y)) * (X.T @ residual)\n",
                    "    grad = 2.0 * residual.mean() * X.mean(axis=0)\n")]},
        why="mean_n(r_n X[n]) split into mean(r) * mean(X): the mean of a product is not the product of the means "
            "(they agree only when residuals and inputs are uncorrelated) -- at the optimum of a model with no bias "
            "term mean(r) need not be 0, and off it the direction is wrong.",
        source="a vectorisation slip: E[r X] = E[r] E[X] + cov(r, X) (https://en.wikipedia.org/wiki/Covariance#Definition)"),
    # --- minibatch_indices ------------------------------------------------------------------------------
    Mistake(
        tag="minibatches-no-shuffle", name="minibatches-shuffles-a-copy", held_out=True,
        edits={M: [("    perm = rng.permutation(n_samples)\n"
                    "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n",
                    "    perm = np.arange(n_samples)\n"
                    "    rng.shuffle(perm.copy())       # do not touch the index array while shuffling\n"
                    "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n")]},
        why="rng.shuffle works in place and returns None; shuffling a temporary copy leaves perm in storage order, "
            "so the batches are never shuffled (and the generator still advances).",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.shuffle.html "
               "(in place, returns None)"),
    Mistake(
        tag="minibatches-merges-last", name="minibatches-remainder-merged-into-previous", novel=True, held_out=True,
        edits={M: [("    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n",
                    "    batches = [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n"
                    "    if len(batches) > 1 and len(batches[-1]) < batch_size:   # avoid a tiny, noisy last batch\n"
                    "        batches[-2] = np.concatenate([batches[-2], batches.pop()])\n"
                    "    return batches\n")]},
        why="The small remainder is appended to the previous batch 'to avoid a noisy tiny batch': every sample is "
            "still used, but the last batch is larger than batch_size and there is one batch fewer than the spec's "
            "recipe.",
        source="https://discuss.pytorch.org/t/why-is-drop-last-false-by-default/188338 (the small, noisy last batch "
               "that students then merge away)"),
    Mistake(
        tag="minibatches-drop-last", name="minibatches-filter-full-slices", held_out=True,
        edits={M: [("    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n",
                    "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)\n"
                    "            if start + batch_size <= n_samples]\n")]},
        why="A filter in the comprehension keeps only full slices: the last, smaller batch is dropped (drop_last=True).",
        source="https://pytorch.org/docs/stable/data.html (DataLoader drop_last)"),
    # --- sgd -------------------------------------------------------------------------------------------
    Mistake(
        tag="sgd-n-from-features", name="sgd-samples-from-shape-1", novel=True, held_out=True,
        edits={M: [("        for idx in minibatch_indices(len(X), batch_size, rng):\n",
                    "        for idx in minibatch_indices(X.shape[1], batch_size, rng):\n")]},
        why="X.shape[1] (the number of features d) instead of X.shape[0] (the number of samples N): every epoch only "
            "shuffles and uses the first d samples.",
        source="https://stackoverflow.com/questions/17784587/gradient-descent-using-python-and-numpy (answer: 'you have "
               "confused m with n ... the number of examples, not the number of features')"),
    Mistake(
        tag="sgd-mutates-input", name="sgd-list-style-slice-copy", held_out=True,
        edits={M: [("    theta = np.array(theta_init, dtype=np.float64)\n"
                    "    for _ in range(epochs):\n"
                    "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                    "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
                    "    theta = theta_init[:]          # copy\n"
                    "    for _ in range(epochs):\n"
                    "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                    "            theta -= learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="[:] copies a Python list but only makes a view of a NumPy array: the in-place step moves the caller's "
            "theta_init.",
        source="https://numpy.org/doc/stable/user/basics.copies.html (slicing returns a view)"),
    Mistake(
        tag="sgd-random-batch-per-step", name="sgd-cs231n-random-choice-each-iteration", novel=True, held_out=True,
        edits={M: [("        for idx in minibatch_indices(len(X), batch_size, rng):\n",
                    "        for _ in range(-(-len(X) // batch_size)):   # as many steps as batches per epoch\n"
                    "            idx = rng.choice(len(X), batch_size, replace=False)\n")]},
        why="The cs231n training loop draws a fresh random batch at every iteration: the number of steps is right but "
            "an epoch is no longer one pass over the data (some samples twice, some never), and the spec's recipe "
            "(one permutation per epoch through minibatch_indices) is not followed.",
        source="https://cs231n.github.io/optimization-1/#gd (mini-batch gradient descent: "
               "data_batch = sample_training_data(data, 256) at every step)"),
    # --- newton_method ---------------------------------------------------------------------------------
    Mistake(
        tag="newton-regularised-hessian", name="newton-levenberg-marquardt-damping", novel=True, held_out=True,
        edits={M: [("        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n",
                    "        H = hess_f(theta)\n"
                    "        H = H + 1e-2 * np.eye(len(theta))   # regularise for numerical stability\n"
                    "        theta = theta - np.linalg.solve(H, grad_f(theta))\n")]},
        why="A Levenberg-Marquardt term lambda*I added 'for stability': the step is no longer H^-1 g, a quadratic is "
            "no longer solved in one step, and near the minimum convergence is only linear.",
        source="https://en.wikipedia.org/wiki/Levenberg%E2%80%93Marquardt_algorithm (damping lambda I added to the "
               "curvature matrix)"),
    Mistake(
        tag="newton-saddle-fallback", name="newton-gradient-step-when-not-convex", novel=True, held_out=True,
        edits={M: [("        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n",
                    "        H, g = hess_f(theta), grad_f(theta)\n"
                    "        if np.any(np.linalg.eigvalsh(H) <= 0):   # not convex here: Newton would go to a saddle\n"
                    "            theta = theta - g\n"
                    "        else:\n"
                    "            theta = theta - np.linalg.solve(H, g)\n")]},
        why="A 'safe' Newton that falls back to a unit gradient step where the Hessian is not positive definite: the "
            "spec's Newton's method takes -H^-1 g for any invertible H (on x^2 - y^2 it jumps to the saddle, as the "
            "lesson's docstring says it must).",
        source="Nocedal & Wright (2006), ch. 3.4 'Newton's method with Hessian modification' (the modification "
               "students add unasked)"),
]
