"""Held-out round 8, week 3 (schedules.py): student code from public sources, written before grading."""
from autograder.catalogue import Mistake

M = "schedules"

STEP = "    return float(initial_lr * drop ** (epoch // epochs_drop))\n"
EXP = "    return float(initial_lr * math.exp(-k * epoch))\n"
COS = "    return float(lr_min + (lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n"
WARM = "        return float(base_lr * step / warmup_steps)\n"
WCOS = "    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)\n"
ONE_RET = "    return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n"
ONE_P2 = "        start_lr, end_lr, pct = max_lr, final, (step - end1) / (end2 - end1)\n"
PLAT_CUT = "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
PLAT_BODY = ("        metric = float(metric)\n"
             "        if metric < self.best * (1 - self.threshold):\n"
             "            self.best = metric\n"
             "            self.num_bad_epochs = 0\n"
             "        else:\n"
             "            self.num_bad_epochs += 1\n"
             "        if self.num_bad_epochs > self.patience:\n"
             "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
             "            if self.lr - new_lr > self.eps:\n"
             "                self.lr = new_lr\n"
             "            self.num_bad_epochs = 0\n")
RANGE_RECORD = ("        loss = float(loss_after_step(lr))\n"
                "        lrs.append(lr)\n"
                "        losses.append(loss)\n"
                "        if not math.isfinite(loss):\n"
                "            break\n"
                "        best = min(best, loss)\n"
                "        if loss > 4 * best:\n"
                "            break\n")
RANGE_HEAD = ("    best = math.inf\n"
              "    for i in range(n_steps):\n"
              "        lr = lr_min * (lr_max / lr_min) ** (i / (n_steps - 1))\n"
              "        loss = float(loss_after_step(lr))\n"
              "        lrs.append(lr)\n")
SUGGEST_FROM = "    keep = np.isfinite(losses)\n"

