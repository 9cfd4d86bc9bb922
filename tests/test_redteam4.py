"""Red team, round 4 (branch redteam4): fresh attacks on the engine hardened by the earlier rounds.

Each test is an attack that worked when it was written (REDTEAM.md, section "Round 4", says how and what it did);
the comment above each says what it found. A fixed one guards its defence; one left open is
``xfail(strict=True)`` with the reason. Destructive attempts aim at canaries (this machine also runs CI).
"""
from __future__ import annotations

import re
import shutil

import pytest

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder import nbgrader_bridge as bridge
from autograder.kit.declare import TWIN_SAYS
from autograder.weeks import WEEKS
from test_redteam import grade_one, grader_errors, needs_bwrap


# --- R4-1. formgrader runs a student's HTML in the instructor's Jupyter session ---------------------------------
# formgrader_notebook clears a student's outputs ("nothing the student's code printed is shown to staff") but kept
# the student's markdown cells as they were; formgrader renders them with nbconvert's markdown2html, which passes
# raw HTML and javascript: links through (its formgrade template never sanitizes). A markdown cell
# `<img src=x onerror="...">` in a hand-in runs script in the instructor's formgrader page -- the Jupyter
# server's origin, with its XSRF cookie: the script can change any grade through formgrader's API or start a
# kernel and run code as the instructor (read the solutions, the keys, every classmate's work).
HOSTILE_MARKDOWN = ['My answer <img src=x onerror="alert(1)">', '[see here](javascript:alert(2))',
                    '<script>alert(3)</script>']
RELEASED_MARKDOWN = "## Adam\n\nThe **bias correction** divides by $1 - \\beta^t$."


def formgrader_html(course, student, week) -> str:
    """The page formgrader shows staff for ``student``: nbgrader's formgrade template over the notebook the
    import writes to autograded/ (as nbgrader.server_extensions.formgrader renders it)."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config import Config
    path = bridge.write_formgrader_notebook(week, course, student, {"score": 0, "max_score": 100, "tests": []},
                                            {}, set())
    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    resources = {"base_url": "/", "mathjax_url": "", "index": 0, "total": 1, "notebook_id": "n",
                 "submission_id": "s", "student": student, "last_name": "", "first_name": "",
                 "notebook_path": str(path), "disable_line_numbers": False}
    html, _ = HTMLExporter(config=config).from_filename(str(path), resources=resources)
    return html


def test_a_students_markdown_never_runs_script_in_formgrader(tmp_path):
    week = WEEKS["week2_optimizers"]
    release = tmp_path / bridge.RELEASE / week.name
    release.mkdir(parents=True)
    (release / week.notebook).write_text(nbformat.writes(new_notebook(cells=[new_markdown_cell(RELEASED_MARKDOWN)])))
    hand_in = tmp_path / bridge.SUBMITTED / "mallory" / week.name
    hand_in.mkdir(parents=True)
    cells = [new_markdown_cell(RELEASED_MARKDOWN), *map(new_markdown_cell, HOSTILE_MARKDOWN),
             new_code_cell("q_answer = 'B'")]
    (hand_in / week.notebook).write_text(nbformat.writes(new_notebook(cells=cells)))
    html = formgrader_html(tmp_path, "mallory", week)
    assert not re.search(r"<img[^>]*onerror", html), "a student's HTML reached the formgrader page as HTML"
    assert not re.search(r"href=[\"']?javascript:", html), "a student's javascript: link reached the page"
    assert "<script>alert(3)" not in html
    assert "&lt;img src=x onerror" in html                # shown to staff as text, not dropped
    assert "<strong>bias correction</strong>" in html      # the course's own text still renders


# --- R4-2. the public checks' recorded answers earn their points without the work (week 3: 23 / 100) -----------
# Each week releases its public checks with the reference's values (public_checks/checks.json), and grading runs
# the same @visible tests on the same inputs for points (24-30 of each week's 100). A schedules.py that is the
# untouched stub plus a table of those values -- looked up by the call's arguments, the stub's
# NotImplementedError for anything else -- computes no schedule and scores 23 / 100 in week 3 (every public
# schedule check; the stub alone: 0), exit 0: a submission that "recognises a test input".
MEMO = '''

# --- nothing below computes a schedule: it looks the question up in the released checks ---
import inspect as _inspect
import json as _json
_TABLE = {table!r}


def _memo(fn):
    sig = _inspect.signature(fn)

    def wrapped(*args, **kwargs):
        key = _json.dumps([fn.__name__, sorted(sig.bind(*args, **kwargs).arguments.items())])
        return _TABLE[key] if key in _TABLE else {otherwise}
    wrapped.__name__ = fn.__name__
    return wrapped


for _name in {names!r}:
    globals()[_name] = _memo(globals()[_name])
'''


def memorised_schedules(otherwise="fn(*args, **kwargs)") -> tuple[str, set[str]]:
    """The week-3 stub plus the public checks' recorded values (``otherwise``: the answer to any other question,
    by default the stub's NotImplementedError); the schedules it covers."""
    import json
    week = WEEKS["week3_schedules"]
    checks = json.loads((week.template_dir / "public_checks" / "checks.json").read_text())["checks"]
    table, names = {}, set()
    for rule in (r for c in checks for r in c["rules"] if r["kind"] == "schedule"):
        names.add(rule["fn"])
        for kwargs, value in zip(rule["calls"], rule["expected"]):
            table[json.dumps([rule["fn"], sorted(kwargs.items())])] = value
    stub = (week.template_dir / "schedules.py").read_text()
    return stub + MEMO.format(table=table, names=sorted(names), otherwise=otherwise), names


