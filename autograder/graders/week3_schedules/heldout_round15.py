"""Held-out round 15, week3_schedules (schedules.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "schedules"

STEP_RET = "    return float(initial_lr * drop ** (epoch // epochs_drop))\n"
EXP_RET = "    return float(initial_lr * math.exp(-k * epoch))\n"
COS_BODY = ("    if t >= T:\n        return float(lr_min)\n"
            "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n")
COS_RET = "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n"
WARM_IF = "    if step < warmup_steps:\n        return float(base_lr * step / warmup_steps)\n"
WC_BODY = ("    if step < warmup_steps:\n        return linear_warmup(step, warmup_steps, base_lr)\n"
           "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n")
WC_COS = "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n"
OC_FINAL = "    final = initial / final_div_factor\n"
OC_RET = "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n"
OC_PH2 = "        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)\n"
PL_BETTER = "        if metric < self.best * (1 - self.threshold):\n"
PL_BLOCK = ("        if metric < self.best * (1 - self.threshold):\n            self.best = metric\n"
            "            self.num_bad_epochs = 0\n        else:\n            self.num_bad_epochs += 1\n")
PL_CUT = "        if self.num_bad_epochs > self.patience:\n"
RT_LR = "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
RT_INIT = "    lrs, losses = [], []\n"
RT_NAN = "        if not math.isfinite(loss):\n"
RT_BODY = """    lrs, losses = [], []
    best = math.inf
    for i in range(n_steps):
        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))
        loss = float(loss_after_step(lr))
        lrs.append(lr)
        losses.append(loss)
        if not math.isfinite(loss):
            break
        best = min(best, loss)
        if loss > 4 * best:
            break
    return np.array(lrs, dtype=np.float64), np.array(losses, dtype=np.float64)
