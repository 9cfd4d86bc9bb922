"""Parent-side support for the week-2 graders (never sent to the sandbox, never shown to students).

* NumPy models of every form of each optimizer that the course accepts and of
  the wrong implementations students really write (each named when a
  submission's numbers match it);
* ``check_steps``: run the student's optimizer through the ``optimizer_steps``
  probe and judge it step by step against those models (``steps_rule``: the
  judging is the public checks' rule ``steps`` in autograder/kit/judge.py, so a
  public first step and a hidden twelve-step run are judged alike); when no
  model matches, the judge says which step and which parameter first disagree
  and what that implies, and the failure carries a step-by-step figure;
* the in-place / gradients-untouched properties are judged by the public checks
  (``public.py``, rule ``in_place`` of autograder/kit/judge.py).

The models, the tests' seeded data and the check of the models against the
reference solution depend only on each test's fixed inputs: they are computed
once per grading worker (see "once per grading worker" below); per submission
only the student's numbers are compared with them.

Tolerances (measured on the tests' own inputs; docs/graders.md, "Tolerances (week 2)"): the
reference solution and the first accepted form agree exactly, and a different but equivalent
order of operations (``p -= lr*m/(...)`` vs ``p -= (lr/(...))*m``, ``p *= 1 - lr*wd``...) moves
the numbers by ~1e-15 relative; RTOL = 1e-8, ATOL = 1e-10 leave seven orders of magnitude above
that, while every named mistake that is not an eps slip differs from every accepted form by
>= 2.8e-2 relative wherever it differs at all. Eps slips only show where a gradient is exactly 0
(nan) and otherwise stay within ~2e-8: there they pass, as the accepted eps placements do.
tests/test_graders.py::test_week2_tolerances_separate_right_from_wrong keeps this true.
"""
from __future__ import annotations

import functools
import hashlib
import weakref
from functools import partial

import numpy as np

from autograder.grading import steps_follow
from autograder.grading import first_step_off as step_off
from autograder.kit.declare import judge_student_result, rule

RTOL, ATOL = 1e-8, 1e-10   # see the module docstring: noise <= 1e-15, smallest named gap >= 1e-4

DEFAULTS = {
    "SGD": {"lr": 0.01},
    "SGDMomentum": {"lr": 0.01, "momentum": 0.9},
    "Nesterov": {"lr": 0.01, "momentum": 0.9},
    "AdaGrad": {"lr": 0.01, "eps": 1e-10},
    "RMSprop": {"lr": 0.01, "decay": 0.9, "eps": 1e-8},
    "Adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    "AdamW": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
}


def _zeros(st, key, p):
    if key not in st:
        st[key] = np.zeros_like(p)
    return st[key]


# --- one step of each form, for one parameter: modify p in place, keep state in st -------------
# Every step has the signature step(p, g, st, lr, hp, t); the variants of one method are one
# function with keyword options (bound with functools.partial in the tables below).

def sgd(p, g, st, lr, hp, t, *, sign=-1.0, of=None):
    """of: what multiplies lr -- g itself (None, right) or a function of it (np.sign: signSGD)."""
    p += sign * lr * (g if of is None else of(g))


def heavy_ball(p, g, st, lr, hp, t, *, form="sum"):
    """Momentum. Accepted: "sum" (v = mu v + g; p -= lr v) and "folded" (v = mu v - lr g; p += v).
    Mistakes: the two forms mixed ("mixed": v = mu v - lr g; p -= v, "mixed2": v = mu v + g; p += lr v),
    an average ("ema": v = mu v + (1 - mu) g), the velocity from before the update ("stale"), lr both in
    v and in the step ("lr_twice"), a velocity that is never used ("unused")."""
    mu, v = hp["momentum"], _zeros(st, "v", p)
    if form == "stale":
        p -= lr * v
    new = {"sum": mu * v + g, "folded": mu * v - lr * g, "mixed": mu * v - lr * g, "mixed2": mu * v + g,
           "ema": mu * v + (1 - mu) * g, "stale": mu * v + g, "lr_twice": mu * v + lr * g,
           "unused": mu * v + g}[form]
    st["v"] = new
    if form in ("sum", "ema", "lr_twice"):
        p -= lr * new
    elif form == "folded":
        p += new
    elif form == "mixed":
        p -= new
    elif form == "mixed2":
        p += lr * new
    elif form == "unused":
        p -= lr * g


def nesterov(p, g, st, lr, hp, t, *, form="sum"):
    """Accepted: "sum" (v = mu v + g; p -= lr (g + mu v)) and "folded" (v = mu v - lr g;
    p += mu v - lr g, = CS231n's p += -mu v_prev + (1 + mu) v). Mistake: "twice" -- an interim
    look-ahead step p -= lr mu v_old that is kept, then the full momentum step."""
    mu, v = hp["momentum"], _zeros(st, "v", p)
    if form == "sum":
        st["v"] = mu * v + g
        p -= lr * (g + mu * st["v"])
    elif form == "folded":
        st["v"] = mu * v - lr * g
        p += mu * st["v"] - lr * g
    elif form == "twice":
        p -= lr * mu * v
        st["v"] = mu * v + g
        p -= lr * st["v"]
    elif form in ("no_lr", "no_lr_up"):      # the velocity term without lr: p -= lr g + mu v (or - mu v)
        st["v"] = mu * v + g
        p -= lr * g + (1.0 if form == "no_lr" else -1.0) * mu * st["v"]
    else:                           # ("mix", a, b, old): p -= lr * (a g + b v), v the new velocity or the old one
        _, a, b, old = form
        st["v"] = mu * v + g
        p -= lr * (a(mu) * g + b(mu) * (v if old else st["v"]))


def _squared(g, how):
    """What is accumulated: g**2 (right), |g| or g itself (the square forgotten); or ONE number for the whole
    array, the sum ("sum": a squared norm) or the mean ("mean") of g**2 over its entries."""
    if how in ("sum", "mean"):
        return getattr(np, how)(g ** 2)
    return {"square": g ** 2, "abs": np.abs(g), "raw": g}[how]


def _divide(p, num, acc, lr, eps, where):
    """p -= lr * num / (root of acc, with eps): "out" sqrt(acc) + eps, "in" sqrt(acc + eps) (both
    accepted); mistakes: "none" (no eps), "step" (eps added to the step), "nosqrt" (acc + eps)."""
    if where == "out":
        p -= lr * num / (np.sqrt(acc) + eps)
    elif where == "in":
        p -= lr * num / np.sqrt(acc + eps)
    elif where == "none":
        p -= lr * num / np.sqrt(acc)
    elif where == "step":
        p -= lr * num / np.sqrt(acc) + eps
    elif where == "nosqrt":
        p -= lr * num / (acc + eps)
    else:
        raise ValueError(where)


def adagrad(p, g, st, lr, hp, t, *, eps="out", square="square", accumulate=True, decay=1.0, old=False):
    """decay < 1: a DECAYING sum (RMSprop's idea without its (1 - decay) weight), a mistake for AdaGrad;
    accumulate="max": the largest g**2 so far kept instead of the sum;
    old: the step divides by the sum from BEFORE this step's gradient is added."""
    before = _zeros(st, "G", p)
    G = _squared(g, square)
    if accumulate == "max":
        G = np.maximum(before, G)
    elif accumulate:
        G = decay * before + G
    st["G"] = G
    _divide(p, g, before if old else G, lr, hp["eps"], eps)


