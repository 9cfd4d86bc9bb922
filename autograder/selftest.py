"""Grade the graders: realistic mistakes must lose points, correct variants must get full marks.

The catalogue (``tests/catalogue/<week>.py``) lists each case as edits to the
reference solution -- exact snippets replaced by what a student really writes --
so no module is written twice and a case whose snippet no longer exists fails
loudly instead of silently testing the reference. ``autograder selftest``
builds every case as a submission folder, grades them all in one batch, and
prints the mutation score (mistakes caught / mistakes catalogued) and the
acceptance rate of the valid alternatives.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.weeks import ROOT, WEEKS, Week, get_week

CATALOGUE = ROOT / "tests" / "catalogue"


@dataclass(frozen=True)
class Mistake:
    """A realistic wrong implementation: it must lose points and be named (``tag``, ``words``)."""
    tag: str                                   # the tags entry the feedback must carry
    edits: dict[str, list[tuple[str, str]]]    # module -> [(exact snippet in the solution, replacement)]
    words: str                                 # plain words the feedback must contain (case-insensitive)
    why: str = ""                              # what students do and why it is wrong


@dataclass(frozen=True)
class Valid:
    """A correct way of writing the spec that differs from the reference: it must get full marks."""
    name: str
    edits: dict[str, list[tuple[str, str]]]
    why: str = ""


@dataclass
class Outcome:
    case: str
    kind: str                  # mistake | valid | reference | stubs
    score: float
    max_score: float
    ok: bool
    detail: str = ""
    tags: list[str] = field(default_factory=list)


def load_catalogue(week: Week) -> tuple[list[Mistake], list[Valid]]:
    path = CATALOGUE / f"{week.name}.py"
    if not path.exists():
        return [], []
    spec = importlib.util.spec_from_file_location(f"catalogue_{week.name}", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return list(getattr(module, "MISTAKES", [])), list(getattr(module, "VALID", []))


def apply_edits(source: str, edits: list[tuple[str, str]], where: str) -> str:
    for old, new in edits:
        count = source.count(old)
        if count != 1:
            raise ValueError(f"{where}: the snippet {old[:60]!r} occurs {count} times in the solution "
                             "(it must occur exactly once; update the catalogue)")
        source = source.replace(old, new)
    return source


def reference_notebook(week: Week) -> Path | None:
    """The source notebook holds the answer key's values in its solution cells."""
    path = week.solution_dir.parent.parent / "assignments" / week.name / week.notebook
    return path if path.exists() else None


def build_case(week: Week, folder: Path, edits: dict[str, list[tuple[str, str]]], *, stubs: bool = False) -> None:
    from autograder.stubgen import release_files
    folder.mkdir(parents=True)
    files = release_files(week) if stubs else {
        f"{m}.py": (week.solution_dir / f"{m}.py").read_text() for m in week.modules}
    for name, text in files.items():
        module = name.removesuffix(".py")
        if module in edits:
            text = apply_edits(text, edits[module], f"{folder.name}/{name}")
        (folder / name).write_text(text)
    notebook = week.template_dir / week.notebook if stubs else reference_notebook(week)
    if notebook is not None and notebook.exists():
        shutil.copy(notebook, folder / week.notebook)


def run(week: Week, jobs: int = 2, keep: Path | None = None) -> list[Outcome]:
    from autograder.engine.runner import grade
    mistakes, valid = load_catalogue(week)
    work = Path(keep or tempfile.mkdtemp(prefix=f"selftest-{week.name}-"))
    subs = work / "submissions"
    cases: dict[str, tuple[str, object]] = {}
    build_case(week, subs / "reference", {})
    cases["reference"] = ("reference", None)
    build_case(week, subs / "stubs", {}, stubs=True)
    cases["stubs"] = ("stubs", None)
    for m in mistakes:
        build_case(week, subs / f"mistake-{m.tag}", m.edits)
        cases[f"mistake-{m.tag}"] = ("mistake", m)
    for v in valid:
        build_case(week, subs / f"valid-{v.name}", v.edits)
        cases[f"valid-{v.name}"] = ("valid", v)
    results = grade(week, sorted(subs.iterdir()), work / "graded", jobs=jobs, show_progress=False)
    outcomes = []
    for name, (kind, case) in cases.items():
        res = results[name]
        score, top = res["score"], res["max_score"]
        failed = [t for t in res["tests"] if t["status"] != "passed"]
        tags = sorted({tag for t in failed for tag in t["tags"]})
        if kind in ("reference", "valid"):
            ok, detail = score == top, "; ".join(f"{t['name']}: {t['output'][:300]}" for t in failed)
        elif kind == "stubs":
            ok, detail = score == 0, f"stubs scored {score}"
        else:
            assert isinstance(case, Mistake)
            text = " ".join(t["output"].lower() for t in failed)
            named = case.tag in tags and case.words.lower() in text
            ok = score < top and named
            detail = "" if ok else (f"score {score}/{top}; tags {tags}; "
                                    f"{'words missing' if case.words.lower() not in text else ''}")
        outcomes.append(Outcome(name, kind, score, top, ok, detail, tags))
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    mistakes = [o for o in outcomes if o.kind == "mistake"]
    valid = [o for o in outcomes if o.kind == "valid"]
    caught = sum(o.ok for o in mistakes)
    lines = []
    for o in outcomes:
        mark = "ok  " if o.ok else "FAIL"
        lines.append(f"  {mark} {o.kind:<9} {o.case:<45} {o.score:g}/{o.max_score:g} {o.detail[:200]}")
    lines.append(f"  mutation score: {caught}/{len(mistakes)} mistakes lose points and are named"
                 f"{f' ({100 * caught / len(mistakes):.0f}%)' if mistakes else ''}; "
                 f"valid alternatives at full marks: {sum(o.ok for o in valid)}/{len(valid)}")
    return "\n".join(lines)


def main(weeks: list[str], jobs: int = 2, as_json: Path | None = None) -> int:
    all_ok, summary = True, {}
    for name in weeks or list(WEEKS):
        week = get_week(name)
        t0 = time.monotonic()
        outcomes = run(week, jobs=jobs)
        print(f"{week.name} ({time.monotonic() - t0:.1f} s)")
        print(report(outcomes))
        all_ok &= all(o.ok for o in outcomes)
        summary[week.name] = [o.__dict__ for o in outcomes]
    if as_json:
        as_json.write_text(json.dumps(summary, indent=2))
    return 0 if all_ok else 1
