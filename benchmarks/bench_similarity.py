"""How the code-similarity report scales, and how its two parameters were chosen.

    .venv/bin/python benchmarks/bench_similarity.py [--week week2_optimizers] [--sizes 200 2000]
                                                    [--planted 10] [--workdir DIR]
    .venv/bin/python benchmarks/bench_similarity.py --sweep

**Scaling.** A synthetic class of N students in nbgrader's layout (``submitted/<student>/<week>/``),
built from the week's four honest hands (the reference and tests/fixtures/similarity/<week>/*): each
student starts from one of them and gets changes of their own, as real students' code differs --
statements added at random places (one of 50, ``name = <0..49>``), operands of ``+`` and ``*`` swapped at random --
so the class holds both code that hundreds share (common knowledge, ignored) and rare passages that
a few share by chance (the pairs the index must count). Then ``--planted`` students are copied by a
classmate with tests/disguise.py (renamed, reordered, reformatted, recommented, dead code).
Measured with benchmarks/monitor.py: ``autograder report WEEK graded --code submitted`` against the
same command without ``--code`` (the difference is the similarity report), and where the planted
pairs rank in similarity.csv.

**Parameters** (``--sweep``): for K (tokens per k-gram) and WINDOW (winnowing window), the lowest
score of a planted copy and the highest score of a pair of independent honest hands, per week (the
hands and copies of tests/test_similarity.py).

Output: a table, then one JSON line per measurement (``{"bench": "similarity", ...}``). Figures, not
pass/fail: this is not part of the test suite.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import random
import shutil
import sys
import tempfile
from itertools import combinations
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT), str(ROOT / "tests")]

import monitor  # noqa: E402
from disguise import disguise  # noqa: E402
from test_similarity import api_of, honest_hands, run  # noqa: E402

from autograder.feedback import similarity  # noqa: E402
from autograder.weeks import WEEKS, Week, get_week  # noqa: E402

SEED = 2024
NAMES = ("count", "debug", "scale", "tmp", "n", "ok", "last", "seen")


class Vary(ast.NodeTransformer):
    """One student's own changes to a hand: statements added, operands swapped (random, seeded)."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        for _ in range(self.rng.choice((1, 2, 3))):
            # names become V in the comparison, numbers stay: 50 distinct statements, so a few classmates
            # share each student's additions by chance and the index has rare passages to count
            extra = ast.parse(f"{self.rng.choice(NAMES)} = {self.rng.randrange(50)}").body[0]
            node.body.insert(self.rng.randrange(len(node.body) + 1), extra)
        return node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, (ast.Add, ast.Mult)) and self.rng.random() < 0.3:
            node.left, node.right = node.right, node.left
        return node


def build_class(week: Week, n: int, planted: int, root: Path) -> list[tuple[str, str]]:
    """N students under root/submitted; returns the planted pairs (original, copy)."""
    rng = random.Random(SEED)
    bases = list(honest_hands(week).values())
    api = api_of(week)
    students = [f"s{i:04d}" for i in range(n - planted)]
    hands: dict[str, dict[str, str]] = {}
    for name in students:
        base = rng.choice(bases)
        hands[name] = {m: ast.unparse(Vary(rng).visit(ast.parse(src))) for m, src in base.items()}
    pairs = []
    for i, original in enumerate(rng.sample(students, planted)):
        copy = f"copier{i:02d}"
        hands[copy] = {m: disguise(src, api) for m, src in hands[original].items()}
        pairs.append((original, copy))
    for name, modules in hands.items():
        folder = root / "submitted" / name / week.name
        folder.mkdir(parents=True)
        for module, text in modules.items():
            (folder / f"{module}.py").write_text(text)
        graded = root / "graded" / name
        graded.mkdir(parents=True)
        (graded / "results.json").write_text(json.dumps({"score": 50.0, "max_score": 100.0, "tests": []}))
    return pairs


