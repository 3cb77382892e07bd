"""Notes on passages of a briefing: the note, its anchor, its colours and anchoring states."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import Enum

CONTEXT_LENGTH = 32

# The named palette: key → (default meaning, colour). The meanings can be renamed by the user.
NOTE_COLORS: dict[str, tuple[str, str]] = {
    "yellow": ("important", "#E4C116"),
    "blue": ("question", "#3FA9F5"),
    "red": ("disagree", "#E5554F"),
    "green": ("follow up", "#5FB330"),
    "purple": ("idea", "#9B87F5"),
}
DEFAULT_COLOR = "yellow"


def default_color_names() -> dict[str, str]:
    """Each colour's meaning before the user renames it, by key (a new dict, for the caller to change)."""
    return {key: meaning for key, (meaning, _hex) in NOTE_COLORS.items()}


def color_hex(key: str) -> str:
    """The colour of ``key`` as ``#RRGGBB``; the default colour's for a key we do not have."""
    return NOTE_COLORS.get(key, NOTE_COLORS[DEFAULT_COLOR])[1]


class NoteState(Enum):
    """Where a note's passage was found in the briefing as it is now."""

    ANCHORED = "anchored"  # the passage is where it was
    MOVED = "moved"  # the same text, elsewhere
    FUZZY = "fuzzy"  # the text changed a little
    ORPHANED = "orphaned"  # the passage is gone; the note is kept with its quote


def text_hash(text: str) -> str:
    """The hash of a displayed text that tells whether a briefing changed."""
    import hashlib  # here: most runs never hash a text

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> str:
    """The current time as an ISO 8601 string in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_id() -> str:
    """A fresh note id."""
    import uuid  # here: most runs never make a note

    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a note was made, after the W3C Web Annotation selectors.

    ``quote`` with up to 32 characters of ``prefix`` and ``suffix`` (TextQuoteSelector),
    ``start``/``end`` in the displayed text (TextPositionSelector), the innermost
    ``section_id``, and ``text_hash`` of the displayed text at the time.
    """

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    section_id: str | None
    text_hash: str


@dataclass(frozen=True, slots=True)
class Note:
    """A user's note on a passage.

    ``text`` is Markdown; ``color`` a key of NOTE_COLORS; ``tags`` kept in the
    user's order; ``source_id`` the id of the Web Annotation it was imported from.
    ``other_bodies`` (a JSON array) holds the bodies of an imported annotation that are not
    text (a link, an image, a Choice...) and ``creator`` (JSON) who made it, both as they came.
    ``revision`` is the store's count of its changes when it was read (0: never stored).
    """

    id: str
    briefing_id: str
    anchor: Anchor
    text: str = ""
    color: str = DEFAULT_COLOR
    tags: tuple[str, ...] = ()
    created: str = field(default_factory=now)
    modified: str = field(default_factory=now)
    source_id: str | None = None
    other_bodies: str = ""
    creator: str | None = None
    revision: int = 0

    def edited(self, **changes: object) -> Note:
        """A copy with some fields changed and ``modified`` set to now."""
        return replace(self, modified=now(), **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class PlacedNote:
    """A note with where its passage is now: ``state``, ``start``/``end`` (None when orphaned)."""

    note: Note
    state: NoteState
    start: int | None
    end: int | None
    section_id: str | None

    @property
    def id(self) -> str:
        """The note's id."""
        return self.note.id


def normalise_tags(tags: object) -> tuple[str, ...]:
    """Tags as typed by a user or found in a file: trimmed, without empties and duplicates."""
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: list[str] = []
    for tag in tags if isinstance(tags, list | tuple) else []:
        cleaned = " ".join(str(tag).split())
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return tuple(seen)
