"""Runs inside the sandbox: a warm zygote that forks one fresh child per submission.

The zygote imports NumPy once, then waits on its control socket for
``spawn`` (with the limits and a socket for the new child, passed as a file
descriptor) and ``kill`` commands. Each child:

1. points stdin/stdout/stderr at /dev/null, applies resource limits, stops
   being root if it was (Gradescope runs everything as root), and installs the
   seccomp filter (no processes, no network, no signals to others);
2. receives the sources to load on its own socket -- never through the zygote,
   whose memory every child inherits: source text that had passed through it
   (the reference's, a classmate's) could be found there by scanning memory;
3. loads the trusted modules (given helpers and the week's probes) and only
   then the student's modules, all from source text held in memory -- the child
   needs no file system access at all;
4. answers ``probe`` requests with plain data until its socket closes.

Standard library and NumPy only: this file cannot import the autograder package.
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import os
import resource
import signal
import socket
import sys
import traceback

sys.path[:0] = [os.path.dirname(os.path.abspath(__file__))] + (sys.argv[2:] if __name__ == "__main__" else [])
import protocol  # noqa: E402  (beside this file, inside the sandbox too)
import seccomp   # noqa: E402


class SourceModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Import modules from source text held in memory: {name: (filename, source)}."""

    def __init__(self, sources):
        self.sources = dict(sources)

    def find_spec(self, fullname, path, target=None):
        if fullname in self.sources:
            return importlib.util.spec_from_loader(fullname, self, origin=self.sources[fullname][0])
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        filename, text = self.sources[module.__name__]
        module.__file__ = filename
        exec(compile(text, filename, "exec", dont_inherit=True), module.__dict__)


class ModuleUnavailable(Exception):
    pass


class Mods:
    """What a probe sees: ``mods.optimizers`` is the submission's module (or a clear error)."""

    def __init__(self, modules, failures):
        self._modules, self._failures = modules, failures

    def __getattr__(self, name):
        if name in self._modules:
            return self._modules[name]
        failure = self._failures.get(name)
        if failure is None:
            raise ModuleUnavailable(f"{name}.py is not part of this week")
        raise ModuleUnavailable(failure["message"])


def _student_frames(tb, student_files, sources_by_file):
    """'file.py, line N, in func: code' for the frames in student files, innermost last."""
    frames = []
    for frame in traceback.extract_tb(tb):
        if frame.filename in student_files:
            lines = sources_by_file[frame.filename].splitlines()
            code = lines[frame.lineno - 1].strip() if frame.lineno and 0 < frame.lineno <= len(lines) else ""
            frames.append(f"{frame.filename}, line {frame.lineno}, in {frame.name}: {code}")
    return frames[-3:]


def _safe_str(exc) -> str:
    try:
        text = str(exc)
    except BaseException:  # a hostile __str__
        text = "<the exception's message could not be shown>"
    return text[:2000]


def describe(exc, student_files, sources_by_file, *, importing=None):
    """A plain-data account of an exception, quoting only student code."""
    if isinstance(exc, ModuleUnavailable):
        return {"kind": "import", "type": "ImportError", "message": _safe_str(exc), "where": []}
    kind = "exception"
    if isinstance(exc, NotImplementedError):
        kind = "not_implemented"
    elif isinstance(exc, MemoryError):
        kind = "memory"
    elif isinstance(exc, (SystemExit, KeyboardInterrupt)):
        kind = "exit"
    where = _student_frames(exc.__traceback__, student_files, sources_by_file)
    if isinstance(exc, SyntaxError) and exc.filename in student_files:
        where = [f"{exc.filename}, line {exc.lineno}: {(exc.text or '').strip()}"]
    name = type(exc).__name__ if type(exc).__module__ in ("builtins", "exceptions") else "Exception"
    message = f"{name}: {_safe_str(exc)}" if not isinstance(exc, SystemExit) else \
        f"the code called sys.exit({_safe_str(exc)})"
    if importing:
        message = f"importing {importing} failed: {message}"
    return {"kind": "import" if importing else kind, "type": name, "message": message, "where": where}


def limit(limits):
    def set_(res, value):
        try:
            resource.setrlimit(res, (value, value))
        except (ValueError, OSError):
            pass
    set_(resource.RLIMIT_CORE, 0)
    set_(resource.RLIMIT_FSIZE, 0)                       # no files written, anywhere
    set_(resource.RLIMIT_NOFILE, 64)
    cpu = int(limits.get("cpu_seconds", 60))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        with open("/proc/self/statm") as fh:
            vsize = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        set_(resource.RLIMIT_AS, vsize + int(limits.get("memory_mb", 1024)) * 2**20)
    except OSError:
        pass


NOBODY = 65534


