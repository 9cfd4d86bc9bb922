"""Held-out round 7, week 3 (schedules.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

_STEP = "    return float(initial_lr * drop ** (epoch // epochs_drop))\n"
_EXP = "    return float(initial_lr * math.exp(-k * epoch))\n"
_COS = "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n"
_WARM = "        return float(base_lr * step / warmup_steps)\n"
_WCOS = "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n"
_END1 = "    end1 = float(pct_start * total_steps) - 1\n"
_CUT = ("            new_lr = max(self.lr * self.factor, self.min_lr)\n"
        "            if self.lr - new_lr > self.eps:\n                self.lr = new_lr\n")
_BETTER = "        if metric < self.best * (1 - self.threshold):\n"
_BAD = "        if self.num_bad_epochs > self.patience:\n"
_RANGE_LR = "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
_SUGGEST_END = ("    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                "    return float(lrs[np.argmin(falling)])\n")

ROUND_7 = [
    # ---------------- step_decay ----------------
    Mistake(
        tag="step-decay-round", held_out=True, name="step-decay-int-plus-one-half",
        edits={"schedules": [(_STEP, "    return float(initial_lr * drop ** int(epoch / epochs_drop + 0.5))\n")]},
        why="Rounding written by hand as int(x + 0.5): the rate drops half-way through each interval "
            "(epoch 5 with epochs_drop = 10) instead of at its end.",
        source="week 3 lesson (seeds), step decay alpha_0 * gamma^floor(t/s) -- floor replaced by rounding"),
    Mistake(
        tag="step-decay-off-by-one", held_out=True, name="step-decay-exponent-plus-one",
        edits={"schedules": [(_STEP, "    return float(initial_lr * drop ** (epoch // epochs_drop + 1))\n")]},
        why="One drop too many: the first interval already runs at initial_lr * drop, so initial_lr is never "
            "used (the 'first drop after the first interval' counted as the first drop).",
        source="https://machinelearningmastery.com/using-learning-rate-schedules-deep-learning-models-python-keras/ "
               "(step_decay with floor((1 + epoch) / epochs_drop), adapted)"),
    # ---------------- exponential_decay ----------------
    Mistake(
        tag="exp-decay-off-by-one", held_out=True, name="exp-decay-epoch-minus-one",
        edits={"schedules": [(_EXP, "    return float(initial_lr * math.exp(-k * (epoch - 1)))\n")]},
        why="Epochs taken as 1-based ('the first epoch uses initial_lr'), but the spec's epoch 0 is the first: "
            "every rate is exp(k) too large, and epoch 0 starts above initial_lr.",
        source="https://keras.io/api/callbacks/learning_rate_scheduler/ (schedule(epoch, lr), epoch counted from 0)"),
    # ---------------- cosine_annealing ----------------
    Mistake(
        tag="cosine-ignores-lr-min", also=("warmup-cosine-min-lr-clamp",), held_out=True,
        name="cosine-lr-min-as-floor",
        edits={"schedules": [(_COS,
            "    return float(max(lr_min, lr_max * (1 + math.cos(math.pi * t / T)) / 2))\n")]},
        why="lr_min applied as a floor under the lr_max cosine instead of as its end point: the curve falls "
            "as if towards 0 and is cut flat where it crosses lr_min, earlier than T.",
        source="week 3 lesson (seeds), cosine annealing formula alpha_min + 1/2 (alpha_max - alpha_min)(1 + cos)"),
    Mistake(
        tag="cosine-off-by-one", held_out=True, name="cosine-over-T-plus-one",
        edits={"schedules": [(_COS,
            "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / (T + 1))) / 2)\n")]},
        why="The period counted as T + 1 points: at t = T the rate has not reached lr_min and then jumps to it.",
        source="https://docs.pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html "
               "(T_max: the number of iterations, not points)"),
    # ---------------- linear_warmup ----------------
    Mistake(
        tag="warmup-exponential-ramp", also=("schedule-wrong-after-start",), held_out=True,
        name="warmup-one-minus-exp",
        edits={"schedules": [(_WARM,
            "        return float(base_lr * (1 - math.exp(-step / warmup_steps)))\n")]},
        why="An exponential warmup 1 - exp(-t / tau) (the 'untuned' warmup of Ma & Yarats) where the spec asks "
            "for a linear ramp: too high early, then a jump from 63 % of base_lr to base_lr at warmup_steps.",
        source="https://arxiv.org/abs/1910.04209 (Ma & Yarats 2019, exponential warmup)"),
    # ---------------- warmup_cosine ----------------
    Mistake(
        tag="warmup-cosine-starts-at-one", held_out=True, name="warmup-cosine-shift-plus-one",
        edits={"schedules": [(_WCOS,
            "    return cosine_annealing(step - warmup_steps + 1, total_steps - warmup_steps, base_lr, min_lr)\n")]},
        why="The cosine phase counted from 1: at step == warmup_steps the rate is already below base_lr and "
            "min_lr is reached one step before total_steps.",
        source="https://huggingface.co/docs/transformers/main_classes/optimizer_schedules (progress = "
               "(step - warmup) / (total - warmup), counted from 0)"),
    Mistake(
        tag="cosine-linear", held_out=True, name="warmup-cosine-hf-linear-decay",
        edits={"schedules": [(_WCOS,
            "    progress = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))\n"
            "    return float(base_lr + (min_lr - base_lr) * progress)\n")]},
        why="get_linear_schedule_with_warmup taken for the cosine one: after the warmup the rate falls in a "
            "straight line instead of along the half cosine.",
        source="https://huggingface.co/docs/transformers/main_classes/optimizer_schedules#transformers."
               "get_linear_schedule_with_warmup"),
    # ---------------- one_cycle ----------------
    Mistake(
        tag="one-cycle-peak-off-by-one", held_out=True, name="one-cycle-int-of-pct-times-total",
        edits={"schedules": [(_END1, "    end1 = int(pct_start * total_steps)\n")]},
        why="The peak step written as int(pct_start * total_steps): PyTorch's peak is at "
            "pct_start * total_steps - 1 (a float), so the peak comes one step late (and, for fractional "
            "products, at a different place).",
        source="https://docs.pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html "
               "(source: float(pct_start * total_steps) - 1)"),
    Mistake(
        tag="one-cycle-linear", also=("one-cycle-wrong-final",), held_out=True, name="one-cycle-triangular-clr",
        edits={"schedules": [(
            "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n",
            "    cycle_pos = step / (total_steps - 1)\n"
            "    return float(initial + (max_lr - initial) * (1 - abs(2 * cycle_pos - 1)))\n")]},
        why="Smith's triangular cyclical rate (one cycle up and down between max_lr / div_factor and max_lr, "
            "as tfa's CyclicalLearningRate) taken for OneCycleLR: linear ramps, peak in the middle, and no "
            "annealing to the final rate.",
        source="https://www.tensorflow.org/addons/api_docs/python/tfa/optimizers/CyclicalLearningRate; "
               "Smith (2017) https://arxiv.org/abs/1506.01186"),
    Mistake(
        tag="one-cycle-wrong-final", held_out=True, name="one-cycle-anneals-to-zero",
        edits={"schedules": [("    final = initial / final_div_factor\n", "    final = 0.0\n")]},
        why="The second phase annealed to 0 ('annihilation'), forgetting final_div_factor: OneCycleLR ends at "
            "initial / final_div_factor.",
        source="https://docs.pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html "
               "(min_lr = initial_lr / final_div_factor)"),
    # ---------------- ReduceLROnPlateau ----------------
    Mistake(
        tag="plateau-no-min-lr", held_out=True, name="plateau-floor-before-factor",
        edits={"schedules": [("            new_lr = max(self.lr * self.factor, self.min_lr)\n",
                              "            new_lr = max(self.lr, self.min_lr) * self.factor\n")]},
        why="The floor applied before the cut instead of after it: the new rate can fall below min_lr "
            "(min_lr * factor, and lower on every further cut).",
        source="https://docs.pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(new_lr = max(old_lr * factor, min_lr))"),
    Mistake(
        tag="plateau-keras-patience", also=("plateau-absolute-threshold",), held_out=True,
        name="plateau-keras-callback-port",
        edits={"schedules": [(_BETTER, "        if metric < self.best - self.threshold:   # Keras min_delta\n"),
                             (_BAD, "        if self.num_bad_epochs >= self.patience:\n")]},
        why="Keras' ReduceLROnPlateau ported line by line: min_delta is absolute (best - min_delta) and it "
            "cuts when wait >= patience -- both differ from PyTorch's relative threshold and its cut one bad "
            "epoch later.",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/ (min_delta; cut when wait >= patience)"),
    Mistake(
        tag="plateau-first-epoch-counted-bad", novel=True, held_out=True, name="plateau-best-seeded-by-first-metric",
        edits={"schedules": [(_BETTER,
            "        if self.best == math.inf:\n            self.best = metric   # nothing to compare with yet\n"
            + _BETTER)]},
        why="best is seeded with the first metric and that same metric is then compared with itself, which is "
            "no improvement: the first epoch counts as bad, so the first cut comes one epoch early.",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/ (students seeding best from the first "
               "logged value instead of +inf)"),
    Mistake(
        tag="plateau-cut-from-initial-lr", novel=True, held_out=True, name="plateau-factor-times-initial-lr",
        edits={"schedules": [
            ("        self.lr = float(lr)\n", "        self.lr = float(lr)\n        self.initial_lr = float(lr)\n"),
            ("            new_lr = max(self.lr * self.factor, self.min_lr)\n",
             "            new_lr = max(self.initial_lr * self.factor, self.min_lr)\n")]},
        why="Each cut computed from the initial rate instead of the current one: the first cut is right, every "
            "later cut leaves the rate at initial_lr * factor (no compounding).",
        source="https://docs.pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(each reduction multiplies the current lr)"),
    Mistake(
        tag="plateau-returns-old-lr", novel=True, held_out=True, name="plateau-returns-rate-of-this-epoch",
        edits={"schedules": [
            ("        metric = float(metric)\n", "        metric = float(metric)\n        used = self.lr   # the rate this epoch ran with\n"),
            ("        return float(self.lr)\n", "        return float(used)\n")]},
        why="step() returns the rate the finished epoch was trained with instead of the new one: on the epoch "
            "of a cut the caller still gets the old rate, so every cut reaches the optimizer one epoch late.",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/ (the callback logs the epoch's lr; the spec's "
               "step returns the rate to use next)"),
    # ---------------- lr_range_test ----------------
    Mistake(
        tag="range-test-endpoint", also=("range-test-spacing-off-by-one",), held_out=True,
        name="range-test-geomspace-endpoint-false",
        edits={"schedules": [(_RANGE_LR,
            "        lr = np.geomspace(lr_min, lr_max, n_steps, endpoint=False)[i]\n")]},
        why="endpoint=False leaves lr_max out: the rates stop one factor short of lr_max and every rate after "
            "the first is smaller than the spec's.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.geomspace.html (endpoint)"),
    Mistake(
        tag="range-test-log-base-mixed", novel=True, held_out=True, name="range-test-exp-of-log10",
        edits={"schedules": [(_RANGE_LR,
            "        lr = float(np.exp(np.linspace(np.log10(lr_min), np.log10(lr_max), n_steps)[i]))\n")]},
        why="Exponents in base 10 turned back with the natural exp: the rates run from e^-6 = 2.5e-3 to "
            "e^0 = 1 instead of from 1e-6 to 1, so the small rates are never tried.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.logspace.html (base 10 by default)"),
    Mistake(
        tag="range-test-passes-step-index", novel=True, held_out=True, name="range-test-loss-of-i",
        edits={"schedules": [("        loss = float(loss_after_step(lr))\n", "        loss = float(loss_after_step(i))\n")]},
        why="The training step is called with the loop index instead of the learning rate: the model is "
            "trained at rates 0, 1, 2, ... while lrs records the log-spaced rates, so the curve belongs to "
            "other rates than the ones reported.",
        source="https://github.com/davidtvs/pytorch-lr-finder (range_test loop: the lr is set for each "
               "iteration, not the iteration number)"),
    # ---------------- suggest_lr ----------------
    Mistake(
        tag="suggest-lr-at-minimum", held_out=True, name="suggest-lr-smoothed-minimum",
        edits={"schedules": [(_SUGGEST_END, "    return float(lrs[np.argmin(smooth)])\n")]},
        why="The rate of the smoothed curve's minimum: already at the edge of divergence, not where the loss "
            "falls fastest.",
        source="https://docs.fast.ai/callback.schedule.html#lrfinder (minimum vs steep suggestions)"),
    Mistake(
        tag="suggest-lr-linear-slope", held_out=True, name="suggest-lr-diff-over-diff-lrs",
        edits={"schedules": [(_SUGGEST_END,
            "    slope = np.diff(smooth) / np.diff(lrs)   # d loss / d lr\n"
            "    falling = slope[:np.argmin(smooth)]\n"
            "    return float(lrs[np.argmin(falling)])\n")]},
        why="The slope per unit of lr on log-spaced rates: the spacings at the start are tiny, so small "
            "wiggles there dominate, and the suggestion is not where the loss falls fastest per factor of lr.",
        source="https://sgugger.github.io/how-do-you-find-a-good-learning-rate.html (plot against log lr)"),
]
