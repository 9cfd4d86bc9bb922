"""Shared HTML pieces: escaping, readable tag names, the page shell and its CSS.

Every string that reaches a page goes through :func:`esc` (``html.escape`` with
quotes), whatever its origin: student names, exception messages, test names
and grader output are all treated as untrusted text. Figures are embedded as
``data:image/png`` URIs that this package produced itself.
"""
from __future__ import annotations

import html
import math
import re
from typing import Any

from autograder.engine.outcomes import DID_NOT_RUN_TAGS, GENERIC_LABELS  # noqa: F401  (re-exported)
from autograder.safetext import clean

COURSE = "Optimization for Deep Learning"

# Generic failures: the code did not give an answer at all (not a named mistake), and the ones among them
# meaning the submission (or part of it) did not run: one vocabulary, autograder/engine/outcomes.py
GENERIC_TAGS = GENERIC_LABELS

# The framework's own vocabulary: how tags read that the engine, the kit's judge (autograder/kit/judge.py) and
# the answers (autograder/answers.py) emit, whatever the week. Each week adds its own -- the subjects, words and
# labels of its mistake tags -- in graders/<week>/week.toml ([labels]; autograder/weeks.py), so a new week
# needs no edit here.
WORDS = {"nan": "NaN", "dtype": "dtype", "np": "np", "t": "t", "x": "x", "y": "y"}

# One style for every recognised mistake: "<what it is about>: <what went wrong>". The subject comes from
# the tag's first words (the longest prefix listed in a week's subjects), the rest reads as words.
SUBJECTS = {"q": "Question"}
# tags without a subject of their own: their full label
LABELS = {
    "wrong-shape": "Shape: not the expected one",
    "not-in-place": "Update: not done in place",
    "modifies-grads": "Update: changes the gradients",
    "update-wrong-sign": "Update: wrong sign",
    "step-scaled-by-constant": "Update: off by a constant factor",
    "division-by-zero": "Numerics: division by zero",
    "power-written-as-xor": "Python: ^ is XOR, not a power",
    "linalg-vector-for-matrix": "Linear algebra: a vector where a matrix belongs",
    "concatenate-shapes-differ": "Concatenate: arrays of different shapes",
    "none-used-as-value": "Python: None used as a value",
    "reshape-assumes-divisible": "Reshape: assumes the size divides evenly",
    "positive-definite-assumed": "Linear algebra: a positive-definite matrix assumed",
    "sequence-used-as-array": "NumPy: a ragged sequence made into one array",
    "hidden-l2-penalty": "Loss: an L2 penalty on theta it does not have",
    "returns-average-of-iterates": "Result: an average of the iterates, not the last one",
    "hidden-momentum": "State: a velocity kept where the method keeps none",
    "root-of-negative": "Numerics: square root of a negative number",
    "state-between-calls": "State: wrong after the first call",
    "learning-rate-use": "Learning rate: wrong once opt.lr changes",
    "update-gradient-scaling": "Update: wrong dependence on the gradient's size",
    "bias-correction": "Bias correction: a factor that changes with t",
    "parameters-treated-differently": "Update: some parameters treated differently",
    "large-gradients-capped": "Update: large gradients capped",
    "sign-lost": "Sign: lost in some entries",
    "schedule-wrong-after-start": "Schedule: right at the start, wrong from a later step on",
    "schedule-start-value": "Schedule: the right shape from the wrong start value",
    "schedule-end-value": "Schedule: the right shape towards the wrong end value",
    "plateau-floor-wrong": "ReduceLROnPlateau: min_lr applied at the wrong place",
    "init-spread-wrong": "Initializer: centred, but the wrong spread",
    "run-not-the-method": "Run: not made of the method's own steps",
    "wrong-answer": "Answer: not the right one",
}

_vocabulary: tuple = ((), ({}, {}, {}))


def vocabulary() -> tuple[dict, dict, dict]:
    """(words, subjects, labels): the framework's above, then every week's ``[labels]`` of the course
    (one spelling per word across the course: tests/test_weeks.py)."""
    global _vocabulary
    from autograder.weeks import WEEKS
    weeks = tuple(WEEKS.values())
    if _vocabulary[0] != weeks:
        words, subjects, labels = dict(WORDS), dict(SUBJECTS), dict(LABELS)
        for week in weeks:
            words.update(week.words)
            subjects.update(week.subjects)
            labels.update(week.tag_labels)
        _vocabulary = (weeks, (words, subjects, labels))
    return _vocabulary[1]


