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
    run: list[str] | None = None  # a run of headings with no text, one section each, written out at once


@dataclass(frozen=True, slots=True)
class Conversion:
    """The briefing's XML bytes, and what the summary reports."""

    xml: bytes
    title: str
    sections: int
    mentions: Counter[str]
    never_mentioned: list[str]


def convert_article(
    article: str, actors: ActorsFile | None, briefing_id: str, lang: str | None = None, *, runs: bool = True
) -> Conversion:
    """Convert an article's text into a briefing.

    ``runs=False`` hands every line to markdown-it-py: the reference that the shortcut for runs of
    short plain lines (see :class:`_Runs`) is tested against; the bytes are the same either way.
    """
    # markdown-it-py makes a token object per delimiter (a million for 1 MB of "a**a**"), none in a
    # cycle: the cycle collector would walk them again and again (underscores: 6.4 s -> 3.4 s paused).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if runs:
            try:
                return Converter(actors, briefing_id, lang, runs=True).convert(article)
            except NotPlain:
                pass  # a run where none was expected: parse it all, as written
        return Converter(actors, briefing_id, lang, runs=False).convert(article)
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
    runs: _Runs | None = state.env.get(_RUNS_KEY)
    for token in state.tokens:
        if runs is not None and runs.mark in token.content:
            if token.type != "inline":
                token.content = runs.restore(token.content)  # code, fences, HTML: as written
            elif runs.whole(token.content) is not None:
                token.children = []  # a run of paragraphs or items, written out by the converter
                continue
            else:
                token.content = runs.restore(token.content, lines_only=True)
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


# -- runs of short plain lines ----------------------------------------------------------------
#
# markdown-it-py spends some 40 microseconds and four tokens on each block, however small: 10 MB
# of one-letter paragraphs or list items took 20 to 24 times an ordinary article, and 13 to 15
# times its memory. A run of short lines that no Markdown can touch is therefore taken out before
# parsing and replaced by one line, a marker, that the parser treats exactly as it would have
# treated the first line of the run: the blocks around come out the same. After parsing, the
# marker is either put back as the lines it stands for (in a code block, an HTML block, or a
# paragraph the run only continued), or, standing alone where the run made whole paragraphs or
# list items, written out directly as the same <p>, <quote> or <item> elements markdown-it-py would have
# given. ``convert_article(..., runs=False)`` is the reference this is tested against.

