"""The student's feedback page: one self-contained HTML file per submission.

Built only from what a results.json holds for the student -- the scores, each
test's name, status, points and output (message + "What to try"), its tags and
its figure data. Staff-only fields (``internal_error``, ``engine_error``,
timings, isolation) never appear, and there is nothing else to leak: hidden
test code and reference code are not in results.json.
"""
from __future__ import annotations

from typing import Any

from autograder.feedback import figures
from autograder.feedback.html import (COURSE, GENERIC_TAGS, badge, bar, esc, fmt_points, page, pct,
                                      week_title)

HINT_MARK = "\nWhat to try: "


def split_output(output: Any) -> tuple[str, str | None]:
    """A test's output -> (message, hint); the engine appends the hint as ``What to try: ...``."""
    text = "" if output is None else str(output)
    if text.startswith("What to try: "):
        return "", text[len("What to try: "):].strip()
    if HINT_MARK in text:
        message, hint = text.rsplit(HINT_MARK, 1)
        return message.strip(), hint.strip()
    return text.strip(), None


def test_state(test: dict) -> str:
    """passed | partial | failed."""
    if test.get("status") == "passed":
        return "passed"
    try:
        return "partial" if float(test.get("score") or 0) > 0 else "failed"
    except (TypeError, ValueError):
        return "failed"


STATE_WORDS = {"passed": "Passed", "partial": "Partly right", "failed": "Not yet"}


def problem_of(test: dict) -> str:
    extra = test.get("extra_data") if isinstance(test.get("extra_data"), dict) else {}
    return str(extra.get("problem") or str(test.get("number", "other")).split(".")[0] or "other")


def shown_tests(result: dict) -> list[dict]:
    """The tests a student may see (Gradescope's ``hidden`` ones are not shown)."""
    return [t for t in result.get("tests", []) if isinstance(t, dict) and t.get("visibility") != "hidden"]


def _num(x: Any) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return 0.0


