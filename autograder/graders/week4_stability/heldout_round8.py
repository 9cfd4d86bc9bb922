"""Held-out round 8, week 4 (initializers, clipping, diagnostics, training): student code from public sources,
written before grading."""
from autograder.catalogue import Mistake

INI, CLIP, DIAG, TRAIN = "initializers", "clipping", "diagnostics", "training"

XU = "    a = np.sqrt(6.0 / (n_in + n_out))\n    return rng.uniform(-a, a, size=(n_in, n_out))\n"
XN = "    std = np.sqrt(2.0 / (n_in + n_out))\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
HN_STD = "    std = np.sqrt(2.0 / n_in)\n"
HU_A = "    a = np.sqrt(6.0 / n_in)\n"
CV = "    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n"
CN_NORM = "    norm = np.sqrt(np.sum(grad ** 2))\n"
CG_TOTAL = "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
UR = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
DIAG_HEALTHY = "    # 4. at least half of the starting loss is gone\n    if end <= start / 2:\n        return \"healthy\"\n"
DIAG_RULE3 = "    # 3. after the first tenth: climbed back up, or wiggles large against both progress and level\n"
ANOM = ("    return [i for i in range(1, len(norms))\n"
        "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
TR_BATCH = ("        perm = rng.permutation(n)\n"
            "        batch_losses = []\n"
            "        for start in range(0, n, batch_size):\n"
            "            idx = perm[start:start + batch_size]\n"
            "            loss, grads = net.backward(X[idx], y[idx])\n")
TR_UPDATE = "            optimizer.update(net.params, grads)\n"   # with it, the snippets below occur once (not in the docstring)
TR_SCHED = "            if schedule is not None:\n                optimizer.lr = schedule(step)\n"
TR_CLIP = "                grads, _ = clip_by_global_norm(grads, clip_norm)\n"

ROUND_8 = [
    # ---- initializers -------------------------------------------------------------------------------------
    Mistake(
        tag="init-sqrt-misplaced", also=("init-missing-parentheses",), name="xavier-uniform-sqrt-of-six-only",
        edits={INI: [(XU, XU.replace("np.sqrt(6.0 / (n_in + n_out))", "np.sqrt(6.0) / (n_in + n_out)"))]},
        why="the square root closed after the 6: a = sqrt(6) / (n_in + n_out) instead of sqrt(6 / (n_in + n_out)); "
            "for a 784 x 256 layer the bound is 0.0024 instead of 0.076 -- the signal vanishes layer after layer.",
        source="public student code (3 GitHub files, found verbatim): limit = (np.sqrt(6) / (fan_in + fan_out)) "
               "under a docstring saying limit = sqrt(6 / (fan_in + fan_out)); "
               "https://www.tensorflow.org/api_docs/python/tf/keras/initializers/GlorotUniform",
        held_out=True),
    Mistake(
        tag="wrong-shape", name="xavier-uniform-size-not-a-tuple",
        edits={INI: [(XU, XU.replace("size=(n_in, n_out)", "size=(n_in * n_out)"))]},
        why="(n_in * n_out) is an int in parentheses, not a shape tuple: the weights come back as a flat vector "
            "of n_in * n_out entries, not an (n_in, n_out) matrix, and X @ W fails.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.uniform.html "
               "(size: int or tuple of ints)",
        held_out=True),
    Mistake(
        tag="init-xavier-he-swapped", name="xavier-normal-cs231n-randn-over-sqrt-fan-in",
        edits={INI: [(XN, "    return rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)  # 'Xavier', as in cs231n\n")]},
        why="cs231n's 'calibrating the variances' (w = randn(n) / sqrt(n)), often called Xavier in lecture "
            "slides, is LeCun's 1 / fan_in: the spec's Xavier normal has variance 2 / (n_in + n_out).",
        source="https://cs231n.github.io/neural-networks-2/#init (w = np.random.randn(n) / sqrt(n))",
        held_out=True),
    Mistake(
        tag="init-extra-gain", name="he-normal-relu-gain-applied-twice",
        edits={INI: [(HN_STD, "    std = np.sqrt(2.0) * np.sqrt(2.0 / n_in)  # gain for ReLU\n")]},
        why="PyTorch's recommended gain for ReLU (sqrt(2)) multiplied onto a std that already contains the 2 of "
            "He's formula: the spread is sqrt(2) too large (variance 4 / n_in), activations grow with depth.",
        source="https://pytorch.org/docs/stable/nn.init.html (calculate_gain('relu') = sqrt(2); kaiming_normal_ "
               "already uses it)",
        held_out=True),
    Mistake(
        tag="init-spread-wrong", name="he-uniform-bound-three-std",
        edits={INI: [(HU_A, "    a = 3 * np.sqrt(2.0 / n_in)  # bound = 3 standard deviations\n")]},
        why="the uniform bound taken as 'three standard deviations' of He's normal; the bound of U(-a, a) with "
            "variance 2 / n_in is sqrt(3) std, so these weights have variance 3 times too large (6 / n_in).",
        source="https://pytorch.org/docs/stable/nn.init.html (kaiming_uniform_: bound = gain * sqrt(3 / fan_in))",
        held_out=True),
    # ---- clip_by_value ------------------------------------------------------------------------------------
    Mistake(
        tag="clip-value-bounds-swapped", name="clip-value-np-clip-max-then-min",
        edits={CLIP: [(CV, CV.replace("-max_val, max_val)", "max_val, -max_val)"))]},
        why="np.clip(a, a_min, a_max) with the bounds in the other order: numpy does not check a_min < a_max and "
            "returns a_max (-max_val) for EVERY entry, so all gradients point the same way.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.clip.html (When a_min is greater than "
               "a_max, clip returns an array in which all values are equal to a_max)",
        novel=True, held_out=True),
    Mistake(
        tag="clip-mutates-input", name="clip-value-boolean-masks-on-asarray",
        edits={CLIP: [(CV, "    grad = np.asarray(grad, dtype=np.float64)\n"
                           "    grad[grad > max_val] = max_val\n"
                           "    grad[grad < -max_val] = -max_val\n"
                           "    return grad\n")]},
        why="the right values, written with boolean masks on np.asarray(grad), which is the caller's array "
            "itself: the caller's gradient is clipped in place.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.asarray.html (no copy when the dtype "
               "matches)",
        held_out=True),
    # ---- clip_by_norm -------------------------------------------------------------------------------------
    Mistake(
        tag="clip-norm-abs-of-sum", also=("clip-global-square-of-sum",), name="clip-norm-square-outside-sum",
        edits={CLIP: [(CN_NORM, "    norm = np.sqrt(np.sum(grad) ** 2)\n")]},
        why="the square moved outside np.sum: sqrt(sum(g)^2) is |sum of entries|, which cancels for gradients "
            "of mixed signs, so large gradients go unclipped (and others are clipped to the wrong length).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.norm.html (Frobenius / 2-norm)",
        held_out=True),
    # ---- clip_by_global_norm ------------------------------------------------------------------------------
    Mistake(
        tag="clip-global-norm-sum-of-norms", name="clip-global-sqrt-of-sum-of-norms",
        edits={CLIP: [(CG_TOTAL, "    total = float(np.sqrt(sum(np.linalg.norm(g) for g in grads)))\n")]},
        why="the per-array NORMS summed under the square root instead of their squares: sqrt(sum ||g_k||) is "
            "not the norm of the concatenation (too small for large gradients, too large for small ones).",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (the norm of the "
               "norms of the individual gradients)",
        held_out=True),
    Mistake(
        tag="clip-global-rms", also=("clip-norm-rms",), name="clip-global-np-mean-of-squares",
        edits={CLIP: [(CG_TOTAL, "    total = float(np.sqrt(sum(np.mean(g ** 2) for g in grads)))\n")]},
        why="np.mean where np.sum belongs: each array contributes its mean square, so the 'global norm' shrinks "
            "with the arrays' sizes (a 784 x 256 weight matrix counts 200 000 times too little) and large "
            "gradients are not clipped.",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_global_norm (global_norm = "
               "sqrt(sum([l2norm(t)**2 for t in t_list])))",
        held_out=True),
    # ---- update_ratio -------------------------------------------------------------------------------------
    Mistake(
        tag="update-ratio-param-not-squared", name="update-ratio-sqrt-of-sum-of-param",
        edits={CLIP: [(UR, "    return float(np.sqrt(np.sum(update ** 2)) / np.sqrt(np.sum(param)))\n")]},
        why="the ** 2 forgotten in the parameter's norm: sqrt(sum(param)) is not a norm at all -- it depends on "
            "the signs of the weights and is nan when they sum to a negative number.",
        source="https://cs231n.github.io/neural-networks-3/#ratio (ratio of the update's norm to the weights' norm)",
        held_out=True),
    # ---- diagnose_loss_curve ------------------------------------------------------------------------------
    Mistake(
        tag="diagnosis-rule-order", name="diagnose-half-gone-checked-first",
        edits={DIAG: [(DIAG_HEALTHY, ""),
                      (DIAG_RULE3, "    if end <= start / 2:  # most of the loss is gone: training works\n"
                                   "        return \"healthy\"\n\n" + DIAG_RULE3)]},
        why="'the loss went down a lot' tested before the oscillation rules: a run with a too-high rate that "
            "still fell overall (large wiggles around a falling trend) is called healthy.",
        source="lesson 'Lesson 8: Optimization and Learning', Debugging Training Problems (loss bouncing = "
               "learning rate too high)",
        novel=True, held_out=True),
    Mistake(
        tag="diagnosis-converged-called-plateau", name="diagnose-flat-tail-is-plateau",
        edits={DIAG: [(DIAG_RULE3, "    if np.ptp(train[-5:]) < 0.01 * train[0]:  # no progress in the last epochs\n"
                                   "        return \"plateau\"\n\n" + DIAG_RULE3)]},
        why="'plateau' read as ReduceLROnPlateau/early stopping read it -- no progress over the last epochs: every "
            "run that has converged has a flat tail, so healthy runs are diagnosed as a plateau (the spec's "
            "plateau is stuck EARLY at a high value).",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/ ('when a metric has stopped improving')",
        novel=True, held_out=True),
    # ---- gradient_anomalies -------------------------------------------------------------------------------
    Mistake(
        tag="anomalies-hand-written-median", name="anomalies-sorted-middle-element",
        edits={DIAG: [(ANOM, "    flagged = []\n"
                             "    for i in range(1, len(norms)):\n"
                             "        recent = sorted(norms[max(0, i - window):i])\n"
                             "        median = recent[len(recent) // 2]\n"
                             "        if norms[i] > factor * median:\n"
                             "            flagged.append(i)\n"
                             "    return flagged\n")]},
        why="the median written by hand as the middle element of the sorted window: for an even number of norms "
            "(the default window of 20, and the short history at the start) it is the upper of the two middle "
            "values, not their mean, so the threshold is too high and spikes are missed.",
        source="public code (GitHub, found verbatim, a gradient-spike callback): sorted_norms = sorted(self._norms); "
               "median = sorted_norms[len(sorted_norms) // 2]; if grad_norm > self.k * median; "
               "https://numpy.org/doc/stable/reference/generated/numpy.median.html",
        novel=True, held_out=True),
    Mistake(
        tag="anomalies-mean", name="anomalies-sum-over-len",
        edits={DIAG: [(ANOM, "    out = []\n"
                             "    for i in range(1, len(norms)):\n"
                             "        recent = norms[max(0, i - window):i]\n"
                             "        if norms[i] > factor * (sum(recent) / len(recent)):\n"
                             "            out.append(i)\n"
                             "    return out\n")]},
        why="the baseline written as sum / len, the mean of the window: one spike in the window drags it up and "
            "hides the next spike, which the median would flag.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (monitoring the "
               "returned norm); lesson 'Week 4 Day 3', Detecting Optimization Attacks",
        held_out=True),
    # ---- train --------------------------------------------------------------------------------------------
    Mistake(
        tag="train-compounded-shuffle", also=("sgd-compounded-shuffle",), name="train-reshuffles-the-shuffled-data",
        edits={TRAIN: [(TR_BATCH, "        perm = rng.permutation(n)\n"
                                  "        X, y = X[perm], y[perm]  # shuffle the data set\n"
                                  "        batch_losses = []\n"
                                  "        for start in range(0, n, batch_size):\n"
                                  "            loss, grads = net.backward(X[start:start + batch_size], "
                                  "y[start:start + batch_size])\n")]},
        why="the data set rebound to its shuffled copy each epoch and the next permutation applied to the already "
            "shuffled rows: the first epoch matches, from the second on the batches are a composition of "
            "permutations, not the recipe's.",
        source="https://cs231n.github.io/optimization-1/ (mini-batch loop over a shuffled data set)",
        held_out=True),
    Mistake(
        tag="train-schedule-per-epoch", name="train-schedule-set-once-per-epoch",
        edits={TRAIN: [(TR_SCHED + TR_UPDATE, TR_UPDATE),
                       ("        batch_losses = []\n",
                        "        batch_losses = []\n"
                        "        if schedule is not None:\n"
                        "            optimizer.lr = schedule(step)\n")]},
        why="the rate is set once at the start of each epoch (as epoch-based schedulers are stepped), from the "
            "step count at that point: within an epoch every update uses the same rate, so a warmup or cosine in "
            "steps becomes a staircase.",
        source="https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate (scheduler.step() once "
               "per epoch)",
        held_out=True),
    Mistake(
        tag="train-clip-tuple-not-unpacked", name="train-clip-result-as-grads",
        edits={TRAIN: [(TR_CLIP + TR_SCHED + TR_UPDATE,
                        "                grads = clip_by_global_norm(grads, clip_norm)\n" + TR_SCHED + TR_UPDATE)]},
        why="clip_by_global_norm returns (clipped_list, total_norm); assigned to grads whole, the optimizer gets "
            "a pair: the first parameter is paired with the list of arrays and the second with the norm, so "
            "training with clipping crashes or updates nonsense.",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_global_norm (returns list_clipped, "
               "global_norm)",
        novel=True, held_out=True),
    Mistake(
        tag="train-returns-batch-losses", name="train-extends-with-every-batch-loss",
        edits={TRAIN: [("        epoch_losses.append(float(np.mean(batch_losses)))\n",
                        "        epoch_losses.extend(batch_losses)\n")]},
        why="every batch's loss returned instead of one mean per epoch: the list has epochs * n_batches entries, "
            "so plots and diagnose_loss_curve read steps as epochs.",
        source="https://pytorch.org/tutorials/beginner/blitz/cifar10_tutorial.html (running_loss printed per "
               "mini-batches)",
        novel=True, held_out=True),
]
