"""Runs of short plain lines, converted without a parse per line, give the very bytes a full parse gives."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.corpus import ROOT
from viewer.io.convert.actors_file import read_actors_file
from viewer.io.convert.article import Conversion, Converter, NotPlain, convert_article, read_article

sys.path.insert(0, str(ROOT / "bench"))
from bench_convert import SHAPES

DATA = ROOT / "tests" / "data" / "convert"
ACTORS = read_actors_file(DATA / "coree-actors.toml")
ARTICLE = ROOT.parent / "shared" / "articles" / "coree-du-nord-russie.txt"


def summary(conversion: Conversion) -> tuple[object, ...]:
    return (conversion.xml, conversion.title, conversion.sections, conversion.mentions, conversion.never_mentioned)


def converted_with_runs(text: str, briefing_id: str = "b", lang: str | None = None) -> tuple[Conversion, int]:
    """The conversion taking runs out, and how many runs of paragraphs or items it wrote itself.

    The Converter is called directly: a run's marker found where no run can be raises here, where
    convert_article would quietly convert again without runs.
    """
    converter = Converter(ACTORS, briefing_id, lang)
    return converter.convert(text), len(converter.written_runs)


# Lines of every kind that decides how the lines around it are read: blank, plain and short (the
# runs), indented, list items of each bullet and number, quotes, headings and underlines, fences,
# HTML blocks that run over blank lines, reference definitions, emphasis, hard breaks, names of
# actors (whole, split over two lines, with either apostrophe), a title label, long lines, odd spaces.
_LINES = [
    *["", "", "", ""],
    *["a", "b c", "x", "Moscou", "La Corée du Nord", "Corée", "du Nord", "l'Occident", "l’Occident et Moscou"],
    *["a  ", "b \\", "Titre : Moscou", "title:", "États-Unis", "é’ x", "\u00a0a", "a\u00a0", "\u2003x", "x\u2028"],
    *["- a", "- Moscou et", "- La Corée du Nord", "* b", "+ c", "-", "- ", "-  a", "- - -", "1. a", "2) b"],
    *["1. Moscou", "2. b", "10. c", "1) x", "3) y", "1.", "1.  a", "0. a", "1234567890. a", "1. - a"],
    *["  - a", "  a", "    code", "\tb", "> a", ">", "> - a", "# h", "## Moscou", "Titre", "===", "---", "***"],
    *["```", "~~~", "<div>", "<!--", "-->", "<script>", "</script>", "<?", "?>", "<a>", "[x]: /u", "[x]", "[y]:"],
    *["**b**", "*a*", "_a_", "`a`", "x &amp;", "a & b", "(a)", "a!", "a" * 23, "a" * 24, "a" * 25, "a b " * 8],
]
_RUN_LINES = ["", "", "a", "> a", "> Moscou", "- a", "1. a", "2. La Corée du Nord", "a  ", "# a", "# a", "## Moscou"]
_ARTICLES = st.lists(
    st.one_of(st.sampled_from(_LINES), st.sampled_from(_LINES[:14]), st.sampled_from(_RUN_LINES)), max_size=50
).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(text=_ARTICLES, trailing_newline=st.booleans())
def test_taking_runs_out_gives_the_bytes_a_full_parse_gives(text: str, trailing_newline: bool) -> None:
    text += "\n" if trailing_newline else ""
    with_runs, _ = converted_with_runs(text)
    assert summary(with_runs) == summary(convert_article(text, ACTORS, "b", runs=False))


@pytest.mark.parametrize("name", list(SHAPES))
def test_the_benchmark_shapes_give_the_same_bytes(name: str) -> None:
    text = SHAPES[name](3000)
    with_runs, written = converted_with_runs(text)
    assert summary(with_runs) == summary(convert_article(text, ACTORS, "b", runs=False))
    if name in (
        "one-letter paragraphs",
        "list items - a",
        "numbered items 1. a",
        "one-line quotes > a",
        "headings # a",
    ):
        assert written == 1  # the shortcut was taken, not a parse per line


@pytest.mark.parametrize(
    "text",
    [
        "a\n\nb\n\nc\n",  # the first paragraph of a run is the title
        "Title: Moscou\n\nMoscou\n\nb",
        "- Moscou\n- b\n- c\n- d\n\nx\n\ny",  # the first item of a run is the title: its item stays, empty
        "1. Moscou\n2. b\n3. c\n4. d\n\nx\n\ny",
        "Titre\n\n" + "a\n\n" * 50 + "- a\n" * 50 + "a\n" * 50 + "a  \n" * 50 + "Fin",
    ],
)
def test_a_run_that_holds_the_title(text: str) -> None:
    with_runs, written = converted_with_runs(text)
    assert written >= 1
    assert summary(with_runs) == summary(convert_article(text, ACTORS, "b", runs=False))


@pytest.mark.parametrize(
    "text",
    [
        "T\n\nfoo\n2. a\n3. b\n4. c\n5. d",  # numbers after a paragraph, not from 1: lines of it, no list
        "T\n\n> foo\n2) a\n2) b\n2) c\n2) d",  # the same in a quote
        "T\n\nfoo\n2. a\n1. b\n1. c\n1. d",  # the 1 starts a list
        "T\n\nfoo\n\n7. a\n8. b\n9. c\n10. d",  # after a blank line any number starts one
        "T\n\n- foo\n1. a\n1. b\n1. c",
    ],
)
def test_numbered_lines_that_only_continue_a_paragraph(text: str) -> None:
    # (after a blank line: an article without one is plain text, a paragraph a line)
    with_runs, _ = converted_with_runs(text)
    assert summary(with_runs) == summary(convert_article(text, ACTORS, "b", runs=False))


def test_a_committed_article_of_runs_converts_to_its_committed_bytes() -> None:
    """The expected bytes were written by the converter before runs were taken out (a full parse)."""
    text = read_article((DATA / "runs-article.md").read_bytes())
    with_runs, written = converted_with_runs(text, "runs", "fr")
    assert written == 6  # runs of paragraphs, of bullets and of numbers
    assert with_runs.xml == (DATA / "runs-article.xml").read_bytes()
    assert convert_article(text, ACTORS, "runs", "fr", runs=False).xml == with_runs.xml


@pytest.mark.skipif(not ARTICLE.exists(), reason="shared/ is not beside the project")
def test_the_sample_article_converts_to_its_committed_bytes() -> None:
    article = read_article(ARTICLE.read_bytes())
    assert convert_article(article, ACTORS, "coree", "fr").xml == (DATA / "coree-du-nord-russie.xml").read_bytes()


def test_many_sections_alike_get_numbered_ids_in_order() -> None:
    text = "# T\n\n" + "## a\n\nx\n\n" * 5 + "## a 3\n\n" + "## a\n\n" * 2
    xml = convert_article(text, None, "b").xml.decode()
    ids = [part.split('"')[0] for part in xml.split('<section id="')[1:]]
    assert ids == ["a", "a-2", "a-3", "a-4", "a-5", "a-3-2", "a-6", "a-7"]


def test_a_marker_where_no_run_can_be_falls_back_to_a_full_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were a run's marker ever read where no run can be, the article is parsed whole: same bytes."""

    def refuse(*_: object) -> None:
        raise NotPlain("as if a marker were found in a quote")

    monkeypatch.setattr(Converter, "_write_run", refuse)
    text = "T\n\n" + "a\n\n" * 5
    assert summary(convert_article(text, ACTORS, "b")) == summary(convert_article(text, ACTORS, "b", runs=False))
    with pytest.raises(NotPlain):
        Converter(ACTORS, "b", None).convert(text)


