"""Held-out round 15, week4_stability (initializers.py, clipping.py, diagnostics.py, training.py): student code from
public sources, written before grading."""
from autograder.catalogue import Mistake

INIT, CLIP, DIAG, TRAIN = "initializers", "clipping", "diagnostics", "training"

XU_A = "    a = np.sqrt(6.0 / (n_in + n_out))\n"
XN_STD = "    std = np.sqrt(2.0 / (n_in + n_out))\n"
HN_STD = "    std = np.sqrt(2.0 / n_in)\n"
HN_BODY = "    std = np.sqrt(2.0 / n_in)\n    return rng.normal(0.0, std, size=(n_in, n_out))\n"
HU_BODY = "    a = np.sqrt(6.0 / n_in)\n    return rng.uniform(-a, a, size=(n_in, n_out))\n"
CV_RET = "    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n"
CN_NORM = "    norm = np.sqrt(np.sum(grad ** 2))\n"
CN_IF = "    if norm > max_norm:\n        grad = grad * (max_norm / norm)\n"
CG_TOTAL = "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
CG_SCALE = "    scale = max_norm / total if total > max_norm else 1.0\n"
CG_RET = "    return [g * scale for g in grads], total\n"
UR_RET = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
GA_RET = ("    return [i for i in range(1, len(norms))\n"
          "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n")
DG_VAL = "    val = None if val_losses is None else np.asarray(val_losses, dtype=np.float64)\n"
DG_OVER = ("        if rise > 0.1 * v[m] and rise > 4 * v_noise and end - s[m] <= max(0.02 * s[m], 4 * noise):\n"
           "            return \"overfitting\"\n")
DG_K = "    k = len(s) // 10\n"
TR_PERM = "        perm = rng.permutation(n)\n"
TR_IDX = "            idx = perm[start:start + batch_size]\n"
TR_CLIP = ("            loss, grads = net.backward(X[idx], y[idx])\n            if clip_norm is not None:\n"
           "                grads, _ = clip_by_global_norm(grads, clip_norm)\n")
TR_SCHED = ("            if schedule is not None:\n                optimizer.lr = schedule(step)\n"
            "            optimizer.update(net.params, grads)\n            step += 1\n")
TR_UPDATE = "            optimizer.update(net.params, grads)\n"

