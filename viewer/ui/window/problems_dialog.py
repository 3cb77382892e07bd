"""ProblemsDialog: every reason a file could not be opened, one per line, as plain text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QTextOption
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from viewer.io.errors import Problem


class ProblemsDialog(QDialog):
    """Lists problems as ``file:line:column: message``, wrapped to the dialog's width.

    Attributes: ``summary`` (what happened), ``details`` (the problems, selectable), ``copy_button`` (copies them all).
    """

    def __init__(
        self,
        path: str,
        problems: list[Problem],
        parent: QWidget | None = None,
        import_article: Callable[[], object] | None = None,
        kept: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cannot open briefing")
        layout = QVBoxLayout(self)
        count = len(problems)
        text = f"{path} cannot be opened: {count} problem{'s' if count != 1 else ''} found."
        if kept:
            text += " The document that was open stays open."
        if import_article is not None:
            text = (
                f"{Path(path).name} looks like an article (plain text or Markdown), not a briefing. "
                "Import as Article turns it into one (File › Import Article does the same, with actors)."
            )
        self.summary = summary = QLabel(text, self)
        summary.setWordWrap(True)
        summary.setTextFormat(summary.textFormat().PlainText)
        layout.addWidget(summary)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        # Wrapped, anywhere if need be: a long path has no space to break at, and a line cut on
        # the right hides the end of the message, which is what the reader needs.
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.details.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.details.setPlainText("\n".join(str(p) for p in problems))
        self.details.setMinimumSize(480, 200)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip("Copy every problem, one per line")
        self.copy_button.clicked.connect(self.copy)
        self.import_button = None
        if import_article is not None:
            self.import_button = buttons.addButton("&Import as Article", QDialogButtonBox.ButtonRole.AcceptRole)
            self.import_button.clicked.connect(lambda: self._import(import_article))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _import(self, import_article: Callable[[], object]) -> None:
        self.accept()
        import_article()

    def copy(self) -> None:
        """Put every problem on the clipboard, one per line (whatever is selected)."""
        QGuiApplication.clipboard().setText(self.details.toPlainText())
