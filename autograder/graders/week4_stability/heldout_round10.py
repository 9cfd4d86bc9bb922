"""Held-out round 10, week 4 (initializers.py, clipping.py, diagnostics.py, training.py): student code from
public sources, written before grading."""
from autograder.catalogue import Mistake

I, C, D, T = "initializers", "clipping", "diagnostics", "training"

XU_A = "    a = np.sqrt(6.0 / (n_in + n_out))\n"
XU_DRAW = XU_A + "    return rng.uniform(-a, a, size=(n_in, n_out))\n"
XN_DRAW = "    std = np.sqrt(2.0 / (n_in + n_out))\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
HU_A = "    a = np.sqrt(6.0 / n_in)\n"
CV = "    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n"
CN_NORM = "    norm = np.sqrt(np.sum(grad ** 2))\n"
CN_SCALE = "        grad = grad * (max_norm / norm)\n"
CG_RETURN = "    return [g * scale for g in grads], total\n"
UR = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
DG_OVERFIT = "            return \"overfitting\"\n"
DG_FINITE = ("    if not np.all(np.isfinite(train)) or (val is not None and not np.all(np.isfinite(val))):\n")
DG_VAL = "    val = None if val_losses is None else np.asarray(val_losses, dtype=np.float64)\n"
GA = ("    return [i for i in range(1, len(norms))\n"
      "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
TR_BACKWARD = "            loss, grads = net.backward(X[idx], y[idx])\n"
TR_CLIP = ("            loss, grads = net.backward(X[idx], y[idx])\n"
           "            if clip_norm is not None:\n"
           "                grads, _ = clip_by_global_norm(grads, clip_norm)\n")
TR_CLIP_HEAD = ("            loss, grads = net.backward(X[idx], y[idx])\n"
                "            if clip_norm is not None:\n")
TR_SCHED = ("                optimizer.lr = schedule(step)\n"
            "            optimizer.update(net.params, grads)\n")
TR_UPDATE = ("            optimizer.update(net.params, grads)\n"
             "            step += 1\n")
TR_SCHED_BLOCK = ("            if schedule is not None:\n"
                  "                optimizer.lr = schedule(step)\n"
                  "            optimizer.update(net.params, grads)\n"
                  "            step += 1\n")
TR_RANGE = "        for start in range(0, n, batch_size):\n"
TR_EPOCH_LOSS = "        epoch_losses.append(float(np.mean(batch_losses)))\n"

ROUND_10 = [
    # ---- initializers -------------------------------------------------------------------------------------
    Mistake(
        tag="init-xavier-he-swapped", name="xavier-uniform-he-bound",
        edits={I: [(XU_A, "    a = np.sqrt(6.0 / n_in)\n")]},
        why="the He bound sqrt(6 / n_in) used for Xavier/Glorot uniform (the two formulas sit next to each other "
            "in every table): the contract's Xavier bound is sqrt(6 / (n_in + n_out)).",
        source="https://pytorch.org/docs/stable/nn.init.html (xavier_uniform_ vs kaiming_uniform_)",
        held_out=True),
    Mistake(
        tag="init-wrong-distribution", name="xavier-normal-drawn-uniform-with-std",
        edits={I: [(XN_DRAW, "    std = np.sqrt(2.0 / (n_in + n_out))\n"
                             "    return rng.uniform(-std, std, size=(n_in, n_out))\n")]},
        why="the normal variant written with rng.uniform(-std, std): a uniform draw on [-std, std] has standard "
            "deviation std / sqrt(3), and it is not the contract's N(0, std^2) with std = sqrt(2 / (n_in + n_out)).",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.normal.html",
        held_out=True),
    Mistake(
        tag="init-not-centred", name="xavier-uniform-from-zero",
        edits={I: [(XU_DRAW, XU_A + "    return rng.uniform(0.0, a, size=(n_in, n_out))\n")]},
        why="the lower bound written as 0 ('U(0, a)'), so every weight is positive and the mean is a/2; the "
            "contract's Xavier uniform is U(-a, a), centred at 0.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.uniform.html",
        held_out=True),
    Mistake(
        tag="init-fan-mean", name="he-uniform-fan-average",
        edits={I: [(HU_A, "    a = np.sqrt(6.0 / ((n_in + n_out) / 2))  # fan_avg, as in variance_scaling\n")]},
        why="Keras' VarianceScaling(mode='fan_avg') carried into He: the bound uses the mean of the fans, "
            "sqrt(6 / ((n_in + n_out)/2)), where the contract's He uniform bound is sqrt(6 / n_in).",
        source="https://keras.io/api/layers/initializers/#variancescaling-class",
        held_out=True),
    # ---- clipping -----------------------------------------------------------------------------------------
    Mistake(
        tag="clip-value-one-sided", name="clip-value-lower-bound-zero",
        edits={C: [(CV, "    return np.clip(np.asarray(grad, dtype=np.float64), 0, max_val)\n")]},
        why="the interval written as [0, max_val]: every negative gradient entry becomes 0; the contract clips "
            "elementwise to [-max_val, max_val].",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_value_.html ([-clip_value, clip_value])",
        held_out=True),
    Mistake(
        tag="clip-norm-torch-epsilon", name="clip-norm-divides-by-norm-plus-1e-6",
        edits={C: [(CN_SCALE, "        grad = grad * (max_norm / (norm + 1e-6))  # as in clip_grad_norm_\n")]},
        why="PyTorch's clip_grad_norm_ coefficient max_norm / (total_norm + 1e-6) copied: the clipped norm is "
            "slightly below max_norm, not the contract's grad * max_norm / norm. doubtful: the difference is "
            "about 1e-6 relative and a tolerance may accept it.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/nn/utils/clip_grad.py (clip_coef = max_norm / "
               "(total_norm + 1e-6))",
        novel=True, held_out=True),
    Mistake(
        tag="clip-norm-max-abs", name="clip-norm-infinity-norm",
        edits={C: [(CN_NORM, "    norm = np.max(np.abs(grad))  # size of the largest entry\n")]},
        why="the 'norm' measured as the largest absolute entry (the infinity norm, torch's norm_type=inf): "
            "gradients are clipped by a different rule than the contract's Euclidean norm sqrt(sum(grad**2)).",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (norm_type, inf)",
        novel=True, held_out=True),
    Mistake(
        tag="clip-mutates-input", name="clip-global-scales-arrays-in-place",
        edits={C: [(CG_RETURN, "    for g in grads:\n"
                               "        g *= scale  # in place, like clip_grad_norm_\n"
                               "    return grads, total\n")]},
        why="the arrays are scaled in place as PyTorch's clip_grad_norm_ does to p.grad: np.asarray does not copy "
            "float64 arrays, so the caller's gradients change; the contract's functions never modify their inputs "
            "and return the clipped list.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (modified in-place)",
        held_out=True),
    # ---- update_ratio -------------------------------------------------------------------------------------
    Mistake(
        tag="update-ratio-update-squared", name="update-ratio-sum-of-squares-ratio",
        edits={C: [(UR, "    return float(np.sum(update ** 2) / np.sum(param ** 2))\n")]},
        why="the ratio of squared norms (sum of squares over sum of squares), the square of the contract's "
            "norm(update) / norm(param): 1e-3 becomes 1e-6.",
        source="https://cs231n.github.io/neural-networks-3/#ratio (ratio of update norm to parameter norm)",
        also=("update-ratio-param-squared",), held_out=True),
    Mistake(
        tag="update-ratio-other-statistic", name="update-ratio-l1-norms",
        edits={C: [(UR, "    return float(np.sum(np.abs(update)) / np.sum(np.abs(param)))\n")]},
        why="the sizes measured with sums of absolute values (L1 norms): a different statistic from the "
            "contract's Euclidean norm(update) / norm(param).",
        source="https://cs231n.github.io/neural-networks-3/#ratio",
        held_out=True),
    # ---- diagnose_loss_curve ------------------------------------------------------------------------------
    Mistake(
        tag="diagnose-label-misspelt", name="diagnose-returns-overfit",
        edits={D: [(DG_OVERFIT, "            return \"overfit\"\n")]},
        why="the label written as 'overfit': the contract's diagnoses are exactly 'healthy', 'lr_too_high', "
            "'lr_too_low', 'diverging', 'plateau', 'overfitting'.",
        source="https://www.tensorflow.org/tutorials/keras/overfit_and_underfit",
        held_out=True),
    Mistake(
        tag="diagnosis-missed-diverging", name="diagnose-nan-check-train-only",
        edits={D: [(DG_FINITE, "    if not np.all(np.isfinite(train)):\n")]},
        why="only the training curve is checked for nan / inf: a run whose validation loss blew up is judged by "
            "the other rules; the contract's 'diverging' covers a non-finite loss in either curve.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.isfinite.html",
        held_out=True),
    Mistake(
        tag="diagnose-val-none-as-array", name="diagnose-asarray-of-none",
        edits={D: [(DG_VAL, "    val = np.asarray(val_losses, dtype=np.float64)\n")]},
        why="both inputs converted with np.asarray without the None test: np.asarray(None, float64) is a 0-d nan, "
            "so a call with only the training curve crashes (len() of a 0-d array) where the contract's "
            "val_losses=None is the default.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.asarray.html",
        novel=True, held_out=True),
    # ---- gradient_anomalies -------------------------------------------------------------------------------
    Mistake(
        tag="anomalies-returns-norms", name="anomalies-returns-flagged-values",
        edits={D: [(GA, "    return [norms[i] for i in range(1, len(norms))\n"
                        "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")]},
        why="the flagged gradient norms are returned instead of their step indices: the contract's "
            "gradient_anomalies returns the indices of the suspicious steps.",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive' § Security Considerations / Detecting Optimization Attacks",
        novel=True, held_out=True),
    Mistake(
        tag="anomalies-additive-threshold", name="anomalies-median-plus-factor",
        edits={D: [(GA, "    return [i for i in range(1, len(norms))\n"
                        "            if norms[i] > factor + np.median(norms[max(0, i - window):i])]\n")]},
        why="'exceeds the median by factor' read as an additive margin: median + 10 flags nothing on small norms "
            "and everything on large ones; the contract's test is norm > factor * median.",
        source="lesson 'Week 4 Day 3: Optimization Deep Dive' § Security Considerations / Detecting Optimization Attacks",
        novel=True, held_out=True),
    # ---- train --------------------------------------------------------------------------------------------
    Mistake(
        tag="train-schedule-step-from-one", name="train-step-incremented-before-schedule",
        edits={T: [(TR_SCHED_BLOCK, "            step += 1\n"
                                    "            if schedule is not None:\n"
                                    "                optimizer.lr = schedule(step)\n"
                                    "            optimizer.update(net.params, grads)\n")]},
        why="the step counter advanced at the top of the batch loop ('this is update number step'): the first "
            "update uses schedule(1), every update the next step's rate; the contract's first update uses schedule(0).",
        source="https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate (where the schedule is stepped matters)",
        held_out=True),
    Mistake(
        tag="train-wrong-loss-count", name="train-epoch-loss-over-full-batches",
        edits={T: [(TR_EPOCH_LOSS, "        epoch_losses.append(float(sum(batch_losses) / (n // batch_size)))\n")]},
        why="the sum of batch losses divided by n // batch_size, the number of full batches: with a smaller last "
            "batch there is one more loss than the divisor counts; the contract's epoch loss is the mean of the "
            "batch losses (every batch counts once).",
        source="https://docs.python.org/3/library/stdtypes.html#numeric-types-int-float-complex (// floors)",
        held_out=True),
    Mistake(
        tag="train-drops-last-batch", name="train-range-stop-n-minus-batch-plus-one",
        edits={T: [(TR_RANGE, "        for start in range(0, n - batch_size + 1, batch_size):  # full batches only\n")]},
        why="only full batches are visited (stop n - batch_size + 1): the smaller last batch of each epoch is "
            "dropped, where the contract keeps it.",
        source="https://pytorch.org/docs/stable/data.html (drop_last=False is the default)",
        held_out=True),
    Mistake(
        tag="train-clips-by-value", name="train-np-clip-with-clip-norm",
        edits={T: [(TR_CLIP, TR_CLIP_HEAD + "                grads = [np.clip(g, -clip_norm, clip_norm) for g in grads]\n")]},
        why="clip_norm used as an elementwise bound (np.clip each gradient to [-clip_norm, clip_norm]): that is "
            "value clipping; the contract's train clips by global norm, clip_by_global_norm(grads, clip_norm).",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_value",
        held_out=True),
    Mistake(
        tag="train-batch-rows", name="train-consecutive-rows-not-permuted",
        edits={T: [(TR_BACKWARD, "            loss, grads = net.backward(X[start:start + batch_size], y[start:start + batch_size])\n")]},
        why="the permutation is computed but the batch is sliced from X and y directly: every epoch sees the same "
            "consecutive rows in the same order; the contract's batch is idx = perm[i : i + batch_size].",
        source="https://pytorch.org/docs/stable/data.html (shuffle=True reorders indices each epoch)",
        held_out=True),
    Mistake(
        tag="train-ignores-clip-norm", name="train-clip-to-one",
        edits={T: [(TR_CLIP, TR_CLIP_HEAD + "                grads, _ = clip_by_global_norm(grads, 1.0)  # usual max_norm\n")]},
        why="the usual max_norm = 1.0 typed in instead of the clip_norm argument: any other clip_norm is ignored "
            "(contract: clip_by_global_norm(grads, clip_norm)).",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html",
        held_out=True),
    Mistake(
        tag="train-schedule-as-factor", name="train-lr-multiplied-by-schedule",
        edits={T: [(TR_SCHED, "                optimizer.lr = optimizer.lr * schedule(step)\n"
                              "            optimizer.update(net.params, grads)\n")]},
        why="the schedule's value treated as a multiplier of the current rate (as LambdaLR's lambda or "
            "MultiplicativeLR): the rate compounds step after step; the contract sets optimizer.lr = schedule(step).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.MultiplicativeLR.html",
        held_out=True),
]
