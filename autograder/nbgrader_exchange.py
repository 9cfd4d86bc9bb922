"""nbgrader's ``collect``, hardened: what a student left in the exchange is data, never trust.

nbgrader's exchange has an ``inbound`` folder every student can write (that is how ``nbgrader submit``
hands in). Its own collect copies a record with ``shutil.copytree`` -- which follows symbolic links, as the
instructor -- and takes the student id from the record's name, only *warning* when the folder belongs to
someone else. So a student could leave links to ``solutions/`` or to a classmate's submitted files (they
were collected as regular files: 100/100 for the reference's code), or a record named after a classmate
(collected as the classmate's submission, replacing their work).

:class:`SafeCollect` (set in ``nbgrader_config.py`` as ``ExchangeFactory.collect``) keeps nbgrader's
behaviour otherwise, and:

- considers only records that are real folders, and, where owners can be checked, owned by the student they
  name -- or by the collecting user (an instructor may submit for a student with ``--student``); any other
  record is skipped with a warning *before* the newest record of each student is chosen, so a forged
  record can neither replace nor hide the real one;
- copies without ever following a link: links, devices, sockets and fifos inside a record are left out
  with a warning; every entry is opened relative to its folder, without following a link, and judged by what
  was opened -- a record is its student's to change while collect runs, and a file checked and then copied by
  path could be swapped for a link in between;
- takes a record's time as no earlier than when it was really made: a student writes the record's name and
  its ``timestamp.txt`` (``nbgrader submit`` runs as the student), so a late hand-in could date itself before
  the due date. The kernel's ctime of the record's folder and files, which no user can set back, says when it
  was last changed; a claimed time more than ``SLACK`` before that is replaced by it, with a warning. The
  collected ``timestamp.txt`` (where the gradebook reads lateness) is always written with the record's time so
  checked, whatever the student's file said (an earlier time, or text that is no time: no time is never late).
  An exchange restored from a backup has every ctime at the restore: set
  ``SafeCollect.trust_record_times = True`` in ``nbgrader_config.py`` for that collect;
- leaves out a file or folder whose name is not text (undecodable bytes), with a warning, like a link;
- isolates a record it cannot take: a name that is not text or not nbgrader's
  ``student+assignment+time+random`` (nbgrader's own parsing stopped the whole collect), a file or folder
  the collecting user cannot read, more than ``MAX_ENTRIES`` entries, folders more than ``MAX_DEPTH`` deep,
  more bytes than ``max_dir_size``, or a copy that fails half-way. That record is named and left out (checked
  before each student's newest record is chosen, like the owner, so a collected hand-in is never deleted for
  it), a half-made copy is removed, everyone else is collected, and the command then fails (exit 1) naming
  every record left out.

The exchange's own folders are checked too, before ``collect``, ``release_assignment`` and ``release_feedback``
(:class:`SafeReleaseAssignment`, :class:`SafeReleaseFeedback`): nbgrader makes the exchange's root writable by
everyone without the sticky bit, so any student could rename the course's folder (the kernel asks only for write
access to the root) and put one of their own in its place -- classmates then fetch the student's release, submit
into the student's inbound (the student reads, changes and deletes their hand-ins; nbgrader makes each record
writable by everyone) and fetch the student's feedback (REDTEAM.md, R6-1). So the root must be writable by no one
else or sticky (collect makes it sticky if the instructor owns it), and the course's folder and its ``inbound``,
``outbound`` and ``feedback`` must be real folders of the instructor's (or root's; with ``groupshared`` of a group
the instructor is in), ``outbound`` and ``feedback`` writable by no one else; otherwise the command fails, naming
the folder. Every entry of a record must belong to the record's owner (or the instructor): an entry of anyone else
is a change made by someone else, and the record is left out.

Imported only by nbgrader (it needs nbgrader installed).
"""
from __future__ import annotations

import errno
import glob
import os
import shutil
import stat
from datetime import datetime, timedelta, timezone
from itertools import groupby

from nbgrader.exchange.abc.exchange import ExchangeError
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.release_assignment import ExchangeReleaseAssignment
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.utils import ignore_patterns
from traitlets import Bool

from autograder.safetext import clean

try:
    import pwd
except ImportError:                          # Windows: owners cannot be checked
    pwd = None


