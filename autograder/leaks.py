"""What must never reach a release, and the search of every released file for it.

A release (``student_template/<week>/``: stubs, given modules, the notebook, the
public checks' kit) may hold nothing of

* the reference solution: no line of a solution region -- as a line of any
  file or notebook cell; in the kit's own files (code and data, where messages
  and hints live) not even inside a longer line, spaces ignored;
* the hidden tests: none of their names (the names students see in feedback);
* the answer key: no line of ``key.py``, and every answer cell of the released
  notebook unanswered.

:func:`find_leaks` is run by ``autograder generate`` on every release (the
files holding a leak are deleted, so they cannot be released) and by course CI
(``tests/test_kit.py``, which also checks that no hidden test's inputs are in
the kit's data).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from autograder.weeks import Week

MIN_SECRET = 12     # shorter solution lines ("return x", "p -= d") are public idioms, not leaks


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def secret_lines(week: Week) -> set[str]:
    """The solution regions' lines that the released stubs and given modules do not show anyway."""
    from autograder.stubgen import release_files, solution_lines
    public = {line.strip() for text in release_files(week).values() for line in text.splitlines()}
    return {line for m in week.modules for line in solution_lines((week.solution_dir / f"{m}.py").read_text())
            if line not in public and len(line) > MIN_SECRET}


def key_lines(week: Week) -> set[str]:
    path = week.grader_dir / "key.py"
    if not path.exists():
        return set()
    lines = {line.strip() for line in path.read_text().splitlines()}
    return {line for line in lines if len(line) > MIN_SECRET and not line.startswith(("#", '"""'))}


def hidden_names(week: Week) -> set[str]:
    from autograder.manifest import collect
    return {t.name for t in collect(week) if not t.visible}


def file_text(path: Path) -> str:
    """What a reader of the file sees: a notebook's cells (sources and outputs), a JSON file's strings."""
    text = path.read_text(errors="replace")
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(text).get("cells", [])
            return "\n".join(_source(c) + "\n" + "\n".join(_strings(c.get("outputs", []))) for c in cells)
        except (ValueError, AttributeError):
            return text
    if path.suffix == ".json":
        try:
            return "\n".join(_strings(json.loads(text)))
        except ValueError:
            return text
    return text


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in [k, *_strings(v)]]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def find_leaks(week: Week, release_dir: Path, *, kit_folder: str = "public_checks") -> dict[Path, list[str]]:
    """released file -> what it must not hold (empty when the release is clean)."""
    from autograder.answers import Unanswered, read_answers
    secret, key = secret_lines(week), key_lines(week)
    squashed = {_squash(line): line for line in secret}
    names = hidden_names(week)
    found: dict[Path, list[str]] = {}
    for path in sorted(p for p in Path(release_dir).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        text = file_text(path)
        lines = {line.strip() for line in text.splitlines()}
        leaks = [f"solution line {line!r}" for line in sorted(secret & lines)]
        if "### BEGIN SOLUTION" in text:
            leaks.append("a solution region marker")
        if kit_folder in path.relative_to(release_dir).parts or path.name.startswith(("test_public", "conftest")):
            flat = _squash(text)
            leaks += [f"solution line {line!r} (inside a longer line)" for s, line in sorted(squashed.items())
                      if s in flat and line not in lines]
        leaks += [f"answer key line {line!r}" for line in sorted(key & lines)]
        leaks += [f"hidden test name {name!r}" for name in sorted(names) if name in text]
        if path.suffix == ".ipynb":
            try:
                answered = [q for q, v in read_answers(json.loads(path.read_text())).items()
                            if not isinstance(v, Unanswered)]
            except ValueError:
                answered = []
            leaks += [f"the answer of q_{q}" for q in answered]
        if leaks:
            found[path] = leaks
    return found
