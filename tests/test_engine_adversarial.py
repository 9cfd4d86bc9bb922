"""Hostile submissions against the engine: no inflated score, no lost result, no harm to others.

The fixture week (tests/fixtures/engine) has a 12-point grader: add (4 + 3),
a stateful Acc (3) and one notebook question (2). Every hostile submission
below is built on the *unimplemented* module, so any score above 0 would be
an inflation; those that try to cheat by copying the solution would get full
marks if the sandbox let them read it. All of them, two honest students with
canary files, and the bad-input cases are graded in ONE batch with --jobs 2,
then every promise is checked.
"""
from __future__ import annotations

import io
import json
import os
import socket
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from autograder.engine.runner import LOCK, grade
from autograder.engine.sandbox import Limits, bubblewrap_available
from autograder.weeks import Week

FIXTURE = Path(__file__).parent / "fixtures" / "engine"
WEEK = Week("toyweek", ("toy",), (), solutions_root=str(FIXTURE / "solutions"),
            graders_root=str(FIXTURE / "graders"), template_root=str(FIXTURE / "template"))
SOLUTION = WEEK.solution_dir / "toy.py"
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
CORRECT = SOLUTION.read_text()
NOTEBOOK_RIGHT = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
    {"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "q_toy"}}, "source": 'q_toy = "B"',
     "outputs": [], "execution_count": None}]})

