"""Known mistakes and valid alternatives for week 4 (stability), as edits to the reference solution."""
import textwrap
from dataclasses import replace

from autograder.catalogue import (Mistake, Valid, body_of, burn, grader_module, load_round, solution_region,
                                  split_repeats)
from autograder.weeks import WEEKS

WEEK = WEEKS["week4_stability"]

I, C, D, T = "initializers", "clipping", "diagnostics", "training"


def _region(module, function):
    return solution_region(WEEK, module, function)


HEURISTICS = grader_module(WEEK, "sound_heuristics")     # also what the graders use to pick clear-cut curves


MISTAKES = [
    # --- initializers
    Mistake(tag="init-variance-as-std", words="variance used as the standard deviation",
            edits={I: [("    std = np.sqrt(2.0 / n_in)\n", "    std = 2.0 / n_in\n")]},
            why="N(0, 2/n) read as std = 2/n"),
    Mistake(tag="init-fan-out", words="fan-out",
            edits={I: [("    std = np.sqrt(2.0 / n_in)\n", "    std = np.sqrt(2.0 / n_out)\n")]},
            why="the fans mixed up (also what feeding numpy (in, out) weights to torch's kaiming does)"),
    Mistake(tag="init-xavier-he-swapped", words="He's fan (n_in alone) in a Xavier initializer",
            edits={I: [("    std = np.sqrt(2.0 / (n_in + n_out))\n", "    std = np.sqrt(2.0 / n_in)\n")]},
            why="the two formulas swapped between Xavier and He"),
    Mistake(tag="init-uniform-missing-sqrt3", words="without the sqrt(3) factor",
            edits={I: [("    a = np.sqrt(6.0 / n_in)\n", "    a = np.sqrt(2.0 / n_in)\n")]},
            why="the std used as the uniform bound: variance 3x too small"),
    Mistake(tag="init-global-rng", words="global random state",
            edits={I: [("    a = np.sqrt(6.0 / (n_in + n_out))\n    return rng.uniform(-a, a, size=(n_in, n_out))",
                        "    a = np.sqrt(6.0 / (n_in + n_out))\n    return np.random.uniform(-a, a, size=(n_in, n_out))")]},
            why="np.random.uniform instead of the given rng: not reproducible"),
    Mistake(tag="init-transposed-shape", words="(n_out, n_in) layout",
            edits={I: [("    std = np.sqrt(2.0 / n_in)\n    return rng.normal(0.0, std, size=(n_in, n_out))",
                        "    std = np.sqrt(2.0 / n_in)\n    return rng.normal(0.0, std, size=(n_out, n_in))")]},
            why="PyTorch's weight layout in a numpy x @ W network"),
    # --- clipping
    Mistake(tag="clip-per-array", words="per-array clipping",
            edits={C: [("    return [g * scale for g in grads], total\n",
                        "    return [g * min(1.0, max_norm / np.sqrt(np.sum(g ** 2))) for g in grads], total\n")]},
            why="clip_by_norm applied to each array: the direction of the update changes"),
    Mistake(tag="clip-scales-up", words="scaled the gradient up",
            edits={C: [("    if norm > max_norm:\n        grad = grad * (max_norm / norm)\n    return grad",
                        "    grad = grad * (max_norm / norm)\n    return grad")]},
            why="always rescales to max_norm, also small gradients"),
    Mistake(tag="clip-mutates-input", words="mutates its input",
            edits={C: [("    grad = np.array(grad, dtype=np.float64)  # a copy\n    norm = np.sqrt(np.sum(grad ** 2))\n"
                        "    if norm > max_norm:\n        grad = grad * (max_norm / norm)\n",
                        "    norm = np.sqrt(np.sum(grad ** 2))\n    if norm > max_norm:\n        grad *= max_norm / norm\n")]},
            why="in-place scaling changes the caller's gradient"),
    Mistake(tag="clip-returns-clipped-norm", words="norm after clipping",
            edits={C: [("    return [g * scale for g in grads], total\n",
                        "    return [g * scale for g in grads], total * scale\n")]},
            why="returns the norm after clipping (always <= max_norm): explosions become invisible in the logs"),
    Mistake(tag="update-ratio-inverted", words="wrong way round",
            edits={C: [("return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))",
                        "return float(np.linalg.norm(np.ravel(param)) / np.linalg.norm(np.ravel(update)))")]},
            why="param / update instead of update / param"),
    # --- diagnostics
    Mistake(tag="diagnosis-missed-diverging", words="'diverging' curves",
            edits={D: [("    if not np.all(np.isfinite(train)) or (val is not None and not np.all(np.isfinite(val))):\n"
                        "        return \"diverging\"\n", "")]},
            why="no isfinite check: every comparison with nan is False, so nan curves fall through"),
    Mistake(tag="diagnosis-missed-overfitting", words="look at val_losses",
            edits={D: [("    if val is not None and len(val) >= 3:\n", "    if False:\n")]},
            why="never looks at the validation curve"),
    Mistake(tag="anomalies-mean", words="mean of the window",
            edits={D: [("if norms[i] > factor * np.median(norms[max(0, i - window):i])]",
                        "if norms[i] > factor * np.mean(norms[max(0, i - window):i])]")]},
            why="the mean is dragged up by an earlier spike and hides the next one"),
    Mistake(tag="anomalies-whole-series-median", words="whole series",
            edits={D: [("if norms[i] > factor * np.median(norms[max(0, i - window):i])]",
                        "if norms[i] > factor * np.median(norms)]")]},
            why="one median for the whole run (uses the future, ignores drift)"),
    Mistake(tag="anomalies-includes-current", words="includes the current step",
            edits={D: [("if norms[i] > factor * np.median(norms[max(0, i - window):i])]",
                        "if norms[i] > factor * np.median(norms[max(0, i - window + 1):i + 1])]")]},
            why="the window ends at i inclusive: a spike raises its own median"),
    Mistake(tag="anomalies-window-off-by-one", words="window + 1 previous norms",
            edits={D: [("if norms[i] > factor * np.median(norms[max(0, i - window):i])]",
                        "if norms[i] > factor * np.median(norms[max(0, i - window - 1):i])]")]},
            why="one norm too many in the window"),
    Mistake(tag="anomalies-returns-mask", words="mask",
            edits={D: [("    return [i for i in range(1, len(norms))\n"
                        "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]",
                        "    return [bool(i > 0 and norms[i] > factor * np.median(norms[max(0, i - window):i]))\n"
                        "            for i in range(len(norms))]")]},
            why="a boolean per step instead of the indices"),
    # --- training
    Mistake(tag="train-no-shuffle", words="without shuffling",
            edits={T: [("        perm = rng.permutation(n)\n", "        perm = np.arange(n)\n")]},
            why="trains on the data in stored (class-sorted) order"),
    Mistake(tag="train-drops-last-batch", words="dropping the last, smaller batch",
            edits={T: [("        for start in range(0, n, batch_size):\n",
                        "        for start in range(0, n - batch_size + 1, batch_size):\n")]},
            why="drop_last: some examples never used in an epoch"),
    Mistake(tag="train-ignores-schedule", words="never applied",
            edits={T: [("            if schedule is not None:\n                optimizer.lr = schedule(step)\n"
                        "            optimizer.update(net.params, grads)\n", "            optimizer.update(net.params, grads)\n")]},
            why="the schedule argument is accepted and ignored"),
    Mistake(tag="train-schedule-per-epoch", words="schedule(epoch)",
            edits={T: [("    for _ in range(epochs):\n", "    for epoch in range(epochs):\n"),
                       ("                optimizer.lr = schedule(step)\n            optimizer.update(net.params, grads)\n",
                        "                optimizer.lr = schedule(epoch)\n            optimizer.update(net.params, grads)\n")]},
            why="the schedule is called with the epoch, though it is defined in updates"),
    Mistake(tag="train-clips-per-array", words="per-array clipping",
            edits={T: [("                grads, _ = clip_by_global_norm(grads, clip_norm)\n            if schedule is not None:\n"
                        "                optimizer.lr = schedule(step)\n            optimizer.update(net.params, grads)\n",
                        "                grads = [g * min(1.0, clip_norm / np.linalg.norm(g)) for g in grads]\n"
                        "            if schedule is not None:\n"
                        "                optimizer.lr = schedule(step)\n"
                        "            optimizer.update(net.params, grads)\n")]},
            why="clips each gradient array by its own norm"),
]

VALID = [
    Valid(name="init-standard-normal-times-std",
          edits={I: [("    std = np.sqrt(2.0 / n_in)\n    return rng.normal(0.0, std, size=(n_in, n_out))",
                      "    return rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in)")]},
          why="standard normal draws scaled by the std"),
    Valid(name="init-uniform-from-random",
          edits={I: [("    a = np.sqrt(6.0 / n_in)\n    return rng.uniform(-a, a, size=(n_in, n_out))",
                      "    a = (6.0 / n_in) ** 0.5\n    return a * (2.0 * rng.random((n_in, n_out)) - 1.0)")]},
          why="U(-a, a) built from rng.random"),
    Valid(name="clip-norm-np-minimum",
          edits={C: [("    grad = np.array(grad, dtype=np.float64)  # a copy\n    norm = np.sqrt(np.sum(grad ** 2))\n"
                      "    if norm > max_norm:\n        grad = grad * (max_norm / norm)\n    return grad",
                      "    grad = np.asarray(grad, dtype=np.float64)\n    norm = np.linalg.norm(grad.ravel())\n"
                      "    if norm == 0:\n        return grad.copy()\n    return grad * np.minimum(1.0, max_norm / norm)")]},
          why="scale = min(1, max_norm / norm), guarded for a zero gradient"),
    Valid(name="clip-global-torch-eps",
          edits={C: [("    scale = max_norm / total if total > max_norm else 1.0\n",
                      "    scale = min(1.0, max_norm / (total + 1e-6))\n")]},
          why="torch.nn.utils.clip_grad_norm_'s coefficient (the docstring mentions it)"),
    Valid(name="update-ratio-sqrt-sum",
          edits={C: [("return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))",
                      "return float(np.sqrt(np.sum(np.square(update))) / np.sqrt(np.sum(np.square(param))))")]},
          why="norms written out"),
] + [
    Valid(name=name.replace("_", "-"),
          edits={D: [(_region("diagnostics", "diagnose_loss_curve"), body_of(getattr(HEURISTICS, name)))]},
          why="a sound diagnoser built differently from the reference: "
              + getattr(HEURISTICS, name).__doc__.splitlines()[0].rstrip("."))
    for name in HEURISTICS.DIAGNOSERS
] + [
] + [
    Valid(name=name.replace("_", "-"),
          edits={D: [(_region("diagnostics", "gradient_anomalies"), body_of(getattr(HEURISTICS, name)))]},
          why="the exact rule written another way: " + getattr(HEURISTICS, name).__doc__.splitlines()[0].rstrip("."))
    for name in HEURISTICS.ANOMALY_RULES
] + [
    Valid(name="anomalies-explicit-loop",
          edits={D: [("    return [i for i in range(1, len(norms))\n"
                      "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]",
                      "    flagged = []\n    for i in range(len(norms)):\n        history = norms[max(0, i - window):i]\n"
                      "        if len(history) and norms[i] / np.median(history) > factor:\n"
                      "            flagged.append(int(i))\n    return flagged")]},
          why="a loop with the ratio form (same comparison for positive norms)"),
    Valid(name="train-shuffle-in-place",
          edits={T: [("        perm = rng.permutation(n)\n", "        perm = np.arange(n)\n        rng.shuffle(perm)\n")]},
          why="rng.shuffle(np.arange(n)) draws the same permutation as rng.permutation(n)"),
]

# --- measured as held-out round 1 (docs/graders.md: written as student code from the sources named,
# graded before the graders knew them), then used to grow the graders: training cases now ----------
XN = "    std = np.sqrt(2.0 / (n_in + n_out))\n    return rng.normal(0.0, std, size=(n_in, n_out))"
XU = "    a = np.sqrt(6.0 / (n_in + n_out))\n    return rng.uniform(-a, a, size=(n_in, n_out))"
HN = "    std = np.sqrt(2.0 / n_in)\n    return rng.normal(0.0, std, size=(n_in, n_out))"
HU = "    a = np.sqrt(6.0 / n_in)\n    return rng.uniform(-a, a, size=(n_in, n_out))"
ANOMALY_RULE = ("    return [i for i in range(1, len(norms))\n"
                "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]")
TRAIN_STEP = ("            if clip_norm is not None:\n                grads, _ = clip_by_global_norm(grads, clip_norm)\n"
              "            if schedule is not None:\n                optimizer.lr = schedule(step)\n"
              "            optimizer.update(net.params, grads)\n")

ROUND_1 = [
    Mistake(tag="init-missing-parentheses", name="xavier-normal-2-over-n-in-plus-n-out",
            edits={I: [(XN, XN.replace("np.sqrt(2.0 / (n_in + n_out))", "np.sqrt(2.0 / n_in + n_out)"))]},
            why="sqrt(2 / n_in + n_out): the parentheses around the fan are missing",
            source="mlverse/torch issue #555 (std <- gain * sqrt(2.0 / fan_in + fan_out))"),
    Mistake(tag="init-missing-factor-2", name="he-normal-lecun",
            edits={I: [(HN, HN.replace("np.sqrt(2.0 / n_in)", "np.sqrt(1.0 / n_in)"))]},
            why="std = sqrt(1 / n_in): the ReLU factor 2 is missing (LeCun's initialization)",
            source="tensorflow/tensorflow issue #19081; jw1912/bullet PR #363 'Add missing factor of 2 in Kaiming init'"),
    Mistake(tag="init-missing-factor-2", name="he-uniform-sqrt-3-over-n",
            edits={I: [(HU, HU.replace("np.sqrt(6.0 / n_in)", "np.sqrt(3.0 / n_in)"))]},
            why="a = sqrt(3 / n_in): the uniform bound without the factor 2",
            source="denizyuret/Knet.jl PR #311 (Kaiming uniform as sqrt(3 / fan_in))"),
    Mistake(tag="init-not-centred", name="xavier-uniform-from-zero",
            edits={I: [(XU, "    a = np.sqrt(6.0 / (n_in + n_out))\n    return a * rng.random((n_in, n_out))")]},
            why="a * U(0, 1): the weights are all positive",
            source="rng.random draws from [0, 1), not [-1, 1)"),
    Mistake(tag="init-normal-arguments-swapped", name="xavier-normal-loc-scale-swapped",
            edits={I: [(XN, XN.replace("rng.normal(0.0, std, size=(n_in, n_out))", "rng.normal(std, 0.0, size=(n_in, n_out))"))]},
            why="rng.normal(std, 0): mean std and no spread",
            source="numpy Generator.normal(loc, scale, size) argument order"),
    Mistake(tag="clip-norm-squared", name="clip-by-norm-sum-of-squares",
            edits={C: [("    norm = np.sqrt(np.sum(grad ** 2))\n", "    norm = np.sum(grad ** 2)\n")]},
            why="the squared norm used as the norm",
            source="paiml/entrenar issue #311 (clipping with ||g||^2 where ||g|| is due)"),
    Mistake(tag="clip-global-norm-sum-of-norms", name="clip-global-sum-of-norms",
            edits={C: [("    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n",
                        "    total = float(sum(np.linalg.norm(g) for g in grads))\n")]},
            why="the sum of the arrays' norms instead of the norm of all of them together",
            source="apache/mxnet issue #9291 (clip_global_norm docstring: 'the sum of their 2-norm')"),
    Mistake(tag="clip-value-one-sided", name="clip-value-upper-only",
            edits={C: [("return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)",
                        "return np.minimum(np.asarray(grad, dtype=np.float64), max_val)")]},
            why="only the upper bound: large negative entries pass",
            source="clipping written with np.minimum alone"),
    Mistake(tag="update-ratio-elementwise", name="update-ratio-mean-of-ratios",
            edits={C: [("return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))",
                        "return float(np.mean(np.abs(update) / np.abs(param)))")]},
            why="the mean of elementwise ratios instead of the ratio of the norms",
            source="'update / weight' read elementwise"),
    Mistake(tag="anomalies-negative-index", name="anomalies-window-wraps-around",
            edits={D: [(ANOMALY_RULE, "    return [i for i in range(1, len(norms))\n"
                                      "            if norms[i] > factor * np.median(norms[i - window:i])]")]},
            why="norms[i - window:i] without max(0, ...): for i < window the start is negative and the slice "
                "wraps around (empty, median nan, never flagged)",
            source="negative slice starts wrap around in Python"),
    Mistake(tag="anomalies-full-window-only", name="anomalies-skip-short-history",
            edits={D: [(ANOMALY_RULE, "    return [i for i in range(window, len(norms))\n"
                                      "            if norms[i] > factor * np.median(norms[i - window:i])]")]},
            why="steps before the first full window are never checked",
            source="a full window assumed (the docstring compares early steps with the shorter history)"),
    Mistake(tag="diagnosis-missed-plateau", name="diagnose-without-plateau-rule",
            edits={D: [("    if start - end < max(0.01 * start, 4 * noise) or second_half < 0.25 * first_half:\n"
                        "        return \"plateau\"\n", "")]},
            why="the plateau rule left out: every small decrease is called lr_too_low",
            source="the lessons' table has six rows; one forgotten"),
    Mistake(tag="train-schedule-step-not-incremented", name="train-step-stays-zero", novel=True,
            edits={T: [("            optimizer.update(net.params, grads)\n            step += 1\n",
                        "            optimizer.update(net.params, grads)\n")]},
            why="the step counter is never incremented: the schedule always sees step 0",
            source="a counter declared and never advanced"),
    Mistake(tag="train-clips-after-update", name="train-clip-after-step", novel=True,
            edits={T: [(TRAIN_STEP, "            if schedule is not None:\n                optimizer.lr = schedule(step)\n"
                                    "            optimizer.update(net.params, grads)\n"
                                    "            if clip_norm is not None:\n"
                                    "                grads, _ = clip_by_global_norm(grads, clip_norm)\n")]},
            why="clips after the update: the step already used the unclipped gradients",
            source="order of operations in a training step (clip between backward and step)"),
    Mistake(tag="train-loss-last-batch", name="train-records-last-batch",
            edits={T: [("        epoch_losses.append(float(np.mean(batch_losses)))\n",
                        "        epoch_losses.append(float(batch_losses[-1]))\n")]},
            why="the last batch's loss as the epoch's loss",
            source="per-epoch logging of the final batch"),
]
# train() is judged in test_train.py, which was being reworked for unforgeable outcome points: naming these two
# waited for that, so they were not used to grow the graders and stayed held out through round 3 (burnt below)
STILL_HELD_OUT = ("train-step-stays-zero", "train-clip-after-step")
MISTAKES += [replace(m, was_held_out=1) for m in ROUND_1 if m.case not in STILL_HELD_OUT]
HELD_OUT = [m for m in ROUND_1 if m.case in STILL_HELD_OUT]


# --- measured as held-out round 2 (docs/graders.md: written as student code after round 1 had grown the
# graders, graded before the graders knew them), then used to grow the graders: training cases now ---------
CLIP_NORM = ("    grad = np.array(grad, dtype=np.float64)  # a copy\n    norm = np.sqrt(np.sum(grad ** 2))\n"
             "    if norm > max_norm:\n        grad = grad * (max_norm / norm)\n    return grad")
GLOBAL_TOTAL = "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
ROUND_2 = [
    Mistake(tag="init-missing-parentheses", name="xavier-uniform-6-over-n-in-plus-n-out",
            edits={I: [(XU, XU.replace("np.sqrt(6.0 / (n_in + n_out))", "np.sqrt(6.0 / n_in + n_out)"))]},
            why="sqrt(6 / n_in + n_out): n_out added instead of in the denominator",
            source="mlverse/torch issue #555, in the uniform initializer"),
    Mistake(tag="init-truncated", name="he-normal-clipped-at-two-std",
            edits={I: [(HN, "    std = np.sqrt(2.0 / n_in)\n"
                            "    return np.clip(rng.normal(0.0, std, size=(n_in, n_out)), -2 * std, 2 * std)")]},
            why="a normal draw cut at +-2 std (like a truncated normal) without rescaling: the spread is too small",
            source="tensorflow/tensorflow issue #19081 (truncated normal needs a factor 1.137 on the std)"),
    Mistake(tag="init-variance-as-std", name="xavier-normal-standard-normal-times-variance",
            edits={I: [(XN, "    return rng.standard_normal((n_in, n_out)) * (2.0 / (n_in + n_out))")]},
            why="standard normal draws scaled by the variance, not by its root",
            source="N(0, sigma^2) read as a scale of sigma^2"),
    Mistake(tag="init-transposed-shape", name="he-uniform-out-by-in",
            edits={I: [(HU, HU.replace("size=(n_in, n_out)", "size=(n_out, n_in)"))]},
            why="PyTorch's (out, in) weight layout",
            source="torch.nn.Linear stores weight as (out_features, in_features)"),
    Mistake(tag="clip-scales-up", name="clip-norm-always-rescales",
            edits={C: [(CLIP_NORM, "    grad = np.asarray(grad, dtype=np.float64)\n"
                                   "    return grad * (max_norm / max(np.linalg.norm(grad), 1e-12))")]},
            why="every gradient rescaled to norm max_norm, small ones too",
            source="clipping written as normalising"),
    Mistake(tag="clip-global-max-norm", name="clip-global-largest-array-norm",
            edits={C: [(GLOBAL_TOTAL, "    total = float(max(np.linalg.norm(g) for g in grads))\n")]},
            why="the largest of the arrays' norms instead of the norm of all of them together",
            source="'global' read as the worst array"),
    Mistake(tag="clip-mutates-input", name="clip-global-in-place",
            edits={C: [("    return [g * scale for g in grads], total\n",
                        "    for g in grads:\n        g *= scale\n    return grads, total\n")]},
            why="the caller's gradient arrays scaled in place and returned",
            source="apache/mxnet clip_global_norm scales its arrays in place (issue #9291)"),
    Mistake(tag="update-ratio-difference", name="update-ratio-of-the-change",
            edits={C: [("return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))",
                        "return float(np.linalg.norm(np.ravel(update) - np.ravel(param)) / np.linalg.norm(np.ravel(param)))")]},
            why="norm(update - param): the update read as the new parameter value",
            source="'update' taken to mean the parameters after the step"),
    Mistake(tag="anomalies-mean", name="anomalies-np-average",
            edits={D: [("if norms[i] > factor * np.median(norms[max(0, i - window):i])]",
                        "if norms[i] > factor * np.average(norms[max(0, i - window):i])]")]},
            why="np.average is the mean: an earlier spike drags it up",
            source="average vs median"),
    Mistake(tag="anomalies-index-off-by-one", name="anomalies-np-where-on-the-ratios",
            edits={D: [(ANOMALY_RULE,
                        "    ratios = np.array([norms[i] / np.median(norms[max(0, i - window):i])\n"
                        "                       for i in range(1, len(norms))])\n"
                        "    return [int(i) for i in np.where(ratios > factor)[0]]")]},
            why="np.where on ratios that start at step 1: every index is one too small",
            source="indices of a shifted array"),
    Mistake(tag="diagnosis-missed-diverging", name="diagnose-only-nan",
            edits={D: [("    if not np.all(np.isfinite(train)) or (val is not None and not np.all(np.isfinite(val))):\n",
                        "    if np.isnan(train).any() or (val is not None and np.isnan(val).any()):\n")]},
            why="np.isnan misses inf: an exploded run that reached inf is read by the other rules",
            source="isnan vs isfinite"),
    Mistake(tag="train-schedule-per-epoch", name="train-schedule-of-epoch-index",
            edits={T: [("    for _ in range(epochs):\n", "    for epoch_index in range(epochs):\n"),
                       ("                optimizer.lr = schedule(step)\n            optimizer.update(net.params, grads)\n",
                        "                optimizer.lr = schedule(epoch_index)\n"
                        "            optimizer.update(net.params, grads)\n")]},
            why="the schedule called with the epoch, though it is defined per update",
            source="epoch-based schedulers (torch.optim.lr_scheduler steps once per epoch by default)"),
    Mistake(tag="train-shuffles-once", name="train-one-permutation",
            edits={T: [("    for _ in range(epochs):\n        perm = rng.permutation(n)\n",
                        "    perm = rng.permutation(n)\n    for _ in range(epochs):\n")]},
            why="one shuffle for the whole run: every epoch sees the batches in the same order",
            source="shuffling hoisted out of the epoch loop"),
    Mistake(tag="train-clips-by-value", name="train-np-clip-gradients", novel=True,
            edits={T: [(TRAIN_STEP, TRAIN_STEP.replace("                grads, _ = clip_by_global_norm(grads, clip_norm)\n",
                                                       "                grads = [np.clip(g, -clip_norm, clip_norm) "
                                                       "for g in grads]\n"))]},
            why="clip_norm used as an elementwise bound instead of a global norm",
            source="clipping by value and by norm confused (lesson table: by value / by norm)"),
]

# train-np-clip-gradients: judged in a file then being reworked, so it stayed held out through round 3 (burnt below)
STILL_HELD_OUT_2 = ('train-np-clip-gradients',)
MISTAKES += [replace(m, was_held_out=2) for m in ROUND_2 if m.case not in STILL_HELD_OUT_2]
HELD_OUT += [m for m in ROUND_2 if m.case in STILL_HELD_OUT_2]