TINY = 24  # characters in a line of a run: where a block costs more than its text (prose runs longer)
_RUNS_KEY = "briefing-viewer runs"
# Not in a plain line: C0 and C1 controls (tabs, line ends), inline markup, what XML cannot hold.
_NOT_PLAIN = "\\x00-\\x1f\\x7f-\\x9f" + re.escape(_MARKUP) + "\\ud800-\\udfff\\ufffe\\uffff"
_BODY = f"[^{_NOT_PLAIN}]"
# Nor first in one: whatever starts a block (indent, heading, list, rule, underline, table).
_FIRST = f"[^{_NOT_PLAIN}\\s#+\\-=|0-9]"
# Possessive: a line is taken whole or not at all (backtracking into each line of prose cost 4 us).
_OPEN_LINE = f"{_FIRST}{_BODY}{{0,{TINY - 1}}}+"  # may end in spaces (a hard break)
_LINE = f"{_OPEN_LINE}(?<!\\s)"  # trimmed: no space at either end, as markdown-it-py trims a paragraph
# Each run starts after a line end (the source is given one in front): the search jumps from one
# line end to the next (trying every character instead took 4.6 s on 10 MB of prose).
_RUN_ALTERNATIVES = (
    # One-line paragraphs between blank lines: each starts at the top level (after a blank line a
    # line at the margin closes every list and quote) or inside a fence or an HTML block.
    f"(?<=\\n\\n)(?P<paragraphs>{_LINE}(?:\\n\\n+{_LINE})+)(?=\\n\\n|\\n?\\Z)",
    # The same, each quoted: a blank line ends a quote, each is one quote of one paragraph.
    f"(?<=\\n\\n)(?P<quotes>> {_LINE}(?:\\n\\n+> {_LINE})+)(?=\\n\\n|\\n?\\Z)",
    # Items of one list, one line each, followed by one more (which ends the last item taken).
    f"(?P<items>(?P<bullet>[-*+]) {_LINE}(?:\\n(?P=bullet) {_LINE})+)(?=\\n(?P=bullet) {_LINE}(?:\\n|\\Z))",
    # The same, numbered: any numbers, one delimiter (another one starts another list). The first
    # is numbered 1 or follows a blank line: else it may only continue a paragraph, not start a list.
    f"(?:(?<=\\n\\n)|(?=1[.)]))(?P<ordered>[0-9]{{1,9}}(?P<delimiter>[.)]) {_LINE}(?:\\n[0-9]{{1,9}}(?P=delimiter) {_LINE})+)"
    f"(?=\\n[0-9]{{1,9}}(?P=delimiter) {_LINE}(?:\\n|\\Z))",
)
# ATX headings of one level, one line each, of plain text without "#" (which could close one): a
# heading is one line, whatever comes before or after. Blank lines may part them only after a blank
# line, where no HTML block that a blank line would end can be open (the run is put back whole in one).
_HEADING_LINE = f"{_FIRST}[^{_NOT_PLAIN}#]{{0,{TINY - 1}}}+(?<!\\s)"
_HEADINGS_ALTERNATIVES = (
    f"(?<=\\n\\n)(?P<headings>(?P<hashes>#{{1,6}}) {_HEADING_LINE}(?:\\n+(?P=hashes) {_HEADING_LINE})+)(?=\\n|\\Z)",
    f"(?P<tight_headings>(?P<tight_hashes>#{{1,6}}) {_HEADING_LINE}(?:\\n(?P=tight_hashes) {_HEADING_LINE})+)(?=\\n|\\Z)",
)
# Lines of one paragraph (or code), followed by one more (so that the paragraph never ends with
# the marker, where markdown-it-py would trim the spaces of the run's last line): only where no
# reference definition can be, whose label, destination or title could run over them.
_LINES_ALTERNATIVE = f"(?P<lines>{_OPEN_LINE}(?:\\n{_OPEN_LINE})+)(?=\\n{_FIRST})"
_RUNS = re.compile("\\n(?:" + "|".join(_RUN_ALTERNATIVES) + ")")
# Headings too only where no reference definition can be, whose title could run over them.
_RUNS_AND_LINES = re.compile(
    "\\n(?:" + "|".join((*_RUN_ALTERNATIVES, *_HEADINGS_ALTERNATIVES, _LINES_ALTERNATIVE)) + ")"
)
_MARKS = "".join(chr(code) for code in range(0xFDD0, 0xFDF0))  # noncharacters: never in prose
_BLANK_LINES = re.compile(r"\n\n+")
_ITEM_PREFIX = re.compile(r"^(?:[-*+]|[0-9]{1,9}[.)]|>) ", re.MULTILINE)  # a plain line never starts so


_KINDS = ("paragraphs", "quotes", "items", "ordered", "headings", "tight_headings", "lines")


class NotPlain(Exception):
    """A run's marker turned up where a run cannot be: the article is converted without runs."""


