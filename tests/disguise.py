"""What a student does to hide a copied module: rename, reorder, reformat, change comments, add dead code.

Each step works on the source text the way an editor (or a copier) would, and the result must still
parse; ``disguise`` applies them all. Used by tests/test_similarity.py and benchmarks/bench_similarity.py.
"""
from __future__ import annotations

import ast
import io
import keyword
import re
import tokenize

# names a copier cannot change without breaking the graded interface, or that are Python's / NumPy's
KEEP = {"self", "np", "numpy", "math", "super", "cls"}


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


def _replace(source: str, edits: list[tuple[tuple[int, int], tuple[int, int], str]]) -> str:
    """Apply (start, end, text) edits given as (row, col) positions, last first."""
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    text = source
    for (r0, c0), (r1, c1), new in sorted(edits, reverse=True):
        a, b = offsets[r0 - 1] + c0, offsets[r1 - 1] + c1
        text = text[:a] + new + text[b:]
    return text


def rename(source: str, api: set[str]) -> str:
    """Every local variable, helper and own attribute gets a new name; the graded names in ``api`` stay."""
    tree = ast.parse(source)
    chosen: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            chosen.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name not in api:
            chosen.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and \
                isinstance(node.value, ast.Name) and node.value.id == "self":
            chosen.add(node.attr)
        elif isinstance(node, ast.comprehension):
            chosen.update(n.id for n in ast.walk(node.target) if isinstance(n, ast.Name))
    chosen -= api | KEEP
    new = {name: f"{name.strip('_')}_{i}x" for i, name in enumerate(sorted(chosen))}
    edits = []
    toks = _tokens(source)
    depth = 0
    for i, tok in enumerate(toks):
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        if tok.type != tokenize.NAME or tok.string not in new or keyword.iskeyword(tok.string):
            continue
        after = toks[i + 1].string if i + 1 < len(toks) else ""
        if depth and after == "=":          # a keyword argument: the callee's name, not ours
            continue
        before = toks[i - 1].string if i else ""
        if before == "." and toks[i - 2].string != "self":   # an attribute of something else (np.x, p.shape)
            continue
        edits.append((tok.start, tok.end, new[tok.string]))
    return _replace(source, edits)


def reorder(source: str) -> str:
    """Top-level functions and classes in reverse order, and the methods of each class too."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)

    def span(node: ast.stmt) -> tuple[int, int]:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        return first - 1, node.end_lineno

    def reordered(body: list[ast.stmt], indent_body: bool) -> tuple[int, int, str] | None:
        defs = [n for n in body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
        if len(defs) < 2:
            return None
        start, end = span(defs[0])[0], span(defs[-1])[1]
        order = _bases_first(list(reversed(defs)))
        chunks = []
        for node in order:
            a, b = span(node)
            text = "".join(lines[a:b])
            if isinstance(node, ast.ClassDef) and not indent_body:
                inner = reordered(node.body, True)
                if inner:
                    ia, ib, itext = inner
                    text = "".join(lines[a:ia]) + itext + "".join(lines[ib:b])
            chunks.append(text.rstrip("\n") + "\n")
        return start, end, "\n\n".join(chunks) if not indent_body else "\n".join(chunks)

    top = reordered(tree.body, False)
    if top is None:
        return source
    a, b, text = top
    # what stood between the definitions (other statements) is kept after them
    between = [n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.ClassDef))
               and a < n.lineno <= b]
    rest = "".join("".join(lines[n.lineno - 1:n.end_lineno]) for n in between)
    return "".join(lines[:a]) + text + ("\n" + rest if rest else "") + "".join(lines[b:])


def _bases_first(defs: list[ast.stmt]) -> list[ast.stmt]:
    """The order given, except that a class comes after the classes it inherits from (or it would not import)."""
    out: list[ast.stmt] = []
    waiting = list(defs)
    while waiting:
        placed = {n.name for n in out}
        later = {n.name for n in waiting}
        ready = next(n for n in waiting if not isinstance(n, ast.ClassDef)
                     or not ({b.id for b in n.bases if isinstance(b, ast.Name)} & (later - placed - {n.name})))
        waiting.remove(ready)
        out.append(ready)
    return out


def reformat(source: str) -> str:
    """Two-space indents, parenthesised right-hand sides, one parameter per line, other spacing."""
    out = []
    for line in source.splitlines():
        stripped = line.lstrip(" ")
        indent = " " * ((len(line) - len(stripped)) // 2)
        m = re.match(r"def (\w+)\(([^()]*)\):$", stripped)
        if m and "," in m.group(2):
            params = [p.strip() for p in m.group(2).split(",")]
            out.append(f"{indent}def {m.group(1)}(")
            out.extend(f"{indent}    {p}," for p in params)
            out.append(f"{indent}):")
            continue
        m = re.match(r"([A-Za-z_][\w.\[\], ]*?) = (.+)$", stripped)
        if m and _balanced(m.group(2)) and not m.group(2).rstrip().endswith(("\\", ",")) \
                and "#" not in m.group(2):
            stripped = f"{m.group(1)}=({m.group(2)})"
        out.append(indent + stripped)
    return "\n".join(out) + "\n"


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if depth < 0:
            return False
    return depth == 0 and text.count('"') % 2 == 0 and text.count("'") % 2 == 0


def recomment(source: str) -> str:
    """Every comment removed, every docstring rewritten, and a new comment above every function."""
    lines = source.splitlines(keepends=True)

    def char_col(row: int, byte_col: int) -> int:          # ast counts UTF-8 bytes, edits count characters
        return len(lines[row - 1].encode("utf-8")[:byte_col].decode("utf-8"))

    edits = [(tok.start, tok.end, "") for tok in _tokens(source) if tok.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body or not isinstance(node, (ast.Module, ast.ClassDef,
                                                                          ast.FunctionDef)):
            continue
        first = body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and \
                isinstance(first.value.value, str):
            doc = first.value
            edits.append(((doc.lineno, char_col(doc.lineno, doc.col_offset)),
                          (doc.end_lineno, char_col(doc.end_lineno, doc.end_col_offset)),
                          '"""In my own words: this does what the assignment asks."""'))
        elif isinstance(node, ast.FunctionDef) and first.lineno > node.lineno:   # a docstring where none was
            at = (first.lineno, char_col(first.lineno, first.col_offset))
            edits.append((at, at, f'"""Documented, as we were told to."""\n{" " * at[1]}'))
    text = _replace(source, edits)
    return re.sub(r"^([ \t]*)def (\w+)", r"\1# my own version of \2, written from scratch\n\1def \2", text,
                  flags=re.M)


def add_dead_code(source: str) -> str:
    """One unused statement at the start of the first two functions with a body of several lines."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    targets = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and len(n.body) > 1][:2]
    for fn in sorted(targets, key=lambda n: -n.body[-1].lineno):
        first = fn.body[1] if isinstance(fn.body[0], ast.Expr) else fn.body[0]   # after a docstring
        indent = " " * first.col_offset
        lines.insert(first.lineno - 1, f"{indent}unused_counter = 0\n")
    return "".join(lines)


def disguise(source: str, api: set[str]) -> str:
    """All of the above, in the order a copier would do them; the result parses."""
    text = add_dead_code(recomment(reformat(reorder(rename(source, api)))))
    ast.parse(text)
    return text
