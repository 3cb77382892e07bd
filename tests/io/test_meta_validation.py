"""<meta>'s fields in any order, validated in time proportional to their number, as the schema says.

libxml2 validates the schema's <interleave> in quadratic time (40,000 authors: 0.76 s; 20,000: 0.19 s),
so the loader validates <meta> as its fields in any number and order and counts the fields that come
once. These tests compare that with the shipped schema (the spec's) on generated <meta>s.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.corpus import briefing
from viewer.io.briefing.loader import _schema_problems, check_briefing_bytes, loads, schema
from viewer.io.errors import BriefingError

_FIELDS = {
    "title": "<title>T</title>",
    "blank title": "<title> </title>",
    "subtitle": "<subtitle>S</subtitle>",
    "date": "<date>2024-12-18</date>",
    "bad date": "<date>18/12/2024</date>",
    "author": "<author>A</author>",
    "source": '<source href="https://example.org/">S</source>',
    "summary": "<summary>A <em>short</em> summary.</summary>",
    "keywords": "<keywords><keyword>k</keyword><keyword>l</keyword></keywords>",
    "empty keywords": "<keywords/>",
    "unknown": "<bogus/>",
    "text": "stray text",
    "comment": "<!-- a comment -->",
}


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(sorted(_FIELDS)), max_size=9))
def test_meta_is_accepted_exactly_when_the_schema_accepts_it(fields: list[str]) -> None:
    text = briefing(meta="".join(_FIELDS[field] for field in fields))
    tree = etree.ElementTree(etree.fromstring(text.encode()))
    by_the_schema = schema().validate(tree)
    assert (not _schema_problems(tree, "meta.xml")) == by_the_schema
    # And the loader, whichever way it goes, accepts or refuses the same, with the code's words when it refuses.
    try:
        loads(text, "meta.xml")
    except BriefingError as refused:
        assert not by_the_schema
        assert all("does not follow the briefing schema" not in p.message for p in refused.problems)
    else:
        assert by_the_schema
    # `briefing check` too (it builds no model: the schema and the counts alone decide).
    try:
        check_briefing_bytes(text.encode(), "meta.xml")
    except BriefingError:
        assert not by_the_schema
    else:
        assert by_the_schema


def test_many_authors_and_keywords_are_accepted_and_two_titles_among_them_refused_in_words() -> None:
    authors = "".join(f"<author>Author {i}</author>" for i in range(5_000))
    keywords = "<keywords>" + "".join(f"<keyword>k{i}</keyword>" for i in range(5_000)) + "</keywords>"
    briefing_ = loads(briefing(meta=f"{authors}<title>T</title>{keywords}"))
    assert len(briefing_.meta.authors) == 5_000 and len(briefing_.meta.keywords) == 5_000
    try:
        loads(briefing(meta=f"<title>T</title>{authors}<title>U</title>"), "two.xml")
    except BriefingError as refused:
        assert [p.message for p in refused.problems] == ["<meta> may have only one <title>"]
    else:
        raise AssertionError("two titles accepted")
