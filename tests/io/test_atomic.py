"""Atomic writes: the old file or the whole new one, never half, even when the disk is full."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from viewer.io.atomic import write_atomically


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
