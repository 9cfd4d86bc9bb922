"""train: mini-batch training of the given network with an optimizer, global-norm clipping and a schedule.

The network and the optimizer (trusted momentum SGD; the student's week-2 optimizers are never used) live in
this process: the student's ``train`` runs in the sandbox on stand-ins that send every backward and update
here (week4_support.TrainingHost), so every record judged below -- batches, losses, gradients, rates, final
weights -- was made where the student's code cannot write. One "main" run serves the loss, accuracy,
schedule and clipping tests (it is run once per submission and reused).
"""
import math

import numpy as np
from week4_support import TrainingHost, datasets, network

from autograder.grading import StudentError, constant_factor, fail, points

N_PER_CLASS, NOISE, HIDDEN = 100, 0.1, 32
N = 2 * N_PER_CLASS
BATCH, EPOCHS = 24, 30                         # 200 = 8 x 24 + 8: the last batch of every epoch is smaller
BATCHES = math.ceil(N / BATCH)                 # 9 updates per epoch
STEPS = EPOCHS * BATCHES                       # 270 updates
CLIP = 0.5                                     # raw norm > 0.5 on 27 of the first 30 steps, 44 % of all: both branches
SCHEDULE = {"kind": "warmup_cosine", "warmup": 20, "total": STEPS, "base_lr": 0.1, "min_lr": 0.005}
KEEP = 30                                      # steps whose raw and received gradients are compared in full
MAIN = dict(n_per_class=N_PER_CLASS, noise=NOISE, hidden=HIDDEN, epochs=EPOCHS, batch_size=BATCH, seed=0,
            data_seed=1, init_seed=2, lr=0.1, clip_norm=CLIP, schedule=SCHEDULE, keep_grads=KEEP,
            record_batches=False)

# Accuracy of the main run, recomputed here from the returned weights: the reference reaches 0.820 (final
# full-data loss 0.405); over 10 shuffling seeds the reference gives 0.810-0.835 (loss 0.395-0.409).
# A linear classifier gets 0.635 on these spirals, an untrained network ~0.5 (loss 0.69).
# The thresholds leave ~0.09 of accuracy and 0.1 of loss below the worst seed.
MIN_ACCURACY = 0.72
MAX_LOSS = 0.50
SPIKE_STEP = 100
# With the spike (gradients x 1e6 at update 100) and clipping, the reference's final loss is the unspiked one
# to 1e-4 (0.4049 vs 0.4049; over 10 seeds the largest gap is 4e-4). Without clipping it ends at 5e5-9e6.
# The clipped run passes if its final loss is finite and within 0.05 of the same submission's unspiked run.
SPIKE_MARGIN = 0.05


def schedule_value(step):
    s = SCHEDULE
    if step < s["warmup"]:
        return s["base_lr"] * step / s["warmup"]
    p = min(1.0, (step - s["warmup"]) / max(1, s["total"] - s["warmup"]))
    return s["min_lr"] + (s["base_lr"] - s["min_lr"]) * (1 + math.cos(math.pi * p)) / 2


CHILD_ARGS = ("n_per_class", "noise", "hidden", "epochs", "batch_size", "seed", "data_seed", "lr", "clip_norm",
              "schedule", "repeat")


def train_runs(session, **kwargs) -> list[dict]:
    """Run the student's (or the reference's) train ``repeat`` times: what it returned, with the records the
    parent made of each run (TrainingHost)."""
    host = TrainingHost(**kwargs)
    returned = session.probe("train_run", callbacks=host, **{k: v for k, v in kwargs.items() if k in CHILD_ARGS})
    return [{**made, **got} for made, got in zip(host.records(), returned)]


def cached_run(session, key, **kwargs):
    """One probe per submission for ``key``; the outcome (or the StudentError) is reused by later tests."""
    cache = session.__dict__.setdefault("_week4_train_runs", {})
    if key not in cache:
        try:
            cache[key] = ("ok", train_runs(session, **kwargs)[0])
        except StudentError as exc:
            cache[key] = ("error", exc)
    kind, value = cache[key]
    if kind == "error":
        raise value
    return value


def main_run(session):
    return cached_run(session, "main", **MAIN)