ROUND_8 = [
    # ---- step_decay ---------------------------------------------------------------------------------------
    Mistake(
        tag="step-decay-modulo", name="step-decay-percent-for-floor-division",
        edits={M: [(STEP, "    return float(initial_lr * drop ** (epoch % epochs_drop))\n")]},
        why="% typed for //: the exponent is the position inside the interval, so the rate falls every epoch and "
            "jumps back to initial_lr at every multiple of epochs_drop (a saw-tooth, not a staircase).",
        source="https://docs.python.org/3/reference/expressions.html#binary-arithmetic-operations (// and %)",
        novel=True, held_out=True),
    Mistake(
        tag="step-decay-product-for-power", name="step-decay-times-for-power",
        edits={M: [(STEP, "    return float(initial_lr * drop * (epoch // epochs_drop))\n")]},
        why="* typed for **: the rate is 0 for the whole first interval and then GROWS linearly with the number "
            "of intervals (drop * k) instead of shrinking geometrically (drop ** k).",
        source="https://machinelearningmastery.com/using-learning-rate-schedules-deep-learning-models-python-keras/ "
               "(step_decay with math.pow(drop, ...))",
        held_out=True),
    Mistake(
        tag="step-decay-only-on-boundary", name="step-decay-formula-only-on-multiples",
        edits={M: [(STEP, "    if epoch % epochs_drop == 0:\n"
                          "        return float(initial_lr * drop ** (epoch // epochs_drop))\n"
                          "    return float(initial_lr)\n")]},
        why="the Keras scheduler idiom 'change the rate only when epoch % epochs_drop == 0, else keep it' made "
            "stateless: 'keep it' returns initial_lr, so the rate dips on epochs 10, 20, ... and is back at "
            "initial_lr in between -- no staircase.",
        source="public student code (GitHub, found verbatim): def lr_schedule(epoch): ... if epoch % epochs_drop "
               "== 0: new_lr = initial_learning_rate * (drop ** (epoch // epochs_drop)); return new_lr; return "
               "initial_learning_rate; the Stack Overflow idiom in github.com/ThomasTrepanier/log6307-final-project "
               "data/pyscent/stackoverflow/code-dump/157326_64.py",
        held_out=True),
    # ---- exponential_decay --------------------------------------------------------------------------------
    Mistake(
        tag="exp-decay-lambdalr-factor", name="exp-decay-returns-lambdalr-factor",
        edits={M: [(EXP, "    return float(math.exp(-k * epoch))  # LambdaLR multiplies the initial rate by this\n")]},
        why="written as the lambda of PyTorch's LambdaLR, which returns a FACTOR of the initial rate: the spec's "
            "function returns the rate itself, initial_lr * exp(-k epoch); this one is off by initial_lr.",
        source="https://github.com/pytorch/pytorch/issues/78917 and https://github.com/lhoyer/MIC/issues/60 "
               "(rate vs factor confused around LambdaLR); "
               "https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.LambdaLR.html",
        held_out=True),
    # ---- cosine_annealing ---------------------------------------------------------------------------------
    Mistake(
        tag="cosine-floor-division", name="cosine-pi-t-floor-divided-by-T",
        edits={M: [(COS, COS.replace("math.pi * t / T", "math.pi * t // T"))]},
        why="// carried over from step decay: floor(pi t / T) takes only the values 0, 1, 2, 3, so the rate is a "
            "staircase of four levels instead of a smooth half cosine.",
        source="https://docs.python.org/3/reference/expressions.html#binary-arithmetic-operations",
        held_out=True),
    Mistake(
        tag="cosine-ignores-lr-min", name="cosine-amplitude-without-offset",
        edits={M: [(COS, "    return float((lr_max - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)\n")]},
        why="the amplitude lr_max - lr_min is used but the offset lr_min is not added: the rate starts at "
            "lr_max - lr_min, falls to 0 instead of lr_min, and jumps to lr_min after T.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html "
               "(eta_t = eta_min + (eta_max - eta_min)(1 + cos(pi T_cur / T_max)) / 2)",
        held_out=True),
    Mistake(
        tag="cosine-off-by-one", name="cosine-t-plus-one",
        edits={M: [(COS, COS.replace("math.pi * t / T", "math.pi * (t + 1) / T"))]},
        why="epochs counted from 1 inside the cosine: the rate at t = 0 is already below lr_max and lr_min is "
            "reached one epoch early.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html "
               "(T_cur starts at 0)",
        held_out=True),
    # ---- linear_warmup ------------------------------------------------------------------------------------
    Mistake(
        tag="warmup-linearlr-start-factor", also=("warmup-library-option",), name="warmup-mmcv-warmup-ratio-0.1",
        edits={M: [(WARM, "        k = (1 - step / warmup_steps) * (1 - 0.1)  # mmcv's default warmup_ratio\n"
                          "        return float(base_lr * (1 - k))\n")]},
        why="mmcv's linear warmup with its default warmup_ratio = 0.1: the ramp starts at base_lr / 10, not at 0 "
            "as the spec's base_lr * step / warmup_steps.",
        source="https://github.com/open-mmlab/mmcv/blob/v1.7.0/mmcv/runner/hooks/lr_updater.py "
               "(LrUpdaterHook: warmup_ratio=0.1, k = (1 - cur_iters / warmup_iters) * (1 - warmup_ratio))",
        held_out=True),
    # ---- warmup_cosine ------------------------------------------------------------------------------------
    Mistake(
        tag="warmup-cosine-ignores-min-lr", name="warmup-cosine-hf-progress-to-zero",
        edits={M: [(WCOS, "    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)\n"
                          "    return float(base_lr * max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress))))\n")]},
        why="Hugging Face's get_cosine_schedule_with_warmup written inline: its cosine goes to 0, so min_lr is "
            "never used and the end of the run trains at 0 instead of min_lr.",
        source="https://github.com/huggingface/transformers/blob/main/src/transformers/optimization.py "
               "(_get_cosine_schedule_with_warmup_lr_lambda)",
        held_out=True),
    Mistake(
        tag="cosine-min-max-swapped", name="warmup-cosine-min-and-base-swapped",
        edits={M: [(WCOS, WCOS.replace("base_lr, min_lr)", "min_lr, base_lr)"))]},
        why="the arguments of cosine_annealing(t, T, lr_max, lr_min) passed in the other order: after the "
            "warmup the rate drops to min_lr at once and climbs back to base_lr by the end of the run.",
        source="https://docs.python.org/3/tutorial/controlflow.html#keyword-arguments (positional order)",
        held_out=True),
    # ---- one_cycle ----------------------------------------------------------------------------------------
    Mistake(
        tag="one-cycle-linear", name="one-cycle-cosine-up-linear-down",
        edits={M: [(ONE_RET, "    if step <= end1:\n"
                             "        return float(end_lr + (start_lr - end_lr) / 2.0 * (math.cos(math.pi * pct) + 1))\n"
                             "    return float(start_lr + (end_lr - start_lr) * pct)  # linear annealing\n")]},
        why="the second phase annealed linearly (OneCycleLR's anneal_strategy='linear', Smith's original "
            "straight lines) while the first is cosine: the spec's one_cycle is cosine in both phases.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html "
               "(anneal_strategy: 'cos' default)",
        held_out=True),
    Mistake(
        tag="one-cycle-wrong-phase-length", name="one-cycle-phase-two-over-last-step",
        edits={M: [(ONE_P2, ONE_P2.replace("(step - end1) / (end2 - end1)", "(step - end1) / end2"))]},
        why="the progress of phase 2 divided by the index of the last step instead of the phase's length: pct "
            "never reaches 1, so the rate at the last step is far above final.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.OneCycleLR.html "
               "(phase end_step - start_step)",
        held_out=True),
    # ---- ReduceLROnPlateau --------------------------------------------------------------------------------
    Mistake(
        tag="plateau-reduces-by-factor", name="plateau-lr-minus-factor-times-lr",
        edits={M: [(PLAT_CUT, "            new_lr = max(self.lr - self.factor * self.lr, self.min_lr)  # reduce by factor\n")]},
        why="'reduce the rate by factor' read as subtracting factor * lr: the same as lr * factor only for "
            "factor = 0.5; with factor = 0.1 (the libraries' default) the rate is cut to 0.9 lr instead of 0.1 lr.",
        source="https://keras.io/api/callbacks/reduce_lr_on_plateau/ ('factor by which the learning rate will be "
               "reduced. new_lr = lr * factor')",
        novel=True, held_out=True),
    Mistake(
        tag="plateau-counter-not-reset", name="plateau-epochs-since-best-epoch",
        edits={M: [(PLAT_BODY, "        metric = float(metric)\n"
                               "        self.epoch = getattr(self, \"epoch\", -1) + 1\n"
                               "        if metric < self.best * (1 - self.threshold):\n"
                               "            self.best = metric\n"
                               "            self.best_epoch = self.epoch\n"
                               "        if self.epoch - self.best_epoch > self.patience:\n"
                               "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
                               "            if self.lr - new_lr > self.eps:\n"
                               "                self.lr = new_lr\n")]},
        why="the bad epochs counted as 'epochs since the best epoch' (as early stopping does): nothing resets it "
            "after a cut, so once patience is exceeded the rate is cut at every further epoch without improvement.",
        source="https://keras.io/api/callbacks/early_stopping/ (patience: epochs with no improvement)",
        held_out=True),
    Mistake(
        tag="plateau-cut-one-epoch-late", name="plateau-cut-checked-before-the-metric",
        edits={M: [(PLAT_BODY, "        metric = float(metric)\n"
                               "        if self.num_bad_epochs > self.patience:\n"
                               "            new_lr = max(self.lr * self.factor, self.min_lr)\n"
                               "            if self.lr - new_lr > self.eps:\n"
                               "                self.lr = new_lr\n"
                               "            self.num_bad_epochs = 0\n"
                               "        if metric < self.best * (1 - self.threshold):\n"
                               "            self.best = metric\n"
                               "            self.num_bad_epochs = 0\n"
                               "        else:\n"
                               "            self.num_bad_epochs += 1\n")]},
        why="the patience test placed before this epoch's metric is counted: the cut that the (patience + 1)-th "
            "bad epoch earns is only made on the next call, and made even if that next metric improves.",
        source="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html "
               "(step(metrics): count, then reduce)",
        held_out=True),
    # ---- lr_range_test ------------------------------------------------------------------------------------
    Mistake(
        tag="range-test-drops-stopping-step", name="range-test-breaks-before-recording",
        edits={M: [(RANGE_RECORD, "        loss = float(loss_after_step(lr))\n"
                                  "        if not math.isfinite(loss):\n"
                                  "            break\n"
                                  "        best = min(best, loss)\n"
                                  "        if loss > 4 * best:\n"
                                  "            break\n"
                                  "        lrs.append(lr)\n"
                                  "        losses.append(loss)\n")]},
        why="the stop tests run before the step is recorded: the loss that blew up (or was nan) is thrown away, "
            "so the curve never shows the blow-up and the result is one step shorter than the steps taken.",
        source="https://sgugger.github.io/how-do-you-find-a-good-learning-rate.html (record, then stop)",
        novel=True, held_out=True),
    Mistake(
        tag="range-test-records-next-rate", name="range-test-multiplies-before-recording",
        edits={M: [(RANGE_HEAD, "    best = math.inf\n"
                                "    lr, mult = lr_min, (lr_max / lr_min) ** (1 / (n_steps - 1))\n"
                                "    for i in range(n_steps):\n"
                                "        loss = float(loss_after_step(lr))\n"
                                "        lr *= mult  # ready for the next step\n"
                                "        lrs.append(lr)\n")]},
        why="Gugger's multiplicative loop with the update of lr moved above the logging: every loss is recorded "
            "against the NEXT rate, one factor too high, so the curve (and any suggestion read off it) is shifted.",
        source="https://sgugger.github.io/how-do-you-find-a-good-learning-rate.html (lr *= mult after logging)",
        held_out=True),
    # ---- suggest_lr ---------------------------------------------------------------------------------------
    Mistake(
        tag="suggest-lr-nan-not-dropped", name="suggest-lr-np-gradient-of-raw-losses",
        edits={M: [(SUGGEST_FROM, "    return float(lrs[np.argmin(np.gradient(losses))])\n    keep = np.isfinite(losses)\n")]},
        why="the steepest point of the raw curve by np.gradient, without dropping the non-finite loss the test "
            "stopped on: np.argmin returns the index of a nan, so the suggestion is a rate at the blow-up.",
        source="https://numpy.org/doc/stable/reference/generated/numpy.argmin.html (nan values: the first "
               "occurrence is returned)",
        held_out=True),
]
