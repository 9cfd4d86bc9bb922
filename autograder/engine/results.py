"""Writing results: Gradescope's results.json per submission, grades.csv per class."""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

from autograder.engine.outcomes import ENGINE_ERROR, GRADER_ERROR
from autograder.engine.submissions import Submission
from autograder.safetext import clean, csv_cell

TEST_FIELDS = ("name", "score", "max_score", "status", "output", "visibility", "tags")


def results_json(sub: Submission, records: list[dict], elapsed: float, *, isolation: str) -> dict:
    """The Gradescope autograder format, plus ``extra_data`` for the feedback page and staff."""
    tests = []
    for i, rec in enumerate(records, start=1):
        test = {k: rec[k] for k in TEST_FIELDS}
        test["number"] = f"{rec['problem']}.{i}"
        extra = {k: rec[k] for k in ("problem", "figure", "internal_error", "seconds") if k in rec}
        test["extra_data"] = extra
        tests.append(test)
    score = round(sum(t["score"] for t in tests), 4)
    max_score = round(sum(t["max_score"] for t in tests), 4)
    lines = [f"{sub.name}: {score:g} / {max_score:g} points."]
    for file, problem in sorted(sub.problems.items()):
        lines.append(f"Problem with {file}: {problem}")
    return {"score": score, "max_score": max_score, "execution_time": round(elapsed, 3),
            "output": "\n".join(lines), "visibility": "visible", "stdout_visibility": "hidden",
            "tests": tests,
            "extra_data": {"submission": sub.name, "origin": sub.origin, "problems": sub.problems,
                           "handin": sub.handin,
                           "isolation": isolation, "key": sub.key}}


