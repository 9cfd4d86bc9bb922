"""diagnose_loss_curve, scored on hidden sets of labelled curves: seeded synthetic ones and real training runs.

The rule for a heuristic (week4_support.clear_cut): a curve is graded only when it is clear-cut -- the
reference solution and three sound diagnosers built differently (sound_heuristics.py: medians of fifths,
means of thirds with a short moving average, straight-line fits of the log-loss; each is also a valid
variant in the catalogue and must score full marks) all name it as labelled. A curve that fits two rows
of the table is left out of the graded sets, so no sound reading of it costs points. Each label keeps its
first 8 clear-cut synthetic curves; the real training runs keep the clear-cut ones (25 of 26 today).

On the clear-cut curves a label is passed when at least 75 % of its curves get it (a sound diagnoser
written by a student, different from ours, may still read one curve in four otherwise; two in four is a
systematic miss) and at least half of the curves given that label have it (so that a constant answer
earns nothing); full marks also need 80 % of all curves right. Partial credit is per label: points x
(labels passed) / 6.
"""
import math
from collections import Counter

from week4_support import LABELS, real_curves, synthetic_curves

from autograder.grading import GradeFailure, points
from autograder.kit.declare import judge_student_result, rule
from public import public_test

PER_LABEL = 0.75
OVERALL = 0.80
# A label also needs half of the curves given that label to really have it (precision >= 50 %): otherwise
# answering one label for everything would collect that label's credit.
PRECISION = 0.5

ADVICE = {
    "healthy": "a curve that fell by at least half and levelled off low is healthy",
    "lr_too_high": "wild oscillation (wiggles large compared with what training gained), or a fall that climbs "
                   "back up, means the rate is too high",
    "lr_too_low": "a slow, steady, near-linear fall that is far from done means the rate is too low",
    "diverging": "nan/inf anywhere (check np.isfinite first: comparisons with nan are always False), a loss "
                 "that ends far above its start, or one whose last value explodes far above its lowest (even when "
                 "the first epochs were higher still) is diverging",
    "plateau": "a curve that barely moves, or that stopped falling early at a high value, is a plateau",
    "overfitting": "when val_losses is given and it rises from its minimum while the training loss keeps "
                   "falling, it is overfitting (look at val_losses!)",
}


def _plain(xs):
    """Figure data: non-finite values become gaps; values are capped at 1e15 (the feedback page's log-scale
    plot overflows on the 1e228 of an exploded run)."""
    return None if xs is None else [min(float(x), 1e15) if math.isfinite(x) else None for x in xs]


def gap_read_as_overfitting(label, misread) -> bool:
    """The family "a generalisation gap read as overfitting": healthy curves, each called 'overfitting', each
    with a validation loss that ends above training. (Healthy curves' validation never turns up: they are
    clear-cut, so every sound diagnoser saw no rise.)"""
    return label == "healthy" and bool(misread) and all(said == "overfitting" and va is not None and va[-1] > tr[-1]
                                                        for said, tr, va in misread)


def rise_read_as_diverging(by_label) -> bool:
    """The family "a finite rise read as diverging" (round 9): every curve wrongly called 'diverging' is finite
    and ends below twice its first loss -- it fell and climbed back, or ended a little above its start; none
    exploded."""
    wrong = [tr for label, items in by_label.items() if label != "diverging"
             for said, _, tr, _ in items if said == "diverging"]
    return bool(wrong) and all(all(math.isfinite(x) for x in tr) and tr[-1] < 2 * tr[0] for tr in wrong)


RISE_WORDS = ("{which} stays finite and ends below twice its first loss: it fell and climbed back up, or ended a "
              "little above its start. 'diverging' is a loss that becomes nan/inf or ends FAR above where it "
              "started; a rise after a fall is the rate too high.")
SHORT = {"healthy": "healthy", "lr_too_high": "too-high", "lr_too_low": "too-low", "diverging": "diverging",
         "plateau": "plateau", "overfitting": "overfitting"}


def swapped_pairs(by_label) -> list[tuple[str, str]]:
    """The family "two labels exchanged" (round 9): pairs of labels where MORE than half of each one's curves got
    the other (a majority both ways: one misread curve is no swap)."""
    def most(a, b):
        items = by_label[a]
        return bool(items) and sum(said == b for said, *_ in items) > len(items) / 2
    return [(a, b) for i, a in enumerate(LABELS) for b in LABELS[i + 1:] if most(a, b) and most(b, a)]


def all_failed(answers, n):
    """When the function raised on every curve, say so plainly (a stub, or a crash on any input): the judge's
    rule ``labels`` with no labels to compare -- and ``n`` answers, one per curve."""
    judge_student_result(answers, {"rules": [rule("labels", call=0, function="diagnose_loss_curve", items=[], n=n)]})


