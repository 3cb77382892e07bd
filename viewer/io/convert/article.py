"""Turn a plain-text or Markdown article (and an actors file) into a briefing."""

from __future__ import annotations

import gc
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from viewer.io.briefing.characters import check_characters
from viewer.io.briefing.rules import NS, q
from viewer.io.convert.actors_file import ActorsFile, ActorSpec
from viewer.model.text import normalise_space

TITLE_LABEL = re.compile(r"^\s*(title|titre|titel|título|titolo|titulo)\s*:\s*", re.IGNORECASE)
APOSTROPHES = "'’ʼ`´"
# The heading of the section made of the text before the article's first heading: named after the
# title, it showed the title twice, once above the text and once as the text's first line.
INTRODUCTION = {"de": "Einleitung", "es": "Introducción", "it": "Introduzione", "nl": "Inleiding", "pt": "Introdução"}


def introduction(lang: str | None) -> str:
    """The word for an introduction in ``lang`` (a BCP 47 tag), in English and French "Introduction"."""
    return INTRODUCTION.get((lang or "").split("-")[0].lower(), "Introduction")


@dataclass
class _Section:
    heading: list[Token]
    level: int
    blocks: list[etree._Element] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Conversion:
    """The briefing's XML bytes, and what the summary reports."""

    xml: bytes
    title: str
    sections: int
    mentions: Counter[str]
    never_mentioned: list[str]


def convert_article(article: str, actors: ActorsFile | None, briefing_id: str, lang: str | None = None) -> Conversion:
    """Convert an article's text into a briefing."""
    # markdown-it-py makes a token object per delimiter (a million for 1 MB of "a**a**"), none in a
    # cycle: the cycle collector would walk them again and again (underscores: 6.4 s -> 3.4 s paused).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return Converter(actors, briefing_id, lang).convert(article)
    finally:
        if was_enabled:
            gc.enable()


def read_article(data: bytes, name: str = "<article>") -> str:
    """Article text: UTF-8 (BOM allowed), line endings made ``\\n``.

    Raises UnicodeDecodeError for bytes that are not UTF-8, and BriefingError, located, for a
    character a briefing cannot hold (see :func:`check_characters`).
    """
    text = data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    check_characters(text, name, "the article")
    return text


def _markdown() -> MarkdownIt:
    """A CommonMark parser whose link and image rules give up at once where no link can end.

    A link or image needs a "]" after its "[": without one, markdown-it-py still scans
    the rest of the paragraph from each "[" (1 MB of "![" took 18 s, 15x an ordinary
    article). The answer is the same, found in constant time.
    """
    parser = MarkdownIt("commonmark")
    for name in ("link", "image"):
        parser.inline.ruler.at(name, _needs_closing_bracket(_inline_rule(parser, name)))
    parser.core.ruler.at("inline", _inline_unless_absurd)
    return parser


# Characters that each cost markdown-it-py a rule call, and often a token, when it parses a paragraph.
_MARKUP = "*_`<>[]()!&\\~\n"
_NOT_MARKUP = re.compile(f"[^{re.escape(_MARKUP)}]+")  # removed, the markup is left to count
ABSURD_MARKUP = 32  # markup characters in a paragraph, and
ABSURD_SHARE = 4  # one character in this many is markup: the paragraph is taken as written


def _inline_unless_absurd(state: StateCore) -> None:
    """Parse each paragraph's inline Markdown, but take an absurd paragraph as written, line by line.

    markdown-it-py spends some microseconds and a token on each emphasis delimiter, backtick,
    bracket, "<" or "&" (1 MB of "a**" took 12 times an ordinary article, and 8 times its memory).
    A paragraph of at least 32 such characters, making a quarter of it, is no prose: its text
    is kept exactly, its markup shown as characters. Prose stays far below (the sample article:
    at most 4 in a paragraph, its bold headings; none in its paragraphs of text).
    """
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        if absurd(token.content):
            token.children.extend(_as_written(token.content))
        else:
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def absurd(paragraph: str) -> bool:
    """Whether a paragraph's inline Markdown is so dense that it is taken as written."""
    markup = len(_NOT_MARKUP.sub("", paragraph))
    return markup >= ABSURD_MARKUP and markup * ABSURD_SHARE >= len(paragraph)


