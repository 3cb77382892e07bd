"""NotesModel listing notes in turns while they are added, moved, re-placed and removed: always the notes, in order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.model.test_placed_notes import BRIEFING, placed_notes
from viewer.model.notes import PlacedNote
from viewer.model.placed_notes import PlacedNotes
from viewer.ui.notes import model
from viewer.ui.notes.model import NotesModel

IDS = [f"n{i}" for i in range(14)]


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[PlacedNote], list[tuple[str, object]]]:
    """Notes to start with, then what happens while they are listed: changes, turns of the loop, a note asked for."""
    first = draw(st.lists(st.sampled_from(IDS), min_size=2, max_size=12, unique=True))
    initial = [draw(placed_notes(note_id)) for note_id in first]
    steps: list[tuple[str, object]] = []
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["put", "put", "remove", "turn", "ask"]))
        note_id = draw(st.sampled_from(IDS))
        steps.append((kind, draw(placed_notes(note_id)) if kind == "put" else note_id))
    return initial, steps


def _check(notes_model: NotesModel, notes: PlacedNotes) -> None:
    """Rows in document order, each listed note as it is now and once, each heading followed by its notes."""
    keys, last_heading = [], None
    rows = [notes_model.note_at_row(row) for row in range(notes_model.rowCount())]
    listed = [r.id for r in rows if r is not None]
    assert len(listed) == len(set(listed))
    for row, placed in enumerate(rows):
        if placed is None:
            assert row + 1 < len(rows) and rows[row + 1] is not None  # no heading without a note under it
            last_heading = row
            continue
        assert notes.get(placed.id) is placed
        assert last_heading is not None
        keys.append(notes.order_key(placed))
    assert keys == sorted(keys)
    if not notes_model.filled():
        waiting = [p for p in notes.ordered() if p.id not in set(listed)]
        assert not keys or not waiting or keys[-1] <= notes.order_key(waiting[0])  # the rest all come after


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=histories())
def test_notes_listed_in_turns_are_the_notes_in_order(  # type: ignore[no-untyped-def]
    qapp, monkeypatch: pytest.MonkeyPatch, history: tuple[list[PlacedNote], list[tuple[str, object]]]
) -> None:
    monkeypatch.setattr(model, "FIRST_ROWS", 2)
    monkeypatch.setattr(model, "BATCH_ROWS", 1)
    initial, steps = history
    notes = PlacedNotes(BRIEFING, initial)
    notes_model = NotesModel(notes)
    notes_model._filler.stop()  # turns are taken by the steps below, not by the event loop
    _check(notes_model, notes)
    for kind, value in steps:
        if kind == "put":
            assert isinstance(value, PlacedNote)
            notes.put(value)
        elif kind == "remove":
            notes.remove(str(value))
        elif kind == "turn":
            notes_model._fill_more()
        else:
            index = notes_model.index_of(str(value))
            assert index.isValid() == (value in notes)
        _check(notes_model, notes)
    notes_model.fill()
    _check(notes_model, notes)
    listed = [p for p in map(notes_model.note_at_row, range(notes_model.rowCount())) if p is not None]
    # Every note, once, in document order (notes on one same passage in either order).
    assert sorted(p.id for p in listed) == sorted(p.id for p in notes.ordered())