# name -> module source; {paths} are filled in with this run's real absolute paths
HOSTILE = {
    "patch-numpy": "import numpy\nnumpy.allclose = lambda *a, **k: True\nnumpy.isclose = lambda *a, **k: True\n"
                   "numpy.testing.assert_allclose = lambda *a, **k: None\nnumpy.array_equal = lambda *a, **k: True\n",
    "patch-builtins-math": "import builtins, math\nbuiltins.abs = lambda x: 0\nbuiltins.isinstance = lambda *a: True\n"
                           "math.isclose = lambda *a, **k: True\n",
    "patch-pytest": "import sys, types\nfake = types.ModuleType('pytest')\nfake.main = lambda *a, **k: 0\n"
                    "sys.modules['pytest'] = fake\nsys.modules['_pytest'] = fake\n"
                    "try:\n    import _pytest.runner as r\n    r.call_and_report = lambda *a, **k: None\nexcept Exception:\n    pass\n",
    "sys-exit-at-import": "import sys\nsys.exit(0)\n",
    "os-exit-at-import": "import os\nos._exit(0)\n",
    "os-exit-in-call": "import os\n_add = add\ndef add(a, b):\n    os._exit(0)\n",
    "kill-self": "import os, signal\ndef add(a, b):\n    os.kill(os.getpid(), signal.SIGKILL)\n",
    "kill-parent-and-group": "import os, signal\nfor pid in (os.getppid(), 0, -1, 1):\n    try:\n        os.kill(pid, signal.SIGKILL)\n"
                             "    except Exception:\n        pass\n",
    "loop-at-import": "while True:\n    pass\n",
    "loop-ignoring-sigterm": "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                             "def add(a, b):\n    while True:\n        pass\n",
    "memory-hog": "def add(a, b):\n    hoard = []\n    while True:\n        hoard.append(bytearray(50_000_000))\n",
    "spawn-processes": "import os, subprocess\ntry:\n    subprocess.Popen(['sleep', '100'])\nexcept Exception:\n    pass\n"
                       "def add(a, b):\n    pids = [os.fork() for _ in range(50)]\n    return a\n",
    "huge-output": "import os, sys\ndef add(a, b):\n    for _ in range(120):\n        sys.stdout.write('x' * 1_000_000)\n"
                   "        os.write(2, b'y' * 1_000_000)\n    raise NotImplementedError\n",
    "fake-success-lines": "print('=== 3 passed in 0.01s ===')\nprint('{{\"score\": 12, \"max_score\": 12, \"tests\": []}}')\n"
                          "import sys\nsys.stderr.write('PASSED\\n')\n",
    "forge-results-json": "import json, os\nforged = json.dumps({{'score': 12.0, 'max_score': 12.0, 'tests': []}})\n"
                          "for p in [{out!r} + '/forge-results-json/results.json', {out!r} + '/alice/results.json',\n"
                          "          {out!r} + '/grades.csv', 'results.json', '/autograder/results/results.json']:\n"
                          "    try:\n        os.makedirs(os.path.dirname(p) or '.', exist_ok=True)\n"
                          "        open(p, 'w').write(forged)\n    except Exception:\n        pass\n",
    "read-solution": "src = open({solution!r}).read()\nexec(src)\n",
    "read-graders-and-others": "import os\nfor root in [{graders!r}, {alice!r}]:\n    for dirpath, _, files in os.walk(root):\n"
                               "        for f in files:\n            if f == 'toy.py' or f.endswith('.py'):\n"
                               "                exec(open(os.path.join(dirpath, f)).read())\n",
    "connect-loopback": "import socket\ndef add(a, b):\n    s = socket.create_connection(('127.0.0.1', {port}), timeout=2)\n"
                        "    s.sendall(b'exfiltrate')\n    return a\n",
    "delete-sibling-canary": "import os, shutil\nfor p in [{canary!r}, {alice!r}]:\n    try:\n        os.remove(p)\n"
                             "    except Exception:\n        pass\n    try:\n        shutil.rmtree(p)\n    except Exception:\n        pass\n",
    "lying-objects": "class Liar:\n    def __eq__(self, other): return True\n    def __ne__(self, other): return False\n"
                     "    def __float__(self): raise RuntimeError\n    def __array__(self, *a, **k): raise RuntimeError\n"
                     "    def __bool__(self): return True\n    def __len__(self): return 2\n"
                     "def add(a, b):\n    return Liar()\n",
    "pickle-payload": "import pickle, os\nclass P:\n    def __reduce__(self):\n        return (os.system, ('touch {pwned}',))\n"
                      "def add(a, b):\n    return pickle.dumps(P())\n",
    "forged-array-encoding": "def add(a, b):\n    return {{'__ndarray__': 'AAAA', 'dtype': 'object', 'shape': [1000000000]}}\n",
    "deep-nesting": "def add(a, b):\n    x = []\n    for _ in range(10000):\n        x = [x]\n    return x\n",
    "huge-return": "import numpy as np\ndef add(a, b):\n    return np.zeros(200_000_000 // 8 * 2)\n",
    "hostile-exception-str": "class E(Exception):\n    def __str__(self):\n        while True:\n            pass\n"
                             "def add(a, b):\n    raise E()\n",
    "patch-harness": "import sys\nfor name, mod in list(sys.modules.items()):\n    if name in ('protocol', 'probes'):\n"
                     "        for attr in dir(mod):\n            if not attr.startswith('__'):\n"
                     "                try:\n                    setattr(mod, attr, lambda *a, **k: {{'ok': [4.0, 6.0]}})\n"
                     "                except Exception:\n                    pass\n",
    # the child's memory starts as a copy of the zygote's: if sources ever passed through the zygote, the
    # reference's or an earlier classmate's text would be there to find and run
    "scan-own-memory": "import ctypes\ndef _steal():\n    marker = b'\"\"\"A one-function week' + b' for the engine'\n"
                       "    for line in open('/proc/self/maps').read().splitlines():\n"
                       "        span, perms = line.split()[:2]\n        lo, hi = (int(x, 16) for x in span.split('-'))\n"
                       "        if not perms.startswith('rw') or hi - lo > 2**26:\n            continue\n"
                       "        try:\n            blob = ctypes.string_at(lo, hi - lo)\n        except Exception:\n"
                       "            continue\n        start = blob.find(marker)\n        while start >= 0:\n"
                       "            scope = {{}}\n            try:\n"
                       "                exec(blob[start:blob.find(b'\\x00', start)].decode('utf-8', 'ignore'), scope)\n"
                       "                if 'add' in scope and 'Acc' in scope:\n                    return scope\n"
                       "            except Exception:\n                pass\n            start = blob.find(marker, start + 1)\n"
                       "_stolen = _steal()\nif _stolen:\n    add, Acc = _stolen['add'], _stolen['Acc']\n",
    "write-files": "import os\nfor p in ['/tmp/planted.py', 'numpy.py', '/sandbox/site/numpy/evil.py', {home!r} + '/planted']:\n"
                   "    try:\n        open(p, 'w').write('x')\n    except Exception:\n        pass\n",
}


