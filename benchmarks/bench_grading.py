"""Grade one synthetic class with `autograder grade` and with `nbgrader autograde`, side by side.

    .venv/bin/python benchmarks/bench_grading.py [--week week2_optimizers] [--sizes 50 200 1000]
                                                 [--jobs 1 2] [--nbgrader-sizes 50] [--workdir DIR]

The class (built in --workdir, default a fresh temporary folder):

- honest submissions: the reference solution, every valid variant and every
  known mistake of the week's catalogue (``autograder/graders/<week>/catalogue.py``, built
  with ``autograder.selftest.build_case``) and the stubs, repeated in that order
  until the class has N students (each file gets a "# student sNNNN" first
  line, so no two submissions are byte-identical);
- hostile submissions, graded and reported separately: the first task of the
  week loops forever, calls ``os._exit``, or allocates 2.5 GiB at every call
  (bounded so that nbgrader, which has no memory limit, cannot exhaust this
  shared machine).

Our side: ``python -m autograder.cli grade WEEK <class>/submitted --jobs J`` for
every size and every J. nbgrader's side: the same students' code and the same
checks as nbgrader notebooks (see ``nbgrader_equivalent.py``), graded with
``nbgrader autograde`` (one batch, its only mode: it has no parallelism) at the
--nbgrader-sizes; larger sizes are extrapolated from the measured per-notebook
rate and marked so. Both sides run under the same per-call limit (10 s).

Output: a table, then one JSON line per measurement (``{"bench": "grading", ...}``).
Figures, not pass/fail: this is not part of the test suite.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT)]

import monitor  # noqa: E402

from autograder.catalogue import load as load_catalogue  # noqa: E402
from autograder.selftest import build_case  # noqa: E402
from autograder.weeks import WEEKS, Week, get_week  # noqa: E402

CALL_TIMEOUT = 10          # `autograder grade` default --call-timeout; nbgrader gets the same per cell
HOG_BYTES = int(2.5 * 2**30)   # over our 1 GiB per-child limit; bounded for nbgrader's unlimited kernels


# --- the class --------------------------------------------------------------------------------------
def build_pool(week: Week, folder: Path) -> list[tuple[str, str, Path]]:
    """(case, kind, folder) for every honest case: reference, valid variants, mistakes, stubs."""
    mistakes, valid = load_catalogue(week)
    pool = [("reference", "reference", {})] + [(f"valid-{v.name}", "valid", v.edits) for v in valid] + \
           [(f"mistake-{m.case}", "mistake", m.edits) for m in mistakes if not m.held_out]
    out = []
    for name, kind, edits in pool:
        build_case(week, folder / name, edits)
        out.append((name, kind, folder / name))
    build_case(week, folder / "stubs", {}, stubs=True)
    out.append(("stubs", "stubs", folder / "stubs"))
    return out


def _first_task(source: str) -> tuple[str, str | None]:
    """The first class with a method (-> (Class, method)) or the first function (-> (function, None))."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            for sub in node.body:
                if isinstance(sub, ast.FunctionDef) and not sub.name.startswith("_"):
                    return node.name, sub.name
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            return node.name, None
    raise ValueError("no task found")


HOSTILE = {
    "hostile-loop": "    while True:\n        pass\n",
    "hostile-exit": "    import os\n    os._exit(3)\n",
    "hostile-memory": (f"    import numpy\n    blob = numpy.ones({HOG_BYTES // 8})   # 2.5 GiB, every page touched\n"
                       "    del blob\n    return _bench_original(*args, **kwargs)\n"),
}


def build_hostile(week: Week, folder: Path) -> list[tuple[str, str, Path]]:
    module = week.modules[0]
    source = (week.solution_dir / f"{module}.py").read_text()
    owner, method = _first_task(source)
    target = f"{owner}.{method}" if method else owner
    out = []
    for name, body in HOSTILE.items():
        build_case(week, folder / name, {})
        patched = (f"{source}\n\n# --- benchmark: a hostile {target} ---\n_bench_original = {target}\n\n\n"
                   f"def _bench_hostile(*args, **kwargs):\n{body}\n\n{target} = _bench_hostile\n")
        (folder / name / f"{module}.py").write_text(patched)
        out.append((name, f"hostile ({target})", folder / name))
    return out


