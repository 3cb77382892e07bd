"""Fixtures for the window tests: a fresh window with private settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.corpus import FRENCH
from viewer.io.notes.store import NotesStore
from viewer.ui.window.main_window import MainWindow


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def store(tmp_path: Path) -> NotesStore:
    return NotesStore(tmp_path / "notes.sqlite3")


@pytest.fixture
def window(qtbot, settings: QSettings, store: NotesStore) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow(settings, store)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win


@pytest.fixture
def french(window: MainWindow) -> MainWindow:
    window.open_path(FRENCH, wait=True)
    assert window.briefing is not None
    return window
