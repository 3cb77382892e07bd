"""An imported article not yet saved is never let go without asking: Close, Quit, or opening another file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.corpus import FRENCH
from tests.ui.user import CTRL, User
from viewer.io.briefing.loader import load_briefing
from viewer.ui.window.main_window import MainWindow

UNSAVED = "Point de situation (unsaved) — Briefing Viewer"


def imported(window: MainWindow, tmp_path: Path) -> None:
    article = tmp_path / "point.md"
    article.write_text("# Point de situation\n\nPyongyang soutient Moscou.\n", encoding="utf-8")
    assert window.article_import.import_files(str(article), None)
    assert window.windowTitle() == UNSAVED


def question(user: User) -> QMessageBox:
    """The question the window asks, once it is up."""
    boxes: list[QMessageBox] = []

    def asked() -> bool:
        boxes[:] = [b for b in user.window.findChildren(QMessageBox) if b.isVisible()]
        return bool(boxes)

    user.qtbot.waitUntil(asked)
    user.paint()
    [box] = boxes
    assert "is not saved yet" in box.text()
    return box


def click(user: User, box: QMessageBox, button: QMessageBox.StandardButton) -> None:
    QTest.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    user.paint()


def test_close_briefing_asks_and_cancel_keeps_the_import(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(window, qtbot)
    user.activate()
    imported(window, tmp_path)
    user.press(Qt.Key.Key_W, CTRL, window.view)
    box = question(user)
    user.press(Qt.Key.Key_Escape, widget=box)  # Cancel
    user.paint()
    qtbot.waitUntil(lambda: not [b for b in window.findChildren(QMessageBox) if b.isVisible()])
    assert window.briefing is not None and window.windowTitle() == UNSAVED
    assert window.commands["save_as"].isEnabled()

    user.activate()  # back in the window, as a click there does
    user.press(Qt.Key.Key_W, CTRL, window.view)
    click(user, question(user), QMessageBox.StandardButton.Discard)
    assert window.briefing is None and window.windowTitle() == "Briefing Viewer"


def test_opening_another_file_asks_and_save_writes_it_first(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(window, qtbot)
    user.activate()
    imported(window, tmp_path)
    target = tmp_path / "point.xml"
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(FRENCH)
        box = question(user)
        assert window.windowTitle() == UNSAVED  # nothing replaced while the question is open
        user.when_modal(QFileDialog, lambda dialog: user.answer_file_dialog(dialog, target))
        click(user, box, QMessageBox.StandardButton.Save)
    user.paint()
    assert load_briefing(target).meta.title == "Point de situation"
    assert window.briefing is not None and window.briefing.path == str(FRENCH)


def test_quitting_asks_and_cancel_keeps_the_window(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(window, qtbot)
    user.activate()
    imported(window, tmp_path)
    window.close()  # as the window manager's close button, or File › Quit
    box = question(user)
    user.press(Qt.Key.Key_Escape, widget=box)
    user.paint()
    assert window.isVisible() and window.windowTitle() == UNSAVED
    user.activate()
    window.close()
    click(user, question(user), QMessageBox.StandardButton.Discard)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert QApplication.activeModalWidget() is None
