"""Encode and decode cost of the sandbox protocol for week 2's largest probe call.

    .venv/bin/python benchmarks/bench_protocol.py [--old PATH] [--repeat 7]

Times ``protocol.dumps`` and ``protocol.loads`` of messages shaped like an
``optimizer_steps`` call (12 steps on parameters of shapes (4,), (3, 2),
(2, 1, 3)): the request (3 params + 12 x 3 grads) and the answer (``values``:
12 x 3 arrays; ``rebound``, ``grads_changed``: bools).
``--old`` names another protocol.py (e.g. the main checkout's) to compare
with. Each figure is the best of ``--repeat`` runs of a timed loop, per call.
Figures, not pass/fail: this is not part of the test suite.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import timeit
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHAPES = [(4,), (3, 2), (2, 1, 3)]
STEPS = 12


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"protocol_{abs(hash(str(path)))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def messages():
    rng = np.random.default_rng(0)
    params = [rng.normal(size=s) for s in SHAPES]
    grads = [[rng.normal(size=s) for s in SHAPES] for _ in range(STEPS)]
    request = {"probe": "optimizer_steps",
               "kwargs": {"cls": "Adam", "kwargs": {"lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8},
                          "params": params, "grads": grads, "lrs": None}}
    values = [[rng.normal(size=s) for s in SHAPES] for _ in range(STEPS)]
    answer = {"ok": {"values": values, "rebound": [[False] * len(SHAPES) for _ in range(STEPS)],
                     "grads_changed": [False] * STEPS}}
    return {"request": request, "answer": answer}


def bench(protocol, repeat: int) -> dict[str, float]:
    out = {}
    for what, value in messages().items():
        body = protocol.dumps(value)
        for op, fn in (("encode", lambda: protocol.dumps(value)), ("decode", lambda: protocol.loads(body))):
            timer = timeit.Timer(fn)
            n, _ = timer.autorange()
            out[f"{what} {op}"] = min(timer.repeat(repeat, n)) / n * 1e3
        out[f"{what} bytes"] = len(body)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--old", type=Path, default=Path("/work/main/autograder/engine/protocol.py"))
    p.add_argument("--repeat", type=int, default=7)
    args = p.parse_args()
    sides = {"new": ROOT / "autograder" / "engine" / "protocol.py"}
    if args.old.exists():
        sides = {"old": args.old, **sides}
    results = {name: bench(load(path), args.repeat) for name, path in sides.items()}
    print(f"{'':18}" + "".join(f"{name:>10}" for name in results))
    for key in results["new"]:
        unit = "" if key.endswith("bytes") else " ms"
        fmt = "{:>10.0f}" if key.endswith("bytes") else "{:>10.3f}"
        print(f"{key + unit:18}" + "".join(fmt.format(r[key]) for r in results.values()))
    for name, r in results.items():
        total = sum(v for k, v in r.items() if not k.endswith("bytes"))
        print(f"{name}: request + answer, encode + decode = {total:.3f} ms", file=sys.stdout)


if __name__ == "__main__":
    main()
