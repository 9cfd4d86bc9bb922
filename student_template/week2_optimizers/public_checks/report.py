"""The public checks' report: one format for the terminal, pytest's summary and the notebook.

Built from the outcome of every check (in teaching order), the hand-in findings
and the files that do not import. It says, in this order: what grading cannot
see (a missing or renamed file, one banner per file that does not import, with
file:line), each check (PASS, FAIL with the message, the recognised mistake and
what to try, TODO for an unwritten stub -- one line each), the unanswered
questions, the public score, the ONE next thing to do, and how many hidden tests
and points remain. It never says "all checks passed" while hidden tests exist.

"Next:" ranks what blocks grading first (a missing or renamed file, a file that
does not import), then a recognised mistake in code you wrote, then any other
failure in code you wrote, then the first unwritten stub, then the first
unanswered question -- each in teaching order.

Standard library only; copied into every release.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class Outcome:
    """One public check's result."""
    test: str              # the grader test it mirrors (test_adam_first_step)
    name: str              # what it checks, in words
    problem: str
    task: str              # the function or method it exercises (Adam.update)
    points: float
    state: str             # pass | note | fail | todo | blocked
    score: float = 0.0
    message: str = ""
    tags: list = field(default_factory=list)
    hint: str | None = None
    figure: dict | None = None
    named: list = field(default_factory=list)    # readable names of the recognised mistakes
    blocked_by: str = ""   # for state "blocked": the file that is missing or does not import

    @property
    def full_marks(self) -> bool:
        return self.state in ("pass", "note")

    def as_test(self) -> dict:
        """The Gradescope ``tests`` entry grading would write for this check (for feedback pages)."""
        output = self.message or "Passed."
        if self.hint:
            output += f"\nWhat to try: {self.hint}"
        return {"name": self.name, "score": self.score, "max_score": self.points,
                "status": "passed" if self.state == "pass" else "failed", "output": output, "tags": self.tags,
                "visibility": "visible", "extra_data": {"problem": self.problem, **({"figure": self.figure}
                                                                                    if self.figure else {})}}


@dataclass
class ImportProblem:
    file: str              # optimizers.py
    line: int | None
    message: str           # "SyntaxError: invalid syntax" ...
    code: str = ""         # the line's text


