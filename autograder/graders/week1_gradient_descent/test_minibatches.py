"""minibatch_indices(n_samples, batch_size, rng): rng.permutation(n_samples) cut into consecutive slices."""
import numpy as np

from autograder.grading import GradeFailure, points
from public import public_test

HINT = ("One epoch is ONE random ordering of all the sample indices -- a permutation, drawn with a single call of "
        "the given generator -- cut into consecutive pieces of batch_size, in order. The last piece may be "
        "smaller; it is kept, so every sample is used once per epoch.")


def _show(batches, limit=4):
    shown = [np.asarray(b).tolist() for b in batches[:limit]]
    return str(shown)[:-1] + (", ...]" if len(batches) > limit else "]")


def _same(a, b) -> bool:
    return len(a) == len(b) and all(np.array_equal(np.asarray(x), np.asarray(y)) for x, y in zip(a, b))


def _first_batch_diff(got, want) -> str:
    """'batch j should be [...], but it was [...]' for the first differing batch."""
    for j in range(max(len(got), len(want))):
        g = np.asarray(got[j]).tolist() if j < len(got) else None
        w = np.asarray(want[j]).tolist() if j < len(want) else None
        if g != w:
            if g is None:
                return f"batch {j} should be {w}, but it is missing ({len(got)} batches instead of {len(want)})"
            if w is None:
                return f"there should be {len(want)} batches, but there is an extra one, {g}"
            return f"batch {j} should be {w}, but it was {g}"
    return "the batches agree"


def _drop_last(got_batches, want_batches, what):
    if len(want_batches) > 1 and len(got_batches) == len(want_batches) - 1 \
            and _same(got_batches, want_batches[:-1]):
        raise GradeFailure(f"{what}: the last, smaller batch {np.asarray(want_batches[-1]).tolist()} is dropped, so "
                           "those samples are never used in this epoch. Keep it.", tags=["minibatches-drop-last"],
                           hint="Start a batch at every multiple of batch_size below n_samples: the last start "
                                "leaves a smaller batch, and it is kept.")


def _reordered_within(got_batches, want_batches, what):
    """A family (docs/graders.md, "Round 11 is burnt"): every batch holds the recipe's samples, in another order
    inside the batch (sorted, reversed, shuffled again) -- the batches are right as sets, not as slices of perm."""
    if len(got_batches) == len(want_batches) and not _same(got_batches, want_batches) and all(
            np.array_equal(np.sort(np.asarray(g).reshape(-1)), np.sort(np.asarray(w).reshape(-1)))
            for g, w in zip(got_batches, want_batches)):
        ordered = all(np.all(np.diff(np.asarray(g).reshape(-1)) > 0) for g in got_batches)
        sorted_words = " (each batch is sorted)" if ordered else ""
        raise GradeFailure(f"{what}: each batch holds the right samples, those of the consecutive slice of "
                           f"rng.permutation(n_samples), but in another order inside the batch{sorted_words}: "
                           f"{_first_batch_diff(got_batches, want_batches)}. A batch is the slice of the "
                           "permutation as it is, in the permutation's order.",
                           tags=["minibatches-sorted-batches"], hint=HINT)


