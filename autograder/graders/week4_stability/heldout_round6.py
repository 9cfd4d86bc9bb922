"""Held-out round 6, week 4 (initializers, clipping, diagnostics, training): student code written from public
sources, before grading."""
from autograder.catalogue import Mistake

INIT, CLIP, DIAG, TRAIN = "initializers", "clipping", "diagnostics", "training"

_XAVIER_U = "    a = np.sqrt(6.0 / (n_in + n_out))\n    return rng.uniform(-a, a, size=(n_in, n_out))\n"
_XAVIER_N = "    std = np.sqrt(2.0 / (n_in + n_out))\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
_HE_N = "    std = np.sqrt(2.0 / n_in)\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
_HE_U = "    a = np.sqrt(6.0 / n_in)\n    return rng.uniform(-a, a, size=(n_in, n_out))\n"
_CLIP_NORM = ("    grad = np.array(grad, dtype=np.float64)  # a copy\n"
              "    norm = np.sqrt(np.sum(grad ** 2))\n"
              "    if norm > max_norm:\n"
              "        grad = grad * (max_norm / norm)\n")
_ANOMALIES = ("    return [i for i in range(1, len(norms))\n"
              "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
_CLIP_IN_TRAIN = ("            loss, grads = net.backward(X[idx], y[idx])\n"
                  "            if clip_norm is not None:\n"
                  "                grads, _ = clip_by_global_norm(grads, clip_norm)\n")

ROUND_6 = [
    # --- initializers ----------------------------------------------------------------------------------
    Mistake(
        tag="init-global-rng", name="xavier-uniform-fresh-default-rng", held_out=True,
        edits={INIT: [(_XAVIER_U,
                       "    a = np.sqrt(6.0 / (n_in + n_out))\n"
                       "    return np.random.default_rng().uniform(-a, a, size=(n_in, n_out))\n")]},
        why="NumPy's recommended 'rng = np.random.default_rng()' typed inside the function: a fresh, unseeded "
            "generator at every call, so the weights are not reproducible from the rng argument (which is ignored).",
        source="https://numpy.org/doc/stable/reference/random/generator.html (rng = np.random.default_rng() as the "
               "quick start)"),
    Mistake(
        tag="init-transposed-shape", name="xavier-uniform-torch-weight-shape", held_out=True,
        edits={INIT: [(_XAVIER_U,
                       "    a = np.sqrt(6.0 / (n_in + n_out))\n"
                       "    return rng.uniform(-a, a, size=(n_out, n_in))   # like nn.Linear.weight\n")]},
        why="PyTorch's nn.Linear stores its weight as (out_features, in_features); the course's x @ W network needs "
            "(n_in, n_out).",
        source="https://pytorch.org/docs/stable/generated/torch.nn.Linear.html (weight of shape (out_features, "
               "in_features))"),
    Mistake(
        tag="init-normal-arguments-swapped", name="xavier-normal-std-as-loc", held_out=True,
        edits={INIT: [(_XAVIER_N,
                       "    std = np.sqrt(2.0 / (n_in + n_out))\n"
                       "    return rng.normal(std, size=(n_in, n_out))\n")]},
        why="The first positional argument of Generator.normal is loc, not scale: the weights have mean std and "
            "standard deviation 1.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.normal.html "
               "(normal(loc=0.0, scale=1.0, size=None))"),
    Mistake(
        tag="init-truncated", name="he-normal-redraws-beyond-two-std", held_out=True,
        edits={INIT: [(_HE_N,
                       "    std = np.sqrt(2.0 / n_in)\n"
                       "    w = rng.normal(0.0, std, size=(n_in, n_out))\n"
                       "    out = np.abs(w) > 2 * std            # truncated normal, as Keras' HeNormal\n"
                       "    while out.any():\n"
                       "        w[out] = rng.normal(0.0, std, size=int(out.sum()))\n"
                       "        out = np.abs(w) > 2 * std\n"
                       "    return w\n")]},
        why="Keras' HeNormal draws from a normal truncated at 2 std; the student redraws the outliers but keeps "
            "std = sqrt(2 / n_in), so the variance is about 0.77 of He's (Keras divides by .8796 to correct it).",
        source="https://keras.io/api/layers/initializers/#henormal-class ('a truncated normal distribution centered "
               "on 0 with stddev = sqrt(2 / fan_in)')"),
    Mistake(
        tag="init-uniform-missing-sqrt3", name="he-uniform-bound-from-he-normal-std", held_out=True,
        edits={INIT: [("    a = np.sqrt(6.0 / n_in)\n",
                       "    a = np.sqrt(2.0 / n_in)\n")]},
        why="He normal's standard deviation sqrt(2 / n_in) used as the uniform bound: U(-a, a) has variance "
            "a**2 / 3, three times too small.",
        source="https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.kaiming_uniform_ (bound = gain * "
               "sqrt(3 / fan_mode))"),
    Mistake(
        tag="init-not-centred", name="he-uniform-rng-random-times-bound", held_out=True,
        edits={INIT: [(_HE_U,
                       "    a = np.sqrt(6.0 / n_in)\n"
                       "    return a * rng.random((n_in, n_out))\n")]},
        why="rng.random draws from [0, 1): a * random is U(0, a), every weight positive -- not U(-a, a).",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.random.html "
               "('Return random floats in the half-open interval [0.0, 1.0)')"),
    # --- clipping --------------------------------------------------------------------------------------
    Mistake(
        tag="clip-value-rescales", name="clip-value-scales-largest-entry-to-max", novel=True, held_out=True,
        edits={CLIP: [("    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n",
                       "    grad = np.asarray(grad, dtype=np.float64)\n"
                       "    largest = np.max(np.abs(grad))\n"
                       "    if largest > max_val:                 # keep the direction: scale, do not cut\n"
                       "        return grad * (max_val / largest)\n"
                       "    return grad.copy()\n")]},
        why="Clipping by value 'improved' to keep the gradient's direction: the whole array is scaled so that its "
            "largest entry becomes max_val (clipping by the infinity norm). Clip-by-value cuts only the entries "
            "beyond max_val and leaves the others alone.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_value_.html (clamps each "
               "entry) vs clip_grad_norm_(norm_type=inf)"),
    Mistake(
        tag="clip-mutates-input", name="clip-norm-asarray-then-imul", held_out=True,
        edits={CLIP: [(_CLIP_NORM,
                       "    grad = np.asarray(grad, dtype=np.float64)\n"
                       "    norm = np.sqrt(np.sum(grad ** 2))\n"
                       "    if norm > max_norm:\n"
                       "        grad *= max_norm / norm\n")]},
        why="np.asarray does not copy a float64 array, and *= scales it in place: the caller's gradient is clipped "
            "too (what torch's clip_grad_norm_ does on purpose, and the spec forbids).",
        source="lesson 'Optimization', section 'Gradient Clipping / By Norm' (gradient = gradient * max_norm / norm) "
               "with the torch habit of in-place clipping"),
    Mistake(
        tag="clip-norm-per-row", name="clip-norm-per-column", held_out=True,
        edits={CLIP: [(_CLIP_NORM,
                       "    grad = np.array(grad, dtype=np.float64)  # a copy\n"
                       "    norm = np.sqrt(np.sum(grad ** 2, axis=0, keepdims=True))\n"
                       "    grad = np.where(norm > max_norm, grad * max_norm / norm, grad)\n")]},
        why="axis=0 gives one norm per column (per output unit, like a max-norm constraint on each unit's weights): "
            "each column is clipped on its own, not the whole array by one norm.",
        source="https://keras.io/api/layers/constraints/#maxnorm-class (MaxNorm(axis=0): the norm of each unit's "
               "incoming weights)"),
    Mistake(
        tag="clip-returns-clipped-norm", name="clip-global-norm-measured-after-scaling", held_out=True,
        edits={CLIP: [("    return [g * scale for g in grads], total\n",
                       "    clipped = [g * scale for g in grads]\n"
                       "    return clipped, float(np.sqrt(sum(np.sum(c ** 2) for c in clipped)))\n")]},
        why="The norm returned is measured after clipping, so it is never above max_norm: the log shows no "
            "explosion even when the raw gradients exploded (tf.clip_by_global_norm and torch return the norm "
            "before clipping).",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_global_norm (returns the global norm of "
               "the ORIGINAL tensors)"),
    Mistake(
        tag="clip-scales-up", name="clip-global-scale-without-condition", held_out=True,
        edits={CLIP: [("    scale = max_norm / total if total > max_norm else 1.0\n",
                       "    scale = max_norm / total\n")]},
        why="The condition dropped: every set of gradients is rescaled to norm max_norm, small ones scaled UP.",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_global_norm (t * clip_norm / "
               "max(global_norm, clip_norm): no change when the norm is already small)"),
    # --- update_ratio ----------------------------------------------------------------------------------
    Mistake(
        tag="update-ratio-elementwise", name="update-ratio-norm-of-elementwise-ratio", held_out=True,
        edits={CLIP: [("    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n",
                       "    return float(np.linalg.norm(np.ravel(update / param)))\n")]},
        why="The ratio taken entry by entry and then the norm of those ratios: entries of param near 0 dominate "
            "(and a 0 divides by zero); the spec divides the two norms.",
        source="https://cs231n.github.io/neural-networks-3/#ratio (update_scale / param_scale, two norms)"),
    Mistake(
        tag="update-ratio-other-statistic", name="update-ratio-of-largest-entries", held_out=True,
        edits={CLIP: [("    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n",
                       "    return float(np.max(np.abs(update)) / np.max(np.abs(param)))\n")]},
        why="The magnitudes measured by the largest entry instead of the L2 norm: a different statistic, "
            "driven by one outlier.",
        source="https://cs231n.github.io/neural-networks-3/#ratio (param_scale = np.linalg.norm(W.ravel()))"),
    # --- diagnose_loss_curve ---------------------------------------------------------------------------
    Mistake(
        tag="diagnosis-missed-diverging", name="diagnose-isnan-misses-inf", held_out=True,
        edits={DIAG: [("    if not np.all(np.isfinite(train)) or (val is not None and not np.all(np.isfinite(val))):\n",
                       "    if np.any(np.isnan(train)) or (val is not None and np.any(np.isnan(val))):\n")]},
        why="np.isnan is False for inf: an overflowed loss (inf) is not reported as diverging, and the inf then "
            "turns the smoothed curve into nan so the later rules fall through.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.isnan.html (isnan(inf) is False; "
               "isfinite covers both)"),
    Mistake(
        tag="diagnosis-missed-diverging", name="diagnose-explosion-called-lr-too-high", held_out=True,
        edits={DIAG: [("        return \"diverging\"\n\n    # 2. validation",
                       "        return \"lr_too_high\"\n\n    # 2. validation")]},
        why="The lesson's 'learning rate too high: loss oscillates wildly or increases' read as covering "
            "explosions too: an exploding curve is labelled lr_too_high, never diverging.",
        source="lesson 'Optimization Deep Dive', section 'Diagnosing Training Problems / Loss Curve Patterns'"),
    Mistake(
        tag="diagnosis-missed-overfitting", name="diagnose-val-smoothed-from-train", held_out=True,
        edits={DIAG: [("        v, v_noise = smooth(val)\n",
                       "        v, v_noise = smooth(train)\n")]},
        why="A copy-paste slip: the validation curve is smoothed from the training losses, so the overfitting "
            "rule looks at the training curve and never sees the validation loss turn up.",
        source="lesson 'Optimization Deep Dive', section 'Loss Curve Patterns / Overfitting' (train keeps "
               "decreasing, validation starts increasing)"),
    # --- gradient_anomalies ----------------------------------------------------------------------------
    Mistake(
        tag="anomalies-vs-previous-step", name="anomalies-jump-from-previous-norm", novel=True, held_out=True,
        edits={DIAG: [(_ANOMALIES,
                       "    return [i for i in range(1, len(norms)) if norms[i] > factor * norms[i - 1]]\n")]},
        why="A spike judged against the previous step's norm instead of the median of the window: one small "
            "norm before an ordinary one raises a flag, and a spike right after another spike is missed.",
        source="lesson 'Optimization Deep Dive', section 'Detecting Optimization Attacks' ('Validate gradient "
               "magnitudes'), implemented as a check of step-to-step jumps"),
    Mistake(
        tag="anomalies-index-off-by-one", name="anomalies-enumerate-from-second", held_out=True,
        edits={DIAG: [(_ANOMALIES,
                       "    return [i for i, x in enumerate(norms[1:])\n"
                       "            if x > factor * np.median(norms[max(0, i + 1 - window):i + 1])]\n")]},
        why="enumerate over norms[1:] counts from 0: the test is right but every index reported is one too small.",
        source="https://docs.python.org/3/library/functions.html#enumerate (the start argument left at 0)"),
    # --- train -----------------------------------------------------------------------------------------
    Mistake(
        tag="train-clips-per-array", name="train-clip-by-norm-each-array", held_out=True,
        edits={TRAIN: [("from clipping import clip_by_global_norm\n",
                        "from clipping import clip_by_global_norm, clip_by_norm\n"),
                       (_CLIP_IN_TRAIN,
                        "            loss, grads = net.backward(X[idx], y[idx])\n"
                        "            if clip_norm is not None:\n"
                        "                grads = [clip_by_norm(g, clip_norm) for g in grads]\n")]},
        why="Keras' clipnorm (each variable's gradient clipped on its own) instead of the global norm: the "
            "arrays are scaled by different factors, which changes the update's direction.",
        source="lesson 'Gradient-Based Optimization for Deep Learning', section 3.8 'Gradient Clipping' (tf.keras.optimizers.Adam(clipnorm=1.0)); "
               "https://keras.io/api/optimizers/ (clipnorm vs global_clipnorm)"),
    Mistake(
        tag="train-schedule-step-from-one", name="train-schedule-of-step-plus-one", novel=True, held_out=True,
        edits={TRAIN: [("                optimizer.lr = schedule(step)\n            optimizer.update(net.params, grads)\n",
                        "                optimizer.lr = schedule(step + 1)   # this is update number step + 1\n"
                        "            optimizer.update(net.params, grads)\n")]},
        why="Updates counted from 1 when the schedule is asked: every update uses the next step's rate, so a "
            "warmup starting at 0 never trains at 0 and the schedule ends one step early.",
        source="https://huggingface.co/docs/transformers/main_classes/optimizer_schedules (lr_lambda(current_step), "
               "current_step counted from 0)"),
    Mistake(
        tag="train-clipping-discarded", name="train-clip-result-not-assigned", novel=True, held_out=True,
        edits={TRAIN: [(_CLIP_IN_TRAIN,
                        "            loss, grads = net.backward(X[idx], y[idx])\n"
                        "            if clip_norm is not None:\n"
                        "                clip_by_global_norm(grads, clip_norm)\n")]},
        why="PyTorch's clip_grad_norm_ clips in place, so it is called as a statement; the course's "
            "clip_by_global_norm returns the clipped copies, and without the assignment the clipping has no "
            "effect.",
        source="lesson 'Gradient-Based Optimization for Deep Learning', section 3.8 'Gradient Clipping' (torch.nn.utils.clip_grad_norm_(model.parameters(), "
               "max_norm=1.0) as a statement); https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html"),
]
