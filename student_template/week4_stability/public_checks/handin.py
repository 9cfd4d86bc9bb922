"""What grading will look at in a hand-in, before any code runs: folder -> findings.

* every module the week grades, under its exact name -- and when it is missing,
  the file that is there instead (``optimizers_fritz.py``, ``optimizer.py``,
  ``Optimizers.py``, ``optimizers (1).py``, ``optimizers.py.txt``);
* the week's notebook, under its exact name (or the copy that is there instead);
* each answer cell of the notebook answered -- never whether the answer is
  right: the answers are read as grading reads them (``answers.read_answers``,
  without running anything).

Standard library only; copied into every release (the student kit reports the
findings first) and importable by the grading engine::

    from autograder.kit.handin import inspect
    findings = inspect(folder, modules=["optimizers"], notebook="week2_optimizers.ipynb",
                       questions=["momentum_ravine", ...])

Each :class:`Finding` says what is wrong (``kind``, one of :data:`KINDS`), which
expected file it concerns, the file found instead (if any), and a message and a
next step in plain words.
"""
from __future__ import annotations

import difflib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

try:       # in a released week folder: the copy beside this file
    from .answers import Unanswered, read_answers
except ImportError:   # inside the autograder package
    from autograder.answers import Unanswered, read_answers

# the closed vocabulary of hand-in findings, in the order they block grading
KINDS = ("module-renamed", "module-missing", "import-not-provided", "notebook-renamed", "notebook-missing",
         "notebook-unreadable", "question-missing", "unanswered")
MAX_MODULE = 2_000_000        # bytes of a module read for its imports (a hand-in's modules are a few kB)
MAX_NOTEBOOK = 20_000_000     # as the engine reads notebooks (engine/submissions.py)
SIMILAR = 0.75                # difflib ratio of two names (optimizer/optimizers 0.95, adam/optimizers 0.33)


@dataclass(frozen=True)
class Finding:
    kind: str            # one of KINDS
    expected: str        # the file grading looks for ("optimizers.py"), or the question's cell ("q_x")
    found: str | None    # the file that is there instead, if any
    message: str         # what is wrong, in plain words
    next_step: str       # what to do about it

    @property
    def blocks_grading(self) -> bool:
        """True when grading cannot see the work at all (a missing or renamed file)."""
        return self.kind in ("module-renamed", "module-missing", "import-not-provided", "notebook-renamed",
                             "notebook-missing", "notebook-unreadable")


def _stem(name: str) -> str:
    """``Optimizers (1).py.txt`` -> ``optimizers``: lower case, up to the first dot, no copy marks."""
    base = name.split(".", 1)[0].lower()
    base = re.sub(r"\s*\(\d+\)$|[-_ ]?copy\d*$|-\d+$", "", base)
    return re.sub(r"[^a-z0-9]", "", base)


def near_miss(expected: str, names: list[str]) -> str | None:
    """The file among ``names`` that is most likely ``expected`` under another name, or None."""
    want = _stem(expected)
    best, best_ratio = None, 0.0
    for name in names:
        if name == expected:
            continue
        got = _stem(name)
        if not got:
            continue
        ratio = difflib.SequenceMatcher(None, want, got).ratio()
        if min(len(want), len(got)) >= 4 and (got.startswith(want) or want.startswith(got)):
            ratio = max(ratio, 0.9)          # optimizers_fritz, optimizer
        if ratio > best_ratio:
            best, best_ratio = name, ratio
    return best if best_ratio >= SIMILAR else None


