"""Held-out round 4, week 3: mistakes written as student code from public sources, before grading.

Each case edits the reference ``schedules.py``; ``tag`` is what a reader would call the mistake,
``novel=True`` marks a kind that no tag of the training catalogue describes.
"""
from autograder.catalogue import Mistake

M = "schedules"

_WARMUP_COSINE = ("    if step < warmup_steps:\n"
                  "        return linear_warmup(step, warmup_steps, base_lr)\n"
                  "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n")
_ONE_CYCLE_RETURN = "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n"
_COSINE_RETURN = "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n"

ROUND_4 = [
    # --- step_decay -------------------------------------------------------------------------
    Mistake(
        tag="step-decay-off-by-one", name="step-decay-floor-one-plus-epoch", held_out=True,
        edits={M: [(
            "    return float(initial_lr * drop ** (epoch // epochs_drop))\n",
            "    return float(initial_lr * math.pow(drop, math.floor((1 + epoch) / epochs_drop)))\n")]},
        why="the widely copied Keras LearningRateScheduler example: (1 + epoch) makes the first drop come "
            "at epoch epochs_drop - 1.",
        source="https://marko-kovacevic.com/blog/learning-rate-schedules-in-deep-learning/ (step_decay with "
               "math.floor((1+epoch)/epochs_drop)), after machinelearningmastery's Keras tutorial"),
    Mistake(
        tag="step-decay-precedence", name="step-decay-floor-divides-the-rate", held_out=True, novel=True,
        edits={M: [(
            "    return float(initial_lr * drop ** (epoch // epochs_drop))\n",
            "    return float(initial_lr * drop ** epoch // epochs_drop)\n")]},
        why="parentheses dropped: (initial_lr * drop**epoch) // epochs_drop floor-divides the rate "
            "itself, which is 0.0 for any rate below epochs_drop.",
        source="https://docs.python.org/3/reference/expressions.html#operator-precedence (** binds tighter "
               "than * and //, which go left to right)"),
    # --- exponential_decay ------------------------------------------------------------------
    Mistake(
        tag="exp-decay-k-as-base", name="exp-decay-k-to-the-epoch", held_out=True, novel=True,
        edits={M: [(
            "    return float(initial_lr * math.exp(-k * epoch))\n",
            "    return float(initial_lr * k ** epoch)\n")]},
        why="the lesson's 'initial_rate x decay_rate^epoch' (TF's ExponentialDecay) with k taken as the "
            "decay rate: for k = 0.1 the rate falls 10x per epoch instead of by exp(-0.1).",
        source="lesson 'Lesson 8: Optimization and Learning', Exponential Decay (Learning rate = initial_rate "
               "x decay_rate^epoch); https://www.tensorflow.org/api_docs/python/tf/keras/optimizers/schedules/ExponentialDecay"),
    Mistake(
        tag="exp-decay-one-minus-k", name="exp-decay-times-one-minus-k", held_out=True, novel=True,
        edits={M: [(
            "    return float(initial_lr * math.exp(-k * epoch))\n",
            "    return float(initial_lr * (1 - k) ** epoch)\n")]},
        why="'lr *= 1 - k' every epoch, the first-order approximation of exp(-k): slightly faster decay, "
            "far off for large k.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ExponentialLR.html "
               "(gamma per epoch; the course's gamma is exp(-k))"),
    # --- cosine_annealing -------------------------------------------------------------------
    Mistake(
        tag="cosine-missing-half", name="cosine-without-over-2", held_out=True, novel=True,
        edits={M: [(_COSINE_RETURN,
            "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)))\n")]},
        why="the 1/2 of the formula dropped: the schedule starts at 2 lr_max - lr_min.",
        source="lesson 'Optimization', Cosine Annealing (eta_min + 1/2 (eta_max - eta_min)(1 + cos(t pi / T)))"),
    Mistake(
        tag="cosine-lr-min-added-on-top", name="cosine-lr-min-plus-full-amplitude", held_out=True, novel=True,
        edits={M: [(_COSINE_RETURN,
            "    return float(lr_min + lr_max * (1 + math.cos(math.pi * t / T)) / 2)\n")]},
        why="lr_min added to the lr_max cosine instead of scaling the amplitude to lr_max - lr_min: starts at "
            "lr_max + lr_min.",
        source="https://arxiv.org/abs/1608.03983 eq. (5) (eta_min + 1/2 (eta_max - eta_min)(1 + cos))"),
    # --- linear_warmup ----------------------------------------------------------------------
    Mistake(
        tag="warmup-linearlr-start-factor", name="warmup-from-one-third", held_out=True, novel=True,
        edits={M: [(
            "        return float(base_lr * step / warmup_steps)\n",
            "        start_factor = 1.0 / 3.0   # torch LinearLR default\n"
            "        return float(base_lr * (start_factor + (1 - start_factor) * step / warmup_steps))\n")]},
        why="PyTorch's LinearLR defaults: the warmup starts at base_lr / 3, not at 0.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LinearLR.html (start_factor=1/3)"),
    Mistake(
        tag="warmup-floor-division", name="warmup-integer-division", held_out=True, novel=True,
        edits={M: [(
            "        return float(base_lr * step / warmup_steps)\n",
            "        return float(base_lr * step // warmup_steps)\n")]},
        why="// carried over from step decay: (base_lr * step) // warmup_steps is 0 during the whole "
            "warmup for a base_lr below 1, then jumps to base_lr.",
        source="lesson 'Optimization', Warmup (base_lr * step / warmup_steps) next to step_decay's "
               "epoch // epochs_drop"),
    # --- warmup_cosine ----------------------------------------------------------------------
    Mistake(
        tag="warmup-cosine-min-lr-clamp", name="warmup-cosine-max-min-lr", held_out=True, novel=True,
        edits={M: [(_WARMUP_COSINE,
            "    if step < warmup_steps:\n"
            "        return linear_warmup(step, warmup_steps, base_lr)\n"
            "    progress = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))\n"
            "    return float(max(min_lr, base_lr * 0.5 * (1.0 + math.cos(math.pi * progress))))\n")]},
        why="min_lr used as a floor under the base_lr cosine instead of its end point: the cosine falls as if "
            "towards 0 and is cut flat where it crosses min_lr.",
        source="https://github.com/k-kassab/refinedfields ops/schedulers.py (max(eta_min, 0.5 * (1 + cos(...))))"),
    Mistake(
        tag="cosine-quarter-period", name="warmup-cosine-num-cycles-half", held_out=True,
        edits={M: [(_WARMUP_COSINE,
            "    if step < warmup_steps:\n"
            "        return linear_warmup(step, warmup_steps, base_lr)\n"
            "    progress = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))\n"
            "    return float(min_lr + (base_lr - min_lr) * max(0.0, math.cos(math.pi * 0.5 * progress)))\n")]},
        why="Hugging Face's num_cycles=0.5 without its factor 2: cos(pi/2 * progress), a quarter period that "
            "falls slowly first and steeply at the end, not the half-cosine factor (1 + cos(pi p)) / 2.",
        source="https://github.com/cosmaadrian/self-adjusting-networks utils.py (max(0.0, cos(pi * num_cycles "
               "* progress)) with num_cycles = 0.5)"),
    Mistake(
        tag="warmup-cosine-warmup-from-min-lr", name="warmup-cosine-ramp-starts-at-min-lr", held_out=True,
        novel=True,
        edits={M: [(_WARMUP_COSINE,
            "    if step < warmup_steps:\n"
            "        return float(min_lr + (base_lr - min_lr) * step / warmup_steps)\n"
            "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n")]},
        why="the warmup ramps from min_lr (as timm's warmup_lr_init is often set) instead of from 0.",
        source="https://huggingface.co/docs/timm/reference/schedulers (CosineLRScheduler warmup_lr_init)"),
    # --- one_cycle --------------------------------------------------------------------------
    Mistake(
        tag="one-cycle-three-phase", name="one-cycle-torch-three-phase", held_out=True, novel=True,
        edits={M: [(
            "    end2 = total_steps - 1\n"
            "    if step <= end1:\n"
            "        start_lr, end_lr, pct = initial, max_lr, step / end1\n"
            "    else:\n"
            "        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)\n",
            "    end2 = float(2 * pct_start * total_steps) - 2\n"
            "    end3 = total_steps - 1\n"
            "    if step <= end1:\n"
            "        start_lr, end_lr, pct = initial, max_lr, step / end1\n"
            "    elif step <= end2:\n"
            "        start_lr, end_lr, pct = max_lr, initial, (step - end1) / (end2 - end1)\n"
            "    else:\n"
            "        start_lr, end_lr, pct = initial, final, (step - end2) / (end3 - end2)\n")]},
        why="OneCycleLR's three_phase=True (fastai's original shape): back down to the initial rate as "
            "symmetrically as it rose, then a third phase to the final rate.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html (three_phase)"),
    Mistake(
        tag="one-cycle-cosine-reversed", name="one-cycle-anneal-from-the-end", held_out=True, novel=True,
        edits={M: [(_ONE_CYCLE_RETURN,
            "    return float(start_lr + (end_lr - start_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n")]},
        why="cos_anneal written from memory with start and end exchanged: each phase runs backwards "
            "(max_lr at step 0, the initial rate at the peak step, then a jump).",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py (OneCycleLR._annealing_cos: "
               "end + (start - end) / 2 * (cos(pi * pct) + 1))"),
    # --- ReduceLROnPlateau ------------------------------------------------------------------
    Mistake(
        tag="plateau-ignores-threshold", name="plateau-plain-less-than-best", held_out=True, novel=True,
        edits={M: [(
            "        if metric < self.best * (1 - self.threshold):\n",
            "        if metric < self.best:\n")]},
        why="any decrease counts as an improvement: a metric creeping down by 0.001 % resets the patience, "
            "where PyTorch's relative threshold counts it as a bad epoch.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(threshold, threshold_mode='rel')"),
    Mistake(
        tag="plateau-min-lr-never-reached", name="plateau-cuts-only-above-min-lr", held_out=True, novel=True,
        edits={M: [(
            "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
            "            if self.lr - new_lr > self.eps:\n"
            "                self.lr = new_lr\n",
            "            if self.lr * self.factor >= self.min_lr:\n"
            "                self.lr = self.lr * self.factor\n")]},
        why="the floor applied by skipping a cut that would go below min_lr: the rate stops above min_lr "
            "instead of being set to it.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(new_lr = max(old_lr * factor, min_lr))"),
    # --- lr_range_test ----------------------------------------------------------------------
    Mistake(
        tag="range-test-smooths-loss", name="range-test-stop-on-fastai-ema", held_out=True, novel=True,
        edits={M: [(
            "        if not math.isfinite(loss):\n"
            "            break\n"
            "        best = min(best, loss)\n"
            "        if loss > 4 * best:\n"
            "            break\n",
            "        if not math.isfinite(loss):\n"
            "            break\n"
            "        avg = loss if i == 0 else 0.98 * avg + 0.02 * loss\n"
            "        smoothed = avg / (1 - 0.98 ** (i + 1)) if i else loss\n"
            "        best = min(best, smoothed)\n"
            "        if smoothed > 4 * best:\n"
            "            break\n")]},
        why="fastai's smoothed loss used inside the test: the spec's stop rule reads each raw loss (the "
            "caller smooths if it wants), so the smoothed test runs on long after a raw 4x blow-up.",
        source="https://sgugger.github.io/how-do-you-find-a-good-learning-rate.html (avg_loss = beta * avg_loss "
               "+ (1 - beta) * loss, debiased, stop at 4x best)"),
    Mistake(
        tag="range-test-compares-first-loss", name="range-test-4x-first-loss", held_out=True, novel=True,
        edits={M: [(
            "        if loss > 4 * best:\n",
            "        if loss > 4 * losses[0]:\n")]},
        why="the blow-up judged against the first loss instead of the best so far: a run whose loss first "
            "fell a lot can climb far past 4x its best before it is stopped.",
        source="Apache MXNet Gluon tutorial 'Learning Rate Finder' (LRFinderStoppingCriteria: running_mean > "
               "first_loss * 2)"),
    Mistake(
        tag="range-test-spacing-off-by-one", name="range-test-multiplier-over-n-steps", held_out=True, novel=True,
        edits={M: [(
            "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n",
            "        lr = lr_min * (lr_max / lr_min) ** (i / n_steps)\n")]},
        why="the multiplier (lr_max / lr_min) ** (1 / n_steps) of many LR finders: the last rate is one "
            "factor short of lr_max.",
        source="https://github.com/surmenok/keras_lr_finder keras_lr_finder/lr_finder.py (lr_mult = (end_lr / "
               "start_lr) ** (1 / num_batches), so the last batch's rate is one factor short of end_lr)"),
    # --- suggest_lr -------------------------------------------------------------------------
    Mistake(
        tag="suggest-lr-nan-not-dropped", name="suggest-lr-raw-argmin-over-10", held_out=True, novel=True,
        edits={M: [(
            "    lrs = np.asarray(lrs, dtype=np.float64)\n"
            "    losses = np.asarray(losses, dtype=np.float64)\n"
            "    keep = np.isfinite(losses)\n",
            "    lrs = np.asarray(lrs, dtype=np.float64)\n"
            "    losses = np.asarray(losses, dtype=np.float64)\n"
            "    return float(lrs[np.argmin(losses)] / 10)   # fastai: minimum / 10\n"
            "    keep = np.isfinite(losses)\n")]},
        why="fastai's 'minimum / 10' on the raw curve: np.argmin returns the index of a nan when the test "
            "stopped on one, so the suggestion is the blow-up rate / 10.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.argmin.html (nan propagates); "
               "https://docs.fast.ai/callback.schedule.html (lr_min = minimum / 10)"),
    Mistake(
        tag="suggest-lr-linear-slope", name="suggest-lr-gradient-against-lr", held_out=True, novel=True,
        edits={M: [(
            "    slope = np.gradient(smooth, np.log(lrs))\n",
            "    slope = np.gradient(smooth, lrs)\n")]},
        why="the slope per unit of lr instead of per factor of lr: on log-spaced rates it divides by tiny "
            "spacings at the start, so a small wiggle on the flat part wins.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.gradient.html (the second argument is "
               "the coordinates); fastai's 'steep' suggestion divides by differences of log(lr) "
               "https://docs.fast.ai/callback.schedule.html"),
]
