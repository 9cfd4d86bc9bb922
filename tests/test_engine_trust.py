"""The sandbox's promises, attacked: other processes, the file system, devices, replies, descriptors, syscalls.

Every child must be alone (its own PID namespace, no /proc, its own user when grading as root), unable to
write anything, to reach the reference or a classmate, to open any socket or io_uring, to leave anything
behind; the parent must survive any reply; nothing may accumulate in the worker or the zygote. Destructive
attacks aim at a canary: the engine binds a device node made for the test at /dev/null (SandboxPolicy), so
a failing defence damages the canary, never this machine's /dev/null.
"""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder.engine.runner import grade
from autograder.engine.sandbox import Limits, SandboxPolicy, Session, Zygote, bubblewrap_available
from autograder.weeks import Week

FIXTURE = Path(__file__).parent / "fixtures" / "engine"
WEEK = Week("toyweek", ("toy",), (), solutions_root=str(FIXTURE / "solutions"),
            graders_root=str(FIXTURE / "graders"), template_root=str(FIXTURE / "template"))
CORRECT = (WEEK.solution_dir / "toy.py").read_text()
NOTEBOOK = (WEEK.solution_dir / "toyweek.ipynb").read_text()
MAX = 12.0
STUB = '''
def add(a, b):
    raise NotImplementedError("toyweek: add — see the docstring")


class Acc:
    def __init__(self):
        self.total = 0.0

    def push(self, x):
        raise NotImplementedError("toyweek: Acc.push — see the docstring")
'''
needs_bwrap = pytest.mark.skipif(not bubblewrap_available(), reason="bubblewrap is not installed")
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="making a canary device node needs root")

# Run inside the child by the student's own code; reports what it could do. ctypes' syscall() is how a
# hostile submission reaches a system call Python does not wrap.
OBSERVE = '''
import ctypes, errno, os, socket, threading, time

def observe(canary_path="/dev/null", root="/"):
    libc = ctypes.CDLL(None, use_errno=True)
    out = {"pid": os.getpid(), "uid": os.getuid(), "proc": os.path.exists("/proc/self"),
           "root_writable": os.access(root, os.W_OK)}
    def attempt(name, fn):
        try:
            fn()
            out[name] = "ALLOWED"
        except OSError as exc:
            out[name] = errno.errorcode.get(exc.errno, str(exc.errno))
    def sys_call(nr, *args):
        def call():
            if libc.syscall(nr, *args) == -1:
                raise OSError(ctypes.get_errno(), "")
        return call
    # a chmod to the mode a file already has passes the same checks as any other (a writable mount, and
    # being its owner or CAP_FOWNER) but changes nothing: without bubblewrap, stdout is the host's /dev/null
    def same_mode(path_or_fd):
        mode = os.stat(path_or_fd).st_mode & 0o7777
        (os.fchmod if isinstance(path_or_fd, int) else os.chmod)(path_or_fd, mode)
    def mkdir_and_remove(path):
        os.mkdir(path)
        os.rmdir(path)
    attempt("write_root", lambda: open(os.path.join(root, "planted.py"), "w").write("x"))
    attempt("write_site", lambda: open("/sandbox/site/secrets.py", "w").write("x"))
    attempt("mkdir_dev", lambda: mkdir_and_remove("/dev/planted"))
    attempt("symlink", lambda: os.symlink("x" * 4000, "/sandbox/link"))
    attempt("chmod_root", lambda: same_mode(root))
    attempt("chmod_devnull", lambda: same_mode(canary_path))
    attempt("fchmod_stdout", lambda: same_mode(1))
    attempt("socket_inet", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM))
    attempt("socket_unix", lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM))
    attempt("socketpair", lambda: socket.socketpair())
    attempt("fork", lambda: os._exit(0) if os.fork() == 0 else None)
    attempt("kill_pid_2", lambda: os.kill(2, 9))
    # x86_64 numbers: io_uring_setup 425, add_key 248, keyctl 250, shmget 29, ptrace 101, unshare 272,
    # mount 165, bpf 321, perf_event_open 298, userfaultfd 323, memfd_create 319, pidfd_open 434, setns 308
    params = ctypes.create_string_buffer(120)
    for name, nr, args in [("io_uring_setup", 425, (8, ctypes.addressof(params))),
                           ("add_key", 248, (b"user", b"k", b"v", 1, -3)), ("keyctl", 250, (0, -3, 0)),
                           ("shmget", 29, (0, 4096, 0o1666)), ("ptrace", 101, (16, 2, 0, 0)),
                           ("unshare", 272, (0x10000000,)), ("mount", 165, (b"none", b"/tmp", b"tmpfs", 0, 0)),
                           ("bpf", 321, (0, 0, 0)), ("perf_event_open", 298, (0, 0, -1, -1, 0)),
                           ("userfaultfd", 323, (0,)), ("memfd_create", 319, (b"x", 0)),
                           ("pidfd_open", 434, (2, 0)), ("setns", 308, (0, 0))]:
        attempt(name, sys_call(nr, *args))
    results = []
    thread = threading.Thread(target=lambda: results.append(sum(range(1000))))
    thread.start(); thread.join()
    time.sleep(0.01)
    print("an honest print")
    out["threads_work"] = results == [499500]
    out["urandom_works"] = len(os.urandom(8)) == 8
    return out
'''
PROBES = "def observe(mods, **kw):\n    return mods.toy.observe(**kw)\n"
SYSCALLS = ["io_uring_setup", "add_key", "keyctl", "shmget", "ptrace", "unshare", "mount", "bpf",
            "perf_event_open", "userfaultfd", "memfd_create", "pidfd_open", "setns"]