# --- held out, round 3: written as student code after round 2 had grown the graders, before these were ever
# graded. About two in three are mistakes the graders know, in a new form (most slips are common ones); the
# rest are new. Tags say what a reader would call the mistake, ``also`` other names that describe it as truly.
# Frozen by HELD_OUT_DIGESTS (docs/graders.md) ----------------------------------------------------------------
CLIP_VALUE = "return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)"
ROUND_3 = [
    Mistake(tag="init-fan-out", name="xavier-uniform-fan-out-only",
            edits={I: [(XU, XU.replace("np.sqrt(6.0 / (n_in + n_out))", "np.sqrt(6.0 / n_out)"))]},
            why="only the fan-out in Xavier's bound",
            source="fan_in / fan_out modes (torch.nn.init's mode='fan_out') mixed into Xavier"),
    Mistake(tag="init-xavier-he-swapped", name="he-normal-with-xavier-std",
            edits={I: [(HN, HN.replace("np.sqrt(2.0 / n_in)", "np.sqrt(2.0 / (n_in + n_out))"))]},
            why="Xavier's variance in the He initializer",
            source="Glorot & Bengio 2010 vs He et al. 2015"),
    Mistake(tag="init-uniform-missing-sqrt3", name="xavier-uniform-bound-is-std",
            edits={I: [(XU, XU.replace("np.sqrt(6.0 / (n_in + n_out))", "np.sqrt(2.0 / (n_in + n_out))"))]},
            why="the normal's std used as the uniform's bound",
            source="U(-a, a) has std a / sqrt(3)"),
    Mistake(tag="init-wrong-dtype", name="xavier-normal-float32",
            edits={I: [(XN, XN.replace("rng.normal(0.0, std, size=(n_in, n_out))",
                                       "rng.normal(0.0, std, size=(n_in, n_out)).astype(np.float32)"))]},
            why="weights cast to float32 'like PyTorch'",
            source="float32 is deep learning's default dtype; the course's arrays are float64"),
    Mistake(tag="clip-mutates-input", name="clip-value-out-is-input",
            edits={C: [(CLIP_VALUE, "return np.clip(grad, -max_val, max_val, out=grad)")]},
            why="out=grad writes the clipped values into the caller's gradient",
            source="numpy.clip's out argument"),
    Mistake(tag="clip-norm-per-row", name="clip-norm-axis-minus-one",
            edits={C: [("    norm = np.sqrt(np.sum(grad ** 2))\n    if norm > max_norm:\n        grad = grad * (max_norm / norm)\n",
                        "    norm = np.linalg.norm(grad, axis=-1, keepdims=True)\n"
                        "    grad = grad * np.minimum(1.0, max_norm / norm)\n")]},
            why="a norm per row (axis=-1) instead of one norm of the whole array",
            source="numpy.linalg.norm with an axis"),
    Mistake(tag="clip-mutates-input", name="clip-norm-multiply-out",
            edits={C: [("    grad = np.array(grad, dtype=np.float64)  # a copy\n    norm = np.sqrt(np.sum(grad ** 2))\n"
                        "    if norm > max_norm:\n        grad = grad * (max_norm / norm)\n",
                        "    norm = np.sqrt(np.sum(grad ** 2))\n    if norm > max_norm:\n"
                        "        np.multiply(grad, max_norm / norm, out=grad)\n")]},
            why="scaled in place with out=: the caller's gradient changes",
            source="numpy ufuncs with out="),
    Mistake(tag="clip-per-array", name="clip-global-with-clip-by-norm",
            edits={C: [("    return [g * scale for g in grads], total\n",
                        "    return [clip_by_norm(g, max_norm) for g in grads], total\n")]},
            why="each array clipped by its own norm (reusing clip_by_norm)",
            source="carpedm20/MemN2N-tensorflow issue #19 (clipping each matrix separately)"),
    Mistake(tag="update-ratio-param-squared", novel=True, name="update-ratio-over-squared-norm",
            edits={C: [("return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))",
                        "return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)) ** 2)")]},
            why="divided by the squared norm of the parameter",
            source="a stray square"),
    Mistake(tag="anomalies-all-previous", name="anomalies-median-of-all-before",
            edits={D: [("if norms[i] > factor * np.median(norms[max(0, i - window):i])]",
                        "if norms[i] > factor * np.median(norms[:i])]")]},
            why="the median of every earlier norm, not of the last window",
            source="a window argument that is never used"),
    Mistake(tag="anomalies-window-skips-previous", novel=True, name="anomalies-history-stops-one-early",
            edits={D: [("if norms[i] > factor * np.median(norms[max(0, i - window):i])]",
                        "if i > 1 and norms[i] > factor * np.median(norms[max(0, i - window):i - 1])]")]},
            why="the history stops at i - 2: the step just before is left out",
            source="an off-by-one at the upper end of a slice"),
    Mistake(tag="diagnosis-missed-overfitting", name="diagnose-drops-val",
            edits={D: [("    val = None if val_losses is None else np.asarray(val_losses, dtype=np.float64)\n",
                        "    val = None\n")]},
            why="the validation curve is never looked at",
            source="an argument accepted and dropped"),
    Mistake(tag="train-no-shuffle", name="train-positional-batches",
            edits={T: [("            idx = perm[start:start + batch_size]\n",
                        "            idx = np.arange(start, min(start + batch_size, n))\n")]},
            why="a permutation drawn, then the batches taken in stored order",
            source="slicing positions instead of the permutation"),
    Mistake(tag="train-drops-last-batch", name="train-whole-batches-only",
            edits={T: [("        for start in range(0, n, batch_size):\n",
                        "        for start in range(0, n // batch_size * batch_size, batch_size):\n")]},
            why="only whole batches: the last, smaller one is dropped",
            source="drop_last=True (torch.utils.data.DataLoader)"),
]
HELD_OUT += ROUND_3


# --- grown by family from round 3 (docs/graders.md, "Families"): new code, written for the training part, that
# belongs to the family of a round-3 mistake; each checks that the family's detector names more than one instance.
UPDATE_RATIO = "return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))"
WINDOW_SLICE = "if norms[i] > factor * np.median(norms[max(0, i - window):i])]"
FAMILIES = [
    # the wrong fan or the wrong gain
    Mistake(tag="init-fan-out", name="xavier-normal-fan-out-gain-one",
            edits={I: [(XN, XN.replace("np.sqrt(2.0 / (n_in + n_out))", "np.sqrt(1.0 / n_out)"))]},
            why="LeCun's variance on the fan-out", source="family: the wrong fan or gain"),
    Mistake(tag="init-fan-mean", name="xavier-uniform-over-mean-fan",
            edits={I: [(XU, XU.replace("np.sqrt(6.0 / (n_in + n_out))", "np.sqrt(6.0 / ((n_in + n_out) / 2))"))]},
            why="the fans' mean where their sum belongs", source="family: the wrong fan or gain"),
    # a norm squared where the plain norm belongs
    Mistake(tag="update-ratio-update-squared", name="update-ratio-update-norm-squared",
            edits={C: [(UPDATE_RATIO, "return float(np.sum(np.square(update)) / np.linalg.norm(param))")]},
            why="the sum of squares of the update (its squared norm) over the parameter's norm",
            source="family: squared vs not squared"),
    # the window's edges off by one
    Mistake(tag="anomalies-window-skips-previous", name="anomalies-window-shifted-back",
            edits={D: [(WINDOW_SLICE, "if i > 1 and norms[i] > factor * np.median(norms[max(0, i - window - 1):i - 1])]")]},
            why="the whole window shifted one step into the past", source="family: window off by one"),
    Mistake(tag="anomalies-window-edges", name="anomalies-window-wide-and-current",
            edits={D: [(WINDOW_SLICE, "if norms[i] > factor * np.median(norms[max(0, i - window - 1):i + 1])]")]},
            why="one norm more at the start and the current one at the end", source="family: window off by one"),
    # the running counter
    Mistake(tag="train-schedule-step-twice", name="train-step-counted-twice",
            edits={T: [(TRAIN_STEP, TRAIN_STEP + "            step += 1\n")]},
            why="a second increment left in the loop", source="family: the running counter"),
    # by value instead of by norm
    Mistake(tag="train-clips-by-value", name="train-clips-with-min-max",
            edits={T: [(TRAIN_STEP, TRAIN_STEP.replace(
                "                grads, _ = clip_by_global_norm(grads, clip_norm)\n",
                "                grads = [np.minimum(np.maximum(g, -clip_norm), clip_norm) for g in grads]\n"))]},
            why="each entry bounded by clip_norm", source="family: by value instead of by norm"),
]
MISTAKES += FAMILIES

# --- round 3 burnt (docs/graders.md, "The held-out part"): measured as held out (37 of 60 named), then used
# to grow the graders by family; training cases now. The next held-out round is kept outside the repository.
MISTAKES += [replace(m, was_held_out=3) for m in HELD_OUT]
HELD_OUT = []
HELD_OUT_DIGESTS: dict[str, str] = {}

