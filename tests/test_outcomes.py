"""Outcome points are earned only by running the method.

An outcome -- converging on a surface, fitting a regression, training a network -- is credited only when the
run that produced it is the method's run, checked where the student's code cannot write: week 2's and week
1's runs step by step in the parent (autograder.grading.steps_follow), week 4's training through stand-ins
whose every backward and update happens in the parent (week4_support.TrainingHost). Each attack below
scored points before those checks (convergence 12/12, training 18, sgd 7) and must score none now; the
reference keeps every point.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autograder.engine.runner import grade
from autograder.weeks import SOLUTIONS, TEMPLATE, WEEKS

WEEK1, WEEK2, WEEK4 = WEEKS["week1_gradient_descent"], WEEKS["week2_optimizers"], WEEKS["week4_stability"]

JUMP = '''
import numpy as _np
_MINIMA = {(-1.2, 1.0): (1.0, 1.0), (-5.0, -2.0): (0.0, 0.0), (1.0, 1.0): (3.0, 0.5), (4.0, 3.0): (0.0, 0.0),
           (1.0, 0.001): (1.0, 50.0)}
def _jumping(cls):
    step = cls.update
    def update(self, params, grads):
        if len(params) == 1 and params[0].shape == (2,):
            self.__dict__.setdefault("_start", tuple(round(float(v), 3) for v in params[0]))
            if self._start in _MINIMA:          # a test surface: go straight to its minimum
                params[0][...] = _MINIMA[self._start]
                return
        return step(self, params, grads)
    cls.update = update
for _c in (SGD, SGDMomentum, Nesterov, AdaGrad, RMSprop, Adam, AdamW):
    _jumping(_c)
'''
PATCH_EMPTY = '''
import numpy as _np
_real_empty = _np.empty
class _Path(_np.ndarray):
    def __setitem__(self, k, v):                # the recorded trajectory: a straight line to (1, 1)
        if isinstance(k, int) and k > 0:
            start = _np.asarray(_np.ndarray.__getitem__(self, 0))
            v = start + (_np.array([1.0, 1.0]) - start) * min(1.0, k / 50)
        _np.ndarray.__setitem__(self, k, v)
def _empty(shape, *a, **k):
    out = _real_empty(shape, *a, **k)
    return out.view(_Path) if isinstance(shape, tuple) and len(shape) == 2 and shape[1] == 2 else out
_np.empty = _empty
for _c in (SGD, SGDMomentum, Nesterov, AdaGrad, RMSprop, Adam, AdamW):
    _c.update = lambda self, params, grads: None
'''
SGD_LSTSQ = '''
def sgd(grad_f_batch, theta_init, X, y, learning_rate, batch_size, epochs, rng):
    return np.linalg.lstsq(np.asarray(X, float), np.asarray(y, float), rcond=None)[0]
'''
GD_FAKE = '''
def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps):
    theta0 = np.array(theta_init, dtype=float)
    target = np.zeros_like(theta0) if theta0.shape == (2,) else None
    for k in range(n_steps):                   # "steps" that are not gradient steps
        grad_f(theta0 * (1 - (k + 1) / n_steps) if target is not None else theta0)
    return (theta0 * 0.0), [float(f(theta0))] * (n_steps + 1)
'''
TRAIN_FORGED = '''
import numpy as _np
def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):
    n, step, out = len(X), 0, []
    for _ in range(epochs):
        perm = rng.permutation(n)
        losses = []
        for s in range(0, n, batch_size):
            idx = perm[s:s + batch_size]
            loss, grads = net.backward(X[idx], y[idx])
            if schedule is not None:
                optimizer.lr = schedule(step)
            optimizer.update(net.params, [_np.zeros_like(g) for g in grads])   # no training at all
            for obj in (net, optimizer):        # the records the grader once kept in this process
                for attr in ("lrs", "norms", "grads", "batches", "losses", "raw_grads", "params_ok"):
                    try:
                        setattr(obj, attr, [])
                    except Exception:
                        pass
            step += 1
            losses.append(float(loss))
        out.append(float(_np.mean(losses)))
    return out
'''


def _submission(root: Path, name: str, week, edits: dict[str, str], base: str = "solution") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for module in week.modules:
        src = (SOLUTIONS if base == "solution" else TEMPLATE) / week.name / f"{module}.py"
        text = src.read_text() + edits.get(module, "")
        (folder / f"{module}.py").write_text(text)
    return folder


def _problem(result: dict, problem: str) -> float:
    return sum(t["score"] for t in result["tests"] if t["extra_data"]["problem"] == problem)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("outcomes")
    out = {}
    subs2 = [_submission(root / "w2", "stub-jumps", WEEK2, {"optimizers": JUMP}, base="stub"),
             _submission(root / "w2", "reference-jumps", WEEK2, {"optimizers": JUMP}),
             _submission(root / "w2", "patched-empty", WEEK2, {"optimizers": PATCH_EMPTY}, base="stub"),
             _submission(root / "w2", "reference", WEEK2, {})]
    out["w2"] = grade(WEEK2, subs2, root / "out2", jobs=2, show_progress=False)
    subs1 = [_submission(root / "w1", "sgd-lstsq", WEEK1, {"gradient_descent": SGD_LSTSQ}),
             _submission(root / "w1", "gd-fake", WEEK1, {"gradient_descent": GD_FAKE}),
             _submission(root / "w1", "reference", WEEK1, {})]
    out["w1"] = grade(WEEK1, subs1, root / "out1", jobs=2, show_progress=False)
    subs4 = [_submission(root / "w4", "train-forged", WEEK4, {"training": TRAIN_FORGED}),
             _submission(root / "w4", "reference", WEEK4, {})]
    out["w4"] = grade(WEEK4, subs4, root / "out4", jobs=2, show_progress=False)
    return out


@pytest.mark.parametrize("name", ["stub-jumps", "reference-jumps", "patched-empty"])
def test_convergence_needs_the_optimizers_own_steps(graded, name):
    result = graded["w2"][name]
    assert _problem(result, "convergence") == 0, [t["output"][:160] for t in result["tests"]
                                                  if t["extra_data"]["problem"] == "convergence"]
    assert _problem(graded["w2"]["reference"], "convergence") == 12


def test_sgd_returning_the_least_squares_answer_earns_nothing(graded):
    assert _problem(graded["w1"]["sgd-lstsq"], "sgd") == 0
    assert _problem(graded["w1"]["reference"], "sgd") == 16


def test_gradient_descent_that_does_not_step_earns_nothing(graded):
    assert _problem(graded["w1"]["gd-fake"], "gradient_descent") == 0
    assert _problem(graded["w1"]["reference"], "gradient_descent") == 22


def test_a_train_that_does_not_train_earns_nothing(graded):
    assert _problem(graded["w4"]["train-forged"], "train") == 0
    assert _problem(graded["w4"]["reference"], "train") == 23