def make_class(week: Week, pool, n: int, folder: Path) -> list[tuple[str, str, str]]:
    """``folder/submitted/<student>/<week>/``, nbgrader's layout; returns (student, case, kind)."""
    roster = []
    if folder.exists():
        shutil.rmtree(folder)
    for i in range(n):
        case, kind, src = pool[i % len(pool)]
        student = f"s{i + 1:04d}"
        dest = folder / "submitted" / student / week.name
        dest.mkdir(parents=True)
        for f in src.iterdir():
            if f.suffix == ".py":
                (dest / f.name).write_text(f"# student {student}\n{f.read_text()}")
            else:
                shutil.copy(f, dest / f.name)
        roster.append((student, case, kind))
    return roster


# --- measuring -----------------------------------------------------------------------------------------
def grade_ours(week: Week, paths: list[Path], out: Path, jobs: int) -> tuple[monitor.Measurement, dict]:
    if out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "autograder.cli", "grade", week.name, *map(str, paths), "--out", str(out),
           "--jobs", str(jobs), "--call-timeout", str(CALL_TIMEOUT)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    m = monitor.run(cmd, env=env, cwd=str(ROOT))
    results = {}
    for path in sorted(out.glob("*/results.json")):
        results[path.parent.name] = json.loads(path.read_text())
    return m, results


def grade_nbgrader(week: Week, course: Path, student: str | None = None) -> monitor.Measurement:
    from nbgrader_equivalent import nbgrader_env
    cmd = [sys.executable, "-m", "nbgrader", "autograde", week.name]
    if student:
        cmd.append(f"--student={student}")
    return monitor.run(cmd, env=nbgrader_env(), cwd=str(course))


def load() -> float:
    return round(os.getloadavg()[0], 2)


