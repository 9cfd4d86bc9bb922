"""The mistake catalogue: what students really write, as edits to the reference solution.

Each week's catalogue is course content and lives with its graders
(``autograder/graders/<week>/catalogue.py``). It lists

* :class:`Mistake` -- a realistic wrong implementation. It must lose points and be
  *named*: its ``tag`` among the failed tests' tags and its ``words`` in the feedback.
* :class:`Valid` -- a correct way of writing the spec that differs from the reference.
  It must get full marks.

A case is a list of exact snippets of the reference solution and what a student
writes instead, so no module is written twice; a snippet that no longer occurs
exactly once fails loudly instead of silently testing the reference.

Held-out mistakes (``held_out=True``) measure whether the graders name mistakes
they were never built for. They are written as student code from a public source
(``source``) before anyone looks at which named models exist for them, and they
are frozen: ``HELD_OUT_DIGESTS`` in the week's catalogue records a digest of each
one's edits, and ``tests/test_graders.py`` fails when a held-out case changes. A
held-out case that was used to improve the graders moves to the training part
(``held_out=False``, ``was_held_out`` set to the round it was measured in). A burnt case that no
family names yet carries ``unnamed`` (the reason): it must lose points, and naming it removes the mark.
``docs/graders.md`` describes the protocol and the figures.
"""
from __future__ import annotations

import hashlib
import inspect
import io
import textwrap
import tokenize
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from autograder.grading import load_trusted
from autograder.stubgen import solution_regions
from autograder.weeks import Week

Edits = dict[str, list[tuple[str, str]]]     # module -> [(exact snippet in the solution, replacement)]


@dataclass(frozen=True)
class Mistake:
    """A realistic wrong implementation: it must lose points and be named (``tag``, ``words``)."""
    tag: str                      # the tags entry the feedback must carry
    edits: Edits
    words: str = ""               # plain words the feedback must contain (case-insensitive); "" = tag only
    why: str = ""                 # what students do and why it is wrong
    source: str = ""              # where students write it: a URL, an issue, a lesson's section
    held_out: bool = False        # measures naming of mistakes the graders were not built from
    also: tuple[str, ...] = ()    # other tags that name the same mistake as truly (a family's name)
    was_held_out: int = 0         # the held-out round it was measured in before it joined the training part
    name: str = ""                # the case's name when several cases share a tag ("" = the tag)
    novel: bool = False           # held-out: a mistake of a kind the graders had no model for when it was written
    unnamed: str = ""             # a burnt case no family names yet: why (it must still lose points; once it is
                                  # named, the mark must go -- selftest fails a marked case that is named)

    @property
    def tags(self) -> tuple[str, ...]:
        return (self.tag, *self.also)

    @property
    def case(self) -> str:
        return self.name or self.tag


@dataclass(frozen=True)
class Valid:
    """A correct way of writing the spec that differs from the reference: it must get full marks."""
    name: str
    edits: Edits
    why: str = ""


def load(week: Week) -> tuple[list[Mistake], list[Valid]]:
    """The week's catalogue: its training mistakes (``MISTAKES``), then its held-out ones
    (``HELD_OUT``, marked ``held_out=True``), and ``VALID``; empty lists when it has none."""
    module = load_module(week)
    if module is None:
        return [], []
    held = [replace(m, held_out=True) for m in getattr(module, "HELD_OUT", [])]
    return list(getattr(module, "MISTAKES", [])) + held, list(getattr(module, "VALID", []))


def load_module(week: Week) -> ModuleType | None:
    if not (week.grader_dir / "catalogue.py").exists():
        return None
    return grader_module(week, "catalogue")


def load_round(catalogue_file: str, name: str) -> ModuleType:
    """A held-out round kept in its own file beside a week's catalogue (``heldout_round4.py``), loaded by
    path: the round stays byte for byte as it was written."""
    here = Path(catalogue_file)
    return load_trusted(here.with_name(name), f"_graders_{here.parent.name}_{Path(name).stem}")


def burn(cases: list[Mistake], round_: int, also: dict[str, tuple[str, ...]], unnamed: dict[str, str],
         training: list[Mistake]) -> list[Mistake]:
    """A held-out round's cases as training cases (docs/graders.md, "The held-out part"): ``was_held_out`` set,
    the names of ``also`` added, the ones no family names yet marked ``unnamed`` with the reason, and a case
    whose name a ``training`` case already has renamed ``<name>-round<N>``."""
    unknown = (set(also) | set(unnamed)) - {m.case for m in cases}
    if unknown:
        raise ValueError(f"round {round_}: no such cases {sorted(unknown)}")
    taken = {m.case for m in training}
    return [replace(m, held_out=False, was_held_out=round_, also=m.also + also.get(m.case, ()),
                    unnamed=unnamed.get(m.case, ""), name=f"{m.case}-round{round_}" if m.case in taken else m.name)
            for m in cases]


