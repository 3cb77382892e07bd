"""NotesExport: File › Export Notes and Notes › Copy as Markdown, from the placed notes to the core exporter."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from viewer.model.briefing import Briefing
from viewer.model.placed_notes import PlacedNotes
from viewer.ui.common.messages import Messages
from viewer.ui.notes.controller import NotesController
from viewer.ui.notes.panel import NotesPanel

# The exporter and its dialog are imported when first used: the window opens without them.
if TYPE_CHECKING:
    from viewer.io.notes.markdown_export import ExportOptions
    from viewer.ui.notes.export_dialog import ExportDialog


class NotesExport(QObject):
    """Exports the open briefing's notes (``placed_notes``) as the notes panel shows them."""

    def __init__(
        self,
        placed_notes: PlacedNotes,
        panel: NotesPanel,
        notes: NotesController,
        settings: QSettings,
        messages: Messages,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.placed_notes = placed_notes
        self.panel = panel
        self.notes = notes
        self.settings = settings
        self.messages = messages
        self.window = window
        self.briefing: Briefing | None = None

    def base_options(self) -> ExportOptions:
        """What every export of the open briefing says besides the notes: its file's name, the colour names."""
        from viewer.io.notes.markdown_export import ExportOptions

        path = self.briefing.path if self.briefing is not None else None
        return ExportOptions(source_name=Path(path).name if path else "", color_names=self.notes.color_names())

    def dialog(self) -> ExportDialog | None:
        """The export dialog on the open briefing's notes, not yet shown (None without a briefing)."""
        from viewer.ui.notes.export_dialog import ExportDialog

        if self.briefing is None:
            return None
        visible = set(self.panel.visible_notes())
        every = self.placed_notes.ordered()
        stem = Path(self.briefing.path).stem if self.briefing.path else self.briefing.id
        return ExportDialog(
            self.briefing,
            every,
            [p for p in every if p.id in visible],
            self.base_options(),
            f"{stem}-notes.md",
            self.settings,
            self.messages,
            self.window,
        )

    def export_notes(self) -> None:
        """File › Export Notes (Ctrl+Shift+E)."""
        dialog = self.dialog()
        if dialog is None:
            return
        if dialog.exec() == dialog.DialogCode.Accepted and dialog.saved_path:
            self.messages.info(f"Notes exported to {dialog.saved_path}")

    def copy_markdown(self) -> None:
        """Notes › Copy as Markdown: the selected note, else every note the filter shows."""
        if self.briefing is None:
            return
        selected = self.panel.selected_note()
        ids = [selected] if selected else self.panel.visible_notes()
        notes = [p for p in map(self.placed_notes.get, ids) if p is not None]
        if not notes:
            self.messages.info("No notes to copy.", 4000)
            return
        from viewer.io.notes.markdown_export import export_markdown

        QApplication.clipboard().setText(export_markdown(self.briefing, notes, self.base_options()))
        self.messages.info(f"Copied {len(notes)} note{'s' if len(notes) != 1 else ''} as Markdown.", 4000)