# Held-out round 4 (docs/graders.md): heldout_round4.py, written outside the repository from public sources
# after round 3 was burnt and before anything was graded, then copied here unchanged and graded once.
ROUND_4 = load_round(__file__, "heldout_round4.py").ROUND_4
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions,
# found to name a case as truly (before grading; docs/graders.md)
ROUND_4_ALSO = {'xavier-uniform-tanh-gain': ('init-wrong-gain',)}
# --- round 4 burnt (docs/graders.md, "The figures"): graded once held out (76 of 80 lose points, 22 named), then
# used to grow the graders by family; training cases now (heldout_round4.py stays as it was written).
# After grading, a family's name that describes a case as truly (the family's own words, read against the case):
ROUND_4_ALSO = {**ROUND_4_ALSO,
    'he-uniform-torch-linear-default': ('init-wrong-gain',),
    'anomalies-window-minus-one': ('anomalies-window-short',),
    'train-running-loss-times-batch': ('train-loss-weighted',),
    'train-step-counter-per-epoch': ('train-schedule-step-resets',),
    'clip-norm-linalg-ord-2': ('clip-norm-matrix-norm',),
    'clip-norm-to-unit-length': ('clip-scaled',),
    'update-ratio-makemore-std': ('update-ratio-other-statistic',),
    'update-ratio-log10-of-ratio': ('update-ratio-log',),
}
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_4_UNNAMED = {
    'xavier-normal-keras-constant': "Keras' truncated-normal constant on an untruncated normal: no library-convention family for initializers",
    'xavier-uniform-tanh-gain': "a tanh gain 5/3 on top: the fan family's k of 1, 2, 3, 6 does not hold (5/3)^2",
    'clip-global-sum-then-square': 'the square of the sum for the sum of squares: not modelled',
    'diagnose-any-uptick': "any rise called too high: a heuristic's reading, not a model",
    'anomalies-mean-plus-k-std': 'a z-score rule: another rule altogether, not a slip of this one',
    'train-scheduler-step-after-update': 'the schedule one step late: the late model did not fire on this code',
    'train-accumulates-gradients': 'gradients accumulated across batches: no accumulation model in train',
    'train-epoch-loss-from-net-loss': "the epoch's loss from a fresh full-data loss: not modelled",
}
# after grading: a mechanism name grown from the burnt unnamed cases (docs/graders.md, "Mechanism names")
ROUND_4_ALSO = {**ROUND_4_ALSO, 'clip-value-mask-assign': ('sign-lost',)}
MISTAKES += burn(ROUND_4, 4, ROUND_4_ALSO, ROUND_4_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- families grown from round 4 (docs/graders.md, "Families"): other code in the same class of slips ----------
MISTAKES += [
    # a generalisation gap read as overfitting
    Mistake(tag="diagnose-overfitting-by-gap", name="diagnose-mean-gap-over-last-epochs",
            edits={"diagnostics": [("    # 2. validation loss turned up while the training loss did not\n",
                                    "    if val is not None and np.mean(val[-5:]) > np.mean(train[-5:]):\n"
                                    "        return \"overfitting\"\n"
                                    "    # 2. validation loss turned up while the training loss did not\n")]},
            why="the gap between the two curves taken for overfitting", source="family: a gap read as overfitting"),
    # a matrix norm where the norm of all entries belongs
    Mistake(tag="clip-norm-matrix-norm", name="clip-norm-linalg-ord-1",
            edits={"clipping": [(CLIP_NORM, CLIP_NORM.replace("norm = np.sqrt(np.sum(grad ** 2))",
                                                              "norm = np.linalg.norm(grad, 1)"))]},
            why="an ord passed to np.linalg.norm of a matrix", source="family: a matrix norm for the norm"),
    # another statistic of size than the L2 norm; the ratio returned as its logarithm
    Mistake(tag="update-ratio-other-statistic", name="update-ratio-max-abs",
            edits={"clipping": [(UPDATE_RATIO, "return float(np.max(np.abs(update)) / np.max(np.abs(param)))")]},
            why="the largest entries compared", source="family: another statistic than the norm"),
    Mistake(tag="update-ratio-log", name="update-ratio-natural-log",
            edits={"clipping": [(UPDATE_RATIO, "return float(np.log(np.linalg.norm(update) / np.linalg.norm(param)))")]},
            why="the log of the ratio, as on a log-scale plot", source="family: the ratio as its logarithm"),
]

# Held-out round 5 (docs/graders.md): heldout_round5.py, written outside the repository from public sources
# after round 4 was burnt, by an engineer who never read the graders; copied here unchanged and graded once,
# with the writer's own tags only (its digests, recorded while it was held out, went with the burn).
ROUND_5 = load_round(__file__, "heldout_round5.py").ROUND_5

# --- round 5 burnt (docs/graders.md, "The figures"): graded once held out (79 of 79 lose points, 41 named), then
# used to grow the graders by family and by mechanism; training cases now (heldout_round5.py stays as it was
# written; its digests are gone with the held-out mark).
# After grading, a name of the graders' that describes a case as truly as its own tag (its words read against the
# case): a counter from the batch's position restarts every epoch; np.average weighted by size is the weighted mean;
# sqrt(3 / fan_sum) is a centred draw of the wrong spread from the constant under the root; the two global totals
# without a root are one factor for every array, the wrong one, from a wrong total; a LambdaLR-style
# schedule(step) * lr is the schedule's value scaled by the initial lr.
ROUND_5_ALSO = {'train-schedule-of-batch-position': ('train-schedule-step-resets',),
                'train-np-average-weighted-by-size': ('train-loss-weighted',),
                'xavier-normal-sqrt-3-over-fans': ('init-spread-wrong',),
                'clip-global-squares-squared-norms': ('clip-scaled',),
                'clip-global-no-sqrt': ('clip-scaled',),
                'train-lambdalr-times-initial-lr': ('train-schedule-scaled',)}
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_5_UNNAMED = {
    'xavier-uniform-drawn-normal': "a normal draw with the uniform's bound as its std: named 'centred, the wrong "
                                   "spread' (true, 1.73 times), but not the normal-for-uniform swap it is",
    'clip-norm-root-mean-square': "the RMS for the norm: named 'off by a constant factor' (sqrt(n), true), not the "
                                  "RMS it is",
    'update-ratio-linalg-ord-2': "np.linalg.norm(x, 2) raises on a 3-D array: an exception, not numbers to compare",
    'diagnose-last-val-above-its-minimum': "any rise of the validation loss read as overfitting: named 'a gap read as "
                                           "overfitting' on the healthy curves, a neighbouring rule",
    'anomalies-median-plus-factor-mad': "a median + factor * MAD rule: no model of a robust z-score",
}
# after grading: a mechanism name grown from the burnt unnamed cases (docs/graders.md, "Mechanism names")
ROUND_5_ALSO = {**ROUND_5_ALSO, 'clip-value-where-abs': ('sign-lost',)}
MISTAKES += burn(ROUND_5, 5, ROUND_5_ALSO, ROUND_5_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- families and mechanism names grown from round 5 (docs/graders.md) -----------------------------------------
MISTAKES += [
    # the right direction, the wrong length: one factor for every array, from a wrong total
    Mistake(tag="clip-scaled", name="clip-global-l1-total",
            edits={"clipping": [("    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n",
                                 "    total = float(sum(np.sum(np.abs(g)) for g in grads))\n")]},
            why="the L1 norm (sum of |g|) as the total: every array gets one factor, the wrong one",
            source="family: the right direction, the wrong length"),
    Mistake(tag="clip-scaled", name="clip-global-mean-of-squared-norms",
            edits={"clipping": [("    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n",
                                 "    total = float(np.sqrt(np.mean([np.sum(g ** 2) for g in grads])))\n")]},
            why="the mean over arrays of their squared norms under the root, where the sum belongs",
            source="family: the right direction, the wrong length"),
    # the right centre, the wrong spread (a constant no fan model has)
    Mistake(tag="init-spread-wrong", name="he-normal-std-over-sqrt-3",
            edits={"initializers": [(HN, "    std = np.sqrt(2.0 / n_in) / np.sqrt(3.0)\n"
                                         "    return rng.normal(0.0, std, size=(n_in, n_out))")]},
            why="the uniform's bound-to-std conversion (divide by sqrt(3)) applied to a normal draw's std",
            source="family: the right centre, the wrong spread"),
    # the schedule's value times a constant
    Mistake(tag="train-schedule-scaled", name="train-base-lr-times-schedule",
            edits={"training": [("                optimizer.lr = schedule(step)\n            optimizer.update(net.params, "
                                 "grads)\n", "                optimizer.lr = base_lr * schedule(step)\n"
                                              "            optimizer.update(net.params, grads)\n"),
                                ("    step = 0\n", "    step = 0\n    base_lr = optimizer.lr\n")]},
            why="the schedule read as a multiplier of the optimizer's initial rate (as torch's LambdaLR is)",
            source="family: the schedule's value times a constant"),
]

# Held-out round 6 (docs/graders.md): heldout_round6.py, written outside the repository from public sources
# after round 5 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_6 = load_round(__file__, "heldout_round6.py").ROUND_6
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_6_ALSO = {'he-normal-redraws-beyond-two-std': ('init-spread-wrong',), 'he-uniform-bound-from-he-normal-std': ('init-spread-wrong',)}

# --- round 6 burnt (docs/graders.md, "The figures"): graded once held out (70 of 74 lose points, 44 named), then
# used to grow the graders; training cases now (heldout_round6.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_6_UNNAMED = {
    'xavier-normal-std-as-loc': "the std passed as the mean: read as a signal that explodes (true of the numbers); "
                                "no model swaps a draw's arguments",
    'clip-value-scales-largest-entry-to-max': "the largest entry scaled to the bound: read as one-sided clipping "
                                              "on the tests' gradients; no model rescales by the largest entry",
    'clip-norm-per-column': "each column clipped by its own norm: the per-row model does not match, and no "
                            "family splits a matrix by axis",
    'update-ratio-norm-of-elementwise-ratio': "norm(update / param): no family of the ratio divides entry by "
                                              "entry before the norm",
    'anomalies-jump-from-previous-norm': "a jump against the previous norm only: no window-edge member is a "
                                         "window of one before the step with the ratio rule",
}
# after grading: the graders' own model of the same slip names it (its words read against the case)
ROUND_6_ALSO = {**ROUND_6_ALSO, 'train-schedule-of-step-plus-one': ('train-schedule-from-one',)}
# after grading: the graders' own model of the same slip names it (its words read against the case)
ROUND_6_ALSO = {**ROUND_6_ALSO, 'train-clip-result-not-assigned': ('train-ignores-clip-norm',)}
MISTAKES += burn(ROUND_6, 6, ROUND_6_ALSO, ROUND_6_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- mechanism names grown from the burnt unnamed cases (docs/graders.md, "Mechanism names"): other code than the
# burnt cases, named by what the values prove -----------------------------------------------------------------
MISTAKES += [
    # every differing entry a negative value returned as its magnitude, the rest right: the sign lost
    Mistake(tag="sign-lost", name="clip-value-clips-the-magnitude",
            edits={"clipping": [(CLIP_VALUE, "return np.minimum(np.abs(np.asarray(grad, dtype=np.float64)), max_val)")]},
            why="'clipping limits the size of each entry' taken literally: the magnitude is clipped and the sign never "
                "put back, so every negative entry comes back positive",
            source="mechanism: the sign lost (a magnitude used where the signed value belongs)"),
]

# --- round 7 of valid variants (docs/graders.md, "Valid variants, round 7"): correct code written from the contract,
# the stubs' docstrings and the libraries' public code BEFORE the graders were read, graded once, then the graders
# fixed for the classes that lost points. Whole-function snippets come from the reference (solution_region). ----
def _valid_round_7() -> list[Valid]:
    """Round 7's valid variants of this week (a function, so its snippet names stay local)."""
    T = "training"
    SET_LR = "            if schedule is not None:\n                optimizer.lr = schedule(step)\n"
    XU = solution_region(WEEK, 'initializers', 'xavier_uniform')
    XN = solution_region(WEEK, 'initializers', 'xavier_normal')
    HN = solution_region(WEEK, 'initializers', 'he_normal')
    HU = solution_region(WEEK, 'initializers', 'he_uniform')
    CV = solution_region(WEEK, 'clipping', 'clip_by_value')
    CN = solution_region(WEEK, 'clipping', 'clip_by_norm')
    CG = solution_region(WEEK, 'clipping', 'clip_by_global_norm')
    UR = solution_region(WEEK, 'clipping', 'update_ratio')
    AN = solution_region(WEEK, 'diagnostics', 'gradient_anomalies')
    TR = solution_region(WEEK, 'training', 'train')
    return [
        # --- initializers ---------------------------------------------------------------------------
        Valid(name="round7-init-pytorch-gain-forms",
              edits={"initializers": [
                  (XU, "    gain = 1.0\n"
                       "    std = gain * math.sqrt(2.0 / float(n_in + n_out))\n"
                       "    a = math.sqrt(3.0) * std          # torch.nn.init.xavier_uniform_\n"
                       "    return rng.uniform(-a, a, size=(n_in, n_out))\n"),
                  (HU, "    gain = math.sqrt(2.0)             # calculate_gain('relu')\n"
                       "    std = gain / math.sqrt(n_in)\n"
                       "    bound = math.sqrt(3.0) * std      # torch.nn.init.kaiming_uniform_\n"
                       "    return rng.uniform(low=-bound, high=bound, size=(n_in, n_out))\n"),
                  ("import numpy as np\n", "import math\n\nimport numpy as np\n")]},
              why="PyTorch's init code: a = sqrt(3) * gain * sqrt(2 / (fan_in + fan_out)) and bound = sqrt(3) * "
                  "sqrt(2) / sqrt(fan_in): the same bounds up to round-off, with math instead of numpy"),
        Valid(name="round7-init-normal-keyword-scale",
              edits={"initializers": [
                  (XN, "    fan_avg = (n_in + n_out) / 2\n"
                       "    return rng.normal(loc=0.0, scale=np.sqrt(1.0 / fan_avg), size=(n_in, n_out))\n"),
                  (HN, "    variance = 2 / n_in\n"
                       "    W = rng.normal(scale=variance ** 0.5, size=(n_in, n_out))\n"
                       "    assert W.shape == (n_in, n_out)\n"
                       "    return W\n")]},
              why="Xavier as variance 1/fan_avg (Keras' VarianceScaling mode fan_avg), He as variance ** 0.5; keyword "
                  "arguments; a shape assert"),
        # --- clipping -------------------------------------------------------------------------------
        Valid(name="round7-clip-value-minimum-maximum",
              edits={"clipping": [(CV,
                                   "    g = np.array(grad, dtype=float, copy=True)\n"
                                   "    return np.minimum(np.maximum(g, -max_val), max_val)\n")]},
              why="clip written as min(max(g, -c), c) on a copy"),
        Valid(name="round7-clip-value-in-place-on-copy",
              edits={"clipping": [(CV,
                                   "    out = np.copy(grad).astype(np.float64)\n"
                                   "    out[out > max_val] = max_val\n"
                                   "    out[out < -max_val] = -max_val\n"
                                   "    return out\n")]},
              why="boolean-mask assignment on a copy (the input untouched)"),
        Valid(name="round7-clip-norm-linalg-norm-divide",
              edits={"clipping": [(CN,
                                   "    g = np.asarray(grad, dtype=np.float64)\n"
                                   "    norm = np.linalg.norm(g)\n"
                                   "    if norm > max_norm:\n"
                                   "        return g * max_norm / norm\n"
                                   "    return g.copy()\n")]},
              why="np.linalg.norm (the Frobenius norm for 2-D arrays: all entries), (g * c) / norm instead of "
                  "g * (c / norm): round-off only; a copy when nothing is clipped"),
        Valid(name="round7-clip-global-concatenate-norm",
              edits={"clipping": [(CG,
                                   "    flat = np.concatenate([np.ravel(g) for g in grads])\n"
                                   "    total_norm = np.linalg.norm(flat)\n"
                                   "    clip_coef = max_norm / total_norm\n"
                                   "    if clip_coef < 1:\n"
                                   "        clipped = [np.asarray(g, dtype=np.float64) * clip_coef for g in grads]\n"
                                   "    else:\n"
                                   "        clipped = [np.array(g, dtype=np.float64) for g in grads]\n"
                                   "    return clipped, float(total_norm)\n")]},
              why="the global norm of all entries concatenated, PyTorch's clip_coef < 1 test (the same as "
                  "total > max_norm), copies when nothing is clipped"),
        Valid(name="round7-clip-global-vdot-in-place-copies",
              edits={"clipping": [(CG,
                                   "    out = [np.array(g, dtype=np.float64) for g in grads]\n"
                                   "    total = math.sqrt(sum(float(np.vdot(g, g)) for g in out))\n"
                                   "    if total > max_norm:\n"
                                   "        for g in out:\n"
                                   "            g *= max_norm / total\n"
                                   "    return out, total\n"),
                                  ("import numpy as np\n", "import math\n\nimport numpy as np\n")]},
              why="squared norms by np.vdot summed as Python floats, math.sqrt; copies scaled in place"),
        Valid(name="round7-update-ratio-norms-no-ravel",
              edits={"clipping": [(UR, "    return np.linalg.norm(update) / np.linalg.norm(param)\n")]},
              why="np.linalg.norm without ravel: for 1-D and 2-D arrays (the course's) the norm of all entries; "
                  "an np.float64, which is a float"),
        # --- gradient_anomalies ---------------------------------------------------------------------
        Valid(name="round7-anomalies-vectorised-medians-tolist",
              edits={"diagnostics": [(AN,
                                      "    norms = np.asarray(grad_norms, dtype=np.float64)\n"
                                      "    if norms.size < 2:\n"
                                      "        return []\n"
                                      "    med = np.array([np.median(norms[max(0, i - window):i]) for i in "
                                      "range(1, norms.size)])\n"
                                      "    flagged = np.flatnonzero(norms[1:] > factor * med) + 1\n"
                                      "    return flagged.tolist()\n")]},
              why="the medians of the previous windows in an array, the comparison vectorised, np.flatnonzero(...) "
                  ".tolist() giving Python ints; short inputs handled up front"),
        Valid(name="round7-anomalies-list-slices-append",
              edits={"diagnostics": [(AN,
                                      "    history = list(grad_norms)\n"
                                      "    flagged = []\n"
                                      "    for i, g in enumerate(history):\n"
                                      "        past = history[max(0, i - window):i]\n"
                                      "        if not past:\n"
                                      "            continue\n"
                                      "        if g > factor * float(np.median(past)):\n"
                                      "            flagged.append(i)\n"
                                      "    return flagged\n")]},
              why="list slices of the previous norms, the empty history skipped explicitly, indices from enumerate"),
        # --- train ----------------------------------------------------------------------------------
        Valid(name="round7-train-extra-loss-call-np-floats",
              edits={"training": [(TR,
                                   "    n = X.shape[0]\n"
                                   "    step = 0\n"
                                   "    history = []\n"
                                   "    for epoch in range(epochs):\n"
                                   "        order = rng.permutation(n)\n"
                                   "        losses = []\n"
                                   "        for start in range(0, n, batch_size):\n"
                                   "            idx = order[start:start + batch_size]\n"
                                   "            Xb, yb = X[idx], y[idx]\n"
                                   "            before = net.loss(Xb, yb)      # logged: the loss before the update\n"
                                   "            _, grads = net.backward(Xb, yb)\n"
                                   "            if clip_norm is not None:\n"
                                   "                grads, norm = clip_by_global_norm(grads, clip_norm)\n"
                                   "            if schedule is not None:\n"
                                   "                optimizer.lr = float(schedule(step))\n"
                                   "            optimizer.update(net.params, grads)\n"
                                   "            step += 1\n"
                                   "            losses.append(before)\n"
                                   "        history.append(np.mean(losses))\n"
                                   "        print(f'epoch {epoch}: loss {history[-1]:.4f}')\n"
                                   "    return history\n")]},
              why="the batch loss from an extra net.loss call at the same parameters (what backward returns), "
                  "np.float64 epoch losses, a print per epoch"),
        Valid(name="round7-train-batches-listed-step-from-count",
              edits={"training": [(TR,
                                   "    n = len(X)\n"
                                   "    epoch_losses = []\n"
                                   "    n_batches = -(-n // batch_size)\n"
                                   "    for epoch in range(epochs):\n"
                                   "        perm = rng.permutation(n)\n"
                                   "        batches = [perm[i:i + batch_size] for i in range(0, n, batch_size)]\n"
                                   "        total = 0.0\n"
                                   "        for b, idx in enumerate(batches):\n"
                                   "            loss, grads = net.backward(X[idx], y[idx])\n"
                                   "            grads = [g.copy() for g in grads]\n"
                                   "            if clip_norm is not None:\n"
                                   "                grads = clip_by_global_norm(grads, clip_norm)[0]\n"
                                   "            if schedule is not None:\n"
                                   "                optimizer.lr = schedule(epoch * n_batches + b)\n"
                                   "            optimizer.update(net.params, grads)\n"
                                   "            total += loss\n"
                                   "        epoch_losses.append(total / len(batches))\n"
                                   "    return epoch_losses\n")]},
              why="the global step computed as epoch * batches_per_epoch + b (the same count), gradients copied "
                  "defensively, the epoch mean as a running sum / count"),
        Valid(name="round7-train-inline-global-clip",
              edits={"training": [(TR,
                                   "    n = len(X)\n"
                                   "    step = 0\n"
                                   "    epoch_losses = []\n"
                                   "    for _ in range(epochs):\n"
                                   "        perm = rng.permutation(n)\n"
                                   "        batch_losses = []\n"
                                   "        for start in range(0, n, batch_size):\n"
                                   "            idx = perm[start:start + batch_size]\n"
                                   "            loss, grads = net.backward(X[idx], y[idx])\n"
                                   "            if clip_norm is not None:\n"
                                   "                total = np.sqrt(sum(np.sum(g * g) for g in grads))\n"
                                   "                if total > clip_norm:\n"
                                   "                    grads = [g * (clip_norm / total) for g in grads]\n"
                                   "            if schedule is not None:\n"
                                   "                setattr(optimizer, 'lr', schedule(step))\n"
                                   "            optimizer.update(net.params, grads)\n"
                                   "            step += 1\n"
                                   "            batch_losses.append(loss)\n"
                                   "        epoch_losses.append(float(sum(batch_losses) / len(batch_losses)))\n"
                                   "    return epoch_losses\n")]},
              why="global-norm clipping written inline instead of calling clip_by_global_norm (the same rule), "
                  "setattr for the rate, the mean as sum / len"),
        # --- written after the first grading, having read only week 1's sgd grader (docs/graders.md) ---
        Valid(name="round7b-train-schedule-logged-twice",
              edits={T: [(TR, TR.replace("            if schedule is not None:\n                optimizer.lr = schedule(step)\n",
                                         "            if schedule is not None:\n"
                                         "                lrs_seen.append(schedule(step))   # a log of the rates used\n"
                                         "                optimizer.lr = schedule(step)\n")
                              .replace("    epoch_losses = []\n", "    epoch_losses = []\n    lrs_seen = []\n"))]},
              why="the schedule called twice at the same step (once for a log of the rates, once to set lr)"),
        Valid(name="round7b-train-lr-set-before-backward",
              edits={T: [(TR, TR.replace(SET_LR, "").replace("            idx = perm[start:start + batch_size]\n",
                                                             SET_LR + "            idx = perm[start:start + batch_size]\n"))]},
              why="the rate set at the top of the step, before the backward pass: the same rate for the same update"),
        Valid(name="round7b-train-backward-twice-check",
              edits={T: [(TR, TR.replace("            loss, grads = net.backward(X[idx], y[idx])\n",
                                         "            first_loss, _ = net.backward(X[idx], y[idx])\n"
                                         "            loss, grads = net.backward(X[idx], y[idx])\n"
                                         "            assert np.isclose(first_loss, loss)   # backward does not change the net\n"))]},
              why="net.backward called twice on the same batch at the same parameters (a determinism check): backward "
                  "never changes the parameters, so the update is the same (93/100 before the training host counted a repeated "
                      "backward once)"),
        Valid(name="round7b-train-full-data-loss-printed",
              edits={T: [(TR, TR.replace("        epoch_losses.append(float(np.mean(batch_losses)))\n",
                                         "        epoch_losses.append(float(np.mean(batch_losses)))\n"
                                         "        print(f'epoch {len(epoch_losses)}: mean batch loss {epoch_losses[-1]:.4f}, '\n"
                                         "              f'loss on all data {net.loss(X, y):.4f}')\n"))]},
              why="a print per epoch with the loss on all the data (an extra forward pass, no update)"),
        Valid(name="round7b-clip-global-norm-of-norms",
              edits={"clipping": [(CG,
                                   "    norms = [np.linalg.norm(np.ravel(g)) for g in grads]\n"
                                   "    total = float(np.linalg.norm(norms))   # torch: norm of the per-tensor norms\n"
                                   "    coef = min(1.0, max_norm / total) if total > 0 else 1.0\n"
                                   "    return [np.asarray(g, dtype=np.float64) * coef for g in grads], total\n")]},
              why="torch.nn.utils.clip_grad_norm_'s total: the norm of the arrays' norms (the same number, round-off "
                  "apart); the coefficient clamped at 1 (PyTorch's clamp(max=1.0)); total 0 guarded"),
        # --- written after the second batch's fixes: calls where no update is made, elsewhere (docs/graders.md) ---
        Valid(name="round7c-train-full-data-loss-from-backward",
              edits={T: [(TR, TR.replace("        epoch_losses.append(float(np.mean(batch_losses)))\n",
                                         "        epoch_losses.append(float(np.mean(batch_losses)))\n"
                                         "        full_loss, _ = net.backward(X, y)   # backward returns the loss too\n"
                                         "        print(f'epoch {len(epoch_losses)}: loss on all data {full_loss:.4f}')\n"))]},
              why="the loss on all the data after each epoch read from net.backward (which returns it and changes no "
                  "parameter), only printed (90/100 before the training host read a run's backward passes one per update)"),
        Valid(name="round7c-train-always-through-clip-with-inf",
              edits={T: [(TR, TR.replace("            if clip_norm is not None:\n"
                                         "                grads, _ = clip_by_global_norm(grads, clip_norm)\n",
                                         "            limit = clip_norm if clip_norm is not None else np.inf\n"
                                         "            grads, grad_norm = clip_by_global_norm(grads, limit)   # also logs the norm\n"
                                         "            norms.append(grad_norm)\n")
                              .replace("    epoch_losses = []\n", "    epoch_losses = []\n    norms = []\n"))]},
              why="every batch's gradients go through clip_by_global_norm, with an infinite limit when clip_norm is "
                  "None (scale 1: the gradients unchanged), to log the norm"),
        Valid(name="round7c-train-norm-logged-after-update",
              edits={T: [(TR, TR.replace("            optimizer.update(net.params, grads)\n",
                                         "            optimizer.update(net.params, grads)\n"
                                         "            norms.append(clip_by_global_norm(grads, 1e300)[1])   # the norm used\n")
                              .replace("    epoch_losses = []\n", "    epoch_losses = []\n    norms = []\n"))]},
              why="the norm of the gradients the update used, logged after the update through clip_by_global_norm "
                  "with a huge limit (nothing clipped, nothing changed)"),
        # --- written after the third batch's fix: what train hands the optimizer and the schedule ---
        Valid(name="round7d-train-update-with-a-new-list-of-the-params",
              edits={T: [(TR, TR.replace("            optimizer.update(net.params, grads)\n",
                                         "            optimizer.update(list(net.params), list(grads))\n"))]},
              why="the optimizer given a new list holding the network's own arrays (updated in place: the network "
                  "trains) and a new list of the gradients"),
        Valid(name="round7d-train-numpy-step-counter",
              edits={T: [(TR,
                          "    n = len(X)\n"
                          "    starts = np.arange(0, n, batch_size)\n"
                          "    epoch_losses = []\n"
                          "    for epoch in range(epochs):\n"
                          "        perm = rng.permutation(n)\n"
                          "        batch_losses = []\n"
                          "        for step, start in zip(np.arange(epoch * len(starts), (epoch + 1) * len(starts)), starts):\n"
                          "            idx = perm[start:start + batch_size]\n"
                          "            loss, grads = net.backward(X[idx], y[idx])\n"
                          "            if clip_norm is not None:\n"
                          "                grads, _ = clip_by_global_norm(grads, clip_norm)\n"
                          "            if schedule is not None:\n"
                          "                optimizer.lr = schedule(step)\n"
                          "            optimizer.update(net.params, grads)\n"
                          "            batch_losses.append(float(loss))\n"
                          "        epoch_losses.append(float(np.mean(batch_losses)))\n"
                          "    return epoch_losses\n")]},
              why="the global step from np.arange (a NumPy integer, the same count) and batch starts from np.arange"),
    ]


VALID += _valid_round_7()


# --- round 8 of valid variants (docs/graders.md, "Valid variants, round 8"): correct code written from the contract,
# the stubs' docstrings and the libraries' public code (PyTorch, optax, Keras, fastai) BEFORE the graders were
# read, graded once: all at full marks but one left out (docs/graders.md says which and why), so no grader
# changed. Whole-function snippets come from the reference. ----
def _valid_round_8() -> list[Valid]:
    """Round 8's valid variants of this week (a function, so its snippet names stay local)."""
    TRAIN = solution_region(WEEK, "training", "train")
    STEP_TAIL = ("            if clip_norm is not None:\n"
                 "                grads, _ = clip_by_global_norm(grads, clip_norm)\n"
                 "            if schedule is not None:\n"
                 "                optimizer.lr = schedule(step)\n"
                 "            optimizer.update(net.params, grads)\n"
                 "            step += 1\n")
    CLIP_VALUE = solution_region(WEEK, "clipping", "clip_by_value")
    CLIP_NORM = solution_region(WEEK, "clipping", "clip_by_norm")
    CLIP_GLOBAL = solution_region(WEEK, "clipping", "clip_by_global_norm")
    RATIO = solution_region(WEEK, "clipping", "update_ratio")
    XU = solution_region(WEEK, "initializers", "xavier_uniform")
    HN = solution_region(WEEK, "initializers", "he_normal")
    ANOM = solution_region(WEEK, "diagnostics", "gradient_anomalies")
    T = "training"
    C = "clipping"
    I = "initializers"
    D = "diagnostics"
    SMOOTH = ("        c = np.concatenate([[0.0], np.cumsum(x)])\n"
              "        i = np.arange(len(x))\n"
              "        lo, hi = np.maximum(i - h, 0), np.minimum(i + h + 1, len(x))\n"
              "        s = (c[hi] - c[lo]) / (hi - lo)\n")
    def _train(head: str, loop: str, tail: str = "            batch_losses.append(float(loss))\n"
               "        epoch_losses.append(float(np.mean(batch_losses)))\n    return epoch_losses\n") -> dict:
        """A train variant: its own set-up (head) and per-batch start (loop), then the shared clip/schedule/update."""
        return {T: [(TRAIN, head + loop + STEP_TAIL + tail)]}
    return [
        # --- train: rows and labels kept paired, indexed or batched differently ---------------------------
        Valid(name="round8-train-np-take-rows-and-labels",
              edits=_train("    n, step, epoch_losses = X.shape[0], 0, []\n"
                           "    for _ in range(epochs):\n"
                           "        perm = rng.permutation(n)\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            idx = perm[start:start + batch_size]\n"
                           "            loss, grads = net.backward(np.take(X, idx, axis=0), np.take(y, idx))\n"),
              why="np.take along axis 0 for the rows and np.take for their labels: the same batch as X[idx], y[idx]"),
        Valid(name="round8-train-stacked-array-shuffled-then-split",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    data = np.column_stack([X, y])        # labels as the last column, shuffled with their rows\n"
                           "    for _ in range(epochs):\n"
                           "        shuffled = data[rng.permutation(n)]\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            block = shuffled[start:start + batch_size]\n"
                           "            loss, grads = net.backward(block[:, :-1], block[:, -1].astype(y.dtype))\n"),
              why="X and y stacked into one array (labels as a last column, exact in float64 for small ints), the "
                  "stack shuffled by the epoch's permutation and split back: every row keeps its label"),
        Valid(name="round8-train-int32-index-array",
              edits=_train("    n = len(X)\n    step = 0\n    epoch_losses = []\n"
                           "    for _ in range(epochs):\n"
                           "        perm = rng.permutation(n).astype(np.int32)\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            idx = perm[start:start + batch_size]\n"
                           "            loss, grads = net.backward(X[idx], y[idx])\n"),
              why="the permutation cast to int32 (a smaller index dtype): the same rows and labels"),
        Valid(name="round8-train-generator-of-batches",
              edits=_train("    def batches(order):\n"
                           "        for start in range(0, len(order), batch_size):\n"
                           "            chosen = order[start:start + batch_size]\n"
                           "            yield X[chosen], y[chosen]\n"
                           "    step, epoch_losses = 0, []\n"
                           "    for _ in range(epochs):\n"
                           "        order = rng.permutation(len(X))\n"
                           "        batch_losses = []\n",
                           "        for Xb, yb in batches(order):\n"
                           "            loss, grads = net.backward(Xb, yb)\n"),
              why="a generator yielding (X[idx], y[idx]) pairs from the epoch's permutation"),
        Valid(name="round8-train-batch-list-before-loop",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    for _ in range(epochs):\n"
                           "        perm = rng.permutation(n)\n"
                           "        pieces = np.array_split(perm, range(batch_size, n, batch_size))\n"
                           "        batch_list = [(X[p], y[p]) for p in pieces]\n"
                           "        batch_losses = []\n",
                           "        for Xb, yb in batch_list:\n"
                           "            loss, grads = net.backward(Xb, yb)\n"),
              why="the epoch's batches cut with np.array_split at multiples of batch_size and listed as (rows, labels) "
                  "pairs before the loop"),
        Valid(name="round8-train-labels-as-list",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    labels = list(y)\n"
                           "    for _ in range(epochs):\n"
                           "        perm = rng.permutation(n)\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            idx = perm[start:start + batch_size]\n"
                           "            loss, grads = net.backward(X[idx], [labels[i] for i in idx])\n"),
              why="the batch's labels passed as a Python list (the network reads them with np.asarray), each the "
                  "label of its row"),
        Valid(name="round8-train-zip-pairs-shuffled",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    pairs = list(zip(X, y))\n"
                           "    for _ in range(epochs):\n"
                           "        perm = rng.permutation(n)\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            chunk = [pairs[i] for i in perm[start:start + batch_size]]\n"
                           "            Xb = np.stack([row for row, _ in chunk])\n"
                           "            yb = np.array([label for _, label in chunk])\n"
                           "            loss, grads = net.backward(Xb, yb)\n"),
              why="(row, label) pairs zipped once, a batch gathered as pairs and unzipped with np.stack / np.array"),
        Valid(name="round8-train-sorted-batch-indices",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    for _ in range(epochs):\n"
                           "        perm = rng.permutation(n)\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            idx = np.sort(perm[start:start + batch_size])   # the same batch, rows in memory order\n"
                           "            loss, grads = net.backward(X[idx, :], y[idx])\n"),
              why="each batch's indices sorted: the same set of (row, label) pairs, so the same mean loss and "
                  "gradients (round-off apart)"),
        # --- train: harmless extras ---------------------------------------------------------------------------
        Valid(name="round8-train-initial-loss-check-and-update-ratio-log",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    n_classes = len(np.unique(y))\n"
                           "    start_loss, _ = net.backward(X, y)   # ln(classes) expected for a fresh net; no update\n"
                           "    if abs(start_loss - np.log(n_classes)) > 1.0:\n"
                           "        print(f'initial loss {start_loss:.3f}, expected about {np.log(n_classes):.3f}')\n"
                           "    ratios = []\n"
                           "    for _ in range(epochs):\n"
                           "        perm = rng.permutation(n)\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            idx = perm[start:start + batch_size]\n"
                           "            before = [p.copy() for p in net.params]\n"
                           "            loss, grads = net.backward(X[idx], y[idx])\n",
                           "            ratios.append(max(np.linalg.norm(p - b) / (np.linalg.norm(b) + 1e-12)\n"
                           "                              for p, b in zip(net.params, before)))\n"
                           "            batch_losses.append(float(loss))\n"
                           "        epoch_losses.append(float(np.mean(batch_losses)))\n"
                           "    return epoch_losses\n"),
              why="a sanity check of the initial loss on all the data (net.backward, which changes no parameter; no update), copies of the "
                  "parameters before each update to log the update/weight ratio"),
        Valid(name="round8-train-early-stopping-monitor-keeps-best-copy",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    best, best_params, waited = np.inf, None, 0\n"
                           "    for epoch in range(epochs):\n"
                           "        perm = rng.permutation(n)\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            idx = perm[start:start + batch_size]\n"
                           "            loss, grads = net.backward(X[idx], y[idx])\n",
                           "            batch_losses.append(loss)\n"
                           "        epoch_losses.append(float(sum(batch_losses) / len(batch_losses)))\n"
                           "        if epoch_losses[-1] < best:\n"
                           "            best, waited = epoch_losses[-1], 0\n"
                           "            best_params = [p.copy() for p in net.params]   # kept for the caller, not restored\n"
                           "        else:\n"
                           "            waited += 1\n"
                           "            if waited == 5:\n"
                           "                print(f'epoch {epoch}: no improvement for 5 epochs (training continues)')\n"
                           "    return epoch_losses\n"),
              why="an early-stopping monitor that only reports (copies of the best parameters kept, never restored, "
                  "no update skipped); the epoch's loss as sum / count of the batch losses"),
        Valid(name="round8-train-float-schedule-and-grads-copied",
              edits={T: [(TRAIN,
                          "    n = X.shape[0]\n"
                          "    updates = 0\n"
                          "    losses_per_epoch = []\n"
                          "    for epoch in range(epochs):\n"
                          "        perm = rng.permutation(n)\n"
                          "        total, count = 0.0, 0\n"
                          "        for start in range(0, n, batch_size):\n"
                          "            idx = perm[start:start + batch_size]\n"
                          "            loss, grads = net.backward(X[idx], y[idx])\n"
                          "            grads = [np.array(g, copy=True) for g in grads]\n"
                          "            if clip_norm is not None:\n"
                          "                grads = clip_by_global_norm(grads, clip_norm)[0]\n"
                          "            if schedule is not None:\n"
                          "                optimizer.lr = float(schedule(updates))\n"
                          "            optimizer.update(net.params, grads)\n"
                          "            updates += 1\n"
                          "            total += loss\n"
                          "            count += 1\n"
                          "        losses_per_epoch.append(total / count)\n"
                          "    return losses_per_epoch\n")]},
              why="the gradients copied before use, the schedule's value through float(), the epoch mean as a running "
                  "total / count, other names"),
        # --- initializers ----------------------------------------------------------------------------------
        Valid(name="round8-init-flat-draw-reshaped",
              edits={I: [(XU,
                          "    a = np.sqrt(6.0 / (n_in + n_out))\n"
                          "    return rng.uniform(low=-a, high=a, size=n_in * n_out).reshape(n_in, n_out)\n"),
                         (HN,
                          "    std = math.sqrt(2) / math.sqrt(n_in)\n"
                          "    return rng.normal(loc=0.0, scale=std, size=n_in * n_out).reshape((n_in, n_out))\n"),
                         ("import numpy as np\n", "import math\n\nimport numpy as np\n")]},
              why="a flat draw of n_in * n_out values reshaped (the same stream in C order), keyword arguments, "
                  "sqrt(2)/sqrt(n_in) for sqrt(2/n_in) (round-off apart)"),
        # --- clipping --------------------------------------------------------------------------------------
        Valid(name="round8-clip-value-nested-where",
              edits={C: [(CLIP_VALUE,
                          "    g = np.asarray(grad, dtype=np.float64)\n"
                          "    return np.where(g > max_val, max_val, np.where(g < -max_val, -max_val, g))\n")]},
              why="np.where twice: a new array, the same values as np.clip"),
        Valid(name="round8-clip-norm-hypot-in-place-copy",
              edits={C: [(CLIP_NORM,
                          "    out = np.array(grad, dtype=np.float64, copy=True)\n"
                          "    norm = math.hypot(*out.ravel()) if out.size else 0.0\n"
                          "    if norm > max_norm:\n"
                          "        out *= max_norm / norm\n"
                          "    return out\n"),
                         ("import numpy as np\n", "import math\n\nimport numpy as np\n")]},
              why="math.hypot over all entries (the L2 norm), the copy scaled in place"),
        Valid(name="round8-clip-global-norm-array-multiply-out",
              edits={C: [(CLIP_GLOBAL,
                          "    norms = np.array([np.linalg.norm(np.ravel(g)) for g in grads], dtype=np.float64)\n"
                          "    total = np.sqrt(np.sum(norms ** 2))\n"
                          "    factor = min(1.0, max_norm / total) if total > 0 else 1.0\n"
                          "    clipped = []\n"
                          "    for g in grads:\n"
                          "        c = np.array(g, dtype=np.float64)\n"
                          "        np.multiply(c, factor, out=c)\n"
                          "        clipped.append(c)\n"
                          "    return clipped, total\n")]},
              why="each array's norm, then the root of their squares (round-off apart), factor min(1, max/total), "
                  "copies scaled in place with np.multiply(out=); total an np.float64"),
        # --- update_ratio ----------------------------------------------------------------------------------
        Valid(name="round8-update-ratio-sqrt-of-ratio",
              edits={C: [(RATIO,
                          "    u = np.asarray(update, dtype=np.float64)\n"
                          "    p = np.asarray(param, dtype=np.float64)\n"
                          "    with np.errstate(divide='ignore', invalid='ignore'):\n"
                          "        return float(np.sqrt(np.sum(u * u) / np.sum(p * p)))\n")]},
              why="the root of the ratio of squared norms (round-off apart); inf / nan for a zero param as the "
                  "docstring says"),
        # --- gradient_anomalies ----------------------------------------------------------------------------
        Valid(name="round8-anomalies-percentile-50",
              edits={D: [(ANOM,
                          "    norms = [float(x) for x in grad_norms]\n"
                          "    flagged = []\n"
                          "    for i in range(1, len(norms)):\n"
                          "        history = norms[max(0, i - window):i]\n"
                          "        if norms[i] > factor * np.percentile(history, 50):\n"
                          "            flagged.append(i)\n"
                          "    return flagged\n")]},
              why="the median as the 50th percentile (np.percentile interpolates the middle pair as the median does)"),
        Valid(name="round8-train-all-permutations-drawn-first",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    orders = [rng.permutation(n) for _ in range(epochs)]   # the same draws, in the same order\n"
                           "    for perm in orders:\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            idx = perm[start:start + batch_size]\n"
                           "            loss, grads = net.backward(X[idx], y[idx])\n"),
              why="every epoch's permutation drawn before training (rng is used for nothing else, so the same "
                  "permutations)"),
        Valid(name="round8-train-schedule-before-clip",
              edits={T: [(TRAIN,
                          "    n = len(X)\n"
                          "    step = 0\n"
                          "    epoch_losses = []\n"
                          "    for _ in range(epochs):\n"
                          "        perm = rng.permutation(n)\n"
                          "        batch_losses = []\n"
                          "        for start in range(0, n, batch_size):\n"
                          "            idx = perm[start:start + batch_size]\n"
                          "            if schedule is not None:\n"
                          "                optimizer.lr = schedule(step)\n"
                          "            loss, grads = net.backward(X[idx], y[idx])\n"
                          "            if clip_norm:\n"
                          "                grads, norm = clip_by_global_norm(grads, clip_norm)\n"
                          "            optimizer.update(net.params, grads)\n"
                          "            step += 1\n"
                          "            batch_losses.append(float(loss))\n"
                          "        epoch_losses.append(float(np.mean(batch_losses)))\n"
                          "    return epoch_losses\n")]},
              why="the rate set before the backward pass and clipping after it (independent steps), 'if clip_norm:' "
                  "(a max_norm must be > 0, so the same test as 'is not None')"),
        Valid(name="round8-train-shuffled-copies-sliced",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    for _ in range(epochs):\n"
                           "        perm = rng.permutation(n)\n"
                           "        X_shuf, y_shuf = X[perm], y[perm]\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            end = min(start + batch_size, n)\n"
                           "            loss, grads = net.backward(X_shuf[start:end], y_shuf[start:end])\n"),
              why="X and y shuffled together once per epoch (X[perm], y[perm]), then consecutive slices"),
        Valid(name="round8-train-permutation-of-arange-prints",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    for epoch in range(epochs):\n"
                           "        perm = rng.permutation(np.arange(n))\n"
                           "        batch_losses = []\n",
                           "        for b, start in enumerate(range(0, n, batch_size)):\n"
                           "            idx = perm[start:start + batch_size]\n"
                           "            loss, grads = net.backward(X[idx], y[idx])\n"
                           "            print(f'epoch {epoch} batch {b}: loss {loss:.4f}')\n"),
              why="rng.permutation of an arange (the same draw as of the int), a print at every batch"),
        Valid(name="round8-anomalies-sliding-window-view",
              edits={D: [(ANOM,
                          "    norms = np.asarray(grad_norms, dtype=np.float64)\n"
                          "    flagged = [i for i in range(1, min(window, len(norms)))\n"
                          "               if norms[i] > factor * np.median(norms[:i])]\n"
                          "    if len(norms) > window:\n"
                          "        windows = np.lib.stride_tricks.sliding_window_view(norms[:-1], window)\n"
                          "        medians = np.median(windows, axis=1)          # windows[j] = norms[j : j + window]\n"
                          "        later = np.arange(window, len(norms))\n"
                          "        flagged += [int(i) for i in later[norms[window:] > factor * medians]]\n"
                          "    return flagged\n")]},
              why="full windows through sliding_window_view (the median of each previous window at once), the "
                  "short histories at the start in a loop"),
        Valid(name="round8-clip-value-method-on-copy",
              edits={C: [(CLIP_VALUE,
                          "    out = np.array(grad, dtype=np.float64)\n"
                          "    out.clip(-max_val, max_val, out=out)\n"
                          "    return out\n")]},
              why="ndarray.clip in place on a copy"),
        Valid(name="round8-init-positional-size-math-sqrt",
              edits={I: [("    std = np.sqrt(2.0 / (n_in + n_out))\n"
                          "    return rng.normal(0.0, std, size=(n_in, n_out))\n",
                          "    return rng.normal(0, math.sqrt(2 / (n_in + n_out)), (n_in, n_out))\n"),
                         ("    a = np.sqrt(6.0 / n_in)\n"
                          "    return rng.uniform(-a, a, size=(n_in, n_out))\n",
                          "    bound = math.sqrt(6 / n_in)\n"
                          "    return rng.uniform(-bound, bound, (n_in, n_out))\n"),
                         ("import numpy as np\n", "import math\n\nimport numpy as np\n")]},
              why="math.sqrt and the size passed positionally (the same draws)"),
        Valid(name="round8-train-inline-clip-in-place",
              edits={T: [(TRAIN,
                          "    n = len(X)\n"
                          "    step = 0\n"
                          "    epoch_losses = []\n"
                          "    for _ in range(epochs):\n"
                          "        perm = rng.permutation(n)\n"
                          "        batch_losses = []\n"
                          "        for start in range(0, n, batch_size):\n"
                          "            idx = perm[start:start + batch_size]\n"
                          "            loss, grads = net.backward(X[idx], y[idx])\n"
                          "            if clip_norm is not None:\n"
                          "                total = np.sqrt(sum(float(np.sum(g * g)) for g in grads))\n"
                          "                if total > clip_norm:\n"
                          "                    for g in grads:          # backward's fresh arrays, scaled in place\n"
                          "                        g *= clip_norm / total\n"
                          "            if schedule is not None:\n"
                          "                optimizer.lr = schedule(step)\n"
                          "            optimizer.update(net.params, grads)\n"
                          "            step += 1\n"
                          "            batch_losses.append(float(loss))\n"
                          "        epoch_losses.append(float(np.mean(batch_losses)))\n"
                          "    return epoch_losses\n")]},
              why="global-norm clipping written inline, scaling the arrays backward just returned in place (the "
                  "same clipped gradients reach the optimizer)"),
        Valid(name="round8-train-full-data-loss-every-batch",
              edits=_train("    n, step, epoch_losses = len(X), 0, []\n"
                           "    curve = []\n"
                           "    for _ in range(epochs):\n"
                           "        perm = rng.permutation(n)\n"
                           "        batch_losses = []\n",
                           "        for start in range(0, n, batch_size):\n"
                           "            idx = perm[start:start + batch_size]\n"
                           "            loss, grads = net.backward(X[idx], y[idx])\n",
                           "            curve.append(net.backward(X, y)[0])   # full-data loss after every update, for a plot\n"
                           "            batch_losses.append(float(loss))\n"
                           "        epoch_losses.append(float(np.mean(batch_losses)))\n"
                           "    return epoch_losses\n"),
              why="the loss on all the data after every update (an extra backward on all rows with their labels, no "
                  "update): slower, the same run"),
        Valid(name="round8-clip-norm-early-return-copy",
              edits={C: [(CLIP_NORM,
                          "    g = np.asarray(grad, dtype=np.float64)\n"
                          "    norm = np.linalg.norm(g.ravel(), 2)\n"
                          "    if norm <= max_norm:\n"
                          "        return g.copy()\n"
                          "    return g / norm * max_norm\n")]},
              why="the unchanged case returned early as a copy; g / norm * max_norm (round-off apart)"),
        Valid(name="round8-update-ratio-vdot",
              edits={C: [(RATIO,
                          "    u, p = np.ravel(update), np.ravel(param)\n"
                          "    return math.sqrt(np.vdot(u, u)) / math.sqrt(np.vdot(p, p)) if np.any(p) else float(\n"
                          "        np.linalg.norm(u) / np.linalg.norm(p))\n"),
                         ("import numpy as np\n", "import math\n\nimport numpy as np\n")]},
              why="the norms from np.vdot and math.sqrt; the zero-param case left to NumPy (inf or nan as the "
                  "docstring says)"),
        Valid(name="round8-module-level-self-check-left-in",
              edits={T: [("        epoch_losses.append(float(np.mean(batch_losses)))\n    return epoch_losses\n    ### END SOLUTION\n",
                          "        epoch_losses.append(float(np.mean(batch_losses)))\n    return epoch_losses\n    ### END SOLUTION\n"
                          "\n\n# quick check that clipping is wired in (left in, no __main__ guard: runs at import)\n"
                          "_clipped, _total = clip_by_global_norm([np.array([3.0]), np.array([4.0])], 1.0)\n"
                          "print('training module loaded; clip check', _total, [c.tolist() for c in _clipped])\n")]},
              why="a check of the clipping helper left at the bottom of training.py (runs and prints at import)"),
        Valid(name="round8-train-keyword-calls-to-clip-and-update",
              edits={T: [(TRAIN,
                    "    n = len(X)\n"
                    "    step = 0\n"
                    "    epoch_losses = []\n"
                    "    for _ in range(epochs):\n"
                    "        perm = rng.permutation(n)\n"
                    "        batch_losses = []\n"
                    "        for start in range(0, n, batch_size):\n"
                    "            idx = perm[start:start + batch_size]\n"
                    "            loss, grads = net.backward(X[idx], y[idx])\n"
                    "            if clip_norm is not None:\n"
                    "                grads, _ = clip_by_global_norm(grads=grads, max_norm=clip_norm)\n"
                    "            if schedule is not None:\n"
                    "                optimizer.lr = schedule(step)\n"
                    "            optimizer.update(params=net.params, grads=grads)\n"
                    "            step += 1\n"
                    "            batch_losses.append(float(loss))\n"
                    "        epoch_losses.append(float(np.mean(batch_losses)))\n"
                    "    return epoch_losses\n")]},
              why="clip_by_global_norm and optimizer.update called with the contract's keyword names"),
        Valid(name="round8-diagnose-smoothing-by-convolution",
              edits={D: [(SMOOTH,
                          "        kernel = np.ones(2 * h + 1)\n"
                          "        sums = np.convolve(x, kernel, mode='same')\n"
                          "        counts = np.convolve(np.ones(len(x)), kernel, mode='same')   # fewer at the ends\n"
                          "        s = sums / counts\n")]},
              why="the reference's recipe with its centered moving average through np.convolve (the same window, "
                  "normalised by the counts at the ends): round-off apart"),
        Valid(name="round8-diagnose-noise-by-percentile",
              edits={D: [("        return s, float(np.median(np.abs(x - s)))\n",
                          "        return s, float(np.percentile(np.abs(np.subtract(x, s)), 50))\n")]},
              why="the median of the wiggles as the 50th percentile"),
        Valid(name="round8-module-seeds-legacy-global-rng",
              edits={I: [("import numpy as np\n",
                          "import numpy as np\n\nnp.random.seed(0)   # left from experimenting; the functions use only rng\n")]},
              why="np.random.seed(0) at import (the legacy global generator, never used by the functions, which "
                  "draw only from rng)"),
        Valid(name="round8-module-sets-print-options",
              edits={C: [("import numpy as np\n",
                          "import numpy as np\n\nnp.set_printoptions(precision=3, suppress=True)   # readable prints\n")]},
              why="np.set_printoptions at import (a global display setting); the clipping functions are unchanged"),
    ]