def grouped(tests: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for t in tests:
        groups.setdefault(problem_of(t), []).append(t)
    return groups


def _figure_html(test: dict, index: int) -> str:
    extra = test.get("extra_data") if isinstance(test.get("extra_data"), dict) else {}
    data = extra.get("figure")
    if not data:
        return ""
    uri = figures.render(data)
    alt = figures.describe(data)
    if uri is None:
        return (f'<p class="muted">(A figure for this test could not be drawn: {esc(alt)})</p>')
    kind = data.get("kind") if isinstance(data, dict) else ""
    caption = {
        "trajectory": "Your path (dashed, orange) and the expected path (solid, blue) from the same start "
                      "(black square); the star is the minimum, dots mark where each path ends.",
        "curve": "Yours (dashed, orange) against the expected values (solid, blue).",
        "histogram": "Your samples (bars) against the density they should follow (blue line).",
        "loss_curve": "The curves the question was about, with your answer and the expected one.",
    }.get(kind, "")
    return (f'<figure id="fig-{index}" class="fig fig-{esc(kind)}">'
            f'<img src="{uri}" alt="{esc(alt)}" width="640">'
            f'<figcaption>{esc(caption)}</figcaption></figure>')


def _test_html(test: dict, index: int) -> str:
    state = test_state(test)
    message, hint = split_output(test.get("output"))
    if state == "passed" and message in ("", "Passed."):
        message = ""
    tags = [str(t) for t in test.get("tags", []) if t] if isinstance(test.get("tags"), list) else []
    named = [t for t in tags if t not in GENERIC_TAGS]
    generic = [t for t in tags if t in GENERIC_TAGS]
    parts = [f'<article class="card test {state}" id="test-{index}">',
             '<div class="head"><h3>'
             f'<span class="status {state}">{"✓" if state == "passed" else "✗"} {STATE_WORDS[state]}</span>'
             f'{esc(test.get("name", "unnamed test"))}</h3>'
             f'<span class="pts">{fmt_points(test.get("score", 0))} / {fmt_points(test.get("max_score", 0))} '
             'points</span></div>']
    if named or generic:
        label = "Recognized mistake" if named else "What happened"
        parts.append(f'<div class="badges"><span class="muted">{label}: </span>'
                     + "".join(badge(t) for t in named + generic) + "</div>")
    if message:
        parts.append(f'<p class="msg">{esc(message)}</p>')
    if hint:
        parts.append(f'<p class="hint"><strong>What to try:</strong> {esc(hint)}</p>')
    if state != "passed":
        parts.append(_figure_html(test, index))
    parts.append("</article>")
    return "\n".join(p for p in parts if p)


def next_step(tests: list[dict]) -> dict | None:
    """The first test to work on: the first that lost points (named mistakes before generic ones)."""
    failing = [t for t in tests if test_state(t) != "passed"]
    if not failing:
        return None
    return failing[0]


def student_page(result: dict, week: str) -> str:
    """The complete feedback page (HTML) for one results.json."""
    result = result if isinstance(result, dict) else {}
    extra = result.get("extra_data") if isinstance(result.get("extra_data"), dict) else {}
    name = extra.get("submission") or "your submission"
    tests = shown_tests(result)
    score, top = _num(result.get("score")), _num(result.get("max_score"))
    n_pass = sum(1 for t in tests if test_state(t) == "passed")
    body: list[str] = []

    body.append('<section class="card summary" aria-label="Your score">'
                f'<div><div class="big">{fmt_points(score)}<small> / {fmt_points(top)} points</small></div>'
                f'<div class="muted">{pct(score, top):.0f}% &middot; {n_pass} of {len(tests)} tests passed</div></div>'
                f'<div>{bar(score / top if top else 0, f"{pct(score, top):.0f} percent")}</div>'
                f'<div class="muted">Submission: <strong>{esc(name)}</strong></div></section>')

    problems = extra.get("problems") if isinstance(extra.get("problems"), dict) else {}
    for file, problem in sorted(problems.items(), key=lambda kv: str(kv[0])):
        body.append(f'<div class="notice bad" role="alert"><strong>Problem with {esc(file)}:</strong> '
                    f'<span class="msg">{esc(problem)}</span></div>')
    out_lines = str(result.get("output") or "").splitlines()[1:]
    other = [ln for ln in out_lines if ln.strip() and not ln.startswith("Problem with ")]
    if other:
        body.append(f'<div class="notice warn"><p class="msg">{esc(chr(10).join(other))}</p></div>')
    if not tests:
        body.append('<div class="notice warn">No test results are recorded for this submission.</div>')

    groups = grouped(tests)
    if tests:
        rows = []
        for problem, ts in groups.items():
            got = sum(_num(t.get("score")) for t in ts)
            mx = sum(_num(t.get("max_score")) for t in ts)
            passed = sum(1 for t in ts if test_state(t) == "passed")
            rows.append(f'<tr><td><a href="#problem-{esc(problem)}">{esc(problem)}</a></td>'
                        f'<td class="num">{fmt_points(got)} / {fmt_points(mx)}</td>'
                        f'<td class="num">{passed} / {len(ts)}</td>'
                        f'<td>{bar(got / mx if mx else 0, f"{pct(got, mx):.0f} percent")}</td></tr>')
        body.append('<h2 id="scores">Score per problem</h2>'
                    '<table><caption class="visually-hidden">Score per problem</caption>'
                    '<thead><tr><th scope="col">Problem</th><th scope="col" class="num">Points</th>'
                    '<th scope="col" class="num">Tests passed</th><th scope="col">Progress</th></tr></thead>'
                    f'<tbody>{"".join(rows)}</tbody>'
                    f'<tfoot><tr><th>Total</th><th class="num">{fmt_points(score)} / {fmt_points(top)}</th>'
                    f'<th class="num">{n_pass} / {len(tests)}</th><th></th></tr></tfoot></table>')

    first = next_step(tests)
    if first is not None:
        _, hint = split_output(first.get("output"))
        idx = tests.index(first)
        body.append('<div class="notice warn"><strong>Start here:</strong> '
                    f'<a href="#test-{idx}">{esc(first.get("name", ""))}</a>'
                    + (f' &mdash; {esc(hint)}' if hint else "") + '</div>')
    elif tests:
        body.append('<div class="notice ok"><strong>Every test passed.</strong> Well done.</div>')

    for problem, ts in groups.items():
        body.append(f'<h2 id="problem-{esc(problem)}">{esc(problem)}</h2>')
        for t in ts:
            body.append(_test_html(t, tests.index(t)))

    body.append('<footer>Only your results are shown here: the hidden tests\' code and the reference '
                'solution are not part of this page. Questions about a result? Ask course staff and quote '
                'the test\'s name.</footer>')
    return page(f"{week_title(week)} — feedback", COURSE, "\n".join(body))
