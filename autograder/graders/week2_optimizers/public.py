"""Week 2's public checks, declared once (how: autograder/kit/declare.py).

For every optimizer, in teaching order: the first update from a fresh optimizer (judged against every
form the lessons teach, naming the known mistakes) and the in-place contract. Each becomes the
``@visible`` grader test of the same name in ``test_<problem>.py`` and, through ``autograder
generate``, a check in the released ``public_checks/``.
"""
import numpy as np
from optimizer_forms import ATOL, RTOL, candidates, models, random_problem, verify_reference

from autograder.kit.declare import Call, Check, From, public_tests, rule
from autograder.kit.judge import flatten

SHAPES = [(4,), (3, 2), (2, 1, 3)]          # several arrays of different shapes, incl. a 3-D one
NOT_IN_PLACE = ("an update that is not done in place: the caller's parameter arrays never changed (p = p - ... "
                "computes a new array and leaves the caller's one untouched; params[i] = ... puts a new array "
                "into the list instead of changing the caller's)")


def first_step(cls, kwargs, params, grads, what):
    """One update from a fresh optimizer, against every accepted form; RTOL/ATOL: optimizer_forms.py."""
    def rules(ref):
        m = models(cls, kwargs, params, grads)
        verify_reference(m, ref(0)["values"])          # the graders' models reproduce the reference solution
        accepted, bad = candidates(cls, kwargs, params, grads)
        labels = [f"after step {k + 1}, params[{i}] (shape {tuple(np.shape(p))}) at index "
                  f"{tuple(int(j) for j in np.unravel_index(e, np.shape(p)))}"
                  for k in range(len(grads)) for i, p in enumerate(params) for e in range(np.size(p))]
        unchanged = flatten([params for _ in grads])
        mistakes = [{"tag": "not-in-place", "words": NOT_IN_PLACE, "values": unchanged,
                     "hint": "Write the update in place: p -= ..., or p[...] = ..., or np.subtract(p, x, out=p)."}]
        mistakes += [{"tag": tag, "words": words, "values": flatten(steps)} for tag, words, steps in bad]
        return [rule("close", call=0, path=["values"], what=what, flatten=True, rtol=RTOL, atol=ATOL,
                     expected=[flatten(steps) for steps in accepted.values()],
                     structure=[[list(np.shape(p)) for p in params] for _ in grads],
                     structure_message=f"expected the parameters after each of {len(grads)} steps, "
                                       f"{len(params)} arrays of shapes {[tuple(np.shape(p)) for p in params]}.",
                     labels=labels, detail="{label}: expected {want}, got {got}",
                     message="{what}: {detail}{diff}. These numbers match none of the accepted forms of the update.",
                     mistake_message="{what}: your numbers {how} {words}. First difference from the expected "
                                     "values {detail}.",
                     nonfinite_hint="A nan or inf appeared: look for a division by zero (is eps added where the "
                                    "gradient can be 0?).",
                     mistakes=mistakes)]
    return rules


def in_place(params, grads, what):
    return lambda ref: [rule("in_place", call=0, what=what, params=params, grads=grads)]


def optimizer(cls, problem, task_kwargs, seeds, zero_first=0):
    """The two public checks of one optimizer: ``seeds`` = (first step, in place), as in its test file."""
    first_seed, in_place_seed = seeds
    shown = ", ".join(f"{k}={v!r}" for k, v in task_kwargs.items())
    params, grads = random_problem(first_seed, SHAPES[:2], 1, zero_first=zero_first)
    p3, g3 = random_problem(in_place_seed, SHAPES, 3 if cls != "SGD" else 2)
    return [
        Check(test=f"test_{problem}_first_step", task=f"{cls}.update",
              name=(f"{cls}: the first update from a fresh optimizer matches the formula" if cls != "SGD"
                    else "SGD: one update moves each parameter by -lr * g"),
              points=2,   # 2: the first step from a fresh optimizer: public, checks the convention early
              calls=[Call("optimizer_steps", cls=cls, kwargs=task_kwargs, params=params, grads=grads, lrs=None)],
              rules=first_step(cls, task_kwargs, params, grads,
                               f"{cls}({shown}), " + ("one update" if cls == "SGD" else "first update")),
              hint=From(f"test_{problem}", "HINT")),
        Check(test=f"test_{problem}_in_place", task=f"{cls}.update",
              name=f"{cls}: update changes the caller's arrays in place and leaves the gradients alone",
              points=2,   # 2: the interface property every optimizer shares (in place, grads untouched)
              calls=[Call("optimizer_steps", cls=cls, kwargs=task_kwargs, params=p3, grads=g3)],
              rules=in_place(p3, g3, f"{cls}.update"), hint=From(f"test_{problem}", "HINT")),
    ]


CHECKS = [
    *optimizer("SGD", "sgd", {"lr": 0.1}, (101, 103)),
    *optimizer("SGDMomentum", "momentum", {"lr": 0.1, "momentum": 0.9}, (21, 25)),
    *optimizer("Nesterov", "nesterov", {"lr": 0.1, "momentum": 0.9}, (31, 35)),
    *optimizer("AdaGrad", "adagrad", {"lr": 0.1}, (41, 45), zero_first=1),
    *optimizer("RMSprop", "rmsprop", {"lr": 0.01}, (51, 55), zero_first=1),
    *optimizer("Adam", "adam", {"lr": 0.1}, (61, 65), zero_first=1),
    *optimizer("AdamW", "adamw", {"lr": 0.1, "weight_decay": 0.5}, (71, 75)),
]

public_test = public_tests(CHECKS)