def rmsprop(p, g, st, lr, hp, t, *, eps="out", square="square", weights="right", old=False):
    """weights: "right" (decay, 1 - decay), "no_one_minus" (decay, 1), "swapped" (1 - decay, decay), "away"
    (2 - decay, -(1 - decay): s += (1 - decay)(s - g**2), the incremental form's difference reversed), "inside"
    (decay, (1 - decay)**2: ((1 - decay)*g)**2, the weight squared with g);
    old: the step divides by the average from BEFORE this step's update."""
    d = hp["decay"]
    a, b = {"right": (d, 1 - d), "no_one_minus": (d, 1.0), "swapped": (1 - d, d), "away": (2 - d, d - 1),
            "inside": (d, (1 - d) ** 2)}[weights]
    before = _zeros(st, "s", p)
    st["s"] = a * before + b * _squared(g, square)
    _divide(p, g, before if old else st["s"], lr, hp["eps"], eps)


def adam(p, g, st, lr, hp, t, *, eps="out", correct="both", power=True, swap=None, store=False,
         square="square", weights="right", m_of="raw", v_of="g", aliased=False):
    """Adam and its slips. eps: as _divide, or "efficient" (Kingma & Ba 2015, end of section 2: the
    corrections folded into the step size, eps on the uncorrected root; accepted). correct: "both",
    "none", "m" or "v" (which moment is bias-corrected); power: True, 1 - beta**t (right), False, 1 - beta,
    or "outside", (1 - beta)**t (operator precedence);
    swap: "moments" (beta1 and beta2 exchanged in the averages), "corrections" (only in the corrections)
    or "all"; store: the corrected moments written back into the state; square: as _squared; weights:
    "right" (beta, 1 - beta), "beta_twice_m" / "beta_twice_v" (beta where 1 - beta belongs, in m / v),
    "inside_v" ((1 - beta2)*g squared as a whole: a weight (1 - beta2)**2); m_of: what m averages, as _squared
    ("raw": g itself, right); v_of: whose square v averages -- "g" (right), "m" (the new first moment), "m_old"
    (the first moment from before this step's update); aliased: m and v one array (the new m is the v that is
    averaged, and the new v is both moments of the step); eps="before_correction": eps added to v before v's bias
    correction, inside the root."""
    b1, b2 = hp["beta1"], hp["beta2"]
    mb, vb = (b2, b1) if swap in ("moments", "all") else (b1, b2)
    cb1, cb2 = (b2, b1) if swap in ("corrections", "all") else (b1, b2)
    m_old = _zeros(st, "m", p)
    m = mb * m_old + (mb if weights == "beta_twice_m" else 1 - mb) * _squared(g, m_of)
    v_weight = {"beta_twice_v": vb, "inside_v": (1 - vb) ** 2}.get(weights, 1 - vb)
    v = vb * (m if aliased else _zeros(st, "v", p)) + v_weight * _squared({"g": g, "m": m, "m_old": m_old}[v_of],
                                                                           square)
    if aliased:
        m = v
    c1, c2 = {True: (1 - cb1 ** t, 1 - cb2 ** t), False: (1 - cb1, 1 - cb2),
              "outside": ((1 - cb1) ** t, (1 - cb2) ** t)}[power]
    st["m"], st["v"] = m, v
    if eps == "efficient":
        p -= lr * np.sqrt(c2) / c1 * m / (np.sqrt(v) + hp["eps"])
        return
    m_hat = m / c1 if correct in ("both", "m") else m
    v_hat = v / c2 if correct in ("both", "v") else v
    if store:
        st["m"], st["v"] = m_hat, v_hat
    if eps == "before_correction":
        p -= lr * m_hat / np.sqrt((v + hp["eps"]) / c2)
        return
    _divide(p, m_hat, v_hat, lr, hp["eps"], eps)


def adamw(p, g, st, lr, hp, t, *, adam_step=adam, decay="before"):
    """AdamW = decoupled decay, then the Adam step with g. decay: "before" (right); mistakes: "after"
    (decays the updated p), "l2" (wd*p added to g), "no_lr" (p -= wd*p), "init_lr" (the lr given to
    __init__), "gradient" (p -= lr*wd*g), "constant" (p -= lr*wd), "twice" (decoupled AND added to g), "grow"
    (p += lr*wd*p, the sign flipped), "none" (no decay reaches p: plain Adam), "fraction" (p *= lr*wd: the weights
    multiplied BY the fraction the decay removes, PyTorch's p.mul_(1 - lr*wd) without its "1 -"), "fraction_no_lr"
    (p *= wd, the same without the lr)."""
    wd = hp["weight_decay"]
    if decay == "after":
        adam_step(p, g, st, lr, hp, t)
        p -= lr * wd * p
        return
    if decay in ("before", "twice"):
        p -= lr * wd * p
    elif decay == "grow":
        p += lr * wd * p
    elif decay == "no_lr":
        p -= wd * p
    elif decay == "init_lr":
        p -= hp["lr0"] * wd * p
    elif decay == "gradient":
        p -= lr * wd * g
    elif decay == "constant":
        p -= lr * wd
    elif decay == "fraction":
        p *= lr * wd
    elif decay == "fraction_no_lr":
        p *= wd
    adam_step(p, g + wd * p if decay in ("l2", "twice") else g, st, lr, hp, t)


# --- accepted forms and named mistakes, per class -------------------------------------------
# An accepted form is (name, step). A mistake is (tag, words, step, options for simulate): the words
# complete "your numbers match ..." in the feedback -- what the code does, and the rule in words.
ACCEPTED = {
    "SGD": [("p -= lr*g", sgd)],
    "SGDMomentum": [("v = mu*v + g; p -= lr*v", heavy_ball),
                    ("v = mu*v - lr*g; p += v", partial(heavy_ball, form="folded"))],
    "Nesterov": [("v = mu*v + g; p -= lr*(g + mu*v)", nesterov),
                 ("v = mu*v - lr*g; p += mu*v - lr*g (lr folded into v)", partial(nesterov, form="folded"))],
    "AdaGrad": [("eps outside the root", adagrad), ("eps inside the root", partial(adagrad, eps="in"))],
    "RMSprop": [("eps outside the root", rmsprop), ("eps inside the root", partial(rmsprop, eps="in"))],
    "Adam": [("eps outside the root", adam), ("eps inside the root", partial(adam, eps="in")),
             ("bias correction folded into the step size", partial(adam, eps="efficient"))],
    "AdamW": [("decay, then Adam (eps outside)", adamw),
              ("decay, then Adam (eps inside)", partial(adamw, adam_step=partial(adam, eps="in"))),
              ("decay, then Adam (bias correction folded into the step size)",
               partial(adamw, adam_step=partial(adam, eps="efficient")))],
}

STATEFUL = {"SGDMomentum", "Nesterov", "AdaGrad", "RMSprop", "Adam", "AdamW"}

# the family "one number per array where an array of state belongs" (grown from round 11, docs/graders.md,
# "Round 11 is burnt"): an adaptive method's squared-gradient state reduced over the array's entries, by a sum (a
# squared norm, AdaGrad-Norm) or a mean (the mean square); every adaptive class has it below
SCALAR_STATE = "state-one-scalar-per-parameter"