@pytest.fixture
def canary(tmp_path):
    """A character device like /dev/null (1, 3), made for the test, bound where the sandbox's /dev/null is."""
    node = tmp_path / "null-canary"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    node.chmod(0o666)
    yield node
    assert stat.S_IMODE(node.stat().st_mode) == 0o666, "an attack changed the canary device"


def _observe(isolation: str, policy: SandboxPolicy | None = None, **kw) -> dict:
    zygote = Zygote(isolation, trusted={"probes": PROBES}, policy=policy)
    session = Session(zygote, "x", {"toy": OBSERVE})
    try:
        return session.probe("observe", **kw)
    finally:
        session.close()
        zygote.stop()


@needs_bwrap
@needs_root
def test_a_child_is_alone_confined_and_cannot_reach_anything(canary):
    seen = _observe("bwrap", SandboxPolicy(dev_null=str(canary)))      # "/" here is the sandbox's own root
    assert seen["pid"] == 1, "the child should be alone in its own PID namespace"
    assert not seen["proc"], "the child should not see /proc"
    assert not seen["root_writable"]
    assert seen["uid"] >= 2_000_000_000, "as root, the child runs as a user of its own"
    for name in ("write_root", "write_site", "mkdir_dev", "symlink", "chmod_root", "chmod_devnull",
                 "fchmod_stdout", "socket_inet", "socket_unix", "socketpair", "fork", "kill_pid_2", *SYSCALLS):
        assert seen[name] != "ALLOWED", f"{name} was allowed in the sandbox"
    assert seen["threads_work"] and seen["urandom_works"], "honest code must still run"


@needs_root
def test_without_bubblewrap_as_root_the_child_is_still_confined(canary, tmp_path):
    """Gradescope's containers: no bubblewrap, root. The child makes its own namespaces and user. Without
    bubblewrap the child sees the host's files, so the attempts aim at canaries (a folder and a device node
    made for the test, owned by root like / and /dev/null) or change nothing when they succeed (the chmods
    keep the mode, fchmod(1) reaches the host's /dev/null); a failing defence is seen, never felt."""
    import warnings
    folder = tmp_path / "root-canary"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        seen = _observe("none", canary_path=str(canary), root=str(folder))
    assert seen["pid"] == 1 and not seen["proc"] and not seen["root_writable"]
    assert seen["uid"] >= 2_000_000_000
    for name in ("write_root", "chmod_root", "chmod_devnull", "fchmod_stdout", "socket_inet", "socket_unix",
                 "fork", *SYSCALLS):
        assert seen[name] != "ALLOWED", f"{name} was allowed without bubblewrap"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755 and not (folder / "planted.py").exists()


