"""The hidden graders, graded: points add up, and the mistake catalogue is caught.

`autograder selftest` builds every catalogued case (autograder/graders/<week>/catalogue.py)
as a submission and grades it for real in the sandbox. Here course CI asserts
what the self-test reports: the reference scores 100, the untouched stubs 0,
every realistic mistake loses points and is named in the feedback, and every
valid alternative way of writing the spec gets full marks.
"""
from __future__ import annotations

import pytest

from autograder import catalogue, selftest
from autograder.manifest import collect
from autograder.weeks import WEEKS

WEEK_NAMES = list(WEEKS)


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_points_of_a_week_sum_to_100(week):
    tests = collect(WEEKS[week])
    assert tests, f"{week} has no grader tests"
    assert sum(t.points for t in tests) == 100, {t.problem: t.points for t in tests}
    assert all(t.points > 0 for t in tests)
    assert any(t.visible for t in tests), "no public test: `autograder check` would have nothing to run"
    assert not all(t.visible for t in tests), "every test is public: nothing is hidden"


@pytest.fixture(scope="module")
def outcomes():
    return {week: selftest.run(WEEKS[week], jobs=2) for week in WEEK_NAMES}


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_reference_scores_full_marks_and_stubs_nothing(outcomes, week):
    by_case = {o.case: o for o in outcomes[week]}
    assert by_case["reference"].ok, by_case["reference"].detail
    assert by_case["reference"].score == 100
    assert by_case["stubs"].score == 0


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_every_catalogued_mistake_loses_points_and_is_named(outcomes, week):
    missed = [f"{o.case}: {o.detail}" for o in outcomes[week] if o.kind == "mistake" and not o.ok]
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_every_valid_alternative_gets_full_marks(outcomes, week):
    rejected = [f"{o.case}: {o.detail}" for o in outcomes[week] if o.kind == "valid" and not o.ok]
    assert not rejected, "\n".join(rejected)


def test_catalogue_is_large_enough(outcomes):
    mistakes = sum(o.kind == "mistake" for week in outcomes.values() for o in week)
    valid = sum(o.kind == "valid" for week in outcomes.values() for o in week)
    print(f"mutation catalogue: {mistakes} mistakes, {valid} valid alternatives")
    assert mistakes >= 40 and valid >= 12


def test_a_catalogue_snippet_that_no_longer_exists_fails_loudly():
    with pytest.raises(ValueError, match="occurs 0 times"):
        catalogue.apply_edits("x = 1\n", [("y = 2", "y = 3")], "case")


# A stub that rebinds the given module's names so that every "run" lands on the minimum. It once
# scored all 12 convergence points of week 2 without a line of optimizer code; the probes now take
# those functions at import, before any student code runs.
TAMPERING = '''
import numpy as _np
import surfaces as _s


def _straight_to_the_minimum(optimizer, surface, start=None, n_steps=100, lr_schedule=None):
    p0 = _np.array(surface.start if start is None else start, dtype=float)
    end = _s.SURFACES[surface.name].minimum
    end = p0 + 5.0 if end is None else end          # the saddle: run away along y
    return _np.linspace(p0, end, n_steps + 1)


_s.run_optimizer = _straight_to_the_minimum
_s.get_surface = lambda name: _s.SURFACES[name]
'''


def test_rebinding_the_given_surfaces_module_scores_nothing(tmp_path):
    from autograder.engine.runner import grade
    week = WEEKS["week2_optimizers"]
    case = tmp_path / "tamperer"
    selftest.build_case(week, case, {}, stubs=True)
    with open(case / "optimizers.py", "a") as fh:
        fh.write(TAMPERING)
    result = grade(week, [case], tmp_path / "graded", show_progress=False)["tamperer"]
    convergence = [t for t in result["tests"] if t["extra_data"]["problem"] == "convergence"]
    assert convergence and all(t["score"] == 0 for t in convergence), [t["output"] for t in convergence]
    assert result["score"] == 0
