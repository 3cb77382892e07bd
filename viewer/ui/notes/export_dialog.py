"""ExportDialog: File › Export Notes, with the export options and a live preview."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QPlainTextDocumentLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from viewer.io.atomic import write_atomically
from viewer.io.notes.markdown_export import ExportOptions, NoteCache, export_pieces
from viewer.model.briefing import Briefing
from viewer.model.notes import PlacedNote
from viewer.ui.common.messages import Messages

# What the preview takes in one turn of the event loop: a few screens of text (in characters, and
# lines: each line is a block for the view to lay out), or what is made in this time.
PREVIEW_TURN_CHARACTERS = 20_000
PREVIEW_FIRST_CHARACTERS = 8_000  # the first screen (and more): shown in the turn of the click
PREVIEW_TURN_SECONDS = 0.012


class ExportDialog(QDialog):
    """Choose grouping, what to include and whether to follow the notes panel's filter; see the result; save.

    ``all_notes`` and ``filtered_notes`` are the two sets of the ``briefing``'s notes the user
    can export; ``base`` holds what the options do not choose (the source's name, the colour
    names). ``saved_path`` is set after a save; a failed write is told through ``messages``.

    The ``preview`` shows its first screen as soon as an option is changed and the rest over the
    next turns of the event loop (``preview_complete()`` says when it is all there): with 10,000
    notes, making and setting the whole text at each click took up to half a second. Each note's
    Markdown is kept, by its revision and the options it depends on, for the next change.
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
        self._rendered: NoteCache = {}
        self._pieces: Iterator[str] | None = None
        self._filler = QTimer(self)
        self._filler.setInterval(0)
        self._filler.timeout.connect(self._show_more)
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
        kept = "note" if len(filtered_notes) == 1 else f"{len(filtered_notes)} notes"
        self.filtered = QCheckBox(f"Only the {kept} the panel's filter shows", self)
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

    def _pieces_now(self) -> Iterator[str]:
        notes = self.filtered_notes if self.filtered.isChecked() else self.all_notes
        return export_pieces(self.briefing, notes, self.options(), self._rendered)

    def markdown(self) -> str:
        """The export as it would be saved."""
        return "".join(self._pieces_now())

    def update_preview(self) -> None:
        """Show the export as it is now: its start at once, the rest on the next turns of the loop."""
        self._pieces = self._pieces_now()
        # A new document rather than the old one emptied: emptying 2 MB of text took the click's
        # turn 20 ms; the old one goes on a later turn.
        document = QTextDocument(self.preview)
        document.setDocumentLayout(QPlainTextDocumentLayout(document))
        document.setDefaultFont(self.preview.font())
        document.setPlainText(self._next_text(PREVIEW_FIRST_CHARACTERS))
        previous = self.preview.document()
        previous.setParent(self)  # else the preview deletes it at once
        self.preview.setDocument(document)
        previous.deleteLater()
        if self._pieces is not None:
            self._filler.start()
        else:
            self._filler.stop()

    def preview_complete(self) -> bool:
        """Whether the preview shows the whole export."""
        return self._pieces is None

    def _next_text(self, most: int = PREVIEW_TURN_CHARACTERS) -> str:
        """The next pieces of the export: what fits in a turn of the loop (None left when all is taken)."""
        assert self._pieces is not None
        taken: list[str] = []
        size = lines = 0
        deadline = time.perf_counter() + PREVIEW_TURN_SECONDS
        for piece in self._pieces:
            taken.append(piece)
            size += len(piece)
            lines += piece.count("\n")
            if size >= most or lines >= most // 40 or time.perf_counter() > deadline:
                break
        else:
            self._pieces = None
        return "".join(taken)

    def _show_more(self) -> None:
        if self._pieces is None:
            self._filler.stop()
            return
        cursor = QTextCursor(self.preview.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(self._next_text())
        if self._pieces is None:
            self._filler.stop()

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
