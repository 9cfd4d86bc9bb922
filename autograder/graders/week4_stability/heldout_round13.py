"""Held-out round 13, week 4 (initializers.py, clipping.py, diagnostics.py, training.py): student code from public
sources, written before grading."""
from autograder.catalogue import Mistake

I, C, D, T = "initializers", "clipping", "diagnostics", "training"

XU_A = "    a = np.sqrt(6.0 / (n_in + n_out))\n"
XN_STD = "    std = np.sqrt(2.0 / (n_in + n_out))\n"
HN_STD = "    std = np.sqrt(2.0 / n_in)\n"
XU_DRAW = "    return rng.uniform(-a, a, size=(n_in, n_out))\n"
HN_DRAW = "    std = np.sqrt(2.0 / n_in)\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
HU_A = "    a = np.sqrt(6.0 / n_in)\n"
CV = "    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n"
CN_NORM = "    norm = np.sqrt(np.sum(grad ** 2))\n"
CN_IF = "    if norm > max_norm:\n"
CG_TOTAL = "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
CG_SCALE = "    scale = max_norm / total if total > max_norm else 1.0\n"
CG_RET = "    return [g * scale for g in grads], total\n"
UR = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
D_NONFINITE = ("    if not np.all(np.isfinite(train)) or (val is not None and not np.all(np.isfinite(val))):\n"
               "        return \"diverging\"\n")