"""
SG_RET = "    return float(lrs[np.argmin(falling)])\n"
SG_FILTER = "    lrs, losses = lrs[keep], losses[keep]\n"

ROUND_15 = [
    # ---------------- step_decay ----------------
    Mistake(
        tag="step-decay-off-by-one",
        name="step-decay-keras-tutorial-one-plus-epoch",
        edits={M: [(STEP_RET, "    n_drops = (epoch + 1) // epochs_drop\n"
                              "    lr = initial_lr * drop ** n_drops\n"
                              "    return float(lr)\n")]},
        why="Follows the well-known Keras LearningRateScheduler tutorial, floor((1 + epoch) / epochs_drop) written with //: the first "
            "drop comes at epoch epochs_drop - 1 (epoch 9 instead of 10), every drop one epoch early.",
        source="https://machinelearningmastery.com/using-learning-rate-schedules-deep-learning-models-python-keras/",
        held_out=True, novel=False),
    Mistake(
        tag="step-decay-round",
        name="step-decay-python-round-of-ratio",
        edits={M: [(STEP_RET, "    n_drops = round(epoch / epochs_drop)\n"
                              "    return float(initial_lr * drop ** n_drops)\n")]},
        why="Uses round() to make the exponent an integer instead of floor division: epochs 6-9 (past half of an "
            "interval, with epochs_drop=10) already get the first drop.",
        source="seeds/004 Week 3, 3.5 Learning Rate Schedules, Step Decay (lr0 * drop^floor(t / epochs_drop)); "
               "https://docs.python.org/3/library/functions.html#round",
        held_out=True, novel=False),
    Mistake(
        tag="step-decay-single-drop",
        name="step-decay-drops-once-after-interval",
        edits={M: [(STEP_RET, "    if epoch >= epochs_drop:\n"
                              "        return float(initial_lr * drop)\n"
                              "    return float(initial_lr)\n")]},
        why="Reads 'multiply by drop after epochs_drop epochs' as one single drop: the rate is cut once at "
            "epochs_drop and never again, no staircase (epoch 25 gives 0.05 instead of 0.025).",
        source="seeds/001 Lesson 8, 'Learning Rate Schedules', Step Decay ('Every N epochs, reduce by a factor')",
        held_out=True, novel=True),
    # ---------------- exponential_decay ----------------
    Mistake(
        tag="exp-decay-k-as-base",
        name="exponential-decay-lesson-decay-rate-power",
        edits={M: [(EXP_RET, "    lr = initial_lr\n"
                             "    for _ in range(epoch):\n"
                             "        lr *= k\n"
                             "    return float(lr)\n")]},
        why="Follows the lesson's 'initial_rate x decay_rate^epoch' with k as the decay rate, multiplying by k once per epoch in a loop: k**epoch instead of "
            "exp(-k*epoch); k=0.1 collapses the rate by 10x every epoch, k=0 gives 0 after epoch 0.",
        source="seeds/001 Lesson 8, 'Learning Rate Schedules', Exponential Decay (Learning rate = initial_rate x "
               "decay_rate^epoch)",
        held_out=True, novel=False),
    Mistake(
        tag="exp-decay-inverse-time",
        name="exponential-decay-written-as-inverse-time",
        edits={M: [(EXP_RET, "    return float(initial_lr / (1.0 + k * epoch))\n")]},
        why="Writes Keras' InverseTimeDecay lr0 / (1 + k t), a hyperbolic decay, instead of lr0 * exp(-k t): the two "
            "agree only to first order, e.g. epoch 10, k 0.1 gives 0.05 instead of 0.0368.",
        source="https://keras.io/api/optimizers/learning_rate_schedules/inverse_time_decay/",
        held_out=True, novel=False),
    # ---------------- cosine_annealing ----------------
    Mistake(
        tag="cosine-ignores-lr-min",
        name="cosine-annealing-lesson-plot-formula",
        edits={M: [(COS_RET, "    angle = math.pi * t / T\n"
                             "    return float(0.5 * lr_max * (1.0 + math.cos(angle)))\n")]},
        why="Copies the lesson's plotting formula initial_lr * 0.5 * (1 + cos(pi t/T)), which has no lr_min: with "
            "lr_min > 0 the curve ends at 0 (and jumps to lr_min after T) instead of landing on lr_min.",
        source="seeds/002 Concepts: Optimizers, 'Learning Rate Schedules' cell (cosine_lr = initial_lr * 0.5 * "
               "(1 + np.cos(np.pi * epochs / 100)))",
        held_out=True, novel=False),
    Mistake(
        tag="cosine-not-clamped",
        name="cosine-annealing-numpy-one-liner-periodic",
        edits={M: [(COS_BODY, "    return float(lr_min + 0.5 * (lr_max - lr_min) * (1 + np.cos(np.pi * t / T)))\n")]},
        why="A NumPy one-liner of the closed form without the t >= T branch: past T the cosine climbs back to lr_max "
            "at 2T (PyTorch's CosineAnnealingLR) instead of staying at lr_min.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html",
        held_out=True, novel=False),
    # ---------------- linear_warmup ----------------
    Mistake(
        tag="warmup-off-by-one",
        name="linear-warmup-step-plus-one",
        edits={M: [("        return float(base_lr * step / warmup_steps)\n",
                    "        return float(base_lr / warmup_steps * (step + 1))\n")]},
        why="Counts the warmup from 1 so that the first update already moves: (step + 1) / warmup_steps gives "
            "base_lr / warmup_steps at step 0 and base_lr already at step warmup_steps - 1, one step early.",
        source="https://github.com/huggingface/pytorch-image-models/blob/main/timm/scheduler/cosine_lr.py "
               "(warmup written per update counted from 1)",
        held_out=True, novel=False),
    Mistake(
        tag="warmup-zero-steps",
        name="linear-warmup-less-or-equal-divides-by-zero",
        edits={M: [(WARM_IF, "    if step <= warmup_steps:\n        return float(base_lr * step / warmup_steps)\n")]},
        why="Writes step <= warmup_steps (harmless at the end of a normal warmup, it gives base_lr there too) but "
            "with warmup_steps = 0, which the docstring allows ('no warmup'), step 0 divides 0 by 0: "
            "ZeroDivisionError instead of base_lr.",
        source="https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py "
               "(max(1, num_warmup_steps) guard that students leave out)",
        held_out=True, novel=False),
    # ---------------- warmup_cosine ----------------
    Mistake(
        tag="warmup-cosine-ignores-min-lr",
        name="warmup-cosine-progress-times-base-lr",
        edits={M: [(WC_BODY,
                    "    if step < warmup_steps:\n"
                    "        return base_lr * step / warmup_steps\n"
                    "    done = (step - warmup_steps) / (total_steps - warmup_steps)\n"
                    "    return float(base_lr * (1 + math.cos(math.pi * done)) / 2)\n")]},
        why="Writes the Hugging Face get_cosine_schedule_with_warmup recipe (progress after warmup, half cosine) times "
            "base_lr: min_lr is never used (the cosine ends at 0), and past total_steps the rate climbs back up "
            "instead of staying at min_lr.",
        source="https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py",
        held_out=True, novel=False),
    Mistake(
        tag="warmup-cosine-chained-product",
        name="warmup-cosine-multiplies-the-two-schedules",
        edits={M: [(WC_BODY, "    return linear_warmup(step, warmup_steps, 1.0) * cosine_annealing(step, total_steps, "
                             "base_lr, min_lr)\n")]},
        why="Composes the schedules by multiplying their factors (PyTorch's ChainedScheduler) instead of running "
            "them one after the other (SequentialLR): the warmup is damped by the cosine, the cosine runs over the "
            "whole run, so the peak is below base_lr and step 55 of 100 gives about 0.043 instead of 0.05.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ChainedScheduler.html",
        held_out=True, novel=True),
    Mistake(
        tag="warmup-cosine-arguments-swapped",
        name="warmup-cosine-t-and-T-swapped",
        edits={M: [(WC_COS, "    return cosine_annealing(total_steps - warmup_steps, step - warmup_steps, base_lr, min_lr)\n")]},
        why="Passes the annealing length as t and the elapsed steps as T: at step = warmup_steps the helper gets "
            "T = 0 and raises ValueError, and afterwards t >= T almost always, so the rate drops straight to min_lr.",
        source="seeds/004 Week 3, 3.5 Warmup; cosine_annealing(t, T, ...) signature in the stub",
        held_out=True, novel=True),
    # ---------------- one_cycle ----------------
    Mistake(
        tag="one-cycle-wrong-final",
        name="one-cycle-min-lr-from-peak",
        edits={M: [(OC_FINAL, "    min_lr = max_lr / final_div_factor\n    final = min_lr\n")]},
        why="Takes the final rate as max_lr / final_div_factor (as some ports document it) instead of "
            "initial / final_div_factor: the end of the run is 25x too high (1e-4 instead of 4e-6 for max_lr 1).",
        source="https://github.com/PaddlePaddle/Paddle/pull/41825 (docstring: minimum = max_lr / final_divide_factor)",
        held_out=True, novel=False),
    Mistake(
        tag="one-cycle-linear",
        name="one-cycle-straight-line-phases",
        edits={M: [(OC_RET, "    lo, hi = start_lr, end_lr\n    return float(lo + pct * (hi - lo))\n")]},
        why="Interpolates linearly between the phase's end points (OneCycleLR's anneal_strategy='linear', or the "
            "triangular policy of the paper) instead of along half a cosine: wrong inside both phases.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html (anneal_strategy)",
        held_out=True, novel=False),
    Mistake(
        tag="one-cycle-peak-off-by-one",
        name="one-cycle-peak-at-pct-times-total",
        edits={M: [("    end1 = float(pct_start * total_steps) - 1\n", "    end1 = total_steps * pct_start\n")]},
        why="Puts the peak at step pct_start * total_steps (step 30 of 100) without PyTorch's '- 1' for steps "
            "counted from 0: the warmup takes one step more and the peak comes one step late.",
        source="https://github.com/pytorch/pytorch/issues/42447 (OneCycleLR: step_size_up = float(pct_start * total_steps) - 1)",
        held_out=True, novel=False),
    # ---------------- ReduceLROnPlateau.step ----------------
    Mistake(
        tag="plateau-keras-patience",
        name="plateau-patience-minus-one",
        edits={M: [(PL_CUT, "        if self.patience <= self.num_bad_epochs:\n")]},
        why="Cuts once num_bad_epochs reaches patience (Keras' and many forum versions' '>=', here "
            "written patience <= num_bad_epochs): one epoch earlier than PyTorch's rule, which waits for the (patience + 1)-th bad epoch.",
        source="https://github.com/pytorch/pytorch/issues/2545",
        held_out=True, novel=False),
    Mistake(
        tag="plateau-absolute-threshold",
        name="plateau-improvement-by-absolute-margin",
        edits={M: [(PL_BETTER, "        if metric + self.threshold < self.best:\n")]},
        why="Counts an improvement when the metric drops by more than threshold in absolute terms (Keras' "
            "min_delta) instead of relatively (best * (1 - threshold)): on large losses tiny relative gains count, "
            "on small losses real ones do not.",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/ (min_delta)",
        held_out=True, novel=False),
    Mistake(
        tag="plateau-compares-previous",
        name="plateau-last-metric-kept-as-best",
        edits={M: [(PL_BLOCK, "        improved = metric < self.best * (1 - self.threshold)\n"
                              "        self.best = metric\n"
                              "        self.num_bad_epochs = 0 if improved else self.num_bad_epochs + 1\n")]},
        why="Stores every metric in best, so each epoch is compared with the previous epoch, not with the best so "
            "far: a loss that bounces (3, 2, 2.5, 2.4, ...) resets the counter whenever it dips below the last value.",
        source="https://github.com/PaddlePaddle/docs/pull/2028 (threshold described relative to 'last_loss', the "
               "previous epoch's loss)",
        held_out=True, novel=False),
    Mistake(
        tag="plateau-threshold-as-percent",
        name="plateau-threshold-divided-by-100",
        edits={M: [(PL_BETTER, "        if metric < self.best * (1 - self.threshold / 100):\n")]},
        why="Reads the threshold as a percentage (the docs call it '0.01 %') and divides it by 100: improvements "
            "between 1e-6 and 1e-4 relative now count as better, so the counter resets and the cut comes late or "
            "never. doubtful: differs only for metrics that improve by less than 0.01 %.",
        source="https://github.com/pytorch/pytorch/issues/42447 (percentage vs proportion confusion in the "
               "scheduler docs)",
        held_out=True, novel=True),
    # ---------------- lr_range_test ----------------
    Mistake(
        tag="range-test-logspace-exponents",
        name="range-test-logspace-given-rates",
        edits={M: [(RT_INIT, "    grid = np.logspace(lr_min, lr_max, num=n_steps)\n    lrs, losses = [], []\n"),
                   (RT_LR, "        lr = float(grid[i])\n")]},
        why="Passes the rates themselves to np.logspace, which expects exponents: the grid runs from 10**1e-6 ~ 1 to "
            "10**1 = 10 instead of from 1e-6 to 1.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.logspace.html",
        held_out=True, novel=False),
    Mistake(
        tag="range-test-nan-not-stopped",
        name="range-test-nan-compared-with-double-equals",
        edits={M: [(RT_NAN, "        if loss == float(\"nan\"):\n")]},
        why="Tests for nan with ==, which is always False: a nan loss is neither caught nor larger than 4x best, so "
            "the test keeps training at ever larger rates after the model has blown up.",
        source="https://stackoverflow.com/questions/944700/how-can-i-check-for-nan-values",
        held_out=True, novel=False),
    Mistake(
        tag="range-test-pads-to-n-steps",
        name="range-test-preallocated-nan-arrays",
        edits={M: [(RT_BODY, """    lrs = lr_min * (lr_max / lr_min) ** (np.arange(n_steps) / (n_steps - 1))
    losses = np.full(n_steps, np.nan)
    best = np.inf
    for i, lr in enumerate(lrs):
        losses[i] = loss_after_step(lr)
        if not np.isfinite(losses[i]):
            break
        best = min(best, losses[i])
        if losses[i] > 4 * best:
            break
    return lrs, losses
