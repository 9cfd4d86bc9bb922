"""Code similarity across a week's class: the pairs of submissions whose code is suspiciously alike.

What is compared is the *structure* of the students' modules, with everything a copier changes
cheaply taken out:

1. **Normalise.** Each module is parsed with :func:`ast.parse` (never imported or run) and written
   out as a sequence of tokens, one per syntax node in source order: comments, formatting,
   parentheses and quotes are gone (the tree has none); docstrings and other bare strings are
   dropped; every name the student binds (variables, parameters, functions, classes, attributes
   of ``self``) becomes ``V``; string literals become ``$``. What a student cannot rename without
   changing the program stays: builtins (``zip``), library attributes (``np.sqrt``), keywords,
   operators and numbers.
2. **Cut into units.** Every function or method is its own unit, and so is the rest of each class
   and of the module; k-grams never cross a unit boundary, so reordering functions, methods or
   classes changes nothing.
3. **Fingerprint** (winnowing, the method of MOSS: Schleimer, Wilkerson and Aiken, "Winnowing:
   local algorithms for document fingerprinting", SIGMOD 2003): every ``K`` consecutive tokens are
   hashed, and in every window of ``WINDOW`` consecutive hashes the smallest is kept. Any run of
   ``K + WINDOW - 1`` identical tokens in two hands is guaranteed to give them a common
   fingerprint; a dead statement or a local edit only breaks the k-grams that overlap it.
4. **Subtract what is not evidence.** Fingerprints of the released stubs
   (``student_template/<week>/<module>.py``: class scaffolding, signatures, ``__init__`` bodies) are
   removed from every hand, as MOSS's ``-b`` base file does. A fingerprint found in more than
   ``max_share`` hands is common knowledge (the one way everybody writes ``p -= lr * g``) and is
   ignored, as MOSS's ``-m`` (default 10) does; this also bounds the work.
5. **Score pairs through an index** (fingerprint -> hands holding it), so the cost grows with the
   matches, not with the number of pairs: each fingerprint adds at most ``max_share`` choose 2
   pairs. A pair's score is the Dice coefficient ``2 |A & B| / (|A| + |B|)``, where ``A & B`` is
   what the two hands share that is neither scaffold nor common, and ``|A|`` counts every
   fingerprint of hand A but the scaffold's -- common ones too: they are A's code, and a hand made
   mostly of what everybody writes must not score high on one rare line it shares by chance. 1 is
   the same code, 0 nothing in common; the shared fraction of each hand (``|A & B| / |A|``) is
   reported beside it. In a large class common code lowers every score: the ranking is what to read.

For the pairs shown, the matching regions are found again on the full token sequences (every
k-gram, not only the fingerprints): maximal runs of identical tokens, longest first, non-overlapping
(greedy string tiling, as JPlag does: Prechelt, Malpohl and Philippsen, J. UCS 8(11), 2002), mapped
back to the lines of the two sources.

What it cannot see (say so when you use it): code rewritten by hand or by an LLM so that its
structure changes (a loop turned into a comprehension, ``x ** 0.5`` for ``np.sqrt(x)``, statements
reordered everywhere); logic copied but re-expressed; a module that does not parse (listed, not
compared); the notebook's answers; copies of sources outside this class (earlier years, the web)
unless they are added as hands; a group of more than ``max_share`` students sharing one source
(their common code is taken for common knowledge). A high score is a reason to read two hands, not
a verdict: short, formulaic weeks make honest hands alike.

Student code is hostile input: it is only parsed, in this process, after the size checks of
``engine/submissions.py`` (which finds and reads the hands), with a smaller cap on what is parsed
(:data:`MAX_PARSED`) and on the tokens kept (:data:`MAX_TOKENS`); a parse that fails for any
reason (syntax, nesting too deep, memory) makes that module "not compared", never an exception.
"""
from __future__ import annotations

import ast
import builtins
import csv
import functools
import hashlib
import io
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Callable, Iterable

from autograder.engine.results import write_atomic
from autograder.engine.submissions import discover, load
from autograder.feedback.html import esc
from autograder.feedback.report import _table
from autograder.safetext import csv_cell
from autograder.weeks import Week

