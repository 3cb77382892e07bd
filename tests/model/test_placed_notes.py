"""PlacedNotes, the one copy of a briefing's placed notes: every question answered as a plain scan would."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from tests.corpus import FRENCH
from viewer.io.briefing.loader import load_briefing
from viewer.model.notes import Anchor, Note, NoteState, PlacedNote
from viewer.model.placed_notes import NotesChange, NotesIndex, PlacedNotes, in_document_order

BRIEFING = load_briefing(FRENCH)
SECTIONS = [s.id for s in BRIEFING.walk_sections()]
LENGTH = len(BRIEFING.text)


@st.composite
def placed_notes(draw: st.DrawFn, note_id: str) -> PlacedNote:
    orphaned = draw(st.booleans()) and draw(st.booleans())
    start = draw(st.integers(0, LENGTH - 1))
    end = draw(st.integers(start + 1, min(LENGTH, start + draw(st.sampled_from([3, 40, 3000])))))
    anchor = Anchor(BRIEFING.text[start:end], "", "", start, end, None, "")
    tags = tuple(draw(st.lists(st.sampled_from(["a", "B", "é", "x y"]), max_size=2, unique=True)))
    note = Note(note_id, BRIEFING.id, anchor, draw(st.sampled_from(["", "t"])), tags=tags)
    if orphaned:
        # An orphaned note keeps the section it was made in, but is counted and listed apart.
        return PlacedNote(note, NoteState.ORPHANED, None, None, draw(st.sampled_from([None, *SECTIONS])))
    section = BRIEFING.section_at(start)
    return PlacedNote(note, NoteState.ANCHORED, start, end, section.id if section else None)


@st.composite
def operations(draw: st.DrawFn) -> list[tuple[str, PlacedNote | str]]:
    ids = [f"n{i}" for i in range(draw(st.integers(1, 12)))]
    steps: list[tuple[str, PlacedNote | str]] = []
    for _ in range(draw(st.integers(1, 40))):
        note_id = draw(st.sampled_from(ids))
        if draw(st.integers(0, 3)) == 0:
            steps.append(("remove", note_id))
        else:
            steps.append(("put", draw(placed_notes(note_id))))
    return steps


def expected_order(notes: list[PlacedNote]) -> list[str]:
    rank = {s: i for i, s in enumerate(SECTIONS)}

    def key(p: PlacedNote) -> tuple[int, int, int]:
        placed = p.state is not NoteState.ORPHANED and p.section_id in rank
        start = p.start if p.start is not None else p.note.anchor.start
        return (rank[p.section_id] if placed else len(rank)), start, p.end or 0  # type: ignore[index]

    return [p.id for p in sorted(notes, key=key)]


@given(operations(), st.lists(st.integers(0, LENGTH), min_size=1, max_size=5))
def test_questions_answered_as_a_scan_would(steps: list[tuple[str, PlacedNote | str]], offsets: list[int]) -> None:
    held = PlacedNotes(BRIEFING, [])
    heard: list[NotesChange | None] = []
    held.subscribe(heard.append)
    truth: dict[str, PlacedNote] = {}
    for kind, value in steps:
        if kind == "put":
            assert isinstance(value, PlacedNote)
            change = held.put(value)
            assert change.before == truth.get(value.id) and change.after == value
            truth[value.id] = value
            assert heard[-1] == change
        else:
            assert isinstance(value, str)
            before = truth.pop(value, None)
            count = len(heard)
            change = held.remove(value)
            assert (change is None) == (before is None)
            assert len(heard) == count + (before is not None)

        notes = list(truth.values())
        assert len(held) == len(notes)
        assert [p.id for p in held.ordered()] == expected_order(notes)
        assert [p.id for p in in_document_order(BRIEFING, notes)] == expected_order(notes)  # a listing's order
        placed = [p for p in notes if p.start is not None and p.end is not None]
        for offset in offsets:
            at = sorted(p.id for p in held.at(offset))
            assert at == sorted(p.id for p in placed if p.start <= offset < p.end)  # type: ignore[operator]
            end = offset + 500
            shown = sorted(p.id for p in held.overlapping(offset, end))
            assert shown == sorted(p.id for p in placed if p.start < end and p.end > offset)  # type: ignore[operator]
        counted = Counter(p.section_id for p in notes if p.state is not NoteState.ORPHANED and p.section_id)
        assert held.section_counts() == dict(counted)
        assert all(held.count_in(section) == counted.get(section, 0) for section in SECTIONS)
        assert held.count_in(None) == sum(1 for p in notes if p.state is NoteState.ORPHANED or not p.section_id)
        assert held.tags() == sorted({t for p in notes for t in p.note.tags}, key=str.casefold)


def test_a_reset_replaces_everything_and_is_announced() -> None:
    held = PlacedNotes()
    heard: list[NotesChange | None] = []
    held.subscribe(heard.append)
    note = Note("n", BRIEFING.id, Anchor("x", "", "", 0, 1, None, ""))
    held.reset(BRIEFING, [PlacedNote(note, NoteState.ANCHORED, 0, 1, SECTIONS[0])])
    assert heard == [None] and held.get("n") is not None and held.actors_of("n") == BRIEFING.actors_in(0, 1)
    held.reset(None, [])
    assert heard == [None, None] and len(held) == 0 and held.briefing is None


@given(operations(), st.integers(0, LENGTH))
def test_an_index_made_beforehand_answers_as_the_notes_would(
    steps: list[tuple[str, PlacedNote | str]], offset: int
) -> None:
    """As the loading thread sorts and counts the notes for the window: the same answers, and changes after."""
    truth: dict[str, PlacedNote] = {}
    for _kind, value in steps:
        if isinstance(value, PlacedNote):
            truth[value.id] = value
    notes = list(truth.values())
    index = NotesIndex.make(BRIEFING, notes)
    held = PlacedNotes()
    held.reset(BRIEFING, [], index)  # the index is taken over: the notes are not read again
    assert [p.id for p in held.ordered()] == expected_order(notes)
    counted = Counter(p.section_id for p in notes if p.state is not NoteState.ORPHANED and p.section_id)
    assert held.section_counts() == dict(counted)
    assert held.tags() == sorted({t for p in notes for t in p.note.tags}, key=str.casefold)
    placed = [p for p in notes if p.start is not None and p.end is not None]
    assert sorted(p.id for p in held.at(offset)) == sorted(p.id for p in placed if p.start <= offset < p.end)  # type: ignore[operator]
    for note in notes[::2]:
        held.remove(note.id)
    left = notes[1::2]
    assert [p.id for p in held.ordered()] == expected_order(left)
    assert held.section_counts() == dict(
        Counter(p.section_id for p in left if p.state is not NoteState.ORPHANED and p.section_id)
    )
    other = PlacedNotes()
    other.reset(None, notes, index)  # an index of another briefing is not taken
    assert len(other) == 0


@given(operations(), st.integers(0, LENGTH))
def test_what_is_held_answers_as_the_notes_did_and_outlives_a_reset(
    steps: list[tuple[str, PlacedNote | str]], offset: int
) -> None:
    """What the window keeps of a briefing's notes until it lets them go: all of them, as they were."""
    held = PlacedNotes(BRIEFING)
    for kind, value in steps:
        if isinstance(value, PlacedNote):
            held.put(value)
        elif kind == "remove":
            held.remove(value)
    kept = held.held()  # (before anything asks for the notes in order: a change leaves that to be made)
    order, counts, tags = [p.id for p in held.ordered()], held.section_counts(), held.tags()
    at = sorted(p.id for p in held.at(offset))
    held.reset(None, [])
    again = PlacedNotes()
    again.reset(BRIEFING, [], kept)
    assert [p.id for p in again.ordered()] == order and again.section_counts() == counts and again.tags() == tags
    assert sorted(p.id for p in again.at(offset)) == at and len(held) == 0