VALID += _valid_round_8()

# Held-out round 7 (docs/graders.md): heldout_round7.py, written outside the repository from public sources
# after round 6 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_7 = load_round(__file__, "heldout_round7.py").ROUND_7
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_7_ALSO = {'xavier-uniform-fan-product': ('init-spread-wrong',), 'he-normal-keras-fan-avg': ('init-fan-mean',), 'xavier-normal-scale-std-squared': ('init-spread-wrong',), 'xavier-normal-relu-gain': ('init-wrong-gain',), 'clip-norm-times-norm-over-max': ('clip-scaled',), 'clip-norm-sum-of-absolute-values': ('clip-scaled',)}

# --- round 7 burnt (docs/graders.md, "The figures"): graded once held out (81 of 82 lose points, 53 named), then
# used to grow the graders; training cases now (heldout_round7.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_7_UNNAMED = {
    'diagnose-lr-to-low': "'lr_to_low' returned: read as lr_too_low missed, not a label outside the six",
    'anomalies-ema-baseline': 'a running average of the norms as the baseline: no model of the baseline names it',
    'train-grads-averaged-again': 'the gradients divided by the batch size again: told only that train does not learn',
    'train-running-loss-not-divided': 'the epoch loss summed over the batches: no model of the recorded loss names it',
    'train-clips-weights-not-gradients': 'the weights clipped instead of the gradients: read as the clip ignored and '
                                         'the spike not clipped',
}
# after grading: the graders' own model of the same slip names it (its words read against the case)
ROUND_7_ALSO = {**ROUND_7_ALSO, 'update-ratio-mean-absolute': ('update-ratio-mean-abs',)}
# lost no points when graded: wrong only for a zero global norm, which no grader input reached. The contract's
# clip_by_global_norm (the docstring's scale: max_norm / total if total > max_norm, else 1) returns all-zero
# gradients unchanged, so test_clipping now passes them (reason there); the ZeroDivisionError is named by its class
ROUND_7_ALSO = {**ROUND_7_ALSO, 'clip-global-min-of-ratio': ('division-by-zero',)}
# after grading: named by the kind of crash (the mechanism names below)
ROUND_7_ALSO = {**ROUND_7_ALSO, 'clip-global-norm-of-concatenation': ('concatenate-shapes-differ',)}
MISTAKES += burn(ROUND_7, 7, ROUND_7_ALSO, ROUND_7_UNNAMED, MISTAKES)

# --- crashes named by their kind (docs/graders.md, "Mechanism names"): the exception's class and message prove
# the slip whatever code raised it (autograder/kit/judge.py, crash_named); a training case of other code each
CLIP_SCALE = "    scale = max_norm / total if total > max_norm else 1.0\n"
MISTAKES += [
    Mistake(tag="concatenate-shapes-differ", name="clip-global-norm-of-hstack",
            edits={"clipping": [("    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n",
                                 "    total = float(np.linalg.norm(np.hstack(grads)))\n")]},
            why="the arrays stacked side by side as they are, to take one norm: a matrix and a vector do not stack",
            source="mechanism: a crash named by its kind (numpy.hstack: arrays of different dimensions)"),
    Mistake(tag="division-by-zero", name="clip-global-scale-before-the-test",
            edits={"clipping": [(CLIP_SCALE, "    scale = max_norm / total\n    scale = scale if scale < 1 else 1.0\n")]},
            why="the ratio computed first and compared with 1 afterwards: all-zero gradients divide by their norm 0",
            source="mechanism: a crash named by its kind (https://docs.pytorch.org/docs/stable/generated/"
                   "torch.nn.utils.clip_grad_norm_.html adds 1e-6 for this)"),
]
# a family grown from round 7 (docs/graders.md, "Families"): the weights after the step as the ratio's denominator
RATIO_RETURN = "    return float(np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param)))\n"
MISTAKES += [
    Mistake(tag="update-ratio-over-updated-param", name="update-ratio-over-param-minus-update",
            edits={"clipping": [(RATIO_RETURN, RATIO_RETURN.replace("np.ravel(param)", "np.ravel(param - update)"))]},
            why="the update read as the step that is subtracted (p - lr g) and the ratio taken over the weights "
                "after it",
            source="family: the weights after the step as the denominator (cs231n's ratio is over the weights "
                   "before the update)"),
]
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# Held-out round 8 (docs/graders.md): heldout_round8.py, written outside the repository from public sources
# after round 7 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_8 = load_round(__file__, "heldout_round8.py").ROUND_8
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_8_ALSO = {'xavier-uniform-sqrt-of-six-only': ('init-spread-wrong',), 'he-normal-relu-gain-applied-twice': ('init-wrong-gain', 'init-spread-wrong'), 'clip-norm-square-outside-sum': ('clip-scaled',), 'clip-global-sqrt-of-sum-of-norms': ('clip-scaled',), 'clip-global-np-mean-of-squares': ('clip-scaled',), 'train-extends-with-every-batch-loss': ('wrong-shape',)}
# --- round 8 burnt (docs/graders.md, "Round 8 is burnt"): graded once held out (18 of 19 lose points, 9 named), then
# used to grow the graders; training cases now (heldout_round8.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_8_UNNAMED = {
    # 'xavier-normal-cs231n-randn-over-sqrt-fan-in' (LeCun's std for Xavier) is named since round 9's burn: a
    # truncated draw is now also told by its bound (test_initializers.TRUNCATED_AT), LeCun's has tails
    'update-ratio-sqrt-of-sum-of-param': "sqrt(sum(param)) as the weights' norm: not a norm (sign-dependent, nan "
                                         "below 0), no model of it; told only that the ratio is wrong",
    'diagnose-half-gone-checked-first': "a rule tested before another: read as lr_too_high missed, no model of the "
                                        "rules' order",
    'diagnose-flat-tail-is-plateau': "a converged (flat) tail called a plateau: read as healthy missed and plateau "
                                     "overused, no model of the label's definition",
}
# after grading: named by the kind of crash (the crash kinds below), and by the graders' own model of the same slip
# (its words read against the case: "returned 270 losses; expected one per epoch ... not after each batch")
ROUND_8_ALSO = {**ROUND_8_ALSO, 'train-clip-result-as-grads': ('sequence-used-as-array',),
                'train-extends-with-every-batch-loss': ('train-wrong-loss-count',)}
