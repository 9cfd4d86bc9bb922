"""Finding submissions and reading them safely.

A PATH given to ``autograder grade`` is one of:

- a ``.zip`` of one submission (read in memory, with limits checked before
  anything is unpacked: at most 500 entries -- read from the archive's end
  record, before its directory is parsed --, no absolute paths or ``..``, no
  links, no encryption, 20 MB unpacked, 5 MB per file);
- nbgrader's ``submitted/`` root: every ``submitted/<student>/<WEEK>/`` is one
  submission named after the student;
- one student's ``submitted/<student>/<WEEK>`` folder: named after the student;
- any other folder that holds at least one of the week's files: one submission
  named after the folder.

A hand-in folder of more than 10,000 entries is not read (each of the week's
files is reported as not graded, saying why): listing millions of names held
the runner for minutes, outside every limit.

A PATH that does not exist, or holds no submission, is an error
(:class:`DiscoveryError`, naming each such PATH): nothing is graded for it.
Names are made safe (letters, digits, ``_.@+-``; no leading punctuation),
unique (case-insensitively) against every other name of the run and the
runner's own files in the output folder (``grades.csv`` ...): ``bob`` twice
gives ``bob`` and ``bob-2``, unless a real ``bob-2`` exists, then ``bob-3``.

Reading never follows a symbolic link anywhere in a submission (its folder,
the student's folder, any file) and never fails: every problem becomes a
message in the submission's ``problems`` (naming the file and what is wrong),
and the grader reports it. The parent only reads files; student code runs in
the sandbox, which receives the sources as text.

Finding and reading are two steps so that memory does not grow with the class:
:func:`discover` returns a small :class:`Locator` per submission (where it is),
and a grading worker reads each one (:func:`load`) only when its turn comes,
keeping of the notebook only the answers (read without running anything, once).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.answers import read_answers
from autograder.kit.handin import MAX_NOTEBOOK, near_miss
from autograder.safetext import clean
from autograder.weeks import Week

MAX_SOURCE = 1_000_000        # a week's module is ~10 kB; 1 MB leaves room and bounds a hostile one
MAX_LISTED = 500              # names of other files looked at for a renamed module (a zip has at most 500)
# lists and dicts in a notebook's JSON ('{' and '[' bytes, strings only overcount): a week's notebook has
# ~100 cells of ~10 each, figures are base64 strings; 200,000 bounds what json.loads builds (a 20 MB file
# of empty cells made 6.7 million dicts: 35 s and 525 MB in a grading worker)
MAX_NOTEBOOK_OBJECTS = 200_000
MAX_ZIP_BYTES = 50_000_000    # an LMS download of one hand-in (figures included) is a few MB
MAX_ZIP_MEMBERS = 500
MAX_ZIP_DIRECTORY = MAX_ZIP_MEMBERS * 1024   # bytes of central directory: 46-byte records + names of < 1 kB
MAX_ZIP_TOTAL = 20_000_000
MAX_ZIP_RATIO = 200           # text compresses ~5-10x; 200x is a zip bomb
MAX_PROBLEM = 500             # characters of one problem message (they quote file names)
# entries of one hand-in folder: a week's hand-in is ~10 files (a student's other work beside them, a few
# hundred); 10,000 is far past any honest one and bounds the listing (a folder of 200,000 empty files held the
# runner ~10 s and ~90 MB before grading began; millions, minutes and gigabytes)
MAX_FOLDER_ENTRIES = 10_000
MAX_CLASS = 100_000           # entries of a folder of students' folders (nbgrader's submitted/): a class
# what the runner and `autograder report` write into the output folder: no submission may take these names
RESERVED_NAMES = frozenset({"grades.csv", "report.html", "lms.csv", "regrade-diff.csv", "regrade.txt",
                            "similarity.csv"})


class DiscoveryError(ValueError):
    """PATHs that hold no submission (each named with why): nothing was graded for them."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Submission:
    name: str
    origin: str                                   # where it came from, for messages
    sources: dict[str, str] = field(default_factory=dict)   # module -> source text
    answers: dict | None = None                   # the notebook's answers (answers.read_answers), if readable
    problems: dict[str, str] = field(default_factory=dict)  # file -> what is wrong
    missing: list[str] = field(default_factory=list)
    # files grading looks for and did not find (kit/handin's kinds: module-missing, module-renamed,
    # notebook-missing, notebook-renamed), each {"kind", "expected", "found"}: the hand-in, not the work
    handin: list[dict] = field(default_factory=list)
    key: str = ""                                 # the Locator's key, recorded in results.json

    @property
    def empty(self) -> bool:
        return not self.sources and self.answers is None

    def problem(self, label: str, message: str) -> None:
        self.problems[clean(label, 120, single_line=True)] = clean(message, MAX_PROBLEM, single_line=True)


