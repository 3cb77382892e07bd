"""`briefing notes --json` from the store's rows: a note still where it was made never becomes an object."""

from __future__ import annotations

import bisect
import operator

from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore, Row, note_of_row, tag_lists, tag_tuple
from viewer.io.notes.summary import STATES, around_section, array_json, fixed_parts, placed_pieces, section_json
from viewer.model.notes import NoteState
from viewer.model.placed_notes import document_order_key, section_ranks

# A note read for the listing: its row and its tags as read; and, when the row holds only what
# a note made of it would hold as it is (no damaged value, no other bodies), its passage, its
# context, its stored section and its JSON as anchored there but for its section, written
# while the briefing loads. Otherwise None: the note is made and placed as ever.
Unplaced = tuple[Row, object, tuple[int, int, str, str, str, str | None, str, str] | None]

_ANCHORED = STATES[NoteState.ANCHORED]
_START = operator.attrgetter("start")


def read_listing(store: NotesStore, briefing_id: str) -> list[Unplaced]:
    """The notes of a briefing as :func:`listing_json` lists them, in the order of ``notes_for``.

    Read in the thread that reads while the briefing loads (libxml2 parses outside Python's lock).
    """
    rows = store.note_rows(briefing_id)
    return [_unplaced(row, tags) for row, tags in zip(rows, tag_lists(rows), strict=True)]


def _unplaced(row: Row, tag_list: object) -> Unplaced:
    # Only values that note_of_row keeps as they are: the JSON written from them is then the
    # JSON of the note it makes (a differential test compares both ways).
    (note_id, _, quote, prefix, suffix, start, end, section, _, text, color, tags, created, modified, _, revision) = (
        row[:16]
    )
    if not (
        type(note_id) is str
        and type(quote) is str
        and type(prefix) is str
        and type(suffix) is str
        and type(start) is int
        and type(end) is int
        and (section is None or type(section) is str)
        and type(text) is str
        and type(color) is str
        and type(created) is str
        and type(modified) is str
        and type(revision) is int  # (a damaged one goes there, to be read as note_of_row reads it)
        and not row[16]  # other bodies: written from the note
    ):
        return row, tag_list, None
    parts = fixed_parts(note_id, quote, text, tag_tuple(tags, tag_list), color, created, modified, "[]")
    before, after = around_section(parts, _ANCHORED, parts[1], int.__repr__(start), int.__repr__(end))
    return row, tag_list, (start, end, quote, prefix, suffix, section, before, after)


def listing_json(notebook: Notebook, unplaced: list[Unplaced]) -> str:
    """What `notes --json` prints: ``summaries_json(notebook.placed(notes), notebook.briefing)``
    of the notes in these rows, the same text to the byte.

    A note whose passage is where it was made, in its whole context (most notes, on a briefing
    that has not changed), is written as anchored there straight from its row, without a note,
    an anchor or a placed note made of it, and its section found by walking the lines along
    with the notes (they come by position) instead of a search for each: 10,000 notes took
    70 ms to place and write, now 25. Any other note is placed by the notebook, as ever.
    """
    briefing = notebook.briefing
    text, unmoved = briefing.text, notebook.anchorer.unmoved
    ranks = section_ranks(briefing)
    last = len(ranks)
    blocks, line, reached = briefing.blocks, -1, -1  # the line at `reached` (as Briefing.block_at)
    lines = len(blocks)
    sections: dict[str | None, str] = {}
    keys: list[tuple[int, int, int]] = []
    objects: list[tuple[str, str, str]] = []
    for row, tag_list, fields in unplaced:
        if fields is not None:
            start, end, quote, prefix, suffix, stored_section, before, after = fields
            if unmoved(quote, prefix, suffix, start, end):
                # As Anchorer.place places it: anchored where it was, in the section there now.
                if start < reached:  # (never: the rows come by position)
                    line = bisect.bisect_right(blocks, start, key=_START) - 1
                else:
                    while line + 1 < lines and blocks[line + 1].start <= start:
                        line += 1
                reached = start
                section = (blocks[line].section_id if line >= 0 else None) or stored_section
                keys.append((last if section is None else ranks.get(section, last), start, end))
                objects.append((before, section_json(section, sections), after))
                continue
        placed = notebook.place(note_of_row(row, tag_list))
        keys.append(document_order_key(placed, ranks))
        objects.append(placed_pieces(placed, text, sections))
    return array_json(objects[i] for i in sorted(range(len(objects)), key=keys.__getitem__))
