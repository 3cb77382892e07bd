"""Notes › Rename Note Colours: the dialog, and the names stored for every window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from viewer.io.errors import StoreError
from viewer.ui.common.messages import Messages
from viewer.ui.notes.controller import NotesController


def rename_colors(notes: NotesController, messages: Messages, parent: QWidget) -> None:
    """Ask for the colours' names and store them; the notes panel shows them at once."""
    from viewer.ui.notes.color_names_dialog import ColorNamesDialog

    if notes.store is None:
        messages.info("Notes are unavailable: the notes store could not be opened.")
        return
    dialog = ColorNamesDialog(notes.color_names(), parent)
    if dialog.exec() == ColorNamesDialog.DialogCode.Accepted:
        try:
            for key, name in dialog.names().items():
                notes.store.set_color_name(key, name)
        except StoreError as error:
            messages.user_error("Rename note colours", error)
        notes.panel.set_color_names(notes.color_names())
        notes.reload()