# the Adam slips, shared by Adam and by AdamW (whose second half is an Adam step)
ADAM_SLIPS = [
    ("adam-no-bias-correction", "Adam WITHOUT bias correction: m and v start at 0, so early on they are "
     "too small; before the step divide them by (1 - beta1**t) and (1 - beta2**t)", dict(correct="none")),
    ("adam-no-bias-correction", "Adam WITHOUT bias correction (eps inside the root)", dict(correct="none", eps="in")),
    ("adam-bias-correction-partial", "Adam with the bias correction applied to m only: v needs its own "
     "correction, v_hat = v/(1 - beta2**t)", dict(correct="m")),
    ("adam-bias-correction-partial", "Adam with the bias correction applied to v only: m needs its own "
     "correction, m_hat = m/(1 - beta1**t)", dict(correct="v")),
    ("adam-bias-correction-no-power", "Adam dividing by (1 - beta1) and (1 - beta2) instead of (1 - beta1**t) and "
     "(1 - beta2**t): the correction must fade as t grows, so t belongs in the exponent", dict(power=False)),
    ("adam-bias-correction-stored", "Adam that writes the bias-corrected moments back into its state: the "
     "correction then compounds from call to call. Keep m and v uncorrected and use m_hat and v_hat only for the step",
     dict(store=True)),
    ("adam-bias-correction-wrong-power", "Adam dividing by (1 - beta1)**t and (1 - beta2)**t, the power outside "
     "the brackets, instead of 1 - beta1**t and 1 - beta2**t: the correction must fade to 1 as t grows, while "
     "(1 - beta)**t shrinks to 0", dict(power="outside")),
    ("adam-betas-swapped", "Adam with beta1 and beta2 swapped: m must decay with beta1 (0.9) and v with beta2 (0.999)",
     dict(swap="moments")),
    ("adam-betas-swapped", "Adam with beta1 and beta2 swapped (in the moments and the corrections)", dict(swap="all")),
    ("adam-betas-swapped", "Adam with beta1 and beta2 swapped in the bias corrections (m must be corrected by "
     "1 - beta1**t, v by 1 - beta2**t)", dict(swap="corrections")),
    ("adam-moment-weights", "Adam whose first moment adds beta1*g instead of (1 - beta1)*g: the weights of an "
     "average add up to 1", dict(weights="beta_twice_m")),
    ("adam-moment-weights", "Adam whose second moment adds beta2*g**2 instead of (1 - beta2)*g**2: the weights of "
     "an average add up to 1", dict(weights="beta_twice_v")),
    # grown from round 9 (docs/graders.md, "Round 9 is burnt"): the weight (1 - beta2) squared together with g
    ("adam-weight-inside-square", "Adam whose second moment adds ((1 - beta2)*g)**2 instead of (1 - beta2)*g**2: "
     "the weight is squared with g, so v is (1 - beta2) times too small and every step too long. Square g first, "
     "then weight it", dict(weights="inside_v")),
    # grown from round 9: v averages the square of the FIRST MOMENT (the line above copied), new or old m
    *[("adam-v-of-first-moment", f"Adam whose second moment averages the square of {m_words} instead of g**2: v "
       "measures how large the GRADIENTS are (their mean square); the square of their smoothed mean is much smaller "
       "for noisy gradients, so the steps come out too long", dict(v_of=v_of))
      for v_of, m_words in (("m", "the first moment m"), ("m_old", "m from before this step's update"))],
    ("adam-v-not-squared", "Adam whose second moment averages g instead of g**2: v must be an average of "
     "SQUARED gradients (an average of g can be negative, and its root is nan)", dict(square="raw")),
    ("adam-v-not-squared", "Adam whose second moment averages |g| instead of g**2", dict(square="abs")),
    # the family "a moment of the wrong power of g": m must average g itself, v its square
    *[(tag, f"Adam whose first moment averages {m_words} (and whose second averages {v_words}): m is an average of "
            "the gradients themselves, with their signs (which way to go); v of their SQUARES (how large they are)",
       dict(m_of=m_of, square=v_of))
      for m_of, m_words in (("square", "g**2"), ("abs", "|g|"))
      for v_of, v_words, tag in (("square", "g**2", f"adam-m-of-{'squares' if m_of == 'square' else 'abs'}"),
                                 ("raw", "g", "adam-moments-swapped"), ("abs", "|g|", "adam-moments-swapped"))],
    ("adam-no-eps", "Adam with eps missing: where v is 0, m_hat / sqrt(v_hat) is 0/0 = nan", dict(eps="none")),
    ("adam-eps-misplaced", "Adam with eps added to the step instead of to the denominator: the step is "
     "lr*m_hat/(sqrt(v_hat) + eps), eps inside the parentheses", dict(eps="step")),
    # grown from round 11 (docs/graders.md, "Round 11 is burnt"): eps in the root, but added to the UNcorrected v
    ("adam-eps-misplaced", "Adam adding eps to v BEFORE v's bias correction, sqrt((v + eps)/(1 - beta2**t)): eps is "
     "then divided by 1 - beta2**t too (1000 times larger at t = 1 with beta2 = 0.999); eps goes beside the corrected "
     "moment, sqrt(v_hat) + eps or sqrt(v_hat + eps)", dict(eps="before_correction")),
    # grown from round 11: m and v one array, whatever code makes them one (one list bound to both names, a = b = ...)
    ("adam-moments-aliased", "Adam whose m and v are the SAME arrays (one list bound to both names, e.g. "
     "self.m = self.v = [...]): writing v overwrites m, so the first moment is lost and the step uses the one array "
     "for both moments; create two separate lists of zeros", dict(aliased=True)),
    *[(SCALAR_STATE, f"Adam keeping ONE number per parameter array as its second moment: v averages the {how} of g**2 "
       f"over the array's entries{' (its squared norm)' if how == 'sum' else ''}, so every entry gets the same "
       "denominator; v is an array shaped like p, averaging g**2 entry by entry", dict(square=how))
      for how in ("sum", "mean")],
]

