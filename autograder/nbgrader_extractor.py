"""The zip_collect extractor plugin: nbgrader's, with every student's upload unpacked within bounds.

nbgrader's ``ExtractorPlugin`` unpacks each archive of ``downloaded/<week>/archive/`` and then every archive
found inside, until none is left, with no bound on entries or bytes: one student's upload of a few kB (a
file of zeros, thousands of entries, archives inside archives) filled the instructor's disk and held the
whole class's collection (REDTEAM.md, R5-5). This plugin (``ZipCollectApp.extractor_plugin`` in
``nbgrader_config.py``) keeps nbgrader's layout -- an archive is unpacked into a folder named after it,
beside it, which the collector (:mod:`autograder.nbgrader_collector`) reads as the upload that owns the
files -- and:

- reads an archive of the archive folder as the LMS's download, with at most ``MAX_DOWNLOAD_ENTRIES``
  entries, each file in it -- one student's upload -- at most ``MAX_UPLOAD_BYTES``;
- unpacks each archive inside the download -- a student's upload -- with at most ``MAX_UPLOAD_ENTRIES``
  entries and ``MAX_UPLOAD_BYTES`` unpacked, counted as the bytes come out (an archive's own sizes may lie);
- leaves an archive inside an upload packed, with a warning naming both (it is not collected; if it holds
  the week's files, unpack it by hand);
- never writes outside the upload's folder, nor a link, nor folders more than ``MAX_DEPTH`` deep.

An upload over a bound is removed whole and named in an error; everyone else is collected; then the command
exits 1 naming each one (an upload left unread is a hand-in not collected).

Imported only by nbgrader (it needs nbgrader installed).
"""
from __future__ import annotations

import os
import shutil
import stat
import tarfile
import zipfile
from pathlib import PurePosixPath

from nbgrader.plugins import ExtractorPlugin

from autograder.engine.submissions import MAX_ZIP_MEMBERS, _zip_directory
from autograder.safetext import CleanLog

MAX_UPLOAD_ENTRIES = MAX_ZIP_MEMBERS  # a hand-in is ~10 files; `autograder grade` reads at most 500 of a zip too
MAX_UPLOAD_BYTES = 50_000_000         # unpacked: a week's files and its figures are a few MB
MAX_DOWNLOAD_ENTRIES = 100_000        # the LMS's bulk download: hundreds of students, a handful of files each
# folders in folders: a hand-in is two or three deep; nbgrader walks extracted/ with os.walk, which recurses
# (Python < 3.12): one entry 1,200 folders deep stopped the whole class's collection with a RecursionError
MAX_DEPTH = 100
ARCHIVES = (".zip", ".tar.gz", ".tgz", ".tar")
CHUNK = 1 << 20


class Refused(Exception):
    """An archive this extractor does not unpack: why, in words."""


def _archive_stem(name: str) -> str | None:
    """The folder an archive named ``name`` is unpacked into (nbgrader's: the name without its extension),
    or None for a file that is not an archive."""
    lower = name.lower()
    for ext in ARCHIVES:
        if lower.endswith(ext) and len(name) > len(ext):
            return name[:-len(ext)]
    return None


def _safe_parts(name: str) -> tuple[str, ...]:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":"):
        raise Refused(f"entry {name[:100]!r} points outside the archive")
    parts = tuple(p for p in path.parts if p not in ("", "."))
    if len(parts) > MAX_DEPTH:
        raise Refused(f"entry {name[:100]!r}... is in folders more than {MAX_DEPTH} deep")
    return parts


def _members(archive_path: str, max_entries: int, upload: bool):
    """(name, is_dir, file object or None) of each entry, links and special files left out; raises Refused
    past ``max_entries`` (counted before zipfile parses a directory: see submissions._zip_directory), and for a
    tar ``upload`` past the bytes its members declare. An entry refused on its own (encrypted, too large) comes
    as (name, False, Refused): in the download that entry is one student's upload, refused alone."""
    if archive_path.lower().endswith(".zip"):
        with open(archive_path, "rb") as fh:
            fh.seek(max(0, os.fstat(fh.fileno()).st_size - 65_536 - 22))
            tail = fh.read()
        count, directory = _zip_directory(tail) if tail else (0, 0)
        if count > max_entries or directory > max_entries * 1024:
            raise Refused(f"it has more than {max_entries:,} entries")
        with zipfile.ZipFile(archive_path) as zf:
            if len(zf.infolist()) > max_entries:           # the end record's count may lie
                raise Refused(f"it has more than {max_entries:,} entries")
            for info in zf.infolist():
                if stat.S_IFMT(info.external_attr >> 16) not in (0, stat.S_IFREG, stat.S_IFDIR):
                    continue                       # a link or a device: never made (0: no Unix type given)
                if info.flag_bits & 0x1:
                    yield info.filename, False, Refused(f"entry {info.filename[:100]!r} is encrypted")
                    continue
                with zf.open(info) as member:
                    yield info.filename, info.is_dir(), member
        return
    try:
        with tarfile.open(archive_path, "r|*") as tf:  # a stream: what is skipped is read (and counted) too
            declared = 0
            for n, info in enumerate(tf, start=1):
                if n > max_entries:
                    raise Refused(f"it has more than {max_entries:,} entries")
                # a member passed over is still read through (a stream): its declared size bounds that work
                declared += info.size if upload else 0
                if info.size > MAX_UPLOAD_BYTES or declared > MAX_UPLOAD_BYTES:
                    too_big = Refused(f"it unpacks to more than {MAX_UPLOAD_BYTES:,} bytes (at {info.name[:100]!r})")
                    if upload:
                        raise too_big
                    yield info.name, False, too_big
                elif info.isreg():
                    yield info.name, False, tf.extractfile(info)
                elif info.isdir():
                    yield info.name, True, None
    except tarfile.TarError as exc:
        raise Refused(f"it is not a zip or tar archive that can be read ({exc})") from None


