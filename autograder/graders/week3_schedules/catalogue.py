"""Known mistakes and valid alternatives for week 3 (schedules), as edits to the reference solution."""
from dataclasses import replace

from autograder.catalogue import (Mistake, Valid, body_of, burn, grader_module, load_round, solution_region,
                                  split_repeats)
from autograder.weeks import WEEKS

S = "schedules"
WEEK = WEEKS["week3_schedules"]
HEURISTICS = grader_module(WEEK, "sound_heuristics")     # also what the graders use to pick clear-cut curves

MISTAKES = [
    Mistake(tag="step-decay-round", words="round() instead of floor",
            edits={S: [("return float(initial_lr * drop ** (epoch // epochs_drop))",
                        "return float(initial_lr * drop ** round(epoch / epochs_drop))")]},
            why="round() instead of integer division: drops half-way through an interval"),
    Mistake(tag="step-decay-off-by-one", words="drops one epoch early",
            edits={S: [("return float(initial_lr * drop ** (epoch // epochs_drop))",
                        "return float(initial_lr * drop ** ((epoch + 1) // epochs_drop))")]},
            why="counts epochs from 1: the first drop comes at epoch epochs_drop - 1"),
    Mistake(tag="exp-decay-inverse-time", words="inverse-time decay",
            edits={S: [("return float(initial_lr * math.exp(-k * epoch))",
                        "return float(initial_lr / (1 + k * epoch))")]},
            why="Keras' time-based decay mistaken for exponential decay"),
    Mistake(tag="cosine-linear", words="linear anneal",
            edits={S: [("return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)",
                        "return float(lr_max - (lr_max - lr_min) * t / T)")]},
            why="a linear decay from lr_max to lr_min instead of the cosine"),
    Mistake(tag="cosine-not-clamped", words="not clamped after T",
            edits={S: [("    if t >= T:\n        return float(lr_min)\n    return float(lr_min + (lr_max",
                        "    return float(lr_min + (lr_max")]},
            why="follows the cosine past T, where it climbs back to lr_max (PyTorch's periodic form)"),
    Mistake(tag="cosine-ignores-lr-min", words="ignores lr_min",
            edits={S: [("return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)",
                        "return float(lr_max * (1 + math.cos(math.pi * t / T)) / 2)")]},
            why="the lessons' plot formula with lr_min = 0, used with lr_min > 0"),
    Mistake(tag="warmup-starts-at-one", words="starts at step 1",
            edits={S: [("        return float(base_lr * step / warmup_steps)",
                        "        return float(base_lr * (step + 1) / warmup_steps)")]},
            why="(step + 1) / warmup_steps: counts steps from 1, full rate one step early"),
    Mistake(tag="warmup-overshoot", words="overshoots base_lr",
            edits={S: [("    if step < warmup_steps:\n        return float(base_lr * step / warmup_steps)",
                        "    if step <= warmup_steps:\n        return float(base_lr * (step + 1) / warmup_steps)")]},
            why="(step + 1) with <=: the rate goes above base_lr at step warmup_steps"),
    Mistake(tag="warmup-cosine-wrong-length", words="cosine over total_steps",
            edits={S: [("return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)",
                        "return cosine_annealing(step - warmup_steps, total_steps, base_lr, min_lr)")]},
            why="anneals over the whole run, so the rate has not reached min_lr at the end"),
    Mistake(tag="warmup-cosine-not-shifted", words="raw step",
            edits={S: [("return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)",
                        "return cosine_annealing(step, total_steps, base_lr, min_lr)")]},
            why="the cosine starts at step 0, so the rate drops abruptly when the warmup ends"),
    Mistake(tag="one-cycle-peak-off-by-one", words="peak at step pct_start * total_steps",
            edits={S: [("    end1 = float(pct_start * total_steps) - 1\n", "    end1 = float(pct_start * total_steps)\n")]},
            why="forgets PyTorch's - 1: the peak comes one step late"),
    Mistake(tag="one-cycle-linear", words="linear one-cycle",
            edits={S: [("return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))",
                        "return float(start_lr + (end_lr - start_lr) * pct)")]},
            why="the original one-cycle paper's linear ramps instead of OneCycleLR's cosine phases"),
    Mistake(tag="one-cycle-wrong-final", words="max_lr / final_div_factor",
            edits={S: [("    final = initial / final_div_factor\n", "    final = max_lr / final_div_factor\n")]},
            why="final rate from max_lr instead of from the initial rate"),
    Mistake(tag="plateau-keras-patience", words="keras-style patience",
            edits={S: [("if self.num_bad_epochs > self.patience:", "if self.num_bad_epochs >= self.patience:")]},
            why="Keras cuts on the patience-th bad epoch; PyTorch (the course) one later"),
    Mistake(tag="plateau-absolute-threshold", words="absolute threshold",
            edits={S: [("if metric < self.best * (1 - self.threshold):", "if metric < self.best - self.threshold:")]},
            why="threshold_mode 'abs' instead of PyTorch's default 'rel'"),
    Mistake(tag="plateau-no-min-lr", words="ignores min_lr",
            edits={S: [("new_lr = max(self.lr * self.factor, self.min_lr)", "new_lr = self.lr * self.factor")]},
            why="forgets the floor"),
    Mistake(tag="plateau-counter-not-reset", words="not reset after a cut",
            edits={S: [("                self.lr = new_lr\n            self.num_bad_epochs = 0\n",
                        "                self.lr = new_lr\n")]},
            why="keeps counting after a cut, so the rate is cut again every epoch"),
    Mistake(tag="range-test-linear-spacing", words="linear spacing",
            edits={S: [("lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))",
                        "lr = lr_min + (lr_max - lr_min) * i / (n_steps - 1)")]},
            why="np.linspace instead of np.geomspace: almost every step at the top decade"),
    Mistake(tag="range-test-no-early-stop", words="no early stop",
            edits={S: [("        if not math.isfinite(loss):\n            break\n        best = min(best, loss)\n"
                        "        if loss > 4 * best:\n            break\n", "")]},
            why="runs all n_steps even after the loss exploded"),
    Mistake(tag="range-test-nan-not-stopped", words="does not stop on nan",
            edits={S: [("        if not math.isfinite(loss):\n            break\n        best = min(best, loss)\n",
                        "        best = min(best, loss)\n")]},
            why="only the 4x rule; nan compares False so the test runs on"),
    Mistake(tag="suggest-lr-at-minimum", words="at the minimum",
            edits={S: [("    slope = np.gradient(smooth, np.log(lrs))\n",
                        "    return float(lrs[np.argmin(smooth)])\n")]},
            why="returns the rate of the lowest loss, which is already at the edge of divergence"),
]

VALID = [
    Valid(name="step-decay-math-floor",
          edits={S: [("return float(initial_lr * drop ** (epoch // epochs_drop))",
                      "return initial_lr * drop ** math.floor(epoch / epochs_drop)")]},
          why="math.floor(epoch / epochs_drop) equals epoch // epochs_drop; returning a float without float()"),
    Valid(name="exp-decay-numpy",
          edits={S: [("return float(initial_lr * math.exp(-k * epoch))",
                      "return float(initial_lr * np.exp(-k) ** epoch)")]},
          why="exp(-k) ** epoch = exp(-k * epoch), up to round-off"),
    Valid(name="cosine-np-cos",
          edits={S: [("    if t >= T:\n        return float(lr_min)\n"
                      "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)",
                      "    t = min(t, T)\n"
                      "    return float(lr_min + 0.5 * (lr_max - lr_min) * (1.0 + np.cos(np.pi * float(t) / T)))")]},
          why="clamping t to T, np.cos with float conversion"),
    Valid(name="warmup-min-form",
          edits={S: [("    if step < warmup_steps:\n        return float(base_lr * step / warmup_steps)\n"
                      "    return float(base_lr)",
                      "    if warmup_steps == 0:\n        return float(base_lr)\n"
                      "    return float(base_lr * min(1.0, step / warmup_steps))")]},
          why="base_lr * min(1, step / warmup_steps) with a guard for no warmup"),
    Valid(name="one-cycle-explicit",
          edits={S: [("    if step <= end1:\n        start_lr, end_lr, pct = initial, max_lr, step / end1\n"
                      "    else:\n        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)\n"
                      "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))",
                      "    def cos_anneal(a, b, p):\n        return b + (a - b) / 2 * (1 + np.cos(np.pi * p))\n"
                      "    if step > end1:\n        return float(cos_anneal(max_lr, final, (step - end1) / (end2 - end1)))\n"
                      "    return float(cos_anneal(initial, max_lr, step / end1))")]},
          why="the docstring's cos_anneal helper with numpy, branches swapped"),
    Valid(name="plateau-wait-counter",
          edits={S: [("        metric = float(metric)\n        if metric < self.best * (1 - self.threshold):\n"
                      "            self.best = metric\n            self.num_bad_epochs = 0\n        else:\n"
                      "            self.num_bad_epochs += 1\n        if self.num_bad_epochs > self.patience:\n"
                      "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
                      "            if self.lr - new_lr > self.eps:\n                self.lr = new_lr\n"
                      "            self.num_bad_epochs = 0\n        return float(self.lr)",
                      "        improved = float(metric) < (1.0 - self.threshold) * self.best\n"
                      "        self.best = metric if improved else self.best\n"
                      "        self.num_bad_epochs = 0 if improved else self.num_bad_epochs + 1\n"
                      "        if self.num_bad_epochs == self.patience + 1:\n"
                      "            self.num_bad_epochs = 0\n"
                      "            self.lr = max(self.lr * self.factor, self.min_lr)\n"
                      "        return self.lr")]},
          why="counter compared with == patience + 1 and reset first; no eps check (only matters below 1e-8)"),
    Valid(name="range-test-geomspace",
          edits={S: [("    lrs, losses = [], []\n    best = math.inf\n    for i in range(n_steps):\n"
                      "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n",
                      "    lrs, losses = [], []\n    best = math.inf\n"
                      "    for lr in np.geomspace(lr_min, lr_max, n_steps):\n        lr = float(lr)\n")]},
          why="np.geomspace for the exponential spacing"),
] + [
    Valid(name=name.replace("_", "-"),
          edits={S: [(solution_region(WEEK, "schedules", "suggest_lr"), body_of(getattr(HEURISTICS, name)))]},
          why="a sound suggestion built differently from the reference: "
              + getattr(HEURISTICS, name).__doc__.splitlines()[0].rstrip("."))
    for name in HEURISTICS.SUGGESTERS
]

# --- measured as held-out round 1 (docs/graders.md: written as student code from the sources named,
# graded before the graders knew them), then used to grow the graders: training cases now ----------
COSINE = "return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)"
STEP_DECAY = "return float(initial_lr * drop ** (epoch // epochs_drop))"
EXP_DECAY = "return float(initial_lr * math.exp(-k * epoch))"
PLATEAU_IMPROVED = "            self.best = metric\n            self.num_bad_epochs = 0\n"

ROUND_1 = [
    Mistake(tag="cosine-min-max-swapped", name="cosine-from-lr-min",
            edits={S: [(COSINE, "return float(lr_max + (lr_min - lr_max) * (1 + math.cos(math.pi * t / T)) / 2)")]},
            why="lr_min and lr_max exchanged: the rate climbs from lr_min to lr_max",
            source="swapped arguments of a cosine interpolation"),
    Mistake(tag="cosine-ignores-lr-min", name="cosine-clamped-at-lr-min",
            edits={S: [(COSINE, "return float(max(lr_max * (1 + math.cos(math.pi * t / T)) / 2, lr_min))")]},
            why="the cosine from lr_max to 0, clamped at lr_min, instead of annealing to lr_min",
            source="EleutherAI/gpt-neox PR #1008 (cosine that does not keep min_lr in mind, then max(lr, min_lr))"),
    Mistake(tag="cosine-off-by-one", name="cosine-t-over-T-minus-one",
            edits={S: [(COSINE, "return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / (T - 1))) / 2)")]},
            why="divides by T - 1 (the last index) instead of T",
            source="open-mmlab/mmcv issue #519 (progress / max_progress never reaches the end)"),
    Mistake(tag="step-decay-off-by-one", name="step-decay-keras-blog",
            edits={S: [(STEP_DECAY, "return initial_lr * math.pow(drop, math.floor((1 + epoch) / epochs_drop))")]},
            why="the widely copied Keras-callback formula floor((1 + epoch) / epochs_drop)",
            source="machinelearningmastery.com, 'Learning Rate Schedules for Deep Learning Models in Python with Keras'"),
    Mistake(tag="exp-decay-wrong-exponent", name="exp-decay-exp-times-epoch",
            edits={S: [(EXP_DECAY, "return float(initial_lr * math.exp(-k) * epoch)")]},
            why="precedence: exp(-k) * epoch instead of exp(-k * epoch) (0 at epoch 0)",
            source="precedence slip in initial_lr * e^(-k t)"),
    Mistake(tag="exp-decay-wrong-sign", name="exp-decay-growth",
            edits={S: [(EXP_DECAY, "return float(initial_lr * math.exp(k * epoch))")]},
            why="exp(k * epoch): the rate grows",
            source="a dropped minus sign"),
    Mistake(tag="warmup-zero-steps", name="warmup-min-without-guard",
            edits={S: [("    if step < warmup_steps:\n        return float(base_lr * step / warmup_steps)\n"
                        "    return float(base_lr)",
                        "    return float(base_lr * min(1.0, step / warmup_steps))")]},
            why="min(1, step / warmup_steps) divides by zero when there is no warmup",
            source="the docstring's warmup compressed into one line"),
    Mistake(tag="warmup-cosine-not-shifted", name="warmup-cosine-decays-during-warmup",
            edits={S: [("    if step < warmup_steps:\n        return linear_warmup(step, warmup_steps, base_lr)\n"
                        "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)",
                        "    warm = min(1.0, step / warmup_steps) if warmup_steps > 0 else 1.0\n"
                        "    return warm * cosine_annealing(step, total_steps, base_lr, min_lr)")]},
            why="the cosine runs from step 0, also during the warmup: a drop when the warmup ends",
            source="facebookresearch/fairchem PR #1967 (decays during warmup, sharp drop at its end)"),
    Mistake(tag="warmup-cosine-not-shifted", name="warmup-cosine-raw-step-short-period",
            edits={S: [("return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)",
                        "return cosine_annealing(step, total_steps - warmup_steps, base_lr, min_lr)")]},
            why="the cosine evaluated at the raw step over the shortened period",
            source="lindermanlab/S5 issue #11 (step counted during warmup)"),
    Mistake(tag="one-cycle-end-off-by-one", name="one-cycle-anneal-to-total-steps",
            edits={S: [("    end2 = total_steps - 1\n", "    end2 = total_steps\n")]},
            why="the second phase ends at total_steps, one step after the last one",
            source="PyTorch OneCycleLR counts steps from 0 (total_steps - 1 is the last)"),
    Mistake(tag="one-cycle-div-factor-inverted", name="one-cycle-times-div-factor",
            edits={S: [("    initial = max_lr / div_factor\n", "    initial = max_lr * div_factor\n")]},
            why="multiplies by div_factor: the run starts far above max_lr",
            source="div_factor read as a multiplier"),
    Mistake(tag="plateau-counter-not-reset-on-improvement", name="plateau-counts-all-bad-epochs",
            edits={S: [(PLATEAU_IMPROVED, "            self.best = metric\n")]},
            why="the bad-epoch counter is not reset by an improvement: it counts all bad epochs so far",
            source="pytorch/pytorch issue #2545 thread (num_bad_epochs bookkeeping)"),
    Mistake(tag="plateau-compares-previous", name="plateau-vs-last-metric",
            edits={S: [("        if metric < self.best * (1 - self.threshold):\n" + PLATEAU_IMPROVED,
                        "        improved = metric < self.best * (1 - self.threshold)\n"
                        "        self.best = metric\n"
                        "        if improved:\n"
                        "            self.num_bad_epochs = 0\n")]},
            why="compares with the previous epoch's metric instead of the best one",
            source="'best' kept as the last value"),
    Mistake(tag="range-test-logspace-exponents", name="range-test-np-logspace",
            edits={S: [("        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n",
                        "        lr = float(np.logspace(lr_min, lr_max, n_steps)[i])\n")]},
            why="np.logspace takes exponents (10**lr_min .. 10**lr_max), not the rates themselves",
            source="numpy logspace vs geomspace"),
]
MISTAKES += [replace(m, was_held_out=1) for m in ROUND_1]


# --- measured as held-out round 2 (docs/graders.md: written as student code after round 1 had grown the
# graders, graded before the graders knew them), then used to grow the graders: training cases now ---------
WARMUP = ("    if step < warmup_steps:\n        return float(base_lr * step / warmup_steps)\n"
          "    return float(base_lr)")
ONE_CYCLE_PHASES = ("    if step <= end1:\n        start_lr, end_lr, pct = initial, max_lr, step / end1\n"
                    "    else:\n        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)\n"
                    "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))")
ROUND_2 = [
    Mistake(tag="step-decay-ceil", name="step-decay-math-ceil",
            edits={S: [(STEP_DECAY, "return initial_lr * drop ** math.ceil(epoch / epochs_drop)")]},
            why="ceil instead of floor: the first drop comes right after epoch 0",
            source="rounding up the number of intervals"),
    Mistake(tag="exp-decay-off-by-one", name="exp-decay-epoch-plus-one",
            edits={S: [(EXP_DECAY, "return float(initial_lr * math.exp(-k * (epoch + 1)))")]},
            why="epochs counted from 1: epoch 0 already decayed",
            source="1-based epoch numbering (Keras callbacks log epochs from 1)"),
    Mistake(tag="cosine-quarter-period", name="cosine-over-2T",
            edits={S: [(COSINE, "return float(lr_min + (lr_max - lr_min) * math.cos(math.pi * t / (2 * T)))")]},
            why="a quarter cosine from 1 to 0 instead of the half-cosine factor (1 + cos) / 2",
            source="another 'cosine from 1 to 0' that is not the SGDR one (Loshchilov & Hutter 2017)"),
    Mistake(tag="cosine-degrees", name="cosine-180-degrees",
            edits={S: [(COSINE, "return float(lr_min + (lr_max - lr_min) * (1 + math.cos(180 * t / T)) / 2)")]},
            why="180 for pi: math.cos takes radians",
            source="degrees vs radians in math.cos"),
    Mistake(tag="warmup-not-capped", name="warmup-keeps-rising",
            edits={S: [(WARMUP, "    return float(base_lr * step / warmup_steps) if warmup_steps else float(base_lr)")]},
            why="the ramp never stops: after warmup_steps the rate keeps growing past base_lr",
            source="the ramp without its plateau branch"),
    Mistake(tag="warmup-starts-at-one", name="warmup-plus-one-over-plus-one",
            edits={S: [(WARMUP, "    if step < warmup_steps:\n"
                                "        return float(base_lr * (step + 1) / (warmup_steps + 1))\n"
                                "    return float(base_lr)")]},
            why="(step + 1) / (warmup_steps + 1) to avoid a zero rate at step 0",
            source="warmup that never uses a rate of exactly 0"),
    Mistake(tag="warmup-cosine-ignores-min-lr", name="warmup-cosine-min-lr-dropped",
            edits={S: [("return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)",
                        "return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr)")]},
            why="min_lr is not passed on: the cosine ends at 0",
            source="a keyword argument dropped when calling a helper"),
    Mistake(tag="one-cycle-peak-off-by-one", name="one-cycle-rounded-peak",
            edits={S: [("    end1 = float(pct_start * total_steps) - 1\n",
                        "    end1 = round(pct_start * (total_steps - 1))\n")]},
            why="the peak placed at round(pct_start * (total_steps - 1)) instead of pct_start * total_steps - 1",
            source="a peak index rounded onto the grid of steps"),
    Mistake(tag="one-cycle-cosine-form", name="one-cycle-cos-without-half",
            edits={S: [(ONE_CYCLE_PHASES, ONE_CYCLE_PHASES.replace(
                "return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))",
                "return float(end_lr + (start_lr - end_lr) * math.cos(math.pi * pct))"))]},
            why="cos(pi * pct) without (1 + ...) / 2: it goes below the end rate (even negative)",
            source="the cosine factor written without its shift and halving"),
    Mistake(tag="plateau-never-cuts", name="plateau-divides-by-factor",
            edits={S: [("new_lr = max(self.lr * self.factor, self.min_lr)", "new_lr = max(self.lr / self.factor, self.min_lr)")]},
            why="dividing by factor: the rate doubles at every cut",
            source="factor read as 'divide by'"),
    Mistake(tag="plateau-threshold-sign", name="plateau-better-within-threshold",
            edits={S: [("if metric < self.best * (1 - self.threshold):", "if metric < self.best * (1 + self.threshold):")]},
            why="1 + threshold: a slightly WORSE epoch still counts as an improvement",
            source="the sign of a relative threshold"),
    Mistake(tag="range-test-calls-twice", name="range-test-loss-asked-twice",
            edits={S: [("        loss = float(loss_after_step(lr))\n        lrs.append(lr)\n        losses.append(loss)\n",
                        "        loss = float(loss_after_step(lr))\n        lrs.append(lr)\n"
                        "        losses.append(float(loss_after_step(lr)))\n")]},
            why="the training step run twice per rate (once for the check, once for the record)",
            source="calling a function with side effects twice"),
    Mistake(tag="suggest-lr-too-high", name="suggest-lr-steepest-rise",
            edits={S: [("    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                        "    return float(lrs[np.argmin(falling)])\n",
                        "    return float(lrs[np.argmax(np.abs(slope))])\n")]},
            why="the steepest change, up or down: the blow-up at the end is steeper than the fall",
            source="'where the loss changes fastest' read without its direction"),
]

MISTAKES += [replace(m, was_held_out=2) for m in ROUND_2]

