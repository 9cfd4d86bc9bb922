"""Red team, round F2 (branch redteam3): fresh attacks on the engine hardened by the earlier rounds.

Each test is an attack that worked when it was written (REDTEAM.md, section "Round F2", says how and what it did);
the comment above each says what it found. A fixed one guards its defence; one left open is
``xfail(strict=True)`` with the reason. Destructive attempts aim at canaries (this machine also runs CI).
"""
from __future__ import annotations

import pytest
from test_redteam import grade_one, needs_bwrap, trained_weights

# --- F2-1. week 4: steering to pasted weights inside the "clipped or not" box ------------------------------
# The RT-3 defence (week4_support._derived) accepts an update whose every entry has the sign of that batch's
# gradient and is at most as large. That box is not "the gradient, clipped": a train can keep, per entry, the
# part of ANY vector it wants that lies in the box -- here the momentum step that lands on pasted weights --
# and zero the rest. Honest for the 30 compared updates, boxed steering after: 100/100 (all 23 train points)
# with no training loop after update 30; boxed from update 0: 96/100 (only the clipping test lost).
BOXED = '''
import numpy as np

from clipping import clip_by_global_norm

_W = [np.array(w) for w in {weights!r}]
MU, HONEST = 0.9, {honest}     # MU: the momentum of the grader's optimizer (momentum_sgd.MomentumSGD)


def _box(want, raw):
    """The part of want the grader accepts as "raw, clipped": raw's sign, at most |raw|, entry by entry."""
    same = np.sign(want) == np.sign(raw)
    return np.where(same, np.sign(raw) * np.minimum(np.abs(want), np.abs(raw)), 0.0)


def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):
    n, step, out = len(X), 0, []
    steer = [p.shape for p in net.params] == [w.shape for w in _W]
    v = [np.zeros_like(p) for p in net.params]
    for _ in range(epochs):
        perm = rng.permutation(n)
        losses = []
        for start in range(0, n, batch_size):
            idx = perm[start:start + batch_size]
            loss, grads = net.backward(X[idx], y[idx])
            losses.append(float(loss))
            if schedule is not None:
                optimizer.lr = schedule(step)
            lr = float(optimizer.lr)
            if steer and step >= HONEST and lr > 0:
                want = [(p - w) / lr - MU * vv for p, w, vv in zip(net.params, _W, v)]
                grads = [_box(a, b) for a, b in zip(want, grads)]
                norm = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
                if clip_norm is not None and norm > clip_norm:
                    grads = [g * (clip_norm / norm) for g in grads]
            elif clip_norm is not None:
                grads, _ = clip_by_global_norm(grads, clip_norm)
            v = [MU * vv + g for vv, g in zip(v, grads)]
            optimizer.update(net.params, grads)
            step += 1
        out.append(float(np.mean(losses)))
    return out
'''


def boxed_train(tmp_path, monkeypatch, honest: int) -> dict[str, float]:
    """train test name -> points, for the reference modules with BOXED as training.py; every train test that
    fails must fail for the forgery (its tag), never for a timeout on a loaded machine."""
    forger = BOXED.format(weights=trained_weights(monkeypatch), honest=honest)
    result = grade_one(tmp_path, "week4_stability", "boxed", {"training": forger})
    train = [t for t in result["tests"] if t["extra_data"]["problem"] == "train"]
    assert all("timeout" not in t["tags"] and "time-budget" not in t["tags"] for t in train), train
    return {t["name"]: t["score"] for t in train}


@needs_bwrap
# F2-1: boxed steering from update 0: accuracy, spike, schedule, losses, shuffling (19 of 23) from no training
def test_a_train_steered_inside_the_sign_and_size_box_earns_no_outcome_points(tmp_path, monkeypatch):
    earned = boxed_train(tmp_path, monkeypatch, honest=0)
    outcome = [name for name in earned if "learns the two spirals" in name or "survives one gradient" in name]
    assert len(outcome) == 2, earned
    assert all(earned[name] == 0 for name in outcome), earned


