"""sgd(grad_f_batch, theta_init, X, y, learning_rate, batch_size, epochs, rng) -> theta."""
import numpy as np

from autograder.grading import GradeFailure, StudentError, first_step_off, points, steps_along, steps_follow
from public import public_test
from week1_support import P, describe_diff, first_diff, linreg, not_the_method, one_call_per_update, scale_family

# a dozen updates of a 3-parameter linear model: rounding ~1e-15; named mistakes differ by >= 1e-3
RTOL, ATOL = 1e-8, 1e-10
HINT = ("Each epoch asks minibatch_indices for a fresh order (one call per epoch, with the rng you were given), "
        "and each batch makes one gradient-descent move: the gradient of the batch's rows of X and y, at the "
        "current theta, scaled by the learning rate, against its direction.")

N, D, BATCH, EPOCHS, LR, SEED = 23, 3, 5, 3, 0.05, 51     # 23 = 4 x 5 + 3: the last batch is smaller
CALLS = EPOCHS * -(-N // BATCH)                            # 15 updates


def small_run():
    X, y, _ = linreg(50, N, D)
    return dict(X=X, y=y, theta_init=np.array([0.5, -0.5, 1.0]), learning_rate=LR, batch_size=BATCH,
                epochs=EPOCHS, seed=SEED)


def sgd_probe(side, run: dict, **kw) -> dict:
    """One sgd run through the probe, its grad_f_batch calls one per update (week1_support.one_call_per_update:
    an sgd that also calls grad_f_batch where it makes no update, a check or a log, is correct)."""
    try:
        got = side.probe("sgd_run", **run, **kw)
    except StudentError as err:
        # a mechanism (docs/graders.md, "Round 11 is burnt"): sgd returned theta with extras (probes._one_value)
        if P.SEVERAL_VALUES not in err.message.split("\n")[0]:
            raise
        raise GradeFailure(f"{err.message.splitlines()[0].partition(': ')[2]}. Unlike gradient_descent, sgd keeps "
                           "no history: whatever else you want to watch (a loss per epoch) the caller computes from "
                           "the theta it gets.", tags=["sgd-returns-pair"],
                           hint="Return the trained theta only, a float64 array of shape (d,).") from None
    updates = run["epochs"] * -(-len(run["X"]) // run["batch_size"])
    return {**got, "calls": one_call_per_update(got["calls"], updates, got["theta"])}


def sgd_run_off(got, theta_init, X, y, lr, upto=None) -> int | None:
    """The first update (1-based) of an sgd run, up to ``upto``, that is not theta <- theta - lr *
    mse_grad(theta, X[idx], y[idx]) on that update's own batch -- or None. Step 0: the run does not start at
    theta_init, or never called grad_f_batch (an sgd that returns a theta it did not train to)."""
    thetas = [np.asarray(c["theta"], dtype=float) for c in got["calls"]] + [np.asarray(got["theta"], dtype=float)]
    batches = [np.asarray(c["idx"]) for c in got["calls"]]
    if not batches or thetas[0].shape != np.shape(theta_init) or not np.array_equal(thetas[0], theta_init):
        return 0
    upto = len(batches) if upto is None else min(upto, len(batches))
    if any(np.any(b < 0) for b in batches[:upto]):
        return int(next(k for k, b in enumerate(batches[:upto]) if np.any(b < 0))) + 1
    with np.errstate(all="ignore"):
        predicted = [t - lr * P.mse_grad(t, X[b], y[b]) for t, b in zip(thetas[:upto], batches[:upto])]
    return first_step_off(steps_follow(np.array(thetas[:upto + 1]), np.array(predicted)))


def _trained(got, run, what):
    """Contract tests of sgd count only for an sgd that trains: it calls grad_f_batch from theta_init on, and
    every step it takes is along the gradient of its batch (``steps_along``: a wrong sign or a wrong rate is a
    mistake the update test names, not a reason to withhold the contract's points)."""
    thetas = [np.asarray(c["theta"], dtype=float) for c in got["calls"]] + [np.asarray(got["theta"], dtype=float)]
    X, y = run["X"], run["y"]
    if not got["calls"] or thetas[0].shape != np.shape(run["theta_init"]) \
            or not np.array_equal(thetas[0], run["theta_init"]):
        raise GradeFailure(f"{what}: sgd returned without training from theta_init (grad_f_batch was "
                           f"{'never called' if not got['calls'] else 'first called elsewhere'}), so its result "
                           "cannot be judged.", tags=["sgd-no-updates"], hint=HINT)
    batches = [np.asarray(c["idx"]) for c in got["calls"]]
    if any(t.shape != thetas[0].shape for t in thetas) or any(np.any(b < 0) for b in batches):
        raise not_the_method(what, 1, HINT)
    grads = [P.mse_grad(t, X[b], y[b]) for t, b in zip(thetas, batches)]
    off = first_step_off(steps_along(np.array(thetas), np.array(grads)))
    if off is not None:
        raise not_the_method(what, off, HINT)


def _batches_by_epoch(calls):
    per = -(-N // BATCH)
    idx = [np.asarray(c["idx"]).tolist() for c in calls]
    return [idx[e * per:(e + 1) * per] for e in range(EPOCHS)]


def _compounded(epochs):
    """A mechanism grown from round 8 (docs/graders.md): the batches when each epoch's permutation (the recipe's
    batches laid end to end) is applied to the previous epoch's order, not to the rows as given."""
    order, out = np.arange(N), []
    for batches in epochs:
        order = order[np.concatenate([np.asarray(b, dtype=int) for b in batches])] if batches else order
        sizes = np.cumsum([len(b) for b in batches])[:-1]
        out.append([part.tolist() for part in np.split(order, sizes)])
    return out


def _shuffled_twice(calls) -> str:
    """A mechanism (docs/graders.md, "Round 14 is burnt"): each epoch the data shuffled by a permutation of its own
    drawn from rng (X[order], y[order]) AND indexed by that epoch's minibatch_indices batches -- two permutations
    composed, drawn before or after the recipe's. Recognised by replaying both draws from the seed (exact: indices).
    The order of the two draws in words, or ""."""
    mine = [np.asarray(c["idx"]).tolist() for c in calls]
    for first in ("own", "recipe"):
        rng, batches = np.random.default_rng(SEED), []
        for _ in range(EPOCHS):
            a, b = rng.permutation(N), rng.permutation(N)
            order, perm = (a, b) if first == "own" else (b, a)
            batches += [order[perm[s:s + BATCH]].tolist() for s in range(0, N, BATCH)]
        if mine == batches:
            return ("your own shuffle (a permutation of the rows) drawn first, then minibatch_indices' batches"
                    if first == "own" else "minibatch_indices' batches drawn first, then your own shuffle of the rows")
    return ""


def _labels_paired(what, k, idx, yidx) -> None:
    """The family "the labels do not belong to the rows": grad_f_batch must receive y[idx] with X[idx] -- the same
    rows of both, in the same order. Fails naming how the pairing broke: all of y (or another number of labels)
    with a batch of rows, or labels of other rows (X and y shuffled or sliced apart)."""
    if len(yidx) == len(idx) and np.array_equal(yidx, idx):
        return
    if len(yidx) != len(idx):
        which = f"all {N} labels" if len(yidx) == N else f"{len(yidx)} labels"
        broke, tag = f"{which} came with a batch of {len(idx)} rows", "sgd-labels-not-indexed"
    elif np.all(yidx >= 0):
        broke, tag = (f"the batch's rows of X are {idx.tolist()} but its labels are those of rows {yidx.tolist()}: "
                      "X and y were shuffled (or sliced) apart"), "sgd-shuffles-x-y-separately"
    else:
        broke, tag = "the labels passed are not entries of y", "sgd-labels-not-indexed"
    raise GradeFailure(f"{what}: at update {k + 1}, {broke}. Each label belongs to its row: the gradient of a batch "
                       "needs the SAME rows of X and of y, so whatever order or selection picks the rows of X must "
                       "pick the labels too.", tags=[tag], hint=HINT)


def _batch_scaled(calls, nexts, batches, X, y, power) -> bool:
    """A mechanism: every update is len(batch)**power times the method's update on its batch. power 1 (docs/graders.md,
    "Round 11 is burnt"): learning_rate times the SUM of the per-sample gradients, whatever code sums them (one
    grad_f_batch call per row added up, or the mean times len(idx)); power -1 ("Round 12 is burnt"): the rate divided
    by the batch's own length, the last smaller batch included (a constant 1/batch_size is scale_family's).
    ``batches``: the recipe's batches (the reference's run with the same generator), as a per-row call no longer
    shows its batch."""
    if len(batches) != len(calls) or not calls:
        return False
    with np.errstate(all="ignore"):
        for call, after, b in zip(calls, nexts, batches):
            before = np.asarray(call["theta"], dtype=float)
            if before.shape != (D,) or first_diff(after, before - LR * len(b) ** power * P.mse_grad(before, X[b], y[b]), RTOL,
                                                  ATOL) is not None:
                return False
    return True


def _wrong_n(calls) -> tuple[str, str]:
    """A family (docs/graders.md, "Round 11 is burnt"): minibatch_indices called with another number of samples --
    X.shape[1], the features (only the first D rows ever used), or the arguments swapped (batch_size samples in
    one batch of N) -- or (round 14) with the number of batches as batch_size -- recognised by replaying the recipe with that call on the same generator, against the batches of
    ``calls`` in order. (words, tag), or ("", "")."""
    mine = [np.asarray(c["idx"]).tolist() for c in calls]
    for n, size, words, tag in (
            (D, BATCH, f"minibatch_indices({D}, {BATCH}, rng): n_samples is {D}, the number of FEATURES (the columns "
             f"of X, X.shape[1]), not the number of samples len(X) = {N}, so only the first {D} rows are ever used",
             "sgd-n-from-features"),
            (BATCH, N, f"minibatch_indices({BATCH}, {N}, rng): batch_size and the number of samples swapped, so each "
             f"epoch is one batch of the first {BATCH} rows", "sgd-arguments-swapped"),
            # grown from round 14 (docs/graders.md, "Round 14 is burnt"): the NUMBER of batches passed as their size
            # (np.array_split's argument is a count); ceil(N / BATCH) = 5 = BATCH on this run, so only the floor shows
            (N, N // BATCH, f"minibatch_indices({N}, {N // BATCH}, rng): {N // BATCH} = {N} // {BATCH} is the NUMBER "
             f"of batches, passed where their SIZE belongs, so each epoch has {-(-N // (N // BATCH))} batches of "
             f"{N // BATCH} rows instead of {-(-N // BATCH)} of {BATCH}", "sgd-batch-count-as-size")):
        rng, batches = np.random.default_rng(SEED), []
        for _ in range(EPOCHS):
            perm = rng.permutation(n)
            batches += [perm[s:s + size].tolist() for s in range(0, n, size)]
        if mine == batches:
            return words, tag
    return "", ""


def _step_family(calls, nexts, X, y) -> tuple[str, list[str]]:
    """What every update looks like next to the method's update from the same theta on the same batch
    (week1_support.scale_family): a rate scaled by a constant (tied to a hyperparameter), a rate that decays
    or grows, a unit-length step: (words, tags), ("", []) when no family fits."""
    steps, expected = [], []
    for call, after in zip(calls, nexts):
        before, idx = np.asarray(call["theta"], dtype=float), np.asarray(call["idx"])
        steps.append(np.asarray(after, dtype=float) - before)
        expected.append(-LR * P.mse_grad(before, X[idx], y[idx]))
    factors = {"1/batch_size": 1 / BATCH, "batch_size": BATCH, "learning_rate": LR, "1/N": 1 / N, "2": 2.0,
               "1/2": 0.5}
    family = scale_family(steps, expected, lr=LR, factors=factors, per="update")
    if family is None:
        return "", []
    tag = "sgd-lr-divided-by-batch" if family[0] == "step-scaled" and "1/batch_size" in family[1] else \
        f"sgd-{family[0]}"
    return f" Along the whole run, {family[1]}.", [tag]


test_sgd_shape_and_inputs = public_test("test_sgd_shape_and_inputs")


@points(5)   # 5: the update itself, checked step by step on the student's own batches
def test_sgd_updates(student, reference):
    """sgd makes one update theta -= learning_rate * grad_f_batch(theta, X[idx], y[idx]) per batch"""
    run = small_run()
    got = sgd_probe(student, run, repeat=False)
    calls, X, y = got["calls"], run["X"], run["y"]
    what = f"sgd({N} samples, batch_size={BATCH}, epochs={EPOCHS}, learning_rate={LR})"
    own = got["own_batches"]
    expected_calls = CALLS if own is None else sum(len(epoch) for epoch in own)
    if expected_calls != CALLS and len(calls) == expected_calls:
        pass          # sgd follows the student's own minibatch_indices faithfully: that one is judged elsewhere
    elif len(calls) == EPOCHS * (N // BATCH):
        raise GradeFailure(f"{what}: expected {CALLS} updates ({-(-N // BATCH)} batches per epoch, times {EPOCHS} "
                           f"epochs), but grad_f_batch was called {len(calls)} times: the last, smaller batch of "
                           f"each epoch ({N % BATCH} samples) is dropped, so those samples are never used.",
                           tags=["minibatches-drop-last"], hint=HINT)
    elif len(calls) != CALLS:
        raise GradeFailure(f"{what}: expected {CALLS} updates ({-(-N // BATCH)} batches per epoch, the last one "
                           f"smaller, times {EPOCHS} epochs); grad_f_batch was called {len(calls)} times.",
                           tags=["sgd-update-count"], hint=HINT)
    if not calls:
        raise GradeFailure(f"{what}: grad_f_batch was never called, so theta never moved.", hint=HINT)
    first = np.asarray(calls[0]["theta"], dtype=float)
    pos = first_diff(first, run["theta_init"], RTOL, ATOL)
    # a mechanism (docs/graders.md, "Round 13 is burnt"): the run starts from a fresh array of one repeated value
    # (zeros, ones: a tutorial's initialisation), so theta_init is never read; this run's theta_init is not constant
    if pos is not None and first.size > 1 and np.ptp(first) == 0:
        raise GradeFailure(f"{what}: the first gradient was taken at a point whose entries are all {first.flat[0]:g}, "
                           f"not at theta_init = {run['theta_init'].tolist()}: the run starts from an array of its own "
                           "making, so theta_init is never used. sgd starts from (a copy of) the theta_init it is given.",
                           tags=["sgd-ignores-theta-init"], hint=HINT)
    if pos is not None:
        raise GradeFailure(f"{what}: the first gradient should be taken at theta_init; "
                           f"{describe_diff(first, run['theta_init'], pos, 'theta')}.", hint=HINT)
    nexts = [np.asarray(c["theta"], dtype=float) for c in calls[1:]] + [np.asarray(got["theta"], dtype=float)]
    # a mechanism (docs/graders.md, "Round 10 is burnt"): every gradient taken at theta_init while the returned
    # theta moved -- the updates happen, but none of them is seen by the next gradient
    if len(calls) > 1 and all(first_diff(t, run["theta_init"], 0, 0) is None for t in nexts[:-1]) \
            and first_diff(nexts[-1], run["theta_init"], RTOL, ATOL) is not None:
        raise GradeFailure(f"{what}: grad_f_batch received theta_init at all {len(calls)} updates, while the theta "
                           "you return moved: every gradient was taken at the starting point. Each update needs "
                           "the gradient at the CURRENT theta, the one the previous update produced.",
                           tags=["gd-gradient-at-start"], hint=HINT)
    for k, (call, after) in enumerate(zip(calls, nexts)):
        idx = np.asarray(call["idx"])
        if np.any(idx < 0):
            raise GradeFailure(f"{what}: at update {k + 1} grad_f_batch received rows that are not rows of X.",
                               hint="Pass X[idx] and y[idx], the rows of the batch.")
        _labels_paired(what, k, idx, np.asarray(call["yidx"]))
        before = np.asarray(call["theta"], dtype=float)
        want = before - LR * P.mse_grad(before, X[idx], y[idx])
        pos = first_diff(after, want, RTOL, ATOL)
        if pos is None:
            continue
        detail = describe_diff(after, want, pos, f"theta after update {k + 1}")
        if first_diff(after, before + LR * P.mse_grad(before, X[idx], y[idx]), RTOL, ATOL) is None:
            raise GradeFailure(f"{what}: {detail}: your step went UP the gradient (theta + lr * grad), the wrong "
                               "sign.", tags=["sgd-wrong-sign"], hint=HINT)
        recipe = [np.asarray(c["idx"]) for c in sgd_probe(reference, run, repeat=False)["calls"]]
        if _batch_scaled(calls, nexts, recipe, X, y, power=1):
            raise GradeFailure(f"{what}: {detail}. Every update moves by learning_rate times the SUM of the batch's "
                               f"per-sample gradients, len(batch) times its mean gradient ({BATCH} times for a full "
                               f"batch, {N % BATCH} for the last): grad_f_batch(theta, X[idx], y[idx]) already "
                               "averages over the batch's rows, and an update uses it once.",
                               tags=["sgd-summed-gradient"], hint=HINT)
        if _batch_scaled(calls, nexts, recipe, X, y, power=-1):
            raise GradeFailure(f"{what}: {detail}. Every update moves by learning_rate / len(batch) times the batch's "
                               f"gradient ({BATCH} times too small for a full batch, {N % BATCH} for the last): "
                               "grad_f_batch(theta, X[idx], y[idx]) is already a MEAN over the batch's rows, so the "
                               "rate is not divided by the batch size again.", tags=["sgd-lr-divided-by-batch"],
                               hint=HINT)
        words, tags = _step_family(calls, nexts, X, y)
        raise GradeFailure(f"{what}: {detail}.{words}", tags=tags, hint=HINT)


@points(4)   # 4: batches from minibatch_indices, once per epoch, with the given rng (the reproducibility contract)
def test_sgd_batches(student, reference):
    """sgd takes its batches from minibatch_indices, reshuffling once per epoch with the given rng"""
    run = small_run()
    got, want = sgd_probe(student, run, repeat=False), sgd_probe(reference, run, repeat=False)
    mine, theirs = _batches_by_epoch(got["calls"]), _batches_by_epoch(want["calls"])
    if mine == theirs and got["next_draw"] == want["next_draw"]:
        return
    what = f"sgd({N} samples, batch_size={BATCH}, epochs={EPOCHS}, rng=default_rng({SEED}))"
    sizes = [len(c["idx"]) for c in got["calls"]]
    if sizes and all(s == N for s in sizes):
        raise GradeFailure(f"{what}: every call of grad_f_batch received all {N} samples: this is full-batch "
                           "gradient descent, not SGD -- the batch's rows X[idx], y[idx] must be passed.",
                           tags=["sgd-full-batch"], hint=HINT)
    if len(mine) == EPOCHS and mine[0] == theirs[0] and all(m == mine[0] for m in mine[1:]):
        raise GradeFailure(f"{what}: every epoch used the same batches as the first one ({mine[0][:2]}, ...): "
                           "the data is shuffled once, not at every epoch. minibatch_indices must be called "
                           "inside the epoch loop.", tags=["sgd-no-reshuffle"], hint=HINT)
    again = student.probe("sgd_run", **run, repeat=True)
    if first_diff(np.asarray(again["theta_again"], float), np.asarray(again["theta"], float), 0, 0) is not None:
        raise GradeFailure(f"{what}: two runs with generators of the same seed gave different results, so the "
                           "shuffling does not come from rng (np.random, the global generator?).",
                           tags=["sgd-global-random"], hint="Use only the rng argument, through minibatch_indices.")
    own = got["own_batches"]
    if own is not None:
        own_flat = [np.asarray(b).tolist() for epoch in own for b in epoch]
        if own_flat == [np.asarray(c["idx"]).tolist() for c in got["calls"]]:
            raise GradeFailure(f"{what}: your sgd uses exactly the batches your minibatch_indices gives, but "
                               "those do not follow the recipe (rng.permutation cut into consecutive slices, the "
                               "last smaller batch kept): see the minibatch_indices tests and fix it first.",
                               tags=["sgd-batches"], hint=HINT)
    if mine == _compounded(theirs) != theirs:
        raise GradeFailure(f"{what}: from epoch 2 on your batches are those of each epoch's permutation applied to "
                           "the PREVIOUS epoch's order instead of to the data as given. This matches shuffling the "
                           "already-shuffled data (the data set rebound to its shuffled copy): the first epoch is "
                           "right, every later one is a composition of permutations.",
                           tags=["sgd-compounded-shuffle"],
                           hint="Keep X and y as they were passed; each epoch, index the ORIGINAL arrays with the "
                                "batches minibatch_indices gives for that epoch.")
    twice = _shuffled_twice(got["calls"])
    if twice:
        raise GradeFailure(f"{what}: your batches are the recipe's batches taken from data shuffled AGAIN in the same "
                           f"epoch ({twice}): the rows are shuffled twice per epoch and rng is drawn twice. "
                           "minibatch_indices already shuffles: its batches index the data as given.",
                           tags=["sgd-compounded-shuffle"],
                           hint="Keep X and y as they were passed; each epoch, index the ORIGINAL arrays with the "
                                "batches minibatch_indices gives for that epoch.")
    words, tag = _wrong_n(got["calls"])
    if words:
        advice = ("batch_size is the number of rows IN each batch: pass it on as sgd was given it" if
                  tag == "sgd-batch-count-as-size" else "The samples are the ROWS of X: n_samples is their number, and "
                  "the arguments go in the signature's order, (n_samples, batch_size, rng)")
        raise GradeFailure(f"{what}: your batches are those of {words}. {advice}.", tags=[tag], hint=HINT)
    # a family (docs/graders.md, "Round 10 is burnt"): the right number of batches, but an epoch that is not one
    # pass over the data -- a batch drawn at random for each step uses some samples twice and others never
    for e, epoch in enumerate(mine):
        used = np.bincount(np.concatenate([np.asarray(b, dtype=int) for b in epoch]), minlength=N) if epoch else None
        if len(epoch) == len(theirs[e]) and used is not None and used.max() > 1:
            k = int(np.argmax(used))
            raise GradeFailure(f"{what}: in epoch {e + 1}, sample {k} is in {int(used[k])} batches and "
                               f"{int(np.sum(used == 0))} samples are in none: an epoch is ONE pass over the data, "
                               "every sample exactly once -- the batches minibatch_indices cuts from one shuffled "
                               "order -- not a batch drawn at random for each step.",
                               tags=["sgd-random-batch-per-step"], hint=HINT)
    for e, (m, t) in enumerate(zip(mine, theirs)):
        for j in range(len(t)):
            if j >= len(m) or m[j] != t[j]:
                was = f"it was {m[j]}" if j < len(m) else "it is missing"
                raise GradeFailure(f"{what}: in epoch {e + 1}, batch {j} should be {t[j]} (minibatch_indices with "
                                   f"this generator), but {was}.", tags=["sgd-batches"], hint=HINT)
    raise GradeFailure(f"{what}: the generator was used differently from {EPOCHS} calls of minibatch_indices "
                       "(after sgd returns it is not in the expected state).", tags=["sgd-batches"], hint=HINT)


@points(2)   # 2: determinism under a seeded rng
def test_sgd_deterministic(student, reference):
    """sgd gives identical results for two generators with the same seed"""
    run = small_run()
    got = sgd_probe(student, run, repeat=True)
    _trained(got, run, "sgd (two runs with the same seed)")
    a, b = np.asarray(got["theta"], dtype=float), np.asarray(got["theta_again"], dtype=float)
    if a.shape != b.shape or not np.array_equal(a, b, equal_nan=True):
        raise GradeFailure("sgd run twice with np.random.default_rng(51) returned different thetas "
                           f"({np.round(a, 6).tolist()} and {np.round(b, 6).tolist()}): with the same generator "
                           "state the result must be identical -- the shuffling has to come from rng only "
                           "(np.random, the global generator?).", tags=["sgd-global-random"],
                           hint="Use only the rng argument, through minibatch_indices.")


@points(2)   # 2: convergence on a real problem, judged on the points the run visited
def test_sgd_fits_linear_regression(student, reference):
    """sgd fits a linear regression (MSE) to within 1% of the least-squares loss"""
    X, y, _ = linreg(6, 200, 5)
    best_possible = P.mse_value(np.linalg.lstsq(X, y, rcond=None)[0], X, y)
    target = 1.01 * best_possible
    # the reference (lr 0.05, batches of 20) first gets within 1% after 5 epochs (50 updates); budget 10 epochs
    run = dict(X=X, y=y, theta_init=np.zeros(5), learning_rate=0.05, batch_size=20, epochs=10, seed=8)
    # 300 = up to 3 grad_f_batch calls for each of the 100 updates (an extra call, a check or a log, is correct code)
    got = sgd_probe(student, run, record=300, repeat=False)
    visited = [np.asarray(c["theta"], dtype=float) for c in got["calls"]] + [np.asarray(got["theta"], dtype=float)]
    losses = [P.mse_value(t, X, y) if t.shape == (5,) and np.all(np.isfinite(t)) else np.inf for t in visited]
    if min(losses) <= target:
        off = sgd_run_off(got, run["theta_init"], X, y, run["learning_rate"], int(np.argmax(np.array(losses) <= target)))
        if off is not None:
            raise not_the_method("sgd on a linear regression", off, HINT)
        return
    ref = sgd_probe(reference, run, record=300, repeat=False)
    ref_losses = [P.mse_value(np.asarray(c["theta"], float), X, y) for c in ref["calls"]]
    raise GradeFailure(
        f"sgd on a linear regression (200 samples, 5 features, learning_rate=0.05, batch_size=20, 10 epochs): the "
        f"best loss along the run was {min(losses):.6g}; it should get below {target:.6g} (1% above the "
        f"least-squares loss {best_possible:.6g}), which the reference reaches in 5 epochs.", hint=HINT,
        figure={"kind": "curve", "title": "MSE along the run (before each update)", "xlabel": "update",
                "ylabel": "loss", "x": list(range(min(len(losses), len(ref_losses)))),
                "series": {"yours": [float(v) if np.isfinite(v) else None for v in losses[:len(ref_losses)]],
                           "expected": ref_losses[:len(losses)]}, "log_y": True})
