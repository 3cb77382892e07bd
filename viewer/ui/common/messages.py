"""Messages: the one way the window tells the user something (a status line, a warning, an error)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from viewer.io.errors import UserError

# The boxes are made when there is something to say: the window's first paint does without them.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox


class Messages:
    """What the window says, and how: each controller is given the window's one ``Messages``.

    ``info`` is a line in the status bar (for ``timeout`` ms; 0 keeps it until the next).
    ``notice`` (what happened that the user must know), ``warning`` and ``error`` open a box over ``parent`` (the window unless said) that does not
    block the caller, with ``detail`` behind its Show Details button; the first line of the text
    also stays in the status bar once the box is closed. ``user_error`` shows what a user can fix
    (a :class:`UserError` from the core) as an error.
    """

    def __init__(self, window: QMainWindow) -> None:
        self._window = window

    def info(self, text: str, timeout: int = 8000) -> None:
        """Say something in passing, in the status bar."""
        self._window.statusBar().showMessage(text, timeout)

    def notice(
        self, title: str, text: str, *, detail: str = "", parent: QWidget | None = None, status: bool = True
    ) -> QMessageBox:
        """Tell what happened that the user must know: a box the user closes; its first line also in the status bar."""
        return self._box("Information", title, text, detail, parent, status)

    def warning(
        self, title: str, text: str, *, detail: str = "", parent: QWidget | None = None, status: bool = True
    ) -> QMessageBox:
        """Warn: a box the user closes; ``status`` also leaves its first line in the status bar."""
        return self._box("Warning", title, text, detail, parent, status)

    def error(
        self, title: str, text: str, *, detail: str = "", parent: QWidget | None = None, status: bool = True
    ) -> QMessageBox:
        """Say that something failed: a box the user closes; its first line also in the status bar."""
        return self._box("Critical", title, text, detail, parent, status)

    def user_error(self, title: str, error: UserError, *, parent: QWidget | None = None) -> QMessageBox:
        """Show an error the core raised for what the user can fix, in its own words."""
        return self.error(title, str(error), parent=parent)

    def _box(
        self,
        icon: Literal["Information", "Warning", "Critical"],
        title: str,
        text: str,
        detail: str,
        parent: QWidget | None,
        status: bool,
    ) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox

        if status:
            self.info(text.split("\n")[0])
        box = QMessageBox(QMessageBox.Icon[icon], title, text, QMessageBox.StandardButton.Ok, parent or self._window)
        # What a message quotes comes from files and other tools: shown as text, never as markup.
        box.setTextFormat(Qt.TextFormat.PlainText)
        if detail:
            box.setDetailedText(detail)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal, and the caller goes on: nothing waits on the user's click
        return box
