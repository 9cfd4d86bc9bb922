"""Held-out round 5, week 1: mistakes students write in gradient_descent.py, as edits to the reference.

Written outside the repository from public sources (forum answers, course and library repositories,
the lessons), before any grading. Each case is frozen once written.
"""
from autograder.catalogue import Mistake

M = "gradient_descent"

ROUND_5 = [
    # ---------------------------------------------------------------- gradient_descent
    Mistake(
        tag="gd-history-missing-last",
        name="gd-records-before-each-step",
        edits={M: [(
            "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
            "    for _ in range(n_steps):\n"
            "        theta = theta - learning_rate * grad_f(theta)\n"
            "        history.append(float(np.squeeze(f(theta))))\n",
            "    history = []\n"
            "    for _ in range(n_steps):\n"
            "        history.append(float(np.squeeze(f(theta))))   # loss of the point we step from\n"
            "        theta = theta - learning_rate * grad_f(theta)\n",
        )]},
        why="The loss is logged at the top of the loop, before each step, as many training loops print it: "
            "n_steps values, f at the start included but the loss after the last step never recorded "
            "(and n_steps = 0 gives an empty history).",
        source="the week 1 docstrings (history: f before the first step, then after each step); the lessons: "
               "'In Code' gradient_descent (history = [f(theta)] before the loop, append after each step)",
        held_out=True,
    ),
    Mistake(
        tag="gd-mutates-input",
        name="gd-astype-copy-false",
        edits={M: [(
            "    theta = np.array(theta_init, dtype=np.float64)  # a copy: the caller's array stays as it was\n"
            "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
            "    for _ in range(n_steps):\n"
            "        theta = theta - learning_rate * grad_f(theta)\n",
            "    theta = theta_init.astype(np.float64, copy=False)   # make sure it is float, no extra memory\n"
            "    history = [float(np.squeeze(f(theta)))]          # squeeze: f may return a 1-element array\n"
            "    for _ in range(n_steps):\n"
            "        theta -= learning_rate * grad_f(theta)\n",
        )]},
        why="astype(..., copy=False) returns the very same array when it is already float64, and the in-place "
            "step then walks the caller's theta_init along with the iterate.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.ndarray.astype.html (copy=False: "
               "'the input array is returned instead of a copy' when no conversion is needed)",
        held_out=True,
    ),
    Mistake(
        tag="gd-wrong-sign",
        name="gd-plus-equals-gradient",
        edits={M: [(
            "        theta = theta - learning_rate * grad_f(theta)\n"
            "        history.append(float(np.squeeze(f(theta))))\n"
            "    return theta, history\n",
            "        theta += learning_rate * grad_f(theta)      # move along the gradient\n"
            "        history.append(float(np.squeeze(f(theta))))\n"
            "    return theta, history\n",
        )]},
        why="'The gradient gives the direction to move' read literally: the step goes along the gradient, "
            "which is the direction of steepest ascent, so the loss grows.",
        source="the lessons: 'What Gradient Descent Actually Does' (gradient = steepest ascent, negative "
               "gradient = downhill)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- numerical_gradient
    Mistake(
        tag="numgrad-mutates-theta",
        name="numgrad-nditer-no-restore",
        edits={M: [(
            "    grad = np.zeros_like(theta)\n"
            "    for i in np.ndindex(theta.shape):\n"
            "        e = np.zeros_like(theta)\n"
            "        e[i] = h\n"
            "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
            "    return grad\n",
            "    grad = np.zeros_like(theta)\n"
            "    it = np.nditer(theta, flags=['multi_index'], op_flags=['readwrite'])\n"
            "    while not it.finished:\n"
            "        ix = it.multi_index\n"
            "        oldval = theta[ix]\n"
            "        theta[ix] = oldval + h\n"
            "        fxph = f(theta)\n"
            "        theta[ix] = oldval - h\n"
            "        fxmh = f(theta)\n"
            "        grad[ix] = np.squeeze(fxph - fxmh) / (2 * h)\n"
            "        it.iternext()\n"
            "    return grad\n",
        )]},
        why="The CS231n nditer recipe copied without its 'x[ix] = oldval # restore' line: every coordinate is "
            "left at -h, so later coordinates are differenced at a shifted point and the caller's theta "
            "(np.asarray does not copy) comes back changed.",
        source="http://wang.works/portfolio/code/grad_check.html (CS231n eval_numerical_gradient with the "
               "restore line); https://cs231n.github.io/optimization-1/",
        held_out=True,
    ),
    Mistake(
        tag="numgrad-not-per-element",
        name="numgrad-shifts-whole-theta",
        edits={M: [(
            "        e = np.zeros_like(theta)\n"
            "        e[i] = h\n"
            "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n",
            "        grad[i] = np.squeeze(f(theta + h) - f(theta - h)) / (2 * h)\n",
        )]},
        why="h is added to the whole array instead of to coordinate i alone: every entry gets the same number, "
            "the derivative along (1, 1, ..., 1), not the partial derivatives.",
        source="https://antarctic.serv00.net/http-stackoverflow.com/questions/48460978/computing-gradient-in-python-error "
               "(a student adapting CS231n's numerical gradient to a whole numpy array)",
        held_out=True,
    ),
    Mistake(
        tag="numgrad-ignores-h",
        name="numgrad-identity-rows-fixed-delta",
        edits={M: [(
            "    grad = np.zeros_like(theta)\n"
            "    for i in np.ndindex(theta.shape):\n"
            "        e = np.zeros_like(theta)\n"
            "        e[i] = h\n"
            "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n"
            "    return grad\n",
            "    delta = 0.001\n"
            "    steps = (delta * np.eye(theta.size)).reshape((theta.size,) + theta.shape)\n"
            "    grad = np.zeros(theta.size)\n"
            "    for i in range(theta.size):\n"
            "        grad[i] = np.squeeze(f(theta + steps[i]) - f(theta - steps[i])) / (2 * delta)\n"
            "    return grad.reshape(theta.shape)\n",
        )]},
        why="The step is a constant of the student's own (rows of delta * identity, delta = 1e-3), the h "
            "argument is never used: a different accuracy than asked for, and h has no effect.",
        source="https://github.com/Ernesto-Lora/optimizacion_inteligente (gradient(): delta = 0.001, "
               "delta_vec = delta * np.identity(N))",
        held_out=True,
    ),
    Mistake(
        tag="numgrad-aliasing",
        name="numgrad-slice-copy-is-a-view",
        edits={M: [(
            "        e = np.zeros_like(theta)\n"
            "        e[i] = h\n"
            "        grad[i] = np.squeeze(f(theta + e) - f(theta - e)) / (2 * h)\n",
            "        theta_plus = theta[:]           # copy\n"
            "        theta_plus[i] += h\n"
            "        theta_minus = theta[:]          # copy\n"
            "        theta_minus[i] -= h\n"
            "        grad[i] = np.squeeze(f(theta_plus) - f(theta_minus)) / (2 * h)\n",
        )]},
        why="x[:] copies a Python list but is a view of a numpy array: both 'copies' are theta itself, "
            "the +h and -h cancel before f is called, and every difference is 0.",
        source="https://numpy.org/doc/stable/user/basics.copies.html (basic slicing returns a view)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- mse_loss_and_grad
    Mistake(
        tag="mse-grad-missing-2",
        name="mse-grad-mean-of-rows",
        edits={M: [(
            "    grad = (2.0 / len(y)) * (X.T @ residual)\n",
            "    grad = np.mean(X * residual[:, None], axis=0)   # average of x_n * r_n\n",
        )]},
        why="The per-sample gradients x_n r_n are averaged, but the derivative of r_n**2 is 2 r_n x_n: the "
            "gradient is half what it should be.",
        source="https://github.com/sxsun1684/info7375-hw (dw = (1 / batch_size) * X_batch.T.dot(error) "
               "for the mean squared error)",
        held_out=True,
    ),
    Mistake(
        tag="wrong-shape",
        name="mse-y-as-column-broadcasts",
        edits={M: [(
            "    residual = X @ theta - y\n",
            "    residual = X @ theta - y.reshape(-1, 1)        # targets as a column vector\n",
        )]},
        why="y reshaped to (N, 1) 'like the textbook column vector' while X @ theta is (N,): the subtraction "
            "broadcasts to an (N, N) matrix of every prediction minus every target, so the loss and the "
            "gradient are wrong (and the gradient has shape (d, N)).",
        source="https://library.kiwix.org/datascience.stackexchange.com_en_all_2021-04/A/question/87162.html "
               "(a linear-regression cost translated from Octave returns a matrix instead of a number: "
               "column and flat vectors broadcast)",
        held_out=True,
    ),
    Mistake(
        tag="mse-loss-sum",
        name="mse-loss-dot-product",
        edits={M: [(
            "    loss = float(np.mean(residual ** 2))\n",
            "    loss = float(residual @ residual)               # sum of squares in one product\n",
        )]},
        why="r @ r is the sum of the squared residuals (the squared norm); the mean needs the 1/N as well, "
            "so the loss is N times too large and no longer matches the (2/N) gradient.",
        source="https://library.kiwix.org/datascience.stackexchange.com_en_all_2021-04/A/question/87162.html "
               "(the Octave cost (X*theta-y)'*(X*theta-y) translated as a dot product of the residuals); "
               "the week 1 docstrings: loss = mean((X theta - y)**2)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- minibatch_indices
    Mistake(
        tag="minibatches-drop-last",
        name="minibatches-split-whole-batches",
        edits={M: [(
            "    return [perm[start:start + batch_size] for start in range(0, n_samples, batch_size)]\n",
            "    n_batches = n_samples // batch_size\n"
            "    return list(np.split(perm[:n_batches * batch_size], n_batches))\n",
        )]},
        why="np.split needs equal pieces, so the student trims the permutation to a multiple of batch_size: "
            "the remainder is dropped (and n_samples < batch_size gives no batch at all).",
        source="https://cfs.mostlyvoid.xyz/search?offset=1&q=mini+batch+gradient+descent+python+code "
               "(Stack Overflow's iterate_minibatches: range(0, n - batchsize + 1, batchsize) keeps whole "
               "batches only)",
        held_out=True,
    ),
    Mistake(
        tag="minibatches-global-random",
        name="minibatches-np-random-shuffle",
        edits={M: [(
            "    perm = rng.permutation(n_samples)\n",
            "    perm = np.arange(n_samples)\n"
            "    np.random.shuffle(perm)\n",
        )]},
        why="The Lasagne/Stack Overflow recipe shuffles with numpy's global generator: rng is never used, "
            "so the same rng state does not give the same batches.",
        source="https://cfs.mostlyvoid.xyz/search?offset=1&q=mini+batch+gradient+descent+python+code "
               "(iterate_minibatches: indices = np.arange(n); np.random.shuffle(indices))",
        held_out=True,
    ),
    Mistake(
        tag="minibatches-own-generator",
        name="minibatches-default-rng-42",
        edits={M: [(
            "    perm = rng.permutation(n_samples)\n",
            "    perm = np.random.default_rng(42).permutation(n_samples)   # reproducible\n",
        )]},
        why="'Reproducible' taken to mean a fixed seed inside the function: every call, hence every epoch, "
            "gets the same order, and the given rng is ignored.",
        source="https://numpy.org/doc/stable/reference/random/generator.html (default_rng(seed) in every "
               "example); the lessons: SGD code (a fresh permutation each epoch)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- sgd
    Mistake(
        tag="sgd-compounded-shuffle",
        name="sgd-permutes-permuted-data",
        novel=True,
        edits={M: [(
            "    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
            "    for _ in range(epochs):\n"
            "        perm = np.concatenate(minibatch_indices(len(X), batch_size, rng))\n"
            "        X, y = X[perm], y[perm]                  # shuffle the data set for this epoch\n"
            "        for start in range(0, len(X), batch_size):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[start:start + batch_size],\n"
            "                                                         y[start:start + batch_size])\n",
        )]},
        why="The data set is re-bound to its shuffled copy each epoch and the next permutation is applied to "
            "the already shuffled rows: the first epoch matches, from the second on the batches are a "
            "composition of permutations, not the recipe's.",
        source="https://github.com/sxsun1684/info7375-hw (X = X[indices]; y = y[indices] at the start of "
               "every epoch, then positional slices)",
        held_out=True,
    ),
    Mistake(
        tag="sgd-mutates-input",
        name="sgd-reshape-view-in-place",
        edits={M: [(
            "    theta = np.array(theta_init, dtype=np.float64)\n"
            "    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta = theta - learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
            "    theta = theta_init.reshape(-1)              # make sure it is a flat vector\n"
            "    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n"
            "            theta -= learning_rate * grad_f_batch(theta, X[idx], y[idx])\n",
        )]},
        why="reshape returns a view when it can, and the in-place update then changes the caller's "
            "theta_init: running SGD twice from 'the same' start gives different results.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.reshape.html ('a new view object if "
               "possible; otherwise, it will be a copy')",
        held_out=True,
    ),
    Mistake(
        tag="sgd-no-reshuffle",
        name="sgd-batches-cached-first-epoch",
        edits={M: [(
            "    for _ in range(epochs):\n"
            "        for idx in minibatch_indices(len(X), batch_size, rng):\n",
            "    batches = None\n"
            "    for _ in range(epochs):\n"
            "        if batches is None:                     # compute the split only once\n"
            "            batches = minibatch_indices(len(X), batch_size, rng)\n"
            "        for idx in batches:\n",
        )]},
        why="The batches are computed lazily once and reused 'to save work': every epoch visits the same "
            "batches in the same order instead of a fresh shuffle.",
        source="the lessons: SGD code ('# Shuffle data' inside the epoch loop); "
               "https://pytorch.org/docs/stable/data.html (shuffle=True reshuffles at every epoch)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- newton_method
    Mistake(
        tag="newton-damped",
        name="newton-step-size-0.8-inv",
        edits={M: [(
            "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n",
            "        theta = theta - 0.8 * np.dot(np.linalg.inv(hess_f(theta)), grad_f(theta))\n",
        )]},
        why="A damped Newton step (step_size=0.8) from a Code Review answer: on a quadratic it no longer lands "
            "on the minimum in one step, and near a minimum convergence is only linear.",
        source="Code Review Stack Exchange 'Python class that implements the Newton method' (x_t - "
               "self.step_size * np.dot(np.linalg.inv(H(x_t)), g(x_t)), step_size=0.8), as quoted in "
               "https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1",
        held_out=True,
    ),
    Mistake(
        tag="newton-wrong-sign",
        name="newton-solve-minus-g-then-subtract",
        edits={M: [(
            "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n",
            "        step = np.linalg.solve(hess_f(theta), -grad_f(theta))   # H d = -g\n"
            "        theta = theta - step\n",
        )]},
        why="The Newton system is solved correctly for d = -H^-1 g, but d is then subtracted as if it were "
            "H^-1 g: the sign is applied twice and the step goes away from the stationary point.",
        source="https://seinzumtode.hatenadiary.jp/entry/20170516/1494938794 (delta_x = np.linalg.solve(H, -df); "
               "x = x + delta_x)",
        held_out=True,
    ),
    Mistake(
        tag="newton-diagonal-hessian",
        name="newton-divides-by-diagonal",
        novel=True,
        edits={M: [(
            "        theta = theta - np.linalg.solve(hess_f(theta), grad_f(theta))\n",
            "        theta = theta - grad_f(theta) / np.diag(hess_f(theta))   # f' / f'' per coordinate\n",
        )]},
        why="The 1-D rule x - f'/f'' applied per coordinate with the second derivatives on the Hessian's "
            "diagonal: exact only for a diagonal Hessian; with cross terms (a rotated ravine, least squares "
            "with correlated features) it is not Newton's step and may not even descend.",
        source="https://seinzumtode.hatenadiary.jp/entry/20170516/1494938794 (the 1-D x - f_dash(x)/f_2dash(x) "
               "next to the n-D solve); Becker & LeCun (1988) diagonal approximation",
        held_out=True,
    ),
]
