"""The instructors' class report (one HTML file) and the LMS gradebook CSV.

Read from the results.json of every submission (``name -> dict``):
- the score distribution (a histogram) and summary numbers;
- the mean score per problem;
- item analysis: every test's pass rate (lowest first), mean points, the most
  common recognized mistake among its failures, and its discrimination (the
  correlation of the test's score with the rest of the score);
- the most frequent named mistakes (tags over failed tests), with the generic
  failures -- not implemented, import errors, timeouts ... -- counted separately;
- submissions that failed to run and why, and internal grader errors;
- grading time, total and per submission.
"""
from __future__ import annotations

import csv
import io
import math
import statistics
from collections import Counter, defaultdict
from pathlib import Path

from autograder.engine.outcomes import ENGINE_ERROR, GRADER_ERROR, HANDIN_TAGS
from autograder.engine.results import submission_status, write_atomic
from autograder.feedback import figures
from autograder.safetext import csv_cell
from autograder.feedback.html import (COURSE, DID_NOT_RUN_TAGS, GENERIC_TAGS, badge, bar, esc, fmt_points,
                                      page, points_value, week_title)
from autograder.feedback.student import full_marks, problem_label, problem_of
from autograder.final_scores import late_words


def _tests(result: dict) -> list[dict]:
    tests = result.get("tests") if isinstance(result, dict) else None
    return [t for t in tests if isinstance(t, dict)] if isinstance(tests, list) else []


def _extra(d: dict) -> dict:
    e = d.get("extra_data") if isinstance(d, dict) else None
    return e if isinstance(e, dict) else {}


def problem_order(results: dict[str, dict]) -> list[str]:
    """Problems in the order graders list them (first appearance across the class)."""
    order: list[str] = []
    for _, result in sorted(results.items()):
        for t in _tests(result):
            p = problem_of(t)
            if p not in order:
                order.append(p)
    return order


def problem_points(result: dict) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    for t in _tests(result):
        p = problem_of(t)
        got, top = out.get(p, (0.0, 0.0))
        out[p] = (got + points_value(t.get("score")), top + points_value(t.get("max_score")))
    return out


def _tags(test: dict) -> list[str]:
    tags = test.get("tags")
    return [str(t) for t in tags if t] if isinstance(tags, list) else []


