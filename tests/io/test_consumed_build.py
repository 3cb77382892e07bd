"""A build that frees each top section of the tree once it is built (what every load does) makes the same
model, accepts the same files and refuses them with the same problems as a build over the whole tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.corpus import NS
from tests.io.test_load_text_agrees import mutated
from viewer.io.briefing import build, loader
from viewer.io.briefing.build import Builder
from viewer.io.briefing.loader import load_briefing, loads, schema
from viewer.io.briefing.safexml import parse_bytes
from viewer.io.errors import BriefingError
from viewer.model.briefing import Briefing


def _everything(b: Briefing) -> tuple[object, ...]:
    """All of a model, sections by their values (a Section compares by identity)."""
    sections = [
        (s.id, s.heading, s.depth, s.start, s.end, s.parent.id if s.parent else None, [c.id for c in s.children])
        for s in b.walk_sections()
    ]
    # The index of sections by id: each found, in the order of the walk.
    assert all(b.section(s.id) is s for s in b.walk_sections())
    assert list(b._sections_by_id.values()) == list(b.walk_sections())
    return (b.id, b.lang, b.meta, b.text, b.actors, b.relations, [s.id for s in b.sections], sections, b.blocks,
            b.mentions, b.claims, b.emphases, b.links, b.section_count)  # fmt: skip


def _build(data: bytes, consume: bool) -> tuple[object, ...] | None:
    """What a build without checks makes of a schema-valid file, the tree used up or not; None if it refuses."""
    try:
        tree = parse_bytes(data, "b.xml")
    except BriefingError:  # not well-formed
        return None
    if not schema().validate(tree):
        return None
    builder = Builder("b.xml", b"", tree, checking=False, consume=consume)
    briefing = builder.build()
    if briefing is None or builder.problems or not builder.integrity_holds():
        return ("refused",)
    return _everything(briefing)


def _whole_tree_load(data: bytes) -> Briefing | BriefingError:
    """load_briefing_bytes as it was: the model built over the whole tree, refusals explained from that tree."""
    try:
        tree = parse_bytes(data, "b.xml")
    except BriefingError as error:
        return error
    problems = loader._schema_problems(tree, "b.xml")
    if not problems:
        builder = Builder("b.xml", b"", tree, checking=False)
        briefing = builder.build()
        if briefing is not None and not builder.problems and builder.integrity_holds():
            return briefing
    return loader._explained(data, "b.xml", tree, problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_a_consumed_tree_gives_the_model_of_the_whole_tree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "TRIM_EVERY", 2)  # the heap given back, often
    data = text.encode("utf-8")
    assert _build(data, consume=True) == _build(data, consume=False)
    try:
        loaded: Briefing | BriefingError = loader.load_briefing_bytes(data, "b.xml")
    except BriefingError as error:
        loaded = error
    before = _whole_tree_load(data)
    if isinstance(before, BriefingError):
        assert isinstance(loaded, BriefingError) and (loaded.problems, loaded.more) == (before.problems, before.more)
    else:
        assert isinstance(loaded, Briefing) and _everything(loaded) == _everything(before)


def _sections(*sections: str, comments: bool = False) -> str:
    between = "<!-- c --><?pi x?>" if comments else ""
    body = between.join(sections)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="b"><meta><title>T</title></meta>'
        f'<actors><actor id="kp" type="state"><name>K</name></actor></actors><body>{between}{body}{between}</body>'
        "</briefing>"
    )


@pytest.mark.parametrize("comments", [False, True])
def test_a_positional_id_never_takes_an_id_of_a_section_already_freed(comments: bool) -> None:
    """The third section has no id: 's3' is taken by the first section, 's3_' by a claim in the second
    (both freed by then), 's3__' by the fourth (still in the tree)."""
    text = _sections(
        '<section id="s3"><heading>A</heading><p>a</p></section>',
        '<section id="x"><heading>B</heading><p><claim id="s3_">b</claim></p></section>',
        "<section><heading>C</heading><p>c</p></section>",
        '<section id="s3__"><heading>D</heading><p>d</p></section>',
        comments=comments,
    )
    briefing = loads(text)
    assert [s.id for s in briefing.sections] == ["s3", "x", "s3___", "s3__"]
    assert _build(text.encode(), consume=True) == _build(text.encode(), consume=False)


def test_a_refused_file_is_explained_where_its_problems_are(tmp_path: Path) -> None:
    """The build used up the tree before the integrity rules refused the file: the problems are still located."""
    path = tmp_path / "b.xml"
    path.write_text(
        _sections(
            '<section id="a"><heading>A</heading><p>a</p></section>',
            '<section id="a"><heading>B</heading><p><mention actor="nobody">n</mention></p></section>',
        ),
        encoding="utf-8",
    )
    with pytest.raises(BriefingError) as refused:
        load_briefing(path)
    assert [(p.line, p.message) for p in refused.value.problems] == [
        (2, 'id "a" is already used by <section> on line 2; ids must be unique'),
        (2, '<mention> names actor "nobody", which is not declared'),
    ]


def test_the_built_sections_are_freed_from_the_tree() -> None:
    """What makes the peak memory lower: the body is empty once the model is built."""
    text = _sections(*(f'<section id="s{i}"><heading>S{i}</heading><p>t</p></section>' for i in range(50)))
    tree = parse_bytes(text.encode(), "b.xml")
    Builder("b.xml", b"", tree, checking=False, consume=True).build()
    assert len(tree.getroot().find(f"{{{NS}}}body")) == 0
    assert etree.tostring(tree).count(b"<section") == 0


def test_a_large_section_stays_in_the_tree_to_be_freed_with_it() -> None:
    """lxml detaches an element in time quadratic in its size (one section of 150,000 mentions: 6 s):
    only sections of at most SMALL_SECTION elements are taken out, a large one is left whole."""
    mentions = " ".join('<mention actor="kp">K</mention>' for _ in range(build.SMALL_SECTION))
    text = _sections(
        '<section id="a"><heading>A</heading><p>a</p></section>',
        f'<section id="b"><heading>B</heading><p>{mentions}</p></section>',
        '<section id="c"><heading>C</heading><p><mention actor="kp">K</mention></p></section>',
    )
    tree = parse_bytes(text.encode(), "b.xml")
    Builder("b.xml", b"", tree, checking=False, consume=True).build()
    assert [s.get("id") for s in tree.getroot().find(f"{{{NS}}}body")] == ["b"]
    assert _build(text.encode(), consume=True) == _build(text.encode(), consume=False)


# -- a valid tree's sections (Builder.valid_section) against the general walk (Builder.section) ---------


def _walked(data: bytes, whole_lines: bool) -> tuple[object, ...] | None:
    """The model a build without checks makes of a schema-valid file, its sections by valid_section
    (lines whole) or by the general walk; None if the file is not schema-valid."""
    try:
        tree = parse_bytes(data, "b.xml")
    except BriefingError:
        return None
    if not schema().validate(tree):
        return None
    builder = Builder("b.xml", b"", tree, checking=False)
    builder.whole_lines = whole_lines
    briefing = builder.build()
    if briefing is None or builder.problems or not builder.integrity_holds():
        return ("refused",)
    return _everything(briefing)


_between = st.sampled_from(["", "\n", "  ", "<!-- c -->", "<?pi x?>", "\n<!-- c -->\n"])
_words = st.sampled_from(["", "t", " t ", "a  b", "a\tb", "\n a \n", "\u00a0a", "é « l’x »", "a\u200bb", "&amp;"])
_spans = st.sampled_from(
    [
        '<mention actor="kp">K</mention>',
        "<em>e</em>",
        '<link href="h">l</link>',
        '<claim by="kp" about="kp">c</claim>',
        # Every attribute of a claim but its author; one without any; spaced, empty, or holding a span.
        '<claim id="c" about="kp  kp" kind="fact" confidence="low" source="s">c</claim>',
        "<claim>c</claim>",
        '<claim by="kp"> c </claim>',
        "<claim></claim>",
        '<claim by="kp">a <em>e</em></claim>',
    ]
)
_line = st.lists(st.one_of(_words, _spans), max_size=3).map("".join)


@st.composite
def _section(draw: st.DrawFn, depth: int = 1) -> str:
    """A section as the schema allows it: an id or none, a heading, text blocks, then subsections; comments
    and processing instructions anywhere between."""
    named = draw(st.sampled_from(["", "", "", "", ' id="s1"', ' id="x"', ' id="s1.1"', ' id="s2_"']))
    parts = [f"<heading>{draw(_line)}</heading>"]
    for kind in draw(st.lists(st.sampled_from(["p", "list", "quote"]), max_size=3)):
        if kind == "p":
            parts.append(f"<p>{draw(_line)}</p>")
        elif kind == "list":
            kind_of = draw(st.sampled_from(["", ' type="ordered"']))
            parts.append(f"<list{kind_of}>" + "".join(f"<item>{draw(_line)}</item>" for _ in range(2)) + "</list>")
        else:
            parts.append(f'<quote by="kp"><p>{draw(_line)}</p></quote>')
    if depth < 3:
        parts += draw(st.lists(_section(depth + 1), max_size=2))
    between = draw(_between)
    return f"<section{named}>{between}{between.join(parts)}{between}</section>"


@settings(max_examples=300, deadline=None)
@given(sections=st.lists(_section(), min_size=1, max_size=4), between=_between)
def test_a_valid_trees_sections_are_those_of_the_general_walk(sections: list[str], between: str) -> None:
    """Ids repeated (refused), positional ids that meet declared ones, empty and spaced lines, spans in
    headings, lists and quotes, subsections, comments: the same model either way."""
    data = _sections(*sections).replace("</section><section", f"</section>{between}<section").encode()
    built = _walked(data, whole_lines=True)
    assert built == _walked(data, whole_lines=False)
    if built not in (None, ("refused",)):
        assert _build(data, consume=True) == built


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_a_valid_samples_sections_are_those_of_the_general_walk(text: str) -> None:
    data = text.encode("utf-8")
    assert _walked(data, whole_lines=True) == _walked(data, whole_lines=False)


def test_the_heap_is_given_back_as_elements_are_taken_out_however_the_sections_nest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """300 sections of 60 nested ones (54,000 elements): the freed tree's pages are given back while the model
    is built, as for 100,000 tiny sections (counted by sections, 300 never reached a return, and the freed tree
    stayed in the heap beside the model: 218 MiB against 153 for bench_shapes.py's 2,253 such sections)."""
    returns: list[int] = []
    monkeypatch.setattr(build, "give_back_freed_memory", lambda: returns.append(1))
    chain = "".join(f"<section><heading>H{k}</heading><p>t {k}</p>" for k in range(60)) + "</section>" * 60
    tree = parse_bytes(_sections(*[chain] * 300).encode(), "b.xml")
    Builder("b.xml", b"", tree, checking=False, consume=True).build()
    assert len(tree.getroot().find(f"{{{NS}}}body")) == 0
    assert len(returns) == 54_000 // build.TRIM_EVERY


def test_paragraphs_of_one_claim_each_are_those_of_the_general_walk() -> None:
    """The shape of bench_shapes.py's 8 MB briefing of claims, a paragraph a claim (each line placed at once, see
    Builder.placed_spans): the same claims, numbered in order, with their attributes, as the general walk makes."""
    paragraphs = "".join(
        f'<p><claim by="kp" about="kp" kind="assessment" confidence="moderate">Claim {i} holds</claim> and more.</p>'
        for i in range(3)
    )
    paragraphs += '<p>Before <claim id="named" source="s">it</claim></p><p><claim>alone</claim></p>'
    data = _sections(f'<section id="a"><heading>A</heading>{paragraphs}</section>').encode()
    assert _walked(data, whole_lines=True) == _walked(data, whole_lines=False)
    briefing = loads(data.decode())
    assert [
        (c.id, briefing.text[c.start : c.end], c.by, c.about, c.kind, c.confidence, c.source) for c in briefing.claims
    ] == [
        ("claim-1", "Claim 0 holds", "kp", ("kp",), "assessment", "moderate", None),
        ("claim-2", "Claim 1 holds", "kp", ("kp",), "assessment", "moderate", None),
        ("claim-3", "Claim 2 holds", "kp", ("kp",), "assessment", "moderate", None),
        ("named", "it", None, (), None, None, "s"),
        ("claim-5", "alone", None, (), None, None, None),
    ]
    assert briefing.text.split("\n")[1:3] == ["Claim 0 holds and more.", "Claim 1 holds and more."]