MISTAKES = {
    "SGD": [
        ("sgd-wrong-sign", "the wrong sign: p += lr*g climbs the loss instead of descending it",
         partial(sgd, sign=1.0), {}),
        # grown from round 11: signSGD, every coordinate moved by lr whatever the gradient's size
        ("sgd-sign-of-gradient", "SGD stepping by lr*sign(g): every coordinate moves by exactly lr (or 0), whatever "
         "the gradient's size; the course's SGD step is lr*g, proportional to the gradient", partial(sgd, of=np.sign),
         {}),
    ],
    "SGDMomentum": [
        ("momentum-wrong-sign", "momentum with the wrong sign (the two lesson forms mixed, e.g. "
         "v = mu*v - lr*g followed by p -= v): the parameters climb the loss", partial(heavy_ball, form="mixed"), {}),
        ("momentum-wrong-sign", "momentum with the wrong sign (v = mu*v + g followed by p += lr*v)",
         partial(heavy_ball, form="mixed2"), {}),
        ("momentum-ema", "momentum written as an average, v = mu*v + (1 - mu)*g: the course's velocity is a sum, "
         "v = mu*v + g, so these steps come out (1 - mu) times too small", partial(heavy_ball, form="ema"), {}),
        ("momentum-stale-velocity", "moving p with the velocity from BEFORE this step's update: update v "
         "first, then move p with the new v", partial(heavy_ball, form="stale"), {}),
        ("momentum-lr-twice", "momentum with the learning rate applied twice, once inside the velocity "
         "(v = mu*v + lr*g) and again in the step (lr*v): pick one of the two taught forms",
         partial(heavy_ball, form="lr_twice"), {}),
        # the words cover both codes of these numbers: v left out of the step, or the new v never stored back (a
        # loop variable rebound, `for p, g, v in zip(...)`), so v is 0 before every call (docs/graders.md, round 11)
        ("momentum-velocity-unused", "plain SGD steps, lr*g: the velocity never reaches the step -- the step uses g "
         "instead of v, or the new v is never written back into the stored state, so v is 0 again at every call",
         partial(heavy_ball, form="unused"), {}),
    ],
    "Nesterov": [
        ("nesterov-as-momentum", "Nesterov written as plain (heavy-ball) momentum, a step of lr*v: the "
         "look-ahead term is missing; Nesterov steps by lr*(g + mu*v) with the NEW v (using the velocity from "
         "before this step's update, lr*(g + mu*v_old), is the same thing as plain momentum)", heavy_ball, {}),
        ("nesterov-as-momentum", "Nesterov written as plain (heavy-ball) momentum, v = mu*v - lr*g; p += v: "
         "the look-ahead term is missing", partial(heavy_ball, form="folded"), {}),
        # the family "the look-ahead's two terms mixed": p -= lr*(a*g + b*v) with a, b among 1, mu, 1 + mu and
        # v the new or the old velocity -- every such step but the right one (1, mu, new)
        *[("nesterov-wrong-look-ahead", f"Nesterov stepping by lr*({a_w}g + {b_w}v{'_old' if old else ''}): the "
           "look-ahead step is lr*(g + mu*v) -- the gradient once, the NEW velocity weighted by mu",
           partial(nesterov, form=("mix", a, b, old)), {})
          for a_w, a in (("", lambda mu: 1.0), ("mu*", lambda mu: mu), ("(1 + mu)*", lambda mu: 1 + mu))
          for b_w, b in (("", lambda mu: 1.0), ("mu*", lambda mu: mu), ("(1 + mu)*", lambda mu: 1 + mu),
                         # grown from round 11: the look-ahead velocity built once more, mu*(mu*v + g)
                         ("mu**2*", lambda mu: mu * mu))
          for old in (False, True)
          if (a_w, b_w, old) not in (("", "mu*", False), ("", "mu*", True))],
        # grown from round 9 (docs/graders.md, "Round 9 is burnt"): the same family with the gradient term left
        # out, p -= lr*b*v for b in mu, 1 + mu (b = 1 with the new v is plain momentum, named above)
        *[("nesterov-wrong-look-ahead", f"Nesterov stepping by lr*{b_w}v{'_old' if old else ''}, without the "
           "gradient term: the look-ahead step is lr*(g + mu*v) -- the gradient once, the NEW velocity weighted by mu",
           partial(nesterov, form=("mix", lambda mu: 0.0, b, old)), {})
          for b_w, b in (("mu*", lambda mu: mu), ("(1 + mu)*", lambda mu: 1 + mu)) for old in (False, True)],
        # a family (docs/graders.md, "Round 10 is burnt"): the look-ahead term SUBTRACTED, p -= lr*(g - b*v) for b
        # among mu, 1, 1 + mu and v the new velocity or the old one -- the momentum then brakes every step
        *[("nesterov-correction-sign", f"Nesterov stepping by lr*(g - {b_w}v{'_old' if old else ''}): the look-ahead "
           "term is subtracted instead of added, so the velocity works against the step; the step is "
           "lr*(g + mu*v), the NEW velocity added, weighted by mu",
           partial(nesterov, form=("mix", lambda mu: 1.0, b, old)), {})
          for b_w, b in (("mu*", lambda mu: -mu), ("", lambda mu: -1.0), ("(1 + mu)*", lambda mu: -(1 + mu)))
          for old in (False, True)],
        # the family "the look-ahead term without the learning rate" (grown from round 8, docs/graders.md): the
        # velocity (v = mu*v + g, no lr in it) moves p by mu*v unscaled, down or up the gradient
        ("nesterov-velocity-without-lr", "Nesterov stepping by lr*g + mu*v: the look-ahead term mu*v is not "
         "multiplied by the learning rate (the course's v = mu*v + g holds no lr), so the momentum part of every "
         "step is 1/lr times too long; the step is lr*(g + mu*v)", partial(nesterov, form="no_lr"), {}),
        ("nesterov-velocity-without-lr", "Nesterov stepping by lr*g - mu*v (p += mu*v - lr*g): the look-ahead term "
         "mu*v has no learning rate and the wrong sign -- that form needs a velocity that already holds -lr*g; "
         "with the course's v = mu*v + g the step is lr*(g + mu*v)", partial(nesterov, form="no_lr_up"), {}),
        ("nesterov-momentum-twice", "Nesterov with an interim look-ahead step (p -= lr*mu*v) that is kept, "
         "followed by the full momentum step: the momentum is applied twice. The look-ahead form needs "
         "no interim step: one move of lr*(g + mu*v) with the new v", partial(nesterov, form="twice"), {}),
    ],
    "AdaGrad": [
        ("adagrad-no-accumulation", "AdaGrad that forgets to accumulate: it divides by sqrt(g**2) of this step "
         "instead of sqrt(G), G the running SUM of all squared gradients", partial(adagrad, accumulate=False), {}),
        ("adagrad-no-accumulation", "AdaGrad that forgets to accumulate (eps inside the root)",
         partial(adagrad, accumulate=False, eps="in"), {}),
        ("adagrad-not-squared", "AdaGrad accumulating |g| instead of g**2: G is a sum of SQUARED gradients",
         partial(adagrad, square="abs"), {}),
        ("adagrad-not-squared", "AdaGrad accumulating g instead of g**2 (a sum that can go negative: its root "
         "is nan)", partial(adagrad, square="raw"), {}),
        ("adagrad-no-eps", "AdaGrad with eps missing: where G is 0 (a zero gradient so far) g / sqrt(G) is "
         "0/0 = nan", partial(adagrad, eps="none"), {}),
        ("adagrad-no-sqrt", "AdaGrad dividing by G instead of sqrt(G)", partial(adagrad, eps="nosqrt"), {}),
        ("adagrad-eps-misplaced", "AdaGrad with eps added to the step instead of to the denominator",
         partial(adagrad, eps="step"), {}),
        ("adagrad-stale-accumulator", "AdaGrad dividing by the sum from BEFORE this step's gradient is added (on the "
         "first call that is 0, and the step is g/eps): add g**2 to G first, then step", partial(adagrad, old=True),
         {}),
        ("adagrad-decays", "AdaGrad with a DECAYING sum (G = 0.9*G + g**2): that is RMSprop's idea; AdaGrad keeps "
         "the whole sum of squared gradients", partial(adagrad, decay=0.9), {}),
        # grown from round 11: a running maximum where the running sum belongs
        ("adagrad-max-accumulator", "AdaGrad keeping the LARGEST g**2 seen so far instead of the running SUM: the "
         "rate stops shrinking once the gradients stop growing; AdaGrad's G adds every g**2, G = G + g**2",
         partial(adagrad, accumulate="max"), {}),
        *[(SCALAR_STATE, f"AdaGrad keeping ONE number per parameter array: G accumulates the {how} of g**2 over the "
           f"array's entries{' (its squared norm)' if how == 'sum' else ''}, so every entry gets the same rate; G is "
           "an array shaped like p, adding g**2 entry by entry", partial(adagrad, square=how), {})
          for how in ("sum", "mean")],
    ],
    "RMSprop": [
        ("rmsprop-no-one-minus-decay", "RMSprop without the (1 - decay) factor: s = decay*s + g**2 is not an average "
         "of the squared gradients", partial(rmsprop, weights="no_one_minus"), {}),
        ("rmsprop-no-one-minus-decay", "RMSprop without the (1 - decay) factor (s = decay*s + g**2, eps inside "
         "the root)",
         partial(rmsprop, weights="no_one_minus", eps="in"), {}),
        # grown from round 8 (docs/graders.md): the incremental average moved AWAY from g**2
        ("rmsprop-average-sign-flipped", "RMSprop whose average moves AWAY from g**2: s + (1 - decay)*(s - g**2) "
         "instead of s + (1 - decay)*(g**2 - s) -- s goes negative on the first call and its root is nan. The "
         "average moves a fraction (1 - decay) of the way TOWARDS the new g**2", partial(rmsprop, weights="away"),
         {}),
        # grown from round 9 (docs/graders.md, "Round 9 is burnt"): the weight squared together with g
        ("rmsprop-weight-inside-square", "RMSprop adding ((1 - decay)*g)**2 instead of (1 - decay)*g**2: the weight "
         "is squared with g, so s is (1 - decay) times too small and every step too long. Square g first, then weight "
         "it", partial(rmsprop, weights="inside"), {}),
        ("rmsprop-decay-swapped", "RMSprop with decay and (1 - decay) swapped: s = (1 - decay)*s + decay*g**2 "
         "forgets the past almost at once", partial(rmsprop, weights="swapped"), {}),
        ("rmsprop-not-squared", "RMSprop averaging g instead of g**2: s is an average of SQUARED gradients (an "
         "average of g can be negative, and its root is nan)", partial(rmsprop, square="raw"), {}),
        ("rmsprop-not-squared", "RMSprop averaging |g| instead of g**2", partial(rmsprop, square="abs"), {}),
        ("rmsprop-uses-old-average", "RMSprop dividing by the average from BEFORE this step's update (on the "
         "first call that is 0, and the step is g/eps): update s first, then step", partial(rmsprop, old=True), {}),
        ("rmsprop-no-eps", "RMSprop with eps missing: where s is 0, g / sqrt(s) is 0/0 = nan",
         partial(rmsprop, eps="none"), {}),
        ("rmsprop-eps-misplaced", "RMSprop with eps added to the step instead of to the denominator",
         partial(rmsprop, eps="step"), {}),
        *[(SCALAR_STATE, f"RMSprop keeping ONE number per parameter array: s averages the {how} of g**2 over the "
           f"array's entries{' (its squared norm)' if how == 'sum' else ''}, so every entry gets the same rate; s is "
           "an array shaped like p, averaging g**2 entry by entry", partial(rmsprop, square=how), {})
          for how in ("sum", "mean")],
    ],
    "Adam": [(tag, words, partial(adam, **opts), {}) for tag, words, opts in ADAM_SLIPS],
    "AdamW": [
        ("adamw-as-l2", "AdamW written as Adam with an L2 term (weight_decay*p added to the gradient): AdamW's "
         "decay is decoupled, p -= lr*weight_decay*p, and the gradient goes to Adam untouched",
         partial(adamw, decay="l2"), {}),
        ("adamw-as-l2", "AdamW written as Adam with an L2 term (weight_decay*p added to the gradient, eps inside "
         "the root)",
         partial(adamw, decay="l2", adam_step=partial(adam, eps="in")), {}),
        ("adamw-decay-after-step", "AdamW with the decay applied AFTER the Adam step, to the already updated "
         "p: decay the parameters first (or use the values from before the step)", partial(adamw, decay="after"),
         {}),
        ("adamw-decay-without-lr", "AdamW decaying by weight_decay*p without the learning rate: the decoupled decay is "
         "lr*weight_decay*p", partial(adamw, decay="no_lr"), {}),
        ("adamw-decay-of-gradient", "AdamW decaying by lr*weight_decay*g, the gradient, instead of "
         "lr*weight_decay*p, the parameter",
         partial(adamw, decay="gradient"), {}),
        # a family (docs/graders.md, "Round 10 is burnt"): the decoupled decay with its sign flipped
        ("adamw-decay-wrong-sign", "AdamW GROWING the weights by lr*weight_decay*p before the Adam step (p *= 1 + "
         "lr*weight_decay, or p += lr*weight_decay*p): the decay shrinks them, p -= lr*weight_decay*p",
         partial(adamw, decay="grow"), {}),
        ("adamw-decay-constant", "AdamW subtracting lr*weight_decay from every weight: the decay is proportional "
         "to the weight itself, lr*weight_decay*p", partial(adamw, decay="constant"), {}),
        ("adamw-decay-twice", "AdamW with the decay applied twice: decoupled (p -= lr*weight_decay*p) AND as an "
         "L2 term in the gradient; only the decoupled one belongs to AdamW", partial(adamw, decay="twice"), {}),
        # grown from round 12 (docs/graders.md, "Round 12 is burnt"): whatever loses the decay, the numbers are Adam's
        ("adamw-decay-lost", "AdamW with no decay at all -- plain Adam's numbers: the parameters never shrink by "
         "lr*weight_decay*p. Either the decay is left out, or it makes a new array (p = ... * p rebinds the loop's "
         "name) that never reaches the caller's arrays; the decay must change each p itself, in place",
         partial(adamw, decay="none"), {}),
        # a family (docs/graders.md, "Round 14 is burnt"): the weights multiplied BY the decay's fraction (lr*wd, or
        # wd without the lr) instead of by one minus it -- they are replaced by a tiny multiple of themselves
        ("adamw-decay-multiplies", "AdamW multiplying the weights BY lr*weight_decay before the Adam step (p *= "
         "lr*weight_decay): that is the fraction the decay REMOVES, so the weights are all but wiped out instead of "
         "shrunk a little -- what is left is one minus it (PyTorch writes p.mul_(1 - lr*weight_decay))",
         partial(adamw, decay="fraction"), {}),
        ("adamw-decay-multiplies", "AdamW multiplying the weights BY weight_decay before the Adam step (p *= "
         "weight_decay): that is (without the lr) the fraction the decay REMOVES, so the weights are all but wiped "
         "out instead of shrunk a little -- what is left is 1 - lr*weight_decay of each weight",
         partial(adamw, decay="fraction_no_lr"), {}),
        ("adamw-t-twice", "AdamW counting the step twice (t incremented in AdamW.update and again in "
         "Adam.update): t must be 1 on the first call", adamw, {"t_mode": "double"}),
    ] + [(tag, "AdamW built on " + words, partial(adamw, adam_step=partial(adam, **opts)), {})
         for tag, words, opts in ADAM_SLIPS],
}