# Fixed: every public check has a hidden twin (autograder/kit/declare.py, Twin): the same check on inputs that
# are not released, judged in grading after the released record passes; its failure takes the check's points.
@needs_bwrap
def test_the_public_checks_recorded_answers_earn_no_points(tmp_path):
    source, names = memorised_schedules()
    result = grade_one(tmp_path, "week3_schedules", "memo", {"schedules": source})
    schedules = {"step_decay", "exponential_decay", "cosine", "warmup", "warmup_cosine", "one_cycle"}  # problems
    assert len(names) == len(schedules)
    earned = {t["name"]: t["score"] for t in result["tests"]
              if t["extra_data"]["problem"] in schedules and t["score"] > 0}
    assert not earned, f"a stub with a table of the released values earned {sum(earned.values()):g}: {earned}"
    crashed = [t for t in result["tests"] if t["visibility"] == "visible" and t["extra_data"]["problem"] in schedules]
    assert all(t["output"].startswith(TWIN_SAYS) and "not-implemented" in t["tags"] for t in crashed), crashed


@needs_bwrap
def test_a_twins_failure_says_the_released_inputs_passed(tmp_path):
    """A table that answers other questions with a number (not a crash): the check says the released inputs
    passed, and what the same check found on the others."""
    source, _ = memorised_schedules(otherwise="0.05")
    result = grade_one(tmp_path, "week3_schedules", "memo", {"schedules": source})
    cosine = next(t for t in result["tests"] if t["name"].startswith("Cosine annealing goes from lr_max"))
    assert cosine["score"] == 0
    assert cosine["output"].startswith(TWIN_SAYS), cosine["output"]
    step_decay = next(t for t in result["tests"] if t["name"].startswith("Step decay with the defaults"))
    assert step_decay["score"] == 0 and TWIN_SAYS in step_decay["output"]