class Style:
    """ANSI colours only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""

    def __init__(self, stream=None, colour: bool | None = None):
        if colour is None:
            colour = (hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("NO_COLOR")
                      and os.environ.get("TERM") != "dumb")
        self.on = bool(colour)
        enc = (getattr(stream, "encoding", None) or "utf-8").lower()
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


def next_step(outcomes: list[Outcome], findings: list, imports: list[ImportProblem]) -> str | None:
    """The one thing to do next (see the module docstring for the ranking)."""
    blocking = [f for f in findings if f.blocks_grading]
    if blocking:
        return f"{blocking[0].next_step}, then run the checks again."
    if imports:
        p = imports[0]
        at = f" line {p.line}" if p.line else ""
        return f"fix {p.file}{at} ({p.message.split(':')[0]}) so that it imports, then run the checks again."
    failing = [o for o in outcomes if o.state in ("fail", "todo") and "grader-error" not in o.tags]
    for wanted in ("named", "fail", "todo"):
        for o in failing:
            kind = "todo" if o.state == "todo" else ("named" if o.named else "fail")
            if kind == wanted:
                if kind == "todo":
                    return f"write {o.task}, then run the checks again."
                see = " (its \u201cWhat to try\u201d is above)" if o.hint else ""
                return f"fix \u201c{o.name}\u201d first{see}, then run the checks again."
    others = [f for f in findings if not f.blocks_grading]
    if others:
        return f"{others[0].next_step}."
    if any("grader-error" in o.tags for o in outcomes):
        return "a check failed because of the grader, not your code; tell course staff."
    return None


def format_report(week: str, outcomes: list[Outcome], findings: list, imports: list[ImportProblem], *,
                  hidden_tests: int, hidden_points: float, total_points: float, style: Style,
                  seconds: float | None = None, folder: str | None = None) -> str:
    ok_mark = "\u2713" if style.unicode else "+"
    bad_mark = "\u2717" if style.unicode else "x"
    out = [style.bold(f"Public checks for {week}") + (style.dim(f"  ({folder})") if folder else "")]
    for f in findings:
        if f.blocks_grading:
            out.append(style.red(style.bold("Hand-in: ")) + f.message)
    for p in imports:
        at = f", line {p.line}" if p.line else ""
        code = f"\n    {p.code}" if p.code else ""
        out.append(style.red(style.bold(f"{p.file} does not import{at}: ")) + p.message + code)
    if len(out) > 1:
        out.append("")
    blocked: dict[str, int] = {}
    stubs = 0
    for o in outcomes:
        pts = style.dim(f"{_pts(o.score)}/{_pts(o.points)} pts")
        if o.full_marks:
            out.append(f"{style.green(ok_mark + ' PASS')}  {o.name}  {pts}")
            if o.state == "note":
                out.append(_indent("Note: " + o.message, "        "))
        elif o.state == "blocked":
            blocked[o.blocked_by] = blocked.get(o.blocked_by, 0) + 1
        elif o.state == "todo":
            stubs += 1
            out.append(f"{style.yellow(bad_mark + ' TODO')}  {o.name}  {pts}  "
                       + style.dim(f"({o.task} is still the stub)"))
        else:
            label = "PART" if o.score > 0 else "FAIL"
            out.append(f"{style.red(bad_mark + ' ' + label)}  {style.bold(o.name)}  {pts}")
            if o.message:
                out.append(_indent(o.message, "        "))
            if o.named:
                out.append("        " + style.yellow("Recognized mistake: " + "; ".join(o.named)))
            if o.hint:
                out.append("        " + style.bold("What to try: ") + o.hint)
    for file, n in blocked.items():
        out.append(f"{style.red(bad_mark + ' SKIP')}  {_plural(n, 'check')} did not run: {file}")
    if stubs:
        out.append("")
        out.append(style.yellow(f"{_plural(stubs, 'check')} wait for code you have not written yet (TODO): ")
                   + "replace each `raise NotImplementedError` with your code; the docstring gives the formula "
                     "and the shapes.")
    questions = [f for f in findings if not f.blocks_grading]
    if questions:
        out.append("")
        out.append(style.yellow(f"Notebook: {_plural(len(questions), 'question')} to answer before you submit "
                                "(answers are graded after the deadline; here only whether they are there):"))
        out += [f"  - {f.message}" for f in questions]
    passed = sum(1 for o in outcomes if o.full_marks)
    score = sum(o.score for o in outcomes)
    top = sum(o.points for o in outcomes)
    out.append("")
    colour = style.green if outcomes and passed == len(outcomes) else (style.yellow if passed else style.red)
    timing = f" in {seconds:.1f} s" if seconds is not None else ""
    out.append(style.bold("Public checks: ") + colour(f"{passed} of {len(outcomes)} passed, "
                                                      f"{_pts(score)} / {_pts(top)} points") + timing)
    step = next_step(outcomes, findings, imports)
    if step:
        out.append(style.bold("Next: ") + step)
    hidden = (f"{_plural(hidden_tests, 'hidden test')} ({_pts(hidden_points)} of {_pts(total_points)} points)")
    if hidden_tests <= 0:
        if outcomes and passed == len(outcomes) and not findings and not imports:
            out.append(style.green("All checks passed (this week has no hidden tests)."))
    elif outcomes and passed == len(outcomes) and not findings and not imports:
        out.append(style.green("All public checks passed; ") + f"{hidden} remain: they run after the deadline. "
                   "Passing the public checks does not guarantee the hidden ones, so test your code in the "
                   "notebook too (other inputs, other surfaces).")
    else:
        out.append(style.bold("Hidden tests: ") + f"{hidden} will run after the deadline.")
    return "\n".join(out)
