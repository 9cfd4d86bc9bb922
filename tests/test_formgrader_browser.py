"""formgrader's buttons in a real browser: headless Chromium drives a real formgrader on a demo course.

A Jupyter server with nbgrader's formgrader extension serves a course built in a temporary folder
(autograder/demo.py's course, nbgrader's real local exchange, the repository's nbgrader_config.py). The
test clicks, as an instructor would, **Generate**, **Release**, **Collect**, **Autograde** (for each
student), types a score and a comment in the grading page, then **Generate Feedback** and **Release
Feedback** -- and after each click checks what nbgrader and the autograder left on disk, in the gradebook
and in the exchange. The students' part (fetch, work, submit, fetch feedback) uses nbgrader's commands.
One student, ``eve``, hands in a module that would leave a file on the host if nbgrader ever imported it
outside the sandbox. (Generate once there are grades: tests/test_nbgrader_loop.py.)

The browser is driven through Chromium's DevTools protocol (``--remote-debugging-port``, and the
``websocket-client`` package of the test extra). Without Chromium the test is skipped, saying so; it never
passes without a browser. 45-55 s on an idle 2-core machine (about 50 s of CPU, the sandboxed grading included).
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from autograder import demo, nbgrader_bridge as bridge
from autograder.weeks import get_week
from nbgrader_course import ada_and_eve_submit, gradebook

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed "
                                                         "(`python3 bootstrap.py test` installs it on Debian as root)")

WEEK = get_week("week2_optimizers")
TOKEN = "formgrader-test-token"
SLOW = 240      # seconds a button may take: Autograde grades in the sandbox on a shared 2-core machine


def _wait_for(what: str, check, timeout: float):
    end = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > end:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.25)
    return value


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.read().decode()
    except OSError:
        return None


class Page:
    """One Chromium tab, driven through the DevTools protocol."""

    def __init__(self, ws_url: str):
        import websocket
        self.ws = websocket.create_connection(ws_url, timeout=SLOW, suppress_origin=True)
        self.ids = 0

    def call(self, method: str, **params) -> dict:
        self.ids += 1
        self.ws.send(json.dumps({"id": self.ids, "method": method, "params": params}))
        while (reply := json.loads(self.ws.recv())).get("id") != self.ids:
            pass                                            # an event, not our answer
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, ready: str) -> None:
        """Go to ``url`` and wait until the JavaScript condition ``ready`` holds (formgrader renders late)."""
        self.call("Page.navigate", url=url)
        _wait_for(f"{url} to show {ready}", lambda: self.js(f"document.readyState === 'complete' && !!({ready})"),
                  60)

    def press(self, url: str, column: str, row: str) -> dict:
        """Open ``url``, click the link in ``column`` of the table row of ``row`` (a week on Manage Assignments,
        a student on a week's submissions) and return formgrader's answer: its success or error dialog."""
        link = (f"[...document.querySelectorAll('tr')].find(r => r.querySelector('td.name, td.student-id')"
                f"?.innerText.trim() === {json.dumps(row)})?.querySelector('td.{column} a')")
        self.open(url, link)
        self.js(f"{link}.click()")
        return _wait_for(f"formgrader's answer to {column} {row}", lambda: self.js(
            "(() => { const m = document.querySelector('#success-modal, #error-modal');"
            " return m && {ok: m.id === 'success-modal', text: m.innerText}; })()"), SLOW)

    def type_into(self, selector: str, text: str) -> None:
        """Focus the field and type ``text`` as a keyboard would; the next focus elsewhere fires its change."""
        self.js(f"document.querySelector({json.dumps(selector)}).focus()")
        self.call("Input.insertText", text=text)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def formgrader(tmp_path_factory):
    root = tmp_path_factory.mktemp("formgrader")
    course = demo.make_course(root, [WEEK])
    port = _free_port()
    profile = root / "chromium-profile"
    procs = []          # the server and the browser, stopped at the end whatever happens
    try:
        with open(root / "server.log", "w") as log:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root", f"--port={port}",
                 "--ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={course.course_dir}"],
                cwd=course.course_dir, env=course.env, stdout=log, stderr=log))
        # port 0: Chromium picks a free port and writes it to DevToolsActivePort in its profile
        procs.append(subprocess.Popen([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                       "--disable-background-networking", "--disable-component-update",
                                       "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{port}"
        _wait_for("the Jupyter server (server.log)", lambda: _get(f"{base}/api/status?token={TOKEN}"), 90)
        debug = _wait_for("Chromium's DevTools port", lambda: (profile / "DevToolsActivePort").exists() and
                          (profile / "DevToolsActivePort").read_text().split("\n")[0], 60)
        targets = json.loads(_get(f"http://127.0.0.1:{debug}/json/list"))
        page = Page(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
        page.open(f"{base}/formgrader?token={TOKEN}", "true")      # the token in the URL logs the browser in
        yield course, page, f"{base}/formgrader", root
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_every_formgrader_button_does_what_the_autograder_does(formgrader):
    course, page, formgrader_url, root = formgrader
    cdir = course.course_dir
    release = cdir / "student_template" / WEEK.name
    assignments = f"{formgrader_url}/manage_assignments"

    # Generate: nbgrader's release notebook, then the stubs and given files, checked for leaks
    answer = page.press(assignments, "assign", WEEK.name)
    assert answer["ok"], answer["text"]
    assert {WEEK.notebook, "optimizers.py", *(f"{g}.py" for g in WEEK.given)} <= {p.name for p in release.iterdir()}
    assert "NotImplementedError" in (release / "optimizers.py").read_text()

    # Release, then the students fetch, work and submit with nbgrader's commands
    answer = page.press(assignments, "release", WEEK.name)
    assert answer["ok"], answer["text"]
    assert (course.exchange / course.course_id / "outbound" / WEEK.name / "optimizers.py").is_file()
    canary = ada_and_eve_submit(course, WEEK, root)

    # Collect
    answer = page.press(assignments, "collect", WEEK.name)
    assert answer["ok"], answer["text"]
    assert {p.name for p in (cdir / "submitted").iterdir()} == {"ada", "eve"}

    # Autograde each student: graded in the sandbox and imported; nothing of eve's ran here
    for student in ("ada", "eve"):
        answer = page.press(f"{formgrader_url}/manage_submissions/{WEEK.name}", "autograde", student)
        assert answer["ok"], answer["text"]
    assert not canary.exists(), "a student's module ran outside the sandbox"
    with gradebook(cdir) as gb:
        # eve's module defines no optimizer: her notebook's answers (6 questions x 2 points) are all she gets
        assert {s: gb.find_submission(WEEK.name, s).score for s in ("ada", "eve")} == {"ada": 100.0, "eve": 12.0}
        ada_notebook = gb.find_submission_notebook(WEEK.name, WEEK.name, "ada").id
        final = 100 - gb.find_grade("sgd", WEEK.name, WEEK.name, "ada").max_score + 5    # after the score typed below
    for student in ("ada", "eve"):
        folder = cdir / "autograded" / student / WEEK.name
        assert {"optimizers.py", "timestamp.txt", "submission_secret.txt", WEEK.notebook} <= \
            {p.name for p in folder.iterdir()}
        assert (bridge.results_dir(cdir, WEEK) / student / "results.json").is_file()

    # Manual grading: a score (5 for sgd, which ada got full marks on) and a comment typed into formgrader's page
    page.open(f"{formgrader_url}/submissions/{ada_notebook}/",
              "window.formgrader && formgrader.grades.loaded && formgrader.comments.loaded")
    page.type_into("#sgd", "5")
    page.type_into("#sgd-comment", "Right idea; the sign of the step is what cost you.")
    page.js("document.activeElement.blur()")

    def saved():
        with gradebook(cdir) as gb:
            grade = gb.find_grade("sgd", WEEK.name, WEEK.name, "ada")
            comment = gb.find_comment("sgd", WEEK.name, WEEK.name, "ada")
            return grade.manual_score == 5.0 and bool(comment.manual_comment)
    _wait_for("formgrader to save the score and comment", saved, 60)

    # Generate Feedback: this project's page with the gradebook's final grade; Release Feedback works after it
    answer = page.press(assignments, "generate-feedback", WEEK.name)
    assert answer["ok"], answer["text"]
    feedback = cdir / "feedback" / "ada" / WEEK.name
    html = (feedback / f"{WEEK.name}.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "Score per problem" in html          # ours, not nbgrader's
    assert f'<div class="big">{final:g}<small> / 100 points' in html and "Changed by course staff" in html
    assert "the sign of the step is what cost you" in html
    for name in ("timestamp.txt", "submission_secret.txt"):
        assert (feedback / name).read_bytes() == (cdir / "submitted" / "ada" / WEEK.name / name).read_bytes()
    answer = page.press(assignments, "release-feedback", WEEK.name)
    assert answer["ok"], answer["text"]
    fetched = demo.fetch_feedback(course, "ada", WEEK)
    assert len(fetched) == 1 and fetched[0].read_text(encoding="utf-8") == html