def _diagnose_order(got, want, n, batch_size, what):
    """Name why a (complete) epoch is not rng.permutation's order."""
    flat = np.concatenate([np.asarray(b).reshape(-1) for b in got["first"]]) if got["first"] else np.array([])
    if np.array_equal(flat, np.arange(n)):
        raise GradeFailure(f"{what}: the batches are 0, 1, 2, ... in order -- the samples are not shuffled. "
                           f"Expected (same seed) {_show(want['first'])}, got {_show(got['first'])}.",
                           tags=["minibatches-no-shuffle"], hint=HINT)
    if not _same(got["first"], got["again"]):
        raise GradeFailure(f"{what}: two calls with generators made from the same seed gave different batches, "
                           "so the order does not come from the rng argument: it looks like np.random "
                           "(the global generator) was used instead of rng.", tags=["minibatches-global-random"],
                           hint="Use the generator you are given: rng.permutation(n_samples), never np.random.*.")
    if _same(got["first"], got["second"]):
        raise GradeFailure(f"{what}: two epochs drawn with the same generator came out identical, so rng is not "
                           "used: a generator created inside the function (np.random.default_rng(...)) restarts "
                           "at every call.", tags=["minibatches-own-generator"],
                           hint="Use the rng argument itself; do not create a generator inside the function.")
    _reordered_within(got["first"], want["first"], what)
    # a family (docs/graders.md, "Round 14 is burnt"): consecutive slices of the recipe's sizes cut from a permutation
    # of all the samples that is not the one rng.permutation(n_samples) draws -- a shuffle of another recipe (argsort
    # of random keys, rng.choice without replacement, a hand-written Fisher-Yates): right as a partition, not the
    # contract's order for this generator (which sgd's reproducibility and the graders' replay rest on)
    sizes = [np.asarray(b).size for b in got["first"]]
    if sizes == [np.asarray(b).size for b in want["first"]]:
        raise GradeFailure(f"{what}: the batches are consecutive slices of a random permutation of all the samples, "
                           "of the right sizes, but the permutation is drawn another way than rng.permutation(n_samples) "
                           "-- another recipe gives another order for the same generator. "
                           f"Expected {_show(want['first'])}, got {_show(got['first'])}.",
                           tags=["minibatches-own-recipe"], hint=HINT)
    raise GradeFailure(f"{what}: the batches are a shuffle, but not the one rng.permutation(n_samples) gives for this "
                       f"generator. Expected {_show(want['first'])}, got {_show(got['first'])}.",
                       tags=["minibatches-not-permutation"], hint=HINT)


test_minibatches_partition = public_test("test_minibatches_partition")


@points(5)   # 5: the exact recipe, replayed with the same generator (sgd's reproducibility rests on it)
def test_minibatches_follow_permutation(student, reference):
    """minibatch_indices is rng.permutation(n_samples) cut into consecutive slices"""
    for n, batch_size, seed in ((23, 5, 42), (16, 4, 43)):
        kw = dict(n_samples=n, batch_size=batch_size, seed=seed)
        got, want = student.probe("minibatches", **kw), reference.probe("minibatches", **kw)
        if _same(got["first"], want["first"]):
            continue
        what = f"minibatch_indices({n}, {batch_size}, default_rng({seed}))"
        flat = np.concatenate([np.asarray(b).reshape(-1) for b in got["first"]]) if got["first"] else np.array([])
        if np.array_equal(np.sort(flat), np.arange(n)):
            _diagnose_order(got, want, n, batch_size, what)
        _drop_last(got["first"], want["first"], what)
        _shifted(got["first"], want["first"], what)
        _each_one_short(got["first"], want["first"], what)
        raise GradeFailure(f"{what}: {_first_batch_diff(got['first'], want['first'])}.", hint=HINT)


def _shifted(got_batches, want_batches, what):
    """A family (docs/graders.md, "Round 13 is burnt"): the recipe's batches with every index moved by one constant
    -- samples counted from 1 (MATLAB, R) instead of 0: the largest index is out of range and sample 0 never used."""
    flat = [np.asarray(b).reshape(-1) for b in got_batches]
    want = [np.asarray(b).reshape(-1) for b in want_batches]
    if len(flat) != len(want) or any(g.shape != w.shape or g.size == 0 for g, w in zip(flat, want)):
        return
    shift = {float(x) for g, w in zip(flat, want) for x in g - w}
    if len(shift) == 1 and shift != {0.0}:
        k = shift.pop()
        one = " (counted from 1, sample 0 is never used and index n_samples is out of range)" if k == 1 else ""
        raise GradeFailure(f"{what}: every index is the recipe's {'plus' if k > 0 else 'minus'} {abs(k):g}: "
                           f"{_first_batch_diff(got_batches, want_batches)}. Python counts samples from 0, so "
                           f"the indices of n_samples samples are 0 .. n_samples - 1{one}.",
                           tags=["minibatches-one-based-indices"], hint=HINT)


