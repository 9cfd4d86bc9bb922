"""Held-out round 5, week 4: mistakes students write in initializers.py, clipping.py, diagnostics.py and
training.py, as edits to the reference.

Written outside the repository from public sources (issues of course and library repositories, library
documentation, the lessons), before any grading. Each case is frozen once written.
"""
from autograder.catalogue import Mistake

INIT, CLIP, DIAG, TRAIN = "initializers", "clipping", "diagnostics", "training"

ROUND_5 = [
    # ---------------------------------------------------------------- xavier_uniform
    Mistake(
        tag="init-wrong-distribution",
        name="xavier-uniform-drawn-normal",
        novel=True,
        edits={INIT: [(
            "    a = np.sqrt(6.0 / (n_in + n_out))\n"
            "    return rng.uniform(-a, a, size=(n_in, n_out))\n",
            "    a = np.sqrt(6.0 / (n_in + n_out))\n"
            "    return rng.normal(0.0, a, size=(n_in, n_out))\n",
        )]},
        why="Xavier drawn from a normal distribution with the uniform bound a as its standard deviation: the "
            "weights are no longer bounded by a and their variance is 6 / (n_in + n_out), three times "
            "Glorot's 2 / (n_in + n_out).",
        source="https://github.com/dmlc/minpy/issues/158 ('the weights are sampled from a uniform dist, not a "
               "normal dist' in a Xavier initializer)",
        held_out=True,
    ),
    Mistake(
        tag="init-global-rng",
        name="xavier-uniform-np-random-uniform",
        edits={INIT: [(
            "    a = np.sqrt(6.0 / (n_in + n_out))\n"
            "    return rng.uniform(-a, a, size=(n_in, n_out))\n",
            "    a = np.sqrt(6.0 / (n_in + n_out))\n"
            "    return np.random.uniform(-a, a, (n_in, n_out))\n",
        )]},
        why="The tutorials' np.random.uniform: the right distribution, but drawn from numpy's global state, "
            "so the given rng has no effect and runs are not reproducible from it.",
        source="the lessons: network code (self.W1 = np.random.randn(input_size, hidden_size) * 0.5: weights "
               "from numpy's global generator); the docstrings conventions (randomness only from rng)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- xavier_normal
    Mistake(
        tag="init-wrong-constant",
        name="xavier-normal-sqrt-3-over-fans",
        novel=True,
        edits={INIT: [(
            "    std = np.sqrt(2.0 / (n_in + n_out))\n",
            "    std = np.sqrt(3.0 / (n_in + n_out))\n",
        )]},
        why="The normal Xavier's standard deviation written with 3 (the uniform's a**2 / 2) instead of 2: "
            "the variance is 1.5 times Glorot's.",
        source="https://github.com/tflearn/tflearn/issues/870 ('with uniform=False, the weights are given a "
               "standard deviation of sqrt(3. / (in + out)). It should be sqrt(2. / (in + out))')",
        held_out=True,
    ),
    Mistake(
        tag="init-transposed-shape",
        name="xavier-normal-torch-layout",
        edits={INIT: [(
            "    std = np.sqrt(2.0 / (n_in + n_out))\n"
            "    return rng.normal(0.0, std, size=(n_in, n_out))\n",
            "    std = np.sqrt(2.0 / (n_in + n_out))\n"
            "    return rng.normal(0.0, std, size=(n_out, n_in))     # weight is (out, in)\n",
        )]},
        why="nn.Linear's (out_features, in_features) weight layout carried over to a numpy network that "
            "computes x @ W: the array is (n_out, n_in), the transpose of what the layer needs.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.Linear.html (weight of shape "
               "(out_features, in_features)); network.py's note on the transpose",
        held_out=True,
    ),
    # ---------------------------------------------------------------- he_normal
    Mistake(
        tag="init-variance-as-std",
        name="he-normal-scale-2-over-n-in",
        edits={INIT: [(
            "    std = np.sqrt(2.0 / n_in)\n",
            "    std = 2.0 / n_in                  # N(0, 2/n_in)\n",
        )]},
        why="N(0, 2/n_in) read with the second argument as numpy's scale: np.random.normal takes the standard "
            "deviation, so the square root is missing and the weights are far too small for n_in > 2.",
        source="https://github.com/SethHWeidman/DLFS_code/issues/10 ('Numpy documentation of np.random.normal "
               "says that scale receives standard deviation'); the lessons: (W ~ N(0, sqrt(2/n_in)))",
        held_out=True,
    ),
    Mistake(
        tag="init-global-rng",
        name="he-normal-np-random-randn",
        edits={INIT: [(
            "    std = np.sqrt(2.0 / n_in)\n"
            "    return rng.normal(0.0, std, size=(n_in, n_out))\n",
            "    std = np.sqrt(2.0 / n_in)\n"
            "    return np.random.randn(n_in, n_out) * std\n",
        )]},
        why="deeplearning.ai's He initialization, np.random.randn(...) * np.sqrt(2. / n_prev): the right "
            "scale, but numpy's global generator instead of rng.",
        source="https://github.com/fanghao6666/neural-networks-and-deep-learning (Initialization notebook: "
               "np.random.randn(layers_dims[l], layers_dims[l-1]) * np.sqrt(2./layers_dims[l-1]))",
        held_out=True,
    ),
    # ---------------------------------------------------------------- he_uniform
    Mistake(
        tag="init-fan-out",
        name="he-uniform-torch-fan-from-shape",
        edits={INIT: [(
            "    a = np.sqrt(6.0 / n_in)\n",
            "    shape = (n_in, n_out)\n"
            "    fan_in = shape[1]                 # as torch: fan_in = tensor.size(1)\n"
            "    a = np.sqrt(6.0 / fan_in)\n",
        )]},
        why="PyTorch computes fan_in from dimension 1 of an (out, in) weight; applied to the course's "
            "(n_in, n_out) layout it picks n_out, so the bound uses the fan-out.",
        source="https://pytorch.org/docs/stable/nn.init.html (kaiming_uniform_, mode='fan_in', on weights "
               "stored as (out, in))",
        held_out=True,
    ),
    # ---------------------------------------------------------------- clip_by_value
    Mistake(
        tag="clip-value-loses-sign",
        name="clip-value-where-abs",
        edits={CLIP: [(
            "    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n",
            "    grad = np.asarray(grad, dtype=np.float64)\n"
            "    return np.where(np.abs(grad) > max_val, max_val, grad)\n",
        )]},
        why="The test is written on |g| but the replacement value is +max_val: large negative entries come "
            "back as +max_val, pointing the wrong way.",
        source="the lessons: 'By Value' (np.clip(gradient, -max_val, max_val)); "
               "https://numpy.org/doc/stable/reference/generated/numpy.where.html",
        held_out=True,
    ),
    # ---------------------------------------------------------------- clip_by_norm
    Mistake(
        tag="clip-norm-squared",
        name="clip-norm-linalg-norm-squared",
        edits={CLIP: [(
            "    norm = np.sqrt(np.sum(grad ** 2))\n",
            "    norm = np.linalg.norm(grad) ** 2\n",
        )]},
        why="The squared norm compared with max_norm and divided by: clipping starts at sqrt(max_norm) and "
            "scales a gradient of norm n to max_norm / n instead of max_norm.",
        source="https://github.com/paiml/entrenar/issues/311 ('compares ||g||^2 with max_norm, divides by "
               "||g||^2')",
        held_out=True,
    ),
    Mistake(
        tag="clip-norm-rms",
        name="clip-norm-root-mean-square",
        novel=True,
        edits={CLIP: [(
            "    norm = np.sqrt(np.sum(grad ** 2))\n",
            "    norm = np.sqrt(np.mean(grad ** 2))\n",
        )]},
        why="The root mean square (norm / sqrt(size)) used as 'the norm', as Adafactor's update clipping and "
            "optax.clip_by_block_rms do: a large array is clipped far too late, and not to norm max_norm.",
        source="https://optax.readthedocs.io/en/latest/api/transformations.html (clip_by_block_rms vs "
               "clip_by_global_norm); Shazeer & Stern (2018) Adafactor https://arxiv.org/abs/1804.04235",
        held_out=True,
    ),
    # ---------------------------------------------------------------- clip_by_global_norm
    Mistake(
        tag="clip-global-norm-of-squared-norms",
        name="clip-global-squares-squared-norms",
        novel=True,
        edits={CLIP: [(
            "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n",
            "    total = float(np.sqrt(sum(np.sum(g ** 2) ** 2 for g in grads)))\n",
        )]},
        why="Each array's squared norm is squared again before summing (||g||^4): the 'global norm' is "
            "sqrt(sum ||g_k||^4), too large when the arrays' norms exceed 1, and it is returned and used to "
            "scale.",
        source="https://github.com/paiml/entrenar/issues/311 ('squared_sum_collect returns sum(x^2) = ||g||^2. "
               "The code then squares it AGAIN')",
        held_out=True,
    ),
    Mistake(
        tag="clip-norm-squared",
        name="clip-global-no-sqrt",
        edits={CLIP: [(
            "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n",
            "    total = float(sum(np.sum(g ** 2) for g in grads))      # total squared size\n",
        )]},
        why="The square root is left out of the global norm: the sum of squares is compared with max_norm, "
            "used to scale and returned as the norm.",
        source="https://github.com/paiml/entrenar/issues/311 (a squared norm compared with max_norm and "
               "divided by); https://github.com/clab/dynet/issues/1374 (manual global clipping: the sum of "
               "squares, then np.sqrt)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- update_ratio
    Mistake(
        tag="update-ratio-spectral-norm",
        name="update-ratio-linalg-ord-2",
        novel=True,
        edits={CLIP: [(
            "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n",
            "    return float(np.linalg.norm(update, 2) / np.linalg.norm(param, 2))     # L2 norms\n",
        )]},
        why="ord=2 asked for 'the L2 norm', but for a 2-D weight matrix numpy returns the largest singular "
            "value, not the norm of all entries: the ratio of two spectral norms (and 3-D arrays fail).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.norm.html (ord=2 for matrices: "
               "2-norm, largest sing. value)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- diagnose_loss_curve
    Mistake(
        tag="diagnosis-missed-diverging",
        name="diagnose-nan-means-lr-too-high",
        edits={DIAG: [(
            "    if not np.all(np.isfinite(train)) or (val is not None and not np.all(np.isfinite(val))):\n"
            "        return \"diverging\"\n",
            "    if np.isnan(train).any():\n"
            "        return \"lr_too_high\"       # 'Loss NaN: learning rate too high'\n",
        )]},
        why="The lesson's debugging table (Loss NaN -> learning rate too high) turned into a label: a nan "
            "curve is called lr_too_high instead of diverging, and a nan in the validation curve is not "
            "noticed at all.",
        source="the lessons: debugging table ('Loss NaN | Learning rate too high | Reduce lr, add gradient "
               "clipping')",
        held_out=True,
    ),
    Mistake(
        tag="diagnose-overfitting-any-val-rise",
        name="diagnose-last-val-above-its-minimum",
        novel=True,
        edits={DIAG: [(
            "        if rise > 0.1 * v[m] and rise > 4 * v_noise and end - s[m] <= max(0.02 * s[m], 4 * noise):\n",
            "        if val[-1] > val.min() and train[-1] < train[0]:\n",
        )]},
        why="'Validation loss starts increasing' read as: the last validation loss is above its lowest value "
            "while training improved. Per-epoch validation losses are noisy, so almost every healthy run with "
            "a validation curve is called overfitting.",
        source="the lessons: 'Overfitting: Train loss keeps decreasing, validation loss starts increasing'; "
               "https://karpathy.github.io/2019/04/25/recipe/",
        held_out=True,
    ),
    # ---------------------------------------------------------------- gradient_anomalies
    Mistake(
        tag="anomalies-includes-current",
        name="anomalies-window-ends-at-i",
        edits={DIAG: [(
            "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n",
            "            if norms[i] > factor * np.median(norms[max(0, i - window + 1):i + 1])]\n",
        )]},
        why="A window of `window` norms ending at step i (pandas' rolling(window) convention) includes the "
            "norm being tested: with a short history the spike raises its own median, and it is missed.",
        source="https://pandas.pydata.org/docs/reference/api/pandas.Series.rolling.html (a rolling window "
               "includes the current row)",
        held_out=True,
    ),
    Mistake(
        tag="anomalies-mad-score",
        name="anomalies-median-plus-factor-mad",
        novel=True,
        edits={DIAG: [(
            "    return [i for i in range(1, len(norms))\n"
            "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n",
            "    flagged = []\n"
            "    for i in range(1, len(norms)):\n"
            "        hist = norms[max(0, i - window):i]\n"
            "        med = np.median(hist)\n"
            "        mad = np.median(np.abs(hist - med))        # robust spread\n"
            "        if norms[i] > med + factor * mad:\n"
            "            flagged.append(i)\n"
            "    return flagged\n",
        )]},
        why="The robust outlier rule of the statistics handbooks (median + k * MAD) instead of the spec's "
            "'factor times the median': with a steady history the MAD is tiny and ordinary fluctuations are "
            "flagged, while a run with noisy norms hides large spikes.",
        source="https://www.itl.nist.gov/div898/handbook/eda/section3/eda35h.htm (outliers by the median "
               "absolute deviation)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- train
    Mistake(
        tag="train-step-reset-per-epoch",
        name="train-schedule-of-batch-position",
        edits={TRAIN: [(
            "                optimizer.lr = schedule(step)\n"
            "            optimizer.update(net.params, grads)\n",
            "                optimizer.lr = schedule(start // batch_size)   # this batch's step\n"
            "            optimizer.update(net.params, grads)\n",
        )]},
        why="The schedule is given the batch's position inside the epoch: the step count restarts at 0 "
            "every epoch, so a warmup is repeated at the start of each epoch and a decay never gets past the "
            "first epoch's length.",
        source="https://github.com/Vision-CAIR/MiniGPT-4/pull/263 ('LR resets every epoch during warmup ... "
               "because it uses inner epoch step counter')",
        held_out=True,
    ),
    Mistake(
        tag="train-loss-weighted-by-batch-size",
        name="train-np-average-weighted-by-size",
        edits={TRAIN: [(
            "            batch_losses.append(float(loss))\n"
            "        epoch_losses.append(float(np.mean(batch_losses)))\n",
            "            batch_losses.append(float(loss))\n"
            "            batch_sizes.append(len(idx))\n"
            "        epoch_losses.append(float(np.average(batch_losses, weights=batch_sizes)))\n",
        ), (
            "        batch_losses = []\n",
            "        batch_losses, batch_sizes = [], []\n",
        )]},
        why="The epoch loss as the per-sample average (each batch weighted by its size, option A of the "
            "forum thread); the spec counts every batch once, so the smaller last batch gets less weight "
            "than it should.",
        source="PyTorch forums 'How is the loss for an epoch reported?' (A: weighted by batch size, B: mean of "
               "batch means), quoted in https://huggingface.co/datasets/nvidia/Nemotron-CC-Math-v1; "
               "https://openillumi.com/?p=69315",
        held_out=True,
    ),
    Mistake(
        tag="train-labels-misaligned",
        name="train-rng-shuffle-x-then-y",
        edits={TRAIN: [(
            "        perm = rng.permutation(n)\n",
            "        rng.shuffle(X)                       # shuffle the data in place\n"
            "        rng.shuffle(y)\n"
            "        perm = np.arange(n)\n",
        )]},
        why="X and y shuffled by two separate calls: each draws its own permutation, so the labels no longer "
            "belong to their inputs (and the caller's X and y are reordered in place).",
        source="https://stackoverflow.com/questions/4601373/better-way-to-shuffle-two-numpy-arrays-in-unison "
               "(shuffling two arrays separately breaks their correspondence)",
        held_out=True,
    ),
    Mistake(
        tag="train-schedule-as-factor",
        name="train-lambdalr-times-initial-lr",
        novel=True,
        edits={TRAIN: [(
            "    n = len(X)\n"
            "    step = 0\n",
            "    n = len(X)\n"
            "    step = 0\n"
            "    base_lr = optimizer.lr\n",
        ), (
            "                optimizer.lr = schedule(step)\n"
            "            optimizer.update(net.params, grads)\n",
            "                optimizer.lr = base_lr * schedule(step)     # LambdaLR: initial lr times the factor\n"
            "            optimizer.update(net.params, grads)\n",
        )]},
        why="PyTorch's LambdaLR convention (the function returns a factor of the initial lr) applied to a "
            "schedule that already returns the rate: every rate is multiplied by the optimizer's initial lr.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LambdaLR.html ('Sets the "
               "learning rate of each parameter group to the initial lr times a given function')",
        held_out=True,
    ),
]
