"""Held-out round 6, week 3 (schedules.py): student code written from public sources, before grading."""
from autograder.catalogue import Mistake

M = "schedules"

ROUND_6 = [
    # --- step_decay ------------------------------------------------------------------------------------
    Mistake(
        tag="step-decay-precedence", name="step-decay-power-then-floor-division", held_out=True,
        edits={M: [("    return float(initial_lr * drop ** (epoch // epochs_drop))\n",
                    "    return float(initial_lr * drop ** epoch // epochs_drop)\n")]},
        why="The parentheses around the exponent dropped: ** binds tighter than //, so this is "
            "(initial_lr * drop**epoch) // epochs_drop -- the rate itself floor-divided, 0.0 for any rate below "
            "epochs_drop (and no staircase).",
        source="lesson 'Optimization', section 'Learning Rate Schedules / Step Decay' (initial_lr * (drop ** (epoch "
               "// epochs_drop)), retyped without the inner parentheses)"),
    Mistake(
        tag="step-decay-no-floor", name="step-decay-np-power-of-ratio", held_out=True,
        edits={M: [("    return float(initial_lr * drop ** (epoch // epochs_drop))\n",
                    "    return float(initial_lr * np.power(drop, epoch / epochs_drop))\n")]},
        why="TF's ExponentialDecay with staircase=False (decay_rate ** (step / decay_steps)) used as step decay: "
            "a smooth curve through the staircase's corners instead of constant steps.",
        source="https://www.tensorflow.org/api_docs/python/tf/keras/optimizers/schedules/ExponentialDecay "
               "(staircase=False: step / decay_steps is not an integer division)"),
    # --- exponential_decay -----------------------------------------------------------------------------
    Mistake(
        tag="exp-decay-keras-example", name="exp-decay-keras-scheduler-doc-example", novel=True, held_out=True,
        edits={M: [("    return float(initial_lr * math.exp(-k * epoch))\n",
                    "    if epoch < 10:\n"
                    "        return float(initial_lr)\n"
                    "    return float(initial_lr * math.exp(-k))\n")]},
        why="Keras' LearningRateScheduler example (keep the rate for 10 epochs, then lr * exp(-0.1) each epoch) "
            "translated into a stateless function: it receives initial_lr, not the current rate, so the decay "
            "happens once -- flat at initial_lr, one drop at epoch 10, then flat again.",
        source="https://keras.io/api/callbacks/learning_rate_scheduler/ (def scheduler(epoch, lr): if epoch < 10: "
               "return lr; else: return lr * ops.exp(-0.1))"),
    Mistake(
        tag="exp-decay-wrong-sign", name="exp-decay-divides-by-exp-of-minus", held_out=True,
        edits={M: [("    return float(initial_lr * math.exp(-k * epoch))\n",
                    "    return float(initial_lr / math.exp(-k * epoch))\n")]},
        why="Dividing by e^{-kt} where multiplying was meant: the rate grows as e^{kt}.",
        source="lesson 'Optimization', section 'Exponential Decay' (eta_t = eta_0 e^{-kt}), written as a division"),
    # --- cosine_annealing ------------------------------------------------------------------------------
    Mistake(
        tag="cosine-degrees", name="cosine-math-radians-of-fraction", held_out=True,
        edits={M: [("    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n",
                    "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.radians(t / T))) / 2)\n")]},
        why="'cos of the fraction of the way' converted with math.radians: the argument runs from 0 to pi/180 "
            "instead of 0 to pi, so the rate hardly moves from lr_max and then jumps to lr_min after T.",
        source="https://docs.python.org/3/library/math.html#math.cos ('Return the cosine of x radians') and "
               "math.radians"),
    Mistake(
        tag="cosine-not-clamped", name="cosine-clamp-on-equal-only", held_out=True,
        edits={M: [("    if t >= T:\n        return float(lr_min)\n",
                    "    if t == T:\n        return float(lr_min)\n")]},
        why="The end is handled only at t == T: past T the cosine climbs back towards lr_max (PyTorch's "
            "CosineAnnealingLR is periodic), while the spec holds lr_min after T.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html "
               "(the schedule keeps following the cosine after T_max)"),
    # --- linear_warmup ---------------------------------------------------------------------------------
    Mistake(
        tag="warmup-floor-division", name="warmup-step-floor-divided-first", held_out=True,
        edits={M: [("        return float(base_lr * step / warmup_steps)\n",
                    "        return float(base_lr * (step // warmup_steps))\n")]},
        why="The fraction step // warmup_steps is an integer division: 0 for every step of the warmup, so the rate "
            "is 0 during the whole warmup and then jumps to base_lr.",
        source="lesson 'Optimization', section 'Learning Rate Schedules / Warmup' (base_lr * step / warmup_steps), "
               "typed with step decay's //"),
    Mistake(
        tag="warmup-then-decays", name="warmup-noam-inverse-sqrt", novel=True, held_out=True,
        edits={M: [("        return float(base_lr * step / warmup_steps)\n    return float(base_lr)\n",
                    "        return float(base_lr * step / warmup_steps)\n"
                    "    return float(base_lr * (warmup_steps / step) ** 0.5)   # Transformer schedule\n")]},
        why="The Transformer paper's warmup (linear up, then proportional to 1/sqrt(step)) taken for 'linear "
            "warmup': after warmup_steps the spec's rate stays at base_lr, this one decays.",
        source="https://arxiv.org/abs/1706.03762 (section 5.3: lrate = d^-0.5 min(step^-0.5, step warmup^-1.5))"),
    # --- warmup_cosine ---------------------------------------------------------------------------------
    Mistake(
        tag="warmup-cosine-wrong-length", name="warmup-cosine-shifted-over-total", held_out=True,
        edits={M: [("    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n",
                    "    return cosine_annealing(step - warmup_steps, total_steps, base_lr, min_lr)\n")]},
        why="The step is shifted but the period is not shortened: the cosine runs over total_steps from the end of "
            "the warmup and has not reached min_lr when training ends.",
        source="https://huggingface.co/docs/transformers/main_classes/optimizer_schedules#transformers.get_cosine_schedule_with_warmup "
               "(progress = (step - warmup) / (total - warmup): the denominator students drop)"),
    Mistake(
        tag="warmup-starts-at-one", name="warmup-cosine-ramp-of-step-plus-one", held_out=True,
        edits={M: [("        return linear_warmup(step, warmup_steps, base_lr)\n",
                    "        return linear_warmup(step + 1, warmup_steps, base_lr)   # steps count from 1\n")]},
        why="Steps counted from 1 inside the warmup: the ramp starts at base_lr / warmup_steps instead of 0 and "
            "reaches base_lr one step early.",
        source="https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py "
               "(lr_lambda(current_step) with current_step from 0; +1 added by students who count from 1)"),
    # --- one_cycle -------------------------------------------------------------------------------------
    Mistake(
        tag="one-cycle-peak-off-by-one", name="one-cycle-peak-at-pct-of-last-index", held_out=True,
        edits={M: [("    end1 = float(pct_start * total_steps) - 1\n",
                    "    end1 = float(pct_start * (total_steps - 1))\n")]},
        why="The peak put at pct_start of the last index instead of PyTorch's pct_start * total_steps - 1: "
            "for 100 steps the peak is at 29.7 instead of 29, and every rate of both phases shifts.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html (source: "
               "end_step = float(pct_start * total_steps) - 1)"),
    Mistake(
        tag="one-cycle-wrong-final", name="one-cycle-fastai-div-final", also=("one-cycle-library-option",),
        held_out=True,
        edits={M: [("    final = initial / final_div_factor\n",
                    "    final = max_lr / 1e5   # fastai: div_final=1e5\n")]},
        why="fastai's fit_one_cycle ends at lr_max / div_final with div_final = 1e5; PyTorch's OneCycleLR (the "
            "spec) ends at initial_lr / final_div_factor = max_lr / 2.5e5.",
        source="https://docs.fast.ai/callback.schedule.html#learner.fit_one_cycle (div=25.0, div_final=1e5)"),
    # --- ReduceLROnPlateau -----------------------------------------------------------------------------
    Mistake(
        tag="plateau-compares-previous", name="plateau-best-overwritten-every-epoch", held_out=True,
        edits={M: [("        if metric < self.best * (1 - self.threshold):\n"
                    "            self.best = metric\n"
                    "            self.num_bad_epochs = 0\n"
                    "        else:\n"
                    "            self.num_bad_epochs += 1\n",
                    "        if metric < self.best * (1 - self.threshold):\n"
                    "            self.num_bad_epochs = 0\n"
                    "        else:\n"
                    "            self.num_bad_epochs += 1\n"
                    "        self.best = metric\n")]},
        why="best is assigned after the if/else, on every epoch (the line dedented out of the if): each metric is "
            "compared with the previous epoch's, not with the best so far, so a metric that creeps back up after "
            "an improvement is counted against the wrong reference.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(is_better(current, self.best); best updated only on improvement)"),
    Mistake(
        tag="plateau-mode-max", name="plateau-accuracy-mode", novel=True, held_out=True,
        edits={M: [("        self.best = math.inf          # best (lowest) metric seen so far\n",
                    "        self.best = -math.inf         # best metric seen so far\n"),
                   ("        if metric < self.best * (1 - self.threshold):\n",
                    "        if metric > self.best * (1 + self.threshold):\n")]},
        why="mode='max' (the setting for accuracy, from Keras and PyTorch examples that monitor val_accuracy) "
            "used for a loss: a RISING metric counts as an improvement, a falling loss as a bad epoch, so the "
            "rate is cut while training is going well.",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/ (mode 'max': reduce when the quantity stops "
               "increasing)"),
    Mistake(
        tag="plateau-min-max-swapped", name="plateau-min-instead-of-max-floor", novel=True, held_out=True,
        edits={M: [("            new_lr = max(self.lr * self.factor, self.min_lr)\n",
                    "            new_lr = min(self.lr * self.factor, self.min_lr)\n")]},
        why="The floor written with min instead of max: the first cut sets the rate to min_lr (0 by default) "
            "instead of lr * factor.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(new_lr = max(old_lr * factor, min_lr))"),
    # --- lr_range_test ---------------------------------------------------------------------------------
    Mistake(
        tag="range-test-linear-spacing", name="range-test-linear-interpolation", held_out=True,
        edits={M: [("        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n",
                    "        lr = lr_min + (lr_max - lr_min) * i / (n_steps - 1)\n")]},
        why="The rates interpolated linearly between lr_min and lr_max: almost every step lies in the top decade "
            "and the small rates are never tried.",
        source="https://github.com/davidtvs/pytorch-lr-finder (step_mode 'linear' vs the default 'exp')"),
    Mistake(
        tag="range-test-absolute-stop", name="range-test-stops-above-4", novel=True, held_out=True,
        edits={M: [("        if loss > 4 * best:\n",
                    "        if loss > 4:\n")]},
        why="'Stop when the loss exceeds 4' instead of '4 times the best loss seen': the stop no longer depends on "
            "the curve -- a model whose loss starts above 4 stops at once, one whose loss is small never stops.",
        source="https://sgugger.github.io/how-do-you-find-a-good-learning-rate.html (stop when the loss is over 4 "
               "times the minimum)"),
    # --- suggest_lr ------------------------------------------------------------------------------------
    Mistake(
        tag="suggest-lr-returns-index", name="suggest-lr-argmin-position", novel=True, held_out=True,
        edits={M: [("    return float(lrs[np.argmin(falling)])\n",
                    "    return float(np.argmin(falling))\n")]},
        why="The position of the steepest fall is returned instead of the learning rate at that position: a number "
            "like 23.0.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.argmin.html (returns indices)"),
    Mistake(
        tag="suggest-lr-after-minimum", name="suggest-lr-slope-after-the-minimum", novel=True, held_out=True,
        edits={M: [("    falling = slope[:np.argmin(smooth) + 1]   # the descent lies before the minimum\n"
                    "    return float(lrs[np.argmin(falling)])\n",
                    "    start = np.argmin(smooth)\n"
                    "    falling = slope[start:]\n"
                    "    return float(lrs[start + np.argmin(falling)])\n")]},
        why="The slice taken on the wrong side of the minimum: the suggestion comes from the part of the curve "
            "where the loss already rises (at or past the minimum), too large a rate.",
        source="https://docs.fast.ai/callback.schedule.html#learner.lr_find (suggestions come from the descent "
               "before the minimum)"),
]
