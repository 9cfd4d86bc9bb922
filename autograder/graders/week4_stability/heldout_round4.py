"""Held-out round 4, week 4: mistakes written as student code from public sources, before grading.

Each case edits one of the reference modules ``initializers``, ``clipping``, ``diagnostics``,
``training``; ``tag`` is what a reader would call the mistake, ``novel=True`` marks a kind that no
tag of the training catalogue describes.
"""
from autograder.catalogue import Mistake

INIT, CLIP, DIAG, TRAIN = "initializers", "clipping", "diagnostics", "training"

_CLIP_NORM = ("    norm = np.sqrt(np.sum(grad ** 2))\n"
              "    if norm > max_norm:\n"
              "        grad = grad * (max_norm / norm)\n")
_UPDATE_RATIO = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
_ANOMALIES = ("    return [i for i in range(1, len(norms))\n"
              "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
_SHUFFLE = "        perm = rng.permutation(n)\n"
_LOSSES = ("            batch_losses.append(float(loss))\n"
           "        epoch_losses.append(float(np.mean(batch_losses)))\n")

ROUND_4 = [
    # --- initializers -----------------------------------------------------------------------
    Mistake(
        tag="init-pytorch-default-bound", name="he-uniform-torch-linear-default", held_out=True, novel=True,
        edits={INIT: [(
            "    a = np.sqrt(6.0 / n_in)\n",
            "    a = 1.0 / np.sqrt(n_in)   # what nn.Linear does\n")]},
        why="nn.Linear's default U(-1/sqrt(n_in), 1/sqrt(n_in)) (kaiming_uniform_ with a = sqrt(5)) taken "
            "for He uniform: variance 1 / (3 n_in), six times too small.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.Linear.html (weights U(-sqrt(k), sqrt(k)), "
               "k = 1/in_features)"),
    Mistake(
        tag="init-truncation-constant-untruncated", name="xavier-normal-keras-constant", held_out=True,
        novel=True,
        edits={INIT: [(
            "    std = np.sqrt(2.0 / (n_in + n_out))\n",
            "    std = np.sqrt(2.0 / (n_in + n_out)) / .87962566103423978   # as in Keras\n")]},
        why="Keras' correction constant for a normal truncated at 2 std, copied onto an untruncated draw: "
            "the spread is 1.14x too large.",
        source="https://github.com/keras-team/keras/blob/master/keras/src/initializers/random_initializers.py "
               "(VarianceScaling: stddev = sqrt(scale) / .87962566103423978)"),
    Mistake(
        tag="init-fan-out", name="he-normal-fan-out", held_out=True,
        edits={INIT: [(
            "    std = np.sqrt(2.0 / n_in)\n",
            "    std = np.sqrt(2.0 / n_out)\n")]},
        why="kaiming_normal_(mode='fan_out') -- or fan_in read from a torch-layout (out, in) weight -- in a "
            "numpy (n_in, n_out) layer: the wrong fan.",
        source="https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.kaiming_normal_ (mode='fan_in' / 'fan_out')"),
    Mistake(
        tag="init-extra-gain", name="xavier-uniform-tanh-gain", held_out=True, novel=True,
        edits={INIT: [(
            "    a = np.sqrt(6.0 / (n_in + n_out))\n",
            "    a = 5.0 / 3.0 * np.sqrt(6.0 / (n_in + n_out))   # calculate_gain('tanh')\n")]},
        why="PyTorch's recommended gain for tanh folded into Xavier uniform: the spec has no gain, the "
            "bound is 5/3 too large.",
        source="https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.calculate_gain (tanh: 5/3)"),
    Mistake(
        tag="init-missing-factor-2", name="he-uniform-lecun-bound", held_out=True,
        edits={INIT: [(
            "    a = np.sqrt(6.0 / n_in)\n",
            "    a = np.sqrt(3.0 / n_in)\n")]},
        why="LeCun uniform's limit sqrt(3 / fan_in) taken for He: the ReLU factor 2 is missing.",
        source="https://keras.io/api/layers/initializers/ (LecunUniform: limit = sqrt(3 / fan_in); HeUniform: "
               "sqrt(6 / fan_in))"),
    # --- clipping ---------------------------------------------------------------------------
    Mistake(
        tag="clip-value-loses-sign", name="clip-value-mask-assign", held_out=True, novel=True,
        edits={CLIP: [(
            "    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n",
            "    grad = np.array(grad, dtype=np.float64)\n"
            "    grad[np.abs(grad) > max_val] = max_val\n"
            "    return grad\n")]},
        why="a boolean mask on |g| set to +max_val: large negative entries become +max_val, flipping their sign.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.clip.html (the two-sided clip it replaces)"),
    Mistake(
        tag="clip-norm-matrix-2-norm", name="clip-norm-linalg-ord-2", held_out=True, novel=True,
        edits={CLIP: [(_CLIP_NORM,
            "    norm = np.linalg.norm(grad, 2)\n"
            "    if norm > max_norm:\n"
            "        grad = grad * (max_norm / norm)\n")]},
        why="ord=2 looks like 'the L2 norm', but for a 2-D array numpy returns the largest singular value, "
            "not the norm of all entries: weight matrices are clipped too little (and 3-D arrays fail).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.norm.html (ord=2 for matrices: "
               "largest singular value)"),
    Mistake(
        tag="clip-norm-forgets-max-norm", name="clip-norm-to-unit-length", held_out=True, novel=True,
        edits={CLIP: [(_CLIP_NORM,
            "    norm = np.sqrt(np.sum(grad ** 2))\n"
            "    if norm > max_norm:\n"
            "        grad = grad / norm\n")]},
        why="normalised instead of rescaled: a clipped gradient has length 1, whatever max_norm is.",
        source="lesson 'Optimization', Gradient Clipping By Norm (gradient * max_norm / norm)"),
    Mistake(
        tag="clip-scales-up", name="clip-norm-torch-coef-unclamped", held_out=True,
        edits={CLIP: [(_CLIP_NORM,
            "    norm = np.sqrt(np.sum(grad ** 2))\n"
            "    clip_coef = max_norm / (norm + 1e-6)\n"
            "    grad = grad * clip_coef\n")]},
        why="PyTorch's clip_coef copied without its clamp to 1: every gradient is rescaled to max_norm, "
            "small ones scaled up.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/nn/utils/clip_grad.py (clip_coef = max_norm / "
               "(total_norm + 1e-6); clip_coef_clamped = clamp(clip_coef, max=1.0))"),
    Mistake(
        tag="clip-global-square-of-sum", name="clip-global-sum-then-square", held_out=True, novel=True,
        edits={CLIP: [(
            "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n",
            "    total = float(np.sqrt(sum(np.sum(g) ** 2 for g in grads)))\n")]},
        why="the square moved outside the inner sum: the square of each array's sum of entries (which can "
            "cancel to 0) instead of its sum of squares.",
        source="https://arxiv.org/abs/1211.5063 Algorithm 1 (norm of the whole gradient); "
               "torch.nn.utils.clip_grad_norm_ (norm of the norms)"),
    # --- update_ratio -----------------------------------------------------------------------
    Mistake(
        tag="update-ratio-std", name="update-ratio-makemore-std", held_out=True, novel=True,
        edits={CLIP: [(_UPDATE_RATIO,
            "    return float(np.std(update) / np.std(param))\n")]},
        why="makemore's update:data ratio uses standard deviations; the spec's ratio uses L2 norms, and the "
            "two differ as soon as the weights or the update have a mean that is not 0.",
        source="https://github.com/karpathy/nn-zero-to-hero makemore part 3 ((lr * p.grad).std() / p.data.std())"),
    Mistake(
        tag="update-ratio-log10", name="update-ratio-log10-of-ratio", held_out=True, novel=True,
        edits={CLIP: [(_UPDATE_RATIO,
            "    return float(np.log10(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param))))\n")]},
        why="the log10 that makemore plots returned as the ratio: -3 where the spec expects 1e-3.",
        source="https://github.com/karpathy/nn-zero-to-hero makemore part 3 (ud.append(... .log10().item()))"),
    # --- diagnose_loss_curve ----------------------------------------------------------------
    Mistake(
        tag="diagnose-overfitting-by-gap", name="diagnose-val-above-train", held_out=True, novel=True,
        edits={DIAG: [(
            "    # 2. validation loss turned up while the training loss did not\n",
            "    if val is not None and val[-1] > 1.1 * train[-1]:\n"
            "        return \"overfitting\"   # validation loss higher than training loss\n"
            "    # 2. validation loss turned up while the training loss did not\n")]},
        why="a validation loss above the training loss read as overfitting: it usually is (a generalisation "
            "gap), while overfitting is the validation loss turning up as training goes on.",
        source="lesson 'Week 4 Day 3', Loss Curve Patterns (Overfitting: train keeps decreasing, validation "
               "starts increasing) -- a frequent forum confusion with the gap"),
    Mistake(
        tag="diagnose-any-rise-too-high", name="diagnose-any-uptick", held_out=True, novel=True,
        edits={DIAG: [(
            "    # 3. after the first tenth: climbed back up, or wiggles large against both progress and level\n",
            "    if np.any(np.diff(train) > 0):\n"
            "        return \"lr_too_high\"   # the loss went up somewhere\n"
            "    # 3. after the first tenth: climbed back up, or wiggles large against both progress and level\n")]},
        why="any increase between two epochs called 'oscillating': per-epoch losses are noisy, so healthy "
            "and too-slow runs with one small uptick are diagnosed as a too-high rate.",
        source="lesson 'Week 4 Day 3', Debugging Checklist ('Loss oscillating? Learning rate too high')"),
    # --- gradient_anomalies -----------------------------------------------------------------
    Mistake(
        tag="anomalies-z-score", name="anomalies-mean-plus-k-std", held_out=True, novel=True,
        edits={DIAG: [(_ANOMALIES,
            "    flagged = []\n"
            "    for i in range(1, len(norms)):\n"
            "        past = norms[max(0, i - window):i]\n"
            "        if past.std() > 0 and (norms[i] - past.mean()) / past.std() > factor:\n"
            "            flagged.append(i)\n"
            "    return flagged\n")]},
        why="the z-score outlier test of anomaly-detection tutorials with factor as the number of standard "
            "deviations: a different rule from 'factor x the median' (and blind while the history is flat).",
        source="https://en.wikipedia.org/wiki/Standard_score (z-score outlier rule, as in anomaly-detection tutorials)"),
    Mistake(
        tag="anomalies-window-off-by-one", name="anomalies-window-minus-one", held_out=True,
        edits={DIAG: [(_ANOMALIES,
            "    return [i for i in range(1, len(norms))\n"
            "            if norms[i] > factor * np.median(norms[max(0, i - window + 1):i])]\n")]},
        why="the Python habit of '+ 1' on a slice start: window - 1 previous norms, not window.",
        source="the spec's median(grad_norms[max(0, i - window) : i]) -- slice arithmetic off by one"),
    # --- train ------------------------------------------------------------------------------
    Mistake(
        tag="train-schedule-one-step-late", name="train-scheduler-step-after-update", held_out=True, novel=True,
        edits={TRAIN: [(
            "            if schedule is not None:\n"
            "                optimizer.lr = schedule(step)\n"
            "            optimizer.update(net.params, grads)\n"
            "            step += 1\n",
            "            optimizer.update(net.params, grads)\n"
            "            step += 1\n"
            "            if schedule is not None:\n"
            "                optimizer.lr = schedule(step)   # scheduler.step() after optimizer.step()\n")]},
        why="PyTorch's order translated literally: the schedule sets the rate after the update, so the first "
            "update uses the optimizer's initial lr and every later one is one step behind.",
        source="https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate (scheduler.step() after "
               "optimizer.step())"),
    Mistake(
        tag="train-labels-misaligned", name="train-x-and-y-permuted-separately", held_out=True, novel=True,
        edits={TRAIN: [(_SHUFFLE,
            "        X, y = X[rng.permutation(n)], y[rng.permutation(n)]\n"
            "        perm = np.arange(n)\n")]},
        why="X and y shuffled with two different permutations: the labels no longer belong to their inputs, "
            "so the network learns noise.",
        source="https://tutorialreference.com/python/examples/faq/python-numpy-shuffle-two-numpy-arrays-together-in-unison"),
    Mistake(
        tag="train-loss-weighted-by-batch-size", name="train-running-loss-times-batch", held_out=True,
        novel=True,
        edits={TRAIN: [(_LOSSES,
            "            batch_losses.append(float(loss) * len(idx))\n"
            "        epoch_losses.append(float(np.sum(batch_losses) / n))\n")]},
        why="PyTorch tutorials' running_loss += loss.item() * inputs.size(0), divided by the data set size: "
            "a per-sample average, while the spec counts every batch once.",
        source="https://androidkt.com/how-to-calculate-running-loss-using-loss-item-in-pytorch/"),
    Mistake(
        tag="train-no-zero-grad", name="train-accumulates-gradients", held_out=True, novel=True,
        edits={TRAIN: [(
            "            loss, grads = net.backward(X[idx], y[idx])\n",
            "            loss, batch_grads = net.backward(X[idx], y[idx])\n"
            "            batch_grads = [g.copy() for g in batch_grads]\n"
            "            grads = batch_grads if step == 0 else [a + g for a, g in zip(grads, batch_grads)]\n")]},
        why="the gradients summed over all batches so far, as PyTorch does when zero_grad() is forgotten: "
            "every update uses the whole history.",
        source="https://thecodeforge.io/ml-ai/pytorch-training-loop/ (missing zero_grad: gradients accumulate)"),
    Mistake(
        tag="train-loss-full-data-after-epoch", name="train-epoch-loss-from-net-loss", held_out=True,
        novel=True,
        edits={TRAIN: [(_LOSSES,
            "            batch_losses.append(float(loss))\n"
            "        epoch_losses.append(net.loss(X, y))\n")]},
        why="the loss of the whole data set after the epoch, as the lessons' full-batch loops print it, "
            "instead of the mean of the batch losses seen during the epoch.",
        source="lesson 'Week 4 Day 3', Experiment: Learning Rate Comparison (one loss per epoch on the full "
               "X_train)"),
    Mistake(
        tag="train-step-reset-per-epoch", name="train-step-counter-per-epoch", held_out=True, novel=True,
        edits={TRAIN: [(
            "        perm = rng.permutation(n)\n"
            "        batch_losses = []\n",
            "        perm = rng.permutation(n)\n"
            "        batch_losses = []\n"
            "        step = 0\n")]},
        why="the step counter reset at each epoch: a schedule in steps restarts every epoch (a warmup "
            "happens again and again).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html "
               "(steps_per_epoch x epochs: the step counts over the whole run)"),
]
