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
    """train test name -> points, for the reference modules with BOXED as training.py."""
    forger = BOXED.format(weights=trained_weights(monkeypatch), honest=honest)
    result = grade_one(tmp_path, "week4_stability", "boxed", {"training": forger})
    return {t["name"]: t["score"] for t in result["tests"] if t["extra_data"]["problem"] == "train"}


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
