"""Red team, round 5 (branch redteam5): attacks on main after the twins (R4-2) and the protocol's checks.

Each test is an attack that worked when it was written (REDTEAM.md, section "Round 5", says how and what it did)
and now guards its defence: it fails with the defence removed. Destructive attempts aim at canaries.
"""
from __future__ import annotations

import pytest

from autograder.kit.declare import TWIN_SAYS
from test_redteam import grade_one, needs_bwrap
from test_redteam4 import memorised_schedules


# --- R5-1. a hidden twin's failure told the student the twin's inputs and values -------------------------------
# The twin (kit/declare.Twin) is the same check on inputs that are not released; its failure was shown with the
# judge's message ("cosine_annealing(t=0, T=30, lr_max=0.3) should be 0.3, got 0.05") and figure, and a crash
# with the exception's text -- which the student writes (an exception carrying repr(kwargs)). One failing
# submission released every twin's inputs and answers: the next one is a table of those too.
LEAK = '(_ for _ in ()).throw(ValueError("LEAKED %r %r" % (args, kwargs)))'


@needs_bwrap
@pytest.mark.parametrize("otherwise", ["0.05", LEAK], ids=["wrong-values", "exception-text"])
def test_a_twins_failure_shows_neither_its_inputs_nor_its_values(otherwise, tmp_path):
    source, _ = memorised_schedules(otherwise=otherwise)
    result = grade_one(tmp_path, "week3_schedules", "memo", {"schedules": source})
    twins = [t for t in result["tests"] if t["output"].startswith(TWIN_SAYS)]
    assert len(twins) >= 5, [t["output"][:80] for t in result["tests"]]
    for t in twins:
        assert t["score"] == 0
        shown = t["output"]
        assert "LEAKED" not in shown and "should be" not in shown and "(t=" not in shown and "step=" not in shown \
            and "epoch=" not in shown, shown
        assert "figure" not in t["extra_data"], t["name"]
