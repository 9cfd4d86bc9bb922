"""Runs inside the sandbox: a warm zygote that forks one fresh, confined child per submission.

The zygote imports NumPy once, then waits on its control socket for ``spawn``
(with the limits and the new child's own socket, passed as a file
descriptor), ``kill`` and ``stats`` commands. It never runs student code and
never sees a source text. A spawn is two forks:

* an *intermediate* process enters new PID, mount and IPC namespaces and forks
  the child, then waits for it and ends the way it ended (same exit status or
  signal), so the zygote learns how the child ended;
* the *child* is PID 1 of its own PID namespace, alone in it. Before anything
  of a submission reaches it, it confines itself (:func:`confine`), each step
  checked, and a step that fails means the child reports it and exits: no
  student code runs without every confinement in place.

  1. stdin/stdout/stderr -> /dev/null; every other inherited descriptor closed;
  2. its mounts made private and read-only, /proc unmounted: no other process
     to look at, nothing to write, nothing that outlives it;
  3. resource limits (CPU, address space, no file writes, open files, no core);
  4. a user of its own when the grader runs as root (a random uid nobody else
     has), no capabilities, no new privileges, not dumpable;
  5. the seccomp allowlist (``seccomp.py``).

  Then it says ``confined`` (trusted: no student code exists yet), receives
  the sources on its own socket -- never through the zygote, whose memory
  every child inherits --, loads the trusted modules (given helpers, the
  week's probes) and forgets their text, loads the student's modules from
  text held in memory, and answers ``probe`` requests with plain data until
  its socket closes.

Standard library and NumPy only: this file cannot import the autograder package.
"""
from __future__ import annotations

import ctypes
import errno
import importlib
import importlib.abc
import importlib.util
import os
import resource
import secrets
import select
import signal
import socket
import struct
import sys
import traceback

sys.path[:0] = [os.path.dirname(os.path.abspath(__file__))] + (sys.argv[3:] if __name__ == "__main__" else [])
import outcomes  # noqa: E402  (beside this file, inside the sandbox too)
import protocol  # noqa: E402
import seccomp   # noqa: E402

Kind = outcomes.Kind
libc = ctypes.CDLL(None, use_errno=True)

# Linux constants (sched.h, mount.h, prctl.h, capability.h)
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID = 0x00020000, 0x10000000, 0x20000000
MS_REC, MS_PRIVATE, MS_RDONLY, MS_REMOUNT, MS_BIND = 0x4000, 1 << 18, 1, 32, 4096
MNT_DETACH, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 2, -100, 0x8000, 1
OPEN_TREE_CLONE, OPEN_TREE_CLOEXEC, MOVE_MOUNT_F_EMPTY_PATH = 1, 0o2000000, 4
SYS_OPEN_TREE, SYS_MOVE_MOUNT, SYS_MOUNT_SETATTR = 428, 429, 442    # the same on x86_64 and aarch64
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 1, 4, 24, 47, 4
CAP_SYS_ADMIN, LINUX_CAPABILITY_VERSION_3 = 21, 0x20080522

# uids the children of a zygote run as, when the grader runs as root: a random one per child, from a
# range no real account uses (below 2**31: some tools read uids as signed), the reference's apart
UID_RANGES = {"reference": (2_000_000_000, 2**26), "student": (2_070_000_000, 2**26)}
EXIT_SETUP = 121        # the intermediate or the child could not set up (the parent reads the channel for why)
MAX_MESSAGE_TEXT = 1000     # characters of an exception message sent back
MAX_CODE_LINE = 200         # characters of a quoted line of the student's code


try:
    FILTER_FOR_PID_1 = seccomp.build(1)
except seccomp.SeccompError:
    FILTER_FOR_PID_1 = None            # an unsupported machine: install() raises in the child, nothing runs


class ConfinementError(RuntimeError):
    """A confinement step failed: the child must not run student code."""


def _check(result: int, what: str) -> None:
    if result != 0:
        raise ConfinementError(f"{what} failed: {os.strerror(ctypes.get_errno())}")