def inspect(folder, *, modules: list[str], notebook: str, questions: list[str] | None = None,
            ignore: tuple[str, ...] = (), provided: tuple[str, ...] | None = None) -> list[Finding]:
    """The findings for ``folder``, most blocking first; an empty list when grading will see everything.

    ``ignore``: files of the release that are not the student's work (given modules, the kit's files),
    never offered as a renamed module. ``provided``: the packages and modules grading's sandbox has besides
    Python's standard library (NumPy, the week's modules); a module that imports anything else at its top
    level will not import there (None: not checked).
    """
    folder = Path(folder)
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    except OSError:
        names = []
    candidates = [n for n in names if n not in ignore and n not in {f"{m}.py" for m in modules} and n != notebook]
    findings: list[Finding] = []
    for module in modules:
        expected = f"{module}.py"
        if expected in names:
            if provided is not None:
                findings += _import_findings(folder / expected, expected, set(provided))
            continue
        found = near_miss(expected, [n for n in candidates if not n.endswith(".ipynb")])
        if found:
            findings.append(Finding("module-renamed", expected, found,
                                    f"{expected} is missing; found {found} instead. Grading reads {expected} only, "
                                    "so nothing in it would be graded.",
                                    f"rename {found} to {expected} (keep one file per module)"))
        else:
            findings.append(Finding("module-missing", expected, None,
                                    f"{expected} is missing from the folder: grading would find none of its code.",
                                    f"put {expected} (the released file, with your code) in this folder"))
    findings += _notebook_findings(folder, names, candidates, notebook, questions)
    return findings


def _import_findings(path: Path, expected: str, provided: set[str]) -> list[Finding]:
    """Top-level imports of packages grading does not have (a plotting import left in a module is the usual
    one: the student's machine has matplotlib, grading's sandbox has NumPy only). Only statements run on
    import count: an import inside a function, a ``try`` or an ``if`` is the student's own choice to guard."""
    import ast
    stdlib = getattr(sys, "stdlib_module_names", None)
    if stdlib is None:                  # Python 3.9 cannot tell the standard library apart: not checked
        return []
    try:
        if path.stat().st_size > MAX_MODULE:
            return []
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, SyntaxError, RecursionError, MemoryError):
        return []                       # grading reports a file that does not parse (or read) itself
    found = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            found += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module.split(".")[0])
    missing = sorted({m for m in found if m not in provided and m not in stdlib})
    if not missing:
        return []
    what = ", ".join(missing)
    return [Finding("import-not-provided", expected, None,
                    f"{expected} imports {what} at its top level, which grading does not provide (only NumPy and "
                    "Python's standard library): the file would not import there, and none of its code would be "
                    "graded.",
                    f"remove the import of {what}, or move it into the function that uses it (plots are not "
                    "graded: keep them in the notebook)")]


def _notebook_findings(folder: Path, names, candidates, notebook: str, questions) -> list[Finding]:
    if notebook not in names:
        found = near_miss(notebook, [n for n in candidates if n.endswith(".ipynb")])
        if found:
            return [Finding("notebook-renamed", notebook, found,
                            f"{notebook} is missing; found {found} instead. Your answers are read from {notebook} "
                            "only.", f"rename {found} to {notebook}")]
        return [Finding("notebook-missing", notebook, None,
                        f"{notebook} is missing: your answers to its questions cannot be read.",
                        f"put {notebook} (the released notebook, with your answers) in this folder")]
    path = folder / notebook
    try:
        if path.stat().st_size > MAX_NOTEBOOK:
            raise ValueError(f"it is over {MAX_NOTEBOOK // 1_000_000} MB")
        nb = json.loads(path.read_text(encoding="utf-8-sig"))
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            raise ValueError("it has no list of cells")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return [Finding("notebook-unreadable", notebook, None,
                        f"{notebook} cannot be read as a notebook ({exc.__class__.__name__}: {str(exc)[:120]}).",
                        f"open {notebook} in Jupyter and save it again (or start from the released copy)")]
    answers = read_answers(nb)
    findings = []
    for qid in questions or ():
        cell = f"q_{qid}"
        if qid not in answers:
            findings.append(Finding("question-missing", cell, None,
                                    f"the answer cell of {cell} is not in {notebook} (deleted, or its metadata lost).",
                                    f"copy the cell of {cell} back from the released notebook and answer in it"))
        elif isinstance(answers[qid], Unanswered):
            findings.append(Finding("unanswered", cell, None, f"{cell} is not answered yet: {answers[qid]}.",
                                    f"answer {cell} in {notebook} ({cell} = <your answer>) and save the notebook"))
    return findings

