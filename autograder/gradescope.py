"""A week as a Gradescope autograder bundle, and the grading run inside Gradescope's container.

``autograder gradescope WEEK -o bundle.zip`` writes a zip whose root becomes
``/autograder/source`` on Gradescope:

    setup.sh          run once when Gradescope builds the image: Python, a venv with
                      the pinned requirements, bubblewrap when the distribution has it
    run_autograder    run for every submission: grades /autograder/submission with our
                      engine and writes /autograder/results/results.json
    requirements.txt  exact versions of what grading imports (numpy, pytest, the packages
                      the week declares, and their dependencies), the versions this bundle
                      was tested with
    autograder/       the engine, with only this week's hidden graders
    solutions/WEEK/   the reference modules (the graders' oracle) and solutions/common/

Everything Gradescope calls ``/autograder`` is taken from ``AUTOGRADER_ROOT``
when that is set, so the whole flow runs on any machine (see
``tests/test_gradescope_bundle.py``).

Inside the container, ``python -m autograder.gradescope run WEEK`` finds the
student's files in ``submission/`` (directly, in a sub-folder, or in a single
uploaded .zip), grades them with the same engine, graders and limits as
``autograder grade``, and always writes a results.json -- also when the engine
itself fails, so the student sees a message instead of "The autograder failed".
"""
from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import os
import re
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

from autograder.weeks import WEEKS, Week, WeekError, get_week

PACKAGE = Path(__file__).resolve().parent
# what the engine and every grader import (matplotlib is for feedback pages only); a week adds the packages
# its code needs (``packages`` in its week.toml, also what its sandbox shows)
GRADING_REQUIREMENTS = ("numpy", "pytest")
SKIP_DIRS = {"__pycache__", ".pytest_cache", "__MACOSX", ".git", ".ipynb_checkpoints"}
TOP_LEVEL = ("score", "execution_time", "output", "output_format", "visibility", "stdout_visibility",
             "extra_data", "tests")                                  # Gradescope's documented keys
# results_json's first output line, "<name>: <score> / <max> points.": the total, hidden tests included
TOTAL_LINE = re.compile(r".*: -?[0-9.e+-]+ / [0-9.e+-]+ points\.")
TEST_KEYS = ("score", "max_score", "status", "name", "number", "output", "tags", "visibility", "extra_data")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
SOURCE="$ROOT/source"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-pip python3-venv ca-certificates
# bubblewrap hides solutions, graders and the network from student code; without it grading still runs
# with resource limits and seccomp, and results.json says isolation "none"
if apt-cache show bubblewrap >/dev/null 2>&1; then
    apt-get install -y --no-install-recommends bubblewrap || echo "bubblewrap did not install; continuing without it"
else
    echo "bubblewrap is not packaged here; grading runs with resource limits and seccomp only"
fi
# the pinned NumPy needs Python >= {min_python}; older images (Ubuntu 22.04) get python{min_python} from apt
PYTHON=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < ({min_tuple}))'; then
    apt-get install -y --no-install-recommends python{min_python} python{min_python}-venv
    PYTHON=python{min_python}
fi
"$PYTHON" -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --no-cache-dir --upgrade pip
"$ROOT/venv/bin/python" -m pip install --no-cache-dir -r "$SOURCE/requirements.txt"
"$ROOT/venv/bin/python" -c "import numpy, pytest; print('grading environment ready:', numpy.__version__, pytest.__version__)"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission (as /autograder/run_autograder).
# It grades /autograder/submission and writes /autograder/results/results.json.
set -u
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
SOURCE="$ROOT/source"
PYTHON="${{AUTOGRADER_PYTHON:-}}"
if [ -z "$PYTHON" ]; then
    if [ -x "$ROOT/venv/bin/python" ]; then PYTHON="$ROOT/venv/bin/python"; else PYTHON="$(command -v python3)"; fi