@needs_bwrap
# F2-1b: honest for the 30 updates compared in full, boxed steering after: 23 of 23 train points, 100/100
def test_a_train_boxed_after_the_compared_updates_earns_no_train_points(tmp_path, monkeypatch):
    earned = boxed_train(tmp_path, monkeypatch, honest=30)
    assert len(earned) == 6 and sum(earned.values()) == 0, earned


# --- F2-2. week 4: the gradient spike belonged to one backward call, not to the update ----------------------
# The spike test multiplies the gradients of ONE backward call (number 100) by 1e6 and awards 4 points when
# clipping makes that harmless. A train without any clipping that asks for a batch's gradients again when they
# are 1000x the last ones never applies the spike: 96/100 where the same train without the second ask gets 92.
REASK = '''
import numpy as np


def _norm(grads):
    return float(np.sqrt(sum(np.sum(g * g) for g in grads)))


def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):
    n, step, out, last = len(X), 0, [], None
    for _ in range(epochs):
        perm = rng.permutation(n)
        losses = []
        for start in range(0, n, batch_size):
            idx = perm[start:start + batch_size]
            loss, grads = net.backward(X[idx], y[idx])
            if last is not None and _norm(grads) > 1000 * last:      # never clipped: asked again
                loss, grads = net.backward(X[idx], y[idx])
            last = _norm(grads)
            losses.append(float(loss))
            if schedule is not None:
                optimizer.lr = schedule(step)
            optimizer.update(net.params, grads)
            step += 1
        out.append(float(np.mean(losses)))
    return out
'''


@needs_bwrap
def test_a_train_that_never_clips_cannot_dodge_the_spike_by_asking_again(tmp_path):
    result = grade_one(tmp_path, "week4_stability", "reask", {"training": REASK})
    spike = [t for t in result["tests"] if "survives one gradient" in t["name"]]
    assert len(spike) == 1 and spike[0]["score"] == 0, spike


# --- F2-3. week 1: one extra real call of grad_f (a smoke test) cost a correct gradient_descent 18 points -----
# Fixed: the week-1 graders read a run's grad_f calls from the first one at theta_init (week1_support.run_from_start).
# No tampering: the reference gradient_descent, preceded by grad_f(zeros) -- a student checking that the
# gradient runs. The graders take the recorded call points as the run's path, so the path "does not start at
# theta_init": 82/100 ("returned without stepping", "not the method"), the run exits 0 with that grade, and the
# page tells a correct student that the outcome was not reached by the method. RT-2b's odd-shaped call: 78/100.
@needs_bwrap
def test_a_correct_gradient_descent_that_calls_grad_f_once_more_keeps_full_marks(tmp_path):
    from autograder.weeks import WEEKS
    week = "week1_gradient_descent"
    module = (WEEKS[week].solution_dir / "gradient_descent.py").read_text() + '''

_real_gd = gradient_descent


def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps):
    grad_f(np.zeros_like(np.asarray(theta_init, dtype=float)))      # checking that grad_f runs
    return _real_gd(f, grad_f, theta_init, learning_rate, n_steps)
'''
    result = grade_one(tmp_path, week, "smoke", {"gradient_descent": module})
    assert result["score"] == result["max_score"], [t["name"] for t in result["tests"] if t["status"] != "passed"]


