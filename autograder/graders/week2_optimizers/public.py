"""Week 2's public checks, declared once (how: autograder/kit/declare.py).

They are the rows of the optimizer table marked ``visible`` (optimizer_table.py, the one place where
week 2's tests are defined): for every optimizer, in teaching order, the first update from a fresh
optimizer (judged against every accepted form by the judge's rule ``steps``, naming the known mistakes,
as the hidden step tests are) and the in-place contract. Each becomes the grader test of the same name
in ``test_<problem>.py`` and, through ``autograder generate``, a check in the released ``public_checks/``.
"""
from dataclasses import replace

from optimizer_forms import models, steps_rule, verify_reference
from optimizer_table import OPTIMIZERS, in_place_check, plan

from autograder.kit.declare import Call, Check, Twin, public_tests

# A public check's hidden twin (declare.Twin) is the same row with another seed: other parameters and gradients,
# the same shapes, scales, exact zeros and hyperparameters. 500 is above every seed of the table (21-103).
TWIN_SEED = 500


def first_step(info, check, case):
    """The rows' ``first_step``: one update, judged by the rule ``steps`` with the values of every accepted form
    and known mistake on these inputs (RTOL/ATOL: optimizer_forms.py)."""
    calls, rules = first_step_check(info, check, case)
    return Check(test=case["name"], name=case["doc"], points=check.points, task=f"{info.cls}.update", calls=calls,
                 rules=rules, hint=info.hint,
                 twin=Twin(*first_step_check(info, check, twin_case(info, "first_step", check)),
                           why="the same row on another seed"))


def twin_case(info, kind, check):
    return plan(info, kind, replace(check, seed=check.seed + TWIN_SEED))


def first_step_check(info, check, case):
    """-> (calls, rules) of one first update."""
    params, grads, lrs = case["inputs"]()

    def rules(ref):
        m = models(info.cls, check.kwargs, params, grads, lrs)
        verify_reference(m, ref(0)["values"])          # the graders' models reproduce the reference solution
        rule = steps_rule(m, params, grads, lrs, what=case["what"], hint=info.hint)
        return [{**rule, "mistakes": list(rule["mistakes"])}]           # plain data for the release
    return [Call("optimizer_steps", cls=info.cls, kwargs=check.kwargs, params=params, grads=grads, lrs=lrs)], rules


def in_place(info, check, case):
    def made(case):
        calls, record = in_place_check(info, case, check)
        return calls, lambda ref: record["rules"]
    return Check(test=case["name"], name=case["doc"], points=check.points, task=f"{info.cls}.update",
                 **dict(zip(("calls", "rules"), made(case))), hint=info.hint,
                 twin=Twin(*made(twin_case(info, "in_place", check)), why="the same row on another seed"))


KINDS = {"first_step": first_step, "in_place": in_place}

# the table's order is the teaching order; a row's points and the reason for them are written in the table
CHECKS = [KINDS[kind](info, check, plan(info, kind, check))
          for info in OPTIMIZERS.values() for kind, check in info.checks.items() if check.visible]

public_test = public_tests(CHECKS)