def _owner(info: os.stat_result) -> str | None:
    return _owner_of_uid(info.st_uid)


def _owner_of_uid(uid: int) -> str | None:
    try:
        return pwd.getpwuid(uid).pw_name if pwd is not None else None
    except KeyError:
        return f"uid {uid}"


# `nbgrader submit` stamps the time before it copies the files; the folder's ctime is that of its last file.
# A minute covers a large hand-in's copy; a forged time gains at most that
SLACK = timedelta(minutes=1)
MAX_ENTRIES = 10_000        # entries read for a record's ctime; a record with more counts as made now
MAX_DEPTH = 100             # folders in folders of one record: a hand-in is two or three deep


class _TooMuch(Exception):
    """A record past MAX_DEPTH folders deep (or, for its ctime, past MAX_ENTRIES entries)."""


def _walk(path: str, listing_failed=None):
    """(full path, name, lstat result or None) of every entry below ``path``, links not followed, one folder
    listed at a time, iteratively: os.walk recurses (Python < 3.12), and a record of 1,200 nested folders
    stopped collect for the class with a RecursionError (REDTEAM.md, R5-10). Raises _TooMuch past MAX_DEPTH;
    folders whose names are not text are not entered (the copy leaves them out)."""
    stack = [(path, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        info = os.lstat(entry.path)
                    except OSError:
                        info = None              # gone since it was listed
                    yield entry.path, entry.name, info
                    if info is not None and stat.S_ISDIR(info.st_mode) and _is_text(entry.name):
                        if depth == MAX_DEPTH:
                            raise _TooMuch()
                        stack.append((entry.path, depth + 1))
        except OSError as error:
            if listing_failed is not None:
                listing_failed(error)


def _made_at(path: str) -> datetime:
    """When the record at ``path`` was last changed (naive UTC, as nbgrader's times): the newest ctime of the
    folder and of everything in it, links not followed."""
    newest = os.lstat(path).st_ctime
    try:
        for seen, (_, _, info) in enumerate(_walk(path), start=1):
            if seen > MAX_ENTRIES:
                raise _TooMuch()
            newest = max(newest, info.st_ctime) if info is not None else newest
    except _TooMuch:                                 # refused by _unreadable anyway
        return datetime.now(timezone.utc).replace(tzinfo=None)
    return datetime.fromtimestamp(newest, timezone.utc).replace(tzinfo=None)


def _is_text(name: str) -> bool:
    """False for a name holding bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _shown(name: str) -> str:
    """A name (a student's: a record's, a file's) for the instructor's terminal: undecodable bytes and control
    characters as escapes (an ESC sequence in a record's name would drive the terminal; REDTEAM.md, R5-11)."""
    return clean(os.fsencode(name).decode("utf-8", "backslashreplace"), single_line=True)


def _not_the_instructors(path: str, groupshared: bool, others_may_write: bool = False) -> str | None:
    """Why the exchange's folder ``path`` may be someone else's (a student's put in place of the instructor's), or
    None; None too if it does not exist yet (nbgrader makes it, the instructor's)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return f"{_shown(path)} is not a folder (a link?)"
    me = os.geteuid()
    ours = info.st_uid in (me, 0) or (groupshared and info.st_gid in {os.getegid(), *os.getgroups()})
    if not ours:
        return f"{_shown(path)} belongs to {_owner(info)}, not to you"
    if info.st_mode & stat.S_IWOTH and not others_may_write:
        return f"{_shown(path)} is writable by everyone"
    return None


def check_exchange(exchange) -> None:
    """Fail (ExchangeError) unless the exchange's root and the course's folders are the instructor's (module
    docstring; R6-1). A root writable by others without the sticky bit is made sticky when it is ours."""
    if pwd is None:                          # Windows: no owners (nbgrader's exchange does not run there)
        return
    root, groupshared = exchange.root, exchange.coursedir.groupshared
    info = os.stat(root)
    if info.st_mode & (stat.S_IWOTH | stat.S_IWGRP) and not info.st_mode & stat.S_ISVTX:
        if info.st_uid != os.geteuid():
            exchange.fail(f"The exchange {_shown(root)} is writable by others without the sticky bit: any student "
                          f"could rename the course's folder and put their own in its place. As its owner, run "
                          f"`chmod +t {_shown(root)}` (docs/instructors.md)")
        os.chmod(root, stat.S_IMODE(info.st_mode) | stat.S_ISVTX)
        exchange.log.warning("The exchange %s was writable by others without the sticky bit: made sticky, so no "
                             "student can rename the course's folder", _shown(root))
    course = os.path.join(root, exchange.coursedir.course_id)
    for name in (None, "inbound", "outbound", "feedback"):     # only inbound is every student's to write in
        path = course if name is None else os.path.join(course, name)   # ("course/" would follow a link)
        why = _not_the_instructors(path, groupshared, others_may_write=name == "inbound")
        if why is not None:
            exchange.fail(f"The exchange is not the instructor's: {why}. A student may have replaced the course's "
                          f"folder; nothing was copied (REDTEAM.md, R6-1)")


class _CheckedExchange:
    """Checks the exchange's folders before any file is copied (check_exchange)."""

    def copy_files(self):
        check_exchange(self)
        super().copy_files()


class SafeReleaseAssignment(_CheckedExchange, ExchangeReleaseAssignment):
    """nbgrader's release_assignment, into an exchange that is the instructor's."""


class SafeReleaseFeedback(_CheckedExchange, ExchangeReleaseFeedback):
    """nbgrader's release_feedback, into an exchange that is the instructor's."""


def _unreadable(path: str, max_bytes: int) -> str | None:
    """Why the record at ``path`` cannot be copied as the collecting user, or None: an entry that cannot be
    read (or a folder that cannot be listed), more than MAX_ENTRIES entries, or more than ``max_bytes`` in its
    files. Links, special files and names that are not text are not read (the copy leaves them out). Checked
    before nbgrader's copy_files, which deletes a student's collected hand-in before copying a newer record."""
    seen, size, problem = 0, 0, []
    try:
        owners = {os.lstat(path).st_uid, os.geteuid()}  # the record's student, or the instructor handing in for them
    except OSError as error:
        return f"cannot read {_shown(path)}: {error.strerror}"

    def listing_failed(error: OSError):
        problem.append(f"cannot list {_shown(error.filename or path)}: {error.strerror}")

    if not os.access(path, os.R_OK | os.X_OK):
        return f"cannot list {_shown(path)}: permission denied"
    try:
        for full, name, info in _walk(path, listing_failed):
            if problem:
                return problem[0]
            if not _is_text(name):
                continue                         # the copy leaves out what is not text
            seen += 1
            if seen > MAX_ENTRIES:
                return f"more than {MAX_ENTRIES:,} entries"
            if info is None:                     # gone since it was listed: the record is being changed
                return f"cannot read {_shown(full)}: it changed while it was read"
            if info.st_uid not in owners:        # nbgrader submit leaves a record writable by everyone (R6-1)
                return f"{_shown(full)} belongs to {_owner(info)}, not to the record's owner: someone else changed it"
            need = os.R_OK | os.X_OK if stat.S_ISDIR(info.st_mode) else os.R_OK
            if (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)) and not os.access(full, need):
                return f"cannot read {_shown(full)}: permission denied"
            size += info.st_size if stat.S_ISREG(info.st_mode) else 0
            if size > max_bytes:
                return f"more than the {max_bytes} bytes of CourseDirectory.max_dir_size"
    except _TooMuch:
        return f"folders more than {MAX_DEPTH} deep"
    return problem[0] if problem else None


class SafeCollect(_CheckedExchange, ExchangeCollect):
    trust_record_times = Bool(False, help="Take each record's time as the student gave it (its name and "
                              "timestamp.txt), not as no earlier than its ctime: only for an exchange restored "
                              "from a backup, where every ctime is the restore's").tag(config=True)

    def _left_out(self, filename: str, why: str) -> None:
        why = _shown(why)                        # it may quote the record's name (a parser's message)
        self.log.error("Not collected: %s: %s", _shown(filename), why)
        self._not_collected = [*getattr(self, "_not_collected", []), f"{_shown(filename)} ({why})"]

    def _path_to_record(self, path):
        filename = os.path.basename(path)
        try:
            if not _is_text(filename):
                raise ValueError("its name is not text (undecodable bytes)")
            record = super()._path_to_record(path)
        except Exception as error:  # noqa: BLE001 -- ParserError (a ValueError), OverflowError, and dateutil's
            # DeprecatedTzKeyWarning (a FutureWarning it raises for the zone `..`): a name is the student's text
            # nbgrader's own init_src parses every record: an unreadable one is a group of its own, left out
            # by ours (a timestamp that sorts first, so nothing compares it with a real one)
            return {"username": None, "filename": filename, "timestamp": datetime.min, "unreadable": str(error)}
        if self.trust_record_times or record.get("timestamp") is None:
            return record
        try:
            made = _made_at(os.path.join(self.inbound_path, record["filename"]))
        except OSError:
            return record                # gone or unreadable: _acceptable refuses it
        if record["timestamp"] < made - SLACK:
            self.log.warning("%s claims to be handed in at %s but was made at %s (UTC): collected as made then",
                             _shown(record["filename"]), record["timestamp"], made)
            record["timestamp"] = made
        return record

    def _acceptable(self, path: str, username: str) -> bool:
        try:
            info = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISDIR(info.st_mode):
            self.log.warning("Not collected: %s is not a folder (a link?): records must be what `nbgrader submit` "
                             "makes", _shown(path))
            return False
        owner = _owner(info)
        collector = _owner_of_uid(os.geteuid())      # the user running collect
        if self.check_owner and owner is not None and owner not in (username, collector):
            self.log.warning("Not collected: %s is named for %s but belongs to %s", _shown(path), _shown(username),
                             owner)
            return False
        why = _unreadable(path, 1000 * self.coursedir.max_dir_size)
        if why is not None:
            self._left_out(os.path.basename(path), why)
            return False
        return True

    def copy_files(self):
        # the owner is checked (and a mismatch refused) in init_src; nbgrader's copy_files would stat each record
        # again for its warning, catching only KeyError: a record its student deleted since raised
        # FileNotFoundError there, and nobody after them was collected. Here a record gone fails in do_copy alone.
        check_owner, self.check_owner = self.check_owner, False
        try:
            super().copy_files()
        finally:
            self.check_owner = check_owner
        if getattr(self, "_not_collected", None):     # everyone else is collected; the command says it failed
            message = ("Not collected (left in the exchange; the rest of the class is collected): "
                       + "; ".join(self._not_collected))
            self.log.error(message)                    # CollectApp shows only "nbgrader collect failed"
            raise ExchangeError(message)

    def init_src(self):
        super().init_src()           # nbgrader's checks, the course's paths and the due date
        student_id = self.coursedir.student_id if self.coursedir.student_id else "*"
        pattern = os.path.join(self.inbound_path, f"{student_id}+{self.coursedir.assignment_id}+*")
        records = [self._path_to_record(f) for f in glob.glob(pattern)]
        for r in records:
            if r.get("unreadable"):
                self._left_out(r["filename"], f"not a record nbgrader submit makes: {r['unreadable']}")
        records = [r for r in records if not r.get("unreadable") and self._acceptable(
            os.path.join(self.inbound_path, r["filename"]), r["username"])]
        records.sort(key=lambda r: r["username"])
        chosen = []
        for _, group in groupby(records, lambda r: r["username"]):
            group = self._sort_by_timestamp(list(group))
            if self.duedate is not None and self.before_duedate:
                before = [r for r in group if r["timestamp"] <= self.duedate]
                chosen.append(before[0] if before else group[0])
            else:
                chosen.append(group[0])
        self.src_records = chosen
        # the time each record is collected with, written over its timestamp.txt (do_copy)
        self._times = {r["filename"]: r["timestamp"] for r in chosen}

    def do_copy(self, src, dest, log=None):
        """nbgrader's copy (its size limits and ignore patterns), links and special files left out.

        The copy is made in a hidden folder beside ``dest`` and renamed to it when complete, timestamp.txt
        included: a collect killed half way (SIGKILL, a reboot) left a half-made hand-in at ``dest``, which the
        next collect skipped as collected -- graded without its notebook, for good (REDTEAM.md, R7-3). Now
        ``dest`` is absent until it is whole, so the next collect copies it; that one removes what is left
        of the cut copy first."""
        nbgrader_ignore = ignore_patterns(exclude=self.coursedir.ignore, include=self.coursedir.include,
                                          log=self.log)
        parent, base = os.path.split(os.path.normpath(dest))
        for cut in glob.glob(os.path.join(glob.escape(parent), f".{glob.escape(base)}.collecting-*")):
            shutil.rmtree(cut, ignore_errors=True)
        partial = os.path.join(parent, f".{base}.collecting-{os.getpid()}")
        try:
            try:
                source = os.open(src, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
                try:   # max_dir_size counted on what is copied (nbgrader's get_size raised for the whole class)
                    self._copy_folder(source, src, partial, nbgrader_ignore, [1000 * self.coursedir.max_dir_size])
                finally:
                    os.close(source)
            except OSError as error:                # changed since it was checked: this record alone fails
                self._left_out(os.path.basename(os.path.normpath(src)), f"the copy failed: {error}")
                return
            when = getattr(self, "_times", {}).get(os.path.basename(os.path.normpath(src)))
            if when is not None:
                # the record's time as checked (its name, no earlier than its ctime), where the gradebook reads
                # the lateness: the student's own timestamp.txt could say any earlier time, or none (R6-3)
                stamp = os.path.join(partial, "timestamp.txt")
                if os.path.isdir(stamp):                 # a folder of that name (a copy holds no link)
                    shutil.rmtree(stamp)
                with open(stamp, "w") as fh:
                    fh.write(when.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
            try:
                os.rename(partial, dest)
            except OSError as error:
                self._left_out(os.path.basename(os.path.normpath(src)), f"the copy could not be put in place: {error}")
        finally:
            shutil.rmtree(partial, ignore_errors=True)      # no half-made submission (gone once renamed)

    def _copy_folder(self, folder_fd: int, shown: str, dest: str, nbgrader_ignore, budget: list[int],
                     depth: int = 0) -> None:
        """Copy the open folder into ``dest``, never through a link: every entry is opened relative to its
        folder with O_NOFOLLOW and judged by what was opened. A path checked first and copied after can be
        swapped for a link in between (the record is its student's to change while collect runs): copytree
        then read the instructor's files -- the reference solution -- as the student's (REDTEAM.md, R5-9)."""
        if depth > MAX_DEPTH:                    # deeper since it was checked: this record alone fails
            raise OSError(f"folders more than {MAX_DEPTH} deep")
        os.mkdir(dest)
        with os.scandir(folder_fd) as entries:
            names = sorted(entry.name for entry in entries)
        skipped = set(nbgrader_ignore(shown, names))
        for name in names:
            where = os.path.join(shown, name)
            if name in skipped:
                continue
            if not _is_text(name):               # undecodable bytes: no later step could name the file
                self.log.warning("Not collected: %s is not a name (bytes that are not text)", _shown(where))
                continue
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder_fd)
            except OSError as error:
                # a socket cannot be opened (ENXIO): a special file, left out -- a failed copy cost the student's
                # collected hand-in, which nbgrader's `collect --update` has removed by now
                if error.errno == errno.ENXIO:
                    self.log.warning("Not collected: %s is a special file", _shown(where))
                    continue
                if error.errno != errno.ELOOP:
                    raise
                self.log.warning("Not collected: %s is a link", _shown(where))
                continue
            try:
                info = os.fstat(fd)
                if stat.S_ISDIR(info.st_mode):
                    self._copy_folder(fd, where, os.path.join(dest, name), nbgrader_ignore, budget, depth + 1)
                elif not stat.S_ISREG(info.st_mode):
                    self.log.warning("Not collected: %s is a special file", _shown(where))
                elif self.coursedir.max_file_size and info.st_size > 1000 * self.coursedir.max_file_size:
                    self.log.warning("Not collected: %s is larger than CourseDirectory.max_file_size", _shown(where))
                else:
                    budget[0] -= info.st_size
                    if budget[0] < 0:           # grown since it was checked: this record alone fails
                        raise OSError("more bytes than CourseDirectory.max_dir_size")
                    with os.fdopen(os.dup(fd), "rb") as source, open(os.path.join(dest, name), "xb") as copy:
                        left = info.st_size     # the size it had when opened: a file still being written
                        while left > 0 and (chunk := source.read(min(left, 1 << 20))):  # cannot hold us
                            copy.write(chunk)
                            left -= len(chunk)
                    os.utime(os.path.join(dest, name), ns=(info.st_atime_ns, info.st_mtime_ns))
            finally:
                os.close(fd)
