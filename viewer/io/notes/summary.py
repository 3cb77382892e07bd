"""A note as the JSON object that `briefing notes --json` prints."""

from __future__ import annotations

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


def _other_bodies(note: Note) -> list[Any]:
    if not note.other_bodies:
        return []
    from viewer.io.notes.web_annotation import other_bodies

    return other_bodies(note)


def one_line(text: str, limit: int = 60) -> str:
    """A passage on one line, shortened with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