# --- the zygote ---------------------------------------------------------------------------------
def zygote_main(ctl_fd: int, role: str) -> None:
    _check(libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE)")
    import numpy  # noqa: F401  -- warm: every child starts with NumPy already imported
    ctl = socket.socket(fileno=ctl_fd)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    protocol.send(ctl, {"ready": True, "euid": os.geteuid()})
    # the trusted modules (given helpers, the week's probes) are imported here, once, before any child
    # exists: every child inherits them compiled, and their text is dropped once imported
    setup = protocol.recv(ctl, wipe=True, max_json=protocol.MAX_MESSAGE)
    probes = load_trusted(setup["trusted"], setup["probes"])
    del setup
    own = _OwnProc.open()              # what the zygote reads of /proc; then, in bubblewrap, /proc goes
    if _in_bubblewrap():
        _check(libc.umount2(b"/proc", MNT_DETACH), "unmounting /proc in the sandbox")
    protocol.send(ctl, {"loaded": sorted(name for name in dir(probes) if not name.startswith("_"))})
    children: dict[int, int] = {}       # intermediate pid -> child pid (0 if the child never started)
    finished: dict[int, dict] = {}      # intermediate pid -> how it ended
    while True:
        fds: list[int] = []
        try:
            _, fds, _, _ = socket.recv_fds(ctl, 1, 4)
            command = protocol.recv(ctl)
        except (EOFError, OSError, protocol.ProtocolError):
            os._exit(0)
        try:
            op = command.get("op") if isinstance(command, dict) else None
            if op == "spawn" and len(fds) == 1:
                reply = _spawn(ctl, fds.pop(), command, role, children, probes, own)
            elif op == "kill":
                reply = {"status": _kill(int(command["pid"]), children, finished)}
            elif op == "discard":           # end it, do not wait: _reap collects it after a later command
                _discard(int(command["pid"]), children, finished)
                reply = {"status": {}}
            elif op == "stats":             # for the engine's own tests: nothing may accumulate here
                for _ in range(100):        # let discarded children finish ending (a few ms)
                    _reap(finished)
                    if not _DISCARDED:
                        break
                    select.select([], [], [], 0.01)
                reply = {"fds": own.open_descriptors(), "children": len(children),
                         "finished": len(finished), "ending": len(_DISCARDED)}
            else:
                reply = {"error": f"unknown or malformed command {op!r}"}
        except Exception as exc:  # noqa: BLE001 -- the zygote must answer; the parent turns this into an engine error
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            for fd in fds:              # never keep a descriptor a command brought
                os.close(fd)
        protocol.send(ctl, reply)
        _reap(finished)


class _OwnProc:
    """The zygote's own /proc entries, opened once: in bubblewrap /proc is then unmounted, so no child ever
    has one (a child closes every inherited descriptor, these included, before anything else)."""

    def __init__(self, statm: int, fd_dir: int):
        self.statm, self.fd_dir = statm, fd_dir

    @classmethod
    def open(cls) -> "_OwnProc":
        return cls(os.open(f"/proc/{os.getpid()}/statm", os.O_RDONLY),
                   os.open(f"/proc/{os.getpid()}/fd", os.O_RDONLY | os.O_DIRECTORY))

    def vsize(self) -> int:
        return int(os.pread(self.statm, 200, 0).split()[0]) * os.sysconf("SC_PAGE_SIZE")

    def open_descriptors(self) -> int:
        return len(os.listdir(self.fd_dir))


def _spawn(ctl: socket.socket, channel_fd: int, command: dict, role: str, children: dict, probes,
           own: _OwnProc) -> dict:
    limits = dict(command.get("limits") or {})
    limits["base_vsize"] = own.vsize()  # a fresh child's size is the zygote's: its address-space limit adds to it
    low, span = UID_RANGES.get(role, UID_RANGES["student"])
    uid = low + secrets.randbelow(span)
    namespaces = command.get("namespaces", "required")
    r, w = os.pipe()
    try:
        pid = os.fork()
    except BaseException:
        os.close(r), os.close(w), os.close(channel_fd)
        raise
    if pid == 0:                        # the intermediate
        try:
            os.close(r)
            ctl.close()
            _intermediate(channel_fd, w, limits, uid, namespaces, probes)
        finally:
            os._exit(EXIT_SETUP)
    os.close(w)
    os.close(channel_fd)
    try:
        ready, _, _ = select.select([r], [], [], 10)
        raw = os.read(r, 4) if ready else b""
    finally:
        os.close(r)
    children[pid] = struct.unpack("!i", raw)[0] if len(raw) == 4 else 0
    return {"pid": pid}


