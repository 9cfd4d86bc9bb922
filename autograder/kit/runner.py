"""Running a week's public checks on a folder, with only Python, NumPy (and pytest for the pytest entry).

The kit released with each week (``public_checks/``) holds the checks as data
(``checks.json``: calls, rules and the expected values recorded from the
reference at ``autograder generate`` time), the probe functions that call the
student's code (``calls.py``, taken from the graders' probes), and the code
that judges (``judge.py``, shared with grading). This module:

1. inspects the hand-in (``handin.py``): missing or renamed files, the notebook
   and its answer cells;
2. imports the student's modules fresh from the folder (a module that does not
   import is reported once, with file:line, and its checks are skipped);
3. runs each check's calls and judges the results, as grading does; the result
   of every call passes through the same plain-data encoding as in grading
   (``protocol.py``), so the judge sees the same values;
4. returns the outcomes for ``report.py``.

Student code runs here, in this process, as yourself: this is for checking your
own work (grading runs it in a sandbox). A call that runs longer than grading
allows is stopped where the platform lets us (a Unix main thread).
"""
from __future__ import annotations

import importlib.util
import re
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import handin, judge, plaindata
from .report import ImportProblem, Outcome, Style, format_report

try:       # in a released week folder: the copy beside this file
    from . import protocol
except ImportError:   # inside the autograder package
    from autograder.engine import protocol

KIT = Path(__file__).resolve().parent
FORMAT = 1              # of checks.json: the data and this code are released together
NOTEBOOK_WIDTH = 84     # nbgrader's Validate shows 90 characters a line, indented by 4
TASK = re.compile(r"\w+: (\S+) \u2014 see the docstring")     # the stubs' NotImplementedError message


class Unavailable(Exception):
    """A module the call needs is missing or does not import (reported once, as a hand-in problem)."""


class TooSlow(Exception):
    pass


@dataclass
class Result:
    week: str
    folder: str
    outcomes: list = field(default_factory=list)
    findings: list = field(default_factory=list)
    imports: list = field(default_factory=list)
    seconds: float = 0.0
    data: dict = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and all(o.full_marks for o in self.outcomes) and not self.findings \
            and not self.imports

    def report(self, style: Style | None = None, width: int | None = None) -> str:
        """The report; ``width`` wraps long lines (nbgrader's Validate cuts lines at 90 characters)."""
        d = self.data
        text = format_report(self.week, self.outcomes, self.findings, self.imports,
                             hidden_tests=d["hidden"]["tests"], hidden_points=d["hidden"]["points"],
                             total_points=d["total"]["points"], style=style or Style(None, colour=False),
                             seconds=self.seconds, folder=self.folder)
        return text if width is None else "\n".join(_wrap(line, width) for line in text.splitlines())

    def as_results_json(self) -> dict:
        """The public checks as a Gradescope results.json (for ``autograder check --html``)."""
        tests = [o.as_test() for o in self.outcomes]
        problems = {f.expected: f.message for f in self.findings if f.blocks_grading}
        problems.update({p.file: f"{p.message} (line {p.line})" if p.line else p.message for p in self.imports})
        return {"score": sum(t["score"] for t in tests), "max_score": sum(t["max_score"] for t in tests),
                "tests": tests, "extra_data": {"submission": Path(self.folder).name, "problems": problems}}


def _wrap(line: str, width: int) -> str:
    import textwrap
    indent = " " * (len(line) - len(line.lstrip()) + (8 if line.lstrip()[:2] in ("\u2713 ", "\u2717 ", "+ ", "x ")
                                                       else 2 if line.lstrip().startswith("- ") else 0))
    return "\n".join(textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False)) or line


def load_data(kit_dir: Path = KIT) -> dict:
    data = plaindata.loads((Path(kit_dir) / "checks.json").read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{kit_dir}/checks.json is of format {data.get('format')}, this kit reads format {FORMAT}: "
                         "the release is incomplete (fetch the week again)")
    return data


