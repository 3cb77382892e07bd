"""Writing files atomically: the old file or the whole new one, never half of it."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path


class NotARegularFile(OSError):
    """The output names a folder, a device, a FIFO or a socket: nothing is written there."""


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 (see :func:`write_atomically_bytes`)."""
    write_atomically_bytes(path, text.encode("utf-8"))


def write_atomically_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a synced temporary file renamed over it.

    If the disk fills up or the process dies, ``path`` keeps its old content
    and the temporary file is removed (or, after a kill, left beside it).
    A symbolic link is written through (its target is replaced, the link stays);
    a folder, device, FIFO or socket is refused with :class:`NotARegularFile`.
    A new file gets the permissions the umask allows; a replaced one keeps its own.
    """
    target = Path(os.path.realpath(path))
    mode = _existing_mode(path, target)
    folder = target.parent
    handle, temporary = _create_beside(target, 0o666 if mode is None else 0o600)
    try:
        with os.fdopen(handle, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the platform allows
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _existing_mode(path: Path, target: Path) -> int | None:
    """The permission bits of the file to be replaced (None when there is none yet)."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISREG(info.st_mode):
        return stat.S_IMODE(info.st_mode)
    kind = kind_of(info.st_mode)
    shown = str(path) if target == Path(os.path.abspath(path)) else f"{path} (→ {target})"
    raise NotARegularFile(errno.EINVAL, f"is {kind}, not a regular file", shown)


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, in words: "a folder", "a character device"…"""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _create_beside(target: Path, mode: int) -> tuple[int, str]:
    """A new, empty temporary file next to ``target``, created with ``mode`` less the umask.

    (``tempfile.mkstemp`` always makes 0600 files, so every output ended up private.)
    """
    for _attempt in range(100):
        # os.urandom is what secrets.token_hex reads; importing secrets loads OpenSSL (9 ms of every notes command).
        name = target.with_name(f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode), str(name)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))