def _kill(pid: int, children: dict, finished: dict) -> dict:
    """SIGKILL the child behind intermediate ``pid`` (if it still runs), then collect how it ended."""
    child = children.pop(pid, 0)
    if pid not in finished:
        if child > 0:
            try:
                os.kill(child, signal.SIGKILL)  # PID 1 of its namespace: the whole namespace goes with it
            except ProcessLookupError:
                pass
        try:
            finished[pid] = _status(_wait(pid))
        except ChildProcessError:
            finished[pid] = {"gone": True}
    return finished.pop(pid)


def _discard(pid: int, children: dict, finished: dict) -> None:
    """SIGKILL the child behind intermediate ``pid`` and forget it: _reap collects the intermediate later."""
    child = children.pop(pid, 0)
    if finished.pop(pid, None) is not None:
        return
    if child > 0:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _DISCARDED.add(pid)


_DISCARDED: set[int] = set()     # intermediates ended without waiting: reaped, never reported


def _wait(pid: int) -> int:
    """Wait for the intermediate (it relays its child's end at once); SIGKILL it if it lingers 2 s."""
    try:
        handle = os.pidfd_open(pid)      # readable when the process ends: no polling delay
    except OSError:
        handle = None
    try:
        if handle is not None:
            select.select([handle], [], [], 2.0)
        else:                            # kernels before 5.3: poll, briefly
            for _ in range(2000):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    return status
                select.select([], [], [], 0.001)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        os.kill(pid, signal.SIGKILL)
        return os.waitpid(pid, 0)[1]
    finally:
        if handle is not None:
            os.close(handle)


def _status(status: int) -> dict:
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status)}
    return {"exit": os.WEXITSTATUS(status)}


