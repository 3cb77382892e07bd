"""Markdown export: quotes come back from a CommonMark parser exactly, nothing runs, order holds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.corpus import FRENCH
from viewer.io.briefing.loader import load_briefing, loads
from viewer.io.notes.markdown_export import (
    ExportOptions,
    NoteCache,
    escape_text,
    export_markdown,
    export_pieces,
    safe_note_text,
)
from viewer.io.notes.web_annotation import printable
from viewer.model.anchoring import Anchorer, make_anchor
from viewer.model.notes import Note, NoteState, PlacedNote

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden" / "coree-du-nord-russie-notes.md"
PARSERS = [MarkdownIt("commonmark"), MarkdownIt("js-default")]
TRICKY = [
    "a *starred* and _underscored_ word",
    "code `with` ``backticks``",
    "# not a heading",
    "[not](a link) and [brackets]",
    "<script>alert('x')</script>",
    "a | table | row",
    "1. not a list",
    "> not a quote",
    "- not a bullet",
    "back\\slash \\* and \\\\ double",
    "مرحبا بالعالم – RTL text",
    "emoji 👍🏽 and flags 🇫🇷",
    "combining e\u0301 and a\u0308",
    "&amp; &lt; entities &#65;",
    "   leading and trailing spaces   ",
    "\u00a0no-break at the ends\u00a0",
    "line one\nline two\n2) still text",
    "![image](http://x/y.png)",
    "<http://autolink.example>",
    "***\n---\n===",
]


def placed_note(
    text: str, quote: str, start: int = 0, state: NoteState = NoteState.ANCHORED, **fields: object
) -> PlacedNote:
    anchor = make_anchor(quote, 0, len(quote), None) if quote else make_anchor("x", 0, 1, None)
    note = Note(
        f"id-{start}",
        "b",
        anchor,
        text,
        created="2026-01-01T00:00:00Z",
        modified="2026-01-01T00:00:00Z",
        **fields,  # type: ignore[arg-type]
    )
    return PlacedNote(
        note,
        state,
        None if state is NoteState.ORPHANED else start,
        None if state is NoteState.ORPHANED else start + len(quote),
        None,
    )


def blockquotes(markdown: str, parser: MarkdownIt) -> list[str]:
    """The text of each blockquote as a reader sees it: paragraphs joined by line breaks."""
    tokens = parser.parse(markdown)
    quotes: list[str] = []
    depth = 0
    paragraphs: list[str] = []
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            paragraphs = []
        elif token.type == "blockquote_close":
            depth -= 1
            quotes.append("\n".join(paragraphs))
        elif token.type == "inline" and depth:
            paragraphs.append(inline_text(token))
    return quotes


def inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak" or child.type == "hardbreak":
            parts.append("\n")
        else:
            raise AssertionError(f"quoted text produced markup: {child.type} {child.content!r}")
    return "".join(parts)


def html_tokens(markdown: str, parser: MarkdownIt) -> list[Token]:
    found = []
    for token in parser.parse(markdown):
        if token.type == "html_block":
            found.append(token)
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(child)
    return found


def export_one(quote: str, text: str = "") -> str:
    briefing = loads(
        '<briefing xmlns="urn:briefing-viewer:format:1" id="b"><meta><title>T</title></meta>'
        "<body><section id='s'><heading>H</heading><p>x</p></section></body></briefing>"
    )
    return export_markdown(briefing, [placed_note(text, quote)], ExportOptions(today="2026-01-01"))


@pytest.mark.parametrize("quote", TRICKY)
@pytest.mark.parametrize("parser", PARSERS, ids=["commonmark", "js-default"])
def test_tricky_quotes_render_literally(quote: str, parser: MarkdownIt) -> None:
    markdown = export_one(quote)
    assert blockquotes(markdown, parser) == [quote]
    assert html_tokens(markdown, parser) == []


lines = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(lambda s: s != "")


@settings(max_examples=300, deadline=None)
@given(st.lists(lines, min_size=1, max_size=3).map("\n".join))
def test_any_passage_round_trips(quote: str) -> None:
    markdown = export_one(quote)
    for parser in PARSERS:
        assert blockquotes(markdown, parser) == [quote]
        assert html_tokens(markdown, parser) == []


markup = st.text(alphabet="-+#=*_`[]()<>!|~&\\ .1)>:0a\u00a0\t", min_size=1, max_size=30).filter(
    lambda s: s.strip("\t") != ""
)


@settings(max_examples=400, deadline=None)
@given(st.lists(markup, min_size=1, max_size=3).map("\n".join))
def test_passages_made_of_markup_characters_round_trip(quote: str) -> None:
    expected = quote.replace("\t", "\ufffd")  # the documented normalisation of control characters
    markdown = export_one(quote)
    for parser in PARSERS:
        assert blockquotes(markdown, parser) == [expected]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_note_text_never_passes_raw_html_or_script_links(text: str) -> None:
    markdown = export_one("quote", text)
    for parser in PARSERS:
        assert html_tokens(markdown, parser) == []
        for token in parser.parse(markdown):
            for child in token.children or []:
                href = str(child.attrs.get("href", "") if child.attrs else "")
                assert not href.strip().lower().startswith(("javascript:", "vbscript:", "data:"))


def test_control_characters_are_replaced_visibly() -> None:
    assert escape_text("a\x00b\x1bc\x7f") == "a\ufffdb\ufffdc\ufffd"


def test_the_users_markdown_is_kept_but_not_its_html() -> None:
    text = "**Important**: see [source](https://example.org) and <b>this</b>\n\n```\n<kept in code>\n```"
    safe = safe_note_text(text)
    assert "**Important**" in safe and "[source](https://example.org)" in safe
    assert "&lt;b>this&lt;/b>" in safe and "<kept in code>" in safe
    assert "[x](#javascript-link-removed:alert(1))" in safe_note_text("[x](javascript:alert(1))")


def sample_notes() -> tuple[object, list[PlacedNote]]:
    briefing = load_briefing(FRENCH)
    text = briefing.text
    anchorer = Anchorer(text)
    specs = [
        ("Washington s’inquiète de transferts d’armement", "Source ?", "blue", ("sources",)),
        ("3 000 soldats", "Chiffre à *vérifier* <b>vite</b>", "yellow", ("chiffres", "à vérifier")),
        ("Mao Zedong", "", "green", ()),
        ("la Russie livre du charbon", "Voir les douanes", "red", ("économie",)),
    ]
    placed = []
    for index, (words, body, color, tags) in enumerate(specs):
        start = text.index(words)
        note = Note(
            f"note-{index}",
            briefing.id,
            make_anchor(text, start, start + len(words), briefing.block_at(start).section_id),  # type: ignore[union-attr]
            body,
            color,
            tags,
            "2026-01-01T10:00:00Z",
            "2026-01-01T10:00:00Z",
        )
        placed.append(anchorer.place(note))
    lost = Note(
        "note-lost", briefing.id, make_anchor("Un passage supprimé depuis.", 0, 27, "economie"), "Perdu", "purple"
    )
    placed.append(PlacedNote(lost, NoteState.ORPHANED, None, None, "economie"))
    return briefing, placed


def test_sections_in_document_order_with_paths_and_orphans_last() -> None:
    briefing, placed = sample_notes()
    markdown = export_markdown(
        briefing, placed, ExportOptions(today="2026-01-01", source_name="coree-du-nord-russie.xml")
    )  # type: ignore[arg-type]
    tokens = MarkdownIt("commonmark").parse(markdown)
    headings = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings == [
        "Une alliance qui change d’échelle",
        "Un soutien militaire sans précédent › Un précédent : la guerre froide",
        "Programmes d’armement et transferts technologiques",
        "Une nouvelle dynamique économique",
        "Orphaned notes",
    ]
    quotes = blockquotes(markdown, MarkdownIt("commonmark"))
    assert quotes[-1] == "Un passage supprimé depuis."
    assert (
        "*Actors:* États-Unis" in markdown
        and "d’armement et de…” (by États-Unis, assessment, moderate confidence)" in markdown
    )


@pytest.mark.parametrize("group_by", ["color", "tag", "actor"])
def test_other_groupings(group_by: str) -> None:
    briefing, placed = sample_notes()
    markdown = export_markdown(briefing, placed, ExportOptions(group_by=group_by, today="2026-01-01"))  # type: ignore[arg-type]
    tokens = MarkdownIt("commonmark").parse(markdown)
    headings = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    expected = {
        "color": ["Important", "Question", "Disagree", "Follow up", "Orphaned notes"],
        "tag": ["chiffres", "sources", "à vérifier", "économie", "Untagged", "Orphaned notes"],
        "actor": ["Russie", "États-Unis", "Mao Zedong", "No actor", "Orphaned notes"],
    }[group_by]
    assert headings == expected


def test_options_leave_out_quotes_and_orphans() -> None:
    briefing, placed = sample_notes()
    markdown = export_markdown(briefing, placed, ExportOptions(quotes=False, orphans=False, today="2026-01-01"))  # type: ignore[arg-type]
    assert blockquotes(markdown, MarkdownIt("commonmark")) == []
    assert "Orphaned notes" not in markdown and "Perdu" not in markdown
    assert "- Notes: 4" in markdown


def test_claims_are_named_by_their_passage_and_who_makes_it() -> None:
    briefing, placed = sample_notes()
    markdown = export_markdown(briefing, placed, ExportOptions(today="2026-01-01"))  # type: ignore[arg-type]
    assert "inquietude-us" not in markdown and "renfort (" not in markdown  # no internal ids
    assert "*Claims:* “Washington s’inquiète de transferts d’armement et de…” (by États-Unis," in markdown


def test_golden_export_of_the_sample() -> None:
    briefing, placed = sample_notes()
    # A second note in the first section: two notes of a group, with the rule between them.
    text = briefing.text  # type: ignore[attr-defined]
    start = text.index("Moscou")
    second = Note(
        "note-second",
        briefing.id,  # type: ignore[attr-defined]
        make_anchor(text, start, start + 6, briefing.block_at(start).section_id),  # type: ignore[attr-defined]
        "Deux notes dans la même section",
        "purple",
        (),
        "2026-01-01T10:00:00Z",
        "2026-01-01T10:00:00Z",
    )
    placed.insert(2, Anchorer(text).place(second))
    markdown = export_markdown(
        briefing, placed, ExportOptions(today="2026-01-01", source_name="coree-du-nord-russie.xml")
    )  # type: ignore[arg-type]
    if os.environ.get("UPDATE_GOLDEN"):  # after a deliberate change: rewrite, review the diff, commit
        GOLDEN.write_text(markdown, encoding="utf-8")
    assert markdown == GOLDEN.read_text(encoding="utf-8")


# -- bodies of another kind ------------------------------------------------------------------


def attachments(markdown: str, parser: MarkdownIt) -> list[tuple[str, list[str]]]:
    """Each "Also attached" paragraph as a reader sees it, with the targets of its live links."""
    found = []
    for token in parser.parse(markdown):
        children = token.children or []
        if token.type != "inline" or not token.content.startswith("*Also attached:*"):
            continue
        hrefs = [str(child.attrs["href"]) for child in children if child.type == "link_open"]
        shown = "".join(child.content for child in children if child.type in ("text", "code_inline"))
        assert {child.type for child in children} <= {"text", "em_open", "em_close", "link_open", "link_close"}
        found.append((shown, hrefs))
    return found


def export_with_bodies(*bodies: object) -> str:
    briefing = loads(
        '<briefing xmlns="urn:briefing-viewer:format:1" id="b"><meta><title>T</title></meta>'
        "<body><section id='s'><heading>H</heading><p>x</p></section></body></briefing>"
    )
    note = placed_note("My note", "quote", other_bodies=json.dumps(list(bodies)) if bodies else "")
    return export_markdown(briefing, [note], ExportOptions(today="2026-01-01"))


HOSTILE_LINKS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "mailto:someone@example.org",
    "[click](javascript:alert(1))",
    "<javascript:alert(1)>",
    "https://example.org/a b",  # a space: not one web address, shown as text
    "ftp://example.org/*x*_y_",
]


@pytest.mark.parametrize("parser", PARSERS, ids=["commonmark", "js-default"])
def test_bodies_of_another_kind_follow_the_text_and_only_web_links_are_live(parser: MarkdownIt) -> None:
    markdown = export_with_bodies(
        {"type": "Sound", "id": "https://example.org/a.ogg"},
        *({"type": "Image", "id": link} for link in HOSTILE_LINKS),
        {"type": "Choice", "items": []},
    )
    assert markdown.index("My note") < markdown.index("*Also attached:*") < markdown.index("*Colour:*")
    assert attachments(markdown, parser) == [
        ("Also attached: sound: https://example.org/a.ogg", ["https://example.org/a.ogg"]),
        *((f"Also attached: image: {link}", []) for link in HOSTILE_LINKS),
        ("Also attached: choice", []),
    ]
    assert html_tokens(markdown, parser) == []


def test_a_note_without_other_bodies_has_no_attachment_line() -> None:
    assert "Also attached" not in export_with_bodies()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_link_of_another_body_shows_literally_and_is_live_only_on_the_web(link: str) -> None:
    markdown = export_with_bodies({"type": "Sound", "id": link})
    shown = printable(f"sound: {link}" if link else "sound")  # as the notes panel and `notes` show it
    for parser in PARSERS:
        [(text, hrefs)] = attachments(markdown, parser)
        assert html_tokens(markdown, parser) == []
        assert all(href.lower().startswith(("http://", "https://")) for href in hrefs)
        if not hrefs:
            assert text == f"Also attached: {shown}"


OPTIONS = st.builds(
    ExportOptions,
    group_by=st.sampled_from(["section", "color", "tag", "actor"]),
    quotes=st.booleans(),
    details=st.booleans(),
    orphans=st.booleans(),
    today=st.just("2026-01-01"),
)


@given(st.lists(OPTIONS, min_size=1, max_size=6), st.lists(st.booleans(), min_size=5, max_size=5))
def test_pieces_with_a_kept_cache_make_the_export(choices: list[ExportOptions], kept: list[bool]) -> None:
    """The preview's pieces, each note's Markdown kept from one choice of options to the next, make the export."""
    briefing, placed = sample_notes()
    notes = [p for p, keep in zip(placed, kept, strict=False) if keep]
    cache: NoteCache = {}
    for options in choices:
        pieces = list(export_pieces(briefing, notes, options, cache))  # type: ignore[arg-type]
        assert all(pieces) and "".join(pieces) == export_markdown(briefing, notes, options)  # type: ignore[arg-type]
