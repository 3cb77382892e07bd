"""Undoable note edits: add, edit (text, colour, tags, passage) and delete, over the notes store."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from viewer.io.errors import StoreError
from viewer.model.notes import Note

if TYPE_CHECKING:
    from viewer.io.notes_store import NotesStore

ErrorSink = Callable[[str], None]


class _StoreCommand(QUndoCommand):
    """A command whose first redo has already been done by the caller.

    The window applies a change to the store before pushing the command, so
    that a failure (a full disk) is reported and nothing is pushed. Later
    undo/redo failures are reported through ``on_error`` and leave the
    command obsolete rather than half-done.
    """

    def __init__(self, text: str, store: NotesStore, on_error: ErrorSink) -> None:
        super().__init__(text)
        self.store = store
        self.on_error = on_error
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._guard(self.apply)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except StoreError as error:
            self.setObsolete(True)
            self.on_error(str(error))

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddNote(_StoreCommand):
    """Add a note; undo deletes it."""

    def __init__(self, store: NotesStore, note: Note, on_error: ErrorSink) -> None:
        super().__init__("Add Note" if note.text else "Add Highlight", store, on_error)
        self.note = note

    def apply(self) -> None:
        self.store.add(self.note)

    def revert(self) -> None:
        self.store.remove(self.note.id)


class EditNote(_StoreCommand):
    """Replace a note by an edited copy; undo restores it."""

    def __init__(
        self, store: NotesStore, before: Note, after: Note, on_error: ErrorSink, label: str = "Edit Note"
    ) -> None:
        super().__init__(label, store, on_error)
        self.before, self.after = before, after

    def apply(self) -> None:
        self.store.update(self.after)

    def revert(self) -> None:
        self.store.update(self.before)


class DeleteNote(_StoreCommand):
    """Delete a note; undo puts it back as it was, with its id."""

    def __init__(self, store: NotesStore, note: Note, on_error: ErrorSink) -> None:
        super().__init__("Delete Note", store, on_error)
        self.note = note

    def apply(self) -> None:
        self.store.remove(self.note.id)

    def revert(self) -> None:
        self.store.add(self.note)


def edit_label(before: Note, after: Note) -> str:
    """What an edit changed, for the Undo menu."""
    if before.anchor != after.anchor:
        return "Re-attach Note"
    changed = [name for name in ("text", "color", "tags") if getattr(before, name) != getattr(after, name)]
    if changed == ["color"]:
        return "Recolour Note"
    if changed == ["tags"]:
        return "Retag Note"
    return "Edit Note"
