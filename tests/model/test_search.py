"""Finding text ignores case and accents and returns offsets in the displayed text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.corpus import FRENCH
from viewer.io.briefing.loader import load_briefing
from viewer.model.search import TextSearch, fold


def test_coree_finds_coree_with_its_accent() -> None:
    briefing = load_briefing(FRENCH)
    search = TextSearch(briefing.text)
    matches = search.find_all("coree")
    assert matches
    assert all(briefing.text[s:e].casefold() == "corée" for s, e in matches)
    assert len(matches) == briefing.text.casefold().count("corée")


def test_query_accents_and_case_are_ignored_too() -> None:
    search = TextSearch("Les ÉTATS-UNIS et les Etats-Unis.")
    assert search.find_all("états-unis") == [(4, 14), (22, 32)]


def test_blank_query_finds_nothing() -> None:
    assert TextSearch("abc").find_all("  ") == []


@given(st.text())
def test_folding_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)
