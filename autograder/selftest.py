"""Grade the graders: realistic mistakes must lose points, correct variants must get full marks.

The catalogue (``autograder/graders/<week>/catalogue.py``, see :mod:`autograder.catalogue`)
lists each case as edits to the reference solution. ``autograder selftest``
builds every case as a submission folder, grades them all in one batch, and
prints the mutation score (mistakes caught and named / mistakes catalogued), the
naming rate on the held-out mistakes, and the acceptance rate of the valid
alternatives.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.catalogue import Edits, Mistake, apply_edits, load, load_module
from autograder.weeks import WEEKS, Week, get_week


# Issue 15's bar for diagnosis that generalises: at least 95 % of the mistakes written after the graders
# (the held-out part, docs/graders.md) are named, not only caught. Measured and printed; where it stands
# today and why is in docs/graders.md.
HELD_OUT_TARGET = 0.95


@dataclass
class Outcome:
    case: str
    kind: str                  # mistake | held-out | valid | reference | stubs
    score: float
    max_score: float
    ok: bool
    detail: str = ""
    tags: list[str] = field(default_factory=list)
    caught: bool = True        # mistakes: lost points
    named: bool = True         # mistakes: lost points and carried the expected name
    novel: bool = False        # held-out: a kind of mistake the graders had no model for when it was written
    unnamed: bool = False      # a training case marked as not named yet (catalogue.Mistake.unnamed)
    tests: list[dict] = field(default_factory=list)    # every test's name, status, tags, output, figure


def reference_notebook(week: Week) -> Path | None:
    """The source notebook holds the answer key's values in its solution cells."""
    path = week.solution_dir.parent.parent / "assignments" / week.name / week.notebook
    return path if path.exists() else None


def build_case(week: Week, folder: Path, edits: Edits, *, stubs: bool = False) -> None:
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
    mistakes, valid = load(week)
    work = Path(keep or tempfile.mkdtemp(prefix=f"selftest-{week.name}-"))
    subs = work / "submissions"
    cases: dict[str, tuple[str, object]] = {}
    build_case(week, subs / "reference", {})
    cases["reference"] = ("reference", None)
    build_case(week, subs / "stubs", {}, stubs=True)
    cases["stubs"] = ("stubs", None)
    for m in mistakes:
        name = f"{'held-out' if m.held_out else 'mistake'}-{m.case}"
        if name in cases:
            raise ValueError(f"{week.name}: two catalogued mistakes are called {name}")
        build_case(week, subs / name, m.edits)
        cases[name] = ("held-out" if m.held_out else "mistake", m)
    for v in valid:
        build_case(week, subs / f"valid-{v.name}", v.edits)
        cases[f"valid-{v.name}"] = ("valid", v)
    results = grade(week, sorted(subs.iterdir()), work / "graded", jobs=jobs, show_progress=False)
    outcomes = [judge(name, kind, case, results[name]) for name, (kind, case) in cases.items()]
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return outcomes


def judge(name: str, kind: str, case: object, res: dict) -> Outcome:
    """What one graded case says about the graders."""
    score, top = res["score"], res["max_score"]
    tests = [{"name": t["name"], "status": t["status"], "tags": list(t.get("tags", [])),
              "visible": t.get("visibility") == "visible",
              "output": t.get("output", ""), "score": t["score"], "max_score": t["max_score"],
              "problem": t.get("extra_data", {}).get("problem"),
              "figure": t.get("extra_data", {}).get("figure")} for t in res["tests"]]
    failed = [t for t in tests if t["status"] != "passed"]
    tags = sorted({tag for t in failed for tag in t["tags"]})
    out = Outcome(name, kind, score, top, True, "", tags, tests=tests)
    if kind in ("reference", "valid"):
        out.ok = score == top
        out.detail = "; ".join(f"{t['name']}: {t['output'][:300]}" for t in failed)
    elif kind == "stubs":
        out.ok, out.detail = score == 0, f"stubs scored {score}"
    else:
        assert isinstance(case, Mistake)
        text = " ".join(t["output"].lower() for t in failed)
        words = case.words.lower() in text
        out.caught, out.novel = score < top, case.novel
        out.named = out.caught and any(tag in tags for tag in case.tags) and words
        # a held-out case must be caught (naming is measured); a training case caught and named, unless it is
        # marked unnamed (a burnt case no family names yet): then caught, and the mark must go once it is named
        out.ok = out.caught if kind == "held-out" or case.unnamed else out.named
        out.unnamed = bool(case.unnamed)
        if case.unnamed and out.named:
            out.ok, out.detail = False, f"named now ({tags}): remove its unnamed mark"
        elif not out.named:
            out.detail = (f"score {score}/{top}; tags {tags}; expected {' or '.join(case.tags)}"
                          + ("" if words else f"; words {case.words!r} missing"))
    return out