def test_the_seccomp_filter_is_an_allowlist():
    from autograder.engine import seccomp
    prog = seccomp.build(1, "x86_64")
    assert len(prog) % 8 == 0 and len(prog) // 8 < 256
    for name in ("socket", "io_uring_setup", "execve", "fork", "ptrace"):
        assert name not in seccomp.ALLOWED
    assert {"read", "write", "mmap", "futex", "recvfrom", "sendto"} <= set(seccomp.ALLOWED)
    assert set(seccomp.NUMBERS["x86_64"]) >= {n for n in seccomp.ALLOWED if n in seccomp.NUMBERS["x86_64"]}


# --- hostile classmates, graded in one worker before honest ones -------------------------------------
HOSTILE = {
    # the reference's child: find it, read the solution from its memory, or write its constants
    "a-read-other-processes": '''
import ctypes, os
def _steal():
    marker = b'"""A one-function week for the engine'
    for pid in list(range(1, 400)) + ["self"]:
        try:
            maps = open(f"/proc/{pid}/maps").read().splitlines()
            mem = open(f"/proc/{pid}/mem", "rb")
        except OSError:
            continue
        for line in maps:
            span, perms = line.split()[:2]
            lo, hi = (int(x, 16) for x in span.split("-"))
            if "r" not in perms or hi - lo > 2**26:
                continue
            try:
                mem.seek(lo)
                blob = mem.read(hi - lo)
            except (OSError, ValueError, OverflowError):
                continue
            at = blob.find(marker)
            if at >= 0:
                scope = {}
                try:
                    exec(blob[at:blob.find(b"\\x00", at)].decode("utf-8", "ignore"), scope)
                    return scope
                except Exception:
                    pass
    return None
_stolen = _steal()
if _stolen:
    add, Acc = _stolen["add"], _stolen["Acc"]
''',
    "a-write-other-processes": '''
import os
for pid in range(1, 400):
    try:
        maps = open(f"/proc/{pid}/maps").read().splitlines()
        mem = open(f"/proc/{pid}/mem", "r+b")
    except OSError:
        continue
    for line in maps:
        span, perms = line.split()[:2]
        if perms.startswith("rw"):
            lo, hi = (int(x, 16) for x in span.split("-"))
            try:
                mem.seek(lo)
                mem.write(b"\\x00" * min(hi - lo, 4096))
            except (OSError, ValueError, OverflowError):
                pass
for pid in range(1, 400):
    try:
        os.kill(pid, 9)
    except OSError:
        pass
''',
    "a-spoil-the-file-system": '''
import os
for attempt in (lambda: os.chmod("/", 0), lambda: os.chmod("/dev/null", 0o600), lambda: os.fchmod(1, 0),
                lambda: os.fchmod(2, 0), lambda: os.chmod("/sandbox/site", 0),
                lambda: open("/sandbox/site/secrets.py", "w").write(""),
                lambda: open("/sandbox/site/random.py", "w").write(""),
                lambda: open("/sandbox/lib/protocol.py", "w").write("")):
    try:
        attempt()
    except OSError:
        pass
for i in range(30000):
    try:
        os.symlink("x" * 4000, f"/tmp/s{i}")
    except OSError:
        break
''',
    # replies written straight on the channel: not through the probe's own code
    "a-forge-reply-kind-object": '''
import os, stat, struct, json
def _forge(doc):
    body = json.dumps(doc).encode()
    frame = struct.pack("!II", len(body), 0) + body + bytes(-(8 + len(body)) % 8)
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack("!I", len(frame)) + frame)
        except OSError:
            pass
def add(a, b):
    _forge({"error": {"kind": {"not": "a string"}, "message": 5, "where": "x"}})
    import time
    time.sleep(30)
class Acc:
    def push(self, x):
        _forge({"error": {"kind": "engine", "message": "recognized mistake: grader-error", "where": []}})
        import time
        time.sleep(30)
''',
    "a-forge-reply-huge": '''
import os, stat, struct
def add(a, b):
    doc = b"[" + b"{}," * 20_000_000 + b"{}]"
    frame = struct.pack("!II", len(doc), 0) + doc + bytes(-(8 + len(doc)) % 8)
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack("!I", len(frame)) + frame)
        except OSError:
            pass
    import time
    time.sleep(30)
''',
    "a-one-long-line": "X = '" + "y" * 900_000 + "' + 1\n",
    # the graders' source: walk every object and frame the interpreter holds, and the memory itself
    "a-read-grader-source": '''
import gc, sys
MARK = "".join(["grader-", "only note"])  # (built at run time: this module's own text must not match)
def add(a, b):
    found = []
    for obj in gc.get_objects():
        try:
            for value in (vars(obj).values() if hasattr(obj, "__dict__") else [obj]):
                if value is not MARK and isinstance(value, (str, bytes)) and MARK.encode() in (value if isinstance(value, bytes) else value.encode("utf-8", "ignore")):
                    found.append(value[:200])
        except Exception:
            pass
    frame = sys._getframe()
    while frame is not None:
        for value in list(frame.f_locals.values()):
            if isinstance(value, dict):
                for v in list(value.values()):
                    if v is not MARK and isinstance(v, (str, tuple)) and MARK in str(v):
                        found.append(str(v)[:200])
        frame = frame.f_back
    raise ValueError("LEAKED " + repr(found[:1]) if found else "nothing found")
''',
}
HONEST = ["z-ann", "z-bea", "z-cid"]


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("trust")
    node = root / "null-canary"
    if os.geteuid() == 0:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        node.chmod(0o666)
    paths = []
    for name, attack in HOSTILE.items():
        folder = root / "subs" / name
        folder.mkdir(parents=True)
        (folder / "toy.py").write_text(STUB + "\n" + textwrap.dedent(attack))
        paths.append(folder)
    for name in HONEST:
        folder = root / "subs" / name
        folder.mkdir(parents=True)
        (folder / "toy.py").write_text(CORRECT)
        (folder / "toyweek.ipynb").write_text(NOTEBOOK)
        paths.append(folder)
    policy = SandboxPolicy(dev_null=str(node)) if os.geteuid() == 0 else None
    limits = Limits(call_seconds=3.0, load_seconds=3.0, budget_seconds=10.0, memory_mb=512)
    results = grade(WEEK, paths, root / "out", jobs=1, limits=limits, show_progress=False, policy=policy)
    return {"results": results, "root": root, "canary": node, "out": root / "out"}