def record(rows: list[dict], **row) -> dict:
    rows.append(row)
    print(json.dumps({"bench": "grading", **row}), flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--week", default="week2_optimizers", choices=list(WEEKS))
    p.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000])
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    p.add_argument("--nbgrader-sizes", type=int, nargs="*", default=[50],
                   help="class sizes nbgrader grades for real (default 50; the others are extrapolated)")
    p.add_argument("--no-hostile", action="store_true", help="skip the hostile submissions")
    p.add_argument("--workdir", help="where the classes and results go (default: a new temporary folder)")
    args = p.parse_args(argv)
    if any(n < 1 for n in args.sizes + args.nbgrader_sizes):
        p.error("class sizes must be at least 1 (an empty --nbgrader-sizes skips nbgrader)")

    week = get_week(args.week)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="bench-grading-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    print(f"# {week.name}: work in {work}; {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f} at start", flush=True)

    pool = build_pool(week, work / "pool")
    hostile = [] if args.no_hostile else build_hostile(week, work / "hostile")
    kinds = {}
    for _, kind, _ in pool:
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"# honest pool: {len(pool)} cases ({', '.join(f'{v} {k}' for k, v in kinds.items())}), "
          f"repeated to each class size", flush=True)

    # warm-up: byte-compile, page cache, bubblewrap's first start (not recorded)
    grade_ours(week, [pool[0][2]], work / "warmup", 1)

    # --- ours ----------------------------------------------------------------------------------------
    rosters: dict[int, list] = {}
    ours_scores: dict[str, float] = {}
    isolation = "?"
    for n in args.sizes:
        rosters[n] = make_class(week, pool, n, work / f"class-{n}")
        for jobs in args.jobs:
            before = load()
            m, results = grade_ours(week, [work / f"class-{n}" / "submitted"], work / f"graded-{n}-j{jobs}", jobs)
            missing = n - len(results)
            per = [r["execution_time"] for r in results.values()]
            for name, r in results.items():
                ours_scores.setdefault(name, r["score"])
                isolation = r.get("extra_data", {}).get("isolation", isolation)
            record(rows, tool="autograder", kind="honest", week=week.name, size=n, jobs=jobs,
                   seconds=round(m.wall, 2), s_per_sub=round(m.wall / n, 4), subs_per_s=round(n / m.wall, 2),
                   cpu_s=round(max(m.user + m.sys, m.cpu_sampled), 1), median_sub_s=round(statistics.median(per), 3) if per else None,
                   results=len(results), missing=missing, exit=m.returncode, isolation=isolation,
                   load_before=before, load_after=load(), **m.memory())
            if m.returncode != 0 or missing:
                print(f"# autograder grade exited {m.returncode} with {missing} results missing:\n{m.stderr[-2000:]}")

    hostile_rows = {}
    for jobs in args.jobs if hostile else []:
        m, results = grade_ours(week, [h[2] for h in hostile], work / f"graded-hostile-j{jobs}", jobs)
        for name, kind, _ in hostile:
            r = results.get(name)
            statuses = {}
            for t in (r or {}).get("tests", []):
                tag = "passed" if t["status"] == "passed" else (t["tags"][-1] if t["tags"] else "failed")
                statuses[tag] = statuses.get(tag, 0) + 1
            hostile_rows[(name, jobs)] = record(
                rows, tool="autograder", kind="hostile", case=name, what=kind, week=week.name, jobs=jobs,
                seconds=r["execution_time"] if r else None, score=r["score"] if r else None,
                max_score=r["max_score"] if r else None, outcomes=statuses, batch_seconds=round(m.wall, 2),
                exit=m.returncode, **m.memory())

    # --- nbgrader --------------------------------------------------------------------------------------
    nb_rate = nb_startup = None
    nb_measured: dict[int, float] = {}
    if args.nbgrader_sizes:
        import nbgrader_equivalent as nbe
        t0 = time.monotonic()
        items = nbe.collect_items(week)
        expected, _ = nbe.expected_values(week, items, [c[2] for c in pool])
        ref_nb = None
        src_nb = ROOT / "assignments" / week.name / week.notebook
        if src_nb.exists():
            ref_nb = json.loads(src_nb.read_text())
        print(f"# nbgrader equivalent: {len(items)} grade cells ({sum(i['points'] for i in items):g} points), "
              f"{len(expected)} expected values; prepared in {time.monotonic() - t0:.1f} s", flush=True)

        template = work / "nbgrader-template"
        gen = nbe.build_course(week, template, items, expected, ref_nb, cell_timeout=CALL_TIMEOUT,
                               python=sys.executable)
        print(f"# nbgrader course: generate_assignment {gen:.1f} s (once, not counted)", flush=True)

        def course_with(students: list[tuple[str, Path]], tag: str) -> Path:
            course = nbe.clone_course(template, work / f"nbgrader-{tag}")
            for student, case in students:
                nbe.submit(week, course, student, case, extra_header=f"# student {student}\n")
            return course

        case_dir = {c[0]: c[2] for c in pool}
        largest = max(args.sizes)
        roster = rosters.get(largest) or make_class(week, pool, max(args.nbgrader_sizes), work / "class-nb")
        # one notebook: nbgrader's fixed cost per command (start-up, database) plus one notebook
        course = course_with([(roster[0][0], case_dir[roster[0][1]])], "1")
        m1 = grade_nbgrader(week, course)
        for size in sorted(args.nbgrader_sizes):
            students = roster[:size]
            course = course_with([(s, case_dir[c]) for s, c, _ in students], str(size))
            before = load()
            m = grade_nbgrader(week, course)
            nb_measured[size] = m.wall
            scores = nbe.gradebook_scores(course, week)
            graded = sum(v is not None for v in scores.values())
            agree = sum(1 for s, v in scores.items() if v is not None and abs(v - ours_scores.get(s, -1)) < 1e-6)
            if size > 1:
                nb_rate = (m.wall - m1.wall) / (size - 1)
                nb_startup = m1.wall - nb_rate
            record(rows, tool="nbgrader", kind="honest", week=week.name, size=size, jobs=1,
                   seconds=round(m.wall, 2), s_per_sub=round(m.wall / size, 4), subs_per_s=round(size / m.wall, 2),
                   cpu_s=round(max(m.user + m.sys, m.cpu_sampled), 1), graded=graded,
                   scores_equal_to_autograder=agree, like_for_like=agree == size,
                   one_notebook_seconds=round(m1.wall, 2), exit=m.returncode, extrapolated=False,
                   load_before=before, load_after=load(), **m.memory())
            disagree = [(s, v, ours_scores.get(s)) for s, v in scores.items()
                        if v is None or abs(v - ours_scores.get(s, -1)) >= 1e-6]
            if disagree:
                print(f"# nbgrader and autograder disagree on {len(disagree)} students "
                      f"(student, nbgrader, autograder): {disagree[:10]}", flush=True)
                print(not_like_for_like(size, agree), flush=True)
        if nb_rate is not None:
            for n in args.sizes:
                if n not in nb_measured:
                    wall = nb_startup + nb_rate * n
                    record(rows, tool="nbgrader", kind="honest", week=week.name, size=n, jobs=1,
                           seconds=round(wall, 1), s_per_sub=round(wall / n, 4), subs_per_s=round(n / wall, 2),
                           extrapolated=True, rate_s_per_notebook=round(nb_rate, 3),
                           startup_s=round(nb_startup, 2))
        for name, kind, folder in hostile:
            course = course_with([(name, folder)], name)
            m = grade_nbgrader(week, course)
            scores = nbe.gradebook_scores(course, week)
            record(rows, tool="nbgrader", kind="hostile", case=name, what=kind, week=week.name, jobs=1,
                   seconds=round(m.wall, 2), score=scores.get(name), exit=m.returncode,
                   note=None if scores.get(name) is not None else "nbgrader could not autograde this notebook",
                   **m.memory())

    print_table(rows, week)
    return 0