def safe_name(text: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_.@+-]+", "_", text)
    name = re.sub(r"^[^A-Za-z0-9]+", "", name).rstrip("._-") or "submission"
    return name[:100]


def _decode(raw: bytes, label: str, sub: Submission) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        sub.problem(label, f"{label} is not UTF-8 text (byte {exc.start}); save it as UTF-8")
        return None


def _read_notebook(raw: bytes, label: str, sub: Submission) -> None:
    if raw.count(b"{") + raw.count(b"[") > MAX_NOTEBOOK_OBJECTS:     # before json builds them all
        sub.problem(label, f"{label} holds far more cells and objects than a notebook of this course "
                           f"(over {MAX_NOTEBOOK_OBJECTS}); hand in the notebook you worked in")
        return
    text = _decode(raw, label, sub)
    if text is None:
        return
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError, MemoryError) as exc:   # ValueError: bad JSON, or an int of 5,000 digits
        line = getattr(exc, "lineno", "?")
        sub.problem(label, f"{label} is not valid notebook JSON (line {line}); re-download it from Jupyter")
        return
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        sub.problem(label, f"{label} is not a Jupyter notebook (no list of cells)")
        return
    sub.answers = read_answers(nb)


def _not_found(week: Week, sub: Submission, expected: str, present: list[str]) -> None:
    """``expected`` is not in the hand-in: say so, naming the file that is most likely it under another
    name (``optimizers_fritz.py``, ``optimizer.py``, ``Week2 (1).ipynb``), never one of the release's
    given files."""
    given = {f"{g}.py" for g in week.given} | set(week.data)
    wanted = set(week.handin_files)
    others = [n for n in present if n not in given and n not in wanted
              and n.endswith(".ipynb") == expected.endswith(".ipynb")]
    found = near_miss(expected, others)
    kind = ("notebook" if expected.endswith(".ipynb") else "module") + ("-renamed" if found else "-missing")
    sub.handin.append({"kind": kind, "expected": expected, "found": clean(found, 120, single_line=True) if found else None})
    if found:
        sub.problem(expected, f"{expected} is missing; found {found} instead. Grading reads {expected} only: "
                              f"rename the file to {expected} and hand it in again")
    else:
        sub.problem(expected, f"{expected} is missing from the hand-in")


def _collect(week: Week, sub: Submission, files: dict[str, bytes | str], present: list[str]) -> Submission:
    """files: relative name -> bytes, or -> a problem message for that file; present: every file name in
    the hand-in (to name the file that is there instead of a missing one)."""
    present = sorted(present)[:MAX_LISTED]
    for module in week.modules:
        entry = files.get(f"{module}.py")
        if entry is None:
            sub.missing.append(module)
            if not sub.problems.get(f"{module}.py"):
                _not_found(week, sub, f"{module}.py", present)
        elif isinstance(entry, str):
            sub.problem(f"{module}.py", entry)
            sub.missing.append(module)
        else:
            text = _decode(entry, f"{module}.py", sub)
            if text is None:
                sub.missing.append(module)
            else:
                sub.sources[module] = text
    entry = files.get(week.notebook)
    if isinstance(entry, str):
        sub.problem(week.notebook, entry)
    elif entry is not None:
        _read_notebook(entry, week.notebook, sub)
    else:
        _not_found(week, sub, week.notebook, present)
    if sub.empty and set(sub.problems) == {f["expected"] for f in sub.handin} and \
            all(f["found"] is None for f in sub.handin):        # nothing of the week at all: one message
        sub.problems.clear()
        sub.problem("(submission)", f"{sub.origin} holds none of the week's files "
                                    f"({', '.join(m + '.py' for m in week.modules)}, {week.notebook})")
    return sub


