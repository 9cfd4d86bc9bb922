"""`autograder check WEEK [FOLDER]`: the public checks, on the student's own machine.

Runs only the week's public tests (``@visible``) through the same engine that
grades submissions (sandboxed child, same messages), prints each check with its
message and hint, the public score, the first thing to fix, and how many hidden
tests remain. Hidden tests never run here: their number comes from collecting
the grader folder (pytest's collection only imports the test modules, it does
not call a test).
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from autograder.feedback.html import GENERIC_TAGS, tag_label
from autograder.feedback.student import full_marks, next_step, split_output, stub_task, test_state
from autograder.weeks import Week


@dataclass
class Counts:
    total: int
    public: int
    total_points: float
    public_points: float

    @property
    def hidden(self) -> int:
        return self.total - self.public

    @property
    def hidden_points(self) -> float:
        return self.total_points - self.public_points


class _Collector:
    def __init__(self):
        self.items: list[tuple[bool, float]] = []

    def pytest_configure(self, config):
        config.addinivalue_line("markers", "points(n): points this test is worth")
        config.addinivalue_line("markers", "visible: a public test")

    def pytest_collection_modifyitems(self, session, config, items):
        for it in items:
            marker = it.get_closest_marker("points")
            pts = float(marker.args[0]) if marker is not None and marker.args else 0.0
            self.items.append((it.get_closest_marker("visible") is not None, pts))


def count_tests(week: Week) -> Counts | None:
    """How many tests the week has, and how many are public (None if the graders are not here)."""
    grader_dir = week.grader_dir
    if not grader_dir.is_dir() or not any(grader_dir.glob("test_*.py")):
        return None
    import pytest
    from autograder.engine.worker import GRADER_INI
    collector = _Collector()
    args = [str(grader_dir), "-c", str(GRADER_INI), "--rootdir", str(grader_dir), "--confcutdir", str(grader_dir),
            "--collect-only", "--assert=plain", "-p", "no:cacheprovider", "-p", "no:terminal",
            "-p", "no:stepwise", "-W", "ignore"]
    old = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            code = pytest.main(args, plugins=[collector])
    finally:
        if old is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = old
    if code not in (0, 5) or not collector.items:   # 5: nothing collected
        return None
    return Counts(total=len(collector.items), public=sum(1 for v, _ in collector.items if v),
                  total_points=sum(p for _, p in collector.items),
                  public_points=sum(p for v, p in collector.items if v))


class Style:
    """ANSI colours only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""

    def __init__(self, stream):
        self.on = (hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("NO_COLOR")
                   and os.environ.get("TERM") != "dumb")
        enc = (getattr(stream, "encoding", None) or "").lower()
        self.unicode = "utf" in enc

    def _c(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.on else text

    def green(self, t): return self._c("32", t)
    def red(self, t): return self._c("31", t)
    def yellow(self, t): return self._c("33", t)
    def bold(self, t): return self._c("1", t)
    def dim(self, t): return self._c("2", t)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _pts(x: float) -> str:
    return f"{x:g}"


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line.strip() else line for line in text.splitlines())