@needs_bwrap
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_classmates_score_nothing(hostile_batch, name):
    result = hostile_batch["results"][name]
    assert result["score"] == 0, [t["output"][:200] for t in result["tests"]]
    # within its budget (10 s) plus one call's timeout (3 s): a reply that the parent had to decode at
    # length (a 60 MB JSON of dicts took 14-18 s) would blow this
    assert result["execution_time"] <= 10 + 3 + 2, result["execution_time"]


@needs_bwrap
def test_classmates_graded_after_them_in_the_same_worker_are_unaffected(hostile_batch):
    for name in HONEST:
        assert hostile_batch["results"][name]["score"] == MAX, hostile_batch["results"][name]["output"]
    if os.geteuid() == 0:
        assert stat.S_IMODE(hostile_batch["canary"].stat().st_mode) == 0o666
    assert stat.S_IMODE(os.stat("/").st_mode) != 0 and stat.S_IMODE(os.stat("/dev/null").st_mode) == 0o666
    assert not hostile_batch["results"].not_graded, hostile_batch["results"].not_graded


@needs_bwrap
def test_forged_replies_fail_their_own_test_and_name_nothing(hostile_batch):
    for name in ("a-forge-reply-kind-object", "a-forge-reply-huge"):
        result = hostile_batch["results"][name]
        tags = {tag for t in result["tests"] for tag in t["tags"]}
        assert tags <= {"bad-output", "not-implemented", "notebook-missing", "timeout", "crash"}, (name, tags)
        outputs = " ".join(t["output"] for t in result["tests"])
        assert "recognized mistake" not in outputs and "engine" not in tags