def load_file(name: str, path: Path):
    """Import ``path`` as module ``name`` (in sys.modules: the student's modules may import each other)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _import_problem(exc: BaseException, path: Path) -> ImportProblem:
    if isinstance(exc, SyntaxError) and exc.filename and Path(exc.filename).name == path.name:
        return ImportProblem(path.name, exc.lineno, f"{type(exc).__name__}: {exc.msg}", (exc.text or "").strip())
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == path.resolve()]
    line, code = (frames[-1].lineno, (frames[-1].line or "").strip()) if frames else (None, "")
    return ImportProblem(path.name, line, f"{type(exc).__name__}: {exc}"[:500], code)


def _describe(exc: BaseException, student_files: set) -> str:
    """The engine's words for an exception in student code: the message, then the student's frames."""
    name = type(exc).__name__ if type(exc).__module__ == "builtins" else "Exception"
    message = f"{name}: {str(exc)[:2000]}"
    where = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in student_files:
            where.append(f"{Path(frame.filename).name}, line {frame.lineno}, in {frame.name}: "
                         f"{(frame.line or '').strip()}")
    if where:
        message += "\n  at " + "\n  at ".join(where[-3:])
    return message


class _Deadline:
    """Stop a call after ``seconds`` (SIGALRM: Unix, main thread only; elsewhere no limit)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.armed = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    def __enter__(self):
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def _expired(self, signum, frame):
        raise TooSlow()

    def __exit__(self, *exc):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


class _Modules:
    """What a probe sees as ``mods``: ``mods.optimizers`` is the student's module, or Unavailable."""

    def __init__(self, modules: dict, problems: dict):
        self._modules, self._problems = modules, problems

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._modules:
            return self._modules[name]
        raise Unavailable(self._problems.get(name, f"{name}.py is not part of this week"))


def run(folder, kit_dir: Path = KIT) -> Result:
    """Every public check of the kit in ``kit_dir`` on the work in ``folder``."""
    started = time.monotonic()
    folder = Path(folder).resolve()
    data = load_data(kit_dir)
    result = Result(data["week"], str(folder), data=data)
    modules = data["modules"]
    provided = data.get("packages")
    result.findings = handin.inspect(folder, modules=modules, notebook=data["notebook"],
                                     questions=data["questions"], ignore=tuple(data["released"]),
                                     provided=None if provided is None else
                                     (*provided, *modules, *data.get("sandbox_given", data["given"])))
    names = set(modules) | set(data["given"])
    saved = {n: sys.modules.pop(n) for n in list(names) if n in sys.modules}
    sys.path.insert(0, str(folder))
    try:
        loaded, problems = {}, {}
        for m in modules:
            path = folder / f"{m}.py"
            if not path.is_file():
                problems[m] = f"{m}.py is missing"
                continue
            try:
                with _Deadline(data["call_seconds"]):       # grading allows as long to import a submission
                    loaded[m] = load_file(m, path)
            except TooSlow:
                sys.modules.pop(m, None)
                result.imports.append(ImportProblem(path.name, None, f"importing it did not finish within "
                                                    f"{data['call_seconds']:g} s (a loop at the top level?)"))
                problems[m] = f"{m}.py does not import"
            except BaseException as exc:  # noqa: BLE001 -- anything at import time is the student's to fix
                if isinstance(exc, KeyboardInterrupt):
                    raise
                sys.modules.pop(m, None)
                result.imports.append(_import_problem(exc, path))
                problems[m] = f"{m}.py does not import"
        calls = load_file("_public_checks_calls", Path(kit_dir) / "calls.py")
        mods = _Modules(loaded, problems)
        student_files = {str(folder / f"{m}.py") for m in modules}
        for check in data["checks"]:
            result.outcomes.append(_run_check(check, calls, mods, student_files, data))
    finally:
        sys.path.remove(str(folder))
        for n in names | {"_public_checks_calls"}:
            sys.modules.pop(n, None)
        sys.modules.update(saved)
    result.seconds = time.monotonic() - started
    return result


def _task(message: str, default: str) -> str:
    """The task a stub's NotImplementedError names ("Adam.update"), else ``default``."""
    found = TASK.search(message)
    return found.group(1) if found else default


class StudentRaised(Exception):
    """The student's code (or a probe on its behalf, as in grading's sandbox) raised during a call."""

    def __init__(self, exc: BaseException):
        super().__init__(str(exc))
        self.exc = exc


