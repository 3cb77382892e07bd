"""ExportDialog: File › Export Notes, with the export options and a live preview."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from viewer.io.atomic import write_atomically
from viewer.io.notes.markdown_export import ExportOptions, export_markdown
from viewer.model.briefing import Briefing
from viewer.model.notes import PlacedNote
from viewer.ui.common.messages import Messages


class ExportDialog(QDialog):
    """Choose grouping, what to include and whether to follow the notes panel's filter; see the result; save.

    ``all_notes`` and ``filtered_notes`` are the two sets of the ``briefing``'s notes the user
    can export; ``base`` holds what the options do not choose (the source's name, the colour
    names). ``saved_path`` is set after a save; a failed write is told through ``messages``.
    """

    GROUPS = (("section", "Section"), ("color", "Colour"), ("tag", "Tag"), ("actor", "Actor"))

    def __init__(
        self,
        briefing: Briefing,
        all_notes: list[PlacedNote],
        filtered_notes: list[PlacedNote],
        base: ExportOptions,
        suggested_name: str,
        settings: QSettings,
        messages: Messages,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export notes to Markdown")
        self.briefing = briefing
        self.base = base
        self.messages = messages
        self.all_notes = all_notes
        self.filtered_notes = filtered_notes
        self.suggested_name = suggested_name
        self.settings = settings
        self.saved_path: Path | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        form = QFormLayout()
        self.group_by = QComboBox(self)
        for key, label in self.GROUPS:
            self.group_by.addItem(label, key)
        form.addRow("Group by:", self.group_by)
        top.addLayout(form)
        self.quotes = QCheckBox("Quoted passages", self)
        self.details = QCheckBox("Details (colour, tags, actors, claims)", self)
        self.orphans = QCheckBox("Orphaned notes", self)
        self.filtered = QCheckBox(f"Only the {len(filtered_notes)} notes the panel's filter shows", self)
        for box in (self.quotes, self.details, self.orphans):
            box.setChecked(True)
        self.filtered.setEnabled(len(filtered_notes) != len(all_notes))
        checks = QVBoxLayout()
        for box in (self.quotes, self.details, self.orphans, self.filtered):
            checks.addWidget(box)
            box.toggled.connect(self.update_preview)
        top.addLayout(checks)
        layout.addLayout(top)
        self.group_by.currentIndexChanged.connect(self.update_preview)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setFont(QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)))
        self.preview.setMinimumSize(640, 360)
        layout.addWidget(self.preview, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.update_preview()

    def options(self) -> ExportOptions:
        """The options as chosen."""
        return replace(
            self.base,
            group_by=str(self.group_by.currentData()),
            quotes=self.quotes.isChecked(),
            details=self.details.isChecked(),
            orphans=self.orphans.isChecked(),
        )

    def markdown(self) -> str:
        """The export as it would be saved."""
        notes = self.filtered_notes if self.filtered.isChecked() else self.all_notes
        return export_markdown(self.briefing, notes, self.options())

    def update_preview(self) -> None:
        """Show the export as it is now."""
        self.preview.setPlainText(self.markdown())

    def save(self) -> None:
        """Ask where, then write the file atomically (never half a file)."""
        folder = Path(str(self.settings.value("export-folder", str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(
            self, "Export notes", str(folder / self.suggested_name), "Markdown (*.md);;All files (*)"
        )
        if path:
            self.write(Path(path))

    def write(self, path: Path) -> bool:
        """Write the export to ``path``; report a failure and keep the dialog open."""
        try:
            write_atomically(path, self.markdown())
        except OSError as error:
            self.messages.error(
                "Export notes", f"Could not write {path}: {error.strerror or error}. Nothing was written.", parent=self
            )
            return False
        self.settings.setValue("export-folder", str(path.parent))
        self.saved_path = path
        self.accept()
        return True