def _reap(finished: dict) -> None:
    """Collect intermediates that ended on their own, keeping their status for the next kill."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid in _DISCARDED:
            _DISCARDED.discard(pid)
        else:
            finished[pid] = _status(status)


# --- the intermediate --------------------------------------------------------------------------
def _intermediate(channel_fd: int, report_fd: int, limits: dict, uid: int, namespaces: str, probes) -> None:
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    # bubblewrap's view is read-only already, with no /proc: a PID namespace of its own is all a child
    # adds. Without bubblewrap the child also needs its own mount namespace (read-only, no /proc).
    flags = CLONE_NEWPID if _in_bubblewrap() else CLONE_NEWPID | CLONE_NEWNS
    if os.geteuid() != 0 or not _has_cap(CAP_SYS_ADMIN):
        # not root: every sandboxed process is the grading user, so a user namespace of its own gives the
        # child its own count of processes (RLIMIT_NPROC counts per user namespace since Linux 5.14) -- and,
        # without privileges, the right to make the other namespaces at all
        flags |= CLONE_NEWUSER
    fresh = libc.unshare(flags) == 0
    if not fresh and namespaces == "required":
        _refuse(channel_fd, f"entering new namespaces failed: {os.strerror(ctypes.get_errno())}")
        return
    child = os.fork()
    if child == 0:
        os.close(report_fd)
        child_main(channel_fd, limits, uid, fresh, namespaces == "required", probes)
        os._exit(EXIT_SETUP)            # (child_main never returns)
    os.write(report_fd, struct.pack("!i", child))
    os.close(report_fd)
    os.close(channel_fd)
    while True:
        try:
            _, status = os.waitpid(child, 0)
            break
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):          # end the same way, so the zygote reads the child's real end
        sig = os.WTERMSIG(status)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
        os.kill(os.getpid(), sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else EXIT_SETUP)


def _refuse(channel_fd: int, why: str) -> None:
    try:
        protocol.send(socket.socket(fileno=channel_fd), {"confinement_failed": why[:500]})
    except OSError:
        pass


# --- the child: confinement ---------------------------------------------------------------------
def _has_cap(cap: int) -> bool:
    return bool(_capget()[0] & (1 << cap))


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _capget() -> tuple[int, int, int]:
    header, data = _CapHeader(LINUX_CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    _check(libc.capget(ctypes.byref(header), data), "capget")
    join = lambda lo, hi: lo | (hi << 32)  # noqa: E731
    return (join(data[0].effective, data[1].effective), join(data[0].permitted, data[1].permitted),
            join(data[0].inheritable, data[1].inheritable))


def _drop_capabilities() -> None:
    for cap in range(64):               # the bounding set first (needs CAP_SETPCAP, which goes next)
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header, data = _CapHeader(LINUX_CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    _check(libc.capset(ctypes.byref(header), data), "capset")
    if any(_capget()):
        raise ConfinementError("capabilities remain after dropping them")


def _private_view(needed: list[str], hidden: list[str]) -> None:
    """Without bubblewrap, in this mount namespace only: hide the course's folders, and make ``needed``
    (the runtime) reachable for a user without privileges.

    The child sees the host's folders there. Each folder in ``hidden`` (the solutions, the graders, the
    submissions, the results: SandboxPolicy.hide) and each folder above a needed one that only root may
    enter (pyenv in /root: an honest ``import threading`` would fail once the child is another user) is
    covered by an empty tmpfs (mode 0755), into which the needed subtrees under it are moved back
    (open_tree + move_mount): the child reaches the runtime and nothing else those folders held."""
    real = sorted({os.path.realpath(p) for p in needed if os.path.isdir(p)})
    real = [p for p in real if not any(p.startswith(q + "/") for q in real)]     # a subtree of another: inside it
    covers: dict[str, list[str]] = {os.path.realpath(h): [] for h in hidden if os.path.isdir(h)}
    for path in real:
        parts = path.split("/")[1:]
        for depth in range(1, len(parts)):
            folder = "/" + "/".join(parts[:depth])
            if not os.stat(folder).st_mode & 0o001:
                covers.setdefault(folder, [])
                break
    covers = {c: [p for p in real if p.startswith(c + "/")] for c in covers
              if not any(c.startswith(p + "/") or c == p for p in real)}    # never cover the runtime itself
    for folder in sorted(covers, key=len):
        trees = []
        for path in covers[folder]:
            fd = libc.syscall(SYS_OPEN_TREE, AT_FDCWD, path.encode(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE)
            if fd < 0:
                raise ConfinementError(f"open_tree({path}) failed: {os.strerror(ctypes.get_errno())}")
            trees.append((fd, path))
        _check(libc.mount(b"tmpfs", folder.encode(), b"tmpfs", 0, b"mode=0755"), f"covering {folder}")
        for fd, path in trees:
            os.makedirs(path, mode=0o755, exist_ok=True)
            _check(libc.syscall(SYS_MOVE_MOUNT, fd, b"", AT_FDCWD, path.encode(), MOVE_MOUNT_F_EMPTY_PATH),
                   f"moving {path} back")
            os.close(fd)


def _private_read_only_mounts(strict: bool, needed: list[str], hidden: list[str]) -> list[str]:
    """In the child's own mount namespace: nothing propagates, nothing is writable, no /proc.

    Returns what could not be done (only tolerated when not ``strict``: grading without bubblewrap,
    as a user without privileges, where the kernel may refuse some of it)."""
    missed = []
    if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        missed.append(f"private mounts ({os.strerror(ctypes.get_errno())})")
    elif needed or hidden:
        try:
            _private_view(needed, hidden)
        except (OSError, ConfinementError) as exc:
            missed.append(f"a private view of the files ({exc})")

    class MountAttr(ctypes.Structure):
        _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                    ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]

    attr = MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    done = libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, b"/", AT_RECURSIVE, ctypes.byref(attr), ctypes.sizeof(attr)) == 0
    if not done and os.path.exists("/proc/self/mountinfo"):    # kernels before 5.12: one mount at a time
        with open("/proc/self/mountinfo") as fh:
            points = [line.split()[4] for line in fh]
        for point in sorted(set(points), key=len):
            libc.mount(None, point.encode(), None, MS_REMOUNT | MS_BIND | MS_RDONLY, None)
    if os.access("/", os.W_OK):
        missed.append("a read-only file system")
    if os.path.isdir("/proc/self") and libc.umount2(b"/proc", MNT_DETACH) != 0:
        missed.append(f"hiding /proc ({os.strerror(ctypes.get_errno())})")
    if missed and strict:
        raise ConfinementError("could not set up the child's mounts: " + "; ".join(missed))
    return missed


def _in_bubblewrap() -> bool:
    return os.path.dirname(os.path.abspath(__file__)) == "/sandbox/lib"


def _limit(limits: dict) -> None:
    memory = int(limits.get("base_vsize", 0)) + int(limits.get("memory_mb", 1024)) * 2**20
    cpu = int(limits.get("cpu_seconds", 60))
    wanted = {resource.RLIMIT_CORE: (0, 0),
              resource.RLIMIT_FSIZE: (0, 0),            # no file content written, anywhere
              resource.RLIMIT_NOFILE: (64, 64),
              # processes and threads of the child's own user: fork is denied by seccomp, threads are not, and
              # threads started without a stack cost no address space (a child once took every PID of the
              # machine); honest code runs one thread (BLAS is pinned to one), 64 leaves room for threading
              resource.RLIMIT_NPROC: (64, 64),
              resource.RLIMIT_CPU: (cpu, cpu + 1),      # SIGXCPU at the soft limit, SIGKILL one second later
              resource.RLIMIT_AS: (memory, memory)}
    for res, value in wanted.items():
        try:
            resource.setrlimit(res, value)
        except (ValueError, OSError) as exc:
            raise ConfinementError(f"setting resource limit {res} to {value} failed: {exc}") from None
        if resource.getrlimit(res) != value:
            raise ConfinementError(f"resource limit {res} is {resource.getrlimit(res)}, not {value}")


def _become(uid: int) -> None:
    """Root (the grader runs as root): become ``uid``, a user no other process has. Others: no change."""
    if os.geteuid() == 0 or os.getuid() == 0:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        if os.getresuid() != (uid, uid, uid) or os.getresgid() != (uid, uid, uid) or os.getgroups():
            raise ConfinementError("switching to an unprivileged user did not take")
    _drop_capabilities()
    try:
        os.setuid(0)
    except OSError:
        pass
    else:
        raise ConfinementError("the child could become root again")
    _check(libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE)")


def confine(channel_fd: int, limits: dict, uid: int, fresh_namespaces: bool, strict: bool) -> dict:
    """Every step of the child's confinement, in order; raises ConfinementError if one fails."""
    _check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG)")
    devnull = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    keep = sorted({0, 1, 2, channel_fd})
    for lo, hi in zip(keep, keep[1:] + [resource.getrlimit(resource.RLIMIT_NOFILE)[1]]):
        os.closerange(lo + 1, hi)       # every inherited descriptor but stdio and the channel
    if not fresh_namespaces:
        missed = ["new namespaces"]
    elif _in_bubblewrap():              # the sandbox's view: read-only, no /proc (checked, never assumed)
        missed = [what for what, bad in (("a read-only file system", os.access("/", os.W_OK)),
                                         ("hiding /proc", os.path.exists("/proc/self"))) if bad]
    else:   # without bubblewrap: hide the course, and as root expose a runtime the child's user could not enter
        needed = [sys.base_prefix, *sys.path[1:]] if os.geteuid() == 0 else []
        missed = _private_read_only_mounts(strict, needed, list(limits.get("hide", [])))
    if missed and strict:
        raise ConfinementError("the child has no namespaces of its own")
    _limit(limits)
    _become(uid)
    try:             # a child alone in its PID namespace is pid 1: the zygote built that filter once
        seccomp.install(FILTER_FOR_PID_1 if os.getpid() == 1 else None)
    except seccomp.SeccompError as exc:
        raise ConfinementError(str(exc)) from None
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except OSError:
        pass
    else:
        raise ConfinementError("the seccomp filter does not hold: a network socket could be opened")
    return {"uid": os.getuid(), "pid": os.getpid(), "missed": missed}