fi
# we run as root; student code runs as another user (engine/child.py), so root-only files are out of its
# reach even where bubblewrap cannot start: the graders, the reference solutions, the results -- and all else
# Gradescope puts in $ROOT (submission_metadata.json holds the previous submissions' results, the hidden
# tests' messages included; REDTEAM.md, R6-2). Only the runtime stays readable.
find "$ROOT" -mindepth 1 -maxdepth 1 ! -name venv -exec chmod -R go-rwx {{}} +
mkdir -p "$ROOT/results" && chmod 700 "$ROOT/results"
cd "$SOURCE"
# the bundle is the course: its graders and reference solutions (autograder/weeks.py)
AUTOGRADER_COURSE="$SOURCE" PYTHONPATH="$SOURCE" exec "$PYTHON" -m autograder.gradescope run {week} --root "$ROOT"
"""


# --- building the bundle ------------------------------------------------------------------------------
def _closure(names: tuple[str, ...]) -> dict[str, str]:
    """Installed distribution -> version, for ``names`` and everything they need (markers evaluated here)."""
    from packaging.requirements import Requirement
    found: dict[str, str] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        dist = md.distribution(name)
        key = dist.metadata["Name"]
        if key.lower() in (k.lower() for k in found):
            continue
        found[key] = dist.version
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            todo.append(req.name)
    return dict(sorted(found.items(), key=lambda kv: kv[0].lower()))


def requirements(week: Week) -> str:
    pins = _closure(tuple(dict.fromkeys((*GRADING_REQUIREMENTS, *week.packages))))
    lines = [f"# what grading {week.name} imports, at the versions this bundle was built and tested with"]
    lines += [f"{name}=={version}" for name, version in pins.items()]
    return "\n".join(lines) + "\n"


def min_python() -> str:
    """The oldest Python the pinned NumPy (and this project) support, e.g. "3.11"."""
    from packaging.specifiers import SpecifierSet
    spec = SpecifierSet(md.metadata("numpy").get("Requires-Python") or ">=3.10")
    for minor in range(10, 20):
        if f"3.{minor}.0" in spec:
            return f"3.{minor}"
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def _add_tree(zf: zipfile.ZipFile, folder: Path, arcname: str, skip=lambda p: False) -> None:
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part in SKIP_DIRS for part in rel.parts) or path.suffix == ".pyc" or skip(rel):
            continue
        if path.is_file():
            zf.write(path, f"{arcname}/{rel.as_posix()}")


def _add_text(zf: zipfile.ZipFile, name: str, text: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
    zf.writestr(info, text)


def build_bundle(week: Week, out: Path) -> Path:
    """Write the bundle for ``week`` to ``out`` (a .zip); returns its path."""
    if not (week.grader_dir / "probes.py").exists():
        raise WeekError(f"{week.name} has no graders yet ({week.grader_dir})")
    version = min_python()
    out.parent.mkdir(parents=True, exist_ok=True)
    # the reference solutions and hidden graders: readable by its maker alone, wherever it is written (R6-5);
    # built beside ``out`` and renamed onto it when complete, so a build that fails half-way leaves the previous
    # bundle as it was and no partial zip under the bundle's name
    fd, partial = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)   # made 0600
    os.close(fd)
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            _add_text(zf, "setup.sh", SETUP_SH.format(min_python=version, min_tuple=version.replace(".", ", ")),
                      executable=True)
            _add_text(zf, "run_autograder", RUN_AUTOGRADER.format(week=week.name), executable=True)
            _add_text(zf, "requirements.txt", requirements(week))
            # the package, and the course's graders of this week only (other weeks' hidden tests never leave it)
            _add_tree(zf, PACKAGE, "autograder", skip=lambda rel: rel.parts[0] == "graders")
            _add_tree(zf, week.grader_dir, f"autograder/graders/{week.name}")
            _add_tree(zf, week.solution_dir, f"solutions/{week.name}")
            _add_tree(zf, week.common_dir, "solutions/common")
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return out


# --- grading inside Gradescope --------------------------------------------------------------------------
def find_submission(week: Week, folder: Path) -> Path:
    """The folder (or single .zip) holding the week's files: ``folder`` itself, else the shallowest match."""
    wanted = set(week.handin_files)

    def holds(d: Path) -> bool:
        return any((d / name).is_file() and not (d / name).is_symlink() for name in wanted)

    if holds(folder):
        return folder
    best: list[tuple[int, str, Path]] = []
    for dirpath, dirnames, _ in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        d = Path(dirpath)
        depth = len(d.relative_to(folder).parts)
        if depth > 4:
            dirnames[:] = []
            continue
        if holds(d):
            best.append((depth, str(d), d))
    if best:
        return min(best)[2]
    zips = sorted(p for p in folder.iterdir() if p.suffix == ".zip" and p.is_file()) if folder.is_dir() else []
    if len(zips) == 1:
        return zips[0]
    return folder                                    # the engine reports "holds none of the week's files"


