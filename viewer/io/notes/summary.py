"""A note as the JSON object that `briefing notes --json` prints."""

from __future__ import annotations

from collections.abc import Sequence
from json.encoder import encode_basestring  # the C encoder of one string, when Python has it
from typing import Any

from viewer.model.briefing import Briefing
from viewer.model.notes import Note, PlacedNote


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


def summaries_json(placed: Sequence[PlacedNote], briefing: Briefing) -> str:
    """The :func:`note_summary` of each note as a JSON array, indented by two spaces, non-ASCII kept.

    The same text as ``json.dumps`` writes, several times faster: its indented writer is
    pure Python, and walking 10,000 such objects took longer than placing the notes.
    """
    if not placed:
        return "[]"
    text, string = briefing.text, encode_basestring
    rows = []
    for p in placed:
        note, start, end = p.note, p.start, p.end
        whole = start is not None and end is not None
        tags = note.tags
        rows.append(
            _ROW
            % (
                string(note.id),
                string(p.state.value),
                "null" if p.section_id is None else string(p.section_id),
                string(note.anchor.quote),
                string(text[start:end]) if whole else "null",
                string(note.text),
                "[\n      " + ",\n      ".join(map(string, tags)) + "\n    ]" if tags else "[]",
                string(note.color),
                "null" if start is None else int.__repr__(start),
                "null" if end is None else int.__repr__(end),
                string(note.created),
                string(note.modified),
                _json(_other_bodies(note)) if note.other_bodies else "[]",
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
