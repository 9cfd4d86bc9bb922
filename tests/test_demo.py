"""The README's first command runs `autograder demo` on the built-in class: it must finish and find the scores it
expects (reference 100, stubs 0, mistakes lose points, the hostile hand-in nothing). One week here -- every
step of the loop (release, fetch, submit, collect, zip_collect of an LMS download, grade, gradebook, feedback,
release and fetch of feedback, export) runs for it; the others share the code."""
from __future__ import annotations

from autograder import demo


def test_the_demo_runs_the_whole_loop_for_a_week(tmp_path, capsys):
    code = demo.main(["week1_gradient_descent"], directory=str(tmp_path / "demo"), workers=2)
    out = capsys.readouterr().out
    assert code == 0, out[-3000:]
    assert "week1_gradient_descent" in out
