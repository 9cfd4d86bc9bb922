"""The hidden graders, graded: points add up, the mistake catalogue is caught and named, and the feedback
teaches without handing out the answer.

`autograder selftest` builds every catalogued case (autograder/graders/<week>/catalogue.py)
as a submission and grades it for real in the sandbox. Here course CI asserts
what the self-test reports: the reference scores 100, the untouched stubs 0,
every training mistake loses points and is named in the feedback, the held-out
mistakes are caught and at least 95 % of them named, every valid alternative
way of writing the spec gets full marks, no message or hint contains a line of
a reference solution, step-by-step failures carry a figure, and every named
mistake reads in one label style. docs/graders.md explains each rule.
"""
from __future__ import annotations

import ast
import dataclasses
import re
import sys

import numpy as np
import pytest

from autograder import catalogue, selftest
from autograder.feedback.html import GENERIC_TAGS, tag_label
from autograder.grading import GradeFailure, load_trusted
from autograder.kit.declare import TWIN_SAYS
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
def outcomes(selftest_outcomes):
    return selftest_outcomes


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


# --- held-out mistakes: diagnosis that generalises (docs/graders.md, "The held-out part") -----------------

# A held-out case that loses no points when its round is graded is listed here (the graders are never changed for
# a held-out case) until the round is burnt and the case killed or found a form the contract accepts (round 14's
# two: a map for clip_by_global_norm's list and a flagged nan norm, both killed; docs/graders.md, "Round 14 is burnt").
# Round 15's one: Adam's moments in a dict keyed by id(p), which differs only when the caller passes new arrays for
# the same parameters between calls (its writer flagged it doubtful; decided at its burn).
HELD_OUT_NOT_CAUGHT: set[str] = {"held-out-adam-moments-dict-by-id"}


def test_every_held_out_mistake_loses_points(outcomes):
    missed = {o.case: o.detail for week in outcomes.values() for o in week if o.kind == "held-out" and not o.caught}
    assert set(missed) <= HELD_OUT_NOT_CAUGHT, "\n".join(f"{c}: {d}" for c, d in missed.items()
                                                         if c not in HELD_OUT_NOT_CAUGHT)


def test_the_burnt_rounds_are_training_cases(outcomes):
    """Rounds 1-14 were measured held out, then used to grow the graders (docs/graders.md, "The held-out part"):
    rounds 3-14 are training cases now -- round 3's 60 all named; round 4's 79 mistakes, round 6's 73 and round 7's
    (their Adam paper's efficient form is a form the course accepts: a valid case), round 5's 79, round 8's 75,
    round 9's 91, round 10's 87 (its 88 less PyTorch's clipping form, valid; 33 of them repeats of training code)
    round 11's 102 (18 of them repeats), round 12's 105 (its 106 less PyTorch's clipping epsilon, valid), round 13's
    70 (its 71 less `if val_losses`, valid) and round 14's 97 all losing points and named unless marked ``unnamed``
    with the reason."""
    mistakes = [m for week in WEEKS.values() for m in catalogue.load(week)[0]]
    rounds = {r: [m for m in mistakes if m.was_held_out == r] for r in range(3, 15)}
    assert ({r: len(cases) for r, cases in rounds.items()}
            == {3: 60, 4: 79, 5: 79, 6: ROUND_6_BURNT, 7: ROUND_7_BURNT, 8: 75, 9: 91, 10: 87, 11: 102, 12: 105, 13: 70,
                                                  14: 97})
    assert not any(m.held_out for cases in rounds.values() for m in cases)
    third = rounds[3]
    assert not any(m.unnamed for m in third)
    done = {o.case: o for week in outcomes.values() for o in week if o.kind == "mistake"}
    assert all(done[f"mistake-{m.case}"].named for m in third)
    later = [m for r in range(4, 15) for m in rounds[r]]
    assert all(done[f"mistake-{m.case}"].caught for m in later)   # (m.case: renamed where a name was taken)
    assert all(done[f"mistake-{m.case}"].named for m in later if not m.unnamed)
    valid = {o.case: o.ok for week in outcomes.values() for o in week if o.kind == "valid"}
    assert valid["valid-round4-adam-paper-efficient-form"] and valid["valid-round6-adam-keras-epsilon-hat"]
    assert valid["valid-heldout7-adam-keras-epsilon-hat-step"]
    assert valid["valid-heldout10-clip-norm-divides-by-norm-plus-1e-6"]
    assert valid["valid-round12-clip-global-torch-epsilon-coefficient"]
    assert valid["valid-round13-diagnose-if-val-losses-truth-test"]


def test_a_subclass_of_list_is_the_list_the_docstrings_return(outcomes):
    """Round 12 (docs/graders.md, "Valid variants, round 12"): gradient_descent's history and train's epoch losses
    returned as subclasses of list (a helper method added) were marked down by probes that compared
    ``type(x).__name__`` with "list"; they now read the container with isinstance, as a float subclass already
    passed for the entries. A tuple or an ndarray is still not a list (the same tests' catalogued mistakes)."""
    valid = {o.case: o for week in outcomes.values() for o in week if o.kind == "valid"}
    for case in ("valid-round12-gd-history-list-subclass", "valid-round12-train-returns-list-subclass",
                 "valid-round12-minibatches-returns-list-subclass", "valid-round12-anomalies-returns-list-subclass"):
        assert valid[case].ok and valid[case].score == 100, (case, valid[case].detail)