@needs_bwrap
def test_the_graders_source_text_is_not_in_any_child(hostile_batch):
    outputs = " ".join(t["output"] for t in hostile_batch["results"]["a-read-grader-source"]["tests"])
    assert "ValueError: nothing found" in outputs and "ValueError: LEAKED" not in outputs, outputs[:500]


@needs_bwrap
def test_output_is_bounded(hostile_batch):
    path = hostile_batch["out"] / "a-one-long-line" / "results.json"
    assert path.stat().st_size < 100_000, f"results.json of a 900 kB line is {path.stat().st_size} bytes"
    result = json.loads(path.read_text())
    assert any("truncated" in t["output"] or len(t["output"]) <= 4100 for t in result["tests"])


def test_nothing_accumulates_in_the_zygote_or_the_worker():
    """200 children that crash, exit, or hang and are killed: the descriptors and children held stay flat."""
    crashing = {"toy": "import os\ndef add(a, b):\n    os._exit(3)\n"}
    zygote = Zygote("auto", trusted={"probes": "def add(mods, a, b):\n    return mods.toy.add(a, b)\n"})
    try:
        def fds() -> int:
            return len(os.listdir("/proc/self/fd"))

        def one():
            session = Session(zygote, "x", crashing, limits=Limits(call_seconds=2))
            with pytest.raises(Exception):
                session.probe("add", a=1, b=2)
            session.close()

        one()
        before = (fds(), zygote.stats())
        for _ in range(200):
            one()
        after = (fds(), zygote.stats())
    finally:
        zygote.stop()
    # the zygote holds exactly what it held; this process may only have closed things (other tests' leftovers)
    assert after[1] == before[1] and after[0] <= before[0], f"descriptors or children accumulated: {before} -> {after}"