""")]},
        why="Preallocates both arrays with n_steps entries and returns them whole: after an early stop lrs still "
            "holds every rate and losses ends in nan padding, instead of both having the length of the steps taken.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.full.html (preallocation pattern); "
               "lr_range_test docstring, Returns",
        held_out=True, novel=True),
    # ---------------- suggest_lr ----------------
    Mistake(
        tag="suggest-lr-at-minimum",
        name="suggest-lr-argmin-of-smoothed-curve",
        edits={M: [(SG_RET, "    return float(lrs[smooth.argmin()])\n")]},
        why="Smooths and differentiates correctly but returns the rate at the smoothed loss's minimum, the edge of "
            "blowing up, instead of the steepest descent before it.",
        source="https://github.com/Lightning-AI/pytorch-lightning/issues/11077",
        held_out=True, novel=False),
    Mistake(
        tag="suggest-lr-argmax-of-slope",
        name="suggest-lr-last-of-argsort",
        edits={M: [(SG_RET, "    steepest = np.argsort(falling)[-1]\n    return float(lrs[steepest])\n")]},
        why="Takes the last index of argsort as the 'steepest' point, i.e. the largest slope: the flattest or "
            "rising point before the minimum instead of the most negative slope.",
        source="https://github.com/OHDSI/DeepPatientLevelPrediction/issues/141 (LR at the maximum gradient)",
        held_out=True, novel=False),
    Mistake(
        tag="suggest-lr-filter-misaligned",
        name="suggest-lr-filters-losses-only",
        edits={M: [("    keep = np.isfinite(losses)\n" + SG_FILTER,
                    "    losses = losses[~np.isnan(losses) & ~np.isinf(losses)]\n")]},
        why="Drops the non-finite losses but not their rates: whenever the range test ended on nan/inf the two "
            "arrays differ in length and np.gradient raises ValueError (and rates no longer match their losses).",
        source="https://github.com/davidtvs/pytorch-lr-finder/pull/44 (np.gradient over the recorded losses)",
        held_out=True, novel=False),
]
