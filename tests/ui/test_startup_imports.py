"""The window starts without what its first paint does not need; those parts still open from their menus."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tests.corpus import ROOT
from tests.ui.user import User
from viewer.ui.window.main_window import MainWindow

# Loaded on first use only: dialogs, the notes store (SQLite), the exports and the article import.
NOT_AT_START = [
    "sqlite3",
    "viewer.io.notes.store",
    "viewer.io.atomic",
    "viewer.io.notes.markdown_export",
    "markdown_it",
    "viewer.io.convert.importing",
    "viewer.ui.notes.export_dialog",
    "viewer.ui.notes.rename_colors",
    "viewer.ui.window.problems_dialog",
    "viewer.ui.window.shortcuts_dialog",
]


def test_importing_the_window_leaves_out_what_the_first_paint_does_not_need() -> None:
    code = (
        "import sys, viewer.ui.window.main_window, viewer.ui.window.render\n"
        f"print(' '.join(m for m in {NOT_AT_START!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == []


def test_rename_colours_opens_its_dialog_from_the_menu(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(window, qtbot)
    seen: list[str] = []

    def answer(dialog: QDialog) -> None:
        seen.append(dialog.windowTitle())
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    user.when_modal(QDialog, answer)
    window.commands["rename_colors"].trigger()
    assert seen == ["Note colours"]


def test_about_opens_its_box_from_the_menu(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(window, qtbot)
    seen: list[str] = []

    def answer(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()

    user.when_modal(QMessageBox, answer)
    window.commands["about"].trigger()
    assert len(seen) == 1 and seen[0].startswith("Briefing Viewer ")
    assert QApplication.activeModalWidget() is None
