"""The parent's side of the sandbox: warm zygotes, fresh confined children, and sessions.

A grading worker starts two zygotes (``child.py``), one for the reference
solution and one for the submissions, each inside its own bubblewrap sandbox
when bubblewrap is installed: separate PID, mount, IPC, network, UTS
namespaces; a read-only view of nothing but the Python runtime, the packages
the week declares (NumPy) and the engine's three child files; no /home, /work,
/tmp; no solutions, graders or other submissions. The policy is data
(:class:`SandboxPolicy`, like nsjail's config). Each zygote imports the trusted
modules (given helpers, the week's probes) once and forks one child per
submission; ``child.py`` says what each child does to itself before any of the
submission reaches it, and refuses to run anything if a step fails.

``Session`` is what graders see as the ``student`` and ``reference``
fixtures: ``probe(name, **kwargs)`` with a per-call timeout and a
per-submission time budget. Nothing a child sends is trusted: a reply is size-
and shape-checked before it is decoded (``protocol.py``), then checked again
here (an ``ok`` or an ``error`` of a kind the child may report, text of
bounded length); anything else fails that test as "bad output". Everything
that can go wrong with student code becomes a
:class:`~autograder.grading.StudentError`; a sandbox that cannot confine a
child is an :class:`EngineError` -- the grader's problem, never a grade.
"""
from __future__ import annotations

import hashlib
import importlib.util
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

from autograder.engine import protocol
from autograder.engine.outcomes import CHILD_KINDS, Kind
from autograder.grading import StudentError
from autograder.kit.judge import crash_named
from autograder import weeks

ENGINE = Path(__file__).resolve().parent
CHILD_FILES = ("child.py", "protocol.py", "seccomp.py", "outcomes.py")
MAX_ERROR_TEXT = 2000       # characters of a child's error message kept (the child sends at most ~1,000)
MAX_WHERE = 3               # frames of the student's code quoted (the child sends at most 3)


NO_BUBBLEWRAP = ("bubblewrap is not installed here, or does not work (it needs unprivileged user namespaces when "
                 "not run as root): install it (Debian and Ubuntu: apt-get install bubblewrap) -- or, knowing that "
                 "the student's code can then read every file this user can read (the course's own folders are "
                 "hidden), grade with --isolation none (docs/architecture.md, 'Trust model')")


class EngineError(RuntimeError):
    """The sandbox could not do its job (start, confine a child, answer a command): no grade is given."""


class CallbackRefused(Exception):
    """Raised by a probe's ``callbacks`` for a request it will not serve (bad arguments, too many calls):
    the child's request fails with this message; grading goes on."""


MAX_CALLBACKS = 100_000     # requests one probe may make of the parent (a week-4 training run makes ~1,100)


@dataclass
class Limits:
    call_seconds: float = 10.0        # one probe: the slowest honest probe takes < 1 s on this machine
    load_seconds: float = 10.0        # importing a submission's modules: honest ones take milliseconds
    budget_seconds: float = 60.0      # one submission, all tests: honest ones need 1-2 s
    cpu_seconds: int = 60             # RLIMIT_CPU of a child, a backstop behind the wall-clock timeouts
    memory_mb: int = 1024             # address space a child may add on top of NumPy's
    # the grader's own CPU time on one test (in the worker: judging the replies, serving week 4's requests),
    # which no child timeout bounds: honest tests take < 2 s (a week-4 training test serves ~1,100 requests in
    # ~1 s); a reply that makes the judging quadratic held a worker for hours (REDTEAM.md, R4-5)
    judge_seconds: float = 30.0

    def as_child(self) -> dict:
        return {"cpu_seconds": self.cpu_seconds, "memory_mb": self.memory_mb}


