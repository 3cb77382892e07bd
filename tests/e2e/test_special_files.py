"""Special files named on the command line: device nodes, FIFOs, folders and links are never replaced."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.corpus import FRENCH, ROOT
from tests.e2e.test_check_command import BRIEFING, HANG_GUARD, run
from tests.e2e.test_notes_commands import store  # noqa: F401  (a fixture: a store with two notes)


def device_node(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        pytest.skip("only root may make a device node")
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


def test_a_store_that_is_a_character_device_is_refused_and_not_renamed(tmp_path: Path) -> None:
    node = device_node(tmp_path)
    before = node.stat()
    done = run("notes", str(FRENCH), "--store", str(node))
    assert done.returncode == 1
    assert (
        done.stderr
        == f"error: the notes store {node} is a character device, not a file; name a file for the notes instead\n"
    )
    after = node.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # nothing moved aside, no -wal beside it


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_export_onto_a_special_file_is_refused_in_one_line(store: Path, tmp_path: Path, kind: str) -> None:  # noqa: F811
    target = tmp_path / kind
    if kind == "folder":
        target.mkdir()
        words = "a folder"
    elif kind == "fifo":
        os.mkfifo(target)
        words = "a FIFO (named pipe)"
    else:
        target = device_node(tmp_path)
        words = "a character device"
    before = os.stat(target)
    done = run("export", str(FRENCH), "-o", str(target), "--store", str(store))
    assert done.returncode == 1
    assert done.stderr == f"error: {target}: is {words}, not a regular file\n"
    after = os.stat(target)
    assert (after.st_ino, after.st_mode, after.st_rdev) == (before.st_ino, before.st_mode, before.st_rdev)


def test_export_onto_a_symlink_writes_its_target(store: Path, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "notes.md").write_text("old", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(folder / "notes.md")
    done = run("export", str(FRENCH), "-o", str(link), "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert "3 000 soldats" in (folder / "notes.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_exports_and_new_folders_honour_the_umask(store: Path, tmp_path: Path, umask: int) -> None:  # noqa: F811
    exported = tmp_path / "notes.md"
    fresh_store = tmp_path / "new" / "folder" / "notes.sqlite3"
    for args in (
        ["export", str(FRENCH), "-o", str(exported), "--store", str(store)],
        ["notes", str(FRENCH), "--store", str(fresh_store)],
    ):
        done = subprocess.run(
            [BRIEFING, *args],
            capture_output=True,
            text=True,
            timeout=HANG_GUARD,
            cwd=ROOT,
            check=False,
            preexec_fn=lambda: os.umask(umask),
        )
        assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(exported.stat().st_mode) == 0o666 & ~umask  # was 0600 whatever the umask
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE((tmp_path / "new" / "folder").stat().st_mode) == 0o777 & ~umask
