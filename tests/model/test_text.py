"""Displayed text: whitespace normalised as a browser does, spans at their visible text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.corpus import FRENCH, TOUR, briefing
from viewer.io.briefing.loader import load_briefing, loads
from viewer.io.briefing.rules import INLINE_CHILDREN
from viewer.model.text import TextBuilder, is_normal, normalise_space

pieces = st.text(alphabet=st.sampled_from(list("ab é\t\n\r  \u00a0")), max_size=12)


@given(st.lists(pieces, max_size=8))
def test_builder_matches_normalising_the_concatenation(parts: list[str]) -> None:
    builder = TextBuilder()
    builder.begin_line()
    for part in parts:
        builder.add(part)
    builder.end_line()
    assert builder.finish() == normalise_space("".join(parts))


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
    text = builder.finish()
    for part, (start, end) in spans:
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == normalise_space(part)


def test_no_break_space_is_kept() -> None:
    assert normalise_space(" a\u00a0 b\n") == "a\u00a0 b"


_spaced = st.sampled_from(["a", " ", "  ", "\t", "\n", "\r", "\f", "\u00a0", "\u200b", "é"])


@given(st.lists(_spaced, max_size=6).map("".join))
def test_a_normal_text_is_one_normalising_leaves_as_it_is(text: str) -> None:
    """What lets a line be built whole with its spans where they are written (Builder.placed_spans)."""
    assert is_normal(text) == (normalise_space(text) == text)


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


# -- lines built whole (the fast path of a valid file) against piece by piece -----------------

_space = st.sampled_from([" ", "  ", "\n", "\n    ", "\t", " \r\n ", "\u00a0"])
_word = st.sampled_from(["a", "Kim", "é", "x&amp;y", "&lt;b&gt;", "«", "l’"])
_run = st.lists(st.one_of(_space, _word), max_size=5).map("".join)


def _inline(context: str, depth: int) -> st.SearchStrategy[str]:
    """Inline content allowed in ``context`` (the format's nesting rules), up to ``depth`` levels."""
    leaf = st.one_of(_run, st.just("<!-- note -->"), st.just("<?pi x?>"), st.just("<![CDATA[ c ]]>"))
    if depth == 0:
        return st.lists(leaf, max_size=4).map("".join)
    allowed = INLINE_CHILDREN[context]
    wrap = {
        "mention": ("mention", '<mention actor="kp">{}</mention>'),
        "claim": ("claim", '<claim by="kp" about="kp">{}</claim>'),
        "em": ("em-in-mention" if context == "mention" else "em", "<em>{}</em>"),
        "link": ("link", '<link href="https://e.org/">{}</link>'),
    }
    kinds = [_inline(inner, depth - 1).map(form.format) for name, (inner, form) in wrap.items() if name in allowed]
    return st.lists(st.one_of(leaf, *kinds), max_size=5).map("".join)


_line = _inline("inline", 3)


def _both_ways(xml: str) -> tuple[object, object]:
    from lxml import etree

    from viewer.io.briefing.loader import _Builder

    data = xml.encode()
    built = []
    for whole in (True, False):
        builder = _Builder("t", data, etree.ElementTree(etree.fromstring(data)), checking=False)
        builder.whole_lines = whole
        built.append(builder.build())
    return built[0], built[1]


def _shape(b: object) -> tuple[object, ...]:
    from viewer.model.briefing import Briefing

    assert isinstance(b, Briefing)
    return (b.text, b.blocks, b.mentions, b.claims, b.emphases, b.links, [s.heading for s in b.walk_sections()])


@given(st.lists(_line, min_size=1, max_size=3), _line)
def test_lines_built_whole_match_lines_built_piece_by_piece(paragraphs: list[str], heading: str) -> None:
    body = "".join(f"<p>{p}</p>" for p in paragraphs) + f"<list><item>{paragraphs[0]}</item></list>"
    xml = briefing(body).replace("<heading>H</heading>", f"<heading>{heading}</heading>")
    loads(xml)  # the generated file is valid
    whole, pieces = _both_ways(xml)
    assert _shape(whole) == _shape(pieces)


def test_lines_built_whole_match_on_the_samples() -> None:
    for path in (FRENCH, TOUR):
        whole, pieces = _both_ways(path.read_text(encoding="utf-8"))
        assert _shape(whole) == _shape(pieces)


# -- the text alone (what the notes commands build) against the whole model -----------------


def _outline(b: object) -> tuple[object, ...]:
    """Everything a briefing built without its spans keeps."""
    from viewer.model.briefing import Briefing

    assert isinstance(b, Briefing)
    sections = [(s.id, s.heading, s.depth, s.start, s.end, s.parent and s.parent.id) for s in b.walk_sections()]
    return (b.id, b.lang, b.meta, b.text, b.blocks, sections, b.actors, b.relations)


def _text_only(xml: str) -> object:
    from lxml import etree

    from viewer.io.briefing.loader import _Builder

    data = xml.encode()
    builder = _Builder("t", data, etree.ElementTree(etree.fromstring(data)), checking=False, spans=False)
    built = builder.build()
    assert not builder.problems
    return built


@given(st.lists(_line, min_size=1, max_size=3), _line, st.sampled_from(["", "<section><heading>S</heading></section>"]))
def test_the_text_alone_is_the_text_of_the_whole_model(paragraphs: list[str], heading: str, sub: str) -> None:
    body = "".join(f"<p>{p}</p>" for p in paragraphs) + f"<list><item>{paragraphs[0]}</item></list>"
    body += f'<quote by="kp"><p>{paragraphs[-1]}</p></quote>{sub}'
    xml = briefing(body).replace("<heading>H</heading>", f"<heading>{heading}</heading>")
    whole = loads(xml)  # the generated file is valid
    _, pieces = _both_ways(xml)
    alone = _text_only(xml)
    assert _outline(alone) == _outline(whole) == _outline(pieces)
    assert (alone.mentions, alone.claims, alone.emphases, alone.links) == ([], [], [], [])  # type: ignore[attr-defined]


def test_the_text_alone_of_the_samples() -> None:
    from viewer.io.briefing.loader import load_text

    for path in (FRENCH, TOUR):
        assert _outline(load_text(path)) == _outline(load_briefing(path))