def spelled(word: str, default: str) -> str:
    """How the course writes ``word`` (``adamw`` -> ``AdamW``), else ``default``."""
    return vocabulary()[0].get(word.lower(), default)


def esc(value: Any) -> str:
    """Text -> HTML-safe text (quotes too, so it is safe inside attributes); control characters and lone
    surrogates made visible first (a page must be writable as UTF-8 whatever a student's message held)."""
    return html.escape(clean(value), quote=True)


def _words(parts: list[str]) -> str:
    return " ".join(spelled(w, w.lower()) for w in parts)


def tag_label(tag: str) -> str:
    """``adam-no-bias-correction`` -> ``Adam: no bias correction``; statuses (``unanswered``) and generic
    failures keep their own words."""
    tag = str(tag)
    if tag in GENERIC_TAGS:
        return GENERIC_TAGS[tag]
    _, subjects, labels = vocabulary()
    if tag in labels:
        return labels[tag]
    words = [w for w in re.split(r"[-_\s]+", tag) if w]
    if not words:
        return tag
    for n in range(len(words) - 1, 0, -1):         # the longest listed prefix is the subject
        subject = subjects.get("-".join(words[:n]).lower())
        if subject:
            return f"{subject}: {_words(words[n:])}"
    text = _words(words)
    return f"Other: {text}"


def badge(tag: str) -> str:
    generic = tag in GENERIC_TAGS
    cls = "badge generic" if generic else "badge mistake"
    prefix = "" if generic else '<span class="visually-hidden">Recognized mistake: </span>'
    return f'<span class="{cls}" title="{esc(tag)}">{prefix}{esc(tag_label(tag))}</span>'


