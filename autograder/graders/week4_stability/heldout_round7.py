"""Held-out round 7, week 4 (initializers, clipping, diagnostics, training): student code from public
sources, written before grading."""
from autograder.catalogue import Mistake

_XN = "    std = np.sqrt(2.0 / (n_in + n_out))\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
_HU = "    a = np.sqrt(6.0 / n_in)\n    return rng.uniform(-a, a, size=(n_in, n_out))\n"
_CLIP_TOTAL = "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
_RATIO = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
_ANOM = ("    return [i for i in range(1, len(norms))\n"
         "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
_BACKWARD = "            loss, grads = net.backward(X[idx], y[idx])\n"
_SCHED_UPDATE = ("            if schedule is not None:\n                optimizer.lr = schedule(step)\n"
                 "            optimizer.update(net.params, grads)\n")

ROUND_7 = [
    # ---------------- initializers ----------------
    Mistake(
        tag="init-fans-multiplied", novel=True, held_out=True, name="xavier-uniform-fan-product",
        edits={"initializers": [("    a = np.sqrt(6.0 / (n_in + n_out))\n", "    a = np.sqrt(6.0 / (n_in * n_out))\n")]},
        why="The fans multiplied instead of added in Glorot's bound: sqrt(6 / (n_in n_out)) is far too small "
            "for any real layer (0.0012 instead of 0.077 for 784 x 256).",
        source="https://proceedings.mlr.press/v9/glorot10a.html (Glorot & Bengio 2010, eq. 16: "
               "sqrt(6) / sqrt(n_j + n_{j+1}))"),
    Mistake(
        tag="init-fan-out", held_out=True, name="he-normal-keras-fan-avg",
        edits={"initializers": [("    std = np.sqrt(2.0 / n_in)\n", "    std = np.sqrt(2.0 / ((n_in + n_out) / 2))\n")]},
        why="Keras' VarianceScaling(scale=2.0, mode='fan_avg') taken for He normal: the average of the fans "
            "where He uses fan_in alone: the spread is wrong whenever n_in != n_out.",
        source="https://keras.io/api/layers/initializers/#variancescaling-class (mode: fan_in, fan_out, fan_avg)"),
    Mistake(
        tag="init-transposed-shape", held_out=True, name="he-uniform-torch-weight-shape",
        edits={"initializers": [(_HU, "    a = np.sqrt(6.0 / n_in)\n    return rng.uniform(-a, a, size=(n_out, n_in))\n")]},
        why="nn.Linear stores its weight as (out_features, in_features); copied into the course's x @ W network "
            "the matrix has the wrong shape (n_out, n_in).",
        source="https://docs.pytorch.org/docs/stable/generated/torch.nn.Linear.html (weight shape "
               "(out_features, in_features))"),
    Mistake(
        tag="init-variance-as-std", held_out=True, name="xavier-normal-scale-std-squared",
        edits={"initializers": [(_XN,
            "    std = np.sqrt(2.0 / (n_in + n_out))\n    return rng.normal(0.0, std ** 2, size=(n_in, n_out))\n")]},
        why="The variance std**2 passed as numpy's scale, which is the standard deviation: the spread is "
            "std**2, far too small.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.normal.html "
               "(scale: standard deviation)"),
    Mistake(
        tag="init-extra-gain", held_out=True, name="xavier-normal-relu-gain",
        edits={"initializers": [(_XN,
            "    std = np.sqrt(2.0) * np.sqrt(2.0 / (n_in + n_out))   # gain for ReLU\n"
            "    return rng.normal(0.0, std, size=(n_in, n_out))\n")]},
        why="PyTorch's calculate_gain('relu') = sqrt(2) passed to xavier_normal_: the spec's Xavier normal has "
            "no gain, so the std is sqrt(2) too large.",
        source="https://docs.pytorch.org/docs/stable/nn.init.html (calculate_gain; xavier_normal_(gain=...))"),
    # ---------------- clipping ----------------
    Mistake(
        tag="clip-mutates-input", held_out=True, name="clip-value-np-clip-out-grad",
        edits={"clipping": [("    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n",
                             "    grad = np.asarray(grad, dtype=np.float64)\n"
                             "    return np.clip(grad, -max_val, max_val, out=grad)   # no extra memory\n")]},
        why="np.clip(..., out=grad) after np.asarray (no copy for a float64 array) clips the caller's gradient "
            "in place.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.clip.html (out: may be the input array "
               "for in-place clipping)"),
    Mistake(
        tag="clip-norm-ratio-inverted", novel=True, held_out=True, name="clip-norm-times-norm-over-max",
        edits={"clipping": [("        grad = grad * (max_norm / norm)\n", "        grad = grad * (norm / max_norm)\n")]},
        why="The scale factor upside down: a gradient above max_norm is made LONGER by norm / max_norm instead "
            "of shortened to max_norm.",
        source="https://docs.pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html "
               "(clip_coef = max_norm / total_norm)"),
    Mistake(
        tag="clip-norm-l1", novel=True, held_out=True, name="clip-norm-sum-of-absolute-values",
        edits={"clipping": [("    norm = np.sqrt(np.sum(grad ** 2))\n", "    norm = np.sum(np.abs(grad))\n")]},
        why="The L1 norm (sum of absolute values) where the spec's norm is the L2 norm: gradients are clipped "
            "too early and to an L2 length well below max_norm.",
        source="https://docs.pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (norm_type=2.0)"),
    Mistake(
        tag="clip-global-concatenate-without-ravel", novel=True, held_out=True,
        name="clip-global-norm-of-concatenation",
        edits={"clipping": [(_CLIP_TOTAL, "    total = float(np.linalg.norm(np.concatenate(grads)))\n")]},
        why="The arrays concatenated without flattening them first: a weight matrix and a bias vector have "
            "different numbers of dimensions, so np.concatenate fails for any real network's gradients.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.concatenate.html ('arrays must have the "
               "same shape, except in the dimension corresponding to axis')"),
    Mistake(
        tag="clip-global-zero-norm-division", novel=True, held_out=True, name="clip-global-min-of-ratio",
        edits={"clipping": [("    scale = max_norm / total if total > max_norm else 1.0\n",
                             "    scale = min(1.0, max_norm / total)\n")]},
        why="The scale written as min(1, max_norm / total) with no guard: all-zero gradients (a dead layer, a "
            "converged model) divide by zero and the function raises instead of returning them unchanged.",
        source="https://docs.pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (adds 1e-6 "
               "to total_norm for this reason)"),
    Mistake(
        tag="update-ratio-other-statistic", held_out=True, name="update-ratio-mean-absolute",
        edits={"clipping": [(_RATIO, "    return float(np.mean(np.abs(update)) / np.mean(np.abs(param)))\n")]},
        why="Mean absolute values instead of L2 norms: a different statistic of the two arrays, with a different "
            "value whenever the entries are not all of the same size.",
        source="https://cs231n.github.io/neural-networks-3/#ratio (ratio of the update's norm to the weights' norm)"),
    Mistake(
        tag="update-ratio-over-updated-param", novel=True, held_out=True, name="update-ratio-over-param-plus-update",
        edits={"clipping": [(_RATIO,
            "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param + update)))\n")]},
        why="The ratio taken against the weights after the step (param + update) instead of the weights it is "
            "applied to: right only for tiny updates; for a large update the ratio is off.",
        source="https://cs231n.github.io/neural-networks-3/#ratio (param_scale from the weights before the update)"),
    # ---------------- diagnose_loss_curve ----------------
    Mistake(
        tag="diagnosis-missed-diverging", held_out=True, name="diagnose-isfinite-of-last-value",
        edits={"diagnostics": [(
            "    if not np.all(np.isfinite(train)) or (val is not None and not np.all(np.isfinite(val))):\n",
            "    if not np.isfinite(train[-1]):\n")]},
        why="Only the last loss is checked for nan/inf: a run that blew up in the middle (inf, then numbers "
            "again after a restart) or a non-finite validation loss is not called diverging.",
        source="https://cs231n.github.io/neural-networks-3/#loss (NaN/inf losses as the sign of divergence)"),
    Mistake(
        tag="diagnosis-missed-overfitting", held_out=True, name="diagnose-val-rise-against-first",
        edits={"diagnostics": [("        m = int(np.argmin(v))\n", "        m = 0   # compare with where validation started\n")]},
        why="The validation rise measured against the first validation loss instead of its minimum: a curve "
            "that fell a lot and then turned up is still below its start, so overfitting is never seen.",
        source="https://developers.google.com/machine-learning/crash-course/overfitting/interpreting-loss-curves "
               "(validation loss that falls, then rises)"),
    Mistake(
        tag="diagnose-label-misspelt", novel=True, held_out=True, name="diagnose-lr-to-low",
        edits={"diagnostics": [('    return "lr_too_low"\n', '    return "lr_to_low"\n')]},
        why="The label typed as 'lr_to_low': not one of the six names of the spec, so a slow steady fall is "
            "reported with a label no caller recognises.",
        source="course spec, diagnose_loss_curve labels (a typo in a returned string is invisible to Python)"),
    Mistake(
        tag="diagnosis-missed-plateau", held_out=True, name="diagnose-plateau-only-without-any-fall",
        edits={"diagnostics": [(
            "    if start - end < max(0.01 * start, 4 * noise) or second_half < 0.25 * first_half:\n",
            "    if start - end < max(0.01 * start, 4 * noise):\n")]},
        why="A plateau recognised only when the loss never fell at all: a curve that drops a little at the start "
            "and then stalls is called lr_too_low.",
        source="week 4 lesson (seeds), diagnosing loss curves: 'plateau: stuck early at a high value'"),
    # ---------------- gradient_anomalies ----------------
    Mistake(
        tag="anomalies-returns-mask", held_out=True, name="anomalies-flag-per-step",
        edits={"diagnostics": [(_ANOM,
            "    return [bool(i >= 1 and norms[i] > factor * np.median(norms[max(0, i - window):i]))\n"
            "            for i in range(len(norms))]\n")]},
        why="One True/False per step (as a pandas filter would give) instead of the list of the flagged steps' "
            "indices.",
        source="https://pandas.pydata.org/docs/user_guide/indexing.html#boolean-indexing (masks vs indices)"),
    Mistake(
        tag="anomalies-whole-series-median", held_out=True, name="anomalies-median-of-run",
        edits={"diagnostics": [(_ANOM,
            "    return [i for i in range(1, len(norms))\n            if norms[i] > factor * np.median(norms)]\n")]},
        why="One median of the whole run for every step: it uses norms from the future and ignores the window, "
            "so a slow drift of the gradient scale hides or invents spikes.",
        source="https://arxiv.org/abs/2007.14469 (AutoClip: thresholds from the history observed so far)"),
    Mistake(
        tag="anomalies-mean", held_out=True, name="anomalies-ema-baseline",
        edits={"diagnostics": [(_ANOM,
            "    flagged, ema = [], norms[0] if len(norms) else 0.0\n"
            "    for i in range(1, len(norms)):\n"
            "        if norms[i] > factor * ema:\n            flagged.append(i)\n"
            "        ema = 0.9 * ema + 0.1 * norms[i]   # running average of the norm\n"
            "    return flagged\n")]},
        why="A running (exponential) average of the norms as the baseline, as training monitors log it: a mean "
            "that an earlier spike drags up (hiding the next one) and that ignores the window.",
        source="https://varun1724.github.io/rlwatch/detectors/gradient-norm/ (a baseline MEAN of recent gradient "
               "norms; here written as a running average)"),
    # ---------------- train ----------------
    Mistake(
        tag="train-grads-divided-by-batch-size", novel=True, held_out=True, name="train-grads-averaged-again",
        edits={"training": [(_BACKWARD, _BACKWARD + "            grads = [g / len(idx) for g in grads]   # average over the batch\n")]},
        why="The network's gradients are already those of the MEAN loss; dividing them by the batch size again "
            "(the reduction='sum' habit) makes every step batch_size times too short.",
        source="https://github.com/d2l-ai/d2l-en/pull/1000 (the loss was averaged AND the custom SGD divided by "
               "batch_size again); https://docs.pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html"),
    Mistake(
        tag="train-epoch-loss-summed", novel=True, held_out=True, name="train-running-loss-not-divided",
        edits={"training": [("        epoch_losses.append(float(np.mean(batch_losses)))\n",
                             "        epoch_losses.append(float(np.sum(batch_losses)))\n")]},
        why="The running_loss of the PyTorch tutorial (loss.item() summed over the batches) recorded without "
            "dividing by the number of batches: the epoch loss depends on how many batches there are.",
        source="https://docs.pytorch.org/tutorials/beginner/blitz/cifar10_tutorial.html (running_loss += "
               "loss.item())"),
    Mistake(
        tag="train-clips-parameters", novel=True, held_out=True, name="train-clips-weights-not-gradients",
        edits={"training": [(
            "            if clip_norm is not None:\n                grads, _ = clip_by_global_norm(grads, clip_norm)\n"
            + _SCHED_UPDATE,
            "            if clip_norm is not None:   # keep the weights bounded\n"
            "                clipped, _ = clip_by_global_norm(net.params, clip_norm)\n"
            "                for p, c in zip(net.params, clipped):\n                    p[...] = c\n"
            + _SCHED_UPDATE)]},
        why="The parameters are clipped (as in WGAN's weight clipping) instead of the gradients: the update uses "
            "unclipped gradients and the weights are squashed to norm clip_norm.",
        source="https://arxiv.org/abs/1701.07875 (WGAN weight clipping, confused with gradient clipping)"),
    Mistake(
        tag="train-drops-last-batch", held_out=True, name="train-range-to-multiple-of-batch",
        edits={"training": [("        for start in range(0, n, batch_size):\n",
                             "        for start in range(0, n - n % batch_size, batch_size):\n")]},
        why="The loop stops at the last multiple of batch_size: the smaller remainder batch is never trained on "
            "(drop_last=True).",
        source="https://docs.pytorch.org/docs/stable/data.html (DataLoader drop_last)"),
]