def child_main(channel_fd: int, limits: dict, uid: int, fresh_namespaces: bool, strict: bool, probes) -> None:
    try:
        report = confine(channel_fd, limits, uid, fresh_namespaces, strict)
    except BaseException as exc:  # noqa: BLE001 -- any failure: say why, run nothing
        _refuse(channel_fd, f"{type(exc).__name__}: {exc}")
        os._exit(EXIT_SETUP)
    channel = socket.socket(fileno=channel_fd)
    protocol.send(channel, {"confined": report})
    try:
        serve(channel, probes)
    finally:
        os._exit(0)


# --- the child: loading and answering ----------------------------------------------------------
class SourceModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Import modules from source text held in memory: {name: (filename, source)}.

    Trusted modules' text is forgotten once they are imported (:meth:`forget`): a submission that walks
    the interpreter's objects finds only its own sources here."""

    def __init__(self, sources):
        self.sources = dict(sources)

    def forget(self, names) -> None:
        for name in names:
            self.sources.pop(name, None)

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
    def __init__(self, failure: dict):
        super().__init__(failure.get("message", ""))
        self.failure = failure


class Mods:
    """What a probe sees: ``mods.optimizers`` is the submission's module (or a clear error), and
    ``mods.call_parent(name, **args)``, which asks the grader (the parent process) to do something and
    returns its plain-data answer: for state that must not live where student code can write it (the
    parent validates every request; a refusal raises ``ParentRefused`` here); and
    ``mods.tell_parent(name, **args)``, a notice that needs no answer (one message instead of a round
    trip: a refused notice refuses every later request of the test, and fails it if none follows)."""

    def __init__(self, modules, failures, call_parent, tell_parent):
        self._modules, self._failures = modules, failures
        self.call_parent, self.tell_parent = call_parent, tell_parent

    def __getattr__(self, name):
        if name in self._modules:
            return self._modules[name]
        failure = self._failures.get(name)
        if failure is None:
            raise ModuleUnavailable({"kind": Kind.IMPORT.wire, "type": "ImportError", "where": [],
                                     "message": f"{name}.py is not part of this week"})
        raise ModuleUnavailable(failure)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + " ... (truncated)"