class Listener:
    """A loopback TCP server that records whether anyone connected."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received = []
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.received.append(conn.recv(100))
                conn.close()
            except OSError:
                continue


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("adversarial")
    subs, out = root / "subs", root / "graded"
    listener = Listener()
    pwned = root / "pwned"
    home = root / "home"
    home.mkdir()

    def folder(name, source, notebook=NOTEBOOK_RIGHT, extra=None):
        d = subs / name
        d.mkdir(parents=True)
        if source is not None:
            (d / "toy.py").write_text(source)
        if notebook is not None:
            (d / "toyweek.ipynb").write_text(notebook)
        for fname, text in (extra or {}).items():
            (d / fname).write_text(text)
        return d

    alice = folder("alice", CORRECT, extra={"canary.txt": "alice's work"})
    folder("bob", CORRECT.replace("np.asarray(a, dtype=np.float64) + np.asarray(b", "np.asarray(a, dtype=np.float64) - np.asarray(b"),
           extra={"canary.txt": "bob's work"})
    paths = dict(out=str(out), solution=str(SOLUTION), graders=str(WEEK.grader_dir), alice=str(alice),
                 canary=str(alice / "canary.txt"), port=listener.port, pwned=str(pwned), home=str(home))
    for name, attack in HOSTILE.items():
        folder(name, STUB + "\n" + attack.format(**paths), notebook=None)
    # the grader must never load a submission's pytest or site configuration
    folder("conftest-and-plugins", STUB, notebook=None, extra={
        "conftest.py": f"import os\nos.remove({str(alice / 'canary.txt')!r})\n"
                       "def pytest_runtest_makereport(item, call):\n    call.excinfo = None\n",
        "pytest.ini": "[pytest]\naddopts = -p no:engine\n",
        "sitecustomize.py": f"import os\nos.remove({str(alice / 'canary.txt')!r})\n",
        "numpy.py": "allclose = lambda *a, **k: True\n"})
    # add() kills its process, Acc is right: the later tests must run in a fresh child and score
    folder("crash-then-recover", CORRECT.replace("    return np.asarray(a, dtype=np.float64) + np.asarray(b, dtype=np.float64)",
                                                 "    import os\n    os._exit(3)"))
    symlinked = subs / "symlink-to-solution"
    symlinked.mkdir(parents=True)
    (symlinked / "toy.py").symlink_to(SOLUTION)
    # bad input (an empty hand-in is a submission inside nbgrader's submitted/ folder; a folder given on
    # its own that holds nothing is a mistyped path, refused before grading: test_discovery.py)
    submitted = root / "submitted"
    (submitted / "empty" / "toyweek").mkdir(parents=True)
    folder("syntax-error", "def add(a, b)\n    return a + b\n")
    folder("missing-package", "import torchvision_that_does_not_exist\n" + CORRECT)
    # correct code that also saves a log: nothing in the sandbox is writable, and the message must say why
    folder("writes-a-file", CORRECT.replace("    return np.asarray(a, dtype=np.float64) + np.asarray(b, dtype=np.float64)",
                                            "    with open('add_log.txt', 'a') as log:\n        log.write('add\\n')\n"
                                            "    return np.asarray(a, dtype=np.float64) + np.asarray(b, dtype=np.float64)"))
    folder("bad-notebook-json", CORRECT, notebook='{"cells": [ this is not json')
    folder("not-utf8", None, extra={})
    (subs / "not-utf8" / "toy.py").write_bytes(b"def add(a, b):\n    return '\xff\xfe'\n")
    zips = root / "zips"
    zips.mkdir()
    with zipfile.ZipFile(zips / "zip-slip.zip", "w") as zf:
        zf.writestr("../../escaped.py", "print('escaped')")
        zf.writestr("toy.py", CORRECT)
    with zipfile.ZipFile(zips / "zip-bomb.zip", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("toy.py", "#" * 30_000_000)
    (zips / "not-a-zip.zip").write_bytes(b"PK\x03\x04 garbage")
    with zipfile.ZipFile(zips / "good-zip.zip", "w") as zf:
        zf.writestr("hw/toy.py", CORRECT)
        zf.writestr("hw/toyweek.ipynb", NOTEBOOK_RIGHT)
    limits = Limits(call_seconds=2.0, load_seconds=2.0, budget_seconds=6.0, memory_mb=512)
    t0 = time.monotonic()
    paths_in = sorted(subs.iterdir()) + sorted(zips.iterdir()) + [submitted]
    results = grade(WEEK, paths_in, out, jobs=2, limits=limits, show_progress=False)
    seconds = time.monotonic() - t0
    listener.stop = True
    return {"results": results, "out": out, "alice": alice, "root": root, "listener": listener,
            "pwned": pwned, "seconds": seconds, "limits": limits, "home": home, "paths": paths_in}


@pytest.mark.parametrize("name", sorted(HOSTILE) + ["conftest-and-plugins", "symlink-to-solution"])
def test_hostile_submission_scores_nothing(batch, name):
    result = batch["results"][name]
    assert result["score"] == 0.0, f"{name} scored {result['score']}: {[t['output'] for t in result['tests']]}"
    assert result["max_score"] == MAX
    assert all(t["output"] and t["status"] == "failed" for t in result["tests"])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_submission_time_is_bounded(batch, name):
    """Each submission stops within its budget plus one call's timeout (the last call may start near the end)."""
    limits = batch["limits"]
    assert batch["results"][name]["execution_time"] <= limits.budget_seconds + limits.call_seconds + 1.0