def summary(outcomes: list[Outcome]) -> dict:
    """The figures of one week (or of several weeks' outcomes together)."""
    mistakes = [o for o in outcomes if o.kind == "mistake"]
    held = [o for o in outcomes if o.kind == "held-out"]
    valid = [o for o in outcomes if o.kind == "valid"]
    novel = [o for o in held if o.novel]
    return {"mistakes": len(mistakes), "mistakes_named": sum(o.named for o in mistakes),
            "mistakes_unnamed": sum(o.unnamed for o in mistakes),
            "held_out": len(held), "held_out_caught": sum(o.caught for o in held),
            "held_out_named": sum(o.named for o in held),
            "held_out_novel": len(novel), "held_out_novel_named": sum(o.named for o in novel),
            "valid": len(valid), "valid_full_marks": sum(o.ok for o in valid)}


def _rate(part: int, whole: int) -> str:
    return f" ({100 * part / whole:.0f}%)" if whole else ""


def figures_line(s: dict) -> str:
    held = (f"held-out mistakes named: {s['held_out_named']}/{s['held_out']}"
            f"{_rate(s['held_out_named'], s['held_out'])} (caught {s['held_out_caught']}/{s['held_out']}; of a new "
            f"kind: {s['held_out_novel_named']}/{s['held_out_novel']} named)" if s["held_out"]
            else "held-out mistakes: none in the repository")
    unnamed = (f" ({s['mistakes_unnamed']} burnt ones marked not named yet, each losing points)"
               if s.get("mistakes_unnamed") else "")
    return (f"mutation score: {s['mistakes_named']}/{s['mistakes']} mistakes lose points and are named"
            f"{_rate(s['mistakes_named'], s['mistakes'])}{unnamed}; {held}; valid alternatives at full marks: "
            f"{s['valid_full_marks']}/{s['valid']}")


def measured_rounds(weeks: list[Week]) -> dict[int, dict[str, int]]:
    """The held-out rounds as they were measured while held out, summed over ``weeks``: each catalogue's
    ``HELD_OUT_MEASURED`` (round -> held_out, caught, named), recorded when the round was graded once, before it was
    burnt. A burnt round's cases are training cases, so grading them again measures nothing held out."""
    rounds: dict[int, dict[str, int]] = {}
    for week in weeks:
        module = load_module(week)
        for round_, figures in getattr(module, "HELD_OUT_MEASURED", {}).items():
            into = rounds.setdefault(round_, {"held_out": 0, "caught": 0, "named": 0})
            for key in into:
                into[key] += figures[key]
    return dict(sorted(rounds.items(), reverse=True))


def measured_line(rounds: dict[int, dict[str, int]]) -> str:
    return "; ".join(f"round {r}: named {f['named']}/{f['held_out']}{_rate(f['named'], f['held_out'])}, caught "
                     f"{f['caught']}/{f['held_out']}" for r, f in rounds.items())


def report(outcomes: list[Outcome]) -> str:
    lines = []
    for o in outcomes:
        mark = "ok  " if o.ok else "FAIL"
        if o.kind in ("held-out", "mistake") and o.ok and not o.named:
            mark = "miss"          # caught but not named: measured (or marked unnamed), not a failure of its own
        lines.append(f"  {mark} {o.kind:<9} {o.case:<45} {o.score:g}/{o.max_score:g} {o.detail[:200]}")
    lines.append("  " + figures_line(summary(outcomes)))
    return "\n".join(lines)


def main(weeks: list[str], jobs: int = 2, as_json: Path | None = None) -> int:
    all_ok, per_week, everything = True, {}, []
    for name in weeks or list(WEEKS):
        week = get_week(name)
        t0 = time.monotonic()
        outcomes = run(week, jobs=jobs)
        print(f"{week.name} ({time.monotonic() - t0:.1f} s)")
        print(report(outcomes))
        all_ok &= all(o.ok for o in outcomes)
        everything += outcomes
        per_week[week.name] = {"summary": summary(outcomes),
                               "cases": [{k: v for k, v in o.__dict__.items() if k != "tests"} for o in outcomes]}
    total = summary(everything)
    held_ok = bool(total["held_out"]) and total["held_out_named"] >= HELD_OUT_TARGET * total["held_out"]
    target = ("no held-out round to measure" if not total["held_out"] else "met" if held_ok else "NOT met")
    print(f"{'all weeks' if len(per_week) > 1 else 'total'}: " + figures_line(total)
          + f"  -- held-out target {HELD_OUT_TARGET:.0%}: {target}")
    measured = measured_rounds([get_week(name) for name in per_week])
    if measured:     # what the burnt rounds measured while they were held out (graded once each)
        print(f"held-out rounds as measured before they were burnt: {measured_line(measured)}")
    if as_json:
        as_json.write_text(json.dumps({"summary": total, "held_out_target": HELD_OUT_TARGET,
                                       "held_out_target_met": held_ok, "held_out_measured": measured,
                                       "weeks": per_week}, indent=2))
    # the exit status is about correctness (every training mistake caught and named, every held-out one
    # caught, valid variants at full marks, reference 100, stubs 0); the held-out naming rate is a
    # measurement, printed beside its target
    return 0 if all_ok else 1