# --- the numbers (kept separate from the HTML so they can be tested) -----------
def summarize(results: dict[str, dict]) -> dict:
    """Every number the report shows, as plain data."""
    names = sorted(results)
    scores = [points_value(results[n].get("score")) for n in names]
    max_scores = [points_value(results[n].get("max_score")) for n in names]
    top = max(max_scores) if max_scores else 0.0

    items: dict[tuple[str, str], dict] = {}
    item_scores: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    mistakes: dict[str, dict] = {}
    generic: dict[str, dict] = {}
    for n in names:
        for t in _tests(results[n]):
            key = (problem_of(t), str(t.get("name", "")))
            it = items.setdefault(key, {"problem": key[0], "name": key[1], "max_score": points_value(t.get("max_score")),
                                        "n": 0, "passed": 0, "points": 0.0, "tags": Counter(),
                                        "seconds": []})
            it["n"] += 1
            it["points"] += points_value(t.get("score"))
            item_scores[key][n] = points_value(t.get("score"))
            sec = _extra(t).get("seconds")
            if isinstance(sec, (int, float)) and math.isfinite(sec):
                it["seconds"].append(float(sec))
            if full_marks(t):
                it["passed"] += 1
                continue
            for tag in set(_tags(t)):
                it["tags"][tag] += 1
                book = generic if tag in GENERIC_TAGS else mistakes
                entry = book.setdefault(tag, {"tag": tag, "count": 0, "students": set(), "tests": Counter()})
                entry["count"] += 1
                entry["students"].add(n)
                entry["tests"][key[1]] += 1

    total_of = dict(zip(names, scores))
    item_rows = []
    for key, it in items.items():
        rate = it["passed"] / it["n"] if it["n"] else 0.0
        named = [(tag, c) for tag, c in it["tags"].most_common() if tag not in GENERIC_TAGS]
        item_rows.append({
            "problem": it["problem"], "name": it["name"], "max_score": it["max_score"], "n": it["n"],
            "passed": it["passed"], "pass_rate": rate,
            "mean_points": it["points"] / it["n"] if it["n"] else 0.0,
            "top_mistake": named[0] if named else None, "mistakes": named,
            "discrimination": _discrimination(item_scores[key], total_of),
            "mean_seconds": statistics.mean(it["seconds"]) if it["seconds"] else None,
        })
    item_rows.sort(key=lambda r: (r["pass_rate"], r["problem"], r["name"]))

    def ranked(book: dict) -> list[dict]:
        rows = [{"tag": e["tag"], "count": e["count"], "students": len(e["students"]),
                 "tests": e["tests"].most_common()} for e in book.values()]
        return sorted(rows, key=lambda r: (-r["students"], -r["count"], r["tag"]))

    order = problem_order(results)
    per_problem = []
    for p in order:
        got = [problem_points(results[n]).get(p) for n in names]
        got = [g for g in got if g is not None]
        mean = statistics.mean(g[0] for g in got) if got else 0.0
        mx = max((g[1] for g in got), default=0.0)
        full = sum(1 for g in got if g[1] and g[0] >= g[1] - 1e-9)
        per_problem.append({"problem": p, "mean": mean, "max_score": mx, "full": full, "n": len(got)})

    failures, handins = [], []
    for n in names:
        r = results[n]
        extra = _extra(r)
        findings = [f for f in extra.get("handin") or [] if isinstance(f, dict) and f.get("expected")]
        if findings:
            handins.append({"submission": n, "score": points_value(r.get("score")), "findings": findings})
        reasons = []
        named = {f["expected"] for f in findings}
        for file, problem in sorted((extra.get("problems") or {}).items()):
            if file not in named:
                reasons.append(("submission", f"{file}: {problem}"))
        if extra.get("engine_error"):
            reasons.append(("engine error", str(extra["engine_error"])))
        ran: Counter = Counter()
        for t in _tests(r):
            for tag in _tags(t):
                if tag in DID_NOT_RUN_TAGS and not (findings and tag in HANDIN_TAGS):
                    ran[tag] += 1
        for tag, c in sorted(ran.items()):
            reasons.append((tag, f"{c} test(s): {GENERIC_TAGS.get(tag, tag)}"))
        for t in _tests(r):
            err = _extra(t).get("internal_error")
            if err or "grader-error" in _tags(t):
                reasons.append(("grader error", f"{t.get('name', '')}: {err or 'grader error'}"))
        if not _tests(r) and not reasons:
            reasons.append(("no results", "no test results recorded"))
        if reasons:
            failures.append({"submission": n, "score": points_value(r.get("score")), "reasons": reasons})

    times = [points_value(results[n].get("execution_time")) for n in names]
    slow_items = sorted((r for r in item_rows if r["mean_seconds"] is not None),
                        key=lambda r: -r["mean_seconds"])[:5]
    return {
        "n": len(names), "scores": scores, "max_score": top,
        "mean": statistics.mean(scores) if scores else 0.0,
        "median": statistics.median(scores) if scores else 0.0,
        "stdev": statistics.pstdev(scores) if len(scores) > 1 else 0.0,
        "min": min(scores) if scores else 0.0, "max": max(scores) if scores else 0.0,
        "full_marks": sum(1 for s, m in zip(scores, max_scores) if m and s >= m - 1e-9),
        "zero": sum(1 for s in scores if s <= 0),
        "per_problem": per_problem, "items": item_rows,
        "mistakes": ranked(mistakes), "generic": ranked(generic), "failures": failures, "handins": handins,
        "time_total": sum(times), "time_mean": statistics.mean(times) if times else 0.0,
        "time_median": statistics.median(times) if times else 0.0, "time_max": max(times) if times else 0.0,
        "slowest": sorted(zip(names, times), key=lambda p: -p[1])[:5], "slow_items": slow_items,
        "isolation": sorted({str(_extra(results[n]).get("isolation")) for n in names
                             if _extra(results[n]).get("isolation")}),
    }


def _discrimination(item: dict[str, float], totals: dict[str, float]) -> float | None:
    """Corrected item-total correlation: the test's points vs the rest of the score."""
    names = [n for n in item if n in totals]
    if len(names) < 3:
        return None
    xs = [item[n] for n in names]
    ys = [totals[n] - item[n] for n in names]
    if len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    try:
        return statistics.correlation(xs, ys)
    except (statistics.StatisticsError, ZeroDivisionError):
        return None