# --- the family "a library's option or default in place of the course's rule" -------------------------------
# torch.optim and keras.optimizers have switches the course's spec leaves out: weight_decay (added to g),
# RMSprop's alpha (0.99 by default) and centered, Adam's amsgrad, Keras AdaGrad's initial_accumulator_value (0.1).
# Students copy them from a recipe or the library's docs; the words say which switch, so the line can be found.
LIBRARY = "optimizer-library-option"
RECIPE_WEIGHT_DECAYS = (5e-4, 1e-4, 1e-3, 1e-2)   # the weight_decay values of common torch recipes


def l2_added(step, wd):
    """torch.optim's weight_decay: wd * p added to the gradient before the step."""
    def with_decay(p, g, st, lr, hp, t):
        step(p, g + wd * p, st, lr, hp, t)
    return with_decay


def hyper_changed(step, **changed):
    """The step with some hyperparameters replaced (a library's default for the course's)."""
    def changed_step(p, g, st, lr, hp, t):
        step(p, g, st, lr, {**hp, **changed}, t)
    return changed_step


def adagrad_started(p, g, st, lr, hp, t, *, start):
    """AdaGrad whose sum starts at ``start`` instead of 0 (Keras' initial_accumulator_value)."""
    st["G"] = st.get("G", np.full_like(p, start)) + g ** 2
    _divide(p, g, st["G"], lr, hp["eps"], "out")


def rmsprop_centered(p, g, st, lr, hp, t):
    """torch's RMSprop(centered=True): the root of s minus the squared running average of g."""
    d = hp["decay"]
    st["s"] = d * _zeros(st, "s", p) + (1 - d) * g ** 2
    st["a"] = d * _zeros(st, "a", p) + (1 - d) * g
    _divide(p, g, st["s"] - st["a"] ** 2, lr, hp["eps"], "out")


def adam_amsgrad(p, g, st, lr, hp, t, *, kept):
    """AMSGrad: the step divides by the running maximum of v. kept: "separate" (torch: v stays the average,
    the maximum is a second state) or "max" (v itself replaced by the maximum)."""
    b1, b2 = hp["beta1"], hp["beta2"]
    st["m"] = b1 * _zeros(st, "m", p) + (1 - b1) * g
    old = _zeros(st, "v", p)
    v = b2 * old + (1 - b2) * g ** 2
    if kept == "max":
        st["v"] = top = np.maximum(old, v)
    else:
        st["v"] = v
        st["vmax"] = top = np.maximum(_zeros(st, "vmax", p), v)
    _divide(p, st["m"] / (1 - b1 ** t), top / (1 - b2 ** t), lr, hp["eps"], "out")


