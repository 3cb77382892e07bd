"""ColorNamesDialog: rename what each note colour means."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from viewer.model.notes import NOTE_COLORS
from viewer.ui.common.palette import color_icon


class ColorNamesDialog(QDialog):
    """One line edit per colour; ``names()`` gives the result."""

    def __init__(self, names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note colours")
        layout = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key in NOTE_COLORS:
            edit = QLineEdit(names.get(key, key), self)
            edit.addAction(color_icon(key), QLineEdit.ActionPosition.LeadingPosition)
            self.edits[key] = edit
            layout.addRow(key.capitalize() + ":", edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def names(self) -> dict[str, str]:
        """The new names (an emptied field keeps the colour's default meaning)."""
        return {key: " ".join(edit.text().split()) or NOTE_COLORS[key][0] for key, edit in self.edits.items()}
