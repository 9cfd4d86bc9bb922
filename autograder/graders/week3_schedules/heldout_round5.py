"""Held-out round 5, week 3: mistakes students write in schedules.py, as edits to the reference.

Written outside the repository from public sources (library documentation and issues, LR-finder
repositories, the lessons), before any grading. Each case is frozen once written.
"""
from autograder.catalogue import Mistake

M = "schedules"

ROUND_5 = [
    # ---------------------------------------------------------------- step_decay
    Mistake(
        tag="step-decay-only-on-boundary",
        name="step-decay-steplr-recursive-rule",
        novel=True,
        edits={M: [(
            "    return float(initial_lr * drop ** (epoch // epochs_drop))\n",
            "    if epoch == 0 or epoch % epochs_drop != 0:\n"
            "        return float(initial_lr)\n"
            "    return float(initial_lr * drop)\n",
        )]},
        why="StepLR's recursive rule (keep the current lr, multiply by gamma when last_epoch % step_size == 0) "
            "copied into a stateless function, where 'the current lr' is always initial_lr: the rate dips to "
            "initial_lr * drop only on epochs 10, 20, ... and is back at initial_lr in between -- no staircase.",
        source="https://github.com/pytorch/pytorch/blob/main/torch/optim/lr_scheduler.py (StepLR.get_lr: "
               "'if (self.last_epoch == 0) or (self.last_epoch % self.step_size != 0): return [group[lr] ...]; "
               "return [group[lr] * self.gamma ...]')",
        held_out=True,
    ),
    Mistake(
        tag="step-decay-off-by-one",
        name="step-decay-epoch-minus-one",
        edits={M: [(
            "    return float(initial_lr * drop ** (epoch // epochs_drop))\n",
            "    return float(initial_lr * drop ** ((epoch - 1) // epochs_drop))   # epochs counted from 1\n",
        )]},
        why="Epochs assumed to be numbered from 1 (as Keras' progress bar prints them) and shifted back: the "
            "first drop comes one epoch late (epoch 11), and epoch 0 gets (-1) // 10 = -1, a rate of "
            "initial_lr / drop.",
        source="https://keras.io/api/callbacks/learning_rate_scheduler/ (schedule(epoch, lr) with epoch from 0, "
               "while fit() prints 'Epoch 1/...')",
        held_out=True,
    ),
    # ---------------------------------------------------------------- exponential_decay
    Mistake(
        tag="exp-decay-one-minus-k",
        name="exp-decay-one-minus-k-power",
        edits={M: [(
            "    return float(initial_lr * math.exp(-k * epoch))\n",
            "    return float(initial_lr * (1 - k) ** epoch)\n",
        )]},
        why="'Decay by a rate k per epoch' as the compound-interest form (1 - k)**epoch: close to exp(-k "
            "epoch) for tiny k only; for k = 0.5 it is 0.5**epoch instead of 0.61**epoch, and k >= 1 gives 0 "
            "or a sign that alternates.",
        source="the lessons: 'Exponential Decay' (initial_rate x decay_rate^epoch); the lessons: table "
               "(eta_0 e^{-kt}); https://www.tensorflow.org/api_docs/python/tf/keras/optimizers/schedules/ExponentialDecay",
        held_out=True,
    ),
    Mistake(
        tag="exp-decay-wrong-exponent",
        name="exp-decay-e-power-precedence",
        edits={M: [(
            "    return float(initial_lr * math.exp(-k * epoch))\n",
            "    return float(initial_lr * math.e ** -k * epoch)\n",
        )]},
        why="e^{-kt} typed as math.e ** -k * epoch: ** binds tighter than *, so this is initial_lr * e^{-k} "
            "* epoch -- 0 at epoch 0 and growing linearly afterwards.",
        source="the lessons: schedules table (eta_t = eta_0 * e^{-kt}); "
               "https://docs.python.org/3/reference/expressions.html#operator-precedence",
        held_out=True,
    ),
    # ---------------------------------------------------------------- cosine_annealing
    Mistake(
        tag="cosine-missing-pi",
        name="cosine-cos-of-t-over-T",
        novel=True,
        edits={M: [(
            "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n",
            "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(t / T)) / 2)\n",
        )]},
        why="The pi of cos(pi t / T) dropped: the argument only runs from 0 to 1 radian, so the rate falls "
            "from lr_max to about 77 % of the way up (cos 1 = 0.54) and then jumps to lr_min after T.",
        source="the lessons: 'Cosine Annealing' (eta_min + 1/2 (eta_max - eta_min)(1 + cos(t/T pi)): the pi "
               "written last is easy to lose)",
        held_out=True,
    ),
    Mistake(
        tag="cosine-ignores-lr-min",
        name="cosine-lr-min-only-after-T",
        edits={M: [(
            "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n",
            "    return float(lr_max * 0.5 * (1 + math.cos(math.pi * t / T)))\n",
        )]},
        why="The lesson's plotting formula initial_lr * 0.5 * (1 + cos(pi t / T)) used for the annealing, with "
            "lr_min kept only for t >= T: the curve falls towards 0 instead of lr_min and jumps up to lr_min "
            "at T.",
        source="the lessons: schedule plots (cosine_lr = initial_lr * 0.5 * (1 + np.cos(np.pi * epochs / 100)))",
        held_out=True,
    ),
    # ---------------------------------------------------------------- linear_warmup
    Mistake(
        tag="warmup-log-ramp",
        name="warmup-deepspeed-log",
        novel=True,
        edits={M: [(
            "    if step < warmup_steps:\n"
            "        return float(base_lr * step / warmup_steps)\n"
            "    return float(base_lr)\n",
            "    if step < warmup_steps:\n"
            "        return float(base_lr * math.log(step + 1) / math.log(warmup_steps))\n"
            "    return float(base_lr)\n",
        )]},
        why="DeepSpeed's WarmupLR default (warmup_type='log'): the rate rises as log(step + 1) / "
            "log(warmup_steps), reaching half of base_lr within a few steps -- not the linear ramp the spec "
            "asks for (and warmup_steps = 1 divides by log 1 = 0).",
        source="https://deepspeed.readthedocs.io/en/latest/schedulers.html (WarmupLR; its signature in "
               "deepspeed/runtime/lr_schedules.py: warmup_type: str = WARMUP_LOG_RATE)",
        held_out=True,
    ),
    Mistake(
        tag="warmup-starts-at-one",
        name="warmup-min-one-step-plus-one",
        edits={M: [(
            "    if step < warmup_steps:\n"
            "        return float(base_lr * step / warmup_steps)\n"
            "    return float(base_lr)\n",
            "    return float(base_lr * min(1.0, (step + 1) / warmup_steps))\n",
        )]},
        why="The first update 'should not be wasted' with a rate of 0, so steps are counted from 1: every "
            "warmup rate is one step ahead, base_lr is reached at step warmup_steps - 1 (and warmup_steps = 0 "
            "divides by zero).",
        source="https://github.com/facebookresearch/ParlAI/pull/4384 (off-by-one debate on reaching the exact "
               "max LR at the end of warmup); the lessons: warmup_schedule (base_lr * step / warmup_steps)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- warmup_cosine
    Mistake(
        tag="cosine-off-by-one",
        name="warmup-cosine-period-minus-one",
        edits={M: [(
            "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n",
            "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps - 1, base_lr, min_lr)\n",
        )]},
        why="The cosine is made to reach min_lr at the last step index (total_steps - 1, as OneCycleLR does), "
            "so its period is one step short: every rate after the warmup is a little low and min_lr arrives "
            "one step early.",
        source="https://github.com/huggingface/pytorch-image-models/pull/2312 (cosine with warmup not reaching "
               "lr_min at the intended step); docstring: min_lr at step = total_steps",
        held_out=True,
    ),
    Mistake(
        tag="warmup-cosine-not-shifted",
        name="warmup-cosine-product-of-lambdas",
        edits={M: [(
            "    if step < warmup_steps:\n"
            "        return linear_warmup(step, warmup_steps, base_lr)\n"
            "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n",
            "    warm = min(1.0, step / warmup_steps) if warmup_steps > 0 else 1.0\n"
            "    return float(warm * cosine_annealing(step, total_steps, base_lr, min_lr))\n",
        )]},
        why="Two schedule factors chained by multiplication (ChainedScheduler / LambdaLR style): the cosine "
            "runs on the raw step over the whole run, so it has already decayed while the warmup is still "
            "ramping, the peak is below base_lr and the warmup does not start from the cosine's start.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ChainedScheduler.html "
               "(factors multiply); https://github.com/facebookresearch/fairchem/pull/1967 (cosine decaying "
               "during the warmup)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- one_cycle
    Mistake(
        tag="one-cycle-linear",
        name="one-cycle-linear-up-cosine-down",
        edits={M: [(
            "    if step <= end1:\n"
            "        start_lr, end_lr, pct = initial, max_lr, step / end1\n"
            "    else:\n",
            "    if step <= end1:\n"
            "        return float(initial + (max_lr - initial) * step / end1)   # linear warmup to the peak\n"
            "    else:\n",
        )]},
        why="The usual 'linear warmup, cosine decay' shape taken for one-cycle: phase 1 is a straight line, "
            "while OneCycleLR (anneal_strategy='cos') uses a half cosine in both phases, so every rate "
            "before the peak differs.",
        source="https://github.com/nathanhubens/KerasOneCycle/pull/1 ('you didn't use cosinusoidal steps'); "
               "https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html",
        held_out=True,
    ),
    Mistake(
        tag="one-cycle-wrong-final",
        also=("one-cycle-div-factor-inverted",),
        name="one-cycle-final-times-factor",
        edits={M: [(
            "    final = initial / final_div_factor\n",
            "    final = initial * final_div_factor\n",
        )]},
        why="final_div_factor applied the wrong way round: the second phase anneals from max_lr up towards "
            "initial * 1e4 instead of down to initial / 1e4, so the rate rises to 10 x max_lr's scale at the "
            "end of the run.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html "
               "(min_lr = initial_lr / final_div_factor); https://github.com/pytorch/pytorch/issues/40362",
        held_out=True,
    ),
    # ---------------------------------------------------------------- ReduceLROnPlateau
    Mistake(
        tag="plateau-ignores-patience",
        name="plateau-cuts-on-every-bad-epoch",
        novel=True,
        edits={M: [(
            "        if self.num_bad_epochs > self.patience:\n",
            "        if self.num_bad_epochs > 0:\n",
        )]},
        why="The patience is stored but never used: the rate is cut on the first epoch without improvement, "
            "and after each further one.",
        source="https://github.com/nitrain/nitrain/issues/23 ('patience is only used in assigning a class "
               "variable, self.patience, which is never used in on_epoch_end')",
        held_out=True,
    ),
    Mistake(
        tag="plateau-counter-not-reset",
        name="plateau-keras-cooldown-zero",
        edits={M: [(
            "            if self.lr - new_lr > self.eps:\n"
            "                self.lr = new_lr\n"
            "            self.num_bad_epochs = 0\n",
            "            if self.lr - new_lr > self.eps:\n"
            "                self.lr = new_lr\n"
            "            self.cooldown_counter = 0          # no cooldown: wait counter handled below\n",
        )]},
        why="Keras 1's callback reset its wait counter only in the cooldown branch, so with cooldown = 0 the "
            "counter is never reset after a cut: once patience is exceeded the rate is cut again at every "
            "following bad epoch.",
        source="https://github.com/keras-team/keras/issues/3991 ('since self.cooldown == 0 we don't take this "
               "branch and therefore never reset self.wait')",
        held_out=True,
    ),
    Mistake(
        tag="plateau-inf-threshold-nan",
        name="plateau-best-minus-best-times-threshold",
        novel=True,
        edits={M: [(
            "        if metric < self.best * (1 - self.threshold):\n",
            "        if metric < self.best - self.threshold * self.best:   # relative threshold\n",
        )]},
        why="The relative threshold written as best - threshold * best: with best = +inf at the start this "
            "is inf - inf = nan, every comparison with nan is False, so no metric is ever an improvement, "
            "best stays inf and the rate is cut every patience + 1 epochs whatever the metric does.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(dynamic_threshold = best * (1 - threshold) in 'rel' mode; best starts at inf)",
        held_out=True,
    ),
    # ---------------------------------------------------------------- lr_range_test
    Mistake(
        tag="range-test-spacing-off-by-one",
        name="range-test-geomspace-n-plus-one",
        edits={M: [(
            "    for i in range(n_steps):\n"
            "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n",
            "    schedule = np.geomspace(lr_min, lr_max, n_steps + 1)\n"
            "    for i in range(n_steps):\n"
            "        lr = float(schedule[i])\n",
        )]},
        why="The rates are n_steps + 1 points of a geometric grid (the lr_mult = (end/start)**(1/num_batches) "
            "of many LR finders) of which only n_steps are used: the test never reaches lr_max and every "
            "rate is a little lower than the spec's.",
        source="https://github.com/surmenok/keras_lr_finder/pull/5 (lr_mult = (end_lr / start_lr) ** (1 / "
               "num_batches))",
        held_out=True,
    ),
    Mistake(
        tag="range-test-stop-factor",
        name="range-test-stop-at-10x",
        novel=True,
        edits={M: [(
            "        if loss > 4 * best:\n",
            "        if loss > 10 * best:\n",
        )]},
        why="A gist's 'current_loss > 10 x lowest_loss' stop criterion: the test runs on long after the 4x "
            "rule of the spec (fastai, Smith) would have stopped it, recording rates deep in the blow-up.",
        source="https://github.com/keras-team/keras-contrib/issues/204 (WittmannF's LR finder: 'Automatic stop "
               "criteria if current_loss > 10 x lowest_loss')",
        held_out=True,
    ),
    Mistake(
        tag="range-test-no-stop-in-first-steps",
        name="range-test-batch-greater-than-5",
        novel=True,
        edits={M: [(
            "        if not math.isfinite(loss):\n"
            "            break\n"
            "        best = min(best, loss)\n"
            "        if loss > 4 * best:\n"
            "            break\n",
            "        best = min(best, loss)\n"
            "        if i > 5 and (math.isnan(loss) or loss > 4 * best):\n"
            "            break\n",
        )]},
        why="The stop rule is skipped for the first steps ('batch > 5'): a loss that is nan, inf or more "
            "than 4x the best in the first six steps does not stop the test, which runs on with rates that "
            "already blew up the model.",
        source="https://github.com/beringresearch/lrfinder/issues/1 (if batch > 5 and (math.isnan(loss) or "
               "loss > self.best_loss * 4))",
        held_out=True,
    ),
    # ---------------------------------------------------------------- suggest_lr
    Mistake(
        tag="suggest-lr-ema-from-zero",
        name="suggest-lr-uncorrected-ema",
        novel=True,
        edits={M: [(
            "    half = len(losses) // 20\n"
            "    csum = np.concatenate([[0.0], np.cumsum(losses)])\n"
            "    i = np.arange(len(losses))\n"
            "    lo, hi = np.maximum(i - half, 0), np.minimum(i + half + 1, len(losses))\n"
            "    smooth = (csum[hi] - csum[lo]) / (hi - lo)\n",
            "    avg, smooth = 0.0, []\n"
            "    for loss in losses:                      # exponential moving average, beta = 0.98\n"
            "        avg = 0.98 * avg + 0.02 * loss\n"
            "        smooth.append(avg)\n"
            "    smooth = np.array(smooth)\n",
        )]},
        why="The losses are smoothed with an exponential moving average that starts at 0 and is not "
            "bias-corrected: the smoothed curve rises from 0 for dozens of points, its minimum is the first "
            "point, and the suggestion falls on the flat start of the test.",
        source="https://github.com/Lightning-AI/pytorch-lightning/issues/14167 ('the smoothing starts with an "
               "initial self.avg_loss of zero ... the loss increases at first with learning rate')",
        held_out=True,
    ),
    Mistake(
        tag="suggest-lr-nan-not-dropped",
        name="suggest-lr-keeps-nan-in-smoothing",
        edits={M: [(
            "    keep = np.isfinite(losses)\n"
            "    lrs, losses = lrs[keep], losses[keep]\n",
            "",
        )]},
        why="The blow-up point (nan or inf) that ends a range test is left in the curve: the running sums "
            "turn every smoothed value near it into nan, np.argmin returns the index of the first nan, and "
            "the suggestion lands at the blow-up instead of on the descent.",
        source="https://github.com/Lightning-AI/pytorch-lightning/pull/1801 (suggestion on the raw loss list "
               "with np.gradient ... argmin); https://numpy.org/doc/stable/reference/generated/numpy.argmin.html "
               "(nan propagates to argmin)",
        held_out=True,
    ),
]