def score_set(student, curves, title, max_points):
    """Diagnose every curve in one probe call; full marks, or partial credit per label with feedback."""
    answers = student.probe("diagnose", curves=[{"train": tr, "val": va} for _, _, tr, va in curves])
    all_failed(answers, len(curves))
    by_label = {label: [] for label in LABELS}
    for (label, desc, tr, va), said in zip(curves, answers):
        by_label[label].append((said, desc, tr, va))
    passed, lines, first_miss, tags = [], [], None, []
    correct = 0
    said_count = Counter(answers)
    for label in LABELS:
        items = by_label[label]
        if not items:
            continue
        right = sum(said == label for said, *_ in items)
        correct += right
        if right / len(items) >= PER_LABEL:
            if right / said_count[label] >= PRECISION:
                passed.append(label)
                continue
            wrong = said_count[label] - right
            lines.append(f"Your function said '{label}' for {said_count[label]} curves, but only {right} of them are "
                         f"'{label}' ({wrong} wrongly): it cannot tell '{label}' from the rest.")
            tags.append(f"diagnosis-overuses-{label.replace('_', '-')}")
            continue
        wrong = Counter(said for said, *_ in items if said != label)
        said_txt = ", ".join(f"'{s}' for {c}" for s, c in wrong.most_common())
        lines.append(f"Your function called {right} of the {len(items)} '{label}' curves '{label}' "
                     f"(it said {said_txt}): {ADVICE[label]}.")
        tags.append(f"diagnosis-missed-{label.replace('_', '-')}")
        if gap_read_as_overfitting(label, [(said, tr, va) for said, _, tr, va in items if said != label]):
            lines.append("Every healthy curve you called 'overfitting' has its validation loss above the training "
                         "loss but not rising: a gap between the two is normal (the generalisation gap); "
                         "overfitting is the validation loss turning UP from its minimum while training keeps "
                         "falling.")
            tags.append("diagnose-overfitting-by-gap")
        if first_miss is None:
            first_miss = next((label, said, desc, tr, va) for said, desc, tr, va in items if said != label)
    total = len(curves)
    accuracy = correct / total
    if not lines and accuracy >= OVERALL:
        return
    labels_present = sum(1 for label in LABELS if by_label[label])
    score = max_points * len(passed) / labels_present
    if not lines:        # every label passed but the overall accuracy is short
        score = max_points * (labels_present - 1) / labels_present
        lines.append(f"every label reaches {PER_LABEL:.0%}, but only {correct} of {total} curves are right overall "
                     f"(needed {OVERALL:.0%}).")
    # the families below only explain a failure (after the score: they never change it)
    for a, b in swapped_pairs(by_label):
        lines.append(f"Most '{a}' curves got '{b}' AND most '{b}' curves got '{a}': your function has these two "
                     f"labels the other way round -- check which pattern each one names in the docstring's table.")
        tags.append(f"diagnose-{'-'.join(sorted((SHORT[a], SHORT[b])))}-swapped")
    # two models grown from round 10 (docs/graders.md, "Round 10 is burnt"), explanations after the score too:
    # answers outside the contract's six labels, and errors on exactly the curves given without val_losses
    unknown = sorted({said for said in answers if said not in LABELS and not said.startswith("<")})
    if unknown:
        lines.append(f"Your function answered {', '.join(repr(u) for u in unknown[:3])}, which is not one of the six "
                     f"labels ({', '.join(repr(label) for label in LABELS)}): a label spelt differently counts as "
                     "wrong.")
        tags.append("diagnose-label-not-in-contract")
    raised = [va is None for (_, _, _, va), said in zip(curves, answers) if said.startswith("<error")]
    without_val = sum(va is None for _, _, _, va in curves)
    if raised and all(raised) and len(raised) == without_val < total:
        first = next(said for (_, _, _, va), said in zip(curves, answers) if va is None)
        lines.append(f"Your function raised an error on every curve given without validation losses "
                     f"(val_losses=None, the default) and on none of those given with them ({first}): val_losses is "
                     "optional, and a call with the training curve alone must work.")
        tags.append("diagnose-fails-without-val")
    if rise_read_as_diverging(by_label):
        lines.append(RISE_WORDS.format(which="Every curve you called 'diverging' that is not"))
        tags.append("diagnose-rise-called-diverging")
    message = (f"{title}: {correct} of {total} curves diagnosed as labelled ({accuracy:.0%}). "
               + " ".join(lines)
               + f" Labels passed: {len(passed)} of {labels_present} (each needs {PER_LABEL:.0%} of its curves).")
    figure = None
    if first_miss is not None:
        label, said, desc, tr, va = first_miss
        message += f" One of the misread curves: {desc}, which you called '{said}' (shown in the figure)."
        figure = {"kind": "loss_curve", "train": _plain(tr), "val": _plain(va), "yours": said, "expected": label}
    raise GradeFailure(message, tags=tags, score=round(score, 2), figure=figure,
                       hint="Compare smoothed values (the curves are noisy) and check the rules in the order of the "
                            "docstring: non-finite/exploding first, then overfitting (only with val_losses), then "
                            "oscillation, then how much and how steadily the loss fell.")


test_diagnose_lesson_examples = public_test("test_diagnose_lesson_examples")


@points(7)   # 7: 48 clear-cut seeded synthetic curves, 8 of each label
def test_diagnose_synthetic_curves(student):
    """diagnose_loss_curve reads a hidden set of 48 seeded synthetic curves (8 per label)"""
    score_set(student, synthetic_curves(), "Synthetic curves", 7)


@points(7)   # 7: the clear-cut curves recorded from real training runs of the given network
def test_diagnose_real_training_runs(student):
    """diagnose_loss_curve reads curves recorded from real training runs (SGD at good, too high and too low rates,
    tiny initializations, a big network on a small training set)"""
    score_set(student, real_curves(), "Curves from real training runs", 7)