# Tokens per k-gram and k-grams per winnowing window. One statement is 8-15 tokens here
# (``p -= self.lr * g`` is 9), so a k-gram spans about one statement, and any shared run of
# K + WINDOW - 1 = 15 tokens -- a statement and a half -- is guaranteed a fingerprint.
# Measured on the honest and planted hands of tests/fixtures/similarity (docs/instructors.md).
K = 10
WINDOW = 6
MAX_SHARE = 10           # MOSS's -m default: a passage in more than 10 hands is common knowledge
MAX_PARSED = 100_000     # characters per module: the longest reference module is 18 kB, docstrings and all
MAX_TOKENS = 20_000      # per hand: the largest reference hand is 1,002 tokens (week 4); bounds a hostile file
TOP = 20                 # pairs shown in the report (every pair goes to similarity.csv)
MAX_REGIONS = 12         # regions shown per pair, longest first
MAX_REGION_LINES = 40    # lines shown per region and side
MAX_LINE = 160           # characters shown per line

_BUILTINS = frozenset(dir(builtins))


@dataclass
class Unit:
    """One function, method, or the rest of a class or module: its tokens and the line of each."""
    module: str
    texts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def add(self, text: str, line: int) -> None:
        self.texts.append(text)
        self.lines.append(line)


def _is_bare_string(node: ast.AST) -> bool:
    """A docstring, or a string used as a comment: no behaviour, so no evidence."""
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and \
        isinstance(node.value.value, (str, bytes))


