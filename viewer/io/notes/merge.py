"""Merging a change made on an out-of-date note with what another window or process saved since."""

from __future__ import annotations

from dataclasses import replace

from viewer.io.errors import NoteConflict
from viewer.model.notes import Note

# What a user edits, with the word a message uses for it.
EDITABLE = {"text": "text", "color": "colour", "tags": "tags", "anchor": "passage"}
# Kept as an import brought them, never edited in the window: a stale edit leaves what is stored.
CARRIED = {"other_bodies": "attachments", "creator": "creator"}
_WORDS = EDITABLE | CARRIED


def changed(before: Note, after: Note) -> list[str]:
    """The editable fields that differ between two versions of a note."""
    return _differing(before, after, EDITABLE)


def _differing(before: Note, after: Note, names: dict[str, str]) -> list[str]:
    return [name for name in names if getattr(before, name) != getattr(after, name)]


def merged(note: Note, base: Note | None, current: Note) -> Note:
    """What to store for ``note`` (edited from ``base``) when the store holds ``current``.

    On the current revision: the note as it is. Out of date: the fields this edit changed
    (``base`` against ``note``) laid over ``current``, unless the other change touched one of
    them differently; then NoteConflict names them. Without ``base`` an out-of-date edit
    cannot tell its own changes from stale values: any difference is a conflict, and what an
    import carried (other bodies, creator) is kept as stored.
    """
    if note.revision == current.revision:
        return note
    if base is None or base.revision != note.revision:
        mine = changed(current, note)
        clash = mine
    else:
        mine = _differing(base, note, _WORDS)
        theirs = set(_differing(base, current, _WORDS))
        clash = [name for name in mine if name in theirs and getattr(note, name) != getattr(current, name)]
    if clash:
        words = " and ".join(_WORDS[name] for name in clash)
        raise NoteConflict(
            f"this note's {words} was changed elsewhere (another window or process) meanwhile; "
            "this change was not saved over it",
            note.id,
            tuple(_WORDS[name] for name in clash),
            current,
        )
    if not mine:
        return current
    return replace(current, modified=note.modified, **{name: getattr(note, name) for name in mine})


def deleted_meanwhile(note_id: str) -> NoteConflict:
    """The refusal of a change to a note deleted elsewhere."""
    return NoteConflict(
        "this note was deleted elsewhere (another window or process) meanwhile; this change was not saved",
        note_id,
        (),
        None,
    )


def changed_before_deletion(current: Note) -> NoteConflict:
    """The refusal to delete a note changed elsewhere since it was read."""
    return NoteConflict(
        "this note was changed elsewhere (another window or process) meanwhile; it was not deleted",
        current.id,
        (),
        current,
    )
