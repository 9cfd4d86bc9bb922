"""Held-out round 13, week 3 (schedules.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "schedules"

STEP = "    return float(initial_lr * drop ** (epoch // epochs_drop))\n"
EXP = "    return float(initial_lr * math.exp(-k * epoch))\n"
COS = "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n"
WARM = "        return float(base_lr * step / warmup_steps)\n"
WC_COS = "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n"
OC_FINAL = "    final = initial / final_div_factor\n"
OC_RET = "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n"
PL_BEST = ("            self.best = metric\n"
           "            self.num_bad_epochs = 0\n"
           "        else:\n")
PL_METRIC = "        metric = float(metric)\n"
PL_NEW = "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
RT_LR = "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
OC_PCT = "        start_lr, end_lr, pct = initial, max_lr, step / end1\n"
RT_BEST = "    best = math.inf\n"

ROUND_13 = [
    Mistake(
        tag="step-decay-round", name="step-decay-np-round-of-ratio",
        edits={M: [(STEP, "    return float(initial_lr * drop ** np.round(epoch / epochs_drop))\n")]},
        why="the student rounds epoch/epochs_drop to the nearest integer instead of flooring it: the rate drops "
            "halfway through each period (epoch 5 with epochs_drop=10). Contract: drop ** (epoch // epochs_drop).",
        source="https://machinelearningmastery.com/using-learning-rate-schedules-deep-learning-models-python-keras/",
        held_out=True),
    Mistake(
        tag="step-decay-one-minus-drop", novel=True, name="step-decay-drop-read-as-fraction-removed",
        edits={M: [(STEP, "    return float(initial_lr * (1 - drop) ** (epoch // epochs_drop))\n")]},
        why="the student reads 'drop' as the fraction removed at each period ('drop the lr by 10 %') and "
            "multiplies by (1 - drop); with the default 0.5 it agrees, with drop=0.1 (PyTorch's gamma) the rate "
            "falls to 0.9 instead of 0.1. Contract: initial_lr * drop ** (epoch // epochs_drop). doubtful: it "
            "agrees exactly at the default drop=0.5, so only a check with another drop sees it.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.StepLR.html (gamma)",
        held_out=True),
    Mistake(
        tag="cosine-degrees", name="cosine-np-cos-of-180-t-over-T",
        edits={M: [(COS, "    return float(lr_min + (lr_max - lr_min) * (1 + np.cos(180 * t / T)) / 2)\n")]},
        why="the student thinks of the half period as 180 degrees and passes 180*t/T to np.cos, which takes "
            "radians: the rate oscillates wildly. Contract: cos(pi * t / T).",
        source="https://numpy.org/doc/stable/reference/generated/numpy.cos.html (angle in radians)",
        held_out=True),
    Mistake(
        tag="cosine-quarter-period", name="cosine-one-minus-quarter-sine",
        edits={M: [(COS, "    return float(lr_min + (lr_max - lr_min) * (1 - math.sin(math.pi * t / (2 * T))))\n")]},
        why="the student uses 1 - sin(pi t / 2T), a quarter wave that also goes from 1 to 0 over [0, T] "
            "but with a different shape (it falls fastest at the start). Contract: (1 + cos(pi t / T)) / 2.",
        source="https://arxiv.org/abs/1608.03983 (SGDR, eq. 5)",
        held_out=True),
    Mistake(
        tag="schedule-start-value", also=("warmup-starts-at-one",), name="warmup-max-of-step-and-one",
        edits={M: [(WARM, "        return float(base_lr * max(step, 1) / warmup_steps)\n")]},
        why="the student avoids a zero learning rate at step 0 by clamping the step to at least 1; the ramp "
            "starts at base_lr / warmup_steps. Contract: base_lr * step / warmup_steps, 0 at step 0.",
        source="https://huggingface.co/docs/transformers/main_classes/optimizer_schedules (linear warmup from 0)",
        held_out=True),
    Mistake(
        tag="warmup-cosine-wrong-length", name="warmup-cosine-period-plus-one-step",
        edits={M: [(WC_COS, "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps + 1, "
                            "base_lr, min_lr)\n")]},
        why="the student counts the decay phase inclusively (+1), so the cosine does not reach min_lr at "
            "total_steps. Contract: cosine over the remaining total_steps - warmup_steps.",
        source="https://huggingface.co/docs/transformers/main_classes/optimizer_schedules#transformers.get_cosine_schedule_with_warmup",
        held_out=True),
    Mistake(
        tag="one-cycle-cosine-reversed", name="one-cycle-anneal-formula-from-start-value",
        edits={M: [(OC_RET, "    cos_out = math.cos(math.pi * pct) + 1\n"
                             "    return float(start_lr - (start_lr - end_lr) / 2.0 * cos_out)\n")]},
        why="the student writes the annealing as start - (start - end)/2 * (cos + 1): at pct = 0 it gives the "
            "end value, so each phase runs backwards. Contract: PyTorch's _annealing_cos, end + (start - end)/2 "
            "* (cos(pi pct) + 1).",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py (_annealing_cos)",
        held_out=True),
    Mistake(
        tag="one-cycle-wrong-final", name="one-cycle-ends-at-initial-lr",
        edits={M: [(OC_FINAL, "    final = max_lr / div_factor\n")]},
        why="the student ends the cycle where it began (the 'cycle' of Smith's CLR), ignoring final_div_factor. "
            "Contract: PyTorch's OneCycleLR, min_lr = initial_lr / final_div_factor.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html",
        held_out=True),
    Mistake(
        tag="plateau-best-never-updated", name="plateau-best-assigned-to-local",
        edits={M: [(PL_BEST, "            best = metric\n"
                             "            self.num_bad_epochs = 0\n"
                             "        else:\n")]},
        why="the student writes best = metric without self., so the best metric stays at its initial value "
            "(inf): every later metric counts as an improvement and the lr is never cut. Contract: PyTorch's "
            "ReduceLROnPlateau (mode min) tracks the best metric.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html",
        held_out=True),
    Mistake(
        tag="plateau-best-updated-before-test", novel=True, name="plateau-running-min-before-comparison",
        edits={M: [(PL_METRIC, PL_METRIC + "        self.best = min(self.best, metric)\n")]},
        why="the student keeps the running minimum first ('track the best so far') and only then asks whether "
            "the metric beats best * (1 - threshold): it never can, so every epoch counts as bad and the rate "
            "is cut every patience + 1 epochs even while the loss falls. Contract: PyTorch's rule, better = "
            "metric < best * (1 - threshold) against the best before this epoch.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html",
        held_out=True),
    Mistake(
        tag="range-test-endpoint", name="range-test-exp-log-steps-over-n",
        edits={M: [(RT_LR, "        lr = math.exp(math.log(lr_min) + i * (math.log(lr_max) - math.log(lr_min)) / n_steps)\n")]},
        why="the student interpolates log lr over n_steps intervals instead of n_steps - 1: the last rate "
            "falls short of lr_max. Contract: exponentially spaced lrs from lr_min to lr_max.",
        source="https://sgugger.github.io/how-do-you-find-a-good-learning-rate.html",
        held_out=True),
    Mistake(
        tag="range-test-log-base-mixed", name="range-test-logspace-of-natural-logs",
        edits={M: [(RT_LR, "        lr = np.logspace(math.log(lr_min), math.log(lr_max), n_steps)[i]\n")]},
        why="the student feeds natural logs to np.logspace, whose exponents are base 10: rates from "
            "10**-13.8 to 10**0. Contract: exponentially spaced from lr_min to lr_max.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.logspace.html (base=10.0)",
        held_out=True),
    Mistake(
        tag="range-test-best-starts-at-zero", novel=True, name="range-test-best-loss-initialised-to-zero",
        edits={M: [(RT_BEST, "    best = 0.0\n")]},
        why="the student initialises the running best loss to 0 (the habit of running-max code); min(0, loss) "
            "stays 0, so the first positive loss already exceeds 4 x best and the test stops after one step. "
            "Contract: stop once the loss exceeds 4x the best seen.",
        source="https://sgugger.github.io/how-do-you-find-a-good-learning-rate.html (best loss tracking)",
        held_out=True),
    Mistake(
        tag="warmup-linspace", name="warmup-linspace-warmup-points-indexed",
        edits={M: [(WARM, "        return float(np.linspace(0.0, base_lr, warmup_steps)[step])\n")]},
        why="the student builds the ramp with np.linspace(0, base_lr, warmup_steps): the steps are base_lr/"
            "(warmup_steps-1) apart, so the ramp reaches base_lr one step early and every value is too high. "
            "Contract: base_lr * step / warmup_steps.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.linspace.html",
        held_out=True),
    Mistake(
        tag="one-cycle-peak-off-by-one", name="one-cycle-warmup-progress-over-end-plus-one",
        edits={M: [(OC_PCT, "        start_lr, end_lr, pct = initial, max_lr, step / (end1 + 1)\n")]},
        why="the student divides the first phase's progress by its number of steps (end1 + 1) instead of by "
            "the peak's index end1: the rate never reaches max_lr at the peak step. Contract: PyTorch's "
            "OneCycleLR, max_lr at step pct_start * total_steps - 1.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py (OneCycleLR phases)",
        held_out=True),
    Mistake(
        tag="range-test-exponent-precedence", novel=True, name="range-test-ratio-power-i-then-divided",
        edits={M: [(RT_LR, "        lr = lr_min * (lr_max / lr_min) ** i / (n_steps - 1)\n")]},
        why="the student leaves out the parentheses around i / (n_steps - 1): ** binds first, so the rate is "
            "lr_min * ratio**i / (n_steps - 1), astronomically large after a few steps. Contract: exponentially "
            "spaced lrs from lr_min to lr_max.",
        source="https://docs.python.org/3/reference/expressions.html#the-power-operator",
        held_out=True),
    Mistake(
        tag="schedule-value-rounded", novel=True, name="exp-decay-rounded-to-four-decimals",
        edits={M: [(EXP, "    return round(initial_lr * math.exp(-k * epoch), 4)\n")]},
        why="the student rounds the rate to 4 decimals so the printed schedule looks tidy: small rates become "
            "0.0 or lose most of their digits. Contract: the value initial_lr * exp(-k * epoch).",
        source="https://machinelearningmastery.com/using-learning-rate-schedules-deep-learning-models-python-keras/ (printed schedules)",
        held_out=True),
]