# --- held out, round 3: written as student code after round 2 had grown the graders, before these were ever
# graded. About two in three are mistakes the graders know, in a new form (most slips are common ones); the
# rest are new. Tags say what a reader would call the mistake, ``also`` other names that describe it as truly.
# Frozen by HELD_OUT_DIGESTS (docs/graders.md) ----------------------------------------------------------------
HELD_OUT = [
    Mistake(tag="step-decay-round", name="step-decay-int-round",
            edits={S: [(STEP_DECAY, "return float(initial_lr * drop ** int(round(epoch / epochs_drop)))")]},
            why="the number of intervals rounded to the nearest instead of down",
            source="round() where floor is meant"),
    Mistake(tag="step-decay-no-floor", name="step-decay-true-division",
            edits={S: [(STEP_DECAY, "return float(initial_lr * drop ** (epoch / epochs_drop))")]},
            why="/ instead of //: a smooth decay instead of a staircase",
            source="Python 3 true division"),
    Mistake(tag="exp-decay-inverse-time", name="exp-decay-one-over-one-plus-kt",
            edits={S: [(EXP_DECAY, "return initial_lr * 1.0 / (1.0 + k * epoch)")]},
            why="Keras' time-based decay",
            source="keras LearningRateScheduler examples (lr * 1 / (1 + decay * epoch))"),
    Mistake(tag="exp-decay-k-as-time-constant", also=("exp-decay-k-inverted",), novel=True, name="exp-decay-epoch-over-k",
            edits={S: [(EXP_DECAY, "return float(initial_lr * math.exp(-epoch / k) if k else initial_lr)")]},
            why="k read as a time constant (exp(-t / tau)) instead of a rate",
            source="exponential decay written with a time constant tau, as in physics"),
    Mistake(tag="cosine-linear", name="cosine-straight-line",
            edits={S: [(COSINE, "return float(lr_max - (lr_max - lr_min) * (t / T))")]},
            why="a straight line from lr_max to lr_min",
            source="linear decay mistaken for cosine annealing"),
    Mistake(tag="cosine-restarts", also=("cosine-not-clamped",), novel=True, name="cosine-t-modulo-T",
            edits={S: [("    if t >= T:\n        return float(lr_min)\n    return float(lr_min + (lr_max",
                        "    t = t % T\n    return float(lr_min + (lr_max")]},
            why="t % T: after T the cosine restarts at lr_max (SGDR's warm restarts), the course stays at lr_min",
            source="Loshchilov & Hutter 2017 (SGDR) restarts the cosine; this function does not"),
    Mistake(tag="warmup-linspace", name="warmup-over-w-minus-one",
            edits={S: [(WARMUP, "    if step < warmup_steps:\n"
                                "        return float(base_lr * step / max(1, warmup_steps - 1))\n"
                                "    return float(base_lr)")]},
            why="the ramp divided by warmup_steps - 1 (reaching base_lr one step early, like np.linspace)",
            source="np.linspace(0, base_lr, warmup_steps) as the ramp"),
    Mistake(tag="warmup-cosine-wrong-length", name="warmup-cosine-inline-over-total",
            edits={S: [("    if step < warmup_steps:\n        return linear_warmup(step, warmup_steps, base_lr)\n"
                        "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)",
                        "    if step < warmup_steps:\n        return linear_warmup(step, warmup_steps, base_lr)\n"
                        "    progress = min(1.0, (step - warmup_steps) / total_steps)\n"
                        "    return float(min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * progress)) / 2)")]},
            why="the cosine's progress measured against total_steps instead of the steps left after the warmup",
            source="huggingface/pytorch-image-models issue #1242 (t_initial = num_steps - warmup_steps)"),
    Mistake(tag="one-cycle-linear", name="one-cycle-straight-lines",
            edits={S: [(ONE_CYCLE_PHASES, ONE_CYCLE_PHASES.replace(
                "return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))",
                "return float(start_lr + (end_lr - start_lr) * pct)"))]},
            why="straight-line phases (the one-cycle paper's first version), not OneCycleLR's cosines",
            source="Smith 2018 (arXiv:1803.09820) uses linear phases; PyTorch's default is 'cos'"),
    Mistake(tag="one-cycle-final-divided-twice", also=("one-cycle-wrong-final",), novel=True,
            name="one-cycle-final-over-both-factors",
            edits={S: [("    final = initial / final_div_factor\n",
                        "    final = initial / (div_factor * final_div_factor)\n")]},
            why="the final rate divided by div_factor a second time",
            source="final = max_lr / (div_factor * final_div_factor) applied to the initial rate"),
    Mistake(tag="plateau-absolute-threshold", name="plateau-gain-over-threshold",
            edits={S: [("if metric < self.best * (1 - self.threshold):", "if self.best - metric > self.threshold:")]},
            why="an improvement counted when the gain exceeds threshold itself, not threshold * best",
            source="PyTorch's threshold_mode='abs' instead of the default 'rel'"),
    Mistake(tag="plateau-best-reset", novel=True, name="plateau-forgets-best-after-cut",
            edits={S: [("                self.lr = new_lr\n            self.num_bad_epochs = 0\n",
                        "                self.lr = new_lr\n            self.num_bad_epochs = 0\n"
                        "            self.best = math.inf\n")]},
            why="best forgotten after every cut: the next epoch always counts as an improvement",
            source="a cooldown written as 'start over'"),
    Mistake(tag="range-test-no-early-stop", novel=True, name="range-test-stops-only-on-nan",
            edits={S: [("        best = min(best, loss)\n        if loss > 4 * best:\n            break\n",
                        "        best = min(best, loss)\n")]},
            why="stops on nan/inf only: a loss that explodes but stays finite runs to the end",
            source="the 4x rule dropped, the finiteness check kept"),
    Mistake(tag="suggest-lr-at-minimum", name="suggest-lr-argmin-raw",
            edits={S: [("    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                        "    return float(lrs[np.argmin(falling)])\n",
                        "    return float(lrs[np.argmin(losses)])\n")]},
            why="the rate of the lowest loss",
            source="'pick the lr with the lowest loss', a frequent misreading of the LR finder"),
]


