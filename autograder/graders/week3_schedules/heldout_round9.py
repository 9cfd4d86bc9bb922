"""Held-out round 9, week 3 (schedules.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "schedules"

STEP_DECAY = "    return float(initial_lr * drop ** (epoch // epochs_drop))\n"
EXP_DECAY = "    return float(initial_lr * math.exp(-k * epoch))\n"
COS_CLAMP = "    if t >= T:\n        return float(lr_min)\n"
COS_VALUE = "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n"
WARMUP_RAMP = "    if step < warmup_steps:\n        return float(base_lr * step / warmup_steps)\n"
WARMUP_BODY = WARMUP_RAMP + "    return float(base_lr)\n"
WC_WARM = "        return linear_warmup(step, warmup_steps, base_lr)\n"
WC_COS = "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n"
OC_FINAL = "    final = initial / final_div_factor\n"
OC_END2 = "    end2 = total_steps - 1\n"
PL_BETTER = "        if metric < self.best * (1 - self.threshold):\n"
PL_IMPROVED = "            self.best = metric\n            self.num_bad_epochs = 0\n"
PL_BAD = "        else:\n            self.num_bad_epochs += 1\n"
PL_END = "            self.num_bad_epochs = 0\n        return float(self.lr)\n"
RT_LR = "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
RT_NAN = "        if not math.isfinite(loss):\n            break\n"
RT_STOP = "        if loss > 4 * best:\n"
SL_SMOOTH = ("    half = len(losses) // 20\n"
             "    csum = np.concatenate([[0.0], np.cumsum(losses)])\n"
             "    i = np.arange(len(losses))\n"
             "    lo, hi = np.maximum(i - half, 0), np.minimum(i + half + 1, len(losses))\n"
             "    smooth = (csum[hi] - csum[lo]) / (hi - lo)\n")
SL_FALLING = "    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
SL_RETURN = "    return float(lrs[np.argmin(falling)])\n"

ROUND_9 = [
    # ---- step_decay ---------------------------------------------------------------------------------------
    Mistake(
        tag="step-decay-ceil", name="step-decay-math-ceil-of-ratio",
        edits={M: [(STEP_DECAY, "    return float(initial_lr * drop ** math.ceil(epoch / epochs_drop))\n")]},
        why="'the number of drops so far' computed with math.ceil: the first drop comes right after epoch 0 "
            "(epochs 1-10 get initial_lr * drop), one interval early (contract: drop ** (epoch // epochs_drop)).",
        source="https://docs.python.org/3/library/math.html#math.ceil; lesson 'Concepts: Optimizers & Learning "
               "Dynamics' § Learning Rate Schedules (step_lr = initial_lr * (0.5 ** (epochs // 30)))",
        held_out=True),
    # ---- exponential_decay --------------------------------------------------------------------------------
    Mistake(
        tag="exp-decay-inverse-time", name="exp-decay-keras-time-based",
        edits={M: [(EXP_DECAY, "    return float(initial_lr / (1 + k * epoch))  # lr0 / (1 + decay * t)\n")]},
        why="Keras' time-based decay lr0 / (1 + k t) (the old `decay` argument of Keras optimizers) taken for "
            "exponential decay: it falls like 1/t, far slower than exp(-k t) (contract: "
            "initial_lr * exp(-k * epoch)).",
        source="https://keras.io/api/optimizers/learning_rate_schedules/inverse_time_decay/",
        held_out=True),
    Mistake(
        tag="exp-decay-k-as-time-constant", name="exp-decay-epoch-over-k-r9",
        edits={M: [(EXP_DECAY, "    return float(initial_lr * math.exp(-epoch / k))\n")]},
        why="k read as a time constant tau (exp(-t / tau), the form of physics lessons) instead of a rate: with "
            "k = 0.1 the rate falls by e every tenth of an epoch (contract: exp(-k * epoch)); k = 0 divides by zero.",
        source="lesson 'Optimization' § Learning Rate Schedules / Exponential Decay (lr = lr0 * e^{-kt})",
        held_out=True),
    # ---- cosine_annealing ---------------------------------------------------------------------------------
    Mistake(
        tag="cosine-not-clamped", name="cosine-no-branch-after-T",
        edits={M: [(COS_CLAMP, "")]},
        why="the formula alone, as in PyTorch's CosineAnnealingLR: past T the cosine climbs back up to lr_max "
            "by 2T; the contract keeps lr_min for t > T ('lr_min after T').",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html",
        held_out=True),
    Mistake(
        tag="cosine-min-max-swapped", name="cosine-start-from-lr-max-plus-progress",
        edits={M: [(COS_VALUE, "    return float(lr_max + (lr_min - lr_max) * (1 + math.cos(math.pi * t / T)) / 2)\n")]},
        why="'start + (end - start) * factor' written with start = lr_max and the cosine factor (1 + cos)/2, "
            "which is 1 at t = 0: the schedule starts at lr_min and climbs to lr_max at T (contract: lr_max at "
            "t = 0 down to lr_min at T).",
        source="https://arxiv.org/abs/1608.03983 (eq. 5: eta_min + 1/2 (eta_max - eta_min)(1 + cos(pi T_cur / T_i)))",
        held_out=True),
    # ---- linear_warmup ------------------------------------------------------------------------------------
    Mistake(
        tag="warmup-overshoot", name="warmup-step-plus-one-through-warmup",
        edits={M: [(WARMUP_RAMP, "    if step <= warmup_steps:\n"
                                 "        return float(base_lr * (step + 1) / warmup_steps)\n")]},
        why="steps counted from 1 AND the ramp kept up to step == warmup_steps: step warmup_steps gets "
            "base_lr * (w + 1) / w, above base_lr (contract: base_lr * step / warmup_steps while step < "
            "warmup_steps, then base_lr).",
        source="lesson 'Optimization' § Warmup (warmup_schedule: if step < warmup_steps: base_lr * step / "
               "warmup_steps), rewritten with steps counted from 1",
        held_out=True),
    Mistake(
        tag="warmup-linspace", name="warmup-over-warmup-steps-minus-one",
        edits={M: [(WARMUP_RAMP, "    if step < warmup_steps:\n"
                                 "        return float(base_lr * step / (warmup_steps - 1))  # reach base_lr at the last warmup step\n")]},
        why="the ramp made to reach base_lr at the last warmup step (like np.linspace(0, base_lr, warmup_steps)): "
            "every warmup rate is too high by w/(w-1), and warmup_steps = 1 divides by zero (contract: "
            "base_lr * step / warmup_steps).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linspace.html (endpoint=True)",
        held_out=True),
    Mistake(
        tag="warmup-zero-steps", name="warmup-min-one-ratio",
        edits={M: [(WARMUP_BODY, "    return float(base_lr * min(1.0, step / warmup_steps))\n")]},
        why="the compact min(1, step / warmup) form: right for warmup_steps >= 1, but warmup_steps = 0 ('no "
            "warmup', allowed by the contract) raises ZeroDivisionError instead of returning base_lr.",
        source="https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py "
               "(lr_lambda: float(current_step) / float(max(1, num_warmup_steps)) -- the guard the student dropped)",
        held_out=True),
    Mistake(
        tag="warmup-not-capped", name="warmup-ramp-without-branch",
        edits={M: [(WARMUP_BODY, "    return float(base_lr * step / warmup_steps)  # linear warmup\n")]},
        why="only the ramp is written: after warmup_steps the rate keeps growing past base_lr (twice base_lr at "
            "2 * warmup_steps), where the contract holds base_lr.",
        source="https://arxiv.org/abs/1706.02677 (§2.2: gradual warmup, then the reference rate)",
        held_out=True),
    # ---- warmup_cosine ------------------------------------------------------------------------------------
    Mistake(
        tag="warmup-cosine-not-shifted", name="warmup-cosine-cosine-of-step",
        edits={M: [(WC_COS, "    return cosine_annealing(step, total_steps, base_lr, min_lr)\n")]},
        why="the cosine is started at step 0 over the whole run, so when the warmup ends the rate is already "
            "below base_lr and it never equals base_lr at step = warmup_steps (contract: cosine of "
            "step - warmup_steps over total_steps - warmup_steps).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.SequentialLR.html (the second "
               "scheduler counts its own steps from the milestone)",
        held_out=True),
    Mistake(
        tag="warmup-cosine-ramp-over-total-steps", name="warmup-cosine-warmup-argument-total",
        edits={M: [(WC_WARM, "        return linear_warmup(step, total_steps, base_lr)\n")]},
        why="the warmup's length argument filled with total_steps: the ramp climbs at a tenth of the slope "
            "(10 % warmup), reaches only base_lr * warmup/total at the end of the warmup and then jumps to "
            "base_lr (contract: linear_warmup(step, warmup_steps, base_lr)).",
        source="https://keras.io/api/optimizers/learning_rate_schedules/cosine_decay/ (warmup_steps vs decay_steps)",
        novel=True, held_out=True),
    # ---- one_cycle ----------------------------------------------------------------------------------------
    Mistake(
        tag="one-cycle-wrong-final", name="one-cycle-final-from-max-lr",
        edits={M: [(OC_FINAL, "    final = max_lr / final_div_factor\n")]},
        why="the final rate taken as max_lr / final_div_factor: 25 times the contract's (PyTorch's) "
            "initial / final_div_factor = max_lr / (div_factor * final_div_factor).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html "
               "(min_lr = initial_lr / final_div_factor)",
        held_out=True),
    Mistake(
        tag="one-cycle-end-off-by-one", name="one-cycle-phase-two-ends-at-total",
        edits={M: [(OC_END2, "    end2 = total_steps\n")]},
        why="the second phase made to end at total_steps, one past the last step (steps are 0 .. total_steps - "
            "1): the last step never reaches the final rate (contract: PyTorch's end of phase 2 is "
            "total_steps - 1).",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py (OneCycleLR: the last "
               "phase's end_step is total_steps - 1)",
        held_out=True),
    # ---- ReduceLROnPlateau --------------------------------------------------------------------------------
    Mistake(
        tag="plateau-counter-not-reset-on-improvement", name="plateau-improvement-keeps-count",
        edits={M: [(PL_IMPROVED, "            self.best = metric\n")]},
        why="an improvement updates best but leaves num_bad_epochs as it was: bad epochs are counted over the "
            "whole run, so the rate is cut although the metric keeps improving (contract: a better metric resets "
            "num_bad_epochs to 0).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html",
        held_out=True),
    Mistake(
        tag="plateau-best-reset", name="plateau-best-inf-after-cut",
        edits={M: [(PL_END, "            self.num_bad_epochs = 0\n"
                            "            self.best = math.inf  # a fresh start at the new rate\n"
                            "        return float(self.lr)\n")]},
        why="best forgotten at every cut: the next metric always counts as an improvement, so after a cut "
            "the wait is one epoch longer and a worse metric becomes the new best (contract: the counter goes "
            "back to 0, 'best is kept').",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(_reduce_lr does not touch best)",
        held_out=True),
    Mistake(
        tag="plateau-threshold-sign", name="plateau-one-plus-threshold",
        edits={M: [(PL_BETTER, "        if metric < self.best * (1 + self.threshold):\n")]},
        why="'better by a relative threshold' written with 1 + threshold: a metric equal to best, or slightly "
            "worse, counts as an improvement (contract: better means metric < best * (1 - threshold)).",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(mode 'min', 'rel': dynamic_threshold = best * (1 - threshold))",
        held_out=True),
    Mistake(
        tag="plateau-best-tracks-any-decrease", name="plateau-best-min-every-epoch",
        edits={M: [(PL_BAD, PL_BAD + "            self.best = min(self.best, metric)  # keep the lowest value seen\n")]},
        why="best is also lowered by a metric that was NOT better by the threshold (it still counts as a bad "
            "epoch): a slowly creeping metric drags best along, so a later real improvement no longer beats "
            "best * (1 - threshold) and is counted as bad too. Contract: 'a better metric becomes the new best'; "
            "any other metric only adds 1 to num_bad_epochs.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(best is updated only in the is_better branch)",
        novel=True, held_out=True),
    # ---- lr_range_test ------------------------------------------------------------------------------------
    Mistake(
        tag="range-test-nan-not-stopped", name="range-test-only-4x-rule",
        edits={M: [(RT_NAN, "")]},
        why="only the 4x rule: a nan loss compares False with everything (and min(best, nan) keeps best), so a "
            "blown-up run goes on taking steps (contract: stop once the loss is not finite).",
        source="https://docs.fast.ai/callback.schedule.html#lrfinder (stop_div: stops on nan or > 4x the best)",
        held_out=True),
    Mistake(
        tag="range-test-compares-previous", name="range-test-4x-previous-loss",
        edits={M: [(RT_STOP, "        if len(losses) > 1 and loss > 4 * losses[-2]:\n")]},
        why="the blow-up judged against the previous loss: a loss that climbs steadily by less than 4x per step "
            "is never stopped (contract: 4x the best loss recorded so far).",
        source="https://arxiv.org/abs/1506.01186 (§3.3, the range test); https://docs.fast.ai/callback.schedule.html",
        held_out=True),
    Mistake(
        tag="range-test-logspace-exponents", name="range-test-np-logspace-of-rates",
        edits={M: [(RT_LR, "        lr = float(np.logspace(lr_min, lr_max, n_steps)[i])\n")]},
        why="np.logspace takes EXPONENTS: the rates run from 10**1e-6 ~ 1 to 10**1 = 10, not from lr_min to "
            "lr_max (contract: lrs[i] = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1)); np.geomspace takes "
            "the rates).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.logspace.html (start: base ** start)",
        held_out=True),
    # ---- suggest_lr ---------------------------------------------------------------------------------------
    Mistake(
        tag="suggest-lr-too-high", name="suggest-lr-largest-absolute-slope",
        edits={M: [(SL_RETURN, "    return float(lrs[np.argmax(np.abs(slope))])  # the steepest part of the curve\n")]},
        why="'where the curve is steepest' without the sign: the blow-up at the end rises faster than the loss "
            "ever fell, so the suggestion is a rate past the minimum (docstring: the rate at the minimum or "
            "beyond it is wrong).",
        source="https://arxiv.org/abs/1506.01186 (§3.3: the rate where the loss starts to fall / falls fastest)",
        held_out=True),
    Mistake(
        tag="suggest-lr-searches-past-minimum", name="suggest-lr-steepest-fall-anywhere",
        edits={M: [(SL_FALLING, "    falling = slope\n")]},
        why="the steepest fall searched over the whole curve: after the minimum the loss bounces while training "
            "blows up, and a bounce's drop can be steeper than the real descent, so the suggestion lands beyond "
            "the minimum (docstring: search only up to the minimum; a rate beyond it is wrong).",
        source="https://github.com/davidtvs/pytorch-lr-finder (suggestion: np.gradient(losses).argmin() over the "
               "skipped curve)",
        novel=True, held_out=True),
    Mistake(
        tag="suggest-lr-zero-padded-smoothing", name="suggest-lr-np-convolve-same",
        edits={M: [(SL_SMOOTH, "    k = 2 * (len(losses) // 20) + 1\n"
                               "    smooth = np.convolve(losses, np.ones(k) / k, mode='same')  # moving average\n")]},
        why="the moving average written with np.convolve(mode='same'), which pads with ZEROS: the first and last "
            "smoothed values are pulled towards 0, the start of the curve becomes its 'minimum', and the "
            "suggestion is a rate on the flat start (docstring: fewer points at the ends, not zeros; a rate on "
            "the flat part is wrong).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.convolve.html (mode 'same': boundary "
               "effects are visible)",
        novel=True, held_out=True),
]
