"""Grading into a folder that already holds results: what is kept, what is graded again, what changed.

Every results.json records the key of what its grade depended on: the submission's files
(:func:`~autograder.engine.submissions.content_key`) and :func:`grading_key` -- the week's graders, the
reference solutions, the given modules, the engine's own code, the limits and the isolation. ``autograder
grade`` into the same ``--out`` grades again only the submissions with no result, a different key, or a
result the engine or a grader failed on (``--force``: all of them). So a run killed halfway and started
again grades what is missing, a re-run of a finished class reads files and grades nothing, and after a
grader fix every submission is graded again -- and :func:`changes` says whose score moved, by how much,
and on which tests (``regrade-diff.csv``, and a table on the console).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat
from pathlib import Path

from autograder.engine.outcomes import ENGINE_ERROR, GRADER_ERROR
from autograder.safetext import csv_cell
from autograder.weeks import Week

PACKAGE = Path(__file__).resolve().parent.parent
# the code a grade depends on besides the week's graders and solutions (the feedback pages do not count)
ENGINE_FILES = ("engine", "grading.py", "answers.py", "safetext.py", "weeks.py")
DIFF_CSV = "regrade-diff.csv"


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def grading_key(week: Week, settings: dict) -> str:
    """A digest of everything besides the submission that decides its grade (``settings``: the limits,
    the isolation, public checks only or not)."""
    digest = hashlib.sha256(json.dumps({"week": week.name, **settings}, sort_keys=True, default=str).encode())
    sources = [week.grader_dir, week.solution_dir, *[week.common_dir / f"{g}.py" for g in week.given],
               *[PACKAGE / f for f in ENGINE_FILES]]
    for root in sources:
        for path in _files(root) if root.exists() else []:
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def previous_result(path: Path) -> dict | None:
    """The results.json already at ``path``, or None (missing, cut short, or not ours)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("tests"), list) else None


def reusable(result: dict | None, key: str) -> bool:
    """A result that needs no new grading: same key, and neither the engine nor a grader failed on it."""
    if not result or result.get("extra_data", {}).get("key") != key or result["extra_data"].get("engine_error"):
        return False
    return not any({ENGINE_ERROR, GRADER_ERROR} & set(t.get("tags", [])) for t in result["tests"])


def handin_changed(week: Week, result: dict, base: Path) -> str | None:
    """Why ``result`` is not the grade of the hand-in now at its origin, or None (the same files, or nothing
    to compare: no key, an origin gone). A run killed before it re-graded a student, or a ``collect --update``
    not graded yet, leaves the earlier hand-in's results.json in place: imported, it would be that hand-in's
    score under the new one's timestamp (REDTEAM.md, R7-2). ``base``: where a relative origin was graded from."""
    from autograder.engine.submissions import Locator, content_key
    extra = result.get("extra_data") if isinstance(result.get("extra_data"), dict) else {}
    key, origin = extra.get("key"), extra.get("origin")
    if not isinstance(key, str) or ":" not in key or not isinstance(origin, str) or not origin:
        return None
    path = Path(base, origin)
    try:        # a hand-in this user cannot open (another account's, since moved) has nothing to compare
        info = os.lstat(path)
        kind = "folder" if stat.S_ISDIR(info.st_mode) else \
            "zip" if stat.S_ISREG(info.st_mode) and path.suffix.lower() == ".zip" else None
        if kind is None:
            return None
        os.close(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | (os.O_DIRECTORY if kind == "folder" else 0)))
        if kind == "folder":
            os.listdir(path)
    except OSError:
        return None
    if content_key(week, Locator(path.name, kind, str(path))) == key.rsplit(":", 1)[1]:
        return None
    return (f"its results.json was graded from an earlier hand-in: {origin} has changed since (a re-grade cut "
            f"short, or a hand-in collected again); grade it again: autograder grade {week.name} {origin} --out "
            "<this folder>")


def test_scores(result: dict) -> dict[str, float]:
    """(problem: test name) -> points, the identity of a test across gradings."""
    return {f"{t.get('extra_data', {}).get('problem', '')}: {t.get('name', '')}": float(t.get("score", 0))
            for t in result.get("tests", [])}


def changes(name: str, before: dict | None, after: dict) -> dict | None:
    """What a new grading changed for one submission, or None (no earlier result, or the same points)."""
    if before is None or not before["scores"]:      # no earlier grade (nothing graded, or the engine failed)
        return None
    old, new = before["scores"], test_scores(after)
    moved = [(test, old.get(test), new.get(test)) for test in sorted(set(old) | set(new))
             if old.get(test, 0.0) != new.get(test, 0.0)]
    if not moved and before["score"] == after.get("score"):
        return None
    return {"submission": name, "before": before["score"], "after": float(after.get("score", 0)), "tests": moved}


def write_diff(out: Path, entries: list[dict]) -> Path:
    """``out/regrade-diff.csv``: one row per changed submission (the list to send the class)."""
    from autograder.engine.results import write_atomic
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["submission", "before", "after", "change", "tests changed"])
    for e in sorted(entries, key=lambda e: e["submission"]):
        tests = "; ".join(f"{t}: {_pts(a)} -> {_pts(b)}" for t, a, b in e["tests"])
        writer.writerow([csv_cell(e["submission"]), f"{e['before']:g}", f"{e['after']:g}",
                         f"{e['after'] - e['before']:+g}", csv_cell(tests, 4000)])
    path = out / DIFF_CSV
    write_atomic(path, buf.getvalue())
    return path


def diff_table(entries: list[dict], limit: int = 40) -> str:
    from autograder.safetext import clean
    lines = [f"{len(entries)} submission(s) changed score since their last grading:"]
    for e in sorted(entries, key=lambda e: (e["after"] - e["before"], e["submission"]))[:limit]:
        tests = ", ".join(f"{clean(_short(t), single_line=True)} {_pts(a)}->{_pts(b)}" for t, a, b in e["tests"][:3])
        more = f" (+{len(e['tests']) - 3} more)" if len(e["tests"]) > 3 else ""
        lines.append(f"  {clean(e['submission'], 60, single_line=True)}: {e['before']:g} -> {e['after']:g} "
                     f"({e['after'] - e['before']:+g})  {tests}{more}")
    if len(entries) > limit:
        lines.append(f"  ... and {len(entries) - limit} more (see {DIFF_CSV})")
    return "\n".join(lines)


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _pts(x) -> str:
    return "-" if x is None else f"{x:g}"
