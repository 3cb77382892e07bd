"""No note can inject anything into the Markdown export: proved on notes made of Markdown and HTML metacharacters."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.io.test_markdown_export import placed_note
from viewer.io.briefing.loader import loads
from viewer.io.notes.markdown_export import ExportOptions, export_markdown
from viewer.model.notes import NOTE_COLORS


def safe_target(url: str) -> bool:
    """http, https, mailto or no scheme, read as a browser reads a URL (ASCII white space and controls dropped)."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", re.sub(r"[\x00-\x20\x7f]", "", url))
    return match is None or match.group(1).lower() in ("http", "https", "mailto")


def _parser(preset: str) -> MarkdownIt:
    """A parser that shows everything the text makes: HTML on, and every link kept (markdown-it drops
    javascript: links itself; other renderers do not)."""
    parser = MarkdownIt(preset, {"html": True})
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


PARSERS = {"commonmark": _parser("commonmark"), "gfm-like": _parser("gfm-like")}

# Markdown and HTML metacharacters, line breaks, indents, entities and scheme words.
_PIECES = [
    *"<>&[]()!*_`~#|:\"'-=+.\\ \n",
    "\n\n",
    "    ",
    "\t",
    "```",
    "~~~",
    "&#x61;",
    "&#106;",
    "&colon;",
    "&lt;",
    "&amp;",
    "javascript",
    "JaVaScRiPt",
    "vbscript",
    "data",
    "script",
    "img src=x onerror=alert(1)",
    "http://x.org",
    "a",
    "1.",
    "> ",
    "- ",
    "<!--",
    "-->",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=25).map("".join)
_ONE_LINE = _TEXT.map(lambda s: " ".join(s.split("\n")))
# A quoted passage is displayed text: one or more lines, no tabs, no empty line.
_QUOTE = st.lists(_ONE_LINE.filter(lambda s: s.strip() != ""), min_size=1, max_size=3).map(
    lambda lines: "\n".join(" ".join(line.split()) for line in lines)
)


def _children(token: Token) -> list[Token]:
    return token.children or []


def _quotes(tokens: list[Token]) -> list[str]:
    """The text of each top-level blockquote, paragraphs joined by line breaks (markup in it shows as its type)."""
    quotes: list[str] = []
    depth = 0
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            if depth == 1:
                paragraphs: list[str] = []
        elif token.type == "blockquote_close":
            depth -= 1
            if depth == 0:
                quotes.append("\n".join(paragraphs))
        elif token.type == "inline" and depth:
            paragraphs.append(
                "".join(
                    c.content
                    if c.type in ("text", "code_inline")
                    else "\n"
                    if c.type.endswith("break")
                    else f"<{c.type}>"
                    for c in _children(token)
                    if c.type not in ("link_open", "link_close")  # GFM links bare addresses; the text stays
                )
            )
    return quotes


def _in_order(wanted: list[str], found: list[str]) -> bool:
    """Whether ``wanted`` appear in ``found`` in this order (a note's own Markdown may hold quotes too)."""
    rest = iter(found)
    return all(any(item == other for other in rest) for item in wanted)


def _heading_texts(tokens: list[Token], tag: str) -> list[str]:
    texts = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == tag:
            texts.append("".join(c.content for c in _children(tokens[index + 1]) if c.type in ("text", "code_inline")))
    return texts


@settings(max_examples=200, deadline=None)
@given(
    notes=st.lists(st.tuples(_QUOTE, _TEXT, st.lists(_ONE_LINE, max_size=2)), min_size=1, max_size=len(NOTE_COLORS)),
    color_names=st.lists(_ONE_LINE.filter(lambda s: s.strip() != ""), min_size=len(NOTE_COLORS), max_size=5),
)
def test_no_note_can_inject_anything(notes: list[tuple[str, str, list[str]]], color_names: list[str]) -> None:
    briefing = loads(
        '<briefing xmlns="urn:briefing-viewer:format:1" id="b"><meta><title>T</title></meta>'
        "<body><section id='s'><heading>H</heading><p>x</p></section></body></briefing>"
    )
    colors = list(NOTE_COLORS)
    placed = [
        placed_note(text, quote, start=i, color=colors[i], tags=tuple(tags))
        for i, (quote, text, tags) in enumerate(notes)
    ]
    names = dict(zip(colors, color_names, strict=False))
    markdown = export_markdown(briefing, placed, ExportOptions(group_by="color", color_names=names, today="2026-01-01"))
    for preset, parser in PARSERS.items():
        env: dict[str, object] = {}
        tokens = parser.parse(markdown, env)
        for token in tokens:
            assert token.type != "html_block", (preset, token.content)
            for child in _children(token):
                assert child.type != "html_inline", (preset, child.content)
                target = child.attrs.get("href", child.attrs.get("src")) if child.attrs else None
                if target is not None:
                    assert safe_target(html.unescape(str(target))), (preset, target)
        for reference in env.get("references", {}).values():  # type: ignore[attr-defined]
            assert safe_target(str(reference["href"])), (preset, reference)
        # Every note is still a section of its own, under its heading, in order; the title stays the one h1.
        assert _heading_texts(tokens, "h1") == ["T"], preset
        shown = {c: names.get(c, c).replace("\t", "\ufffd") for c in colors}  # control characters, as documented
        expected = [shown[color].capitalize() for color in colors[: len(notes)]]
        assert _heading_texts(tokens, "h2") == expected, preset
        # Every quoted passage reads back exactly.
        assert _in_order([quote for quote, _, _ in notes], _quotes(tokens)), (preset, _quotes(tokens))