def _as_written(content: str) -> list[Token]:
    """The first line (a title, if it comes to that), a line break, the other lines in one text.

    One token per line would be a token and a search for names per line (10 MB of one-letter
    lines: 12.7 times an ordinary article, 2.8 GiB).
    """
    first, _, rest = content.partition("\n")
    children = [Token("text", "", 0, content=first.strip(" "))] if first.strip(" ") else []
    others = " ".join(line for line in (line.strip(" ") for line in rest.split("\n")) if line)
    if others:
        children += [Token("softbreak", "br", 0), Token("text", "", 0, content=others)]
    return children


_InlineRule = Callable[[StateInline, bool], bool]


def _inline_rule(parser: MarkdownIt, name: str) -> _InlineRule:
    rule: _InlineRule = next(r.fn for r in parser.inline.ruler.__rules__ if r.name == name)
    return rule


def _needs_closing_bracket(rule: _InlineRule) -> _InlineRule:
    last_close: dict[str, tuple[int, int]] = {}  # per paragraph: where its last "]" and last ")" are

    def guarded(state: StateInline, silent: bool) -> bool:
        source = state.src
        last = last_close.get(source)
        if last is None:
            last_close.clear()  # one paragraph at a time
            last = last_close[source] = (source.rfind("]"), source.rfind(")"))
        bracket, parenthesis = last
        if bracket < state.pos:
            return False
        # Without a ")" the only links left are references: none defined, none to find (1 MB of
        # "[a](" scanned the rest of the paragraph for each destination: 9.4 s).
        if parenthesis < state.pos and not state.env.get("references"):
            return False
        return rule(state, silent)

    return guarded


def as_markdown(text: str) -> str:
    """Plain text has one paragraph per line; Markdown separates them by blank lines."""
    lines = text.split("\n")
    if len([line for line in lines if line.strip()]) > 1 and not any(
        not line.strip() for line in text.strip().split("\n")
    ):
        return "\n\n".join(line for line in lines if line.strip())
    return text


