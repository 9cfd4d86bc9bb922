"""Held-out round 8, week 1 (gradient_descent.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "gradient_descent"

GD_COPY = "    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n"
GD_STEP = "        theta = theta - learning_rate * grad_f(theta)\n"
GD_RECORD = "        history.append(float(np.squeeze(f(theta))))\n    return theta, history\n"
NG_LOOP = ("    for i in np.ndindex(theta.shape):\n"
           "        e = np.zeros_like(theta)\n"
           "        e[i] = h\n"
           "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n")
MSE_GRAD = "    grad = (2.0 / len(y)) * (X.T @ residual)\n"
MB_PERM = "    perm = rng.permutation(n_samples)\n"
MB_BODY = MB_PERM + "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n"
SGD_COPY = "    theta = np.array(theta_init, dtype=np.float64)\n    for _ in range(epochs):\n"
SGD_LOOP = ("    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")
NEWTON = ("    theta = np.array(theta_init, dtype=np.float64)\n"
          "    for _ in range(n_steps):\n"
          "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n")

ROUND_8 = [
    # ---- gradient_descent ---------------------------------------------------------------------------------
    Mistake(
        tag="gd-mutates-input", name="gd-reshape-view-then-in-place",
        edits={M: [(GD_COPY, "    theta = theta_init.reshape(np.shape(theta_init))  # same shape, ready to update\n"),
                   (GD_STEP, "        theta -= learning_rate * grad_f(theta)\n")]},
        why="reshape to the same shape returns a view of theta_init, not a copy; the in-place step then moves the "
            "caller's starting point, so a second run from 'the same' start begins where the first one ended.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.reshape.html (a view whenever possible)",
        held_out=True),
    Mistake(
        tag="gd-hidden-gradient-clipping", also=("large-gradients-capped",), name="gd-clips-gradient-to-unit-box",
        edits={M: [(GD_STEP, "        theta = theta - learning_rate * np.clip(grad_f(theta), -1.0, 1.0)  "
                             "# keep the steps from exploding\n")]},
        why="after seeing the too-large-rate run overflow, the student clips every gradient entry to [-1, 1] "
            "inside gradient descent: any entry of the gradient above 1 in size takes a shorter step, so this is no "
            "longer theta - lr * grad_f(theta) (and a too-large rate no longer diverges as the lesson shows it must).",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive', Learning Rate Effects / Too High (the student 'fixes' "
               "the divergence); https://numpy.org/doc/stable/reference/generated/numpy.clip.html",
        held_out=True),
    Mistake(
        tag="gd-hidden-momentum", also=("sgd-hidden-momentum",), name="gd-heavy-ball-velocity-built-in",
        edits={M: [(GD_COPY, GD_COPY + "    velocity = np.zeros_like(theta)\n"),
                   (GD_STEP, "        velocity = 0.9 * velocity + grad_f(theta)\n"
                             "        theta = theta - learning_rate * velocity\n")]},
        why="the momentum update from the same lesson pasted into plain gradient descent: the spec's step uses "
            "the current gradient alone, this one a velocity that sums the past gradients.",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive', Momentum / Implementation",
        held_out=True),
    Mistake(
        tag="gd-history-best-so-far", name="gd-history-keeps-best-loss",
        edits={M: [(GD_RECORD, "        history.append(min(history[-1], float(np.squeeze(f(theta)))))\n"
                               "    return theta, history\n")]},
        why="history records the best loss so far (the 'best_loss' of training loops) instead of f after each "
            "step: a run whose loss rises or oscillates (a too-large rate) shows a flat or falling curve, so the "
            "plot the docstring asks for can no longer reveal divergence.",
        source="https://keras.io/api/callbacks/model_checkpoint/ (the 'best' value tracked by training loops)",
        novel=True, held_out=True),
    # ---- numerical_gradient -------------------------------------------------------------------------------
    Mistake(
        tag="numgrad-mutates-theta", name="numgrad-restore-adds-2h",
        edits={M: [(NG_LOOP, "    for i in np.ndindex(theta.shape):\n"
                             "        theta[i] += h\n"
                             "        f_plus = f(theta)\n"
                             "        theta[i] -= 2 * h\n"
                             "        f_minus = f(theta)\n"
                             "        theta[i] += 2 * h  # back to where it was\n"
                             "        grad[i] = np.squeeze(f_plus - f_minus) / (2 * h)\n")]},
        why="the cs231n-style in-place perturbation of the caller's array (np.asarray does not copy) with the "
            "restore written as += 2h: each coordinate is left at theta_i + h, so later coordinates are "
            "differenced around a shifted point and the caller's theta comes back changed.",
        source="https://cs231n.github.io/optimization-1/ (eval_numerical_gradient: perturb x[ix], then restore)",
        held_out=True),
    Mistake(
        tag="numgrad-perturbation-not-reset", name="numgrad-reset-written-as-comparison",
        edits={M: [(NG_LOOP, "    e = np.zeros_like(theta)\n"
                             "    for i in np.ndindex(theta.shape):\n"
                             "        e[i] = h\n"
                             "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
                             "        e[i] == 0.0  # reset for the next coordinate\n")]},
        why="one perturbation vector made outside the loop, and the reset typed as == (a comparison whose result "
            "is thrown away): from the second coordinate on, e still holds h in all earlier coordinates, so each "
            "entry is a directional difference along several axes.",
        source="https://cs231n.github.io/neural-networks-3/#gradcheck (gradient checking, one coordinate at a time)",
        held_out=True),
    Mistake(
        tag="numgrad-not-per-element", also=("wrong-shape",), name="numgrad-zeros-of-len-theta",
        edits={M: [(NG_LOOP, "    grad = np.zeros(len(theta))\n"
                             "    for i in range(len(theta)):\n"
                             "        dx = np.zeros(len(theta))\n"
                             "        dx[i] = h\n"
                             "        grad[i] = np.squeeze(f(theta + dx) - f(theta - dx)) / (2 * h)\n")]},
        why="the gradient checker of many notebooks, written for a vector: len(theta) is the number of ROWS of a "
            "2-D theta, so the perturbation has the wrong shape (theta + dx broadcasts or fails) and the result "
            "has len(theta) entries instead of theta's shape.",
        source="https://github.com/Tejustarr/dsai-Mathematical-Foundations-3 (grad_check: n = len(x); "
               "num_grad = np.zeros(n); dx = np.zeros(n))",
        held_out=True),
    # ---- mse_loss_and_grad --------------------------------------------------------------------------------
    Mistake(
        tag="mse-grad-wrong-normaliser", name="mse-grad-over-x-size",
        edits={M: [(MSE_GRAD, "    grad = 2.0 * (X.T @ residual) / X.size\n")]},
        why="X.size taken for 'the number of samples': it is N * d, so the gradient is d times too small while "
            "the loss (np.mean of the residuals) is right.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.ndarray.size.html",
        held_out=True),
    Mistake(
        tag="mse-grad-mean-no-axis", name="mse-grad-np-sum-without-axis",
        edits={M: [(MSE_GRAD, "    grad = (2.0 / len(y)) * np.sum(X * residual[:, None])\n")]},
        why="sum_n r_n X[n] vectorised as np.sum of the (N, d) products without axis=0: one scalar (the sum over "
            "samples AND features) instead of a vector of d partial derivatives.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.sum.html (axis=None sums all elements)",
        held_out=True),
    Mistake(
        tag="mse-grad-wrong-normaliser", name="mse-grad-over-len-of-transpose",
        edits={M: [(MSE_GRAD, "    grad = 2.0 * X.T.dot(residual) / len(X.T)\n")]},
        why="len() of the transposed matrix is the number of features d, not the number of samples N: the "
            "gradient of the mean is scaled by N/d.",
        source="https://docs.python.org/3/library/functions.html#len (len of a 2-D array is its first axis: of X.T, "
               "the features)",
        held_out=True),
    # ---- minibatch_indices --------------------------------------------------------------------------------
    Mistake(
        tag="minibatches-shuffle-returns-none", name="minibatches-perm-from-rng-shuffle",
        edits={M: [(MB_PERM, "    perm = rng.shuffle(np.arange(n_samples))\n")]},
        why="Generator.shuffle shuffles in place and returns None: perm is None and slicing it raises a "
            "TypeError, so no batch is ever produced.",
        source="public student code (many GitHub files, found verbatim): idx = np.random.shuffle(np.arange(n)) "
               "then X[idx]; https://www.golinuxcloud.com/numpy-shuffle-array/ ('arr = np.random.shuffle(arr)  "
               "# wrong: arr becomes None')",
        novel=True, held_out=True),
    Mistake(
        tag="minibatches-assumes-divisible", name="minibatches-reshape-into-rows",
        edits={M: [(MB_BODY, MB_PERM + "    return list(perm.reshape(-1, batch_size))\n")]},
        why="the permutation reshaped into rows of batch_size: right when batch_size divides n_samples, a "
            "ValueError otherwise (the spec keeps a smaller last batch).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.reshape.html",
        novel=True, held_out=True),
    Mistake(
        tag="minibatches-empty-last-batch", name="minibatches-floor-plus-one-batches",
        edits={M: [(MB_BODY, MB_PERM + "    n_batches = n_samples // batch_size + 1\n"
                                       "    return [perm[k * batch_size:(k + 1) * batch_size] for k in "
                                       "range(n_batches)]\n")]},
        why="ceil(n / b) written as n // b + 1: when batch_size divides n_samples there is one extra, EMPTY batch, "
            "and sgd then asks for the gradient of an empty batch (a mean over no samples: a division by zero or nan).",
        source="public course code (GitHub, found verbatim, e.g. a batches_generator of an NLP course assignment): "
               "order = np.random.permutation(n_samples); n_batches = n_samples // batch_size + 1; "
               "https://pytorch.org/docs/stable/data.html (ceil(N / batch_size) batches without drop_last)",
        novel=True, held_out=True),
    Mistake(
        tag="minibatches-own-recipe", name="minibatches-choice-without-replacement",
        edits={M: [(MB_PERM, "    perm = rng.choice(n_samples, size=n_samples, replace=False)\n")]},
        why="rng.choice(..., replace=False) gives a valid random order, but not the one rng.permutation draws "
            "from the same generator state: the batches are not the recipe's and runs cannot be compared.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.choice.html",
        held_out=True),
    # ---- sgd ----------------------------------------------------------------------------------------------
    Mistake(
        tag="sgd-lr-decay", name="sgd-lr-over-sqrt-epoch",
        edits={M: [(SGD_LOOP, "    for epoch in range(epochs):\n"
                              "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
                              "            theta = theta - learning_rate / np.sqrt(epoch + 1) * "
                              "grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="a 1/sqrt(t) decay (from the Robbins-Monro step-size conditions) built into sgd: the spec uses the "
            "fixed learning_rate; decaying it is the schedules' job (week 3).",
        source="https://arxiv.org/abs/1606.04838 (Bottou, Curtis & Nocedal, diminishing step sizes)",
        held_out=True),
    Mistake(
        tag="sgd-mutates-input", name="sgd-atleast-1d-then-in-place",
        edits={M: [(SGD_COPY, "    theta = np.atleast_1d(theta_init)  # accept a scalar too\n"
                              "    for _ in range(epochs):\n"),
                   ("            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
                    "            theta -= learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="np.atleast_1d returns its argument itself when it is already an array of dimension >= 1: the "
            "in-place update then modifies the caller's theta_init.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.atleast_1d.html",
        held_out=True),
    Mistake(
        tag="sgd-global-random", also=("minibatches-global-random",), name="sgd-unseeded-generator-per-epoch",
        edits={M: [(SGD_LOOP, "    for _ in range(epochs):\n"
                              "        for idx in minibatch_indices(len(X), batch_size, np.random.default_rng()):\n"
                              "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n")]},
        why="a fresh, unseeded generator for each epoch instead of the rng argument: the batches come from OS "
            "entropy, so two runs with the same rng give different results.",
        source="https://numpy.org/doc/stable/reference/random/generator.html (default_rng() without a seed)",
        held_out=True),
    # ---- newton_method ------------------------------------------------------------------------------------
    Mistake(
        tag="newton-needs-positive-definite", name="newton-cholesky-solve",
        edits={M: [(NEWTON, "    theta = np.array(theta_init, dtype=np.float64)\n"
                            "    for _ in range(n_steps):\n"
                            "        L = np.linalg.cholesky(hess_f(theta))  # H = L L^T, faster than solve\n"
                            "        z = np.linalg.solve(L, grad_f(theta))\n"
                            "        theta = theta - np.linalg.solve(L.T, z)\n")]},
        why="the Newton system solved through a Cholesky factorisation: right for a positive-definite Hessian, "
            "but Cholesky raises LinAlgError for any indefinite one -- on the saddle x^2 - y^2 the spec's Newton "
            "step jumps to the saddle, this one crashes.",
        source="public code (GitHub, found verbatim): L = np.linalg.cholesky(hess); y = np.linalg.solve(L, grad) "
               "inside a Newton loop; https://numpy.org/doc/stable/reference/generated/numpy.linalg.cholesky.html "
               "(LinAlgError if not positive-definite)",
        novel=True, held_out=True),
    Mistake(
        tag="newton-step-count", name="newton-loop-from-one",
        edits={M: [(NEWTON, "    theta = np.array(theta_init, dtype=np.float64)\n"
                            "    for _ in range(1, n_steps):\n"
                            "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n")]},
        why="range(1, n_steps) makes n_steps - 1 Newton steps (and none for n_steps = 1).",
        source="https://docs.python.org/3/library/stdtypes.html#range",
        held_out=True),
    Mistake(
        tag="newton-mutates-input", also=("gd-mutates-input",), name="newton-asarray-then-in-place",
        edits={M: [(NEWTON, "    theta = np.asarray(theta_init, dtype=np.float64)\n"
                            "    for _ in range(n_steps):\n"
                            "        theta -= np.linalg.solve(hess_f(theta), grad_f(theta))\n")]},
        why="np.asarray does not copy a float64 array; the in-place Newton step then overwrites the caller's "
            "theta_init (the docstring says it is copied).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.asarray.html",
        held_out=True),
]