def _student_frames(tb, sources_by_file):
    """'file.py, line N, in func: code' for the frames in student files, innermost last."""
    frames = []
    for frame in traceback.extract_tb(tb):
        if frame.filename in sources_by_file:
            lines = sources_by_file[frame.filename].splitlines()
            code = lines[frame.lineno - 1].strip() if frame.lineno and 0 < frame.lineno <= len(lines) else ""
            frames.append(f"{frame.filename}, line {frame.lineno}, in {_clip(str(frame.name), 80)}: "
                          f"{_clip(code, MAX_CODE_LINE)}")
    return frames[-3:]


def _safe_str(exc) -> str:
    try:
        text = str(exc)
    except BaseException:  # a hostile __str__
        text = "<the exception's message could not be shown>"
    return _clip(text, MAX_MESSAGE_TEXT)


def describe(exc, sources_by_file, *, importing=None):
    """A plain-data account of an exception, quoting only student code."""
    if isinstance(exc, ModuleUnavailable):
        return exc.failure
    kind = Kind.EXCEPTION
    if isinstance(exc, NotImplementedError):
        kind = Kind.NOT_IMPLEMENTED
    elif isinstance(exc, MemoryError):
        kind = Kind.MEMORY
    elif isinstance(exc, (SystemExit, KeyboardInterrupt)):
        kind = Kind.EXIT
    where = _student_frames(exc.__traceback__, sources_by_file)
    if isinstance(exc, SyntaxError) and exc.filename in sources_by_file:
        where = [f"{exc.filename}, line {exc.lineno}: {_clip((exc.text or '').strip(), MAX_CODE_LINE)}"]
    # the nearest built-in class (numpy's _ArrayMemoryError reads as MemoryError): a name the student's code
    # did not choose, so it cannot be made to say anything
    name = next((c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins"), "Exception")
    message = f"{name}: {_safe_str(exc)}" if not isinstance(exc, SystemExit) else \
        f"the code called sys.exit({_safe_str(exc)})"
    if importing:
        message = f"importing {importing} failed: {message}"
        kind = Kind.IMPORT
        if isinstance(exc, ModuleNotFoundError):    # a plotting import left at the top, most often
            message += (" -- grading provides only NumPy and Python's standard library: remove that import, or "
                        "move it into the function that uses it (plots are not graded)")
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        # a log file or np.save left in a graded function: it works on the student's machine, and nothing the
        # student reads says the sandbox has no writable folder (docs/graders.md, "Valid variants, round 9")
        message += (" -- grading runs your code where nothing can be written, so a graded function cannot save "
                    "files: remove the write (keep logs and saved arrays in the notebook), or guard it with "
                    "try/except OSError")
    return {"kind": kind.wire, "type": name, "message": message, "where": where}


def load_trusted(sources: dict, probes_name: str):
    """Import the trusted modules (the probes and the given modules) from their text, then forget it."""
    loader = SourceModules({name: (f"<grader>/{name}.py", text) for name, text in sources.items()})
    sys.meta_path.insert(0, loader)
    try:
        probes = importlib.import_module(probes_name)
        for name in list(sources):
            importlib.import_module(name)
    finally:
        sys.meta_path.remove(loader)
        loader.forget(list(loader.sources))
    return probes


def serve(channel: socket.socket, probes) -> None:
    load = protocol.recv(channel, max_json=protocol.MAX_MESSAGE)["load"]
    student = {name: (f"{name}.py", text) for name, text in load["student"].items() if name not in sys.modules}
    missing = dict(load.get("missing", {}))
    del load
    # before any student code runs
    run_probe, send, recv, call_parent, tell_parent, flush_notes = _bind(probes, channel)
    dumps, header, ProtocolError = protocol.dumps, protocol._HEADER.pack, protocol.ProtocolError
    sys.meta_path.insert(0, SourceModules(student))
    sources_by_file = {fn: text for fn, text in student.values()}

    modules, failures = {}, {}
    for name in student:
        try:
            modules[name] = importlib.import_module(name)
        except BaseException as exc:  # noqa: BLE001 -- anything at import time is the student's
            failures[name] = describe(exc, sources_by_file, importing=f"{name}.py")
            sys.modules.pop(name, None)
    failures.update(missing)
    mods = Mods(modules, failures, call_parent, tell_parent)
    send({"hello": {"failures": failures}})

    while True:
        try:
            request = recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            value = run_probe(request["probe"], mods, request.get("kwargs", {}))
            body = dumps({"ok": value})
        except ProtocolError as exc:
            body = dumps({"error": {"kind": Kind.BAD_OUTPUT.wire, "type": "ProtocolError", "where": [],
                                    "message": f"the code returned {exc}"}})
        except BaseException as exc:  # noqa: BLE001
            body = dumps({"error": describe(exc, sources_by_file)})
        flush_notes()               # the probe's notices, ahead of its answer
        channel.sendall(header(len(body)) + body)


class ParentRefused(RuntimeError):
    """The grader refused a request a probe made on the student's behalf."""


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

    notes, max_notes = [], protocol.MAX_NOTICES     # notices not sent yet: they go with the next request,
                                                    # or ahead of the probe's answer

    def flush():
        if notes:
            _send(channel, {"tell": notes[:]})
            notes.clear()

    def call_parent(name, **args):
        request = {"name": name, "args": args}
        if notes:
            request["notes"] = notes[:]
            notes.clear()
        _send(channel, {"call": request})
        reply = _recv(channel)
        if isinstance(reply, dict) and "result" in reply:
            return reply["result"]
        raise ParentRefused(reply.get("refused", "no answer") if isinstance(reply, dict) else "no answer")

    def tell_parent(name, **args):
        notes.append({"name": name, "args": args})
        if len(notes) >= max_notes:
            flush()

    return run_probe, (lambda v: _send(channel, v)), (lambda: _recv(channel)), call_parent, tell_parent, flush


if __name__ == "__main__":
    zygote_main(int(sys.argv[1]), sys.argv[2])
