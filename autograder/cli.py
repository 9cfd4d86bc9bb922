"""The `autograder` command."""
from __future__ import annotations

import argparse
import math
import sys
import textwrap
import time
from pathlib import Path

from autograder.safetext import clean
from autograder.feedback.report_command import LMS_CSV
from autograder.weeks import ENV, WEEKS, get_week


EXIT_OK, EXIT_BAD_INPUT, EXIT_NOT_GRADED = 0, 1, 3
# every command's exit status, shown by `autograder COMMAND --help` (2 is argparse's and the course's: one line)
USAGE_EXIT = "  2  a usage error (an unknown option or week), or no course directory (the message says what is missing)"
EXIT_CODES = {
    "generate": "  0  every week's release was written (each file named)\n"
                "  1  a week could not be released (a leak of hidden content, nbgrader failed): nothing of it was kept",
    "gradebook": "  0  every submission was imported\n"
                 "  1  RESULTS_DIR holds no results, the gradebook cannot be opened (named), or some students were not\n"
                 "     imported (each named, with why: a result of an earlier hand-in, or one that is not a grade)",
    "feedback": "  0  a page was written for every student (those nbgrader cannot deliver are named on stderr)\n"
                "  1  RESULTS_DIR holds no results, or some pages were not written (each named, with why)",
    "demo": "  0  the whole loop ran and every student got the expected result\n"
            "  1  a step failed (named, with its output)",
    "selftest": "  0  every catalogued mistake lost points and was named, every held-out one lost points, every\n"
                "     valid variant got full marks, the reference 100 and the stubs 0\n"
                "  1  one of those did not hold (the cases are listed)",
    "report": "  0  the report (and the CSV, the pages) were written\n"
              "  1  some feedback pages (--pages) were not written (each named)\n"
              "  2  RESULTS_DIR is not a folder or holds no results, or a bad --code/--max-share",
    "check": "  0  every public check passed and the hand-in is complete\n"
             "  1  something to do: a check failed, a stub is unwritten or a file is missing (the report says what)",
    "init": "  0  the course directory was made (each file named)\n"
            "  2  DIR is not new or empty, or the current folder is not a course to copy from",
    "gradescope": "  0  the bundle was written",
    "new-week": "  0  the week was written (each file named)\n"
                "  2  a usage error, no course directory, or NAME or --module cannot be used (taken, or not a valid\n"
                "     name): the message says which; nothing was written",
}
GRADE_EXIT_CODES = """exit status:
  0  every submission got a result, whatever the scores
  1  bad input: a PATH does not exist or holds no submission (each is named; nothing was graded)
  2  a usage error (an unknown option or week), or no course directory (the message says what is missing)
  3  some submissions have no trustworthy grade: the engine failed on them, a grader broke on one of
     their tests, or their results could not be written (a full disk); they are named, with the command
     that re-grades just them; or grades.csv could not be written -- or nothing was graded: the sandbox
     cannot be set up here (no bubblewrap), or the results folder is not a folder, cannot be written, or
     another `grade` is writing into it (the message says which)"""


RESULTS_DEFAULT = "COURSE/graded/WEEK, where formgrader's Autograde writes too; git ignores graded/"
RESULTS_HELP = f"the --out folder of `grade` (DIR/*/results.json; default {RESULTS_DEFAULT})"


def _results_dir(args, week) -> Path:
    """The results folder a command was given, or the course's graded/<week>/ (bridge.results_dir)."""
    from autograder import weeks
    from autograder.nbgrader_bridge import results_dir
    return Path(args.results_dir) if args.results_dir else results_dir(weeks.ROOT, week)


