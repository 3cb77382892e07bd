"""The error dialog: long lines wrap (nothing cut on the right), Copy copies every problem."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from viewer.io.errors import Problem
from viewer.ui.window.problems_dialog import ProblemsDialog

LONG_PATH = "/home/analyst/" + "a-very-long-folder-name-without-spaces-" * 6 + "briefing.xml"


def problems() -> list[Problem]:
    return [
        Problem(LONG_PATH, 8, 3, "claims do not nest: " + "the claim renfort overlaps the claim contreparties " * 4),
        Problem(LONG_PATH, 0, 0, "not XML at all"),
    ]


def test_long_lines_wrap_inside_the_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ProblemsDialog(LONG_PATH, problems(), parent)
    dialog.resize(640, 400)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab()
    details = dialog.details
    assert details.horizontalScrollBar().maximum() == 0  # nothing to scroll to on the right
    width = details.viewport().width()
    block = details.document().firstBlock()
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            assert layout.lineAt(i).naturalTextWidth() <= width
        block = block.next()
    assert details.document().firstBlock().layout().lineCount() > 2  # wrapped, not cut


def test_copy_puts_every_problem_on_the_clipboard(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ProblemsDialog(LONG_PATH, problems(), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QGuiApplication.clipboard().clear()
    QTest.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    dialog.grab()
    assert QGuiApplication.clipboard().text() == "\n".join(str(p) for p in problems())
