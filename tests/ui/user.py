"""A user at the window: keys, clicks, drags and dialogs, as the session tests and the monkey soak drive them.

Everything goes through input events (QTest) or the menus' own actions, never a private method, and
``paint()`` grabs the whole window so that a step that leaves a dangling Qt object crashes here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QKeyEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QFileDialog, QLineEdit, QMenu, QWidget

from viewer.ui.window.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier

D = TypeVar("D", bound=QWidget)


class User:
    """Drives one MainWindow as a person does. ``qtbot`` waits; nothing sleeps."""

    def __init__(self, window: MainWindow, qtbot: Any) -> None:
        self.window = window
        self.qtbot = qtbot

    # -- basics -------------------------------------------------------------------

    def paint(self) -> None:
        """Process what is pending and paint the whole window (every dock and the text)."""
        QApplication.processEvents()
        self.window.grab()

    def focus(self) -> QWidget:
        """The widget that has the keyboard focus (the window itself when none has)."""
        widget = QApplication.focusWidget()
        return widget if widget is not None else self.window

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE, widget: QWidget | None = None) -> None:
        """Press and release a key (shortcuts included) where the focus is, or on ``widget``.

        The window is made active first, as it is for a person typing into it: offscreen, closing a
        dialog or a tooltip leaves no window active, and shortcuts then go nowhere.
        """
        QTest.keyClick(self._target(widget), key, modifiers)

    def _target(self, widget: QWidget | None) -> QWidget:
        """Where keys go: ``widget``, or the focus widget once the window is active (an inactive one has none)."""
        mine = widget is None or widget.window() is self.window
        if mine and QApplication.activeModalWidget() is None and QApplication.activeWindow() is not self.window:
            self.activate()
        return widget or self.focus()

    def type(self, text: str, widget: QWidget | None = None) -> None:
        """Type text where the focus is, any character (QTest.keyClicks knows only ASCII)."""
        target = self._target(widget)
        for char in text:
            if char in "\n\r":
                QTest.keyClick(target, Qt.Key.Key_Return)
            elif char.isascii() and char.isprintable():
                QTest.keyClick(target, char)
            else:  # as an input method delivers it: a key event that carries the text
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))

    def activate(self, window: QWidget | None = None) -> None:
        """Make the window (or a dialog of it) the active one, as a click on it does."""
        target = window or self.window
        target.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is target)

    # -- dialogs ------------------------------------------------------------------

    def when_modal(self, kind: type[D], act: Callable[[D], None]) -> None:
        """Once a modal dialog of ``kind`` is up (``exec()`` blocks the caller), let ``act`` answer it."""
        tries = [0]

        def look() -> None:
            widget = QApplication.activeModalWidget()
            if isinstance(widget, kind) and widget.isVisible():
                act(widget)
            elif tries[0] < 500:
                tries[0] += 1
                QTimer.singleShot(10, look)

        QTimer.singleShot(0, look)

    def answer_file_dialog(self, dialog: QFileDialog, path: Path | None) -> None:
        """Type a path into a file dialog and press Enter, or press Escape (``None``)."""
        if path is None:
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
            return
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None, "the file dialog has no file name field"
        # Pasted, not typed: typing pops up the completer, which takes the Enter.
        name.setText(str(path))
        QTest.keyClick(name, Qt.Key.Key_Return)

    def problems_dialog(self) -> QDialog | None:
        """The error dialog listing a file's problems, if one is open."""
        from viewer.ui.window.problems_dialog import ProblemsDialog

        found = [d for d in self.window.findChildren(ProblemsDialog) if d.isVisible()]
        return found[0] if found else None

    def dismiss_problems(self) -> None:
        """Close the error dialog with Escape."""
        dialog = self.problems_dialog()
        assert dialog is not None
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        self.qtbot.waitUntil(lambda: not dialog.isVisible())

    # -- opening ------------------------------------------------------------------

    def open_with_dialog(self, path: Path) -> bool:
        """Ctrl+O, type the path, Enter; wait until the briefing is shown or refused. True when shown."""
        self.activate()
        outcome: list[bool] = []
        window = self.window
        shown = lambda _path: outcome.append(True)  # noqa: E731
        refused = lambda _path, _problems: outcome.append(False)  # noqa: E731
        window.briefingLoaded.connect(shown)
        window.loadFailed.connect(refused)
        try:
            self.when_modal(QFileDialog, lambda dialog: self.answer_file_dialog(dialog, path))
            self.press(Qt.Key.Key_O, CTRL, window)
            self.qtbot.waitUntil(lambda: bool(outcome), timeout=20_000)
        finally:
            window.briefingLoaded.disconnect(shown)
            window.loadFailed.disconnect(refused)
        return outcome[0]

    def open_recent(self, path: Path) -> bool:
        """File › Open Recent › path; wait until it is shown or refused. False when it is not in the menu."""
        wanted = str(path.resolve()).replace("&", "&&")
        action = next((a for a in self.window.recent.menu.actions() if a.text() == wanted), None)
        if action is None:
            return False
        with self.qtbot.waitSignal(self.window.briefingLoaded, timeout=20_000):
            action.trigger()
        return True

    # -- the text -----------------------------------------------------------------

    def point_of(self, offset: int) -> QPoint:
        """The viewport point of a text offset, scrolled into view (as a reader scrolls: the cursor stays).

        In a briefing shown in parts, the part that holds it is shown first (as View › Next Part does)."""
        view = self.window.view
        content = view.content
        if content is not None and not content.part.start <= offset <= content.part.end:
            view.show_part(content.part_of(offset).number)
            QApplication.processEvents()
        rect = view.cursorRect(self._cursor_at(offset))
        height = view.viewport().height()
        if rect.top() < 0 or rect.bottom() > height:
            bar = view.verticalScrollBar()
            bar.setValue(bar.value() + rect.center().y() - height // 2)
            QApplication.processEvents()
            rect = view.cursorRect(self._cursor_at(offset))
        return rect.center()

    def wheel(self, notches: int) -> None:
        """Turn the mouse wheel over the text: ``notches`` down (up when negative)."""
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QWheelEvent

        viewport = self.window.view.viewport()
        point = QPointF(viewport.rect().center())
        for _ in range(abs(notches)):
            delta = QPoint(0, -120 if notches > 0 else 120)
            event = QWheelEvent(
                point,
                QPointF(viewport.mapToGlobal(point.toPoint())),
                QPoint(),
                delta,
                Qt.MouseButton.NoButton,
                NONE,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            )
            QApplication.sendEvent(viewport, event)
        QApplication.processEvents()

    def drag_select(self, start: int, end: int) -> None:
        """Select from ``start`` to ``end`` by dragging the mouse; a long passage by click and Shift+click."""
        viewport = self.window.view.viewport()
        first = self.point_of(start)
        last = self.window.view.cursorRect(self._cursor_at(end)).center()
        if not viewport.rect().contains(last):
            QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, NONE, first)
            last = self.point_of(end)
            QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, SHIFT, last)
            return
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, NONE, first)
        QTest.mouseMove(viewport, (first + last) / 2)
        QTest.mouseMove(viewport, last)
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, NONE, last)

    def _cursor_at(self, offset: int) -> QTextCursor:
        cursor = self.window.view.cursor_between(offset, offset)  # (the offset in the part shown)
        assert cursor is not None, f"offset {offset} is not in the part shown"
        return cursor

    def hover(self, point: QPoint) -> str:
        """Rest the mouse on a viewport point until the tooltip comes; its text ('' when none shows)."""
        from PySide6.QtWidgets import QToolTip

        viewport = self.window.view.viewport()
        QTest.mouseMove(viewport, point)
        event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
        QApplication.sendEvent(viewport, event)
        return QToolTip.text() if QToolTip.isVisible() else ""

    def context_menu(self, point: QPoint, choose: str | None = None) -> list[str]:
        """Right-click a viewport point: the context menu's items, top down ('-' for a line).

        Then the item whose text starts with ``choose`` is clicked, or the menu closed with Escape.
        """
        items: list[str] = []
        tries = [0]

        def read() -> None:  # the menu's exec() blocks the click until it closes
            menu = QApplication.activePopupWidget()
            if isinstance(menu, QMenu) and menu.isVisible():
                items.extend("-" if a.isSeparator() else a.text().replace("&", "") for a in menu.actions())
                chosen = [a for a in menu.actions() if choose and a.text().replace("&", "").startswith(choose)]
                if chosen:  # as a click on it does: the menu closes, then the item acts
                    menu.close()
                    chosen[0].trigger()
                else:
                    QTest.keyClick(menu, Qt.Key.Key_Escape)
            elif tries[0] < 500:
                tries[0] += 1
                QTimer.singleShot(10, read)

        QTimer.singleShot(0, read)
        viewport = self.window.view.viewport()
        QTest.mouseClick(viewport, Qt.MouseButton.RightButton, NONE, point)
        # The menu event the platform makes of a right click (QTest's click does not make it).
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
        QApplication.sendEvent(viewport, event)
        self.qtbot.waitUntil(lambda: bool(items))
        return items

    # -- item views -----------------------------------------------------------------

    def click_row(
        self, view: QAbstractItemView, index: Any, button: Qt.MouseButton = Qt.MouseButton.LeftButton
    ) -> None:
        """Click the middle of an item view's row (scrolled to it first)."""
        view.scrollTo(index)
        QApplication.processEvents()
        rect = view.visualRect(index)
        QTest.mouseClick(view.viewport(), button, NONE, rect.center())

    def hover_row(self, view: QAbstractItemView, index: Any) -> str:
        """Rest the mouse on an item view's row until its tooltip comes; its text ('' when none shows)."""
        from PySide6.QtWidgets import QToolTip

        view.scrollTo(index)
        QApplication.processEvents()
        point = view.visualRect(index).center()
        QTest.mouseMove(view.viewport(), point)
        event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
        QApplication.sendEvent(view.viewport(), event)
        return QToolTip.text() if QToolTip.isVisible() else ""

    def show_dock(self, title: str) -> None:
        """Click the tab of the panel named ``title`` when it shares its place with others (else nothing)."""
        from PySide6.QtWidgets import QTabBar

        for bar in self.window.findChildren(QTabBar):
            for tab in range(bar.count()):
                if bar.tabText(tab).replace("&", "") == title and bar.isVisible():
                    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, NONE, bar.tabRect(tab).center())
                    self.paint()
                    return

    def click_header(self, view: Any, column: int) -> None:
        """Click a column header (sorts a table)."""
        header = view.horizontalHeader()
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, NONE, QPoint(x, header.height() // 2))

    # -- notes --------------------------------------------------------------------

    def write_note(self, text: str, save: bool = True) -> None:
        """Answer the note dialog that is about to open: type ``text`` and click Save (or Cancel)."""
        from PySide6.QtWidgets import QDialogButtonBox

        from viewer.ui.notes.editor import NoteEditor

        def act(dialog: NoteEditor) -> None:
            dialog.editor.selectAll()
            self.type(text, dialog.editor)
            buttons = dialog.findChild(QDialogButtonBox)
            assert buttons is not None
            which = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Cancel
            QTest.mouseClick(buttons.button(which), Qt.MouseButton.LeftButton)

        self.when_modal(NoteEditor, act)