# --- grown by family from round 3 (docs/graders.md, "Families"): new code, written for the training part, that
# belongs to the family of a round-3 mistake; each checks that the family's detector names more than one instance.
RANGE_STOP = "        best = min(best, loss)\n        if loss > 4 * best:\n            break\n"
FAMILIES = [
    # a hyperparameter used as its reciprocal
    Mistake(tag="step-decay-drop-inverted", name="step-decay-divides-by-drop",
            edits={S: [(STEP_DECAY, "return float(initial_lr / drop ** (epoch // epochs_drop))")]},
            why="the rate divided by drop at every interval: it grows", source="family: a hyperparameter inverted"),
    # the schedule restarts after its length
    Mistake(tag="cosine-restarts", name="cosine-minus-whole-periods",
            edits={S: [("    if t >= T:\n        return float(lr_min)\n    return float(lr_min + (lr_max",
                        "    t = t - T * (t // T)\n    return float(lr_min + (lr_max")]},
            why="whole periods subtracted from t: a cosine with warm restarts", source="family: a schedule that restarts"),
    # the end value divided by the wrong things
    Mistake(tag="one-cycle-wrong-final", name="one-cycle-final-is-initial",
            edits={S: [("    final = initial / final_div_factor\n", "    final = initial\n")]},
            why="the second phase falls back to the initial rate only", source="family: the end value wrong"),
    # best kept wrongly in ReduceLROnPlateau
    Mistake(tag="plateau-best-set-at-cut", name="plateau-best-is-metric-at-cut",
            edits={S: [("                self.lr = new_lr\n            self.num_bad_epochs = 0\n",
                        "                self.lr = new_lr\n            self.num_bad_epochs = 0\n"
                        "            self.best = metric\n")]},
            why="the bad epoch's metric stored as best when the rate is cut", source="family: best kept wrongly"),
    Mistake(tag="plateau-best-never-updated", name="plateau-best-only-first",
            edits={S: [(PLATEAU_IMPROVED, "            if self.best == math.inf:\n"
                                          "                self.best = metric\n"
                                          "            self.num_bad_epochs = 0\n")]},
            why="best set once, by the first metric", source="family: best kept wrongly"),
    # the early stop changed
    Mistake(tag="range-test-compares-previous", name="range-test-vs-previous-loss",
            edits={S: [(RANGE_STOP, "        if len(losses) > 1 and loss > 4 * losses[-2]:\n            break\n")]},
            why="the blow-up compared with the previous loss", source="family: the early stop changed"),
    Mistake(tag="range-test-no-early-stop", name="range-test-nan-check-only",
            edits={S: [(RANGE_STOP, "        if np.isnan(loss) or np.isinf(loss):\n            break\n")]},
            why="only a non-finite loss stops it", source="family: the early stop changed"),
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
ROUND_4_ALSO = {}

# --- round 4 burnt (docs/graders.md, "The figures"): graded once held out (76 of 80 lose points, 22 named), then
# used to grow the graders by family; training cases now (heldout_round4.py stays as it was written).
# After grading, a family's name that describes a case as truly (the family's own words, read against the case):
ROUND_4_ALSO = {**ROUND_4_ALSO, "exp-decay-k-to-the-epoch": ("exp-decay-k-power",),
                "exp-decay-times-one-minus-k": ("exp-decay-compound",),
                "range-test-multiplier-over-n-steps": ("range-test-endpoint",),
                "suggest-lr-raw-argmin-over-10": ("suggest-lr-nonfinite",),
                "one-cycle-anneal-from-the-end": ("one-cycle-reversed",), "cosine-without-over-2": ("cosine-scaled",),
                "warmup-from-one-third": ("warmup-library-option",),
                "one-cycle-torch-three-phase": ("one-cycle-library-option",)}
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_4_UNNAMED = {
    'step-decay-floor-divides-the-rate': 'precedence: floor divides the rate; would need a model of this expression',
    'warmup-integer-division': 'integer division in the warmup ratio: the rounded family sees values, not a floor of the ratio',
    'warmup-cosine-max-min-lr': 'a clamp at min_lr: not modelled',
    'warmup-cosine-num-cycles-half': "transformers' num_cycles: a cosine of the wrong period not modelled for warmup_cosine",
    'plateau-plain-less-than-best': 'the threshold ignored in plateau: not modelled',
    'range-test-stop-on-fastai-ema': "fastai's smoothed-loss stop: the stop family compares raw losses",
    'suggest-lr-gradient-against-lr': "the slope against lr instead of log lr: a heuristic's reading not modelled",
}
# after grading: the mechanism names grown from the burnt unnamed cases (docs/graders.md, "Mechanism names") say
# what these cases are as truly as their own tags (each case's own model is still missing: a specific name wins)
ROUND_4_ALSO = {**ROUND_4_ALSO, 'cosine-lr-min-plus-full-amplitude': ('schedule-start-value',),
                'warmup-cosine-ramp-starts-at-min-lr': ('schedule-start-value',),
                'plateau-cuts-only-above-min-lr': ('plateau-floor-wrong',)}
MISTAKES += burn(ROUND_4, 4, ROUND_4_ALSO, ROUND_4_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- families grown from round 4 (docs/graders.md, "Families"): other code in the same class of slips ----------
MISTAKES += [
    # a library's option or default in place of the course's rule
    Mistake(tag="warmup-library-option", name="warmup-linearlr-start-factor-0.1",
            edits={S: [("        return float(base_lr * step / warmup_steps)\n",
                        "        return float(base_lr * (0.1 + 0.9 * step / warmup_steps))   # LinearLR(0.1)\n")]},
            why="a config's LinearLR(start_factor=0.1) warmup", source="family: a library's option"),
]

# Held-out round 5 (docs/graders.md): heldout_round5.py, written outside the repository from public sources
# after round 4 was burnt, by an engineer who never read the graders; copied here unchanged and graded once,
# with the writer's own tags only (its digests, recorded while it was held out, went with the burn).
ROUND_5 = load_round(__file__, "heldout_round5.py").ROUND_5

# --- round 5 burnt (docs/graders.md, "The figures"): graded once held out (79 of 79 lose points, 41 named), then
# used to grow the graders by family and by mechanism; training cases now (heldout_round5.py stays as it was
# written; its digests are gone with the held-out mark).
# After grading, a name of the graders' that describes a case as truly as its own tag (its words read against the
# case): (1 - k) ** epoch is the model "decay by a factor (1 - k) per epoch"; cos(t / T) is the cosine without pi;
# geomspace(n + 1)[:n] has the exponents i / n_steps the endpoint model names; a nan kept in the smoothing is what
# "the nan/inf at the end upsets your computation" says.
ROUND_5_ALSO = {'exp-decay-one-minus-k-power': ('exp-decay-compound',),
                'cosine-cos-of-t-over-T': ('cosine-no-pi',),
                'range-test-geomspace-n-plus-one': ('range-test-endpoint',),
                'suggest-lr-keeps-nan-in-smoothing': ('suggest-lr-nonfinite',)}
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_5_UNNAMED = {
    'step-decay-steplr-recursive-rule': "StepLR's recursive form evaluated as a closed form only at the boundaries: "
                                        "no model of a rule that applies only on boundary epochs",
    'warmup-deepspeed-log': "a logarithmic ramp (DeepSpeed's warmup_type='log'): it raises at step 0 "
                            "(log(1) / log(0) for one step of warmup); no family of ramp shapes",
    'warmup-cosine-period-minus-one': "the cosine's period one step short inside warmup_cosine: a shape off by a "
                                      "fraction of a step, not the t - 1 the off-by-one family shifts",
    'one-cycle-linear-up-cosine-down': "a linear rise with a cosine fall: no model of mixed phase shapes (the "
                                       "localiser says it starts right and parts later)",
    'plateau-cuts-on-every-bad-epoch': "patience ignored (a cut on every bad epoch): no family of a counter's "
                                       "threshold in the plateau models",
    'plateau-best-minus-best-times-threshold': "the threshold written as best - best * threshold with best = inf "
                                               "at the start (inf - inf = nan): no model of a nan best",
    'range-test-batch-greater-than-5': "no stop in the first steps (fastai's batch > 5): the stop family has no "
                                       "part for a delayed start",
    'suggest-lr-uncorrected-ema': "an EMA without its bias correction (fastai's smoothing): the suggestion lands "
                                  "on the flat start, which is what the message says; no model of the smoothing",
}
MISTAKES += burn(ROUND_5, 5, ROUND_5_ALSO, ROUND_5_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- families and mechanism names grown from round 5 (docs/graders.md) -----------------------------------------
MISTAKES += [
    # a final value wrong: final_div_factor multiplying where it divides (FINAL_FAMILY with b = -1)
    Mistake(tag="one-cycle-wrong-final", name="one-cycle-final-initial-times-final-div",
            edits={S: [("    final = initial / final_div_factor\n", "    final = initial * final_div_factor\n")]},
            why="the final rate multiplied by final_div_factor: the run ends far above where it started",
            source="family: a final / boundary value wrong"),
    # a schedule right at its start and wrong later (a mechanism name: no model of the shape)
    Mistake(tag="schedule-wrong-after-start", name="warmup-quadratic-ramp",
            edits={S: [(WARMUP, "    if step < warmup_steps:\n        return float(base_lr * (step / warmup_steps) "
                                "** 2)\n    return float(base_lr)")]},
            why="a smooth (quadratic) warmup where the linear one is asked for",
            source="mechanism: right at the start, wrong later"),
    Mistake(tag="schedule-wrong-after-start", name="exp-decay-of-the-square-root",
            edits={S: [(EXP_DECAY, "return float(initial_lr * math.exp(-k * math.sqrt(epoch)))")]},
            why="the exponent grows with the square root of the epoch (a 'gentler' decay)",
            source="mechanism: right at the start, wrong later"),
]
MISTAKES += [
    # the early stop changed: its factor (the stop family's new part; 10x was named "compared with the first loss")
    Mistake(tag="range-test-stop-factor", name="range-test-stop-at-3x",
            edits={S: [(RANGE_STOP, "        best = min(best, loss)\n        if loss > 3 * best:\n            break\n")]},
            why="a 3x threshold remembered from a blog's finder, where the course uses fastai's 4x",
            source="family: the early stop changed"),
]

# Held-out round 6 (docs/graders.md): heldout_round6.py, written outside the repository from public sources
# after round 5 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_6 = load_round(__file__, "heldout_round6.py").ROUND_6
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_6_ALSO = {'step-decay-np-power-of-ratio': ('schedule-wrong-after-start',), 'exp-decay-keras-scheduler-doc-example': ('schedule-wrong-after-start',), 'exp-decay-divides-by-exp-of-minus': ('schedule-wrong-after-start',), 'cosine-math-radians-of-fraction': ('schedule-wrong-after-start',), 'cosine-clamp-on-equal-only': ('schedule-wrong-after-start',), 'warmup-step-floor-divided-first': ('schedule-wrong-after-start',), 'warmup-noam-inverse-sqrt': ('schedule-wrong-after-start',), 'warmup-cosine-shifted-over-total': ('schedule-wrong-after-start',), 'one-cycle-peak-at-pct-of-last-index': ('schedule-wrong-after-start',)}

# --- round 6 burnt (docs/graders.md, "The figures"): graded once held out (70 of 74 lose points, 44 named), then
# used to grow the graders; training cases now (heldout_round6.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no family names yet, and why (each must still lose points; selftest fails one named)
ROUND_6_UNNAMED = {
    'step-decay-power-then-floor-division': "a precedence slip read as a constant factor on the settings tried "
                                            "(step-decay-scaled: true of those numbers, not the precedence)",
    'range-test-stops-above-4': "a stop at an absolute loss of 4: on the four sequences it stops where a 4x factor "
                                "rule does some of the time (range-test-stop-factor fires)",
    # suggest-lr-argmin-position: named since round 12 by suggest-lr-returns-index (a position in lrs returned)
    'suggest-lr-slope-after-the-minimum': "the slope after the minimum: read as at the minimum, the nearest "
                                          "model",
}
# after grading: the graders' own model of the same slip names it (its words read against the case)
ROUND_6_ALSO = {**ROUND_6_ALSO, 'warmup-cosine-ramp-of-step-plus-one': ('warmup-cosine-starts-at-one',)}
# after grading: mode 'max' is a library's option in place of the course's rule (the family's words describe it)
ROUND_6_ALSO = {**ROUND_6_ALSO, 'plateau-accuracy-mode': ('plateau-library-option',)}
# after grading: a mechanism name grown from the burnt unnamed cases (docs/graders.md, "Mechanism names")
ROUND_6_ALSO = {**ROUND_6_ALSO, 'one-cycle-fastai-div-final': ('schedule-end-value',),
                'plateau-min-instead-of-max-floor': ('plateau-floor-wrong',)}
MISTAKES += burn(ROUND_6, 6, ROUND_6_ALSO, ROUND_6_UNNAMED, MISTAKES)

# --- families grown from round 6 (docs/graders.md, "Families"): other code in the same class of slips ----------
MISTAKES += [
    Mistake(tag="plateau-library-option", name="plateau-mode-max-as-difference",
            edits={"schedules": [("        self.best = math.inf          # best (lowest) metric seen so far\n",
                                "        self.best = float(\"-inf\")     # mode='max', as for val_accuracy\n"),
                               ("        if metric < self.best * (1 - self.threshold):\n",
                                "        if metric - self.best * (1 + self.threshold) > 0:\n")]},
            why="PyTorch's mode='max' rule copied from an accuracy example, written as a difference",
            source="family: a library's option (torch.optim.lr_scheduler.ReduceLROnPlateau, mode='max')"),
]
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- mechanism names grown from the burnt unnamed cases (docs/graders.md, "Mechanism names"): other code than the
# burnt cases, named by what the values prove -----------------------------------------------------------------
MISTAKES += [
    # the expected shape towards the right value at one end, from the wrong value at the other
    Mistake(tag="schedule-start-value", name="warmup-timm-warmup-lr-init",
            edits={S: [("        return float(base_lr * step / warmup_steps)\n",
                        "        warmup_lr_init = 1e-5          # timm's --warmup-lr\n"
                        "        return float(warmup_lr_init + (base_lr - warmup_lr_init) * step / warmup_steps)\n")]},
            why="timm's training script warms up from --warmup-lr (1e-5 by default), typed into the schedule: the spec's "
                "ramp starts at 0",
            source="mechanism: the start value (https://github.com/huggingface/pytorch-image-models, train.py "
                   "--warmup-lr)"),
    Mistake(tag="schedule-end-value", name="warmup-cosine-min-lr-as-a-ratio",
            edits={S: [("    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n",
                        "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr,\n"
                        "                            base_lr * min_lr)   # min_lr as a fraction of the peak\n")]},
            why="min_lr read as Hugging Face's min_lr_rate (a fraction of the peak rate): the cosine ends at "
                "base_lr * min_lr, not at min_lr",
            source="mechanism: the end value (transformers.get_cosine_with_min_lr_schedule_with_warmup, min_lr_rate)"),
    # every cut right until the first one that min_lr limits: the floor applied at the wrong place
    Mistake(tag="plateau-floor-wrong", name="plateau-floor-before-the-cut",
            edits={S: [("            new_lr = max(self.lr * self.factor, self.min_lr)\n",
                        "            new_lr = max(self.lr, self.min_lr) * self.factor\n")]},
            why="min_lr applied to the old rate and then cut: the rate drops below min_lr on the cut that should "
                "stop at it",
            source="mechanism: a floor at the wrong place (the clamp written around the wrong term)"),
]

# --- round 7 of valid variants (docs/graders.md, "Valid variants, round 7"): correct code written from the contract,
# the stubs' docstrings and the libraries' public code BEFORE the graders were read, graded once, then the graders
# fixed for the classes that lost points. Whole-function snippets come from the reference (solution_region). ----
def _valid_round_7() -> list[Valid]:
    """Round 7's valid variants of this week (a function, so its snippet names stay local)."""
    M = "schedules"
    SUGGEST_TAIL = ("    slope = np.gradient(smooth, np.log(lrs))\n"
                    "    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                    "    return float(lrs[np.argmin(falling)])\n")
    STEP = solution_region(WEEK, 'schedules', 'step_decay')
    EXP = solution_region(WEEK, 'schedules', 'exponential_decay')
    COS = solution_region(WEEK, 'schedules', 'cosine_annealing')
    WARM = solution_region(WEEK, 'schedules', 'linear_warmup')
    WCOS = solution_region(WEEK, 'schedules', 'warmup_cosine')
    ONE = solution_region(WEEK, 'schedules', 'one_cycle')
    PLATEAU = solution_region(WEEK, 'schedules', 'ReduceLROnPlateau.step')
    RANGE = solution_region(WEEK, 'schedules', 'lr_range_test')
    return [
        # --- step_decay -------------------------------------------------------------------------------
        Valid(name="round7-step-decay-numpy-power",
              edits={M: [(STEP, "    return initial_lr * np.power(drop, np.floor(epoch / epochs_drop))\n")]},
              why="np.power of np.floor(epoch / epochs_drop): an np.float64 (a float), the same value for int epochs"),
        Valid(name="round7-step-decay-repeated-multiply",
              edits={M: [(STEP,
                          "    lr = initial_lr\n"
                          "    for _ in range(epoch // epochs_drop):\n"
                          "        lr *= drop\n"
                          "    return float(lr)\n")]},
              why="the drop applied once per completed period (a loop of multiplications): round-off from the power only"),
        # --- exponential_decay ------------------------------------------------------------------------
        Valid(name="round7-exp-decay-np-exp-divide",
              edits={M: [(EXP, "    return initial_lr / np.exp(k * epoch)\n")]},
              why="initial_lr / exp(k epoch) = initial_lr exp(-k epoch); np.float64 result"),
        # --- cosine_annealing -------------------------------------------------------------------------
        Valid(name="round7-cosine-half-angle-clamped",
              edits={M: [(COS,
                          "    t = min(t, T)\n"
                          "    return lr_min + 0.5 * (lr_max - lr_min) * (1.0 + np.cos(np.pi * t / T))\n")]},
              why="t clamped to T (cos(pi) = -1 gives lr_min exactly), the 1/2 in front, np.cos: an np.float64"),
        # --- linear_warmup ----------------------------------------------------------------------------
        Valid(name="round7-warmup-fraction-times-base",
              edits={M: [(WARM,
                          "    if warmup_steps == 0 or step >= warmup_steps:\n"
                          "        return base_lr\n"
                          "    return (step / warmup_steps) * base_lr\n")]},
              why="the fraction of the warmup times base_lr (another rounding order), base_lr returned as given"),
        # --- warmup_cosine ----------------------------------------------------------------------------
        Valid(name="round7-warmup-cosine-inline-progress",
              edits={M: [(WCOS,
                          "    if step < warmup_steps:\n"
                          "        return base_lr * step / warmup_steps\n"
                          "    progress = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))\n"
                          "    return min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress))\n")]},
              why="written inline without the helpers, the cosine on a clamped progress fraction (the transformers "
                  "library's get_cosine_schedule_with_warmup shape with a floor)"),
        # --- one_cycle --------------------------------------------------------------------------------
        Valid(name="round7-one-cycle-pytorch-phases",
              edits={M: [(ONE,
                          "    def anneal_cos(start, end, pct):\n"
                          "        cos_out = math.cos(math.pi * pct) + 1\n"
                          "        return end + (start - end) / 2.0 * cos_out\n"
                          "\n"
                          "    initial_lr = max_lr / div_factor\n"
                          "    min_lr = initial_lr / final_div_factor\n"
                          "    phases = [\n"
                          "        {'end_step': float(pct_start * total_steps) - 1, 'start_lr': initial_lr, "
                          "'end_lr': max_lr},\n"
                          "        {'end_step': total_steps - 1, 'start_lr': max_lr, 'end_lr': min_lr},\n"
                          "    ]\n"
                          "    start_step = 0\n"
                          "    for i, phase in enumerate(phases):\n"
                          "        end_step = phase['end_step']\n"
                          "        if step <= end_step or i == len(phases) - 1:\n"
                          "            pct = (step - start_step) / (end_step - start_step)\n"
                          "            return anneal_cos(phase['start_lr'], phase['end_lr'], pct)\n"
                          "        start_step = phase['end_step']\n")]},
              why="torch.optim.lr_scheduler.OneCycleLR.get_lr's loop over the phase table, verbatim in NumPy-free "
                  "Python: the contract's definition"),
        Valid(name="round7-one-cycle-np-cos-linear-interp",
              edits={M: [(ONE,
                          "    lr_start = max_lr / div_factor\n"
                          "    lr_end = lr_start / final_div_factor\n"
                          "    peak = pct_start * total_steps - 1\n"
                          "    if step <= peak:\n"
                          "        frac = step / peak\n"
                          "        a, b = lr_start, max_lr\n"
                          "    else:\n"
                          "        frac = (step - peak) / (total_steps - 1 - peak)\n"
                          "        a, b = max_lr, lr_end\n"
                          "    w = (1 - np.cos(np.pi * frac)) / 2     # 0 -> 1 along half a cosine\n"
                          "    return a + (b - a) * w\n")]},
              why="the half cosine as a weight w from 0 to 1 blending the phase's ends, a + (b - a) w (equal to "
                  "b + (a - b)(1 + cos)/2); np.float64 result"),
        # --- ReduceLROnPlateau ------------------------------------------------------------------------
        Valid(name="round7-plateau-pytorch-structure",
              edits={M: [(PLATEAU,
                          "        current = float(metric)\n"
                          "        if self._is_better(current, self.best):\n"
                          "            self.best = current\n"
                          "            self.num_bad_epochs = 0\n"
                          "        else:\n"
                          "            self.num_bad_epochs += 1\n"
                          "        if self.num_bad_epochs > self.patience:\n"
                          "            self._reduce_lr()\n"
                          "            self.num_bad_epochs = 0\n"
                          "        return self.lr\n"
                          "\n"
                          "    def _is_better(self, a, best):\n"
                          "        rel_epsilon = 1.0 - self.threshold\n"
                          "        return a < best * rel_epsilon\n"
                          "\n"
                          "    def _reduce_lr(self):\n"
                          "        old_lr = float(self.lr)\n"
                          "        new_lr = max(old_lr * self.factor, self.min_lr)\n"
                          "        if old_lr - new_lr > self.eps:\n"
                          "            self.lr = new_lr\n")]},
              why="PyTorch's ReduceLROnPlateau split into is_better / _reduce_lr helpers (mode min, rel threshold, "
                  "cooldown 0)"),
        Valid(name="round7-plateau-wait-counter-numpy-metric",
              edits={M: [(PLATEAU,
                          "        value = np.asarray(metric, dtype=np.float64).item()\n"
                          "        improved = value < self.best * (1 - self.threshold)\n"
                          "        self.best = value if improved else self.best\n"
                          "        self.num_bad_epochs = 0 if improved else self.num_bad_epochs + 1\n"
                          "        if self.num_bad_epochs >= self.patience + 1:\n"
                          "            candidate = self.lr * self.factor\n"
                          "            if candidate < self.min_lr:\n"
                          "                candidate = self.min_lr\n"
                          "            if self.lr - candidate > self.eps:\n"
                          "                print(f'reducing the learning rate to {candidate:.3g}')\n"
                          "                self.lr = candidate\n"
                          "            self.num_bad_epochs = 0\n"
                          "        return self.lr\n")]},
              why="conditional expressions, >= patience + 1, the min_lr floor as an if, a print when the rate drops; "
                  "metrics accepted as NumPy scalars or 0-d arrays"),
        # --- lr_range_test ----------------------------------------------------------------------------
        Valid(name="round7-range-test-logspace-precomputed",
              edits={M: [(RANGE,
                          "    grid = np.logspace(np.log10(lr_min), np.log10(lr_max), n_steps)\n"
                          "    lrs, losses = [], []\n"
                          "    for lr in grid:\n"
                          "        loss = loss_after_step(lr)\n"
                          "        lrs.append(lr)\n"
                          "        losses.append(loss)\n"
                          "        if np.isnan(loss) or np.isinf(loss) or loss > 4 * min(losses):\n"
                          "            break\n"
                          "    return np.asarray(lrs, dtype=float), np.asarray(losses, dtype=float)\n")]},
              why="np.logspace between the log10 bounds (exponential spacing, round-off apart), the stop rule against "
                  "min of the losses so far (the current one included cannot trigger it)"),
        Valid(name="round7-range-test-preallocated-truncate",
              edits={M: [(RANGE,
                          "    ratio = (lr_max / lr_min) ** (1.0 / (n_steps - 1))\n"
                          "    lrs = lr_min * ratio ** np.arange(n_steps)\n"
                          "    losses = np.full(n_steps, np.nan)\n"
                          "    best = np.inf\n"
                          "    taken = n_steps\n"
                          "    for i in range(n_steps):\n"
                          "        losses[i] = loss_after_step(lrs[i])\n"
                          "        if not np.isfinite(losses[i]) or losses[i] > 4 * best:\n"
                          "            taken = i + 1\n"
                          "            break\n"
                          "        best = min(best, losses[i])\n"
                          "    return lrs[:taken].copy(), losses[:taken].copy()\n")]},
              why="a constant ratio between successive rates (geometric progression), arrays preallocated and cut at "
                  "the stop; comparing with the best before the current loss is the same rule"),
        # --- suggest_lr -------------------------------------------------------------------------------
        Valid(name="round7-suggest-forward-difference-of-smoothed",
              edits={M: [(SUGGEST_TAIL,
                          "    stop = int(np.argmin(smooth)) + 1          # the descent lies before the minimum\n"
                          "    if stop < 2:\n"
                          "        return float(lrs[0])\n"
                          "    d = np.diff(smooth[:stop]) / np.diff(np.log(lrs[:stop]))\n"
                          "    j = int(np.argmin(d))                      # steepest fall between j and j + 1\n"
                          "    return float(np.sqrt(lrs[j] * lrs[j + 1]))\n")]},
              why="forward differences of the smoothed loss against log(lr) before its minimum; the geometric midpoint "
                  "of the steepest segment"),
        # --- written after the first grading, having read only week 1's sgd grader (docs/graders.md) ---
        Valid(name="round7b-suggest-returns-numpy-scalar",
              edits={M: [(SUGGEST_TAIL,
                          "    slope = np.gradient(smooth, np.log(lrs))\n"
                          "    falling = slope[:np.argmin(smooth) + 1]\n"
                          "    return lrs[np.argmin(falling)]\n")]},
              why="the rate returned as the np.float64 entry of lrs (a float) without float()"),
        Valid(name="round7b-step-decay-math-pow",
              edits={M: [(STEP, "    return initial_lr * math.pow(drop, math.floor(epoch / epochs_drop))\n")]},
              why="math.pow and math.floor: the same value for int epochs"),
    ]


VALID += _valid_round_7()


# --- round 8 of valid variants (docs/graders.md, "Valid variants, round 8"): correct code written from the contract,
# the stubs' docstrings and the libraries' public code (PyTorch, optax, Keras, fastai) BEFORE the graders were
# read, graded once: all at full marks but one left out (docs/graders.md says which and why), so no grader
# changed. Whole-function snippets come from the reference. ----
def _valid_round_8() -> list[Valid]:
    """Round 8's valid variants of this week (a function, so its snippet names stay local)."""
    STEP = solution_region(WEEK, "schedules", "step_decay")
    EXP = solution_region(WEEK, "schedules", "exponential_decay")
    COS = solution_region(WEEK, "schedules", "cosine_annealing")
    WARM = solution_region(WEEK, "schedules", "linear_warmup")
    WCOS = solution_region(WEEK, "schedules", "warmup_cosine")
    ONE = solution_region(WEEK, "schedules", "one_cycle")
    PLATEAU = solution_region(WEEK, "schedules", "ReduceLROnPlateau.step")
    RANGE = solution_region(WEEK, "schedules", "lr_range_test")
    SUGGEST = ("    half = len(losses) // 20\n"
               "    csum = np.concatenate([[0.0], np.cumsum(losses)])\n"
               "    i = np.arange(len(losses))\n"
               "    lo, hi = np.maximum(i - half, 0), np.minimum(i + half + 1, len(losses))\n"
               "    smooth = (csum[hi] - csum[lo]) / (hi - lo)\n")
    M = "schedules"
    END = "    ### END SOLUTION\n"
    return [
        # --- step_decay ------------------------------------------------------------------------------------
        Valid(name="round8-step-decay-divmod",
              edits={M: [(STEP,
                          "    n_drops, _ = divmod(epoch, epochs_drop)\n"
                          "    return float(initial_lr * drop ** n_drops)\n")]},
              why="divmod's quotient is epoch // epochs_drop"),
        Valid(name="round8-step-decay-int-of-true-division",
              edits={M: [(STEP,
                          "    completed = int(epoch / epochs_drop)   # whole periods finished (epoch >= 0)\n"
                          "    return initial_lr * (drop ** completed)\n")]},
              why="int() of the true quotient truncates, which is the floor for epoch >= 0; the product returned "
                  "as it is (a float)"),
        # --- exponential_decay -----------------------------------------------------------------------------
        Valid(name="round8-exp-decay-torch-recurrence",
              edits={M: [(EXP,
                          "    gamma = math.exp(-k)            # torch.optim.lr_scheduler.ExponentialLR's gamma\n"
                          "    lr = float(initial_lr)\n"
                          "    for _ in range(int(epoch)):\n"
                          "        lr *= gamma\n"
                          "    return lr\n")]},
              why="ExponentialLR's recurrence lr <- gamma * lr once per epoch from initial_lr: exp(-k)^epoch, "
                  "round-off apart, for whole epochs"),
        Valid(name="round8-exp-decay-optax-rate-form",
              edits={M: [(EXP,
                          "    decay_rate, transition_steps = np.exp(-k), 1.0   # optax.exponential_decay's parameters\n"
                          "    return initial_lr * decay_rate ** (epoch / transition_steps)\n")]},
              why="optax/Keras exponential_decay: init * decay_rate ** (count / transition_steps) with "
                  "decay_rate = exp(-k), one step per transition; an np.float64 result"),
        # --- cosine_annealing ------------------------------------------------------------------------------
        Valid(name="round8-cosine-optax-alpha-form",
              edits={M: [(COS,
                          "    if lr_max == 0:\n"
                          "        return float(lr_min) if t >= T else float(lr_min * (1 - (1 + math.cos(math.pi * t / T)) / 2))\n"
                          "    alpha = lr_min / lr_max                       # optax.cosine_decay_schedule's alpha\n"
                          "    count = min(t, T)\n"
                          "    cosine = 0.5 * (1 + math.cos(math.pi * count / T))\n"
                          "    return float(lr_max * ((1 - alpha) * cosine + alpha))\n")]},
              why="optax.cosine_decay_schedule / Keras CosineDecay: lr_max * ((1 - alpha) * cosine + alpha) with "
                  "alpha = lr_min / lr_max, the count clamped at T (so lr_min after T)"),
        Valid(name="round8-cosine-torch-recursive",
              edits={M: [(COS,
                          "    if t >= T:\n"
                          "        return float(lr_min)\n"
                          "    lr = float(lr_max)\n"
                          "    for s in range(1, int(t) + 1):   # CosineAnnealingLR's chainable form\n"
                          "        lr = lr_min + (lr - lr_min) * (1 + math.cos(math.pi * s / T)) / (1 + math.cos(math.pi * (s - 1) / T))\n"
                          "    return lr\n")]},
              why="torch.optim.lr_scheduler.CosineAnnealingLR's recursive form, stepped from lr_max: the ratios "
                  "telescope to the closed form (round-off apart) for whole t < T"),
        # --- linear_warmup ---------------------------------------------------------------------------------
        Valid(name="round8-warmup-np-interp",
              edits={M: [(WARM,
                          "    return float(np.interp(step, [0, warmup_steps], [0.0, base_lr]))\n")]},
              why="np.interp on the segment (0, 0) -> (warmup_steps, base_lr), which holds base_lr beyond its end "
                  "(and for warmup_steps = 0)"),
        # --- warmup_cosine ---------------------------------------------------------------------------------
        Valid(name="round8-warmup-cosine-optax-join-schedules",
              edits={M: [(WCOS,
                          "    warm = lambda s: base_lr * s / warmup_steps\n"
                          "    decay_steps = total_steps - warmup_steps\n"
                          "    def decay(s):\n"
                          "        s = min(s, decay_steps)\n"
                          "        return min_lr + (base_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * s / decay_steps))\n"
                          "    schedules, boundaries = [warm, decay], [warmup_steps]\n"
                          "    i = sum(step >= b for b in boundaries)   # optax.join_schedules: which piece\n"
                          "    offset = boundaries[i - 1] if i > 0 else 0\n"
                          "    return float(schedules[i](step - offset))\n")]},
              why="optax.join_schedules' structure: pieces chosen by boundaries, each fed the step minus its "
                  "boundary; the cosine clamped at its end (min_lr after total_steps)"),
        Valid(name="round8-warmup-cosine-keras-warmup-target",
              edits={M: [(WCOS,
                          "    if step < warmup_steps:\n"
                          "        completed = step / warmup_steps\n"
                          "        return float(0.0 + (base_lr - 0.0) * completed)   # Keras: initial + (target - initial) * fraction\n"
                          "    decay_steps = total_steps - warmup_steps\n"
                          "    fraction = np.minimum(step - warmup_steps, decay_steps) / decay_steps\n"
                          "    cosine = 0.5 * (1.0 + np.cos(np.pi * fraction))\n"
                          "    return float((base_lr - min_lr) * cosine + min_lr)\n")]},
              why="Keras CosineDecay(warmup_target=base_lr, warmup_steps=...) written out: the warmup from 0 to the "
                  "target, then the cosine over the remaining steps, clamped at its end"),
        # --- one_cycle -------------------------------------------------------------------------------------
        Valid(name="round8-one-cycle-cos-squared",
              edits={M: [(ONE,
                          "    low = max_lr / div_factor\n"
                          "    end_lr = low / final_div_factor\n"
                          "    peak = pct_start * total_steps - 1.0\n"
                          "    if step <= peak:\n"
                          "        a, b, p = low, max_lr, step / peak\n"
                          "    else:\n"
                          "        a, b, p = max_lr, end_lr, (step - peak) / (total_steps - 1 - peak)\n"
                          "    # (1 + cos(pi p)) / 2 = cos(pi p / 2) ** 2\n"
                          "    return float(b + (a - b) * math.cos(math.pi * p / 2) ** 2)\n")]},
              why="the half cosine written as cos^2(pi p / 2) = (1 + cos(pi p)) / 2 (round-off apart), PyTorch's "
                  "phase ends"),
        Valid(name="round8-one-cycle-fastai-sched-cos",
              edits={M: [(ONE,
                          "    def sched_cos(start, end, pos):          # fastai's SchedCos\n"
                          "        return start + (1 + math.cos(math.pi * (1 - pos))) * (end - start) / 2\n"
                          "    initial = max_lr / div_factor\n"
                          "    final = initial / final_div_factor\n"
                          "    up_end = float(pct_start * total_steps) - 1     # PyTorch's phase boundary\n"
                          "    if step <= up_end:\n"
                          "        return float(sched_cos(initial, max_lr, step / up_end))\n"
                          "    return float(sched_cos(max_lr, final, (step - up_end) / (total_steps - 1 - up_end)))\n")]},
              why="fastai's sched_cos(start, end, pos) = start + (1 + cos(pi (1 - pos))) (end - start) / 2, the same "
                  "half cosine, on PyTorch's phases"),
        # --- ReduceLROnPlateau -----------------------------------------------------------------------------
        Valid(name="round8-plateau-torch-verbatim-cooldown-zero",
              edits={M: [(PLATEAU,
                          "        current = float(metric)\n"
                          "        if not hasattr(self, 'cooldown_counter'):\n"
                          "            self.cooldown, self.cooldown_counter, self.last_epoch = 0, 0, 0\n"
                          "        self.last_epoch += 1\n"
                          "        rel_epsilon = 1.0 - self.threshold\n"
                          "        if current < self.best * rel_epsilon:\n"
                          "            self.best = current\n"
                          "            self.num_bad_epochs = 0\n"
                          "        else:\n"
                          "            self.num_bad_epochs += 1\n"
                          "        if self.cooldown_counter > 0:\n"
                          "            self.cooldown_counter -= 1\n"
                          "            self.num_bad_epochs = 0\n"
                          "        if self.num_bad_epochs > self.patience:\n"
                          "            old_lr = self.lr\n"
                          "            new_lr = max(old_lr * self.factor, self.min_lr)\n"
                          "            if old_lr - new_lr > self.eps:\n"
                          "                self.lr = new_lr\n"
                          "            self.cooldown_counter = self.cooldown\n"
                          "            self.num_bad_epochs = 0\n"
                          "        self._last_lr = [self.lr]\n"
                          "        return self.lr\n")]},
              why="PyTorch's step() line by line, the cooldown machinery kept with cooldown = 0 (it never fires), "
                  "last_epoch and _last_lr kept"),
        Valid(name="round8-plateau-numpy-metric-item-min",
              edits={M: [(PLATEAU,
                          "        value = np.asarray(metric, dtype=np.float64).item()\n"
                          "        improved = value < self.best * (1.0 - self.threshold)\n"
                          "        self.num_bad_epochs = 0 if improved else self.num_bad_epochs + 1\n"
                          "        self.best = value if improved else self.best\n"
                          "        if self.num_bad_epochs >= self.patience + 1:\n"
                          "            self.num_bad_epochs = 0\n"
                          "            candidate = self.min_lr if self.lr * self.factor < self.min_lr else self.lr * self.factor\n"
                          "            if candidate < self.lr - self.eps:\n"
                          "                self.lr = candidate\n"
                          "        return self.lr\n")]},
              why="the metric read through np.asarray(...).item() (ints, NumPy scalars, 0-d arrays), the floor written as a conditional expression"),
        # --- lr_range_test ---------------------------------------------------------------------------------
        Valid(name="round8-range-test-fastai-check-before-best",
              edits={M: [(RANGE,
                          "    grid = np.exp(np.linspace(np.log(lr_min), np.log(lr_max), n_steps))\n"
                          "    lrs, losses = [], []\n"
                          "    best_loss = float('inf')\n"
                          "    for lr in grid:\n"
                          "        loss = loss_after_step(float(lr))\n"
                          "        lrs.append(lr)\n"
                          "        losses.append(loss)\n"
                          "        if np.isnan(loss) or np.isinf(loss) or loss > 4 * best_loss:\n"
                          "            break\n"
                          "        if loss < best_loss:\n"
                          "            best_loss = loss\n"
                          "    return np.asarray(lrs, dtype=np.float64), np.asarray(losses, dtype=np.float64)\n")]},
              why="fastai's order: the 4x test against the best BEFORE the current loss updates it (equal for "
                  "non-negative losses); rates exp(linspace(log lr_min, log lr_max)) (round-off apart)"),
        Valid(name="round8-range-test-generator-of-rates",
              edits={M: [(RANGE,
                          "    def rates():\n"
                          "        ratio = (lr_max / lr_min) ** (1.0 / (n_steps - 1))\n"
                          "        for i in range(n_steps):\n"
                          "            yield lr_min * ratio ** i\n"
                          "    lrs, losses = np.empty(0), np.empty(0)\n"
                          "    for lr in rates():\n"
                          "        loss = np.float64(loss_after_step(lr))\n"
                          "        lrs, losses = np.append(lrs, lr), np.append(losses, loss)\n"
                          "        if not np.isfinite(loss) or loss > 4 * losses.min():\n"
                          "            break\n"
                          "    return lrs, losses\n")]},
              why="a generator of rates lr_min * r**i (r the constant ratio, round-off apart), arrays grown with "
                  "np.append, the best as the minimum of the losses so far (the current one included)"),
        # --- suggest_lr ------------------------------------------------------------------------------------
        Valid(name="round8-suggest-convolve-log10-slope",
              edits={M: [(SUGGEST + ("    slope = np.gradient(smooth, np.log(lrs))\n"
                                     "    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                                     "    return float(lrs[np.argmin(falling)])\n"),
                          "    width = 2 * (len(losses) // 20) + 1\n"
                          "    kernel = np.ones(width)\n"
                          "    counts = np.convolve(np.ones(len(losses)), kernel, mode='same')\n"
                          "    smooth = np.convolve(losses, kernel, mode='same') / counts   # fewer points at the ends\n"
                          "    stop = int(np.argmin(smooth))\n"
                          "    slope = np.gradient(smooth, np.log10(lrs))   # per decade: a constant factor from ln\n"
                          "    return float(lrs[int(np.argmin(slope[:stop + 1]))])\n")]},
              why="the same moving average through np.convolve (normalised by the counts at the ends), the slope per "
                  "decade (log10: the same argmin as ln)"),
        Valid(name="round8-one-cycle-prints-every-call",
              edits={M: [(ONE,
                          ONE.replace("    return float(", "    lr = float(") +
                          "    print(f'one_cycle step {step}/{total_steps}: lr={lr:.6g}')\n"
                          "    return lr\n")]},
              why="a debugging print at every call left in (thousands of lines when a run is tabulated): the value "
                  "is unchanged"),
        Valid(name="round8-cosine-strictly-after-T-with-warning",
              edits={M: [(COS,
                          "    if t > T:\n"
                          "        import warnings\n"
                          "        warnings.warn(f't = {t} is past T = {T}: keeping lr_min')\n"
                          "        return float(lr_min)\n"
                          "    return float(lr_min + 0.5 * (lr_max - lr_min) * (1.0 + math.cos(math.pi * t / T)))\n")]},
              why="the formula also at t = T (cos(pi) = -1 gives lr_min exactly), a warning past T, the 1/2 in front"),
        Valid(name="round8-exp-decay-math-e-power",
              edits={M: [(EXP,
                          "    return initial_lr * math.e ** (-k * epoch)\n")]},
              why="math.e ** x for exp(x) (round-off apart), the product returned as it is (a float)"),
        Valid(name="round8-range-test-prints-each-step",
              edits={M: [(RANGE,
                          "    lrs, losses = [], []\n"
                          "    best = math.inf\n"
                          "    for i in range(n_steps):\n"
                          "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
                          "        loss = float(loss_after_step(lr))\n"
                          "        lrs.append(lr)\n"
                          "        losses.append(loss)\n"
                          "        print(f'{i:4d} lr={lr:.3e} loss={loss:.4f}')\n"
                          "        if not math.isfinite(loss):\n"
                          "            print('loss is not finite: stopping')\n"
                          "            break\n"
                          "        best = min(best, loss)\n"
                          "        if loss > 4 * best:\n"
                          "            print(f'loss {loss:.4f} > 4 x best {best:.4f}: stopping')\n"
                          "            break\n"
                          "    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)\n")]},
              why="a print of every step and of the reason for stopping (the test's progress)"),
        Valid(name="round8-plateau-history-list-and-reductions-log",
              edits={M: [(PLATEAU,
                          "        if not hasattr(self, 'history'):\n"
                          "            self.history, self.reductions = [], []\n"
                          "        self.history.append(float(metric))\n"
                          "        current = self.history[-1]\n"
                          "        if current < self.best * (1 - self.threshold):\n"
                          "            self.best, self.num_bad_epochs = current, 0\n"
                          "        else:\n"
                          "            self.num_bad_epochs += 1\n"
                          "        if self.num_bad_epochs > self.patience:\n"
                          "            self.num_bad_epochs = 0\n"
                          "            reduced = max(self.lr * self.factor, self.min_lr)\n"
                          "            if self.lr - reduced > self.eps:\n"
                          "                self.reductions.append((len(self.history) - 1, self.lr, reduced))\n"
                          "                self.lr = reduced\n"
                          "        return float(self.lr)\n")]},
              why="every metric kept in a history list and every cut logged as (epoch, old, new); the rule unchanged"),
        Valid(name="round8-warmup-torch-linearlr-factor",
              edits={M: [(WARM,
                          "    start_factor, end_factor = 0.0, 1.0          # torch.optim.lr_scheduler.LinearLR's closed form\n"
                          "    total_iters = warmup_steps\n"
                          "    progress = min(step, total_iters) / total_iters if total_iters > 0 else 1.0\n"
                          "    return float(base_lr * (start_factor + (end_factor - start_factor) * progress))\n")]},
              why="LinearLR's closed form with start_factor 0 and total_iters = warmup_steps (the factor held at 1 "
                  "after the warmup)"),
        Valid(name="round8-step-decay-while-count",
              edits={M: [(STEP,
                          "    lr, boundary = float(initial_lr), epochs_drop\n"
                          "    while epoch >= boundary:            # one drop per boundary passed\n"
                          "        lr *= drop\n"
                          "        boundary += epochs_drop\n"
                          "    return lr\n")]},
              why="one multiplication per boundary passed (MultiStepLR's view: milestones every epochs_drop); "
                  "round-off from the power only"),
        Valid(name="round8-warmup-cosine-shared-anneal-helper",
              edits={M: [(WCOS,
                          "    def anneal(a, b, pct):                # from a at pct 0 to b at pct 1\n"
                          "        return b + (a - b) * (1 + math.cos(math.pi * pct)) / 2\n"
                          "    if step < warmup_steps:\n"
                          "        return float(base_lr * step / warmup_steps)\n"
                          "    pct = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))\n"
                          "    return float(anneal(base_lr, min_lr, pct))\n")]},
              why="the cosine from base_lr to min_lr as a cos_anneal helper on a clamped fraction (one_cycle's "
                  "helper reused)"),
        Valid(name="round8-cosine-numpy-scalars-clip",
              edits={M: [(COS,
                          "    frac = np.clip(np.float64(t) / T, 0.0, 1.0)\n"
                          "    return float(lr_min + (lr_max - lr_min) * 0.5 * (1 + np.cos(np.pi * frac)))\n")]},
              why="the progress t / T clipped to [0, 1] with np.clip (lr_min after T), np.cos of an np.float64"),
        Valid(name="round8-one-cycle-phase-table-linear-search",
              edits={M: [(ONE,
                          "    initial = max_lr / div_factor\n"
                          "    phases = [(float(pct_start * total_steps) - 1, initial, max_lr),\n"
                          "              (total_steps - 1, max_lr, initial / final_div_factor)]\n"
                          "    start_step = 0.0\n"
                          "    for end_step, start_lr, end_lr in phases:\n"
                          "        if step <= end_step or end_step == phases[-1][0]:\n"
                          "            pct = (step - start_step) / (end_step - start_step)\n"
                          "            return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n"
                          "        start_step = end_step\n")]},
              why="OneCycleLR.get_lr's loop over a phase table (end step, start, end), written with tuples"),
        Valid(name="round8-module-level-self-check-left-in",
              edits={M: [("    return float(lrs[np.argmin(falling)])\n" + END,
                          "    return float(lrs[np.argmin(falling)])\n" + END +
                          "\n\n# quick look at the schedules (left in, no __main__ guard: runs at import)\n"
                          "print('step_decay', [step_decay(e, 0.1) for e in (0, 9, 10, 25)])\n"
                          "print('one_cycle', [round(one_cycle(s, 100, 1.0), 6) for s in (0, 29, 99)])\n")]},
              why="a printout of the docstrings' examples left at the bottom of the module (runs at import)"),
        Valid(name="round8-one-cycle-annotated-signature",
              edits={M: [("def one_cycle(step, total_steps, max_lr, pct_start=0.3, div_factor=25.0, final_div_factor=1e4):\n",
                          "def one_cycle(step: int, total_steps: int, max_lr: float, pct_start: float = 0.3,\n"
                          "              div_factor: float = 25.0, final_div_factor: float = 1e4) -> float:\n")]},
              why="type hints on the signature: the same names, order and defaults"),
        Valid(name="round8-warmup-cosine-keyword-calls",
              edits={M: [(WCOS,
                          "    if step < warmup_steps:\n"
                          "        return linear_warmup(step=step, warmup_steps=warmup_steps, base_lr=base_lr)\n"
                          "    return cosine_annealing(t=step - warmup_steps, T=total_steps - warmup_steps,\n"
                          "                            lr_max=base_lr, lr_min=min_lr)\n")]},
              why="its own helpers called with keyword arguments"),
    ]


VALID += _valid_round_8()

# Held-out round 7 (docs/graders.md): heldout_round7.py, written outside the repository from public sources
# after round 6 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_7 = load_round(__file__, "heldout_round7.py").ROUND_7
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_7_ALSO = {'step-decay-int-plus-one-half': ('schedule-wrong-after-start',), 'cosine-lr-min-as-floor': ('schedule-wrong-after-start',), 'cosine-over-T-plus-one': ('schedule-wrong-after-start',), 'warmup-cosine-shift-plus-one': ('schedule-wrong-after-start',), 'warmup-cosine-hf-linear-decay': ('schedule-wrong-after-start',), 'one-cycle-int-of-pct-times-total': ('schedule-wrong-after-start',), 'one-cycle-triangular-clr': ('schedule-wrong-after-start',), 'one-cycle-anneals-to-zero': ('schedule-wrong-after-start', 'schedule-end-value'), 'plateau-floor-before-factor': ('plateau-floor-wrong',)}

# --- round 7 burnt (docs/graders.md, "The figures"): graded once held out (81 of 82 lose points, 53 named), then
# used to grow the graders; training cases now (heldout_round7.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_7_UNNAMED = {
    'step-decay-exponent-plus-one': 'one drop too many: read as a constant factor (drop), true of every rate, not the'
                                    ' count of drops',
    'plateau-best-seeded-by-first-metric': 'the first metric counted as a bad epoch: the cuts come one epoch early, '
                                           'which no model names',
    'plateau-factor-times-initial-lr': 'each cut from the initial rate: read as the best never updated, which is not '
                                       'what the code does',
    'suggest-lr-diff-over-diff-lrs': 'the slope per unit of lr: read as a suggestion too low, true of the number, not'
                                     " the slope's denominator",
}
# after round 8: named by the mechanism grown from it (every cut returned one call late: week3_support)
ROUND_7_ALSO = {**ROUND_7_ALSO, 'plateau-returns-rate-of-this-epoch': ('plateau-cut-one-epoch-late',)}
MISTAKES += burn(ROUND_7, 7, ROUND_7_ALSO, ROUND_7_UNNAMED, MISTAKES)

# --- mechanism names grown from round 7's burnt cases (docs/graders.md, "Mechanism names"): other code than the
# burnt case, named by what the run proves
RANGE_LOOP = ("    for i in range(n_steps):\n        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
              "        loss = float(loss_after_step(lr))\n")
MISTAKES += [
    # the callback given 0, 1, 2, ... or 1, 2, 3, ...: the loop's counter where the rate belongs
    Mistake(tag="range-test-passes-step-index", name="range-test-enumerate-step-passed",
            edits={"schedules": [(RANGE_LOOP,
                                  "    rates = lr_min * (lr_max / lr_min) ** (np.arange(n_steps) / (n_steps - 1))\n"
                                  "    for step, lr in enumerate(rates, start=1):\n"
                                  "        loss = float(loss_after_step(step))   # train step number `step`\n")]},
            why="the rates made up front and enumerated; the callback read as 'train step number k' and given the "
                "step's number, so the model is trained at rates 1, 2, 3, ...",
            source="mechanism: the loss read at the wrong x (a loop counter passed where the rate belongs)"),
]
# an exponential one step off: a constant factor and an off-by-one at once, both named (judge rule_schedule)
EXP_RETURN = "    return float(initial_lr * math.exp(-k * epoch))\n"
MISTAKES += [
    Mistake(tag="exp-decay-off-by-one", name="exp-decay-power-of-epoch-minus-one",
            edits={"schedules": [(EXP_RETURN, "    return float(initial_lr * math.exp(-k) ** (epoch - 1))   # the "
                                              "first epoch runs at initial_lr\n")]},
            why="the per-epoch factor exp(-k) raised to a 1-based epoch count: every rate exp(k) too large",
            source="family: a schedule evaluated at the wrong time (epochs counted from 1)"),
]
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# Held-out round 8 (docs/graders.md): heldout_round8.py, written outside the repository from public sources
# after round 7 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_8 = load_round(__file__, "heldout_round8.py").ROUND_8
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_8_ALSO = {'step-decay-percent-for-floor-division': ('schedule-wrong-after-start',), 'step-decay-formula-only-on-multiples': ('schedule-wrong-after-start',), 'cosine-pi-t-floor-divided-by-T': ('schedule-wrong-after-start',), 'warmup-mmcv-warmup-ratio-0.1': ('schedule-start-value',), 'warmup-cosine-hf-progress-to-zero': ('schedule-end-value',), 'warmup-cosine-min-and-base-swapped': ('schedule-wrong-after-start',), 'one-cycle-cosine-up-linear-down': ('schedule-wrong-after-start',), 'one-cycle-phase-two-over-last-step': ('schedule-wrong-after-start',), 'suggest-lr-np-gradient-of-raw-losses': ('suggest-lr-nonfinite',)}
# --- round 8 burnt (docs/graders.md, "Round 8 is burnt"): graded once held out (18 of 18 lose points, 9 named), then
# used to grow the graders; training cases now (heldout_round8.py stays as it was written; its digests are gone
# with the held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_8_UNNAMED = {
    'warmup-cosine-hf-progress-to-zero': "the cosine down to 0 and continued past total_steps (Hugging Face's "
                                         "formula): two slips at once, no model of the pair; read as wrong after "
                                         "the start",
}
# after grading: the graders' own model names it (every value initial_lr times off: "a constant factor is off")
ROUND_8_ALSO = {**ROUND_8_ALSO, 'exp-decay-returns-lambdalr-factor': ('exp-decay-scaled',)}
# after grading: the range test's records name it (judge rule range_run: every call recorded but the last)
ROUND_8_ALSO = {**ROUND_8_ALSO, 'range-test-breaks-before-recording': ('range-test-stop-before-recording',)}
# after grading: the schedule rule's offset mechanism names it (where the values differ, one constant apart)
ROUND_8_ALSO = {**ROUND_8_ALSO, 'cosine-amplitude-without-offset': ('cosine-offset',)}
MISTAKES += burn(ROUND_8, 8, ROUND_8_ALSO, ROUND_8_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}


# --- mechanism names grown from round 8 (docs/graders.md, "Round 8 is burnt"): named by what the values prove
# (week3_support's step-decay and plateau models, judge rule range_run); a training case of other code each
MISTAKES += [
    Mistake(tag="step-decay-modulo", name="step-decay-divmod-remainder",
            edits={S: [(STEP_DECAY, "return float(initial_lr * drop ** divmod(epoch, epochs_drop)[1])")]},
            why="divmod's second element, the remainder, taken for the number of completed intervals",
            source="mechanism: the exponent is epoch mod epochs_drop (https://docs.python.org/3/library/"
                   "functions.html#divmod returns (quotient, remainder))"),
    Mistake(tag="step-decay-product-for-power", name="step-decay-drop-times-floor",
            edits={S: [(STEP_DECAY, "return float(initial_lr * drop * math.floor(epoch / epochs_drop))")]},
            why="the number of completed intervals multiplied by drop where it is drop's exponent",
            source="mechanism: drop * k for drop ** k"),
    Mistake(tag="plateau-reduces-by-factor", name="plateau-cut-to-one-minus-factor",
            edits={S: [("new_lr = max(self.lr * self.factor, self.min_lr)",
                        "new_lr = max(self.lr * (1 - self.factor), self.min_lr)")]},
            why="'reduce by 10 %' read into factor: the rate keeps 1 - factor of itself at a cut",
            source="mechanism: a cut to (1 - factor) lr (https://docs.pytorch.org/docs/stable/generated/"
                   "torch.optim.lr_scheduler.ReduceLROnPlateau.html: new_lr = lr * factor)"),
    Mistake(tag="plateau-cut-one-epoch-late", name="plateau-cut-kept-pending-to-the-next-call",
            edits={S: [("        metric = float(metric)\n",
                        "        metric = float(metric)\n"
                        "        if getattr(self, 'cut_pending', False):   # the cut decided at the last call\n"
                        "            self.lr = max(self.lr * self.factor, self.min_lr)\n"
                        "            self.cut_pending = False\n"),
                       ("            new_lr = max(self.lr * self.factor, self.min_lr)\n"
                        "            if self.lr - new_lr > self.eps:\n                self.lr = new_lr\n",
                        "            self.cut_pending = True\n")]},
            why="the cut decided at one call and applied at the start of the next: each cut shows one call late",
            source="mechanism: every cut returned one call late (a flag set by one call, acted on by the next)"),
    Mistake(tag="range-test-stop-before-recording", name="range-test-records-only-kept-steps",
            edits={S: [("        lrs.append(lr)\n        losses.append(loss)\n        if not math.isfinite(loss):\n"
                        "            break\n        best = min(best, loss)\n        if loss > 4 * best:\n"
                        "            break\n",
                        "        best = min(best, loss) if math.isfinite(loss) else best\n"
                        "        if not math.isfinite(loss) or loss > 4 * best:\n            break\n"
                        "        lrs.append(lr)\n        losses.append(loss)\n")]},
            why="only the steps that did not blow up kept: the stopping step is thrown away",
            source="mechanism: every call recorded but the last (the docstring records the pair, then tests)"),
    Mistake(tag="range-test-records-next-rate", name="range-test-records-rate-of-i-plus-one",
            edits={S: [("        lrs.append(lr)\n",
                        "        lrs.append(lr_min * (lr_max / lr_min) ** ((i + 1) / (n_steps - 1)))\n")]},
            why="the rate recomputed for the record with the step counted from 1: each loss gets the next rate",
            source="mechanism: each loss recorded against the rate of the next call"),
]
# one constant apart wherever the values differ (judge rule schedule: <prefix>-offset): other code
MISTAKES += [
    Mistake(tag="cosine-offset", name="cosine-squared-cosine-without-lr-min",
            edits={S: [(COSINE, "return float((lr_max - lr_min) * math.cos(math.pi * t / (2 * T)) ** 2)")]},
            why="the half cosine written as cos^2(pi t / 2T) times the amplitude, the floor lr_min not added",
            source="mechanism: a constant offset left out ((1 + cos x) / 2 = cos^2(x / 2))"),
]


# --- round 9 of valid variants (docs/graders.md, "Valid variants, round 9"): correct code written from the contract
# and the stubs' docstrings BEFORE the graders were read, aimed at classes rounds 7-8 did not cover (closed forms
# written another way: half-life powers, sin^2, clamped t, 1 - cos; functools.lru_cache; np.piecewise; a callable
# schedule object; a dataclass ReduceLROnPlateau; fastai's EMA-smoothed steepest point), each checked against the
# reference on random inputs, then graded once. ----
def _valid_round_9() -> list[Valid]:
    """Round 9's valid variants of this week (a function, so its snippet names stay local)."""
    STEP, EXP, COS, WARM, WCOS, ONE, PLATEAU, RANGE, SUGGEST = (solution_region(WEEK, "schedules", f) for f in (
        "step_decay", "exponential_decay", "cosine_annealing", "linear_warmup", "warmup_cosine", "one_cycle",
        "ReduceLROnPlateau.step", "lr_range_test", "suggest_lr"))
    IMPORT = "import math\n"
    PLATEAU_INIT = ("    def __init__(self, lr, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0):\n"
                    "        self.lr = float(lr)\n"
                    "        self.factor = factor\n"
                    "        self.patience = patience\n"
                    "        self.threshold = threshold\n"
                    "        self.min_lr = min_lr\n"
                    "        self.eps = 1e-8               # smallest reduction that is applied\n"
                    "        self.best = math.inf          # best (lowest) metric seen so far\n"
                    "        self.num_bad_epochs = 0       # consecutive epochs without improvement\n"
                    "        if not (0 < factor < 1 and patience >= 0 and threshold >= 0 and min_lr >= 0):\n")
    S = "schedules"
    return [
        # --- step_decay ---------------------------------------------------------------------------
        Valid(name="round9-step-decay-floor-divide-power-item",
              edits={S: [(STEP, "    return np.power(drop, np.floor_divide(epoch, epochs_drop)).item() * "
                                "initial_lr\n")]},
              why="np.floor_divide and np.power, the NumPy scalar turned into a Python float with .item() before "
                  "the multiplication"),
        Valid(name="round9-step-decay-lru-cache",
              edits={S: [(IMPORT, "import functools\nimport math\n"),
                         ("def step_decay(epoch, initial_lr, drop=0.5, epochs_drop=10):\n",
                          "@functools.lru_cache(maxsize=None)   # a schedule is read at the same epochs again and "
                          "again\n"
                          "def step_decay(epoch, initial_lr, drop=0.5, epochs_drop=10):\n"),
                         (STEP, "    n_drops = epoch // epochs_drop\n"
                                "    return float(initial_lr * drop ** n_drops)\n")]},
              why="the schedule memoised with functools.lru_cache (a pure function of hashable numbers)"),
        # --- exponential_decay ---------------------------------------------------------------------------
        Valid(name="round9-exp-decay-half-life-power",
              edits={S: [(EXP,
                          "    if k == 0:\n"
                          "        return float(initial_lr)\n"
                          "    half_life = math.log(2) / k          # epochs for the rate to halve\n"
                          "    return float(initial_lr * 0.5 ** (epoch / half_life))\n")]},
              why="written with the half-life ln 2 / k: 0.5 ** (epoch / half_life) = exp(-k epoch) up to round-off; "
                  "k = 0 returned early (no decay, no division by 0)"),
        Valid(name="round9-exp-decay-gamma-power",
              edits={S: [(EXP,
                          "    gamma = math.exp(-k)                  # PyTorch's ExponentialLR factor per epoch\n"
                          "    return float(initial_lr * gamma ** epoch)\n")]},
              why="the per-epoch factor gamma = exp(-k) raised to the epoch (closed form of ExponentialLR)"),
        # --- cosine_annealing ---------------------------------------------------------------------------
        Valid(name="round9-cosine-clamped-t",
              edits={S: [(COS,
                          "    t = min(t, T)          # after T the cosine stays at its end, lr_min\n"
                          "    return float(lr_min + 0.5 * (lr_max - lr_min) * (1.0 + math.cos(math.pi * t / T)))\n")]},
              why="t clamped to T (cos(pi) = -1 exactly, so t > T gives lr_min); 0.5 * (...) written in front"),
        Valid(name="round9-cosine-sine-squared",
              edits={S: [(COS,
                          "    if t >= T:\n"
                          "        return float(lr_min)\n"
                          "    return float(lr_max - (lr_max - lr_min) * math.sin(math.pi * t / (2 * T)) ** 2)\n")]},
              why="(1 + cos x) / 2 = 1 - sin^2(x / 2): the fall from lr_max written with the sine"),
        # --- linear_warmup ---------------------------------------------------------------------------
        Valid(name="round9-warmup-clipped-fraction",
              edits={S: [(WARM,
                          "    if warmup_steps == 0:\n"
                          "        return float(base_lr)\n"
                          "    fraction = float(np.clip(step / warmup_steps, 0.0, 1.0))\n"
                          "    return fraction * base_lr\n")]},
              why="the warmup fraction clipped to [0, 1] with np.clip; no warmup returned early"),
        # --- warmup_cosine ---------------------------------------------------------------------------
        Valid(name="round9-warmup-cosine-callable-object",
              edits={S: [(IMPORT, "import math\nfrom dataclasses import dataclass\n"),
                         ("def warmup_cosine(step, total_steps, warmup_steps, base_lr, min_lr=0.0):\n",
                          "@dataclass(frozen=True)\n"
                          "class _WarmupCosine:\n"
                          "    \"\"\"The schedule as a callable object (the shape of optax's and Keras' "
                          "schedules).\"\"\"\n"
                          "    total_steps: int\n"
                          "    warmup_steps: int\n"
                          "    base_lr: float\n"
                          "    min_lr: float = 0.0\n"
                          "\n"
                          "    def __call__(self, step):\n"
                          "        if step < self.warmup_steps:\n"
                          "            return self.base_lr * step / self.warmup_steps\n"
                          "        decay_steps = self.total_steps - self.warmup_steps\n"
                          "        progress = min(step - self.warmup_steps, decay_steps) / decay_steps\n"
                          "        return self.min_lr + (self.base_lr - self.min_lr) * (1 + math.cos(math.pi * "
                          "progress)) / 2\n"
                          "\n"
                          "\n"
                          "def warmup_cosine(step, total_steps, warmup_steps, base_lr, min_lr=0.0):\n"),
                         (WCOS, "    return float(_WarmupCosine(total_steps, warmup_steps, base_lr, "
                                "min_lr)(step))\n")]},
              why="a frozen dataclass schedule object with __call__, built and called once per value"),
        Valid(name="round9-warmup-cosine-np-piecewise",
              edits={S: [(WCOS,
                          "    decay = total_steps - warmup_steps\n"
                          "    s = np.asarray(step, dtype=np.float64)\n"
                          "    value = np.piecewise(\n"
                          "        s, [s < warmup_steps, (s >= warmup_steps) & (s < total_steps), s >= total_steps],\n"
                          "        [lambda x: base_lr * x / warmup_steps,\n"
                          "         lambda x: min_lr + (base_lr - min_lr) * (1 + np.cos(np.pi * (x - warmup_steps) / "
                          "decay)) / 2,\n"
                          "         min_lr])\n"
                          "    return float(value)\n")]},
              why="the three pieces (warmup, cosine, after the end) as np.piecewise on a 0-d array"),
        # --- one_cycle ---------------------------------------------------------------------------
        Valid(name="round9-one-cycle-rise-as-one-minus-cos",
              edits={S: [(ONE,
                          "    initial = max_lr / div_factor\n"
                          "    final = initial / final_div_factor\n"
                          "    peak = float(pct_start * total_steps) - 1\n"
                          "    if step <= peak:\n"
                          "        return float(initial + (max_lr - initial) * (1 - math.cos(math.pi * step / peak)) / "
                          "2)\n"
                          "    pct = (step - peak) / (total_steps - 1 - peak)\n"
                          "    return float(final + (max_lr - final) * (1 + math.cos(math.pi * pct)) / 2)\n")]},
              why="the rising half written from its start, initial + (max - initial)(1 - cos) / 2, the falling half "
                  "from its end (the same half cosines)"),
        Valid(name="round9-one-cycle-cached-whole-run-table",
              edits={S: [(IMPORT, "import functools\nimport math\n"),
                         ("def one_cycle(step, total_steps, max_lr, pct_start=0.3, div_factor=25.0, "
                          "final_div_factor=1e4):\n",
                          "@functools.lru_cache(maxsize=32)\n"
                          "def _one_cycle_table(total_steps, max_lr, pct_start, div_factor, final_div_factor):\n"
                          "    \"\"\"Every step's rate of one run, computed once (an array indexed by step).\"\"\"\n"
                          "    initial = max_lr / div_factor\n"
                          "    final = initial / final_div_factor\n"
                          "    end1 = float(pct_start * total_steps) - 1\n"
                          "    steps = np.arange(total_steps, dtype=np.float64)\n"
                          "    up = steps <= end1\n"
                          "    pct = np.where(up, steps / end1, (steps - end1) / (total_steps - 1 - end1))\n"
                          "    a = np.where(up, initial, max_lr)\n"
                          "    b = np.where(up, max_lr, final)\n"
                          "    table = b + (a - b) / 2.0 * (np.cos(np.pi * pct) + 1)\n"
                          "    table.flags.writeable = False\n"
                          "    return table\n"
                          "\n"
                          "\n"
                          "def one_cycle(step, total_steps, max_lr, pct_start=0.3, div_factor=25.0, "
                          "final_div_factor=1e4):\n"),
                         (ONE, "    return float(_one_cycle_table(total_steps, max_lr, pct_start, div_factor, "
                               "final_div_factor)[step])\n")]},
              why="the whole run's rates computed once with NumPy, cached per run's settings (lru_cache), read-only, "
                  "and indexed by step"),
        # --- ReduceLROnPlateau ---------------------------------------------------------------------------
        Valid(name="round9-plateau-best-minus-relative-margin",
              edits={S: [(PLATEAU,
                          "        metric = float(metric)\n"
                          "        if math.isinf(self.best):\n"
                          "            better = metric < self.best     # inf - inf * threshold would be nan\n"
                          "        else:\n"
                          "            better = metric < self.best - self.best * self.threshold\n"
                          "        if better:\n"
                          "            self.best, self.num_bad_epochs = metric, 0\n"
                          "        else:\n"
                          "            self.num_bad_epochs += 1\n"
                          "        if self.num_bad_epochs >= self.patience + 1:\n"
                          "            reduced = max(self.factor * self.lr, self.min_lr)\n"
                          "            self.lr = reduced if self.lr - reduced > self.eps else self.lr\n"
                          "            self.num_bad_epochs = 0\n"
                          "        return self.lr\n")]},
              why="the relative threshold as best - best * threshold (best * (1 - threshold) up to round-off), the "
                  "infinite first best compared directly; patience + 1 bad epochs tested with >=; lr kept a float"),
        Valid(name="round9-plateau-dataclass",
              edits={S: [(IMPORT, "import math\nfrom dataclasses import dataclass, field\n"),
                         ("class ReduceLROnPlateau:\n", "@dataclass\nclass ReduceLROnPlateau:\n"),
                         (PLATEAU_INIT,
                          "    lr: float\n"
                          "    factor: float = 0.5\n"
                          "    patience: int = 5\n"
                          "    threshold: float = 1e-4\n"
                          "    min_lr: float = 0.0\n"
                          "    eps: float = field(default=1e-8, init=False)\n"
                          "    best: float = field(default=math.inf, init=False)\n"
                          "    num_bad_epochs: int = field(default=0, init=False)\n"
                          "\n"
                          "    def __post_init__(self):\n"
                          "        self.lr = float(self.lr)\n"
                          "        factor, patience, threshold, min_lr = self.factor, self.patience, self.threshold, "
                          "self.min_lr\n"
                          "        if not (0 < factor < 1 and patience >= 0 and threshold >= 0 and min_lr >= 0):\n")]},
              why="a @dataclass with the constructor's arguments as fields in order, best / num_bad_epochs / eps as "
                  "init=False fields, the check in __post_init__"),
        # --- lr_range_test ---------------------------------------------------------------------------
        Valid(name="round9-range-test-exp-of-linspace-logs",
              edits={S: [(RANGE,
                          "    rates = np.exp(np.linspace(np.log(lr_min), np.log(lr_max), n_steps))\n"
                          "    lrs, losses = [], []\n"
                          "    for lr in rates:\n"
                          "        loss = float(loss_after_step(float(lr)))\n"
                          "        lrs.append(lr)\n"
                          "        losses.append(loss)\n"
                          "        if not np.isfinite(loss) or loss > 4 * min(losses):\n"
                          "            break\n"
                          "    return np.asarray(lrs, dtype=np.float64), np.asarray(losses, dtype=np.float64)\n")]},
              why="the rates as exp(linspace(log lr_min, log lr_max)) (equal up to round-off); the best as "
                  "min(losses) including the current one"),
        Valid(name="round9-range-test-blown-up-helper-while",
              edits={S: [(IMPORT, "import math\n\n\n_BLOW_UP = 4.0   # the range test stops once the loss exceeds 4x "
                                  "the best\n"),
                         (RANGE,
                          "    def blown_up(loss, best):\n"
                          "        return not math.isfinite(loss) or loss > _BLOW_UP * best\n"
                          "    ratio = lr_max / lr_min\n"
                          "    lrs, losses, best, i = [], [], math.inf, 0\n"
                          "    while i < n_steps:\n"
                          "        lr = lr_min * ratio ** (i / (n_steps - 1))\n"
                          "        loss = float(loss_after_step(lr))\n"
                          "        lrs.append(lr)\n"
                          "        losses.append(loss)\n"
                          "        if math.isfinite(loss):\n"
                          "            best = min(best, loss)\n"
                          "        if blown_up(loss, best):\n"
                          "            break\n"
                          "        i += 1\n"
                          "    return np.array(lrs), np.array(losses)\n")]},
              why="a module-level constant for the 4x rule, a nested stop test, a while loop"),
        # --- suggest_lr ---------------------------------------------------------------------------
        Valid(name="round9-suggest-same-recipe-in-loops",
              edits={S: [(SUGGEST,
                          "    pairs = [(float(lr), float(loss)) for lr, loss in zip(lrs, losses) if "
                          "math.isfinite(loss)]\n"
                          "    if len(pairs) < 2:\n"
                          "        return pairs[0][0]\n"
                          "    n = len(pairs)\n"
                          "    half = n // 20\n"
                          "    x = [math.log(lr) for lr, _ in pairs]\n"
                          "    smooth = []\n"
                          "    for i in range(n):\n"
                          "        window = [loss for _, loss in pairs[max(0, i - half):min(n, i + half + 1)]]\n"
                          "        smooth.append(sum(window) / len(window))\n"
                          "    slope = []\n"
                          "    for i in range(n):          # numpy.gradient's rule on uneven spacing, written out\n"
                          "        if i == 0:\n"
                          "            slope.append((smooth[1] - smooth[0]) / (x[1] - x[0]))\n"
                          "        elif i == n - 1:\n"
                          "            slope.append((smooth[-1] - smooth[-2]) / (x[-1] - x[-2]))\n"
                          "        else:\n"
                          "            hl, hr = x[i] - x[i - 1], x[i + 1] - x[i]\n"
                          "            slope.append((hl ** 2 * smooth[i + 1] - hr ** 2 * smooth[i - 1]\n"
                          "                          + (hr ** 2 - hl ** 2) * smooth[i]) / (hl * hr * (hl + hr)))\n"
                          "    lowest = min(range(n), key=smooth.__getitem__)\n"
                          "    steepest = min(range(lowest + 1), key=slope.__getitem__)\n"
                          "    return pairs[steepest][0]\n")]},
              why="the docstring's recipe with Python loops: the centred moving average window by window, numpy."
                  "gradient's second-order rule for uneven spacing written out, the first minima by min(key=...)"),
        # --- second batch, written after the first had been graded: decorators, extra API, module extras ----
        Valid(name="round9-schedules-float-returning-decorator",
              edits={S: [(IMPORT, "import functools\nimport math\n"),
                         ("def step_decay(epoch, initial_lr, drop=0.5, epochs_drop=10):\n",
                          "def _as_float(schedule):\n"
                          "    \"\"\"Make a schedule return a Python float whatever its arithmetic gives.\"\"\"\n"
                          "    @functools.wraps(schedule)\n"
                          "    def wrapper(*args, **kwargs):\n"
                          "        return float(schedule(*args, **kwargs))\n"
                          "    return wrapper\n"
                          "\n"
                          "\n"
                          "@_as_float\n"
                          "def step_decay(epoch, initial_lr, drop=0.5, epochs_drop=10):\n"),
                         ("def exponential_decay(epoch, initial_lr, k):\n",
                          "@_as_float\ndef exponential_decay(epoch, initial_lr, k):\n"),
                         ("def cosine_annealing(t, T, lr_max, lr_min=0.0):\n",
                          "@_as_float\ndef cosine_annealing(t, T, lr_max, lr_min=0.0):\n"),
                         (STEP, "    return initial_lr * np.power(drop, epoch // epochs_drop)\n"),
                         (EXP, "    return initial_lr * np.exp(-k * epoch)\n"),
                         (COS, "    return np.where(t >= T, lr_min, lr_min + (lr_max - lr_min) * (1 + np.cos(np.pi * t "
                               "/ T)) / 2)\n")]},
              why="a decorator (functools.wraps) turns NumPy results into Python floats for three schedules; the "
                  "cosine's two cases in one np.where (cos is defined past T, only not used)"),
        Valid(name="round9-plateau-extra-api-and-history",
              edits={S: [(PLATEAU, PLATEAU.replace(
                  "        metric = float(metric)\n",
                  "        metric = float(metric)\n"
                  "        self.history = getattr(self, 'history', [])\n"
                  "        self.history.append(metric)\n").replace(
                  "        return float(self.lr)\n",
                  "        self._last_lr = [self.lr]\n"
                  "        return float(self.lr)\n"
                  "\n"
                  "    def get_last_lr(self):\n"
                  "        \"\"\"PyTorch's accessor: the rates in use, one per parameter group.\"\"\"\n"
                  "        return list(getattr(self, '_last_lr', [self.lr]))\n"
                  "\n"
                  "    def state_dict(self):\n"
                  "        \"\"\"Everything needed to resume, as PyTorch schedulers offer.\"\"\"\n"
                  "        return {key: value for key, value in vars(self).items() if key != 'history'}\n"))]},
              why="PyTorch's get_last_lr and state_dict added, the metrics kept in a history list created lazily"),
        Valid(name="round9-module-all-and-main-demo",
              edits={S: [("import numpy as np\n", "import numpy as np\n\n__all__ = ['step_decay', 'exponential_decay', "
                                                  "'cosine_annealing', 'linear_warmup', 'warmup_cosine', 'one_cycle', "
                                                  "'ReduceLROnPlateau', 'lr_range_test', 'suggest_lr']\n"),
                         (SUGGEST + "    ### END SOLUTION\n",
                          SUGGEST + "    ### END SOLUTION\n"
                          "\n"
                          "\n"
                          "if __name__ == '__main__':   # a demo when run as a script; importing runs nothing\n"
                          "    print([round(one_cycle(s, 100, 1.0), 4) for s in range(0, 100, 10)])\n")]},
              why="__all__ naming the nine public names and an if __name__ == '__main__' demo (not run on import)"),
        # --- third batch, written after the second had been graded -------------------------------------
        Valid(name="round9-plateau-mode-keywords",
              edits={S: [("    def __init__(self, lr, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0):\n",
                          "    def __init__(self, lr, factor=0.5, patience=5, threshold=1e-4, min_lr=0.0, mode='min',\n"
                          "                 threshold_mode='rel'):\n"
                          "        if (mode, threshold_mode) != ('min', 'rel'):\n"
                          "            raise ValueError(f'only mode=min, threshold_mode=rel are supported, got {mode}, "
                          "'\n"
                          "                             f'{threshold_mode}')\n"
                          "        self.mode, self.threshold_mode = mode, threshold_mode\n")]},
              why="PyTorch's mode and threshold_mode accepted as extra keywords with the course's values as "
                  "defaults (anything else refused)"),
        # --- fourth batch ------------------------------------------------------------------------------
        Valid(name="round9-range-test-rate-recurrence",
              edits={S: [(RANGE, RANGE.replace(
                  "    lrs, losses = [], []\n"
                  "    best = math.inf\n"
                  "    for i in range(n_steps):\n"
                  "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n",
                  "    growth = (lr_max / lr_min) ** (1.0 / (n_steps - 1))   # one step's factor\n"
                  "    lrs, losses = [], []\n"
                  "    best, lr = math.inf, lr_min\n"
                  "    for _ in range(n_steps):\n").replace(
                  "            break\n    return", "            break\n        lr *= growth\n    return"))]},
              why="the rates by a recurrence, lr *= growth (fastai's and Smith's description; the round-off grows "
                  "by about one part in 1e16 per step)"),
        # --- fifth batch: attributes that can be read, not written -------------------------------------
        Valid(name="round9-plateau-read-only-properties",
              edits={S: [(PLATEAU_INIT,
                          PLATEAU_INIT.replace("        self.lr = float(lr)\n", "        self._lr = float(lr)\n")
                                      .replace("        self.best = math.inf ", "        self._best = math.inf")
                                      .replace("        self.num_bad_epochs = 0 ", "        self._bad = 0")),
                         (PLATEAU,
                          "        metric = float(metric)\n"
                          "        if metric < self._best * (1 - self.threshold):\n"
                          "            self._best, self._bad = metric, 0\n"
                          "        else:\n"
                          "            self._bad += 1\n"
                          "        if self._bad > self.patience:\n"
                          "            new_lr = max(self._lr * self.factor, self.min_lr)\n"
                          "            if self._lr - new_lr > self.eps:\n"
                          "                self._lr = new_lr\n"
                          "            self._bad = 0\n"
                          "        return self._lr\n"
                          "\n"
                          "    # the docstring's public attributes, read-only: only step() changes them\n"
                          "    lr = property(lambda self: self._lr)\n"
                          "    best = property(lambda self: self._best)\n"
                          "    num_bad_epochs = property(lambda self: self._bad)\n")]},
              why="lr, best and num_bad_epochs as read-only properties over private fields (the docstring: public, "
                  "read them freely)"),
        # --- sixth batch ---------------------------------------------------------------------------------
        Valid(name="round9-suggest-array-methods-without-cast",
              edits={S: [(SUGGEST,
                          "    keep = np.isfinite(losses)            # lrs and losses are float64 arrays (the "
                          "contract)\n"
                          "    lrs, losses = lrs[keep], losses[keep]\n"
                          "    if lrs.size < 2:\n"
                          "        return lrs.item(0)\n"
                          "    half = losses.size // 20\n"
                          "    kernel = np.ones(2 * half + 1)\n"
                          "    sums = np.convolve(losses, kernel, mode='same')\n"
                          "    counts = np.convolve(np.ones_like(losses), kernel, mode='same')\n"
                          "    smooth = sums / counts\n"
                          "    slope = np.gradient(smooth, np.log(lrs))\n"
                          "    return lrs[slope[:smooth.argmin() + 1].argmin()].item()\n")]},
              why="lrs and losses used as the float64 arrays the contract promises (boolean masks, .size, .argmin, "
                  ".item()); the moving average as a convolution divided by the window's count"),
    ]


VALID += _valid_round_9()

# Held-out round 9 (docs/graders.md): heldout_round9.py, written outside the repository from public sources
# after round 8 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_9 = load_round(__file__, "heldout_round9.py").ROUND_9
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_9_ALSO = {'step-decay-math-ceil-of-ratio': ('schedule-wrong-after-start',), 'exp-decay-keras-time-based': ('schedule-wrong-after-start',), 'exp-decay-epoch-over-k-r9': ('exp-decay-k-inverted',), 'cosine-no-branch-after-T': ('schedule-wrong-after-start',), 'warmup-step-plus-one-through-warmup': ('warmup-starts-at-one',), 'warmup-over-warmup-steps-minus-one': ('schedule-wrong-after-start',), 'warmup-min-one-ratio': ('division-by-zero',), 'warmup-ramp-without-branch': ('schedule-wrong-after-start',), 'warmup-cosine-cosine-of-step': ('schedule-wrong-after-start',), 'warmup-cosine-warmup-argument-total': ('schedule-wrong-after-start',), 'one-cycle-final-from-max-lr': ('schedule-end-value',), 'one-cycle-phase-two-ends-at-total': ('schedule-wrong-after-start', 'one-cycle-wrong-phase-length')}
# --- round 9 burnt (docs/graders.md, "Round 9 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round9.py stays as it was written; its digests are gone with the
# held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_9_UNNAMED = {
    'suggest-lr-np-convolve-same': "np.convolve(mode='same') pads with zeros: on the short curve without a blow-up "
                                   "the padded end is the smoothed minimum, and the feedback says the suggestion is "
                                   "at the minimum (true) without the padding that put it there; no model of the "
                                   "padding (a suggestion at the last rate has other causes)",
}
MISTAKES += burn(ROUND_9, 9, ROUND_9_ALSO, ROUND_9_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}


# --- names grown from round 9 (docs/graders.md, "Round 9 is burnt"): a model each (week3_support's plateau
# variants, test_range_test's bounce curve), and a training case of other code
MISTAKES += [
    Mistake(tag="plateau-best-tracks-any-decrease", name="plateau-best-running-minimum-after-the-count",
            edits={S: [("        if self.num_bad_epochs > self.patience:\n",
                        "        if metric < self.best:        # remember the lowest metric seen\n"
                        "            self.best = metric\n"
                        "        if self.num_bad_epochs > self.patience:\n")]},
            why="best kept as the running minimum of every metric, after the threshold decided the count: a slow "
                "creep lowers best, so a later real improvement is measured from it",
            source="mechanism: best lowered by a bad epoch too (https://docs.pytorch.org/docs/stable/generated/"
                   "torch.optim.lr_scheduler.ReduceLROnPlateau.html: best changes only in the is_better branch)"),
    # test_range_test.falls_past_minimum: a suggestion on a fall of the loss past its minimum
    Mistake(tag="suggest-lr-searches-past-minimum", name="suggest-lr-largest-drop-over-the-whole-curve",
            edits={S: [("    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                        "    return float(lrs[np.argmin(falling)])\n",
                        "    drops = np.diff(smooth)               # the fall from each rate to the next\n"
                        "    return float(lrs[np.argmin(drops) + 1])\n")]},
            why="the largest fall of the smoothed loss between neighbouring rates, searched over the whole curve: a "
                "bounce past the minimum can fall further than any step of the descent",
            source="mechanism: the steepest fall searched past the minimum (the docstring: only up to it)"),
]


# --- valid variants, round 10 (docs/graders.md, "Valid variants, round 10"): written from the contract, the stubs
# and the lessons before any grader was read, each checked against the reference on random inputs, then graded.
def _valid_round_10() -> list[Valid]:
    """Round 10's valid variants of this week (a function, so its snippet names stay local)."""
    M = "schedules"
    STEP, EXP, COS, WARM, WCOS, ONE, PLATEAU, RANGE, SUGGEST = (solution_region(WEEK, M, f) for f in (
        "step_decay", "exponential_decay", "cosine_annealing", "linear_warmup", "warmup_cosine", "one_cycle",
        "ReduceLROnPlateau.step", "lr_range_test", "suggest_lr"))
    CLASS = "class ReduceLROnPlateau:\n"
    return [
        Valid(name="round10-step-decay-ldexp-for-halving",
              edits={M: [(STEP,
                          "    n = epoch // epochs_drop\n"
                          "    if drop == 0.5 and 0 <= n <= 1000:   # halving: an exact power of two\n"
                          "        return float(math.ldexp(initial_lr, -int(n)))\n"
                          "    return float(initial_lr * drop ** n)\n")]},
              why="the usual halving special-cased as math.ldexp(initial_lr, -n), exactly initial_lr * 0.5 ** n"),
        Valid(name="round10-exp-decay-in-log-space",
              edits={M: [(EXP,
                          "    if initial_lr <= 0:   # no logarithm: the plain product\n"
                          "        return float(initial_lr * math.exp(-k * epoch))\n"
                          "    return math.exp(math.log(initial_lr) - k * epoch)\n")]},
              why="the rate computed in log space, exp(log(lr0) - k epoch), as optimisers that schedule log-rates "
                  "do (equal up to round-off), with the product kept for a rate of 0"),
        Valid(name="round10-cosine-midpoint-plus-amplitude",
              edits={M: [(COS,
                          "    if t >= T:\n"
                          "        return float(lr_min)\n"
                          "    mid, amplitude = (lr_max + lr_min) / 2, (lr_max - lr_min) / 2\n"
                          "    return float(mid + amplitude * math.cos(math.pi * t / T))\n")]},
              why="SGDR's curve regrouped as the midpoint plus an amplitude times cos (equal up to round-off)"),
        Valid(name="round10-cosine-cmath-real-part",
              edits={M: [(COS,
                          "    import cmath\n"
                          "    if t >= T:\n"
                          "        return float(lr_min)\n"
                          "    c = cmath.exp(1j * math.pi * t / T).real   # cos as the real part of e^(i x)\n"
                          "    return float(lr_min + (lr_max - lr_min) * (1 + c) / 2)\n")]},
              why="cos(pi t / T) read as the real part of cmath.exp(1j * pi t / T)"),
        Valid(name="round10-warmup-rate-per-step-with-guard",
              edits={M: [(WARM,
                          "    if warmup_steps <= 0:   # no warmup at all\n"
                          "        return float(base_lr)\n"
                          "    if step < warmup_steps:\n"
                          "        return float(base_lr / warmup_steps * step)\n"
                          "    return float(base_lr)\n")]},
              why="an early return when there is no warmup, and the ramp as the rate per step times step"),
        Valid(name="round10-warmup-cosine-match-statement",
              edits={M: [(WCOS,
                          "    match step:\n"
                          "        case s if s < warmup_steps:\n"
                          "            return linear_warmup(s, warmup_steps, base_lr)\n"
                          "        case s:\n"
                          "            return cosine_annealing(s - warmup_steps, total_steps - warmup_steps, base_lr, "
                          "min_lr)\n")]},
              why="the two phases chosen by a match statement with a guard (Python 3.10)"),
        Valid(name="round10-one-cycle-midpoint-plus-amplitude",
              edits={M: [(ONE,
                          "    initial = max_lr / div_factor\n"
                          "    final = initial / final_div_factor\n"
                          "    end1 = float(pct_start * total_steps) - 1\n"
                          "    end2 = total_steps - 1\n"
                          "    if step <= end1:\n"
                          "        start_lr, end_lr, pct = initial, max_lr, step / end1\n"
                          "    else:\n"
                          "        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)\n"
                          "    return float((start_lr + end_lr) / 2 + (start_lr - end_lr) / 2 * math.cos(math.pi * pct))\n")]},
              why="each cosine phase as its midpoint plus half its range times cos (equal up to round-off)"),
        Valid(name="round10-one-cycle-bisect-phase",
              edits={M: [(ONE,
                          "    import bisect\n"
                          "    initial = max_lr / div_factor\n"
                          "    final = initial / final_div_factor\n"
                          "    ends = [float(pct_start * total_steps) - 1, total_steps - 1]\n"
                          "    starts = [0.0, ends[0]]\n"
                          "    lrs = [(initial, max_lr), (max_lr, final)]\n"
                          "    k = min(bisect.bisect_left(ends, step), 1)   # the phase that holds step\n"
                          "    pct = (step - starts[k]) / (ends[k] - starts[k])\n"
                          "    start_lr, end_lr = lrs[k]\n"
                          "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n")]},
              why="the phase found by bisect over the phases' end steps (PyTorch's phase table)"),
        Valid(name="round10-plateau-countdown-with-property",
              edits={M: [(CLASS,
                          CLASS +
                          "    @property\n"
                          "    def num_bad_epochs(self):   # public, derived from the countdown\n"
                          "        return self.patience - self._left\n"
                          "\n"
                          "    @num_bad_epochs.setter\n"
                          "    def num_bad_epochs(self, value):\n"
                          "        self._left = self.patience - value\n"),
                         (PLATEAU,
                          "        metric = float(metric)\n"
                          "        if metric < self.best * (1 - self.threshold):\n"
                          "            self.best = metric\n"
                          "            self._left = self.patience   # epochs of patience left\n"
                          "        else:\n"
                          "            self._left -= 1\n"
                          "        if self._left < 0:\n"
                          "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
                          "            if self.lr - new_lr > self.eps:\n"
                          "                self.lr = new_lr\n"
                          "            self._left = self.patience\n"
                          "        return float(self.lr)\n")]},
              why="patience counted down (Keras' wait the other way round); num_bad_epochs stays public as a "
                  "property over the countdown"),
        Valid(name="round10-plateau-slots-and-call-alias",
              edits={M: [(CLASS,
                          CLASS +
                          "    __slots__ = ('lr', 'factor', 'patience', 'threshold', 'min_lr', 'eps', 'best',\n"
                          "                 'num_bad_epochs')\n"),
                         (PLATEAU, PLATEAU + "\n    __call__ = step   # sched(metric) works too\n")]},
              why="__slots__ holding exactly the public attributes, and __call__ an alias of step"),
        Valid(name="round10-range-test-min-of-losses-so-far",
              edits={M: [(RANGE,
                          "    lrs, losses = [], []\n"
                          "    for i in range(n_steps):\n"
                          "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
                          "        loss = float(loss_after_step(lr))\n"
                          "        lrs.append(lr)\n"
                          "        losses.append(loss)\n"
                          "        if not math.isfinite(loss) or loss > 4 * min(losses):\n"
                          "            break\n"
                          "    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)\n")]},
              why="no running best: the stop test compares with min() of the losses so far (all finite until the "
                  "first that is not, which stops the test first)"),
        Valid(name="round10-suggest-nanmean-of-padded-windows",
              edits={M: [(SUGGEST,
                          "    lrs = np.asarray(lrs, dtype=np.float64)\n"
                          "    losses = np.asarray(losses, dtype=np.float64)\n"
                          "    keep = np.isfinite(losses)\n"
                          "    lrs, losses = lrs[keep], losses[keep]\n"
                          "    if len(lrs) < 2:\n"
                          "        return float(lrs[0])\n"
                          "    half = len(losses) // 20\n"
                          "    pad = np.full(half, np.nan)   # windows shrink at the ends: nan padding, nanmean\n"
                          "    windows = np.lib.stride_tricks.sliding_window_view(np.concatenate([pad, losses, pad]),\n"
                          "                                                       2 * half + 1)\n"
                          "    smooth = np.nanmean(windows, axis=1)\n"
                          "    slope = np.gradient(smooth, np.log(lrs))\n"
                          "    falling = slope[:np.argmin(smooth) + 1]\n"
                          "    return float(lrs[np.argmin(falling)])\n")]},
              why="the centred moving average as nanmean over sliding windows of the nan-padded curve (the windows "
                  "that shrink at the ends), not by cumulative sums"),
        # --- batch 2 ---------------------------------------------------------------------------
        Valid(name="round10-one-cycle-anneal-strategy-keyword",
              edits={M: [("def one_cycle(step, total_steps, max_lr, pct_start=0.3, div_factor=25.0, "
                          "final_div_factor=1e4):\n",
                          "def one_cycle(step, total_steps, max_lr, pct_start=0.3, div_factor=25.0, "
                          "final_div_factor=1e4, *,\n"
                          "              anneal_strategy='cos'):\n"),
                         (ONE,
                          "    def anneal(start, end, pct):\n"
                          "        if anneal_strategy == 'linear':   # PyTorch's other choice\n"
                          "            return (end - start) * pct + start\n"
                          "        return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)\n"
                          "\n"
                          "    initial = max_lr / div_factor\n"
                          "    final = initial / final_div_factor\n"
                          "    end1 = float(pct_start * total_steps) - 1\n"
                          "    end2 = total_steps - 1\n"
                          "    if step <= end1:\n"
                          "        return float(anneal(initial, max_lr, step / end1))\n"
                          "    return float(anneal(max_lr, final, (step - end1) / (end2 - end1)))\n")]},
              why="PyTorch's keyword-only anneal_strategy ('cos' by default, the contract's curve)"),
        Valid(name="round10-range-test-diverge-threshold-keyword",
              edits={M: [("def lr_range_test(loss_after_step, lr_min=1e-6, lr_max=1.0, n_steps=100):\n",
                          "def lr_range_test(loss_after_step, lr_min=1e-6, lr_max=1.0, n_steps=100, *, diverge_th=4):\n"),
                         (RANGE, RANGE.replace("loss > 4 * best", "loss > diverge_th * best"))]},
              why="torch-lr-finder's diverge_th keyword, 4 by default, in the stop test"),
        Valid(name="round10-exp-decay-returns-numpy-float64",
              edits={M: [(EXP,
                          "    return initial_lr * np.exp(-k * epoch)   # a numpy.float64, which is a float\n")]},
              why="the rate returned as the numpy.float64 that np.exp gives (a subclass of float)"),
        Valid(name="round10-range-test-validates-arguments",
              edits={M: [(RANGE,
                          "    if not 0 < lr_min <= lr_max:\n"
                          "        raise ValueError(f'need 0 < lr_min <= lr_max, got {lr_min} and {lr_max}')\n"
                          "    if n_steps < 2:\n"
                          "        raise ValueError(f'need at least 2 steps to space rates between, got {n_steps}')\n"
                          + RANGE)]},
              why="arguments checked first, raising only where the spacing cannot work (a rate <= 0, the ends "
                  "swapped, fewer than 2 steps: the reference divides by zero there)"),
    ]


VALID += _valid_round_10()

# Held-out round 10 (docs/graders.md): heldout_round10.py, written outside the repository from public sources
# after round 9 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_10 = load_round(__file__, "heldout_round10.py").ROUND_10
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_10_ALSO = {'step-decay-divides-by-drop-power': ('schedule-wrong-after-start',), 'step-decay-true-division-exponent': ('schedule-wrong-after-start',), 'exp-decay-exp-of-plus-k-epoch': ('schedule-wrong-after-start',), 'exp-decay-epoch-plus-one': ('exp-decay-scaled',), 'cosine-t-modulo-T': ('cosine-not-clamped', 'schedule-wrong-after-start'), 'warmup-squared-fraction': ('schedule-wrong-after-start',), 'warmup-cosine-min-lr-not-passed': ('schedule-end-value',), 'one-cycle-end1-without-minus-one': ('schedule-wrong-after-start',), 'one-cycle-phase-two-progress-over-whole-run': ('schedule-wrong-after-start',)}
# written blind, but the same code as a training case (comments and spaces aside: the writer was shown the older
# held-out rounds, not the catalogue's own cases) -- a known instance is no measure of naming what was never shown,
# so these are training cases from the start, decided before grading (docs/graders.md, "Round 10")
ROUND_10_REPEATS = {
    'step-decay-divides-by-drop-power': 'step-decay-divides-by-drop',
    'step-decay-true-division-exponent': 'step-decay-true-division',
    'exp-decay-exp-of-plus-k-epoch': 'exp-decay-growth',
    'exp-decay-epoch-plus-one': 'exp-decay-epoch-plus-one',
    'cosine-t-modulo-T': 'cosine-t-modulo-T',
    'warmup-squared-fraction': 'warmup-quadratic-ramp',
    'warmup-cosine-min-lr-not-passed': 'warmup-cosine-min-lr-dropped',
    'one-cycle-initial-times-div-factor': 'one-cycle-times-div-factor',
    'one-cycle-end1-without-minus-one': 'one-cycle-peak-off-by-one',
    'plateau-bad-epochs-at-least-patience': 'plateau-keras-patience',
    'plateau-best-minus-threshold': 'plateau-absolute-threshold',
    'plateau-counter-kept-after-cut': 'plateau-counter-not-reset',
    'plateau-lr-divided-by-factor': 'plateau-divides-by-factor',
}
MISTAKES += burn([m for m in ROUND_10 if m.case in ROUND_10_REPEATS], 10,
                  {c: t for c, t in ROUND_10_ALSO.items() if c in ROUND_10_REPEATS}, {}, MISTAKES)
# --- round 10 burnt (docs/graders.md, "Round 10 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round10.py stays as it was written; its digests are gone with the
# held-out mark).
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_10_UNNAMED = {
    'suggest-lr-argmax-instead-of-argmin': "the steepest point taken by argmax (the most RISING slope before the "
                                           "minimum): told, truly, that the suggestion lies on the flat start, but "
                                           "where argmax lands depends on the smoothing and the noise there, so no "
                                           "model of argmax-for-argmin is true for the class",
}
# after grading: the schedule rule's "moves the opposite way at every step" names 1 - cos (each phase from its end
# value to its start value)
ROUND_10_ALSO = {**ROUND_10_ALSO, 'one-cycle-one-minus-cos': ('one-cycle-reversed',)}
# after grading: models grown from the burnt cases (below: the rates' fraction floored, a result that is not two
# float64 arrays, a suggest_lr that raises only on the non-finite end)
ROUND_10_ALSO = {**ROUND_10_ALSO, 'range-test-exponent-floor-divided': ('range-test-fraction-floored',),
                 'range-test-returns-python-lists': ('range-test-not-arrays',),
                 'suggest-lr-drops-nan-from-losses-only': ('suggest-lr-nonfinite',)}
MISTAKES += burn([m for m in ROUND_10 if m.case not in ROUND_10_REPEATS], 10,
                  {c: t for c, t in ROUND_10_ALSO.items() if c not in ROUND_10_REPEATS}, ROUND_10_UNNAMED,
                  MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}


# --- names grown from round 10 (docs/graders.md, "Round 10 is burnt"): a model each in test_range_test, and a
# training case of other code
MISTAKES += [
    Mistake(tag="range-test-fraction-floored", name="range-test-int-of-fraction",
            edits={S: [("        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n",
                        "        lr = lr_min * (lr_max / lr_min) ** int(i / (n_steps - 1))\n")]},
            why="the exponent's fraction passed through int(): 0 at every step but the last, so the test runs at "
                "lr_min and jumps to lr_max at the end",
            source="mechanism: the fraction i / (n_steps - 1) truncated to a whole number"),
    Mistake(tag="range-test-not-arrays", name="range-test-returns-tuples",
            edits={S: [("    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)\n",
                        "    return tuple(lrs), tuple(losses)\n")]},
            why="the records returned as tuples: the right values, not the docstring's two float64 arrays",
            source="mechanism: a result of another type than the docstring's float64 arrays"),
    Mistake(tag="suggest-lr-nonfinite", name="suggest-lr-each-array-filtered-by-itself",
            edits={S: [("    lrs, losses = lrs[keep], losses[keep]\n",
                        "    losses = losses[keep]\n"
                        "    lrs = lrs[np.isfinite(lrs)]   # each array cleaned of its own non-finite values\n")]},
            why="each array filtered by its own mask: the rates keep the pair of the nan loss, the two arrays no "
                "longer line up and np.gradient raises",
            source="mechanism: the non-finite end makes the code fail (the same curve without it is fine)"),
]

# Held-out round 11 (docs/graders.md): heldout_round11.py, written outside the repository from public sources
# after round 10 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_11 = load_round(__file__, "heldout_round11.py").ROUND_11
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_11_ALSO = {'exp-decay-exp-of-minus-epoch-over-k': ('exp-decay-k-inverted',), 'plateau-skips-cut-below-min': ('plateau-floor-wrong',), 'warmup-cosine-ramp-min-to-base': ('schedule-start-value',), 'warmup-ramp-from-a-third-of-base': ('warmup-library-option', 'schedule-start-value')}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_11_REPEATS = {'step-decay-epoch-plus-one-floordiv': 'step-decay-off-by-one', 'cosine-divides-by-T-minus-one': 'cosine-t-over-T-minus-one', 'warmup-step-plus-one-over-warmup': 'warmup-starts-at-one', 'plateau-improvement-greater-than-threshold': 'plateau-gain-over-threshold', 'warmup-cosine-uses-raw-step-short-period': 'warmup-cosine-raw-step-short-period'}
ROUND_11_KNOWN, HELD_OUT = split_repeats(ROUND_11, 11, ROUND_11_ALSO, ROUND_11_REPEATS, MISTAKES)
MISTAKES += ROUND_11_KNOWN
# --- round 11 burnt (docs/graders.md, "Round 11 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round11.py stays as it was written; its digests are gone with the
# held-out mark). HELD_OUT carries ROUND_11_ALSO already (split_repeats), decided before grading.
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_11_UNNAMED: dict[str, str] = {}
# after grading: names the graders already said that read as true for the case (never into ROUND_11_ALSO):
# decay by (1 - k) per epoch is exp-decay-compound's very words; a schedule right at its start that goes wrong
# later (a floored clock t // T, the base 10 for e) is schedule-wrong-after-start's; 0 after T where lr_min
# belongs is cosine-offset's "the expected values minus lr_min"; log10 of a rate (about -3) is "not a
# positive, finite learning rate"
ROUND_11_AFTER = {
    'exp-decay-math-pow-one-minus-k': ('exp-decay-compound',),
    'cosine-floored-progress': ('schedule-wrong-after-start',),
    'exp-decay-powers-of-ten': ('schedule-wrong-after-start',),
    'cosine-returns-zero-after-T': ('cosine-offset',),
    'suggest-lr-log10-of-pick': ('suggest-lr-not-finite',),
}
# after grading: models grown from the burnt cases (test_range_test, below: the right spacing with the wrong
# ratio; a logarithm of a good rate returned)
ROUND_11_AFTER = {**ROUND_11_AFTER, 'range-test-lr-max-power-only': ('range-test-wrong-ratio',),
                  'suggest-lr-log10-of-pick': ('suggest-lr-not-finite', 'suggest-lr-returns-log')}
MISTAKES += burn(HELD_OUT, 11, ROUND_11_AFTER, ROUND_11_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}


# --- names grown from round 11 (docs/graders.md, "Round 11 is burnt"): a model each in test_range_test (and the
# kit's range_lrs rule), and a training case of other code
MISTAKES += [
    Mistake(tag="range-test-wrong-ratio", name="range-test-ratio-of-difference",
            edits={S: [("        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n",
                        "        lr = lr_min * (lr_max - lr_min) ** (i / (n_steps - 1))\n")]},
            why="the span written as a difference, lr_max - lr_min, where the geometric spacing needs the ratio: "
                "the rates start at lr_min and grow by one factor per step, but end near lr_min * lr_max",
            source="mechanism: rates geometric from lr_min with another factor per step than the one reaching "
                   "lr_max"),
    Mistake(tag="suggest-lr-returns-log", name="suggest-lr-natural-log-of-pick",
            edits={S: [("    return float(lrs[np.argmin(falling)])\n",
                        "    return float(np.log(lrs[np.argmin(falling)]))   # on the log axis\n")]},
            why="the natural log of the chosen rate returned (about -7 for 1e-3): a point on the plot's axis, not a "
                "learning rate",
            source="mechanism: a logarithm (any base) of a good rate returned instead of the rate"),
]


def _valid_round_11() -> list[Valid]:
    """Round 11's valid variants of this week (a function, so its snippet names stay local)."""
    M = "schedules"

    def region(function):   # the reference's solution region of a function (or Class.method) of this module
        return solution_region(WEEK, M, function)

    ONE_CYCLE_DEF = ("def one_cycle(step, total_steps, max_lr, pct_start=0.3, div_factor=25.0, "
                     "final_div_factor=1e4):\n")
    # the start both suggest_lr variants share: the finite points, smoothed by a loop of window means
    SUGGEST_SMOOTHED = (
        "    lrs = np.asarray(lrs, dtype=np.float64)\n"
        "    losses = np.asarray(losses, dtype=np.float64)\n"
        "    keep = np.isfinite(losses)\n"
        "    lrs, losses = lrs[keep], losses[keep]\n"
        "    if len(lrs) < 2:\n"
        "        return float(lrs[0])\n"
        "    half = len(losses) // 20\n"
        "    smooth = np.array([losses[max(0, i - half):i + half + 1].mean() for i in range(len(losses))])\n"
    )
    return [
        Valid(name="round11-exp-decay-memo-dict",
              edits={M: [(region("exponential_decay"),
                          "    key = (epoch, initial_lr, k)\n"
                          "    if key not in _EXP_MEMO:   # a plain dict as the cache (hashable arguments)\n"
                          "        _EXP_MEMO[key] = float(initial_lr * math.exp(-k * epoch))\n"
                          "    return _EXP_MEMO[key]\n"),
                         ("def exponential_decay(", "_EXP_MEMO = {}\n\n\ndef exponential_decay(")]},
              why="values memoised in a module-level dict keyed by the arguments"),
        Valid(name="round11-cosine-degrees-through-math-radians",
              edits={M: [(region("cosine_annealing"),
                          "    if t >= T:\n"
                          "        return float(lr_min)\n"
                          "    angle = math.radians(180.0 * t / T)   # the same half turn, in degrees first\n"
                          "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(angle)) / 2)\n")]},
              why="the angle as math.radians(180 t / T), equal to pi t / T up to round-off"),
        Valid(name="round11-warmup-accumulated-increments",
              edits={M: [(region("linear_warmup"),
                          "    if step >= warmup_steps:\n"
                          "        return float(base_lr)\n"
                          "    if float(step) != int(step) or step < 0:   # no whole number of increments\n"
                          "        return float(base_lr * step / warmup_steps)\n"
                          "    lr, increment = 0.0, base_lr / warmup_steps\n"
                          "    for _ in range(int(step)):   # the rate as a running sum of equal increments\n"
                          "        lr += increment\n"
                          "    return lr\n")]},
              why="the warmup as a recurrence, lr += base_lr / warmup_steps once per step (round-off grows with "
                  "the step count: about step * 1e-16 relative)"),
        Valid(name="round11-warmup-cosine-piecewise-table",
              edits={M: [(region("warmup_cosine"),
                          "    pieces = [\n"
                          "        (warmup_steps, lambda s: linear_warmup(s, warmup_steps, base_lr)),\n"
                          "        (math.inf, lambda s: cosine_annealing(s - warmup_steps, total_steps - warmup_steps,\n"
                          "                                              base_lr, min_lr)),\n"
                          "    ]\n"
                          "    return next(fn(step) for end, fn in pieces if step < end)\n")]},
              why="the two pieces in a table of (end, function), the first whose end is after the step applied"),
        Valid(name="round11-one-cycle-through-cosine-annealing",
              edits={M: [(region("one_cycle"),
                          "    initial = max_lr / div_factor\n"
                          "    final = initial / final_div_factor\n"
                          "    end1 = float(pct_start * total_steps) - 1\n"
                          "    end2 = total_steps - 1\n"
                          "    if step <= end1:   # half a cosine from initial up to max_lr\n"
                          "        return cosine_annealing(step, end1, initial, max_lr)\n"
                          "    return cosine_annealing(step - end1, end2 - end1, max_lr, final)\n")]},
              why="each phase as cosine_annealing(t, T, start, end) of this module (its lr_max the phase's start, "
                  "its lr_min the phase's end, rising in the first phase): the same half cosines regrouped"),
        Valid(name="round11-one-cycle-torch-three-phase-keyword",
              edits={M: [(ONE_CYCLE_DEF,
                          "def one_cycle(step, total_steps, max_lr, pct_start=0.3, div_factor=25.0, "
                          "final_div_factor=1e4,\n"
                          "              three_phase=False):\n"),
                         (region("one_cycle"),
                          "    if three_phase:\n"
                          "        raise NotImplementedError('only the two-phase schedule of the course')\n"
                          + region("one_cycle"))]},
              why="OneCycleLR's three_phase keyword, at its default False (the other value refused)"),
        Valid(name="round11-plateau-coroutine-keeps-public-attributes",
              edits={M: [(region("ReduceLROnPlateau.step"),
                          "        if not hasattr(self, '_machine'):\n"
                          "            self._machine = self._run()\n"
                          "            next(self._machine)\n"
                          "        return self._machine.send(float(metric))\n"
                          "\n"
                          "    def _run(self):\n"
                          "        \"\"\"A coroutine: sent each metric, it yields the rate after it.\"\"\"\n"
                          "        metric = yield\n"
                          "        while True:\n"
                          "            if metric < self.best * (1 - self.threshold):\n"
                          "                self.best, self.num_bad_epochs = metric, 0\n"
                          "            else:\n"
                          "                self.num_bad_epochs += 1\n"
                          "            if self.num_bad_epochs > self.patience:\n"
                          "                new_lr = max(self.lr * self.factor, self.min_lr)\n"
                          "                if self.lr - new_lr > self.eps:\n"
                          "                    self.lr = new_lr\n"
                          "                self.num_bad_epochs = 0\n"
                          "            metric = yield float(self.lr)\n")]},
              why="step forwards each metric to a generator coroutine made on the first call, which keeps the "
                  "public best/num_bad_epochs/lr current and yields the new rate"),
        Valid(name="round11-plateau-bad-epochs-as-list-since-best",
              edits={M: [(region("ReduceLROnPlateau.step"),
                          "        metric = float(metric)\n"
                          "        waiting = self.__dict__.setdefault('_waiting', [])   # metrics since the last reset\n"
                          "        if metric < self.best * (1 - self.threshold):\n"
                          "            self.best = metric\n"
                          "            waiting.clear()\n"
                          "        else:\n"
                          "            waiting.append(metric)\n"
                          "        if len(waiting) > self.patience:\n"
                          "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
                          "            if self.lr - new_lr > self.eps:\n"
                          "                self.lr = new_lr\n"
                          "            waiting.clear()\n"
                          "        self.num_bad_epochs = len(waiting)\n"
                          "        return float(self.lr)\n")]},
              why="the bad epochs kept as the list of metrics since the last improvement or cut, num_bad_epochs "
                  "its length"),
        Valid(name="round11-plateau-rate-as-np-float64",
              edits={M: [(region("ReduceLROnPlateau.step"),
                          "        metric = np.float64(metric)\n"
                          "        if metric < self.best * (1 - self.threshold):\n"
                          "            self.best = metric\n"
                          "            self.num_bad_epochs = 0\n"
                          "        else:\n"
                          "            self.num_bad_epochs += 1\n"
                          "        if self.num_bad_epochs > self.patience:\n"
                          "            new_lr = np.maximum(self.lr * self.factor, self.min_lr)\n"
                          "            if self.lr - new_lr > self.eps:\n"
                          "                self.lr = new_lr\n"
                          "            self.num_bad_epochs = 0\n"
                          "        return self.lr\n")]},
              why="NumPy scalars throughout: the metric and best as np.float64, the cut by np.maximum, the rate "
                  "returned as it is stored (an np.float64 after a cut: a float subclass)"),
        Valid(name="round11-range-test-geomspace",
              edits={M: [(region("lr_range_test"),
                          "    rates = np.geomspace(lr_min, lr_max, n_steps)\n"
                          "    lrs, losses = [], []\n"
                          "    best = math.inf\n"
                          "    for lr in rates:\n"
                          "        loss = float(loss_after_step(float(lr)))\n"
                          "        lrs.append(lr)\n"
                          "        losses.append(loss)\n"
                          "        if not math.isfinite(loss):\n"
                          "            break\n"
                          "        best = min(best, loss)\n"
                          "        if loss > 4 * best:\n"
                          "            break\n"
                          "    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)\n")]},
              why="the rates by np.geomspace(lr_min, lr_max, n_steps) (log-spaced, the ends exact; equal up to "
                  "round-off)"),
        Valid(name="round11-suggest-fastai-min-over-ten",
              edits={M: [(region("suggest_lr"), SUGGEST_SMOOTHED +
                          "    m = int(np.argmin(smooth))\n"
                          "    if m == 0:   # no fall at all: nothing to divide\n"
                          "        return float(lrs[0])\n"
                          "    target = lrs[m] / 10   # fastai's classic rule: a tenth of the rate at the minimum\n"
                          "    i = int(np.argmin(np.abs(np.log(lrs[:m]) - np.log(target))))   # nearest rate below the minimum\n"
                          "    return float(lrs[i])\n")]},
              why="fastai's classic rule, which the docstring accepts: a tenth of the rate at the minimum of the "
                  "smoothed loss, read off as the nearest of the rates before the minimum"),
        Valid(name="round11-suggest-middle-of-steep-region",
              edits={M: [(region("suggest_lr"), SUGGEST_SMOOTHED +
                          "    slope = np.gradient(smooth, np.log(lrs))[:int(np.argmin(smooth)) + 1]\n"
                          "    k = int(np.argmin(slope))\n"
                          "    if not slope[k] < 0:\n"
                          "        return float(lrs[k])\n"
                          "    lo = hi = k   # grow the run of points falling at least half as fast as the steepest\n"
                          "    while lo > 0 and slope[lo - 1] <= slope[k] / 2:\n"
                          "        lo -= 1\n"
                          "    while hi < len(slope) - 1 and slope[hi + 1] <= slope[k] / 2:\n"
                          "        hi += 1\n"
                          "    return float(lrs[(lo + hi) // 2])   # the middle of the steep region\n")]},
              why="a rate inside the region where the loss clearly falls (the docstring accepts any): the middle "
                  "of the run of points around the steepest one that fall at least half as fast"),
        # --- second batch (written after the first was graded) ---------------------------------------------
        Valid(name="round11-warmup-cosine-both-branches-np-where",
              edits={M: [(region("warmup_cosine"),
                          "    span = total_steps - warmup_steps\n"
                          "    warm = base_lr * step / warmup_steps if warmup_steps else base_lr\n"
                          "    t = min(max(step - warmup_steps, 0), span)   # both branches evaluated, then one kept\n"
                          "    cos = min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * t / span)) / 2\n"
                          "    return float(np.where(step < warmup_steps, warm, cos))\n")]},
              why="both pieces computed for every step (the cosine's t clamped to [0, span]) and one kept by "
                  "np.where on the warmup condition"),
        Valid(name="round11-step-decay-drop-count-by-range-length",
              edits={M: [(region("step_decay"),
                          "    if epoch < 0 or int(epoch) != epoch:   # not a whole epoch count: the floor division\n"
                          "        return float(initial_lr * drop ** (epoch // epochs_drop))\n"
                          "    drops = len(range(epochs_drop, int(epoch) + 1, epochs_drop))   # boundaries passed\n"
                          "    return float(initial_lr * drop ** drops)\n")]},
              why="the number of drops counted as the boundaries epochs_drop, 2 epochs_drop, ... up to the epoch "
                  "(len of a range: equal to epoch // epochs_drop for whole epochs)"),
    ]


VALID += _valid_round_11()

# Held-out round 12 (docs/graders.md): heldout_round12.py, written outside the repository from public sources
# after round 11 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_12 = load_round(__file__, "heldout_round12.py").ROUND_12
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_12_ALSO = {'cosine-half-lr-max-times-one-plus-cos': ('schedule-end-value',), 'cosine-lr-min-plus-full-lr-max-swing': ('schedule-start-value',), 'one-cycle-fastai-phase-fractions': ('one-cycle-end-off-by-one',), 'plateau-cut-only-if-above-floor': ('plateau-floor-wrong',), 'range-test-checks-then-appends': ('range-test-drops-stopping-step',), 'warmup-cosine-huggingface-form': ('schedule-end-value',), 'warmup-fraction-computed-first': ('division-by-zero',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_12_REPEATS = {}
ROUND_12_KNOWN, HELD_OUT = split_repeats(ROUND_12, 12, ROUND_12_ALSO, ROUND_12_REPEATS, MISTAKES)
MISTAKES += ROUND_12_KNOWN
HELD_OUT_DIGESTS = {
    'step-decay-true-division-np-power': 'ff1f12ffae5186d2',
    'step-decay-machinelearningmastery-one-plus-epoch': 'ab07830bcdb01f38',
    'exp-decay-lr0-over-one-plus-kt': '5185bc5698cae0cf',
    'exp-decay-pow-k-epoch': '67d16ed8aee61e37',
    'cosine-pytorch-closed-form-past-t': 'f62221fc641c7e58',
    'cosine-half-lr-max-times-one-plus-cos': '16f6bcef0d3eaf12',
    'cosine-lr-min-plus-full-lr-max-swing': '19a27e141c022612',
    'warmup-early-return-then-step-plus-one': '8828b91291cee2b1',
    'warmup-fraction-computed-first': 'a20c5aaa819c283f',
    'warmup-cosine-progress-over-total': '7e003562e4397a3c',
    'warmup-cosine-huggingface-form': '8e53791afbeabaaf',
    'one-cycle-fastai-phase-fractions': 'c19c492d41d1fcbe',
    'one-cycle-np-interp-three-points': '5582c95b5e8fd63d',
    'one-cycle-second-phase-ends-at-total': '13a8f1758090789d',
    'one-cycle-peak-step-truncated-to-int': '9f470bb78164093c',
    'plateau-cuts-when-count-equals-patience': 'fc26b2fc4814a46e',
    'plateau-keras-np-less-min-delta': 'a20270da4ea7e844',
    'plateau-cut-without-counter-reset': '68727fe935e67b84',
    'plateau-cut-only-if-above-floor': 'e6a6a8d22597e5d9',
    'range-test-enumerates-linspace': '52ba7c76df1b2a0f',
    'range-test-checks-then-appends': '87a952ab4f3b9d32',
    'range-test-nan-identity-check': '8c2a1bf2c1e61e83',
    'suggest-lr-losses-argmin-method': 'b4cc3a14adbff823',
    'suggest-lr-returns-argmin-int': '18b069297c80e295',
    'suggest-lr-diff-over-diff-lr': '3ade0b33c532ef1f',
    'suggest-lr-tenth-of-steepest': 'abecc3222b85de04',
}
# --- round 12 burnt (docs/graders.md, "Round 12 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round12.py stays as it was written; its digests are gone with the
# held-out mark). HELD_OUT carries ROUND_12_ALSO already (split_repeats), decided before grading.
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_12_UNNAMED: dict[str, str] = {}
# after grading: names the graders already said that read as true for the case (never into ROUND_12_ALSO):
# "initial_lr * k ** epoch" is the case's pow(k, epoch); fastai's phases at pct_start * total_steps and
# total_steps are "both phase ends one step late"; a peak step truncated by int() is right at step 0 and wrong
# from the shortened phase's end on ("where a phase ends"); a slope against lr itself picks 2.7e-6, truly "on the
# flat part at the start"
ROUND_12_AFTER = {
    'exp-decay-pow-k-epoch': ('exp-decay-k-power',),
    'one-cycle-fastai-phase-fractions': ('one-cycle-both-off-by-one',),
    'one-cycle-peak-step-truncated-to-int': ('schedule-wrong-after-start',),
    'suggest-lr-diff-over-diff-lr': ('suggest-lr-too-low',),
}
# after grading: models grown from the burnt cases (test_range_test: a good pick returned as its position in lrs,
# or divided by ten once more)
ROUND_12_AFTER = {**ROUND_12_AFTER, 'suggest-lr-tenth-of-steepest': ('suggest-lr-divided-by-ten',)}
MISTAKES += burn(HELD_OUT, 12, ROUND_12_AFTER, ROUND_12_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 12 (docs/graders.md, "Round 12 is burnt"): a model each in test_range_test and a
# training case of other code
SUGGEST_RETURN = ("    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                  "    return float(lrs[np.argmin(falling)])\n")
MISTAKES += [
    Mistake(tag="suggest-lr-returns-index", name="suggest-lr-loop-returns-position",
            edits={S: [(SUGGEST_RETURN,
                        "    best_i = 0\n"
                        "    for i in range(1, int(np.argmin(smooth)) + 1):   # the steepest fall before the minimum\n"
                        "        if slope[i] < slope[best_i]:\n"
                        "            best_i = i\n"
                        "    return float(best_i)\n")]},
            why="the steepest point found by a loop, and its position returned instead of lrs at it",
            source="mechanism: an index where a value belongs (the docstring returns one of the lrs)"),
    Mistake(tag="suggest-lr-divided-by-ten", name="suggest-lr-largest-drop-over-ten",
            edits={S: [(SUGGEST_RETURN,
                        "    drops = np.diff(smooth[:int(np.argmin(smooth)) + 1])   # falls between neighbours\n"
                        "    if len(drops) == 0:\n"
                        "        return float(lrs[0])\n"
                        "    return float(lrs[int(np.argmin(drops)) + 1] / 10)   # a decade lower, to be safe\n")]},
            why="the rate after the largest drop (a sound pick on the steep part) divided by ten once more: a decade "
                "below the region where the loss falls fastest, and not one of the lrs",
            source="mechanism: fastai's 'minimum / 10' applied to a pick that is already on the steep part"),
]

# Held-out round 13 (docs/graders.md): heldout_round13.py, written outside the repository from public sources
# after round 12 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_13 = load_round(__file__, "heldout_round13.py").ROUND_13
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_13_ALSO = {'cosine-np-cos-of-180-t-over-T': ('schedule-wrong-after-start',), 'cosine-one-minus-quarter-sine': ('schedule-wrong-after-start',), 'exp-decay-rounded-to-four-decimals': ('schedule-wrong-after-start',), 'one-cycle-ends-at-initial-lr': ('schedule-end-value', 'schedule-wrong-after-start'), 'one-cycle-warmup-progress-over-end-plus-one': ('schedule-wrong-after-start',), 'plateau-running-min-before-comparison': ('plateau-best-tracks-any-decrease',), 'range-test-exp-log-steps-over-n': ('range-test-spacing-off-by-one',), 'step-decay-drop-read-as-fraction-removed': ('schedule-wrong-after-start',), 'step-decay-np-round-of-ratio': ('schedule-wrong-after-start',), 'warmup-cosine-period-plus-one-step': ('schedule-wrong-after-start',), 'warmup-linspace-warmup-points-indexed': ('schedule-wrong-after-start',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_13_REPEATS = {}
ROUND_13_KNOWN, HELD_OUT = split_repeats(ROUND_13, 13, ROUND_13_ALSO, ROUND_13_REPEATS, MISTAKES)
MISTAKES += ROUND_13_KNOWN
HELD_OUT_DIGESTS = {
    'step-decay-np-round-of-ratio': '6316eb7b0f4a5ae5',
    'step-decay-drop-read-as-fraction-removed': 'd355ea1d56216fbf',
    'cosine-np-cos-of-180-t-over-T': '2c2ea07b39583e91',
    'cosine-one-minus-quarter-sine': '9161496be1dc7374',
    'warmup-max-of-step-and-one': '154c3f81a42d4f4e',
    'warmup-cosine-period-plus-one-step': '13bbecced285c4e6',
    'one-cycle-anneal-formula-from-start-value': '8b73edb718305a67',
    'one-cycle-ends-at-initial-lr': 'f1279a9b84a7b3fe',
    'plateau-best-assigned-to-local': '38b3a66df42140c0',
    'plateau-running-min-before-comparison': 'a4de107c3fa36393',
    'range-test-exp-log-steps-over-n': 'ed52605359b832d4',
    'range-test-logspace-of-natural-logs': '99f5ca3ee83a6641',
    'range-test-best-loss-initialised-to-zero': '1225360b916b5312',
    'warmup-linspace-warmup-points-indexed': '160bd125decbe2d5',
    'one-cycle-warmup-progress-over-end-plus-one': '253943d623acce47',
    'range-test-ratio-power-i-then-divided': 'd705fb47c13e8d61',
    'exp-decay-rounded-to-four-decimals': '3cc57001bbb1b9c6',
}
# --- round 13 burnt (docs/graders.md, "Round 13 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round13.py stays as it was written; its digests are gone with the
# held-out mark). HELD_OUT carries ROUND_13_ALSO already (split_repeats), decided before grading.
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_13_UNNAMED: dict[str, str] = {
    'plateau-running-min-before-comparison': "best lowered to the metric before the comparison, so no epoch is "
                                             "ever better and the rate is cut every patience + 1 epochs; no model "
                                             "of a comparison against the current epoch's own metric yet",
    'range-test-best-loss-initialised-to-zero': "the best loss starts at 0, so the first positive loss exceeds "
                                                "4 x best and the test stops after one step; no model of a best "
                                                "started below every loss yet",
    'range-test-ratio-power-i-then-divided': "lr_min * ratio ** i / (n_steps - 1) (** before /): rates far past "
                                             "lr_max after a few steps; no model of the exponent's precedence yet",
}
# after grading: names the graders already said that read as true for the case (never into ROUND_13_ALSO):
# max(step, 1) evaluates step 0 as step 1 ("your value at step equals the expected one at step + 1 ... where it
# starts counting"); start - (start - end) / 2 * (cos + 1) runs each phase from its end value to its start value
# ("your rate moves the opposite way ... the two ends are exchanged")
ROUND_13_AFTER: dict[str, tuple[str, ...]] = {
    'warmup-max-of-step-and-one': ('warmup-off-by-one',),
    'one-cycle-anneal-formula-from-start-value': ('one-cycle-reversed',),
    # since round 14's burn plateau-never-cuts says both ways a rate never moves: a cut never triggered (this
    # code: best kept in a local, every epoch an improvement) or a cut that does not take (its mark is gone)
    'plateau-best-assigned-to-local': ('plateau-never-cuts',),
}
MISTAKES += burn(HELD_OUT, 13, ROUND_13_AFTER, ROUND_13_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# Held-out round 14 (docs/graders.md): heldout_round14.py, written outside the repository from public sources
# after round 13 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_14 = load_round(__file__, "heldout_round14.py").ROUND_14
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_14_ALSO = {'step-decay-loop-drops-at-epoch-zero': ('schedule-wrong-after-start',), 'exp-decay-loop-multiply-by-k': ('exp-decay-k-power', 'schedule-wrong-after-start'), 'exp-decay-np-exp-epoch-over-k': ('exp-decay-k-inverted', 'division-by-zero', 'schedule-wrong-after-start'), 'exp-decay-loop-multiply-one-minus-k': ('exp-decay-compound', 'schedule-wrong-after-start'), 'cosine-np-cos-no-end-check': ('schedule-wrong-after-start',), 'cosine-cos-squared-without-half-angle': ('schedule-wrong-after-start',), 'cosine-half-pi-single-cos': ('schedule-wrong-after-start',), 'warmup-ramp-from-step-plus-one': ('warmup-starts-at-one', 'schedule-start-value'), 'warmup-min-one-fraction': ('division-by-zero',), 'warmup-cosine-transformers-style-lambda': ('cosine-ignores-lr-min', 'cosine-not-clamped', 'schedule-end-value', 'schedule-wrong-after-start'), 'warmup-cosine-anneal-over-total': ('schedule-wrong-after-start',), 'one-cycle-phase-ends-without-minus-one': ('one-cycle-library-option', 'one-cycle-peak-off-by-one', 'one-cycle-end-off-by-one', 'schedule-wrong-after-start'), 'one-cycle-linear-interpolation': ('one-cycle-library-option', 'schedule-wrong-after-start'), 'one-cycle-end-rate-max-over-final-div': ('schedule-end-value', 'schedule-wrong-after-start'), 'one-cycle-peak-pct-of-last-index': ('one-cycle-peak-off-by-one', 'schedule-wrong-after-start'), 'plateau-cut-when-counter-equals-patience': ('plateau-library-option',), 'plateau-min-delta-subtracted': ('plateau-library-option',), 'range-test-break-then-append': ('range-test-drops-stopping-step',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_14_REPEATS = {}
ROUND_14_KNOWN, HELD_OUT = split_repeats(ROUND_14, 14, ROUND_14_ALSO, ROUND_14_REPEATS, MISTAKES)
MISTAKES += ROUND_14_KNOWN
HELD_OUT_DIGESTS = {
    'step-decay-epoch-plus-one-floor': '810a1818fb81b32c',
    'step-decay-loop-drops-at-epoch-zero': '75897a6c50028a06',
    'exp-decay-loop-multiply-by-k': 'e013fc0291cc23cb',
    'exp-decay-np-exp-epoch-over-k': '0cd17983c9bb5d56',
    'exp-decay-loop-multiply-one-minus-k': 'a721dfe8f21d9b82',
    'cosine-np-cos-no-end-check': '77df20397486ba9b',
    'cosine-cos-squared-without-half-angle': '59ee800ab3fc9307',
    'cosine-half-pi-single-cos': '797109e356a76d1c',
    'warmup-ramp-from-step-plus-one': 'b1a376f48b6bbea3',
    'warmup-min-one-fraction': 'c1913a6104d01aeb',
    'warmup-cosine-transformers-style-lambda': 'd8eb0759fe172da4',
    'warmup-cosine-anneal-over-total': '7eba478fdf5e9bca',
    'one-cycle-phase-ends-without-minus-one': 'a42bece9e7df289b',
    'one-cycle-linear-interpolation': '4f2434e95fae4d09',
    'one-cycle-end-rate-max-over-final-div': '8ebe3eb634e873dd',
    'one-cycle-peak-pct-of-last-index': '21cdcc931438ddb0',
    'plateau-cut-when-counter-equals-patience': '3322df067a4f22c6',
    'plateau-min-delta-subtracted': 'f6cce6f8379a400b',
    'plateau-bad-only-when-worse': 'bad0bbccb2ec56dd',
    'plateau-cuts-every-epoch-after-patience': '42968fa7634fb8c2',
    'range-test-nan-equality-check': 'd750ab4e7c0b954e',
    'range-test-logspace-given-ln-bounds': 'd8dc8f394bfc8aad',
    'range-test-break-then-append': 'b55000ce97c1b53f',
    'suggest-lr-lowest-smoothed-loss': '0a3c5866ac26617c',
    'suggest-lr-largest-gradient': '2131192a62c877f2',
}
# --- round 14 burnt (docs/graders.md, "Round 14 is burnt"): graded once held out, then used to grow the
# graders; training cases now (heldout_round14.py stays as it was written; its digests are gone with the
# held-out mark). HELD_OUT carries ROUND_14_ALSO already (split_repeats), decided before grading. All 25 lost
# points; the three not named are named now by new models (plateau-flat-epochs-not-counted in
# week3_support.PLATEAU_MISTAKES, range-test-log-base-mixed in test_range_test.spacing_variants,
# suggest-lr-argmax-of-slope in test_range_test.steepest_rise), each with a training case of other code below.
# the burnt cases no name fits yet, and why (each must still lose points; selftest fails one named)
ROUND_14_UNNAMED: dict[str, str] = {}
# after grading: names the graders already said that read as true for the case (never into ROUND_14_ALSO)
ROUND_14_AFTER_GRADING: dict[str, tuple[str, ...]] = {}
MISTAKES += burn(HELD_OUT, 14, ROUND_14_AFTER_GRADING, ROUND_14_UNNAMED, MISTAKES)
HELD_OUT = []
HELD_OUT_DIGESTS = {}

# --- names grown from round 14 (docs/graders.md, "Round 14 is burnt"): a model each (see above), and a training
# case of other code for each
MISTAKES += [
    Mistake(tag="plateau-flat-epochs-not-counted", name="plateau-bad-epoch-only-on-a-rise",
            edits={S: [("        else:\n            self.num_bad_epochs += 1\n",
                        "        elif metric - self.best > 0:            # only a loss that went UP is a bad epoch\n"
                        "            self.num_bad_epochs += 1\n")]},
            why="a bad epoch counted only when the metric rose above best: an equal metric, or one lower by less "
                "than the threshold, neither counts nor resets, so a flat plateau never cuts the rate",
            source="mechanism: 'no improvement' read as 'got worse' (the docstring's repeated 4s are bad epochs)"),
    Mistake(tag="range-test-log-base-mixed", name="range-test-power-of-ten-of-natural-logs",
            edits={S: [("        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n",
                        "        exponents = np.linspace(np.log(lr_min), np.log(lr_max), n_steps)\n"
                        "        lr = float(np.power(10.0, exponents[i]))   # back from the log scale\n")]},
            why="exponents interpolated between natural logs and undone with powers of 10: rates from "
                "10 ** ln(lr_min) to 10 ** ln(lr_max), not from lr_min to lr_max",
            source="mechanism: a logarithm and its inverse of different bases"),
    Mistake(tag="suggest-lr-argmax-of-slope", name="suggest-lr-largest-jump-of-loss",
            edits={S: [("    slope = np.gradient(smooth, np.log(lrs))\n"
                        "    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                        "    return float(lrs[np.argmin(falling)])\n",
                        "    jumps = np.diff(losses)                    # the change of the loss from one rate to the next\n"
                        "    return float(lrs[int(np.argmax(jumps)) + 1])\n")]},
            why="the rate after the largest INCREASE of the loss (np.argmax of the differences): the steepest "
                "rise, the blow-up, where the steepest fall is the most negative change",
            source="mechanism: argmax for argmin on the slope of the curve"),
]


def _valid_round_12() -> list[Valid]:
    """Round 12's valid variants of this week (docs/graders.md, "Valid variants, round 12"): exact-snippet
    edits of the reference, each checked equal to it on random inputs before grading."""
    def region(module, function):   # the reference's solution region of a function of a module
        return solution_region(WEEK, module, function)

    return [
        Valid(name="round12-step-decay-exact-fractions",
              edits={"schedules": [
                  ('import math\n',
                   'import math\n'
                   'from fractions import Fraction\n'),
                  (region("schedules", "step_decay"),
                   '    # exact rational arithmetic, rounded once at the end\n'
                   '    return float(Fraction(initial_lr) * Fraction(drop) ** (epoch // epochs_drop))\n'),
              ]},
              why='the staircase computed in exact rational arithmetic (fractions.Fraction), '
                  'rounded once to a float'),
        Valid(name="round12-exp-decay-decimal-context",
              edits={"schedules": [
                  ('import math\n',
                   'import math\n'
                   'from decimal import Decimal, localcontext\n'),
                  (region("schedules", "exponential_decay"),
                   '    with localcontext() as ctx:\n'
                   '        ctx.prec = 40                                   # 40 digits, rounded once to a float at the end\n'
                   '        return float(Decimal(float(initial_lr)) * (-Decimal(float(k)) * Decimal(float(epoch))).exp())\n'),
              ]},
              why='the exponential computed with the decimal module at 40 digits, rounded once to '
                  'a float: more accurate than math.exp(-k * epoch), equal up to round-off'),
        Valid(name="round12-cosine-convex-combination-weight",
              edits={"schedules": [
                  (region("schedules", "cosine_annealing"),
                   '    weight = 0.0 if t >= T else (1.0 + math.cos(math.pi * (t / T))) / 2.0   # 1 at t = 0, 0 at t = T\n'
                   '    return float(weight * lr_max + (1.0 - weight) * lr_min)\n'),
              ]},
              why='the cosine written as a convex combination w * lr_max + (1 - w) * lr_min with '
                  'w = (1 + cos(pi t/T)) / 2 (0 from T on)'),
        Valid(name="round12-cosine-restart-keyword-default-off",
              edits={"schedules": [
                  ('def cosine_annealing(t, T, lr_max, lr_min=0.0):',
                   'def cosine_annealing(t, T, lr_max, lr_min=0.0, restart=False):'),
                  (region("schedules", "cosine_annealing"),
                   '    if restart:                      # SGDR-style warm restarts, off by default\n'
                   '        t = t % T\n'
                   '    if t >= T:\n'
                   '        return float(lr_min)\n'
                   '    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n'),
              ]},
              why='an extra restart keyword (warm restarts when True), off by default: lr_min '
                  'after T as the contract says'),
        Valid(name="round12-warmup-start-factor-keyword",
              edits={"schedules": [
                  ('def linear_warmup(step, warmup_steps, base_lr):',
                   'def linear_warmup(step, warmup_steps, base_lr, start_factor=0.0):'),
                  (region("schedules", "linear_warmup"),
                   '    if step >= warmup_steps:\n'
                   '        return float(base_lr)\n'
                   '    fraction = start_factor + (1.0 - start_factor) * step / warmup_steps   # torch LinearLR with start 0\n'
                   '    return float(base_lr * fraction)\n'),
              ]},
              why="torch LinearLR's start_factor as a keyword defaulting to 0, the fraction start "
                  '+ (1 - start) * step / warmup_steps'),
        Valid(name="round12-warmup-cosine-initial-lr-keyword",
              edits={"schedules": [
                  ('def warmup_cosine(step, total_steps, warmup_steps, base_lr, min_lr=0.0):',
                   'def warmup_cosine(step, total_steps, warmup_steps, base_lr, min_lr=0.0, warmup_init_lr=0.0):'),
                  (region("schedules", "warmup_cosine"),
                   '    if step < warmup_steps:\n'
                   '        if warmup_init_lr == 0.0:\n'
                   '            return linear_warmup(step, warmup_steps, base_lr)\n'
                   '        return float(warmup_init_lr + (base_lr - warmup_init_lr) * step / warmup_steps)\n'
                   '    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n'),
              ]},
              why='an extra warmup_init_lr keyword (0 by default, then the plain linear warmup)'),
        Valid(name="round12-one-cycle-phase-picked-by-boolean-index",
              edits={"schedules": [
                  ('    if step <= end1:\n'
                   '        start_lr, end_lr, pct = initial, max_lr, step / end1\n'
                   '    else:\n'
                   '        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)\n'
                   '    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n',
                   '    phases = ((initial, max_lr, 0.0, end1), (max_lr, final, end1, end2))   # (from, to, first, last)\n'
                   '    start_lr, end_lr, first, last = phases[int(step > end1)]\n'
                   '    pct = (step - first) / (last - first)\n'
                   '    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n'),
              ]},
              why="the phase's (from, to, first, last) picked from a table by int(step > end1): "
                  'the same two half cosines'),
        Valid(name="round12-plateau-rate-from-reduction-count",
              edits={"schedules": [
                  ('        self.lr = float(lr)\n'
                   '        self.factor = factor\n',
                   '        self.initial_lr = float(lr)\n'
                   '        self.reductions = 0               # how many cuts so far: lr is computed from it\n'
                   '        self.factor = factor\n'),
                  ('    def step(self, metric):\n'
                   '        """Record one epoch\'s ``metric``',
                   '    @property\n'
                   '    def lr(self):\n'
                   '        if self.reductions == 0:\n'
                   '            return self.initial_lr\n'
                   '        return max(self.initial_lr * self.factor ** self.reductions, self.min_lr)\n'
                   '\n'
                   '    @lr.setter\n'
                   '    def lr(self, value):\n'
                   '        self.initial_lr, self.reductions = float(value), 0\n'
                   '\n'
                   '    def step(self, metric):\n'
                   '        """Record one epoch\'s ``metric``'),
                  (region("schedules", "ReduceLROnPlateau.step"),
                   '        metric = float(metric)\n'
                   '        if metric < self.best * (1 - self.threshold):\n'
                   '            self.best = metric\n'
                   '            self.num_bad_epochs = 0\n'
                   '        else:\n'
                   '            self.num_bad_epochs += 1\n'
                   '        if self.num_bad_epochs > self.patience:\n'
                   '            candidate = max(self.initial_lr * self.factor ** (self.reductions + 1), self.min_lr)\n'
                   '            if self.lr - candidate > self.eps:\n'
                   '                self.reductions += 1\n'
                   '            self.num_bad_epochs = 0\n'
                   '        return float(self.lr)\n'),
              ]},
              why='the rate computed from the number of cuts (initial * factor**k, floored at '
                  'min_lr) behind an lr property with a setter; a cut counted only when it lowers '
                  'the rate by more than eps'),
        Valid(name="round12-range-test-stop-by-exception",
              edits={"schedules": [
                  ('def lr_range_test(loss_after_step, lr_min=1e-6, lr_max=1.0, n_steps=100):',
                   'class _BlownUp(Exception):\n'
                   '    """Raised inside the range test once the loss has blown up (the curve is complete)."""\n'
                   '\n'
                   '\n'
                   'def lr_range_test(loss_after_step, lr_min=1e-6, lr_max=1.0, n_steps=100):'),
                  (region("schedules", "lr_range_test"),
                   '    lrs, losses = [], []\n'
                   '    best = math.inf\n'
                   '    try:\n'
                   '        for i in range(n_steps):\n'
                   '            lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n'
                   '            loss = float(loss_after_step(lr))\n'
                   '            lrs.append(lr)\n'
                   '            losses.append(loss)\n'
                   '            if not math.isfinite(loss):\n'
                   '                raise _BlownUp(lr)\n'
                   '            best = min(best, loss)\n'
                   '            if loss > 4 * best:\n'
                   '                raise _BlownUp(lr)\n'
                   '    except _BlownUp:\n'
                   '        pass\n'
                   '    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)\n'),
              ]},
              why='the early stop raised as a private exception and caught around the loop: the '
                  'same points recorded, the same stop'),
        Valid(name="round12-range-test-takewhile-stateful-predicate",
              edits={"schedules": [
                  ('import math\n',
                   'import itertools\n'
                   'import math\n'),
                  (region("schedules", "lr_range_test"),
                   '    rates = (lr_min * (lr_max / lr_min) ** (i / (n_steps - 1)) for i in range(n_steps))\n'
                   '    record = []\n'
                   '    state = {"best": math.inf, "go_on": True}\n'
                   '\n'
                   '    def still_going(lr):                       # trains at lr, records, and says whether to take the next\n'
                   '        if not state["go_on"]:\n'
                   '            return False\n'
                   '        loss = float(loss_after_step(lr))\n'
                   '        record.append((lr, loss))\n'
                   '        if not math.isfinite(loss):\n'
                   '            state["go_on"] = False\n'
                   '        else:\n'
                   '            state["best"] = min(state["best"], loss)\n'
                   '            state["go_on"] = not loss > 4 * state["best"]\n'
                   '        return True\n'
                   '\n'
                   '    for _ in itertools.takewhile(still_going, rates):\n'
                   '        pass\n'
                   '    lrs = np.array([lr for lr, _ in record], dtype=np.float64)\n'
                   '    losses = np.array([loss for _, loss in record], dtype=np.float64)\n'
                   '    return lrs, losses\n'),
              ]},
              why='itertools.takewhile over the rates with a predicate that trains, records and '
                  'decides whether to go on'),
        Valid(name="round12-suggest-skip-keywords-default-zero",
              edits={"schedules": [
                  ('def suggest_lr(lrs, losses):',
                   'def suggest_lr(lrs, losses, skip_start=0, skip_end=0):'),
                  ('    slope = np.gradient(smooth, np.log(lrs))\n'
                   '    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n'
                   '    return float(lrs[np.argmin(falling)])\n',
                   '    slope = np.gradient(smooth, np.log(lrs))\n'
                   '    stop = len(slope) - skip_end                 # fastai-style trimming of the ends; none by default\n'
                   '    falling = slope[:min(np.argmin(smooth) + 1, stop)]\n'
                   '    return float(lrs[skip_start + np.argmin(falling[skip_start:])])\n'),
              ]},
              why="fastai-style skip_start / skip_end keywords, 0 by default: the reference's "
                  'steepest point'),
    ]


VALID += _valid_round_12()

# The held-out rounds as measured while held out, each graded once before its burn (docs/graders.md, "The figures";
# round 14 from `selftest --json` at 4c16fef): what `autograder selftest` prints beside the round held out now
HELD_OUT_MEASURED = {12: {"held_out": 26, "caught": 26, "named": 20}, 13: {"held_out": 17, "caught": 17, "named": 10}, 14: {"held_out": 25, "caught": 25, "named": 22}}

# Held-out round 15 (docs/graders.md): heldout_round15.py, written outside the repository from public sources
# while round 14 was burnt, by an engineer who never read the graders; copied here unchanged and graded once.
ROUND_15 = load_round(__file__, "heldout_round15.py").ROUND_15
# names of the graders' vocabulary that a second reader, shown only the cases and the tags' definitions (the
# families and mechanism names included), found to name a case as truly (before grading; docs/graders.md)
ROUND_15_ALSO = {'step-decay-keras-tutorial-one-plus-epoch': ('schedule-wrong-after-start',), 'step-decay-python-round-of-ratio': ('schedule-wrong-after-start',), 'step-decay-drops-once-after-interval': ('schedule-wrong-after-start',), 'exponential-decay-lesson-decay-rate-power': ('exp-decay-k-power', 'schedule-wrong-after-start'), 'exponential-decay-written-as-inverse-time': ('schedule-wrong-after-start',), 'cosine-annealing-lesson-plot-formula': ('schedule-end-value', 'schedule-wrong-after-start'), 'cosine-annealing-numpy-one-liner-periodic': ('schedule-wrong-after-start',), 'linear-warmup-step-plus-one': ('warmup-starts-at-one', 'schedule-start-value'), 'linear-warmup-less-or-equal-divides-by-zero': ('division-by-zero',), 'warmup-cosine-progress-times-base-lr': ('cosine-ignores-lr-min', 'cosine-not-clamped', 'schedule-end-value', 'schedule-wrong-after-start'), 'warmup-cosine-multiplies-the-two-schedules': ('warmup-cosine-not-shifted', 'warmup-cosine-wrong-length', 'schedule-wrong-after-start'), 'warmup-cosine-t-and-T-swapped': ('schedule-wrong-after-start',), 'one-cycle-min-lr-from-peak': ('schedule-end-value', 'schedule-wrong-after-start'), 'one-cycle-straight-line-phases': ('one-cycle-library-option', 'schedule-wrong-after-start'), 'one-cycle-peak-at-pct-times-total': ('schedule-wrong-after-start',), 'plateau-improvement-by-absolute-margin': ('plateau-library-option',), 'suggest-lr-filters-losses-only': ('suggest-lr-nonfinite',)}
# the same code as a training case (catalogue.held_out_repeats): training cases from the start, decided before grading
ROUND_15_REPEATS = {}
ROUND_15_KNOWN, HELD_OUT = split_repeats(ROUND_15, 15, ROUND_15_ALSO, ROUND_15_REPEATS, MISTAKES)
MISTAKES += ROUND_15_KNOWN
HELD_OUT_DIGESTS = {
    'step-decay-keras-tutorial-one-plus-epoch': '388ed3868c12b8e1',
    'step-decay-python-round-of-ratio': 'ffd6e7d2b3ce3955',
    'step-decay-drops-once-after-interval': '5c7d01c871b65435',
    'exponential-decay-lesson-decay-rate-power': '1e84bbf36a7990a4',
    'exponential-decay-written-as-inverse-time': '2b55bc54656306cf',
    'cosine-annealing-lesson-plot-formula': '120e212403bbb62b',
    'cosine-annealing-numpy-one-liner-periodic': '01635d1274fc017b',
    'linear-warmup-step-plus-one': '501cdc1400050608',
    'linear-warmup-less-or-equal-divides-by-zero': '9d22040cdcc015e3',
    'warmup-cosine-progress-times-base-lr': '01e1bd768be7429b',
    'warmup-cosine-multiplies-the-two-schedules': '9b4a463ae5ccc9ba',
    'warmup-cosine-t-and-T-swapped': '9677eed08fa11a1a',
    'one-cycle-min-lr-from-peak': '1816af7769766fc6',
    'one-cycle-straight-line-phases': '5598231fa0e5a203',
    'one-cycle-peak-at-pct-times-total': '4da2cc1701f553a1',
    'plateau-patience-minus-one': 'f65154bf2d436339',
    'plateau-improvement-by-absolute-margin': '143b40c8c1e339a4',
    'plateau-last-metric-kept-as-best': '42abc98a94499c47',
    'plateau-threshold-divided-by-100': '8de53498680d9d47',
    'range-test-logspace-given-rates': '8aa21e2dd34d1f0f',
    'range-test-nan-compared-with-double-equals': '7f818b3c148a05bf',
    'range-test-preallocated-nan-arrays': '191acbf0bc4e35ee',
    'suggest-lr-argmin-of-smoothed-curve': 'bdf2477d4c6bf346',
    'suggest-lr-last-of-argsort': '3f6bb207c16260ad',
    'suggest-lr-filters-losses-only': '6248a1cda4ee5f59',
}
