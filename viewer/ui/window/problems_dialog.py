"""ProblemsDialog: every reason a file could not be opened, one per line, as plain text."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from viewer.io.errors import Problem


class ProblemsDialog(QDialog):
    """Lists problems as ``file:line:column: message``; the text can be selected and copied."""

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
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setPlainText("\n".join(str(p) for p in problems))
        self.details.setMinimumSize(640, 200)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