def scaling(week: Week, sizes: list[int], planted: int, workdir: Path) -> None:
    print(f"{'N':>6} {'pairs possible':>15} {'pairs sharing':>14} {'wall s':>13} {'CPU s':>13} "
          f"{'peak MB':>13} {'planted in top':>15}")
    print(f"{'':>6} {'':>15} {'':>14} {'without/with --code':>41}")
    for n in sizes:
        root = workdir / f"class-{n}"
        shutil.rmtree(root, ignore_errors=True)
        pairs = build_class(week, n, planted, root)
        base = [sys.executable, "-m", "autograder.cli", "report", week.name, str(root / "graded")]
        plain = monitor.run(base + ["--out", str(root / "plain.html")], cwd=str(ROOT))
        full = monitor.run(base + ["--code", str(root / "submitted")], cwd=str(ROOT))
        assert plain.returncode == 0 and full.returncode == 0, (plain.stderr, full.stderr)
        with open(root / "graded" / "similarity.csv") as fh:
            rows = [line.split(",") for line in fh.read().splitlines()[1:]]
        ranked = [frozenset(r[1:3]) for r in rows]
        ranks = sorted(ranked.index(frozenset(p)) + 1 if frozenset(p) in ranked else 10**9 for p in pairs)
        cpu = [max(m.user + m.sys, m.cpu_sampled) for m in (plain, full)]
        peak = [m.maxrss_kb / 1024 for m in (plain, full)]
        record = {"bench": "similarity", "week": week.name, "n": n, "pairs_possible": n * (n - 1) // 2,
                  "pairs_sharing": len(rows), "wall": [round(plain.wall, 2), round(full.wall, 2)],
                  "cpu": [round(c, 2) for c in cpu], "peak_mb": [round(p, 1) for p in peak],
                  "planted_ranks": ranks,
                  "top_score": float(rows[0][3]) if rows else None,
                  "best_unplanted": next((float(r[3]) for r in rows if frozenset(r[1:3]) not in
                                          {frozenset(p) for p in pairs}), None),
                  "load": os.getloadavg(), "python": platform.python_version()}
        print(f"{n:>6} {record['pairs_possible']:>15} {len(rows):>14} {plain.wall:>6.1f}/{full.wall:<6.1f} "
              f"{cpu[0]:>6.1f}/{cpu[1]:<6.1f} {peak[0]:>6.0f}/{peak[1]:<6.0f} {str(max(ranks) <= planted):>15}")
        print(json.dumps(record))


def sweep() -> None:
    print(f"{'K':>3} {'WINDOW':>6}  " + "  ".join(f"{w[:5]}: copy>=  indep<=" for w in WEEKS))
    for k in (6, 8, 10, 12, 15):
        for window in (1, 4, 6, 8):
            similarity.K, similarity.WINDOW = k, window
            cells = []
            for week in WEEKS.values():
                hands = honest_hands(week)
                honest = list(hands)
                api = api_of(week)
                for name in honest:
                    hands[f"copy-{name}"] = {m: disguise(src, api) for m, src in hands[name].items()}
                score = {frozenset((p.a, p.b)): p.score for p in run(week, hands).pairs}
                planted = {frozenset((n, f"copy-{n}")) for n in honest}
                copies = min(score.get(p, 0.0) for p in planted)
                independent = max(score.get(frozenset(p), 0.0) for p in combinations(hands, 2)
                                  if frozenset(p) not in planted)
                cells.append((copies, independent))
                print(json.dumps({"bench": "similarity-sweep", "k": k, "window": window, "week": week.name,
                                  "planted_min": round(copies, 3), "independent_max": round(independent, 3)}),
                      file=sys.stderr)
            print(f"{k:>3} {window:>6}  " + "  ".join(f"      {c:.2f}     {i:.2f}" for c, i in cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", default="week2_optimizers")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--planted", type=int, default=10)
    parser.add_argument("--workdir", help="where the classes are built (default: a temporary folder)")
    parser.add_argument("--sweep", action="store_true", help="the K x WINDOW table instead of the scaling run")
    args = parser.parse_args()
    if args.sweep:
        sweep()
        return 0
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench-similarity-"))
    workdir.mkdir(parents=True, exist_ok=True)
    scaling(get_week(args.week), args.sizes, args.planted, workdir)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
