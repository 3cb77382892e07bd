"""The schema's verdict through libxml2 directly (viewer/io/briefing/relaxng.py) is lxml's, error for error,
and a refusal of many bad siblings no longer goes through lxml's error log (which locates each error in
time that grows with its earlier siblings: quadratic in all)."""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.corpus import NS
from tests.io.test_load_text_agrees import mutated
from viewer.io.briefing import loader, relaxng
from viewer.io.briefing.safexml import parse_bytes
from viewer.io.errors import BriefingError

# Siblings of one parent, right or wrong (wrong attribute names, unknown attributes, elements out of place).
_SIBLINGS = {
    "relations": (
        '<relation from="a" to="a" type="ally"/>',
        ['<relation source="a" target="a" type="ally"/>', '<relation from="a" type="ally"/>', "<actor/>", "x"],
    ),
    "mentions": (
        '<mention actor="a">A</mention> ',
        ['<mention who="a">A</mention> ', "<mention/>", "<section/>", '<em x="1">e</em>'],
    ),
    "sections": (
        "<section><heading>H</heading><p>t</p></section>\n",
        ['<section bad="1"><heading>H</heading><p>t</p></section>\n', "<section/>", "<p>t</p>", "<heading/>"],
    ),
    "items": ("<item>i</item>", ['<item n="1">i</item>', "<p>p</p>", "<item><section/></item>"]),
    "actors": (
        '<actor id="b{i}" type="state"><name>B</name></actor>',
        ['<actor id="c{i}"><name>B</name></actor>', '<actor id="d{i}" type="x"><name>B</name></actor>', "<name/>"],
    ),
}


def _wide(kind: str, siblings: list[str]) -> str:
    """A briefing whose one parent of the kind holds the given siblings (one per line, or on one line)."""
    joined = "".join(sibling.replace("{i}", str(i)) for i, sibling in enumerate(siblings))
    actors = '<actor id="a" type="state"><name>A</name></actor>'
    relations, body = "", "<section><heading>H</heading><p>t</p></section>"
    if kind == "relations":
        relations = f"<relations>\n{joined}</relations>\n"
    elif kind == "mentions":
        body = f"<section><heading>H</heading><p>{joined}</p></section>"
    elif kind == "sections":
        body = joined
    elif kind == "items":
        body = f"<section><heading>H</heading><list>{joined}</list></section>"
    else:
        actors += joined
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="x"><meta><title>T</title></meta>\n'
        f"<actors>{actors}</actors>\n{relations}<body>{body}</body></briefing>\n"
    )


@st.composite
def wide(draw: st.DrawFn) -> str:
    """A briefing with a wide parent: up to 300 siblings, any of them wrong, or all."""
    kind = draw(st.sampled_from(sorted(_SIBLINGS)))
    good, bad = _SIBLINGS[kind]
    count = draw(st.integers(1, 300))
    share = draw(st.sampled_from([0.0, 0.1, 0.5, 1.0]))
    rows = st.lists(st.tuples(st.floats(0, 1), st.sampled_from(bad)), min_size=count, max_size=count)
    return _wide(kind, [wrong if chance < share else good for chance, wrong in draw(rows)])


def _by_lxml(tree: etree._ElementTree) -> tuple[bool, list[tuple[int, int, str]]]:
    validator = loader._validator()
    valid = validator.validate(tree)
    return valid, [(entry.line, entry.column, entry.message) for entry in validator.error_log]


def _agree(text: str, limit: int) -> None:
    try:
        tree = parse_bytes(text.encode("utf-8"), "b.xml")
    except BriefingError:  # not well-formed: never validated
        return
    direct = loader._direct_validator()
    assert direct is not None  # (here, with lxml's wheels, it can always be had)
    outcome = direct.validate(tree, limit)
    valid, errors = _by_lxml(tree)
    assert (outcome.valid, outcome.errors, outcome.count) == (valid, errors[:limit], len(errors))


@settings(max_examples=300, deadline=None)
@given(text=mutated(), limit=st.sampled_from([0, 1, 2, 1000]))
def test_mutated_samples_get_lxml_s_errors(text: str, limit: int) -> None:
    _agree(text, limit)


