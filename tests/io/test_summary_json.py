"""`notes --json` writes each note's summary exactly as json.dumps(indent=2) writes it."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.io.briefing.loader import loads
from viewer.io.notes.summary import note_summary, summaries_json
from viewer.model.notes import Anchor, Note, NoteState, PlacedNote

BRIEFING = loads(
    '<briefing xmlns="urn:briefing-viewer:format:1" id="b"><meta><title>T</title></meta><body>'
    '<section><heading>Héading « one »</heading><p>Some "quoted" text, a tab\u00a0and ünïcödé 😀.</p>'
    "<p>Line two \\ with a backslash.</p></section></body></briefing>"
)
LENGTH = len(BRIEFING.text)

# Bodies of another kind as an import keeps them: a JSON array of whatever the other tool wrote.
bodies = st.lists(
    st.dictionaries(
        st.text(max_size=6), st.none() | st.integers() | st.text(max_size=8) | st.lists(st.text(max_size=4))
    ),
    max_size=3,
).map(lambda value: json.dumps(value) if value else "")


@st.composite
def placed_notes(draw: st.DrawFn) -> PlacedNote:
    start = draw(st.integers(0, LENGTH - 1))
    end = draw(st.integers(start + 1, LENGTH))
    state = draw(st.sampled_from(NoteState))
    anchor = Anchor(draw(st.text()), draw(st.text(max_size=4)), draw(st.text(max_size=4)), start, end, None, "")
    note = Note(
        id=draw(st.text(min_size=1)),
        briefing_id="b",
        anchor=anchor,
        text=draw(st.text()),
        color=draw(st.text(max_size=8)),
        tags=tuple(draw(st.lists(st.text(max_size=6), max_size=3))),
        created=draw(st.text(max_size=20)),
        modified=draw(st.text(max_size=20)),
        other_bodies=draw(bodies),
    )
    orphaned = state is NoteState.ORPHANED
    section = draw(st.none() | st.text(max_size=6))
    return PlacedNote(note, state, None if orphaned else start, None if orphaned else end, section)


@settings(max_examples=300)
@given(st.lists(placed_notes(), max_size=4))
def test_same_text_as_json_dumps_of_the_summaries(placed: list[PlacedNote]) -> None:
    expected = json.dumps([note_summary(p, BRIEFING) for p in placed], ensure_ascii=False, indent=2)
    assert summaries_json(placed, BRIEFING) == expected
