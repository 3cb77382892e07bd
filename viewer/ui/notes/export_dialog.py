"""ExportDialog: File › Export Notes, with the export options and a live preview."""

from __future__ import annotations

from collections.abc import Callable
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
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from viewer.io.atomic import write_atomically
from viewer.io.notes.markdown_export import ExportOptions
from viewer.model.notes import PlacedNote

Render = Callable[[list[PlacedNote], ExportOptions], str]


class ExportDialog(QDialog):
    """Choose grouping, what to include and whether to follow the notes panel's filter; see the result; save.

    ``render(notes, options)`` makes the Markdown; ``all_notes`` and ``filtered_notes``
    are the two sets the user can export. ``saved_path`` is set after a save.
    """

    GROUPS = (("section", "Section"), ("color", "Colour"), ("tag", "Tag"), ("actor", "Actor"))

    def __init__(
        self,
        render: Render,
        all_notes: list[PlacedNote],
        filtered_notes: list[PlacedNote],
        suggested_name: str,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export notes to Markdown")
        self._render = render  # not `render`: that is QWidget.render, which paints the widget
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
        return ExportOptions(
            group_by=str(self.group_by.currentData()),
            quotes=self.quotes.isChecked(),
            details=self.details.isChecked(),
            orphans=self.orphans.isChecked(),
        )

    def markdown(self) -> str:
        """The export as it would be saved."""
        notes = self.filtered_notes if self.filtered.isChecked() else self.all_notes
        return self._render(notes, self.options())

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
            QMessageBox.critical(
                self, "Export notes", f"Could not write {path}: {error.strerror or error}. Nothing was written."
            )
            return False
        self.settings.setValue("export-folder", str(path.parent))
        self.saved_path = path
        self.accept()
        return True
