"""Two windows on one notes store: a change made on an out-of-date note is merged or kept, never lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.corpus import FRENCH
from tests.ui.test_notes_window import add, answer
from viewer.io.notes.store import NotesStore
from viewer.model.notes import Note
from viewer.ui.notes.controller import EXTERNAL_CHECK_MS
from viewer.ui.window.main_window import MainWindow


def open_window(qtbot, tmp_path: Path, name: str, store_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat), NotesStore(store_path))
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    qtbot.waitExposed(window)
    window.open_path(FRENCH, wait=True)
    window.notes_dock.raise_()
    return window


@pytest.fixture
def pair(qtbot, tmp_path: Path) -> Iterator[tuple[MainWindow, MainWindow, NotesStore]]:  # type: ignore[no-untyped-def]
    path = tmp_path / "shared.sqlite3"
    first = open_window(qtbot, tmp_path, "first", path)
    second = open_window(qtbot, tmp_path, "second", path)
    store = NotesStore(path)  # what is on disk, as a third party sees it
    yield first, second, store
    for window in (first, second):
        window.close()
        assert window.notes.store is not None
        window.notes.store.close()
    store.close()


def shown(window: MainWindow, note_id: str) -> Note | None:
    placed = window.notes_panel.model.placed(note_id)
    return placed.note if placed is not None else None


def texts(window: MainWindow) -> list[str]:
    return sorted(p.note.text for p in window.placed_notes.ordered())


def shared_note(qtbot, first: MainWindow, second: MainWindow) -> str:  # type: ignore[no-untyped-def]
    """A note made in the first window and shown by the second, which picks it up by itself."""
    note_id = add(first, "Moscou", "début")
    qtbot.waitUntil(lambda: shown(second, note_id) is not None)
    first.grab(), second.grab()
    return note_id


def test_the_other_window_looks_for_changes_at_least_every_second(pair) -> None:  # type: ignore[no-untyped-def]
    first, _second, _store = pair
    assert EXTERNAL_CHECK_MS <= 1000 and first.notes._timer.interval() == EXTERNAL_CHECK_MS


def test_changes_to_different_fields_merge(qtbot, pair) -> None:  # type: ignore[no-untyped-def]
    first, second, store = pair
    note_id = shared_note(qtbot, first, second)
    first.notes.recolor(note_id, "red")
    first.grab()
    # The second window has not seen the new colour: its editor hands back the colour it shows.
    answer(second, "réécrit ailleurs", "yellow", ())
    second.notes.edit_note(note_id)
    second.grab()
    stored = store.get(note_id)
    assert stored is not None and (stored.text, stored.color) == ("réécrit ailleurs", "red")
    assert "Merged with a change made in another window" in second.statusBar().currentMessage()
    assert (shown(second, note_id).text, shown(second, note_id).color) == ("réécrit ailleurs", "red")  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: (shown(first, note_id) or stored).text == "réécrit ailleurs")
    first.grab()
    assert shown(first, note_id).color == "red"  # type: ignore[union-attr]


def test_changes_to_the_same_field_keep_both_versions(qtbot, pair) -> None:  # type: ignore[no-untyped-def]
    first, second, store = pair
    note_id = shared_note(qtbot, first, second)
    answer(first, "version A", "yellow", ())
    first.notes.edit_note(note_id)
    answer(second, "version B", "yellow", ())
    second.notes.edit_note(note_id)
    second.grab()
    notes = store.notes_for("kp-ru-alliance")
    assert sorted(n.text for n in notes) == ["version A", "version B"]
    assert len({n.anchor for n in notes}) == 1  # the copy is on the same passage
    assert store.get(note_id).text == "version A"  # type: ignore[union-attr]
    assert "Both versions are kept" in second.statusBar().currentMessage()
    assert texts(second) == ["version A", "version B"]
    qtbot.waitUntil(lambda: texts(first) == ["version A", "version B"])
    first.grab()
    # Undo in the second window takes its copy away again; the first window's version stays.
    assert second.commands["undo"].text() == "&Undo Keep Both Versions"
    second.commands["undo"].trigger()
    second.grab()
    assert [n.text for n in store.notes_for("kp-ru-alliance")] == ["version A"]


def test_an_edit_of_a_note_deleted_elsewhere_brings_it_back(qtbot, pair) -> None:  # type: ignore[no-untyped-def]
    first, second, store = pair
    note_id = shared_note(qtbot, first, second)
    first.notes.delete_note(note_id)
    first.grab()
    assert store.get(note_id) is None
    answer(second, "je tenais à cette note", "blue", ())
    second.notes.edit_note(note_id)  # was: silently dropped
    second.grab()
    back = store.get(note_id)
    assert back is not None and (back.text, back.color) == ("je tenais à cette note", "blue")
    assert "deleted in another window" in second.statusBar().currentMessage()
    assert "brought it back" in second.statusBar().currentMessage()
    qtbot.waitUntil(lambda: shown(first, note_id) is not None)
    first.grab()
    second.commands["undo"].trigger()  # "Bring Back Note": deleted again, as the first window wanted
    second.grab()
    assert store.get(note_id) is None


def test_a_deletion_of_a_note_changed_elsewhere_is_not_made(qtbot, pair) -> None:  # type: ignore[no-untyped-def]
    first, second, store = pair
    note_id = shared_note(qtbot, first, second)
    answer(first, "ajout important", "yellow", ())
    first.notes.edit_note(note_id)
    second.notes.delete_note(note_id)  # second has not seen the edit
    second.grab()
    assert store.get(note_id).text == "ajout important"  # type: ignore[union-attr]
    assert "was not deleted" in second.statusBar().currentMessage()
    assert shown(second, note_id).text == "ajout important"  # type: ignore[union-attr]
    assert not second.commands["undo"].isEnabled()  # nothing was done, nothing to undo


def test_undo_and_redo_go_through_the_revision_check(qtbot, pair) -> None:  # type: ignore[no-untyped-def]
    first, second, store = pair
    note_id = shared_note(qtbot, first, second)
    answer(second, "texte de B", "yellow", ())
    second.notes.edit_note(note_id)
    qtbot.waitUntil(lambda: (shown(first, note_id) or store.get(note_id)).text == "texte de B")  # type: ignore[union-attr]
    first.notes.recolor(note_id, "green")
    first.grab()
    second.notes._timer.stop()  # the second window has not seen the new colour when it undoes
    second.commands["undo"].trigger()  # its text edit only: the colour chosen elsewhere stays
    second.grab()
    stored = store.get(note_id)
    assert stored is not None and (stored.text, stored.color) == ("début", "green")
    second.commands["redo"].trigger()
    second.grab()
    stored = store.get(note_id)
    assert stored is not None and (stored.text, stored.color) == ("texte de B", "green")
    # The same field changed elsewhere before an undo: both versions kept, the undo not forced through.
    answer(first, "texte de A", "green", ())
    first.notes.edit_note(note_id)
    second.commands["undo"].trigger()
    second.grab()
    assert sorted(n.text for n in store.notes_for("kp-ru-alliance")) == ["début", "texte de A"]
    assert "Both versions are kept" in second.statusBar().currentMessage()