def drop_root() -> bool:
    """As root, become ``nobody``: then root-only files (the Gradescope bundle makes the graders and
    solutions root-only) cannot be read, nothing of root's written, no root process signalled.
    Inside bubblewrap this fails harmlessly (no CAP_SETUID): the mount namespace hides those files."""
    if os.geteuid() != 0:
        return False
    try:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    except OSError:
        return False
    return os.geteuid() == NOBODY


def child_main(channel: socket.socket, spawn) -> None:
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    limit(spawn.get("limits", {}))
    dropped = drop_root()
    filtered = seccomp.install() if spawn.get("seccomp", True) else False
    try:
        load = protocol.recv(channel)["load"]
    except (EOFError, OSError, protocol.ProtocolError, KeyError, TypeError):
        os._exit(0)

    trusted = {name: (f"<grader>/{name}.py", text) for name, text in load["trusted"].items()}
    student = {name: (f"{name}.py", text) for name, text in load["student"].items()
               if name not in trusted}                  # given modules are always the trusted copies
    sources_by_file = {fn: text for fn, text in student.values()}
    student_files = set(sources_by_file)
    sys.meta_path.insert(0, SourceModules({**trusted, **student}))

    import importlib
    probes = importlib.import_module(load["probes"])   # trusted code first, before any student code
    run_probe, send, recv = _bind(probes, channel)
    dumps, header, ProtocolError = protocol.dumps, protocol._HEADER.pack, protocol.ProtocolError

    modules, failures = {}, {}
    for name in load["student"]:
        if name in trusted:
            continue
        try:
            modules[name] = importlib.import_module(name)
        except BaseException as exc:  # noqa: BLE001 -- anything at import time is the student's
            failures[name] = describe(exc, student_files, sources_by_file, importing=f"{name}.py")
            sys.modules.pop(name, None)
    for name, message in load.get("missing", {}).items():
        failures[name] = {"kind": "import", "type": "ImportError", "where": [], "message": message}
    mods = Mods(modules, failures)
    send({"hello": {"seccomp": filtered, "dropped_root": dropped, "failures": failures}})

    while True:
        try:
            request = recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            value = run_probe(request["probe"], mods, request.get("kwargs", {}))
            body = dumps({"ok": value})
        except ProtocolError as exc:
            body = dumps({"error": {"kind": "bad_output", "type": "ProtocolError", "where": [],
                                    "message": f"the code returned {exc}"}})
        except BaseException as exc:  # noqa: BLE001
            body = dumps({"error": describe(exc, student_files, sources_by_file)})
        channel.sendall(header(len(body)) + body)


def _bind(probes, channel):
    """Capture what the loop needs before student code runs, so rebinding module globals cannot reach it."""
    table = {name: getattr(probes, name) for name in dir(probes)
             if not name.startswith("_") and callable(getattr(probes, name))}
    _send, _recv = protocol.send, protocol.recv

    def run_probe(name, mods, kwargs):
        fn = table.get(name)
        if fn is None:
            raise LookupError(f"no probe named {name!r}")
        return fn(mods, **kwargs)

    return run_probe, (lambda v: _send(channel, v)), (lambda: _recv(channel))


def zygote_main(ctl_fd: int) -> None:
    import numpy  # noqa: F401  -- warm: every child starts with NumPy already imported
    ctl = socket.socket(fileno=ctl_fd)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    protocol.send(ctl, {"ready": True, "pid": os.getpid()})
    finished: dict[int, dict] = {}
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(ctl, 1, 1)
            command = protocol.recv(ctl)
        except (EOFError, OSError):
            os._exit(0)
        op = command.get("op")
        if op == "spawn":
            pid = os.fork()
            if pid == 0:
                try:
                    ctl.close()
                    child_main(socket.socket(fileno=fds[0]), command)
                finally:
                    os._exit(0)
            for fd in fds:
                os.close(fd)
            protocol.send(ctl, {"pid": pid})
        elif op == "kill":                     # SIGKILL (a zombie keeps its real status), then reap
            pid = int(command["pid"])
            if pid not in finished:
                try:
                    os.kill(pid, signal.SIGKILL)
                    finished[pid] = _status(os.waitpid(pid, 0)[1])
                except (ChildProcessError, ProcessLookupError):
                    finished[pid] = {"gone": True}
            protocol.send(ctl, {"status": finished.pop(pid)})
        else:
            protocol.send(ctl, {"error": f"unknown op {op!r}"})
        _reap(finished)


def _status(status: int) -> dict:
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status)}
    return {"exit": os.WEXITSTATUS(status)}


def _reap(finished: dict) -> None:
    """Collect children that ended on their own, keeping their status for the next kill."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        finished[pid] = _status(status)


if __name__ == "__main__":
    zygote_main(int(sys.argv[1]))
