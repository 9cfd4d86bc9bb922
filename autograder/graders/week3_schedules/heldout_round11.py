"""Held-out round 11, week 3 (schedules.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "schedules"

STEP = "    return float(initial_lr * drop ** (epoch // epochs_drop))\n"
EXP = "    return float(initial_lr * math.exp(-k * epoch))\n"
COS = "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n"
COS_TAIL = "    if t >= T:\n        return float(lr_min)\n"
WARM = "        return float(base_lr * step / warmup_steps)\n"
WC_WARM = "        return linear_warmup(step, warmup_steps, base_lr)\n"
WC_COS = "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n"
OC_FINAL = "    final = initial / final_div_factor\n"
OC_END1 = "    end1 = float(pct_start * total_steps) - 1\n"
OC_RET = "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n"
PL_TEST = "        if metric < self.best * (1 - self.threshold):\n"
PL_PATIENCE = "        if self.num_bad_epochs > self.patience:\n"
PL_CUT = ("            new_lr = max(self.lr * self.factor, self.min_lr)\n"
          "            if self.lr - new_lr > self.eps:\n"
          "                self.lr = new_lr\n")
RT_LR = "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
RT_STOP = "        if loss > 4 * best:\n"
RT_BEST = "        best = min(best, loss)\n"
SG_SLOPE = "    slope = np.gradient(smooth, np.log(lrs))\n"
SG_RET = ("    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
          "    return float(lrs[np.argmin(falling)])\n")
SG_KEEP = ("    keep = np.isfinite(losses)\n"
           "    lrs, losses = lrs[keep], losses[keep]\n")

ROUND_11 = [
    # ---- step_decay ---------------------------------------------------------------------------------------
    Mistake(
        tag="step-decay-off-by-one", name="step-decay-epoch-plus-one-floordiv",
        edits={M: [(STEP, "    return float(initial_lr * drop ** ((epoch + 1) // epochs_drop))  # epochs counted from 1\n")]},
        why="the widely copied Keras LearningRateScheduler example uses floor((1 + epoch) / epochs_drop), which "
            "drops one epoch early (at epoch 9 for epochs_drop=10); the contract's exponent is epoch // epochs_drop.",
        source="https://machinelearningmastery.com/using-learning-rate-schedules-deep-learning-models-python-keras/ "
               "(step_decay: math.floor((1+epoch)/epochs_drop))",
        held_out=True),
    Mistake(
        tag="step-decay-no-floor", name="step-decay-math-pow-true-division",
        edits={M: [(STEP, "    return float(initial_lr * math.pow(drop, epoch / epochs_drop))\n")]},
        why="true division makes the exponent fractional, so the rate decays smoothly every epoch instead of in "
            "steps (TF's ExponentialDecay without staircase=True); the contract's exponent is epoch // epochs_drop.",
        source="https://www.tensorflow.org/api_docs/python/tf/keras/optimizers/schedules/ExponentialDecay "
               "(staircase=False is the default)",
        held_out=True),
    Mistake(
        tag="step-decay-ceil", name="step-decay-number-of-started-periods",
        edits={M: [(STEP, "    return float(initial_lr * drop ** -(-epoch // epochs_drop))  # ceiling division\n")]},
        why="the student counts the periods started rather than completed (ceil), so the first cut comes at epoch "
            "1; the contract uses epoch // epochs_drop (floor).",
        source="https://docs.python.org/3/library/math.html#math.ceil",
        held_out=True),
    # ---- exponential_decay --------------------------------------------------------------------------------
    Mistake(
        tag="exp-decay-inverse-time", name="exp-decay-time-based-one-over-one-plus-kt",
        edits={M: [(EXP, "    return float(initial_lr * 1.0 / (1.0 + k * epoch))  # time-based decay\n")]},
        why="the Keras 'time-based' decay lr / (1 + k t) (the old decay= argument) replaces the exponential; the "
            "contract's value is initial_lr * exp(-k * epoch).",
        source="https://keras.io/api/optimizers/learning_rate_schedules/inverse_time_decay/",
        held_out=True),
    Mistake(
        tag="exp-decay-one-minus-k", name="exp-decay-math-pow-one-minus-k",
        edits={M: [(EXP, "    return float(initial_lr * math.pow(1 - k, epoch))\n")]},
        why="the student decays by a factor (1 - k) per epoch, as in 'lose k percent each epoch'; that equals "
            "exp(-k' t) only with k' = -log(1 - k), not the contract's initial_lr * exp(-k * epoch).",
        source="https://en.wikipedia.org/wiki/Exponential_decay (discrete vs continuous rate)",
        held_out=True),
    Mistake(
        tag="exp-decay-k-as-time-constant", name="exp-decay-exp-of-minus-epoch-over-k",
        edits={M: [(EXP, "    return float(initial_lr * math.exp(-(epoch / k)))\n")]},
        why="k is read as the time constant tau of exp(-t/tau); the contract's k is the rate: "
            "initial_lr * exp(-k * epoch).",
        source="https://en.wikipedia.org/wiki/Exponential_decay#Mean_lifetime",
        held_out=True),
    # ---- cosine_annealing ---------------------------------------------------------------------------------
    Mistake(
        tag="cosine-off-by-one", name="cosine-divides-by-T-minus-one",
        edits={M: [(COS, "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / (T - 1))) / 2)\n")]},
        why="the student thinks of T steps numbered 0..T-1 and makes the last one reach lr_min, so the curve is "
            "squeezed into T - 1 steps; the contract's cosine runs over t / T for 0 <= t <= T.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html "
               "(T_cur / T_max)",
        held_out=True),
    Mistake(
        tag="cosine-floor-division", name="cosine-floored-progress",
        edits={M: [(COS, "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * (t // T))) / 2)\n")]},
        why="the progress t // T is an integer division (0 until t = T), so the rate stays at lr_max for the whole "
            "cycle and then drops; the contract uses cos(pi * t / T).",
        source="https://docs.python.org/3/reference/expressions.html#binary-arithmetic-operations",
        held_out=True),
    Mistake(
        tag="cosine-ignores-lr-min", name="cosine-returns-zero-after-T", also=("schedule-end-value",),
        edits={M: [(COS_TAIL, "    if t >= T:\n        return 0.0  # annealed to nothing\n")]},
        why="after the cycle the student returns 0 instead of lr_min (the formula itself is right), so a schedule "
            "with lr_min > 0 drops to zero at t = T; the contract returns lr_min for t >= T.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html (eta_min)",
        held_out=True),
    # ---- linear_warmup ------------------------------------------------------------------------------------
    Mistake(
        tag="schedule-start-value", name="warmup-step-plus-one-over-warmup",
        edits={M: [(WARM, "        return float(base_lr * (step + 1) / warmup_steps)\n")]},
        why="the student uses (step + 1) so that the first step 'is not wasted' with lr 0 (a common Hugging Face "
            "forum suggestion), which shifts the whole ramp by one step; the contract's ramp is "
            "base_lr * step / warmup_steps, 0 at step 0.",
        source="https://discuss.huggingface.co/ (get_linear_schedule_with_warmup starts at lr 0, questioned)",
        held_out=True),
    Mistake(
        tag="warmup-linearlr-start-factor", name="warmup-ramp-from-a-third-of-base",
        edits={M: [(WARM, "        return float(base_lr * (1 / 3 + (2 / 3) * step / warmup_steps))\n")]},
        why="PyTorch's LinearLR default start_factor=1/3 makes the ramp start at base_lr / 3; the contract's ramp "
            "starts at 0: base_lr * step / warmup_steps.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LinearLR.html (start_factor=1/3)",
        held_out=True),
    # ---- warmup_cosine ------------------------------------------------------------------------------------
    Mistake(
        tag="warmup-cosine-warmup-from-min-lr", name="warmup-cosine-ramp-min-to-base",
        edits={M: [(WC_WARM, "        return min_lr + linear_warmup(step, warmup_steps, base_lr - min_lr)\n")]},
        why="the warmup ramps from min_lr up to base_lr (timm's warmup_lr_init); the contract's warmup is the "
            "linear_warmup ramp from 0.",
        source="https://huggingface.co/docs/timm/reference/schedulers (CosineLRScheduler warmup_lr_init)",
        held_out=True),
    # ---- one_cycle ----------------------------------------------------------------------------------------
    Mistake(
        tag="one-cycle-linear", name="one-cycle-linear-interpolation-form",
        edits={M: [(OC_RET, "    return float((1 - pct) * start_lr + pct * end_lr)\n")]},
        why="both phases interpolate linearly (OneCycleLR's anneal_strategy='linear', or the fastai-v1 picture); "
            "the contract's one_cycle is OneCycleLR with cosine annealing.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html (anneal_strategy)",
        held_out=True),
    Mistake(
        tag="one-cycle-peak-off-by-one", name="one-cycle-peak-at-ceil",
        edits={M: [(OC_END1, "    end1 = math.ceil(pct_start * total_steps)\n")]},
        why="the peak is placed at step ceil(pct_start * total_steps) instead of PyTorch's "
            "pct_start * total_steps - 1, one step late; the contract is OneCycleLR's value.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py (OneCycleLR phases: "
               "end_step = float(pct_start * total_steps) - 1)",
        held_out=True),
    # ---- ReduceLROnPlateau --------------------------------------------------------------------------------
    Mistake(
        tag="plateau-absolute-threshold", name="plateau-improvement-greater-than-threshold",
        edits={M: [(PL_TEST, "        if self.best - metric > self.threshold:\n")]},
        why="an improvement is 'the loss fell by more than threshold' (Keras min_delta, absolute); the contract "
            "is PyTorch's mode 'min' with a relative threshold: metric < best * (1 - threshold).",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/ (min_delta)",
        held_out=True),
    Mistake(
        tag="plateau-keras-patience", name="plateau-bad-epochs-reach-patience",
        edits={M: [(PL_PATIENCE, "        if self.num_bad_epochs > self.patience - 1:\n")]},
        why="the rate is cut as soon as patience bad epochs are counted (Keras' wait >= patience), one epoch "
            "before PyTorch, which cuts when num_bad_epochs > patience; the contract is PyTorch's.",
        source="https://github.com/keras-team/keras/blob/master/keras/src/callbacks/reduce_lr_on_plateau.py "
               "(self.wait >= self.patience)",
        held_out=True),
    Mistake(
        tag="plateau-min-lr-never-reached", name="plateau-skips-cut-below-min",
        edits={M: [(PL_CUT, "            new_lr = self.lr * self.factor\n"
                            "            if new_lr >= self.min_lr:  # do not go below min_lr\n"
                            "                self.lr = new_lr\n")]},
        why="a cut that would go below min_lr is skipped instead of clamped, so the rate stops above min_lr; "
            "PyTorch (the contract) sets max(lr * factor, min_lr).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html (min_lr)",
        held_out=True),
    # ---- lr_range_test ------------------------------------------------------------------------------------
    Mistake(
        tag="range-test-linear-spacing", name="range-test-linspace-indexed",
        edits={M: [(RT_LR, "        lr = np.linspace(lr_min, lr_max, n_steps)[i]\n")]},
        why="the candidate rates are evenly spaced (np.linspace), so almost all of them are near lr_max and the "
            "small rates are skipped; the contract's lrs are exponentially spaced.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.logspace.html (vs linspace)",
        held_out=True),
    Mistake(
        tag="range-test-ratio-missing-lr-min", name="range-test-lr-max-power-only", novel=True,
        edits={M: [(RT_LR, "        lr = lr_min * lr_max ** (i / (n_steps - 1))\n")]},
        why="the geometric ratio is written lr_max**(i/(n-1)) instead of (lr_max/lr_min)**(i/(n-1)), so the rates "
            "end at lr_min * lr_max (and stay at lr_min when lr_max = 1); the contract's lrs are exponentially "
            "spaced from lr_min to lr_max.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.geomspace.html",
        held_out=True),
    # ---- suggest_lr ---------------------------------------------------------------------------------------
    Mistake(
        tag="plateau-threshold-sign", name="plateau-threshold-applied-to-metric",
        edits={M: [(PL_TEST, "        if metric * (1 - self.threshold) < self.best:\n")]},
        why="the (1 - threshold) factor is put on the new metric instead of on best, which accepts metrics up to "
            "best / (1 - threshold), i.e. slightly worse ones, as improvements; PyTorch's rel mode (the contract) "
            "needs metric < best * (1 - threshold).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(threshold_mode='rel': dynamic_threshold = best * (1 - threshold))",
        held_out=True),
    Mistake(
        tag="exp-decay-base-10", name="exp-decay-powers-of-ten", novel=True,
        edits={M: [(EXP, "    return float(initial_lr * 10 ** (-k * epoch))\n")]},
        why="the student thinks of decay in decades (the lr plotted on a log10 axis) and writes 10**(-k t); the "
            "contract's value is initial_lr * exp(-k * epoch), base e.",
        source="https://en.wikipedia.org/wiki/Exponential_decay (base e)",
        held_out=True),
    Mistake(
        tag="suggest-lr-searches-past-minimum", name="suggest-lr-steepest-anywhere",
        edits={M: [(SG_RET, "    return float(lrs[np.argmin(slope)])  # steepest descent of the curve\n")]},
        why="the steepest fall is searched over the whole curve, including the blow-up region after the minimum "
            "where noise can produce a steep dip; the contract's pick lies in the region where the loss falls "
            "fastest, before the minimum. doubtful: on clean curves the steepest point is before the minimum anyway.",
        source="https://github.com/davidtvs/pytorch-lr-finder (suggestion: steepest gradient of the plotted range)",
        held_out=True),
    Mistake(
        tag="suggest-lr-returns-log-lr", name="suggest-lr-log10-of-pick", novel=True,
        edits={M: [(SG_RET, "    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                            "    return float(np.log10(lrs[np.argmin(falling)]))  # the plot's x axis\n")]},
        why="working on the plot's log10 axis the student returns log10 of the chosen rate (e.g. -3 for 1e-3); the "
            "contract's suggest_lr returns a learning rate.",
        source="https://docs.fast.ai/callback.schedule.html (lr_find plot on a log-scale x axis)",
        held_out=True),
    Mistake(
        tag="warmup-cosine-not-shifted", name="warmup-cosine-uses-raw-step-short-period",
        edits={M: [(WC_COS, "    return cosine_annealing(step, total_steps - warmup_steps, base_lr, min_lr)\n")]},
        why="the cosine gets the right length but is fed the global step instead of step - warmup_steps, so it "
            "starts already part-way down and reaches min_lr warmup_steps early; the contract's cosine starts at "
            "base_lr right after warmup.",
        source="https://huggingface.co/docs/transformers/main_classes/optimizer_schedules "
               "(progress = (step - num_warmup_steps) / ...)",
        held_out=True),
]
