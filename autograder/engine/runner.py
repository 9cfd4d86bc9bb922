"""Grade a class: split submissions across worker processes, show progress, write the results."""
from __future__ import annotations

import json
import os
import selectors
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from autograder.engine.results import results_json, write_grades_csv, write_json
from autograder.engine.sandbox import Limits
from autograder.engine.submissions import Submission, discover
from autograder.weeks import Week


class Progress:
    """A one-line progress bar with ETA on a terminal; a line every 10% elsewhere."""

    def __init__(self, total: int, stream=sys.stderr, enabled: bool = True):
        self.total, self.done, self.stream, self.enabled = total, 0, stream, enabled
        self.t0 = time.monotonic()
        self.tty = stream.isatty()
        self.last_decile = -1

    def step(self, label: str) -> None:
        self.done += 1
        if not self.enabled or self.total == 0:
            return
        elapsed = time.monotonic() - self.t0
        eta = elapsed / self.done * (self.total - self.done)
        width = 30
        filled = int(width * self.done / self.total)
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                f"{elapsed:5.1f}s elapsed, ETA {eta:4.0f}s  {label[:30]}")
        if self.tty:
            self.stream.write("\r" + line.ljust(100))
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()
        else:
            decile = 10 * self.done // self.total
            if decile != self.last_decile:
                self.last_decile = decile
                print(line, file=self.stream, flush=True)


def grade(week: Week, paths: list[Path], out: Path, *, jobs: int = 1, limits: Limits | None = None,
          isolation: str = "auto", public_only: bool = False, show_progress: bool = True) -> dict[str, dict]:
    """Grade every submission under ``paths``; returns name -> results.json content."""
    subs = discover(week, paths)
    out.mkdir(parents=True, exist_ok=True)
    limits = limits or Limits()
    jobs = max(1, min(jobs, len(subs) or 1))
    slices = [subs[i::jobs] for i in range(jobs)]
    progress = Progress(len(subs), enabled=show_progress)
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONHASHSEED="0")
    selector = selectors.DefaultSelector()
    workers = []
    for part in slices:
        job = {"week": asdict(week), "out": str(out), "submissions": [asdict(s) for s in part],
               "limits": asdict(limits), "isolation": isolation, "public_only": public_only}
        proc = subprocess.Popen([sys.executable, "-m", "autograder.engine.worker"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        workers.append((proc, part))
        selector.register(proc.stdout, selectors.EVENT_READ, proc)
        proc.stdin.write(json.dumps(job))
        proc.stdin.close()
    finished: set[str] = set()
    open_streams = len(workers)
    while open_streams:
        for key, _ in selector.select():
            line = key.fileobj.readline()
            if not line:
                selector.unregister(key.fileobj)
                open_streams -= 1
                continue
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "DONE" and len(parts) == 4:
                finished.add(parts[1])
                progress.step(parts[1])
    errors = []
    for proc, part in workers:
        stderr = proc.stderr.read()
        proc.wait()
        for sub in part:                 # the engine failed: the submission still gets a result, and says so
            if sub.name not in finished:
                errors.append(f"worker exited with {proc.returncode}: {stderr.strip()[-1500:]}")
                result = results_json(sub, [], 0.0, isolation=isolation)
                result["output"] += ("\nThe grading engine failed before this submission was graded; "
                                     "course staff have been told. This is not your mistake.")
                result["extra_data"]["engine_error"] = errors[-1]
                write_json(out / sub.name / "results.json", result)
                progress.step(sub.name)
    results = {sub.name: json.loads((out / sub.name / "results.json").read_text()) for sub in subs}
    write_grades_csv(out / "grades.csv", results)
    if errors:
        print("grading engine errors:\n" + "\n".join(sorted(set(errors))), file=sys.stderr)
    return results


def summary(results: dict[str, dict], seconds: float, limit: int = 40) -> str:
    """The table printed at the end of `autograder grade`."""
    if not results:
        return "no submissions found"
    width = max(10, *(len(n) for n in results))
    lines = [f"{'submission':<{width}}  {'score':>12}  notes", "-" * (width + 40)]
    for name, res in sorted(results.items())[:limit]:
        failed = [t for t in res["tests"] if t["status"] != "passed"]
        problems = res.get("extra_data", {}).get("problems", {})
        note = "; ".join(problems.values()) or (f"{len(failed)} test(s) lost points" if failed else "all passed")
        lines.append(f"{name:<{width}}  {res['score']:>6g} / {res['max_score']:<3g}  {note[:80]}")
    if len(results) > limit:
        lines.append(f"... and {len(results) - limit} more (see grades.csv)")
    scores = [r["score"] for r in results.values()]
    lines.append("-" * (width + 40))
    lines.append(f"{len(results)} submissions, mean {statistics.mean(scores):.1f}, "
                 f"median {statistics.median(scores):g}, {seconds:.1f} s "
                 f"({seconds / len(results):.2f} s per submission)")
    return "\n".join(lines)