D_VAL = "    val = None if val_losses is None else np.asarray(val_losses, dtype=np.float64)\n"
GA = ("    return [i for i in range(1, len(norms))\n"
      "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
TR_LOSS = "            loss, grads = net.backward(X[idx], y[idx])\n"
TR_STEP = "            optimizer.update(net.params, grads)\n            step += 1\n"
TR_RANGE = "        for start in range(0, n, batch_size):\n"

ROUND_13 = [
    # ---- initializers ---------------------------------------------------------------------------------------
    Mistake(
        tag="init-wrong-gain", also=("init-extra-gain",), name="xavier-uniform-times-relu-gain",
        edits={I: [(XU_A, "    a = np.sqrt(2.0) * np.sqrt(6.0 / (n_in + n_out))\n")]},
        why="the student multiplies the Glorot bound by the ReLU gain sqrt(2) (torch.nn.init.calculate_gain"
            "('relu')) though Xavier has gain 1 here. Contract: a = sqrt(6 / (n_in + n_out)).",
        source="https://pytorch.org/docs/stable/nn.init.html (xavier_uniform_, gain)",
        held_out=True),
    Mistake(
        tag="init-fans-multiplied", name="xavier-normal-two-over-fan-product",
        edits={I: [(XN_STD, "    std = np.sqrt(2.0 / (n_in * n_out))\n")]},
        why="the student multiplies the fans instead of adding them (fan_in * fan_out is the number of weights). "
            "Contract: std = sqrt(2 / (n_in + n_out)).",
        source="http://proceedings.mlr.press/v9/glorot10a/glorot10a.pdf (eq. 12)",
        held_out=True),
    Mistake(
        tag="init-sqrt-misplaced", name="xavier-normal-two-over-root-of-fans",
        edits={I: [(XN_STD, "    std = 2.0 / np.sqrt(n_in + n_out)\n")]},
        why="the student takes the square root of the denominator only. Contract: std = sqrt(2 / (n_in + n_out)).",
        source="http://proceedings.mlr.press/v9/glorot10a/glorot10a.pdf",
        held_out=True),
    Mistake(
        tag="init-wrong-dtype", name="xavier-uniform-astype-float32",
        edits={I: [(XU_A + XU_DRAW, XU_A + "    return rng.uniform(-a, a, size=(n_in, n_out)).astype(np.float32)\n")]},
        why="the student casts the weights to float32, the dtype of PyTorch/TF weights. Contract: arrays are "
            "NumPy float64.",
        source="https://pytorch.org/docs/stable/tensors.html (default dtype float32)",
        held_out=True),
    Mistake(
        tag="init-sqrt-misplaced", name="he-normal-root-two-over-fan-in",
        edits={I: [(HN_STD, "    std = np.sqrt(2.0) / n_in\n")]},
        why="the student writes sqrt(2)/n_in, taking the root of the numerator only: far too small weights. "
            "Contract: std = sqrt(2 / n_in).",
        source="https://arxiv.org/abs/1502.01852 (eq. 10)",
        held_out=True),
    Mistake(
        tag="init-extra-gain", also=("init-wrong-gain",), name="he-uniform-bound-times-root-two",
        edits={I: [(HU_A, "    a = np.sqrt(2.0) * np.sqrt(6.0 / n_in)\n")]},
        why="the student applies the ReLU gain sqrt(2) on top of a bound that already contains it (6 = 2 * 3). "
            "Contract: a = sqrt(6 / n_in).",
        source="https://pytorch.org/docs/stable/nn.init.html (kaiming_uniform_)",
        held_out=True),
    # ---- clipping -------------------------------------------------------------------------------------------
    Mistake(
        tag="clip-value-bounds-swapped", name="clip-value-keyword-bounds-swapped",
        edits={C: [(CV, "    return np.clip(np.asarray(grad, dtype=np.float64), a_min=max_val, a_max=-max_val)\n")]},
        why="the student passes the bounds the wrong way round (max first); np.clip does not complain when "
            "a_min > a_max and returns a constant array. Contract: clip to [-max_val, max_val].",
        source="https://numpy.org/doc/stable/reference/generated/numpy.clip.html (a_min > a_max)",
        held_out=True),
    Mistake(
        tag="clip-scales-up", name="clip-norm-condition-below-max",
        edits={C: [(CN_IF, "    if norm < max_norm:\n")]},
        why="the student writes the condition the wrong way round: small gradients are stretched up to max_norm "
            "and large ones pass unclipped. Contract: rescale only when norm > max_norm.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html",
        held_out=True),
    Mistake(
        tag="clip-global-returns-scale", novel=True, name="clip-global-returns-clip-coefficient",
        edits={C: [(CG_RET, "    return [g * scale for g in grads], scale\n")]},
        why="the student returns the clipping coefficient (the clip_coef of PyTorch's code) as the second value "
            "instead of the total norm before clipping. Contract: (clipped_list, total_norm).",
        source="https://github.com/pytorch/pytorch/blob/main/torch/nn/utils/clip_grad.py (clip_coef, total_norm)",
        held_out=True),
    Mistake(
        tag="clip-norm-per-row", name="clip-norm-row-norms-keepdims",
        edits={C: [(CN_NORM, "    norm = np.linalg.norm(grad, axis=-1, keepdims=True)\n")]},
        why="the student takes the norm along the last axis (one per row, as for per-example clipping); for a "
            "matrix the 'norm > max_norm' test is ambiguous and raises. Contract: one norm of the whole array.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.norm.html (axis)",
        held_out=True),
    Mistake(
        tag="update-ratio-squared", name="update-ratio-mean-square-ratio",
        edits={C: [(UR, "    return float(np.mean(np.square(update)) / np.mean(np.square(param)))\n")]},
        why="the student compares mean squares (energies) instead of norms: the ratio is squared (1e-3 becomes "
            "1e-6). Contract: norm(update) / norm(param).",
        source="https://cs231n.github.io/neural-networks-3/#ratio (ratio of norms ~1e-3)",
        held_out=True),
    Mistake(
        tag="diagnose-label-misspelt", also=("diagnose-label-not-in-contract",), name="diagnose-returns-diverged",
        edits={D: [(D_NONFINITE, D_NONFINITE.replace('"diverging"', '"diverged"'))]},
        why="the student writes the past tense 'diverged' for a curve with nan/inf. Contract labels: one of "
            "healthy, lr_too_high, lr_too_low, diverging, plateau, overfitting.",
        source="seeds/ lesson on monitoring loss curves",
        held_out=True),
    Mistake(
        tag="diagnose-val-truthiness", novel=True, name="diagnose-if-val-losses-truth-test",
        edits={D: [(D_VAL, "    val = np.asarray(val_losses, dtype=np.float64) if val_losses else None\n")]},
        why="the student tests 'if val_losses' for 'was it given': a NumPy array of losses raises 'truth value "
            "of an array is ambiguous', and an empty list is treated as None. Contract: val_losses=None means "
            "no validation curve. doubtful: only if the grader passes arrays.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.ndarray.__bool__.html",
        held_out=True),
    # ---- gradient_anomalies ---------------------------------------------------------------------------------
    Mistake(
        tag="anomalies-window-skips-previous", name="anomalies-window-lagged-by-one",
        edits={D: [(GA, "    return [i for i in range(1, len(norms))\n"
                        "            if norms[i] > factor * np.median(norms[max(0, i - window - 1):i - 1])]\n")]},
        why="the student lags the window by one more step (i - window - 1 to i - 1), leaving out the step just "
            "before i (and step 1 gets an empty window). Contract: median of the previous window norms.",
        source="https://numpy.org/doc/stable/user/basics.indexing.html (slicing)",
        held_out=True),
    Mistake(
        tag="anomalies-window-edges", name="anomalies-first-check-at-step-two",
        edits={D: [(GA, GA.replace("range(1, len(norms))", "range(2, len(norms))"))]},
        why="the student wants 'at least two previous values for a median' and starts at step 2: a spike at "
            "step 1 is never flagged. Contract: every step with previous norms is checked.",
        source="seeds/ lesson on optimisation as an attack surface",
        held_out=True),
    # ---- train ----------------------------------------------------------------------------------------------
    Mistake(
        tag="train-labels-misaligned", name="train-labels-from-unpermuted-slice",
        edits={T: [(TR_LOSS, "            loss, grads = net.backward(X[idx], y[start:start + batch_size])\n")]},
        why="the student shuffles the inputs through idx but slices the labels by position, so batch labels do "
            "not belong to batch inputs. Contract: mini-batch training on (X[idx], y[idx]).",
        source="https://stackoverflow.com/questions/4601373 (shuffle two arrays in unison)",
        held_out=True),
    Mistake(
        tag="train-step-counts-samples", novel=True, name="train-step-advanced-by-batch-size",
        edits={T: [(TR_STEP, "            optimizer.update(net.params, grads)\n            step += batch_size\n")]},
        why="the student counts samples seen instead of optimizer steps, so schedule(step) runs batch_size times "
            "too fast. Contract: schedule(step) -> lr with step the number of updates made.",
        source="https://pytorch.org/docs/stable/optim.html (scheduler.step() once per batch)",
        held_out=True),
    Mistake(
        tag="train-drops-last-batch", name="train-range-stop-n-minus-batch",
        edits={T: [(TR_RANGE, "        for start in range(0, n - batch_size, batch_size):\n")]},
        why="the student stops the range at n - batch_size to avoid a short batch; this drops the last partial "
            "batch and, when batch_size divides n, a full batch too. Contract: every sample used each epoch.",
        source="https://docs.python.org/3/library/stdtypes.html#range",
        held_out=True),
]
