"""Held-out round 12, week 4 (initializers, clipping, diagnostics, training): student code from public sources,
written before grading."""
from autograder.catalogue import Mistake

INIT, CLIP, DIAG, TRAIN = "initializers", "clipping", "diagnostics", "training"

XU_BODY = ("    a = np.sqrt(6.0 / (n_in + n_out))\n"
           "    return rng.uniform(-a, a, size=(n_in, n_out))\n")
XN_BODY = ("    std = np.sqrt(2.0 / (n_in + n_out))\n"
           "    return rng.normal(0.0, std, size=(n_in, n_out))\n")
HN_BODY = ("    std = np.sqrt(2.0 / n_in)\n"
           "    return rng.normal(0.0, std, size=(n_in, n_out))\n")
HU_BODY = ("    a = np.sqrt(6.0 / n_in)\n"
           "    return rng.uniform(-a, a, size=(n_in, n_out))\n")
CV_RET = "    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n"
CN_BODY = ("    grad = np.array(grad, dtype=np.float64)  # a copy\n"
           "    norm = np.sqrt(np.sum(grad ** 2))\n"
           "    if norm > max_norm:\n"
           "        grad = grad * (max_norm / norm)\n"
           "    return grad\n")
CG_BODY = ("    grads = [np.asarray(g, dtype=np.float64) for g in grads]\n"
           "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
           "    scale = max_norm / total if total > max_norm else 1.0\n"
           "    return [g * scale for g in grads], total\n")