def slug(text: str, fallback: str = "section") -> str:
    """An NCName made of the words of a heading: ``Un soutien militaire`` → ``un-soutien-militaire``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    value = "-".join(words)[:48].strip("-")
    if not value or not value[0].isalpha():
        value = f"{fallback}-{value}" if value else fallback
    return value


class Converter:
    """One conversion: parse with markdown-it-py, map to the format, mark mentions."""

    def __init__(self, actors: ActorsFile | None, briefing_id: str, lang: str | None) -> None:
        self.actors = actors or ActorsFile([], [])
        self.briefing_id = briefing_id
        self.lang = lang
        self.counts: Counter[str] = Counter()
        self._matchers = _Matchers(self.actors.actors)

    def convert(self, article: str) -> Conversion:
        tokens = _markdown().parse(as_markdown(article))
        title, tokens = self._title(tokens)
        root = etree.Element(q("briefing"), nsmap={None: NS})
        root.set("id", self.briefing_id)
        if self.lang:
            root.set("{http://www.w3.org/XML/1998/namespace}lang", self.lang)
        root.set("version", "1")
        meta = etree.SubElement(root, q("meta"))
        etree.SubElement(meta, q("title")).text = title
        if self.actors.actors:
            actors = etree.SubElement(root, q("actors"))
            for spec in self.actors.actors:
                actor = spec.actor
                element = etree.SubElement(actors, q("actor"), id=actor.id, type=actor.type)
                etree.SubElement(element, q("name")).text = actor.name
                for alias in actor.aliases:
                    etree.SubElement(element, q("alias")).text = alias
                if actor.description:
                    etree.SubElement(element, q("description")).text = actor.description
        if self.actors.relations:
            relations = etree.SubElement(root, q("relations"))
            for relation in self.actors.relations:
                element = etree.SubElement(
                    relations, q("relation"), {"from": relation.source, "to": relation.target, "type": relation.type}
                )
                if relation.note:
                    element.set("note", relation.note)
        body = etree.SubElement(root, q("body"))
        sections = self._sections(tokens, introduction(self.lang))
        # Ids are unique across the whole file: a section named like the briefing or an actor gets a number.
        ids: set[str] = {self.briefing_id, *(spec.actor.id for spec in self.actors.actors)}
        count = sum(self._write_section(body, s, ids) for s in sections)
        _indent(root)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
        never = [spec.actor.id for spec in self.actors.actors if not self.counts[spec.actor.id]]
        return Conversion(xml, title, count, self.counts, never)

    # -- structure --------------------------------------------------------------

    def _title(self, tokens: list[Token]) -> tuple[str, list[Token]]:
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.tag == "h1":
                title = _plain(tokens[index + 1])
                return TITLE_LABEL.sub("", title).strip() or "Untitled", tokens[:index] + tokens[index + 3 :]
        for index, token in enumerate(tokens):
            if token.type == "inline":
                first, _, rest = _plain_lines(token)
                title = TITLE_LABEL.sub("", first).strip() or "Untitled"
                if rest.strip():  # the first line only: the rest of the paragraph stays text
                    token.children = _drop_first_line(token.children or [])
                    return title, tokens
                opening = index - 1
                return title, tokens[:opening] + tokens[index + 2 :]
        return "Untitled", tokens

    def _sections(self, tokens: list[Token], intro_heading: str) -> list[_Section]:
        """The article's sections; text before its first heading makes a first one, ``intro_heading``."""
        top: list[_Section] = []
        stack: list[_Section] = []
        intro: _Section | None = None
        index = 0
        while index < len(tokens):
            token = tokens[index]
            heading_level = None
            heading_inline: list[Token] = []
            if token.type == "heading_open":
                heading_level = max(int(token.tag[1]) - 1, 1)
                heading_inline = [tokens[index + 1]]
                index += 3
            elif token.type == "paragraph_open" and _bold_line(tokens[index + 1]):
                heading_level = 1
                heading_inline = [_unwrap_strong(tokens[index + 1])]
                index += 3
            if heading_level is not None:
                section = _Section(heading_inline, heading_level)
                while stack and stack[-1].level >= heading_level:
                    stack.pop()
                (stack[-1].children if stack else top).append(section)
                stack.append(section)
                continue
            end = _block_end(tokens, index)
            block = self._block(tokens[index:end])
            index = end
            if block is None:
                continue
            if not stack:
                if intro is None:
                    title_token = Token(
                        "inline", "", 0, content=intro_heading, children=[Token("text", "", 0, content=intro_heading)]
                    )
                    intro = _Section([title_token], 1)
                    top.append(intro)
                intro.blocks.append(block)
            else:
                stack[-1].blocks.append(block)
        if not top:
            empty = Token(
                "inline", "", 0, content=intro_heading, children=[Token("text", "", 0, content=intro_heading)]
            )
            top.append(_Section([empty], 1))
        return top

    def _write_section(self, parent: etree._Element, section: _Section, ids: set[str]) -> int:
        element = etree.SubElement(parent, q("section"))
        heading_text = "".join(_plain(t) for t in section.heading)
        identifier = base = slug(heading_text)
        number = 2
        while identifier in ids:
            identifier = f"{base}-{number}"
            number += 1
        ids.add(identifier)
        element.set("id", identifier)
        heading = etree.SubElement(element, q("heading"))
        for token in section.heading:
            self._inline(heading, token)
        element.extend(section.blocks)
        return 1 + sum(self._write_section(element, child, ids) for child in section.children)

    def _block(self, tokens: list[Token]) -> etree._Element | None:
        first = tokens[0]
        if first.type == "paragraph_open":
            paragraph = etree.Element(q("p"))
            self._inline(paragraph, tokens[1])
            return paragraph if _has_text(paragraph) else None
        if first.type in ("bullet_list_open", "ordered_list_open"):
            listing = etree.Element(q("list"), type="ordered" if first.type == "ordered_list_open" else "bullet")
            depth = 0
            out = _Text()
            item_has_text = False  # known as it grows: asking the item each time is quadratic in its items
            for token in tokens:
                if token.type == "list_item_open":
                    depth += 1
                    if depth == 1:
                        item = etree.SubElement(listing, q("item"))
                        item_has_text = False
                elif token.type == "list_item_close":
                    depth -= 1
                elif token.type == "inline":
                    if item_has_text:
                        out.append(item, " ")
                    self._inline(item, token, out)
                    item_has_text = item_has_text or bool(_plain(token).strip())
            out.close()
            return listing if len(listing) else None
        if first.type == "blockquote_open":
            quote = etree.Element(q("quote"))
            for token in tokens:
                if token.type == "inline":
                    paragraph = etree.SubElement(quote, q("p"))
                    self._inline(paragraph, token)
            return quote if len(quote) else None
        if first.type in ("fence", "code_block", "html_block"):
            paragraph = etree.Element(q("p"))
            self._text(paragraph, first.content)
            return paragraph if _has_text(paragraph) else None
        return None  # a thematic break carries no text

    # -- inline -----------------------------------------------------------------

    def _inline(self, parent: etree._Element, token: Token, out: _Text | None = None) -> None:
        """Add an inline token's content: emphasis and links kept, mentions marked."""
        text = out or _Text()
        stack = [parent]
        for child in token.children or []:
            kind = child.type
            if kind in ("em_open", "strong_open"):
                if stack[-1].tag in (q("em"), q("link")):
                    stack.append(stack[-1])  # nested emphasis, or emphasis in a link: plain text
                else:
                    stack.append(text.child(stack[-1], q("em")))
            elif kind in ("em_close", "strong_close"):
                stack.pop()
            elif kind == "link_open":
                href = str(child.attrs.get("href", "")) if child.attrs else ""
                if href and stack[-1].tag != q("em"):
                    stack.append(text.child(stack[-1], q("link"), href=href))
                else:
                    stack.append(stack[-1])
            elif kind == "link_close":
                stack.pop()
            elif kind in ("softbreak", "hardbreak"):
                text.append(stack[-1], " ")
            elif kind == "image":
                self._text(stack[-1], child.content or "", text)
            elif kind in ("text", "code_inline", "html_inline"):
                if stack[-1].tag == q("link"):
                    text.append(stack[-1], child.content)  # never a mention inside a link
                else:
                    self._text(stack[-1], child.content, text)
        if out is None:
            text.close()

    def _text(self, parent: etree._Element, text: str, out: _Text | None = None) -> None:
        """Append text, with every name or alias of an actor in it marked as a mention."""
        sink = out or _Text()
        position = 0
        for start, end, actor_id in self._matchers.find(text):
            sink.append(parent, text[position:start])
            mention = sink.child(parent, q("mention"), actor=actor_id)
            mention.text = text[start:end]
            self.counts[actor_id] += 1
            position = end
        sink.append(parent, text[position:])
        if out is None:
            sink.close()


