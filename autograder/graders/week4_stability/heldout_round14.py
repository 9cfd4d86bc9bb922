"""Held-out round 14, week4_stability (initializers.py, clipping.py, diagnostics.py, training.py): student code from
public sources, written before grading."""
from autograder.catalogue import Mistake

I, C, D, T = "initializers", "clipping", "diagnostics", "training"

XU = "    a = np.sqrt(6.0 / (n_in + n_out))\n    return rng.uniform(-a, a, size=(n_in, n_out))\n"
XN = "    std = np.sqrt(2.0 / (n_in + n_out))\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
HN = "    std = np.sqrt(2.0 / n_in)\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
HU = "    a = np.sqrt(6.0 / n_in)\n    return rng.uniform(-a, a, size=(n_in, n_out))\n"
CV = "    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n"
CN = ("    grad = np.array(grad, dtype=np.float64)  # a copy\n"
      "    norm = np.sqrt(np.sum(grad ** 2))\n"
      "    if norm > max_norm:\n"
      "        grad = grad * (max_norm / norm)\n"
      "    return grad\n")
CG = ("    grads = [np.asarray(g, dtype=np.float64) for g in grads]\n"
      "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
      "    scale = max_norm / total if total > max_norm else 1.0\n"
      "    return [g * scale for g in grads], total\n")
