"""Notebook: the notes of one briefing, placed on its current text, over a NotesStore."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from viewer.model.anchoring import Anchorer, make_anchor
from viewer.model.briefing import Briefing
from viewer.model.notes import DEFAULT_COLOR, Note, PlacedNote, new_id, normalise_tags
from viewer.model.placed_notes import PlacedNotes, in_document_order

if TYPE_CHECKING:
    # Only named: the window places notes without loading SQLite until a store is opened.
    from viewer.io.notes.store import NotesStore


class Notebook:
    """Creates notes on passages of ``briefing`` and places stored ones on its text.

    Attributes: ``briefing``, ``store``, ``anchorer``.
    """

    def __init__(self, briefing: Briefing, store: NotesStore) -> None:
        self.briefing = briefing
        self.store = store
        # Given the briefing, not the notebook: a notebook in no reference cycle is freed as soon as it is
        # let go, with its briefing (the window's loads freeze what they make, see ui/window/loading.py).
        self.anchorer = Anchorer(briefing.text, partial(_section_range, briefing), partial(_section_at, briefing))

    def section_at(self, offset: int) -> str | None:
        """The id of the innermost section at an offset of the text (None before the first)."""
        return _section_at(self.briefing, offset)

    def placed(self, notes: Iterable[Note] | None = None) -> list[PlacedNote]:
        """Every note of the briefing where its passage is now, in document order, orphans last.

        ``notes``: the briefing's notes when they were read already (by default they are read now).
        """
        return in_document_order(self.briefing, self._place_all(notes))

    def placed_notes(self, notes: Iterable[Note] | None = None) -> PlacedNotes:
        """Every note of the briefing placed on its text, as one PlacedNotes (``notes``: as for ``placed``)."""
        return PlacedNotes(self.briefing, self._place_all(notes))

    def _place_all(self, notes: Iterable[Note] | None) -> list[PlacedNote]:
        if notes is None:
            notes = self.store.notes_for(self.briefing.id)
        place = self.anchorer.place
        return [place(note) for note in notes]

    def place(self, note: Note) -> PlacedNote:
        """Where one note's passage is now."""
        return self.anchorer.place(note)

    def new_note(
        self, start: int, end: int, text: str = "", color: str = DEFAULT_COLOR, tags: Iterable[str] = ()
    ) -> Note:
        """A note on ``text[start:end]`` (not yet stored): surrounding white space is left out."""
        passage = self.briefing.text[start:end]
        start += len(passage) - len(passage.lstrip())
        end -= len(passage) - len(passage.rstrip())
        if end <= start:
            raise ValueError("select some text to attach a note to")
        anchor = make_anchor(self.briefing.text, start, end, self.section_at(start), self.anchorer.digest)
        return Note(new_id(), self.briefing.id, anchor, text, color, normalise_tags(list(tags)))

    def reattached(self, note: Note, start: int, end: int) -> Note:
        """The note moved to a new passage (its text, colour and tags kept)."""
        fresh = self.new_note(start, end)
        return note.edited(anchor=fresh.anchor)


def _section_range(briefing: Briefing, section_id: str) -> tuple[int, int] | None:
    section = briefing.section(section_id)
    return (section.start, section.end) if section else None


def _section_at(briefing: Briefing, offset: int) -> str | None:
    block = briefing.block_at(offset)
    return block.section_id if block else None
