"""A build that frees each top section of the tree once it is built (what every load does) makes the same
model, accepts the same files and refuses them with the same problems as a build over the whole tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
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
