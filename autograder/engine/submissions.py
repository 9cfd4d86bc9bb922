"""Finding submissions and reading them safely.

A PATH given to ``autograder grade`` is one of:

- a ``.zip`` of one submission (extracted in memory, with limits: no absolute
  paths or ``..``, no links, at most 500 members, 20 MB unpacked, 5 MB per file);
- nbgrader's ``submitted/`` root: every ``submitted/<student>/<WEEK>/`` is one
  submission named after the student;
- any other folder: one submission named after the folder.

Reading never follows a symbolic link and never fails: every problem becomes a
message in the submission's ``problems`` (naming the file and what is wrong),
and the grader reports it. The parent only reads files; student code runs in
the sandbox, which receives the sources as text.

Finding and reading are two steps so that memory does not grow with the class:
:func:`discover` returns a small :class:`Locator` per submission (where it is),
and a grading worker reads each one (:func:`load`) only when its turn comes,
keeping of the notebook only what grading reads (the cells' sources and
nbgrader metadata, never their outputs and figures).
"""
from __future__ import annotations

import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.weeks import Week

MAX_SOURCE = 1_000_000        # a week's module is ~10 kB; 1 MB leaves room and bounds a hostile one
MAX_NOTEBOOK = 20_000_000     # notebooks with embedded figures reach a few MB
MAX_ZIP_MEMBERS = 500
MAX_ZIP_TOTAL = 20_000_000
MAX_ZIP_RATIO = 200           # text compresses ~5-10x; 200x is a zip bomb


@dataclass
class Submission:
    name: str
    origin: str                                   # where it came from, for messages
    sources: dict[str, str] = field(default_factory=dict)   # module -> source text
    notebook: dict | None = None                  # parsed notebook JSON, if readable
    problems: dict[str, str] = field(default_factory=dict)  # file -> what is wrong
    missing: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.sources and self.notebook is None


def safe_name(text: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_.@+-]+", "_", text).strip("._") or "submission"
    return name[:100]


def _decode(raw: bytes, label: str, sub: Submission) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        sub.problems[label] = f"{label} is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        return None


def _read_notebook(raw: bytes, label: str, sub: Submission) -> None:
    text = _decode(raw, label, sub)
    if text is None:
        return
    try:
        nb = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", "?")
        sub.problems[label] = f"{label} is not valid notebook JSON (line {line}); re-download it from Jupyter"
        return
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        sub.problems[label] = f"{label} is not a Jupyter notebook (no list of cells)"
        return
    sub.notebook = answer_cells(nb)


def answer_cells(nb: dict) -> dict:
    """The part of a notebook grading reads: each cell's source and nbgrader metadata (no outputs).

    A notebook with figures is mostly outputs (a few MB); this keeps a few kB of it.
    """
    cells = []
    for cell in nb["cells"]:
        if isinstance(cell, dict):
            meta = cell.get("metadata")
            nbgrader = meta.get("nbgrader") if isinstance(meta, dict) else None
            cells.append({"cell_type": cell.get("cell_type"), "source": cell.get("source", ""),
                          "metadata": {"nbgrader": nbgrader} if nbgrader is not None else {}})
    return {"cells": cells}


def _collect(week: Week, sub: Submission, files: dict[str, bytes | str]) -> Submission:
    """files: relative name -> bytes, or -> a problem message for that file."""
    for module in week.modules:
        entry = files.get(f"{module}.py")
        if entry is None:
            sub.missing.append(module)
        elif isinstance(entry, str):
            sub.problems[f"{module}.py"] = entry
            sub.missing.append(module)
        else:
            text = _decode(entry, f"{module}.py", sub)
            if text is None:
                sub.missing.append(module)
            else:
                sub.sources[module] = text
    entry = files.get(week.notebook)
    if isinstance(entry, str):
        sub.problems[week.notebook] = entry
    elif entry is not None:
        _read_notebook(entry, week.notebook, sub)
    if sub.empty and not sub.problems:
        sub.problems["(submission)"] = (f"{sub.origin} holds none of the week's files "
                                        f"({', '.join(m + '.py' for m in week.modules)}, {week.notebook})")
    return sub


def _read_regular(path: Path, limit: int) -> bytes | str:
    try:
        info = path.lstat()
    except OSError as exc:
        return f"{path.name} cannot be read ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return f"{path.name} is a symbolic link; submit the file itself"
    if not stat.S_ISREG(info.st_mode):
        return f"{path.name} is not a regular file"
    if info.st_size > limit:
        return f"{path.name} is {info.st_size} bytes, over the {limit}-byte limit"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            return fh.read(limit + 1)[:limit]
    except OSError as exc:
        return f"{path.name} cannot be read ({exc.strerror})"


