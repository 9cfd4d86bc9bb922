"""Held-out round 10, week 3 (schedules.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "schedules"

STEP = "    return float(initial_lr * drop ** (epoch // epochs_drop))\n"
EXP = "    return float(initial_lr * math.exp(-k * epoch))\n"
COS = "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n"
COS_CLAMP = ("    if t >= T:\n"
             "        return float(lr_min)\n")
WARM = "        return float(base_lr * step / warmup_steps)\n"
WARM_BODY = ("    if step < warmup_steps:\n"
             "        return float(base_lr * step / warmup_steps)\n"
             "    return float(base_lr)\n")
WC_COS = "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n"
OC_INITIAL = "    initial = max_lr / div_factor\n"
OC_END1 = "    end1 = float(pct_start * total_steps) - 1\n"
OC_PHASE2 = "        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)\n"
OC_RETURN = "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n"
PL_BETTER = "        if metric < self.best * (1 - self.threshold):\n"
PL_CUT = "        if self.num_bad_epochs > self.patience:\n"
PL_NEW = "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
PL_RESET = ("                self.lr = new_lr\n"
            "            self.num_bad_epochs = 0\n")
RT_LR = "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
RT_RETURN = "    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)\n"
SG_KEEP = "    lrs, losses = lrs[keep], losses[keep]\n"
SG_RETURN = "    return float(lrs[np.argmin(falling)])\n"

ROUND_10 = [
    # ---- step_decay ---------------------------------------------------------------------------------------
    Mistake(
        tag="step-decay-drop-inverted", name="step-decay-divides-by-drop-power",
        edits={M: [(STEP, "    return float(initial_lr / drop ** (epoch // epochs_drop))  # 'divide the rate by the drop'\n")]},
        why="'the rate is divided at every drop' taken literally: initial_lr / drop**k doubles the rate every "
            "epochs_drop epochs for drop = 0.5; the contract's value is initial_lr * drop ** (epoch // epochs_drop).",
        source="https://machinelearningmastery.com/using-learning-rate-schedules-deep-learning-models-python-keras/ "
               "(step_decay: drop = 0.5, lrate = initial_lrate * math.pow(drop, ...))",
        held_out=True),
    Mistake(
        tag="step-decay-no-floor", name="step-decay-true-division-exponent",
        edits={M: [(STEP, "    return float(initial_lr * drop ** (epoch / epochs_drop))\n")]},
        why="'/' typed for the floor division of the exponent: the rate decays smoothly every epoch "
            "(an exponential decay), not in steps; the contract's exponent is epoch // epochs_drop.",
        source="https://docs.python.org/3/reference/expressions.html#binary-arithmetic-operations (/ vs //)",
        held_out=True),
    # ---- exponential_decay --------------------------------------------------------------------------------
    Mistake(
        tag="exp-decay-wrong-sign", name="exp-decay-exp-of-plus-k-epoch",
        edits={M: [(EXP, "    return float(initial_lr * math.exp(k * epoch))\n")]},
        why="the minus sign of the exponent lost: the rate grows as exp(k * epoch) instead of the contract's "
            "initial_lr * exp(-k * epoch).",
        source="lesson 'Optimization' § Learning Rate Schedules / Exponential Decay (eta_t = eta_0 e^(-kt))",
        held_out=True),
    Mistake(
        tag="exp-decay-off-by-one", name="exp-decay-epoch-plus-one",
        edits={M: [(EXP, "    return float(initial_lr * math.exp(-k * (epoch + 1)))  # epochs count from 1\n")]},
        why="the epoch shifted by one because Keras' LearningRateScheduler examples count epochs from 1 in their "
            "printouts: epoch 0 already gets a decayed rate; the contract's value at epoch 0 is initial_lr "
            "(initial_lr * exp(-k * epoch)).",
        source="https://keras.io/api/callbacks/learning_rate_scheduler/",
        held_out=True),
    # ---- cosine_annealing ---------------------------------------------------------------------------------
    Mistake(
        tag="cosine-min-max-swapped", name="cosine-lr-max-minus-half-cosine",
        edits={M: [(COS, "    return float(lr_max - (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)  # from lr_max down\n")]},
        why="the formula rewritten 'from lr_max downwards' (lr_max minus the decayed part) but with the (1 + cos)/2 "
            "factor that is 1 at the start: at t = 0 it gives lr_min and at t = T lr_max, the curve upside down; "
            "the contract's value is lr_min + (lr_max - lr_min) * (1 + cos(pi t / T)) / 2.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html",
        held_out=True),
    Mistake(
        tag="cosine-offset", name="cosine-without-one-plus",
        edits={M: [(COS, "    return float(lr_min + (lr_max - lr_min) * math.cos(math.pi * t / T) / 2)\n")]},
        why="the '1 +' of (1 + cos(pi t / T)) / 2 dropped: the value starts at lr_min + (lr_max - lr_min)/2 and "
            "falls below lr_min in the second half; the contract's value goes from lr_max to lr_min.",
        source="Loshchilov & Hutter (2017), SGDR, eq. (5)",
        held_out=True),
    Mistake(
        tag="cosine-restarts", name="cosine-t-modulo-T",
        edits={M: [(COS_CLAMP, "    t = t % T  # SGDR: restart every T steps\n")]},
        why="warm restarts built in: after T the cosine starts again from lr_max, as in SGDR / "
            "CosineAnnealingWarmRestarts, where the contract holds lr_min for every t after T.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingWarmRestarts.html",
        held_out=True),
    # ---- linear_warmup ------------------------------------------------------------------------------------
    Mistake(
        tag="warmup-quadratic-ramp", name="warmup-squared-fraction",
        edits={M: [(WARM, "        return float(base_lr * (step / warmup_steps) ** 2)  # gentle start\n")]},
        why="a quadratic (polynomial power 2) warmup: the rate rises as (step / warmup)**2, which is not the "
            "contract's linear base_lr * step / warmup_steps.",
        source="https://huggingface.co/docs/transformers/main_classes/optimizer_schedules (polynomial schedules "
               "with a power argument, next to the linear warmups)",
        novel=True, held_out=True),
    Mistake(
        tag="warmup-zero-steps", name="warmup-min-step-over-warmup",
        edits={M: [(WARM_BODY, "    return float(base_lr * min(step, warmup_steps) / warmup_steps)\n")]},
        why="a one-line warmup, base_lr * min(step, W) / W: right for W > 0 but it divides by zero when "
            "warmup_steps = 0, where the contract (step < 0 never holds) returns base_lr.",
        source="https://docs.python.org/3/library/exceptions.html#ZeroDivisionError",
        also=("division-by-zero",), held_out=True),
    # ---- warmup_cosine ------------------------------------------------------------------------------------
    Mistake(
        tag="warmup-cosine-ignores-min-lr", name="warmup-cosine-min-lr-not-passed",
        edits={M: [(WC_COS, "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr)\n")]},
        why="min_lr is not passed on to cosine_annealing, whose default lr_min = 0.0 takes over: the decay always "
            "ends at 0; the contract's cosine goes from base_lr to min_lr.",
        source="https://docs.python.org/3/tutorial/controlflow.html#default-argument-values",
        held_out=True),
    # ---- one_cycle ----------------------------------------------------------------------------------------
    Mistake(
        tag="one-cycle-div-factor-inverted", name="one-cycle-initial-times-div-factor",
        edits={M: [(OC_INITIAL, "    initial = max_lr * div_factor\n")]},
        why="the starting rate multiplied by div_factor instead of divided: the run starts 25 x above max_lr; "
            "PyTorch's OneCycleLR (contract) starts at initial_lr = max_lr / div_factor.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html "
               "(initial_lr = max_lr/div_factor)",
        held_out=True),
    Mistake(
        tag="one-cycle-peak-off-by-one", name="one-cycle-end1-without-minus-one",
        edits={M: [(OC_END1, "    end1 = float(pct_start * total_steps)\n")]},
        why="the peak put at step pct_start * total_steps instead of pct_start * total_steps - 1: the whole curve "
            "is shifted by a step; PyTorch's OneCycleLR (contract) ends phase 1 at float(pct_start * total_steps) - 1.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py (OneCycleLR: "
               "'end_step': float(pct_start * self.total_steps) - 1)",
        held_out=True),
    Mistake(
        tag="one-cycle-wrong-phase-length", name="one-cycle-phase-two-progress-over-whole-run",
        edits={M: [(OC_PHASE2, "        start_lr, end_lr, pct = max_lr, final, step / end2\n")]},
        why="the second phase's progress measured from step 0 over the whole run: at the peak pct is already "
            "about 0.3, so the rate jumps down after the peak; the contract's phase 2 goes from "
            "(step - e1) / (e2 - e1) = 0 to 1.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html",
        held_out=True),
    Mistake(
        tag="one-cycle-cosine-reversed", name="one-cycle-one-minus-cos",
        edits={M: [(OC_RETURN, "    return float(end_lr + (start_lr - end_lr) / 2.0 * (1 - math.cos(math.pi * pct)))\n")]},
        why="cos_anneal written with 1 - cos: each phase starts at its end value and ends at its start value "
            "(the run starts at max_lr and ends at max_lr), where the contract's cos_anneal(a, b, p) goes from a to b.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py (_annealing_cos: "
               "cos_out = cos(pi * pct) + 1)",
        held_out=True),
    # ---- ReduceLROnPlateau --------------------------------------------------------------------------------
    Mistake(
        tag="plateau-keras-patience", name="plateau-bad-epochs-at-least-patience",
        edits={M: [(PL_CUT, "        if self.num_bad_epochs >= self.patience:\n")]},
        why="'wait patience epochs, then cut' written with >=: the rate is cut on the patience-th bad epoch, one "
            "epoch early (the Keras behaviour); the contract (PyTorch) cuts when num_bad_epochs > patience.",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/",
        held_out=True),
    Mistake(
        tag="plateau-absolute-threshold", name="plateau-best-minus-threshold",
        edits={M: [(PL_BETTER, "        if metric < self.best - self.threshold:\n")]},
        why="better means 'lower than best by more than threshold' in absolute terms (Keras' min_delta, PyTorch's "
            "threshold_mode='abs'): for losses far from 1 this differs from the contract's relative test "
            "metric < best * (1 - threshold).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(threshold_mode 'rel' vs 'abs')",
        held_out=True),
    Mistake(
        tag="plateau-counter-not-reset", name="plateau-counter-kept-after-cut",
        edits={M: [(PL_RESET, "                self.lr = new_lr\n")]},
        why="the bad-epoch counter is not reset after a cut: with the metric still stuck, every following epoch "
            "cuts again; the contract resets num_bad_epochs to 0 after each cut (a fresh wait).",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py (ReduceLROnPlateau.step: "
               "self.num_bad_epochs = 0 after _reduce_lr)",
        held_out=True),
    Mistake(
        tag="plateau-never-cuts", name="plateau-lr-divided-by-factor",
        edits={M: [(PL_NEW, "            new_lr = max(self.lr / self.factor, self.min_lr)  # reduce by factor\n")]},
        why="'reduce by a factor of 0.5' read as 'divide by the factor': lr / 0.5 doubles the rate, so the "
            "'if it changed' test never sees a reduction; the contract's new rate is max(lr * factor, min_lr).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(new_lr = lr * factor)",
        held_out=True),
    # ---- lr_range_test ------------------------------------------------------------------------------------
    Mistake(
        tag="range-test-floor-division", name="range-test-exponent-floor-divided",
        edits={M: [(RT_LR, "        lr = lr_min * (lr_max / lr_min) ** (i // (n_steps - 1))\n")]},
        why="the fraction i / (n_steps - 1) typed with //: it is 0 for every step but the last, so the test runs "
            "at lr_min throughout and jumps to lr_max at the end; the contract's rates are spaced evenly on a log "
            "scale, lr_min * (lr_max / lr_min) ** (i / (n_steps - 1)).",
        source="https://docs.python.org/3/reference/expressions.html#binary-arithmetic-operations",
        novel=True, held_out=True),
    Mistake(
        tag="range-test-returns-lists", name="range-test-returns-python-lists",
        edits={M: [(RT_RETURN, "    return lrs, losses\n")]},
        why="the two lists returned as they were built: the contract (and docstring) returns two float64 arrays, "
            "so lrs * 2 or boolean masks on the result do not do what the notebook expects. doubtful: values "
            "are the same, only the type differs.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.array.html",
        novel=True, held_out=True),
    # ---- suggest_lr ---------------------------------------------------------------------------------------
    Mistake(
        tag="suggest-lr-argmax-of-slope", name="suggest-lr-argmax-instead-of-argmin",
        edits={M: [(SG_RETURN, "    return float(lrs[np.argmax(falling)])  # the steepest point\n")]},
        why="'the steepest point' picked with argmax: that is where the slope is largest (the loss falls least or "
            "rises), not the most negative slope the contract's region 'where loss falls fastest' asks for.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.argmin.html",
        novel=True, held_out=True),
    Mistake(
        tag="suggest-lr-filter-misaligned", name="suggest-lr-drops-nan-from-losses-only",
        edits={M: [(SG_KEEP, "    losses = losses[keep]  # drop the nan at the end\n")]},
        why="the non-finite losses are removed from losses but not from lrs: the two arrays no longer line up "
            "(np.gradient against log(lrs) fails, or rates are read at the wrong positions); the contract's first "
            "step drops the pair (rate and loss) of each non-finite loss.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.isfinite.html",
        novel=True, held_out=True),
]
