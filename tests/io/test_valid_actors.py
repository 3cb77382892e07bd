"""On a tree the schema has accepted, the actors read at once (HeaderReader.read_valid_actors) are those the
general walk reads (read_actors with its checks), and normalising white space quickly is normalising it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.corpus import NS
from viewer.io.briefing.build import Builder
from viewer.io.briefing.loader import schema
from viewer.io.briefing.safexml import parse_bytes
from viewer.model.briefing import Actor
from viewer.model.text import normalise_space

_text = st.sampled_from(
    ["", "A", " A ", "Kim  Jong\tun", "\n K \n", "é « l’x »", "\u00a0a", "a\u200bb", "&amp; x", "a<!-- c -->b"]
)
_between = st.sampled_from(["", "\n", "<!-- c -->", "<?pi x?>"])


@st.composite
def _actor(draw: st.DrawFn) -> str:
    unique = st.uuids().map(lambda u: f"u{u.hex}")
    identifier = draw(st.one_of(unique, unique, unique, st.sampled_from(["kp", "ru", "x.y", "_z"])))
    kind = draw(st.sampled_from([' type="state"', ' type="person"', ' type="other"', ' type="place"']))
    parts = [f"<name>{draw(_text)}</name>"]
    parts += [f"<alias>{draw(_text)}</alias>" for _ in range(draw(st.integers(0, 2)))]
    if draw(st.booleans()):
        parts.append(f"<description>{draw(_text)}</description>")
    between = draw(_between)
    return f'<actor id="{identifier}"{kind}>{between}{between.join(parts)}{between}</actor>'


def _read(data: bytes, checking: bool) -> list[tuple[str, Actor]] | None:
    """The actors a build reads, checking or not, of a schema-valid file; None if it is not valid."""
    tree = parse_bytes(data, "b.xml")
    if not schema().validate(tree):
        return None
    builder = Builder("b.xml", data, tree, checking=checking)
    briefing = builder.build()
    if briefing is None:
        return None  # (a repeated id: refused either way, said by the checking walk)
    return list(briefing.actors.items())


@settings(max_examples=300, deadline=None)
@given(actors=st.lists(_actor(), min_size=1, max_size=5), between=_between)
def test_actors_read_at_once_are_those_of_the_general_walk(actors: list[str], between: str) -> None:
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="b"><meta><title>T</title></meta>'
        f"<actors>{between}{between.join(actors)}{between}</actors>"
        "<body><section><heading>H</heading><p>t</p></section></body></briefing>"
    )
    data = text.encode("utf-8")
    checked = _read(data, checking=True)
    assert _read(data, checking=False) == checked


def test_a_valid_actor_is_read_whole() -> None:
    one = (
        f'<?xml version="1.0"?><briefing xmlns="{NS}" id="b"><meta><title>T</title></meta><actors>'
        '<actor id="kp" type="state"><name> Kim  Jong </name><alias>A</alias><!-- c --><description>d</description></actor>'
        "</actors><body><section><heading>H</heading><p>t</p></section></body></briefing>"
    ).encode()
    assert _read(one, checking=False) == [("kp", Actor("kp", "state", "Kim Jong", ("A",), "d"))]


def _reference(text: str) -> str:
    return re.sub(r"[ \t\n\r\f]+", " ", text).strip(" ")


@settings(max_examples=1000)
@given(st.text(alphabet=st.sampled_from(" \t\n\r\f\v\u00a0\u2028\u200bab\x00\x1f\x85é"), max_size=12) | st.text())
def test_normalising_white_space_quickly_is_normalising_it(text: str) -> None:
    assert normalise_space(text) == _reference(text)
