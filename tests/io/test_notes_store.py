"""The notes store keeps every note: committed at once, shared safely, bad files moved aside."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.corpus import FRENCH, ROOT
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import SCHEMA_VERSION, NotesStore, StoreError, default_store_path
from viewer.model.notes import NoteState


@pytest.fixture
def notebook(tmp_path: Path) -> Notebook:
    return Notebook(load_briefing(FRENCH), NotesStore(tmp_path / "notes.sqlite3"))


def add(notebook: Notebook, words: str, text: str = "") -> str:
    start = notebook.briefing.text.index(words)
    note = notebook.new_note(start, start + len(words), text, "blue", ["a", "b"])
    notebook.store.add(note)
    return note.id


def test_notes_survive_closing_and_reopening(notebook: Notebook, tmp_path: Path) -> None:
    note_id = add(notebook, "3 000 soldats", "à vérifier")
    notebook.store.close()
    again = Notebook(notebook.briefing, NotesStore(tmp_path / "notes.sqlite3"))
    [placed] = again.placed()
    assert (placed.id, placed.state, placed.note.text, placed.note.tags) == (
        note_id,
        NoteState.ANCHORED,
        "à vérifier",
        ("a", "b"),
    )
    assert notebook.briefing.text[placed.start : placed.end] == "3 000 soldats"  # type: ignore[misc]


def test_the_store_is_wal_with_full_sync_and_versioned(notebook: Notebook) -> None:
    connection = notebook.store._connection
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_edit_and_remove(notebook: Notebook) -> None:
    note_id = add(notebook, "Washington")
    note = notebook.store.get(note_id)
    assert note is not None
    notebook.store.update(note.edited(text="new", color="red", tags=("x",)))
    stored = notebook.store.get(note_id)
    assert stored is not None and (stored.text, stored.color, stored.tags) == ("new", "red", ("x",))
    assert stored.created == note.created
    notebook.store.remove(note_id)
    assert notebook.store.get(note_id) is None


def test_listeners_hear_each_change(notebook: Notebook) -> None:
    heard: list[tuple[str, str]] = []
    notebook.store.subscribe(lambda event, note_id: heard.append((event, note_id)))
    note_id = add(notebook, "Moscou")
    notebook.store.remove(note_id)
    assert heard == [("added", note_id), ("removed", note_id)]


def test_two_stores_on_one_file_see_each_others_notes(notebook: Notebook, tmp_path: Path) -> None:
    other = Notebook(notebook.briefing, NotesStore(tmp_path / "notes.sqlite3"))
    first = add(notebook, "Moscou")
    assert other.store.changed_elsewhere()
    second = add(other, "Pyongyang")
    assert {p.id for p in notebook.placed()} == {first, second}
    assert not other.store.changed_elsewhere()  # its own change is not "elsewhere"


def test_a_look_for_changes_elsewhere_need_not_wait_for_a_thread_using_the_store(
    notebook: Notebook, tmp_path: Path
) -> None:
    other = Notebook(notebook.briefing, NotesStore(tmp_path / "notes.sqlite3"))
    assert not other.store.changed_elsewhere()
    add(notebook, "Moscou")
    holding, release = threading.Event(), threading.Event()

    def use() -> None:  # as a window's loading thread does, reading its notes
        with other.store._lock:
            holding.set()
            release.wait(30)

    user = threading.Thread(target=use)
    user.start()
    assert holding.wait(30)
    try:
        answer = other.store.changed_elsewhere(wait=False)  # waited, it would answer True in 30 s
    finally:
        release.set()
        user.join()
    assert answer is False
    assert other.store.changed_elsewhere(wait=False)  # the change is told once the store is free


def test_migration_from_the_first_schema_keeps_notes(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path)
    from viewer.io.notes import store as notes_store

    connection.executescript(notes_store._MIGRATIONS[0])
    connection.execute(
        "INSERT INTO notes VALUES ('n1', 'kp-ru-alliance', 'Moscou', '', '', 0, 6, NULL, 'h', 'old', 'yellow', '[]', 't', 't')"
    )
    connection.execute(f"PRAGMA application_id = {notes_store.APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    store = NotesStore(path)
    note = store.get("n1")
    assert note is not None and note.text == "old" and note.source_id is None
    assert store.recovery is None


@pytest.mark.parametrize("damage", ["random", "truncated", "foreign", "empty-header"])
def test_a_bad_store_is_moved_aside_and_a_new_one_started(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "notes.sqlite3"
    if damage == "random":
        path.write_bytes(os.urandom(10_000))
    elif damage == "truncated":
        store = NotesStore(path)
        briefing = load_briefing(FRENCH)
        notebook = Notebook(briefing, store)
        for index in range(200):
            store.add(notebook.new_note(index, index + 5, "x" * 500))
        store.close()
        data = path.read_bytes()
        for companion in ("-wal", "-shm"):
            Path(str(path) + companion).unlink(missing_ok=True)
        path.write_bytes(data[: len(data) // 2] + os.urandom(len(data) // 4))
    elif damage == "foreign":
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.commit()
        connection.close()
    else:
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 84)
    original = path.read_bytes()
    store = NotesStore(path)
    assert store.recovery is not None
    assert store.recovery.moved_to.read_bytes() == original  # kept, byte for byte
    assert "moved to" in str(store.recovery) and "kept" in str(store.recovery)
    assert store.count() == 0
    briefing = load_briefing(FRENCH)
    store.add(Notebook(briefing, store).new_note(0, 5))
    assert store.count() == 1


def test_an_unreadable_store_is_a_clear_error_and_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.sqlite3"
    NotesStore(path).close()
    before = path.read_bytes()
    # Permission bits do not stop root (who runs CI), so the refusal is simulated.
    monkeypatch.setattr("viewer.io.notes.store.os.access", lambda *_args: False)
    with pytest.raises(StoreError, match=r"cannot be read \(permission denied\); it was left as it is"):
        NotesStore(path)
    assert path.read_bytes() == before


def test_a_folder_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        NotesStore(tmp_path)


def test_default_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_VIEWER_STORE", str(tmp_path / "mine.db"))
    assert default_store_path() == tmp_path / "mine.db"
    monkeypatch.delenv("BRIEFING_VIEWER_STORE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    if sys.platform.startswith("linux"):
        assert default_store_path() == tmp_path / "data" / "briefing-viewer" / "notes.sqlite3"


CHILD = """
import sys
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
briefing = load_briefing(sys.argv[1])
store = NotesStore(sys.argv[2])
notebook = Notebook(briefing, store)
for index in range(100000):
    note = notebook.new_note(index % 3000, index % 3000 + 7, f"note {index}")
    store.add(note)
    print(note.id, flush=True)  # printed only after the commit returned
