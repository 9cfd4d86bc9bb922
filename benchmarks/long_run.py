"""One worker, a very long run under a low descriptor limit: does anything leak, is every honest result right?

    python benchmarks/long_run.py --count 10000 --nofile 1024
    python benchmarks/long_run.py --count 1000 --nofile 160

Grades ``count`` submissions of the engine's toy week (tests/fixtures/engine) in ONE worker (``--jobs
1``) under ``ulimit -n NOFILE``: every other one crashes its child at the first call (os._exit, so the
child is killed and replaced), the rest are honest. Prints how many honest submissions got anything
but full marks (must be 0), how many results are missing, and the time. An earlier engine leaked a
descriptor per killed child in the worker and in the zygote: at ``ulimit -n 1024`` it misgraded after
~35 crashes, at 160 it misgraded half the class (docs/performance.md).
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.engine.runner import grade  # noqa: E402
from autograder.weeks import Week  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "engine"
WEEK = Week("toyweek", ("toy",), (), solutions_root=str(FIXTURE / "solutions"),
            graders_root=str(FIXTURE / "graders"), template_root=str(FIXTURE / "template"))
MAX = 12.0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--nofile", type=int, default=160)
    args = p.parse_args()
    resource.setrlimit(resource.RLIMIT_NOFILE, (args.nofile, args.nofile))
    correct = (WEEK.solution_dir / "toy.py").read_text()
    crashing = correct.replace("    return np.asarray(a, dtype=np.float64) + np.asarray(b, dtype=np.float64)",
                               "    import os\n    os._exit(3)")
    work = Path(tempfile.mkdtemp(prefix="long-run-"))
    try:
        paths = []
        for i in range(args.count):
            folder = work / "subs" / f"s{i:05d}"
            folder.mkdir(parents=True)
            (folder / "toy.py").write_text(crashing if i % 2 == 0 else correct)
            shutil.copy(WEEK.solution_dir / "toyweek.ipynb", folder / "toyweek.ipynb")
            paths.append(folder)
        t0 = time.monotonic()
        results = grade(WEEK, paths, work / "out", jobs=1, show_progress=True)
        seconds = time.monotonic() - t0
        honest = [f"s{i:05d}" for i in range(1, args.count, 2)]
        wrong = [n for n in honest if results.rows[n]["score"] != MAX]
        print(f"{args.count} submissions (half crash their child) in one worker at ulimit -n {args.nofile}: "
              f"{seconds:.0f} s ({seconds / args.count * 1000:.0f} ms each); honest misgraded: {len(wrong)} of "
              f"{len(honest)}; results missing: {args.count - len(results)}; not graded: {len(results.not_graded)}")
        return 1 if wrong or len(results) != args.count or results.not_graded else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
