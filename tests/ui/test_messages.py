"""The window's one message channel: a status line, or a box that does not block with its first line kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from viewer.io.errors import StoreError
from viewer.ui.window.main_window import MainWindow


def test_an_error_opens_a_box_with_its_detail_and_keeps_its_first_line(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = window.messages.error("Export notes", "Could not write x.md\n\nNothing was written.", detail="errno 28")
    qtbot.waitUntil(box.isVisible)
    assert box.icon() == QMessageBox.Icon.Critical and box.windowTitle() == "Export notes"
    assert box.detailedText() == "errno 28" and box.text().startswith("Could not write x.md")
    assert window.statusBar().currentMessage() == "Could not write x.md"
    window.grab()


def test_markup_in_a_message_is_shown_as_text(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = window.messages.user_error("Notes", StoreError("the notes store <b>x</b> is locked"))
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "the notes store <b>x</b> is locked"
    assert box.textFormat() == Qt.TextFormat.PlainText  # the angle brackets are seen, not obeyed
    assert window.statusBar().currentMessage() == "the notes store <b>x</b> is locked"