"""


def test_notes_whose_add_returned_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite3"
    survived = 0
    for round_number in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(FRENCH), str(path)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert child.stdout is not None
        acknowledged = []
        # Kill at a different moment each round: after a varying number of acknowledged adds.
        for _ in range(3 + round_number * 7):
            line = child.stdout.readline()
            if not line:
                break
            acknowledged.append(line.strip())
        child.kill()
        child.wait()
        acknowledged += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
        child.stdout.close()
        store = NotesStore(path)
        assert store.recovery is None
        stored = {note.id for note in store.notes_for("kp-ru-alliance")}
        missing = [note_id for note_id in acknowledged if note_id not in stored]
        assert missing == [], f"round {round_number}: {len(missing)} acknowledged notes lost"
        survived += len(acknowledged)
        store.close()
    assert survived > 100


def test_a_full_disk_is_a_clear_error_and_changes_nothing(notebook: Notebook) -> None:
    first = add(notebook, "Moscou", "kept")
    connection = notebook.store._connection
    # SQLite's own limit stands in for a full disk: no page may be added beyond the current ones.
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")
    big = notebook.new_note(0, 5, "x" * 200_000)
    with pytest.raises(StoreError, match="disk is full; nothing was changed"):
        notebook.store.add(big)
    assert [n.id for n in notebook.store.notes_for("kp-ru-alliance")] == [first]