class _Runs:
    """The runs taken out of an article's Markdown, each replaced by a marker line."""

    def __init__(self, mark: str) -> None:
        self.mark = mark
        self.texts: list[str] = []
        self.kinds: list[str] = []
        self.emptied: set[int] = set()  # runs of items whose first item gave the title, and is empty
        self._marker = re.compile(f"{mark}([0-9]+){mark}")

    @staticmethod
    def take_out(source: str) -> tuple[str, _Runs | None]:
        """The source with its runs replaced by markers, and the runs (None if it has none)."""
        mark = next((char for char in _MARKS if char not in source), None)
        if mark is None or not _markdown_rules_known():
            return source, None
        runs = _Runs(mark)
        pattern = _RUNS if "]:" in source else _RUNS_AND_LINES
        replaced = pattern.sub(runs._replace, "\n\n" + source)[2:]  # as if after a blank line
        return (replaced, runs) if runs.texts else (source, None)

    def _replace(self, match: re.Match[str]) -> str:
        kind = next(name for name in _KINDS if match.group(name) is not None)
        text = match.group(kind)
        kind = "headings" if kind == "tight_headings" else kind
        self.texts.append(text)
        self.kinds.append(kind)
        marker = f"{self.mark}{len(self.texts) - 1}{self.mark}"
        return f"\n{self._prefix(index=-1)}{marker}"

    def _prefix(self, index: int) -> str:
        """What the marker line of a run of items keeps of its first line: the bullet or number."""
        if self.kinds[index] == "headings":
            return self.texts[index][: self.texts[index].index(" ") + 1]  # the hashes and a space
        if self.kinds[index] in ("items", "ordered", "quotes"):
            found = _ITEM_PREFIX.match(self.texts[index])
            assert found is not None
            return found.group()
        return ""

    def whole(self, content: str) -> int | None:
        """The run of paragraphs or items that a marker standing alone (an inline's content) stands for."""
        found = self._marker.fullmatch(content)
        if found is None or self.kinds[int(found.group(1))] == "lines":
            return None  # lines are put back in the paragraph they continue
        return int(found.group(1))

    def restore(self, content: str, lines_only: bool = False) -> str:
        """Content with its markers put back as the lines they stand for."""

        def put_back(found: re.Match[str]) -> str:
            index = int(found.group(1))
            if lines_only and self.kinds[index] != "lines":
                raise NotPlain(self.kinds[index])
            return self.texts[index][len(self._prefix(index)) :]  # the marker line kept the prefix

        return self._marker.sub(put_back, content)

    def take_first(self, index: int) -> str:
        """The first line of a run, which is the title; the run keeps the others."""
        prefix = self._prefix(index)
        first, _, rest = self.texts[index].partition("\n")
        if self.kinds[index] in ("items", "ordered"):
            self.emptied.add(index)  # the title takes the item's text, not the item
        self.texts[index] = rest.lstrip("\n")  # a quote left with no text is no quote
        return first[len(prefix) :]

    def headings(self, index: int) -> list[str]:
        """A run of headings' texts, in order."""
        prefix = len(self._prefix(index))
        texts = [line[prefix:] for line in self.texts[index].split("\n") if line]
        self.texts[index] = ""  # written once: let it go
        return texts

    def lines(self, index: int) -> str:
        """The paragraphs' or items' text, one a line, as markdown-it-py would take them."""
        text = self.texts[index]
        self.texts[index] = ""  # written once: let it go
        return _ITEM_PREFIX.sub("", _BLANK_LINES.sub("\n", text))


def _markdown_rules_known() -> bool:
    """Whether the parser's rules are the ones the runs were designed against."""
    return (
        tuple(
            tuple(ruler.get_active_rules()) for ruler in (_PARSER.block.ruler, _PARSER.inline.ruler, _PARSER.core.ruler)
        )
        == _RULES
    )