def not_like_for_like(size: int, agree: int) -> str:
    return (f"# WARNING: NOT LIKE-FOR-LIKE: only {agree}/{size} students' totals are equal on both sides, so the "
            "nbgrader notebooks did not run the same checks as `autograder grade`; their figures are not a "
            "comparison (fix benchmarks/nbgrader_equivalent.py before quoting them)")


def print_table(rows: list[dict], week: Week) -> None:
    honest = [r for r in rows if r["kind"] == "honest"]
    nb = {r["size"]: r for r in honest if r["tool"] == "nbgrader"}
    print(f"\n## {week.name}: honest submissions (s/sub = wall seconds / submissions, amortized; "
          "cpu s/sub = CPU seconds of the whole process tree / submissions; x* = against extrapolated nbgrader; "
          "cpu vs nbg = nbgrader's measured CPU per notebook / ours per submission; peak MB/process = the largest "
          "RSS of the runner/worker/sandbox processes, or of nbgrader/its kernels)")
    head = (f"{'tool':<11}{'size':>6}{'jobs':>5}{'wall s':>9}{'s/sub':>8}{'subs/s':>8}{'cpu s/sub':>10}{'vs nbgrader':>13}{'cpu vs nbg':>11}"
            f"{'tree PSS MB':>13}{'max proc MB':>13}{'peak MB/process':>18}  note")
    print(head)
    print("-" * len(head))
    measured = [r for r in honest if r["tool"] == "nbgrader" and r.get("cpu_s")]
    nb_cpu = max(measured, key=lambda r: r["size"])["cpu_s"] / max(r["size"] for r in measured) if measured else None
    for r in honest:
        ratio = cpu_ratio = ""
        if r["tool"] == "autograder" and r["size"] in nb:
            ratio = f"{nb[r['size']]['s_per_sub'] / r['s_per_sub']:.1f}x" + ("*" if nb[r["size"]].get("extrapolated") else "")
        if r["tool"] == "autograder" and nb_cpu and r.get("cpu_s"):
            cpu_ratio = f"{nb_cpu / (r['cpu_s'] / r['size']):.1f}x"
        note = "extrapolated from the measured rate" if r.get("extrapolated") else \
            (f"load {r.get('load_before')}->{r.get('load_after')}" if "load_before" in r else "")
        if r["tool"] == "nbgrader" and not r.get("extrapolated"):
            note += f"; {r.get('scores_equal_to_autograder')}/{r['size']} totals equal ours"
            if r.get("scores_equal_to_autograder") != r["size"]:
                note += " -- NOT LIKE-FOR-LIKE"
        cpu = f"{r['cpu_s'] / r['size']:.3f}" if r.get("cpu_s") is not None else ""
        by_role = r.get("peak_mb_by_role", {})
        order = ("runner", "worker", "sandbox") if r["tool"] == "autograder" else ("nbgrader", "kernel")
        roles = "/".join(f"{by_role[k]:g}" for k in order if k in by_role)
        print(f"{r['tool']:<11}{r['size']:>6}{r['jobs']:>5}{r['seconds']:>9}{r['s_per_sub']:>8.3f}"
              f"{r['subs_per_s']:>8}{cpu:>10}{ratio:>13}{cpu_ratio:>11}{r.get('tree_pss_mb', ''):>13}{r.get('max_process_mb', ''):>13}{roles:>18}  {note}")
    for r in honest:      # said again under the table, where the figures are read
        if r["tool"] == "nbgrader" and not r.get("extrapolated") and r.get("scores_equal_to_autograder") != r["size"]:
            print(not_like_for_like(r["size"], r.get("scores_equal_to_autograder")))
    hostile = [r for r in rows if r["kind"] == "hostile"]
    if hostile:
        print("\n## hostile submissions (graded on their own; seconds for that submission)")
        for r in hostile:
            out = r.get("outcomes") or r.get("note") or ""
            print(f"{r['tool']:<11}{r['case']:<16} jobs {r['jobs']}  {r['seconds']!s:>7} s  "
                  f"score {r['score']}  {out}")


if __name__ == "__main__":
    sys.exit(main())
