"""Held-out round 11, week 4 (initializers.py, clipping.py, diagnostics.py, training.py): student code from public
sources, written before grading."""
from autograder.catalogue import Mistake

I, C, D, T = "initializers", "clipping", "diagnostics", "training"

XU_A = "    a = np.sqrt(6.0 / (n_in + n_out))\n"
XN_STD = "    std = np.sqrt(2.0 / (n_in + n_out))\n"
XN_DRAW = "    std = np.sqrt(2.0 / (n_in + n_out))\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
HN_STD = "    std = np.sqrt(2.0 / n_in)\n"
HN_BODY = "    std = np.sqrt(2.0 / n_in)\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
HU_A = "    a = np.sqrt(6.0 / n_in)\n"
CV = "    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n"
CN_COPY = "    grad = np.array(grad, dtype=np.float64)  # a copy\n"
CN_NORM = "    norm = np.sqrt(np.sum(grad ** 2))\n"
CN_SCALE = "        grad = grad * (max_norm / norm)\n"
CG_TOTAL = "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
CG_RET = "    return [g * scale for g in grads], total\n"
UR = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
DG_NONFINITE = ("    if not np.all(np.isfinite(train)) or (val is not None and not np.all(np.isfinite(val))):\n")
DG_DIVERGE = "    if end > 2 * start or last > 3 * start or (last > 4 * lowest and last - lowest > 10 * noise):\n"
DG_PLATEAU_RET = "        return \"plateau\"\n"
AN = ("    return [i for i in range(1, len(norms))\n"
      "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
TR_EPOCH = "    for _ in range(epochs):\n        perm = rng.permutation(n)\n"
TR_PERM = "        perm = rng.permutation(n)\n"
TR_BATCHES = "        for start in range(0, n, batch_size):\n"
TR_CLIP = "            loss, grads = net.backward(X[idx], y[idx])\n            if clip_norm is not None:\n                grads, _ = clip_by_global_norm(grads, clip_norm)\n"
TR_SCHED = ("                optimizer.lr = schedule(step)\n"
            "            optimizer.update(net.params, grads)\n")
TR_STEP0 = "    step = 0\n"
TR_BATCH_LOSSES = "        batch_losses = []\n"
TR_EPOCH_LOSS = "        epoch_losses.append(float(np.mean(batch_losses)))\n"

ROUND_11 = [
    # ---- initializers -------------------------------------------------------------------------------------
    Mistake(
        tag="init-uniform-missing-sqrt3", name="xavier-uniform-bound-is-normal-std",
        edits={I: [(XU_A, "    a = np.sqrt(2.0 / (n_in + n_out))  # Glorot's variance 2 / (fan_in + fan_out)\n")]},
        why="the student uses Glorot's std sqrt(2/(n_in+n_out)) as the uniform bound, forgetting that U(-a, a) has "
            "std a/sqrt(3), so the weights are sqrt(3) too small; the contract's a = sqrt(6 / (n_in + n_out)).",
        source="Glorot & Bengio (2010), eq. 16, http://proceedings.mlr.press/v9/glorot10a.html",
        held_out=True),
    Mistake(
        tag="init-variance-as-std", name="xavier-normal-std-without-sqrt",
        edits={I: [(XN_STD, "    std = 2.0 / (n_in + n_out)  # Var(W) = 2 / (n_in + n_out)\n")]},
        why="the variance formula is passed as the standard deviation (rng.normal takes the std), so the weights "
            "are far too small; the contract's std = sqrt(2 / (n_in + n_out)).",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.normal.html (scale is "
               "the standard deviation)",
        held_out=True),
    Mistake(
        tag="init-global-rng", name="xavier-normal-fresh-default-rng",
        edits={I: [(XN_DRAW, "    std = np.sqrt(2.0 / (n_in + n_out))\n"
                             "    return np.random.default_rng().normal(0.0, std, size=(n_in, n_out))\n")]},
        why="the student creates a new generator inside the function (the NumPy docs' first example), ignoring the "
            "rng argument, so results are not reproducible; the contract says randomness only comes from rng.",
        source="https://numpy.org/doc/stable/reference/random/generator.html (rng = np.random.default_rng())",
        held_out=True),
    Mistake(
        tag="init-fan-out", name="he-normal-fan-out-mode",
        edits={I: [(HN_STD, "    std = np.sqrt(2 / n_out)  # mode='fan_out'\n")]},
        why="the student uses fan_out (PyTorch's kaiming_normal_(mode='fan_out'), common in ResNet code); the "
            "contract's he_normal uses std = sqrt(2 / n_in).",
        source="https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.kaiming_normal_ (mode)",
        held_out=True),
    Mistake(
        tag="init-missing-factor-2", name="he-normal-lecun-one-over-sqrt-fan-in",
        edits={I: [(HN_STD, "    std = 1 / np.sqrt(n_in)\n")]},
        why="std 1/sqrt(n_in) is LeCun's initialisation (for tanh/SELU); He's derivation for ReLU doubles the "
            "variance: the contract's std = sqrt(2 / n_in).",
        source="He et al. (2015), Delving Deep into Rectifiers, eq. 10, https://arxiv.org/abs/1502.01852",
        held_out=True),
    Mistake(
        tag="init-truncated", name="he-normal-np-clip-two-sigma",
        edits={I: [(HN_BODY, "    std = np.sqrt(2.0 / n_in)\n"
                             "    w = rng.normal(0.0, std, size=(n_in, n_out))\n"
                             "    return np.clip(w, -2 * std, 2 * std)  # like Keras' truncated normal\n")]},
        why="to imitate Keras' he_normal (a truncated normal) the student clips at 2 std, piling mass on the edges "
            "and lowering the std; the contract's he_normal is N(0, 2/n_in), untruncated.",
        source="https://keras.io/api/layers/initializers/#henormal-class (truncated normal)",
        held_out=True),
    Mistake(
        tag="init-pytorch-default-bound", name="he-uniform-bound-one-over-sqrt-fan-in",
        edits={I: [(HU_A, "    a = np.sqrt(1.0 / n_in)  # nn.Linear's default\n")]},
        why="PyTorch's nn.Linear default (kaiming_uniform_ with a=sqrt(5)) gives the bound 1/sqrt(fan_in); the "
            "contract's he_uniform bound is sqrt(6 / n_in).",
        source="https://github.com/pytorch/pytorch/blob/main/torch/nn/modules/linear.py (reset_parameters)",
        held_out=True),
    # ---- clipping -----------------------------------------------------------------------------------------
    Mistake(
        tag="clip-value-one-sided", name="clip-value-lower-bound-none",
        edits={C: [(CV, "    return np.clip(np.asarray(grad, dtype=np.float64), None, max_val)\n")]},
        why="only the upper side is capped, so large negative components pass unchanged; the contract clips each "
            "element to [-max_val, max_val].",
        source="https://numpy.org/doc/stable/reference/generated/numpy.minimum.html",
        held_out=True),
    Mistake(
        tag="clip-norm-matrix-2-norm", name="clip-norm-ord-keyword-2",
        edits={C: [(CN_NORM, "    norm = np.linalg.norm(grad, ord=2)  # the L2 norm\n")]},
        why="ord=2 is the spectral norm (largest singular value) for a 2-D gradient, not the Euclidean norm of all "
            "entries; the contract's clip_by_norm uses the L2 norm of the whole gradient.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.norm.html (ord=2 for matrices)",
        held_out=True),
    Mistake(
        tag="clip-returns-clipped-norm", name="clip-global-returns-min-of-norms",
        edits={C: [(CG_RET, "    return [g * scale for g in grads], min(total, max_norm)  # the norm after clipping\n")]},
        why="the returned norm is the norm after clipping; the contract (like tf.clip_by_global_norm) returns the "
            "total norm of the gradients before clipping.",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_global_norm (returns global_norm of the inputs)",
        held_out=True),
    Mistake(
        tag="clip-global-square-of-sum", name="clip-global-array-sum-squared",
        edits={C: [(CG_TOTAL, "    total = float(np.sqrt(sum(g.sum() ** 2 for g in grads)))\n")]},
        why="each array's entries are summed before squaring (sum(g)**2 instead of sum(g**2)), so signs cancel; "
            "the contract's total is the L2 norm of all entries together.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.norm.html",
        held_out=True),
    Mistake(
        tag="update-ratio-log10", name="update-ratio-log10-of-norms", also=(),
        edits={C: [(UR, "    return float(np.log10(np.linalg.norm(update) / np.linalg.norm(param)))  # ~ -3 is good\n")]},
        why="Karpathy's plots show log10 of the ratio (around -3 is healthy), so the student returns the log; the "
            "contract's update_ratio is norm(update) / norm(param) itself.",
        source="https://cs231n.github.io/neural-networks-3/#ratio (ratio ~1e-3)",
        held_out=True),
    # ---- diagnostics --------------------------------------------------------------------------------------
    Mistake(
        tag="diagnosis-missed-diverging", name="diagnose-diverging-end-over-start-only",
        edits={D: [(DG_DIVERGE, "    if end > 2 * start:\n")]},
        why="the student only calls a curve diverging when its (smoothed) end is above twice the start, so a "
            "curve that fell and then exploded in the last steps is missed; the contract's 'diverging' includes "
            "exploding losses.",
        source="https://cs231n.github.io/neural-networks-3/#loss (loss exploding at high learning rates)",
        held_out=True),
    Mistake(
        tag="diagnose-label-not-in-contract", name="diagnose-returns-underfitting",
        edits={D: [(DG_PLATEAU_RET, "        return \"underfitting\"\n")]},
        why="a stalled high loss is labelled 'underfitting' (the textbook word); the contract's label set is "
            "healthy, lr_too_high, lr_too_low, diverging, plateau, overfitting.",
        source="Goodfellow, Bengio & Courville, Deep Learning, §5.2 (underfitting)",
        held_out=True),
    Mistake(
        tag="anomalies-includes-current", name="anomalies-window-through-i",
        edits={D: [(AN, "    return [i for i in range(1, len(norms))\n"
                        "            if norms[i] > factor * np.median(norms[max(0, i - window):i + 1])]\n")]},
        why="the window slice runs through i, so the spike takes part in its own median (and with a short window "
            "hides itself); the contract compares with the median of the previous window norms.",
        source="https://docs.python.org/3/library/stdtypes.html#common-sequence-operations (slice stop exclusive)",
        held_out=True),
    Mistake(
        tag="anomalies-full-window-only", name="anomalies-start-at-window",
        edits={D: [(AN, "    return [i for i in range(1, len(norms))\n"
                        "            if i >= window and norms[i] > factor * np.median(norms[i - window:i])]\n")]},
        why="the check starts only once a full window exists, so spikes in the first window steps are never "
            "reported; the contract uses the previous (up to) window norms from step 1 on.",
        source="https://pandas.pydata.org/docs/reference/api/pandas.Series.rolling.html (min_periods=window default)",
        held_out=True),
    Mistake(
        tag="anomalies-max-of-window", name="anomalies-compared-with-window-max", novel=True,
        edits={D: [(AN, "    return [i for i in range(1, len(norms))\n"
                        "            if norms[i] > factor * np.max(norms[max(0, i - window):i])]\n")]},
        why="the student compares with the largest recent norm ('bigger than anything seen lately'), so one "
            "earlier spike masks later ones for window steps; the contract compares with the median of the "
            "previous window norms.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.median.html",
        held_out=True),
    # ---- train --------------------------------------------------------------------------------------------
    Mistake(
        tag="train-schedule-per-epoch", name="train-schedule-called-with-epoch-variable",
        edits={T: [(TR_EPOCH, "    for epoch in range(epochs):\n        perm = rng.permutation(n)\n"),
                   (TR_SCHED, "                optimizer.lr = schedule(epoch)\n"
                            "            optimizer.update(net.params, grads)\n")]},
        why="the schedule is called with the epoch number (Keras LearningRateScheduler passes the epoch); the "
            "contract's schedule(step) takes the global update count.",
        source="https://keras.io/api/callbacks/learning_rate_scheduler/ (schedule(epoch, lr))",
        held_out=True),
    Mistake(
        tag="train-clipping-discarded", name="train-clipped-into-other-name",
        edits={T: [(TR_CLIP, "            loss, grads = net.backward(X[idx], y[idx])\n"
                            "            if clip_norm is not None:\n"
                            "                clipped, total_norm = clip_by_global_norm(grads, clip_norm)\n")]},
        why="the clipped gradients are stored under a new name but the update still uses grads, so clipping has "
            "no effect; the contract's training updates with the clipped gradients.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (in place there, "
               "a returned copy here)",
        held_out=True),
    Mistake(
        tag="train-drops-last-batch", name="train-range-full-batches-only",
        edits={T: [(TR_BATCHES, "        for start in range(0, n // batch_size * batch_size, batch_size):\n")]},
        why="the batch loop stops before the partial last batch (drop_last), so some samples are never trained "
            "on each epoch; the contract's mini-batch training uses every sample each epoch.",
        source="https://pytorch.org/docs/stable/data.html (drop_last)",
        held_out=True),
    Mistake(
        tag="train-step-reset-per-epoch", name="train-step-zeroed-in-epoch-loop",
        edits={T: [(TR_STEP0, ""),
                   (TR_PERM, TR_PERM + "        step = 0\n")]},
        why="the step counter is reset at the start of every epoch, so the schedule restarts each epoch; the "
            "contract's schedule(step) gets the global update count.",
        source="https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate (global step)",
        held_out=True),
    Mistake(
        tag="train-loss-divisor-wrong", name="train-sum-of-batch-losses-over-n",
        edits={T: [(TR_EPOCH_LOSS, "        epoch_losses.append(float(np.sum(batch_losses) / n))\n")]},
        why="the per-batch mean losses are summed and divided by the number of samples (mixing the 'sum of "
            "per-sample losses / N' recipe with mean batch losses), so the epoch loss is about batch_size times "
            "too small; the contract's epoch loss is the mean of the batch losses.",
        source="https://pytorch.org/tutorials/beginner/basics/optimization_tutorial.html (test_loss /= num_batches)",
        held_out=True),
    Mistake(
        tag="train-epoch-loss-cumulative", name="train-batch-losses-never-reset", novel=True,
        edits={T: [(TR_BATCH_LOSSES, ""),
                   (TR_STEP0, TR_STEP0 + "    batch_losses = []\n")]},
        why="the list of batch losses is created once before the epoch loop, so each epoch's value is the mean "
            "over all epochs so far (a running average); the contract returns the loss of each epoch.",
        source="https://discuss.pytorch.org/ (running_loss not reset per epoch)",
        held_out=True),
    Mistake(
        tag="train-loss-last-batch", name="train-epoch-loss-is-last-entry",
        edits={T: [(TR_EPOCH_LOSS, "        epoch_losses.append(batch_losses[-1])\n")]},
        why="the epoch's loss is the loss of its last batch (what the progress bar showed); the contract's value "
            "is the mean over the epoch's batches.",
        source="https://keras.io/guides/writing_a_training_loop_from_scratch/",
        held_out=True),
    Mistake(
        tag="train-batch-loss-after-update", name="train-loss-recomputed-after-step", novel=True,
        edits={T: [("            batch_losses.append(float(loss))\n",
                    "            batch_losses.append(float(net.loss(X[idx], y[idx])))  # loss with the new weights\n")]},
        why="the batch loss is recomputed after the update, so each entry is the loss with the new weights; the "
            "contract's loss of an epoch is the mean of the losses backward() returned before each update.",
        source="https://keras.io/guides/writing_a_training_loop_from_scratch/ (loss_value from the forward pass "
               "before apply_gradients)",
        held_out=True),
    Mistake(
        tag="update-ratio-other-statistic", name="update-ratio-max-abs-over-max-abs",
        edits={C: [(UR, "    return float(np.abs(update).max() / np.abs(param).max())\n")]},
        why="the student compares the largest entries (the worst-case relative change) instead of the norms; the "
            "contract's update_ratio is norm(update) / norm(param).",
        source="https://cs231n.github.io/neural-networks-3/#ratio (ratio of update scale to weight scale)",
        held_out=True),
    Mistake(
        tag="diagnose-label-misspelt", name="diagnose-overfitting-capitalised",
        edits={D: [("            return \"overfitting\"\n", "            return \"Overfitting\"\n")]},
        why="the label is capitalised as in a plot title; the contract's labels are exact lower-case strings "
            "(\"overfitting\").",
        source="https://docs.python.org/3/library/stdtypes.html#str (string comparison is case-sensitive)",
        held_out=True),
    Mistake(
        tag="diagnose-any-decrease-healthy", name="diagnose-healthy-if-end-below-start", novel=True,
        edits={D: [("    if end <= start / 2:\n", "    if end < start:  # the loss went down\n")]},
        why="any curve whose smoothed end is below its start is called healthy, so slow steady falls (lr_too_low) "
            "and small stalled decreases (plateau) are never reported; the contract separates them from a healthy "
            "curve.",
        source="https://cs231n.github.io/neural-networks-3/#loss (low learning rate: slow, near-linear decrease)",
        held_out=True),
]