for _cls in ("SGD", "SGDMomentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"):
    MISTAKES[_cls] += [
        (LIBRARY, f"{_cls} with a weight-decay term added to the gradient, g + {wd:g}*p (torch.optim's "
         f"weight_decay={wd:g}, as in common recipes): the course's {_cls} has no decay term -- decay belongs to "
         "AdamW, or to the caller", l2_added(ACCEPTED[_cls][0][1], wd), {}) for wd in RECIPE_WEIGHT_DECAYS]
MISTAKES["AdaGrad"] += [
    (LIBRARY, "AdaGrad whose sum G starts at 0.1 (Keras' initial_accumulator_value=0.1): the course's G starts "
     "at 0, so the first step is about lr in every coordinate", partial(adagrad_started, start=0.1), {})]
MISTAKES["RMSprop"] += [
    (LIBRARY, "RMSprop with decay 0.99, torch.optim.RMSprop's default alpha: the course's default decay is 0.9 (an "
     "average over about 10 steps, not 100)", hyper_changed(rmsprop, decay=0.99), {}),
    (LIBRARY, "torch.optim.RMSprop(centered=True): dividing by the root of s minus the squared average gradient (a "
     "variance) instead of the root of s: the course's RMSprop is not centred", rmsprop_centered, {})]
# AdamW's default weight_decay taken from elsewhere (the course's is PyTorch's 0.01): Keras' default 0.004, optax.adamw's
# 1e-4, the DeiT / timm training recipe's 0.05. (Not 0.0, transformers' default: no decay at all has other causes --
# a decay that rebinds p -- and the name would then be false.)
LIBRARY_WEIGHT_DECAYS = ((0.004, "Keras' AdamW default"), (1e-4, "optax.adamw's default"),
                         (0.05, "the DeiT / timm training recipe"))
MISTAKES["AdamW"] += [
    (LIBRARY, f"AdamW whose default weight_decay is {wd:g} ({lib}): the course's default is 0.01, so "
     "AdamW() built without the argument decays by a different fraction of p at every step -- the defaults are "
     "part of the contract", hyper_changed(ACCEPTED["AdamW"][0][1], weight_decay=wd), {})
    for wd, lib in LIBRARY_WEIGHT_DECAYS]
MISTAKES["Adam"] += [
    (LIBRARY, f"Adam with AMSGrad's running maximum of v ({how}; torch's amsgrad=True): Adam divides by the "
     "average v itself, which falls again after a large gradient", partial(adam_amsgrad, kept=kept), {})
    for kept, how in (("max", "v replaced by the maximum"), ("separate", "the maximum kept beside v"))]



# --- the family "the state seeded with the first gradient" (grown from round 8, docs/graders.md): on the first
# call each state starts at the quantity it sums or averages (g, or g**2) instead of 0, and that call's own update
# then adds to it -- whatever code does it, the numbers are these
def seeded(step, seeds):
    """``step`` whose state, on a parameter's first call, starts at ``seeds[key](g)`` for each key."""
    def seeded_step(p, g, st, lr, hp, t):
        if not st:
            st.update({key: seed(g) for key, seed in seeds.items()})
        step(p, g, st, lr, hp, t)
    return seeded_step


def _g(g):
    return np.array(g, dtype=np.float64)


def _g2(g):
    return np.array(g, dtype=np.float64) ** 2


SEEDED = {"SGDMomentum": (heavy_ball, {"v": _g}, "the velocity"), "Nesterov": (nesterov, {"v": _g}, "the velocity"),
          "AdaGrad": (adagrad, {"G": _g2}, "the sum G"), "RMSprop": (rmsprop, {"s": _g2}, "the average s"),
          "Adam": (adam, {"m": _g, "v": _g2}, "the moments m and v"),
          "AdamW": (partial(adamw, adam_step=seeded(adam, {"m": _g, "v": _g2})), {}, "Adam's moments m and v")}
for _cls, (_step, _seeds, _what) in SEEDED.items():
    MISTAKES[_cls].append((
        "state-seeded-with-first-gradient",
        f"{_cls} with {_what} started at the first gradient's own term (g, or g**2 for squares) instead of 0, and "
        "that first call's update then added to it: the state is 0 before the first call"
        + (" -- the bias correction exists because Adam's moments start at 0" if "m" in _what else ""),
        seeded(_step, _seeds) if _seeds else _step, {}))

# Mistakes in how state and counters are kept: applied to every accepted form of the class.
STRUCTURAL = {
    "state-reset": ("an update whose state is re-created (or never stored) at every call, so nothing is "
                    "remembered between steps: create it once, on the first call, keep it on self and write "
                    "the new values back into it", {"reset": True}),
    "shared-state": ("an update with ONE state shared by all parameters: keep a separate velocity / running "
                     "average for each parameter (by its position in the list)", {"shared": True}),
}
ADAM_STRUCTURAL = {
    "adam-t-from-zero": ("Adam with the step counter t still 0 on the first call (incremented after it is "
                         "used): 1 - beta**0 = 0, a division by zero. t must be 1 on the first call",
                         {"t_mode": "zero"}),
    "adam-t-off-by-one": ("Adam with the step counter t already 2 on the first call (it starts at 1 and is "
                          "incremented before use): t counts the calls of update, 1 on the first",
                          {"t_mode": "plus1"}),
    "adam-t-per-parameter": ("Adam incrementing t once per PARAMETER inside the loop: t counts calls of "
                             "update (t = 1 for every parameter on the first call)", {"t_mode": "param"}),
    "adam-t-stuck": ("Adam whose step counter t stays 1 (it is set, not incremented): the bias correction of "
                     "the first step is applied at every step. t counts the calls: 1, 2, 3, ...",
                     {"t_mode": "one"}),
}
LR_IGNORED = ("an update ignoring changes to opt.lr: the learning rate given to __init__ is used at every step. "
              "Read self.lr inside update, so a schedule can change it", {"fixed_lr": True})


def hyper(cls: str, kwargs: dict) -> dict:
    hp = {**DEFAULTS[cls], **kwargs}
    hp["lr0"] = hp["lr"]
    return hp


COMMON_EPS = (1e-6, 1e-7, 1e-8, 1e-10)      # the values students write when they hard-code eps


def simulate(cls, step, kwargs, params, grads, lrs=None, *, reset=False, shared=False, fixed_lr=False,
             t_mode="call", ignore_hyper=False, eps_value=None):
    """The parameters after every step, for one form: a list (steps) of lists (params) of arrays.

    Returns None when the form cannot run on this data (a shared state with parameters of
    different shapes raises in NumPy, as it would in the student's code).
    """
    hp = hyper(cls, {"lr": kwargs["lr"]} if ignore_hyper else kwargs)
    if eps_value is not None:
        hp["eps"] = eps_value
    ps = [np.array(p, dtype=np.float64) for p in params]
    states: dict = {}
    out = []
    t = 0
    with np.errstate(all="ignore"):
        try:
            for k, gs in enumerate(grads):
                lr = hp["lr"] if (lrs is None or fixed_lr) else float(lrs[k])
                if reset:
                    states = {}
                for i, (p, g) in enumerate(zip(ps, gs)):
                    if t_mode == "param":
                        t += 1
                        tt = t
                    else:
                        tt = {"call": k + 1, "zero": k, "double": 2 * (k + 1), "plus1": k + 2, "one": 1}[t_mode]
                    st = states.setdefault(0 if shared else i, {})
                    step(p, np.array(g, dtype=np.float64), st, lr, hp, tt)
                out.append([p.copy() for p in ps])
        except ValueError:               # broadcasting: a shared state across different shapes
            return None
    return out


