"""Displayed text: whitespace normalised as a browser does, spans at their visible text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.corpus import FRENCH, TOUR, briefing
from viewer.io.loader import load_briefing, loads
from viewer.model.text import TextBuilder, normalise_space

pieces = st.text(alphabet=st.sampled_from(list("ab é\t\n\r  \u00a0")), max_size=12)


@given(st.lists(pieces, max_size=8))
def test_builder_matches_normalising_the_concatenation(parts: list[str]) -> None:
    builder = TextBuilder()
    builder.begin_line()
    for part in parts:
        builder.add(part)
    builder.end_line()
    assert builder.text() == normalise_space("".join(parts))


@given(st.lists(st.tuples(pieces, st.booleans()), max_size=8))
def test_spans_cover_exactly_their_visible_text(parts: list[tuple[str, bool]]) -> None:
    builder = TextBuilder()
    builder.begin_line()
    spans = []
    for part, is_span in parts:
        if is_span:
            marker = builder.open()
            builder.add(part)
            spans.append((part, builder.close(marker)))
        else:
            builder.add(part)
    builder.end_line()
    text = builder.text()
    for part, (start, end) in spans:
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == normalise_space(part)


def test_no_break_space_is_kept() -> None:
    assert normalise_space(" a\u00a0 b\n") == "a\u00a0 b"


def test_lines_are_joined_by_newlines_and_offsets_index_the_text() -> None:
    b = loads(briefing('<p>  one\n  <mention actor="kp">K</mention>  </p><list><item>two</item></list>'))
    assert b.text == "H\none K\ntwo"
    assert [(blk.kind.value, b.text[blk.start : blk.end]) for blk in b.blocks] == [
        ("heading", "H"),
        ("p", "one K"),
        ("item", "two"),
    ]
    assert [(m.actor_id, b.text[m.start : m.end]) for m in b.mentions] == [("kp", "K")]


def test_every_mention_in_the_samples_is_its_actors_name_or_alias() -> None:
    for path in (FRENCH, TOUR):
        b = load_briefing(path)
        for mention in b.mentions:
            actor = b.actors[mention.actor_id]
            shown = b.text[mention.start : mention.end].casefold()
            names = [n.casefold() for n in (actor.name, *actor.aliases)]
            assert any(name in shown for name in names), (path.name, shown, names)


def test_sections_tree_and_derived_ids() -> None:
    b = load_briefing(TOUR)
    assert [(s.id, s.depth) for s in b.walk_sections()] == [
        ("overview", 1),
        ("positions", 2),
        ("outlook", 1),
        ("s2.1", 2),
    ]
    positions = b.section("positions")
    assert positions is not None and positions.parent is not None and positions.parent.id == "overview"
    assert b.text[positions.start : positions.start + 9] == "Positions"
    assert b.section_at(b.text.index("Vale says")) is positions


def test_derived_id_never_collides_with_a_declared_one() -> None:
    inner = '<section><heading>B</heading></section><section id="s1.1"><heading>C</heading></section>'
    b = loads(briefing(inner).replace('<section id="s">', "<section>"))
    assert [s.id for s in b.walk_sections()] == ["s1", "s1.1_", "s1.1"]
    assert [blk.section_id for blk in b.blocks] == ["s1", "s1.1_", "s1.1"]


def test_claims_carry_their_attributes() -> None:
    b = load_briefing(FRENCH)
    claim = next(c for c in b.claims if c.id == "inquietude-us")
    assert (claim.by, claim.about, claim.kind, claim.confidence) == ("us", ("ru", "kp"), "assessment", "moderate")
    assert b.text[claim.start : claim.end].startswith("Washington s’inquiète")
    assert claim.section_id == "technologie"
    assert [c.id for c in b.claims_by("us")] == ["inquietude-us"]
    assert "inquietude-us" in [c.id for c in b.claims_about("kp")]
