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
# writes it inside the array, field for field (a property test compares the two).
_ROW = (
    '  {\n    "id": %s,\n    "state": %s,\n    "section": %s,\n    "quote": %s,\n    "current_quote": %s,\n'
    '    "text": %s,\n    "tags": %s,\n    "color": %s,\n    "start": %s,\n    "end": %s,\n'
    '    "created": %s,\n    "modified": %s,\n    "other_bodies": %s\n  }'
)
_STATES = {state: encode_basestring(state.value) for state in NoteState}

# The JSON of a note's fields that do not depend on where it is placed, by note id, each with
# its note (a note read again, or changed, is written afresh).
Prepared = dict[str, tuple[Note, tuple[str, ...]]]


def prepare(notes: Iterable[Note]) -> Prepared:
    """What :func:`summaries_json` writes of each note wherever it is placed, written ahead.

    Called while the briefing loads (libxml2 parses it outside Python's lock), so that this
    part of the writing is done by then.
    """
    return {note.id: (note, _fixed_parts(note)) for note in notes}


def _fixed_parts(note: Note) -> tuple[str, ...]:
    string, tags = encode_basestring, note.tags
    return (
        string(note.id),
        string(note.anchor.quote),
        string(note.text),
        "[\n      " + ",\n      ".join(map(string, tags)) + "\n    ]" if tags else "[]",
        string(note.color),
        string(note.created),
        string(note.modified),
        _json(_other_bodies(note)) if note.other_bodies else "[]",
    )


def summaries_json(placed: Sequence[PlacedNote], briefing: Briefing, prepared: Prepared | None = None) -> str:
    """The :func:`note_summary` of each note as a JSON array, indented by two spaces, non-ASCII kept.

    The same text as ``json.dumps`` writes, several times faster: its indented writer is
    pure Python, and walking 10,000 such objects took longer than placing the notes.
    ``prepared``: what :func:`prepare` wrote of the notes ahead.
    """
    if not placed:
        return "[]"
    text, string, states = briefing.text, encode_basestring, _STATES
    sections: dict[str | None, str] = {}  # each section's id as JSON, written once
    known = prepared or {}
    rows = []
    for p in placed:
        note, start, end = p.note, p.start, p.end
        ahead = known.get(note.id)
        note_id, quote, body, tags, color, created, modified, bodies = (
            ahead[1] if ahead is not None and ahead[0] is note else _fixed_parts(note)
        )
        if start is None or end is None:
            current = "null"
        else:
            passage = text[start:end]
            current = quote if passage == note.anchor.quote else string(passage)
        section_id = p.section_id
        section = sections.get(section_id)
        if section is None:
            section = sections[section_id] = "null" if section_id is None else string(section_id)
        rows.append(
            _ROW
            % (
                note_id,
                states[p.state],
                section,
                quote,
                current,
                body,
                tags,
                color,
                "null" if start is None else int.__repr__(start),
                "null" if end is None else int.__repr__(end),
                created,
                modified,
                bodies,
            )
        )
    return "[\n" + ",\n".join(rows) + "\n]"


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
