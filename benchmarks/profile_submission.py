"""Where the time of one honest submission goes, stage by stage.

    .venv/bin/python benchmarks/profile_submission.py [--week week2_optimizers] [--copies 12]
                                                      [--case reference] [--cprofile]

Grades ``--copies`` copies of one catalogue case (default: the reference
solution) in ONE pytest session, exactly as a grading worker does (the
engine's GradingPlugin and pytest arguments), with timers wrapped around the
engine's stages in this process only (no engine file is changed):

- process start: the interpreter, then the worker's imports (pytest, NumPy, the engine);
- pytest: session start and collection; per test the protocol (setup, report,
  teardown) minus the test function;
- zygote start: bubblewrap + Python + NumPy inside the sandbox (once per worker);
- child: fork + loading the probes and the student's modules (once per submission),
  and killing it at the end;
- probes: round trips into the child (student, and reference -- cached after the first time);
- grader: the test functions' own work in the parent (comparisons, models of known mistakes);
- results: writing results.json.

The first copy pays the one-time costs (zygote, reference answers); the
figures for one warm submission are the medians over the other copies.
``--cprofile`` adds the parent's 15 most expensive functions (own time).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT)]
os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"

import pytest  # noqa: E402

from autograder.engine import sandbox  # noqa: E402
from autograder.engine.plugin import GradingPlugin  # noqa: E402
from autograder.engine.results import results_json, write_json  # noqa: E402
from autograder.engine.submissions import discover, load  # noqa: E402
from autograder.engine.worker import pytest_args  # noqa: E402
from autograder.catalogue import load as load_catalogue  # noqa: E402
from autograder.selftest import build_case  # noqa: E402
from autograder.weeks import WEEKS, get_week  # noqa: E402

T: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))   # submission -> stage -> seconds
N: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
CURRENT = {"sub": "(none)"}
PROBES: dict[str, list[float]] = defaultdict(list)                           # probe name -> student round trips
ONCE: dict[str, float] = {}


def timed(cls, name, stage, per_session=False):
    original = getattr(cls, name)

    def wrapper(self, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            dt = time.perf_counter() - t0
            who = CURRENT["sub"]
            if per_session:
                stage_name = f"{stage}:{'reference' if self.cache is not None else 'student'}"
            else:
                stage_name = stage
            T[who][stage_name] += dt
            N[who][stage_name] += 1
            if name == "_call" and self.cache is None:
                PROBES[args[0]].append(dt)
    setattr(cls, name, wrapper)


class Timing:
    def __init__(self, plugin):
        self.plugin = plugin
        self.t_start = self.t_collected = None

    def pytest_sessionstart(self, session):
        self.t_start = time.perf_counter()

    def pytest_collection_finish(self, session):
        self.t_collected = time.perf_counter()
        ONCE["pytest session start + collection"] = self.t_collected - self.t_start

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        CURRENT["sub"] = self.plugin.sub.name
        t0 = time.perf_counter()
        yield
        T[CURRENT["sub"]]["test protocol (total)"] += time.perf_counter() - t0
        N[CURRENT["sub"]]["tests"] += 1

    @pytest.hookimpl(hookwrapper=True)
    def pytest_pyfunc_call(self, pyfuncitem):
        t0 = time.perf_counter()
        yield
        T[CURRENT["sub"]]["test functions (total)"] += time.perf_counter() - t0


def null_round_trip(week, repeats: int = 300) -> tuple[float, float]:
    """Seconds of one spawn of a child, and of one minimal request/answer with it."""
    z = sandbox.Zygote("auto")
    sources = {m: (week.solution_dir / f"{m}.py").read_text() for m in week.modules}
    trusted = {n: (week.common_dir / f"{n}.py").read_text() for n in week.given if n != "plotting"}
    trusted["probes"] = (week.grader_dir / "probes.py").read_text()
    spawns, trips = [], []
    try:
        for _ in range(5):
            s = sandbox.Session(z, week.name, sources, trusted)
            t0 = time.perf_counter()
            s._ensure_child(30)
            spawns.append(time.perf_counter() - t0)
            for _ in range(repeats // 5):
                t0 = time.perf_counter()
                try:
                    s._call("no_such_probe", {}, 10)
                except Exception:  # noqa: BLE001 -- the child answers with an error: that is the round trip
                    pass
                trips.append(time.perf_counter() - t0)
            s.close()
    finally:
        z.stop()
    return statistics.median(spawns[1:]), statistics.median(trips)


def shell_seconds(cmd: list[str], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--week", default="week2_optimizers", choices=list(WEEKS))
    p.add_argument("--copies", type=int, default=12)
    p.add_argument("--case", default="reference", help="reference, stubs, or a catalogue mistake tag")
    p.add_argument("--cprofile", action="store_true")
    args = p.parse_args(argv)
    week = get_week(args.week)
    work = Path(tempfile.mkdtemp(prefix="profile-"))

    mistakes, _ = load_catalogue(week)
    edits = {m.tag: m.edits for m in mistakes}.get(args.case, {})
    for i in range(args.copies):
        build_case(week, work / "subs" / f"c{i:02d}", edits, stubs=args.case == "stubs")
    subs = [load(week, where) for where in discover(week, sorted((work / "subs").iterdir()))]

    startup = {
        "python -c pass": shell_seconds([sys.executable, "-c", "pass"]),
        "python -c 'import autograder.engine.worker' (pytest, NumPy, engine)":
            shell_seconds([sys.executable, "-c", "import autograder.engine.worker"]),
    }

    timed(sandbox.Zygote, "start", "zygote start")
    timed(sandbox.Session, "_ensure_child", "child start (fork + load modules)", per_session=True)
    timed(sandbox.Session, "_call", "probe round trips", per_session=True)
    timed(sandbox.Session, "_probe", "probe() incl. child start", per_session=True)
    timed(sandbox.Session, "close", "child kill + reap", per_session=True)

    out = work / "graded"

    def done(sub, records, elapsed):
        t0 = time.perf_counter()
        write_json(out / sub.name / "results.json", results_json(sub, records, elapsed, isolation=plugin.zygote.isolation))
        T[sub.name]["results.json"] += time.perf_counter() - t0

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plugin = GradingPlugin(week, subs, on_done=done)
    timing = Timing(plugin)
    profiler = cProfile.Profile() if args.cprofile else None
    t0 = time.perf_counter()
    if profiler:
        profiler.enable()
    pytest.main(pytest_args(week.grader_dir), plugins=[plugin, timing])
    if profiler:
        profiler.disable()
    session_wall = time.perf_counter() - t0

    probe_times = dict(PROBES)                    # before the null round trips below add theirs
    spawn, trip = null_round_trip(week)
    names = [s.name for s in subs]
    zygote = sum(T[n].get("zygote start", 0.0) for n in T)

    def stages(name: str) -> dict[str, float]:
        t = T[name]
        probes = t.get("probe() incl. child start:student", 0) + t.get("probe() incl. child start:reference", 0)
        return {
            "child start (fork + load modules)": t.get("child start (fork + load modules):student", 0),
            "probes, student (round trips)": t.get("probe round trips:student", 0),
            "probes, reference (round trips; cached)": t.get("probe round trips:reference", 0)
            + t.get("child start (fork + load modules):reference", 0),
            "grader work in the parent": t["test functions (total)"] - probes,
            "pytest per-test overhead": t["test protocol (total)"] - t["test functions (total)"]
            - t.get("child kill + reap:student", 0) - t.get("results.json", 0),
            "child kill + reap": t.get("child kill + reap:student", 0),
            "results.json": t.get("results.json", 0),
        }

    first = stages(names[0])
    warm = {k: statistics.median(stages(n)[k] for n in names[1:]) for k in first}
    warm_total = statistics.median(T[n]["test protocol (total)"] for n in names[1:])
    tests = N[names[1]]["tests"]
    student_calls = N[names[1]].get("probe round trips:student", 0)

    print(f"# {week.name}, case {args.case!r}: {args.copies} copies in one pytest session "
          f"({tests} tests, {student_calls} student probe calls per submission); isolation "
          f"{plugin.zygote.isolation}; load average {os.getloadavg()[0]:.2f}")
    print("\n## once per grading worker")
    for k, v in startup.items():
        print(f"  {v * 1000:8.1f} ms  {k}")
    print(f"  {ONCE['pytest session start + collection'] * 1000:8.1f} ms  pytest session start + collection "
          f"({len(subs)} submissions x {tests} tests)")
    print(f"  {zygote * 1000:8.1f} ms  zygote start (sandbox + Python + NumPy)")
    print(f"\n## one submission: first (cold) and warm (median of {len(names) - 1})")
    print(f"  {'stage':<44}{'first ms':>10}{'warm ms':>10}{'warm %':>8}")
    for k in first:
        print(f"  {k:<44}{first[k] * 1000:>10.1f}{warm[k] * 1000:>10.1f}{100 * warm[k] / warm_total:>7.0f}%")
    print(f"  {'total':<44}{T[names[0]]['test protocol (total)'] * 1000:>10.1f}{warm_total * 1000:>10.1f}")
    print(f"\n## student probe round trips by probe (all {len(names)} copies)")
    for probe, times in sorted(probe_times.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {sum(times) / len(names) * 1000:8.1f} ms per submission  {len(times) / len(names):5.1f} calls  "
              f"median {statistics.median(times) * 1000:6.2f} ms  {probe}")
    print("\n## sandbox primitives (median)")
    print(f"  {spawn * 1000:8.2f} ms  spawn a child and load the probes + the submission (hello received)")
    print(f"  {trip * 1000:8.2f} ms  one minimal probe round trip (request -> child -> error answer)")
    print(f"\n  session wall {session_wall:.2f} s for {len(subs)} submissions "
          f"({session_wall / len(subs):.3f} s each, one worker)")
    print(json.dumps({"bench": "profile", "week": week.name, "case": args.case, "copies": args.copies,
                      "startup_ms": {k: round(v * 1000, 1) for k, v in startup.items()},
                      "collection_ms": round(ONCE["pytest session start + collection"] * 1000, 1),
                      "zygote_ms": round(zygote * 1000, 1),
                      "first_ms": {k: round(v * 1000, 1) for k, v in first.items()},
                      "warm_ms": {k: round(v * 1000, 1) for k, v in warm.items()},
                      "warm_total_ms": round(warm_total * 1000, 1), "spawn_ms": round(spawn * 1000, 2),
                      "round_trip_ms": round(trip * 1000, 3), "tests": tests, "student_calls": student_calls,
                      "load": round(os.getloadavg()[0], 2)}))
    if profiler:
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats(os.environ.get("PROFILE_SORT", "tottime")).print_stats(int(os.environ.get("PROFILE_N", "15")))
        print("\n## parent process, own time (cProfile; inflates Python-heavy code)\n" + buf.getvalue()[-int(os.environ.get("PROFILE_CHARS", "4000")):])
    return 0


if __name__ == "__main__":
    sys.exit(main())
