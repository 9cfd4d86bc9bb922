"""`autograder report WEEK RESULTS_DIR`: the class report, the gradebook CSV, the students' pages, similar code."""
from __future__ import annotations

import sys
from pathlib import Path

from autograder.engine.results import load_results, write_atomic
from autograder.safetext import clean


LMS_CSV = "lms.csv"     # `--csv` without a path (csv_path=True): RESULTS_DIR/lms.csv, beside the results


def report(week: str, results_dir: Path, *, out: str | None = None, csv_path: str | bool | None = None,
           pages: bool = False, code: str | None = None, max_share: int | None = None,
           course_dir: Path | None = None) -> int:
    """The report's command; ``course_dir``: the nbgrader course whose gradebook gives the final grades,
    lateness and roster (none, or a week not in its gradebook: the autograder's results alone)."""
    from autograder.feedback import class_report, lms_csv, student_page
    from autograder.feedback.report import gradebook_section
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
    from autograder.engine.runner import grading_now
    if grading_now(results_dir):    # a report of part of the class, and an LMS file of it, at exit 0 (R9-6)
        print(f"autograder report: `autograder grade` is writing into {clean(results_dir, 300, single_line=True)} "
              "now: run the report when it has ended (nothing was written)", file=sys.stderr)
        return 1
    results = load_results(results_dir)
    if not results:
        print(f"autograder report: no {results_dir}/*/results.json found (run `autograder grade` first)",
              file=sys.stderr)
        return 2
    foreign = _of_another_week(week, results)
    if foreign:     # the report and LMS file of another week's grades under this week's name (R9-4's import check)
        print(f"autograder report: the results in {clean(results_dir, 300, single_line=True)} were not graded by "
              f"{week}'s graders: they name problems it does not have ({clean(', '.join(foreign[:8]), 300)}"
              f"{', ...' if len(foreign) > 8 else ''}). Is WEEK right? Nothing was written", file=sys.stderr)
        return 2
    unfinished = _unfinished_import(week, course_dir)
    if unfinished:          # grades without their late penalty, stated as final in the report and the LMS file
        print(f"autograder report: {clean(unfinished, 600, single_line=True)}", file=sys.stderr)
        return 1
    out_path = Path(out) if out else results_dir / "report.html"
    finals, by_student = _gradebook(week, results, course_dir)
    sections: tuple[str, ...] = (gradebook_section(finals),) if finals else ()
    if code is not None:
        from autograder.feedback import similarity
        from autograder.weeks import get_week
        sim = similarity.compare_folders(get_week(week), [Path(code)],
                                         max_share=max_share or similarity.MAX_SHARE)
        sections += (similarity.section(sim),)
        table = similarity.write_csv(sim, out_path.parent / "similarity.csv")
        top = f"; the most similar: {sim.pairs[0].a} and {sim.pairs[0].b}, score {sim.pairs[0].score:.2f}" \
            if sim.pairs else ""
        print(f"similar code ({sim.hands} hands, {len(sim.pairs)} pairs share code{top}): {table}")
    write_atomic(out_path, class_report(results, week, sections))
    print(f"class report ({len(results)} submissions): {out_path}")
    unimported = _not_imported(week, results, finals, course_dir) if csv_path and finals else {}
    if unimported:  # the LMS file would state the gradebook's earlier numbers for them, or leave them out (R9-3)
        print(f"autograder report: the LMS CSV was not written: {len(unimported)} graded submission(s) are not in "
              f"the gradebook as graded here; run `autograder gradebook {week} "
              f"{clean(results_dir, 300, single_line=True)}` first (it names any it cannot import):", file=sys.stderr)
        for student, why in sorted(unimported.items())[:40]:
            print(f"  {clean(student, 100, single_line=True)}: {clean(why, 300, single_line=True)}", file=sys.stderr)
        if len(unimported) > 40:
            print(f"  ... and {len(unimported) - 40} more", file=sys.stderr)
    elif csv_path:
        path = lms_csv(by_student, results_dir / LMS_CSV if csv_path is True else csv_path, finals)
        print(f"LMS CSV: {path} " + ("(every student of the gradebook's roster, final grades as nbgrader export "
                                     "computes them)" if finals else
                                     "(the autograder's scores: the week is not in a gradebook here, so students "
                                     "who handed in nothing are not listed)"))
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
    return 1 if failed or unimported else 0


def _of_another_week(week: str, results: dict[str, dict]) -> list[str]:
    """The problems the results name that the week's graders do not have ([] when the graders cannot be read here:
    a report from results alone still works)."""
    from autograder.engine.results import foreign_problems
    from autograder.manifest import problems
    from autograder.weeks import get_week
    try:
        known = problems(get_week(week))
    except Exception:  # noqa: BLE001 -- no graders here (a results folder copied elsewhere): nothing to check against
        return []
    return foreign_problems(results, known) if known else []


def _unfinished_import(week: str, course_dir: Path | None) -> str | None:
    if course_dir is None:
        return None
    from autograder.nbgrader_bridge import unfinished_import
    from autograder.weeks import get_week
    return unfinished_import(get_week(week), course_dir)


def _not_imported(week: str, results: dict[str, dict], finals: dict, course_dir: Path) -> dict[str, str]:
    """student -> why the gradebook does not hold this result as its grade: not there at all (graded, never
    imported), or with another automatic score (graded again since the last import), or the hand-in changed
    since it was graded. The LMS file is built from the gradebook: for these it would state an earlier grade,
    or leave the student out, at exit 0."""
    from autograder.engine import regrade
    from autograder.nbgrader_bridge import student_id
    from autograder.weeks import get_week
    the_week = get_week(week)
    out = {}
    for name, result in results.items():
        student = student_id(name, result, the_week)
        final = finals.get(student)
        score = float(result.get("score", 0) or 0)
        if final is None or not final.handed_in:
            out[student] = "graded, not in the gradebook"
        elif abs(final.auto_score - score) > 1e-6:
            out[student] = f"graded again since the last import (gradebook {final.auto_score:g}, results.json {score:g})"
        else:
            stale = regrade.handin_changed(the_week, result, course_dir)
            if stale:
                out[student] = stale
    return out


def _gradebook(week: str, results: dict[str, dict], course_dir: Path | None):
    """(student -> FinalGrade, results keyed by student id) from the course's gradebook; ({}, results) when
    there is none or the week is not in it."""
    if course_dir is None:
        return {}, results
    from autograder.final_scores import final_grades
    from autograder.nbgrader_bridge import student_id
    from autograder.weeks import get_week
    the_week = get_week(week)
    finals = final_grades(the_week, course_dir)
    if not finals:
        return {}, results
    return finals, {student_id(name, r, the_week): r for name, r in results.items()}