# --- once per grading worker: everything that depends only on a test's fixed inputs --------------
# The models (accepted forms, known mistakes) are pure functions of the test's inputs -- the class,
# its hyperparameters, the seeded parameters and gradients, the lr schedule -- all written in the
# test files. They are computed for the first submission a worker grades and reused for every later
# one. The key is a digest of those inputs only: nothing a student's child sends back ever enters a
# key or a memo, so one student's data cannot influence another's grade.
_MODELS: dict = {}           # fingerprint -> Models
_PER_REFERENCE: dict = {}    # id(reference) -> (weak reference to it, memo): see reference_memo


def fingerprint(cls, kwargs, params, grads, lrs=None) -> str:
    """A digest of a test's inputs: their float64 values (exact bytes), shapes, order and the
    hyperparameters (exact float reprs). ~50 us, against ~0.5 ms for encoding them as the protocol does."""
    arrays = [np.asarray(p, dtype=np.float64) for p in params]
    for gs in grads:
        arrays.extend(np.asarray(g, dtype=np.float64) for g in gs)
    header = (cls, sorted(kwargs.items()), None if lrs is None else [float(x) for x in lrs],
              len(params), [len(gs) for gs in grads], [a.shape for a in arrays])
    digest = hashlib.sha256(repr(header).encode())
    for a in arrays:
        digest.update(np.ascontiguousarray(a).data)
    return digest.hexdigest()


def reference_memo(reference) -> dict:
    """A memo that lives as long as this worker's ``reference`` session (one per worker), for facts
    about the reference solution's answers to a test's fixed inputs: the reference is deterministic and
    its answers are cached by the engine already, so such a fact is the same for every submission.
    Dropped with the session (a weak reference), so a later session never finds an earlier one's memo
    even if it gets the same id."""
    key = id(reference)
    entry = _PER_REFERENCE.get(key)
    if entry is None or entry[0]() is not reference:
        entry = _PER_REFERENCE[key] = (weakref.ref(reference, lambda _, key=key: _PER_REFERENCE.pop(key, None)), {})
    return entry[1]


def _frozen(arrays) -> list:
    out = [np.array(a, dtype=np.float64) for a in arrays]
    for a in out:
        a.setflags(write=False)
    return out


def _read_only(steps):
    """A model's steps, made read-only: shared by every submission a worker grades."""
    for ps in steps or ():
        for p in ps:
            p.setflags(write=False)
    return steps


def _flat(steps, read_only=False) -> np.ndarray:
    """All the numbers of a run (steps x params), in the order _first_diff walks them."""
    flat = np.concatenate([np.ravel(np.asarray(p, dtype=np.float64)) for ps in steps for p in ps] + [np.empty(0)])
    flat.setflags(write=not read_only)
    return flat


class Models:
    """The accepted forms and the known mistakes of one test's inputs, with their numbers flattened
    for comparison (one ``np.isclose`` per model instead of one per step and parameter)."""

    def __init__(self, key, cls, kwargs, params, grads, lrs):
        self.key, self.cls, self.lr, self.hp = key, cls, float(kwargs["lr"]), hyper(cls, kwargs)
        params, grads = _frozen(params), [_frozen(gs) for gs in grads]   # our own copies, kept for the mistakes
        self._inputs = (cls, dict(kwargs), params, grads, None if lrs is None else list(lrs))
        self.shapes = [np.shape(p) for p in params]
        self.n_steps = len(grads)
        sizes = [int(np.prod(s, dtype=np.int64)) for s in self.shapes]
        self.starts = [sum(sizes[:i]) for i in range(len(sizes))]
        self.owner = [i for i, n in enumerate(sizes) for _ in range(n)]   # offset in a step -> parameter
        self.step_size = sum(sizes)
        self.accepted = {name: _read_only(simulate(cls, step, kwargs, params, grads, lrs))
                         for name, step in ACCEPTED[cls]}
        self.accepted_flat = {name: _flat(steps, read_only=True) for name, steps in self.accepted.items()}
        self._mistakes = None

    @property
    def mistakes(self):
        """[(tag, words, steps, flat)], computed the first time a submission fails this test."""
        if self._mistakes is None:
            self._mistakes = [(tag, words, _read_only(steps), _flat(steps, read_only=True))
                              for tag, words, steps in _candidates(*self._inputs)]
        return self._mistakes

    def first_diff(self, got_flat, want_flat):
        """As ``_first_diff`` on the unflattened runs: (step, param, index) of the first disagreement."""
        bad = ~np.isclose(got_flat, want_flat, rtol=RTOL, atol=ATOL, equal_nan=True)
        if not bad.any():
            return None
        k, r = divmod(int(bad.argmax()), self.step_size)     # argmax: the first True, in C order
        i = self.owner[r]
        return k, i, tuple(int(j) for j in np.unravel_index(r - self.starts[i], self.shapes[i]))


def models(cls, kwargs, params, grads, lrs=None) -> Models:
    """The models of this test's inputs, computed once per grading worker."""
    key = fingerprint(cls, kwargs, params, grads, lrs)
    found = _MODELS.get(key)
    if found is None:
        found = _MODELS[key] = Models(key, cls, kwargs, params, grads, lrs)
    return found


def _candidates(cls, kwargs, params, grads, lrs=None):
    bad = []
    for tag, words, step, opts in MISTAKES.get(cls, []):
        bad.append((tag, words, simulate(cls, step, kwargs, params, grads, lrs, **opts)))
    structural = dict(STRUCTURAL) if cls in STATEFUL else {}
    if cls in ("Adam", "AdamW"):
        structural.update(ADAM_STRUCTURAL)
    given = {k: v for k, v in kwargs.items() if k != "lr" and v != DEFAULTS[cls].get(k)}
    for value in COMMON_EPS:
        if "eps" in DEFAULTS[cls] and value != hyper(cls, kwargs)["eps"]:
            structural[f"hyperparameters-ignored@eps={value:g}"] = (
                f"an update with eps fixed at {value:g} instead of self.eps: read every hyperparameter from self",
                {"eps_value": value})
    if given:
        structural["hyperparameters-ignored"] = (
            f"an update that ignores the hyperparameters given to __init__ ({', '.join(sorted(given))}) and "
            "uses the default values instead: read them from self", {"ignore_hyper": True})
    if lrs is not None and len(set(float(x) for x in lrs)) > 1:
        structural["lr-change-ignored"] = LR_IGNORED
        if cls == "AdamW":
            bad.append(("adamw-decay-ignores-lr-change",
                        "AdamW whose decay uses the learning rate given to __init__ (e.g. a factor "
                        "1 - lr*weight_decay computed once): read self.lr at every step",
                        simulate(cls, partial(adamw, decay="init_lr"), kwargs, params, grads, lrs)))
    for tag, (words, opts) in structural.items():
        for name, step in ACCEPTED[cls]:
            bad.append((tag.split("@")[0], words, simulate(cls, step, kwargs, params, grads, lrs, **opts)))
    return [b for b in bad if b[2] is not None]


# --- comparing ----------------------------------------------------------------------------------
def verify_reference(m: Models, reference_steps) -> None:
    """The grader's own sanity check: the first accepted form reproduces the official solution."""
    try:
        ref = _flat([[np.asarray(p, dtype=np.float64) for p in ps] for ps in reference_steps])
    except (TypeError, ValueError):
        ref = None
    if ref is None or ref.shape != (m.n_steps * m.step_size,) or \
            m.first_diff(ref, next(iter(m.accepted_flat.values()))) is not None:
        raise RuntimeError(f"grader models of {m.cls} disagree with the reference solution")


def _factors(hp: dict) -> list:
    """The hyperparameters a step can be off by, with their values for this test (the judge adds lr, 1/lr, 2
    and 1/2)."""
    out = []
    for key in ("momentum", "decay", "beta1", "beta2"):
        if key in hp:
            b = float(hp[key])
            out += [[key, b], [f"1 - {key}", 1 - b], [f"1/(1 - {key})", 1 / (1 - b)]]
    return out


