"""The `autograder` command."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from autograder.weeks import WEEKS, get_week


def cmd_grade(args) -> int:
    from autograder.engine.runner import grade, summary
    from autograder.engine.sandbox import Limits
    week = get_week(args.week)
    t0 = time.monotonic()
    limits = Limits(call_seconds=args.call_timeout, budget_seconds=args.budget)
    results = grade(week, [Path(p) for p in args.paths], Path(args.out), jobs=args.jobs, limits=limits,
                    isolation=args.isolation)
    print(summary(results, time.monotonic() - t0))
    print(f"results: {Path(args.out) / '<submission>' / 'results.json'}, {Path(args.out) / 'grades.csv'}")
    return 0


def cmd_generate(args) -> int:
    from autograder.nbgrader_bridge import BridgeError, generate
    for name in args.weeks or list(WEEKS):
        week = get_week(name)
        try:
            for path in (generate(week, Path(args.course)) if args.course else generate(week)):
                print(f"wrote {path}")
        except BridgeError as exc:
            print(f"{week.name}: {exc}", file=sys.stderr)
            return 1
    return 0


def cmd_gradebook(args) -> int:
    from autograder.nbgrader_bridge import BridgeError, import_grades
    week = get_week(args.week)
    try:
        totals = import_grades(week, Path(args.results_dir), Path(args.course))
    except BridgeError as exc:
        print(exc, file=sys.stderr)
        return 1
    for student, (score, top) in sorted(totals.items()):
        print(f"{student:<24} {score:>7g} / {top:g}")
    print(f"{len(totals)} submissions of {week.name} in {Path(args.course).resolve() / 'gradebook.db'} "
          "(see them with formgrader or `nbgrader export`)")
    return 0


def cmd_feedback(args) -> int:
    from autograder.nbgrader_bridge import BridgeError, write_feedback
    week = get_week(args.week)
    try:
        pages = write_feedback(week, Path(args.results_dir), Path(args.course))
    except BridgeError as exc:
        print(exc, file=sys.stderr)
        return 1
    for page in pages:
        print(f"wrote {page}")
    print(f"next: nbgrader release_feedback {week.name}")
    return 0


def cmd_demo(args) -> int:
    from autograder.demo import main as demo
    return demo(args.weeks, directory=args.dir, workers=args.jobs)


def cmd_selftest(args) -> int:
    from autograder import selftest
    return selftest.main(args.weeks, jobs=args.jobs, as_json=Path(args.json) if args.json else None)


def cmd_report(args) -> int:
    from autograder.feedback.cli import report
    return report(get_week(args.week).name, Path(args.results_dir), out=args.out, csv_path=args.csv,
                  pages=args.pages, code=args.code, max_share=args.max_share)


def cmd_check(args) -> int:
    from autograder.feedback.check import run_check
    return run_check(get_week(args.week), Path(args.folder), html=Path(args.html) if args.html else None)


def cmd_gradescope(args) -> int:
    from autograder.gradescope import build_bundle
    week = get_week(args.week)
    path = build_bundle(week, Path(args.out or f"{week.name}-gradescope.zip"))
    print(f"wrote {path}: upload it as the assignment's autograder (Gradescope: Configure Autograder, zip file)")
    return 0


def _add_grade_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", "-j", type=int, default=1, help="grading processes (default 1; use the core count)")
    p.add_argument("--call-timeout", type=float, default=10.0,
                   help="seconds one call into student code may take (default 10)")
    p.add_argument("--budget", type=float, default=60.0,
                   help="seconds all tests of one submission may take (default 60)")
    p.add_argument("--isolation", choices=["auto", "bwrap", "none"], default="auto",
                   help="bwrap = bubblewrap sandbox; none = limits and seccomp only (auto: bwrap when installed)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description=(
        "Optimization for Deep Learning: generate releases, grade submissions in a sandbox, "
        "check your own work."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("grade", help="grade submissions with the hidden graders")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS))
    p.add_argument("paths", metavar="PATH", nargs="+",
                   help="a submission folder, a .zip of one, or nbgrader's submitted/ folder")
    p.add_argument("--out", "-o", default="graded", help="where results go (default ./graded)")
    _add_grade_options(p)
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("generate", help="the release of a week: nbgrader generate_assignment, then the stubs "
                                        "and given files, into student_template/<week>")
    p.add_argument("weeks", metavar="WEEK", nargs="*", help="default: every week")
    p.add_argument("--course", metavar="DIR",
                   help="course directory holding assignments/ and nbgrader_config.py (default: this repository)")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("gradebook", help="import graded results into nbgrader's gradebook (per problem), "
                                         "for formgrader and `nbgrader export`")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS))
    p.add_argument("results_dir", metavar="RESULTS_DIR", help="the --out folder of `grade` (DIR/*/results.json)")
    p.add_argument("--course", metavar="DIR", default=".", help="the nbgrader course directory (default: .)")
    p.set_defaults(func=cmd_gradebook)

    p = sub.add_parser("feedback", help="write feedback/<student>/<week>/<week>.html for "
                                        "`nbgrader release_feedback`")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS))
    p.add_argument("results_dir", metavar="RESULTS_DIR", help="the --out folder of `grade` (DIR/*/results.json)")
    p.add_argument("--course", metavar="DIR", default=".", help="the nbgrader course directory (default: .)")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("demo", help="run the whole nbgrader loop (release, fetch, submit, collect, zip_collect, "
                                    "grade, gradebook, feedback, export) on a built-in demo class")
    p.add_argument("weeks", metavar="WEEK", nargs="*", help="default: every week that has graders")
    p.add_argument("--dir", help="build the demo course here (a new or empty folder; default: a temporary one)")
    p.add_argument("--jobs", "-j", type=int, default=2, help="students working at the same time (default 2)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("selftest", help="grade the catalogue of known mistakes and valid variants; "
                                        "print the graders' mutation score")
    p.add_argument("weeks", metavar="WEEK", nargs="*", help="default: every week")
    p.add_argument("--jobs", "-j", type=int, default=2)
    p.add_argument("--json", help="also write the outcomes to this file")
    p.set_defaults(func=cmd_selftest)

    p = sub.add_parser("report", help="the class report (HTML) and an LMS gradebook CSV from graded results; "
                                      "with --code, the pairs of students whose code is alike")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS))
    p.add_argument("results_dir", metavar="RESULTS_DIR", help="the --out folder of `grade` (DIR/*/results.json)")
    p.add_argument("--out", "-o", help="the report's path (default RESULTS_DIR/report.html)")
    p.add_argument("--csv", help="also write the gradebook CSV here (one row per student)")
    p.add_argument("--pages", action="store_true",
                   help="also write each student's feedback page, RESULTS_DIR/<name>/feedback.html")
    p.add_argument("--code", metavar="SUBMITTED_DIR",
                   help="also compare the students' code (nbgrader's submitted/ folder, or what was graded): "
                        "a ranked 'Similar code' section in the report and similarity.csv beside it")
    p.add_argument("--max-share", type=int, metavar="N",
                   help="with --code: code found in more than N hands counts as common knowledge and is "
                        "ignored (default 10, MOSS's -m)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("check", help="run the public checks on your own work (hidden tests run after the deadline)")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS))
    p.add_argument("folder", metavar="FOLDER", nargs="?", default=".",
                   help="the folder with your week's files (default: the current folder)")
    p.add_argument("--html", help="also write a feedback page with figures to this file")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("gradescope", help="write a Gradescope autograder bundle (setup.sh, run_autograder, "
                                          "the week's graders and reference) to grade in Gradescope's containers")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS))
    p.add_argument("--out", "-o", help="the bundle's path (default ./<WEEK>-gradescope.zip)")
    p.set_defaults(func=cmd_gradescope)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
