"""The notes commands' load_text refuses exactly what `check` and the window refuse, on mutated sample files,
and what it accepts has the window's text and sections (where notes are placed)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corpus import FRENCH, TOUR
from viewer.io.briefing.loader import check_briefing, load_briefing, load_text
from viewer.io.errors import BriefingError
from viewer.model.briefing import Briefing

SAMPLES = {path.name: path.read_text(encoding="utf-8") for path in (FRENCH, TOUR)}
TAG = re.compile(r"<[^!?][^>]*>")
INLINE = re.compile(r"</?(p|item|heading|mention|claim|em|link)\b")
ATTRIBUTE = re.compile(r'\s([\w:-]+)="([^"]*)"')
# What goes in at a tag's place: spans, sections, ids and references, right and wrong, and markup the
# text walks skip (comments, processing instructions) or collapse (white space).
SNIPPETS = [
    '<mention actor="northland">N</mention>',
    '<mention actor="nobody">N</mention>',
    '<mention actor=" northland">N</mention>',
    '<claim id="s2">c</claim>',
    '<claim id="overview">c</claim>',
    '<claim by="northland" about="dockers">c <em>e</em></claim>',
    "<claim>  </claim>",
    "<em></em>",
    "<em> </em>",
    '<link href="https://x.org">l</link>',
    "<section><heading>New</heading><p>p</p></section>",
    '<section id="s1"><heading>New</heading></section>',
    "<p>  a\n\t b  </p>",
    "<!-- a comment -->",
    "<?pi data?>",
    "<![CDATA[ <not markup> ]]>",
    "&#160;",
    "<unknown/>",
    "<p/>",
    "\n   ",
]
VALUES = ["", " ", "s2", "overview", "northland", "nobody", "x y", "2026-02-30", "state", "fact", "high", "é"]


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A sample file with one to three changes at its tags: an attribute's value changed or dropped, a tag dropped,
    doubled or renamed, a snippet put before it."""
    text = SAMPLES[draw(st.sampled_from(sorted(SAMPLES)))]
    for _ in range(draw(st.integers(1, 3))):
        # Insertions most often, and into the text's lines: more of the files made are valid, so that
        # their text is compared too.
        kind = draw(st.sampled_from(["value", "drop attribute", "drop tag", "double tag", "rename", *["insert"] * 5]))
        tags = [t for t in TAG.finditer(text) if kind != "insert" or INLINE.match(t.group())]
        tag = tags[draw(st.integers(0, len(tags) - 1))]
        start, end, written = tag.start(), tag.end(), tag.group()
        attributes = list(ATTRIBUTE.finditer(written))
        if kind in ("value", "drop attribute") and attributes:
            attribute = attributes[draw(st.integers(0, len(attributes) - 1))]
            new = "" if kind == "drop attribute" else f' {attribute.group(1)}="{draw(st.sampled_from(VALUES))}"'
            written = written[: attribute.start()] + new + written[attribute.end() :]
        elif kind == "drop tag":
            written = ""
        elif kind == "double tag":
            written += written
        elif kind == "rename":
            name = draw(st.sampled_from(["p", "em", "mention", "claim", "section", "heading", "item", "quote"]))
            written = re.sub(r"^(</?)[\w:-]+", rf"\g<1>{name}", written)
        else:
            written = draw(st.sampled_from(SNIPPETS)) + written
        text = text[:start] + written + text[end:]
    return text


def _verdict(attempt: object, path: Path) -> object:
    try:
        return attempt(path)  # type: ignore[operator]
    except BriefingError as error:
        return error


def _outline(b: Briefing) -> tuple[object, ...]:
    sections = [(s.id, s.heading, s.depth, s.start, s.end) for s in b.walk_sections()]
    return (b.id, b.text, sections, [(k.kind, k.start, k.end, k.section_id) for k in b.blocks])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated())
def test_load_text_refuses_what_check_refuses_and_reads_the_windows_text(text: str, folder: Path) -> None:
    path = folder / "b.xml"
    path.write_text(text, encoding="utf-8")
    checked, whole, alone = (_verdict(attempt, path) for attempt in (check_briefing, load_briefing, load_text))
    accepted = [not isinstance(v, BriefingError) for v in (checked, whole, alone)]
    assert accepted == [accepted[0]] * 3, accepted
    if isinstance(whole, BriefingError):
        assert isinstance(alone, BriefingError) and alone.problems == whole.problems
    else:
        assert isinstance(whole, Briefing) and isinstance(alone, Briefing)
        assert _outline(alone) == _outline(whole)
