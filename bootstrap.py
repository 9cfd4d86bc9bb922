#!/usr/bin/env python3
"""Set up everything on a fresh machine with only Python 3, then run one job.

    python3 bootstrap.py demo     # install, then grade the built-in demo class end to end
    python3 bootstrap.py test     # install (with the test extras), then run the test suite

It creates ``.venv`` beside this file, installs the project into it with pip,
and, when run as root on Debian, installs the system packages the sandbox and
the browser tests use (bubblewrap, chromium). Re-running is cheap: each step is
skipped when already done. Extra arguments after the job go to that job
(``python3 bootstrap.py test -k adam``). When a requirement cannot be met it
says so in one line and exits 1.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
DEBIAN_PACKAGES = {"demo": ["bubblewrap"], "test": ["bubblewrap", "chromium"]}
EXTRAS = {"demo": "nbgrader", "test": "test"}


class Unmet(Exception):
    """A requirement that cannot be met here: the message is the one line the user reads."""


def say(msg: str) -> None:
    print(f"[bootstrap] {msg}", flush=True)


def run(cmd: list[str], what: str, **kw) -> None:
    say(" ".join(str(c) for c in cmd))
    code = subprocess.run(cmd, **kw).returncode
    if code != 0:
        raise Unmet(f"{what} failed (exit {code}; its output is above)")


def required_python() -> tuple[int, int]:
    """The minimum in pyproject.toml's requires-python (">=3.11" -> (3, 11))."""
    text = (ROOT / "pyproject.toml").read_text()
    found = re.search(r'^requires-python\s*=\s*">=\s*(\d+)\.(\d+)', text, re.M)
    return (int(found.group(1)), int(found.group(2))) if found else (3, 0)


def check_python(python: str, label: str) -> None:
    need = required_python()
    out = subprocess.run([python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                         capture_output=True, text=True)
    have = tuple(int(x) for x in out.stdout.strip().split(".")) if out.returncode == 0 else (0, 0, 0)
    if have[:2] < need:
        raise Unmet(f"Python {need[0]}.{need[1]} or newer is needed (nbgrader 0.9.6 requires it; pyproject.toml "
                    f"requires-python), but {label} is Python {'.'.join(map(str, have))} ({python}): run "
                    f"`python3.{need[1]} bootstrap.py ...` with a newer Python")


def system_packages(job: str) -> None:
    wanted = {"bubblewrap": "bwrap", "chromium": "chromium"}
    missing = [p for p in DEBIAN_PACKAGES[job] if shutil.which(wanted[p]) is None]
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        say(f"not root or no apt-get: please install {' '.join(missing)} yourself "
            "(without bubblewrap `autograder grade` refuses to grade; without chromium the browser tests are "
            "skipped, saying so)")
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], "apt-get update", env=env)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        f"installing {' '.join(missing)} with apt-get", env=env)


def python_packages(job: str) -> None:
    if (BIN / "python").exists():
        try:
            check_python(str(BIN / "python"), f"the existing {VENV}")
        except Unmet as exc:
            say(f"{exc}; making it again with this Python")
            shutil.rmtree(VENV)
    if not (BIN / "python").exists():
        say(f"creating {VENV}")
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as exc:
            shutil.rmtree(VENV, ignore_errors=True)
            raise Unmet(f"could not create {VENV} ({exc.__class__.__name__}): on Debian/Ubuntu install the "
                        f"python3-venv package (apt-get install python3-venv), then run this again") from None
    stamp = VENV / f".installed-{EXTRAS[job]}"
    project = (ROOT / "pyproject.toml").stat().st_mtime
    if stamp.exists() and stamp.stat().st_mtime >= project:
        return
    run([str(BIN / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "-e", f"{ROOT}[{EXTRAS[job]}]"], f"pip installing the project and its {EXTRAS[job]} extras")
    stamp.touch()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    job, rest = argv[0], argv[1:]
    try:
        check_python(sys.executable, "this interpreter")
        system_packages(job)
        python_packages(job)
    except Unmet as exc:
        say(f"cannot {job}: {exc}")
        return 1
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if job == "demo":
        cmd = [str(BIN / "autograder"), "demo", *rest]
    else:
        # the slowest tests are listed at the end: the suite must stay well inside CI's 20 minutes
        cmd = [str(BIN / "python"), "-m", "pytest", "-q", "--durations=15", *rest]
    say(" ".join(cmd))
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
