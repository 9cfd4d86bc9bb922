"""Generate student stubs from reference solutions.

Every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region of a solution
module becomes one line::

    raise NotImplementedError("<week>: <task> — see the docstring")

where ``<task>`` is the qualified name of the function that holds the region
(``Adam.update``). Everything outside the regions -- imports, docstrings,
signatures, given scaffolding -- is released as written. Given modules
(``solutions/common``) are copied unchanged, and so are the week's data files
(``Week.data``, bytes). Stubs are never edited by hand:
``tests/test_stubs.py`` fails when the committed ones differ from a fresh
generation.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from autograder.weeks import Week

BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")


class StubError(ValueError):
    pass


def _qualnames(source: str) -> list[tuple[int, int, str]]:
    """(first line, last line, qualified name) of every function, innermost last."""
    spans: list[tuple[int, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    spans.append((child.lineno, child.end_lineno or child.lineno, name))
                visit(child, name + ".")
    visit(ast.parse(source), "")
    return spans


def solution_regions(source: str, filename: str = "<solution>") -> list[tuple[int, int, str, str]]:
    """(begin line, end line, indentation, task) for each region; 1-based line numbers."""
    lines = source.splitlines()
    spans = _qualnames(source)
    regions, open_at, indent = [], None, ""
    for i, line in enumerate(lines, start=1):
        if m := BEGIN.match(line):
            if open_at is not None:
                raise StubError(f"{filename}:{i}: BEGIN SOLUTION inside another region (opened at line {open_at})")
            open_at, indent = i, m.group(1)
        elif END.match(line):
            if open_at is None:
                raise StubError(f"{filename}:{i}: END SOLUTION without BEGIN")
            # trailing comments are not part of a function's AST span, so test where the region starts
            owners = [name for first, last, name in spans if first < open_at <= last]
            if not owners:
                raise StubError(f"{filename}:{open_at}: a solution region must sit inside a function")
            regions.append((open_at, i, indent, owners[-1]))
            open_at = None
    if open_at is not None:
        raise StubError(f"{filename}:{open_at}: BEGIN SOLUTION is never closed")
    return regions


def make_stub(source: str, week: str, filename: str = "<solution>") -> str:
    lines = source.splitlines()
    out: list[str] = []
    cursor = 0
    for begin, end, indent, task in solution_regions(source, filename):
        out.extend(lines[cursor:begin - 1])
        out.append(f'{indent}raise NotImplementedError("{week}: {task} — see the docstring")')
        cursor = end
    out.extend(lines[cursor:])
    stub = "\n".join(out) + "\n"
    ast.parse(stub, filename)  # a stub that does not parse is a bug in the solution's markers
    return stub


def solution_lines(source: str) -> list[str]:
    """The stripped, non-trivial lines inside solution regions (for leak checks)."""
    lines = source.splitlines()
    found = []
    for begin, end, _, _ in solution_regions(source):
        for line in lines[begin:end - 1]:
            text = line.strip()
            if text and not text.startswith("#") and len(text) > 3:
                found.append(text)
    return found


def release_files(week: Week) -> dict[str, str]:
    """File name -> content of every generated .py file of a week's release."""
    files = {}
    for module in week.modules:
        path = week.solution_dir / f"{module}.py"
        files[f"{module}.py"] = make_stub(path.read_text(), week.name, str(path))
    for module in week.given:
        files[f"{module}.py"] = (week.common_dir / f"{module}.py").read_text()
    return files


def release_data(week: Week) -> dict[str, bytes]:
    """File name -> bytes of every data file of a week's release (``Week.data``, from ``solutions/common``)."""
    return {name: (week.common_dir / name).read_bytes() for name in week.data}


def write_release(week: Week, target: Path | None = None) -> list[Path]:
    target = target or week.template_dir
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in release_files(week).items():
        path = target / name
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
        written.append(path)
    for name, data in release_data(week).items():
        path = target / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    return written