# The shapes the review found, each a member of the classes above (kept as readable examples).
SHAPES = {
    "indented line after a paragraph": "text\n    <img src=x onerror=alert(1)>",
    "html in a quote": "> <img src=x onerror=alert(1)>",
    "html in a list item": "- <script>alert(1)</script>",
    "mismatched backticks": "``a` <img src=x onerror=alert(1)> `",
    "backtick in a fence info string": "``` `x\n<script>alert(1)</script>",
    "entity in the scheme": "[x](jav&#x61;script:alert(1))",
    "entity for the colon": "[x](javascript&colon;alert(1))",
    "tab in the scheme": "[x](java\tscript:alert(1))",
    "reference definition": "[x]\n\n[x]: javascript:alert(1)",
    "autolink": "<javascript:alert(1)>",
    "image": "![x](data:text/html,<script>alert(1)</script>)",
    "unclosed fence": "```\ncode that never ends",
    "a heading of the export's level": "## Not a colour",
}


@pytest.mark.parametrize("text", list(SHAPES.values()), ids=list(SHAPES))
def test_each_shape_the_review_found(text: str) -> None:
    briefing = loads(
        '<briefing xmlns="urn:briefing-viewer:format:1" id="b"><meta><title>T</title></meta>'
        "<body><section id='s'><heading>H</heading><p>x</p></section></body></briefing>"
    )
    placed = [placed_note(text, "first", start=0, color="yellow"), placed_note("", "second", start=1, color="blue")]
    markdown = export_markdown(briefing, placed, ExportOptions(group_by="color", today="2026-01-01"))
    for preset, parser in PARSERS.items():
        tokens = parser.parse(markdown)
        assert not [t for t in tokens if t.type == "html_block"], preset
        for token in tokens:
            for child in _children(token):
                assert child.type != "html_inline", (preset, child.content)
                target = child.attrs.get("href", child.attrs.get("src")) if child.attrs else None
                assert target is None or safe_target(html.unescape(str(target))), (preset, target)
        assert _heading_texts(tokens, "h2") == ["Important", "Question"], preset
        assert _in_order(["first", "second"], _quotes(tokens)), preset


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(_TEXT, min_size=2, max_size=5))
def test_notes_of_one_group_are_separated_by_a_rule(texts: list[str]) -> None:
    # Whatever a note's text holds, the next note starts after a thematic break of the export's
    # own: the token just before each later note's quote is that rule.
    briefing = loads(
        '<briefing xmlns="urn:briefing-viewer:format:1" id="b"><meta><title>T</title></meta>'
        "<body><section id='s'><heading>H</heading><p>x</p></section></body></briefing>"
    )
    placed = [placed_note(text, f"quote-{i}", start=i, color="yellow") for i, text in enumerate(texts)]
    markdown = export_markdown(briefing, placed, ExportOptions(group_by="color", today="2026-01-01"))
    for preset, parser in PARSERS.items():
        tokens = parser.parse(markdown)
        for i in range(1, len(texts)):
            at = next(
                k
                for k, token in enumerate(tokens)
                if token.type == "blockquote_open"
                and token.level == 0
                and tokens[k + 2].type == "inline"
                and tokens[k + 2].content == f"quote-{i}"
            )
            assert tokens[at - 1].type == "hr" and tokens[at - 1].level == 0, (preset, i, markdown)
