"""ReadingPlace: where a reader left a briefing, kept so that it survives a revision of the file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from viewer.model.briefing import Briefing

ANCHOR_CHARS = 40  # enough text to find the place again in a revised section, short enough to store many


@dataclass(frozen=True, slots=True)
class ReadingPlace:
    """A place in a briefing: ``section_id`` (None: before any section), ``offset`` from that
    section's start (of the text, without one), and ``anchor``, the text that starts there."""

    section_id: str | None
    offset: int
    anchor: str

    def to_json(self) -> dict[str, Any]:
        """A JSON object of this place."""
        return {"section": self.section_id, "offset": self.offset, "anchor": self.anchor}

    @classmethod
    def from_json(cls, value: object) -> ReadingPlace | None:
        """The place a JSON object holds, or None when it is not one (a damaged settings file)."""
        if not isinstance(value, dict):
            return None
        section, offset, anchor = value.get("section"), value.get("offset"), value.get("anchor")
        if section is not None and not isinstance(section, str):
            return None
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0 or not isinstance(anchor, str):
            return None
        return cls(section, offset, anchor[:ANCHOR_CHARS])


def place_at(briefing: Briefing, offset: int) -> ReadingPlace:
    """The place of ``offset`` in ``briefing``'s text."""
    offset = min(max(offset, 0), len(briefing.text))
    section = briefing.section_at(offset)
    start = section.start if section is not None else 0
    end = section.end if section is not None else len(briefing.text)
    # The anchor stays in its line (so in the section): a paragraph added or removed beside it
    # leaves it whole, to be looked for in the section of a revised file.
    line_end = briefing.text.find("\n", offset, end)
    anchor = briefing.text[offset : min(offset + ANCHOR_CHARS, end if line_end < 0 else line_end)]
    return ReadingPlace(section.id if section else None, offset - start, anchor)


def find_place(briefing: Briefing, place: ReadingPlace) -> int:
    """The offset of ``place`` in ``briefing``, which may be a revision of the file it was taken in.

    Where the section still has the anchor's text, there (the occurrence nearest the old
    offset); otherwise the section's start; the top when the section is gone.
    """
    if place.section_id is None:
        start, end = 0, len(briefing.text)
    else:
        section = briefing.section(place.section_id)
        if section is None:
            return 0
        start, end = section.start, section.end
    wanted = start + place.offset
    if not place.anchor:  # the very end of a section
        return wanted if wanted <= end else start
    if briefing.text.startswith(place.anchor, wanted) and wanted < end:
        return wanted  # the usual case, the file unchanged: no search
    # The text moved within the section: the occurrence nearest to where it was.
    before = briefing.text.rfind(place.anchor, start, min(wanted + len(place.anchor), end))
    after = briefing.text.find(place.anchor, wanted, end)
    found = [f for f in (before, after) if f >= 0]
    if not found:
        return start
    return min(found, key=lambda f: abs(f - wanted))