# The same attack in weeks 1, 2 and 4, as a table of every released call's answer: the reference solution
# that answers only the calls the public checks make (the released checks.json's calls; their answers could be
# worked out once, offline, from the released inputs) and is the stub (NotImplementedError) for anything else.
# Every public check passes on its released inputs (the kit says so) and earns nothing in grading.
RELEASED_ONLY = """

# --- nothing below answers a call that the released public checks do not make ---
import functools as _functools
import numpy as _np


def _key(name, args, kwargs):
    def plain(x):
        if isinstance(x, _np.ndarray) or (isinstance(x, (list, tuple)) and x
                                          and all(isinstance(v, (int, float)) for v in x)):
            a = _np.asarray(x, dtype=float)
            return ("array", a.shape, tuple(_np.round(a.ravel(), 9).tolist()))
        if isinstance(x, (list, tuple)):
            return tuple(plain(v) for v in x)
        if isinstance(x, dict):
            return tuple(sorted((k, plain(v)) for k, v in x.items()))
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, (int, float, _np.integer, _np.floating)):
            return round(float(x), 9)
        return "?"            # a function, an rng: not part of the question
    return repr((name, plain(args), plain(kwargs)))


_RELEASED = {released!r}       # None: list the calls made (how the table is built)
_SEEN = set()


def _guard(name, args, kwargs):
    key = _key(name, args, kwargs)
    if _RELEASED is None:
        _SEEN.add(key)
    elif key not in _RELEASED:
        raise NotImplementedError("not a released question")


for _name, _obj in list(globals().items()):
    if _name.startswith("_") or getattr(_obj, "__module__", None) != __name__:
        continue
    if isinstance(_obj, type):            # a class: its constructor and each of its methods
        def _method(name, fn):
            def method(self, *args, **kwargs):
                _guard(name, args, kwargs)
                return fn(self, *args, **kwargs)
            return method
        globals()[_name] = type(_name, (_obj,), {{m: _method(f"{{_name}}.{{m}}", f) for m, f in vars(_obj).items()
                                                 if callable(f) and (m == "__init__" or not m.startswith("_"))}})
    elif callable(_obj):
        def _wrapped(*args, _fn_=_obj, _name_=_name, **kwargs):
            _guard(_name_, args, kwargs)
            return _fn_(*args, **kwargs)
        globals()[_name] = _functools.wraps(_obj)(_wrapped)
"""


def released_only(week_name: str) -> dict[str, str]:
    """The week's reference modules, each answering only the calls its released public checks make."""
    import importlib.util
    import sys
    import types

    from autograder.kit import plaindata
    week = WEEKS[week_name]
    sources = {p.stem: p.read_text() for p in sorted(week.solution_dir.glob("*.py"))}
    saved = {name: sys.modules.get(name) for name in sources}
    helpers = [str(week.grader_dir), str(week.solution_dir.parent / "common")]    # probes' trusted helpers
    sys.path[:0] = helpers
    try:
        mods = {}
        for name, source in sources.items():       # the table is built by running the released calls
            module = sys.modules[name] = types.ModuleType(name)
            exec(compile(source + RELEASED_ONLY.format(released=None), f"{name}.py", "exec"), module.__dict__)
            mods[name] = module
        spec = importlib.util.spec_from_file_location(f"probes_{week_name}", week.grader_dir / "probes.py")
        probes = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(probes)
        checks = plaindata.loads((week.template_dir / "public_checks" / "checks.json").read_text())["checks"]
        for call in (c for check in checks for c in check["calls"]):
            getattr(probes, call["probe"])(types.SimpleNamespace(**mods), **call["inputs"])
    finally:
        del sys.path[:len(helpers)]
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return {name: source + RELEASED_ONLY.format(released=sorted(mods[name]._SEEN))
            for name, source in sources.items()}


@needs_bwrap
@pytest.mark.parametrize("week", ["week1_gradient_descent", "week2_optimizers", "week4_stability"])
def test_a_table_of_the_released_calls_answers_earns_no_public_points(week, tmp_path):
    from autograder.kit.runner import run
    modules = released_only(week)
    w = WEEKS[week]
    folder = tmp_path / "kit"
    shutil.copytree(w.template_dir, folder)
    for name, source in modules.items():
        (folder / f"{name}.py").write_text(source)
    local = run(folder, folder / "public_checks").outcomes
    assert local and all(o.full_marks for o in local), [o.name for o in local if not o.full_marks]  # the table works
    result = grade_one(tmp_path, week, "table", modules)
    earned = {t["name"]: t["score"] for t in result["tests"] if t["visibility"] == "visible" and t["score"] > 0}
    assert not earned, f"a table of the released calls' answers earned {sum(earned.values()):g}: {earned}"


