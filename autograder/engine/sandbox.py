"""The parent's side of the sandbox: a warm zygote, fresh children, and sessions.

``Zygote`` starts ``child.py`` once per grading worker -- inside bubblewrap
when it is installed: no network, its own PID namespace, a read-only view of
nothing but the Python runtime and NumPy (no /work, /home, /tmp, no solutions,
graders or other submissions). It forks one child per submission; a child that
misbehaves is killed and the next probe starts a fresh one.

``Session`` is what graders see as the ``student`` and ``reference``
fixtures: ``probe(name, **kwargs)`` with a per-call timeout and a
per-submission time budget. Everything that can go wrong with student code
becomes a :class:`~autograder.grading.StudentError` with a clear message.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from autograder.engine import protocol
from autograder.grading import StudentError

ENGINE = Path(__file__).resolve().parent
CHILD_FILES = ("child.py", "protocol.py", "seccomp.py")


@dataclass
class Limits:
    call_seconds: float = 10.0        # one probe: the slowest honest probe takes < 1 s on this machine
    load_seconds: float = 10.0        # importing a submission's modules: honest ones take milliseconds
    budget_seconds: float = 60.0      # one submission, all tests: honest ones need 1-2 s
    cpu_seconds: int = 60             # RLIMIT_CPU of a child, a backstop behind the wall-clock timeouts
    memory_mb: int = 1024             # address space a child may add on top of NumPy's

    def as_child(self) -> dict:
        return {"cpu_seconds": self.cpu_seconds, "memory_mb": self.memory_mb}


def bubblewrap_available() -> bool:
    exe = shutil.which("bwrap")
    if exe is None:
        return False
    probe = subprocess.run([exe, "--unshare-all", "--ro-bind", "/", "/", "true"],
                           capture_output=True, timeout=10)
    return probe.returncode == 0


def _bwrap_command(python: str, ctl_fd: int) -> list[str]:
    base = Path(sys.base_prefix).resolve()
    stdlib = Path(os.__file__).resolve().parent
    site = stdlib / "site-packages"
    numpy_dir = Path(np.__file__).resolve().parent
    cmd = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
           "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/nonexistent",
           "--setenv", "LANG", "C.UTF-8", "--setenv", "PYTHONHASHSEED", "0",
           "--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1",
           "--setenv", "MKL_NUM_THREADS", "1", "--proc", "/proc", "--dev", "/dev"]
    for system_dir in ("/usr", "/lib", "/lib64", "/bin", "/etc/ld.so.cache"):
        if os.path.exists(system_dir):
            cmd += ["--ro-bind", system_dir, system_dir]
    cmd += ["--ro-bind", str(base), str(base)]
    if site.is_dir() and str(site).startswith(str(base)):
        cmd += ["--tmpfs", str(site), "--remount-ro", str(site)]   # hide whatever is installed there
    cmd += ["--ro-bind", str(numpy_dir), "/sandbox/site/numpy"]
    libs = numpy_dir.parent / "numpy.libs"
    if libs.is_dir():
        cmd += ["--ro-bind", str(libs), "/sandbox/site/numpy.libs"]
    for name in CHILD_FILES:
        cmd += ["--ro-bind", str(ENGINE / name), f"/sandbox/lib/{name}"]
    cmd += ["--chdir", "/sandbox", python, "-I", "-S", "/sandbox/lib/child.py", str(ctl_fd), "/sandbox/site"]
    return cmd


class Zygote:
    """One warm process per grading worker; forks a fresh child per submission."""

    def __init__(self, isolation: str = "auto"):
        if isolation == "auto":
            isolation = "bwrap" if bubblewrap_available() else "none"
        self.isolation = isolation
        if isolation == "none":
            warnings.warn("bubblewrap (Debian package 'bubblewrap') is not available: student code runs "
                          "with resource limits, seccomp and no network, but can READ files this user can "
                          "read (solutions, graders, other submissions). Install bubblewrap for real isolation.",
                          RuntimeWarning, stacklevel=2)
        self.proc: subprocess.Popen | None = None
        self.ctl: socket.socket | None = None

    def start(self) -> None:
        parent_end, child_end = socket.socketpair()
        # the base interpreter: a venv's own python may be a copy living in a folder we do not expose
        python = os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)
        fd = child_end.fileno()
        if self.isolation == "bwrap":
            cmd = _bwrap_command(python, fd)
            env = None
        else:
            site = str(Path(np.__file__).resolve().parent.parent)
            cmd = [python, "-I", "-S", str(ENGINE / "child.py"), str(fd), site]
            env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
                   "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        self.proc = subprocess.Popen(cmd, pass_fds=(fd,), env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)
        child_end.close()
        self.ctl = parent_end
        self.ctl.settimeout(30)
        try:
            hello = protocol.recv(self.ctl)
        except (EOFError, OSError, protocol.ProtocolError) as exc:
            err = self.proc.stderr.read().decode(errors="replace")[-2000:] if self.proc.stderr else ""
            self.stop()
            raise RuntimeError(f"the sandbox did not start ({exc}): {err}") from exc
        assert hello.get("ready")
        self.ctl.settimeout(None)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _command(self, command: dict, fds=()) -> dict:
        if not self.alive():
            self.stop()
            self.start()
        assert self.ctl is not None
        self.ctl.settimeout(30)
        socket.send_fds(self.ctl, [b"c"], list(fds) or [os.open(os.devnull, os.O_RDONLY)])
        protocol.send(self.ctl, command)
        return protocol.recv(self.ctl)

    def spawn(self, spawn: dict) -> tuple[int, socket.socket]:
        parent_end, child_end = socket.socketpair()
        try:
            reply = self._command({"op": "spawn", **spawn}, fds=[child_end.fileno()])
        finally:
            child_end.close()
        return int(reply["pid"]), parent_end

    def kill(self, pid: int) -> dict:
        try:
            return self._command({"op": "kill", "pid": pid}).get("status", {})
        except (OSError, EOFError, protocol.ProtocolError):
            self.stop()      # the zygote itself is broken: the next command starts a new one
            return {"gone": True}

    def stop(self) -> None:
        if self.ctl is not None:
            self.ctl.close()
            self.ctl = None
        if self.proc is not None:
            if self.proc.poll() is None:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            self.proc.wait()
            self.proc = None


def _describe_exit(status: dict) -> str:
    if "signal" in status:
        sig = status["signal"]
        if sig == signal.SIGXCPU:
            return "it used up its CPU time limit (an endless loop?)"
        if sig == signal.SIGKILL:
            return "it was killed (SIGKILL)"
        if sig == signal.SIGSEGV:
            return "it crashed with a segmentation fault"
        return f"it was ended by signal {signal.Signals(sig).name if sig in signal.valid_signals() else sig}"
    if "exit" in status:
        return f"it exited with status {status['exit']} (os._exit or a fatal error)"
    return "it disappeared"


@dataclass
class Session:
    """A submission (or the reference) behind the process boundary: ``probe(name, **kwargs)``."""

    zygote: Zygote
    week: str
    student: dict[str, str]            # module name -> source (the submission's)
    trusted: dict[str, str]            # given modules + the week's probes
    missing: dict[str, str] = field(default_factory=dict)   # module -> why it is unavailable
    limits: Limits = field(default_factory=Limits)
    cache: dict | None = None          # the reference is deterministic: one answer per question
    pid: int | None = None
    sock: socket.socket | None = None
    spent: float = 0.0
    poisoned: StudentError | None = None
    seccomp: bool | None = None

    def probe(self, name: str, **kwargs):
        key = None
        if self.cache is not None:
            key = _cache_key(name, kwargs)
            if key in self.cache:
                return self.cache[key]
        value = self._probe(name, kwargs)
        if key is not None:
            self.cache[key] = value
        return value

    def _probe(self, name: str, kwargs: dict):
        if self.poisoned is not None:
            raise self.poisoned
        remaining = self.limits.budget_seconds - self.spent
        if remaining <= 0:
            raise StudentError(f"this submission used up its grading time ({self.limits.budget_seconds:.0f} s "
                               "for all tests); the remaining tests were not run", kind="budget",
                               tags=["time-budget"])
        started = time.monotonic()
        try:
            self._ensure_child(min(self.limits.load_seconds, remaining))
            remaining = self.limits.budget_seconds - self.spent - (time.monotonic() - started)
            return self._call(name, kwargs, min(self.limits.call_seconds, max(remaining, 0.01)))
        finally:
            self.spent += time.monotonic() - started

    def _ensure_child(self, timeout: float) -> None:
        if self.sock is not None:
            return
        self.pid, self.sock = self.zygote.spawn({"limits": self.limits.as_child()})
        self.sock.settimeout(timeout)
        try:      # the sources go to the child alone, never through the zygote (see child.py)
            protocol.send(self.sock, {"load": {"student": self.student, "trusted": self.trusted,
                                               "missing": self.missing, "probes": "probes"}})
        except OSError:
            pass                          # the child is gone; _receive says how
        try:
            hello = self._receive(timeout, loading=True)["hello"]
        except StudentError as exc:
            self.poisoned = exc          # importing never finishes or crashes: no later test can do better
            raise
        self.seccomp = hello.get("seccomp")

    def _call(self, name: str, kwargs: dict, timeout: float):
        assert self.sock is not None
        try:
            protocol.send(self.sock, {"probe": name, "kwargs": kwargs})
        except OSError:
            pass                          # the child is gone; _receive says how
        reply = self._receive(timeout, loading=False)
        if "error" in reply:
            err = reply["error"]
            message = err.get("message", "")
            where = err.get("where") or []
            if where:
                message += "\n  at " + "\n  at ".join(where)
            raise StudentError(message, kind=err.get("kind", "exception"))
        return reply.get("ok")

    def _receive(self, timeout: float, *, loading: bool) -> dict:
        assert self.sock is not None
        what = "importing the submission's modules" if loading else "this test's call into the code"
        self.sock.settimeout(timeout)
        try:
            reply = protocol.recv(self.sock)
            if not isinstance(reply, dict) or not ({"ok", "error", "hello"} & set(reply)):
                raise protocol.ProtocolError("an unexpected message")
            return reply
        except socket.timeout:
            self.close()
            raise StudentError(f"{what} did not finish within {timeout:.1f} s and was stopped "
                               "(an endless loop, or far too many steps?)", kind="timeout",
                               tags=["timeout"]) from None
        except (EOFError, ConnectionError):
            status = self.close()
            raise StudentError(f"the process running the code ended during {what}: {_describe_exit(status)}. "
                               "Grading code must return, not exit.", kind="crash", tags=["crash"]) from None
        except protocol.ProtocolError as exc:
            self.close()
            raise StudentError(f"the code sent back something that is not plain data ({exc})",
                               kind="bad_output", tags=["bad-output"]) from None

    def close(self) -> dict:
        status: dict = {}
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self.pid is not None:
            status = self.zygote.kill(self.pid)
            self.pid = None
        return status


def _cache_key(name: str, kwargs: dict) -> str:
    digest = hashlib.sha256(name.encode())
    digest.update(protocol.dumps(kwargs))
    return digest.hexdigest()