def test_honest_students_are_unaffected(batch):
    alice, bob = batch["results"]["alice"], batch["results"]["bob"]
    assert alice["score"] == MAX, alice
    assert bob["score"] == MAX - 7, bob          # add (4) and raw add (3) wrong, acc and the question right
    assert (batch["alice"] / "canary.txt").read_text() == "alice's work"
    forged = json.loads((batch["out"] / "alice" / "results.json").read_text())
    assert forged["tests"], "alice's results.json was replaced by a forgery"


def test_nothing_escaped_the_sandbox(batch):
    assert not batch["listener"].received, "a submission reached a loopback server"
    assert not batch["pwned"].exists(), "a pickle payload was executed"
    assert not list(batch["home"].iterdir()), "a submission wrote outside its sandbox"
    assert not (batch["root"] / "escaped.py").exists() and not (batch["root"].parent / "escaped.py").exists()
    assert not Path("/autograder/results/results.json").exists()
    written = {p.relative_to(batch["out"]).parts[0] for p in batch["out"].rglob("*")}
    expected = {r for r in batch["results"]} | {"grades.csv", LOCK}      # LOCK: the run's own (R8-2)
    assert written <= expected, f"unexpected files in --out: {written - expected}"


def test_every_submission_got_a_result(batch):
    names = set(batch["results"])
    assert len(names) == len(batch["paths"])
    for name in names:
        assert (batch["out"] / name / "results.json").is_file()
    rows = (batch["out"] / "grades.csv").read_text().splitlines()
    assert len(rows) == len(names) + 1


@pytest.mark.parametrize("name, fragment", [
    ("empty", "holds none of the week's files"),
    ("syntax-error", "SyntaxError"),
    ("syntax-error", "toy.py"),
    ("missing-package", "No module named 'torchvision_that_does_not_exist'"),
    ("writes-a-file", "a graded function cannot save files"),
    ("bad-notebook-json", "toyweek.ipynb is not valid notebook JSON"),
    ("not-utf8", "toy.py is not UTF-8"),
    ("zip-slip", "points outside the archive"),
    ("zip-bomb", "over the limits"),
    ("not-a-zip", "not-a-zip.zip cannot be used"),
    ("symlink-to-solution", "symbolic link"),
    ("loop-at-import", "did not finish"),
    ("os-exit-at-import", "exited with status 0"),
    ("sys-exit-at-import", "sys.exit"),
    # a hog that touches its memory fills the limit at the machine's speed: under load that can take longer
    # than this batch's 2 s call limit, and the timeout is then the message (the limit's own message is
    # checked without a clock in test_engine_trust.py)
    ("memory-hog", ("MemoryError", "did not finish")),
    ("lying-objects", "Liar"),
    ("pickle-payload", "bytes"),
    ("forged-array-encoding", "the code returned"),
])
def test_bad_input_is_explained(batch, name, fragment):
    result = batch["results"][name]
    text = result["output"] + "\n" + "\n".join(t["output"] for t in result["tests"])
    fragments = fragment if isinstance(fragment, tuple) else (fragment,)
    assert any(f in text for f in fragments), f"{name}: {fragment!r} not in:\n{text[:1500]}"