UR = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
AN = ("    norms = np.asarray(grad_norms, dtype=np.float64)\n"
      "    return [i for i in range(1, len(norms))\n"
      "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
D_VAL = "    val = None if val_losses is None else np.asarray(val_losses, dtype=np.float64)\n"
D_DIV = ("    if end > 2 * start or last > 3 * start or (last > 4 * lowest and last - lowest > 10 * noise):\n"
         "        return \"diverging\"\n")
TR = ("    n = len(X)\n"
      "    step = 0\n"
      "    epoch_losses = []\n"
      "    for _ in range(epochs):\n"
      "        perm = rng.permutation(n)\n"
      "        batch_losses = []\n"
      "        for start in range(0, n, batch_size):\n"
      "            idx = perm[start:start + batch_size]\n"
      "            loss, grads = net.backward(X[idx], y[idx])\n"
      "            if clip_norm is not None:\n"
      "                grads, _ = clip_by_global_norm(grads, clip_norm)\n"
      "            if schedule is not None:\n"
      "                optimizer.lr = schedule(step)\n"
      "            optimizer.update(net.params, grads)\n"
      "            step += 1\n"
      "            batch_losses.append(float(loss))\n"
      "        epoch_losses.append(float(np.mean(batch_losses)))\n"
      "    return epoch_losses\n")
# a student's own (correct) loop; each training case changes one thing in it
LOOP = ("    n_samples = X.shape[0]\n"
        "    global_step = 0\n"
        "    history = []\n"
        "    for epoch in range(epochs):\n"
        "        order = rng.permutation(n_samples)\n"
        "        losses = []\n"
        "        for i in range(0, n_samples, batch_size):\n"
        "            batch = order[i:i + batch_size]\n"
        "            loss, grads = net.backward(X[batch], y[batch])\n"
        "            if clip_norm is not None:\n"
        "                grads, _ = clip_by_global_norm(grads, clip_norm)\n"
        "            if schedule is not None:\n"
        "                optimizer.lr = schedule(global_step)\n"
        "            optimizer.update(net.params, grads)\n"
        "            global_step += 1\n"
        "            losses.append(float(loss))\n"
        "        history.append(float(np.mean(losses)))\n"
        "    return history\n")


def loop(old, new):
    """LOOP with one piece changed (the piece must be there exactly once)."""
    assert LOOP.count(old) == 1, old
    return LOOP.replace(old, new)


CS231N_INIT = "https://cs231n.github.io/neural-networks-2/#init"
DLAI_INIT = ("https://github.com/amanchadha/coursera-deep-learning-specialization/blob/master/"
             "C2%20-%20Improving%20Deep%20Neural%20Networks/Week%201/Initialization/Initialization.ipynb")
TORCH_CLIP = "https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html"

ROUND_14 = [
    # ---------------------------------------------------------------- initializers
    Mistake(
        tag="init-missing-parentheses",
        name="xavier-uniform-limit-six-over-fan-in-plus-fan-out",
        edits={I: [(XU, "    limit = np.sqrt(6 / n_in + n_out)\n"
                        "    return rng.uniform(low=-limit, high=limit, size=(n_in, n_out))\n")]},
        why="Writes sqrt(6 / n_in + n_out): without parentheses it divides 6 by n_in only and adds n_out, a huge "
            "bound instead of sqrt(6 / (n_in + n_out)).",
        source="https://keras.io/api/layers/initializers/#glorotuniform-class (limit = sqrt(6 / (fan_in + fan_out)))",
        held_out=True),
    Mistake(
        tag="init-transposed-shape",
        name="xavier-uniform-torch-weight-layout",
        edits={I: [(XU, "    bound = np.sqrt(6.0 / (n_in + n_out))\n"
                        "    W = rng.uniform(-bound, bound, (n_out, n_in))\n"
                        "    return W\n")]},
        why="Returns the weight in PyTorch nn.Linear's (out, in) layout; the contract's matrices are (n_in, n_out), so "
            "the shape is wrong whenever n_in != n_out.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.Linear.html (weight of shape (out_features, in_features))",
        held_out=True),
    Mistake(
        tag="init-variance-as-std",
        name="xavier-normal-scale-is-variance",
        edits={I: [(XN, "    var = 2 / (n_in + n_out)\n"
                        "    return rng.normal(loc=0.0, scale=var, size=(n_in, n_out))\n")]},
        why="Passes the variance 2/(n_in+n_out) as NumPy's scale, which is the standard deviation; the spread is the "
            "square of what it should be (far too small).",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.normal.html",
        held_out=True),
    Mistake(
        tag="init-xavier-as-lecun",
        name="xavier-normal-sqrt-one-over-fan-in",
        edits={I: [(XN, "    W = rng.standard_normal((n_in, n_out)) * np.sqrt(1.0 / n_in)\n"
                        "    return W\n")]},
        why="Uses the 'Xavier' of the deeplearning.ai assignments, std = sqrt(1/n_in) (LeCun's rule), instead of "
            "Glorot's sqrt(2/(n_in+n_out)); equal only when n_in == n_out.",
        source=DLAI_INIT, held_out=True, novel=True),
    Mistake(
        tag="init-global-rng",
        name="he-normal-global-numpy-randn",
        edits={I: [(HN, "    std = np.sqrt(2.0 / n_in)\n"
                        "    W = np.random.randn(n_in, n_out) * std\n"
                        "    return W\n")]},
        why="Draws from NumPy's global generator (cs231n's w = np.random.randn(n) * sqrt(2.0/n)) and ignores rng, so "
            "results do not follow the generator's state.",
        source=CS231N_INIT, held_out=True),
    Mistake(
        tag="init-uniform-missing-sqrt3",
        name="he-uniform-bound-sqrt-two-over-fan-in",
        edits={I: [(HU, "    limit = np.sqrt(2.0 / n_in)\n"
                        "    return rng.uniform(-limit, limit, size=(n_in, n_out))\n")]},
        why="Uses the He normal std sqrt(2/n_in) as the uniform bound; a U(-a, a) has std a/sqrt(3), so the bound "
            "must be sqrt(6/n_in) and the weights are sqrt(3) too small.",
        source="https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.kaiming_uniform_",
        held_out=True),
    # ---------------------------------------------------------------- clip_by_value
    Mistake(
        tag="clip-value-one-sided",
        name="clip-by-value-where-upper-only",
        edits={C: [(CV, "    grad = np.asarray(grad, dtype=np.float64)\n"
                        "    return np.where(grad > max_val, max_val, grad)\n")]},
        why="Caps only the large positive entries; large negative gradients pass unclipped.",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_value ; lesson 003 'Gradient Clipping / By Value'",
        held_out=True),
    Mistake(
        tag="clip-mutates-input",
        name="clip-by-value-np-clip-out-grad",
        edits={C: [(CV, "    np.clip(grad, -max_val, max_val, out=grad)\n"
                        "    return grad\n")]},
        why="Clips with np.clip(..., out=grad) to save memory, writing into the caller's array and modifying the input gradient in place (the "
            "contract returns a new array and modifies no argument).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.clip.html (out= writes in place)",
        held_out=True),
    # ---------------------------------------------------------------- clip_by_norm
    Mistake(
        tag="clip-scales-up",
        name="clip-by-norm-always-rescales",
        edits={C: [(CN, "    g = np.asarray(grad, dtype=np.float64)\n"
                        "    return g * max_norm / np.linalg.norm(g)\n")]},
        why="Rescales every gradient to norm max_norm, also the short ones, which it should leave unchanged.",
        source="https://www.tensorflow.org/api_docs/python/tf/clip_by_norm (only if the norm exceeds clip_norm)",
        held_out=True),
    Mistake(
        tag="clip-norm-matrix-2-norm",
        name="clip-by-norm-linalg-ord-2",
        edits={C: [(CN, "    grad = np.array(grad, dtype=np.float64)\n"
                        "    norm = np.linalg.norm(grad, 2)\n"
                        "    if norm > max_norm:\n"
                        "        grad *= max_norm / norm\n"
                        "    return grad\n")]},
        why="Writes np.linalg.norm(grad, 2), which for a 2-D gradient is the spectral norm (largest singular value), "
            "not the L2 norm over all entries; same as the contract for 1-D gradients only.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.norm.html (ord=2 for matrices)",
        held_out=True),
    # ---------------------------------------------------------------- clip_by_global_norm
    Mistake(
        tag="clip-per-array",
        name="clip-global-each-array-own-scale",
        edits={C: [(CG, "    clipped = []\n"
                        "    total = 0.0\n"
                        "    for g in grads:\n"
                        "        g = np.asarray(g, dtype=np.float64)\n"
                        "        n = np.linalg.norm(g)\n"
                        "        total += n ** 2\n"
                        "        clipped.append(g * max_norm / n if n > max_norm else g.copy())\n"
                        "    return clipped, float(np.sqrt(total))\n")]},
        why="Clips each array by its own norm (one scale per array) instead of one common scale from the global "
            "norm; the direction of the whole update changes.",
        source="https://github.com/clab/dynet/issues/1374 ; https://github.com/carpedm20/MemN2N-tensorflow/issues/19",
        held_out=True),
    Mistake(
        tag="clip-global-norm-sum-of-norms",
        name="clip-global-total-adds-norms",
        edits={C: [(CG, "    grads = [np.asarray(g, dtype=np.float64) for g in grads]\n"
                        "    total = float(sum(np.linalg.norm(g) for g in grads))\n"
                        "    scale = min(1.0, max_norm / total) if total > 0 else 1.0\n"
                        "    return [g * scale for g in grads], total\n")]},
        why="Adds the arrays' norms instead of taking the root of the sum of their squares; the global norm is too "
            "large, so clipping fires too often and too hard.",
        source="https://github.com/pytorch/pytorch/pull/133406 (norm of the per-array norms, not their sum)",
        held_out=True),
    Mistake(
        tag="clip-global-returns-iterator",
        name="clip-global-map-object",
        edits={C: [(CG, "    total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))\n"
                        "    scale = max_norm / total if total > max_norm else 1.0\n"
                        "    clipped = map(lambda g: np.asarray(g, dtype=np.float64) * scale, grads)\n"
                        "    return clipped, total\n")]},
        why="Returns a lazy map object instead of a list of arrays: it has no len or indexing and is empty after one "
            "pass, so a caller that indexes it or iterates twice breaks. doubtful: a caller that wraps it in list() "
            "at once sees the right values.",
        source="https://docs.python.org/3/whatsnew/3.0.html#views-and-iterators-instead-of-lists (map returns an iterator)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- update_ratio
    Mistake(
        tag="update-ratio-mean-abs",
        name="update-ratio-mean-absolute-values",
        edits={C: [(UR, "    return float(np.abs(update).mean() / np.abs(param).mean())\n")]},
        why="Compares mean absolute values instead of L2 norms; a different number whenever the entries' magnitudes "
            "are spread differently in update and param.",
        source="https://cs231n.github.io/neural-networks-3/#ratio",
        held_out=True),
    Mistake(
        tag="update-ratio-percent",
        name="update-ratio-as-percentage",
        edits={C: [(UR, "    ratio = np.linalg.norm(update) / np.linalg.norm(param)\n"
                        "    return float(100 * ratio)\n")]},
        why="Reports the ratio in percent (the lessons say 'about 1 % of the weight magnitude'), 100 times the "
            "norm(update)/norm(param) the contract asks for.",
        source="lesson 001 'Monitoring Training'; https://cs231n.github.io/neural-networks-3/#ratio",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- gradient_anomalies
    Mistake(
        tag="anomalies-negative-index",
        name="anomalies-loop-slice-i-minus-window",
        edits={D: [(AN, "    flagged = []\n"
                        "    for i in range(1, len(grad_norms)):\n"
                        "        past = np.asarray(grad_norms[i - window:i], dtype=np.float64)\n"
                        "        if len(past) and grad_norms[i] > factor * np.median(past):\n"
                        "            flagged.append(i)\n"
                        "    return flagged\n")]},
        why="Slices [i - window : i] without max(0, ...): for i < window the start is negative and wraps to the end "
            "of the list, so the early steps are compared with the wrong history or with none.",
        source="https://stackoverflow.com/questions/509211/how-slicing-in-python-works (negative indices count from the end)",
        held_out=True),
    Mistake(
        tag="anomalies-includes-current",
        name="anomalies-history-appended-before-test",
        edits={D: [(AN, "    flagged = []\n"
                        "    history = []\n"
                        "    for i, g in enumerate(grad_norms):\n"
                        "        history.append(float(g))\n"
                        "        recent = history[-window:]\n"
                        "        if i > 0 and g > factor * np.median(recent):\n"
                        "            flagged.append(i)\n"
                        "    return flagged\n")]},
        why="Appends the current norm to the history before comparing, so the median includes the spike itself (and "
            "one fewer previous step); with a short history a spike can hide itself.",
        source="https://github.com/pytorch/pytorch/issues/1032 (logging total_norm to monitor spikes)",
        held_out=True),
    Mistake(
        tag="anomalies-flags-nonfinite",
        name="anomalies-nan-counted-as-spike",
        edits={D: [(AN, "    norms = np.asarray(grad_norms, dtype=np.float64)\n"
                        "    out = []\n"
                        "    for i in range(1, len(norms)):\n"
                        "        ref = np.median(norms[max(0, i - window):i])\n"
                        "        if not np.isfinite(norms[i]) or norms[i] > factor * ref:\n"
                        "            out.append(i)\n"
                        "    return out\n")]},
        why="Also flags nan norms; the contract says a nan norm is never flagged by this comparison (it is checked "
            "separately with np.isfinite). Differs only on series containing nan.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_norm_.html (error_if_nonfinite)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- diagnose_loss_curve
    Mistake(
        tag="diagnose-val-none-as-array",
        name="diagnose-val-array-without-none-check",
        edits={D: [(D_VAL, "    val = np.array(val_losses, dtype=float)\n")]},
        why="Converts val_losses without checking for None: np.array(None, dtype=float) is a 0-d nan array, so the "
            "len() check raises TypeError on every call without validation losses.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.array.html",
        held_out=True),
    Mistake(
        tag="diagnosis-missed-diverging",
        name="diagnose-diverging-only-when-huge",
        edits={D: [(D_DIV, "    if last > 100 * start:\n        return \"diverging\"\n")]},
        why="Calls a curve diverging only when it is non-finite or a hundred times its start; a loss that ends 3-50x "
            "above where it started (e.g. 1 -> 50, a clear explosion) is named something else. doubtful: for "
            "curves ending only 2-4x above the start, 'rising' (lr_too_high) is also a fair reading.",
        source="lesson 000 'Diagnosing Training Problems' (explodes, becomes inf or NaN)",
        held_out=True),
    # ---------------------------------------------------------------- train
    Mistake(
        tag="train-clipping-discarded",
        name="train-clip-called-like-torch-inplace",
        edits={T: [(TR, loop("                grads, _ = clip_by_global_norm(grads, clip_norm)\n",
                             "                clip_by_global_norm(grads, clip_norm)\n"))]},
        why="Calls clip_by_global_norm as if it clipped in place (like torch's clip_grad_norm_) and drops its return "
            "value, so the optimizer gets the unclipped gradients.",
        source=TORCH_CLIP, held_out=True),
    Mistake(
        tag="train-loss-weighted-by-batch-size",
        name="train-running-loss-times-batch-len",
        edits={T: [(TR, loop("        losses = []\n", "        running = 0.0\n")
                    .replace("            losses.append(float(loss))\n",
                             "            running += float(loss) * len(batch)\n")
                    .replace("        history.append(float(np.mean(losses)))\n",
                             "        history.append(running / n_samples)\n"))]},
        why="Weights each batch loss by its size (the PyTorch tutorial's running_loss += loss * inputs.size(0)); the "
            "contract averages the batch losses with every batch counting once, which differs when the last batch "
            "is smaller.",
        source="https://pytorch.org/tutorials/beginner/transfer_learning_tutorial.html",
        held_out=True),
    Mistake(
        tag="train-schedule-per-epoch",
        name="train-lr-from-epoch-counter",
        edits={T: [(TR, loop("                optimizer.lr = schedule(global_step)\n",
                             "                optimizer.lr = schedule(epoch)\n"))]},
        why="Feeds the epoch number to a schedule that takes the optimizer step, so the rate changes once per epoch "
            "and far too slowly.",
        source="https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate (scheduler.step() per epoch)",
        held_out=True),
    Mistake(
        tag="train-ignores-schedule",
        name="train-sets-keras-learning-rate-attribute",
        edits={T: [(TR, loop("                optimizer.lr = schedule(global_step)\n",
                             "                optimizer.learning_rate = schedule(global_step)\n"))]},
        why="Assigns the scheduled rate to optimizer.learning_rate (Keras' name); the course optimizers read lr, so "
            "the schedule has no effect on training.",
        source="https://keras.io/api/optimizers/ (optimizer.learning_rate)",
        held_out=True),
    Mistake(
        tag="train-step-reset-per-epoch",
        name="train-step-from-batch-enumerate",
        edits={T: [(TR, loop("        for i in range(0, n_samples, batch_size):\n",
                             "        for global_step, i in enumerate(range(0, n_samples, batch_size)):\n"))]},
        why="Takes the step from enumerate over the epoch's batches, so it restarts at 0 every epoch and a warmup "
            "or decay schedule repeats each epoch.",
        source="https://discuss.pytorch.org/t/how-to-use-onecyclelr/ (per-iteration vs per-epoch step counting)",
        held_out=True),
]
