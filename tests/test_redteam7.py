"""Red team, round 7 (branch redteam7): hostile students against current main, in classes earlier rounds did not
cover (REDTEAM.md, "Round 7", says how each attack worked and what it did).

Each test is an attack that worked when it was written; the comment above it says what it found, and the test now
guards the defence (each fails with its defence removed: REDTEAM.md names the defence).
"""
from __future__ import annotations

from test_redteam import grade_one, grader_errors, needs_bwrap, stub

WEEK2, WEEK4 = "week2_optimizers", "week4_stability"

# Written into a hostile module: at import (inside the child's serve loop) it replaces the trusted probe ``name`` in
# the loop's own table -- captured before any student code ran, but a dict that stays reachable through the
# closure -- with one that returns ``reply``, so the engine sends the forged reply as the probe's answer. (Writing
# a frame on the socket and exiting, test_redteam's FORGE, races the parent's look at the exit status.)
REPLACE_PROBE = """

import sys as _sys


def _replace_probe(name, reply):
    frame = _sys._getframe()
    while frame.f_code.co_name != "serve":
        frame = frame.f_back
    run_probe = frame.f_locals["run_probe"]
    table = next(c.cell_contents for c in run_probe.__closure__ if isinstance(c.cell_contents, dict))
    table[name] = lambda mods, **kwargs: reply
"""


def scored(result: dict, word: str) -> dict:
    """name -> score of the tests whose name holds ``word``."""
    return {t["name"]: t["score"] for t in result["tests"] if word in t["name"]}


# --- R7-1. a reply that records nothing passes the rules that read it step by step ----------------------------
# The child runs the probe in the student's process, so the student can write the reply itself (test_redteam's
# FORGE). Week 2's in-place rule read the record with zip(rebound, values): a record of NO steps checked
# nothing and passed -- the untouched stub scored all seven public in-place checks and their hidden twins,
# 14 / 100 of week 2. Defence: judge._whole_record (one entry per update call, one array per parameter).
@needs_bwrap
def test_a_forged_record_of_no_steps_earns_no_in_place_points(tmp_path):
    attack = stub(WEEK2, "optimizers") + REPLACE_PROBE + \
        '_replace_probe("optimizer_steps", {"values": [], "rebound": [], "grads_changed": []})\n'
    result = grade_one(tmp_path, WEEK2, "forger", {"optimizers": attack}, call_seconds=5, budget_seconds=60)
    in_place = scored(result, "in place")
    assert len(in_place) == 7, in_place          # one per optimizer
    assert not any(in_place.values()), f"a record of no steps earned in-place points: {in_place}"
    assert not grader_errors(result), grader_errors(result)[:3]


# The same in week 4's label rule (zip(items, said)): a reply of no labels named every lesson curve right -- the
# public check's 2 points with its twin. Defence: rule_labels wants one answer per curve asked about.
@needs_bwrap
def test_a_forged_reply_of_no_labels_names_no_curve(tmp_path):
    attack = stub(WEEK4, "diagnostics") + REPLACE_PROBE + '_replace_probe("diagnose", [])\n'
    modules = {m: stub(WEEK4, m) for m in ("initializers", "clipping", "training")}
    result = grade_one(tmp_path, WEEK4, "forger", {**modules, "diagnostics": attack}, call_seconds=5,
                       budget_seconds=60)
    diagnosed = scored(result, "diagnose_loss_curve")
    assert diagnosed and not any(diagnosed.values()), f"a reply of no labels earned points: {diagnosed}"
    assert not grader_errors(result), grader_errors(result)[:3]

