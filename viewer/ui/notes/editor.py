"""NoteEditor: the small dialog to write a note: Markdown text, a named colour, tags."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from viewer.model.notes import DEFAULT_COLOR, NOTE_COLORS, normalise_tags
from viewer.model.search import fold
from viewer.ui.common.clip import wrapping
from viewer.ui.common.palette import color_icon


class NoteEditor(QDialog):
    """Edits one note. ``text()``, ``color()`` and ``tags()`` give the result after ``exec()``.

    Tab and Shift+Tab move between the fields (a note has no use for a tab character);
    Ctrl+Enter saves from any field, Escape cancels.
    """

    def __init__(
        self,
        passage: str,
        color_names: dict[str, str],
        known_tags: list[str],
        text: str = "",
        color: str = DEFAULT_COLOR,
        tags: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        layout = QFormLayout(self)
        shown = " ".join(passage.split())
        quote = QLabel(f"“{shown[:300]}{'…' if len(shown) > 300 else ''}”", self)
        quote.setTextFormat(Qt.TextFormat.PlainText)
        wrapping(quote)
        layout.addRow("Passage:", quote)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText("Your note (Markdown). Leave empty for a bare highlight.")
        self.editor.setPlainText(text)
        self.editor.setMinimumSize(420, 120)
        self.editor.setTabChangesFocus(True)
        layout.addRow("Note:", self.editor)
        self.colors = QComboBox(self)
        for key in NOTE_COLORS:
            self.colors.addItem(color_icon(key), color_names.get(key, key), key)
        self.colors.setCurrentIndex(max(self.colors.findData(color), 0))
        layout.addRow("Colour:", self.colors)
        self.tag_edit = QLineEdit(", ".join(tags), self)
        self.tag_edit.setPlaceholderText("comma-separated, e.g. troops, to check")
        completer = QCompleter(known_tags, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag_edit.setCompleter(completer)
        layout.addRow("Tags:", self.tag_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip("Save the note (Ctrl+Enter)")
        layout.addRow(buttons)
        # Enter in the text is a new line; Ctrl+Enter (either Enter key) saves from any field.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        self.editor.setFocus()
        self._known = {fold(t): t for t in known_tags}

    def text(self) -> str:
        """The note's text as typed."""
        return self.editor.toPlainText().strip("\n")

    def color(self) -> str:
        """The chosen colour key."""
        return str(self.colors.currentData())

    def tags(self) -> tuple[str, ...]:
        """The tags, trimmed; a tag typed with other case or accents reuses the existing spelling."""
        return tuple(self._known.get(fold(t), t) for t in normalise_tags(self.tag_edit.text()))
