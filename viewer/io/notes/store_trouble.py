"""Why the notes store could not be used, in plain words; damage told apart from passing trouble.

Only damage may move a store aside. A full disk, too many open files, a read-only
folder, a lock held by another program or a refused permission pass; a store
treated as damaged for one of them looked empty to its user from then on.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from viewer.io.atomic import kind_of

# SQLite's primary result codes that prove the file itself is bad (SQLITE_CORRUPT, SQLITE_NOTADB).
_DAMAGE_CODES = {11, 26}
_FULL, _LOCKED_CODES, _READONLY, _CANTOPEN, _PERM_CODES, _NOMEM, _IOERR = 13, {5, 6, 15}, 8, 14, {3, 23}, 7, 10


@dataclass(frozen=True, slots=True)
class Trouble:
    """What went wrong (``cause``, completes "because …") and what the user can do (``advice``, a verb phrase)."""

    cause: str
    advice: str


DISK_FULL = Trouble("the disk is full", "free some space")
TOO_MANY_FILES = Trouble("too many files are open", "close some programs or windows")
READ_ONLY = Trouble("the file or its folder is read-only", "make them writable")
READ_ONLY_SYSTEM = Trouble("its file system is mounted read-only", "mount it read-write")
PERMISSION = Trouble("permission was refused", "check the owner and permissions of the file and its folder")
LOCKED = Trouble("another program is holding it locked", "close that program")
NO_MEMORY = Trouble("the computer ran out of memory", "close some programs")
DISK_ERROR = Trouble("the disk reported a read or write error", "check the disk")


def proves_damage(error: sqlite3.Error) -> bool:
    """Whether SQLite says the file is not a database or is corrupt (and nothing else)."""
    return _primary(error) in _DAMAGE_CODES


def diagnose(error: BaseException | None, path: Path) -> Trouble:
    """The plain reason behind an error met on the store at ``path``.

    SQLite's codes are vague about the system (a full disk shows as an I/O error while
    mapping the shared-memory file, too many open files as "unable to open"), so the
    system is asked too.
    """
    if isinstance(error, OSError) and error.errno is not None:
        known = _from_errno(error.errno)
        if known is not None:
            return known
    code = _primary(error) if isinstance(error, sqlite3.Error) else None
    if code in _LOCKED_CODES or (code is None and "locked" in str(error)):
        return LOCKED
    if code == _NOMEM:
        return NO_MEMORY
    probed = _probe(path)
    if probed is not None:
        return probed
    if code == _FULL or (code is None and "full" in str(error)):
        return DISK_FULL
    if code == _READONLY or (code is None and "readonly" in str(error)):
        return READ_ONLY
    if code in _PERM_CODES:
        return PERMISSION
    if code == _IOERR:
        return DISK_ERROR
    if code == _CANTOPEN:
        return Trouble("it could not be opened", "check the file and its folder")
    return Trouble(f"SQLite reported “{error}”", "try again later")


def _primary(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _from_errno(number: int) -> Trouble | None:
    if number in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL
    if number in (errno.EMFILE, errno.ENFILE):
        return TOO_MANY_FILES
    if number == errno.EROFS:
        return READ_ONLY_SYSTEM
    if number in (errno.EACCES, errno.EPERM):
        return PERMISSION
    if number == errno.EIO:
        return DISK_ERROR
    if number == errno.ENOMEM:
        return NO_MEMORY
    return None


def _probe(path: Path) -> Trouble | None:
    """Look at the system for the usual passing causes; None when none is seen."""
    folder = path.parent
    try:
        space = os.statvfs(folder)
    except (OSError, AttributeError):
        space = None
    if space is not None:
        if space.f_flag & os.ST_RDONLY:
            return READ_ONLY_SYSTEM
        # Less than SQLite needs for a journal and a shared-memory file (64 KiB) counts as full.
        if space.f_bavail * space.f_frsize < 64 * 1024 or (space.f_files > 0 and space.f_favail == 0):
            return DISK_FULL
    try:
        handle = os.open(path if path.exists() else folder, os.O_RDONLY)
    except OSError as error:
        return _from_errno(error.errno) if error.errno is not None else None
    os.close(handle)
    exists = path.exists()
    if (exists and not os.access(path, os.W_OK)) or not os.access(folder, os.W_OK):
        return READ_ONLY
    return None


def special_kind(path: Path) -> str | None:
    """What ``path`` is when it is neither missing nor a regular file: "a folder", "a character device"…"""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return kind_of(mode)
