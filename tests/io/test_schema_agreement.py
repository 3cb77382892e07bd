"""The RELAX NG schema and the loader's rules accept and refuse the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.corpus import FRENCH, TOUR, briefing
from viewer.io.briefing.loader import loads, schema
from viewer.io.errors import BriefingError

VALID = {
    "french": FRENCH.read_text(encoding="utf-8"),
    "tour": TOUR.read_text(encoding="utf-8"),
    "minimal": briefing(),
    "empty-section": briefing(""),
    "em-in-mention": briefing('<p><mention actor="kp"><em>K</em></mention></p>'),
    "mention-in-em-in-claim": briefing('<p><claim><em><mention actor="kp">K</mention></em></claim></p>'),
    "date-time": briefing(meta="<date>2024-12-18T10:00:00</date><title>T</title>"),
}

INVALID = {
    "nested-claim": briefing("<p><claim>a <claim>b</claim></claim></p>"),
    "nested-mention": briefing('<p><mention actor="kp">a <mention actor="kp">b</mention></mention></p>'),
    "claim-in-em": briefing("<p><em><claim>x</claim></em></p>"),
    "link-in-mention": briefing('<p><mention actor="kp"><link href="x">y</link></mention></p>'),
    "unknown-element": briefing("<p>a <b>bold</b></p>"),
    "block-after-subsection": briefing("<section><heading>x</heading></section><p>late</p>"),
    "no-heading": briefing("<p>x</p>").replace("<heading>H</heading>", ""),
    "bad-kind": briefing('<p><claim kind="rumour">x</claim></p>'),
    "bad-confidence": briefing('<p><claim confidence="certain">x</claim></p>'),
    "bad-actor-type": briefing(actors='<actors><actor id="kp" type="nation"><name>K</name></actor></actors>'),
    "actor-without-name": briefing(actors='<actors><actor id="kp" type="state"/></actors>'),
    "bad-id": briefing('<p><claim id="1st">x</claim></p>'),
    "bad-list-type": briefing('<list type="roman"><item>x</item></list>'),
    "empty-list": briefing("<list/>"),
    "empty-quote": briefing("<quote/>"),
    "text-in-section": briefing("stray text <p>x</p>"),
    "missing-title": briefing(meta=""),
    "two-titles": briefing(meta="<title>a</title><title>b</title>"),
    "bad-date": briefing(meta="<title>t</title><date>18/12/2024</date>"),
    "unknown-attribute": briefing('<p class="x">y</p>'),
    "mention-without-actor": briefing("<p><mention>x</mention></p>"),
    "relation-with-content": briefing().replace(
        "</actors>", '</actors><relations><relation from="kp" to="kp" type="x">t</relation></relations>'
    ),
    "empty-body": briefing().split("<body>")[0] + "<body/></briefing>",
    "body-before-meta": briefing()
    .replace("<meta><title>T</title></meta>", "")
    .replace("</body>", "</body><meta><title>T</title></meta>"),
    "bad-version": briefing().replace('id="b"', 'id="b" version="2"'),
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_for_both(name: str) -> None:
    text = VALID[name]
    assert schema().validate(etree.fromstring(text.encode())), schema().error_log
    loads(text, name)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_for_both_and_said_in_words(name: str) -> None:
    text = INVALID[name]
    assert not schema().validate(etree.fromstring(text.encode()))
    with pytest.raises(BriefingError) as caught:
        loads(text, name)
    # The loader's own rule caught it, not the schema fallback with libxml2's wording.
    assert all("does not follow the briefing schema" not in p.message for p in caught.value.problems)
    assert all(p.line >= 1 for p in caught.value.problems)


def test_the_loader_validates_with_the_schema_file_the_spec_names() -> None:
    from viewer.io.briefing.resources import resource_path

    named = Path(__file__).resolve().parents[2] / "resources" / "schema" / "briefing-1.rng"
    assert resource_path("schema", "briefing-1.rng").resolve() == named
    assert schema().validate(etree.parse(str(FRENCH)))


# Schema-valid files that break the integrity rules only the code checks: the fast build must refuse them too.
INTEGRITY = {
    "undeclared-mention": (briefing('<p>a <mention actor="ru">R</mention></p>'), 'names actor "ru"'),
    "undeclared-claim-about": (briefing('<p><claim about="kp us">x</claim></p>'), 'is about actor "us"'),
    "undeclared-claim-by": (briefing('<p><claim by="us">x</claim></p>'), 'names actor "us"'),
    "undeclared-quote-by": (briefing('<quote by="us"><p>x</p></quote>'), 'names actor "us"'),
    "duplicate-claim-id": (briefing('<p><claim id="kp">x</claim></p>'), 'id "kp" is already used'),
    "mention-in-claim": (briefing('<p><claim><mention actor="us">U</mention></claim></p>'), 'names actor "us"'),
}


@pytest.mark.parametrize("name", sorted(INTEGRITY))
def test_integrity_problems_are_refused_with_their_place(name: str, tmp_path: Path) -> None:
    from viewer.io.briefing.loader import check_briefing

    text, words = INTEGRITY[name]
    assert schema().validate(etree.fromstring(text.encode()))
    for attempt in (lambda: loads(text, name), lambda: check_briefing(_written(tmp_path, text))):
        with pytest.raises(BriefingError) as caught:
            attempt()
        problems = caught.value.problems
        assert any(words in p.message for p in problems), problems
        assert all(p.line > 1 for p in problems)


def _written(folder: Path, text: str) -> Path:
    path = folder / "b.xml"
    path.write_text(text, encoding="utf-8")
    return path