# round 6's 74 cases less the accepted Adam form
ROUND_6_BURNT = 73
# round 7's 83 cases less the accepted Adam form
ROUND_7_BURNT = 82


def test_a_case_marked_unnamed_must_lose_points_and_drop_the_mark_once_named():
    """selftest's rule for a burnt case no family names yet: caught is enough, named fails (the mark is stale)."""
    case = catalogue.Mistake(tag="x-slip", edits={}, unnamed="no family yet")
    res = {"score": 90, "max_score": 100,
           "tests": [{"name": "t", "status": "failed", "tags": ["other"], "output": "", "score": 0, "max_score": 10}]}
    assert selftest.judge("mistake-x", "mistake", case, res).ok
    assert not selftest.judge("mistake-x", "mistake", case, {**res, "score": 100}).ok
    named = {**res, "tests": [{**res["tests"][0], "tags": ["x-slip"]}]}
    assert not selftest.judge("mistake-x", "mistake", case, named).ok


@pytest.mark.xfail(strict=True, reason="issue 15's target is not met: held-out round 15 (100 cases of new code, 20 "
                                       "of a kind no model existed for) is named 80/100 (80 %; 75/80 of the known "
                                       "kinds, 5/20 of the new); docs/graders.md, 'The figures'")
def test_at_least_95_percent_of_the_held_out_mistakes_are_named(outcomes):
    """Issue 15's target: on the held-out round in the repository when there is one, else on the latest round as it
    was measured while held out (``HELD_OUT_MEASURED``, graded once before its burn)."""
    s = selftest.summary([o for week in outcomes.values() for o in week])
    if s["held_out"]:
        assert s["held_out_named"] >= selftest.HELD_OUT_TARGET * s["held_out"], selftest.figures_line(s)
    else:
        latest, figures = next(iter(selftest.measured_rounds(list(WEEKS.values())).items()))
        assert figures["named"] >= selftest.HELD_OUT_TARGET * figures["held_out"], (latest, figures)


def test_the_held_out_naming_rate_does_not_fall(outcomes):
    """A round graded while held out is held to at least round 10's rate, 54 % (the lowest of the rounds measured
    without repeats); round 15, held out, is named 80/100 (docs/graders.md, "Round 15")."""
    s = selftest.summary([o for week in outcomes.values() for o in week])
    if s["held_out"]:
        assert s["held_out_named"] >= 0.54 * s["held_out"], selftest.figures_line(s)


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_the_measured_held_out_figures_are_those_of_their_rounds(week):
    """What selftest prints for a burnt round (``HELD_OUT_MEASURED``) counts that round's cases as written, less the
    repeats of training code that never were held out; caught and named can only be fewer."""
    module = catalogue.load_module(WEEKS[week])
    assert module.HELD_OUT_MEASURED
    for round_, figures in module.HELD_OUT_MEASURED.items():
        held = len(getattr(module, f"ROUND_{round_}")) - len(getattr(module, f"ROUND_{round_}_REPEATS"))
        assert figures["held_out"] == held >= figures["caught"] >= figures["named"] >= 0, (round_, figures)


def test_selftest_prints_the_burnt_rounds_as_measured(monkeypatch, capsys):
    """With no round held out, selftest still says what the held-out rounds measured, summed over the weeks graded."""
    week = next(iter(WEEKS.values()))
    monkeypatch.setattr(selftest, "run", lambda w, jobs=2: [])
    selftest.main([week.name])
    out = capsys.readouterr().out
    figures = catalogue.load_module(week).HELD_OUT_MEASURED
    latest = max(figures)
    assert (f"round {latest}: named {figures[latest]['named']}/{figures[latest]['held_out']}" in out
            and "as measured before they were burnt" in out), out


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_no_held_out_case_is_the_code_of_a_training_case(week):
    """A held-out case measures naming what the graders were never shown: one whose code is a training case's
    (comments and layout aside) joins the training part instead (docs/graders.md, "Round 10")."""
    assert catalogue.held_out_repeats(WEEKS[week], catalogue.load(WEEKS[week])[0]) == {}


def test_a_held_out_copy_of_a_training_case_is_found_through_a_comment():
    """The same program with a comment added is a repeat; the same numbers written in other code are not."""
    week = WEEKS["week2_optimizers"]
    mistakes = catalogue.load(week)[0]
    trained = next(m for m in mistakes if m.case == "rmsprop-np-square-of-weighted-gradient")
    (old, new), = trained.edits["optimizers"]
    commented = dataclasses.replace(trained, held_out=True, name="a-copy",
                                    edits={"optimizers": [(old, new + "            # the same code, commented\n")]})
    assert catalogue.held_out_repeats(week, mistakes + [commented]) == {"a-copy": trained.case}
    power = new.replace("np.square((1 - self.decay) * g)", "np.power((1 - self.decay) * g, 2)")
    assert power != new
    other = dataclasses.replace(commented, edits={"optimizers": [(old, power)]})
    assert catalogue.held_out_repeats(week, mistakes + [other]) == {}


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_held_out_mistakes_are_frozen(week):
    """A held-out case is code written before the graders knew it: changing it afterwards would tune the
    measure. Its digest is recorded beside it; a case that has to change moves to the training part."""
    module = catalogue.load_module(WEEKS[week])
    held = {m.case: catalogue.digest(m) for m in catalogue.load(WEEKS[week])[0] if m.held_out}
    assert held == getattr(module, "HELD_OUT_DIGESTS", {}), (
        "held-out cases changed, or were added without their digest (docs/graders.md)")


