"""Building the Briefing model from a briefing's tree, checking it as it goes when asked."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from sys import intern

from lxml import etree

from viewer.io.briefing import rules
from viewer.io.briefing.check import display, misplaced
from viewer.io.briefing.header import HeaderReader
from viewer.io.briefing.rules import NS, XML_LANG, q
from viewer.model.briefing import Block, BlockKind, Briefing, Claim, Emphasis, Link, Mention, Meta, Section
from viewer.model.text import SPACE, LineMap, TextBuilder, is_normal, normalise_space

_MENTION, _CLAIM, _EM, _LINK = q("mention"), q("claim"), q("em"), q("link")
_INLINE_TAGS = {context: frozenset(q(name) for name in names) for context, names in rules.INLINE_CHILDREN.items()}
_P, _LIST, _QUOTE, _SECTION, _HEADING = q("p"), q("list"), q("quote"), q("section"), q("heading")
_BLOCK_KINDS = {_P: "p", _LIST: "list", _QUOTE: "quote"}
# tuple.__new__(Block, values): what Block._make does, without its call in Python.
_new_tuple = tuple.__new__
_HEADING_KIND, _PARAGRAPH_KIND = BlockKind.HEADING, BlockKind.PARAGRAPH
# How many elements are taken out of the tree between two returns of its freed memory (see
# Builder.consumed_sections): a return costs 2-10 ms; 100,000 tiny sections (3 elements each) make 7
# of them. Counted in elements, not sections: 2,253 sections of 60 nested ones each (405,000 elements)
# made none, and the freed tree stayed in the heap beside the model (218 MiB against 128 after the build).
TRIM_EVERY = 49_152
# The largest section, in elements, taken out of the tree: lxml takes time quadratic in the size of
# what it detaches (one section of 150,000 mentions: 6.2 s, against 0.03 s to free it with the tree).
# Small sections are what a tree of many sections is made of, and what costs the most memory per byte.
SMALL_SECTION = 256
# (What a section whose lines are walked element by element counts as: its size is not known.)
_UNCOUNTED = SMALL_SECTION + 1


def give_back_freed_memory() -> None:
    """Give the pages of the heap that nothing uses back to the system (glibc's malloc_trim; elsewhere nothing)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes

    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    return trim


class Builder(HeaderReader):
    """One walk over the tree that both checks the rules and builds the model.

    ``spans`` False (only on a tree already found valid, integrity rules included): the text,
    lines and sections alone, without mentions, claims, emphases or links, which is what placing
    notes needs; the integrity rules are then not collected either.
    """

    def __init__(
        self,
        name: str,
        data: bytes,
        tree: etree._ElementTree,
        checking: bool = True,
        spans: bool = True,
        consume: bool = False,
    ) -> None:
        super().__init__(name, data, tree, checking)
        # Take each top section out of the tree once it is built, freeing it (a full build without
        # checks only: the tree is then of no use to anyone, see loader._build_valid).
        self.consume = consume and spans and not checking
        self._consumed = 0  # elements taken out of the tree since the heap was last given back
        self._subtree = 0  # elements of the top section being built, as far as counted (see SMALL_SECTION)
        self.whole_lines = True  # on a tree the schema has accepted, lines are built whole (see whole_line)
        self.spans = spans or checking
        self.text = TextBuilder()
        self.blocks: list[Block] = []
        self.mentions: list[Mention] = []
        self.claims: list[Claim] = []
        self.emphases: list[Emphasis] = []
        self.links: list[Link] = []
        self.headings: list[tuple[Section, int]] = []
        # Every section by its id, in document order as made (a section before its subsections): the
        # briefing's index, made here rather than by a second walk of 100,000 sections.
        self.sections_by_id: dict[str, Section] = {}

    def build(self) -> Briefing | None:
        root = self.tree.getroot()
        qname = etree.QName(root)
        if qname.localname != "briefing":
            self.problem(root, f"this is not a briefing: the root element is <{display(root)}>, expected <briefing>")
            return None
        if qname.namespace != NS:
            found = f'"{qname.namespace}"' if qname.namespace else "none"
            self.problem(root, f'<briefing> has the wrong namespace: expected xmlns="{NS}", found {found}')
            return None
        self.attributes(root, "briefing")
        self.declare_id(root, root.get("id"))
        parts: dict[str, etree._Element] = {}
        order = ["meta", "actors", "relations", "body"]
        last = -1
        for child in self.elements(root, "briefing"):
            local = etree.QName(child).localname
            if local not in order:
                self.problem(child, f"<{local}> is not allowed in <briefing> (expected meta, actors, relations, body)")
                continue
            if local in parts:
                self.problem(child, f"<briefing> may have only one <{local}>")
                continue
            if order.index(local) < last:
                self.problem(
                    child, f"<{local}> is out of place: <briefing> holds meta, actors, relations, body in this order"
                )
            last = max(last, order.index(local))
            parts[local] = child
        for needed in ("meta", "body"):
            if needed not in parts:
                self.problem(root, f"<briefing> needs a <{needed}>")
        meta = self.meta(parts["meta"]) if "meta" in parts else Meta(title="")
        if "actors" in parts:
            self.read_actors(parts["actors"])
        self.actors_known = True
        relations = self.read_relations(parts["relations"]) if "relations" in parts else []
        sections: list[Section] = []
        if "body" in parts and self.consume:
            sections = self.consumed_sections(parts["body"])
        elif "body" in parts:
            build_section = self.valid_section if not self.checking and self.whole_lines else self.section
            for index, child in self.children_of(parts["body"], "body", "section"):
                sections.append(build_section(child, None, f"s{index}", 1))
        self.check_references()
        if self.problems:
            return None
        text = self.text.finish()  # the pieces go now (see load_briefing_bytes)
        for section, end in self.headings:
            section.heading = text[section.start : end]
        return Briefing(
            id=root.get("id", ""),
            lang=root.get(XML_LANG),
            meta=meta,
            text=text,
            actors=self.actors,
            relations=relations,
            sections=sections,
            blocks=self.blocks,
            mentions=self.mentions,
            claims=self.claims,
            emphases=self.emphases,
            links=self.links,
            _sections_by_id=self.sections_by_id,
        )

    # -- body -----------------------------------------------------------------

    def consumed_sections(self, body: etree._Element) -> list[Section]:
        """The top sections of a schema-valid body, each small one taken out of the tree and freed once built.

        The model then grows as the tree shrinks, instead of on top of it: 100,000 tiny sections
        are a tree of 118 MiB and a model of about 100. A section of more than SMALL_SECTION
        elements stays, freed with the tree. Every TRIM_EVERY elements taken out, the heap's
        freed pages are given back (glibc keeps them, and the model's objects, made in Python's
        own arenas, never reuse them). Gives the same sections as :meth:`children_of` and
        :meth:`section` over the whole tree (a test compares them).
        """
        sections: list[Section] = []
        build_section = self.valid_section if self.whole_lines else self.section
        number = 0
        # (The schema allows only sections in <body>: libxml2 picks them out, comments and processing
        # instructions too, without a Python string made for each tag; the iterator has moved on to
        # the next section before the one it gave is taken out. 0.07 s less on 100,000 sections than
        # getnext() and a test of each tag.)
        for child in body.iterchildren(_SECTION):
            number += 1
            self._subtree = 1
            sections.append(build_section(child, None, f"s{number}", 1))
            if self._subtree <= SMALL_SECTION:
                self._consumed += self._subtree
                body.remove(child)  # with no other reference to it, libxml2 frees it once `child` moves on
                if self._consumed >= TRIM_EVERY:
                    self._consumed = 0
                    give_back_freed_memory()
        if not number:
            self.problem(body, "<body> needs at least one <section>")
        return sections

    def section(self, element: etree._Element, parent: Section | None, position: str, depth: int) -> Section:
        checking = self.checking
        if checking:
            self.attributes(element, "section")
        declared = element.get("id")
        self.declare_id(element, declared)
        if not declared:
            # A positional locator must not collide with an id declared anywhere in the file.
            while position in self.declared_ids:
                position += "_"
        # Positional: keywords and the default list made a section take twice as long.
        section = Section(declared or position, "", depth, 0, 0, [], parent)
        self.sections_by_id[section.id] = section
        # (On a schema-valid tree, its elements as they are: what self.elements() gives without checks.)
        # (Iterating and keeping the elements is twice as fast as iterchildren(etree.Element), which
        # gives the same elements: only comments, processing instructions and entities have a tag
        # that is not a string.)
        children = self.elements(element, "section") if checking else [c for c in element if c.tag.__class__ is str]
        if not children or children[0].tag != _HEADING:
            self.problem(element, "<section> must start with a <heading>")
        self._subtree += len(children)
        stage = 0  # 0 heading, 1 blocks, 2 subsections
        sub = 0
        section_id, text, blocks = section.id, self.text, self.blocks
        # On a tree the schema has accepted, a line of text alone (the commonest) is added at once:
        # per line the same as self.line() does, without its calls (100,000 tiny sections took seconds).
        plain = not checking and self.whole_lines
        for child in children:
            tag = child.tag
            if tag == _HEADING:
                if stage > 0 or section.heading:
                    self.problem(child, "a <section> has one <heading>, first")
                    continue
                if plain and not len(child):
                    # A whole line leaves no span open and no space pending: its end is the position,
                    # and the heading is the line (taken at once, not sliced from the text at the end).
                    line = normalise_space(child.text or "")
                    section.start = text.whole_line(line)
                    section.heading = line
                    end = text.position
                else:
                    self.attributes(child, "heading")
                    section.start = text.begin_line()
                    self.line(child, section_id)
                    end = text.end_line()
                    self.headings.append((section, end))
                blocks.append(
                    _new_tuple(Block, (_HEADING_KIND, section.start, end, section_id, depth, None, 0, None, True))
                )
                stage = 1
            elif tag == _P and stage < 2 and plain and not len(child):
                start = text.whole_line(normalise_space(child.text or ""))
                blocks.append(
                    _new_tuple(Block, (_PARAGRAPH_KIND, start, text.position, section_id, 0, None, 0, None, True))
                )
            elif tag == _P and stage < 2 and not self.spans:
                # The text alone (load_text): what paragraph() and line() add, in one call (10,000
                # paragraphs with spans: 65 ms of building the text, 30 of them in those calls).
                start = text.whole_line(normalise_space(_text_content(child)))
                blocks.append(
                    _new_tuple(Block, (_PARAGRAPH_KIND, start, text.position, section_id, 0, None, 0, None, True))
                )
            elif tag in (_P, _LIST, _QUOTE):
                if stage == 2:
                    self.problem(
                        child,
                        f"<{display(child)}> comes after a subsection; a section's text goes before its subsections",
                    )
                self.block(child, section_id)
            elif tag == _SECTION:
                stage = 2
                sub += 1
                section.children.append(self.section(child, section, f"{position}.{sub}", depth + 1))
            else:
                self.problem(
                    child,
                    f"<{display(child)}> is not allowed in <section> (expected heading, p, list, quote, section)",
                )
        section.end = self.text.position
        return section

    def valid_section(self, element: etree._Element, parent: Section | None, position: str, depth: int) -> Section:
        """:meth:`section` on a tree the schema has accepted, built without checks and with lines whole.

        The same section, the same lines and spans (tests compare them on random documents), in
        half the time: 100,000 tiny sections spent most of their build in :meth:`section`'s
        general walk. The schema has seen to what that walk checks (one heading, first; text
        before subsections; only known elements), so each element is looked at once.
        """
        declared = element.get("id")
        if declared is not None:
            self.declare_id(element, declared)
        if not declared:
            # A positional locator must not collide with an id declared anywhere in the file.
            while position in self.declared_ids:
                position += "_"
        section_id = declared or position
        section = self.sections_by_id[section_id] = Section(section_id, "", depth, 0, 0, [], parent)
        text, spans = self.text, self.spans
        add_block = self.blocks.append
        whole_line = text.whole_line
        counted = sub = 0
        for child in element:
            tag = child.tag
            if tag.__class__ is not str:  # a comment, processing instruction or entity
                continue
            counted += 1
            if tag == _P:
                count = len(child)
                if not count:  # a paragraph of text alone, the commonest line
                    raw = child.text
                    line = normalise_space(raw) if raw else ""
                    start = whole_line(line)
                    end = start + len(line)
                elif not spans:
                    # The text alone (load_text): what paragraph() and line() add, in one call.
                    start = whole_line(normalise_space(_text_content(child)))
                    end = text.position
                elif (placed := self.placed_spans(child, count)) is not None:
                    # A paragraph with spans: what block(), paragraph() and whole_line() add, without their
                    # calls (8 MB of 72,499 paragraphs of one claim each: the build's instructions 4.15 -> 3.25
                    # billion, with the line's pieces joined, not serialised by etree.tostring).
                    line, found = placed
                    start = whole_line(line)
                    end = start + len(line)
                    self.add_spans(found, start, section_id)
                    self._subtree += count
                else:  # a line with an empty span, placed by the general walk
                    self.block(child, section_id)
                    continue
                add_block(_new_tuple(Block, (_PARAGRAPH_KIND, start, end, section_id, 0, None, 0, None, True)))
            elif tag == _HEADING:
                if not len(child):
                    # A whole line leaves no span open and no space pending: its end is the position,
                    # and the heading is the line (taken at once, not sliced from the text at the end).
                    raw = child.text
                    line = normalise_space(raw) if raw else ""
                    section.start = start = whole_line(line)
                    section.heading = line
                    end = start + len(line)
                else:
                    section.start = start = text.begin_line()
                    self.line(child, section_id)
                    end = text.end_line()
                    self.headings.append((section, end))
                add_block(_new_tuple(Block, (_HEADING_KIND, start, end, section_id, depth, None, 0, None, True)))
            elif tag == _SECTION:
                sub += 1
                section.children.append(self.valid_section(child, section, f"{position}.{sub}", depth + 1))
            else:  # a list or a quote
                self.block(child, section_id)
        self._subtree += counted
        section.end = text.position
        return section

    def block(self, element: etree._Element, section_id: str) -> None:
        kind = _BLOCK_KINDS[element.tag]
        self.attributes(element, kind)
        self._subtree += len(element)  # the items or paragraphs (comments too: an upper bound)
        if kind == "p":
            self.paragraph(element, section_id, BlockKind.PARAGRAPH)
        elif kind == "list":
            list_type = element.get("type", "bullet")
            for number, item in self.children_of(element, "list", "item"):
                self.attributes(item, "item")
                self.paragraph(item, section_id, BlockKind.ITEM, list_type, number, None, number == 1)
        else:
            by = element.get("by")
            self.refer(element, "by", by)
            for number, child in self.children_of(element, "quote", "p"):
                self.attributes(child, "p")
                self.paragraph(child, section_id, BlockKind.PARAGRAPH, None, 0, by or "", number == 1)

    def paragraph(
        self,
        element: etree._Element,
        section_id: str,
        kind: BlockKind,
        list_type: str | None = None,
        item_number: int = 0,
        quote_by: str | None = None,
        first_in_group: bool = True,
    ) -> None:
        start = self.text.begin_line()
        self.line(element, section_id)
        end = self.text.end_line()
        self.blocks.append(
            _new_tuple(Block, (kind, start, end, section_id, 0, list_type, item_number, quote_by, first_in_group))
        )

    def line(self, element: etree._Element, section_id: str) -> None:
        """Add the inline content of a heading, paragraph or item as one line of text."""
        if not self.spans:
            # The same text as the walk below gives, whatever spans the line holds (a test compares
            # them on random documents): its text content, white space collapsed and trimmed.
            self.text.add_line(LineMap(_text_content(element)).text)
            return
        if self.checking or not self.whole_lines or not self.whole_line(element, section_id):
            self._subtree += _UNCOUNTED
            self.inline(element, "inline", section_id)

    def whole_line(self, element: etree._Element, section_id: str) -> bool:
        """Build a line of a valid tree at once: its text content, normalised, and its spans mapped.

        Gives the same text and spans as :meth:`inline` (a test compares them on random
        documents) at a fraction of the cost. Returns False, having added nothing, for a
        line with an empty span, which :meth:`inline` places by its own rules.
        """
        count = len(element)
        if not count:  # text alone (no comment, no span): nothing to map
            self.text.add_line(normalise_space(element.text or ""))
            return True
        placed = self.placed_spans(element, count)
        if placed is None:
            return False
        line, spans = placed
        base = self.text.position
        self.text.add_line(line)
        self.add_spans(spans, base, section_id)
        return True

    def placed_spans(self, element: etree._Element, count: int) -> tuple[str, list[_Span]] | None:
        """The line of an element with ``count`` children, normalised, and its spans with offsets in that
        line; None for a line with an empty span (see :meth:`whole_line`), or an element not of the format."""
        if count == 1:
            span = element[0]
            tag = span.tag
            if tag in _SPANS and not len(span):
                # One span of text alone, such as a paragraph of one claim: the walk below without its
                # call, its iterator and its lists (72,499 such paragraphs: 4,200 instructions less each,
                # the build 3.15 -> 2.85 billion).
                head, inner, tail = element.text or "", span.text or "", span.tail or ""
                raw = head + inner + tail
                start = len(head)
                end = start + len(inner)
                if start < end and raw[start] not in _SPACES and raw[end - 1] not in _SPACES and is_normal(raw):
                    self._subtree += 1
                    return raw, [(tag, span, start, end)]
        found: list[_Span] = []
        pieces: list[str] = []
        if _raw_spans(element, 0, found, pieces) < 0:
            return None
        raw = "".join(pieces)
        if is_normal(raw):  # the common case: offsets in the raw text are offsets in the line
            for _, _, raw_start, raw_end in found:
                if raw_start >= raw_end or raw[raw_start] in _SPACES or raw[raw_end - 1] in _SPACES:
                    return None
            self._subtree += len(found)
            return raw, found
        line = LineMap(raw)
        spans = []
        for tag, child, raw_start, raw_end in found:
            placed = line.span(raw_start, raw_end)
            if placed is None:
                return None
            spans.append((tag, child, *placed))
        self._subtree += len(found)
        return line.text, spans

    def add_spans(self, spans: list[_Span], base: int, section_id: str) -> None:
        """Record the spans of a line placed at offset ``base`` of the text (see :meth:`placed_spans`)."""
        referenced = self.referenced
        for tag, child, start, end in spans:
            if tag == _CLAIM:
                claim_id = child.get("id")
                if claim_id is not None:
                    self.declare_id(child, claim_id)
                claim = self.make_claim(child, section_id, base + start, base + end, claim_id)
                self.claims.append(claim)
                if claim.by:
                    referenced.add(claim.by)
                referenced.update(claim.about)
            elif tag == _MENTION:
                # One string per actor id, not one per mention (60,000 on 7 MB: 3 MiB).
                actor = intern(child.get("actor", ""))
                referenced.add(actor)
                self.mentions.append(_new_tuple(Mention, (actor, base + start, base + end)))
            elif tag == _EM:
                self.emphases.append(_new_tuple(Emphasis, (base + start, base + end)))
            else:
                self.links.append(_new_tuple(Link, (child.get("href", ""), base + start, base + end)))

    def inline(self, element: etree._Element, context: str, section_id: str) -> None:
        """Add inline content to the text, recording spans; ``context`` names what may nest here."""
        text = self.text
        text.add(element.text)
        allowed = _INLINE_TAGS[context]
        checking = self.checking
        for child in element:
            tag = child.tag
            if isinstance(tag, str):
                if tag not in allowed:
                    self.problem(child, misplaced(child, context, etree.QName(element).localname))
                elif tag == _MENTION:
                    self.refer(child, "actor", child.get("actor"))
                    if checking:
                        self.attributes(child, "mention")
                    marker = text.open()
                    if len(child) or checking:
                        self.inline(child, "mention", section_id)
                    else:  # the common case, a mention of plain text, without the recursion
                        text.add(child.text)
                    self.mentions.append(Mention(intern(child.get("actor", "")), *text.close(marker)))
                elif tag == _CLAIM:
                    self.claim(child, section_id)
                elif tag == _EM:
                    self.attributes(child, "em")
                    marker = text.open()
                    self.inline(child, "em-in-mention" if context == "mention" else "em", section_id)
                    self.emphases.append(Emphasis(*text.close(marker)))
                elif tag == _LINK:
                    self.attributes(child, "link")
                    marker = text.open()
                    self.inline(child, "link", section_id)
                    self.links.append(Link(child.get("href", ""), *text.close(marker)))
            text.add(child.tail)

    def claim(self, element: etree._Element, section_id: str) -> None:
        self.attributes(element, "claim")
        claim_id = element.get("id")
        self.declare_id(element, claim_id)
        by = element.get("by")
        self.refer(element, "by", by)
        about = tuple((element.get("about") or "").split())
        for word in about:
            self.refer(element, "about", word)
        marker = self.text.open()
        self.inline(element, "claim", section_id)
        start, end = self.text.close(marker)
        self.claims.append(self.make_claim(element, section_id, start, end, claim_id))

    def make_claim(self, element: etree._Element, section_id: str, start: int, end: int, claim_id: str | None) -> Claim:
        get = element.get
        by, kind, confidence = get("by"), get("kind"), get("confidence")
        # Positional, made as a tuple (see _new_tuple): by keywords, making 10,000 claims took twice as
        # long. The actor ids and the few kinds and confidences are shared strings, not one per claim.
        return _new_tuple(
            Claim,
            (
                claim_id or f"claim-{len(self.claims) + 1}",
                start,
                end,
                section_id,
                intern(by) if by else by,
                tuple(map(intern, (get("about") or "").split())),
                intern(kind) if kind else kind,
                intern(confidence) if confidence else confidence,
                get("source"),
            ),
        )


def _text_content(element: etree._Element) -> str:
    """The element's text, all pieces joined (comments and processing instructions left out)."""
    text: str = etree.tostring(element, method="text", encoding=str, with_tail=False)
    return text


_SPANS = frozenset((_MENTION, _CLAIM, _EM, _LINK))
# A span of a line: its tag, its element, and its start and end offsets.
_Span = tuple[str, etree._Element, int, int]
_SPACES = frozenset(SPACE)


def _raw_spans(element: etree._Element, pos: int, found: list[_Span], pieces: list[str]) -> int:
    """Append the spans inside ``element`` with offsets in its text content, and the pieces of that text
    to ``pieces``; return the end offset, or -1 for an element not of the format.

    Spans come in the order :meth:`_Builder.inline` records them: each when it closes.
    Comments and processing instructions add nothing but their tails, as in :meth:`_Builder.inline`.
    (The pieces joined cost 2,000 instructions less a paragraph of one claim than etree.tostring's text.)
    """
    text = element.text
    if text:
        pieces.append(text)
        pos += len(text)
    for child in element:
        tag = child.tag
        if tag in _SPANS:
            start = pos
            if len(child):
                pos = _raw_spans(child, pos, found, pieces)
                if pos < 0:
                    return -1
            else:
                text = child.text
                if text:
                    pieces.append(text)
                    pos += len(text)
            found.append((tag, child, start, pos))
        elif isinstance(tag, str):
            return -1  # not a span of the format: let the walk that explains problems see it
        tail = child.tail
        if tail:
            pieces.append(tail)
            pos += len(tail)
    return pos