class _Text:
    """Text added at the end of elements, kept in pieces and joined once per element.

    Adding to an element's text or tail one piece at a time copies it each time: a paragraph
    of 170,000 lines (or of code spans, or a quote of as many lines) took 277 s for 0.5 MB.
    """

    def __init__(self) -> None:
        self._pieces: dict[etree._Element, list[str]] = {}

    def append(self, parent: etree._Element, text: str) -> None:
        if text:
            self._pieces.setdefault(parent, []).append(text)

    def child(self, parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
        """A new last child of ``parent``, after the text added to it so far."""
        self._flush(parent)
        return etree.SubElement(parent, tag, attributes)

    def close(self) -> None:
        for parent in list(self._pieces):
            self._flush(parent)

    def _flush(self, parent: etree._Element) -> None:
        pieces = self._pieces.pop(parent, None)
        if pieces:
            _append_text(parent, "".join(pieces))


class _Matchers:
    """Finds actor names and aliases: whole words, longest first, apostrophes alike."""

    def __init__(self, specs: list[ActorSpec]) -> None:
        self._patterns: list[tuple[re.Pattern[str], dict[str, str]]] = []
        for sensitive in (False, True):
            names: dict[str, str] = {}
            for spec in specs:
                if spec.case_sensitive != sensitive:
                    continue
                for name in (spec.actor.name, *spec.actor.aliases):
                    key = _apostrophes(name) if sensitive else _apostrophes(name).casefold()
                    names.setdefault(key, spec.actor.id)
            if not names:
                continue
            alternatives = sorted(names, key=len, reverse=True)
            body = "|".join(_pattern(name) for name in alternatives)
            flags = 0 if sensitive else re.IGNORECASE
            self._patterns.append((re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags), names))
        self._sensitive = [not bool(p.flags & re.IGNORECASE) for p, _ in self._patterns]

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping matches (start, end, actor id), longest winning, left to right."""
        found: list[tuple[int, int, str]] = []
        for (pattern, names), sensitive in zip(self._patterns, self._sensitive, strict=True):
            for match in pattern.finditer(text):
                key = _apostrophes(match.group()) if sensitive else _apostrophes(match.group()).casefold()
                actor_id = names.get(key)
                if actor_id is not None:
                    found.append((match.start(), match.end(), actor_id))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        kept: list[tuple[int, int, str]] = []
        for candidate in found:
            if not kept or candidate[0] >= kept[-1][1]:
                kept.append(candidate)
        return kept


def _apostrophes(text: str) -> str:
    return re.sub(f"[{APOSTROPHES}]", "'", " ".join(text.split()))


def _pattern(name: str) -> str:
    parts = []
    for char in name:
        if char == "'":
            parts.append(f"[{APOSTROPHES}]")
        elif char == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    # The last child, found from the end: len(parent) counts every child (a paragraph of 20,000
    # mentions made converting a 1 MB one-line article take 296 s).
    last = next(parent.iterchildren(reversed=True), None)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _has_text(element: etree._Element) -> bool:
    return bool("".join(element.itertext()).strip())


def _plain(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return normalise_space("".join(parts))


def _plain_lines(token: Token) -> tuple[str, str, str]:
    text = "".join(
        "\n" if c.type in ("softbreak", "hardbreak") else c.content
        for c in token.children or []
        if c.type in ("text", "code_inline", "softbreak", "hardbreak", "html_inline")
    )
    first, newline, rest = text.partition("\n")
    return first, newline, rest


def _drop_first_line(children: list[Token]) -> list[Token]:
    for index, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            return children[index + 1 :]
    return []


def _bold_line(token: Token) -> bool:
    """A paragraph that is one bold line: ``**Heading**``."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    return (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and not any(c.type in ("softbreak", "hardbreak") for c in children)
        and sum(1 for c in children if c.type == "strong_open") == 1
    )


def _unwrap_strong(token: Token) -> Token:
    children = [c for c in token.children or [] if c.type not in ("strong_open", "strong_close")]
    return Token("inline", "", 0, content=token.content, children=children)


def _block_end(tokens: list[Token], start: int) -> int:
    """The index after the block that starts at ``start``."""
    token = tokens[start]
    if token.nesting == 0:
        return start + 1
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index + 1
    return len(tokens)


_BLOCKS = {q(name) for name in ("briefing", "meta", "actors", "actor", "relations", "body", "section", "list", "quote")}


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent the block structure only; inline content is left exactly as it is."""
    if element.tag not in _BLOCKS or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level
