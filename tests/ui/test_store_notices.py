"""The window says what happened to the notes store, above the notes, and loses nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.corpus import FRENCH
from tests.ui.test_notes_window import add, answer, select
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
from viewer.ui.window.main_window import MainWindow


def window_on(qtbot, tmp_path: Path, store: NotesStore) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.open_path(FRENCH, wait=True)
    return window


def test_a_read_only_store_shows_every_note_says_why_and_writes_again_later(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.sqlite3"
    seed = NotesStore(path)
    notebook = Notebook(load_briefing(FRENCH), seed)
    start = notebook.briefing.text.index("Moscou")
    seed.add(notebook.new_note(start, start + 6, "déjà là"))
    seed.close()
    real_access = os.access
    monkeypatch.setattr("viewer.io.notes.store.os.access", lambda p, m: m & os.W_OK == 0 and real_access(p, m))
    monkeypatch.setattr("viewer.io.notes.store_trouble.os.access", lambda p, m: m & os.W_OK == 0 and real_access(p, m))
    window = window_on(qtbot, tmp_path, NotesStore(path))
    qtbot.waitUntil(lambda: window.notes_dock.isVisible() and window.notes_panel.notice.isVisible())
    window.grab()
    notice = window.notes_panel.notice.text()
    assert notice.startswith(f"The notes store {path} is open read-only because the file or its folder is read-only")
    assert "none was lost" in notice
    assert window.notes_panel.model.note_count() == 1

    shown: list[str] = []
    monkeypatch.setattr(window.notes, "_fail", shown.append)
    select(window, "Pyongyang")
    answer(window, "une pensée à garder")
    window.commands["add_note"].trigger()
    window.grab()
    assert shown and "open read-only" in shown[0] and "nothing was changed" in shown[0]
    assert "une pensée à garder" in shown[0]  # the text typed is handed back, not lost
    assert window.notes_panel.model.note_count() == 1

    monkeypatch.undo()  # the folder is writable again
    note_id = add(window, "Pyongyang", "une pensée à garder")
    window.grab()
    assert window.notes_panel.model.placed(note_id) is not None
    assert window.notes_panel.notice.isHidden()


def test_notes_moved_aside_are_named_above_the_notes(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    store = NotesStore(bad)
    assert store.recovery is not None
    window = window_on(qtbot, tmp_path, store)
    qtbot.waitUntil(lambda: window.notes_panel.notice.isVisible())
    window.grab()
    assert str(store.recovery.moved_to) in window.notes_panel.notice.text()
    assert window.notes_dock.isVisible()  # raised in front of the Actors panel it shares a place with
    add(window, "Moscou", "une nouvelle note")
    window.grab()
    assert window.notes_panel.notice.isVisible()  # the moved file stays named: it holds the old notes