# --- hints teach, never answer --------------------------------------------------------------------------

def _normalised(text: str) -> str:
    return re.sub(r"\s+", "", text)


def solution_lines(week) -> dict[str, str]:
    """Every line of code in the week's solution regions, normalised for spaces (comments dropped);
    lines shorter than 12 characters (``return grad``, ``else:``) are too generic to give anything away."""
    lines = {}
    for module in week.modules:
        text = (week.solution_dir / f"{module}.py").read_text()
        for region in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", text, re.S):
            for line in region.splitlines():
                code = _normalised(line.split("#")[0])
                if len(code) >= 12:
                    lines[code] = line.strip()
    return lines


def grader_strings(week):
    """(file, line, text) of every string in the week's grader sources -- f-strings with their fields
    removed -- except the catalogue and its held-out rounds (heldout_round<N>.py), which hold solution snippets
    on purpose and are never shown."""
    for path in sorted(week.grader_dir.glob("*.py")):
        if path.name == "catalogue.py" or re.fullmatch(r"heldout_round\d+\.py", path.name):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.JoinedStr):
                yield path.name, node.lineno, "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield path.name, node.lineno, node.value


# where an error happened, the engine quotes the line of the STUDENT's file ("at gradient_descent.py, line 242,
# in sgd: <their code>"): their own code, not ours, even when (in a catalogue case built from the reference) it
# reads like a solution line
STUDENT_LINE = re.compile(r"^\s*at \S+\.py, line \d+, in [\w.<>]+: .*$", re.M)