def _each_one_short(got_batches, want_batches, what):
    """A family (docs/graders.md, "Round 13 is burnt"): every batch is the recipe's slice without its last sample --
    the slice's end taken as the last index kept (MATLAB's a(i:j)), while Python's a[i:j] already stops before j."""
    want = [np.asarray(b).reshape(-1) for b in want_batches]
    got = [np.asarray(b).reshape(-1) for b in got_batches]
    # the last, smaller batch may come out whole: start + batch_size - 1 can still reach past n_samples
    short = [np.array_equal(g, w[:-1]) for g, w in zip(got, want)]
    if len(got) == len(want) > 1 and all(short[:-1]) and (short[-1] or np.array_equal(got[-1], want[-1])):
        raise GradeFailure(f"{what}: each batch (the last, smaller one perhaps excepted) is its slice of the "
                           "permutation without the slice's last sample, one sample short: "
                           f"{_first_batch_diff(got_batches, want_batches)}. A Python slice a[i:j] "
                           "holds j - i items and already leaves j out; one sample per batch is never used.",
                           tags=["minibatches-slice-end-inclusive"], hint=HINT)


@points(3)   # 3: determinism under a seeded rng, and exactly one permutation drawn per call
def test_minibatches_deterministic(student, reference):
    """minibatch_indices gives the same batches for the same generator state and draws only from rng"""
    kw = dict(n_samples=20, batch_size=6, seed=44)
    got, want = student.probe("minibatches", **kw), reference.probe("minibatches", **kw)
    what = "minibatch_indices(20, 6, default_rng(44)), called twice with fresh generators of the same seed"
    if got["one_pass"]:
        raise GradeFailure(f"minibatch_indices(20, 6, rng) returned a {got['one_pass']} object, a one-pass iterator, "
                           "not a list of index arrays: len() and indexing fail on it, and a second pass over it "
                           "finds nothing.", tags=["minibatches-returns-generator"],
                           hint="Build the batches in a list (square brackets) and return the list.")
    if not _same(got["first"], got["again"]):
        raise GradeFailure(f"{what}: the two results differ ({_show(got['first'], 2)} vs {_show(got['again'], 2)}), "
                           "so the shuffle does not come from rng: it looks like np.random (the global generator) "
                           "was used instead of rng.", tags=["minibatches-global-random"],
                           hint="Use the generator you are given: rng.permutation(n_samples), never np.random.*.")
    if got["next_draw"] != want["next_draw"]:
        raise GradeFailure("minibatch_indices(20, 6, rng): after the call the generator is not where one "
                           "rng.permutation(20) leaves it (it drew more, less, or something else from rng). "
                           "Later epochs and the rest of a program depend on that state.",
                           tags=["minibatches-rng-use"], hint=HINT)


@points(2)   # 2: a new order at every call (each epoch differs), from the same generator
def test_minibatches_new_order_each_call(student, reference):
    """minibatch_indices draws a new order at every call with the same generator (a new epoch)"""
    kw = dict(n_samples=15, batch_size=4, seed=45)
    got, want = student.probe("minibatches", **kw), reference.probe("minibatches", **kw)
    if _same(got["second"], want["second"]):
        return
    what = "minibatch_indices(15, 4, rng), second call with the same generator"
    if _same(got["first"], got["second"]):
        flat = np.concatenate([np.asarray(b).reshape(-1) for b in got["first"]])
        if np.array_equal(flat, np.arange(15)):
            raise GradeFailure(f"{what}: both epochs are 0, 1, 2, ... in order -- the samples are not shuffled.",
                               tags=["minibatches-no-shuffle"], hint=HINT)
        raise GradeFailure(f"{what}: the second epoch repeats the first one exactly, so the generator passed in "
                           "is not used (a generator created inside the function restarts at every call).",
                           tags=["minibatches-own-generator"],
                           hint="Use the rng argument itself; do not create a generator inside the function.")
    _drop_last(got["second"], want["second"], what)
    _reordered_within(got["second"], want["second"], what)
    raise GradeFailure(f"{what}: {_first_batch_diff(got['second'], want['second'])}.", hint=HINT)