@dataclass(frozen=True)
class SandboxPolicy:
    """What a sandbox shows, as data (nsjail's config.proto is the model).

    ``packages``: importable packages bound read-only at /sandbox/site (the week declares them; NumPy
    for every week of this course). ``dev_null``: the device node bound at /dev/null (the engine's
    tests bind a canary node there, so an attack on /dev/null can never reach the host's). ``hide``:
    without bubblewrap the child sees the host's folders; these (the solutions, the graders, the
    submissions, the results) are covered with an empty folder in each child's own mount namespace."""

    packages: tuple[str, ...] = ("numpy",)
    dev_null: str = "/dev/null"
    # without bubblewrap: folders each child must not see (the course directory, as it is when the policy is made)
    hide: tuple[str, ...] = field(default_factory=lambda: (str(weeks.ROOT),))

    def package_dirs(self) -> list[tuple[Path, str]]:
        """(host folder, name under /sandbox/site) for each package and the shared libraries beside it."""
        out = []
        for name in self.packages:
            spec = importlib.util.find_spec(name)
            if spec is None or not spec.submodule_search_locations:
                raise EngineError(f"the sandbox needs the package {name!r}, which is not installed")
            folder = Path(next(iter(spec.submodule_search_locations))).resolve()
            out.append((folder, name))
            libs = folder.parent / f"{name}.libs"        # wheels put vendored shared libraries there
            if libs.is_dir():
                out.append((libs, libs.name))
        return out


def bubblewrap_available() -> bool:
    exe = shutil.which("bwrap")
    if exe is None:
        return False
    probe = subprocess.run([exe, *_namespace_args(), "--ro-bind", "/", "/", "true"], capture_output=True, timeout=10)
    return probe.returncode == 0


def _namespace_args() -> list[str]:
    """Every namespace but the user one, which only a grader without privileges needs (run as root,
    bubblewrap would map the sandbox's root to the host's: its processes would own the host's files)."""
    args = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    return args if os.geteuid() == 0 else ["--unshare-user", *args]


def _bwrap_command(python: str, ctl_fd: int, role: str, policy: SandboxPolicy) -> list[str]:
    base = Path(sys.base_prefix).resolve()
    stdlib = Path(os.__file__).resolve().parent
    site = stdlib / "site-packages"
    # the zygote needs CAP_SYS_ADMIN to give each child namespaces of its own, and as root CAP_SETUID and
    # CAP_SETGID to give it a user of its own and CAP_KILL to end it; every child drops all of them before
    # it receives anything
    caps = ["CAP_SYS_ADMIN", "CAP_SETPCAP"] + (["CAP_SETUID", "CAP_SETGID", "CAP_KILL"] if os.geteuid() == 0 else [])
    cmd = ["bwrap", *_namespace_args(), "--die-with-parent", "--new-session", "--as-pid-1",
           "--cap-drop", "ALL", *[arg for cap in caps for arg in ("--cap-add", cap)],
           "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/nonexistent",
           "--setenv", "LANG", "C.UTF-8", "--setenv", "PYTHONHASHSEED", "0",
           "--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1",
           "--setenv", "MKL_NUM_THREADS", "1", "--proc", "/proc", "--dev-bind", policy.dev_null, "/dev/null"]
    binds = [(d, d) for d in ("/usr", "/lib", "/lib64", "/bin", "/etc/ld.so.cache") if os.path.exists(d)]
    binds.append((str(base), str(base)))
    binds += [(str(folder), f"/sandbox/site/{name}") for folder, name in policy.package_dirs()]
    binds += [(str(ENGINE / name), f"/sandbox/lib/{name}") for name in CHILD_FILES]
    # bubblewrap would create the folders above each mount point for root alone (mode 0700): a child,
    # which runs as another user, could then reach nothing below them
    parents = sorted({str(p) for _, dest in binds for p in Path(dest).parents if str(p) != "/"}, key=len)
    for folder in parents:
        cmd += ["--perms", "0755", "--dir", folder]
    for src, dest in binds:
        cmd += ["--ro-bind", src, dest]
    if site.is_dir() and str(site).startswith(str(base)):
        cmd += ["--tmpfs", str(site), "--remount-ro", str(site)]   # hide whatever is installed there
    cmd += ["--remount-ro", "/",                                   # last: the sandbox's own root, read-only
            "--chdir", "/sandbox", python, "-I", "-S", "/sandbox/lib/child.py", str(ctl_fd), role, "/sandbox/site"]
    return cmd