def format_check(result: dict, counts: Counts | None, style: Style, *, seconds: float | None = None) -> str:
    """The terminal report of a public check run."""
    tests = [t for t in result.get("tests", []) if isinstance(t, dict)]
    out: list[str] = []
    ok_mark = "✓" if style.unicode else "+"
    bad_mark = "✗" if style.unicode else "x"
    problems = (result.get("extra_data") or {}).get("problems") or {}
    for file, problem in sorted(problems.items()):
        out.append(style.red(style.bold(f"Problem with {file}: ")) + str(problem))
    if problems:
        out.append("")
    stubs = 0
    for t in tests:
        state = test_state(t)
        pts = f"{_pts(float(t.get('score', 0)))}/{_pts(float(t.get('max_score', 0)))} pts"
        if state in ("passed", "note"):
            out.append(f"{style.green(ok_mark + ' PASS')}  {t.get('name', '')}  {style.dim(pts)}")
            if state == "note":
                message, _ = split_output(t.get("output"))
                out.append(_indent("Note: " + message, "        "))
            continue
        task = stub_task(t)
        if task is not None:            # one line: the shared hint is printed once, below
            stubs += 1
            out.append(f"{style.yellow(bad_mark + ' TODO')}  {t.get('name', '')}  {style.dim(pts)}  "
                       + style.dim(f"({task} is still the stub)"))
            continue
        label = "PART" if state == "partial" else "FAIL"
        out.append(f"{style.red(bad_mark + ' ' + label)}  {style.bold(str(t.get('name', '')))}  {style.dim(pts)}")
        message, hint = split_output(t.get("output"))
        if message:
            out.append(_indent(message, "        "))
        named = [tag_label(x) for x in t.get("tags", []) if x not in GENERIC_TAGS]
        if named:
            out.append("        " + style.yellow("Recognized mistake: " + "; ".join(named)))
        if hint:
            out.append("        " + style.bold("What to try: ") + hint)
    if stubs:
        out.append("")
        out.append(style.yellow(f"{_plural(stubs, 'check')} wait for code you have not written yet (TODO): ")
                   + "replace each `raise NotImplementedError` with your code; the docstring gives the formula "
                     "and the shapes.")
    passed = sum(1 for t in tests if full_marks(t))
    score = sum(float(t.get("score", 0)) for t in tests)
    top = sum(float(t.get("max_score", 0)) for t in tests)
    out.append("")
    colour = style.green if tests and passed == len(tests) else (style.yellow if passed else style.red)
    timing = f" in {seconds:.1f} s" if seconds is not None else ""
    out.append(style.bold("Public checks: ") + colour(f"{passed} of {len(tests)} passed, "
                                                      f"{_pts(score)} / {_pts(top)} points") + timing)
    failing = [t for t in tests if not full_marks(t)]
    if failing:
        first = next_step(tests)
        problem = (first.get("extra_data") or {}).get("problem")
        _, hint = split_output(first.get("output"))
        where = f" (problem {problem})" if problem else ""
        if "grader-error" in first.get("tags", []):
            out.append(style.bold("Next: ") + f"\u201c{first.get('name', '')}\u201d{where} failed because of "
                       "the grader, not your code; tell course staff. Meanwhile, work on the other checks.")
        else:
            task = stub_task(first)
            if task is not None:
                out.append(style.bold("Next: ") + f"write {task}, then run this check again.")
            else:
                see = " (its \u201cWhat to try\u201d is above)" if hint else ""
                out.append(style.bold("Next: ") + f"fix \u201c{first.get('name', '')}\u201d{where} first{see}, "
                           "then run this check again.")
    elif not tests:
        out.append(style.yellow("No public checks ran for this week."))
    if counts is None:
        out.append("Hidden tests: more tests run after the deadline; the public checks are only a sample.")
    elif counts.hidden > 0:
        hidden = (f"{_plural(counts.hidden, 'hidden test')} ({_pts(counts.hidden_points)} of "
                  f"{_pts(counts.total_points)} points)")
        if tests and not failing:
            out.append(style.green("All public checks passed; ") + f"{hidden} remain: they run after the "
                       "deadline. Passing the public checks does not guarantee the hidden ones, so test your "
                       "code in the notebook too (other inputs, other surfaces).")
        else:
            out.append(style.bold("Hidden tests: ") + f"{hidden} will run after the deadline.")
    elif tests and not failing:
        out.append(style.green("All checks passed (this week has no hidden tests)."))
    return "\n".join(out)


def run_check(week: Week, folder: Path, *, stream=None, html: Path | None = None) -> int:
    """Run the public checks on ``folder`` and print the report; exit status 0 when all pass."""
    from autograder.engine.runner import grade_found
    from autograder.engine.submissions import Locator, safe_name
    stream = stream or sys.stdout
    style = Style(stream)
    folder = Path(folder)
    if not folder.is_dir():
        print(f"autograder check: {folder} is not a folder (give the folder with your week's files)",
              file=sys.stderr)
        return 2
    print(style.bold(f"Public checks for {week.name}") + style.dim(f"  ({folder.resolve()})"), file=stream,
          flush=True)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="autograder-check-") as tmp:
        # the folder is the student's hand-in, whatever it holds (an empty one gets a result that says so)
        where = Locator(safe_name(folder.resolve().name), "folder", str(folder))
        results = grade_found(week, [where], out=Path(tmp), public_only=True, show_progress=False)
        result = next(iter(results.values()), None)      # read before the folder goes
    seconds = time.monotonic() - t0
    if result is None:
        print(style.red("Nothing to check: no submission found in that folder."), file=stream)
        return 2
    counts = count_tests(week)
    print(format_check(result, counts, style, seconds=seconds), file=stream)
    if html is not None:
        from autograder.feedback.student import student_page
        Path(html).write_text(student_page(result, week.name), encoding="utf-8")
        print(f"Feedback page with figures: {html}", file=stream)
    tests = result.get("tests", [])
    ok = bool(tests) and all(full_marks(t) for t in tests)
    return 0 if ok else 1
