"""PlacedNotes: a briefing's notes where their passages are now; the one copy that everything reads."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from viewer.model.briefing import Briefing
from viewer.model.notes import NoteState, PlacedNote


@dataclass(frozen=True, slots=True)
class NotesChange:
    """One note changed: ``before`` is None for a new note, ``after`` is None for a removed one."""

    before: PlacedNote | None
    after: PlacedNote | None

    @property
    def note_id(self) -> str:
        """The id of the note that changed."""
        placed = self.after or self.before
        assert placed is not None
        return placed.id


# Called after each change; with None when every note was replaced (another briefing, a reload).
Listener = Callable[[NotesChange | None], None]


@dataclass(frozen=True, slots=True)
class NotesIndex:
    """What PlacedNotes derives from a briefing's notes, made once, in any thread (a loading thread,
    so that the GUI thread does not sort and count 10,000 notes); taken over by ``PlacedNotes.reset``."""

    briefing: Briefing | None
    ranks: dict[str, int]
    by_id: dict[str, PlacedNote]
    ordered: list[PlacedNote] | None  # None: sorted when first asked (as PlacedNotes does after a change)
    spans: list[PlacedNote]
    starts: list[int]
    longest: int
    sections: Counter[str]
    tags: Counter[str]

    @classmethod
    def make(cls, briefing: Briefing | None, placed: Iterable[PlacedNote]) -> NotesIndex:
        """The index of these notes of this briefing."""
        ranks = section_ranks(briefing) if briefing else {}
        notes = list(placed) if briefing is not None else []
        by_id = {p.id: p for p in notes}
        spans = sorted((p for p in notes if p.start is not None), key=_span)
        sections: Counter[str] = Counter()
        keys = {}
        orphan_rank = len(ranks)
        for p in by_id.values():
            section = _section_of(p, ranks)
            if section is not None:
                sections[section] += 1
            keys[p.id] = _order_key(p, ranks[section] if section is not None else orphan_rank)
        return cls(
            briefing,
            ranks,
            by_id,
            sorted(by_id.values(), key=lambda p: keys[p.id]),
            spans,
            [p.start for p in spans if p.start is not None],
            max(((p.end or 0) - (p.start or 0) for p in spans), default=0),
            sections,
            Counter(tag for p in by_id.values() for tag in p.note.tags),
        )


class PlacedNotes:
    """The notes of one briefing placed on its text, in document order (orphaned notes last).

    The notes panel, the text view, the section counts and the exports all read
    this object and listen to its changes; none keeps a copy. ``reset``, ``put``
    and ``remove`` change it and tell the listeners what changed.

    Attributes: ``briefing`` (None when no briefing is open).
    """

    def __init__(self, briefing: Briefing | None = None, placed: Iterable[PlacedNote] = ()) -> None:
        self.briefing: Briefing | None = None
        self._listeners: list[Listener] = []
        self._ranks: dict[str, int] = {}
        self._by_id: dict[str, PlacedNote] = {}
        self._ordered: list[PlacedNote] | None = None  # made when asked after a change
        # Placed notes sorted by (start, end), their starts, and the longest passage: what a paint asks.
        self._spans: list[PlacedNote] = []
        self._starts: list[int] = []
        self._longest = 0  # only grows until the next reset: a wider search, never a missed note
        self._sections: Counter[str] = Counter()
        self._tags: Counter[str] = Counter()
        self._actors: dict[str, list[str]] = {}  # filled when asked: most notes never are
        self.reset(briefing, placed)

    # -- listening ------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` after each change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling ``listener``."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _announce(self, change: NotesChange | None) -> None:
        for listener in list(self._listeners):
            listener(change)

    # -- changing -------------------------------------------------------------------

    def reset(self, briefing: Briefing | None, placed: Iterable[PlacedNote], index: NotesIndex | None = None) -> None:
        """Hold these notes of this briefing instead of what was held.

        ``index``, when given, is ``NotesIndex.make(briefing, placed)`` made beforehand (elsewhere):
        it is taken over as it is, and ``placed`` is not read again.
        """
        if index is None or index.briefing is not briefing:
            index = NotesIndex.make(briefing, placed)
        self.briefing = briefing
        self._ranks = index.ranks
        self._by_id = index.by_id
        self._ordered = index.ordered
        self._spans = index.spans
        self._starts = index.starts
        self._longest = index.longest
        self._sections = index.sections
        self._tags = index.tags
        self._actors = {}
        self._announce(None)

    def held(self) -> NotesIndex:
        """What is held now, as an index (references, nothing copied or sorted).

        Kept by whoever wants the notes of a briefing replaced to be freed later, rather than
        when ``reset`` lets go of them (the window, on opening another briefing: 10,000 notes
        take 6 to 15 ms to free, in a turn of their own).
        """
        return NotesIndex(
            self.briefing,
            self._ranks,
            self._by_id,
            self._ordered,
            self._spans,
            self._starts,
            self._longest,
            self._sections,
            self._tags,
        )

    def put(self, placed: PlacedNote) -> NotesChange:
        """Add a note, or replace the one with its id."""
        before = self._by_id.get(placed.id)
        if before is not None:
            self._forget(before)
        self._by_id[placed.id] = placed
        if placed.start is not None:
            index = bisect.bisect_right(self._spans, _span(placed), key=_span)
            self._spans.insert(index, placed)
            self._starts.insert(index, placed.start)
            self._longest = max(self._longest, (placed.end or 0) - placed.start)
        section = self.section_of(placed)
        if section is not None:
            self._sections[section] += 1
        self._tags.update(placed.note.tags)
        self._ordered = None
        change = NotesChange(before, placed)
        self._announce(change)
        return change

    def remove(self, note_id: str) -> NotesChange | None:
        """Take a note out; None if it was not here."""
        before = self._by_id.pop(note_id, None)
        if before is None:
            return None
        self._forget(before)
        self._ordered = None
        change = NotesChange(before, None)
        self._announce(change)
        return change

    def _forget(self, placed: PlacedNote) -> None:
        if placed.start is not None:
            low = bisect.bisect_left(self._spans, _span(placed), key=_span)
            index = next(i for i in range(low, len(self._spans)) if self._spans[i].id == placed.id)
            del self._spans[index]
            del self._starts[index]
        section = self.section_of(placed)
        if section is not None:
            self._sections[section] -= 1
            if self._sections[section] <= 0:
                del self._sections[section]
        self._tags.subtract(placed.note.tags)
        self._actors.pop(placed.id, None)

    # -- asking ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, note_id: object) -> bool:
        return note_id in self._by_id

    def __iter__(self) -> Iterator[PlacedNote]:
        return iter(self.ordered())

    def get(self, note_id: str) -> PlacedNote | None:
        """A note by id."""
        return self._by_id.get(note_id)

    def ordered(self) -> list[PlacedNote]:
        """Every note in document order: by section, then passage; orphaned notes last."""
        if self._ordered is None:
            self._ordered = sorted(self._by_id.values(), key=self.order_key)
        return self._ordered

    def section_of(self, placed: PlacedNote) -> str | None:
        """The section a note is counted in; None for a note whose passage is gone."""
        return _section_of(placed, self._ranks)

    def rank_of(self, section_id: str | None) -> int:
        """A section's place in document order; None (orphaned notes) comes after every section."""
        return self._ranks[section_id] if section_id is not None else len(self._ranks)

    def order_key(self, placed: PlacedNote) -> tuple[int, int, int]:
        """Where a note comes in document order: its section's rank (orphans after all), start, end."""
        return _order_key(placed, self.rank_of(self.section_of(placed)))

    def at(self, offset: int) -> list[PlacedNote]:
        """The placed notes whose passage holds ``offset``, by start."""
        return [p for p in self.overlapping(offset, offset + 1) if (p.start or 0) <= offset]

    def overlapping(self, start: int, end: int) -> list[PlacedNote]:
        """The placed notes whose passage meets ``start``..``end``, by start (what a paint of it shows)."""
        low = bisect.bisect_left(self._starts, start - self._longest)
        high = bisect.bisect_left(self._starts, end)
        return [p for p in self._spans[low:high] if (p.end or 0) > start]

    def section_counts(self) -> dict[str, int]:
        """How many notes each section holds (orphaned notes left out)."""
        return dict(self._sections)

    def count_in(self, section_id: str | None) -> int:
        """How many notes one section holds; None: how many are orphaned."""
        if section_id is None:
            return len(self._by_id) - sum(self._sections.values())
        return self._sections.get(section_id, 0)

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted((t for t, n in self._tags.items() if n > 0), key=str.casefold)

    def actors_of(self, note_id: str) -> list[str]:
        """The ids of the actors a note's passage mentions."""
        actors = self._actors.get(note_id)
        if actors is None:
            placed = self._by_id.get(note_id)
            if placed is None or self.briefing is None or placed.start is None or placed.end is None:
                return []
            actors = self._actors[note_id] = self.briefing.actors_in(placed.start, placed.end)
        return actors


