"""ReadingPlace: a place taken in a briefing is found again, in it and in a revision of it."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tests.corpus import FRENCH, TOUR
from viewer.io.briefing.loader import load_briefing, load_briefing_bytes
from viewer.model.reading_place import ReadingPlace, find_place, place_at

BRIEFINGS = {path.name: load_briefing(path) for path in (FRENCH, TOUR)}
SOURCES = {path.name: path.read_text(encoding="utf-8") for path in (FRENCH, TOUR)}


@given(name=st.sampled_from(sorted(BRIEFINGS)), where=st.floats(0, 1))
def test_a_place_is_found_where_it_was_taken(name: str, where: float) -> None:
    briefing = BRIEFINGS[name]
    offset = int(where * len(briefing.text))
    place = place_at(briefing, offset)
    assert find_place(briefing, place) == offset
    # Stored and read back (the settings keep it as JSON), it is the same place.
    assert ReadingPlace.from_json(json.loads(json.dumps(place.to_json()))) == place


@given(where=st.floats(0, 1), added=st.text(alphabet="abc déf", min_size=1, max_size=40))
def test_text_added_before_a_place_moves_it_with_its_words(where: float, added: str) -> None:
    """A paragraph added at the start of every section: each place is found at its own words."""
    briefing = BRIEFINGS[FRENCH.name]
    offset = int(where * len(briefing.text))
    place = place_at(briefing, offset)
    revised_xml = SOURCES[FRENCH.name].replace("</heading>", f"</heading><p>{added}.</p>")
    revised = load_briefing_bytes(revised_xml.encode("utf-8"), "revised.xml")
    found = find_place(revised, place)
    section = revised.section(place.section_id) if place.section_id else None
    if section is not None and place.anchor.strip():
        # At the same words, in the same section (the anchor may now also start the added text:
        # then the occurrence nearest the old offset).
        assert revised.text.startswith(place.anchor, found)
        assert section.start <= found <= section.end


def test_a_rewritten_place_falls_back_to_its_section_then_to_the_top() -> None:
    briefing = BRIEFINGS[FRENCH.name]
    section = briefing.section("reponses")
    assert section is not None
    offset = briefing.text.index("L’alliance inquiète")
    place = place_at(briefing, offset)
    assert place.section_id == "reponses" and place.offset == offset - section.start
    source = SOURCES[FRENCH.name]
    rewritten = load_briefing_bytes(source.replace("L’alliance inquiète", "Tout cela inquiète").encode(), "r.xml")
    assert find_place(rewritten, place) == rewritten.section("reponses").start  # type: ignore[union-attr]
    renamed = load_briefing_bytes(source.replace('id="reponses"', 'id="autre"').encode(), "r.xml")
    assert find_place(renamed, place) == 0


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.sampled_from(["section", "offset", "anchor", "path", "x"]), inner, max_size=5)
        ),
        max_leaves=12,
    )
)
def test_any_stored_value_reads_as_a_place_or_none(value: object) -> None:
    """A damaged settings file: whatever JSON holds, it is a valid place or none, never an error."""
    place = ReadingPlace.from_json(value)
    if place is not None:
        assert place.offset >= 0 and isinstance(place.anchor, str)
        for briefing in BRIEFINGS.values():
            assert 0 <= find_place(briefing, place) <= len(briefing.text)
