"""Grade a class: split submissions across worker processes, show progress, write the results."""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import selectors
import shlex
import statistics
import subprocess
import sys
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import asdict, replace
from pathlib import Path

from autograder.engine import regrade

from autograder.engine.results import (grade_row, not_graded, results_json, status_of, write_atomic, write_grades_csv,
                                       write_json)
from autograder.engine.sandbox import NO_BUBBLEWRAP, EngineError, Limits, SandboxPolicy, bubblewrap_available
from autograder.engine.submissions import Locator, Submission, content_key, discover
from autograder.safetext import clean
from autograder import weeks
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
        label = clean(label, 30, single_line=True)
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


PIPELINE = 2        # submissions sent ahead to each worker, so that it never waits for the next one
MAX_FAILED_STARTS = 3   # workers that died before they were ready, in a row: the engine itself is broken


class ClassResults(Mapping):
    """name -> results.json content, read from disk when asked for (so a class is never all in memory).

    ``rows`` holds the small per-submission summary (:func:`grade_row`) the runner got from the workers;
    ``failed`` names the submissions the engine could not grade (name -> why), ``paths`` where each
    submission came from (for the command that re-grades some of them)."""

    def __init__(self, out: Path, rows: dict[str, dict], failed: dict[str, str] | None = None,
                 paths: dict[str, str] | None = None, kept: int = 0, changed: list[dict] | None = None,
                 unwritten: str = ""):
        self.out, self.rows = out, rows
        self.unwritten = unwritten        # grades.csv (or the list of changes) could not be written: why
        self.failed = failed or {}
        self.paths = paths or {}
        self.kept = kept                  # results reused as they were (same files, graders and settings)
        self.changed = changed or []      # regrade.changes() of every submission whose score moved

    def __getitem__(self, name: str) -> dict:
        if name not in self.rows:
            raise KeyError(name)
        return json.loads((self.out / name / "results.json").read_text())

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def not_graded(self) -> dict[str, str]:
        """Submissions without a trustworthy grade: the engine failed, or a grader broke on a test."""
        out = dict(self.failed)
        for name, row in self.rows.items():
            if name not in out and not_graded(row):
                out[name] = not_graded(row)
        return out