STATE_WORDS = {"SGDMomentum": "the velocity v", "Nesterov": "the velocity v", "AdaGrad": "the running sum G",
               "RMSprop": "the running average s", "Adam": "the moments m and v and the step counter t",
               "AdamW": "the moments m and v and the step counter t"}
ADAPTIVE = {"AdaGrad", "RMSprop", "Adam", "AdamW"}
CORRECTED = {"Adam": ("beta1", "beta2"), "AdamW": ("beta1", "beta2")}    # the betas whose bias corrections it has


class _KnownMistakes:
    """The known mistakes as the judge reads them (tag, words, flat values): computed only when the judge
    looks, i.e. when a submission matches no accepted form (see ``Models.mistakes``)."""

    def __init__(self, m: Models):
        self.m = m

    def __iter__(self):
        return iter([{"tag": tag, "words": words, "values": flat} for tag, words, _, flat in self.m.mistakes])


def steps_rule(m: Models, params, grads, lrs, *, what: str, hint: str) -> dict:
    """The judge's rule ``steps`` (autograder/kit/judge.py) for a run on these inputs: every accepted form and
    every known mistake as flat values, the localisation's factors and words. RTOL/ATOL: see the module
    docstring. ``mistakes`` is read lazily: ``list()`` it to make the rule plain data."""
    return rule("steps", call=0, path=["values"], what=what, hint=hint, rtol=RTOL, atol=ATOL,
                shapes=[list(s) for s in m.shapes], params=list(params), grads=[list(gs) for gs in grads],
                lrs=None if lrs is None else [float(x) for x in lrs], lr=m.lr,
                accepted=list(m.accepted_flat.values()),
                mistakes=_KnownMistakes(m),
                factors=_factors(m.hp), adaptive=m.cls in ADAPTIVE, state=STATE_WORDS.get(m.cls),
                corrected=list(CORRECTED.get(m.cls, ())))


def _judge(m: Models, result, params, grads, lrs, *, what, hint):
    judge_student_result(result, {"rules": [steps_rule(m, params, grads, lrs, what=what, hint=hint)], "hint": hint})


def check_steps(student, reference, cls, kwargs, params, grads, lrs=None, *, what, hint):
    kw = dict(cls=cls, kwargs=kwargs, params=params, grads=grads, lrs=lrs)
    m = models(cls, kwargs, params, grads, lrs)
    verified = reference_memo(reference)
    if ("optimizer_steps", m.key) not in verified:   # once per worker: the reference's answer never changes
        verify_reference(m, reference.probe("optimizer_steps", **kw)["values"])
        verified[("optimizer_steps", m.key)] = True
    got = student.probe("optimizer_steps", **kw)
    _judge(m, got, params, grads, lrs, what=what, hint=hint)
    return got


# --- data ---------------------------------------------------------------------------------------
def random_problem(seed, shapes, n_steps, scales=None, zero_first=0):
    """Seeded parameters and gradients. ``scales`` multiplies each parameter's gradients (adaptive
    methods must cope with very different scales); ``zero_first`` zeroes a few gradient entries of
    every parameter in the first steps (an unused weight: AdaGrad/RMSprop/Adam divide 0 by 0
    unless eps is there). Fresh arrays at every call (copies of a memo: a pure function of its
    arguments, drawn once per worker)."""
    shapes = tuple(tuple(s) if isinstance(s, (list, tuple)) else int(s) for s in shapes)
    scales = None if scales is None else tuple(float(c) for c in scales)
    params, grads = _random_problem(int(seed), shapes, int(n_steps), scales, int(zero_first))
    return [p.copy() for p in params], [[g.copy() for g in gs] for gs in grads]


@functools.cache
def _random_problem(seed, shapes, n_steps, scales, zero_first):
    rng = np.random.default_rng(seed)
    params = [rng.normal(size=s) for s in shapes]
    scales = scales or [1.0] * len(shapes)
    grads = [[rng.normal(size=s) * c for s, c in zip(shapes, scales)] for _ in range(n_steps)]
    for k in range(min(zero_first, n_steps)):
        for g in grads[k]:
            g.reshape(-1)[:2] = 0.0
    for a in params + [g for gs in grads for g in gs]:
        a.setflags(write=False)          # the memo is never handed out, only copies of it
    return params, grads


# --- checking a whole run step by step (the convergence tests) ------------------------------------
def linear_recurrence(a: float, u: np.ndarray, block: int = 32) -> np.ndarray:
    """x_t = a*x_{t-1} + u_t for t = 1..T with x_0 = 0, for all t at once: the states after each step.

    Solved a block of steps at a time with the matrix of powers of ``a`` (stable for |a| <= 1, exact to
    rounding): a Python loop over 2,800 steps would cost as much as grading the whole submission."""
    if a == 1.0:
        return np.cumsum(u, axis=0)
    out = np.empty_like(u)
    powers = a ** np.arange(block + 1, dtype=np.float64)
    lag = np.subtract.outer(np.arange(block), np.arange(block))
    weights = np.where(lag >= 0, powers[np.clip(lag, 0, block)], 0.0)      # weights[i, j] = a**(i - j), j <= i
    carry = np.zeros(u.shape[1:])
    for start in range(0, len(u), block):
        chunk = u[start:start + block]
        n = len(chunk)
        states = weights[:n, :n] @ chunk + np.multiply.outer(powers[1:n + 1], carry)
        out[start:start + n] = states
        carry = states[-1]
    return out


def teacher_forced(step, hp: dict, lr: float, positions: np.ndarray, grads: np.ndarray) -> np.ndarray:
    """For each step t of a run: where the accepted form ``step`` moves from the run's OWN position p_t,
    with the gradient g_t there and the state the form builds from g_1..g_{t-1}. Row t-1 of the result is
    the prediction for positions[t].

    Every taught form keeps a state that is linear in itself (v = a*v + u(g)): ``a`` and ``u`` are read off
    the form by calling it with the state 0 and 1, then the states of all steps are solved at once. Errors
    cannot accumulate: each prediction starts from the student's own position."""
    n = len(grads)
    t = np.arange(1, n + 1, dtype=np.float64)[:, None]
    with np.errstate(all="ignore"):
        zero_state: dict = {}
        plain = positions[:n].copy()
        step(plain, grads, zero_state, lr, hp, t)
        if not zero_state:
            return plain
        unit_state = {k: np.ones_like(v) for k, v in zero_state.items()}
        step(positions[:n].copy(), grads, unit_state, lr, hp, t)
        before = {}
        for key, u in zero_state.items():
            a = unit_state[key] - u
            if not np.allclose(a, a.flat[0], rtol=1e-12, atol=1e-15):
                raise ValueError(f"the state {key!r} of this form is not linear in itself")
            after = linear_recurrence(float(a.flat[0]), u)
            before[key] = np.concatenate([np.zeros_like(after[:1]), after[:-1]])
        predicted = positions[:n].copy()
        step(predicted, grads, before, lr, hp, t)
    return predicted


def first_step_off(cls: str, kwargs: dict, traj: np.ndarray, grads: np.ndarray, upto: int) -> int | None:
    """The first step t <= ``upto`` (1-based) at which ``traj`` does not follow any accepted form of ``cls``
    fed the run's own gradients ``grads`` (grads[t-1] at traj[t-1]); None when every step up to ``upto`` does
    (tolerances: ``autograder.grading.steps_follow``)."""
    if upto <= 0:
        return None
    hp = hyper(cls, kwargs)
    positions, g = traj[:upto + 1], grads[:upto]
    agrees = np.zeros(upto, dtype=bool)
    for _, step in ACCEPTED[cls]:
        agrees |= steps_follow(positions, teacher_forced(step, hp, hp["lr"], positions, g))
        if agrees.all():
            return None
    return step_off(agrees)
