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
    from autograder.stubgen import write_release
    for name in args.weeks or list(WEEKS):
        week = get_week(name)
        for path in write_release(week):
            print(f"wrote {path}")
    return 0


def cmd_selftest(args) -> int:
    from autograder import selftest
    return selftest.main(args.weeks, jobs=args.jobs, as_json=Path(args.json) if args.json else None)


def cmd_report(args) -> int:
    from autograder.feedback.cli import report
    return report(get_week(args.week).name, Path(args.results_dir), out=args.out, csv_path=args.csv,
                  pages=args.pages)


def cmd_check(args) -> int:
    from autograder.feedback.check import run_check
    return run_check(get_week(args.week), Path(args.folder), html=Path(args.html) if args.html else None)


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

    p = sub.add_parser("generate", help="write student_template/<week> (stubs + given files) from the solutions")
    p.add_argument("weeks", metavar="WEEK", nargs="*", help="default: every week")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("selftest", help="grade the catalogue of known mistakes and valid variants; "
                                        "print the graders' mutation score")
    p.add_argument("weeks", metavar="WEEK", nargs="*", help="default: every week")
    p.add_argument("--jobs", "-j", type=int, default=2)
    p.add_argument("--json", help="also write the outcomes to this file")
    p.set_defaults(func=cmd_selftest)

    p = sub.add_parser("report", help="the class report (HTML) and an LMS gradebook CSV from graded results")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS))
    p.add_argument("results_dir", metavar="RESULTS_DIR", help="the --out folder of `grade` (DIR/*/results.json)")
    p.add_argument("--out", "-o", help="the report's path (default RESULTS_DIR/report.html)")
    p.add_argument("--csv", help="also write the gradebook CSV here (one row per student)")
    p.add_argument("--pages", action="store_true",
                   help="also write each student's feedback page, RESULTS_DIR/<name>/feedback.html")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("check", help="run the public checks on your own work (hidden tests run after the deadline)")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS))
    p.add_argument("folder", metavar="FOLDER", nargs="?", default=".",
                   help="the folder with your week's files (default: the current folder)")
    p.add_argument("--html", help="also write a feedback page with figures to this file")
    p.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