def test_a_crash_fails_one_test_and_later_tests_run_in_a_fresh_child(batch):
    result = batch["results"]["crash-then-recover"]
    by_name = {t["name"]: t for t in result["tests"]}
    assert result["score"] == 3 + 2, result      # Acc (3) and the question (2) still count
    assert "exited with status 3" in by_name["add returns a + b elementwise"]["output"]
    assert by_name["Acc keeps a running total between calls"]["status"] == "passed"


def test_good_zip_is_graded(batch):
    assert batch["results"]["good-zip"]["score"] == MAX


def test_regrading_gives_identical_results(batch, tmp_path):
    again = grade(WEEK, batch["paths"], tmp_path / "again", jobs=1, limits=batch["limits"], show_progress=False)
    def stable(result):
        return [(t["name"], t["score"], t["status"], t["output"]) for t in result["tests"]]
    for name, result in batch["results"].items():
        if name in ("huge-output", "memory-hog", "loop-ignoring-sigterm", "spawn-processes"):
            # timing-dependent failures: the score is what must not change
            assert again[name]["score"] == result["score"], name
            continue
        assert stable(again[name]) == stable(result), name


@pytest.mark.skipif(not bubblewrap_available(), reason="bubblewrap is not installed")
def test_sandbox_cannot_see_the_file_system(tmp_path):
    from autograder.engine.sandbox import Session, Zygote
    probe = "import os\ndef look(mods, paths):\n    return [os.path.exists(p) for p in paths]\n"
    zygote = Zygote("bwrap", trusted={"probes": probe})
    session = Session(zygote, "x", {})
    try:
        # the venv holds our package (graders, reference); the home folder only exists as the parent of
        # the bound Python prefix when Python lives there, so look for a file beside it instead
        hidden = [str(SOLUTION), sys.prefix, str(Path.home() / ".bashrc"), "/tmp", os.getcwd()]
        seen = session.probe("look", paths=hidden)
    finally:
        session.close()
        zygote.stop()
    assert seen == [False] * 5


@pytest.mark.skipif(os.geteuid() != 0, reason="the privilege drop concerns grading as root (Gradescope)")
def test_without_bubblewrap_root_only_files_stay_out_of_reach(tmp_path):
    """As in a Gradescope container: root, no bubblewrap, the course's files root-only (run_autograder
    does that). The child becomes `nobody`, so reading the solution or writing results fails."""
    import shutil
    import warnings
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    week = Week("toyweek", ("toy",), (), solutions_root=str(course / "solutions"),
                graders_root=str(course / "graders"), template_root=str(course / "template"))
    out = tmp_path / "graded"
    out.mkdir()
    for private in (course, out):
        private.chmod(0o700)
    planted = out / "planted.json"
    thief = tmp_path / "submissions" / "thief"
    thief.mkdir(parents=True)
    (thief / "toy.py").write_text(STUB + f"\nexec(open({str(week.solution_dir / 'toy.py')!r}).read())\n")
    forger = tmp_path / "submissions" / "forger"
    forger.mkdir(parents=True)
    (forger / "toy.py").write_text(CORRECT + f"\ntry:\n    open({str(planted)!r}, 'w').write('{{}}')\n"
                                   "except OSError:\n    pass\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)      # "bubblewrap is not available": intended
        results = grade(week, [thief, forger], out, isolation="none", show_progress=False)
    assert results["thief"]["score"] == 0, [t["output"] for t in results["thief"]["tests"]]
    assert results["forger"]["score"] == MAX - 2          # an honest module: only the missing notebook costs
    assert not planted.exists()