# --- R4-3. a hand-in named "similarity.csv" stops `autograder report --code` for the whole class ---------------
# `report --code` writes similarity.csv beside the report (by default in the results folder), but that name was
# not among the runner's reserved ones: a student whose hand-in is named similarity.csv (a folder, or an upload
# similarity.csv.zip) gets the folder RESULTS/similarity.csv/, and the report command then dies with
# IsADirectoryError and a traceback, exit 1, before report.html is written: no class report, no pages.
@needs_bwrap
def test_a_hand_in_named_like_the_reports_files_cannot_stop_the_report(tmp_path, capsys):
    from autograder.engine.runner import grade
    from autograder.feedback.report_command import report
    week = WEEKS["week2_optimizers"]
    for student in ("alice", "similarity.csv"):
        folder = tmp_path / "submitted" / student / week.name
        folder.mkdir(parents=True)
        (folder / "optimizers.py").write_text((week.template_dir / "optimizers.py").read_text())
    out = tmp_path / "out"
    grade(week, [tmp_path / "submitted"], out, show_progress=False)
    assert report(week.name, out, code=str(tmp_path / "submitted")) == 0
    assert (out / "report.html").is_file() and (out / "similarity.csv").is_file()


# --- R4-4. a late hand-in through the exchange dates itself before the due date --------------------------------
# In nbgrader's exchange each student makes their own record in the (student-writable) inbound folder: its NAME
# (`student+week+<time>+<random>`) and its timestamp.txt are written by the student's process. SafeCollect checks
# the record's owner and links, but takes the time as the student wrote it: collect chooses records by it, copies
# timestamp.txt to submitted/, and the gradebook import reads lateness from there (submitted_timestamp). A
# record made now, named and stamped a week ago, is collected as handed in a week ago: no late penalty, and under
# `before_duedate` it even wins over the real on-time record. The kernel's ctime of the record (which no user can
# set) says when it was really made. Fixed: SafeCollect takes a record's time as no earlier than its newest ctime
# (SLACK: one minute), in the record and in the collected timestamp.txt; `trust_record_times` for a restored backup.
def test_a_record_cannot_date_itself_before_it_was_made(tmp_path):
    from datetime import datetime, timedelta, timezone
    from test_redteam import _week2_files, collect_from_inbound
    week = WEEKS["week2_optimizers"]
    module, notebook = _week2_files()
    made = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(seconds=5)
    forged = (made - timedelta(days=7)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    submitted = collect_from_inbound(tmp_path, {
        f"mallory+{week.name}+{forged}+abcdef": {"optimizers.py": module, week.notebook: notebook,
                                                  "timestamp.txt": forged.encode()}})
    # (made by the collecting user, whom SafeCollect accepts for any student: a student's own account makes the same)
    stamp = bridge.submitted_timestamp(submitted.parent, "mallory", week)
    assert stamp is not None and stamp >= made, f"collected as handed in at {stamp}, before it existed ({made})"



# --- R4-5. one hand-in holds the grading worker for hours: a quadratic loop in the partition judge --------------
# rule_partition (kit/judge.py: week 1's minibatch_indices, public check and hidden graders) counted repeated
# indices with `{v for v in seen if np.sum(seen == v) > 1}`: one pass over all indices per index. The indices are
# the student's: a minibatch_indices whose first call returns one batch of 1.9 million zeros (15 MB, under the
# 16 MB reply limit; honest otherwise) makes the parent -- outside every timeout, which bound the child only --
# spend ~1.5 h in that line (50,000 indices: 3.9 s; 100,000: ~15 s). Measured: `autograder grade
# week1_gradient_descent /tmp/rt4/w1part/a-part /tmp/rt4/w1part/b-honest` had graded nobody after 180 s (an
# honest pair takes ~3 s); the honest classmate queued behind it in the same worker waits too.
def test_judging_a_huge_partition_is_bounded_in_time():
    import time

    import numpy as np

    from autograder.kit import judge
    seen = np.zeros(100_000, dtype=np.int64)
    started = time.monotonic()
    with pytest.raises(judge.Failed) as failed:
        judge.rule_partition({"call": 0, "n": 10, "batch_size": 4, "what": "minibatch_indices(10, 4, rng)"},
                             lambda call: {"first": [seen], "dtypes": ["int64"]}, None)
    assert time.monotonic() - started < 1.0, "judging 100,000 indices took over a second (quadratic?)"
    assert "expected batch sizes [4, 4, 2]" in failed.value.verdict.message


# --- R4-6. Gradescope: the visible summary line states the total, hidden tests included -------------------------
# The bundle writes our results.json with top-level "visibility": "visible" and an "output" whose first line is
# "<name>: <score> / <max> points." -- the total over every test, the after_published ones included. Gradescope
# shows that text to the student at once, on every submission, before grades are published: resubmitting with one
# notebook answer changed and watching the total move by its points reads the answer key, one question at a time
# (and the hidden tests' verdicts, a function at a time). What a student sees before publication must not depend on
# a hidden test's score.
def _gradescope_result(question_score: float) -> dict:
    tests = [{"name": "a public check", "score": 4.0, "max_score": 4.0, "status": "passed", "output": "Passed.",
              "visibility": "visible", "tags": [], "number": "sgd.1", "extra_data": {"problem": "sgd"}},
             {"name": "Question 1", "score": question_score, "max_score": 2.0,
              "status": "passed" if question_score else "failed", "output": "", "visibility": "after_published",
              "tags": [], "number": "questions.2", "extra_data": {"problem": "questions"}}]
    score = 4.0 + question_score
    return {"score": score, "max_score": 6.0, "execution_time": 1.0, "output": f"bob: {score:g} / 6 points.",
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests, "extra_data": {}}


def _seen_before_publication(payload: dict) -> tuple:
    """What Gradescope shows a student before grades are published: the visible text and the visible tests."""
    top = payload.get("output", "") if payload.get("visibility", "visible") == "visible" else ""
    return top, [t for t in payload["tests"] if t.get("visibility", payload.get("visibility")) == "visible"]


def test_what_a_student_sees_on_gradescope_before_publication_hides_the_hidden_tests():
    from autograder.gradescope import to_gradescope
    right, wrong = to_gradescope(_gradescope_result(2.0)), to_gradescope(_gradescope_result(0.0))
    assert _seen_before_publication(right) == _seen_before_publication(wrong), \
        "the visible text tells a right hidden answer from a wrong one"
    assert right["score"] == 6.0 and wrong["score"] == 4.0        # Gradescope still gets the real total


# --- R4-7. grading one student at a time overwrites a classmate whose id has the same safe name ------------------
# Names are made safe ("alice-" -> "alice": trailing punctuation dropped; "josé" -> "jos") and unique within ONE
# run. formgrader's Autograde button grades one student per run (`autograder grade WEEK submitted/<student>/WEEK
# --out graded/WEEK`), so the account "alice-" (a valid Unix user name) is graded as "alice" into the class's
# folder: it replaced alice's results.json (100 -> 0 in grades.csv, "alice: 100 -> 0" in regrade-diff.csv), exit 0;
# alice's page, her row of the report and of a class gradebook import then carry alice-'s grade or none.
@needs_bwrap
def test_grading_one_student_never_replaces_a_classmates_result(tmp_path):
    import json

    from autograder.engine.runner import grade
    week = WEEKS["week2_optimizers"]
    out = tmp_path / "graded"
    honest, stub = week.solution_dir / "optimizers.py", week.template_dir / "optimizers.py"
    for student, source in (("alice", honest), ("alice-", stub)):
        folder = tmp_path / "submitted" / student / week.name
        folder.mkdir(parents=True)
        (folder / "optimizers.py").write_text(source.read_text())
        grade(week, [folder], out, show_progress=False)         # one student per run, as the Autograde button
    origins = {json.loads(p.read_text())["extra_data"]["origin"]: json.loads(p.read_text())["score"]
               for p in out.glob("*/results.json")}
    assert {str(tmp_path / "submitted" / s / week.name) for s in ("alice", "alice-")} <= set(origins), origins
    assert origins[str(tmp_path / "submitted" / "alice" / week.name)] > 0


# --- R4-8. a hand-in named like any file in the output folder stops the whole run ----------------------------------
# Names are checked against the runner's own file names, not against what the output folder holds: an instructor's
# graded/<week>/ may hold other files (notes, an exported CSV, a report under another name). A hand-in named like
# one of them (here notes.txt) cannot get its folder there; the worker's ERROR is turned into an engine failure whose
# results.json cannot be written either: FileExistsError escapes the runner, a traceback, exit 1, no grades.csv,
# and the classmates after it are never graded.
@needs_bwrap
def test_a_hand_in_named_like_a_file_in_the_output_folder_cannot_stop_the_run(tmp_path):
    from autograder.engine.runner import grade
    week = WEEKS["week2_optimizers"]
    out = tmp_path / "graded"
    out.mkdir()
    (out / "notes.txt").write_text("the instructor's notes\n")
    for student in ("notes.txt", "zed"):
        folder = tmp_path / "submitted" / student / week.name
        folder.mkdir(parents=True)
        (folder / "optimizers.py").write_text((week.template_dir / "optimizers.py").read_text())
    results = grade(week, [tmp_path / "submitted"], out, show_progress=False)
    assert (out / "notes.txt").read_text() == "the instructor's notes\n"
    assert len(results) == 2 and not results.failed and (out / "grades.csv").is_file()


# --- the class behind R4-5: the grader's own work on a submission's replies had no time bound ------------------
# Every child timeout bounds the child; what the parent does with the replies (judging, serving week 4's requests)
# had none: R4-5's quadratic judge, RT-5 and RT-7 before it. Limits.judge_seconds bounds the grader's own CPU on
# each test (a virtual-time alarm in the worker): past it, the test fails as the submission's, and grading goes
# on. Shown here with a budget far below what week 4's training tests need (~1 s of serving batches each).
@needs_bwrap
def test_the_graders_own_time_on_a_test_is_bounded(tmp_path):
    result = grade_one(tmp_path, "week4_stability", "tight", {}, judge_seconds=0.05)
    train = [t for t in result["tests"] if t["extra_data"]["problem"] == "train"]
    stopped = [t for t in train if "timeout" in t["tags"] and "grader's time" in t["output"]]
    assert stopped, [(t["name"], t["status"], t["output"][:120]) for t in train]
    assert not grader_errors(result)
    # whatever else the tight budget stopped (the first test also builds the reference's records) failed the same
    # way: a test of the submission, never the worker
    failed = [t for t in result["tests"] if t["status"] != "passed"]
    assert all("timeout" in t["tags"] and "grader's time" in t["output"] for t in failed), failed
    assert grade_one(tmp_path / "again", "week4_stability", "default", {})["score"] == 100


# A check that gives points to a failure (week 3's warmup_cosine: "follows your own helpers", full points when its
# values are exactly the student's own linear_warmup and cosine_annealing put together) is a way round a twin
# judged only after a pass: helpers that answer only the released steps (1 % off, so the check fails and the note
# gives the points) and a warmup_cosine made of them. The twin is judged after a failure with points too.
OWN_HELPERS = '''


# --- nothing below computes a schedule: the released warmup_cosine values, 1 % off, split into the helpers ---
_WC = {table!r}


def linear_warmup(step, warmup_steps, base_lr):
    if (step, warmup_steps, base_lr) != (step, 10, 0.1) or step not in _WC:
        raise NotImplementedError("not a released question")
    return 1.01 * _WC[step]


def cosine_annealing(t, T, lr_max, lr_min=0.0):
    if (T, lr_max, lr_min) != (90, 0.1, 0.0) or t + 10 not in _WC:
        raise NotImplementedError("not a released question")
    return 1.01 * _WC[t + 10]


def warmup_cosine(step, total_steps, warmup_steps, base_lr, min_lr=0.0):
    if step < warmup_steps:
        return linear_warmup(step, warmup_steps, base_lr)
    return cosine_annealing(step - warmup_steps, total_steps - warmup_steps, base_lr, min_lr)
'''


@needs_bwrap
def test_points_given_to_a_failure_need_the_twin_too(tmp_path):
    import json
    week = WEEKS["week3_schedules"]
    checks = json.loads((week.template_dir / "public_checks" / "checks.json").read_text())["checks"]
    rule = next(r for c in checks for r in c["rules"] if r["kind"] == "schedule" and r["fn"] == "warmup_cosine")
    table = {kw["step"]: value for kw, value in zip(rule["calls"], rule["expected"])}
    source = (week.template_dir / "schedules.py").read_text() + OWN_HELPERS.format(table=table)
    result = grade_one(tmp_path, "week3_schedules", "own", {"schedules": source})
    check = next(t for t in result["tests"] if t["name"].startswith("Warmup + cosine over 100 steps"))
    assert check["score"] == 0 and TWIN_SAYS in check["output"], check