@pytest.mark.parametrize(
    "text",
    [
        "# Titre\n# a\n# a\n# b\n",  # the first of a run of level-one headings is the title
        "# Title:  Moscou  et  a\n# a\n# a",  # its white space collapsed, as a heading title's is
        "## Title: Moscou\n## a\n## a",  # no level-one heading: the first line is the title
        "Titre\n\n" + "# a\n" * 30 + "x\n\n" + "## b\n\n" * 30 + "### Moscou\n" * 30 + "# La Corée du Nord\n" * 3,
        "Titre\n\n## b\n## b\n## Moscou\n## moscou\n## Pyongyang\n## b-2\n## 1a\n## é\n## a\u00a0 b\n## a\n## a",
        "Titre\n\n# a #\n# a #\n# b#c\n# b#c\n# a  b\n# a  b\n# a\t\n# a\t\n#  a\n#  a\n",  # closings, spaces: none taken
        "Titre\n\n### a\n### a\ntext\n# b\n# b\n\n- c\n# d\n# d\n> e\n# f\n# f\n",  # under another section
    ],
)
def test_a_run_of_headings_makes_the_sections_a_full_parse_makes(text: str) -> None:
    with_runs, written = converted_with_runs(text)
    assert written >= 1
    assert summary(with_runs) == summary(convert_article(text, ACTORS, "b", runs=False))


@pytest.mark.parametrize(
    "text", ["T\n\n```\n# a\n# b\n```\n", "T\n\n<div>\n# a\n# b\n\n# c\n# d\n", "T\n\n<!--\n# a\n\n# b\n-->"]
)
def test_headings_in_code_or_html_stay_as_written(text: str) -> None:
    assert summary(converted_with_runs(text)[0]) == summary(convert_article(text, ACTORS, "b", runs=False))
