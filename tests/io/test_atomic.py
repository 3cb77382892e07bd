"""Atomic writes: the old file or the whole new one, never half, even when the disk is full."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import pytest

from viewer.io.atomic import NotARegularFile, write_atomically


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    write_atomically(target, "first")
    write_atomically(target, "second ✓")
    assert target.read_text(encoding="utf-8") == "second ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.md"
    target.write_text("old content", encoding="utf-8")
    real_fsync = os.fsync

    def full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("viewer.io.atomic.os.fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, "new content that does not fit")
    assert target.read_text(encoding="utf-8") == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real" / "out.md"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomically(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.md"]  # no temporary left


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "made.md")
    write_atomically(link, "new")
    assert link.is_symlink() and (tmp_path / "made.md").read_text(encoding="utf-8") == "new"


def special_files(tmp_path: Path) -> dict[str, Path]:
    made = {"a folder": tmp_path / "folder", "a FIFO (named pipe)": tmp_path / "fifo"}
    made["a folder"].mkdir()
    os.mkfifo(made["a FIFO (named pipe)"])
    if os.geteuid() == 0:  # only root may make a device node
        made["a character device"] = tmp_path / "null"
        os.mknod(made["a character device"], 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return made


def test_a_folder_fifo_or_device_is_refused_and_left_alone(tmp_path: Path) -> None:
    for kind, path in special_files(tmp_path).items():
        before = os.stat(path)
        with pytest.raises(NotARegularFile, match=re.escape(f"is {kind}, not a regular file")):
            write_atomically(path, "x")
        after = os.stat(path)
        assert (after.st_ino, after.st_mode, after.st_rdev) == (before.st_ino, before.st_mode, before.st_rdev)
        # Through a link too, naming both.
        link = tmp_path / f"link-to-{path.name}"
        link.symlink_to(path)
        with pytest.raises(NotARegularFile) as raised:
            write_atomically(link, "x")
        assert raised.value.filename == f"{link} (→ {path})"
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_honours_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        fresh = tmp_path / "fresh.md"
        write_atomically(fresh, "x")
        kept = tmp_path / "kept.md"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o640)
        write_atomically(kept, "new")
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
