"""Held-out round 14, week3_schedules (schedules.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "schedules"
STEP = "    return float(initial_lr * drop ** (epoch // epochs_drop))\n"
EXP = "    return float(initial_lr * math.exp(-k * epoch))\n"
COS = ("    if t >= T:\n        return float(lr_min)\n"
       "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n")
COS_RETURN = "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n"
WARM_RAMP = "        return float(base_lr * step / warmup_steps)\n"
WC = ("    if step < warmup_steps:\n        return linear_warmup(step, warmup_steps, base_lr)\n"
      "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n")
WC_COS = "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n"
OC_BODY = ("    initial = max_lr / div_factor\n"
           "    final = initial / final_div_factor\n"
           "    end1 = float(pct_start * total_steps) - 1\n"
           "    end2 = total_steps - 1\n"
           "    if step <= end1:\n"
           "        start_lr, end_lr, pct = initial, max_lr, step / end1\n"
           "    else:\n"
           "        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)\n"
           "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n")
OC_ENDS = "    end1 = float(pct_start * total_steps) - 1\n    end2 = total_steps - 1\n"
OC_END1 = "    end1 = float(pct_start * total_steps) - 1\n"
OC_RETURN = "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n"
PL_BODY = ("        metric = float(metric)\n"
           "        if metric < self.best * (1 - self.threshold):\n"
           "            self.best = metric\n"
           "            self.num_bad_epochs = 0\n"
           "        else:\n"
           "            self.num_bad_epochs += 1\n"
           "        if self.num_bad_epochs > self.patience:\n"
           "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
           "            if self.lr - new_lr > self.eps:\n"
           "                self.lr = new_lr\n"
           "            self.num_bad_epochs = 0\n"
           "        return float(self.lr)\n")
PL_TEST = "        if metric < self.best * (1 - self.threshold):\n"
PL_CUT = "        if self.num_bad_epochs > self.patience:\n"
PL_NEWLR = "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
PL_RESET = ("                self.lr = new_lr\n"
            "            self.num_bad_epochs = 0\n")
RT_BODY = ("    lrs, losses = [], []\n"
           "    best = math.inf\n"
           "    for i in range(n_steps):\n"
           "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
           "        loss = float(loss_after_step(lr))\n"
           "        lrs.append(lr)\n"
           "        losses.append(loss)\n"
           "        if not math.isfinite(loss):\n"
           "            break\n"
           "        best = min(best, loss)\n"
           "        if loss > 4 * best:\n"
           "            break\n"
           "    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)\n")
RT_NAN = "        if not math.isfinite(loss):\n"
SG_TAIL = ("    half = len(losses) // 20\n"
           "    csum = np.concatenate([[0.0], np.cumsum(losses)])\n"
           "    i = np.arange(len(losses))\n"
           "    lo, hi = np.maximum(i - half, 0), np.minimum(i + half + 1, len(losses))\n"
           "    smooth = (csum[hi] - csum[lo]) / (hi - lo)\n"
           "    slope = np.gradient(smooth, np.log(lrs))\n"
           "    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
           "    return float(lrs[np.argmin(falling)])\n")

MLM_KERAS = "https://machinelearningmastery.com/using-learning-rate-schedules-deep-learning-models-python-keras/"

ROUND_14 = [
    # ---------------------------------------------------------------- step_decay
    Mistake(
        tag="step-decay-off-by-one",
        name="step-decay-epoch-plus-one-floor",
        edits={M: [(STEP, "    n_drops = math.floor((epoch + 1) / epochs_drop)\n"
                          "    lr = initial_lr * drop ** n_drops\n"
                          "    return float(lr)\n")]},
        why="Counts drops with (epoch + 1), as the widely copied Keras step-decay recipe does, so the first drop "
            "comes at epoch epochs_drop - 1 instead of epochs_drop (epochs count from 0 in the contract).",
        source=MLM_KERAS, held_out=True),
    Mistake(
        tag="step-decay-ceil",
        name="step-decay-loop-drops-at-epoch-zero",
        edits={M: [(STEP, "    lr = initial_lr\n"
                          "    for e in range(epoch):\n"
                          "        if e % epochs_drop == 0:\n"
                          "            lr *= drop\n"
                          "    return float(lr)\n")]},
        why="Simulates the staircase with a loop whose modulo test fires at e = 0, so epochs 1..epochs_drop already "
            "have one drop: the number of drops is ceil(epoch / epochs_drop) instead of the floor.",
        source="https://github.com/pytorch/pytorch/issues/20124 (StepLR written as a per-epoch multiply loop); "
               "lesson 004 §3.5 Step Decay", held_out=True),
    # ---------------------------------------------------------------- exponential_decay
    Mistake(
        tag="exp-decay-k-as-base",
        name="exp-decay-loop-multiply-by-k",
        edits={M: [(EXP, "    lr = float(initial_lr)\n"
                         "    for _ in range(int(epoch)):\n"
                         "        lr *= k\n"
                         "    return lr\n")]},
        why="Reads k as the per-epoch multiplier (like PyTorch's ExponentialLR gamma) and returns initial_lr * k**epoch "
            "instead of initial_lr * exp(-k * epoch).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ExponentialLR.html",
        held_out=True),
    Mistake(
        tag="exp-decay-k-as-time-constant",
        name="exp-decay-np-exp-epoch-over-k",
        edits={M: [(EXP, "    lr = initial_lr * np.exp(-epoch / k)\n    return float(lr)\n")]},
        why="Divides by k as if it were a time constant (tau), exp(-epoch/k) instead of exp(-k*epoch); a different "
            "rate for every k != 1 and a division by zero for k = 0.",
        source="lesson 003 'Exponential Decay'; https://en.wikipedia.org/wiki/Exponential_decay (time constant form)",
        held_out=True),
    Mistake(
        tag="exp-decay-one-minus-k",
        name="exp-decay-loop-multiply-one-minus-k",
        edits={M: [(EXP, "    lr = initial_lr\n"
                         "    for _ in range(epoch):\n"
                         "        lr = lr * (1 - k)\n"
                         "    return float(lr)\n")]},
        why="Decays by multiplying by (1 - k) each epoch (a 'decay rate' read as a percentage lost per epoch); close to "
            "exp(-k) only for tiny k, clearly different for k = 0.1 and beyond.",
        source="https://stackoverflow.com/questions/39517431/should-we-do-learning-rate-decay-for-adam-optimizer",
        held_out=True),
    # ---------------------------------------------------------------- cosine_annealing
    Mistake(
        tag="cosine-not-clamped",
        name="cosine-np-cos-no-end-check",
        edits={M: [(COS, "    cos_term = 0.5 * (1.0 + np.cos(np.pi * t / T))\n"
                         "    return float(lr_min + (lr_max - lr_min) * cos_term)\n")]},
        why="Drops the t >= T branch, so past T the cosine climbs back towards lr_max (PyTorch CosineAnnealingLR's "
            "periodic behaviour) where the contract keeps lr_min; differs only for t > T.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html",
        held_out=True),
    Mistake(
        tag="cosine-squared-full-angle",
        name="cosine-cos-squared-without-half-angle",
        edits={M: [(COS_RETURN, "    return float(lr_min + (lr_max - lr_min) * math.cos(math.pi * t / T) ** 2)\n")]},
        why="Uses the cos^2 form of the schedule but forgets the half angle: (1 + cos x)/2 = cos^2(x/2), not cos^2(x). "
            "The rate reaches lr_min at T/2 and climbs back to lr_max just before T.",
        source="https://en.wikipedia.org/wiki/List_of_trigonometric_identities#Power-reduction_formulae ; "
               "lesson 004 §3.5 Cosine Annealing",
        held_out=True, novel=True),
    Mistake(
        tag="cosine-quarter-period",
        name="cosine-half-pi-single-cos",
        edits={M: [(COS_RETURN, "    return float(lr_min + (lr_max - lr_min) * math.cos(0.5 * math.pi * t / T))\n")]},
        why="Writes the decay as cos(pi/2 * t/T), a quarter period that starts flat and falls steepest at the end, "
            "instead of (1 + cos(pi t/T))/2; t = T/2 gives about 71 % of the range instead of 50 %.",
        source="https://www.tensorflow.org/api_docs/python/tf/keras/optimizers/schedules/CosineDecay",
        held_out=True),
    # ---------------------------------------------------------------- linear_warmup
    Mistake(
        tag="warmup-off-by-one",
        name="warmup-ramp-from-step-plus-one",
        edits={M: [(WARM_RAMP, "        frac = (step + 1) / warmup_steps\n"
                               "        return float(frac * base_lr)\n")]},
        why="Ramps with (step + 1)/warmup_steps so the first update already gets base_lr/warmup_steps and the full "
            "rate is reached one step early; the contract starts at 0 for step 0.",
        source="https://github.com/huggingface/transformers/issues/2343 (warmup off-by-one discussions); "
               "lesson 003 'Warmup'",
        held_out=True),
    Mistake(
        tag="warmup-zero-steps",
        name="warmup-min-one-fraction",
        edits={M: [("    if step < warmup_steps:\n        return float(base_lr * step / warmup_steps)\n"
                    "    return float(base_lr)\n",
                    "    scale = step / warmup_steps\n"
                    "    if scale > 1.0:\n"
                    "        scale = 1.0\n"
                    "    return float(base_lr * scale)\n")]},
        why="Writes the warmup as base_lr * min(1, step/warmup_steps): right for warmup_steps >= 1, but "
            "warmup_steps = 0 (allowed: 'no warmup') raises ZeroDivisionError instead of returning base_lr.",
        source="https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py "
               "(uses max(1, num_warmup_steps) to avoid exactly this)",
        held_out=True),
    # ---------------------------------------------------------------- warmup_cosine
    Mistake(
        tag="warmup-cosine-ignores-min-lr",
        name="warmup-cosine-transformers-style-lambda",
        edits={M: [(WC, "    if step < warmup_steps:\n"
                        "        return float(step) / float(max(1, warmup_steps)) * base_lr\n"
                        "    progress = float(step - warmup_steps) / float(max(1, total_steps - warmup_steps))\n"
                        "    return base_lr * max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))\n")]},
        why="Copies the transformers get_cosine_schedule_with_warmup lambda, which anneals to 0: min_lr is never used "
            "(and past total_steps the cosine rises again).",
        source="https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py",
        held_out=True),
    Mistake(
        tag="warmup-cosine-wrong-length",
        name="warmup-cosine-anneal-over-total",
        edits={M: [(WC_COS, "    t = step - warmup_steps\n"
                            "    if t >= total_steps:\n"
                            "        return float(min_lr)\n"
                            "    return float(min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * t / total_steps)))\n")]},
        why="Shifts the cosine to start at the end of warmup but keeps total_steps as its length, so at total_steps "
            "the rate is still above min_lr (it reaches min_lr warmup_steps too late).",
        source="https://discuss.pytorch.org/t/how-to-use-warm-up-and-cosine-annealing-together/ ; "
               "SequentialLR docs https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.SequentialLR.html",
        held_out=True),
    # ---------------------------------------------------------------- one_cycle
    Mistake(
        tag="one-cycle-both-off-by-one",
        name="one-cycle-phase-ends-without-minus-one",
        edits={M: [(OC_BODY, "    lo = max_lr / div_factor\n"
                             "    end = lo / final_div_factor\n"
                             "    up = pct_start * total_steps\n"
                             "    if step <= up:\n"
                             "        return float(max_lr + (lo - max_lr) * (1 + math.cos(math.pi * step / up)) / 2)\n"
                             "    down = total_steps - up\n"
                             "    return float(end + (max_lr - end) * (1 + math.cos(math.pi * (step - up) / down)) / 2)\n")]},
        why="Puts the peak at pct_start * total_steps and the end at total_steps, forgetting that steps run "
            "0 .. total_steps - 1 (PyTorch subtracts 1 from both); the last step never reaches final.",
        source="https://github.com/pytorch/pytorch/pull/92040 (OneCycleLR off-by-one shenanigans)",
        held_out=True),
    Mistake(
        tag="one-cycle-linear",
        name="one-cycle-linear-interpolation",
        edits={M: [(OC_BODY, "    initial = max_lr / div_factor\n"
                             "    final = initial / final_div_factor\n"
                             "    peak = float(pct_start * total_steps) - 1\n"
                             "    if step <= peak:\n"
                             "        return float(initial + (max_lr - initial) * step / peak)\n"
                             "    frac = (step - peak) / (total_steps - 1 - peak)\n"
                             "    return float(max_lr - (max_lr - final) * frac)\n")]},
        why="Interpolates linearly between the phase ends (OneCycleLR's anneal_strategy='linear', the triangular "
            "policy of Smith's paper) where the course asks for the cosine curve.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html",
        held_out=True),
    Mistake(
        tag="one-cycle-wrong-final",
        name="one-cycle-end-rate-max-over-final-div",
        edits={M: [(OC_BODY, "    lr_start = max_lr / div_factor\n"
                             "    lr_end = max_lr / final_div_factor\n"
                             "    peak = pct_start * total_steps - 1\n"
                             "    if step <= peak:\n"
                             "        p = step / peak\n"
                             "        return float(max_lr + (lr_start - max_lr) * (1 + math.cos(math.pi * p)) / 2)\n"
                             "    p = (step - peak) / (total_steps - 1 - peak)\n"
                             "    return float(lr_end + (max_lr - lr_end) * (1 + math.cos(math.pi * p)) / 2)\n")]},
        why="Divides max_lr by final_div_factor; PyTorch defines the final rate as initial_lr / final_div_factor, "
            "div_factor times smaller.",
        source="https://github.com/pytorch/pytorch/issues/46307 (final lr of OneCycleLR); OneCycleLR docs",
        held_out=True),
    Mistake(
        tag="one-cycle-peak-at-fraction-of-last-step",
        name="one-cycle-peak-pct-of-last-index",
        edits={M: [(OC_END1, "    end1 = pct_start * (total_steps - 1)\n")]},
        why="Places the peak at pct_start of the last step index instead of pct_start * total_steps - 1 (e.g. 29.7 "
            "instead of 29 for 100 steps), so every phase-1 and phase-2 value shifts slightly.",
        source="https://github.com/pytorch/pytorch/issues/38170 (OneCycleLR step counting confusion)",
        held_out=True, novel=True),
    # ---------------------------------------------------------------- ReduceLROnPlateau.step
    Mistake(
        tag="plateau-keras-patience",
        name="plateau-cut-when-counter-equals-patience",
        edits={M: [(PL_BODY, "        improved = metric < self.best * (1 - self.threshold)\n"
                             "        if improved:\n"
                             "            self.best, self.num_bad_epochs = metric, 0\n"
                             "        else:\n"
                             "            self.num_bad_epochs += 1\n"
                             "            if self.num_bad_epochs >= self.patience:\n"
                             "                reduced = max(self.lr * self.factor, self.min_lr)\n"
                             "                if self.lr - reduced > self.eps:\n"
                             "                    self.lr = reduced\n"
                             "                self.num_bad_epochs = 0\n"
                             "        return float(self.lr)\n")]},
        why="Cuts when the counter reaches patience (Keras' wait >= patience), one epoch before PyTorch's rule "
            "num_bad_epochs > patience that the contract follows.",
        source="https://github.com/pytorch/pytorch/issues/119763",
        held_out=True),
    Mistake(
        tag="plateau-absolute-threshold",
        name="plateau-min-delta-subtracted",
        edits={M: [(PL_BODY, "        min_delta = self.threshold\n"
                             "        if metric < self.best - min_delta:\n"
                             "            self.best = metric\n"
                             "            self.num_bad_epochs = 0\n"
                             "        else:\n"
                             "            self.num_bad_epochs += 1\n"
                             "            if self.num_bad_epochs > self.patience:\n"
                             "                new_lr = max(self.lr * self.factor, self.min_lr)\n"
                             "                if self.lr - new_lr > self.eps:\n"
                             "                    self.lr = new_lr\n"
                             "                self.num_bad_epochs = 0\n"
                             "        return float(self.lr)\n")]},
        why="Uses the threshold as an absolute min_delta (Keras) instead of PyTorch's relative best * (1 - threshold); "
            "differs for metrics far from 1.",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/",
        held_out=True),
    Mistake(
        tag="plateau-flat-epochs-not-counted",
        name="plateau-bad-only-when-worse",
        edits={M: [("        else:\n            self.num_bad_epochs += 1\n",
                    "        elif metric > self.best:\n            self.num_bad_epochs += 1\n")]},
        why="Counts an epoch as bad only when the metric got worse than best; an equal or barely better metric "
            "(a flat plateau, exactly what the scheduler is for) neither resets nor advances the counter, so a "
            "constant metric never cuts the rate.",
        source="https://github.com/pytorch/pytorch/issues/11305 (students reading 'no improvement' as 'got worse')",
        held_out=True, novel=True),
    Mistake(
        tag="plateau-counter-not-reset",
        name="plateau-cuts-every-epoch-after-patience",
        edits={M: [(PL_BODY, "        metric = float(metric)\n"
                             "        if metric < self.best * (1 - self.threshold):\n"
                             "            self.best = metric\n"
                             "            self.num_bad_epochs = 0\n"
                             "            return float(self.lr)\n"
                             "        self.num_bad_epochs += 1\n"
                             "        if self.num_bad_epochs > self.patience:\n"
                             "            self.lr = max(self.lr * self.factor, self.min_lr)\n"
                             "        return float(self.lr)\n")]},
        why="Does not reset num_bad_epochs after a cut, so once patience is exceeded the rate is cut on every "
            "further bad epoch instead of waiting patience + 1 epochs again.",
        source="https://github.com/pytorch/pytorch/issues/2545 (patience / cooldown counter semantics)",
        held_out=True),
    # ---------------------------------------------------------------- lr_range_test
    Mistake(
        tag="range-test-nan-not-stopped",
        name="range-test-nan-equality-check",
        edits={M: [(RT_NAN, "        if loss == np.nan:\n")]},
        why="Tests for nan with ==, which is always False, so a nan loss does not stop the test (and min() with nan "
            "keeps the old best, so the 4x rule never fires either).",
        source="https://stackoverflow.com/questions/944700/how-can-i-check-for-nan-values",
        held_out=True),
    Mistake(
        tag="range-test-log-base-mixed",
        name="range-test-logspace-given-ln-bounds",
        edits={M: [(RT_BODY, "    grid = np.logspace(np.log(lr_min), np.log(lr_max), n_steps)\n"
                             "    lrs, losses = [], []\n"
                             "    best = math.inf\n"
                             "    for lr in grid:\n"
                             "        loss = float(loss_after_step(lr))\n"
                             "        lrs.append(lr)\n"
                             "        losses.append(loss)\n"
                             "        if not math.isfinite(loss):\n"
                             "            break\n"
                             "        best = min(best, loss)\n"
                             "        if loss > 4 * best:\n"
                             "            break\n"
                             "    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)\n")]},
        why="Passes natural logs to np.logspace, which raises 10 to them: the grid runs from 10**ln(lr_min) to "
            "10**ln(lr_max), not from lr_min to lr_max.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.logspace.html",
        held_out=True),
    Mistake(
        tag="range-test-stop-before-recording",
        name="range-test-break-then-append",
        edits={M: [(RT_BODY, "    lrs, losses = [], []\n"
                             "    best = math.inf\n"
                             "    for i in range(n_steps):\n"
                             "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
                             "        loss = float(loss_after_step(lr))\n"
                             "        if not np.isfinite(loss) or loss > 4 * best:\n"
                             "            break\n"
                             "        best = min(best, loss)\n"
                             "        lrs.append(lr)\n"
                             "        losses.append(loss)\n"
                             "    return np.array(lrs), np.array(losses)\n")]},
        why="Checks the stop rule before recording, so the step that blew up is missing from the curve (the "
            "contract stops after recording it).",
        source="https://github.com/davidtvs/pytorch-lr-finder/blob/master/torch_lr_finder/lr_finder.py "
               "(stop check after appending to history)",
        held_out=True),
    # ---------------------------------------------------------------- suggest_lr
    Mistake(
        tag="suggest-lr-at-minimum",
        name="suggest-lr-lowest-smoothed-loss",
        edits={M: [("    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                    "    return float(lrs[np.argmin(falling)])\n",
                    "    lowest = int(np.argmin(smooth))\n"
                    "    return float(lrs[lowest])\n")]},
        why="Returns the rate at the minimum of the (smoothed) loss, which the docstring names as too large: it is "
            "on the edge of blowing up.",
        source="https://github.com/Lightning-AI/pytorch-lightning/issues/11077 ; fastai lr_find docs",
        held_out=True),
    Mistake(
        tag="suggest-lr-argmax-of-slope",
        name="suggest-lr-largest-gradient",
        edits={M: [(SG_TAIL, "    grads = np.gradient(losses, np.log10(lrs))\n"
                             "    return float(lrs[np.argmax(grads)])\n")]},
        why="Picks the rate with the largest slope, i.e. where the loss rises fastest (the blow-up), instead of the "
            "most negative slope.",
        source="https://github.com/OHDSI/DeepPatientLevelPrediction/issues/141 (lrFinder used the maximum gradient)",
        held_out=True),
]