MISTAKES += burn(ROUND_8, 8, ROUND_8_ALSO, ROUND_8_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# the one case that lost no points is killed: test_train's shuffling test now compares the rows of every batch with
# the contract's (rng used only for one permutation(N) per epoch), and names a composition of permutations
MISTAKES += [
    Mistake(tag="train-compounded-shuffle", name="train-index-array-reshuffled-in-place",
            edits={T: [("    for _ in range(epochs):\n        perm = rng.permutation(n)\n",
                        "    perm = np.arange(n)\n    for _ in range(epochs):\n        rng.shuffle(perm)\n")]},
            why="one index array made before the loop and shuffled in place each epoch: each shuffle permutes the "
                "previous epoch's order, not the rows as given",
            source="mechanism: a composition of permutations (rng.shuffle on a kept array, as in many SGD loops)"),
    Mistake(tag="train-batch-rows", name="train-choice-without-replacement",
            edits={T: [("        perm = rng.permutation(n)\n", "        perm = rng.choice(n, size=n, replace=False)\n")]},
            why="a random order drawn by rng.choice without replacement: a shuffle, but not the permutation the "
                "contract draws from the same generator",
            source="https://numpy.org/doc/stable/reference/random/generated/numpy.random.Generator.choice.html"),
]

# --- crash kinds grown from round 8 (docs/graders.md, "Round 8 is burnt"): a training case of other code each
MISTAKES += [
    Mistake(tag="reshape-assumes-divisible", name="train-permutation-reshaped-into-batches",
            edits={T: [("        for start in range(0, n, batch_size):\n"
                        "            idx = perm[start:start + batch_size]\n",
                        "        for idx in perm.reshape(-1, batch_size):\n")]},
            why="the epoch's permutation reshaped into rows of batch_size: only when batch_size divides N",
            source="mechanism: a crash named by its kind (numpy.reshape: the new shape must hold the same size)"),
    Mistake(tag="sequence-used-as-array", name="clip-global-clipped-as-one-array",
            edits={"clipping": [("    return [g * scale for g in grads], total\n",
                                 "    return np.array([g * scale for g in grads]), total\n")]},
            why="the clipped arrays, of different shapes, stacked into one array",
            source="mechanism: a crash named by its kind (numpy >= 1.24: an array of a ragged sequence raises)"),
]

# --- mechanism names grown from round 8 (docs/graders.md, "Round 8 is burnt"): named by what the values prove
# (test_train: one rate for every update of an epoch; public.py: every entry on one bound); other code each
MISTAKES += [
    Mistake(tag="train-schedule-per-epoch", name="train-schedule-on-first-batch-only",
            edits={T: [("            if schedule is not None:\n                optimizer.lr = schedule(step)\n"
                        "            optimizer.update(net.params, grads)\n",
                        "            if schedule is not None and start == 0:   # a new rate at each epoch\n"
                        "                optimizer.lr = schedule(step)\n"
                        "            optimizer.update(net.params, grads)\n")]},
            why="the rate set at the first batch of each epoch only, then kept for the epoch's other updates",
            source="mechanism: one rate per epoch (epoch-based schedulers are stepped once per epoch)"),
    Mistake(tag="clip-value-bounds-swapped", name="clip-value-max-of-min-with-bounds-swapped",
            edits={C: [("    return np.clip(np.asarray(grad, dtype=np.float64), -max_val, max_val)\n",
                        "    grad = np.asarray(grad, dtype=np.float64)\n"
                        "    return np.maximum(np.minimum(grad, -max_val), max_val)\n")]},
            why="max and min composed with the bounds exchanged: every entry ends at max_val",
            source="mechanism: the lower bound above the upper one (numpy.clip does not check a_min <= a_max)"),
]
# the median written as one middle element of the sorted window (test_anomalies.MIDDLE_ELEMENT): other code
MISTAKES += [
    Mistake(tag="anomalies-hand-written-median", name="anomalies-lower-middle-of-sorted",
            edits={D: [("np.median(norms[max(0, i - window):i])",
                        "sorted(norms[max(0, i - window):i])[(min(i, window) - 1) // 2]")]},
            why="the median read off the sorted window as its lower middle element",
            source="mechanism: one middle element for the median (https://numpy.org/doc/stable/reference/generated/"
                   "numpy.median.html: the average of the two middle values for an even count)"),
]


# --- round 9 of valid variants (docs/graders.md, "Valid variants, round 9"): correct code written from the contract
# and the stubs' docstrings BEFORE the graders were read, aimed at classes rounds 7-8 did not cover (unit draws
# scaled afterwards, shared module helpers, math.hypot / math.fsum norms, boolean-mask clipping, flatten-clip-split
# global clipping, a diagnose written as an ordered rule table or with loop smoothing, a deque window, a train with
# the step in closed form or from itertools.count), each checked against the reference on random inputs (the
# initialisers on the same generator states), then graded once. ----
def _valid_round_9() -> list[Valid]:
    """Round 9's valid variants of this week (a function, so its snippet names stay local)."""
    XU, XN, HN, HU = (solution_region(WEEK, "initializers", f)
                      for f in ("xavier_uniform", "xavier_normal", "he_normal", "he_uniform"))
    CV, CN, CG, UR = (solution_region(WEEK, "clipping", f)
                      for f in ("clip_by_value", "clip_by_norm", "clip_by_global_norm", "update_ratio"))
    DG, AN = (solution_region(WEEK, "diagnostics", f) for f in ("diagnose_loss_curve", "gradient_anomalies"))
    TR = solution_region(WEEK, "training", "train")
    IMPORT = "import numpy as np\n"
    I, C, D, T = "initializers", "clipping", "diagnostics", "training"
    return [
        # --- initializers ---------------------------------------------------------------------------
        Valid(name="round9-init-xavier-uniform-unit-draw-scaled",
              edits={I: [(XU,
                          "    bound = np.sqrt(6.0 / (n_in + n_out))\n"
                          "    return bound * rng.uniform(-1.0, 1.0, size=(n_in, n_out))\n")]},
              why="U(-1, 1) drawn with the same generator calls, then scaled by the bound (equal up to round-off)"),
        Valid(name="round9-init-xavier-normal-unit-normal-math-sqrt",
              edits={I: [(IMPORT, "import math\n\nimport numpy as np\n"),
                         (XN, "    return rng.normal(size=(n_in, n_out)) * math.sqrt(2.0 / (n_in + n_out))\n")]},
              why="rng.normal with its defaults (loc 0, scale 1: the same draws) times the std from math.sqrt"),
        Valid(name="round9-init-he-normal-gain-over-root-fan-in",
              edits={I: [(IMPORT, "import math\n\nimport numpy as np\n\nRELU_GAIN = math.sqrt(2.0)   # He et al. "
                                  "(2015)\n"),
                         (HN,
                          "    std = RELU_GAIN / math.sqrt(n_in)\n"
                          "    return rng.normal(loc=0.0, scale=std, size=(n_in, n_out)).astype(np.float64, "
                          "copy=False)\n")]},
              why="std = sqrt(2) / sqrt(n_in) with a module-level gain constant, keyword loc/scale, a no-copy astype"),
        Valid(name="round9-init-uniforms-share-a-helper",
              edits={I: [(IMPORT, "import numpy as np\n\n\n"
                                  "def _symmetric_uniform(bound, shape, rng):\n"
                                  "    \"\"\"U(-bound, bound) of the given shape, one draw from rng.\"\"\"\n"
                                  "    return rng.uniform(low=-bound, high=bound, size=shape)\n"),
                         (XU, "    return _symmetric_uniform((6.0 / (n_in + n_out)) ** 0.5, (n_in, n_out), rng)\n"),
                         (HU, "    return _symmetric_uniform((6.0 / n_in) ** 0.5, (n_in, n_out), rng)\n")]},
              why="both uniform initialisers through one module-level helper; the bound as a 0.5 power"),
        # --- clipping ---------------------------------------------------------------------------
        Valid(name="round9-clip-value-sign-times-capped-magnitude",
              edits={C: [(CV,
                          "    grad = np.asarray(grad, dtype=np.float64)\n"
                          "    return np.sign(grad) * np.minimum(np.abs(grad), max_val)\n")]},
              why="sign(g) * min(|g|, max_val): the same values, a new array"),
        Valid(name="round9-clip-value-boolean-masks-on-copy",
              edits={C: [(CV,
                          "    out = np.array(grad, dtype=np.float64)\n"
                          "    out[out > max_val] = max_val\n"
                          "    out[out < -max_val] = -max_val\n"
                          "    return out\n")]},
              why="boolean-mask assignments on a copy"),
        Valid(name="round9-clip-norm-math-sqrt-of-dot",
              edits={C: [(IMPORT, "import math\n\nimport numpy as np\n"),
                         (CN,
                          "    flat = np.asarray(grad, dtype=np.float64).ravel()\n"
                          "    norm = math.sqrt(float(np.dot(flat, flat)))\n"
                          "    factor = max_norm / norm if norm > max_norm else 1.0\n"
                          "    return np.multiply(grad, factor, dtype=np.float64)\n")]},
              why="the norm as math.sqrt of the dot product of the raveled gradient; a factor of 1.0 when not clipped "
                  "(np.multiply makes the new array either way)"),
        Valid(name="round9-clip-norm-math-hypot",
              edits={C: [(IMPORT, "import math\n\nimport numpy as np\n"),
                         (CN,
                          "    grad = np.array(grad, dtype=np.float64)\n"
                          "    norm = math.hypot(*grad.ravel().tolist())\n"
                          "    if norm <= max_norm:\n"
                          "        return grad\n"
                          "    return grad / norm * max_norm\n")]},
              why="the Euclidean norm with math.hypot over all entries (Python 3.8+, accurate); divided by the norm, "
                  "then times max_norm"),
        Valid(name="round9-clip-global-flatten-clip-split",
              edits={C: [(CG,
                          "    grads = [np.asarray(g, dtype=np.float64) for g in grads]\n"
                          "    flat = np.concatenate([g.ravel() for g in grads]) if grads else np.zeros(0)\n"
                          "    total = float(np.linalg.norm(flat))\n"
                          "    flat = clip_by_norm(flat, max_norm)\n"
                          "    cuts = np.cumsum([g.size for g in grads])[:-1]\n"
                          "    return [part.reshape(g.shape) for part, g in zip(np.split(flat, cuts), grads)], "
                          "total\n")]},
              why="all gradients as one flat vector, clipped by clip_by_norm, split back at the arrays' sizes and "
                  "reshaped"),
        Valid(name="round9-clip-global-fsum-of-vdots",
              edits={C: [(IMPORT, "import math\n\nimport numpy as np\n"),
                         (CG,
                          "    total = math.sqrt(math.fsum(float(np.vdot(g, g)) for g in grads))\n"
                          "    if total <= max_norm:\n"
                          "        return [np.array(g, dtype=np.float64) for g in grads], total\n"
                          "    scale = max_norm / total\n"
                          "    return [np.asarray(g, dtype=np.float64) * scale for g in grads], total\n")]},
              why="the squared norms as vdots summed with math.fsum; unclipped gradients returned as copies"),
        Valid(name="round9-update-ratio-einsum-errstate",
              edits={C: [(UR,
                          "    u = np.ravel(update).astype(np.float64)\n"
                          "    p = np.ravel(param).astype(np.float64)\n"
                          "    with np.errstate(divide='ignore', invalid='ignore'):   # a zero param gives inf (or "
                          "nan)\n"
                          "        ratio = np.sqrt(np.einsum('i,i->', u, u)) / np.sqrt(np.einsum('i,i->', p, p))\n"
                          "    return float(ratio)\n")]},
              why="the norms from np.einsum, the division under np.errstate so a zero param gives inf/nan quietly"),
        # --- diagnostics ---------------------------------------------------------------------------
        Valid(name="round9-diagnose-ordered-rule-table",
              edits={D: [(DG,
                          "    def smooth(x):\n"
                          "        h = 0 if len(x) < 5 else int(np.clip(len(x) // 20, 1, 10))\n"
                          "        c = np.concatenate([[0.0], np.cumsum(x)])\n"
                          "        i = np.arange(len(x))\n"
                          "        lo, hi = np.maximum(i - h, 0), np.minimum(i + h + 1, len(x))\n"
                          "        s = (c[hi] - c[lo]) / (hi - lo)\n"
                          "        return s, float(np.median(np.abs(x - s)))\n"
                          "\n"
                          "    train = np.asarray(train_losses, dtype=np.float64)\n"
                          "    val = None if val_losses is None else np.asarray(val_losses, dtype=np.float64)\n"
                          "    if val is not None and len(val) != len(train):\n"
                          "        raise ValueError('train_losses and val_losses must have the same length')\n"
                          "    finite = np.all(np.isfinite(train)) and (val is None or np.all(np.isfinite(val)))\n"
                          "    if not finite:\n"
                          "        return 'diverging'\n"
                          "    if len(train) < 2:\n"
                          "        return 'healthy'\n"
                          "    s, noise = smooth(train)\n"
                          "    start, end = s[0], s[-1]\n"
                          "    k = len(s) // 10\n"
                          "    low = s[k:].min()\n"
                          "    progress = s[k] - low\n"
                          "    climbed = end - low\n"
                          "    wiggle = np.mean(np.abs(train[k:] - s[k:]))\n"
                          "    mid = len(s) // 2\n"
                          "\n"
                          "    def exploded():\n"
                          "        last, lowest = train[-1], train.min()\n"
                          "        return end > 2 * start or last > 3 * start or (last > 4 * lowest and last - lowest "
                          "> 10 * noise)\n"
                          "\n"
                          "    def overfit():\n"
                          "        if val is None or len(val) < 3:\n"
                          "            return False\n"
                          "        v, v_noise = smooth(val)\n"
                          "        m = int(np.argmin(v))\n"
                          "        rise = v[-1] - v[m]\n"
                          "        return rise > 0.1 * v[m] and rise > 4 * v_noise and end - s[m] <= max(0.02 * s[m], "
                          "4 * noise)\n"
                          "\n"
                          "    def stalled():\n"
                          "        first_half, second_half = s[0] - s[mid], s[mid] - end\n"
                          "        return start - end < max(0.01 * start, 4 * noise) or second_half < 0.25 * "
                          "first_half\n"
                          "\n"
                          "    rules = [   # in order: the first that holds names the curve\n"
                          "        ('diverging', exploded),\n"
                          "        ('overfitting', overfit),\n"
                          "        ('lr_too_high', lambda: climbed > 0.25 * progress and climbed > 0.05 * low and "
                          "climbed > 4 * noise),\n"
                          "        ('lr_too_high', lambda: wiggle > 0.25 * progress and wiggle > 0.05 * "
                          "np.median(s[k:])),\n"
                          "        ('healthy', lambda: end <= start / 2),\n"
                          "        ('plateau', stalled),\n"
                          "    ]\n"
                          "    return next((label for label, holds in rules if holds()), 'lr_too_low')\n")]},
              why="the docstring's recipe as an ordered table of (label, predicate) pairs, the first that holds wins; "
                  "the statistics computed up front"),
        Valid(name="round9-diagnose-loop-smoothing",
              edits={D: [(DG,
                          DG.split("    train = np.asarray")[0].replace(
                              "        c = np.concatenate([[0.0], np.cumsum(x)])\n"
                              "        i = np.arange(len(x))\n"
                              "        lo, hi = np.maximum(i - h, 0), np.minimum(i + h + 1, len(x))\n"
                              "        s = (c[hi] - c[lo]) / (hi - lo)\n",
                              "        s = np.array([np.mean(x[max(0, i - h):i + h + 1]) for i in range(len(x))])\n")
                          + "    train = np.asarray" + DG.split("    train = np.asarray")[1])]},
              why="the centred moving average taken window by window with np.mean (equal to the cumulative-sum form "
                  "up to round-off)"),
        Valid(name="round9-anomalies-deque-window-generator",
              edits={D: [(IMPORT, "from collections import deque\n\nimport numpy as np\n"),
                         (AN,
                          "    def flagged():\n"
                          "        recent = deque(maxlen=window)\n"
                          "        for i, norm in enumerate(float(x) for x in grad_norms):\n"
                          "            if recent and norm > factor * np.median(recent):\n"
                          "                yield i\n"
                          "            recent.append(norm)\n"
                          "    return list(flagged())\n")]},
              why="a deque of at most `window` previous norms (flagged ones included, as in the slice) and a "
                  "generator of indices"),
        # --- training ---------------------------------------------------------------------------
        Valid(name="round9-train-closed-form-step",
              edits={T: [(TR,
                          "    n = X.shape[0]\n"
                          "    n_batches = -(-n // batch_size)\n"
                          "    losses = []\n"
                          "    for epoch in range(epochs):\n"
                          "        order = rng.permutation(n)\n"
                          "        total = 0.0\n"
                          "        for j in range(n_batches):\n"
                          "            idx = order[j * batch_size:(j + 1) * batch_size]\n"
                          "            loss, grads = net.backward(X[idx], y[idx])\n"
                          "            if clip_norm is not None:\n"
                          "                grads = clip_by_global_norm(grads, clip_norm)[0]\n"
                          "            if schedule is not None:\n"
                          "                optimizer.lr = schedule(epoch * n_batches + j)\n"
                          "            optimizer.update(net.params, grads)\n"
                          "            total += float(loss)\n"
                          "        losses.append(total / n_batches)\n"
                          "    return losses\n")]},
              why="the step in closed form, epoch * ceil(N / batch_size) + j, instead of a counter; the epoch's mean "
                  "as a running sum over the batch count (equal up to round-off)"),
        Valid(name="round9-train-itertools-count-fsum",
              edits={T: [(IMPORT, "import itertools\nimport math\n\nimport numpy as np\n"),
                         (TR,
                          "    params = net.params          # the network's own list: updated in place\n"
                          "    steps = itertools.count()\n"
                          "    history: list[float] = []\n"
                          "    for _ in range(epochs):\n"
                          "        perm = rng.permutation(len(y))\n"
                          "        batch_losses = []\n"
                          "        for start in range(0, len(y), batch_size):\n"
                          "            idx = perm[start:start + batch_size]\n"
                          "            loss, grads = net.backward(X[idx], y[idx])\n"
                          "            step = next(steps)\n"
                          "            if clip_norm is not None:\n"
                          "                grads, _ = clip_by_global_norm(grads, max_norm=clip_norm)\n"
                          "            if schedule is not None:\n"
                          "                optimizer.lr = schedule(step)\n"
                          "            optimizer.update(params, grads)\n"
                          "            batch_losses.append(float(loss))\n"
                          "        history.append(math.fsum(batch_losses) / len(batch_losses))\n"
                          "    return history\n")]},
              why="steps from itertools.count(), net.params bound once (the same list), N read as len(y), the epoch "
                  "mean with math.fsum"),
        # --- second batch, written after the first had been graded: module-level names used another way ----
        Valid(name="round9-train-clipping-module-attribute",
              edits={T: [("from clipping import clip_by_global_norm\n", "import clipping\n"),
                         (TR, TR.replace("grads, _ = clip_by_global_norm(grads, clip_norm)",
                                         "grads, _ = clipping.clip_by_global_norm(grads, clip_norm)"))]},
              why="import clipping, then clipping.clip_by_global_norm(...) (the function looked up on the module at "
                  "each call)"),
        Valid(name="round9-train-imports-network-for-annotations",
              edits={T: [("from clipping import clip_by_global_norm\n",
                          "from clipping import clip_by_global_norm\nfrom network import TwoLayerNet\n"),
                         ("def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):",
                          "def train(net: TwoLayerNet, optimizer, X: np.ndarray, y: np.ndarray, epochs: int, "
                          "batch_size: int,\n          rng: np.random.Generator, clip_norm: float | None = None, "
                          "schedule=None) -> list[float]:")]},
              why="network.py (released with the week) imported for the annotation of net: the given code beside "
                  "the module"),
        Valid(name="round9-train-keyword-backward-and-index-lists",
              edits={T: [(TR, TR.replace("            loss, grads = net.backward(X[idx], y[idx])\n",
                                         "            rows = idx.tolist()\n"
                                         "            loss, grads = net.backward(X=X[rows], y=y[rows])\n"))]},
              why="the batch's indices as a Python list; backward called with the given network's own parameter "
                  "names, X= and y="),
        Valid(name="round9-diagnose-returns-numpy-str",
              edits={D: [(IMPORT, "import numpy as np\n\n_LABELS = np.array(['healthy', 'lr_too_high', 'lr_too_low', "
                                  "'diverging', 'plateau', 'overfitting'])\n"),
                         (DG, DG.replace('        return "diverging"\n', '        return _LABELS[3]\n')
                                .replace('    return "lr_too_low"\n', '    return _LABELS[2]\n'))]},
              why="two of the labels read from a NumPy array of strings: np.str_, a subclass of str equal to the "
                  "label"),
        Valid(name="round9-module-all-and-main-demo",
              edits={C: [(IMPORT, "import numpy as np\n\n__all__ = ['clip_by_value', 'clip_by_norm', "
                                  "'clip_by_global_norm', 'update_ratio']\n"),
                         (UR + "    ### END SOLUTION\n",
                          UR + "    ### END SOLUTION\n"
                          "\n"
                          "\n"
                          "if __name__ == '__main__':   # a demo when run as a script; importing runs nothing\n"
                          "    print(clip_by_global_norm([np.array([3.0]), np.array([4.0])], 1.0))\n")]},
              why="__all__ naming the four functions and an if __name__ == '__main__' demo (not run on import)"),
        # --- third batch, written after the second had been graded: structure -------------------------
        Valid(name="round9-init-dispatch-table",
              edits={I: [(IMPORT, "import numpy as np\n\n"
                                  "# fan used by each family: Xavier averages in and out, He uses the fan-in only\n"
                                  "_FAN = {'xavier': lambda n_in, n_out: (n_in + n_out) / 2, 'he': lambda n_in, n_out: "
                                  "n_in}\n"
                                  "\n"
                                  "\n"
                                  "def _draw(family, distribution, n_in, n_out, rng):\n"
                                  "    variance = 1.0 / _FAN[family](n_in, n_out)    # Var(W) = 2 / (2 * fan)...\n"
                                  "    variance = variance * (1.0 if family == 'xavier' else 2.0)\n"
                                  "    if distribution == 'normal':\n"
                                  "        return rng.normal(0.0, np.sqrt(variance), size=(n_in, n_out))\n"
                                  "    bound = np.sqrt(3.0 * variance)\n"
                                  "    return rng.uniform(-bound, bound, size=(n_in, n_out))\n"),
                         (XU, "    return _draw('xavier', 'uniform', n_in, n_out, rng)\n"),
                         (XN, "    return _draw('xavier', 'normal', n_in, n_out, rng)\n"),
                         (HN, "    return _draw('he', 'normal', n_in, n_out, rng)\n"),
                         (HU, "    return _draw('he', 'uniform', n_in, n_out, rng)\n")]},
              why="one module-level helper draws all four from a table of fans: the variance first, the uniform "
                  "bound sqrt(3 var) (equal up to round-off)"),
        Valid(name="round9-train-trainer-class",
              edits={T: [(IMPORT, "import numpy as np\n\n\n"
                                  "class _Trainer:\n"
                                  "    \"\"\"One run's loop state: the update count and the batch step.\"\"\"\n"
                                  "\n"
                                  "    def __init__(self, net, optimizer, clip_norm, schedule):\n"
                                  "        self.net, self.optimizer = net, optimizer\n"
                                  "        self.clip_norm, self.schedule = clip_norm, schedule\n"
                                  "        self.step = 0\n"
                                  "\n"
                                  "    def batch(self, Xb, yb):\n"
                                  "        loss, grads = self.net.backward(Xb, yb)\n"
                                  "        if self.clip_norm is not None:\n"
                                  "            grads, _ = clip_by_global_norm(grads, self.clip_norm)\n"
                                  "        if self.schedule is not None:\n"
                                  "            self.optimizer.lr = self.schedule(self.step)\n"
                                  "        self.optimizer.update(self.net.params, grads)\n"
                                  "        self.step += 1\n"
                                  "        return float(loss)\n"),
                         (TR,
                          "    trainer = _Trainer(net, optimizer, clip_norm, schedule)\n"
                          "    epoch_losses = []\n"
                          "    for _ in range(epochs):\n"
                          "        perm = rng.permutation(len(X))\n"
                          "        losses = [trainer.batch(X[perm[s:s + batch_size]], y[perm[s:s + batch_size]])\n"
                          "                  for s in range(0, len(X), batch_size)]\n"
                          "        epoch_losses.append(float(np.mean(losses)))\n"
                          "    return epoch_losses\n")]},
              why="a small module-level trainer class holds the step count; each epoch a comprehension of its batch "
                  "method (clip_by_global_norm is looked up at call time, after the module's imports)"),
        # --- fourth batch ------------------------------------------------------------------------------
        Valid(name="round9-train-shuffled-python-list",
              edits={T: [(TR, TR.replace("        perm = rng.permutation(n)\n",
                                         "        perm = list(range(n))\n"
                                         "        rng.shuffle(perm)          # the same draws as "
                                         "rng.permutation(n)\n"))]},
              why="each epoch's order by rng.shuffle of a Python list (the same draws as rng.permutation(n)); the "
                  "batches are list slices, so X[idx] indexes with lists"),
        # --- fifth batch: memory layout, process-wide settings, redundant assignments, NumPy float returns
        Valid(name="round9-init-fortran-ordered",
              edits={I: [(XU, XU.replace("    return rng.uniform(-a, a, size=(n_in, n_out))\n",
                                         "    return np.asfortranarray(rng.uniform(-a, a, size=(n_in, n_out)))\n")),
                         (HN, HN.replace("    return rng.normal(0.0, std, size=(n_in, n_out))\n",
                                         "    return np.asfortranarray(rng.normal(0.0, std, size=(n_in, n_out)))\n"))]},
              why="the weights returned in Fortran (column-major) order: the same values at the same indices"),
        Valid(name="round9-train-sets-lr-every-step",
              edits={T: [(TR, TR.replace("            if schedule is not None:\n"
                                         "                optimizer.lr = schedule(step)\n",
                                         "            optimizer.lr = schedule(step) if schedule is not None else "
                                         "optimizer.lr\n"))]},
              why="the rate assigned on every update, to itself when there is no schedule"),
        Valid(name="round9-clipping-numpy-float-returns-and-warnings-ignored",
              edits={C: [(IMPORT, "import warnings\n\nimport numpy as np\n\nwarnings.simplefilter('ignore', "
                                  "RuntimeWarning)   # a zero param's ratio is inf: no warning wanted\n"),
                         (CG, CG.replace("    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n",
                                         "    total = np.sqrt(np.float64(sum(np.sum(g ** 2) for g in grads)))\n")),
                         (UR, "    return np.linalg.norm(np.ravel(update)) / np.linalg.norm(np.ravel(param))\n")]},
              why="the global norm and the ratio returned as np.float64 (a subclass of float); RuntimeWarnings ignored "
                  "process-wide at import"),
        # --- sixth batch: arrays used as arrays (methods, in-place scaling) without a defensive cast ----
        Valid(name="round9-clip-norm-in-place-on-copy-no-cast",
              edits={C: [(CN,
                          "    out = grad.copy()                      # grad is float64 (the contract)\n"
                          "    norm = np.sqrt((out * out).sum())\n"
                          "    if norm > max_norm:\n"
                          "        out *= max_norm / norm\n"
                          "    return out\n")]},
              why="a copy scaled in place with ndarray methods, no cast"),
        Valid(name="round9-clip-global-ravel-methods",
              edits={C: [(CG,
                          "    total = float(np.sqrt(sum(g.ravel() @ g.ravel() for g in grads)))\n"
                          "    scale = min(1.0, max_norm / total) if total > 0 else 1.0\n"
                          "    return [g * scale for g in grads], total\n")]},
              why="the squared norms as ravel() @ ravel() (ndarray methods on the contract's arrays); min(1, "
                  "max_norm / total) as the scale"),
        Valid(name="round9-update-ratio-array-methods",
              edits={C: [(UR, "    return float(np.sqrt((update * update).sum() / (param * param).sum()))\n")]},
              why="sum() methods of the arrays, one square root of the ratio of the sums of squares"),
        Valid(name="round9-train-returns-numpy-floats",
              edits={T: [(TR, TR.replace("            batch_losses.append(float(loss))\n",
                                         "            batch_losses.append(loss)\n")
                                .replace("        epoch_losses.append(float(np.mean(batch_losses)))\n",
                                         "        epoch_losses.append(np.mean(batch_losses))   # np.float64, a "
                                         "float\n"))]},
              why="each epoch's loss left as the np.float64 that np.mean returns (a subclass of float)"),
    ]


VALID += _valid_round_9()

# Held-out round 9 (docs/graders.md): heldout_round9.py, written outside the repository from public sources
# after round 8 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_9 = load_round(__file__, "heldout_round9.py").ROUND_9
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_9_ALSO = {'xavier-uniform-six-over-fan-avg': ('init-spread-wrong',), 'xavier-uniform-six-over-n-in-plus-n-out': ('init-spread-wrong',), 'xavier-normal-one-over-fan-sum': ('init-spread-wrong',), 'he-normal-lecun-std': ('init-spread-wrong',), 'he-uniform-glorot-bound': ('init-spread-wrong',), 'train-perm-arange': ('train-batch-rows',), 'train-permutation-before-epochs': ('train-batch-rows',)}
# --- round 9 burnt (docs/graders.md, "Round 9 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round9.py stays as it was written; its digests are gone with the
# held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_9_UNNAMED: dict[str, str] = {
}
MISTAKES += burn(ROUND_9, 9, ROUND_9_ALSO, ROUND_9_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}


# --- names grown from round 9 (docs/graders.md, "Round 9 is burnt"): a model each (test_diagnose's families,
# test_clipping's entry-wise clip), and a training case of other code
_PLATEAU_OR_LOW = ("    if start - end < max(0.01 * start, 4 * noise) or second_half < 0.25 * first_half:\n"
                   "        return \"plateau\"\n    return \"lr_too_low\"\n")
MISTAKES += [
    Mistake(tag="diagnose-plateau-too-low-swapped", name="diagnose-still-falling-called-plateau",
            edits={D: [(_PLATEAU_OR_LOW,
                        "    still_falling = start - end >= max(0.01 * start, 4 * noise) and "
                        "second_half >= 0.25 * first_half\n"
                        "    return \"plateau\" if still_falling else \"lr_too_low\"\n")]},
            why="the test for a fall that goes on, with the two labels of its outcome exchanged",
            source="mechanism: two labels exchanged (most curves of each get the other)"),
    Mistake(tag="diagnose-rise-called-diverging", name="diagnose-end-above-half-again-the-lowest",
            edits={D: [("    if end > 2 * start or last > 3 * start or",
                        "    if end > 1.5 * s.min() or last > 3 * start or")]},
            why="a loss that ends half again above its lowest value called 'diverging': a fall that climbs back "
                "up is the rate too high, diverging is nan/inf or far above the start",
            source="mechanism: a finite rise read as diverging"),
]
MISTAKES += [
    Mistake(tag="clip-norm-by-value", name="clip-norm-large-entries-set-to-the-bound",
            edits={C: [(CLIP_NORM, "    grad = np.array(grad, dtype=np.float64)  # a copy\n"
                                   "    big = np.abs(grad) > max_norm\n"
                                   "    grad[big] = np.sign(grad[big]) * max_norm   # cap what is too large\n"
                                   "    return grad")]},
            why="each entry larger than max_norm in size set to +-max_norm: the value rule where the norm rule "
                "belongs",
            source="mechanism: every entry limited to [-max_norm, max_norm] (test_clipping)"),
    Mistake(tag="clip-norm-returns-norm", name="clip-norm-returns-scaled-and-norm",
            edits={C: [(CLIP_NORM, "    grad = np.array(grad, dtype=np.float64)  # a copy\n"
                                   "    norm = np.linalg.norm(grad)\n"
                                   "    return grad * min(1.0, max_norm / norm), norm")]},
            why="the clipped array and the norm returned together, as clip_by_global_norm does",
            source="mechanism: a second value, the norm, returned besides the array (probes.clip_one)"),
]
MISTAKES += [
    Mistake(tag="init-xavier-he-swapped", name="xavier-normal-lecun-std-written-out",
            edits={I: [(XN, XN.replace("np.sqrt(2.0 / (n_in + n_out))", "1.0 / np.sqrt(n_in)   # LeCun's std"))]},
            why="LeCun's std 1 / sqrt(n_in) for Xavier normal: 0.90 of the right spread at 400 x 250, as close as a "
                "draw truncated at 2 std (0.88), but with the tails of a normal draw",
            source="mechanism: He's fan (n_in alone) in a Xavier initializer, gain 1 (test_initializers.fan_family)"),
]