def points_value(x: Any) -> float:
    """A score read from results.json as a number: anything that is not a finite number counts 0."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return 0.0
    return v if math.isfinite(v) else 0.0


def fmt_points(x: Any) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return esc(x)
    return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v)}"


def pct(part: float, whole: float) -> float:
    return 100.0 * part / whole if whole else 0.0


def bar(fraction: float, label: str) -> str:
    """A text-backed progress bar (the number is always in the text too)."""
    f = max(0.0, min(1.0, fraction))
    level = "good" if f >= 0.999 else ("mid" if f >= 0.5 else "low")
    return (f'<span class="bar" role="img" aria-label="{esc(label)}">'
            f'<span class="fill {level}" style="width:{f * 100:.1f}%"></span></span>')


CSS = """
:root{--fg:#1d2230;--muted:#5b6475;--bg:#f6f7f9;--card:#fff;--line:#dfe3ea;--ok:#1a7f37;--okbg:#e6f4ea;
--bad:#b42318;--badbg:#fdecea;--warn:#8a5a00;--warnbg:#fff4e0;--acc:#0b5cad;}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--fg);background:var(--bg)}
main{max-width:960px;margin:0 auto;padding:24px 20px 60px}
main.wide{max-width:1200px}
td .sub{display:block;font-size:13px;color:var(--muted)}
td .bar{display:block;margin-top:4px;width:100%}
table.items td:nth-child(1){min-width:320px}
table.items td:nth-child(3){min-width:120px}
header.top{background:#14213d;color:#fff;padding:18px 20px}
header.top .inner{max-width:960px;margin:0 auto}
header.top p{margin:0;opacity:.85;font-size:14px}
header.top h1{margin:4px 0 0;font-size:24px;font-weight:650}
h2{font-size:20px;margin:32px 0 12px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:17px;margin:0}
h3.section{margin:24px 0 6px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:12px 0}
.summary{display:flex;flex-wrap:wrap;gap:18px;align-items:center}
.big{font-size:40px;font-weight:700;line-height:1}
.big small{font-size:18px;color:var(--muted);font-weight:500}
table{border-collapse:collapse;width:100%;background:var(--card);font-size:15px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f5;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bar{display:inline-block;width:120px;height:10px;background:#e6e9ef;border-radius:5px;overflow:hidden;
vertical-align:middle}
.bar .fill{display:block;height:100%}
.fill.good{background:var(--ok)}.fill.mid{background:#d4a017}.fill.low{background:var(--bad)}
.test{border-left:6px solid var(--line)}
.test.passed{border-left-color:var(--ok)}
.test.failed{border-left-color:var(--bad)}
.test.partial{border-left-color:#d4a017}
.test.note{border-left-color:var(--acc)}
.status.note{color:var(--acc);background:#e8f1fb}
.test .head{display:flex;justify-content:space-between;gap:12px;align-items:baseline;flex-wrap:wrap}
.status{font-weight:700;font-size:14px;padding:1px 8px;border-radius:4px;margin-right:6px}
.status.passed{color:var(--ok);background:var(--okbg)}
.status.failed{color:var(--bad);background:var(--badbg)}
.status.partial{color:var(--warn);background:var(--warnbg)}
.pts{color:var(--muted);font-variant-numeric:tabular-nums;white-space:nowrap}
.msg{white-space:pre-wrap;overflow-wrap:anywhere;margin:10px 0 0;font-family:inherit}
.hint{background:#eef5ff;border-left:4px solid var(--acc);padding:8px 12px;margin:10px 0 0;border-radius:4px;
white-space:pre-wrap;overflow-wrap:anywhere}
.hint strong{color:var(--acc)}
.badges{margin-top:8px}
.badge{display:inline-block;font-size:13px;padding:2px 9px;border-radius:999px;margin:2px 6px 2px 0}
.badge.mistake{background:#fde8d7;color:#7a2e00;border:1px solid #f3b88f}
.badge.generic{background:#eceff3;color:#3b4252;border:1px solid #d3d8e0}
.badge.override{background:#e8f1fb;color:#0b3d73;border:1px solid #a9c8ec}
.badge.late{background:var(--badbg);color:var(--bad);border:1px solid #f5c2bd}
ul.comments{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 28px}
ul.comments li{margin:6px 0}
ul.compact{list-style:none;margin:8px 0 12px;padding:6px 14px;background:var(--card);border:1px solid var(--line);
border-left:6px solid var(--ok);border-radius:10px}
ul.compact li{padding:4px 0;display:flex;gap:8px;align-items:baseline;border-bottom:1px solid #eef0f3}
ul.compact li:last-child{border-bottom:0}
ul.compact .tick{color:var(--ok);font-weight:700}
ul.compact .todo{color:var(--warn);font-weight:700}
ul.todo-list{border-left-color:#d4a017}
ul.compact .sub{display:block;font-size:13px;color:var(--muted)}
ul.compact .pts{margin-left:auto;font-size:14px}
h2 small{font-size:14px;font-weight:500;margin-left:6px}
figure{margin:14px 0 0}
figure img{max-width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fff;display:block}
figcaption{font-size:14px;color:var(--muted);margin-top:4px}
.notice{border-radius:8px;padding:12px 16px;margin:12px 0;border:1px solid}
.notice.bad{background:var(--badbg);border-color:#f5c2bd}
.notice.warn{background:var(--warnbg);border-color:#f0d29b}
.notice.ok{background:var(--okbg);border-color:#b7dfc3}
.muted{color:var(--muted)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:14px}
pre.staff{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f4f6;padding:8px;border-radius:4px;
max-height:14em;overflow:auto;margin:4px 0}
details summary{cursor:pointer;color:var(--acc)}
table.sbs{table-layout:fixed}
table.sbs th:first-child{width:3em}
div.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;background:#f8f9fb;
border:1px solid var(--line);border-radius:4px;overflow-x:auto;max-height:30em;padding:4px 0;margin-top:4px}
div.code div{white-space:pre;padding:0 8px}
div.code .hit{background:#fff3bf;border-left:4px solid #d4a017}
div.code .ctx{color:var(--muted);border-left:4px solid transparent}
a{color:var(--acc)}
a:focus,summary:focus{outline:3px solid #f4b400;outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:13px;margin-top:40px}
@media print{body{background:#fff}.card{break-inside:avoid}}
"""


def page(title: str, kicker: str, body: str, *, wide: bool = False) -> str:
    """A complete, self-contained HTML document (no scripts, no external resources)."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        # no network and no script, whatever ends up in the page
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'\">\n"
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header class=\"top\"><div class=\"inner\"><p>{esc(kicker)}</p><h1>{esc(title)}</h1></div></header>\n"
        f"<main{' class=wide' if wide else ''}>\n{body}\n</main>\n</body>\n</html>\n")


def week_title(week: str) -> str:
    """``week2_optimizers`` -> ``Week 2: optimizers``."""
    m = re.match(r"week(\d+)_(.*)", str(week))
    if m:
        return f"Week {m.group(1)}: {m.group(2).replace('_', ' ')}"
    return str(week)