def _place(dest: str, name: str, is_dir: bool, member) -> str | None:
    """Where the entry ``name`` goes below ``dest``, its folders made; None for a folder (made). Raises Refused
    for an entry refused on its own (see _members) or named outside ``dest``."""
    if isinstance(member, Refused):
        raise member
    parts = _safe_parts(name)
    target = os.path.join(dest, *parts)
    if is_dir or not parts:
        os.makedirs(target, exist_ok=True)
        return None
    os.makedirs(os.path.dirname(target), exist_ok=True)
    return target


class BoundedExtractor(ExtractorPlugin):

    def extract(self, archive_path: str, extracted_path: str) -> None:
        self.refused: list[str] = []
        # from here on zip_collect's messages name the files in students' uploads (its own "Parsing file: ..."
        # too): an escape sequence in a name must not drive the instructor's terminal (as R5-11 for collect)
        if not any(isinstance(f, CleanLog) for f in self.log.filters):
            self.log.addFilter(CleanLog())
        if not os.listdir(archive_path):
            self.log.warning("No files found in directory: %s", archive_path)
            return
        for root, _, files in os.walk(archive_path):
            extract_to = os.path.normpath(os.path.join(extracted_path, os.path.relpath(root, archive_path)))
            os.makedirs(extract_to, exist_ok=True)
            for name in sorted(files):
                stem = _archive_stem(name)
                if stem is None:
                    self.log.info("Copying %s to %s", os.path.join(root, name), extract_to)
                    shutil.copy(os.path.join(root, name), os.path.join(extract_to, name))
                else:
                    self._unpack(os.path.join(root, name), os.path.join(extract_to, stem), name, upload=False)
        if self.refused:
            self._fail_after_collecting()

    def _unpack(self, archive: str, dest: str, label: str, *, upload: bool) -> None:
        """Unpack ``archive`` into ``dest``: a student's upload within its bounds, whole or not at all; or the
        download, where every file is one upload (with the whole budget) and every archive one unpacked in
        turn beside it."""
        self.log.info("Extracting %s to %s", archive, dest)
        try:
            budget = [MAX_UPLOAD_BYTES]
            for name, is_dir, member in _members(archive, MAX_UPLOAD_ENTRIES if upload else MAX_DOWNLOAD_ENTRIES,
                                              upload):
                if not upload:                  # whatever is wrong with one upload refuses it alone
                    self._one_upload(name, is_dir, member, dest, label)
                    continue
                target = _place(dest, name, is_dir, member)
                if target is None:
                    continue
                shown = os.path.relpath(target, dest)
                if _archive_stem(os.path.basename(target)) is not None:
                    self.log.warning("Left packed: %s inside the upload %s (an archive in an upload is not "
                                     "unpacked: unpack it by hand if it holds the week's files)", shown, label)
                self._write(member, target, budget, shown)
        except Exception as exc:  # noqa: BLE001 -- whatever an archive does is its upload's problem, said
            shutil.rmtree(dest, ignore_errors=True)         # nothing of it is collected
            self._refuse(label, exc)

    def _one_upload(self, name: str, is_dir: bool, member, dest: str, download: str) -> None:
        """An entry of the download (unpacked into ``dest``): a student's plain file, or their archive, unpacked
        beside it. A problem with it (its name, its size, its bytes) refuses that upload alone."""
        label, target = f"{download}/{name[:200]}", None
        try:
            target = _place(dest, name, is_dir, member)
            if target is None:
                return
            self._write(member, target, [MAX_UPLOAD_BYTES], label)
        except Exception as exc:  # noqa: BLE001 -- whatever an archive does is its upload's problem, said
            if target is not None and os.path.isfile(target):
                os.remove(target)
            self._refuse(label, exc)
            return
        inner = _archive_stem(os.path.basename(target))
        if inner is not None:
            self._unpack(target, os.path.join(os.path.dirname(target), inner), label, upload=True)
            os.remove(target)

    def _refuse(self, label: str, exc: Exception) -> None:
        why = exc if isinstance(exc, Refused) else f"it cannot be unpacked ({type(exc).__name__}: {exc})"
        self.log.error("Not collected: the upload %s: %s", label, why)
        self.refused.append(f"{label} ({why})")

    @staticmethod
    def _write(member, target: str, budget: list[int], name: str) -> None:
        """Copy ``member`` to ``target``, counting its bytes against ``budget`` as they come out."""
        with open(target, "wb") as out:
            while chunk := member.read(CHUNK):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise Refused(f"it unpacks to more than {MAX_UPLOAD_BYTES:,} bytes (at {name[:100]!r})")
                out.write(chunk)

    def _fail_after_collecting(self) -> None:
        """Collect everyone else first, then exit 1 naming each upload not collected."""
        app = self.parent
        collect = app.process_extracted_files

        def then_fail():
            collect()
            app.fail("zip_collect: not collected (the rest of the class is): %s", "; ".join(self.refused))
        app.process_extracted_files = then_fail