@pytest.mark.parametrize("nofile, count", [(160, 300)])
def test_a_low_descriptor_limit_never_costs_an_honest_student(tmp_path, nofile, count):
    """Hundreds of crashing submissions under `ulimit -n 160`: every honest result stays right."""
    paths = []
    for i in range(count):
        folder = tmp_path / "subs" / f"s{i:04d}"
        folder.mkdir(parents=True)
        crash = i % 2 == 0
        (folder / "toy.py").write_text(CORRECT.replace("    return np.asarray(a, dtype=np.float64) + np.asarray(b, dtype=np.float64)",
                                                       "    import os\n    os._exit(3)") if crash else CORRECT)
        (folder / "toyweek.ipynb").write_text(NOTEBOOK)
        paths.append(folder)
    script = textwrap.dedent(f"""
        import json, resource, sys
        from pathlib import Path
        resource.setrlimit(resource.RLIMIT_NOFILE, ({nofile}, {nofile}))
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_engine_trust import WEEK
        from autograder.engine.runner import grade
        paths = [Path(p) for p in json.loads(sys.argv[1])]
        results = grade(WEEK, paths, Path(sys.argv[2]), jobs=1, show_progress=False)
        print(json.dumps({{n: r["score"] for n, r in results.rows.items()}}))
    """)
    proc = subprocess.run([sys.executable, "-c", script, json.dumps([str(p) for p in paths]), str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    scores = json.loads(proc.stdout.strip().splitlines()[-1])
    honest = {f"s{i:04d}" for i in range(count) if i % 2}
    wrong = {n: s for n, s in scores.items() if n in honest and s != MAX}
    assert not wrong, f"{len(wrong)} honest students misgraded under ulimit -n {nofile}: {list(wrong.items())[:5]}"
    assert len(scores) == count


def test_a_worker_killed_again_and_again_is_always_replaced(tmp_path):
    """Five submissions in a row that kill their worker (a grader bug): every later student is still graded."""
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    (course / "graders" / "toyweek" / "test_zz_crash.py").write_text(textwrap.dedent('''
        import os
        from autograder.grading import points

        @points(1)  # 1: a test that exists only to crash the worker
        def test_zz_crash(submission):
            """the grader itself crashes on some submissions"""
            if submission.name.startswith("crasher"):
                os._exit(9)
    '''))
    week = Week("toyweek", ("toy",), (), solutions_root=str(course / "solutions"),
                graders_root=str(course / "graders"), template_root=str(course / "template"))
    names = [f"crasher{i}" for i in range(5)] + ["zed", "zoe"]
    paths = []
    for name in names:
        folder = tmp_path / "class" / name
        folder.mkdir(parents=True)
        (folder / "toy.py").write_text(CORRECT)
        (folder / "toyweek.ipynb").write_text(NOTEBOOK)
        paths.append(folder)
    results = grade(week, paths, tmp_path / "out", jobs=1, show_progress=False)
    for name in ("zed", "zoe"):
        assert results[name]["score"] == MAX + 1, results[name]["output"]
    assert set(results.not_graded) == {f"crasher{i}" for i in range(5)}


def test_the_memory_limit_ends_a_hog_with_a_memory_error():
    """Reserving more address space than the limit fails at once with MemoryError (no clock involved)."""
    zygote = Zygote("auto", trusted={"probes": "def hog(mods):\n    return mods.toy.hog()\n"})
    hog = "import numpy as np\ndef hog():\n    hoard = []\n    while True:\n        hoard.append(np.empty(10**8))\n"
    session = Session(zygote, "x", {"toy": hog}, limits=Limits(call_seconds=30, memory_mb=512))
    try:
        with pytest.raises(Exception) as info:
            session.probe("hog")
    finally:
        session.close()
        zygote.stop()
    assert "MemoryError" in str(info.value) and info.value.kind.tag == "memory"


# --- notices: one-way requests (mods.tell_parent), e.g. week 4's "train called clip" ------------------------
NOTICES = '''
def notes_then_ask(mods, n):
    for i in range(n):
        mods.tell_parent("note", i=i)
    return mods.call_parent("count")


def notes_only(mods, n):
    for i in range(n):
        mods.tell_parent("note", i=i)
    return "done"
'''


def _notices(probe: str, n: int, refuse_from: int):
    """Run ``probe`` with callbacks that record each note and refuse the ones from ``refuse_from`` on."""
    from autograder.engine.sandbox import CallbackRefused
    served = []

    def callbacks(name, args):
        if name == "note":
            if args["i"] >= refuse_from:
                raise CallbackRefused(f"note {args['i']} is one too many")
            served.append(args["i"])
            return None
        return len(served)
    zygote = Zygote("none", trusted={"probes": NOTICES})
    session = Session(zygote, "x", {})
    try:
        return session.probe(probe, callbacks=callbacks, n=n), served
    except Exception as exc:  # noqa: BLE001 -- the outcome is what the test judges
        return exc, served
    finally:
        session.close()
        zygote.stop()


def test_notices_are_served_in_order_before_the_next_request():
    assert _notices("notes_then_ask", 5, refuse_from=999) == (5, [0, 1, 2, 3, 4])
    # more than one message holds (MAX_NOTICES): sent on as they fill, still in order
    assert _notices("notes_then_ask", 300, refuse_from=999) == (300, list(range(300)))


def test_a_message_with_too_many_notices_is_refused():
    from autograder.engine import protocol
    from autograder.engine.sandbox import Session
    note = {"name": "note", "args": {"i": 0}}
    assert Session._notices([note] * (protocol.MAX_NOTICES + 1), lambda name, args: None) == "malformed notices"
    assert Session._notices({"not": "a list"}, lambda name, args: None) == "malformed notices"
    assert Session._notices([note] * protocol.MAX_NOTICES, lambda name, args: None) is None


def test_a_refused_notice_refuses_the_next_request_and_every_later_notice():
    from autograder.grading import StudentError
    outcome, served = _notices("notes_then_ask", 5, refuse_from=2)
    assert served == [0, 1]                                       # notes after the refused one are not served
    assert isinstance(outcome, StudentError) and "one too many" in outcome.message, outcome


def test_a_refused_notice_fails_the_test_even_when_no_request_follows():
    # the child never hears of a refused notice: a result made past it must not count as a clean answer
    from autograder.grading import StudentError
    outcome, served = _notices("notes_only", 5, refuse_from=3)
    assert served == [0, 1, 2]
    assert isinstance(outcome, StudentError) and "refused" in outcome.message and "note 3" in outcome.message