def cmd_grade(args) -> int:
    from autograder.engine.runner import ResultsFolderError, grade, regrade_command, summary
    from autograder.engine.sandbox import EngineError, Limits
    from autograder.engine.submissions import DiscoveryError
    week = get_week(args.week)
    t0 = time.monotonic()
    limits = Limits(call_seconds=args.call_timeout, budget_seconds=args.budget)
    out = _results_dir(args, week)
    try:
        results = grade(week, [Path(p) for p in args.paths], out, jobs=args.jobs, limits=limits,
                        isolation=args.isolation, force=args.force)
    except DiscoveryError as exc:
        for problem in exc.problems:
            print(f"autograder grade: {problem}", file=sys.stderr)
        print("nothing was graded; check the paths", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (EngineError, ResultsFolderError) as exc:
        print(f"autograder grade: nothing was graded: {clean(str(exc), 500, single_line=True)}", file=sys.stderr)
        return EXIT_NOT_GRADED
    print(summary(results, time.monotonic() - t0))
    if results.kept:
        print(f"{results.kept} submission(s) kept as graded before: same files, graders, engine and settings "
              "(--force grades them again)")
    if results.changed:
        from autograder.engine.regrade import DIFF_CSV, diff_table
        print(diff_table(results.changed))
        print(f"the list of changes: {out / DIFF_CSV}")
    print(f"results: {out / '<submission>' / 'results.json'}, {out / 'grades.csv'} (every submission under {out})")
    not_graded = results.not_graded
    if not_graded:
        print(f"\n{len(not_graded)} submission(s) have no trustworthy grade:", file=sys.stderr)
        for name, why in sorted(not_graded.items()):
            print(f"  {clean(name, 120, single_line=True)}: {clean(why, 300, single_line=True)}", file=sys.stderr)
        print(f"re-grade just them with:\n  {regrade_command(week, results, not_graded, out)}", file=sys.stderr)
    if results.unwritten:
        print(f"autograder grade: {clean(results.unwritten, 500, single_line=True)}", file=sys.stderr)
    return EXIT_NOT_GRADED if not_graded or results.unwritten else EXIT_OK


def cmd_generate(args) -> int:
    from autograder import weeks
    from autograder.nbgrader_bridge import BridgeError, generate
    for name in args.weeks or list(WEEKS):
        week = get_week(name)
        try:
            for path in generate(week, weeks.ROOT):
                print(f"wrote {path}")
        except BridgeError as exc:
            print(f"{week.name}: {exc}", file=sys.stderr)
            return 1
    return 0


def cmd_gradebook(args) -> int:
    from autograder import weeks
    from autograder.nbgrader_bridge import BridgeError, PartialImport, gradebook_table, import_grades
    week = get_week(args.week)
    failures = {}
    try:
        totals = import_grades(week, _results_dir(args, week), weeks.ROOT)
    except (BridgeError, OSError) as exc:
        print(f"autograder gradebook: {clean(exc, 500, single_line=True)}", file=sys.stderr)
        return 1
    except PartialImport as exc:
        totals, failures = exc.totals, exc.failures
    print(_table(*gradebook_table(weeks.ROOT, week)))
    print(f"{len(totals)} submissions of {week.name} imported into {weeks.ROOT / 'gradebook.db'}; "
          "the table is the gradebook's, final scores as `nbgrader export` computes them (see them in formgrader)")
    for name, why in sorted(failures.items()):
        print(f"autograder gradebook: {clean(name, 100, single_line=True)} was not imported: "
              f"{clean(why, 800, single_line=True)}", file=sys.stderr)
    return 1 if failures else 0


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A plain text table; every cell made safe to print (student ids come from outside)."""
    rows = [[clean(c, 100, single_line=True) for c in r] for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join([fmt.format(*header), fmt.format(*["-" * w for w in widths]), *(fmt.format(*r) for r in rows)])


def cmd_feedback(args) -> int:
    from autograder import weeks
    from autograder.nbgrader_bridge import BridgeError, PartialImport, write_feedback
    week = get_week(args.week)
    failures = {}
    try:
        pages = write_feedback(week, _results_dir(args, week), weeks.ROOT)
    except (BridgeError, OSError) as exc:
        print(f"autograder feedback: {clean(exc, 500, single_line=True)}", file=sys.stderr)
        return 1
    except PartialImport as exc:
        pages, failures = list(exc.totals), exc.failures
    for page in pages:      # the path holds the student id, which can come from an LMS file name (REDTEAM.md, R9-2)
        print(f"wrote {clean(page, 500, single_line=True)}")
    for name, why in sorted(failures.items()):
        print(f"autograder feedback: no page for {clean(name, 100, single_line=True)}: "
              f"{clean(why, 800, single_line=True)}", file=sys.stderr)
    from autograder.engine.results import load_results
    from autograder.nbgrader_bridge import FEEDBACK, undeliverable
    for student, why in sorted(undeliverable(week, load_results(_results_dir(args, week))).items()):
        page = weeks.ROOT / FEEDBACK / student / week.name / f"{Path(week.notebook).stem}.html"
        print(f"autograder feedback: {clean(student, 60, single_line=True)} {clean(why, 200, single_line=True)}: "
              f"nbgrader's fetch_feedback finds pages through the submitted notebook, so they cannot fetch "
              f"theirs; send {clean(page, 300, single_line=True)} another way (e-mail, the LMS)", file=sys.stderr)
    print(f"next: nbgrader release_feedback {week.name}")
    return 1 if failures else 0


def cmd_demo(args) -> int:
    from autograder.demo import main as demo
    return demo(args.weeks, directory=args.dir, workers=args.jobs)


def cmd_selftest(args) -> int:
    from autograder import selftest
    return selftest.main(args.weeks, jobs=args.jobs, as_json=Path(args.json) if args.json else None)


def cmd_report(args) -> int:
    from autograder import weeks
    from autograder.feedback.report_command import report
    week = get_week(args.week)
    return report(week.name, _results_dir(args, week), out=args.out, csv_path=args.csv,
                  pages=args.pages, code=args.code, max_share=args.max_share, course_dir=weeks.ROOT)


def cmd_check(args) -> int:
    from autograder.feedback.check import run_check
    return run_check(get_week(args.week), Path(args.folder), html=Path(args.html) if args.html else None)


def cmd_gradescope(args) -> int:
    from autograder import weeks
    from autograder.gradescope import build_bundle
    from autograder.nbgrader_bridge import GRADED
    week = get_week(args.week)
    path = build_bundle(week, Path(args.out) if args.out else weeks.ROOT / GRADED / f"{week.name}-gradescope.zip")
    print(f"wrote {path}: upload it as the assignment's autograder (Gradescope: Configure Autograder, zip file)")
    return 0


def cmd_init(args) -> int:
    from autograder.course import init_course
    written = init_course(Path(args.dir), course_id=args.course_id, exchange=Path(args.exchange) if args.exchange else None)
    target = Path(args.dir).resolve()
    for path in written:
        print(f"wrote {path}")
    print(f"{target} is readable by you alone (mode 0700: it holds the solutions, graders and answer keys)")
    print(f"{target} is a course directory. Next: cd {target} && git init && autograder generate "
          "(see its README.md and docs/instructors.md)")
    return 0


def cmd_new_week(args) -> int:
    from autograder import weeks
    from autograder.new_week import new_week
    written = new_week(args.name, module=args.module)
    for path in written:
        print(f"wrote {path}")
    print(f"{args.name} is a week of {weeks.ROOT}, a working example. Next: autograder generate {args.name}; "
          f"autograder selftest {args.name}; then make it your own (docs/adding-a-week.md)")
    return 0


# The least each time limit may be set to. Below them correct work fails as the student's own failure, at exit 0:
# `--budget 0` gave the reference 0 / 100 ("used up its grading time"), `--call-timeout nan` told every student
# the reply "was made some other way" (REDTEAM.md, R9-8). The slowest honest probe takes < 1 s here (Limits), and
# an honest submission's tests 1-2 s together: 1 s and 10 s leave no honest work failing on an idle machine.
MIN_CALL_TIMEOUT = 1.0
MIN_BUDGET = 10.0


def _seconds(least: float):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        if not math.isfinite(value) or value < least:
            raise argparse.ArgumentTypeError(f"{text} s: give at least {least:g} s (below it correct work times out "
                                             "and is graded as the student's failure)")
        return value
    return parse


def _add_grade_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jobs", "-j", type=int, default=1, help="grading processes (default 1; use the core count)")
    p.add_argument("--call-timeout", type=_seconds(MIN_CALL_TIMEOUT), default=10.0,
                   help=f"seconds one call into student code may take (default 10, at least {MIN_CALL_TIMEOUT:g})")
    p.add_argument("--budget", type=_seconds(MIN_BUDGET), default=60.0,
                   help=f"seconds all tests of one submission may take (default 60, at least {MIN_BUDGET:g})")
    p.add_argument("--isolation", choices=["auto", "bwrap", "none"], default="auto",
                   help="auto/bwrap: the bubblewrap sandbox, or nothing is graded if it cannot run here; none: "
                        "no bubblewrap -- limits, seccomp, namespaces where the kernel allows and the course's "
                        "folders hidden, but the student's code can read other files this user can read "
                        "(choose it knowingly: make the course's files private, as the Gradescope bundle does)")


COURSE_HELP = (f"the course directory (default: ${ENV} if set, else the current folder or the nearest one above "
               "it that is a course)")
NEEDS_COURSE = {"grade", "generate", "gradebook", "feedback", "demo", "selftest", "check", "gradescope", "init",
                "new-week"}


def build_parser() -> argparse.ArgumentParser:
    week_help = "the week: " + ", ".join(WEEKS)          # the current course's (main reads --course first)
    parser = argparse.ArgumentParser(prog="autograder", description=(
        "Optimization for Deep Learning: generate releases, grade submissions in a sandbox, "
        "check your own work."))
    parser.add_argument("--course", metavar="DIR", help=COURSE_HELP)
    course = argparse.ArgumentParser(add_help=False)
    course.add_argument("--course", metavar="DIR", default=argparse.SUPPRESS, help=COURSE_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_parser = sub.add_parser

    def add_parser(name, **kw):
        """Every command: --course after it too, its help as its description, its exit status below."""
        kw.setdefault("description", kw.get("help"))
        codes = EXIT_CODES.get(name)
        if codes:
            kw.setdefault("epilog", f"exit status:\n{codes}" + ("" if "\n  2  " in codes else f"\n{USAGE_EXIT}"))
        kw["description"] = textwrap.fill(kw["description"], 79) if kw.get("description") else None
        return _add_parser(name, parents=[course], formatter_class=argparse.RawDescriptionHelpFormatter, **kw)
    sub.add_parser = add_parser

    p = sub.add_parser("grade", help="grade submissions with the hidden graders", epilog=GRADE_EXIT_CODES)
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS), help=week_help)
    p.add_argument("paths", metavar="PATH", nargs="+",
                   help="a submission folder, a .zip of one, or nbgrader's submitted/ folder")
    p.add_argument("--out", "-o", dest="results_dir", metavar="DIR",
                   help=f"where results go (default {RESULTS_DEFAULT}); grading into a folder that holds results "
                        "merges: grades.csv lists every submission there, and a submission whose files, graders "
                        "and settings did not change is kept as it is")
    p.add_argument("--force", action="store_true",
                   help="grade every submission again, even those whose result is up to date")
    _add_grade_options(p)
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("generate", help="the release of a week: nbgrader generate_assignment, then the stubs "
                                        "and given files, into student_template/<week>")
    p.add_argument("weeks", metavar="WEEK", nargs="*", help=f"default: every week ({', '.join(WEEKS)})")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("gradebook", help="import graded results into nbgrader's gradebook (per problem), "
                                         "for formgrader and `nbgrader export`")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS), help=week_help)
    p.add_argument("results_dir", metavar="RESULTS_DIR", nargs="?", help=RESULTS_HELP)
    p.set_defaults(func=cmd_gradebook)

    p = sub.add_parser("feedback", help="write feedback/<student>/<week>/<week>.html for "
                                        "`nbgrader release_feedback`")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS), help=week_help)
    p.add_argument("results_dir", metavar="RESULTS_DIR", nargs="?", help=RESULTS_HELP)
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("demo", help="run the whole nbgrader loop (release, fetch, submit, collect, zip_collect, "
                                    "grade, gradebook, feedback, export) on a built-in demo class")
    p.add_argument("weeks", metavar="WEEK", nargs="*", help=f"default: every week that has graders ({', '.join(WEEKS)})")
    p.add_argument("--dir", help="build the demo course here (a new or empty folder; default: a temporary one)")
    p.add_argument("--jobs", "-j", type=int, default=2, help="students working at the same time (default 2)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("selftest", help="grade the catalogue of known mistakes and valid variants; "
                                        "print the graders' mutation score")
    p.add_argument("weeks", metavar="WEEK", nargs="*", help=f"default: every week ({', '.join(WEEKS)})")
    p.add_argument("--jobs", "-j", type=int, default=2, help="grading processes (default 2)")
    p.add_argument("--json", help="also write the outcomes to this file")
    p.set_defaults(func=cmd_selftest)

    p = sub.add_parser("report", help="the class report (HTML) and an LMS gradebook CSV from graded results; "
                                      "with --code, the pairs of students whose code is alike")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS), help=week_help)
    p.add_argument("results_dir", metavar="RESULTS_DIR", nargs="?", help=RESULTS_HELP)
    p.add_argument("--out", "-o", help="the report's path (default RESULTS_DIR/report.html)")
    p.add_argument("--csv", nargs="?", const=True, metavar="PATH",
                   help=f"also write the CSV for the LMS (default path RESULTS_DIR/{LMS_CSV}): with the course's "
                        "gradebook, every student on nbgrader's roster with the final grade (manual scores, "
                        "late penalty) and a status ('no hand-in'); a row of maxima first")
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
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS), help=week_help)
    p.add_argument("folder", metavar="FOLDER", nargs="?", default=".",
                   help="the folder with your week's files (default: the current folder)")
    p.add_argument("--html", help="also write a feedback page with figures to this file")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("init", help="make a new course directory (nbgrader config, folders, the course's content "
                                    "copied from the current course) for a course staff's own repository")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p.add_argument("--course-id", help="nbgrader's course id (default: the folder's name)")
    p.add_argument("--exchange", metavar="PATH", help="nbgrader's exchange root for this course (c.Exchange.root)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("gradescope", help="write a Gradescope autograder bundle (setup.sh, run_autograder, "
                                          "the week's graders and reference) to grade in Gradescope's containers")
    p.add_argument("week", metavar="WEEK", choices=list(WEEKS), help=week_help)
    p.add_argument("--out", "-o", help="the bundle's path (default COURSE/graded/<WEEK>-gradescope.zip)")
    p.set_defaults(func=cmd_gradescope)

    p = sub.add_parser("new-week", help="add a week to the course: a working example (a module with one function "
                                        "and its solution, a notebook with one question, graders, a mistake "
                                        "catalogue) to make your own (docs/adding-a-week.md)")
    p.add_argument("name", metavar="NAME", help="the week's name, e.g. week5_regularization (nbgrader's assignment id)")
    p.add_argument("--module", help="the student module's name (default: NAME without its week<n>_ prefix)")
    p.set_defaults(func=cmd_new_week)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Exit status: the command's (0 = done), 2 when the course directory is missing or incomplete, or a week
    is unknown or wrongly declared."""
    from autograder import weeks
    # --course first: the weeks a WEEK argument may name are that course's
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--course")
    course = early.parse_known_args(argv)[0].course
    args = None
    try:
        if course:
            weeks.use_course(course)
        args = build_parser().parse_args(argv)
        if not course and weeks.conflicting_course():
            raise weeks.NotACourse(weeks.conflicting_course())
        if args.command in NEEDS_COURSE:
            weeks.require_course()
        return args.func(args)
    except (weeks.NotACourse, weeks.WeekError) as exc:
        print(f"autograder{' ' + args.command if args else ''}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
