"""A note as the JSON object that `briefing notes --json` prints."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring  # the C encoder of one string, when Python has it
from typing import Any

from viewer.model.briefing import Briefing
from viewer.model.notes import Note, NoteState, PlacedNote


def note_summary(placed: PlacedNote, briefing: Briefing) -> dict[str, Any]:
    """The fields scripts rely on.

    ``quote`` is the passage as the note was made; ``current_quote`` the passage
    now (equal to ``quote`` unless it was reworded; null when orphaned);
    ``other_bodies`` what an imported note carries besides text (links, images...), as it came.
    """
    note = placed.note
    current = briefing.text[placed.start : placed.end] if placed.start is not None and placed.end is not None else None
    return {
        "id": note.id,
        "state": placed.state.value,
        "section": placed.section_id,
        "quote": note.anchor.quote,
        "current_quote": current,
        "text": note.text,
        "tags": list(note.tags),
        "color": note.color,
        "start": placed.start,
        "end": placed.end,
        "created": note.created,
        "modified": note.modified,
        "other_bodies": _other_bodies(note),
    }


# One note of `notes --json` as `json.dumps(note_summary(...), ensure_ascii=False, indent=2)`
# writes it inside the array, field for field (a property test compares the two), in two
# pieces around its section: all the rest may be written before the note is placed.
_BEFORE_SECTION = '  {\n    "id": %s,\n    "state": %s,\n    "section": '
_AFTER_SECTION = (
    ',\n    "quote": %s,\n    "current_quote": %s,\n    "text": %s,\n    "tags": %s,\n    "color": %s,\n'
    '    "start": %s,\n    "end": %s,\n    "created": %s,\n    "modified": %s,\n    "other_bodies": %s\n  }'
)
STATES = {state: encode_basestring(state.value) for state in NoteState}  # each state as JSON
# The JSON of a note's id, quote, text, tags, colour, dates and other bodies, in that order.
Parts = tuple[str, str, str, str, str, str, str, str]


def fixed_parts(
    note_id: str, quote: str, text: str, tags: tuple[str, ...], color: str, created: str, modified: str, bodies: str
) -> Parts:
    """The JSON of a note's fields that do not depend on where it is placed, for :func:`around_section`
    (``bodies``: its other bodies as JSON already, "[]" when it has none)."""
    string = encode_basestring
    return (
        string(note_id),
        string(quote),
        string(text),
        "[\n      " + ",\n      ".join(map(string, tags)) + "\n    ]" if tags else "[]",
        string(color),
        string(created),
        string(modified),
        bodies,
    )


def note_parts(note: Note) -> Parts:
    """:func:`fixed_parts` of a note."""
    bodies = _json(_other_bodies(note)) if note.other_bodies else "[]"
    return fixed_parts(
        note.id, note.anchor.quote, note.text, note.tags, note.color, note.created, note.modified, bodies
    )


def around_section(parts: Parts, state: str, current: str, start: str, end: str) -> tuple[str, str]:
    """One note of `notes --json` but its section: what comes before it and after it, from the
    JSON of each field (its ``parts``, its state, its passage now, its offsets)."""
    note_id, quote, body, tags, color, created, modified, bodies = parts
    return (
        _BEFORE_SECTION % (note_id, state),
        _AFTER_SECTION % (quote, current, body, tags, color, start, end, created, modified, bodies),
    )


def placed_pieces(placed: PlacedNote, text: str, sections: dict[str | None, str]) -> tuple[str, str, str]:
    """One placed note of `notes --json` on the briefing's ``text``, in three pieces (before its
    section, its section, after it); ``sections``: each section's id as JSON, filled as they come."""
    note, start, end = placed.note, placed.start, placed.end
    parts = note_parts(note)
    if start is None or end is None:
        current = "null"
    else:
        passage = text[start:end]
        current = parts[1] if passage == note.anchor.quote else encode_basestring(passage)
    before, after = around_section(
        parts,
        STATES[placed.state],
        current,
        "null" if start is None else int.__repr__(start),
        "null" if end is None else int.__repr__(end),
    )
    return before, section_json(placed.section_id, sections), after


def section_json(section_id: str | None, sections: dict[str | None, str]) -> str:
    """A section's id as JSON, written once per section into ``sections``."""
    section = sections.get(section_id)
    if section is None:
        section = sections[section_id] = "null" if section_id is None else encode_basestring(section_id)
    return section


def summaries_json(placed: Sequence[PlacedNote], briefing: Briefing) -> str:
    """The :func:`note_summary` of each note as a JSON array, indented by two spaces, non-ASCII kept.

    The same text as ``json.dumps`` writes, several times faster: its indented writer is
    pure Python, and walking 10,000 such objects took longer than placing the notes.
    """
    sections: dict[str | None, str] = {}
    return array_json([placed_pieces(p, briefing.text, sections) for p in placed])


def array_json(objects: Iterable[tuple[str, ...]]) -> str:
    """The array of these notes' JSON objects, each in pieces, as json.dumps with an indent writes it."""
    pieces = ["[\n"]
    extend, append = pieces.extend, pieces.append
    for piece in objects:
        extend(piece)
        append(",\n")
    if len(pieces) == 1:
        return "[]"
    pieces[-1] = "\n]"
    return "".join(pieces)


def _json(value: list[Any]) -> str:
    from viewer.io.notes.jsonout import dumps_indented

    return dumps_indented(value, level=2)


def _other_bodies(note: Note) -> list[Any]:
    if not note.other_bodies:
        return []
    from viewer.io.notes.web_annotation import other_bodies

    return other_bodies(note)


def one_line(text: str, limit: int = 60) -> str:
    """A passage on one line, shortened with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
