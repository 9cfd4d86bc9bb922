"""Held-out round 12, week 3 (schedules.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "schedules"

STEP_RET = "    return float(initial_lr * drop ** (epoch // epochs_drop))\n"
EXP_RET = "    return float(initial_lr * math.exp(-k * epoch))\n"
COS_BODY = ("    if t >= T:\n"
            "        return float(lr_min)\n"
            "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n")
COS_RET = "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n"
WARM_BODY = ("    if step < warmup_steps:\n"
             "        return float(base_lr * step / warmup_steps)\n"
             "    return float(base_lr)\n")
WC_COS = "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n"
OC_FINAL = "    final = initial / final_div_factor\n"
OC_END1 = "    end1 = float(pct_start * total_steps) - 1\n"
OC_END2 = "    end2 = total_steps - 1\n"
OC_PHASES = ("    if step <= end1:\n"
             "        start_lr, end_lr, pct = initial, max_lr, step / end1\n"
             "    else:\n"
             "        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)\n"
             "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n")
OC_RET = "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n"
PL_BETTER = "        if metric < self.best * (1 - self.threshold):\n"
PL_CUT = ("        if self.num_bad_epochs > self.patience:\n"
          "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
          "            if self.lr - new_lr > self.eps:\n"
          "                self.lr = new_lr\n"
          "            self.num_bad_epochs = 0\n")
RT_LR = ("    for i in range(n_steps):\n"
         "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n")
RT_TAIL = ("        lrs.append(lr)\n"
           "        losses.append(loss)\n"
           "        if not math.isfinite(loss):\n"
           "            break\n"
           "        best = min(best, loss)\n"
           "        if loss > 4 * best:\n"
           "            break\n")
SL_RET = ("    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
          "    return float(lrs[np.argmin(falling)])\n")
SL_SLOPE = "    slope = np.gradient(smooth, np.log(lrs))\n"

ROUND_12 = [
    # ---- step_decay ---------------------------------------------------------------------------------------
    Mistake(
        tag="step-decay-no-floor", name="step-decay-true-division-np-power",
        edits={M: [(STEP_RET, "    n_drops = epoch / epochs_drop\n"
                              "    return float(initial_lr * np.power(drop, n_drops))\n")]},
        why="the student counts the drops with true division, so the rate decays smoothly every epoch instead "
            "of in steps; the contract: initial_lr * drop ** (epoch // epochs_drop), // being integer division.",
        source="https://docs.python.org/3/reference/expressions.html#binary-arithmetic-operations (/ vs //)",
        held_out=True),
    Mistake(
        tag="step-decay-off-by-one", name="step-decay-machinelearningmastery-one-plus-epoch",
        edits={M: [(STEP_RET, "    lrate = initial_lr * math.pow(drop, math.floor((1 + epoch) / epochs_drop))\n"
                              "    return lrate\n")]},
        why="the student copies the popular Keras step_decay example, floor((1 + epoch) / epochs_drop), which "
            "drops one epoch early (at epoch 9 for epochs_drop = 10); the contract drops at epoch 10, "
            "epoch // epochs_drop with epochs counted from 0.",
        source="https://machinelearningmastery.com/using-learning-rate-schedules-deep-learning-models-python-keras/",
        held_out=True),
    # ---- exponential_decay --------------------------------------------------------------------------------
    Mistake(
        tag="exp-decay-inverse-time", name="exp-decay-lr0-over-one-plus-kt",
        edits={M: [(EXP_RET, "    lr = initial_lr * 1.0 / (1.0 + k * epoch)\n"
                             "    return float(lr)\n")]},
        why="the student writes Keras' time-based decay lr0 / (1 + k t) (the old SGD 'decay' argument) for "
            "exponential decay; the contract's value is initial_lr * exp(-k * epoch).",
        source="https://machinelearningmastery.com/using-learning-rate-schedules-deep-learning-models-python-keras/ "
               "(time-based learning rate schedule)",
        held_out=True),
    Mistake(
        tag="exp-decay-k-as-base", name="exp-decay-pow-k-epoch",
        edits={M: [(EXP_RET, "    return float(initial_lr * pow(k, epoch))  # ExponentialLR: lr * gamma ** epoch\n")]},
        why="the student uses k as PyTorch ExponentialLR's gamma, initial_lr * k ** epoch; with k = 0.1 the rate "
            "falls ten-fold per epoch instead of by exp(-0.1). The contract: initial_lr * exp(-k * epoch) "
            "(ExponentialLR with gamma = exp(-k)).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ExponentialLR.html",
        held_out=True),
    # ---- cosine_annealing ---------------------------------------------------------------------------------
    Mistake(
        tag="cosine-not-clamped", name="cosine-pytorch-closed-form-past-t",
        edits={M: [(COS_BODY, "    cos_inner = math.pi * t / T\n"
                              "    return float(lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(cos_inner)))\n")]},
        why="the student writes PyTorch CosineAnnealingLR's closed form with no case for t > T, so past T the "
            "rate climbs back towards lr_max; the contract keeps lr_min after T.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html",
        held_out=True),
    Mistake(
        tag="cosine-ignores-lr-min", name="cosine-half-lr-max-times-one-plus-cos",
        edits={M: [(COS_RET, "    return float(0.5 * lr_max * (1 + math.cos(math.pi * t / T)))\n")]},
        why="the student writes the lesson's lr_min = 0 form 0.5 * lr_max * (1 + cos(pi t / T)), which ends at "
            "0 instead of lr_min (and then jumps to lr_min at T); the contract: "
            "lr_min + (lr_max - lr_min) * (1 + cos(pi t / T)) / 2.",
        source="lesson 002, 'Learning Rate Schedules -- Cosine annealing' (0.5 * lr * (1 + cos(pi t / T)))",
        held_out=True),
    Mistake(
        tag="cosine-lr-min-added-on-top", name="cosine-lr-min-plus-full-lr-max-swing",
        edits={M: [(COS_RET, "    return float(lr_min + lr_max * 0.5 * (1 + math.cos(math.pi * t / T)))\n")]},
        why="the student adds lr_min to a cosine that swings over the whole lr_max, so t = 0 gives "
            "lr_max + lr_min; the contract swings over lr_max - lr_min, starting at lr_max.",
        source="https://arxiv.org/abs/1608.03983 (eq. 5: eta_min + 1/2 (eta_max - eta_min)(1 + cos))",
        held_out=True),
    # ---- linear_warmup ------------------------------------------------------------------------------------
    Mistake(
        tag="warmup-starts-at-one", name="warmup-early-return-then-step-plus-one",
        edits={M: [(WARM_BODY, "    if step >= warmup_steps:\n"
                               "        return float(base_lr)\n"
                               "    return float(base_lr * (step + 1) / warmup_steps)  # no zero learning rate\n")]},
        why="to avoid a wasted first update at lr 0, the student ramps with (step + 1) / warmup_steps; every "
            "warmup value is one step ahead. The contract: base_lr * step / warmup_steps, 0 at step 0.",
        source="https://arxiv.org/abs/1706.02677 §2.2 (gradual warmup)",
        held_out=True),
    Mistake(
        tag="warmup-zero-steps", name="warmup-fraction-computed-first",
        edits={M: [(WARM_BODY, "    frac = step / warmup_steps\n"
                               "    return float(base_lr * frac) if frac < 1 else float(base_lr)\n")]},
        why="the student computes the fraction step / warmup_steps first, right for warmup_steps > 0 "
            "but a ZeroDivisionError for warmup_steps = 0, which the contract's docstring allows ('0 means no "
            "warmup': base_lr from the start).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LambdaLR.html (warmup written as "
               "a lambda of the step)",
        held_out=True),
    # ---- warmup_cosine ------------------------------------------------------------------------------------
    Mistake(
        tag="warmup-cosine-wrong-length", name="warmup-cosine-progress-over-total",
        edits={M: [(WC_COS, "    progress = (step - warmup_steps) / total_steps\n"
                            "    return float(min_lr + (base_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * progress)))\n")]},
        why="the student divides the post-warmup progress by total_steps instead of total_steps - warmup_steps, "
            "so the cosine has not reached min_lr at total_steps; the contract anneals over the remaining "
            "total_steps - warmup_steps.",
        source="https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py "
               "(get_cosine_schedule_with_warmup: progress over num_training_steps - num_warmup_steps)",
        held_out=True),
    Mistake(
        tag="warmup-cosine-ignores-min-lr", name="warmup-cosine-huggingface-form",
        edits={M: [(WC_COS, "    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)\n"
                            "    return float(base_lr * 0.5 * (1.0 + math.cos(math.pi * min(progress, 1.0))))\n")]},
        why="the student copies Hugging Face's get_cosine_schedule_with_warmup, which anneals to 0 and has no "
            "minimum rate, so min_lr is ignored; the contract's cosine goes from base_lr to min_lr.",
        source="https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py",
        held_out=True),
    # ---- one_cycle ----------------------------------------------------------------------------------------
    Mistake(
        tag="one-cycle-library-option", name="one-cycle-fastai-phase-fractions", also=("one-cycle-peak-off-by-one",),
        edits={M: [(OC_END1 + OC_END2, "    end1 = pct_start * total_steps  # fastai: phases as fractions of the run\n"
                                       "    end2 = float(total_steps)\n")]},
        why="the student follows fastai's fit_one_cycle, whose phases are fractions of the run (peak at "
            "pct_start * total_steps, end at total_steps), so the peak and the final rate come one step late "
            "compared with PyTorch; the contract is PyTorch's OneCycleLR (peak at pct_start * total_steps - 1, "
            "end at total_steps - 1).",
        source="https://docs.fast.ai/callback.schedule.html#learner.fit_one_cycle (combined_cos over pct of training)",
        held_out=True),
    Mistake(
        tag="one-cycle-linear", name="one-cycle-np-interp-three-points",
        edits={M: [(OC_PHASES, "    return float(np.interp(step, [0.0, end1, end2], [initial, max_lr, final]))\n")]},
        why="the student draws the cycle with np.interp through (0, initial), (peak, max_lr), (end, final), i.e. linear phases (anneal_strategy='linear', as in "
            "Smith's paper's triangles); the contract is OneCycleLR's default cosine annealing.",
        source="https://arxiv.org/abs/1803.09820 (§4.1, linear one-cycle); OneCycleLR anneal_strategy",
        held_out=True),
    Mistake(
        tag="one-cycle-end-off-by-one", name="one-cycle-second-phase-ends-at-total",
        edits={M: [(OC_END2, "    end2 = float(total_steps)\n")]},
        why="the student ends phase 2 at total_steps instead of total_steps - 1, so the last step "
            "(total_steps - 1) never reaches the final rate; the contract (PyTorch) ends at total_steps - 1.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py (OneCycleLR: "
               "'end_step': total_steps - 1)",
        held_out=True),
    Mistake(
        tag="one-cycle-wrong-phase-length", name="one-cycle-peak-step-truncated-to-int",
        edits={M: [(OC_END1, "    end1 = int(pct_start * total_steps) - 1\n")]},
        why="the student makes the peak step a whole number with int(), while PyTorch keeps "
            "float(pct_start * total_steps) - 1; when pct_start * total_steps is not whole, the first phase is "
            "shorter and the whole curve shifts. doubtful: identical when pct_start * total_steps is a whole "
            "number (the defaults with total_steps a multiple of 10).",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py "
               "(float(pct_start * total_steps) - 1)",
        held_out=True),
    # ---- ReduceLROnPlateau.step ---------------------------------------------------------------------------
    Mistake(
        tag="plateau-keras-patience", name="plateau-cuts-when-count-equals-patience",
        edits={M: [("        if self.num_bad_epochs > self.patience:\n",
                    "        if self.num_bad_epochs == self.patience:\n")]},
        why="the student cuts when the bad-epoch count reaches patience (Keras' 'wait >= patience'), one "
            "epoch earlier than PyTorch; the contract cuts when num_bad_epochs > patience.",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/",
        held_out=True),
    Mistake(
        tag="plateau-absolute-threshold", name="plateau-keras-np-less-min-delta",
        edits={M: [(PL_BETTER, "        if np.less(metric, self.best - self.threshold):\n")]},
        why="the student asks that the metric improve by more than threshold in absolute terms (Keras' "
            "min_delta); the contract's threshold is relative, metric < best * (1 - threshold) (PyTorch "
            "threshold_mode='rel').",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/ (min_delta)",
        held_out=True),
    Mistake(
        tag="plateau-counter-not-reset", name="plateau-cut-without-counter-reset",
        edits={M: [(PL_CUT, "        if self.num_bad_epochs > self.patience:\n"
                            "            self.lr = max(self.lr * self.factor, self.min_lr)\n")]},
        why="the student cuts the rate but does not reset num_bad_epochs, so every further bad epoch cuts again "
            "instead of waiting patience epochs; the contract resets the counter to 0 after each cut.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(_reduce_lr then num_bad_epochs = 0)",
        held_out=True),
    Mistake(
        tag="plateau-min-lr-never-reached", name="plateau-cut-only-if-above-floor",
        edits={M: [(PL_CUT, "        if self.num_bad_epochs > self.patience:\n"
                            "            if self.lr * self.factor >= self.min_lr:\n"
                            "                self.lr *= self.factor\n"
                            "            self.num_bad_epochs = 0\n")]},
        why="the student only cuts when the new rate stays above min_lr; when lr * factor would fall below, no "
            "cut happens at all and min_lr is never reached. The contract sets max(lr * factor, min_lr).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html (min_lr)",
        held_out=True),
    # ---- lr_range_test ------------------------------------------------------------------------------------
    Mistake(
        tag="range-test-linear-spacing", name="range-test-enumerates-linspace",
        edits={M: [(RT_LR, "    for i, lr in enumerate(np.linspace(lr_min, lr_max, n_steps)):\n")]},
        why="the student spaces the rates with np.linspace, so almost all of them lie near lr_max and the "
            "small rates are skipped; the contract spaces them evenly on a log scale (geomspace).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.geomspace.html; Smith (2017) §3.3",
        held_out=True),
    Mistake(
        tag="range-test-stop-before-recording", name="range-test-checks-then-appends",
        edits={M: [(RT_TAIL, "        if not math.isfinite(loss) or loss > 4 * best:\n"
                             "            break\n"
                             "        best = min(best, loss)\n"
                             "        lrs.append(lr)\n"
                             "        losses.append(loss)\n")]},
        why="the student tests the stop rule before recording, so the step that blew up is missing from the "
            "curve; the contract stops after recording that step.",
        source="https://github.com/davidtvs/pytorch-lr-finder (the diverging loss is appended, then the loop breaks)",
        held_out=True),
    Mistake(
        tag="range-test-nan-not-stopped", name="range-test-nan-identity-check",
        edits={M: [(RT_TAIL, "        lrs.append(lr)\n"
                             "        losses.append(loss)\n"
                             "        if loss is np.nan:\n"
                             "            break\n"
                             "        best = min(best, loss)\n"
                             "        if loss > 4 * best:\n"
                             "            break\n")]},
        why="the student tests for nan with 'loss is np.nan', which is False for any nan made by arithmetic "
            "(float() builds a new object), and nan fails every comparison, so a nan loss does not stop the test; "
            "the contract stops once the loss is not finite.",
        source="https://stackoverflow.com/questions/944700/how-can-i-check-for-nan-values",
        held_out=True),
    # ---- suggest_lr ---------------------------------------------------------------------------------------
    Mistake(
        tag="suggest-lr-at-minimum", name="suggest-lr-losses-argmin-method",
        edits={M: [(SL_RET, "    return float(lrs[losses.argmin()])\n")]},
        why="the student returns the rate at the minimum of the loss, which the docstring calls too "
            "large (already at the edge of blowing up); the contract wants the steepest-descent region.",
        source="https://sgugger.github.io/how-do-you-find-a-good-learning-rate.html (pick before the minimum)",
        held_out=True),
    Mistake(
        tag="suggest-lr-returns-index", name="suggest-lr-returns-argmin-int",
        edits={M: [(SL_RET, "    falling = slope[:np.argmin(smooth) + 1]\n"
                            "    best_idx = np.argmin(falling)\n"
                            "    return int(best_idx)\n")]},
        why="the student returns the position of the steepest slope rather than the learning rate there; the "
            "contract returns one of the lrs, a float.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.argmin.html (returns indices)",
        held_out=True),
    Mistake(
        tag="suggest-lr-linear-slope", name="suggest-lr-diff-over-diff-lr",
        edits={M: [(SL_SLOPE, "    slope = np.diff(smooth) / np.diff(lrs)\n")]},
        why="the student takes finite differences of the loss against lr itself (np.diff(loss) / np.diff(lr)); on log-spaced rates the slope is divided by "
            "the (growing) spacing and the steepest point moves to the smallest rates. The contract's slope is "
            "against log(lr). doubtful: on some curves both pick the same rate.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.gradient.html",
        held_out=True),
    Mistake(
        tag="suggest-lr-steepest-divided-by-ten", name="suggest-lr-tenth-of-steepest", novel=True,
        edits={M: [(SL_RET, "    falling = slope[:np.argmin(smooth) + 1]\n"
                            "    return float(lrs[np.argmin(falling)] / 10)  # 'one order of magnitude lower'\n")]},
        why="the student mixes the two heuristics: fastai's 'minimum / 10' rule is applied to the steepest "
            "point, which is already a safe choice, so the suggestion lands an order of magnitude lower, often "
            "on the flat start of the curve, and is not one of the lrs. The contract returns one of the lrs in "
            "the region where the loss falls fastest (or the minimum's rate / 10).",
        source="https://docs.fast.ai/callback.schedule.html#learner.lr_find (valley, minimum/10 and steep are "
               "separate suggestions)",
        held_out=True),
]