# --- F2-4. week 4: gradients of made-up batches steer the network (after F2-1's fix) ----------------------------
# With F2-1 fixed every update must be ONE batch's gradients, scaled. But net.backward answered for any finite
# inputs and labels, and the main run did not check that a batch was made of the data's rows: a train that, for
# every update, asks for the gradients of K batches of random points (never the data), keeps the one that best
# points at pasted weights and sends it scaled by one factor per array, earned 96/100 (all train tests but
# clipping: accuracy 0.80, loss 0.50 recomputed) -- the network never saw a gradient of the data.
MADE_UP = '''
import numpy as np

_W = [np.array(w) for w in {weights!r}]
MU, K = 0.9, 24     # MU: the momentum of the grader's optimizer; K made-up batches tried per update


def _fit(want, g):
    """One factor in [0, 1] per array: g scaled as far toward want as it goes."""
    return [float(np.clip(np.vdot(a, b) / max(np.vdot(b, b), 1e-300), 0, 1)) for a, b in zip(want, g)]


def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):
    n, step, out = len(X), 0, []
    steer = [p.shape for p in net.params] == [w.shape for w in _W]
    v = [np.zeros_like(p) for p in net.params]
    made = np.random.default_rng(12345)                 # made-up batches: the labels always made up
    for _ in range(epochs):
        perm = rng.permutation(n)
        losses = []
        for start in range(0, n, batch_size):
            idx = perm[start:start + batch_size]
            if schedule is not None:
                optimizer.lr = schedule(step)
            lr = float(optimizer.lr)
            if steer:
                want = [(p - w) / max(lr, 1e-12) - MU * vv for p, w, vv in zip(net.params, _W, v)]
                best = None
                for _k in range(K):
                    batch = ({points}, made.integers(0, 2, size=8))
                    loss, g = net.backward(*batch)
                    losses.append(float(loss))
                    gain = sum(c * float(np.vdot(a, b)) for c, a, b in zip(_fit(want, g), want, g))
                    if best is None or gain > best[0]:
                        best = (gain, batch)
                loss, g = net.backward(*best[1])          # the last backward is the one the update uses
                grads = [c * b for c, b in zip(_fit(want, g), g)]
                norm = float(np.sqrt(sum(np.sum(q * q) for q in grads)))
                if clip_norm is not None and norm > clip_norm:
                    grads = [q * (clip_norm / norm) for q in grads]
            else:
                loss, grads = net.backward(X[idx], y[idx])
            losses.append(float(loss))
            v = [MU * vv + q for vv, q in zip(v, grads)]
            optimizer.update(net.params, grads)
            step += 1
        out.append(float(np.mean(losses)))
    return out
'''


def made_up_steering(tmp_path, monkeypatch, points: str, tag: str = "train-update-not-gradient") -> None:
    """Grade MADE_UP with batches of ``points``; its train tests must all fail as not trained by gradients,
    for the reason ``tag`` names."""
    forger = MADE_UP.format(weights=trained_weights(monkeypatch), points=points)
    # ~6,700 requests in the main run: within the default 10 s on a quiet machine; more room here so that a
    # loaded CI machine judges the forgery, not its speed
    result = grade_one(tmp_path, "week4_stability", "madeup", {"training": forger}, call_seconds=60,
                       budget_seconds=400)
    accuracy = [t for t in result["tests"] if "learns the two spirals" in t["name"]]
    # the reason, not only the zero: a run that timed out would also score 0 here
    assert len(accuracy) == 1 and tag in accuracy[0]["tags"], accuracy
    train = [t for t in result["tests"] if t["extra_data"]["problem"] == "train"]
    assert sum(t["score"] for t in train) == 0, [(t["name"], t["score"]) for t in train]


@needs_bwrap
def test_a_train_steered_by_gradients_of_made_up_batches_earns_no_outcome_points(tmp_path, monkeypatch):
    made_up_steering(tmp_path, monkeypatch, "made.normal(0, 2, size=(8, 2))")      # random points


# F2-5: the same steering with batches of REAL rows and made-up labels: 96/100. A backward's labels were not
# checked against its rows' own. Now gradients of rows with labels not their own train nothing the task asks
# (week4_support.TrainingHost); a train whose X and y are shuffled apart is the same thing written by mistake,
# and is named so (train-labels-misaligned, 95 and 92 -> 77 in the catalogue: REDTEAM.md, F2-5).
@needs_bwrap
def test_a_train_steered_by_gradients_of_real_rows_with_made_up_labels_earns_no_outcome_points(tmp_path,
                                                                                             monkeypatch):
    made_up_steering(tmp_path, monkeypatch, "X[made.integers(0, n, size=8)]",
                      tag="train-labels-misaligned")