_PARSER = MarkdownIt("commonmark")
_RULES = (
    ("code", "fence", "blockquote", "hr", "list", "reference", "html_block", "heading", "lheading", "paragraph"),
    ("text", "newline", "escape", "backticks", "emphasis", "link", "image", "autolink", "html_inline", "entity"),
    ("normalize", "block", "inline", "text_join"),
)


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

    def __init__(self, actors: ActorsFile | None, briefing_id: str, lang: str | None, *, runs: bool = True) -> None:
        self.actors = actors or ActorsFile([], [])
        self.briefing_id = briefing_id
        self.lang = lang
        self.counts: Counter[str] = Counter()
        self._matchers = _Matchers(self.actors.actors)
        self._take_runs = runs
        self._runs: _Runs | None = None
        self.written_runs: list[str] = []  # each run of paragraphs or items, as XML, in order
        self._next_number: dict[str, int] = {}  # per section id: the number to try next

    def convert(self, article: str) -> Conversion:
        source = as_markdown(article)
        env: dict[str, object] = {}
        if self._take_runs:
            # As markdown-it-py's first step does: the runs are found in what it parses.
            source, self._runs = _Runs.take_out(_NEWLINES.sub("\n", source).replace("\0", "\ufffd"))
            if self._runs is not None:
                env[_RUNS_KEY] = self._runs
        tokens = _markdown().parse(source, env)
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
        if self.written_runs:
            xml = _put_runs(xml, self.written_runs)
        never = [spec.actor.id for spec in self.actors.actors if not self.counts[spec.actor.id]]
        return Conversion(xml, title, count, self.counts, never)

    # -- structure --------------------------------------------------------------

    def _title(self, tokens: list[Token]) -> tuple[str, list[Token]]:
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.tag == "h1":
                run = self._run(tokens[index + 1], "headings")
                if run is not None and self._runs is not None:  # its first heading is the title, as parsed
                    return TITLE_LABEL.sub(
                        "", normalise_space(self._runs.take_first(run))
                    ).strip() or "Untitled", tokens
                title = _plain(tokens[index + 1])
                return TITLE_LABEL.sub("", title).strip() or "Untitled", tokens[:index] + tokens[index + 3 :]
        for index, token in enumerate(tokens):
            if token.type == "inline":
                runs = self._runs
                run = runs.whole(token.content) if runs is not None else None
                if runs is not None and run is not None:  # its first paragraph or item: one line, the title
                    return TITLE_LABEL.sub("", runs.take_first(run)).strip() or "Untitled", tokens
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
                run = self._run(tokens[index + 1], "headings")
                if run is not None and self._runs is not None:
                    # Sections of one level: each but the last closes as the next opens, with no text.
                    *before, last = self._runs.headings(run)
                    heading_inline = [
                        Token("inline", "", 0, content=last, children=[Token("text", "", 0, content=last)])
                    ]
                    if before:
                        while stack and stack[-1].level >= heading_level:
                            stack.pop()
                        (stack[-1].children if stack else top).append(_Section([], heading_level, run=before))
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
        if section.run is not None:
            return self._write_headings(parent, section.run, ids)
        element = etree.SubElement(parent, q("section"))
        heading_text = "".join(_plain(t) for t in section.heading)
        identifier = self._identifier(heading_text, ids)
        element.set("id", identifier)
        heading = etree.SubElement(element, q("heading"))
        for token in section.heading:
            self._inline(heading, token)
        element.extend(section.blocks)
        return 1 + sum(self._write_section(element, child, ids) for child in section.children)

    def _marked_lines(self, text: str) -> str:
        """Plain lines (a run's) with every actor's mention marked, none across a line's end; counted."""
        pieces: list[str] = []
        position = 0
        for start, end, actor_id in self._matchers.find(text, lines=True):
            pieces += (text[position:start], f'<mention actor="{_attribute(actor_id)}">', text[start:end], "</mention>")
            self.counts[actor_id] += 1
            position = end
        pieces.append(text[position:])
        return "".join(pieces)

    def _write_headings(self, parent: etree._Element, headings: list[str], ids: set[str]) -> int:
        """Sections of a heading each and no text, as the XML they make, put in place of a marker at the end."""
        slugs: dict[str, str] = {}  # headings alike (the costly case) are made a slug once
        pieces: list[str] = []
        for heading, xml in zip(headings, self._marked_lines("\n".join(headings)).split("\n"), strict=True):
            base = slugs.get(heading)
            if base is None:
                base = slugs[heading] = slug(normalise_space(heading))
            pieces.append(
                f'<section id="{self._identifier(heading, ids, base)}">\n  <heading>{xml}</heading>\n</section>'
            )
        self.written_runs.append("\n".join(pieces))
        parent.append(etree.PI(_RUN_TARGET, str(len(self.written_runs) - 1)))
        return len(headings)

    def _identifier(self, heading_text: str, ids: set[str], base: str | None = None) -> str:
        """A section's id: its heading's slug, numbered if taken; taken from now on."""
        identifier = base = base or slug(heading_text)
        if identifier in ids:
            # From where the last section of this name stopped: counting from 2 each time made
            # 100,000 headings alike quadratic. The ids skipped are still taken, ids only grow.
            number = self._next_number.get(base, 2)
            identifier = f"{base}-{number}"
            while identifier in ids:
                number += 1
                identifier = f"{base}-{number}"
            self._next_number[base] = number + 1
        ids.add(identifier)
        return identifier

    def _block(self, tokens: list[Token]) -> etree._Element | None:
        first = tokens[0]
        if first.type == "paragraph_open":
            run = self._run(tokens[1], "paragraphs")
            if run is not None:
                return self._write_run(run, "<p>", "</p>")
            paragraph = etree.Element(q("p"))
            self._inline(paragraph, tokens[1])
            return paragraph if _has_text(paragraph) else None
        if first.type in ("bullet_list_open", "ordered_list_open"):
            listing = etree.Element(q("list"), type="ordered" if first.type == "ordered_list_open" else "bullet")
            depth = 0
            out = _Text()
            item_has_text = False  # known as it grows: asking the item each time is quadratic in its items
            index = 0
            while index < len(tokens):
                token = tokens[index]
                index += 1
                if token.type == "list_item_open":
                    depth += 1
                    numbered = "ordered" if first.type == "ordered_list_open" else "items"
                    run = self._run(tokens[index + 1], numbered) if depth == 1 and index + 3 < len(tokens) else None
                    if run is not None and _only_paragraph(tokens, index):
                        out.close()  # the items before come first
                        listing.append(self._write_run(run, "<item>", "</item>"))
                        index += 4
                        depth -= 1
                    elif depth == 1:
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
            run = self._run(tokens[2], "quotes") if len(tokens) == 5 and tokens[1].type == "paragraph_open" else None
            if run is not None:
                return self._write_run(run, "<quote>\n  <p>", "</p>\n</quote>")
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

    def _run(self, token: Token, kind: str) -> int | None:
        """The run of paragraphs or items that an inline token stands for, if it is one."""
        if self._runs is None or token.type != "inline":
            return None
        run = self._runs.whole(token.content)
        if run is not None and self._runs.kinds[run] != kind:
            raise NotPlain(f"{self._runs.kinds[run]} where {kind} can be")
        return run

    def _write_run(self, run: int, opening: str, closing: str) -> etree._Element:
        """A run's paragraphs or items as the XML they make, put in place of a marker at the end."""
        assert self._runs is not None
        marked = self._marked_lines(self._runs.lines(run))
        written = opening + marked.replace("\n", f"{closing}\n{opening}") + closing
        if run in self._runs.emptied:
            written = f"<item/>\n{written}"  # its first item was the title
        self.written_runs.append(written)
        return etree.PI(_RUN_TARGET, str(len(self.written_runs) - 1))

    # -- inline -----------------------------------------------------------------

    def _inline(self, parent: etree._Element, token: Token, out: _Text | None = None) -> None:
        """Add an inline token's content: emphasis and links kept, mentions marked."""
        if self._runs is not None and self._runs.whole(token.content) is not None:
            raise NotPlain("a run where no run can be")
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
        self._patterns = self._compile(specs, r"\s+")
        # The same, never across a line end: for text of many lines each converted alone.
        self._line_patterns = self._compile(specs, r"[^\S\n]+")
        self._sensitive = [not bool(p.flags & re.IGNORECASE) for p, _ in self._patterns]

    @staticmethod
    def _compile(specs: list[ActorSpec], space: str) -> list[tuple[re.Pattern[str], dict[str, str]]]:
        patterns: list[tuple[re.Pattern[str], dict[str, str]]] = []
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
            body = "|".join(_pattern(name, space) for name in alternatives)
            flags = 0 if sensitive else re.IGNORECASE
            patterns.append((re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags), names))
        return patterns

    def find(self, text: str, lines: bool = False) -> list[tuple[int, int, str]]:
        """Non-overlapping matches (start, end, actor id), longest winning, left to right.

        ``lines``: none across a line end, as if each line were searched alone.
        """
        found: list[tuple[int, int, str]] = []
        patterns = self._line_patterns if lines else self._patterns
        for (pattern, names), sensitive in zip(patterns, self._sensitive, strict=True):
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