def _run_check(check: dict, calls, mods, student_files: set, data: dict) -> Outcome:
    outcome = Outcome(check["test"], check["name"], check["problem"], check["task"], check["points"], "pass",
                      score=check["points"])

    def run_call(i: int):
        call = check["calls"][i]
        probe = getattr(calls, call["probe"])
        try:
            with _Deadline(data["call_seconds"]):
                value = probe(mods, **call["inputs"])
        except (Unavailable, TooSlow):
            raise
        except Exception as exc:  # noqa: BLE001 -- everything inside the call is the student's, as in grading
            raise StudentRaised(exc) from exc
        return protocol.loads(protocol.dumps(value))

    try:
        verdict = judge.judge(check, run_call)
    except Unavailable as exc:
        outcome.state, outcome.score, outcome.blocked_by = "blocked", 0.0, str(exc)
        return outcome
    except TooSlow:
        verdict = judge.Verdict(f"this check's call into your code did not finish within {data['call_seconds']:g} s "
                                "and was stopped (an endless loop, or far too many steps?)", ["timeout"],
                                data["kind_hints"]["timeout"])
    except protocol.ProtocolError as exc:
        verdict = judge.Verdict(f"the code returned {exc}", ["bad-output"], data["kind_hints"]["bad_output"])
    except StudentRaised as raised:
        if isinstance(raised.exc, NotImplementedError):
            outcome.state, outcome.score, outcome.task = "todo", 0.0, _task(str(raised.exc), check["task"])
            outcome.message = _describe(raised.exc, student_files)
            outcome.tags, outcome.hint = ["not-implemented"], data["kind_hints"]["not_implemented"]
            return outcome
        message = _describe(raised.exc, student_files)
        words, tags = judge.crash_named(message)
        verdict = judge.Verdict(f"{message}\n{words}" if words else message, [*tags, "exception"], None)
    except Exception as exc:  # noqa: BLE001 -- a bug in the check itself, never the student's fault
        verdict = judge.Verdict(f"The check itself failed ({type(exc).__name__}: {exc}); this is not a judgement of "
                                "your code. Tell course staff.", ["grader-error"], None)
    if verdict is None:
        return outcome
    if "not-implemented" in verdict.tags:       # a probe that caught the stub's exception itself
        outcome.state, outcome.task = "todo", _task(verdict.message, check["task"])
    else:
        full = verdict.score is not None and verdict.score >= check["points"]
        outcome.state = "note" if full else "fail"
    outcome.score = float(verdict.score or 0.0)
    outcome.message, outcome.tags, outcome.hint, outcome.figure = verdict.message, verdict.tags, verdict.hint, \
        verdict.figure
    outcome.named = [data["labels"].get(t, t) for t in verdict.tags if t not in data["generic_tags"]]
    return outcome


def main(argv: list[str] | None = None, kit_dir: Path = KIT) -> int:
    """``python -m public_checks [FOLDER] [--json FILE]``: print the report; exit 0 when everything passed."""
    import argparse
    import json
    parser = argparse.ArgumentParser(prog="python -m public_checks", description=(
        "Run this week's public checks on your work (a sample: hidden tests run after the deadline)."))
    parser.add_argument("folder", nargs="?", default=".", help="the folder with your files (default: here)")
    parser.add_argument("--json", metavar="FILE", help="also write the outcomes as a results.json")
    args = parser.parse_args(argv)
    result = run(args.folder, kit_dir)
    print(result.report(Style(sys.stdout)))
    if args.json:
        Path(args.json).write_text(json.dumps(plaindata.encode(result.as_results_json())), encoding="utf-8")
    return 0 if result.passed else 1


class PublicChecksFailed(Exception):
    """Raised by the notebook's last cell when something is left to do; Jupyter shows the report as its
    error output (``_render_traceback_`` is IPython's hook), and so does nbgrader's Validate."""

    def __init__(self, report: str, summary: str):
        super().__init__(summary)
        self.report = report

    def _render_traceback_(self):
        return self.report.splitlines()


def notebook_check(folder=".", kit_dir: Path = KIT) -> None:
    """The notebook's last cell: run the checks on the saved files beside the notebook, show the report."""
    result = run(folder, kit_dir)
    text = result.report(Style(None, colour=False), width=NOTEBOOK_WIDTH)
    if result.passed:
        print(text)
        return
    failing = sum(1 for o in result.outcomes if not o.full_marks)
    raise PublicChecksFailed(text, f"{failing} of {len(result.outcomes)} public checks not passed yet, "
                                   f"{len(result.findings) + len(result.imports)} hand-in problem(s): see the report")