def to_gradescope(result: dict) -> dict:
    """Our results.json, restricted to the keys Gradescope documents. Its visible summary line counts only the
    visible tests: Gradescope shows it at once, and a total over the hidden ones too would let a student read
    hidden verdicts (the answer key, one resubmission per guess) before grades are published."""
    out = {k: result[k] for k in TOP_LEVEL if k in result}
    out["tests"] = [{k: t[k] for k in TEST_KEYS if k in t} for t in result.get("tests", [])]
    if "output" in out and out["tests"]:
        shown = [t for t in out["tests"] if t.get("visibility") == "visible"]
        later = [t for t in out["tests"] if t.get("visibility") != "visible"]
        lines = [line for line in str(out["output"]).splitlines() if not TOTAL_LINE.fullmatch(line)]
        score, top = sum(t["score"] for t in shown), sum(t["max_score"] for t in shown)
        summary = f"Checks shown now: {score:g} / {top:g} points."
        if later:
            summary += (f" {len(later)} more test(s), {sum(t['max_score'] for t in later):g} points, are graded "
                        "now and shown when grades are published.")
        out["output"] = "\n".join([summary, *lines])
    return out


def engine_failure(exc_text: str, started: float) -> dict:
    return {"score": 0.0, "execution_time": round(time.monotonic() - started, 3), "visibility": "visible",
            "stdout_visibility": "hidden", "tests": [],
            "output": ("The autograder itself failed before it could grade this submission; this is not a "
                       "judgement of your work. Course staff have been told; please resubmit later or "
                       "contact them."),
            "extra_data": {"engine_error": exc_text[-4000:]}}


def run(week: Week, root: Path) -> int:
    """Grade ``root/submission`` and write ``root/results/results.json``; always writes a result."""
    from autograder.engine.runner import grade_found
    from autograder.engine.sandbox import bubblewrap_available
    from autograder.engine.submissions import Locator
    started = time.monotonic()
    results_dir = root / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    try:
        target = find_submission(week, root / "submission")
        with tempfile.TemporaryDirectory(prefix="gradescope-") as tmp:
            # whatever the upload holds, it is one submission (an empty one gets a result that says so)
            where = Locator("submission", "zip" if target.suffix.lower() == ".zip" and target.is_file() else "folder",
                            str(target))
            # Gradescope's containers may not allow bubblewrap: then grade without it, knowingly -- run_autograder
            # has made the graders, the solutions and the results root-only, and the child is another user
            isolation = "bwrap" if bubblewrap_available() else "none"
            graded = grade_found(week, [where], Path(tmp) / "graded", jobs=1, show_progress=False,
                                 isolation=isolation)
            (result,) = graded.values()
        payload = to_gradescope(result)
        print(f"graded {target}: {result['score']:g} / {result['max_score']:g}")
    except Exception:  # noqa: BLE001 -- a result with a message, whatever happened
        text = traceback.format_exc()
        print(text, file=sys.stderr)
        payload = engine_failure(text, started)
    tmp_path = results_dir / "results.json.tmp"
    tmp_path.write_text(json.dumps(payload, indent=2))
    os.replace(tmp_path, results_dir / "results.json")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m autograder.gradescope")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the bundle")
    b.add_argument("week", choices=list(WEEKS))
    b.add_argument("-o", "--out", default=None)
    r = sub.add_parser("run", help="inside Gradescope: grade the submission, write results.json")
    r.add_argument("week", choices=list(WEEKS))
    r.add_argument("--root", default=os.environ.get("AUTOGRADER_ROOT", "/autograder"))
    args = p.parse_args(argv)
    week = get_week(args.week)
    if args.command == "build":
        try:
            path = build_bundle(week, Path(args.out or f"{week.name}-gradescope.zip"))
        except WeekError as exc:
            print(exc, file=sys.stderr)
            return 2
        print(f"wrote {path}")
        return 0
    return run(week, Path(args.root))


if __name__ == "__main__":
    sys.exit(main())