def _instance_name(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The name a method calls its instance (``self``), whose attributes are the student's to name."""
    args = fn.args.posonlyargs + fn.args.args
    return args[0].arg if args else None


_NAME = "\0"     # a placeholder token: a name, resolved once every binding in the module is known
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def units_of(source: str, module: str) -> list[Unit]:
    """The normalised token units of one module (raises SyntaxError, ValueError, RecursionError, MemoryError)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # invalid escapes and the like: not ours to report
        tree = ast.parse(source, filename=f"{module}.py")
    units: list[Unit] = []
    bound: set[str] = set()                     # names the module binds: the student's to choose
    names: list[tuple[Unit, int, str]] = []     # where each name token stands

    def walk(root: ast.AST, unit: Unit, instance: str | None) -> None:
        """Serialise ``root`` into ``unit`` (iteratively: a deep expression must not exhaust the stack)."""
        add_text, add_line = unit.texts.append, unit.lines.append
        stack: list[tuple[ast.AST | str, int]] = [(root, getattr(root, "lineno", 1))]
        while stack:
            node, line = stack.pop()
            if type(node) is str:
                add_text(node)
                add_line(line)
                continue
            kind = type(node)
            line = getattr(node, "lineno", line)
            if kind is ast.Name:
                if type(node.ctx) is not ast.Load:
                    bound.add(node.id)
                names.append((unit, len(unit.texts), node.id))
                add_text(_NAME)
                add_line(line)
                continue
            if kind is ast.Constant:
                add_text("$" if isinstance(node.value, (str, bytes)) else f"#{node.value!r}")
                add_line(line)
                continue
            if kind is ast.Expr and _is_bare_string(node):
                continue
            if kind in _DEFINITIONS:
                bound.add(node.name)
                if node is not root:              # a nested definition is a unit of its own
                    if kind is ast.ClassDef:
                        class_units(node)
                    else:
                        function_unit(node, instance)
                    continue
            elif kind is ast.arg:
                bound.add(node.arg)
            elif kind is ast.alias:
                bound.add((node.asname or node.name).split(".")[0])
                add_text(f"import {node.name}")
                add_line(line)
                continue
            elif kind is ast.Global or kind is ast.Nonlocal:
                bound.update(node.names)
            elif kind is ast.ExceptHandler and node.name:
                bound.add(node.name)
            if kind is ast.Attribute:
                own = type(node.value) is ast.Name and node.value.id == instance
                add_text("Attribute")
                children = [(node.value, line), (".V" if own else f".{node.attr}", line)]
            elif kind is ast.keyword:
                add_text(f"kw={node.arg}" if node.arg else "kw**")
                children = [(node.value, line)]
            else:
                add_text(kind.__name__)
                children = []
                for name in kind._fields:
                    value = getattr(node, name, None)
                    if isinstance(value, list):
                        children.extend((v, line) for v in value if isinstance(v, ast.AST))
                    elif isinstance(value, ast.AST) and not isinstance(value, ast.expr_context):
                        children.append((value, line))
            add_line(line)
            stack.extend(reversed(children))

    def function_unit(fn: ast.FunctionDef | ast.AsyncFunctionDef, instance: str | None) -> None:
        unit = Unit(module)
        walk(fn, unit, instance)
        units.append(unit)

    def class_units(cls: ast.ClassDef) -> None:
        bound.add(cls.name)
        rest = Unit(module)
        rest.add("ClassDef", cls.lineno)
        for base in cls.bases:
            walk(base, rest, None)
        for stmt in cls.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                bound.add(stmt.name)
                function_unit(stmt, _instance_name(stmt))
            elif isinstance(stmt, ast.ClassDef):
                class_units(stmt)
            else:
                walk(stmt, rest, None)
        units.append(rest)

    rest_of_module = Unit(module)
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef):
            class_units(stmt)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            bound.add(stmt.name)
            function_unit(stmt, None)
        else:
            walk(stmt, rest_of_module, None)
    units.append(rest_of_module)
    for unit, at, name in names:               # builtins stay (``zip``), unless the module rebinds them
        unit.texts[at] = name if name in _BUILTINS and name not in bound else "V"
    return [u for u in units if u.texts]


# --- fingerprints -----------------------------------------------------------------------------
@functools.lru_cache(maxsize=1 << 16)      # bounded: a hostile file's endless distinct numbers must not grow it
def _token_id(text: str) -> int:
    """A stable number per token text (str hashes change between runs; scores must not)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def kgrams(unit: Unit) -> list[int]:
    """The hash of every K consecutive tokens (a tuple of ints hashes the same in every run)."""
    ids = [_token_id(t) for t in unit.texts]
    return [hash(tuple(ids[i:i + K])) for i in range(len(ids) - K + 1)]


def winnow(hashes: list[int]) -> set[int]:
    """Robust winnowing: the rightmost smallest hash of every WINDOW consecutive hashes."""
    if len(hashes) <= WINDOW:
        return {min(hashes)} if hashes else set()
    picked: set[int] = set()
    last = -1
    for start in range(len(hashes) - WINDOW + 1):
        window = hashes[start:start + WINDOW]
        low = min(window)
        at = start + WINDOW - 1 - window[::-1].index(low)
        if at != last:
            picked.add(low)
            last = at
    return picked


@dataclass
class Hand:
    """One submission as the comparison sees it."""
    name: str
    units: list[Unit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)      # modules not compared, and why

    @classmethod
    def read(cls, name: str, sources: dict[str, str]) -> "Hand":
        hand = cls(name)
        tokens = 0
        for module, source in sorted(sources.items()):
            if len(source) > MAX_PARSED:
                hand.notes.append(f"{module}.py is {len(source)} characters, over the {MAX_PARSED} compared")
                continue
            try:
                units = units_of(source, module)
            except SyntaxError as exc:
                hand.notes.append(f"{module}.py does not parse (line {exc.lineno}: {exc.msg})")
                continue
            except (ValueError, RecursionError, MemoryError) as exc:
                hand.notes.append(f"{module}.py cannot be compared ({type(exc).__name__})")
                continue
            for unit in units:
                room = MAX_TOKENS - tokens
                if len(unit.texts) > room:
                    hand.units.append(Unit(unit.module, unit.texts[:room], unit.lines[:room]))
                    hand.notes.append(f"only the first {MAX_TOKENS} tokens were compared")
                    return hand
                tokens += len(unit.texts)
                hand.units.append(unit)
        return hand

    def all_kgrams(self) -> set[int]:
        return {h for unit in self.units for h in kgrams(unit)}

    def fingerprints(self, scaffold: frozenset[int]) -> set[int]:
        return {h for unit in self.units for h in winnow(kgrams(unit))} - scaffold


def scaffold_of(week: Week) -> tuple[frozenset[int], list[str]]:
    """Every k-gram of the released stubs (what every student was given), and what could not be read."""
    sources, notes = {}, []
    for module in week.modules:
        path = week.template_dir / f"{module}.py"
        try:
            sources[module] = path.read_text(encoding="utf-8")
        except OSError as exc:
            notes.append(f"the released stub {path} cannot be read ({exc.strerror}): nothing was subtracted for it")
    stub = Hand.read("(released stub)", sources)
    return frozenset(stub.all_kgrams()), notes + [f"released stub: {n}" for n in stub.notes]


# --- the class ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    shared: int          # fingerprints the two hands share that are neither scaffold nor common
    size_a: int          # fingerprints of each hand that are not scaffold (common ones count: they are
    size_b: int          # the hand's code, and a hand of mostly common code must not score high on a rare line)

    @property
    def score(self) -> float:
        """Dice coefficient of the two fingerprint sets: 1 = the same code, 0 = nothing in common."""
        return 2 * self.shared / (self.size_a + self.size_b) if self.size_a + self.size_b else 0.0

    @property
    def shared_a(self) -> float:
        return self.shared / self.size_a if self.size_a else 0.0

    @property
    def shared_b(self) -> float:
        return self.shared / self.size_b if self.size_b else 0.0


@dataclass
class Similarity:
    """The pairs of one class, ranked, and what was left out."""
    week: str
    pairs: list[Pair]
    hands: int                                  # hands compared
    notes: dict[str, list[str]]                 # hand -> modules not compared, and why
    scaffold_notes: list[str]
    common: frozenset[int]                      # fingerprints in more than max_share hands
    scaffold: frozenset[int]
    max_share: int
    sources_of: Callable[[str], dict[str, str]]  # to read a hand again for the side-by-side view


def compare(week: Week, hands: Iterable[tuple[str, dict[str, str]]],
            sources_of: Callable[[str], dict[str, str]], *, max_share: int = MAX_SHARE) -> Similarity:
    """Rank every pair of ``hands`` (name, module -> source) that shares fingerprints.

    ``hands`` is consumed once and may be a generator: only each hand's fingerprints are kept.
    """
    scaffold, scaffold_notes = scaffold_of(week)
    names: list[str] = []
    index: dict[int, list[int]] = defaultdict(list)      # fingerprint -> hands holding it, in order
    sizes: list[int] = []
    notes: dict[str, list[str]] = {}
    for name, sources in hands:
        hand = Hand.read(name, sources)
        if hand.notes:
            notes[name] = hand.notes
        prints = hand.fingerprints(scaffold)
        for fp in prints:
            index[fp].append(len(names))
        names.append(name)
        sizes.append(len(prints))
    common = frozenset(fp for fp, holders in index.items() if len(holders) > max_share)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for fp, holders in index.items():
        if 1 < len(holders) <= max_share:
            for a, b in combinations(holders, 2):
                shared[a, b] += 1
    pairs = [Pair(names[a], names[b], n, sizes[a], sizes[b]) for (a, b), n in shared.items()]
    pairs.sort(key=lambda p: (-p.score, -p.shared, p.a, p.b))
    return Similarity(week.name, pairs, len(names), notes, scaffold_notes, common, scaffold, max_share, sources_of)


def compare_folders(week: Week, paths: list[Path], *, max_share: int = MAX_SHARE) -> Similarity:
    """Every submission under ``paths``, found and read by ``engine/submissions.py`` (with its limits)."""
    where = {loc.name: loc for loc in discover(week, paths)}
    unread: dict[str, list[str]] = {}

    def hands():
        for name, loc in where.items():
            sub = load(week, loc)
            unread[name] = [problem for file, problem in sorted(sub.problems.items()) if not file.endswith(".ipynb")]
            yield name, sub.sources

    sim = compare(week, hands(), lambda name: load(week, where[name]).sources, max_share=max_share)
    for name, problems in unread.items():
        if problems:
            sim.notes[name] = problems + sim.notes.get(name, [])
    return sim


# --- the matching regions of one pair ----------------------------------------------------------------
MAX_OCCURRENCES = 8      # places per k-gram looked at in the other hand (repeated code must not go quadratic)
MAX_STEPS = 500_000      # k-gram comparisons per pair: the planted pairs of the tests take at most 1,500


@dataclass(frozen=True)
class Region:
    """Lines of hand A and of hand B that hold the same normalised code."""
    module_a: str
    lines_a: tuple[int, int]
    module_b: str
    lines_b: tuple[int, int]


def regions(sim: Similarity, a: str, b: str) -> list[Region]:
    """The matching regions of hands ``a`` and ``b``, longest first, none overlapping another.

    Greedy string tiling on the k-gram sequences: every maximal run of equal k-grams is a candidate;
    a run counts as evidence only if it holds one of the fingerprints the two hands share that is
    neither scaffold nor common (shorter or common runs are what everybody writes).
    """
    hand_a, hand_b = Hand.read(a, sim.sources_of(a)), Hand.read(b, sim.sources_of(b))
    evidence = hand_a.fingerprints(sim.scaffold) & hand_b.fingerprints(sim.scaffold) - sim.common
    grams_a = [kgrams(u) for u in hand_a.units]
    grams_b = [kgrams(u) for u in hand_b.units]
    places: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for v, grams in enumerate(grams_b):
        for j, h in enumerate(grams):
            if h not in sim.scaffold and len(places[h]) < MAX_OCCURRENCES:
                places[h].append((v, j))
    runs = []
    steps = 0
    for u, ga in enumerate(grams_a):
        for i, h in enumerate(ga):
            for v, j in places.get(h, ()):
                gb = grams_b[v]
                if i and j and ga[i - 1] == gb[j - 1] and ga[i - 1] not in sim.scaffold:
                    continue                  # inside a run that starts earlier
                n = 1
                while i + n < len(ga) and j + n < len(gb) and ga[i + n] == gb[j + n] \
                        and ga[i + n] not in sim.scaffold and steps < MAX_STEPS:
                    n += 1
                    steps += 1
                if evidence.intersection(ga[i:i + n]):
                    runs.append((n, u, i, v, j))
    taken_a: set[tuple[int, int]] = set()
    taken_b: set[tuple[int, int]] = set()
    found = []
    for n, u, i, v, j in sorted(runs, key=lambda r: (-r[0], r[1], r[2], r[3], r[4])):
        span_a = {(u, t) for t in range(i, i + n + K - 1)}
        span_b = {(v, t) for t in range(j, j + n + K - 1)}
        if span_a & taken_a or span_b & taken_b:
            continue
        taken_a |= span_a
        taken_b |= span_b
        unit_a, unit_b = hand_a.units[u], hand_b.units[v]
        lines_a, lines_b = unit_a.lines[i:i + n + K - 1], unit_b.lines[j:j + n + K - 1]
        found.append(Region(unit_a.module, (min(lines_a), max(lines_a)),
                            unit_b.module, (min(lines_b), max(lines_b))))
    return found


# --- output -----------------------------------------------------------------------------------------
def write_csv(sim: Similarity, path: Path) -> Path:
    """similarity.csv: every pair that shares fingerprints, ranked (names made spreadsheet-safe)."""
    buf = io.StringIO(newline="")
    out = csv.writer(buf)
    out.writerow(["rank", "submission_a", "submission_b", "score", "shared_of_a", "shared_of_b",
                  "shared_fingerprints", "fingerprints_a", "fingerprints_b"])
    for rank, p in enumerate(sim.pairs, 1):
        out.writerow([rank, csv_cell(p.a), csv_cell(p.b), f"{p.score:.3f}", f"{p.shared_a:.3f}", f"{p.shared_b:.3f}",
                      p.shared, p.size_a, p.size_b])
    write_atomic(path, buf.getvalue())        # whole or not at all (REDTEAM.md, R7-4)
    return path


def _lines(source: str, module: str, span: tuple[int, int], context: int = 1) -> str:
    """Lines ``span`` of a source with ``context`` lines around them, numbered; the span marked."""
    lines = source.splitlines()
    first, last = span
    shown_last = min(last, first + MAX_REGION_LINES - 1)
    rows = []
    for number in range(max(1, first - context), min(len(lines), shown_last + context) + 1):
        text = lines[number - 1]
        text = text if len(text) <= MAX_LINE else text[:MAX_LINE] + " …"
        cls = "hit" if first <= number <= shown_last else "ctx"
        rows.append(f'<div class="{cls}">{number:>4}  {esc(text)}</div>')
    if shown_last < last:
        rows.append(f'<div class="ctx">      … {last - shown_last} more matching lines</div>')
    where = f"{module}.py, line {first}" if first == last else f"{module}.py, lines {first}–{last}"
    return f'<span class="sub">{esc(where)}</span><div class="code">{"".join(rows)}</div>'


def _side_by_side(sim: Similarity, rank: int, pair: Pair) -> str:
    found = regions(sim, pair.a, pair.b)
    source_a, source_b = sim.sources_of(pair.a), sim.sources_of(pair.b)
    rows = [[str(n), _lines(source_a.get(r.module_a, ""), r.module_a, r.lines_a),
             _lines(source_b.get(r.module_b, ""), r.module_b, r.lines_b)]
            for n, r in enumerate(found[:MAX_REGIONS], 1)]
    more = (f'<p class="muted">{len(found) - MAX_REGIONS} shorter matching regions are not shown.</p>'
            if len(found) > MAX_REGIONS else "")
    table = (_table(f"Matching regions of {pair.a} and {pair.b}", ["#", pair.a, pair.b], rows, {0}, cls="sbs")
             if rows else
             '<p class="muted">No region is long enough to show (the shared fingerprints are scattered).</p>')
    return (f'<details class="card pair" id="similar-{rank}"{" open" if rank == 1 else ""}>'
            f'<summary><strong>#{rank}</strong> {esc(pair.a)} &harr; {esc(pair.b)}: score {pair.score:.2f} '
            f'({pair.shared_a:.0%} of {esc(pair.a)}, {pair.shared_b:.0%} of {esc(pair.b)})</summary>'
            f'<p class="muted">Each row is one stretch of code that is the same in both hands once names, '
            f'comments and formatting are set aside; the marked lines match, the grey ones are context. '
            f'Read them side by side before drawing any conclusion.</p>{table}{more}</details>')


def section(sim: Similarity, top: int = TOP) -> str:
    """The "Similar code" section of the class report (every string escaped)."""
    n = len(sim.pairs)
    out = ['<h2 id="similar-code">Similar code</h2>',
           f'<p class="muted">{sim.hands} hands compared; {n} pair{"" if n == 1 else "s"} '
           f'share{"s" if n == 1 else ""} code that is neither the released stub nor written by more than '
           f'{sim.max_share} students. The score is the share of the two hands\' code (the stub taken out) that '
           'they have in common and few others have: 1 = the same code after renaming, reordering and '
           'reformatting; 0 = nothing in common. What many students wrote alike lowers every score in a large '
           'class: read the ranking. A high score is a reason to read the two hands, not a verdict: honest '
           'solutions of a short week look alike. It cannot see code that was rewritten, only renamed and '
           'reshuffled, nor the notebook\'s answers (docs/instructors.md, "Similar code").</p>']
    shown = sim.pairs[:top]
    if shown:
        rows = [[f'<a href="#similar-{n}">{n}</a>', esc(p.a), esc(p.b),
                 f'{p.score:.2f}', f'{p.shared_a:.0%}', f'{p.shared_b:.0%}',
                 str(p.shared)] for n, p in enumerate(shown, 1)]
        out.append(_table("Most similar pairs", ["#", "Hand A", "Hand B", "Score", "Shared of A", "Shared of B",
                                                 "Fingerprints shared"], rows, {0, 3, 4, 5, 6}))
        if len(sim.pairs) > top:
            out.append(f'<p class="muted">The {top} highest of {len(sim.pairs)} pairs; similarity.csv lists '
                       'them all.</p>')
        out.extend(_side_by_side(sim, n, p) for n, p in enumerate(shown, 1))
    else:
        out.append('<p class="muted">No two hands share code beyond the released stub and what many students '
                   'wrote alike.</p>')
    skipped = sim.scaffold_notes + [f"{name}: {note}" for name, notes in sorted(sim.notes.items())
                                    for note in notes]
    if skipped:
        out.append('<h3 class="section">Not compared</h3><ul>'
                   + "".join(f"<li>{esc(line)}</li>" for line in skipped) + "</ul>")
    return "\n".join(out)