def _pattern(name: str, space: str) -> str:
    parts = []
    for char in name:
        if char == "'":
            parts.append(f"[{APOSTROPHES}]")
        elif char == " ":
            parts.append(space)
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _only_paragraph(tokens: list[Token], index: int) -> bool:
    """Whether the list item opened before ``index`` holds one paragraph and nothing else."""
    kinds = [token.type for token in tokens[index : index + 4]]
    if kinds != ["paragraph_open", "inline", "paragraph_close", "list_item_close"]:
        raise NotPlain(f"a run of items in an item of {kinds}")
    return True


_RUN_TARGET = "briefing-viewer-run"
_RUN_PLACED = re.compile(rb"<\?briefing-viewer-run ([0-9]+)\?>")
_NEWLINES = re.compile(r"\r\n?")


def _put_runs(xml: bytes, written: list[str]) -> bytes:
    """The serialised briefing with each run's XML in place of its marker, indented alike."""
    pieces: list[bytes] = []
    position = 0
    for found in _RUN_PLACED.finditer(xml):
        start = found.start()
        indent = xml[xml.rfind(b"\n", 0, start) + 1 : start]  # what _indent gave the marker
        pieces += (xml[position:start], written[int(found.group(1))].encode().replace(b"\n", b"\n" + indent))
        position = found.end()
    pieces.append(xml[position:])
    return b"".join(pieces)


def _attribute(value: str) -> str:
    """An attribute's value escaped as libxml2 escapes it."""
    for char, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        value = value.replace(char, escaped)
    return value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


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