def from_folder(week: Week, folder: Path, name: str | None = None) -> Submission:
    sub = Submission(name=safe_name(name or folder.name), origin=str(folder))
    files: dict[str, bytes | str] = {}
    for wanted in [f"{m}.py" for m in week.modules] + [week.notebook]:
        path = folder / wanted
        if os.path.lexists(path):
            files[wanted] = _read_regular(path, MAX_NOTEBOOK if wanted.endswith(".ipynb") else MAX_SOURCE)
    return _collect(week, sub, files)


def from_zip(week: Week, archive: Path) -> Submission:
    sub = Submission(name=safe_name(archive.stem), origin=str(archive))
    wanted = {f"{m}.py" for m in week.modules} | {week.notebook}
    files: dict[str, bytes | str] = {}
    try:
        raw = _read_regular(archive, 50_000_000)
        if isinstance(raw, str):
            raise zipfile.BadZipFile(raw)
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            members = zf.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise zipfile.BadZipFile(f"it has {len(members)} entries (limit {MAX_ZIP_MEMBERS})")
            total = 0
            # the shallowest copy wins when a file is there twice (e.g. a folder and __MACOSX)
            for info in sorted(members, key=lambda m: (m.filename.count("/"), m.filename)):
                path = PurePosixPath(info.filename.replace("\\", "/"))
                if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", info.filename):
                    raise zipfile.BadZipFile(f"entry {info.filename!r} points outside the archive")
                if stat.S_ISLNK(info.external_attr >> 16):
                    if path.name in wanted:
                        files[path.name] = f"{path.name} is a symbolic link inside the zip; zip the file itself"
                    continue
                if info.is_dir() or path.name not in wanted or path.name in files:
                    continue
                total += info.file_size
                limit = MAX_NOTEBOOK if path.name.endswith(".ipynb") else MAX_SOURCE
                if info.file_size > limit or total > MAX_ZIP_TOTAL or \
                        info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1) + 10_000:
                    files[path.name] = f"{path.name} unpacks to {info.file_size} bytes, over the limits"
                    continue
                with zf.open(info) as fh:
                    files[path.name] = fh.read(limit + 1)[:limit]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError,
            ValueError) as exc:
        sub.problems[archive.name] = f"{archive.name} cannot be used: {exc}"
        return sub
    return _collect(week, sub, files)


@dataclass(frozen=True)
class Locator:
    """Where one submission is: a few hundred bytes, however large its files."""
    name: str
    kind: str           # "folder", "zip" or "invalid" (then ``problem`` says why)
    path: str
    problem: str = ""


def load(week: Week, where: Locator) -> Submission:
    """Read one submission; never raises for a problem with its files (see ``problems``)."""
    path = Path(where.path)
    if where.kind == "folder":
        return from_folder(week, path, name=where.name)
    if where.kind == "zip":
        sub = from_zip(week, path)
        sub.name = where.name
        return sub
    return Submission(where.name, where.path, problems={path.name: where.problem})


def discover(week: Week, paths: list[Path]) -> list[Locator]:
    """Every submission under PATHs, with unique names, in a stable order (nothing is read yet)."""
    found: list[Locator] = []
    for path in paths:
        if path.is_symlink():
            found.append(Locator(safe_name(path.name), "invalid", str(path),
                                 f"{path} is a symbolic link; give the real folder"))
        elif path.is_file() and path.suffix == ".zip":
            found.append(Locator(safe_name(path.stem), "zip", str(path)))
        elif path.is_dir():
            students = sorted(p for p in path.iterdir() if (p / week.name).is_dir() and not p.is_symlink())
            if students and not any((path / f"{m}.py").exists() for m in week.modules):
                found.extend(Locator(safe_name(s.name), "folder", str(s / week.name)) for s in students)
            else:
                found.append(Locator(safe_name(path.name), "folder", str(path)))
        else:
            found.append(Locator(safe_name(path.name), "invalid", str(path),
                                 f"{path} is neither a folder nor a .zip file"))
    seen: dict[str, int] = {}
    unique = []
    for where in found:
        base = where.name
        seen[base] = seen.get(base, 0) + 1
        unique.append(where if seen[base] == 1 else Locator(f"{base}-{seen[base]}", where.kind, where.path,
                                                            where.problem))
    return unique
