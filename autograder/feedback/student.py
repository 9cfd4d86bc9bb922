"""The student's feedback page: one self-contained HTML file per submission.

Built only from what a results.json holds for the student -- the scores, each
test's name, status, points and output (message + "What to try"), its tags and
its figure data -- and, when the page is made for nbgrader, the student's final
grade in the gradebook (autograder/final_scores.py): the heading shows that
final total, and the page says what changed it (a score or extra credit set by
course staff, a late penalty and how late) and shows staff's comments.
Staff-only fields (``internal_error``, ``engine_error``, timings, isolation)
never appear, and there is nothing else to leak: hidden test code and reference
code are not in results.json.
"""
from __future__ import annotations

import re
import zlib
from typing import Any

from autograder.feedback import figures
from autograder.feedback.html import (COURSE, GENERIC_TAGS, badge, bar, esc, fmt_points, page, pct, spelled,
                                      points_value, week_title)

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


def problem_label(problem: str) -> str:
    """``step_decay`` -> ``Step decay``, ``adamw`` -> ``AdamW``: the problem's name in words."""
    words = [w for w in re.split(r"[_\-\s]+", str(problem)) if w]
    if not words:
        return str(problem)
    out = [spelled(w, w) for w in words]
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def anchor(problem: str) -> str:
    """A safe element id for a problem's section."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", str(problem)).strip("-")[:40] or "x"
    return f"problem-{slug}-{zlib.crc32(str(problem).encode()):08x}"


def test_state(test: dict) -> str:
    """passed | note (failed, yet full points: a remark) | partial | failed."""
    if test.get("status") == "passed":
        return "passed"
    try:
        score, top = float(test.get("score") or 0), float(test.get("max_score") or 0)
    except (TypeError, ValueError):
        return "failed"
    if top > 0 and score >= top:
        return "note"
    return "partial" if score > 0 else "failed"


def full_marks(test: dict) -> bool:
    return test_state(test) in ("passed", "note")


STATE_WORDS = {"passed": "Passed", "note": "Full points, with a note", "partial": "Partly right",
               "failed": "Not yet"}
STATE_MARK = {"passed": "✓", "note": "✓", "partial": "✗", "failed": "✗"}


def problem_of(test: dict) -> str:
    extra = test.get("extra_data") if isinstance(test.get("extra_data"), dict) else {}
    return str(extra.get("problem") or str(test.get("number", "other")).split(".")[0] or "other")


def shown_tests(result: dict) -> list[dict]:
    """The tests a student may see (Gradescope's ``hidden`` ones are not shown)."""
    tests = result.get("tests") if isinstance(result, dict) else None
    return [t for t in tests if isinstance(t, dict) and t.get("visibility") != "hidden"] \
        if isinstance(tests, list) else []


def grouped(tests: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for t in tests:
        groups.setdefault(problem_of(t), []).append(t)
    return groups


def _figure_data(test: dict):
    extra = test.get("extra_data") if isinstance(test.get("extra_data"), dict) else {}
    return extra.get("figure")


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
    named = [t for t in tags if t not in GENERIC_TAGS and state != "note"]
    generic = [t for t in tags if t in GENERIC_TAGS]
    parts = [f'<article class="card test {state}" id="test-{index}">',
             '<div class="head"><h3>'
             f'<span class="status {state}">{STATE_MARK[state]} {STATE_WORDS[state]}</span>'
             f'{esc(test.get("name", "unnamed test"))}</h3>'
             f'<span class="pts">{fmt_points(test.get("score", 0))} / {fmt_points(test.get("max_score", 0))} '
             'points</span></div>']
    if named or generic:
        label = "Recognized mistake" if named else ("Note" if state == "note" else "What happened")
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


LINE_RE = re.compile(r"\bline (\d+)")
TASK_RE = re.compile(r"NotImplementedError: [^:\n]*: ([\w.]+)")


def next_step(tests: list[dict]) -> dict | None:
    """The first test to work on among those that lost points.

    A file that does not import comes first; then failures that point at a line
    of the student's file, earliest line first (for untouched stubs: the first
    task in the file); then the rest in the graders' order. A grader error is
    never the student's next step unless nothing else is left.
    """
    failing = [(i, t) for i, t in enumerate(tests) if not full_marks(t)]
    if not failing:
        return None

    def key(pair):
        i, t = pair
        tags = t.get("tags") if isinstance(t.get("tags"), list) else []
        if "grader-error" in tags:
            return (3, 0, i)
        if "import-error" in tags or "notebook-missing" in tags:
            return (0, 0, i)
        m = LINE_RE.search(str(t.get("output") or ""))
        return (1, int(m.group(1)), i) if m else (2, 0, i)

    return min(failing, key=key)[1]


def stub_task(test: dict) -> str | None:
    """``Adam.update`` when a test failed only because that task is still the stub."""
    if "not-implemented" not in (test.get("tags") or []):
        return None
    m = TASK_RE.search(str(test.get("output") or ""))
    return m.group(1) if m else "this task"


def _utc(moment) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment is not None else "not set"


def grade_changes(final) -> str:
    """What made the gradebook's grade differ from the autograder's, in words: staff's scores and extra
    credit per problem, and the late penalty with how late (and the due date it was measured from)."""
    items = []
    for p in final.problems.values():
        if p.manual is not None:
            items.append(f'<li><span class="badge override">Changed by course staff</span> '
                         f'{esc(problem_label(p.name))}: {fmt_points(p.manual)} / {fmt_points(p.max_score)} '
                         f'(the autograder gave {fmt_points(p.auto or 0)})</li>')
        if p.extra_credit:
            items.append(f'<li><span class="badge override">Extra credit</span> {esc(problem_label(p.name))}: '
                         f'+{fmt_points(p.extra_credit)}</li>')
    if final.late:
        when = (f'handed in {esc(_utc(final.timestamp))}, due {esc(_utc(final.duedate))}'
                + (' with your extension' if final.extension else ''))
        if final.penalty:
            zeroed = final.score <= 0 < final.raw_score
            items.append(f'<li><span class="badge late">Late</span> {esc(final.lateness())} ({when}): the '
                         f"course's late policy takes off {fmt_points(final.penalty)} points"
                         + (", so your grade is 0. Your work was still graded: what it earned is shown below."
                            if zeroed else ".") + '</li>')
        else:
            items.append(f'<li><span class="badge late">Late</span> {esc(final.lateness())} ({when}); '
                         "the course's late policy takes nothing off.</li>")
    if not items:
        return ""
    return ('<div class="notice warn" id="grade-changes"><strong>Your grade in the course gradebook is not '
            "the autograder's total:</strong><ul>" + "".join(items) + "</ul></div>")


def staff_comments(final) -> str:
    """Comments course staff typed in formgrader, per problem (or per answer of the notebook)."""
    if not final.comments:
        return ""
    items = "".join(f'<li><strong>{esc(problem_label(c.cell) if c.cell in final.problems else c.cell)}:</strong> '
                    f'<span class="msg">{esc(c.text)}</span></li>' for c in final.comments)
    return f'<h2 id="comments">Comments from course staff</h2><ul class="comments">{items}</ul>'


def student_page(result: dict, week: str, final=None) -> str:
    """The complete feedback page (HTML) for one results.json; with ``final`` (a
    :class:`autograder.final_scores.FinalGrade`), headed by the gradebook's final grade."""
    result = result if isinstance(result, dict) else {}
    extra = result.get("extra_data") if isinstance(result.get("extra_data"), dict) else {}
    name = (final.student if final is not None else None) or extra.get("submission") or "your submission"
    tests = shown_tests(result)
    auto = points_value(result.get("score"))
    score, top = (final.score, final.max_score or points_value(result.get("max_score"))) if final is not None else \
        (auto, points_value(result.get("max_score")))
    n_pass = sum(1 for t in tests if full_marks(t))
    body: list[str] = []
    changed = final is not None and (final.adjustments() or abs(score - auto) > 1e-9)
    body.append('<section class="card summary" aria-label="Your score">'
                f'<div><div class="big">{fmt_points(score)}<small> / {fmt_points(top)} points</small></div>'
                f'<div class="muted">{pct(score, top):.0f}% &middot; {n_pass} of {len(tests)} tests passed'
                + (f' &middot; autograder: {fmt_points(auto)}' if changed else '') + '</div></div>'
                f'<div>{bar(score / top if top else 0, f"{pct(score, top):.0f} percent")}</div>'
                f'<div class="muted">Submission: <strong>{esc(name)}</strong></div></section>')
    if final is not None:
        body.append(grade_changes(final))
        body.append(staff_comments(final))

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
            got = sum(points_value(t.get("score")) for t in ts)
            mx = sum(points_value(t.get("max_score")) for t in ts)
            passed = sum(1 for t in ts if full_marks(t))
            book = final.problems.get(problem) if final is not None else None
            mark = ""
            if book is not None and book.adjusted:
                got = book.score
                mark = ' <span class="badge override">changed by course staff</span>'
            rows.append(f'<tr><td><a href="#{anchor(problem)}">{esc(problem_label(problem))}</a>{mark}</td>'
                        f'<td class="num">{fmt_points(got)} / {fmt_points(mx)}</td>'
                        f'<td class="num">{passed} / {len(ts)}</td>'
                        f'<td>{bar(got / mx if mx else 0, f"{pct(got, mx):.0f} percent")}</td></tr>')
        body.append('<h2 id="scores">Score per problem</h2>'
                    '<table><caption class="visually-hidden">Score per problem</caption>'
                    '<thead><tr><th scope="col">Problem</th><th scope="col" class="num">Points</th>'
                    '<th scope="col" class="num">Tests passed</th><th scope="col">Progress</th></tr></thead>'
                    f'<tbody>{"".join(rows)}</tbody><tfoot>'
                    + (f'<tr><th>Late penalty</th><th class="num">-{fmt_points(final.penalty)}</th><th></th><th></th>'
                       '</tr>' if final is not None and final.penalty else '')
                    + f'<tr><th>Total</th><th class="num">{fmt_points(score)} / {fmt_points(top)}</th>'
                    f'<th class="num">{n_pass} / {len(tests)}</th><th></th></tr></tfoot></table>')

    first = next_step(tests)
    if first is not None:
        message, hint = split_output(first.get("output"))
        idx = next(i for i, t in enumerate(tests) if t is first)
        lead = message.splitlines()[0] if message else ""
        lead = lead if len(lead) <= 240 else lead[:239] + "…"
        body.append('<div class="notice warn"><strong>Start here:</strong> '
                    f'<a href="#test-{idx}">{esc(first.get("name", ""))}</a>'
                    + (f' &mdash; {esc(lead)}' if lead else "")
                    + (f'<br><strong>What to try:</strong> {esc(hint)}' if hint else "") + '</div>')
    elif tests:
        body.append('<div class="notice ok"><strong>Every test passed.</strong> Well done.</div>')

    index_of = {id(t): i for i, t in enumerate(tests)}
    todo_all = [t for t in tests if stub_task(t) is not None and not _figure_data(t)]
    if todo_all:
        tasks = sorted({stub_task(t) for t in todo_all})
        body.append(f'<div class="notice warn"><strong>{len(todo_all)} test{"s" if len(todo_all) != 1 else ""} '
                    f'wait for code you have not written yet</strong> ({esc(", ".join(tasks))}): replace each '
                    '<code>raise NotImplementedError</code> with your code; the docstring gives the formula and '
                    'the shapes. They are listed under “To do” below.</div>')
    for problem, ts in groups.items():
        got = sum(points_value(t.get("score")) for t in ts)
        mx = sum(points_value(t.get("max_score")) for t in ts)
        body.append(f'<h2 id="{anchor(problem)}">{esc(problem_label(problem))} '
                    f'<small class="muted">{fmt_points(got)} / {fmt_points(mx)} points</small></h2>')
        todo = [t for t in ts if any(t is u for u in todo_all)]
        for t in ts:
            if test_state(t) != "passed" and not any(t is u for u in todo):
                body.append(_test_html(t, index_of[id(t)]))
        if todo:     # still the stub: one line each, the shared advice is at the top
            items = "".join(f'<li id="test-{index_of[id(t)]}"><span class="todo" aria-hidden="true">○</span> '
                            f'<span class="visually-hidden">To do: </span><span>{esc(t.get("name", ""))} '
                            f'<span class="sub">{esc(stub_task(t))} is still the stub</span></span> '
                            f'<span class="pts">0 / {fmt_points(t.get("max_score", 0))}</span></li>' for t in todo)
            body.append(f'<ul class="compact todo-list" aria-label="To do">{items}</ul>')
        passed = [t for t in ts if test_state(t) == "passed"]
        if passed:   # passed tests in one compact list: the page is about what to fix
            items = "".join(f'<li id="test-{index_of[id(t)]}"><span class="tick" aria-hidden="true">✓</span> '
                            f'<span class="visually-hidden">Passed: </span>{esc(t.get("name", ""))} '
                            f'<span class="pts">{fmt_points(t.get("score", 0))} / '
                            f'{fmt_points(t.get("max_score", 0))}</span></li>' for t in passed)
            body.append(f'<ul class="compact passed-list" aria-label="Passed tests">{items}</ul>')

    body.append('<footer>Only your results are shown here: the hidden tests\' code and the reference '
                'solution are not part of this page. Questions about a result? Ask course staff and quote '
                'the test\'s name.</footer>')
    return page(f"{week_title(week)} — feedback", COURSE, "\n".join(body))