class Worker:
    """One ``python -m autograder.engine.worker`` process and the submissions sent to it."""

    def __init__(self, job: dict, env: dict):
        self.proc = subprocess.Popen([sys.executable, "-m", "autograder.engine.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        self.in_flight: deque[Locator] = deque()
        self.partial = {"out": b"", "err": b""}
        self.stderr_tail = ""
        self.ready = False
        self.send_line(json.dumps(job))

    def read_lines(self, stream: str, fd: int) -> list[str] | None:
        """The complete lines now readable on ``fd`` (None at EOF).

        Raw reads, not ``readline``: lines left in a file object's buffer would not wake ``select``.
        """
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return None
        *lines, self.partial[stream] = (self.partial[stream] + chunk).split(b"\n")
        return [line.decode(errors="replace") for line in lines]

    def send_line(self, line: str) -> None:
        try:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):      # it died; its stdout's EOF says so to the runner
            pass

    def send(self, where: Locator) -> None:
        self.in_flight.append(where)
        self.send_line(json.dumps(asdict(where)))

    def close_input(self) -> None:
        if not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass

    def close(self) -> None:
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


def grade(week: Week, paths: list[Path], out: Path, *, jobs: int = 1, limits: Limits | None = None,
          isolation: str = "auto", public_only: bool = False, show_progress: bool = True,
          policy: SandboxPolicy | None = None, force: bool = False) -> ClassResults:
    """Grade every submission under ``paths`` into ``out``; returns name -> results.json content.

    Submissions are handed out one by one to ``jobs`` workers as they finish (a slow submission
    holds up only its own worker), and only each one's grades.csv row comes back. Raises
    :class:`~autograder.engine.submissions.DiscoveryError` before grading anything when a PATH holds no
    submission. A worker that dies costs only the submission it was grading (its result says so); a
    new one takes over, however often, unless workers die before they are ready
    (``MAX_FAILED_STARTS`` in a row): then the engine itself is broken and what is left is not graded.
    """
    return grade_found(week, discover(week, paths), out, jobs=jobs, limits=limits, isolation=isolation,
                       public_only=public_only, show_progress=show_progress, policy=policy, force=force)


def grade_found(week: Week, found: list[Locator], out: Path, *, jobs: int = 1, limits: Limits | None = None,
                isolation: str = "auto", public_only: bool = False, show_progress: bool = True,
                policy: SandboxPolicy | None = None, force: bool = False) -> ClassResults:
    """:func:`grade` for submissions already found (each Locator is one submission, whatever it holds).

    Into an ``out`` that holds results already: a submission whose results.json has the same key (its
    files, the graders, the engine, the settings) is kept as it is unless ``force``; ``grades.csv`` lists
    every submission under ``out``, this run's and earlier ones'."""
    if isolation == "auto" and not bubblewrap_available():      # fail closed, before anything is written
        raise EngineError(NO_BUBBLEWRAP)
    with _only_run_into(out):
        return _grade_found(week, found, out, jobs=jobs, limits=limits, isolation=isolation,
                            public_only=public_only, show_progress=show_progress, policy=policy, force=force)


class ResultsFolderError(Exception):
    """The results folder cannot take this run's results (not a folder, read-only, full, or another run is
    writing into it): said before anything is graded, with the folder and the reason."""


LOCK = ".grading.lock"      # in the results folder, held by the run writing into it


@contextlib.contextmanager
def _only_run_into(out: Path):
    """``out`` is a folder this run can write, and no other `grade` writes into it meanwhile: two runs into one
    folder would remove each other's results being written (the stale ``.tmp`` clean-up below), and the last
    grades.csv written would list only what its own run saw."""
    if out.exists() and not out.is_dir():
        raise ResultsFolderError(f"the results folder {out} is a file, not a folder: name another with --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = open(out / LOCK, "a")
    except OSError as exc:
        raise ResultsFolderError(f"the results folder {out} cannot be written: {exc.strerror or exc}") from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ResultsFolderError(f"another `autograder grade` is writing into {out} now; run this one when it "
                                     "has ended (two runs into one folder would remove each other's results)") from None
        check = out / f".write-check.{os.getpid()}"
        try:           # a read-only or full file system (one block: none free): say so now, not after grading
            write_atomic(check, " " * 4096)
            check.unlink()
        except OSError as exc:
            raise ResultsFolderError(f"the results folder {out} cannot be written: {exc.strerror or exc}") from None
        yield


def grading_now(out: Path) -> bool:
    """A `grade` is writing into ``out`` now (it holds ``out/.grading.lock``). What reads the results -- the
    gradebook import, the feedback pages, the report and its LMS file -- would see part of the class, or
    results of the graders being replaced, and say nothing (REDTEAM.md, R9-6). Never creates the lock file."""
    try:
        fd = os.open(Path(out) / LOCK, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:             # no grade ever ran into it (or it cannot be read: nothing to ask)
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)            # closing releases a shared lock taken just now
    return False


def _grade_found(week: Week, found: list[Locator], out: Path, *, jobs: int, limits: Limits | None,
                 isolation: str, public_only: bool, show_progress: bool, policy: SandboxPolicy | None,
                 force: bool) -> ClassResults:
    found = own_names(found, out)
    limits = limits or Limits()
    # without bubblewrap each child hides the course's folders from itself (with bubblewrap it never sees them)
    policy = policy or SandboxPolicy(packages=week.packages, hide=course_folders(week, found, out))
    settings = {"limits": asdict(limits), "isolation": isolation, "public_only": public_only}
    graders_key = regrade.grading_key(week, settings)
    rows: dict[str, dict] = {}
    before: dict[str, dict] = {}
    queue: deque[Locator] = deque()
    for where in found:
        where = replace(where, key=f"{graders_key}:{content_key(week, where)}")
        folder = out / where.name
        for stale in folder.glob(".results.json.*.tmp") if folder.is_dir() else ():
            stale.unlink()                          # left by a run killed while writing
        old = regrade.previous_result(folder / "results.json")
        if not force and regrade.reusable(old, where.key):
            rows[where.name] = grade_row(old)
            continue
        if old is not None:
            before[where.name] = {"score": float(old.get("score", 0)), "scores": regrade.test_scores(old)}
        queue.append(where)
    kept = len(rows)
    changed: list[dict] = []
    job = {"week": asdict(week), "out": str(out), "limits": asdict(limits),
           "isolation": isolation, "public_only": public_only, "sandbox": asdict(policy) if policy else None}
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONHASHSEED="0")
    progress = Progress(len(queue), enabled=show_progress)
    failed: dict[str, str] = {}
    selector = selectors.DefaultSelector()
    failed_starts = 0
    last_error = ""

    def engine_failure(where: Locator, error: str) -> None:
        """The engine failed: the submission still gets a result, and says so."""
        failed[where.name] = clean(error, 1500, single_line=True)
        sub = Submission(where.name, where.path)
        result = results_json(sub, [], 0.0, isolation=isolation)
        result["output"] += ("\nThe grading engine failed before this submission was graded; "
                             "course staff have been told. This is not your mistake.")
        result["extra_data"]["engine_error"] = failed[where.name]
        try:
            write_json(out / where.name / "results.json", result)
        except OSError as exc:     # a full disk: the run goes on, and grades.csv and the summary say so
            failed[where.name] = clean(f"{failed[where.name]}; and its result could not be written: {exc}", 1500,
                                       single_line=True)
        rows[where.name] = grade_row(result)
        progress.step(where.name)

    def feed(worker: Worker) -> None:
        while queue and len(worker.in_flight) < PIPELINE:
            worker.send(queue.popleft())
        if not queue:
            worker.close_input()

    def start() -> None:
        worker = Worker(job, env)
        selector.register(worker.proc.stdout, selectors.EVENT_READ, (worker, "out"))
        selector.register(worker.proc.stderr, selectors.EVENT_READ, (worker, "err"))
        feed(worker)

    for _ in range(max(1, min(jobs, len(queue)))):
        if queue:
            start()
    while selector.get_map():
        for key, _ in selector.select():
            worker, stream = key.data
            lines = worker.read_lines(stream, key.fd)
            if stream == "err":
                if lines is None:
                    selector.unregister(key.fileobj)
                else:
                    worker.stderr_tail = (worker.stderr_tail + "\n".join(lines))[-3000:]
                continue
            if lines is None:            # the worker has exited
                selector.unregister(key.fileobj)
                code = worker.proc.wait()
                worker.close()
                last_error = f"worker exited with {code}: {worker.stderr_tail.strip()[-1500:]}"
                if not worker.ready:
                    failed_starts += 1
                    queue.extendleft(reversed(worker.in_flight))      # nothing of these was graded yet
                elif worker.in_flight:   # it died grading the first one; the others were only queued there
                    engine_failure(worker.in_flight.popleft(), last_error)
                    queue.extendleft(reversed(worker.in_flight))
                if queue and failed_starts < MAX_FAILED_STARTS:
                    start()
                continue
            for line in lines:
                kind, _, rest = line.partition("\t")
                if kind == "READY":
                    worker.ready, failed_starts = True, 0
                    continue
                if kind == "DONE":
                    row = json.loads(rest)
                    rows[row["submission"]] = row
                    progress.step(row["submission"])
                    if row["submission"] in before:
                        new = regrade.previous_result(out / row["submission"] / "results.json") or {}
                        change = regrade.changes(row["submission"], before.pop(row["submission"]), new)
                        if change:
                            changed.append(change)
                elif kind == "ERROR":
                    name, _, message = rest.partition("\t")
                    where = next((w for w in worker.in_flight if w.name == name), Locator(name, "invalid", name))
                    engine_failure(where, f"reading or writing failed: {message}")
                else:
                    continue
                worker.in_flight = deque(w for w in worker.in_flight if w.name not in rows)
            feed(worker)
    for where in queue:     # workers kept dying before they were ready: the engine cannot grade at all
        engine_failure(where, f"no grading worker could be started ({last_error})")
    unwritten = ""
    try:
        write_grades_csv(out / "grades.csv", [*rows.values(), *_other_rows(out, rows)])
        if changed:
            regrade.write_diff(out, changed)
    except OSError as exc:
        unwritten = f"{out / 'grades.csv'} (or the list of changes) could not be written: {exc}"
    return ClassResults(out, rows, failed, {w.name: w.path for w in found}, kept=kept, changed=changed,
                        unwritten=unwritten)


def own_names(found: list[Locator], out: Path) -> list[Locator]:
    """``found`` with every name that holds another hand-in's result, or a file, in ``out`` moved on (``-2`` ...).

    Names are unique within one run only, and two ids can have one safe name ("alice-" and "alice"): graded one
    student per run, as formgrader's Autograde does, the second would replace the first's results.json."""
    taken = {w.name.casefold() for w in found}
    kept = []
    for where in found:
        name, n = where.name, 1
        while not _free_for(out / name, where.path) or (name != where.name and name.casefold() in taken):
            n += 1
            name = f"{where.name}-{n}"
        taken.add(name.casefold())
        kept.append(where if name == where.name else replace(where, name=name))
    return kept


def _free_for(folder: Path, path: str) -> bool:
    """No result in ``folder``, or one graded from ``path`` (the same folder, or the same <student>/<week>); never
    a name the output folder holds as something else (a file of the instructor's: the results could not go there)."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return False
    old = regrade.previous_result(folder / "results.json")
    origin = old.get("extra_data", {}).get("origin") if old else None
    if not isinstance(origin, str):
        return True
    mine, theirs = Path(path), Path(origin)
    return mine.parts[-2:] == theirs.parts[-2:] or mine.resolve() == theirs.resolve()


def _other_rows(out: Path, rows: dict[str, dict]) -> list[dict]:
    """The grades.csv rows of results under ``out`` from earlier runs (grading into a folder merges)."""
    others = []
    for path in sorted(out.glob("*/results.json")):
        if path.parent.name not in rows:
            result = regrade.previous_result(path)
            if result is not None:
                others.append(grade_row(result))
    return others


def course_folders(week: Week, found: list[Locator], out: Path) -> tuple[str, ...]:
    """The folders a child must not see: the solutions, the graders, the results, and where the submissions
    are (their common folder: e.g. nbgrader's submitted/)."""
    folders = {str(weeks.ROOT), str(week.solution_dir.parent), str(week.grader_dir.parent), str(out.resolve())}
    parents = [str(Path(w.path).resolve().parent) for w in found]
    if parents:
        common = os.path.commonpath(parents)
        if common != os.sep:
            folders.add(common)
    return tuple(sorted(folders))


def regrade_command(week: Week, results: ClassResults, names, out: Path) -> str:
    """The command that grades just ``names`` again, into the same folder (safe to print and to paste)."""
    paths = [shell_word(results.paths.get(n, n)) for n in sorted(names)]
    return f"autograder grade {week.name} {' '.join(paths)} --out {shell_word(str(out))}"


def shell_word(text: str) -> str:
    """``text`` as one shell word that prints no control character: shlex quoting, or bash's $'...' with
    \\xNN escapes when the text holds one (a student id from an LMS can)."""
    if text.isprintable():
        return shlex.quote(text)
    out = []
    for c in text:
        if c in "\\'":
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        else:
            out.append(f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}")
    return "$'" + "".join(out) + "'"


def summary(results: ClassResults, seconds: float, limit: int = 40) -> str:
    """The table printed at the end of `autograder grade`."""
    rows = results.rows
    if not rows:
        return "no submissions found"
    width = max(10, *(len(n) for n in rows))
    lines = [f"{'submission':<{width}}  {'score':>12}  notes", "-" * (width + 40)]
    for name, row in sorted(rows.items())[:limit]:
        note = status_of(row) if row.get("status") or row.get("engine_error") or row.get("errors") else (
            f"{row['failed']} test(s) lost points" if row["failed"] else "all passed")
        # 120: a name is at most 100 characters and its "-N" (R9-1): cut at 100, "-2" and "-3" looked the same
        lines.append(f"{clean(name, 120, single_line=True):<{width}}  {row['score']:>6g} / {row['max_score']:<3g}  "
                     f"{clean(note, 80, single_line=True)}")
    if len(rows) > limit:
        lines.append(f"... and {len(rows) - limit} more (see grades.csv)")
    scores = [r["score"] for r in rows.values()]
    graded = len(results) - results.kept
    lines.append("-" * (width + 40))
    lines.append(f"{len(results)} submissions, mean {statistics.mean(scores):.1f}, "
                 f"median {statistics.median(scores):g}, {seconds:.1f} s"
                 + (f" ({seconds / graded:.2f} s per submission graded)" if graded else " (none needed grading)"))
    return "\n".join(lines)
