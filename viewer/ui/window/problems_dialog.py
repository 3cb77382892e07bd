"""ProblemsDialog: every reason a file could not be opened, one per line, as plain text."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QTextOption
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from viewer.io.errors import Problem


class ProblemsDialog(QDialog):
    """Lists problems as ``file:line:column: message``, wrapped to the dialog's width.

    Attributes: ``details`` (the problems, selectable), ``copy_button`` (copies them all).
    """

    def __init__(self, path: str, problems: list[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cannot open briefing")
        layout = QVBoxLayout(self)
        count = len(problems)
        summary = QLabel(
            f"{path} cannot be opened: {count} problem{'s' if count != 1 else ''} found. "
            "The document that was open stays open.",
            self,
        )
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
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy(self) -> None:
        """Put every problem on the clipboard, one per line (whatever is selected)."""
        QGuiApplication.clipboard().setText(self.details.toPlainText())