def _section_of(placed: PlacedNote, ranks: dict[str, int]) -> str | None:
    if placed.state is NoteState.ORPHANED or placed.section_id not in ranks:
        return None
    return placed.section_id


def in_document_order(briefing: Briefing, placed: Iterable[PlacedNote]) -> list[PlacedNote]:
    """The notes in the order of :meth:`PlacedNotes.ordered`, without the rest of what PlacedNotes holds
    (for a listing made once: its counts and indexes took a third of placing 10,000 notes)."""
    ranks = section_ranks(briefing)
    notes = list(placed)
    keys = [document_order_key(p, ranks) for p in notes]
    return [notes[i] for i in sorted(range(len(notes)), key=keys.__getitem__)]


def document_order_key(placed: PlacedNote, ranks: dict[str, int]) -> tuple[int, int, int]:
    """:meth:`PlacedNotes.order_key` with the ranks of :func:`section_ranks`, for an order made once."""
    section = _section_of(placed, ranks)
    return _order_key(placed, ranks[section] if section is not None else len(ranks))


def section_ranks(briefing: Briefing) -> dict[str, int]:
    """Each section's place in document order, by id (the first key of a note's order)."""
    return {s.id: rank for rank, s in enumerate(briefing.walk_sections())}


def _order_key(placed: PlacedNote, rank: int) -> tuple[int, int, int]:
    start = placed.start if placed.start is not None else max(placed.note.anchor.start, 0)
    return rank, start, placed.end or 0


def _span(placed: PlacedNote) -> tuple[int, int]:
    return placed.start or 0, placed.end or 0