ROUND_15 = [
    # ---------------- initializers ----------------
    Mistake(
        tag="init-uniform-missing-sqrt3",
        name="xavier-uniform-limit-from-normal-std",
        edits={INIT: [(XU_A, "    limit = (2.0 / (n_in + n_out)) ** 0.5\n    a = limit\n")]},
        why="Uses the Xavier-normal standard deviation sqrt(2/(n_in+n_out)) as the uniform bound: U(-a, a) has "
            "variance a**2/3, so the weights' variance is 3x too small (the bound lacks sqrt(3)).",
        source="seeds/001 Lesson 8, 'Initialization' (Weights ~ Normal(0, sqrt(2/(n_in + n_out)))); "
               "https://stats.stackexchange.com/questions/309231/xavier-initialization-formula-clarification",
        held_out=True, novel=False),
    Mistake(
        tag="init-variance-as-std",
        name="xavier-normal-var-w-passed-as-scale",
        edits={INIT: [(XN_STD, "    var_w = 2.0 / (n_in + n_out)\n    std = var_w\n")]},
        why="Computes the variance 2/(n_in+n_out) and passes it to rng.normal as the scale, which is the standard "
            "deviation: the weights are far too small (std 0.005 instead of 0.0707 for 300x100).",
        source="https://garden.sargx.net/Computer-%24h1t/AI--and--Machine-Learning/Neural-Networks-Models/"
               "Weight-Initialization (var_W = 2/(in+out); scale must be sqrt(var_W))",
        held_out=True, novel=False),
    Mistake(
        tag="init-fan-out",
        name="he-normal-fan-from-second-dimension",
        edits={INIT: [(HN_STD, "    fan = n_out\n    std = (2.0 / fan) ** 0.5\n")]},
        why="Takes the fan from the second dimension as PyTorch does for its (out, in) weights, but the course's "
            "arrays are (n_in, n_out): the std uses n_out, the fan-out, instead of n_in.",
        source="https://pytorch.org/docs/stable/nn.init.html#torch.nn.init.kaiming_normal_ (fan_in read from an "
               "(out, in) tensor)",
        held_out=True, novel=False),
    Mistake(
        tag="init-global-rng",
        name="he-normal-randn-times-sqrt-two-over-n",
        edits={INIT: [(HN_BODY, "    return np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)\n")]},
        why="Draws with the global np.random.randn (the usual tutorial line) instead of the given rng: the weights "
            "do not depend on the generator, so runs are not reproducible and differ from the reference draw.",
        source="https://cs231n.github.io/neural-networks-2/#init (w = np.random.randn(n) * sqrt(2.0/n))",
        held_out=True, novel=False),
    Mistake(
        tag="init-pytorch-default-bound",
        name="he-uniform-nn-linear-default",
        edits={INIT: [(HU_BODY, "    bound = 1.0 / np.sqrt(n_in)\n"
                                "    return rng.uniform(low=-bound, high=bound, size=(n_in, n_out))\n")]},
        why="Uses nn.Linear's default bound 1/sqrt(n_in) (what PyTorch's 'kaiming_uniform_(a=sqrt(5))' gives) instead "
            "of sqrt(6/n_in): variance 1/(3 n_in), six times smaller than He's 2/n_in.",
        source="https://github.com/pytorch/pytorch/issues/57109 (nn.Linear default init is not He)",
        held_out=True, novel=False),
    # ---------------- clipping ----------------
    Mistake(
        tag="clip-mutates-input",
        name="clip-by-value-minimum-maximum-out-grad",
        edits={CLIP: [(CV_RET, "    np.minimum(grad, max_val, out=grad)\n"
                               "    np.maximum(grad, -max_val, out=grad)\n"
                               "    return grad\n")]},
        why="Clips with np.minimum/np.maximum writing into out=grad to save memory (like torch's clip_grad_value_, "
            "which works in place): the caller's gradient array is overwritten and returned, though inputs must not "
            "be modified.",
        source="https://pytorch.org/docs/stable/generated/torch.nn.utils.clip_grad_value_.html (in-place clipping)",
        held_out=True, novel=False),
    Mistake(
        tag="clip-norm-per-row",
        name="clip-by-norm-last-axis-keepdims",
        edits={CLIP: [(CN_NORM + CN_IF,
                       "    norms = np.linalg.norm(grad, axis=-1, keepdims=True)\n"
                       "    grad = np.where(norms > max_norm, grad * max_norm / np.maximum(norms, 1e-12), grad)\n")]},
        why="Takes the norm along the last axis with keepdims (the vector habit, so it 'broadcasts'): a 2-D gradient "
            "is clipped row by row, every row to max_norm, instead of by one norm over all entries; the direction "
            "of the whole matrix changes.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linalg.norm.html (axis, keepdims)",
        held_out=True, novel=False),
    Mistake(
        tag="clip-scales-up",
        name="clip-by-norm-unconditional-rescale",
        edits={CLIP: [(CN_IF, "    grad = max_norm * grad / norm\n")]},
        why="Rescales to length max_norm without the 'if norm > max_norm' test (normalising, not clipping): "
            "short gradients are scaled UP to length max_norm, and an all-zero gradient becomes nan.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/nn/utils/clip_grad.py (clip_coef and its clamp)",
        held_out=True, novel=False),
    Mistake(
        tag="clip-global-zero-norm-division",
        name="clip-global-ratio-then-cap-at-one",
        edits={CLIP: [(CG_SCALE, "    scale = max_norm / total\n    if scale > 1.0:\n        scale = 1.0\n")]},
        why="Computes the ratio max_norm / total first and caps it at 1 afterwards: an all-zero gradient list (a "
            "frozen or converged model) raises ZeroDivisionError instead of returning zeros and total 0.",
        source="https://github.com/clab/dynet/issues/1374 (clip_coeff = norm / (tot_norm + 1e-6); students drop the "
               "1e-6)",
        held_out=True, novel=False),
    Mistake(
        tag="clip-global-norm-sum-of-norms",
        name="clip-global-adds-array-norms",
        edits={CLIP: [(CG_TOTAL, "    total = 0.0\n"
                                 "    for g in grads:\n"
                                 "        total += float(np.linalg.norm(g))\n")]},
        why="Adds up the L2 norms of the arrays instead of taking the square root of the summed squares: the "
            "'global norm' is too large (7 instead of 5 for [3] and [4]), so gradients are clipped too hard.",
        source="https://github.com/huggingface/transformers/pull/614 (global vs per-group norm)",
        held_out=True, novel=False),
    Mistake(
        tag="clip-global-return-order-swapped",
        name="clip-global-returns-norm-first",
        edits={CLIP: [(CG_RET, "    return total, [g * scale for g in grads]\n")]},
        why="Returns (total_norm, clipped) like a logging helper, the reverse of the contract's "
            "(clipped_list, total_norm): callers unpacking 'clipped, total' get a float as the gradients.",
        source="https://github.com/pytorch/pytorch/issues/1032 (clip_grad_norm returning the total norm)",
        held_out=True, novel=True),
    Mistake(
        tag="update-ratio-over-updated-param",
        name="update-ratio-param-after-applying-update",
        edits={CLIP: [(UR_RET, "    new_param = param + update\n"
                               "    return float(np.linalg.norm(update.ravel()) / np.linalg.norm(new_param.ravel()))\n")]},
        why="Follows the CS231n snippet's order (W += update, then measure) inside the function: the ratio is taken "
            "against the parameters after the update instead of the given param; large updates are misjudged.",
        source="https://cs231n.github.io/neural-networks-3/#ratio (norm of update / norm of param over all entries)",
        held_out=True, novel=False),
    # ---------------- diagnostics ----------------
    Mistake(
        tag="anomalies-negative-index",
        name="gradient-anomalies-window-start-not-clamped",
        edits={DIAG: [(GA_RET, "    flagged = []\n"
                               "    for i in range(1, len(norms)):\n"
                               "        history = norms[i - window:i]\n"
                               "        if norms[i] > factor * np.median(history):\n"
                               "            flagged.append(i)\n"
                               "    return flagged\n")]},
        why="Slices norms[i - window:i] without max(0, .): for early steps the start is negative and counts from "
            "the end, so the history is empty (median nan, never flagged) or wrong for i < window.",
        source="https://numpy.org/doc/stable/user/basics.indexing.html#slicing-and-striding (negative start)",
        held_out=True, novel=False),
    Mistake(
        tag="anomalies-hand-written-median",
        name="gradient-anomalies-sorted-middle-element",
        edits={DIAG: [(GA_RET, "    out = []\n"
                               "    for i in range(1, len(norms)):\n"
                               "        past = sorted(norms[max(0, i - window):i])\n"
                               "        if norms[i] > factor * past[len(past) // 2]:\n"
                               "            out.append(i)\n"
                               "    return out\n")]},
        why="Takes the median as the middle element of the sorted history, which for an even count is the upper "
            "of the two middle values, not their mean: a spike between 10x the mean and 10x the upper value is missed.",
        source="https://stackoverflow.com/questions/24101524/finding-median-of-list-in-python",
        held_out=True, novel=False),
    Mistake(
        tag="anomalies-centred-window",
        name="gradient-anomalies-centred-rolling-median",
        edits={DIAG: [(GA_RET, "    half = window // 2\n"
                               "    return [i for i in range(1, len(norms))\n"
                               "            if norms[i] > factor * np.median(norms[max(0, i - half):i + half + 1])]\n")]},
        why="Reuses the centred moving window of the loss-curve smoothing (rolling(center=True)): the history "
            "includes the step itself and the following steps, so a spike raises its own reference and a burst of "
            "spikes hides itself; the contract uses only previous norms (beyond including the current step, it "
            "looks ahead into future steps).",
        source="https://pandas.pydata.org/docs/reference/api/pandas.Series.rolling.html (center=True)",
        held_out=True, novel=True),
    Mistake(
        tag="diagnose-fails-without-val",
        name="diagnose-loss-curve-val-or-empty-list",
        edits={DIAG: [(DG_VAL, "    val = np.asarray(val_losses or [], dtype=np.float64)\n")]},
        why="Turns a missing val_losses into an empty array with 'val_losses or []': the length check then raises "
            "ValueError on every call without validation losses (and a NumPy val array raises 'truth value is "
            "ambiguous').",
        source="https://docs.python.org/3/reference/expressions.html#boolean-operations ('x or default' idiom)",
        held_out=True, novel=False),
    Mistake(
        tag="diagnose-any-rise-too-high",
        name="diagnose-loss-curve-any-increase-is-oscillation",
        edits={DIAG: [(DG_K, "    if (np.diff(train) > 0).any():\n        return \"lr_too_high\"\n" + DG_K)]},
        why="Calls any epoch whose loss rose over the previous one 'lr_too_high': noisy but healthy or slowly "
            "falling curves (every real mini-batch run has small upticks) are misdiagnosed.",
        source="seeds/000 Week 4 Day 3, 'Loss Curve Patterns' (Loss oscillates wildly or increases)",
        held_out=True, novel=False),
    Mistake(
        tag="diagnose-overfitting-by-gap",
        name="diagnose-loss-curve-val-above-train",
        edits={DIAG: [(DG_OVER, "        gap = val[-1] - train[-1]\n"
                                "        if gap > 0.1 * train[-1]:\n"
                                "            return \"overfitting\"\n")]},
        why="Calls a run overfitting when the final validation loss is 10 % above the training loss; a "
            "generalization gap is normal, overfitting means validation loss turning up while training falls.",
        source="seeds/001 Lesson 8, 'Monitoring Training' (Validation loss: should decrease, then might increase "
               "(overfitting))",
        held_out=True, novel=False),
    # ---------------- train ----------------
    Mistake(
        tag="train-schedule-per-epoch",
        name="train-schedule-step-converted-to-epochs",
        edits={TRAIN: [("                optimizer.lr = schedule(step)\n" + TR_UPDATE,
                        "                optimizer.lr = schedule(step // int(np.ceil(n / batch_size)))\n" + TR_UPDATE)]},
        why="Converts the step to an epoch index inside train (step // batches_per_epoch, the docstring's recipe for "
            "epoch schedules, applied to every schedule) and feeds that to the schedule, where the contract passes the update count "
            "and the schedule is already written in steps: every update of an epoch gets the same rate and the schedule runs far too slowly.",
        source="https://runebook.dev/en/docs/pytorch/generated/torch.optim.lr_scheduler.lrscheduler (per-epoch vs "
               "per-batch stepping)",
        held_out=True, novel=False),
    Mistake(
        tag="train-labels-misaligned",
        name="train-shuffles-x-and-y-with-two-permutations",
        edits={TRAIN: [(TR_PERM, "        X_epoch = X[rng.permutation(n)]\n        y_epoch = y[rng.permutation(n)]\n"),
                       (TR_IDX, "            idx = slice(start, start + batch_size)\n"),
                       ("            loss, grads = net.backward(X[idx], y[idx])\n",
                        "            loss, grads = net.backward(X_epoch[idx], y_epoch[idx])\n")]},
        why="Shuffles inputs and labels with two separate permutations: rows and labels no longer match, so the "
            "network is trained on random labels.",
        source="https://stackoverflow.com/questions/4601373/better-way-to-shuffle-two-numpy-arrays-in-unison",
        held_out=True, novel=False),
    Mistake(
        tag="train-clipping-discarded",
        name="train-clipped-grads-unused",
        edits={TRAIN: [(TR_CLIP, "            loss, grads = net.backward(X[idx], y[idx])\n            if clip_norm is not None:\n"
                                "                clipped, grad_norm = clip_by_global_norm(grads, clip_norm)\n")]},
        why="Stores the clipped gradients under a new name but still passes the raw grads to optimizer.update: "
            "clipping has no effect.",
        source="https://github.com/jcwleo/random-network-distillation-pytorch/issues/17 (global_grad_norm_ has no "
               "effect)",
        held_out=True, novel=False),
    Mistake(
        tag="train-schedule-one-step-late",
        name="train-schedule-set-after-update",
        edits={TRAIN: [(TR_SCHED, "            optimizer.update(net.params, grads)\n"
                                  "            if schedule is not None:\n"
                                  "                optimizer.lr = schedule(step)\n"
                                  "            step += 1\n")]},
        why="Sets the rate after optimizer.update, in PyTorch's 'optimizer.step(); scheduler.step()' position but "
            "with the current step: update 0 uses the optimizer's initial lr and update k uses schedule(k - 1).",
        source="https://runebook.dev/en/docs/pytorch/generated/torch.optim.lr_scheduler.lrscheduler/"
               "torch.optim.lr_scheduler.LRScheduler.step",
        held_out=True, novel=False),
    Mistake(
        tag="train-global-rng",
        name="train-np-random-permutation",
        edits={TRAIN: [(TR_PERM, "        perm = np.random.permutation(n)\n")]},
        why="Shuffles with the global np.random instead of the given rng: the batches do not follow the generator, "
            "so runs are not reproducible and differ from the reference.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.permutation.html (legacy global "
               "state)",
        held_out=True, novel=True),
    Mistake(
        tag="train-random-batch-per-step",
        name="train-rng-choice-each-batch",
        edits={TRAIN: [(TR_IDX, "            idx = rng.choice(n, size=min(batch_size, n - start), replace=False)\n")]},
        why="Draws every batch independently with rng.choice instead of slicing one permutation: within an epoch "
            "some examples are seen twice and others never, and the rng stream differs.",
        source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.choice.html",
        held_out=True, novel=True),
    Mistake(
        tag="train-updates-copies",
        name="train-optimizer-gets-copied-params",
        edits={TRAIN: [(TR_UPDATE, "            optimizer.update([p.copy() for p in net.params], grads)\n")]},
        why="Copies the parameters before the update to respect 'functions never modify their inputs': the "
            "optimizer changes the copies in place, the network never changes and the loss stays flat.",
        source="COURSE_SPEC.md, 'Conventions for every week' (inputs not modified) vs the in-place update() of week 2",
        held_out=True, novel=True),
]
