"""Undoable note edits: add, edit (text, colour, tags, passage) and delete, over the notes store.

Undo and redo are changes like any other: each is made on the revision this window last
stored, so the store merges it with what another window saved since, or refuses it
(NoteConflict), which the controller resolves without losing either side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from viewer.io.errors import NoteConflict, StoreError
from viewer.io.notes.merge import changed
from viewer.model.notes import Note, now

if TYPE_CHECKING:
    from viewer.io.notes.store import NotesStore

ErrorSink = Callable[[str], None]
# The note as this window shows it now: its last change from here or loaded from elsewhere.
Seen = Callable[[str], Note | None]
# Resolves a refused change: (the refusal, the note as this window wanted it; None for a deletion).
ConflictSink = Callable[[NoteConflict, Note | None], None]


class _StoreCommand(QUndoCommand):
    """A command whose first redo has already been done by the caller.

    The window applies a change to the store before pushing the command, so
    that a failure (a full disk) is reported and nothing is pushed. Later
    undo/redo failures are reported through ``on_error`` (a conflict with
    another window through ``on_conflict``) and leave the command obsolete
    rather than half-done.
    """

    def __init__(
        self, text: str, store: NotesStore, on_error: ErrorSink, on_conflict: ConflictSink, seen: Seen
    ) -> None:
        super().__init__(text)
        self.store = store
        self.on_error = on_error
        self.on_conflict = on_conflict
        self.seen = seen
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._guard(self.apply)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, action: Callable[[], None]) -> None:
        self._wanted: Note | None = None  # what the action asks the store to hold (None: a deletion)
        try:
            action()
        except NoteConflict as conflict:
            self.setObsolete(True)
            self.on_conflict(conflict, self._wanted)
        except StoreError as error:
            self.setObsolete(True)
            self.on_error(str(error))

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddNote(_StoreCommand):
    """Add a note; undo deletes it unless it was changed elsewhere unseen."""

    def __init__(
        self,
        store: NotesStore,
        note: Note,
        on_error: ErrorSink,
        on_conflict: ConflictSink,
        seen: Seen,
        label: str = "",
    ) -> None:
        label = label or ("Add Note" if note.text else "Add Highlight")
        super().__init__(label, store, on_error, on_conflict, seen)
        self.note = note

    def apply(self) -> None:
        self._wanted = self.note
        self.store.add(self.note)

    def revert(self) -> None:
        self._wanted = None
        self.note = self.seen(self.note.id) or self.note
        self.store.remove(self.note.id, self.note.revision)


class EditNote(_StoreCommand):
    """Change a note's fields from ``before`` to ``after``; undo changes those fields back.

    ``stored`` is the note as the store holds it after the change (merged, maybe, with
    another window's change to other fields): undo and redo touch only the fields this
    edit changed, on the revision they last stored.
    """

    def __init__(
        self,
        store: NotesStore,
        before: Note,
        after: Note,
        stored: Note,
        on_error: ErrorSink,
        on_conflict: ConflictSink,
        seen: Seen,
        label: str = "Edit Note",
    ) -> None:
        super().__init__(label, store, on_error, on_conflict, seen)
        fields = changed(before, after)
        self.before = {name: getattr(before, name) for name in fields}
        self.after = {name: getattr(after, name) for name in fields}
        self.current = stored

    def _change(self, values: dict[str, object]) -> None:
        base = self.seen(self.current.id) or self.current
        self._wanted = replace(base, modified=now(), **values)  # type: ignore[arg-type]
        self.current = self.store.update(self._wanted, base=base)

    def apply(self) -> None:
        self._change(self.after)

    def revert(self) -> None:
        self._change(self.before)


class DeleteNote(_StoreCommand):
    """Delete a note (``note``: as last seen); undo puts it back as it was, with its id."""

    def __init__(
        self, store: NotesStore, note: Note, on_error: ErrorSink, on_conflict: ConflictSink, seen: Seen
    ) -> None:
        super().__init__("Delete Note", store, on_error, on_conflict, seen)
        self.note = note

    def apply(self) -> None:
        self._wanted = None
        self.note = self.seen(self.note.id) or self.note
        self.store.remove(self.note.id, self.note.revision)

    def revert(self) -> None:
        self._wanted = self.note
        self.store.add(self.note)


def edit_label(before: Note, after: Note) -> str:
    """What an edit changed, for the Undo menu."""
    if before.anchor != after.anchor:
        return "Re-attach Note"
    changed_fields = changed(before, after)
    if changed_fields == ["color"]:
        return "Recolour Note"
    if changed_fields == ["tags"]:
        return "Retag Note"
    return "Edit Note"