def evaluate(params):
    """Accuracy and mean loss on the full training set, computed here with the trusted network."""
    X, y = datasets.two_spirals(N_PER_CLASS, NOISE, np.random.default_rng(MAIN["data_seed"]))
    net = network.TwoLayerNet(2, HIDDEN, 2, np.random.default_rng(0))
    shapes = [p.shape for p in net.params]
    params = [np.asarray(p, dtype=np.float64) for p in params]
    if [p.shape for p in params] != shapes:
        fail(f"after train the network's parameters have shapes {[p.shape for p in params]}, expected {shapes}.",
             hint="Update net.params in place (the optimizer does it); never replace or reshape them.")
    net.params[:] = params
    with np.errstate(all="ignore"):
        return net.accuracy(X, y), net.loss(X, y)


# Tests of HOW train trains (the returned losses, the shuffling, the schedule, surviving a spike) count only for
# a train that trains: the main run's final loss, recomputed here, must be below LEARNED x the loss of the
# initial weights. The reference ends at 0.59x (0.405 from 0.69); a loop that never updates, or updates with
# made-up gradients, stays at 1.0x (an untrained network): 0.9 is far from both.
LEARNED = 0.9


def require_training(run, what):
    """Outcome points need the method: every update of the run must have fed the optimizer that batch's own
    gradients, clipped or not (TrainingHost records the first update that did not)."""
    k = run["not_gradient"]
    if k is None:
        return
    where = f"update {k} (epoch {k // BATCHES}, batch {k % BATCHES})"
    if run.get("not_gradient_why") == "labels":
        # X and y shuffled or indexed apart: the gradients are of real rows with other rows' labels, so the
        # network is fitted to noise. Such gradients could also steer it anywhere (REDTEAM.md, F2-5): no
        # outcome point counts, and the mistake is named, not called a forgery
        fail(f"{what} can only be credited to a train that learns from the data: at {where} net.backward was "
             "given rows of X with labels that are not their own (y[idx] for the rows X[idx]), so the network "
             "was fitted to labels of other points.", tags=["train-labels-misaligned"],
             hint="Shuffle X and y with ONE permutation (the same indices for both), and pass each batch's rows "
                  "with their own labels to net.backward.")
    fail(f"{what} can only be credited to a train that trains with gradients: at {where} the optimizer received "
         "values that are not the gradients net.backward returned for that batch (clipped or not), so what the "
         "network became was not learned from the data.", tags=["train-update-not-gradient"],
         hint="Pass the gradients net.backward returned (after clipping) to optimizer.update: one backward, "
              "then one update, for every batch.")


def require_learning(student, what):
    run = main_run(student)
    require_training(run, what)
    _, loss = evaluate(run["params"])
    start = network.TwoLayerNet(2, HIDDEN, 2, np.random.default_rng(MAIN["init_seed"]))
    _, initial = evaluate(start.params)
    if math.isfinite(loss) and loss <= LEARNED * initial:
        return
    fail(f"{what} can only be judged for a train that trains: after the main run ({EPOCHS} epochs) the network's "
         f"loss, recomputed from its weights, is {loss:.4g}, against {initial:.4g} for the initial weights (a "
         f"correct train ends near 0.40). Nothing was learned, so this test gives no points yet.",
         tags=["train-does-not-learn"],
         hint="For every batch, in this order: the loss and gradients from net.backward on that batch's rows; "
              "clipping; the schedule's rate for this step; then the optimizer's update of the network's "
              "parameters with those gradients.")


def loss_figure(run, title):
    return {"kind": "loss_curve", "train": [float(v) if math.isfinite(v) else None for v in run["losses"]],
            "val": None, "yours": title, "expected": "a falling curve"}


# ----------------------------------------------------------------------------------------------------