def leaks(text: str, lines: dict[str, str]) -> list[str]:
    flat = _normalised(text)
    return [original for code, original in lines.items() if code in flat]


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_no_grader_string_holds_a_line_of_the_solution(week):
    lines = solution_lines(WEEKS[week])
    found = [f"{name}:{line}: {leak}" for name, line, text in grader_strings(WEEKS[week])
             for leak in leaks(text, lines)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_no_message_or_hint_holds_a_line_of_the_solution(outcomes, week):
    """Every test's output (message and 'What to try') as produced on the reference, the stubs and every
    catalogue case."""
    lines = solution_lines(WEEKS[week])
    found = {f"{t['name']}: {leak}" for o in outcomes[week] for t in o.tests
             for leak in leaks(STUDENT_LINE.sub("", t["output"]), lines)}
    assert not found, "\n".join(sorted(found))


def test_the_leak_check_finds_a_solution_line_in_a_hint():
    lines = solution_lines(WEEKS["week1_gradient_descent"])
    assert leaks("What to try: theta = theta - np.linalg.solve(hess_f(theta),grad_f(theta))", lines)
    assert not leaks("What to try: a Newton step solves H d = g at the current theta.", lines)


# --- a picture where it helps, one label style ----------------------------------------------------------

# the tests that compare a student's values with the expected ones step by step (or entry by entry along a
# run), by the words of their names
STEPWISE = ("the first update from a fresh optimizer", "twelve steps on three parameters", "honours a learning rate",
            "keeps a separate state", "gradient_descent follows theta", "newton_method repeats", "Step decay",
            "Exponential decay", "Cosine annealing", "Linear warmup", "Warmup + cosine", "One-cycle",
            "ReduceLROnPlateau", "lr_range_test spaces")


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_every_failed_step_by_step_comparison_carries_a_figure(outcomes, week):
    missing = set()
    for o in outcomes[week]:
        for t in o.tests:
            # not a comparison of values: no answer at all, a wrong shape, a note, a ZeroDivisionError named, a
            # callback called twice per rate, the right values returned in the wrong order or as the wrong type
            generic = set(t["tags"]) & (set(GENERIC_TAGS) | {"wrong-shape", "follows-own-helpers", "warmup-zero-steps",
                                                             "range-test-calls-twice", "gd-return-order-swapped",
                                                             "gd-history-not-floats"})
            # a hidden twin's failure shows no figure by design: its values would release its inputs (R5-1)
            twin = t["output"].startswith(TWIN_SAYS)
            if t["status"] != "passed" and not generic and not twin and any(w in t["name"] for w in STEPWISE) \
                    and not t["figure"]:
                missing.add(f"{o.case}: {t['name']}")
    assert not missing, "\n".join(sorted(missing))


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_figures_quote_the_messages_numbers(outcomes, week):
    """A marked figure labels the first disagreement with words taken from the message itself."""
    for o in outcomes[week]:
        for t in o.tests:
            mark = (t["figure"] or {}).get("mark")
            if mark:
                assert mark["label"] in t["output"], (o.case, t["name"], mark["label"])


def test_every_named_mistake_reads_in_one_label_style(outcomes):
    tags = {tag for week in outcomes.values() for o in week for t in o.tests for tag in t["tags"]}
    tags |= {m.tag for week in WEEKS.values() for m in catalogue.load(week)[0] if not m.held_out}
    odd = {tag: tag_label(tag) for tag in tags - set(GENERIC_TAGS)
           if not re.fullmatch(r"[A-Z][\w' +-]*: \S.*", tag_label(tag)) or tag_label(tag).startswith("Other:")}
    assert not odd, odd


# --- heuristics graded fairly (docs/graders.md, "Heuristic tasks") --------------------------------------

def _graders(week, name):
    return catalogue.grader_module(WEEKS[week], name)


@pytest.fixture
def grader_imports(monkeypatch):
    """Lets one week's grader modules import their siblings by bare name, as they do when grading (one
    process per week): that week's folder goes first on sys.path, and the bare names another week's
    modules left in sys.modules are set aside."""
    def use(week):
        monkeypatch.syspath_prepend(str(WEEKS[week].grader_dir))
        for name in [n for n in sys.modules if (WEEKS[week].grader_dir / f"{n}.py").exists()]:
            monkeypatch.delitem(sys.modules, name)
    return use


def test_diagnosis_is_graded_on_clear_cut_curves_only(grader_imports):
    grader_imports("week4_stability")
    support = _graders("week4_stability", "week4_support")
    synthetic, real = support.synthetic_curves(), support.real_curves()
    for label in support.LABELS:                   # every label keeps its 8 synthetic curves
        assert sum(c[0] == label for c in synthetic) == 8, label
    assert len(real) >= 24, "the real training runs lost too many curves to the clear-cut rule"
    for label, desc, train, val in synthetic + real:
        said = {name: fn(train, val) for name, fn in support.sound_diagnosers().items()}
        assert set(said.values()) == {label}, (desc, said)
    assert len(support.sound_diagnosers()) >= 4      # the reference and at least three built differently


def test_the_public_diagnosis_curves_and_their_twins_are_clear_cut(grader_imports):
    """The public check's curves and its hidden twin's (public.py): every sound diagnoser names each alike."""
    grader_imports("week4_stability")
    support, public = _graders("week4_stability", "week4_support"), _graders("week4_stability", "public")
    for label, train, val in public.LESSON_CURVES + public.DIAGNOSE_TWIN:
        said = {name: fn(train, val) for name, fn in support.sound_diagnosers().items()}
        assert set(said.values()) == {label}, (train, val, said)


def test_suggest_lr_and_anomalies_keep_every_graded_input(grader_imports):
    grader_imports("week3_schedules")
    range_test = _graders("week3_schedules", "test_range_test")
    # five curves, and two added at round 9's burn (a short test that ends on its floor; a bounce past the minimum)
    assert len(range_test.CURVES) == len(range_test.CANDIDATES) == 7
    grader_imports("week4_stability")
    anomalies = _graders("week4_stability", "test_anomalies")
    series = [(anomalies.spiky_series(0), {}), (anomalies.boundary_series(20), {}), anomalies.quantized_series(12)]
    assert anomalies.agreed(series) == series


def test_week2_tolerances_separate_right_from_wrong(grader_imports):
    """The facts behind optimizer_forms.RTOL / ATOL, on every step test's own inputs (docs/graders.md)."""
    grader_imports("week2_optimizers")
    table, forms = _graders("week2_optimizers", "optimizer_table"), _graders("week2_optimizers", "optimizer_forms")
    reference = load_trusted(WEEKS["week2_optimizers"].solution_dir / "optimizers.py", "_tolerance_reference")
    smallest = library_smallest = np.inf
    for cls, info in table.OPTIMIZERS.items():
        for kind, check in info.checks.items():
            if kind == "in_place":
                continue
            test = table.tests_for(cls)[table.NAMES.get((cls, kind), f"test_{info.problem}_{kind}")]
            inputs = {}

            class Capture:        # runs the test's own input-building code, records what it would send
                def probe(self, name, **kw):
                    inputs.update(kw)
                    raise StopIteration
            with pytest.raises(StopIteration):
                test(Capture(), Capture())
            params, grads, lrs = inputs["params"], inputs["grads"], inputs["lrs"]
            m = forms.models(cls, check.kwargs, params, grads, lrs)
            opt, ps, steps = getattr(reference, cls)(**check.kwargs), [p.copy() for p in params], []
            for k, gs in enumerate(grads):
                if lrs is not None:
                    opt.lr = lrs[k]
                opt.update(ps, [g.copy() for g in gs])
                steps.append([p.copy() for p in ps])
            assert np.array_equal(forms._flat(steps), next(iter(m.accepted_flat.values()))), (cls, kind)
            for tag, words, _, flat in m.mistakes:
                if not np.all(np.isfinite(flat)) or "eps" in tag or "eps fixed at" in words:
                    continue
                gaps = [float(np.max(np.abs(flat - a) / (np.abs(a) + 1e-10))) for a in m.accepted_flat.values()]
                if min(gaps) <= 1e-12:                         # where the mistake changes the numbers at all
                    continue
                if tag == forms.LIBRARY:                       # a library's option: its own, smaller bound
                    library_smallest = min(library_smallest, min(gaps))
                else:
                    smallest = min(smallest, min(gaps))
    assert smallest >= 1e-2 > 1e4 * forms.RTOL, smallest
    # a library's option changes the numbers less: torch recipes' weight_decay (1e-4 ...) moves p by lr * wd * p a
    # step (1.2e-5 relative after these tests' steps), AMSGrad's maximum only where v falls (1.9e-4) -- still
    # > 1e3 x the tolerance, and 1e10 x float64 noise
    assert library_smallest >= 1e3 * forms.RTOL, library_smallest


def test_the_fairness_filters_drop_what_sound_readings_disagree_on(grader_imports):
    grader_imports("week3_schedules")
    range_test = _graders("week3_schedules", "test_range_test")
    lrs, losses, _, at_min = range_test.CANDIDATES[0]
    s = range_test._sound_suggesters()[0](lrs, losses)          # the reference's own suggestion
    assert not range_test.clear_cut((lrs, losses, (s, s * 1.0001), at_min))   # a band only the reference hits
    grader_imports("week4_stability")
    anomalies = _graders("week4_stability", "test_anomalies")
    # 0.30000000000000004 > 3 * 0.1 is False, 0.30000000000000004 / 0.1 > 3 is True: a rounding tie
    tie = ([0.1, 0.30000000000000004], {"factor": 3.0, "window": 1})
    assert anomalies.agreed([tie]) == []


def test_sgd_reads_the_gradient_calls_that_made_an_update(grader_imports):
    """An sgd that calls grad_f_batch where it makes no update (again on the same batch at the same theta, a
    check; on all the data after an epoch, a log) is correct: its calls are read one per update. A run that
    does not move keeps every call, so its messages count what it did."""
    grader_imports("week1_gradient_descent")
    one_call_per_update = _graders("week1_gradient_descent", "week1_support").one_call_per_update

    def call(theta, rows):
        return {"theta": np.array(theta, dtype=float), "idx": np.array(rows), "yidx": np.array(rows)}
    t0, t1, t2 = [0.0, 1.0], [0.5, 1.0], [0.5, 0.25]
    repeated = [call(t0, [3, 1]), call(t0, [3, 1]), call(t1, [0, 2]), call(t1, [0, 2])]
    assert [c["idx"].tolist() for c in one_call_per_update(repeated, 2, np.array(t2))] == [[3, 1], [0, 2]]
    logged = [call(t0, [3, 1]), call(t1, [0, 1, 2, 3]), call(t1, [0, 2]), call(t2, [0, 1, 2, 3])]
    assert [c["idx"].tolist() for c in one_call_per_update(logged, 2, np.array(t2))] == [[3, 1], [0, 2]]
    stalled = [call(t0, [3, 1]), call(t0, [0, 2]), call(t0, [1, 3])]
    assert len(one_call_per_update(stalled, 2, np.array(t0))) == 3       # no move at all: every call kept
    assert len(one_call_per_update(stalled[:2], 2, np.array(t0))) == 2   # no more calls than updates: kept


def test_train_host_counts_a_repeated_backward_once(grader_imports):
    """A train that calls net.backward twice on the same batch before its update (a check) is correct: the host
    answers the repeat as before and records one batch; the same batch after an update is a new backward."""
    grader_imports("week4_stability")
    host = _graders("week4_stability", "week4_support").TrainingHost(
        n_per_class=10, noise=0.1, hidden=4, data_seed=1, init_seed=2, lr=0.1, keep_grads=5)
    host("begin", {})
    X, y = host.X[:4].copy(), host.y[:4].astype(np.int64)
    first = host("backward", {"X": X, "y": y})
    again = host("backward", {"X": X, "y": y})
    assert again[0] == first[0] and all(np.array_equal(a, b) for a, b in zip(again[1], first[1]))
    assert len(host.runs[-1]["batches"]) == 1 and len(host.runs[-1]["raw_grads"]) == 1
    host("update", {"grads": first[1], "lr": 0.1, "on_net": True})
    host("backward", {"X": X, "y": y})
    assert len(host.runs[-1]["batches"]) == 2                      # after an update: a new batch of the run


def test_train_host_reads_the_backward_passes_an_update_took(grader_imports):
    """A train that calls net.backward where it makes no update (on all the data after an epoch, a log) is
    correct: when the run made all its updates, the host's records keep the passes the updates took. A run with
    missing updates is read as it is."""
    grader_imports("week4_stability")
    support = _graders("week4_stability", "week4_support")

    def run(updates_made):
        host = support.TrainingHost(n_per_class=4, noise=0.1, hidden=4, data_seed=1, init_seed=2, lr=0.1,
                                    keep_grads=5, epochs=1, batch_size=4)
        host("begin", {})
        y = host.y.astype(np.int64)
        for k, rows in enumerate((slice(0, 4), slice(4, 8))):
            _, grads = host("backward", {"X": host.X[rows].copy(), "y": y[rows]})
            if k < updates_made:
                host("update", {"grads": grads, "lr": 0.1, "on_net": True})
        host("backward", {"X": host.X.copy(), "y": y})         # the log: the loss on all the data
        return host.records()[0]
    logged = run(2)
    assert [b.tolist() for b in logged["batches"]] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert len(logged["batch_losses"]) == len(logged["raw_grads"]) == 2
    assert len(run(1)["batches"]) == 3                             # an update missing: every pass is kept


def test_train_host_trains_only_on_rows_with_their_own_labels(grader_imports):
    """An update counts as training only from a backward on rows of the data with their own labels: other rows'
    labels (X and y shuffled apart; labels made up to steer the network: REDTEAM.md F2-5) and made-up points
    (F2-4) are recorded as the first update that was not the batch's gradients, with the reason."""
    grader_imports("week4_stability")
    support = _graders("week4_stability", "week4_support")

    def first_update(X, y):
        host = support.TrainingHost(n_per_class=6, noise=0.1, hidden=4, data_seed=1, init_seed=2, lr=0.1)
        host("begin", {})
        _, grads = host("backward", {"X": X, "y": y})
        host("update", {"grads": grads, "lr": 0.1, "on_net": True})
        return host.runs[-1]["not_gradient"], host.runs[-1]["not_gradient_why"]
    host = support.TrainingHost(n_per_class=6, noise=0.1, hidden=4, data_seed=1, init_seed=2, lr=0.1)
    rows, y = host.X[[0, 7, 3, 9]].copy(), host.y[[0, 7, 3, 9]].astype(np.int64)
    assert len(set(y.tolist())) == 2                               # both labels: a roll changes them
    assert first_update(rows, y) == (None, None)
    assert first_update(rows, np.roll(y, 1)) == (0, "labels")
    assert first_update(rows + 0.5, y) == (0, "rows")


def test_one_value_is_not_called_a_constant_factor():
    from autograder.grading import constant_factor
    assert constant_factor([2.0], [1.0]) is None
    assert constant_factor([2.0, 4.0], [1.0, 2.0]) == (2.0, [])


def test_a_negative_factor_is_never_called_the_right_direction():
    from autograder.grading import factor_words
    assert "the direction is right" in factor_words(2.0, [])
    words = factor_words(-4.2, [])
    assert "the direction is right" not in words and "sign is flipped" in words


# --- localisation when no model matches (week 2) --------------------------------------------------------

@pytest.fixture
def forms():
    return _graders("week2_optimizers", "optimizer_forms")


def _judge_failure(forms, cls, kwargs, got_steps, params, grads, lrs=None):
    m = forms.models(cls, kwargs, params, grads, lrs)
    with pytest.raises(GradeFailure) as failure:
        forms._judge(m, {"values": got_steps, "rebound": []}, params, grads, lrs, what=cls, hint="")
    return failure.value


def test_localise_names_the_state_when_only_the_first_update_agrees(forms):
    params, grads = forms.random_problem(5, [(3,), (2,)], 4)
    # momentum whose velocity is kept but decays twice as fast: step 1 agrees, step 2 does not
    steps = forms.simulate("SGDMomentum", forms.heavy_ball, {"lr": 0.1, "momentum": 0.45}, params, grads)
    failure = _judge_failure(forms, "SGDMomentum", {"lr": 0.1, "momentum": 0.9}, steps, params, grads)
    assert "Update 1 agreed, update 2 did not" in failure.message and "the velocity v" in failure.message
    assert failure.figure["mark"]["x"] == 2
    assert failure.tags == ["state-between-calls"]            # a mechanism name: proven by the numbers


def test_a_stateless_optimizer_is_never_told_about_state(forms):
    """SGD keeps nothing between calls: a run right at update 1 and wrong later gets no state name."""
    params, grads = forms.random_problem(5, [(3,), (2,)], 3)
    steps = forms.simulate("SGD", forms.sgd, {"lr": 0.1}, params, grads)
    steps[1] = [p + 1e-3 for p in steps[1]]
    steps[2] = [p + 2e-3 for p in steps[2]]
    failure = _judge_failure(forms, "SGD", {"lr": 0.1}, steps, params, grads)
    assert "state-between-calls" not in failure.tags


def test_localise_names_where_the_learning_rate_is_used(forms):
    """Right at every update before opt.lr changes, wrong at the first after: the mechanism is the rate's use."""
    lrs = [0.1, 0.1, 0.02, 0.02]
    params, grads = forms.random_problem(8, [(3,), (2,)], len(lrs))
    late = forms.simulate("SGD", forms.sgd, {"lr": 0.1}, params, grads, [0.1, 0.1, 0.1, 0.02])   # one call late
    failure = _judge_failure(forms, "SGD", {"lr": 0.1}, late, params, grads, lrs)
    assert "learning-rate-use" in failure.tags and "first with the new learning rate" in failure.message


def test_a_nan_everywhere_is_not_called_a_root_of_a_negative_number(forms):
    """nan in every entry at update 2 after a right update 1 (e.g. 1 - beta2 * t < 0): not the root of a negative
    g -- entries whose gradients were all positive turned nan too; the state kept between calls is what differs."""
    params, grads = forms.random_problem(9, [(4,), (3,)], 2)
    steps = forms.simulate("Adam", forms.adam, {"lr": 0.1}, params, grads)
    steps[1] = [np.full_like(p, np.nan) for p in steps[1]]
    failure = _judge_failure(forms, "Adam", {"lr": 0.1}, steps, params, grads)
    # a number shared by every entry that changes with t: in Adam, a bias correction (nan_everywhere_at_once)
    assert "root-of-negative" not in failure.tags and failure.tags == ["state-between-calls", "bias-correction"]
    negative = [np.any(np.array([g[k] for g in grads]).reshape(2, -1) < 0, axis=0) for k in range(2)]
    steps[1] = [np.where(neg.reshape(p.shape), np.nan, p) for p, neg in zip(steps[0], negative)]
    failure = _judge_failure(forms, "Adam", {"lr": 0.1}, steps, params, grads)
    assert failure.tags == ["root-of-negative"]        # nan only where gradients were negative: that root


def test_a_step_factor_that_changes_with_t_is_named_a_bias_correction_only_where_it_is_one(forms):
    """Every update c_t times the expected step, one c_t for all entries: named bias-correction when c_t is a power
    of 1 - beta**t (whatever code made it), or in a method whose only part that depends on t is its corrections;
    a factor that changes with t in SGD, or ratios that differ between entries, are not."""
    params, grads = forms.random_problem(11, [(4,), (3, 2)], 5)
    kw = {"lr": 0.05, "beta1": 0.85, "beta2": 0.99}
    want = forms.simulate("Adam", forms.adam, kw, params, grads)

    def scaled(run, factors):          # each update of ``run`` times its factor
        out, before, prev = [], [p.copy() for p in params], params
        for ps, c in zip(run, factors):
            before = [b + c * (w - q) for b, w, q in zip(before, ps, prev)]
            out.append(before)
            prev = ps
        return out
    t = np.arange(1, 6)
    failure = _judge_failure(forms, "Adam", kw, scaled(want, (1 - 0.85 ** t) ** 2 / (1 - 0.99 ** t)), params, grads)
    assert "bias-correction" in failure.tags and "(1 - beta1**t)**2 (1 - beta2**t)**-1" in failure.message
    failure = _judge_failure(forms, "Adam", kw, scaled(want, 1 + 0.1 * t), params, grads)   # no power of 1 - beta**t
    assert "bias-correction" in failure.tags and "the only parts of this method" in failure.message
    sgd = forms.simulate("SGD", forms.sgd, {"lr": 0.1}, params, grads)
    failure = _judge_failure(forms, "SGD", {"lr": 0.1}, scaled(sgd, 1 + 0.1 * t), params, grads)
    assert "bias-correction" not in failure.tags and "changes with the step count" in failure.message
    noisy = [[p + 1e-2 * np.sign(q - p0) * np.arange(p.size).reshape(p.shape) for p, q, p0 in zip(ps, ws, params)]
             for ps, ws in zip(scaled(want, 1 + 0.1 * t), want)]
    failure = _judge_failure(forms, "Adam", kw, noisy, params, grads)
    assert "bias-correction" not in failure.tags and "changes with the step count" not in failure.message


def test_nan_at_once_in_every_entry_is_a_bias_correction_only_in_a_method_with_one(forms):
    params, grads = forms.random_problem(9, [(4,), (3,)], 2)
    steps = forms.simulate("SGDMomentum", forms.heavy_ball, {"lr": 0.1, "momentum": 0.9}, params, grads)
    steps[1] = [np.full_like(p, np.nan) for p in steps[1]]
    failure = _judge_failure(forms, "SGDMomentum", {"lr": 0.1, "momentum": 0.9}, steps, params, grads)
    assert "bias-correction" not in failure.tags and failure.tags == ["state-between-calls"]


def test_parameters_treated_differently_is_named_only_where_size_cannot_explain_it(forms):
    """params[0] exact at every update, params[1] not: named, and by ndim when the split follows it -- unless the
    differing parameter's gradients are of a size no agreeing one has (then eps or rounding could split them)."""
    for scales, named in ((None, True), ((1.0, 1e-3), False)):
        params, grads = forms.random_problem(12, [(3, 2), (4,)], 3, scales)
        steps = forms.simulate("SGD", forms.sgd, {"lr": 0.1}, params, grads)
        steps = [[ps[0], p0 + 1.5 * (ps[1] - p0)] for ps, p0 in zip(steps, [params[1]] + [s[1] for s in steps])]
        failure = _judge_failure(forms, "SGD", {"lr": 0.1}, steps, params, grads)
        assert ("parameters-treated-differently" in failure.tags) == named, (scales, failure.tags)
        assert ("Only params[1] (1-D) differs" in failure.message) == named
        assert ("by their number of dimensions" in failure.message) == named


def test_a_schedule_with_one_end_moved_is_named_by_that_end():
    """The expected curve stretched about one agreeing value (its far end moved) is named by the end that moved;
    two differing values (an affine fit always passes) or differences unrelated to the shape are not."""
    from autograder.kit.judge import _end_moved
    x = np.arange(11)
    want = 0.01 + 0.49 * (1 + np.cos(np.pi * x / 10)) / 2              # cosine from 0.5 to 0.01
    calls, members = [{"t": int(t)} for t in x], list(range(len(x)))
    start = _end_moved(want + 0.01 * (0.01 - want) / -0.49, want, calls, "t", members, 1e-9, 1e-12)
    assert start is not None and start[1] == "schedule-start-value" and "Up to t = 10" in start[0]
    tail = want.copy()
    tail[5:] = want[5] + 1.2 * (want[5:] - want[5])                     # from t = 5 on, towards another end
    end = _end_moved(tail, want, calls, "t", members, 1e-9, 1e-12)
    assert end is not None and end[1] == "schedule-end-value" and "From t = 5 on" in end[0]
    two = want.copy()
    two[9:] += 1e-3
    assert _end_moved(two, want, calls, "t", members, 1e-9, 1e-12) is None
    noisy = tail + np.where(x >= 6, 1e-4 * np.sin(x), 0.0)
    assert _end_moved(noisy, want, calls, "t", members, 1e-9, 1e-12) is None


def test_large_gradients_capped_is_named_only_when_the_large_ones_differ_and_shrink():
    """Steps right where |g| stayed small and shorter where it was large: a cap. The opposite split (a slip that
    shows at small gradients, e.g. eps) or longer steps where g is large are not called one."""
    from autograder.kit.judge import large_gradients_capped
    g = np.array([[0.1, -0.3, 0.5, -0.8, 1.5, -2.0, 3.0]])
    want = -0.1 * g[0]
    notes, tags = large_gradients_capped(-0.1 * np.clip(g[0], -1, 1), want, g, 0, 1e-8, 1e-10)
    assert tags == ["large-gradients-capped"] and "at most 0.8" in notes[0]
    small_differ = np.where(np.abs(g[0]) < 1, 0.5 * want, want)
    assert large_gradients_capped(small_differ, want, g, 0, 1e-8, 1e-10) == ([], [])
    longer = np.where(np.abs(g[0]) > 1, 2 * want, want)
    assert large_gradients_capped(longer, want, g, 0, 1e-8, 1e-10) == ([], [])


def test_a_plateau_floor_is_named_only_where_min_lr_acts():
    """The first wrong rate is the first cut min_lr limits (after a cut it does not limit agreed), or the student's
    rate is min_lr itself at a cut above it; not with min_lr = 0 (any rate gone to 0), nor at a first cut."""
    from autograder.kit.judge import _plateau_floor
    want = np.array([1.0, 0.5, 0.25, 0.2])
    where, initial = [(0, e) for e in range(4)], [1.0] * 4
    assert "first cut that min_lr limits" in _plateau_floor(np.array([1.0, 0.5, 0.25, 0.25]), want, where, 3, [0.2],
                                                            initial, 1e-9, 1e-12)
    assert _plateau_floor(np.array([1.0, 0.5, 0.25, 0.25]), want, where, 3, [0.0], initial, 1e-9, 1e-12) is None
    first = np.array([1.0, 0.2])
    assert _plateau_floor(np.array([1.0, 1.0]), first, where[:2], 1, [0.2], initial, 1e-9, 1e-12) is None
    assert "min_lr itself" in _plateau_floor(np.array([1.0, 0.2]), want, where, 1, [0.2], initial, 1e-9, 1e-12)


def test_sign_lost_is_named_only_when_every_difference_is_a_lost_sign():
    from autograder.kit.judge import sign_lost
    want = np.array([-2.0, -0.3, 0.4, 1.0, -1.0])
    assert "In 2 entries" in sign_lost(np.array([2.0, -0.3, 0.4, 1.0, 1.0]), want, 0.0, 0.0)
    assert sign_lost(np.array([2.0, -0.3, 0.4, 1.0, -1.0]), want, 0.0, 0.0) is None        # one entry: no proof
    assert sign_lost(np.array([2.0, -0.3, 0.4, 1.0, 0.5]), want, 0.0, 0.0) is None         # not the magnitude
    assert sign_lost(np.array([-2.0, -0.3, -0.4, -1.0, -1.0]), want, 0.0, 0.0) is None     # positives made negative


def test_the_gradient_scaling_name_needs_ten_entries(forms):
    """Steps the right way whose error follows |g| (here: each step divided by |g|): named over 10 entries or more,
    not on fewer (a chance correlation of 3 ratios is common)."""
    for shapes, named in (([(4,), (3, 2)], True), ([(3,)], False)):
        params, grads = forms.random_problem(10, shapes, 1)
        want = forms.simulate("AdaGrad", forms.adagrad, {"lr": 0.1}, params, grads)[0]
        steps = [[p0 + (w - p0) / (np.abs(g) + 0.5) for p0, w, g in zip(params, want, grads[0])]]
        failure = _judge_failure(forms, "AdaGrad", {"lr": 0.1}, steps, params, grads)
        assert ("update-gradient-scaling" in failure.tags) == named, failure.tags


def test_localise_names_a_constant_factor_and_the_hyperparameter_it_equals(forms):
    params, grads = forms.random_problem(6, [(3,), (2,)], 1)
    steps = [[p - 0.5 * 0.2 * g for p, g in zip(params, grads[0])]]      # SGD with half the step
    failure = _judge_failure(forms, "SGD", {"lr": 0.2}, steps, params, grads)
    assert "0.5 times the expected step" in failure.message and "1/2" in failure.message
    assert failure.tags == ["step-scaled-by-constant"]


def test_localise_names_a_division_by_zero(forms):
    params, grads = forms.random_problem(7, [(4,)], 1, zero_first=1)
    steps = forms.simulate("AdaGrad", forms.partial(forms.adagrad, eps="none"), {"lr": 0.1}, params, grads)
    steps = [[np.where(np.isfinite(p), p + 1e-3, p) for p in ps] for ps in steps]   # unlike every model
    failure = _judge_failure(forms, "AdaGrad", {"lr": 0.1}, steps, params, grads)
    assert failure.tags == ["division-by-zero"] and "0 by 0" in failure.message


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
