"""Faults that pass never cost a note: the store is left where it is, read-only when it can be read.

Each test brings about one class of fault (a full disk, too few file descriptors, a read-only
file system or file, a lock held by another program, an SQLite error at open, read or write),
then removes it and checks that every note is there and nothing was moved aside.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.corpus import FRENCH, ROOT, TOUR
from tests.e2e.test_check_command import run
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes import store as notes_store
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore, StoreError

BRIEFING = load_briefing(FRENCH)
STORES = ROOT / "tests" / "data" / "stores"


def fill(path: Path, count: int = 30) -> set[str]:
    """A store with ``count`` notes, closed; their ids."""
    store = NotesStore(path)
    notebook = Notebook(BRIEFING, store)
    ids = set()
    for index in range(count):
        note = notebook.new_note(index * 40, index * 40 + 12, f"note {index} ✓", "blue", ["t"])
        store.add(note)
        ids.add(note.id)
    store.close()
    return ids


def a_note(store: NotesStore) -> notes_store.Note:
    return Notebook(BRIEFING, store).new_note(5, 20, "written during the fault")


def assert_intact(path: Path, ids: set[str]) -> None:
    """With the fault removed: every note there, nothing moved aside, and the store writable."""
    assert not list(path.parent.glob("*.unreadable-*")), "a healthy store was moved aside"
    store = NotesStore(path)
    try:
        assert store.recovery is None and store.notice is None and not store.read_only
        assert {note.id for note in store.notes_for(BRIEFING.id)} == ids
        extra = a_note(store)
        store.add(extra)
        store.remove(extra.id)
    finally:
        store.close()


@contextlib.contextmanager
def mounted_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at ``folder``, when this process may mount one (root on Linux); else the test is skipped."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small file system can only be mounted by root on Linux")
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill_disk(folder: Path) -> Path:
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as stream:
        try:
            while True:
                stream.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


# -- a full disk -------------------------------------------------------------------


def test_a_full_disk_leaves_the_store_in_place_and_shows_every_note(tmp_path: Path) -> None:
    with mounted_tmpfs(tmp_path / "disk", "1m") as disk:
        path = disk / "notes.sqlite3"
        ids = fill(path)
        filler = fill_disk(disk)

        # Starting while the disk is full: was "database or disk is full", moved aside, 0 notes.
        store = NotesStore(path)
        assert store.recovery is None and store.read_only
        assert store.notice is not None and "read-only because the disk is full" in store.notice
        assert "none was lost" in store.notice
        assert {note.id for note in store.notes_for(BRIEFING.id)} == ids
        with pytest.raises(StoreError, match="read-only because the disk is full; nothing was changed"):
            store.add(a_note(store))

        listed = run("notes", str(FRENCH), "--store", str(path))
        assert listed.returncode == 0
        assert len(listed.stdout.splitlines()) == len(ids)
        assert listed.stderr.count("\n") == 1 and "read-only because the disk is full" in listed.stderr

        filler.unlink()
        store.add(a_note(store))  # the trouble has passed: the same store writes again
        assert not store.read_only and store.notice is None
        ids.add(_last_added(store, ids))

        # The disk fills up while the store is open: it keeps showing every note and refuses to save.
        filler = fill_disk(disk)
        assert {note.id for note in store.notes_for(BRIEFING.id)} == ids
        big = Notebook(BRIEFING, store).new_note(0, 9, "x" * 2_000_000)
        with pytest.raises(StoreError, match="the disk is full; nothing was changed"):
            store.add(big)
        filler.unlink()
        store.close()
        assert_intact(path, ids)


def _last_added(store: NotesStore, known: set[str]) -> str:
    [fresh] = {note.id for note in store.notes_for(BRIEFING.id)} - known
    return fresh


ADD_AND_DIE = """
import os, sys
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
store = NotesStore(sys.argv[2])
note = Notebook(load_briefing(sys.argv[1]), store).new_note(5, 20, "only in the write-ahead log")
store.add(note)
print(note.id, flush=True)
os._exit(0)  # as after a crash: the log is not folded into the main file
"""


def test_a_full_disk_that_cannot_even_be_read_is_a_clear_error(tmp_path: Path) -> None:
    """Notes still in the write-ahead log cannot be read without its shared memory: refused, kept."""
    with mounted_tmpfs(tmp_path / "disk", "1m") as disk:
        path = disk / "notes.sqlite3"
        ids = fill(path)
        child = subprocess.run(
            [sys.executable, "-c", ADD_AND_DIE, str(FRENCH), str(path)], capture_output=True, text=True, check=True
        )
        ids.add(child.stdout.strip())
        assert (disk / "notes.sqlite3-wal").stat().st_size > 0
        (disk / "notes.sqlite3-shm").unlink()
        filler = fill_disk(disk)
        with pytest.raises(StoreError) as raised:
            NotesStore(path)
        assert (
            "could not be opened because the disk is full; it was left as it is and no note was lost (free some "
            "space, then try again)" in str(raised.value)
        )
        listed = run("notes", str(FRENCH), "--store", str(path))
        assert listed.returncode == 1 and listed.stderr.startswith("error: the notes store")
        assert listed.stderr.count("\n") == 1 and "the disk is full" in listed.stderr
        filler.unlink()
        assert_intact(path, ids)


# -- too few file descriptors ----------------------------------------------------------


@pytest.mark.parametrize("free", [0, 1, 2, 3])
def test_too_few_file_descriptors(tmp_path: Path, free: int) -> None:
    resource = pytest.importorskip("resource")
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc/self/fd to count open files")
    path = tmp_path / "notes.sqlite3"
    ids = fill(path)
    used = {int(name) for name in os.listdir("/proc/self/fd")}
    limit = 0
    unused = 0
    while unused < free or limit in used:  # the lowest limit that leaves exactly `free` numbers unused
        if limit not in used:
            unused += 1
        limit += 1
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    outcome: NotesStore | StoreError
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    try:
        try:
            outcome = NotesStore(path)
        except StoreError as error:
            outcome = error
        seen = {note.id for note in outcome.notes_for(BRIEFING.id)} if isinstance(outcome, NotesStore) else set()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    if isinstance(outcome, StoreError):
        assert "because too many files are open; it was left as it is and no note was lost" in str(outcome)
    else:
        assert seen == ids
        outcome.close()
    assert_intact(path, ids)


# -- read-only -----------------------------------------------------------------------


def test_a_read_only_file_system(tmp_path: Path) -> None:
    with mounted_tmpfs(tmp_path / "disk", "4m") as disk:
        path = disk / "notes.sqlite3"
        ids = fill(path)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        store = NotesStore(path)
        assert store.read_only and store.recovery is None
        assert "read-only because its file system is mounted read-only" in (store.notice or "")
        assert {note.id for note in store.notes_for(BRIEFING.id)} == ids
        with pytest.raises(StoreError, match="nothing was changed"):
            store.add(a_note(store))
        store.close()
        listed = run("notes", str(FRENCH), "--store", str(path))
        assert listed.returncode == 0 and len(listed.stdout.splitlines()) == len(ids)
        assert "warning: the notes store" in listed.stderr and "read-only" in listed.stderr
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        assert_intact(path, ids)


def test_a_store_of_an_older_schema_on_a_read_only_file_system_is_shown_as_it_is(tmp_path: Path) -> None:
    """It cannot be migrated (that writes): its notes are read as they are, and it is migrated later."""
    made = json.loads((STORES / "schema2.json").read_text(encoding="utf-8"))
    with mounted_tmpfs(tmp_path / "disk", "4m") as disk:
        path = disk / "notes.sqlite3"
        shutil.copyfile(STORES / "schema2.sqlite3", path)
        before = path.read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        store = NotesStore(path)
        assert store.read_only and store.recovery is None
        stored = store.notes_for(BRIEFING.id) + store.notes_for(load_briefing(TOUR).id)
        assert sorted(note.id for note in stored) == sorted(note["id"] for note in made)
        assert {note.revision for note in stored} == {1}
        assert store.color_names() == {"red": "à contester"}
        store.close()
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        assert path.read_bytes() == before
        assert_intact(path, {note["id"] for note in made if note["briefing_id"] == BRIEFING.id})


def test_a_store_the_user_may_read_but_not_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.sqlite3"
    ids = fill(path)
    real_access = os.access
    # Permission bits do not stop root (who runs CI), so the refusal to write is simulated.
    monkeypatch.setattr("viewer.io.notes.store.os.access", lambda p, mode: mode & os.W_OK == 0 and real_access(p, mode))
    store = NotesStore(path)
    assert store.read_only and "read-only because the file or its folder is read-only" in (store.notice or "")
    assert {note.id for note in store.notes_for(BRIEFING.id)} == ids
    with pytest.raises(
        StoreError, match="open read-only because the file or its folder is read-only; nothing was changed"
    ):
        store.add(a_note(store))
    store.close()
    monkeypatch.undo()
    assert_intact(path, ids)


# -- a lock held by another program ------------------------------------------------------


def test_a_store_locked_by_another_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.sqlite3"
    ids = fill(path)
    monkeypatch.setattr(notes_store, "BUSY_TIMEOUT_S", 0.05)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("DELETE FROM color_names")  # holds the write lock and, in exclusive mode, every lock
    try:
        store = NotesStore(path)
    except StoreError as error:
        assert "because another program is holding it locked; it was left as it is and no note was lost" in str(error)
    else:
        assert {note.id for note in store.notes_for(BRIEFING.id)} == ids
        with pytest.raises(StoreError, match="nothing was changed"):
            store.add(a_note(store))
        store.close()
    other.execute("ROLLBACK")
    other.close()
    assert_intact(path, ids)


# -- SQLite errors injected through a wrapper -----------------------------------------------


ERRORS = {
    "SQLITE_FULL": (13, "database or disk is full", "the disk is full"),
    "SQLITE_IOERR": (10, "disk I/O error", "the disk reported a read or write error"),
    "SQLITE_IOERR_SHMSIZE": (4874, "disk I/O error", "the disk reported a read or write error"),
    "SQLITE_READONLY": (8, "attempt to write a readonly database", "the file or its folder is read-only"),
    "SQLITE_BUSY": (5, "database is locked", "another program is holding it locked"),
    "SQLITE_LOCKED": (6, "database table is locked", "another program is holding it locked"),
    "SQLITE_CANTOPEN": (14, "unable to open database file", "it could not be opened"),
    "SQLITE_PERM": (3, "access permission denied", "permission was refused"),
    "SQLITE_NOMEM": (7, "out of memory", "the computer ran out of memory"),
    "SQLITE_PROTOCOL": (15, "locking protocol", "another program is holding it locked"),
}


class Faults:
    """Which statements fail, and with what: set ``when`` (a test on the SQL) and ``name``."""

    def __init__(self) -> None:
        self.when: Callable[[str], bool] | None = None
        self.name = "SQLITE_FULL"
        self.hits = 0

    def check(self, sql: str) -> None:
        if self.when is not None and self.when(sql):
            self.hits += 1
            code, text, _cause = ERRORS[self.name]
            error = sqlite3.OperationalError(text)
            error.sqlite_errorcode = code
            error.sqlite_errorname = self.name
            raise error


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Faults:
    plan = Faults()
    real_connect = sqlite3.connect

    class FaultyConnection(sqlite3.Connection):
        def execute(self, sql: str, parameters: object = (), /) -> sqlite3.Cursor:  # type: ignore[override]
            plan.check(sql)
            return super().execute(sql, parameters)  # type: ignore[arg-type]

        def executemany(self, sql: str, rows: object, /) -> sqlite3.Cursor:  # type: ignore[override]
            plan.check(sql)
            return super().executemany(sql, rows)  # type: ignore[arg-type]

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(*args, factory=FaultyConnection, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(sqlite3, "connect", connect)
    return plan


@pytest.mark.parametrize("name", list(ERRORS))
def test_an_error_at_open_leaves_the_store_in_place(tmp_path: Path, faults: Faults, name: str) -> None:
    path = tmp_path / "notes.sqlite3"
    ids = fill(path)
    before = path.read_bytes()
    faults.name, faults.when = name, lambda _sql: True
    with pytest.raises(StoreError) as raised:
        NotesStore(path)
    cause = ERRORS[name][2]
    assert f"could not be opened because {cause}; it was left as it is and no note was lost" in str(raised.value)
    assert path.read_bytes() == before
    faults.when = None
    assert_intact(path, ids)


@pytest.mark.parametrize("name", list(ERRORS))
def test_an_error_on_the_read_write_connection_opens_read_only(tmp_path: Path, faults: Faults, name: str) -> None:
    path = tmp_path / "notes.sqlite3"
    ids = fill(path)
    # The first connection fails at its first look at the file; a read-only one then succeeds.
    faults.name = name
    faults.when = lambda _sql: faults.hits == 0
    store = NotesStore(path)
    assert store.read_only and store.recovery is None
    assert f"read-only because {ERRORS[name][2]}" in (store.notice or "")
    assert {note.id for note in store.notes_for(BRIEFING.id)} == ids
    store.close()
    faults.when = None
    assert_intact(path, ids)


@pytest.mark.parametrize("name", list(ERRORS))
def test_an_error_while_reading_says_so_and_loses_nothing(tmp_path: Path, faults: Faults, name: str) -> None:
    path = tmp_path / "notes.sqlite3"
    ids = fill(path)
    store = NotesStore(path)
    faults.name, faults.when = name, lambda sql: sql.lstrip().upper().startswith("SELECT")
    with pytest.raises(StoreError, match=f"cannot read the notes store .* because {ERRORS[name][2]}; no note was lost"):
        store.notes_for(BRIEFING.id)
    faults.when = None
    assert {note.id for note in store.notes_for(BRIEFING.id)} == ids
    store.close()
    assert_intact(path, ids)


@pytest.mark.parametrize("at", ["BEGIN", "INSERT", "UPDATE", "DELETE", "COMMIT"])
@pytest.mark.parametrize("name", list(ERRORS))
def test_an_error_while_writing_changes_nothing(tmp_path: Path, faults: Faults, name: str, at: str) -> None:
    path = tmp_path / "notes.sqlite3"
    ids = fill(path)
    store = NotesStore(path)
    stored = store.notes_for(BRIEFING.id)
    faults.name, faults.when = name, lambda sql: sql.lstrip().upper().startswith(at)
    with pytest.raises(StoreError, match=f"could not save to .*: {ERRORS[name][2]}; nothing was changed"):
        if at == "UPDATE":
            store.update(stored[0].edited(text="lost?"))
        elif at == "DELETE":
            store.remove(stored[0].id)
        else:
            store.add(a_note(store))
    faults.when = None
    assert store.notes_for(BRIEFING.id) == stored
    store.close()
    assert_intact(path, ids)


@pytest.mark.parametrize(("code", "name"), [(26, "SQLITE_NOTADB"), (11, "SQLITE_CORRUPT")])
def test_only_proven_damage_moves_a_store_aside(tmp_path: Path, faults: Faults, code: int, name: str) -> None:
    """The other side of the rule: SQLite's word that the file is bad still moves it aside, kept whole."""
    path = tmp_path / "notes.sqlite3"
    fill(path)
    before = path.read_bytes()
    ERRORS[name] = (code, "file is not a database", "")
    try:
        faults.name, faults.when = name, lambda _sql: faults.hits == 0
        store = NotesStore(path)
    finally:
        del ERRORS[name]
    assert store.recovery is not None and store.recovery.moved_to.read_bytes() == before
    store.close()
