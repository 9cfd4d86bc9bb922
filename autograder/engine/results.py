"""Writing results: Gradescope's results.json per submission, grades.csv per class."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from autograder.engine.submissions import Submission

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
                           "isolation": isolation}}


def write_json(path: Path, data: dict) -> None:
    """Write atomically: a crash mid-write never leaves half a results file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=False))
    os.replace(tmp, path)


def problem_scores(result: dict) -> dict[str, tuple[float, float]]:
    """problem -> (score, max) from a results.json."""
    out: dict[str, tuple[float, float]] = {}
    for test in result.get("tests", []):
        problem = test.get("extra_data", {}).get("problem", "other")
        got, top = out.get(problem, (0.0, 0.0))
        out[problem] = (got + test["score"], top + test["max_score"])
    return out


def grade_row(result: dict) -> dict:
    """What grades.csv and the summary need of one results.json: a few hundred bytes."""
    problems = result.get("extra_data", {}).get("problems", {})
    return {"submission": result.get("extra_data", {}).get("submission", ""),
            "score": result["score"], "max_score": result["max_score"],
            "problems": {p: list(v) for p, v in problem_scores(result).items()},
            "failed": sum(1 for t in result.get("tests", []) if t["status"] != "passed"),
            "status": "; ".join(f"{f}: {p}" for f, p in problems.items())}


def write_grades_csv(path: Path, rows: list[dict]) -> None:
    """One row per submission: total, each problem, and a status column."""
    problems: list[str] = []
    for row in rows:
        problems.extend(p for p in row["problems"] if p not in problems)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["submission", "score", "max_score", *problems, "status"])
        for row in sorted(rows, key=lambda r: r["submission"]):
            writer.writerow([row["submission"], f"{row['score']:g}", f"{row['max_score']:g}",
                             *[f"{row['problems'].get(p, (0.0, 0.0))[0]:g}" for p in problems],
                             row["status"] or "graded"])