def load_results(results_dir: Path) -> dict[str, dict]:
    """Submission name -> results.json content, for every ``results_dir/<name>/results.json``.

    One that cannot be read or is not a JSON object is reported on stderr and skipped, never
    fatal: a class report or a gradebook import goes on for everyone else."""
    found = {}
    for path in sorted(Path(results_dir).glob("*/results.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"skipping {clean(str(path), 300, single_line=True)}: {clean(exc, 300, single_line=True)}",
                  file=sys.stderr)
            continue
        if isinstance(data, dict):
            found[path.parent.name] = data
        else:
            print(f"skipping {clean(str(path), 300, single_line=True)}: not a JSON object", file=sys.stderr)
    return found


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write the whole file or nothing: a crash mid-write never leaves half a file (a temporary file
    beside it, flushed to disk, then renamed over it). A file left read-only (nbgrader makes its
    ``autograded/`` files mode 444) is replaced like any other. Text is UTF-8; a lone surrogate from a
    student's text becomes ``?`` rather than making the file unwritable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data.encode("utf-8", errors="replace") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_json(path: Path, data: dict) -> None:
    """results.json, atomically; ASCII only (every student string escaped by json, surrogates included).
    Compact, one line: json's C encoder writes it 3-5x faster than with ``indent`` (which falls back to the
    pure-Python encoder): 5-8 ms against 25-28 ms for a 340 kB file with figures (docs/performance.md).
    ``python -m json.tool results.json`` shows it indented."""
    write_atomic(path, json.dumps(data, separators=(",", ":")))


def problem_scores(result: dict) -> dict[str, tuple[float, float]]:
    """problem -> (score, max) from a results.json."""
    out: dict[str, tuple[float, float]] = {}
    for test in result.get("tests", []):
        problem = test.get("extra_data", {}).get("problem", "other")
        got, top = out.get(problem, (0.0, 0.0))
        out[problem] = (got + test["score"], top + test["max_score"])
    return out


def foreign_problems(results: dict[str, dict], known) -> list[str]:
    """The problems the results name that ``known`` (a week's graders' problems) does not have: results of another
    week, read as this one's by a mistyped WEEK (REDTEAM.md, R9-4)."""
    return sorted({p for r in results.values() for p in problem_scores(r)} - set(known))


def handin_status(extra: dict) -> str:
    """``hand-in: optimizers.py missing (found optimizers_fritz.py), week2_optimizers.ipynb missing``, or "":
    the files grading looked for and did not find -- a broken hand-in, not weak work."""
    findings = [f for f in extra.get("handin") or [] if isinstance(f, dict) and f.get("expected")]
    if not findings:
        return ""
    return "hand-in: " + ", ".join(f"{f['expected']} missing" + (f" (found {f['found']})" if f.get("found") else "")
                                   for f in findings)


def submission_status(extra: dict) -> str:
    """A submission's hand-in findings and file problems in one line (``""``: none): grades.csv's status."""
    named = {f.get("expected") for f in extra.get("handin") or [] if isinstance(f, dict)}
    problems = {f: p for f, p in (extra.get("problems") or {}).items() if f not in named}
    return "; ".join(filter(None, [handin_status(extra),
                                   *(p if p.startswith(f) else f"{f}: {p}" for f, p in problems.items())]))


def grade_row(result: dict) -> dict:
    """What grades.csv and the summary need of one results.json: a few hundred bytes."""
    extra = result.get("extra_data", {})
    return {"submission": result.get("extra_data", {}).get("submission", ""),
            "score": result["score"], "max_score": result["max_score"],
            "problems": {p: list(v) for p, v in problem_scores(result).items()},
            "failed": sum(1 for t in result.get("tests", []) if t["status"] != "passed"),
            "errors": sum(1 for t in result.get("tests", []) if {ENGINE_ERROR, GRADER_ERROR} & set(t.get("tags", []))),
            "engine_error": bool(result.get("extra_data", {}).get("engine_error")),
            "status": submission_status(extra)}


# Written by `autograder gradebook` from nbgrader's gradebook (autograder/final_scores.py): how late, the late
# penalty, the final score as `nbgrader export` has it, and what course staff changed.
GRADEBOOK_COLUMNS = ("late", "late_penalty", "final_score", "gradebook_note")
STALE = "graded again since the last `autograder gradebook`: the final score is not known until it is run again"


def write_grades_csv(path: Path, rows: list[dict], gradebook: dict[str, dict] | None = None) -> None:
    """One row per submission: total, each problem, and a status column (atomically; every text cell
    neutralised: a name or a message never runs as a spreadsheet formula).

    ``gradebook``: submission -> its :data:`GRADEBOOK_COLUMNS` (``autograder gradebook`` passes them).
    Without it, the gradebook columns of the file being replaced are kept for each submission whose score
    did not change; a submission graded again since gets no final score and a note that says why."""
    if gradebook is None:
        gradebook = _carried_gradebook_columns(path, rows)
    problems: list[str] = []
    for row in rows:
        problems.extend(p for p in row["problems"] if p not in problems)
    extra = list(GRADEBOOK_COLUMNS) if gradebook else []
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["submission", "score", "max_score", *problems, "status", *extra])
    for row in sorted(rows, key=lambda r: r["submission"]):
        book = gradebook.get(row["submission"], {})
        writer.writerow([csv_cell(row["submission"]), f"{row['score']:g}", f"{row['max_score']:g}",
                         *[f"{row['problems'].get(p, (0.0, 0.0))[0]:g}" for p in problems],
                         csv_cell(status_of(row)), *[csv_cell(book.get(c, "")) for c in extra]])
    write_atomic(path, buf.getvalue())


def _carried_gradebook_columns(path: Path, rows: list[dict]) -> dict[str, dict]:
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            old = {r.get("submission"): r for r in csv.DictReader(fh)}
    except (OSError, csv.Error, UnicodeDecodeError):
        return {}
    carried = {}
    for row in rows:
        # csv_cell may have prefixed a name with ' (a formula guard): match on the written form
        before = old.get(csv_cell(row["submission"]))
        if not before or not before.get("final_score") and not before.get("gradebook_note"):
            continue
        if before.get("score") == f"{row['score']:g}":
            carried[row["submission"]] = {c: before.get(c, "") for c in GRADEBOOK_COLUMNS}
        else:
            carried[row["submission"]] = {"gradebook_note": STALE}
    return carried


def not_graded(row: dict) -> str:
    """Why a :func:`grade_row`'s score is not a grade (the engine failed, or a grader broke on a test), or ""."""
    return status_of(row) if row.get("engine_error") or row.get("errors") else ""


def status_of(row: dict) -> str:
    """One word or phrase for the status column and the summary table."""
    if row.get("engine_error"):
        return "engine error: not graded (see results.json)"
    if row.get("errors"):
        return f"grader error in {row['errors']} test(s): re-grade after the fix"
    return row.get("status") or "graded"