CG_SCALE = "    scale = max_norm / total if total > max_norm else 1.0\n"
UR_RET = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
GA_RET = ("    return [i for i in range(1, len(norms))\n"
          "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
TR_LOOP_HEAD = ("    for _ in range(epochs):\n"
                "        perm = rng.permutation(n)\n"
                "        batch_losses = []\n"
                "        for start in range(0, n, batch_size):\n"
                "            idx = perm[start:start + batch_size]\n")
TR_CLIP = ("            if clip_norm is not None:\n"
           "                grads, _ = clip_by_global_norm(grads, clip_norm)\n")
TR_BACKWARD_CLIP = "            loss, grads = net.backward(X[idx], y[idx])\n" + TR_CLIP
TR_LOSSES = ("            batch_losses.append(float(loss))\n"
             "        epoch_losses.append(float(np.mean(batch_losses)))\n")

ROUND_12 = [
    # ---- initializers -------------------------------------------------------------------------------------
    Mistake(
        tag="init-uniform-missing-sqrt3", name="xavier-uniform-limit-from-glorot-normal-std",
        edits={INIT: [(XU_BODY, "    limit = np.sqrt(2.0 / (n_in + n_out))\n"
                                "    return rng.uniform(low=-limit, high=limit, size=(n_in, n_out))\n")]},
        why="the student uses the Glorot normal std sqrt(2 / (fan_in + fan_out)) as the uniform bound; a "
            "uniform U(-a, a) has std a / sqrt(3), so the weights are sqrt(3) times too small. The contract's "
            "bound is a = sqrt(6 / (n_in + n_out)).",
        source="https://keras.io/api/layers/initializers/#glorotuniform-class (limit = sqrt(6 / (fan_in + fan_out)))",
        held_out=True),
    Mistake(
        tag="init-variance-as-std", name="xavier-normal-variance-passed-as-scale",
        edits={INIT: [(XN_BODY, "    var = 2.0 / (n_in + n_out)  # Var(W) from Glorot & Bengio\n"
                                "    return rng.normal(0.0, var, size=(n_in, n_out))\n")]},
        why="the student computes the variance 2 / (n_in + n_out) and passes it as rng.normal's scale, which is "
            "the standard deviation; the contract's std is sqrt(2 / (n_in + n_out)).",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.normal.html "
               "(scale = standard deviation)",
        held_out=True),
    Mistake(
        tag="init-transposed-shape", name="xavier-normal-returns-transpose",
        edits={INIT: [(XN_BODY, "    std = np.sqrt(2.0 / (n_in + n_out))\n"
                                "    W = rng.normal(0.0, std, size=(n_in, n_out))\n"
                                "    return W.T  # so that W @ x works, as in the lecture notes\n")]},
        why="the student transposes the matrix to the (n_out, n_in) layout of the W @ x notation (PyTorch's "
            "nn.Linear weight layout too); the contract's initializers return shape (n_in, n_out).",
        source="https://pytorch.org/docs/stable/generated/torch.nn.Linear.html (weight: (out_features, in_features))",
        held_out=True),
    Mistake(
        tag="init-fan-out", name="he-normal-fan-in-from-torch-shape-rule",
        edits={INIT: [(HN_BODY, "    shape = (n_in, n_out)\n"
                                "    fan_in = shape[1]  # as torch.nn.init: fan_in = tensor.size(1)\n"
                                "    std = np.sqrt(2.0 / fan_in)\n"
                                "    return rng.normal(0.0, std, size=shape)\n")]},
        why="the student copies torch.nn.init's fan rule, fan_in = size(1), which is right for PyTorch's "
            "(out, in) weights but picks n_out for the course's (n_in, n_out) shape; the contract's std is "
            "sqrt(2 / n_in).",
        source="https://github.com/pytorch/pytorch/blob/main/torch/nn/init.py (_calculate_fan_in_and_fan_out)",
        held_out=True),
    Mistake(
        tag="init-truncated", name="he-normal-redraws-beyond-two-sigma",
        edits={INIT: [(HN_BODY, "    std = np.sqrt(2.0 / n_in)\n"
                                "    w = rng.normal(0.0, std, size=(n_in, n_out))\n"
                                "    bad = np.abs(w) > 2 * std  # re-draw outliers, like tf.random.truncated_normal\n"
                                "    while bad.any():\n"
                                "        w[bad] = rng.normal(0.0, std, size=bad.sum())\n"
                                "        bad = np.abs(w) > 2 * std\n"
                                "    return w\n")]},
        why="the student mimics Keras' HeNormal, which draws from a truncated normal, by re-drawing values "
            "beyond two standard deviations; the spread shrinks (std about 0.88 of the target). The contract's he_normal is "
            "N(0, 2 / n_in), not truncated.",
        source="https://keras.io/api/layers/initializers/#henormal-class (truncated normal)",
        held_out=True),
    Mistake(
        tag="init-fan-mean", name="he-uniform-variance-scaling-fan-avg",
        edits={INIT: [(HU_BODY, "    fan_avg = (n_in + n_out) / 2\n"
                                "    a = np.sqrt(6.0 / fan_avg)\n"
                                "    return rng.uniform(-a, a, size=(n_in, n_out))\n")]},
        why="reading Keras' VarianceScaling (scale=2, mode='fan_avg'), the student divides by the mean of the "
            "fans instead of fan_in; the contract's He bound is sqrt(6 / n_in).",
        source="https://keras.io/api/layers/initializers/#variancescaling-class (mode fan_in / fan_out / fan_avg)",
        held_out=True),
    Mistake(
        tag="init-global-rng", name="he-uniform-np-random-uniform",
        edits={INIT: [(HU_BODY, "    a = np.sqrt(6.0 / n_in)\n"
                                "    return np.random.uniform(-a, a, (n_in, n_out))\n")]},
        why="the student draws from the global np.random.uniform (as most tutorials) instead of the rng "
            "argument: results ignore the generator and are not reproducible. The contract: randomness only "
            "from rng.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.uniform.html (legacy)",
        held_out=True),
    # ---- clipping -----------------------------------------------------------------------------------------
    Mistake(
        tag="clip-value-one-sided", name="clip-value-mask-upper-only",
        edits={CLIP: [(CV_RET, "    g = np.array(grad, dtype=np.float64)\n"
                               "    g[g > max_val] = max_val\n"
                               "    return g\n")]},
        why="the student caps only large positive values with a boolean mask, leaving large negative gradients "
            "unclipped; the contract clips elementwise to [-max_val, max_val].",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_value_.html ([-clip, clip])",
        held_out=True),
    Mistake(
        tag="clip-mutates-input", name="clip-value-mask-assign-on-input",
        edits={CLIP: [(CV_RET, "    grad[grad > max_val] = max_val\n"
                               "    grad[grad < -max_val] = -max_val\n"
                               "    return grad\n")]},
        why="the student clips with boolean-mask assignments on grad itself (PyTorch's clip_grad_value_ also "
            "works in place), so the caller's array is changed; the contract: functions never modify their inputs.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_value_.html (clips in place)",
        held_out=True),
    Mistake(
        tag="clip-norm-matrix-2-norm", name="clip-norm-ord-2-early-return",
        edits={CLIP: [(CN_BODY, "    norm = np.linalg.norm(grad, ord=2)  # the L2 norm\n"
                                "    if norm <= max_norm:\n"
                                "        return np.array(grad, dtype=np.float64)\n"
                                "    return np.array(grad, dtype=np.float64) * max_norm / norm\n")]},
        why="the student passes ord=2 to np.linalg.norm for 'the L2 norm'; for a matrix that is the spectral "
            "norm (largest singular value), not the Frobenius / flattened L2 norm the contract uses.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.norm.html (ord=2 on a matrix: "
               "largest singular value)",
        held_out=True),
    Mistake(
        tag="clip-scales-up", name="clip-norm-always-rescales",
        edits={CLIP: [(CN_BODY, "    grad = np.array(grad, dtype=np.float64)\n"
                                "    norm = np.linalg.norm(grad)\n"
                                "    return grad * (max_norm / norm)\n")]},
        why="the student forgets the 'only if norm > max_norm' test and always rescales, so small gradients are "
            "blown up to norm max_norm; the contract leaves grad unchanged when its norm is below max_norm.",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_norm (unchanged if norm <= clip_norm)",
        held_out=True),
    Mistake(
        tag="clip-per-array", name="clip-global-each-array-own-norm",
        edits={CLIP: [(CG_BODY, "    grads = [np.asarray(g, dtype=np.float64) for g in grads]\n"
                                "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
                                "    clipped = []\n"
                                "    for g in grads:\n"
                                "        n = np.linalg.norm(g)\n"
                                "        clipped.append(g * max_norm / n if n > max_norm else g)\n"
                                "    return clipped, total\n")]},
        why="the student computes the total norm for the return value but clips each array by its own norm, "
            "which changes the direction of the whole update; the contract uses one scale for all arrays, from "
            "their joint norm.",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_global_norm (one ratio for all tensors)",
        held_out=True),
    Mistake(
        tag="clip-global-norm-sum-of-norms", name="clip-global-np-sum-of-norm-list",
        edits={CLIP: [("    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n",
                       "    norms = [np.linalg.norm(g) for g in grads]\n"
                       "    total = float(np.sum(norms))\n")]},
        why="the student adds the arrays' norms instead of taking the root of the sum of their squares; the sum "
            "is larger than the global norm, so it clips too often and too hard. The contract's global norm is "
            "sqrt(sum of all squared entries).",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (norm of the norms)",
        held_out=True),
    Mistake(
        tag="clip-returns-clipped-norm", name="clip-global-returns-norm-after-scaling",
        edits={CLIP: [("    return [g * scale for g in grads], total\n",
                       "    clipped = [g * scale for g in grads]\n"
                       "    return clipped, total * scale\n")]},
        why="the student returns the norm of the clipped gradients (min(total, max_norm)); the contract, like "
            "TF's clip_by_global_norm and PyTorch's clip_grad_norm_, returns the norm before clipping.",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_global_norm (returns global_norm of t_list)",
        held_out=True),
    Mistake(
        tag="clip-global-eps-in-scale", name="clip-global-torch-epsilon-coefficient", novel=True,
        edits={CLIP: [(CG_SCALE, "    scale = min(1.0, max_norm / (total + 1e-6))  # clip_coef as in torch\n")]},
        why="the student copies PyTorch's clip_grad_norm_ coefficient max_norm / (total + 1e-6), clamped at 1, "
            "so the clipped norm is slightly below max_norm and the scale is never exactly max_norm / total; "
            "the contract's scale is max_norm / norm when norm > max_norm. doubtful: the difference is about "
            "1e-6 / total relative, inside most tolerances.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/nn/utils/clip_grad.py (clip_coef = max_norm / "
               "(total_norm + 1e-6))",
        held_out=True),
    Mistake(
        tag="update-ratio-std", name="update-ratio-std-methods",
        edits={CLIP: [(UR_RET, "    return float(np.asarray(update).std() / np.asarray(param).std())\n")]},
        why="the student uses the update-to-data ratio of Karpathy's makemore lecture, (lr * grad).std() / "
            "p.std(); standard deviations ignore the means and differ from norms. The contract's ratio is "
            "norm(update) / norm(param).",
        source="https://github.com/karpathy/nn-zero-to-hero (makemore part 3: ud = (lr*p.grad).std() / p.data.std())",
        held_out=True),
    Mistake(
        tag="update-ratio-elementwise", name="update-ratio-mean-of-entry-ratios",
        edits={CLIP: [(UR_RET, "    return float(np.mean(np.abs(update) / (np.abs(param) + 1e-12)))\n")]},
        why="the student averages the per-entry ratios |update| / |param|; entries near zero dominate the "
            "mean. The contract: one ratio of norms, norm(update) / norm(param).",
        source="https://cs231n.github.io/neural-networks-3/#ratio (norm of the update over norm of the parameters)",
        held_out=True),
    # ---- diagnostics --------------------------------------------------------------------------------------
    Mistake(
        tag="anomalies-includes-current", name="anomalies-last-window-ending-at-i",
        edits={DIAG: [(GA_RET, "    out = []\n"
                               "    for i in range(1, len(norms)):\n"
                               "        recent = norms[max(0, i - window + 1):i + 1]  # the last `window` norms\n"
                               "        if norms[i] > factor * np.median(recent):\n"
                               "            out.append(i)\n"
                               "    return out\n")]},
        why="the student's median window runs through step i itself, so a spike raises its own baseline (with "
            "one previous step the median of two values can never be exceeded ten-fold); the contract compares "
            "with the previous window norms only.",
        source="lesson 000, 'Optimization as Attack Surface -- Detecting Optimization Attacks'",
        held_out=True),
    Mistake(
        tag="anomalies-mean", name="anomalies-loop-with-running-mean",
        edits={DIAG: [(GA_RET, "    flagged = []\n"
                               "    for i in range(1, len(norms)):\n"
                               "        history = norms[max(0, i - window):i]\n"
                               "        if norms[i] > factor * history.mean():\n"
                               "            flagged.append(i)\n"
                               "    return flagged\n")]},
        why="the student compares with the mean of the window, which an earlier spike drags up, so the next "
            "anomaly is hidden; the contract uses the median, as its docstring explains.",
        source="https://en.wikipedia.org/wiki/Robust_statistics (the median is not moved by one outlier)",
        held_out=True),
    Mistake(
        tag="anomalies-full-window-only", name="anomalies-continue-until-full-history",
        edits={DIAG: [(GA_RET, "    flagged = []\n"
                               "    for i in range(len(norms)):\n"
                               "        if i < window:\n"
                               "            continue  # not enough history yet\n"
                               "        if norms[i] > factor * np.median(norms[i - window:i]):\n"
                               "            flagged.append(i)\n"
                               "    return flagged\n")]},
        why="the student starts checking once a full window of history exists, so spikes in the first window "
            "steps are never flagged; the contract compares steps 1 .. window - 1 with the shorter history they "
            "have.",
        source="https://pandas.pydata.org/docs/reference/api/pandas.Series.rolling.html (min_periods defaults "
               "to the window size)",
        held_out=True),
    Mistake(
        tag="anomalies-excludes-flagged-history", name="anomalies-median-of-clean-steps-only", novel=True,
        edits={DIAG: [(GA_RET, "    flagged = []\n"
                               "    clean = list(norms[:1])\n"
                               "    for i in range(1, len(norms)):\n"
                               "        if norms[i] > factor * np.median(clean[-window:]):\n"
                               "            flagged.append(i)\n"
                               "        else:\n"
                               "            clean.append(norms[i])\n"
                               "    return flagged\n")]},
        why="to keep an attacker from poisoning the baseline, the student leaves flagged steps out of the "
            "history, so the window reaches further back and a spike is never part of a later median; the "
            "contract's window is the previous window norms, whatever they were.",
        source="https://arxiv.org/abs/1703.02757 (Byzantine-robust aggregation; discard outliers from the baseline)",
        held_out=True),
    Mistake(
        tag="diagnose-label-misspelt", name="diagnose-hyphenated-lr-too-high",
        edits={DIAG: [("    if climbed > 0.25 * progress and climbed > 0.05 * low and climbed > 4 * noise:\n"
                       "        return \"lr_too_high\"\n",
                       "    if climbed > 0.25 * progress and climbed > 0.05 * low and climbed > 4 * noise:\n"
                       "        return \"lr-too-high\"\n")]},
        why="the student writes the label with hyphens, 'lr-too-high', in one branch; the contract's labels are "
            "exactly 'healthy', 'lr_too_high', 'lr_too_low', 'diverging', 'plateau', 'overfitting'.",
        source="lesson 001, 'Debugging Training Problems' (the diagnoses named in prose, spelt freely)",
        held_out=True),
    Mistake(
        tag="diagnose-val-none-as-array", name="diagnose-val-converted-unconditionally",
        edits={DIAG: [("    val = None if val_losses is None else np.asarray(val_losses, dtype=np.float64)\n",
                       "    val = np.asarray(val_losses, dtype=np.float64)\n"
                       "    if val.size == 0:\n"
                       "        val = None\n")]},
        why="the student converts val_losses unconditionally; np.asarray(None, dtype=float64) is a 0-d nan "
            "array, not empty, so every call without validation losses fails (len of a 0-d array) or calls "
            "the curve diverging. The contract: val_losses=None means train losses only.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.asarray.html",
        held_out=True),
    # ---- train --------------------------------------------------------------------------------------------
    Mistake(
        tag="train-step-reset-per-epoch", name="train-step-from-enumerate-of-batches",
        also=("train-schedule-step-resets",),
        edits={TRAIN: [(TR_LOOP_HEAD, "    for _ in range(epochs):\n"
                                      "        perm = rng.permutation(n)\n"
                                      "        batch_losses = []\n"
                                      "        for step, start in enumerate(range(0, n, batch_size)):\n"
                                      "            idx = perm[start:start + batch_size]\n"),
                       ("            optimizer.update(net.params, grads)\n            step += 1\n",
                        "            optimizer.update(net.params, grads)\n")]},
        why="the student takes the step from enumerate over the epoch's batches, so it restarts at 0 every "
            "epoch and the schedule replays its first values; the contract counts updates over the whole run.",
        source="https://pytorch.org/tutorials/beginner/blitz/cifar10_tutorial.html (for i, data in enumerate(loader))",
        held_out=True),
    Mistake(
        tag="train-clips-by-value", name="train-index-loop-clips-entries",
        edits={TRAIN: [(TR_BACKWARD_CLIP, "            loss, grads = net.backward(X[idx], y[idx])\n"
                                          "            if clip_norm is not None:\n"
                                          "                for k in range(len(grads)):\n"
                                          "                    grads[k] = np.clip(grads[k], -clip_norm, clip_norm)\n")]},
        why="the student clips every gradient entry to [-clip_norm, clip_norm] (clip by value) instead of "
            "rescaling all gradients by their global norm; the contract's clip_norm is the max_norm of "
            "clip_by_global_norm.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_value_.html (clip by value, not "
               "clip_grad_norm_)",
        held_out=True),
    Mistake(
        tag="train-loss-weighted-by-batch-size", name="train-running-loss-float-accumulator",
        edits={TRAIN: [("        batch_losses = []\n        for start in range(0, n, batch_size):\n",
                        "        running_loss = 0.0\n        for start in range(0, n, batch_size):\n"),
                       (TR_LOSSES, "            running_loss += float(loss) * len(idx)\n"
                                   "        epoch_losses.append(running_loss / n)\n")]},
        why="the student uses the PyTorch tutorial's running_loss += loss * batch_size / len(dataset), a "
            "per-example mean; the contract's epoch loss is the plain mean of the batch losses (every batch "
            "counts once, whatever its size).",
        source="https://pytorch.org/tutorials/beginner/transfer_learning_tutorial.html (running_loss += "
               "loss.item() * inputs.size(0))",
        held_out=True),
    Mistake(
        tag="train-clip-tuple-not-unpacked", name="train-grads-bound-to-clip-result",
        edits={TRAIN: [(TR_BACKWARD_CLIP, "            loss, grads = net.backward(X[idx], y[idx])\n"
                                          "            if clip_norm:\n"
                                          "                grads = clip_by_global_norm(grads, clip_norm)\n")]},
        why="the student binds the whole return value of clip_by_global_norm, a (clipped_list, total_norm) "
            "tuple, to grads, so the optimizer receives the tuple; the contract unpacks the clipped list.",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_global_norm (returns list_clipped, global_norm)",
        held_out=True),
    Mistake(
        tag="train-shuffles-once", name="train-data-shuffled-once-up-front",
        edits={TRAIN: [("    for _ in range(epochs):\n        perm = rng.permutation(n)\n",
                        "    order = rng.permutation(n)\n"
                        "    X, y = X[order], y[order]  # shuffle the data set once, as sklearn's shuffle\n"
                        "    for _ in range(epochs):\n"
                        "        perm = np.arange(n)\n")]},
        why="the student shuffles once before training, so every epoch sees the same batches in the same "
            "order; the contract draws rng.permutation(N) once per epoch.",
        source="https://pytorch.org/docs/stable/data.html (shuffle=True reshuffles at every epoch)",
        held_out=True),
    Mistake(
        tag="train-schedule-per-epoch", name="train-schedule-of-epochs-done",
        edits={TRAIN: [("                optimizer.lr = schedule(step)\n            optimizer.update(net.params, grads)\n",
                        "                optimizer.lr = schedule(len(epoch_losses))  # epochs done so far\n"
                        "            optimizer.update(net.params, grads)\n")]},
        why="the student calls the schedule with the number of finished epochs (len(epoch_losses)), as Keras' LearningRateScheduler does; the "
            "contract's schedule(step) takes the optimizer-update count, from 0 over the whole run.",
        source="https://keras.io/api/callbacks/learning_rate_scheduler/ (schedule(epoch, lr))",
        held_out=True),
    Mistake(
        tag="anomalies-returns-numpy-ints", name="anomalies-vectorised-np-where-list", novel=True,
        edits={DIAG: [(GA_RET, "    meds = np.array([np.median(norms[max(0, i - window):i]) for i in range(1, len(norms))])\n"
                               "    return list(np.where(norms[1:] > factor * meds)[0] + 1)\n")]},
        why="the student vectorises the test and returns list(np.where(...)[0] + 1): the right indices, but as "
            "numpy int64 values, not Python ints (json.dumps and type checks fail on them). The contract returns "
            "a sorted list of Python ints. doubtful: int64 compares equal to int.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.where.html (returns arrays of numpy ints; "
               ".tolist() converts)",
        held_out=True),
]