def grader_module(week: Week, name: str) -> ModuleType:
    """A module of the week's grader folder, loaded by path under a week-specific name (the graders import
    each other by bare name; a catalogue is loaded from outside that folder)."""
    return load_trusted(week.grader_dir / f"{name}.py", f"_graders_{week.name}_{name}")


def apply_edits(source: str, edits: list[tuple[str, str]], where: str) -> str:
    for old, new in edits:
        count = source.count(old)
        if count != 1:
            raise ValueError(f"{where}: the snippet {old[:60]!r} occurs {count} times in the solution "
                             "(it must occur exactly once; update the catalogue)")
        source = source.replace(old, new)
    return source


def digest(mistake: Mistake) -> str:
    """A short, stable digest of a case's code (its edits): what freezes a held-out case."""
    return hashlib.sha256(repr(sorted(mistake.edits.items())).encode()).hexdigest()[:16]


def code_key(source: str) -> str:
    """A module's code with comments, blank lines and layout dropped: two edits that differ only there write the
    same program."""
    skip = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
    return " ".join(tok.string for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                    if tok.type not in skip)


def held_out_repeats(week: Week, mistakes: list[Mistake]) -> dict[str, str]:
    """Held-out case -> the training case whose edited modules are the same code (``code_key``). A held-out case
    measures naming what the graders were never shown; one that repeats a training case's code does not (round 10's
    writer, shown the older held-out rounds but not the catalogues, wrote 33 such; docs/graders.md, "Round 10")."""
    solutions = {module: (week.solution_dir / f"{module}.py").read_text() for module in week.modules}

    def key(m: Mistake) -> tuple[str, ...]:
        return tuple(code_key(apply_edits(solutions[module], m.edits[module], m.case)) if module in m.edits else ""
                     for module in week.modules)
    training: dict[tuple[str, ...], str] = {}
    for m in mistakes:
        if not m.held_out:
            training.setdefault(key(m), m.case)
    return {m.case: training[key(m)] for m in mistakes if m.held_out and key(m) in training}


def split_repeats(cases: list[Mistake], round_: int, also: dict[str, tuple[str, ...]], repeats: dict[str, str],
                  training: list[Mistake]) -> tuple[list[Mistake], list[Mistake]]:
    """A held-out round at insertion: (its ``repeats`` -- a training case's code, ``held_out_repeats`` -- as training
    cases of ``round_`` at once, each named also by its training twin's names: the same code is named by the same
    words, and the writer may have tagged it with a synonym; the other cases, held out, with ``also`` added)."""
    twins = {m.case: m for m in training}
    named = {case: tuple(dict.fromkeys(also.get(case, ()) + twins[twin].tags)) for case, twin in repeats.items()}
    return (burn([m for m in cases if m.case in repeats], round_, named, {}, training),
            [replace(m, also=m.also + also.get(m.case, ())) for m in cases if m.case not in repeats])


def solution_region(week: Week, module: str, function: str) -> str:
    """The exact text of ``function``'s solution region in the week's reference ``module``: a function's name,
    or ``Class.method`` for a method (the regions' owners as ``stubgen.solution_regions`` names them)."""
    text = (week.solution_dir / f"{module}.py").read_text()
    lines = text.splitlines(keepends=True)
    found = [(begin, end) for begin, end, _, task in solution_regions(text) if task == function]
    if len(found) != 1:
        raise ValueError(f"{module}.py: {len(found)} solution regions belong to {function!r} (expected one)")
    begin, end = found[0]
    return "".join(lines[begin:end - 1])


def body_of(function) -> str:
    """The body of a module-level function, indented as a solution region (4 spaces).

    Lets a grader-side helper (a sound heuristic the graders also run) double as a
    catalogue case without being written twice."""
    lines = textwrap.dedent(inspect.getsource(function)).splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.rstrip().endswith(":") and not line.startswith("@"))
    body = textwrap.dedent("".join(lines[first + 1:]))
    if body.lstrip().startswith(('"""', "'''")):          # drop the docstring: the stub keeps its own
        quote = body.lstrip()[:3]
        rest = body.lstrip()[3:]
        body = rest[rest.index(quote) + 3:].lstrip("\n")
    return textwrap.indent(body, "    ")