def _open_folder(path: Path) -> int:
    """A descriptor of the folder itself, refusing a symbolic link at its last component."""
    return os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)


def _read_in(folder_fd: int, name: str, limit: int) -> bytes | str:
    """The bytes of regular file ``name`` in the folder (never through a link), or a problem message."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder_fd)
    except OSError as exc:
        if exc.errno == 40:    # ELOOP: the name is a symbolic link
            return f"{name} is a symbolic link; submit the file itself"
        return f"{name} cannot be read ({exc.strerror})"
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            return f"{name} is not a regular file"
        if info.st_size > limit:
            return f"{name} is {info.st_size} bytes, over the {limit}-byte limit"
        try:
            return fh.read(limit + 1)[:limit]
        except OSError as exc:
            return f"{name} cannot be read ({exc.strerror})"


def _names_in(folder_fd: int, limit: int) -> set[str] | None:
    """The names in the folder, or None when it holds more than ``limit`` (read no further)."""
    names = set()
    with os.scandir(folder_fd) as entries:
        for entry in entries:
            if len(names) == limit:
                return None
            names.add(entry.name)
    return names


def _too_many(folder: Path | str) -> str:
    return (f"{folder} holds more than {MAX_FOLDER_ENTRIES:,} files and folders: nothing in it was graded. "
            "Hand in the week's folder as released (its modules and notebook), without generated files")


def from_folder(week: Week, folder: Path, name: str | None = None) -> Submission:
    sub = Submission(name=safe_name(name or folder.name), origin=str(folder))
    try:
        folder_fd = _open_folder(folder)
    except OSError as exc:
        why = "is a symbolic link; give the real folder" if exc.errno == 40 else f"cannot be read ({exc.strerror})"
        sub.problem(folder.name, f"{folder} {why}")
        return sub
    files: dict[str, bytes | str] = {}
    try:
        present = _names_in(folder_fd, MAX_FOLDER_ENTRIES)
        if present is None:         # every file of the week is reported with why it was not read
            return _collect(week, sub, {f: _too_many(folder) for f in week.handin_files}, [])
        for wanted in week.handin_files:
            if wanted in present:
                files[wanted] = _read_in(folder_fd, wanted, MAX_NOTEBOOK if wanted.endswith(".ipynb") else MAX_SOURCE)
    finally:
        os.close(folder_fd)
    return _collect(week, sub, files, list(present))


def _zip_directory(raw: bytes) -> tuple[int, int]:
    """(entries, bytes of central directory) an archive's end record announces (zip64 too), read before
    anything is parsed: ``zipfile`` builds an object for every record in the announced directory bytes,
    whatever the announced count, so both are bounded before it runs. The end record is found the way
    ``zipfile`` finds it (at the very end, else the last one in the final 64 kB), so both read the same one."""
    if len(raw) >= 22 and raw[-22:-18] == b"PK\x05\x06" and raw[-2:] == b"\x00\x00":
        at = len(raw) - 22
    else:
        at = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_536 - 22))
    if at < 0 or len(raw) - at < 22:
        raise zipfile.BadZipFile("it has no zip end record (not a zip file, or cut short)")
    count, size = struct.unpack_from("<HI", raw, at + 10)
    if at >= 20 and raw[at - 20:at - 16] == b"PK\x06\x07":     # zip64: its record ends where the locator starts
        record = at - 20 - 56
        if record < 0 or raw[record:record + 4] != b"PK\x06\x06":
            raise zipfile.BadZipFile("its zip64 end record is missing")
        count, size = struct.unpack_from("<QQ", raw, record + 32)
    return count, size


def from_zip(week: Week, archive: Path, name: str | None = None) -> Submission:
    sub = Submission(name=safe_name(name or archive.stem), origin=str(archive))
    wanted = set(week.handin_files)
    files: dict[str, bytes | str] = {}
    present: list[str] = []
    try:
        parent_fd = _open_folder(archive.parent)
        try:
            raw = _read_in(parent_fd, archive.name, MAX_ZIP_BYTES)
        finally:
            os.close(parent_fd)
        if isinstance(raw, str):
            raise zipfile.BadZipFile(raw)
        count, directory = _zip_directory(raw)
        if count > MAX_ZIP_MEMBERS or directory > MAX_ZIP_DIRECTORY:
            raise zipfile.BadZipFile(f"it has more than {MAX_ZIP_MEMBERS} entries")
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            members = zf.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise zipfile.BadZipFile(f"it has {len(members)} entries (limit {MAX_ZIP_MEMBERS})")
            total = 0
            # the shallowest copy wins when a file is there twice (e.g. a folder and __MACOSX)
            for info in sorted(members, key=lambda m: (m.filename.count("/"), m.filename)):
                path = PurePosixPath(info.filename.replace("\\", "/"))
                if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", info.filename):
                    raise zipfile.BadZipFile(f"entry {info.filename[:100]!r} points outside the archive")
                if stat.S_ISLNK(info.external_attr >> 16):
                    if path.name in wanted:
                        files[path.name] = f"{path.name} is a symbolic link inside the zip; zip the file itself"
                    continue
                if not info.is_dir():
                    present.append(path.name)
                if info.is_dir() or path.name not in wanted or path.name in files:
                    continue
                if info.flag_bits & 0x1:
                    files[path.name] = f"{path.name} is encrypted in the zip; zip it without a password"
                    continue
                total += info.file_size
                limit = MAX_NOTEBOOK if path.name.endswith(".ipynb") else MAX_SOURCE
                if info.file_size > limit or total > MAX_ZIP_TOTAL or \
                        info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1) + 10_000:
                    files[path.name] = f"{path.name} unpacks to {info.file_size} bytes, over the limits"
                    continue
                with zf.open(info) as fh:
                    files[path.name] = fh.read(limit + 1)[:limit]
    except Exception as exc:  # noqa: BLE001 -- whatever the archive does (bad CRC, encryption, a bug in
        # zipfile on a crafted file), it is this submission's problem, said in words, never a crash
        sub.problem(archive.name, f"{archive.name} cannot be used: {exc}")
        return sub
    return _collect(week, sub, files, present)


@dataclass(frozen=True)
class Locator:
    """Where one submission is: a few hundred bytes, however large its files."""
    name: str
    kind: str           # "folder", "zip" or "invalid" (then ``problem`` says why)
    path: str
    problem: str = ""
    key: str = ""       # what the grading depended on (content_key + the graders'): kept in results.json


def content_key(week: Week, where: Locator) -> str:
    """A digest of exactly what grading reads of this submission (the week's files, or the archive, or the
    problem, and the names of the folder's files): the same hand-in gives the same key, any changed byte
    another."""
    digest = hashlib.sha256(f"{where.kind}\0".encode())
    if where.kind == "folder":
        try:
            folder_fd = _open_folder(Path(where.path))
        except OSError as exc:
            digest.update(f"unreadable {exc.errno}".encode())
            return digest.hexdigest()
        try:
            present = _names_in(folder_fd, MAX_FOLDER_ENTRIES)
            if present is None:
                digest.update(b"too many entries")
                return digest.hexdigest()
            # the names too: a missing file's message names the file found instead
            digest.update("\0".join(sorted(present)[:MAX_LISTED]).encode("utf-8", "surrogateescape") + b"\0\0")
            for wanted in week.handin_files:
                digest.update(wanted.encode() + b"\0")
                if wanted in present:
                    got = _read_in(folder_fd, wanted, MAX_NOTEBOOK if wanted.endswith(".ipynb") else MAX_SOURCE)
                    digest.update(got if isinstance(got, bytes) else f"problem: {got}".encode())
                digest.update(b"\0")
        finally:
            os.close(folder_fd)
    elif where.kind == "zip":
        try:
            parent_fd = _open_folder(Path(where.path).parent)
            try:
                got = _read_in(parent_fd, Path(where.path).name, MAX_ZIP_BYTES)
            finally:
                os.close(parent_fd)
        except OSError as exc:
            got = f"unreadable {exc.errno}"
        digest.update(got if isinstance(got, bytes) else f"problem: {got}".encode())
    else:
        digest.update(where.problem.encode("utf-8", "replace"))
    return digest.hexdigest()


def load(week: Week, where: Locator) -> Submission:
    """Read one submission; never raises for a problem with its files (see ``problems``)."""
    path = Path(where.path)
    if where.kind == "folder":
        sub = from_folder(week, path, name=where.name)
    elif where.kind == "zip":
        sub = from_zip(week, path, name=where.name)
    else:
        sub = Submission(where.name, where.path)
        sub.problem(path.name, where.problem)
    # the name discover/own_names chose, unique in the run and the results folder, is final: made safe again it
    # could change (a long id's ``-2`` cut off at 100 characters), and the result would go into a classmate's
    # folder (REDTEAM.md, R9-1)
    sub.name = where.name
    sub.key = where.key
    return sub


def _holds_week_files(folder: Path, week: Week) -> bool:
    """A file (or a link: reported as one) of the week's names in ``folder`` -- never a folder: a student's
    folder named ``optimizers.py`` in nbgrader's submitted/ made the whole class one hand-in (REDTEAM.md, R5-7)."""
    for name in week.handin_files:
        try:
            if not stat.S_ISDIR(os.lstat(folder / name).st_mode):
                return True
        except OSError:
            pass
    return False


def _find(week: Week, path: Path) -> tuple[list[tuple[str, str, str, str]], str | None]:
    """The submissions under one PATH as (name, kind, path, problem), or a reason why there are none."""
    if path.is_symlink():
        return [(path.name, "invalid", str(path), f"{path} is a symbolic link; give the real folder")], None
    if not path.exists():
        return [], f"{path} does not exist"
    if path.is_file():
        if path.suffix.lower() == ".zip":
            return [(path.stem, "zip", str(path), "")], None
        return [], f"{path} is neither a folder nor a .zip file"
    if not path.is_dir():
        return [], f"{path} is neither a folder nor a .zip file"
    if path.name == week.name and path.parent.name:             # submitted/<student>/<WEEK>: the student
        return [(path.parent.name, "folder", str(path), "")], None
    if _holds_week_files(path, week):         # a hand-in: its other entries are never looked at (however many)
        return [(path.name, "folder", str(path), "")], None
    try:
        with os.scandir(path) as listing:
            entries = [entry.name for _, entry in zip(range(MAX_CLASS + 1), listing)]
    except OSError as exc:
        return [], f"{path} cannot be read ({exc.strerror})"
    if len(entries) > MAX_CLASS:
        return [], (f"{path} holds more than {MAX_CLASS:,} entries: neither one hand-in (none of the week's "
                    f"files) nor a class's folders")
    students = []
    for entry in sorted(path / name for name in entries):
        inner = entry / week.name
        if inner.is_symlink() or (entry.is_symlink() and inner.exists()):
            students.append((entry.name, "invalid", str(inner),
                             f"{entry.name}'s {week.name} folder is reached through a symbolic link; "
                             "it was not read"))
        elif inner.is_dir() and not entry.is_symlink():
            students.append((entry.name, "folder", str(inner), ""))
    if students:
        return students, None
    return [], (f"{path} holds no submission: none of the week's files "
                f"({', '.join(m + '.py' for m in week.modules)}, {week.notebook}) and no <student>/{week.name} folders")


def discover(week: Week, paths: list[Path]) -> list[Locator]:
    """Every submission under PATHs, with unique safe names, in a stable order (nothing is read yet).

    Raises :class:`DiscoveryError` naming every PATH that holds no submission."""
    found: list[tuple[str, str, str, str]] = []
    errors: list[str] = []
    for path in paths:
        subs, error = _find(week, Path(path))
        if error:
            errors.append(clean(error, 500, single_line=True))
        found.extend(subs)
    if errors:
        raise DiscoveryError(errors)
    # names: safe, then unique against every name of the run and the runner's own files, case-insensitively
    wanted = [safe_name(name) for name, *_ in found]
    taken = {n.casefold() for n in RESERVED_NAMES}
    claimed = {}
    for name in wanted:
        claimed[name.casefold()] = claimed.get(name.casefold(), 0) + 1
    out = []
    for name, (_, kind, where, problem) in zip(wanted, found):
        unique, n = name, 1
        while unique.casefold() in taken or (unique != name and unique.casefold() in claimed):
            n += 1
            unique = f"{name}-{n}"
        taken.add(unique.casefold())
        out.append(Locator(unique, kind, where, problem))
    return out