# --- valid variants, round 10 (docs/graders.md, "Valid variants, round 10"): written from the contract, the stubs
# and the lessons before any grader was read, each checked against the reference on random inputs, then graded.
def _valid_round_10() -> list[Valid]:
    """Round 10's valid variants of this week (a function, so its snippet names stay local)."""
    XU, XN, HN, HU = (solution_region(WEEK, "initializers", f)
                      for f in ("xavier_uniform", "xavier_normal", "he_normal", "he_uniform"))
    CV, CN, CG, UR = (solution_region(WEEK, "clipping", f)
                      for f in ("clip_by_value", "clip_by_norm", "clip_by_global_norm", "update_ratio"))
    DG, AN = (solution_region(WEEK, "diagnostics", f) for f in ("diagnose_loss_curve", "gradient_anomalies"))
    TR = solution_region(WEEK, "training", "train")
    I, C, D, T = "initializers", "clipping", "diagnostics", "training"
    # the reference's moving average inside diagnose (by cumulative sums), up to its return
    SMOOTH = DG[DG.index("        c = np.concatenate"):DG.index("        return s, float")]
    # the reference train's lines: its set-up, its epoch loop and its return (to wrap the loop in a block)
    TRAIN_HEAD, TRAIN_LOOP = TR[:TR.index("    for _ in range(epochs):")], TR[TR.index("    for _ in range(epochs):"):]
    TRAIN_LOOP, TRAIN_RETURN = TRAIN_LOOP[:TRAIN_LOOP.index("    return")], TRAIN_LOOP[TRAIN_LOOP.index("    return"):]
    STRENUM_DG = DG   # diagnose returning the members of an enum named like its labels
    for label in ("healthy", "lr_too_high", "lr_too_low", "diverging", "plateau", "overfitting"):
        STRENUM_DG = STRENUM_DG.replace(f'return "{label}"', f"return Diagnosis.{label}")
    return [
        # --- initializers ---------------------------------------------------------------------------
        Valid(name="round10-init-unbound-generator-methods",
              edits={I: [(XU,
                          "    import math\n"
                          "    a = math.sqrt(6.0 / (n_in + n_out))\n"
                          "    return np.random.Generator.uniform(rng, -a, a, (n_in, n_out))\n"),
                         (HN,
                          "    return np.random.Generator.normal(rng, 0.0, np.sqrt(2.0 / n_in), (n_in, n_out))\n")]},
              why="the draws through the unbound methods np.random.Generator.uniform/normal called with rng, sizes "
                  "positional, the bound from math.sqrt"),
        Valid(name="round10-init-keras-compute-fans-namedtuple",
              edits={I: [("def xavier_uniform(n_in, n_out, rng):\n",
                          "from typing import NamedTuple\n"
                          "\n"
                          "\n"
                          "class Fans(NamedTuple):\n"
                          "    fan_in: int\n"
                          "    fan_out: int\n"
                          "\n"
                          "    @property\n"
                          "    def fan_avg(self):\n"
                          "        return (self.fan_in + self.fan_out) / 2.0\n"
                          "\n"
                          "\n"
                          "def xavier_uniform(n_in, n_out, rng):\n"),
                         (XN,
                          "    fans = Fans(n_in, n_out)\n"
                          "    std = np.sqrt(1.0 / fans.fan_avg)   # Keras VarianceScaling(1, 'fan_avg')\n"
                          "    return rng.normal(0.0, std, size=(fans.fan_in, fans.fan_out))\n"),
                         (HU,
                          "    fans = Fans(n_in, n_out)\n"
                          "    limit = np.sqrt(3.0 * 2.0 / fans.fan_in)   # Keras VarianceScaling(2, 'fan_in', uniform)\n"
                          "    return rng.uniform(-limit, limit, size=(fans.fan_in, fans.fan_out))\n")]},
              why="Keras' VarianceScaling: fans in a NamedTuple, the variance scale / fan_avg (= 2 / (n_in + n_out)) "
                  "and the uniform limit sqrt(3 scale / fan_in)"),
        Valid(name="round10-init-checks-the-generator-type",
              edits={I: [(HU,
                          "    if not isinstance(rng, np.random.Generator):\n"
                          "        raise TypeError(f'rng must be a numpy.random.Generator, got {type(rng).__name__}')\n"
                          "    if n_in < 1 or n_out < 0:\n"
                          "        raise ValueError(f'need n_in >= 1 and n_out >= 0, got {n_in}, {n_out}')\n"
                          "    a = np.sqrt(6.0 / n_in)\n"
                          "    return rng.uniform(-a, a, size=(n_in, n_out))\n")]},
              why="input validation that raises only on what the contract rules out: an rng that is not a "
                  "numpy.random.Generator, no fan-in (a division by zero)"),
        # --- clipping ---------------------------------------------------------------------------
        Valid(name="round10-clip-value-median-of-three",
              edits={C: [(CV,
                          "    grad = np.asarray(grad, dtype=np.float64)\n"
                          "    low, high = np.full_like(grad, -max_val), np.full_like(grad, max_val)\n"
                          "    return np.median(np.stack([low, grad, high]), axis=0)   # the middle of the three\n")]},
              why="clipping as the elementwise median of (-max_val, g, max_val); a NaN stays NaN, as with np.clip"),
        Valid(name="round10-clip-norm-overflow-safe-scaled-norm",
              edits={C: [(CN,
                          "    grad = np.array(grad, dtype=np.float64)\n"
                          "    big = np.max(np.abs(grad)) if grad.size else 0.0\n"
                          "    # LAPACK's nrm2 idea: scale by the largest entry so the squares cannot overflow\n"
                          "    if np.isinf(big):   # an infinite entry: an infinite norm, as the plain sum says\n"
                          "        norm = np.inf\n"
                          "    else:\n"
                          "        norm = big * np.sqrt(np.sum((grad / big) ** 2)) if big > 0 else 0.0\n"
                          "    if norm > max_norm:\n"
                          "        grad = grad * (max_norm / norm)\n"
                          "    return grad\n")]},
              why="the norm computed overflow-safe, max|g| sqrt(sum((g / max|g|)^2)) (equal up to round-off; it "
                  "stays finite where the squares would overflow)"),
        Valid(name="round10-clip-norm-through-global-norm",
              edits={C: [(CN,
                          "    (clipped,), _ = clip_by_global_norm([grad], max_norm)   # one array: the same rule\n"
                          "    return clipped\n")]},
              why="clip_by_norm written as clip_by_global_norm of a one-array list"),
        Valid(name="round10-clip-global-hypot-chain",
              edits={C: [(CG,
                          "    import functools\n"
                          "    import math\n"
                          "    grads = [np.asarray(g, dtype=np.float64) for g in grads]\n"
                          "    norms = [float(np.linalg.norm(g.ravel())) for g in grads]\n"
                          "    total = functools.reduce(math.hypot, norms, 0.0)   # sqrt(a^2 + b^2 + ...)\n"
                          "    scale = max_norm / total if total > max_norm else 1.0\n"
                          "    return [np.multiply(g, scale) for g in grads], total\n")]},
              why="the global norm as a chain of math.hypot over the arrays' norms (equal up to round-off)"),
        Valid(name="round10-update-ratio-hypot-reduce",
              edits={C: [(UR,
                          "    u, p = np.ravel(update).astype(np.float64), np.ravel(param).astype(np.float64)\n"
                          "    if min(u.size, p.size) == 0 or not (np.isfinite(u).all() and np.isfinite(p).all()):\n"
                          "        # hypot has no identity (an empty norm is 0), and hypot(inf, nan) is inf\n"
                          "        return float(np.linalg.norm(u) / np.linalg.norm(p))\n"
                          "    return float(np.hypot.reduce(u) / np.hypot.reduce(p))\n")]},
              why="each norm as np.hypot.reduce over the flattened array (equal up to round-off)"),
        # --- diagnostics ---------------------------------------------------------------------------
        Valid(name="round10-diagnose-nanmean-windows-any-iterable",
              edits={D: [(SMOOTH,
                          "        if h == 0:\n"
                          "            s = np.array(x, dtype=np.float64)\n"
                          "        else:   # nan padding makes the windows shrink at the ends\n"
                          "            pad = np.full(h, np.nan)\n"
                          "            windows = np.lib.stride_tricks.sliding_window_view(\n"
                          "                np.concatenate([pad, x, pad]), 2 * h + 1)\n"
                          "            s = np.nanmean(windows, axis=1)\n"),
                         ("    train = np.asarray(train_losses, dtype=np.float64)\n",
                          "    train = np.array(list(train_losses), dtype=np.float64)   # any iterable\n")]},
              why="the centred moving average as nanmean over sliding windows of the nan-padded curve (no "
                  "cumulative sums), and the training losses taken from any iterable"),
        Valid(name="round10-anomalies-sorted-window-bisect",
              edits={D: [(AN,
                          "    import bisect\n"
                          "    import math\n"
                          "    norms = [float(x) for x in np.asarray(grad_norms, dtype=np.float64)]\n"
                          "    flagged, ordered, nans = [], [], 0   # the previous window, sorted; its NaNs counted\n"
                          "    for i, x in enumerate(norms):\n"
                          "        k = len(ordered)\n"
                          "        if i > 0 and nans == 0 and k > 0:   # a NaN in the window: no median, no flag\n"
                          "            med = ordered[k // 2] if k % 2 else (ordered[k // 2 - 1] + ordered[k // 2]) / 2\n"
                          "            if x > factor * med:\n"
                          "                flagged.append(i)\n"
                          "        if math.isnan(x):\n"
                          "            nans += 1\n"
                          "        else:\n"
                          "            bisect.insort(ordered, x)\n"
                          "        if i - window >= 0:   # norms[i - window] leaves the window\n"
                          "            old = norms[i - window]\n"
                          "            if math.isnan(old):\n"
                          "                nans -= 1\n"
                          "            else:\n"
                          "                del ordered[bisect.bisect_left(ordered, old)]\n"
                          "    return flagged\n")]},
              why="a running sorted window kept with bisect.insort (O(n window)), its median read off the middle; "
                  "a window holding a NaN flags nothing, as np.median's NaN compares false"),
        # --- train ---------------------------------------------------------------------------
        Valid(name="round10-train-fmean-unbound-permutation",
              edits={T: [(TR, TR.replace("    n = len(X)\n", "    import statistics\n    n = len(X)\n")
                          .replace("rng.permutation(n)", "np.random.Generator.permutation(rng, n)")
                          .replace("float(np.mean(batch_losses))", "statistics.fmean(batch_losses)"))]},
              why="each epoch's loss as statistics.fmean (an exactly rounded mean: equal up to round-off), the "
                  "shuffle through the unbound np.random.Generator.permutation"),
        Valid(name="round10-train-errstate-and-nonfinite-warning",
              edits={T: [(TR, TRAIN_HEAD
                          + "    import warnings\n"
                          + "    with np.errstate(over='ignore', invalid='ignore'):   # a diverging run reports, not warns\n"
                          + textwrap.indent(TRAIN_LOOP, "    ")
                          + "            if not np.isfinite(epoch_losses[-1]):\n"
                          + "                warnings.warn(f'the loss is {epoch_losses[-1]}; try a smaller learning '\n"
                          + "                              'rate or clipping', RuntimeWarning)\n"
                          + TRAIN_RETURN)]},
              why="the loop inside np.errstate (overflow silenced), and a RuntimeWarning, not a stop, when an "
                  "epoch's loss is not finite"),
        Valid(name="round10-train-rates-up-front-params-once",
              edits={T: [(TR, TR.replace(
                  "    step = 0\n",
                  "    per_epoch = -(-n // batch_size)   # batches per epoch (ceil)\n"
                  "    rates = None if schedule is None else [schedule(s) for s in range(epochs * per_epoch)]\n"
                  "    params = net.params   # the same arrays every step: updated in place\n"
                  "    step = 0\n")
                          .replace("            if schedule is not None:\n                optimizer.lr = schedule(step)\n",
                                   "            if rates is not None:\n                optimizer.lr = rates[step]\n")
                          .replace("optimizer.update(net.params, grads)", "optimizer.update(params, grads)"))]},
              why="the schedule (a function of the step) evaluated for every step before training, and net.params "
                  "read once: the optimizer updates those arrays in place"),
        # --- batch 2 ---------------------------------------------------------------------------
        Valid(name="round10-diagnose-strenum-labels",
              edits={D: [("def diagnose_loss_curve(train_losses, val_losses=None):\n",
                          "import enum\n"
                          "\n"
                          "\n"
                          "class Diagnosis(enum.StrEnum):   # str members: each equals (and hashes as) its value\n"
                          "    healthy = enum.auto()\n"
                          "    lr_too_high = enum.auto()\n"
                          "    lr_too_low = enum.auto()\n"
                          "    diverging = enum.auto()\n"
                          "    plateau = enum.auto()\n"
                          "    overfitting = enum.auto()\n"
                          "\n"
                          "\n"
                          "def diagnose_loss_curve(train_losses, val_losses=None):\n"),
                         (DG, STRENUM_DG)]},
              why="the labels as members of an enum.StrEnum with auto() values (str instances equal to the "
                  "contract's strings, and hashing the same)"),
        Valid(name="round10-clip-global-pytorch-clamped-coefficient",
              edits={C: [(CG,
                          "    import math\n"
                          "    grads = [np.asarray(g, dtype=np.float64) for g in grads]\n"
                          "    norms = [np.linalg.norm(g.ravel()) for g in grads]\n"
                          "    total = float(np.linalg.norm(np.array(norms)))   # the norm of the norms\n"
                          "    coef = max_norm / total if total > 0 else math.inf\n"
                          "    clamped = min(coef, 1.0)   # PyTorch multiplies always, by at most 1\n"
                          "    return [g * clamped for g in grads], total\n")]},
              why="PyTorch's clip_grad_norm_ without its 1e-6: the coefficient clamped to 1 and every array "
                  "multiplied by it (times 1.0 when the norm is within the bound)"),
        Valid(name="round10-init-xavier-normal-std-from-uniform-limit",
              edits={I: [(XN,
                          "    limit = np.sqrt(6.0 / (n_in + n_out))   # the uniform's bound, a = sqrt(3) std\n"
                          "    return rng.normal(0.0, limit / np.sqrt(3.0), size=(n_in, n_out))\n")]},
              why="the normal's std as the uniform's limit over sqrt(3) (equal up to round-off)"),
        Valid(name="round10-train-accuracy-through-forward",
              edits={T: [(TR, TR.replace(
                  "        epoch_losses.append(float(np.mean(batch_losses)))\n",
                  "        epoch_losses.append(float(np.mean(batch_losses)))\n"
                  "        accuracy = float(np.mean(np.argmax(net.forward(X), axis=1) == y))   # probabilities\n"
                  "        print(f'epoch {len(epoch_losses)}: loss {epoch_losses[-1]:.4f}, accuracy {accuracy:.3f}')\n"))]},
              why="the training accuracy printed after each epoch, from net.forward's probabilities on all rows"),
        Valid(name="round10-train-fortran-batches-int32-labels",
              edits={T: [(TR, TR.replace(
                  "            loss, grads = net.backward(X[idx], y[idx])\n",
                  "            Xb = np.asfortranarray(X[idx])   # column-major: the same values\n"
                  "            yb = y[idx].astype(np.int32)   # class labels fit in 32 bits\n"
                  "            loss, grads = net.backward(Xb, yb)\n"))]},
              why="each batch's rows copied into a Fortran-ordered array and its labels cast to int32"),
    ]


VALID += _valid_round_10()

# Held-out round 10 (docs/graders.md): heldout_round10.py, written outside the repository from public sources
# after round 9 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_10 = load_round(__file__, "heldout_round10.py").ROUND_10
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_10_ALSO = {'xavier-uniform-he-bound': ('init-spread-wrong',), 'xavier-normal-drawn-uniform-with-std': ('init-spread-wrong',), 'he-uniform-fan-average': ('init-spread-wrong',), 'clip-norm-infinity-norm': ('clip-scaled',), 'train-consecutive-rows-not-permuted': ('train-no-shuffle',), 'train-step-incremented-before-schedule': ('train-schedule-from-one',)}
# written blind, but the same code as a training case (comments and spaces aside: the writer was shown the older
# held-out rounds, not the catalogue's own cases) -- a known instance is no measure of naming what was never shown,
# so these are training cases from the start, decided before grading (docs/graders.md, "Round 10")
ROUND_10_REPEATS = {
    'clip-global-scales-arrays-in-place': 'clip-global-in-place',
    'train-range-stop-n-minus-batch-plus-one': 'train-drops-last-batch',
    'train-np-clip-with-clip-norm': 'train-np-clip-gradients',
}
MISTAKES += burn([m for m in ROUND_10 if m.case in ROUND_10_REPEATS], 10,
                  {c: t for c, t in ROUND_10_ALSO.items() if c in ROUND_10_REPEATS}, {}, MISTAKES)
# --- round 10 burnt (docs/graders.md, "Round 10 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round10.py stays as it was written; its digests are gone with the
# held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_10_UNNAMED: dict[str, str] = {
}
# after grading: the update ratio's own models name two (a ratio of squared norms is the squared ratio; the L1 norms'
# ratio is the mean absolute values' ratio, update and param having the same size)
ROUND_10_ALSO = {**ROUND_10_ALSO, 'update-ratio-sum-of-squares-ratio': ('update-ratio-squared',),
                 'update-ratio-l1-norms': ('update-ratio-mean-abs',)}
# after grading: models grown from the burnt cases (below)
ROUND_10_ALSO = {**ROUND_10_ALSO, 'diagnose-returns-overfit': ('diagnose-label-not-in-contract',),
                 'diagnose-asarray-of-none': ('diagnose-fails-without-val',),
                 'anomalies-returns-flagged-values': ('anomalies-returns-norms',),
                 'train-epoch-loss-over-full-batches': ('train-loss-divisor-wrong',)}
# PyTorch's clip_grad_norm_ coefficient max_norm / (norm + 1e-6) is the form the contract accepts: the docstring of
# clip_by_global_norm names it (below one part in a million for norms above 1), the clipping tests accept it
# (norm_forms) and `clip-global-torch-eps` is a valid case -- for clip_by_norm the same coefficient: a valid case
ACCEPTED_10 = ('clip-norm-divides-by-norm-plus-1e-6',)
VALID += [Valid(name=f"heldout10-{m.case}", edits=m.edits, why=m.why) for m in ROUND_10 if m.case in ACCEPTED_10]
MISTAKES += burn([m for m in ROUND_10 if m.case not in ROUND_10_REPEATS and m.case not in ACCEPTED_10], 10,
                  {c: t for c, t in ROUND_10_ALSO.items() if c not in ROUND_10_REPEATS}, ROUND_10_UNNAMED,
                  MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}


# --- names grown from round 10 (docs/graders.md, "Round 10 is burnt"): a model each (test_train, test_diagnose,
# test_anomalies), and a training case of other code
MISTAKES += [
    Mistake(tag="train-ignores-clip-norm", name="train-clip-norm-floored-at-one",
            edits={T: [("            loss, grads = net.backward(X[idx], y[idx])\n"
                        "            if clip_norm is not None:\n"
                        "                grads, _ = clip_by_global_norm(grads, clip_norm)\n",
                        "            loss, grads = net.backward(X[idx], y[idx])\n"
                        "            if clip_norm is not None:\n"
                        "                grads, _ = clip_by_global_norm(grads, max(clip_norm, 1.0))\n")]},
            why="the threshold floored at 1 ('never clip below 1'): clip_norm = 0.5 clips at 1",
            source="mechanism: global-norm clipping at another threshold than clip_norm"),
    Mistake(tag="train-loss-divisor-wrong", name="train-epoch-loss-over-examples",
            edits={T: [("        epoch_losses.append(float(np.mean(batch_losses)))\n",
                        "        epoch_losses.append(float(np.sum(batch_losses) / n))\n")]},
            why="the batch losses (each already a mean) summed and divided by the number of examples",
            source="mechanism: the sum of the batch losses divided by another count than the number of batches"),
    Mistake(tag="train-schedule-as-factor", name="train-lr-times-equals-schedule",
            edits={T: [("                optimizer.lr = schedule(step)\n"
                        "            optimizer.update(net.params, grads)\n",
                        "                optimizer.lr *= schedule(step)   # LambdaLR's lambda\n"
                        "            optimizer.update(net.params, grads)\n")]},
            why="the schedule read as LambdaLR's multiplier, applied to the current rate in place: the factors "
                "compound",
            source="mechanism: the rate multiplied by schedule(step) at every update"),
    Mistake(tag="diagnose-label-not-in-contract", name="diagnose-returns-capitalised-plateau",
            edits={D: [('        return "plateau"\n', '        return "Plateau"\n')]},
            why="a label capitalised: 'Plateau' is not the contract's 'plateau'",
            source="mechanism: an answer outside the contract's six labels"),
    Mistake(tag="diagnose-fails-without-val", name="diagnose-list-of-val-losses",
            edits={D: [("    val = None if val_losses is None else np.asarray(val_losses, dtype=np.float64)\n",
                        "    val = np.asarray(list(val_losses), dtype=np.float64)\n")]},
            why="val_losses converted without the None test: list(None) raises on every curve without validation "
                "losses",
            source="mechanism: the optional val_losses=None not handled"),
    Mistake(tag="anomalies-additive-threshold", name="anomalies-excess-over-median",
            edits={D: [("            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n",
                        "            if norms[i] - np.median(norms[max(0, i - window):i]) > factor]\n")]},
            why="the excess of the norm over the median compared with factor: an absolute margin, not a ratio",
            source="mechanism: factor added to the median instead of multiplying it"),
    Mistake(tag="anomalies-returns-norms", name="anomalies-returns-norms-by-mask",
            edits={D: [("    return [i for i in range(1, len(norms))\n"
                        "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n",
                        "    flagged = np.zeros(len(norms), dtype=bool)\n"
                        "    for i in range(1, len(norms)):\n"
                        "        flagged[i] = norms[i] > factor * np.median(norms[max(0, i - window):i])\n"
                        "    return norms[flagged].tolist()   # the suspicious steps\n")]},
            why="the mask applied to the norms: the flagged gradient norms come back, not their indices",
            source="mechanism: the flagged steps' values returned instead of their indices"),
]