@settings(max_examples=150, deadline=None)
@given(text=wide(), limit=st.sampled_from([0, 3, 1000]))
def test_wide_parents_get_lxml_s_errors(text: str, limit: int) -> None:
    _agree(text, limit)


def _through_lxml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "_direct_validator", lambda: None)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(mutated(), wide()), listed=st.sampled_from([1, 2, 1000]))
def test_the_schema_s_problems_and_their_count_are_lxml_s(
    text: str, listed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the loader reports of the schema (the listed problems and how many more) is what it reported
    through lxml, with few problems listed (MAX_PROBLEMS) or many."""
    try:
        tree = parse_bytes(text.encode("utf-8"), "b.xml")
    except BriefingError:
        return
    with monkeypatch.context() as patch:
        patch.setattr(loader, "MAX_PROBLEMS", listed)
        direct = loader._schema_problems(tree, "b.xml")
        _through_lxml(patch)
        assert direct == loader._schema_problems(tree, "b.xml")


def _refusal(data: bytes) -> list[str]:
    with pytest.raises(BriefingError) as refused:
        loader.check_briefing_bytes(data, "b.xml")
    return [str(problem) for problem in refused.value.problems] + [str(refused.value)]


def test_a_refusal_of_many_bad_siblings_asks_lxml_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """4,000 misnamed relations (each error located by lxml, counting the earlier siblings: 8 million
    steps) are refused without lxml's validator, with the problems it gave."""
    data = _wide("relations", ['<relation source="a" target="a" type="ally"/>\n'] * 4_000).encode()
    with monkeypatch.context() as patch:
        _through_lxml(patch)
        by_lxml = _refusal(data)

    def refused_by_lxml() -> etree.RelaxNG:
        raise AssertionError("validated through lxml's error log")

    monkeypatch.setattr(loader, "_validator", refused_by_lxml)
    assert _refusal(data) == by_lxml
    assert by_lxml[-1].endswith("and 15,000 more problems not listed")


def test_the_schema_s_problems_when_the_code_sees_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the code's rules find nothing, the refusal is in the schema's words: the same through both."""
    data = _wide("sections", ['<section bad="1"><heading>H</heading><p>t</p></section>\n'] * 1_500).encode()
    monkeypatch.setattr(loader._Builder, "build", lambda self: None)  # the code's walk sees nothing wrong
    direct = _refusal(data)
    _through_lxml(monkeypatch)
    assert direct == _refusal(data)
    assert "does not follow the briefing schema" in direct[0] and "and 500 more problems" in direct[-1]


def test_validation_in_another_thread_gets_the_same_errors() -> None:
    """The window validates in its loading thread (libxml2 calls back into Python from there)."""
    tree = parse_bytes(_wide("mentions", ['<mention who="a">A</mention> '] * 200).encode(), "b.xml")
    seen: list[object] = []
    worker = threading.Thread(target=lambda: seen.append(loader._schema_problems(tree, "b.xml")))
    worker.start()
    worker.join()
    assert seen == [loader._schema_problems(tree, "b.xml")]
    assert len(seen[0].listed) == 200  # type: ignore[attr-defined]


@pytest.mark.parametrize("fault", ["layout", "symbol"])
def test_without_libxml2_at_hand_the_loader_validates_through_lxml(fault: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A libxml2 function not exported, or lxml's element not laid out as read: no direct validator (nothing
    read at a wrong place), and the loader refuses as before."""
    data = _wide("items", ['<item n="1">i</item>'] * 3).encode()
    expected = _refusal(data)
    if fault == "layout":
        monkeypatch.setattr(relaxng, "_C_NODE_OFFSET", relaxng._C_NODE_OFFSET + 8)  # (the tag's object)
    else:
        monkeypatch.setitem(relaxng._SIGNATURES, "xmlNoSuchFunction", (None, []))
    assert relaxng.validator(loader._grammar()) is None
    monkeypatch.setattr(loader, "_direct_validator", lambda: relaxng.validator(loader._grammar()))
    assert _refusal(data) == expected