class Zygote:
    """One warm process per role and grading worker; forks a fresh, confined child per submission."""

    def __init__(self, isolation: str = "auto", *, role: str = "student", trusted: dict[str, str] | None = None,
                 probes: str = "probes", policy: SandboxPolicy | None = None):
        if isolation == "auto":
            if not bubblewrap_available():
                raise EngineError(NO_BUBBLEWRAP)
            isolation = "bwrap"
        self.isolation = isolation
        self.role = role
        self.trusted = dict(trusted or {probes: ""})
        self.probes = probes
        self.policy = policy or SandboxPolicy()
        if isolation == "none":
            warnings.warn("grading without bubblewrap (--isolation none): student code runs with resource "
                          "limits, seccomp, no network and namespaces of its own where the kernel allows, the "
                          "course's folders hidden, but it can READ other files this user can read. Install "
                          "bubblewrap for real isolation.", RuntimeWarning, stacklevel=2)
        # without bubblewrap the kernel may refuse the child its own namespaces (without privileges; or in a
        # container without CAP_SYS_ADMIN, as Docker runs root by default): grading goes on without them there
        self.namespaces = "required" if isolation == "bwrap" else "optional"
        self.proc: subprocess.Popen | None = None
        self.ctl: socket.socket | None = None
        self.probe_names: frozenset[str] = frozenset()     # what the trusted probes module defines, once loaded

    def start(self) -> None:
        parent_end, child_end = socket.socketpair()
        # the base interpreter: a venv's own python may be a copy living in a folder we do not expose
        python = os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)
        fd = child_end.fileno()
        if self.isolation == "bwrap":
            cmd = _bwrap_command(python, fd, self.role, self.policy)
            env = None
        else:
            site = [str(folder.parent) for folder, _ in self.policy.package_dirs()]
            cmd = [python, "-I", "-S", str(ENGINE / "child.py"), str(fd), self.role, *dict.fromkeys(site)]
            env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
                   "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        self.proc = subprocess.Popen(cmd, pass_fds=(fd,), env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)
        child_end.close()
        self.ctl = parent_end
        self.ctl.settimeout(60)
        try:
            hello = protocol.recv(self.ctl)
            if not (isinstance(hello, dict) and hello.get("ready")):
                raise protocol.ProtocolError("no ready message")
            protocol.send(self.ctl, {"trusted": self.trusted, "probes": self.probes}, max_json=protocol.MAX_MESSAGE)
            loaded = protocol.recv(self.ctl)
            if not (isinstance(loaded, dict) and isinstance(loaded.get("loaded"), list)):
                raise protocol.ProtocolError(f"the trusted modules did not load: {loaded!r}"[:500])
            self.probe_names = frozenset(name for name in loaded["loaded"] if isinstance(name, str))
        except (EOFError, OSError, protocol.ProtocolError) as exc:
            err = self.proc.stderr.read().decode(errors="replace")[-2000:] if self.proc.stderr else ""
            self.stop()
            raise EngineError(f"the sandbox did not start ({exc}): {err}") from exc
        self.ctl.settimeout(None)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _command(self, command: dict, fds: tuple[int, ...] = ()) -> dict:
        if not self.alive():
            self.stop()
            self.start()
        assert self.ctl is not None
        self.ctl.settimeout(30)
        try:
            socket.send_fds(self.ctl, [b"c"], list(fds))
            protocol.send(self.ctl, command)
            reply = protocol.recv(self.ctl)
        except BaseException:
            # cut short (a timeout, the grader's time bound firing here): the zygote's reply to this command
            # would be read as the next command's -- a later submission's spawn or kill (REDTEAM.md, R5-3)
            self.stop()
            raise
        if not isinstance(reply, dict) or "error" in reply:
            raise EngineError(f"the sandbox refused {command.get('op')!r}: {reply!r}"[:500])
        return reply

    def spawn(self, limits: dict) -> tuple[int, socket.socket]:
        parent_end, child_end = socket.socketpair()
        try:
            reply = self._command({"op": "spawn", "limits": {**limits, "hide": list(self.policy.hide)},
                                   "namespaces": self.namespaces}, fds=(child_end.fileno(),))
        except BaseException:
            parent_end.close()
            raise
        finally:
            child_end.close()
        if type(reply.get("pid")) is not int:    # never a reply to another command
            parent_end.close()
            self.stop()
            raise EngineError(f"the sandbox answered a spawn with {reply!r}"[:500])
        return reply["pid"], parent_end

    def kill(self, pid: int, *, wait: bool = True) -> dict:
        """End the child behind ``pid``; with ``wait``, return how it ended (else the zygote reaps it later)."""
        try:
            return self._command({"op": "kill" if wait else "discard", "pid": pid}).get("status", {})
        except (OSError, EOFError, protocol.ProtocolError, EngineError):
            self.stop()      # the zygote itself is broken: the next command starts a new one
            return {"gone": True}

    def stats(self) -> dict:
        """Descriptors and children the zygote holds (the engine's tests check nothing accumulates)."""
        return self._command({"op": "stats"})

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
            if self.proc.stderr is not None:
                self.proc.stderr.close()
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


