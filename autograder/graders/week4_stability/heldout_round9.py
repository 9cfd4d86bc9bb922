"""Held-out round 9, week 4 (initializers.py, clipping.py, diagnostics.py, training.py): student code from public
sources, written before grading."""
from autograder.catalogue import Mistake

INIT, CLIP, DIAG, TRAIN = "initializers", "clipping", "diagnostics", "training"

XU_A = "    a = np.sqrt(6.0 / (n_in + n_out))\n"
XN_STD = "    std = np.sqrt(2.0 / (n_in + n_out))\n"
HN_BODY = "    std = np.sqrt(2.0 / n_in)\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
HU_A = "    a = np.sqrt(6.0 / n_in)\n"
CV_BODY = "    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n"
CN_BODY = ("    norm = np.sqrt(np.sum(grad ** 2))\n"
           "    if norm > max_norm:\n"
           "        grad = grad * (max_norm / norm)\n"
           "    return grad\n")
CG_TOTAL = "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
CG_SCALE = ("    scale = max_norm / total if total > max_norm else 1.0\n"
            "    return [g * scale for g in grads], total\n")
UR_BODY = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
DG_DIVERGE = "    if end > 2 * start or last > 3 * start or (last > 4 * lowest and last - lowest > 10 * noise):\n"
DG_TAIL = "        return \"plateau\"\n    return \"lr_too_low\"\n"
AN_BODY = ("    return [i for i in range(1, len(norms))\n"
           "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
TR_EPOCH = "    for _ in range(epochs):\n        perm = rng.permutation(n)\n"
TR_PERM = "        perm = rng.permutation(n)\n"
TR_BATCH = ("            loss, grads = net.backward(X[idx], y[idx])\n"
            "            if clip_norm is not None:\n"
            "                grads, _ = clip_by_global_norm(grads, clip_norm)\n"
            "            if schedule is not None:\n"
            "                optimizer.lr = schedule(step)\n"
            "            optimizer.update(net.params, grads)\n")
TR_STEP = "            optimizer.update(net.params, grads)\n            step += 1\n"
TR_EPOCH_LOSS = "        epoch_losses.append(float(np.mean(batch_losses)))\n"

ROUND_9 = [
    # ---- initializers -------------------------------------------------------------------------------------
    Mistake(
        tag="init-fan-mean", name="xavier-uniform-six-over-fan-avg",
        edits={INIT: [(XU_A, "    a = np.sqrt(6.0 / ((n_in + n_out) / 2))  # fan_avg\n")]},
        why="Keras' fan_avg = (n_in + n_out) / 2 plugged into the 6 / fan bound: the bound is sqrt(2) too "
            "large and the variance doubles (contract: a = sqrt(6 / (n_in + n_out)); with fan_avg the Glorot "
            "bound is sqrt(3 / fan_avg)).",
        source="https://keras.io/api/layers/initializers/#variancescaling-class (fan_avg; limit = "
               "sqrt(3 * scale / n))",
        held_out=True),
    Mistake(
        tag="init-missing-parentheses", name="xavier-uniform-six-over-n-in-plus-n-out",
        edits={INIT: [(XU_A, "    a = np.sqrt(6.0 / n_in + n_out)\n")]},
        why="the parentheses around the fans forgotten: 6 / n_in + n_out, so the bound grows with n_out (about "
            "sqrt(n_out), e.g. 16 for a 256-unit layer) instead of sqrt(6 / (n_in + n_out)) (contract).",
        source="lesson 'Week 3: Gradient-Based Optimization' § 3.7 Xavier/Glorot Initialization",
        held_out=True),
    Mistake(
        tag="init-wrong-constant", also=("init-missing-factor-2",), name="xavier-normal-one-over-fan-sum",
        edits={INIT: [(XN_STD, "    std = np.sqrt(1.0 / (n_in + n_out))\n")]},
        why="Glorot's 'variance 1 / fan_avg' remembered as 1 / (n_in + n_out): the 2 of 2 / (n_in + n_out) is "
            "lost and the variance is half of the contract's (std = sqrt(2 / (n_in + n_out))).",
        source="https://proceedings.mlr.press/v9/glorot10a.html (eq. 12: Var(W) = 2 / (n_j + n_{j+1}))",
        held_out=True),
    Mistake(
        tag="init-missing-factor-2", name="he-normal-lecun-std",
        edits={INIT: [(HN_BODY, "    std = np.sqrt(1.0 / n_in)  # scale by the fan-in\n"
                                "    return rng.normal(0.0, std, size=(n_in, n_out))\n")]},
        why="LeCun's 1 / n_in written for He: without the factor 2 that makes up for ReLU halving the second "
            "moment, signals shrink by sqrt(2) per layer (contract: std = sqrt(2 / n_in)).",
        source="lesson 'Week 3: Gradient-Based Optimization' § 3.7 He Initialization; "
               "https://arxiv.org/abs/1502.01852",
        held_out=True),
    Mistake(
        tag="init-wrong-dtype", name="he-normal-astype-float32",
        edits={INIT: [(HN_BODY, "    std = np.sqrt(2.0 / n_in)\n"
                                "    return rng.normal(0.0, std, size=(n_in, n_out)).astype(np.float32)  # as torch\n")]},
        why="the weights cast to float32 'like PyTorch's default dtype': the contract's arrays are float64, and "
            "the weights are rounded to 7 digits.",
        source="https://pytorch.org/docs/stable/generated/torch.get_default_dtype.html (float32 by default)",
        held_out=True),
    Mistake(
        tag="init-xavier-he-swapped", name="he-uniform-glorot-bound",
        edits={INIT: [(HU_A, "    a = np.sqrt(6.0 / (n_in + n_out))\n")]},
        why="the Xavier bound copied from the function above into He uniform: both fans instead of only the "
            "fan-in, so the variance is n_in / (n_in + n_out) of He's 2 / n_in (contract: a = sqrt(6 / n_in)).",
        source="lesson 'Week 3: Gradient-Based Optimization' § 3.7 Implementation (# Xavier / # He (Kaiming))",
        held_out=True),
    # ---- clipping -----------------------------------------------------------------------------------------
    Mistake(
        tag="clip-value-one-sided", name="clip-value-np-minimum",
        edits={CLIP: [(CV_BODY, "    return np.minimum(np.asarray(grad, dtype=np.float64), max_val)  # cap large entries\n")]},
        why="only the upper bound: np.minimum caps large positive entries while large negative ones pass "
            "unchanged (contract: clip every entry to [-max_val, max_val]).",
        source="lesson 'Optimization' § Gradient Clipping / By Value (np.clip(gradient, -max_val, max_val))",
        held_out=True),
    Mistake(
        tag="clip-norm-returns-norm", name="clip-norm-returns-grad-and-norm",
        edits={CLIP: [(CN_BODY, "    norm = np.sqrt(np.sum(grad ** 2))\n"
                                "    if norm > max_norm:\n"
                                "        grad = grad * (max_norm / norm)\n"
                                "    return grad, norm  # like clip_grad_norm_, report the norm too\n")]},
        why="clip_by_norm made to return (grad, norm), as torch's clip_grad_norm_ and the course's "
            "clip_by_global_norm return the norm: the contract's clip_by_norm returns the clipped array only, so "
            "every caller gets a tuple.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (returns the total "
               "norm)",
        novel=True, held_out=True),
    Mistake(
        tag="clip-norm-by-value", name="clip-norm-np-clip-entries",
        edits={CLIP: [(CN_BODY, "    return np.clip(grad, -max_norm, max_norm)\n")]},
        why="clipping by norm implemented as clipping each entry to [-max_norm, max_norm] (the value rule): the "
            "direction changes and a gradient whose entries are all small but whose norm is large is not "
            "clipped at all (contract: grad * max_norm / norm when norm > max_norm).",
        source="lesson 'Optimization' § Gradient Clipping (By Value vs By Norm)",
        novel=True, held_out=True),
    Mistake(
        tag="clip-per-array", name="clip-global-clips-each-array",
        edits={CLIP: [(CG_SCALE, "    return [clip_by_norm(g, max_norm) for g in grads], total  # clip every gradient\n")]},
        why="each array clipped by its own norm: arrays whose norms are below max_norm are not scaled although "
            "the global norm is too large, and the direction of the whole update changes (contract: one scale "
            "for all arrays, from the norm of all of them together).",
        source="https://keras.io/api/optimizers/ (clipnorm clips each variable's gradient; global_clipnorm is the "
               "global one)",
        held_out=True),
    Mistake(
        tag="clip-global-max-norm", name="clip-global-largest-array-norm-r9",
        edits={CLIP: [(CG_TOTAL, "    total = float(max(np.sqrt(np.sum(g ** 2)) for g in grads))\n")]},
        why="the 'global' norm taken as the largest of the arrays' norms: it is below the norm of all the "
            "arrays together, so clipping starts too late and the returned norm is too small (contract: "
            "total = sqrt(sum over arrays of sum(g**2))).",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (the norm is "
               "computed over all gradients together, as if concatenated into a single vector)",
        held_out=True),
    Mistake(
        tag="update-ratio-inverted", name="update-ratio-param-over-update",
        edits={CLIP: [(UR_BODY, "    return float(np.linalg.norm(np.ravel(param)) / np.linalg.norm(np.ravel(update)))\n")]},
        why="the ratio upside down: weights over update, about 1000 for a healthy step where the contract's "
            "norm(update) / norm(param) is about 1e-3.",
        source="https://cs231n.github.io/neural-networks-3/#ratio (ratio of the update magnitudes to the value "
               "magnitudes)",
        held_out=True),
    Mistake(
        tag="update-ratio-difference", name="update-ratio-norm-of-update-minus-param",
        edits={CLIP: [(UR_BODY, "    return float(np.linalg.norm(np.ravel(update - param)) / np.linalg.norm(np.ravel(param)))\n")]},
        why="'update' read as the updated weights, so the change is computed as update - param: the ratio is "
            "about 1 for any small update (contract: update is the change itself, e.g. -lr * grad).",
        source="https://cs231n.github.io/neural-networks-3/#ratio (update = -learning_rate * dW)",
        held_out=True),
    # ---- diagnostics --------------------------------------------------------------------------------------
    Mistake(
        tag="diagnose-plateau-too-low-swapped", name="diagnose-stalled-called-too-low",
        edits={DIAG: [(DG_TAIL, "        return \"lr_too_low\"\n    return \"plateau\"\n")]},
        why="the two labels of a small decrease exchanged: a run that stalled is reported as 'lr_too_low' and a "
            "slow steady fall as 'plateau' (contract: 'lr_too_low' is a slow steady fall, 'plateau' is stuck "
            "early at a high value).",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive' § Diagnosing Training Problems / Loss Curve Patterns",
        novel=True, held_out=True),
    Mistake(
        tag="diagnose-rise-called-diverging", name="diagnose-end-above-start-diverging",
        edits={DIAG: [(DG_DIVERGE, "    if end > start or last > 3 * start or (last > 4 * lowest and last - lowest > 10 * noise):\n")]},
        why="any run that ends above its start is called 'diverging': a finite loss that fell and then climbed "
            "back up somewhat is the contract's 'lr_too_high' (oscillating / rising); 'diverging' is exploding "
            "or non-finite.",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive' § Loss Curve Patterns ('Learning rate too high: "
               "Loss oscillates wildly or increases')",
        novel=True, held_out=True),
    Mistake(
        tag="anomalies-negative-index", name="anomalies-slice-from-i-minus-window",
        edits={DIAG: [(AN_BODY, "    return [i for i in range(1, len(norms))\n"
                                "            if norms[i] > factor * np.median(norms[i - window:i])]\n")]},
        why="the window's start written as i - window without max(0, ...): for i < window it is negative, the "
            "slice counts from the END of the array -- on a run longer than the window it is empty (median nan, "
            "never flagged), so spikes in the first window steps are missed (contract: median of norms[max(0, i - window):i]).",
        source="https://docs.python.org/3/library/stdtypes.html#common-sequence-operations (negative indices "
               "count from the end)",
        held_out=True),
    Mistake(
        tag="anomalies-all-previous", name="anomalies-median-of-norms-so-far",
        edits={DIAG: [(AN_BODY, "    return [i for i in range(1, len(norms))\n"
                                "            if norms[i] > factor * np.median(norms[:i])]\n")]},
        why="the history taken as every earlier norm: the window argument is ignored, so after a drift of the "
            "norms the median lags far behind (contract: the median of at most `window` previous norms).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.median.html",
        held_out=True),
    Mistake(
        tag="anomalies-full-window-only", name="anomalies-range-from-window",
        edits={DIAG: [(AN_BODY, "    return [i for i in range(window, len(norms))\n"
                                "            if norms[i] > factor * np.median(norms[i - window:i])]\n")]},
        why="the loop starts once a full window of history exists: steps 1 .. window - 1 are never checked, so "
            "an attack in the first steps goes unflagged (contract: 'steps 1 .. window - 1 are compared with "
            "the shorter history they have').",
        source="https://pandas.pydata.org/docs/reference/api/pandas.Series.rolling.html (min_periods defaults to "
               "the window size)",
        held_out=True),
    # ---- training -----------------------------------------------------------------------------------------
    Mistake(
        tag="train-no-shuffle", name="train-perm-arange",
        edits={TRAIN: [(TR_PERM, "        perm = np.arange(n)  # the data set is already shuffled\n")]},
        why="the per-epoch shuffle left out: every epoch sees the same batches in storage order (often sorted "
            "by class), and the generator is never used (contract/docstring: perm = rng.permutation(N), one call "
            "per epoch).",
        source="https://pytorch.org/docs/stable/data.html#torch.utils.data.DataLoader (shuffle=False by default)",
        held_out=True),
    Mistake(
        tag="train-shuffles-once", name="train-permutation-before-epochs",
        edits={TRAIN: [(TR_EPOCH, "    perm = rng.permutation(n)\n    for _ in range(epochs):\n")]},
        why="one permutation drawn before the epoch loop: every epoch repeats the same batches in the same "
            "order (docstring: rng.permutation(N) once per epoch).",
        source="https://keras.io/api/models/model_training_apis/#fit-method (shuffle: shuffle the training data "
               "before each epoch)",
        held_out=True),
    Mistake(
        tag="train-clips-after-update", name="train-clip-after-optimizer-step",
        edits={TRAIN: [(TR_BATCH, "            loss, grads = net.backward(X[idx], y[idx])\n"
                                  "            if schedule is not None:\n"
                                  "                optimizer.lr = schedule(step)\n"
                                  "            optimizer.update(net.params, grads)\n"
                                  "            if clip_norm is not None:\n"
                                  "                grads, _ = clip_by_global_norm(grads, clip_norm)  # keep them bounded\n")]},
        why="the clipping placed after the update: the step has already used the unclipped gradients, so "
            "clipping has no effect at all (docstring: clip between backward and update, as "
            "clip_grad_norm_ between loss.backward() and optimizer.step()).",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html; "
               "lesson 'Week 3: Gradient-Based Optimization' § 3.8 Implementation",
        held_out=True),
    Mistake(
        tag="train-loss-last-batch", name="train-epoch-loss-is-last-loss",
        edits={TRAIN: [(TR_EPOCH_LOSS, "        epoch_losses.append(float(loss))  # the loss at the end of the epoch\n")]},
        why="the last batch's loss recorded as the epoch's: one (possibly small) batch, far noisier than the "
            "mean of the batch losses the contract returns.",
        source="https://pytorch.org/tutorials/beginner/basics/optimization_tutorial.html (the loop prints the "
               "current batch's loss.item())",
        held_out=True),
    Mistake(
        tag="train-schedule-step-not-incremented", name="train-step-counter-never-advanced",
        edits={TRAIN: [(TR_STEP, "            optimizer.update(net.params, grads)\n")]},
        why="the step counter is set to 0 and never incremented: the schedule is always asked for step 0 "
            "(a warmup stays at 0, a decay never decays); the docstring's step counts updates over the run.",
        source="https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate (scheduler.step() must be "
               "called to advance the schedule)",
        held_out=True),
]