@points(3)   # 3: the return value the rest of the course plots and diagnoses (hidden: see public.py)
def test_train_returns_loss_per_epoch(student):
    """train returns a list with one loss per epoch: the mean of that epoch's batch losses"""
    run = main_run(student)
    require_learning(student, "the epoch losses train returns")
    losses, batch = run["losses"], run["batch_losses"]
    if run["losses_type"] != "list":
        fail(f"train should return a list of floats, but it returned a {run['losses_type']}.",
             hint="Return a Python list with one float per epoch: the mean of that epoch's batch losses.")
    if len(losses) != EPOCHS:
        fail(f"train(..., epochs={EPOCHS}) returned {len(losses)} losses; expected one per epoch ({EPOCHS}).",
             tags=["train-wrong-loss-count"], hint="Append one value after each epoch, not after each batch.")
    if not np.all(np.isfinite(losses)):
        fail(f"train returned non-finite epoch losses ({losses[~np.isfinite(losses)][:3]}) on a run where every "
             f"batch loss was finite.", hint="Average the batch losses of the epoch: np.mean(batch_losses).")
    if len(batch) % EPOCHS:
        fail(f"train called net.backward {len(batch)} times in {EPOCHS} epochs, not the same number in every epoch.",
             hint="One backward call per batch; every epoch covers all the data.")
    per = len(batch) // EPOCHS
    groups = batch.reshape(EPOCHS, per)
    want = groups.mean(axis=1)
    if np.allclose(losses, want, rtol=1e-9, atol=1e-12):      # np.mean vs sum / count: a few ulps
        return
    e = int(np.argmax(~np.isclose(losses, want, rtol=1e-9, atol=1e-12)))
    message = (f"the loss of epoch {e} should be the mean of that epoch's {per} batch losses, {want[e]:.6g}, "
               f"but train returned {losses[e]:.6g}.")
    tags = []
    if np.allclose(losses, groups[:, -1], rtol=1e-9):
        message = "This matches returning the LAST batch's loss of each epoch instead of the mean. " + message
        tags = ["train-loss-last-batch"]
    elif per == BATCHES:
        sizes = np.array([BATCH] * (N // BATCH) + ([N % BATCH] if N % BATCH else []), dtype=np.float64)
        if np.allclose(losses, groups @ sizes / sizes.sum(), rtol=1e-9):
            message = ("This matches a mean weighted by batch size; the docstring counts every batch once. "
                       + message)
            tags = ["train-loss-weighted"]
    if not tags:
        # a model grown from round 10 (docs/graders.md): the batch losses' sum divided by another whole number
        # than the number of batches (full batches only, the examples, ...); 1e-9: the sum's round-off, and the
        # divisor within 1e-6 of a whole number (a count; a weighted mean's divisor is not one)
        count = groups.sum(axis=1) / losses
        k = float(np.median(count))
        if np.allclose(count, k, rtol=1e-9) and abs(k - round(k)) < 1e-6 and round(k) not in (0, per):
            message = (f"This matches the sum of the epoch's batch losses divided by {round(k)} instead of the number "
                       f"of batches, {per}. " + message)
            tags = ["train-loss-divisor-wrong"]
    if not tags and EPOCHS > 1:
        # a model grown from round 11 (docs/graders.md, "Round 11 is burnt"): a total or list of batch losses never
        # reset, so each epoch's value holds the earlier epochs' batch losses too -- every epoch's loss the sum of
        # all batch losses so far over a whole number (the batches so far for a running mean, or the batches per
        # epoch); 1e-9 and 1e-6 as above
        count = np.cumsum(groups.sum(axis=1)) / losses
        if np.allclose(count, np.round(count), rtol=0.0, atol=1e-6) and np.all(np.round(count) >= 1):
            message = ("This matches an epoch loss that still holds the EARLIER epochs' batch losses (a list or a "
                       "running total started once before the epoch loop, never reset): each epoch's value is the "
                       "sum of every batch loss since the first epoch over a count. " + message)
            tags = ["train-epoch-loss-cumulative"]
    after = run["after_losses"]
    if not tags and len(after) == len(batch) and np.allclose(losses, after.reshape(EPOCHS, per).mean(axis=1),
                                                              rtol=1e-9, atol=1e-12):
        # a model grown from round 11 (docs/graders.md): each batch's loss read AFTER its update (net.loss with the
        # new weights); 1e-9 as above -- the child's local copy of the weights is the parent's, to the bit
        message = ("This matches each batch's loss computed AFTER its update, with the new weights (e.g. net.loss "
                   "called after optimizer.update), instead of the loss net.backward returned before it. " + message)
        tags = ["train-batch-loss-after-update"]
    fail(message, tags=tags, hint="An epoch's loss is the plain mean of the losses that net.backward returned for "
                                  "its batches (every batch counts once).",
         figure=loss_figure(run, "your epoch losses"))


def _epochs(batches, epochs):
    """Split the recorded batches into epochs: the same number of backward calls in each, when possible."""
    batches = [list(b) for b in batches]
    if batches and len(batches) % epochs == 0:
        per = len(batches) // epochs
        return [batches[k * per:(k + 1) * per] for k in range(epochs)]
    out, current, count = [], [], 0
    for b in batches:
        current.append(b)
        count += len(b)
        if count >= N_SMALL:
            out.append(current)
            current, count = [], 0
    if current:
        out.append(current)
    return out


N_SMALL, BATCH_SMALL, EPOCHS_SMALL = 30, 8, 3         # batches of 8, 8, 8 and 6
SMALL = dict(n_per_class=N_SMALL // 2, noise=NOISE, hidden=8, epochs=EPOCHS_SMALL, batch_size=BATCH_SMALL,
             data_seed=3, init_seed=4, lr=0.05)


@points(3)   # 3: one shuffled pass per epoch with the given rng, the smaller last batch kept, deterministic
def test_train_shuffles_every_epoch_with_rng(student):
    """train visits every example once per epoch in a fresh rng-shuffled order, keeping the smaller last batch"""
    require_learning(student, "the way train shuffles")
    a, a2 = train_runs(student, seed=5, repeat=2, **SMALL)
    b = train_runs(student, seed=6, **SMALL)[0]
    sizes_want = [BATCH_SMALL] * (N_SMALL // BATCH_SMALL) + [N_SMALL % BATCH_SMALL]
    epochs = _epochs(a["batches"], EPOCHS_SMALL)
    for e, ep in enumerate(epochs):
        flat = [i for batch in ep for i in batch]
        sizes = [len(batch) for batch in ep]
        if sizes == sizes_want[:-1] or (len(flat) < N_SMALL and sizes[:len(sizes_want) - 1] == sizes_want[:-1]):
            fail(f"With {N_SMALL} examples and batch_size {BATCH_SMALL}, epoch {e} should have batches of "
                 f"{sizes_want}, but yours had {sizes}. This matches DROPPING the last, smaller batch: "
                 f"{N_SMALL % BATCH_SMALL} examples are never trained on in that epoch.",
                 tags=["train-drops-last-batch"], hint="Loop for start in range(0, N, batch_size): the last "
                                                         "slice perm[start:start + batch_size] is shorter; keep it.")
        if sorted(flat) != list(range(N_SMALL)) or sizes != sizes_want:
            fail(f"Epoch {e} should use every one of the {N_SMALL} examples exactly once, in batches of {sizes_want}; "
                 f"yours used batches of {sizes} covering {len(set(flat))} distinct examples"
                 + (f" ({len(flat) - len(set(flat))} repeated)" if len(flat) != len(set(flat)) else "") + ".",
                 tags=["train-bad-batches"], hint="perm = rng.permutation(N) once per epoch, then consecutive "
                                                  "slices perm[i:i + batch_size].")
    if len(epochs) != EPOCHS_SMALL:
        fail(f"train(..., epochs={EPOCHS_SMALL}) made {len(epochs)} passes over the data.",
             hint="One pass over the data per epoch.")
    orders = [[i for batch in ep for i in batch] for ep in epochs]
    if all(o == list(range(N_SMALL)) for o in orders):
        fail("train went through the examples in their stored order (0, 1, 2, ...) in every epoch. This matches "
             "training WITHOUT SHUFFLING: the data sets here are sorted by class, so every batch holds one class.",
             tags=["train-no-shuffle"], hint="perm = rng.permutation(N) at the start of every epoch.")
    if all(o == orders[0] for o in orders):
        fail("train used the same order in every epoch; it should draw a new permutation each epoch.",
             tags=["train-shuffles-once"], hint="Call rng.permutation(N) inside the epoch loop.")
    if [list(x) for x in a["batches"]] != [list(x) for x in a2["batches"]] \
            or not np.array_equal(a["losses"], a2["losses"]):
        fail("Two runs with identical seeds gave different batches: train does not take its randomness from "
             "the rng it is given (np.random.* or another generator?).", tags=["train-not-deterministic"],
             hint="Shuffle with the rng argument only: rng.permutation(N).")
    if [list(x) for x in a["batches"]] == [list(x) for x in b["batches"]]:
        fail("Runs with different rng seeds (5 and 6) shuffled identically: train ignores the rng it is given.",
             tags=["train-ignores-rng"], hint="Shuffle with the rng argument: rng.permutation(N).")
    # the rows of each batch against the contract's (rng is used for nothing but one permutation(N) per epoch, so
    # every correct train draws these batches; the order inside a batch is free): a walk through every example
    # once per epoch in a random order can still be another order than the recipe's
    got = [sorted(int(i) for i in batch) for batch in a["batches"]]
    recipe, compounded = _batch_rows(seed=5, compound=False), _batch_rows(seed=5, compound=True)
    first = next((k for k, (g, w) in enumerate(zip(got, recipe)) if g != w), None)
    if first is None:
        return
    where = f"epoch {first // len(sizes_want)}, batch {first % len(sizes_want)}"
    if got == compounded:
        fail(f"From {where} on, your batches hold other rows than the recipe's: they are those of each epoch's "
             "permutation applied to the PREVIOUS epoch's order instead of to the data as given. This matches "
             "shuffling the already-shuffled data: the first epoch is right, every later one is a composition of "
             "permutations.", tags=["train-compounded-shuffle"],
             hint="Keep X and y as they were passed; each epoch, index the ORIGINAL arrays with that epoch's fresh "
                  "rng.permutation(N).")
    fail(f"At {where} your batch holds other rows than the recipe's. With the rng given, each epoch draws "
         "perm = rng.permutation(N) (the rng is used for nothing else) and the batches are the consecutive slices "
         "of perm, each a set of rows of the data as given.", tags=["train-batch-rows"],
         hint="One rng.permutation(N) per epoch, no other use of rng, batches perm[i:i + batch_size] of X and y "
              "as passed.")


def _batch_rows(seed, compound):
    """The rows of each batch of the SMALL run by the recipe, sorted; ``compound``: each epoch's permutation
    applied to the previous epoch's order (the data set rebound to its shuffled copy)."""
    rng, order, out = np.random.default_rng(seed), np.arange(N_SMALL), []
    for _ in range(EPOCHS_SMALL):
        perm = rng.permutation(N_SMALL)
        order = order[perm] if compound else perm
        out += [sorted(int(i) for i in order[k:k + BATCH_SMALL]) for k in range(0, N_SMALL, BATCH_SMALL)]
    return out


@points(5)   # 5: the whole loop works: the network learns the spirals (judged here from the returned weights)
def test_train_reaches_accuracy(student):
    """train with momentum SGD, clipping and a schedule learns the two spirals (accuracy >= 0.72)"""
    run = main_run(student)
    if not run["params_ok"]:
        fail("train passed other arrays than net.params to optimizer.update, so the network itself never changed.",
             tags=["train-params-copied"], hint="The optimizer must update the network's own parameter list "
                                                "(net.params), in place -- not copies of it.")
    require_training(run, "The accuracy train reaches")
    acc, loss = evaluate(run["params"])
    if acc >= MIN_ACCURACY and loss <= MAX_LOSS:
        return
    fail(f"After {EPOCHS} epochs on two spirals ({N} points, batch {BATCH}, momentum SGD with a warmup-cosine "
         f"schedule and clip_norm={CLIP}), the network's accuracy is {acc:.3f} and its loss {loss:.3g} (recomputed "
         f"from the final weights). A correct train reaches about 0.82 and 0.40; at least {MIN_ACCURACY} and at most "
         f"{MAX_LOSS} are needed.", tags=["train-does-not-learn"],
         hint="Every batch makes one update: the loss and gradients of the batch's rows (from net.backward), "
              "clipped if clip_norm is given, the rate set from the schedule if one is given, then the optimizer "
              "updates the network's own parameters.", figure=loss_figure(run, "your epoch losses"))


@points(4)   # 4: the schedule is read before EVERY update, with the global step count from 0
def test_train_applies_schedule_every_step(student):
    """train sets the optimizer's rate from schedule(step) before every update, step counting updates from 0"""
    run = main_run(student)
    lrs = run["update_lrs"]
    want = np.array([schedule_value(s) for s in range(STEPS)])
    if len(lrs) == STEPS and np.allclose(lrs, want, rtol=1e-12, atol=1e-15):   # the same float ops: exact
        require_learning(student, "the schedule train applies")      # points only for a train that trains
        return
    if len(lrs) != STEPS:
        dropped = len(lrs) == EPOCHS * (N // BATCH)
        fail(("This matches DROPPING the last, smaller batch of every epoch. " if dropped else "")
             + f"train made {len(lrs)} optimizer updates; with {N} examples, batch_size {BATCH} and {EPOCHS} epochs "
               f"there should be {STEPS} ({BATCHES} per epoch, the last one of {N % BATCH} examples).",
             tags=["train-drops-last-batch"] if dropped else ["train-wrong-update-count"],
             hint="One optimizer.update per batch, the smaller last batch included.")
    variants = {
        "train-ignores-schedule": (np.full(STEPS, MAIN["lr"]), "a schedule that is never applied: the rate "
                                   "stayed at the optimizer's initial lr"),
        "train-schedule-per-epoch": (np.array([schedule_value(s // BATCHES) for s in range(STEPS)]),
                                     "schedule(epoch) instead of schedule(step)"),
        "train-schedule-step-resets": (np.array([schedule_value(s % BATCHES) for s in range(STEPS)]),
                                       "a step counter that restarts at 0 every epoch"),
        "train-schedule-late": (np.array([MAIN["lr"]] + [schedule_value(s) for s in range(STEPS - 1)]),
                                "the rate set AFTER the update (each update uses the previous step's rate)"),
        "train-schedule-from-one": (np.array([schedule_value(s + 1) for s in range(STEPS)]),
                                    "steps counted from 1 (the first update should use schedule(0))"),
        # the family "the running counter": never incremented, incremented twice per update
        "train-schedule-step-not-incremented": (np.full(STEPS, schedule_value(0)), "a step counter that is never "
                                                "incremented: every update uses schedule(0)"),
        "train-schedule-step-twice": (np.array([schedule_value(2 * s) for s in range(STEPS)]),
                                      "a step counter incremented twice per update: update k uses schedule(2k)"),
    }
    i = int(np.argmax(~np.isclose(lrs, want, rtol=1e-12, atol=1e-15)))
    message = (f"update {i} (epoch {i // BATCHES}, batch {i % BATCHES}) should use lr = schedule({i}) = {want[i]:.6g}, "
               f"but the optimizer's lr was {lrs[i]:.6g}.")
    tags = []
    # a mechanism grown from round 8 (docs/graders.md): every update of an epoch got one rate -- the schedule
    # applied once per epoch, whatever step or epoch it was given (schedule(epoch) is the model above)
    per_epoch = lrs.reshape(EPOCHS, BATCHES)
    held = bool(np.all(per_epoch == per_epoch[:, :1])) and len(np.unique(per_epoch[:, 0])) > 1
    for tag, (values, words) in variants.items():
        if np.allclose(lrs, values, rtol=1e-12, atol=1e-15):
            message, tags = f"This matches {words}. " + message, [tag]
            break
    else:
        if held:
            message = ("Every update of an epoch used the same rate: yours changes only between epochs, so the "
                       "schedule was applied once per epoch, not before every update -- a warmup or a cosine in "
                       "steps becomes a staircase. " + message)
            tags = ["train-schedule-per-epoch"]
    # a model grown from round 10 (docs/graders.md): the rate multiplied by schedule(step) at every update, so the
    # values compound; with this schedule's schedule(0) = 0 it is 0 for good, the numbers of a counter never
    # incremented too -- both are named then. rtol 1e-12: the product of the schedule's own values, the same
    # multiplications in another order (~1e-15 apart); atol 1e-15 for the rates that are 0
    if np.allclose(lrs, MAIN["lr"] * np.cumprod(want), rtol=1e-12, atol=1e-15):
        words = ("the rate MULTIPLIED by schedule(step) at every update (the values compound: schedule(step) is the "
                 "rate itself, not a factor)")
        message = (f"This matches {words}" + (f", or just as well on this run {message[len('This matches '):]}"
                                              if tags else ". " + message))
        tags = ["train-schedule-as-factor"] + tags
    if not tags:
        # the family "the schedule's value times a constant" (after the models): every update's rate is c times
        # schedule(step) -- the counter and the timing are right, the value is rescaled (constant_factor: 1e-6)
        found = constant_factor(lrs, want, {"the optimizer's initial lr": MAIN["lr"],
                                            "1 / the optimizer's initial lr": 1 / MAIN["lr"]})
        if found is not None and found[0] > 0:
            c, names = found
            message = (f"Every update's rate is {c:.6g} times schedule(step)"
                       + (f" ({c:.6g} is {' and '.join(names)} here)" if names else "")
                       + ": the step counter and the timing "
                       "are right, but the schedule's value is the learning rate itself -- set it as it is, without "
                       "multiplying or dividing it by anything (a PyTorch LambdaLR multiplies, this schedule does "
                       "not). " + message)
            tags = ["train-schedule-scaled"]
    fail(message, tags=tags, hint="Keep one step counter for the whole run (0 at the first update, +1 after every "
                                  "update, across epochs); before each update, when a schedule is given, set the "
                                  "optimizer's lr attribute to the schedule's value at that step.",
         figure={"kind": "curve", "title": "learning rate at each update", "xlabel": "update", "ylabel": "lr",
                 "x": list(range(len(lrs))), "series": {"yours": lrs.tolist(), "expected": want.tolist()},
                 "log_y": False})


def clip_threshold(raw, got):
    """The model "clipped at another threshold than clip_norm" (round 10): every update's arrays are the raw ones
    times one factor, min(1, c / total) for one c != CLIP -- the c, or None. 1e-9: the scaling's round-off."""
    scaled, c = [], None
    for r, g in zip(raw, got):
        total = float(np.sqrt(sum(np.sum(x ** 2) for x in r)))
        if len(g) != len(r) or total == 0:
            return None
        f = float(np.sqrt(sum(np.sum(x ** 2) for x in g))) / total
        if not all(np.allclose(a, f * b, rtol=1e-9, atol=1e-13) for a, b in zip(g, r)):
            return None
        scaled.append((total, f))
    clipped = [total * f for total, f in scaled if f < 1 - 1e-9]
    # a threshold equal to CLIP (1e-6: far above the scaling's round-off) is the right clip, not this model
    if not clipped or not np.allclose(clipped, clipped[0], rtol=1e-9) or np.isclose(clipped[0], CLIP, rtol=1e-6):
        return None
    c = clipped[0]
    return c if all(np.isclose(f, 1.0, rtol=1e-9) or total > c for total, f in scaled) and \
        all(f < 1 - 1e-9 for total, f in scaled if total > c * (1 + 1e-9)) else None


@points(4)   # 4: global-norm clipping of what the optimizer sees (one scale for all arrays)
def test_train_clips_by_global_norm(student):
    """train clips the gradients by their global norm before the optimizer sees them"""
    run = main_run(student)
    require_training(run, "Clipping")            # every update, not only the ones compared in full below
    raw, got = run["raw_grads"], run["received_grads"]
    if len(raw) < KEEP or len(got) < KEEP:
        fail(f"train made {len(run['batch_losses'])} backward passes and {len(run['update_lrs'])} optimizer updates "
             f"in {EPOCHS} epochs; there should be {STEPS} of each, so clipping cannot be checked.",
             tags=["train-wrong-update-count"],
             hint="For every batch: one net.backward, then one optimizer.update.")
    for step, (r, g) in enumerate(zip(raw, got)):
        total = float(np.sqrt(sum(np.sum(x ** 2) for x in r)))
        forms = [[x * (CLIP / total if total > CLIP else 1.0) for x in r],
                 [x * min(1.0, CLIP / (total + 1e-6)) for x in r]]            # torch's clip_grad_norm_
        if len(g) == len(r) and any(all(np.allclose(a, b, rtol=1e-9, atol=1e-13) for a, b in zip(g, f))
                                    for f in forms):
            continue
        norms = [float(np.sqrt(np.sum(x ** 2))) for x in g]
        per_array = [x * min(1.0, CLIP / np.sqrt(np.sum(x ** 2))) for x in r]
        message = (f"at update {step} the raw gradients have global norm {total:.4g} (clip_norm={CLIP}), so the "
                   f"optimizer should receive them scaled by {min(1.0, CLIP / total):.4g}; it received arrays of norms "
                   f"{', '.join(f'{n:.4g}' for n in norms)} (global {math.sqrt(sum(n * n for n in norms)):.4g}).")
        tags = []
        if len(g) == len(r) and all(np.allclose(a, b, rtol=1e-9, atol=1e-13) for a, b in zip(g, per_array)):
            message = ("This matches PER-ARRAY clipping (each array clipped to clip_norm on its own) instead of "
                       "global-norm clipping. " + message)
            tags = ["train-clips-per-array"]
        elif len(g) == len(r) and all(np.allclose(a, b, rtol=1e-9, atol=1e-13)
                                      for a, b in zip(g, [np.clip(x, -CLIP, CLIP) for x in r])):
            message = ("This matches clipping BY VALUE (every entry cut to [-clip_norm, clip_norm]) instead of by the "
                       "global NORM: by value changes the gradient's direction, by norm scales all arrays by one "
                       "factor and keeps it. " + message)
            tags = ["train-clips-by-value"]
        elif (c := clip_threshold(raw, got)) is not None:
            message = (f"This matches global-norm clipping at a threshold of {c:.4g}, not clip_norm = {CLIP}: the "
                       "clip_norm argument did not set the threshold. " + message)
            tags = ["train-ignores-clip-norm"]
        elif len(g) == len(r) and all(np.allclose(a, b, rtol=1e-12, atol=0) for a, b in zip(g, r)):
            if run["clips_after_update"]:
                message = ("The gradients reached the optimizer unclipped, although clip_by_global_norm was called: "
                           "it was called AFTER optimizer.update had already used them, so the clipping changed "
                           "nothing. Order matters: backward, then clip, then update. " + message)
                tags = ["train-clips-after-update"]
            elif run["clips_before_update"]:
                # round 14: clip_by_global_norm called between backward and the update, and still the raw
                # gradients reached the optimizer: what it returned was not what the update was given
                message = ("The gradients reached the optimizer unclipped, although clip_by_global_norm was called "
                           "between backward and the update: what it returned was not passed on. It returns NEW "
                           "clipped arrays and leaves the ones it was given unchanged (unlike PyTorch's "
                           "clip_grad_norm_, which clips in place), so the update must be given its result. "
                           + message)
                tags = ["train-clipping-discarded"]
            else:
                message = "The gradients reached the optimizer unclipped: clip_norm was ignored. " + message
                tags = ["train-ignores-clip-norm"]
        fail(message, tags=tags, hint="When clip_norm is given, the gradients go through global-norm clipping "
                                      "(your clip_by_global_norm) after backward and BEFORE the update uses them.")
    norms = run["update_norms"]
    if np.any(norms > CLIP * (1 + 1e-9)):
        i = int(np.argmax(norms > CLIP * (1 + 1e-9)))
        fail(f"at update {i} the optimizer received gradients of global norm {norms[i]:.4g} > clip_norm = {CLIP}.",
             tags=["train-ignores-clip-norm"], hint="Clip every batch's gradients, not only the first ones.")


@points(4)   # 4: what clipping is for: one manipulated / exploding gradient does not wreck training
def test_train_survives_a_gradient_spike(student, reference):
    """With clip_norm, train survives one gradient multiplied by a million"""
    base = main_run(reference)
    blown = cached_run(reference, "spike-noclip", **{**MAIN, "clip_norm": None, "spike_step": SPIKE_STEP,
                                                      "keep_grads": 0})
    _, base_loss = evaluate(base["params"])
    _, blown_loss = evaluate(blown["params"])
    if not (not math.isfinite(blown_loss) or blown_loss > 100 * base_loss):        # the premise of this test
        raise RuntimeError(f"grader premise failed: the unclipped spiked reference ended at loss {blown_loss}")
    own = main_run(student)                  # the same run without the spike: only the spike's effect is judged
    _, own_loss = evaluate(own["params"])
    require_learning(student, "surviving a gradient spike")
    if len(own["update_lrs"]) < STEPS // 2:
        fail(f"Your train made {len(own['update_lrs'])} optimizer updates in {EPOCHS} epochs (expected {STEPS}), so "
             f"whether it survives a gradient spike cannot be judged.", tags=["train-wrong-update-count"],
             hint="For every batch: one net.backward, then one optimizer.update.")
    run = cached_run(student, "spike", **{**MAIN, "spike_step": SPIKE_STEP, "keep_grads": 0})
    require_training(run, "surviving a gradient spike")
    acc, loss = evaluate(run["params"])
    if math.isfinite(loss) and math.isfinite(own_loss) and loss <= own_loss + SPIKE_MARGIN:
        return
    fail(f"At update {SPIKE_STEP} the network's gradients were multiplied by 1e6 (an exploding or manipulated "
         f"gradient). With clip_norm={CLIP} that step should be harmless: the final loss should stay within "
         f"{SPIKE_MARGIN} of your run without the spike ({own_loss:.4g}), but it ended at {loss:.4g} (accuracy "
         f"{acc:.3f}). Without clipping the reference ends at {blown_loss:.3g}; with clipping at {base_loss:.3g}, as "
         f"if nothing had happened.", tags=["train-spike-not-clipped"],
         hint="Clip the gradients (global norm) of EVERY batch before the optimizer sees them.",
         figure=loss_figure(run, "your epoch losses with the spike"))