class UnknownProbe(LookupError):
    """A grader asked for a probe the week's probes.py lacks: the grader's bug, never the submission's (the child
    would report it as the student's exception -- every student, the reference too, losing the test, exit 0)."""


def _text(value, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    return value if len(value) <= limit else value[:limit] + " ... (truncated)"


@dataclass
class Session:
    """A submission (or the reference) behind the process boundary: ``probe(name, **kwargs)``."""

    zygote: Zygote
    week: str
    student: dict[str, str]            # module name -> source (the submission's, or the reference's)
    missing: dict[str, dict] = field(default_factory=dict)   # module -> the failure to report for it
    limits: Limits = field(default_factory=Limits)
    cache: dict | None = None          # the reference is deterministic: one answer per question
    trusted: bool = False              # the reference: its failures are the grading's, never a student's
    pid: int | None = None
    sock: socket.socket | None = None
    spent: float = 0.0
    poisoned: Exception | None = None
    confined: dict | None = None
    _answered: bool = True             # the last call's answer was read (else the child is out of step)

    def probe(self, name: str, *, callbacks=None, **kwargs):
        """Run probe ``name`` in the child. ``callbacks(name, args) -> plain data``: serves the requests the
        probe makes of the parent while it runs (``mods.call_parent``), so that state the student's code
        must not be able to write -- a network's weights, what a training run did -- lives here. It
        validates every request and raises :class:`CallbackRefused` for a bad one. Such probes are not
        cached (their answer is the callbacks' record, not only the returned value)."""
        key = None
        if self.cache is not None and callbacks is None:
            key = _cache_key(name, kwargs)
            if key in self.cache:
                return self.cache[key]
        try:
            value = self._probe(name, kwargs, callbacks)
        except StudentError as exc:
            if not self.trusted:
                raise
            # the reference timed out (a loaded machine), was killed (the OOM killer) or raised (its bug): a
            # StudentError here would be recorded as the student's failure of the test calling it
            raise EngineError(f"the reference solution failed on the probe {name!r}, so this test could not be "
                              f"judged: {exc.message[:300]}") from None
        if key is not None:
            self.cache[key] = value
        return value

    def _probe(self, name: str, kwargs: dict, callbacks=None):
        if self.poisoned is not None:
            raise self.poisoned
        remaining = self.limits.budget_seconds - self.spent
        if remaining <= 0:
            raise StudentError(f"this submission used up its grading time ({self.limits.budget_seconds:.0f} s "
                               "for all tests); the remaining tests were not run", kind=Kind.BUDGET)
        started = time.monotonic()
        try:
            self._ensure_child(min(self.limits.load_seconds, remaining))
            if name not in self.zygote.probe_names:
                raise UnknownProbe(f"the week's probes.py defines no probe named {name!r} (a grader's mistake, or "
                                   "probes.py is missing): no submission can be graded on this test")
            remaining = self.limits.budget_seconds - self.spent - (time.monotonic() - started)
            return self._call(name, kwargs, min(self.limits.call_seconds, max(remaining, 0.01)), callbacks)
        finally:
            self.spent += time.monotonic() - started

    def _ensure_child(self, timeout: float) -> None:
        if self.sock is not None:
            return
        try:
            self.pid, self.sock = self.zygote.spawn(self.limits.as_child())
        except (OSError, EOFError, protocol.ProtocolError) as exc:
            self.zygote.stop()
            self.poisoned = EngineError(f"the sandbox could not start a child: {exc}")
            raise self.poisoned from None
        try:
            # the first message comes from the child's own confinement code: no student code exists yet
            self.sock.settimeout(30)
            first = protocol.recv(self.sock)
        except (OSError, EOFError, protocol.ProtocolError) as exc:
            self.close()
            self.poisoned = EngineError(f"the child did not report its confinement: {exc}")
            raise self.poisoned from None
        if not isinstance(first, dict) or not isinstance(first.get("confined"), dict):
            why = first.get("confinement_failed") if isinstance(first, dict) else None
            self.close()
            self.poisoned = EngineError(f"the child could not be confined, so nothing was run: {why or first!r}"[:800])
            raise self.poisoned
        self.confined = first["confined"]
        try:      # the sources go to the child alone, never through the zygote (see child.py)
            protocol.send(self.sock, {"load": {"student": self.student, "missing": self.missing}},
                          max_json=protocol.MAX_MESSAGE)
        except OSError:
            pass                          # the child is gone; _receive says how
        try:
            self._receive(timeout, loading=True, expect=("hello",))
        except StudentError as exc:
            self.poisoned = exc          # importing never finishes or crashes: no later test can do better
            raise

    def _call(self, name: str, kwargs: dict, timeout: float, callbacks=None):
        """One probe call; whatever ends it before its answer is read (the grader's time bound, a callback's
        bug) ends the child too: it may be waiting for a reply that would otherwise go to the next call."""
        try:
            return self._exchange(name, kwargs, timeout, callbacks)
        except BaseException:
            if self.sock is not None and not self._answered:
                self.close()
            raise

    def _exchange(self, name: str, kwargs: dict, timeout: float, callbacks=None):
        assert self.sock is not None
        self._answered = False
        deadline = time.monotonic() + timeout
        self._send({"probe": name, "kwargs": kwargs})
        refused = None      # the first notice refused: every later request of this test is refused too
        served = 0          # requests and notices served: bounded, whatever the child sends
        while True:
            reply = self._receive(max(deadline - time.monotonic(), 0.001), loading=False,
                                  expect=("ok", "call", "tell"), timeout_reported=timeout)
            call = reply.get("call")
            # notices (mods.tell_parent) come in order ahead of the request they preceded, or alone; they are
            # served and never answered: no round trip of their own
            notes = reply["tell"] if "tell" in reply else call.pop("notes", []) if isinstance(call, dict) else []
            served += 1 + (len(notes) if isinstance(notes, list) else 0)
            if served > MAX_CALLBACKS:
                self.close()
                raise StudentError(f"the code made more than {MAX_CALLBACKS} requests in one test",
                                   kind=Kind.BAD_OUTPUT)
            if refused is None and notes:
                refused = self._notices(notes, callbacks)
            if "tell" in reply:
                continue
            if "call" not in reply:
                break
            self._send({"refused": refused} if refused is not None else self._serve(call, callbacks))
        self._answered = True
        if refused is not None and "ok" in reply:
            # the child never learnt of the refusal: its result was made past a request the grader refused
            raise StudentError(f"the grader refused a request the code made: {refused}", kind=Kind.EXCEPTION)
        if "error" in reply:
            kind, message, where = self._error(reply["error"])
            words, tags = crash_named(message) if kind is Kind.EXCEPTION else ("", [])
            if where:
                message += "\n  at " + "\n  at ".join(where)
            raise StudentError(f"{message}\n{words}" if words else message, kind=kind, tags=tags)
        return reply["ok"]

    def _send(self, message: dict) -> None:
        try:
            protocol.send(self.sock, message)
        except OSError:
            pass                          # the child is gone; the next receive says how

    @classmethod
    def _notices(cls, notes, callbacks) -> str | None:
        """Serve notices in order; the first refusal (which stops the rest), or None."""
        if not (isinstance(notes, list) and len(notes) <= protocol.MAX_NOTICES):
            return "malformed notices"
        for note in notes:
            refused = cls._serve(note, callbacks).get("refused")
            if refused is not None:
                return refused
        return None

    @staticmethod
    def _serve(request, callbacks) -> dict:
        """The parent's answer to a request a probe made (``mods.call_parent``): only through ``callbacks``."""
        if callbacks is None:
            return {"refused": "this test takes no requests"}
        if not (isinstance(request, dict) and isinstance(request.get("name"), str) and len(request["name"]) <= 40
                and isinstance(request.get("args"), dict)):
            return {"refused": "a malformed request"}
        try:
            return {"result": callbacks(request["name"], request["args"])}
        except CallbackRefused as exc:
            return {"refused": str(exc)[:500]}
        except (ValueError, TypeError, IndexError, KeyError, ArithmeticError) as exc:
            # the request's data broke the callback's work (its checks let something odd through): the
            # request fails, as a refusal, and the child is answered -- never left waiting for a reply
            return {"refused": f"the grader could not use that request ({type(exc).__name__})"}

    def _error(self, err) -> tuple[Kind, str, list[str]]:
        """A child's account of an exception, believed only in the shape and the kinds it may report."""
        kind = Kind.from_wire(err.get("kind")) if isinstance(err, dict) else None
        message = _text(err.get("message"), MAX_ERROR_TEXT) if isinstance(err, dict) else None
        where = err.get("where") if isinstance(err, dict) else None
        allowed = kind in CHILD_KINDS or (kind is not None and err in self.missing.values())
        if (not allowed or message is None or not isinstance(where, list) or len(where) > MAX_WHERE
                or not all(isinstance(w, str) for w in where)):
            raise StudentError("the code sent back an error report that the grader does not accept "
                               "(a reply it did not make through the grader's own code)", kind=Kind.BAD_OUTPUT)
        return kind, message, [_text(w, 400) for w in where]

    def _receive(self, timeout: float, *, loading: bool, expect: tuple[str, ...],
                 timeout_reported: float | None = None) -> dict:
        assert self.sock is not None
        what = "importing the submission's modules" if loading else "this test's call into the code"
        self.sock.settimeout(timeout)
        try:
            reply = protocol.recv(self.sock)
            if not isinstance(reply, dict) or len(reply) != 1 or next(iter(reply)) not in (*expect, "error"):
                raise protocol.ProtocolError("an unexpected message")
            return reply
        except socket.timeout:
            self.close()
            raise StudentError(f"{what} did not finish within {timeout_reported or timeout:.1f} s and was stopped "
                               "(an endless loop, or far too many steps?)", kind=Kind.TIMEOUT) from None
        except (EOFError, ConnectionError):
            status = self.close(wait=True)
            raise StudentError(f"the process running the code ended during {what}: {_describe_exit(status)}. "
                               "Grading code must return, not exit.", kind=Kind.CRASH) from None
        except protocol.ProtocolError as exc:
            self.close()
            raise StudentError(f"the code sent back something that is not plain data ({exc})",
                               kind=Kind.BAD_OUTPUT) from None

    def close(self, *, wait: bool = False) -> dict:
        """End the child. ``wait``: also learn how it ended (only a crash's message needs that)."""
        status: dict = {}
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        if self.pid is not None:
            status = self.zygote.kill(self.pid, wait=wait)
            self.pid = None
        return status


def _cache_key(name: str, kwargs: dict) -> str:
    digest = hashlib.sha256(name.encode())
    digest.update(protocol.dumps(kwargs))
    return digest.hexdigest()