# Held-out round 11 (docs/graders.md): heldout_round11.py, written outside the repository from public sources
# after round 10 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_11 = load_round(__file__, "heldout_round11.py").ROUND_11
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_11_ALSO = {'anomalies-window-through-i': ('anomalies-window-edges', 'anomalies-window-off-by-one'), 'clip-global-array-sum-squared': ('clip-scaled',), 'clip-norm-ord-keyword-2': ('clip-norm-matrix-norm', 'clip-scaled'), 'diagnose-healthy-if-end-below-start': ('diagnosis-missed-plateau',), 'diagnose-overfitting-capitalised': ('diagnose-label-not-in-contract',), 'he-normal-fan-out-mode': ('init-spread-wrong',), 'he-normal-lecun-one-over-sqrt-fan-in': ('init-wrong-gain', 'init-spread-wrong'), 'he-uniform-bound-one-over-sqrt-fan-in': ('init-spread-wrong',), 'train-step-zeroed-in-epoch-loop': ('train-schedule-step-resets',), 'update-ratio-log10-of-norms': ('update-ratio-log',), 'xavier-normal-std-without-sqrt': ('init-spread-wrong',), 'xavier-uniform-bound-is-normal-std': ('init-spread-wrong',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_11_REPEATS = {'xavier-uniform-bound-is-normal-std': 'xavier-uniform-bound-is-std', 'train-schedule-called-with-epoch-variable': 'train-schedule-per-epoch', 'train-range-full-batches-only': 'train-whole-batches-only', 'train-sum-of-batch-losses-over-n': 'train-epoch-loss-over-examples'}
ROUND_11_KNOWN, HELD_OUT = split_repeats(ROUND_11, 11, ROUND_11_ALSO, ROUND_11_REPEATS, MISTAKES)
MISTAKES += ROUND_11_KNOWN
# --- round 11 burnt (docs/graders.md, "Round 11 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round11.py stays as it was written; its digests are gone with the
# held-out mark). HELD_OUT carries ROUND_11_ALSO already (split_repeats), decided before grading.
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_11_UNNAMED: dict[str, str] = {}
# after grading: names the graders already said that read as true for the case (never into ROUND_11_ALSO):
# "this matches a bound of sqrt(1 / n_in)" is the case's own bound; "the gradients reached the optimizer
# unclipped: clip_norm was ignored" is what a clipped copy left unused does
ROUND_11_AFTER = {
    'he-uniform-bound-one-over-sqrt-fan-in': ('init-wrong-gain',),
    'train-clipped-into-other-name': ('train-ignores-clip-norm',),
}
# after grading: models grown from the burnt cases (below: the window's largest norm for its median; an epoch
# loss that keeps the earlier epochs' batch losses; a batch loss read after the update)
ROUND_11_AFTER = {**ROUND_11_AFTER, 'anomalies-compared-with-window-max': ('anomalies-window-statistic',),
                  'train-batch-losses-never-reset': ('train-epoch-loss-cumulative',),
                  'train-loss-recomputed-after-step': ('train-batch-loss-after-update',)}
MISTAKES += burn(HELD_OUT, 11, ROUND_11_AFTER, ROUND_11_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}


# --- names grown from round 11 (docs/graders.md, "Round 11 is burnt"): a model each (test_anomalies, test_train)
# and a training case of other code
MISTAKES += [
    Mistake(tag="anomalies-window-statistic", name="anomalies-loop-over-recent-max",
            edits={D: [(ANOMALY_RULE,
                        "    flagged = []\n"
                        "    for i in range(1, len(norms)):\n"
                        "        recent = list(norms[max(0, i - window):i])\n"
                        "        if norms[i] > factor * max(recent):   # bigger than anything seen lately\n"
                        "            flagged.append(i)\n"
                        "    return flagged")]},
            why="each norm compared with the largest of the recent ones: after a spike, the next spikes within the "
                "window are not flagged",
            source="mechanism: another statistic of the window (its maximum) in place of the median"),
    Mistake(tag="train-epoch-loss-cumulative", name="train-running-total-over-batches-per-epoch",
            edits={T: [("    epoch_losses = []\n", "    epoch_losses = []\n    running = 0.0\n"),
                       ("        epoch_losses.append(float(np.mean(batch_losses)))\n",
                        "        running += float(np.sum(batch_losses))   # a running total, never reset\n"
                        "        epoch_losses.append(running / len(batch_losses))\n")]},
            why="a running total of the batch losses started once before the epoch loop and divided by the number "
                "of batches of an epoch: every epoch's value adds the earlier epochs' losses",
            source="mechanism: an epoch loss that keeps the earlier epochs' batch losses"),
    Mistake(tag="train-batch-loss-after-update", name="train-loss-taken-after-update",
            edits={T: [("            loss, grads = net.backward(X[idx], y[idx])\n",
                        "            _, grads = net.backward(X[idx], y[idx])\n"),
                       ("            step += 1\n            batch_losses.append(float(loss))\n",
                        "            step += 1\n            batch_losses.append(net.loss(X[idx], y[idx]))   # how it "
                        "does now\n")]},
            why="the batch's loss taken from net.loss after the update: each entry measures the new weights, not "
                "the loss backward returned before the step",
            source="mechanism: the batch loss read after the update"),
]


def _valid_round_11() -> list[Valid]:
    """Round 11's valid variants of this week (a function, so its snippet names stay local)."""
    I, C, D, T = "initializers", "clipping", "diagnostics", "training"

    def region(module, function):   # the reference's solution region of a function of a module
        return solution_region(WEEK, module, function)

    TR = region(T, "train")
    # one epoch of the reference train (its permutation, batches and steps), up to the epoch's loss
    EPOCH = TR[TR.index("        perm = rng.permutation(n)\n"):TR.index("        epoch_losses.append(")]
    BATCHES = "        for start in range(0, n, batch_size):\n            idx = perm[start:start + batch_size]\n"
    return [
        # --- initializers ---------------------------------------------------------------------------
        Valid(name="round11-init-uniform-drawn-into-out-buffer",
              edits={I: [(region(I, "xavier_uniform"),
                          "    a = np.sqrt(6.0 / (n_in + n_out))\n"
                          "    w = np.empty((n_in, n_out))\n"
                          "    rng.random(out=w)   # U[0, 1) in place, the same draws uniform() makes\n"
                          "    w *= 2 * a\n"
                          "    w -= a\n"
                          "    return w\n")]},
              why="U[0, 1) drawn into a preallocated array by rng.random(out=...), then scaled and shifted in "
                  "place: (2a) u - a, the same numbers as uniform(-a, a)'s -a + (2a) u"),
        Valid(name="round11-init-standard-normal-out-buffer",
              edits={I: [(region(I, "he_normal"),
                          "    w = np.empty((n_in, n_out))\n"
                          "    rng.standard_normal(out=w)\n"
                          "    w *= np.sqrt(2.0 / n_in)\n"
                          "    return w\n")]},
              why="standard normals drawn into a preallocated array by rng.standard_normal(out=...), scaled in "
                  "place by the std (normal(0, std) is 0 + std z of the same draws)"),
        Valid(name="round11-init-callable-spec-objects",
              edits={I: [("def xavier_uniform(n_in, n_out, rng):\n",
                          "class _Init:\n"
                          "    \"\"\"An initializer as data: the numerator of the variance and whose fan divides it.\"\"\"\n"
                          "\n"
                          "    def __init__(self, gain2, fan, normal):\n"
                          "        self.gain2, self.fan, self.normal = gain2, fan, normal\n"
                          "\n"
                          "    def __call__(self, n_in, n_out, rng):\n"
                          "        fan = n_in + n_out if self.fan == 'sum' else n_in\n"
                          "        if self.normal:\n"
                          "            return rng.normal(0.0, np.sqrt(self.gain2 / fan), size=(n_in, n_out))\n"
                          "        a = np.sqrt(3 * self.gain2 / fan)\n"
                          "        return rng.uniform(-a, a, size=(n_in, n_out))\n"
                          "\n"
                          "\n"
                          "_XAVIER_NORMAL, _HE_UNIFORM = _Init(2.0, 'sum', True), _Init(2.0, 'in', False)\n"
                          "\n"
                          "\n"
                          "def xavier_uniform(n_in, n_out, rng):\n"),
                         (region(I, "xavier_normal"), "    return _XAVIER_NORMAL(n_in, n_out, rng)\n"),
                         (region(I, "he_uniform"), "    return _HE_UNIFORM(n_in, n_out, rng)\n")]},
              why="xavier_normal and he_uniform forwarded to callable objects that hold the variance's numerator "
                  "(2) and the fan; the uniform bound sqrt(3 * 2 / fan) = sqrt(6 / fan)"),
        # --- clipping ---------------------------------------------------------------------------
        Valid(name="round11-clip-value-np-select",
              edits={C: [(region(C, "clip_by_value"),
                          "    g = np.asarray(grad, dtype=np.float64)\n"
                          "    return np.select([g > max_val, g < -max_val], [max_val, -max_val], default=g)\n")]},
              why="np.select over the two out-of-range conditions, the gradient as the default (NaN falls through "
                  "both conditions and stays NaN, as with np.clip)"),
        Valid(name="round11-clip-norm-divides-by-excess-ratio",
              edits={C: [(region(C, "clip_by_norm"),
                          "    grad = np.array(grad, dtype=np.float64)\n"
                          "    norm = np.sqrt(np.sum(grad ** 2))\n"
                          "    if norm > max_norm:\n"
                          "        grad = grad / (norm / max_norm)   # divided by how many times too long it is\n"
                          "    return grad\n")]},
              why="the gradient divided by norm / max_norm instead of multiplied by max_norm / norm (one rounding "
                  "apart)"),
        Valid(name="round11-clip-norm-min-coefficient-always-applied",
              edits={C: [(region(C, "clip_by_norm"),
                          "    grad = np.array(grad, dtype=np.float64)\n"
                          "    norm = np.linalg.norm(grad.ravel())\n"
                          "    coef = min(1.0, max_norm / norm) if norm > 0 else 1.0\n"
                          "    return grad * coef\n")]},
              why="the coefficient min(1, max_norm / norm) always multiplied (1.0 when short enough, exact); a NaN "
                  "norm gives min(1.0, nan) = 1.0, the gradient unchanged as in the reference"),
        Valid(name="round11-clip-global-np-sum-of-per-array-squares",
              edits={C: [(region(C, "clip_by_global_norm"),
                          "    grads = [np.asarray(g, dtype=np.float64) for g in grads]\n"
                          "    total = float(np.sqrt(np.sum([np.sum(np.square(g)) for g in grads])))\n"
                          "    scale = max_norm / total if total > max_norm else 1.0\n"
                          "    return [g * scale for g in grads], total\n")]},
              why="the per-array sums of squares (np.square) added by np.sum over a list (pairwise, not Python's "
                  "left-to-right sum: equal up to round-off)"),
        Valid(name="round11-clip-global-returns-namedtuple",
              edits={C: [(region(C, "clip_by_global_norm"),
                          "    from collections import namedtuple\n"
                          "    Clipped = namedtuple('Clipped', ['grads', 'total_norm'])\n"
                          "    grads = [np.asarray(g, dtype=np.float64) for g in grads]\n"
                          "    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n"
                          "    scale = max_norm / total if total > max_norm else 1.0\n"
                          "    return Clipped([g * scale for g in grads], total)\n")]},
              why="the pair returned as a namedtuple (grads, total_norm): a tuple, unpacked and indexed the same"),
        Valid(name="round11-update-ratio-math-dist",
              edits={C: [(region(C, "update_ratio"),
                          "    import math\n"
                          "    u = np.ravel(np.asarray(update, dtype=np.float64)).tolist()\n"
                          "    p = np.ravel(np.asarray(param, dtype=np.float64)).tolist()\n"
                          "    if not all(map(math.isfinite, u + p)):   # math.dist is hypot: inf beats nan there\n"
                          "        return float(np.linalg.norm(u) / np.linalg.norm(p))\n"
                          "    with np.errstate(divide='ignore', invalid='ignore'):\n"
                          "        # lengths as distances from the origin; NumPy's division keeps 0/0 and x/0 as nan/inf\n"
                          "        return float(np.float64(math.dist(u, [0.0] * len(u))) / np.float64(math.dist(p, [0.0] * len(p))))\n")]},
              why="both lengths by math.dist from the origin (Python floats), divided as np.float64 so that a zero "
                  "parameter gives inf/nan as the reference does, not ZeroDivisionError; NumPy's norm where an entry "
                  "is not finite (math.dist, like hypot, gives inf for an inf beside a nan)"),
        # --- diagnostics ---------------------------------------------------------------------------
        Valid(name="round11-anomalies-ratio-to-window-median",
              edits={D: [(region(D, "gradient_anomalies"),
                          "    norms = np.asarray(grad_norms, dtype=np.float64)\n"
                          "    flagged = []\n"
                          "    with np.errstate(divide='ignore', invalid='ignore'):\n"
                          "        for i in range(1, len(norms)):\n"
                          "            ratio = norms[i] / np.median(norms[max(0, i - window):i])   # how many medians\n"
                          "            if ratio > factor:\n"
                          "                flagged.append(i)\n"
                          "    return flagged\n")]},
              why="the test read as a ratio, norm / median > factor (median 0: x/0 = inf flags a positive norm, "
                  "0/0 = nan does not; the same flags as norm > factor * median but at exact ties)"),
        Valid(name="round11-anomalies-partition-median-nan-guard",
              edits={D: [(region(D, "gradient_anomalies"),
                          "    norms = np.asarray(grad_norms, dtype=np.float64)\n"
                          "\n"
                          "    def median(w):   # by np.partition; a NaN anywhere makes the median NaN, as np.median\n"
                          "        if np.isnan(w).any():\n"
                          "            return np.nan\n"
                          "        k = len(w) // 2\n"
                          "        part = np.partition(w, [k - 1, k] if len(w) % 2 == 0 else [k])\n"
                          "        return part[k] if len(w) % 2 else (part[k - 1] + part[k]) / 2\n"
                          "\n"
                          "    return [i for i in range(1, len(norms))\n"
                          "            if norms[i] > factor * median(norms[max(0, i - window):i])]\n")]},
              why="the window's median by np.partition (the middle one, or the mean of the two middle ones), NaN "
                  "when the window holds one"),
        Valid(name="round11-diagnose-lru-cached-on-tuples",
              edits={D: [("def diagnose_loss_curve(train_losses, val_losses=None):\n",
                          "import functools\n"
                          "\n"
                          "\n"
                          "def diagnose_loss_curve(train_losses, val_losses=None):\n"
                          "    \"\"\"Diagnose a loss curve (answers cached by the curves' values).\"\"\"\n"
                          "    val = None if val_losses is None else tuple(np.asarray(val_losses, dtype=np.float64).tolist())\n"
                          "    return _diagnose_cached(tuple(np.asarray(train_losses, dtype=np.float64).tolist()), val)\n"
                          "\n"
                          "\n"
                          "@functools.lru_cache(maxsize=256)\n"
                          "def _diagnose_cached(train_losses, val_losses=None):\n")]},
              why="the reference's rules behind an lru_cache: the curves turned into tuples of floats (hashable) "
                  "by a thin public function"),
        # --- training ---------------------------------------------------------------------------
        Valid(name="round11-train-incremental-running-mean",
              edits={T: [(TR, TR.replace("        batch_losses = []\n", "        mean, count = 0.0, 0\n")
                          .replace("            batch_losses.append(float(loss))\n",
                                   "            count += 1\n"
                                   "            mean += (float(loss) - mean) / count   # a running mean\n")
                          .replace("        epoch_losses.append(float(np.mean(batch_losses)))\n",
                                   "        epoch_losses.append(mean if count else float('nan'))\n"))]},
              why="each epoch's loss as a running mean, mean += (loss - mean) / k (equal to the average up to "
                  "round-off)"),
        Valid(name="round11-train-epoch-closure-nonlocal-step",
              edits={T: [(TR,
                          "    n = len(X)\n"
                          "    step = 0\n"
                          "\n"
                          "    def run_epoch():\n"
                          "        nonlocal step\n"
                          + EPOCH +
                          "        return float(np.mean(batch_losses))\n"
                          "\n"
                          "    return [run_epoch() for _ in range(epochs)]\n")]},
              why="one epoch in a nested function that advances the nonlocal step counter and returns the epoch's "
                  "loss, called in a list comprehension"),
        Valid(name="round11-train-np-split-at-batch-boundaries",
              edits={T: [(TR, TR.replace(BATCHES,
                                         "        for idx in np.split(perm, range(batch_size, n, batch_size)) if n else []:\n"))]},
              why="each epoch's batches by np.split of the permutation at the multiples of batch_size (the "
                  "smaller last batch kept)"),
        # --- second batch (written after the first was graded) ---------------------------------------------
        Valid(name="round11-clip-value-copysign-of-capped-magnitude",
              edits={C: [(region(C, "clip_by_value"),
                          "    g = np.asarray(grad, dtype=np.float64)\n"
                          "    return np.copysign(np.minimum(np.abs(g), max_val), g)\n")]},
              why="the magnitude capped and its sign put back by np.copysign (NaN stays NaN, -0.0 keeps its sign)"),
        Valid(name="round11-train-losses-in-preallocated-array-tolist",
              edits={T: [(TR, TR.replace("    epoch_losses = []\n", "    epoch_losses = np.empty(epochs)\n")
                          .replace("    for _ in range(epochs):\n", "    for e in range(epochs):\n")
                          .replace("        epoch_losses.append(float(np.mean(batch_losses)))\n",
                                   "        epoch_losses[e] = np.mean(batch_losses)\n")
                          .replace("    return epoch_losses\n", "    return epoch_losses.tolist()   # Python floats\n"))]},
              why="the epoch losses in a preallocated float64 array, returned by tolist() (a list of Python floats)"),
    ]


VALID += _valid_round_11()

# Held-out round 12 (docs/graders.md): heldout_round12.py, written outside the repository from public sources
# after round 11 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_12 = load_round(__file__, "heldout_round12.py").ROUND_12
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_12_ALSO = {'anomalies-last-window-ending-at-i': ('anomalies-window-edges',), 'clip-global-np-sum-of-norm-list': ('clip-scaled',), 'clip-global-torch-epsilon-coefficient': ('clip-scaled',), 'clip-norm-ord-2-early-return': ('clip-norm-matrix-norm', 'clip-scaled'), 'diagnose-hyphenated-lr-too-high': ('diagnose-label-not-in-contract',), 'diagnose-val-converted-unconditionally': ('diagnose-fails-without-val',), 'he-normal-fan-in-from-torch-shape-rule': ('init-spread-wrong',), 'he-normal-redraws-beyond-two-sigma': ('init-spread-wrong',), 'he-uniform-variance-scaling-fan-avg': ('init-spread-wrong',), 'update-ratio-std-methods': ('update-ratio-other-statistic',), 'xavier-normal-variance-passed-as-scale': ('init-spread-wrong',), 'xavier-uniform-limit-from-glorot-normal-std': ('init-spread-wrong',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_12_REPEATS = {}
ROUND_12_KNOWN, HELD_OUT = split_repeats(ROUND_12, 12, ROUND_12_ALSO, ROUND_12_REPEATS, MISTAKES)
MISTAKES += ROUND_12_KNOWN
HELD_OUT_DIGESTS = {
    'xavier-uniform-limit-from-glorot-normal-std': '21473b68919e1b5e',
    'xavier-normal-variance-passed-as-scale': '06d3a85d15240add',
    'xavier-normal-returns-transpose': '837cf7d16ebfd52d',
    'he-normal-fan-in-from-torch-shape-rule': '414a0b4410e64e4f',
    'he-normal-redraws-beyond-two-sigma': '4eb2caddc88d9531',
    'he-uniform-variance-scaling-fan-avg': '19ed97b459b6489f',
    'he-uniform-np-random-uniform': '6d099061c006103d',
    'clip-value-mask-upper-only': 'e62fb1bbfa8b01a5',
    'clip-value-mask-assign-on-input': '8f8c04da21124b50',
    'clip-norm-ord-2-early-return': '4fa8076261146b4c',
    'clip-norm-always-rescales': '20092c08f26fa3c5',
    'clip-global-each-array-own-norm': '3e974717c86508bc',
    'clip-global-np-sum-of-norm-list': '62bbbbe3b2bec843',
    'clip-global-returns-norm-after-scaling': '1db98bb3d86e66ad',
    'clip-global-torch-epsilon-coefficient': 'c099f321dcf5e998',
    'update-ratio-std-methods': '7211bb03938c5112',
    'update-ratio-mean-of-entry-ratios': 'bb779be45f601bd8',
    'anomalies-last-window-ending-at-i': 'd60b454b3893e96c',
    'anomalies-loop-with-running-mean': 'b10363cea0919f81',
    'anomalies-continue-until-full-history': '726385afd5fc5ec2',
    'anomalies-median-of-clean-steps-only': '8492c0121d90554f',
    'diagnose-hyphenated-lr-too-high': 'c71bf3d6d5c0757c',
    'diagnose-val-converted-unconditionally': '8a4202f3f5821984',
    'train-step-from-enumerate-of-batches': '3426d543d6d3751d',
    'train-index-loop-clips-entries': 'f342f928a9cc35ef',
    'train-running-loss-float-accumulator': 'f271d377795af6a9',
    'train-grads-bound-to-clip-result': 'ef9728f52baf6515',
    'train-data-shuffled-once-up-front': '9a69991e1f782098',
    'train-schedule-of-epochs-done': 'caf3499612858020',
    'anomalies-vectorised-np-where-list': '9a34ae3191e4a038',
}
# --- round 12 burnt (docs/graders.md, "Round 12 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round12.py stays as it was written; its digests are gone with the
# held-out mark). HELD_OUT carries ROUND_12_ALSO already (split_repeats), decided before grading.
# A VALID case, not a mistake: the docstring of clip_by_global_norm names PyTorch's max_norm / (total + 1e-6) (it
# is the code of the valid clip-global-torch-eps, and round 10's precedent); the writer's "doubtful:" was right.
ROUND_12_VALID = {'clip-global-torch-epsilon-coefficient': "PyTorch's clip_grad_norm_ coefficient "
                  "min(1, max_norm / (total + 1e-6)), which clip_by_global_norm's docstring names as accepted"}
VALID += [Valid(name=f"round12-{m.case}", edits=m.edits, why=ROUND_12_VALID[m.case])
          for m in HELD_OUT if m.case in ROUND_12_VALID]
HELD_OUT = [m for m in HELD_OUT if m.case not in ROUND_12_VALID]
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_12_UNNAMED: dict[str, str] = {}
# after grading: names the graders already said that read as true for the case (never into ROUND_12_ALSO):
# "a mean weighted by batch size" is the tutorial's running_loss * len(idx) / n; "a function that returns a pair
# is unpacked before its parts are used" is what binding clip_by_global_norm's (clipped, total) to grads skips
ROUND_12_AFTER = {
    'train-running-loss-float-accumulator': ('train-loss-weighted',),
    'train-grads-bound-to-clip-result': ('sequence-used-as-array',),
}
MISTAKES += burn(HELD_OUT, 12, ROUND_12_AFTER, ROUND_12_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}


# --- names grown from round 12 (docs/graders.md, "Round 12 is burnt"): a model each in test_anomalies (the
# history without the flagged steps; the right indices as NumPy integers) and a training case of other code
MISTAKES += [
    Mistake(tag="anomalies-excludes-flagged-history", name="anomalies-mask-of-kept-steps",
            edits={D: [(ANOMALY_RULE,
                        "    kept = np.ones(len(norms), dtype=bool)   # steps allowed into the baseline\n"
                        "    flagged = []\n"
                        "    for i in range(1, len(norms)):\n"
                        "        history = norms[:i][kept[:i]][-window:]\n"
                        "        if norms[i] > factor * np.median(history):\n"
                        "            kept[i] = False\n"
                        "            flagged.append(i)\n"
                        "    return flagged")]},
            why="a flagged step is kept out of later baselines (a boolean mask of kept steps): the window reaches "
                "back past the flagged steps, and after a lasting rise of the norms every later step is flagged",
            source="mechanism: outliers discarded from the baseline (robust statistics), against the docstring's "
                   "window of the previous norms whatever they were"),
    Mistake(tag="anomalies-returns-numpy-ints", name="anomalies-comprehension-over-np-arange",
            edits={D: [(ANOMALY_RULE,
                        "    return [i for i in np.arange(1, len(norms))\n"
                        "            if norms[i] > factor * np.median(norms[max(0, i - window):i])]")]},
            why="the steps counted by np.arange: the right indices, each an np.int64, where the docstring promises "
                "Python ints",
            source="mechanism: indices taken from a NumPy array (np.arange, np.where) returned unconverted"),
]

# Held-out round 13 (docs/graders.md): heldout_round13.py, written outside the repository from public sources
# after round 12 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_13 = load_round(__file__, "heldout_round13.py").ROUND_13
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_13_ALSO = {'he-normal-root-two-over-fan-in': ('init-spread-wrong', 'init-missing-parentheses'), 'he-uniform-bound-times-root-two': ('init-spread-wrong',), 'xavier-normal-two-over-fan-product': ('init-spread-wrong',), 'xavier-normal-two-over-root-of-fans': ('init-spread-wrong',), 'xavier-uniform-times-relu-gain': ('init-spread-wrong',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_13_REPEATS = {}
ROUND_13_KNOWN, HELD_OUT = split_repeats(ROUND_13, 13, ROUND_13_ALSO, ROUND_13_REPEATS, MISTAKES)
MISTAKES += ROUND_13_KNOWN
HELD_OUT_DIGESTS = {
    'xavier-uniform-times-relu-gain': '0876659b7540e54d',
    'xavier-normal-two-over-fan-product': '78d2099a65db2f67',
    'xavier-normal-two-over-root-of-fans': '8934a459a5b942bb',
    'xavier-uniform-astype-float32': 'f18330dd3f63b962',
    'he-normal-root-two-over-fan-in': '9ea636afaae45772',
    'he-uniform-bound-times-root-two': '9ebf3bdb515c3857',
    'clip-value-keyword-bounds-swapped': '4b9cc144f70ce7bd',
    'clip-norm-condition-below-max': 'e262b4a7758bed66',
    'clip-global-returns-clip-coefficient': 'b3d50b0462957ebc',
    'clip-norm-row-norms-keepdims': 'e81c57797a82c7b6',
    'update-ratio-mean-square-ratio': '1473122909f9d63f',
    'diagnose-returns-diverged': 'b18290db4ecbb73d',
    'diagnose-if-val-losses-truth-test': '48d3abf79ee590e2',
    'anomalies-window-lagged-by-one': 'cebacaf7359ba9a5',
    'anomalies-first-check-at-step-two': 'c3b0dfb9b11ad0e7',
    'train-labels-from-unpermuted-slice': '851eff0bb7a0c7fc',
    'train-step-advanced-by-batch-size': '3b7e78f78a101a54',
    'train-range-stop-n-minus-batch': '4028bfc2de4ad8da',
}
# --- round 13 burnt (docs/graders.md, "Round 13 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round13.py stays as it was written; its digests are gone with the
# held-out mark). HELD_OUT carries ROUND_13_ALSO already (split_repeats), decided before grading.
# A VALID case, not a mistake: the docstring gives the losses as "a sequence of floats" and val_losses as "None, or
# the validation loss of the same epochs (same length n)" -- neither a NumPy array nor an empty list is promised,
# and on every input the contract does promise `if val_losses` means the same as `is not None`; the writer's
# "doubtful: only if the grader passes arrays" was right (the graders pass lists).
ROUND_13_VALID = {'diagnose-if-val-losses-truth-test': "'if val_losses' for 'was it given': the same as 'is not "
                  "None' on the sequences of floats, same length n, that diagnose_loss_curve's docstring promises"}
VALID += [Valid(name=f"round13-{m.case}", edits=m.edits, why=ROUND_13_VALID[m.case])
          for m in HELD_OUT if m.case in ROUND_13_VALID]
HELD_OUT = [m for m in HELD_OUT if m.case not in ROUND_13_VALID]
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_13_UNNAMED: dict[str, str] = {
    'xavier-normal-two-over-root-of-fans': "2 / sqrt(n_in + n_out) is sqrt(4 / (n_in + n_out)), the ratio sqrt(2) of "
                                           "the fans' mean and of a gain sqrt(2), which the feedback names "
                                           "(init-fan-mean, init-wrong-gain) though the code does neither: the "
                                           "root taken of the denominator alone has no model yet",
    'clip-norm-row-norms-keepdims': "a norm per row (keepdims) where one norm of all entries belongs: it crashes "
                                    "on the comparison with max_norm and is named only as the exception; no model "
                                    "of a per-row norm that reaches the comparison yet",
    'anomalies-first-check-at-step-two': "the first check at step 2 misses only a spike at step 1; on the graded "
                                         "series the window models (full window only, the current step included, "
                                         "a negative slice start) flag the same steps and are named instead, "
                                         "which this code does not do; no series tells them apart yet",
    'train-step-advanced-by-batch-size': "the step counter advanced by batch_size per update: the feedback shows "
                                         "the wrong lr at update 1 (schedule(1) expected) but names no model of "
                                         "a counter moving in other units yet",
}
# after grading: names the graders already said that read as true for the case (never into ROUND_13_ALSO):
# on its first call the rate is off by the missing factor max_norm / norm (the inverted condition never scales
# a long gradient), which is what clip-scaled says ("a factor of that size is missing")
ROUND_13_AFTER: dict[str, tuple[str, ...]] = {'clip-norm-condition-below-max': ('clip-scaled',)}
MISTAKES += burn(HELD_OUT, 13, ROUND_13_AFTER, ROUND_13_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 13 (docs/graders.md, "Round 13 is burnt"): a model in test_clipping (the scale
# returned where the norm belongs; it names the burnt clip-global-returns-clip-coefficient by its own tag) and a
# training case of other code
MISTAKES += [
    Mistake(tag="clip-global-returns-scale", name="clip-global-returns-capped-factor",
            edits={C: [("    return [g * scale for g in grads], total\n",
                        "    factor = min(1.0, max_norm / total) if total > 0 else 1.0\n"
                        "    return [g * factor for g in grads], factor\n")]},
            why="the factor the gradients were scaled by, capped at 1, returned as the second value where the "
                "global norm before clipping belongs",
            source="mechanism: the clipping coefficient (PyTorch's clip_coef) logged in place of the norm"),
]

# --- Xavier's spread over the fans' mean is also Xavier's spread times ReLU's gain sqrt(2) (test_initializers.
# fan_family names both readings; the marks on round 7's xavier-normal-relu-gain and round 13's
# xavier-uniform-times-relu-gain are gone): a training case of other code
MISTAKES += [
    Mistake(tag="init-wrong-gain", name="xavier-uniform-relu-gain-variable",
            edits={I: [(XU, "    gain = np.sqrt(2.0)  # calculate_gain('relu')\n"
                            "    a = gain * np.sqrt(6.0 / (n_in + n_out))\n"
                            "    return rng.uniform(-a, a, size=(n_in, n_out))")]},
            why="PyTorch's ReLU gain sqrt(2) applied to the Glorot bound, where the spec's Xavier has gain 1: the "
                "weights' spread is sqrt(2) times too large",
            source="https://pytorch.org/docs/stable/nn.init.html (xavier_uniform_(gain=calculate_gain('relu')))"),
]

# Held-out round 14 (docs/graders.md): heldout_round14.py, written outside the repository from public sources
# after round 13 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_14 = load_round(__file__, "heldout_round14.py").ROUND_14
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_14_ALSO = {'xavier-uniform-limit-six-over-fan-in-plus-fan-out': ('init-spread-wrong',), 'xavier-uniform-torch-weight-layout': ('wrong-shape',), 'xavier-normal-scale-is-variance': ('init-spread-wrong',), 'xavier-normal-sqrt-one-over-fan-in': ('init-spread-wrong',), 'he-uniform-bound-sqrt-two-over-fan-in': ('init-spread-wrong',), 'clip-by-norm-linalg-ord-2': ('clip-norm-matrix-norm', 'clip-scaled'), 'clip-global-total-adds-norms': ('clip-scaled',), 'update-ratio-mean-absolute-values': ('update-ratio-other-statistic',), 'anomalies-history-appended-before-test': ('anomalies-window-edges',), 'diagnose-val-array-without-none-check': ('diagnose-fails-without-val',), 'train-running-loss-times-batch-len': ('train-loss-weighted',), 'train-step-from-batch-enumerate': ('train-schedule-step-resets',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_14_REPEATS = {}
ROUND_14_KNOWN, HELD_OUT = split_repeats(ROUND_14, 14, ROUND_14_ALSO, ROUND_14_REPEATS, MISTAKES)
MISTAKES += ROUND_14_KNOWN
HELD_OUT_DIGESTS = {
    'xavier-uniform-limit-six-over-fan-in-plus-fan-out': '7ff057ea55cd8670',
    'xavier-uniform-torch-weight-layout': 'd9e3003ba99b3714',
    'xavier-normal-scale-is-variance': '208e8eaf23c69b3f',
    'xavier-normal-sqrt-one-over-fan-in': 'afe37bb312170076',
    'he-normal-global-numpy-randn': '200c4b4b910d1157',
    'he-uniform-bound-sqrt-two-over-fan-in': '4a35a90ecce4e04d',
    'clip-by-value-where-upper-only': 'f7581684e993bc09',
    'clip-by-value-np-clip-out-grad': 'b9e9f9850e01f820',
    'clip-by-norm-always-rescales': 'ea2bfbb3e9dedff4',
    'clip-by-norm-linalg-ord-2': '204185665de78995',
    'clip-global-each-array-own-scale': '2f6753336ac5a85c',
    'clip-global-total-adds-norms': 'aa7bda575e4b9b5e',
    'clip-global-map-object': '7941dbe7fd1973d5',
    'update-ratio-mean-absolute-values': '5134d75cb3acbdb4',
    'update-ratio-as-percentage': 'd15b50e403d50a3d',
    'anomalies-loop-slice-i-minus-window': '6b08bc3bd5ababa3',
    'anomalies-history-appended-before-test': '6368888ab73cf239',
    'anomalies-nan-counted-as-spike': '28846f56ee8d58fd',
    'diagnose-val-array-without-none-check': '483a0f076f206a58',
    'diagnose-diverging-only-when-huge': '822a4dd65aa8bb75',
    'train-clip-called-like-torch-inplace': '1d17a56e74d039bd',
    'train-running-loss-times-batch-len': 'a66deeeac37aeba4',
    'train-lr-from-epoch-counter': '4d7a094d28a5637c',
    'train-sets-keras-learning-rate-attribute': 'f3a3a15e6a72ac4c',
    'train-step-from-batch-enumerate': '8610b660753bb950',
}
# --- round 14 burnt (docs/graders.md, "Round 14 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round14.py stays as it was written; its digests are gone with the
# held-out mark). HELD_OUT carries ROUND_14_ALSO already (split_repeats), decided before grading.
# Killed by the contract's words (both lost no points held out): clip-global-map-object -- clip_by_global_norm's
# "clipped is a new list of new arrays"; the clip_global probe keeps the returned object's type and
# test_clip_by_global_norm_leaves_inputs fails anything but a list (clip-global-returns-iterator for a one-pass
# iterator). anomalies-nan-counted-as-spike -- gradient_anomalies' "A nan norm is never flagged by this
# comparison": test_anomalies_seeded_spikes has a run whose last norm is nan, and the flags with every nan step
# added are named (test_anomalies.NONFINITE). train-clip-called-like-torch-inplace is named by a new model
# (test_train: clip_by_global_norm called between backward and the update, the raw gradients received).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_14_UNNAMED: dict[str, str] = {}
# after grading: names the graders already said that read as true for the case (never into ROUND_14_ALSO):
# std sqrt(1 / n_in) is Xavier's 1 / fan variance with He's fan, n_in alone ("a std of sqrt(1 / n_in): the
# Xavier std is sqrt(2 / (n_in + n_out))"; the words now add that it is LeCun's rule); the ratio in percent is
# "every entry is 100 times the expected ratio", a constant factor (update-ratio-scaled)
ROUND_14_AFTER_GRADING: dict[str, tuple[str, ...]] = {
    'xavier-normal-sqrt-one-over-fan-in': ('init-xavier-he-swapped',),
    'update-ratio-as-percentage': ('update-ratio-scaled',),
}
MISTAKES += burn(HELD_OUT, 14, ROUND_14_AFTER_GRADING, ROUND_14_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 14 (docs/graders.md, "Round 14 is burnt"): the two kills and the model in test_train,
# each with a training case of other code
MISTAKES += [
    Mistake(tag="clip-global-returns-iterator", name="clip-global-returns-generator-expression",
            edits={C: [("    return [g * scale for g in grads], total\n",
                        "    return (g * scale for g in grads), total   # lazily, one array at a time\n")]},
            why="a generator expression where the docstring's clipped is a new list of new arrays: no len(), no "
                "indexing, empty after the first loop over it",
            source="mechanism: round brackets for square ones (a generator, not a list comprehension)"),
    Mistake(tag="anomalies-flags-nonfinite", name="anomalies-comparison-negated",
            edits={D: [(WINDOW_SLICE,
                        "if not norms[i] <= factor * np.median(norms[max(0, i - window):i])]")]},
            why="the test written as 'not at most factor x median': the same for numbers, but true for a nan "
                "norm, which the docstring's comparison never flags",
            source="mechanism: a comparison negated, which flips what nan gives"),
    Mistake(tag="train-clipping-discarded", name="train-clip-result-stored-not-used",
            edits={T: [(TRAIN_STEP, TRAIN_STEP.replace("grads, _ = clip_by_global_norm",
                                                       "clipped, _ = clip_by_global_norm"))]},
            why="the clipped gradients stored under another name and never used: the update is given the raw "
                "gradients",
            source="mechanism: a function that returns new arrays used as if it clipped in place"),
]


def _valid_round_12() -> list[Valid]:
    """Round 12's valid variants of this week (docs/graders.md, "Valid variants, round 12"): exact-snippet
    edits of the reference, each checked equal to it on random inputs before grading."""
    def region(module, function):   # the reference's solution region of a function of a module
        return solution_region(WEEK, module, function)

    return [
        Valid(name="round12-init-uniform-bound-as-root-3-times-std",
              edits={"initializers": [
                  (region("initializers", "xavier_uniform"),
                   '    std = np.sqrt(2.0 / (n_in + n_out))\n'
                   '    a = np.sqrt(3.0) * std                    # U(-a, a) has std a / sqrt(3)\n'
                   '    return rng.uniform(-a, a, size=(n_in, n_out))\n'),
                  (region("initializers", "he_uniform"),
                   '    a = np.sqrt(3.0) * np.sqrt(2.0 / n_in)\n'
                   '    return rng.uniform(-a, a, size=(n_in, n_out))\n'),
              ]},
              why='the uniform bound as sqrt(3) times the standard deviation (a = sqrt(3) std): '
                  'the same a up to round-off, the same single draw'),
        Valid(name="round12-init-std-as-ratio-of-roots",
              edits={"initializers": [
                  ('import numpy as np\n',
                   'import math\n'
                   '\n'
                   'import numpy as np\n'),
                  (region("initializers", "xavier_normal"),
                   '    std = math.sqrt(2.0) / math.sqrt(n_in + n_out)\n'
                   '    return rng.normal(0.0, std, size=(n_in, n_out))\n'),
                  (region("initializers", "he_normal"),
                   '    std = math.sqrt(2.0) / math.sqrt(n_in)\n'
                   '    return rng.normal(0.0, std, size=(n_in, n_out))\n'),
              ]},
              why="the normal's standard deviation written sqrt(2) / sqrt(fan): equal up to "
                  'round-off'),
        Valid(name="round12-init-dtype-keyword-default-float64",
              edits={"initializers": [
                  ('def xavier_uniform(n_in, n_out, rng):',
                   'def xavier_uniform(n_in, n_out, rng, dtype=np.float64):'),
                  (region("initializers", "xavier_uniform"),
                   '    a = np.sqrt(6.0 / (n_in + n_out))\n'
                   '    return rng.uniform(-a, a, size=(n_in, n_out)).astype(dtype, copy=False)\n'),
                  ('def he_normal(n_in, n_out, rng):',
                   'def he_normal(n_in, n_out, rng, dtype=np.float64):'),
                  (region("initializers", "he_normal"),
                   '    std = np.sqrt(2.0 / n_in)\n'
                   '    return rng.normal(0.0, std, size=(n_in, n_out)).astype(dtype, copy=False)\n'),
              ]},
              why='an extra dtype keyword defaulting to float64 (astype without a copy)'),
        Valid(name="round12-clip-value-np-piecewise",
              edits={"clipping": [
                  (region("clipping", "clip_by_value"),
                   '    g = np.asarray(grad, dtype=np.float64)\n'
                   '    return np.piecewise(g, [g > max_val, g < -max_val], [max_val, -max_val, lambda x: x])\n'),
              ]},
              why='np.piecewise with the two out-of-range conditions and the identity elsewhere '
                  '(nan stays nan)'),
        Valid(name="round12-clip-norm-fsum-over-flat",
              edits={"clipping": [
                  ('import numpy as np\n',
                   'import math\n'
                   '\n'
                   'import numpy as np\n'),
                  (region("clipping", "clip_by_norm"),
                   '    grad = np.array(grad, dtype=np.float64)\n'
                   '    norm = math.sqrt(math.fsum(x * x for x in grad.flat))   # exactly rounded sum of squares\n'
                   '    if norm > max_norm:\n'
                   '        grad = grad * (max_norm / norm)\n'
                   '    return grad\n'),
              ]},
              why='the norm as math.sqrt(math.fsum(x * x)) over the flat entries: exactly rounded '
                  'sum, equal up to round-off'),
        Valid(name="round12-clip-norm-norm-type-keyword",
              edits={"clipping": [
                  ('def clip_by_norm(grad, max_norm):',
                   'def clip_by_norm(grad, max_norm, norm_type=2.0):'),
                  (region("clipping", "clip_by_norm"),
                   '    grad = np.array(grad, dtype=np.float64)\n'
                   '    if norm_type == float("inf"):\n'
                   '        norm = float(np.max(np.abs(grad))) if grad.size else 0.0\n'
                   "    else:                                          # torch's p-norm; 2 by default, the course's\n"
                   '        norm = float(np.sum(np.abs(grad) ** norm_type) ** (1.0 / norm_type))\n'
                   '    if norm > max_norm:\n'
                   '        grad = grad * (max_norm / norm)\n'
                   '    return grad\n'),
              ]},
              why="torch's norm_type keyword, 2 by default (abs(g)**2 summed, to the power 1/2)"),
        Valid(name="round12-clip-global-error-if-nonfinite-keyword",
              edits={"clipping": [
                  ('def clip_by_global_norm(grads, max_norm):',
                   'def clip_by_global_norm(grads, max_norm, error_if_nonfinite=False):'),
                  (region("clipping", "clip_by_global_norm"),
                   '    grads = [np.asarray(g, dtype=np.float64) for g in grads]\n'
                   '    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))\n'
                   "    if error_if_nonfinite and not np.isfinite(total):     # torch's switch, off by default\n"
                   '        raise RuntimeError(f"the total norm of the gradients is {total}")\n'
                   '    scale = max_norm / total if total > max_norm else 1.0\n'
                   '    return [g * scale for g in grads], total\n'),
              ]},
              why="torch's error_if_nonfinite keyword, off by default"),
        Valid(name="round12-clip-global-scale-as-guarded-min",
              edits={"clipping": [
                  (region("clipping", "clip_by_global_norm"),
                   '    grads = [np.array(g, dtype=np.float64) for g in grads]\n'
                   '    total = float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads)))\n'
                   '    scale = 1.0 if total == 0.0 else min(1.0, max_norm / total)\n'
                   '    return [np.multiply(g, scale) for g in grads], total\n'),
              ]},
              why='scale min(1, max_norm / total) (1 when total is 0), the sum of squares from '
                  'vdot: the same scale in every case, inf and nan too'),
        Valid(name="round12-update-ratio-log-space",
              edits={"clipping": [
                  (region("clipping", "update_ratio"),
                   '    u, p = np.ravel(update), np.ravel(param)\n'
                   '    with np.errstate(divide="ignore", invalid="ignore"):      # log(0) = -inf: a zero param gives inf\n'
                   '        return float(np.exp(0.5 * (np.log(np.dot(u, u)) - np.log(np.dot(p, p)))))\n'),
              ]},
              why='the ratio computed in log space, exp((log|u|^2 - log|p|^2) / 2), under '
                  'errstate: inf for a zero param, nan when both are zero, as the reference'),
        Valid(name="round12-diagnose-public-wrapper-details-keyword",
              edits={"diagnostics": [
                  ('def diagnose_loss_curve(train_losses, val_losses=None):',
                   'def _diagnose(train_losses, val_losses=None):'),
                  ('def gradient_anomalies(grad_norms, factor=10.0, window=20):',
                   'def diagnose_loss_curve(train_losses, val_losses=None, return_details=False):\n'
                   '    """Name what a loss curve shows (see ``_diagnose`` for the rules); with ``return_details`` also a small dict."""\n'
                   '    label = _diagnose(train_losses, val_losses)\n'
                   '    if return_details:\n'
                   '        return label, {"epochs": len(train_losses), "has_validation": val_losses is not None}\n'
                   '    return label\n'
                   '\n'
                   '\n'
                   'def gradient_anomalies(grad_norms, factor=10.0, window=20):'),
              ]},
              why='the rules in a private function and a public diagnose_loss_curve wrapper with '
                  'a return_details keyword (off by default: the label alone)'),
        Valid(name="round12-anomalies-min-history-keyword",
              edits={"diagnostics": [
                  ('def gradient_anomalies(grad_norms, factor=10.0, window=20):',
                   'def gradient_anomalies(grad_norms, factor=10.0, window=20, min_history=1):'),
                  (region("diagnostics", "gradient_anomalies"),
                   '    norms = np.asarray(grad_norms, dtype=np.float64)\n'
                   '    return [i for i in range(max(1, min_history), len(norms))\n'
                   '            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n'),
              ]},
              why='a min_history keyword defaulting to 1 (step 0 never flagged, as the contract)'),
        Valid(name="round12-anomalies-generator-listed",
              edits={"diagnostics": [
                  (region("diagnostics", "gradient_anomalies"),
                   '    history = [float(x) for x in grad_norms]\n'
                   '\n'
                   '    def flagged():\n'
                   '        for i, norm in enumerate(history):\n'
                   '            if i and norm > factor * float(np.median(history[max(0, i - window):i])):\n'
                   '                yield i\n'
                   '\n'
                   '    return list(flagged())\n'),
              ]},
              why='the flagged steps yielded by an inner generator over a list of floats, then '
                  'listed'),
        Valid(name="round12-train-callbacks-and-verbose-keywords",
              edits={"training": [
                  ('def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):',
                   'def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None, callbacks=(), verbose=False):'),
                  ('        epoch_losses.append(float(np.mean(batch_losses)))\n',
                   '        epoch_losses.append(float(np.mean(batch_losses)))\n'
                   '        for callback in callbacks:                # none by default\n'
                   '            callback(len(epoch_losses) - 1, epoch_losses[-1])\n'
                   '        if verbose:\n'
                   '            print(f"epoch {len(epoch_losses)}: loss {epoch_losses[-1]:.4f}")\n'),
              ]},
              why='train with extra callbacks and verbose keywords (empty / off by default)'),
        Valid(name="round12-train-schedule-wrapped-in-lru-cache",
              edits={"training": [
                  ('import numpy as np\n',
                   'import functools\n'
                   '\n'
                   'import numpy as np\n'),
                  ('    n = len(X)\n'
                   '    step = 0\n',
                   '    n = len(X)\n'
                   '    step = 0\n'
                   '    if schedule is not None:\n'
                   "        schedule = functools.lru_cache(maxsize=None)(schedule)   # each step's rate computed once\n"),
              ]},
              why='the schedule wrapped in functools.lru_cache (each step is asked once, so the '
                  'same calls and rates)'),
        Valid(name="round12-anomalies-returns-list-subclass",
              edits={"diagnostics": [
                  ('def gradient_anomalies(grad_norms, factor=10.0, window=20):',
                   'class StepList(list):\n'
                   '    """Flagged steps: a list of ints that prints itself for the notebook."""\n'
                   '\n'
                   '    def __str__(self):\n'
                   '        return "flagged steps: " + (", ".join(map(str, self)) or "none")\n'
                   '\n'
                   '\n'
                   'def gradient_anomalies(grad_norms, factor=10.0, window=20):'),
                  ('    return [i for i in range(1, len(norms))\n'
                   '            if norms[i] > factor * np.median(norms[max(0, i - window):i])]\n',
                   '    return StepList(i for i in range(1, len(norms))\n'
                   '                    if norms[i] > factor * np.median(norms[max(0, i - window):i]))\n'),
              ]},
              why='the flagged steps returned as a subclass of list (a __str__ for the notebook): '
                  'a list of ints by isinstance'),
        Valid(name="round12-train-returns-list-subclass",
              edits={"training": [
                  ('def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):',
                   'class EpochLosses(list):\n'
                   '    """The loss of each epoch: a list of floats, with the best epoch at hand."""\n'
                   '\n'
                   '    def best_epoch(self):\n'
                   '        return min(range(len(self)), key=self.__getitem__) if self else None\n'
                   '\n'
                   '\n'
                   'def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):'),
                  ('    epoch_losses = []\n',
                   '    epoch_losses = EpochLosses()\n'),
              ]},
              why='the epoch losses returned as a subclass of list (a best_epoch helper): a list '
                  'by isinstance; the probe now reads the container with isinstance (fixed in '
                  'round 12)'),
    ]


VALID += _valid_round_12()

# The held-out rounds as measured while held out, each graded once before its burn (docs/graders.md, "The figures";
# round 14 from `selftest --json` at 4c16fef): what `autograder selftest` prints beside the round held out now
HELD_OUT_MEASURED = {12: {"held_out": 30, "caught": 28, "named": 25}, 13: {"held_out": 18, "caught": 17, "named": 10}, 14: {"held_out": 25, "caught": 23, "named": 20}}

# Held-out round 15 (docs/graders.md): heldout_round15.py, written outside the repository from public sources
# while round 14 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_15 = load_round(__file__, "heldout_round15.py").ROUND_15
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_15_ALSO = {'xavier-uniform-limit-from-normal-std': ('init-wrong-constant', 'init-spread-wrong'), 'xavier-normal-var-w-passed-as-scale': ('init-spread-wrong',), 'he-normal-fan-from-second-dimension': ('init-spread-wrong',), 'he-uniform-nn-linear-default': ('init-wrong-gain', 'init-wrong-constant', 'init-spread-wrong'), 'clip-global-ratio-then-cap-at-one': ('division-by-zero',), 'clip-global-adds-array-norms': ('clip-scaled',), 'gradient-anomalies-centred-rolling-median': ('anomalies-includes-current',), 'train-np-random-permutation': ('train-batch-rows',), 'train-rng-choice-each-batch': ('train-batch-rows',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_15_REPEATS = {}
ROUND_15_KNOWN, HELD_OUT = split_repeats(ROUND_15, 15, ROUND_15_ALSO, ROUND_15_REPEATS, MISTAKES)
MISTAKES += ROUND_15_KNOWN
HELD_OUT_DIGESTS = {
    'xavier-uniform-limit-from-normal-std': 'b2c059449be8b5a0',
    'xavier-normal-var-w-passed-as-scale': '07e3ec835bfa44e3',
    'he-normal-fan-from-second-dimension': 'abc195c430b8c33b',
    'he-normal-randn-times-sqrt-two-over-n': 'c99de985f448b831',
    'he-uniform-nn-linear-default': '6d12656ccf355d41',
    'clip-by-value-minimum-maximum-out-grad': 'ab170ff51065695e',
    'clip-by-norm-last-axis-keepdims': '651313c7c129143e',
    'clip-by-norm-unconditional-rescale': 'bd366face13d9c65',
    'clip-global-ratio-then-cap-at-one': '23d4dc1a4a646a17',
    'clip-global-adds-array-norms': '91aff93a42e567d6',
    'clip-global-returns-norm-first': '40a1315961fe9f65',
    'update-ratio-param-after-applying-update': 'f4d3b7192f6ad83e',
    'gradient-anomalies-window-start-not-clamped': '8a0f9aa50d2e83e1',
    'gradient-anomalies-sorted-middle-element': '9b02df7fbec062f0',
    'gradient-anomalies-centred-rolling-median': 'be619e46aa2c4688',
    'diagnose-loss-curve-val-or-empty-list': 'd1208f38d9d73d80',
    'diagnose-loss-curve-any-increase-is-oscillation': 'eba0028e153a3a2c',
    'diagnose-loss-curve-val-above-train': '95cc8ae4e8ecc3da',
    'train-schedule-step-converted-to-epochs': '4b197ad6cc7f95ff',
    'train-shuffles-x-and-y-with-two-permutations': '944386d8687a0480',
    'train-clipped-grads-unused': '437d5ce4be48462a',
    'train-schedule-set-after-update': '173c3fe36cc58a0d',
    'train-np-random-permutation': 'b88acd30de9fe8ff',
    'train-rng-choice-each-batch': 'ce5fcc543802efcb',
    'train-optimizer-gets-copied-params': 'b0c3e47fa640b88b',
}