# --- HTML ---------------------------------------------------------------------------
def _table(caption: str, head: list[str], rows: list[list[str]], num_cols: set[int] = frozenset(),
           cls: str = "") -> str:
    th = "".join(f'<th scope="col"{" class=num" if i in num_cols else ""}>{esc(h)}</th>' for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f'<td{" class=num" if i in num_cols else ""}>{c}</td>'
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return (f'<table{f" class={cls}" if cls else ""}><caption class="visually-hidden">{esc(caption)}</caption>'
            f"<thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>")


def class_report(results: dict[str, dict], week: str, sections: tuple[str, ...] = ()) -> str:
    """The class report (HTML) for instructors; ``sections`` (HTML, already escaped) go before the footer."""
    results = {str(k): v for k, v in (results or {}).items() if isinstance(v, dict)}
    s = summarize(results)
    body: list[str] = []
    if not s["n"]:
        body.append('<div class="notice warn">No results found.</div>')
        return page(f"{week_title(week)} — class report", COURSE, "\n".join(body), wide=True)

    body.append('<section class="card summary" aria-label="Summary">'
                f'<div><div class="big">{s["n"]}<small> submissions</small></div></div>'
                f'<div>mean <strong>{s["mean"]:.1f}</strong> &middot; median <strong>{fmt_points(s["median"])}</strong>'
                f' &middot; sd {s["stdev"]:.1f} &middot; range {fmt_points(s["min"])}–{fmt_points(s["max"])}'
                f' (out of {fmt_points(s["max_score"])})<br>'
                f'full marks: <strong>{s["full_marks"]}</strong> &middot; zero: <strong>{s["zero"]}</strong>'
                f' &middot; failed to run (fully or partly): <strong>{len(s["failures"])}</strong></div></section>')

    body.append('<h2 id="distribution">Score distribution</h2>')
    uri = figures.score_histogram(s["scores"], s["max_score"], f"{week_title(week)}: {s['n']} submissions")
    if uri:
        body.append(f'<figure class="fig fig-histogram" id="fig-scores"><img src="{uri}" alt="Histogram of the class\'s scores; mean {s["mean"]:.1f} '
                    f'of {fmt_points(s["max_score"])}." width="640"></figure>')

    body.append('<h2 id="problems">Per problem</h2>')
    body.append(_table("Mean score per problem", ["Problem", "Mean", "Out of", "Full marks", ""],
                       [[esc(problem_label(p["problem"])), f'{p["mean"]:.2f}', fmt_points(p["max_score"]),
                         f'{p["full"]} / {p["n"]}',
                         bar(p["mean"] / p["max_score"] if p["max_score"] else 0, f'{p["mean"]:.1f}')]
                        for p in s["per_problem"]], {1, 2, 3}))

    body.append('<h2 id="items">Pass rate of every test</h2>'
                '<p class="muted">Lowest pass rate first. Discrimination is the correlation between the '
                'test\'s points and the rest of the score: near 0 or negative means the test does not '
                'separate strong from weak submissions (check it).</p>')
    rows = []
    for r in s["items"]:
        disc = "–" if r["discrimination"] is None else f'{r["discrimination"]:+.2f}'
        named = r["mistakes"][:3]
        rows.append([f'<span class="sub">{esc(problem_label(r["problem"]))}</span>{esc(r["name"])}',
                     fmt_points(r["max_score"]),
                     f'{100 * r["pass_rate"]:.0f}% ({r["passed"]}/{r["n"]})'
                     + bar(r["pass_rate"], f'{100 * r["pass_rate"]:.0f} percent'),
                     f'{r["mean_points"]:.2f}', disc,
                     " ".join(f'{badge(tag)}<span class="muted">×{c}</span>' for tag, c in named)
                     or '<span class="muted">–</span>'])
    body.append(_table("Item analysis", ["Test", "Points", "Pass rate", "Mean points", "Discrimination",
                                         "Named mistakes among its failures"], rows, {1, 2, 3, 4}, cls="items"))

    body.append('<h2 id="mistakes">Most frequent named mistakes</h2>')
    if s["mistakes"]:
        body.append(_table("Named mistakes", ["Mistake", "Tag", "Students", "Failed tests", "Seen in"],
                           [[badge(m["tag"]), f'<code>{esc(m["tag"])}</code>', str(m["students"]), str(m["count"]),
                             "<br>".join(f"{esc(name)} ({c})" for name, c in m["tests"][:3])
                             + (f'<br><span class="muted">and {len(m["tests"]) - 3} more tests</span>'
                                if len(m["tests"]) > 3 else "")]
                            for m in s["mistakes"][:20]], {2, 3}))
    else:
        body.append('<p class="muted">No recognized mistakes among the failed tests.</p>')
    if s["generic"]:
        body.append('<h3 class="section">Generic failures</h3><p class="muted">Tests that got no answer at all; not a '
                    'recognized mistake.</p>')
        body.append(_table("Generic failures", ["What", "Tag", "Students", "Failed tests"],
                           [[esc(GENERIC_TAGS.get(g["tag"], g["tag"])), f'<code>{esc(g["tag"])}</code>',
                             str(g["students"]), str(g["count"])] for g in s["generic"]], {2, 3}))

    body.append('<h2 id="handins">Hand-ins grading could not fully see</h2>')
    if s["handins"]:
        body.append('<p class="muted">A file the week grades is missing, or there under another name: these scores '
                    'reflect the hand-in, not the work. Ask the student to hand in the file under its name, then '
                    're-grade just them (<code>autograder grade {esc(week)} submitted/&lt;student&gt;/{esc(week)}</code> into the same '
                    '--out folder).</p>')
        body.append(_table("Hand-ins grading could not fully see", ["Submission", "Score", "Missing", "Found instead"],
                           [[esc(h["submission"]), fmt_points(h["score"]),
                             "<br>".join(esc(f["expected"]) for f in h["findings"]),
                             "<br>".join(esc(f.get("found") or "—") for f in h["findings"])] for h in s["handins"]],
                           {1}))
    else:
        body.append('<p class="muted">Every hand-in has every file the week grades, under its name.</p>')

    body.append('<h2 id="failures">Submissions that failed to run</h2>')
    if s["failures"]:
        rows = []
        for f in s["failures"]:
            reasons = "".join(f'<div><strong>{esc(kind)}</strong>: <pre class="staff">{esc(text)}</pre></div>'
                              for kind, text in f["reasons"])
            rows.append([esc(f["submission"]), fmt_points(f["score"]), reasons])
        body.append(_table("Submissions that failed to run", ["Submission", "Score", "Why"], rows, {1}))
    else:
        body.append('<p class="muted">Every submission imported and ran.</p>')

    body.append('<h2 id="time">Grading time</h2>')
    body.append(f'<p>Total {s["time_total"]:.1f} s for {s["n"]} submissions: mean {s["time_mean"]:.2f} s, '
                f'median {s["time_median"]:.2f} s, slowest {s["time_max"]:.2f} s per submission'
                + (f' &middot; isolation: {esc(", ".join(s["isolation"]))}' if s["isolation"] else "")
                + '.</p>')
    body.append(_table("Slowest submissions", ["Slowest submissions", "Seconds"],
                       [[esc(n), f"{t:.2f}"] for n, t in s["slowest"]], {1}))
    if s["slow_items"]:
        body.append(_table("Slowest tests", ["Slowest tests", "Mean seconds"],
                           [[esc(r["name"]), f'{r["mean_seconds"]:.3f}'] for r in s["slow_items"]], {1}))
    body.extend(sections)
    body.append('<footer>Staff only: this report shows grader errors and timings.</footer>')
    return page(f"{week_title(week)} — class report", COURSE, "\n".join(body), wide=True)


# --- the gradebook's view: lateness, staff's changes, who handed in nothing ------------------
def gradebook_section(finals: dict) -> str:
    """The class report's section from nbgrader's gradebook (autograder/final_scores.py): late hand-ins
    with how late and the penalty, scores course staff changed, and the roster's students without a
    hand-in. ``finals``: student -> FinalGrade."""
    if not finals:
        return ""
    late = [f for f in finals.values() if f.handed_in and f.late]
    changed = [f for f in finals.values() if f.handed_in and f.staff_changes()]
    missing = [f for f in finals.values() if not f.handed_in]
    body = ['<h2 id="gradebook">In the gradebook: lateness, changes by course staff, no hand-in</h2>',
            '<p class="muted">From nbgrader\'s gradebook, as <code>nbgrader export</code> computes the final '
            'score: the autograder\'s points, replaced where course staff set a score, plus extra credit, minus '
            'the late penalty of the course\'s policy.</p>']
    if late:
        body.append(_table("Late submissions", ["Student", "Handed in (UTC)", "Due (UTC)", "How late", "Penalty",
                                                "Final score"],
                           [[esc(f.student), esc(f"{f.timestamp:%Y-%m-%d %H:%M}" if f.timestamp else "?"),
                             esc(f"{f.duedate:%Y-%m-%d %H:%M}" if f.duedate else "?")
                             + (f' <span class="muted">(extension {esc(late_words(f.extension.total_seconds()))})'
                                '</span>' if f.extension else ""),
                             esc(late_words(f.seconds_late)), fmt_points(f.penalty),
                             f"{fmt_points(f.score)} / {fmt_points(f.max_score)}"] for f in late], {4, 5}))
    else:
        body.append('<p class="muted">No late submissions (or no due date set: <code>nbgrader db assignment '
                    'add WEEK --duedate=...</code>).</p>')
    if changed:
        body.append(_table("Changed by course staff", ["Student", "What changed", "Final score"],
                           [[esc(f.student), "<br>".join(esc(a) for a in f.staff_changes()),
                             f"{fmt_points(f.score)} / {fmt_points(f.max_score)}"] for f in changed], {2}))
    if missing:
        body.append(f'<p><strong>{len(missing)} student(s) on the roster handed in nothing</strong> (0 in the '
                    f'LMS CSV): {esc(", ".join(f.student for f in missing))}</p>')
    return "\n".join(body)


# --- the gradebook CSV -------------------------------------------------------------
POINTS_POSSIBLE = "Points Possible"   # the row of maxima, named as Canvas's gradebook CSV names it


def lms_csv(results: dict[str, dict], path: str | Path, finals: dict | None = None) -> Path:
    """The CSV to upload to an LMS; returns the path written.

    With ``finals`` (student -> FinalGrade, from the course's gradebook; ``results`` keyed by the same
    student ids): one row per student nbgrader knows -- the roster included, a student who handed in
    nothing with 0 and the status ``no hand-in`` -- with the gradebook's final points per problem, how
    late, the late penalty and the final total, equal to ``nbgrader export``'s ``score``. Without a
    gradebook: one row per graded submission, the autograder's points. Either way the first row gives
    each column's maximum, and names that start with ``= + - @`` are prefixed with ``'``."""
    path = Path(path)
    results = {str(k): v for k, v in (results or {}).items() if isinstance(v, dict)}
    if finals:
        order = list(dict.fromkeys([*problem_order(results), *(p for f in finals.values() for p in f.problems)]))
        maxima = {p: f.problems[p].max_score for f in finals.values() for p in f.problems}
        top = max((f.max_score for f in finals.values()), default=0.0)
        lms_ids = any(f.lms_user_id for f in finals.values())
        rows = []
        for student, f in finals.items():
            status = _status(results.get(student)) if f.handed_in else f.note()
            note = f.note() if f.handed_in else ""
            rows.append([csv_cell(student), *([csv_cell(f.lms_user_id or "")] if lms_ids else []),
                         *[f"{f.problems[p].score:g}" if p in f.problems else "0" for p in order],
                         late_words(f.seconds_late) if f.late else "", f"{f.penalty:g}", f"{f.score:g}",
                         csv_cell("; ".join(x for x in (status, note) if x))])
    else:
        order = problem_order(results)
        points = {n: problem_points(r) for n, r in results.items()}
        maxima = {p: max((points[n].get(p, (0.0, 0.0))[1] for n in results), default=0.0) for p in order}
        top = max((points_value(r.get("max_score")) for r in results.values()), default=0.0)
        lms_ids = False
        rows = [[csv_cell(name), *[f"{points[name].get(p, (0.0, 0.0))[0]:g}" for p in order], "", "0",
                 f"{points_value(results[name].get('score')):g}", csv_cell(_status(results[name]))]
                for name in sorted(results)]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["student", *(["lms_user_id"] if lms_ids else []), *order, "late", "late_penalty", "total",
                     "status"])
    writer.writerow([POINTS_POSSIBLE, *([""] if lms_ids else []), *[f"{maxima.get(p, 0.0):g}" for p in order],
                     "", "", f"{top:g}", ""])
    writer.writerows(rows)
    # whole or not at all: a report killed while writing left the LMS file cut short (REDTEAM.md, R7-4)
    write_atomic(path, buf.getvalue())
    return path


def _status(result: dict | None) -> str:
    """A graded submission's status: grades.csv's (a missing or renamed file, ...), or ``graded``."""
    if result is None:
        return "graded"
    if _extra(result).get("engine_error"):
        return "engine error: not graded"
    broken = sum(1 for t in _tests(result) if {ENGINE_ERROR, GRADER_ERROR} & set(_tags(t)))
    if broken:      # its total is not a grade: the LMS file must not say "graded" beside it (REDTEAM.md, R8-4)
        return f"grader error in {broken} test(s): not graded"
    return submission_status(_extra(result)) or "graded"
