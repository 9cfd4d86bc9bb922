"""`autograder report WEEK RESULTS_DIR`: the class report, the gradebook CSV, the students' pages, similar code."""
from __future__ import annotations

import sys
from pathlib import Path

from autograder.engine.results import load_results, write_atomic
from autograder.safetext import clean


def report(week: str, results_dir: Path, *, out: str | None = None, csv_path: str | None = None,
           pages: bool = False, code: str | None = None, max_share: int | None = None) -> int:
    from autograder.feedback import class_report, lms_csv, student_page
    results_dir = Path(results_dir)
    if not results_dir.is_dir():
        print(f"autograder report: {results_dir} is not a folder", file=sys.stderr)
        return 2
    if max_share is not None and max_share < 2:
        print("autograder report: --max-share must be at least 2 (a pair is two hands)", file=sys.stderr)
        return 2
    if code is not None and not Path(code).is_dir():
        print(f"autograder report: --code {code} is not a folder (give nbgrader's submitted/ folder)",
              file=sys.stderr)
        return 2
    results = load_results(results_dir)
    if not results:
        print(f"autograder report: no {results_dir}/*/results.json found (run `autograder grade` first)",
              file=sys.stderr)
        return 2
    out_path = Path(out) if out else results_dir / "report.html"
    sections: tuple[str, ...] = ()
    if code is not None:
        from autograder.feedback import similarity
        from autograder.weeks import get_week
        sim = similarity.compare_folders(get_week(week), [Path(code)],
                                         max_share=max_share or similarity.MAX_SHARE)
        sections = (similarity.section(sim),)
        table = similarity.write_csv(sim, out_path.parent / "similarity.csv")
        top = f"; the most similar: {sim.pairs[0].a} and {sim.pairs[0].b}, score {sim.pairs[0].score:.2f}" \
            if sim.pairs else ""
        print(f"similar code ({sim.hands} hands, {len(sim.pairs)} pairs share code{top}): {table}")
    write_atomic(out_path, class_report(results, week, sections))
    print(f"class report ({len(results)} submissions): {out_path}")
    if csv_path:
        print(f"gradebook CSV: {lms_csv(results, csv_path)}")
    failed = []
    if pages:
        for name, result in results.items():
            try:        # one submission's page never stops the others'
                write_atomic(results_dir / name / "feedback.html", student_page(result, week))
            except Exception as exc:  # noqa: BLE001
                failed.append(f"{clean(name, 100, single_line=True)}: {type(exc).__name__}: {clean(exc, 300)}")
        print(f"feedback pages: {results_dir / '<name>' / 'feedback.html'}")
    for line in failed:
        print(f"autograder report: no page for {line}", file=sys.stderr)
    return 1 if failed else 0
