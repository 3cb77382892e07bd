"""Load a briefing file into the domain model, or refuse it with every problem located."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from viewer.io.briefing import rules
from viewer.io.briefing.locate import Locator
from viewer.io.briefing.resources import resource_path
from viewer.io.briefing.rules import NS, XML_LANG, q
from viewer.io.briefing.safexml import DEFAULT_MAX_BYTES, parse_bytes, read_capped
from viewer.io.errors import BriefingError, Problem
from viewer.model.briefing import (
    Actor,
    Block,
    BlockKind,
    Briefing,
    Claim,
    Emphasis,
    Link,
    Mention,
    Meta,
    Relation,
    Section,
    Source,
)
from viewer.model.text import SPACE, LineMap, TextBuilder, normalise_space

MAX_PROBLEMS = 1000  # listed; beyond, a refusal says how many more it found
_MENTION, _CLAIM, _EM, _LINK = q("mention"), q("claim"), q("em"), q("link")
_BRIEFING = q("briefing")
_INLINE_TAGS = {context: frozenset(q(name) for name in names) for context, names in rules.INLINE_CHILDREN.items()}
_P, _LIST, _QUOTE, _SECTION, _HEADING = q("p"), q("list"), q("quote"), q("section"), q("heading")
_BLOCK_KINDS = {_P: "p", _LIST: "list", _QUOTE: "quote"}
_make_claim = Claim._make


@lru_cache(maxsize=1)
def schema() -> etree.RelaxNG:
    """The RELAX NG schema of the format, read once from the project's resources."""
    return etree.RelaxNG(etree.parse(str(resource_path("schema", "briefing-1.rng"))))


@dataclass(frozen=True, slots=True)
class Summary:
    """What ``briefing check`` reports of a valid file."""

    sections: int
    actors: int
    claims: int


def load_briefing(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Briefing:
    """Read, validate and build a briefing; raise BriefingError listing every problem."""
    name = str(path)
    briefing = load_briefing_bytes(read_capped(path, max_bytes), name)
    briefing.path = name
    return briefing


def check_briefing(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Summary:
    """Validate a file without building the model; raise BriefingError listing every problem."""
    name = str(path)
    data = read_capped(path, max_bytes)
    tree = _validated_tree(data, name)

    def count(tag: str) -> int:
        return int(tree.xpath(f"count(//b:{tag})", namespaces=_NSMAP))

    return Summary(count("section"), count("actor"), count("claim"))


def load_briefing_bytes(data: bytes, name: str) -> Briefing:
    """Validate and build a briefing from bytes; ``name`` is used in messages.

    On a schema-valid tree the model is built straight away, and the integrity
    rules (unique ids, declared actors) are checked on what the build collected.
    (Validating a second parse in another thread while building was tried: on
    two cores it made ``render`` slower and raised its peak memory by 60 MiB.)
    """
    tree = parse_bytes(data, name)
    schema_problems = _schema_problems(tree, name)
    if not schema_problems:
        builder = _Builder(name, data, tree, checking=False)
        with _collector_paused():
            briefing = builder.build()
        accepted = briefing is not None and not builder.problems and builder.integrity_holds()
        # The builder's working sets go now, while the tree is alive: freed after libxml2 has freed
        # the tree, the same objects take far longer (glibc consolidates its heap; 40 ms on 6 MB).
        del builder
        if accepted and briefing is not None:
            return briefing
    raise _explained(data, name, tree, schema_problems)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: a build makes a hundred thousand small objects, none in a cycle,
    and the collector would walk them all for nothing (30 ms on the 6 MB briefing)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_SCHEMA_LOCK = threading.Lock()  # a validator keeps its last error log: one validation at a time


def _schema_problems(tree: etree._ElementTree, name: str) -> list[Problem]:
    """What the schema finds wrong with a tree, in libxml2's words (nothing: valid)."""
    with _SCHEMA_LOCK:
        validator = schema()
        if validator.validate(tree):
            return []
        return [
            Problem(name, entry.line, entry.column, f"does not follow the briefing schema: {entry.message}")
            for entry in validator.error_log
        ]


def _validated_tree(data: bytes, name: str) -> etree._ElementTree:
    """Parse, then check the schema (libxml2, fast) and the integrity rules.

    Only when something is wrong does the slower walk of the code's rules run,
    to say what is wrong in plain words and where.
    """
    tree = parse_bytes(data, name)
    schema_problems = _schema_problems(tree, name)
    if not schema_problems and _integrity_holds(tree.getroot()):
        return tree
    raise _explained(data, name, tree, schema_problems)


def _explained(data: bytes, name: str, tree: etree._ElementTree, schema_problems: list[Problem]) -> BriefingError:
    """Every problem of a refused tree, in the code's words (the schema's when the code sees none)."""
    builder = _Builder(name, data, tree)
    if not schema_problems:
        builder.check_integrity()
    if not builder.problems:
        builder = _Builder(name, data, tree)
        builder.build()
    if not builder.problems:
        # The schema saw something the code's rules missed: still refuse, in the schema's words.
        return BriefingError(schema_problems[:MAX_PROBLEMS], max(0, len(schema_problems) - MAX_PROBLEMS))
    return BriefingError(builder.located(), builder.overflow())


_NSMAP = {"b": NS}


_ACTOR, _RELATION = q("actor"), q("relation")
_ID_TAGS = (_BRIEFING, _ACTOR, _SECTION, _CLAIM)  # the elements that may carry an id


def _declared_ids(root: etree._Element) -> list[str]:
    """Every id declared in the file, duplicates included."""
    return [value for element in root.iter(*_ID_TAGS) if (value := element.get("id")) is not None]


def _integrity_holds(root: etree._Element) -> bool:
    """Unique ids and declared actors, checked quickly on a schema-valid tree.

    The tag filters run in C; the slow walk that explains problems runs only when this fails.
    """
    ids = _declared_ids(root)
    if len(set(ids)) != len(ids) or any(map(_padded, ids)):
        return False
    actors = {actor.get("id") for actor in root.iter(q("actor"))}
    refs: set[str | None] = set()
    for element in root.iter(_MENTION, _CLAIM, _QUOTE, q("relation")):
        tag = element.tag
        if tag == _MENTION:
            refs.add(element.get("actor"))
        elif tag == _QUOTE:
            refs.add(element.get("by", ""))
        elif tag == _CLAIM:
            refs.add(element.get("by", ""))
            refs.update((element.get("about") or "").split())
        else:
            refs.update((element.get("from"), element.get("to")))
    refs.discard("")  # an absent "by": the author
    return refs <= actors and not any(map(_padded, refs))


_XML_SPACE = " \t\n\r"


def _padded(value: str | None) -> bool:
    """Whether an id or a reference has white space around it (the schema's NCName type strips it first)."""
    return value is not None and value != value.strip(_XML_SPACE)


class _Builder:
    """One walk over the tree that both checks the rules and builds the model."""

    def __init__(self, name: str, data: bytes, tree: etree._ElementTree, checking: bool = True) -> None:
        # On a tree the schema has accepted, attribute checks are skipped: they are the slow part,
        # and lines are built whole (see whole_line).
        self.checking = checking
        self.whole_lines = True
        self.name = name
        self.data = data
        self.tree = tree
        # The first MAX_PROBLEMS found, located at the end all at once (see Locator).
        self.problems: list[tuple[etree._Element, str, str | None]] = []
        self._count = 0
        self.text = TextBuilder()
        self.blocks: list[Block] = []
        self.mentions: list[Mention] = []
        self.claims: list[Claim] = []
        self.emphases: list[Emphasis] = []
        self.links: list[Link] = []
        self.ids: dict[str, etree._Element] = {}
        self.actor_refs: list[tuple[etree._Element, str, str]] = []
        self.actors_known = False  # once <actors> is read, a reference is checked where it is met
        self.actors: dict[str, Actor] = {}
        self._all_ids: set[str] | None = None  # every id in the file, read when first needed
        self.referenced: set[str] = set()  # actor ids referred to (builds without checks)
        self.headings: list[tuple[Section, int]] = []

    # -- problems -------------------------------------------------------------

    def problem(self, element: etree._Element, message: str, attribute: str | None = None) -> None:
        self._count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((element, message, attribute))

    def located(self) -> list[Problem]:
        """The problems listed, each with its line and column."""
        places = Locator(self.data, self.tree).locate([(element, attribute) for element, _, attribute in self.problems])
        return [
            Problem(self.name, line, column, message)
            for (line, column), (_, message, _) in zip(places, self.problems, strict=True)
        ]

    def overflow(self) -> int:
        """How many problems were found beyond those listed."""
        return self._count - len(self.problems)

    def elements(self, parent: etree._Element, what: str) -> list[etree._Element]:
        """Child elements of the format; report foreign ones and stray text."""
        if not self.checking:  # a schema-valid tree: elements of the format only, no stray text
            return list(parent.iterchildren(etree.Element))
        if parent.text and parent.text.strip():
            self.problem(parent, f"text is not allowed directly inside <{what}>")
        children = []
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            if child.tail and child.tail.strip():
                self.problem(child, f"text is not allowed directly inside <{what}>")
            if etree.QName(child).namespace != NS:
                self.problem(child, f"<{_display(child)}> is not an element of the briefing format")
                continue
            children.append(child)
        return children

    def attributes(self, element: etree._Element, kind: str) -> None:
        if not self.checking:
            return
        allowed = rules.ATTRIBUTES.get(kind, {})
        for attr, required in allowed.items():
            if required and element.get(attr) is None:
                self.problem(element, f"<{kind}> needs the attribute {_attr_name(attr)}")
        for attr, value in _attributes_of(element):
            if attr not in allowed:
                self.problem(element, f"<{kind}> has no attribute {_attr_name(attr)}", attr)
                continue
            choices = rules.CHOICES.get((kind, attr))
            if choices and value not in choices:
                self.problem(
                    element,
                    f'{attr}="{value}" is not allowed on <{kind}>; use one of: {", ".join(choices)}',
                    attr,
                )
            elif (kind, attr) in rules.NAME_ATTRIBUTES and not rules.is_ncname(value):
                self.not_a_name(element, attr, value)
            elif attr == XML_LANG and not rules.is_language(value):
                self.problem(element, f'xml:lang="{value}" is not a language tag such as "fr" or "en-GB"', attr)
            elif kind == "claim" and attr == "about":
                if not value.split():
                    self.problem(element, '<claim about=""> names no actor', attr)
                for word in value.split():
                    if not rules.is_ncname(word):
                        self.problem(element, f'about="{value}": "{word}" is not a valid actor id', attr)

    def not_a_name(self, element: etree._Element, attr: str, value: str) -> None:
        self.problem(
            element,
            f'{attr}="{value}" on <{_display(element)}> is not a valid name '
            "(a letter or _ first, then letters, digits, '.', '-', '_'; no spaces)",
            attr,
        )

    def declare_id(self, element: etree._Element, value: str | None) -> None:
        if value is None:
            return
        first = self.ids.get(value)
        if first is not None:
            self.problem(
                element,
                f'id "{value}" is already used by <{_display(first)}> on line {first.sourceline}; ids must be unique',
                "id",
            )
        else:
            self.ids[value] = element

    def refer(self, element: etree._Element, attr: str, value: str | None) -> None:
        if value is None:
            return
        if self.checking:
            if not self.actors_known:  # before <actors> is read (the summary): checked at the end
                self.actor_refs.append((element, attr, value))
            elif value not in self.actors:
                self.undeclared(element, attr, value)
        else:
            self.referenced.add(value)

    def integrity_holds(self) -> bool:
        """Unique ids and declared actors, from what a build without checks collected."""
        self.referenced.discard("")  # an absent "by": the author
        return (  # (a repeated id is a problem of declare_id)
            self.referenced <= self.actors.keys()
            and not any(map(_padded, self.referenced))
            and not any(map(_padded, self.ids))
        )

    @property
    def declared_ids(self) -> set[str]:
        """Every id declared anywhere in the file (for a positional id not to take one)."""
        if self._all_ids is None:
            self._all_ids = set(_declared_ids(self.tree.getroot()))
        return self._all_ids

    # -- document -------------------------------------------------------------

    def build(self) -> Briefing | None:
        root = self.tree.getroot()
        qname = etree.QName(root)
        if qname.localname != "briefing":
            self.problem(root, f"this is not a briefing: the root element is <{_display(root)}>, expected <briefing>")
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
        if "body" in parts:
            bodies = self.elements(parts["body"], "body")
            if not bodies:
                self.problem(parts["body"], "<body> needs at least one <section>")
            for index, child in enumerate(bodies, start=1):
                if child.tag != _SECTION:
                    self.problem(child, f"<{_display(child)}> is not allowed in <body>, only <section>")
                    continue
                sections.append(self.section(child, None, f"s{index}", 1))
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
        )

    def meta(self, element: etree._Element) -> Meta:
        single = {"title", "subtitle", "date", "summary", "keywords"}
        seen: dict[str, etree._Element] = {}
        authors: list[str] = []
        sources: list[Source] = []
        keywords: list[str] = []
        for child in self.elements(element, "meta"):
            local = etree.QName(child).localname
            if local in single:
                if local in seen:
                    self.problem(child, f"<meta> may have only one <{local}>")
                    continue
                seen[local] = child
            if local == "author":
                authors.append(self.plain(child, "author"))
            elif local == "source":
                self.attributes(child, "source")
                sources.append(Source(self.plain(child, "source"), child.get("href")))
            elif local == "keywords":
                words = self.elements(child, "keywords")
                if not words:
                    self.problem(child, "<keywords> needs at least one <keyword>")
                for word in words:
                    if word.tag != q("keyword"):
                        self.problem(word, f"<{_display(word)}> is not allowed in <keywords>, only <keyword>")
                    else:
                        keywords.append(self.plain(word, "keyword"))
            elif local == "summary":
                self.attributes(child, "summary")
                self.check_inline(child, "inline")
            elif local in ("title", "subtitle", "date"):
                self.plain(child, local)
            else:
                self.problem(child, f"<{local}> is not allowed in <meta>")
        # Only when explaining a refusal: on a tree the schema accepted, these hold (the schema says the
        # same), and what `check` accepts the window must open.
        if "title" not in seen:
            self.problem(element, "<meta> needs a <title>")
        elif self.checking and not self.plain(seen["title"], "title", report=False):
            self.problem(seen["title"], "the <title> is empty")
        date = (seen["date"].text or "") if "date" in seen else None
        if self.checking and date is not None and not rules.is_iso_date(date):
            self.problem(
                seen["date"],
                f'<date> "{date}" is not an ISO 8601 date such as 2024-12-18 or 2024-12-18T10:00:00+01:00 '
                "(a year of four digits, no spaces around it; a time with seconds, hours 00 to 23)",
            )

        def text_of(key: str) -> str | None:
            return normalise_space("".join(seen[key].itertext())) if key in seen else None

        return Meta(
            title=text_of("title") or "",
            subtitle=text_of("subtitle"),
            date=date,
            authors=tuple(authors),
            sources=tuple(sources),
            summary=text_of("summary"),
            keywords=tuple(keywords),
        )

    def plain(self, element: etree._Element, what: str, report: bool = True) -> str:
        """The normalised text of a text-only element."""
        if report:
            self.attributes(element, what)
            for child in element:
                if isinstance(child.tag, str):
                    self.problem(child, f"<{what}> holds text only; <{_display(child)}> is not allowed in it")
        return normalise_space(element.text or "")

    def read_actors(self, element: etree._Element) -> None:
        children = self.elements(element, "actors")
        if not children:
            self.problem(element, "<actors> needs at least one <actor>")
        for child in children:
            if child.tag != q("actor"):
                self.problem(child, f"<{_display(child)}> is not allowed in <actors>, only <actor>")
                continue
            self.attributes(child, "actor")
            actor_id = child.get("id")
            self.declare_id(child, actor_id)
            names: list[str] = []
            aliases: list[str] = []
            description: str | None = None
            stage = 0
            for part in self.elements(child, "actor"):
                local = etree.QName(part).localname
                rank = {"name": 0, "alias": 1, "description": 2}.get(local)
                if rank is None:
                    self.problem(part, f"<{local}> is not allowed in <actor> (expected name, alias, description)")
                    continue
                if rank < stage or (rank != 1 and rank == stage and (names if rank == 0 else description)):
                    self.problem(
                        part,
                        f"<{local}> is out of place: <actor> holds one <name>, then <alias>es, then one <description>",
                    )
                stage = max(stage, rank)
                value = self.plain(part, local)
                if local == "name":
                    names.append(value)
                elif local == "alias":
                    aliases.append(value)
                else:
                    description = value
            if not names:
                self.problem(child, "<actor> needs a <name>")
            if actor_id and actor_id not in self.actors:
                self.actors[actor_id] = Actor(
                    id=actor_id,
                    type=child.get("type", "other"),
                    name=names[0] if names else actor_id,
                    aliases=tuple(aliases),
                    description=description,
                )

    def read_relations(self, element: etree._Element) -> list[Relation]:
        relations = []
        children = self.elements(element, "relations")
        if not children:
            self.problem(element, "<relations> needs at least one <relation>")
        for child in children:
            if child.tag != q("relation"):
                self.problem(child, f"<{_display(child)}> is not allowed in <relations>, only <relation>")
                continue
            self.attributes(child, "relation")
            if len(child) or (child.text and child.text.strip()):
                self.problem(child, "<relation> must be empty; its details go in attributes")
            self.refer(child, "from", child.get("from"))
            self.refer(child, "to", child.get("to"))
            relations.append(
                Relation(child.get("from", ""), child.get("to", ""), child.get("type", ""), child.get("note"))
            )
        return relations

    # -- body -----------------------------------------------------------------

    def section(self, element: etree._Element, parent: Section | None, position: str, depth: int) -> Section:
        self.attributes(element, "section")
        declared = element.get("id")
        self.declare_id(element, declared)
        if not declared:
            # A positional locator must not collide with an id declared anywhere in the file.
            while position in self.declared_ids:
                position += "_"
        section = Section(id=declared or position, heading="", depth=depth, parent=parent)
        children = self.elements(element, "section")
        if not children or children[0].tag != _HEADING:
            self.problem(element, "<section> must start with a <heading>")
        stage = 0  # 0 heading, 1 blocks, 2 subsections
        sub = 0
        for child in children:
            tag = child.tag
            if tag == _HEADING:
                if stage > 0 or section.heading:
                    self.problem(child, "a <section> has one <heading>, first")
                    continue
                self.attributes(child, "heading")
                section.start = self.text.begin_line()
                self.line(child, section.id)
                end = self.text.end_line()
                self.headings.append((section, end))
                self.blocks.append(Block(BlockKind.HEADING, section.start, end, section.id, level=depth))
                stage = 1
            elif tag in (_P, _LIST, _QUOTE):
                if stage == 2:
                    self.problem(
                        child,
                        f"<{_display(child)}> comes after a subsection; a section's text goes before its subsections",
                    )
                self.block(child, section.id)
            elif tag == _SECTION:
                stage = 2
                sub += 1
                section.children.append(self.section(child, section, f"{position}.{sub}", depth + 1))
            else:
                self.problem(
                    child,
                    f"<{_display(child)}> is not allowed in <section> (expected heading, p, list, quote, section)",
                )
        section.end = self.text.position
        return section

    def block(self, element: etree._Element, section_id: str) -> None:
        kind = _BLOCK_KINDS[element.tag]
        self.attributes(element, kind)
        if kind == "p":
            self.paragraph(element, section_id, BlockKind.PARAGRAPH)
        elif kind == "list":
            items = self.elements(element, "list")
            if not items:
                self.problem(element, "<list> needs at least one <item>")
            list_type = element.get("type", "bullet")
            for number, item in enumerate(items, start=1):
                if item.tag != q("item"):
                    self.problem(item, f"<{_display(item)}> is not allowed in <list>, only <item>")
                    continue
                self.attributes(item, "item")
                block = self.paragraph(item, section_id, BlockKind.ITEM)
                block.list_type, block.item_number, block.first_in_group = list_type, number, number == 1
        else:
            by = element.get("by")
            self.refer(element, "by", by)
            paragraphs = self.elements(element, "quote")
            if not paragraphs:
                self.problem(element, "<quote> needs at least one <p>")
            for index, child in enumerate(paragraphs):
                if child.tag != _P:
                    self.problem(child, f"<{_display(child)}> is not allowed in <quote>, only <p>")
                    continue
                self.attributes(child, "p")
                block = self.paragraph(child, section_id, BlockKind.PARAGRAPH)
                block.quote_by, block.first_in_group = by or "", index == 0

    def paragraph(self, element: etree._Element, section_id: str, kind: BlockKind) -> Block:
        start = self.text.begin_line()
        self.line(element, section_id)
        block = Block(kind, start, self.text.end_line(), section_id)
        self.blocks.append(block)
        return block

    def line(self, element: etree._Element, section_id: str) -> None:
        """Add the inline content of a heading, paragraph or item as one line of text."""
        if self.checking or not self.whole_lines or not self.whole_line(element, section_id):
            self.inline(element, "inline", section_id)

    def whole_line(self, element: etree._Element, section_id: str) -> bool:
        """Build a line of a valid tree at once: its text content, normalised, and its spans mapped.

        Gives the same text and spans as :meth:`inline` (a test compares them on random
        documents) at a fraction of the cost. Returns False, having added nothing, for a
        line with an empty span, which :meth:`inline` places by its own rules.
        """
        found: list[tuple[str, etree._Element, int, int]] = []
        raw = _text_content(element)
        if _raw_spans(element, 0, found) != len(raw):
            return False
        line = LineMap(raw)
        if line.unchanged:  # the common case: offsets in the raw text are offsets in the line
            for _, _, raw_start, raw_end in found:
                if raw_start >= raw_end or raw[raw_start] in _SPACES or raw[raw_end - 1] in _SPACES:
                    return False
            spans = found
        else:
            spans = []
            for tag, child, raw_start, raw_end in found:
                placed = line.span(raw_start, raw_end)
                if placed is None:
                    return False
                spans.append((tag, child, *placed))
        base = self.text.position
        self.text.add_line(line.text)
        mentions, referenced, make_mention = self.mentions, self.referenced, Mention._make
        for tag, child, start, end in spans:
            if tag == _MENTION:
                actor = child.get("actor", "")
                referenced.add(actor)
                mentions.append(make_mention((actor, base + start, base + end)))
            elif tag == _CLAIM:
                self.declare_id(child, child.get("id"))
                claim = self.make_claim(child, section_id, base + start, base + end)
                self.claims.append(claim)
                referenced.add(claim.by or "")
                referenced.update(claim.about)
            elif tag == _EM:
                self.emphases.append(Emphasis(base + start, base + end))
            else:
                self.links.append(Link(child.get("href", ""), base + start, base + end))
        return True

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
                    self.problem(child, _misplaced(child, context, etree.QName(element).localname))
                elif tag == _MENTION:
                    self.refer(child, "actor", child.get("actor"))
                    if checking:
                        self.attributes(child, "mention")
                    marker = text.open()
                    if len(child) or checking:
                        self.inline(child, "mention", section_id)
                    else:  # the common case, a mention of plain text, without the recursion
                        text.add(child.text)
                    self.mentions.append(Mention(child.get("actor", ""), *text.close(marker)))
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

    def check_inline(self, element: etree._Element, context: str) -> None:
        """Check inline content that is not part of the displayed text (the summary)."""
        allowed = rules.INLINE_CHILDREN[context]
        for child in element.iterchildren(tag=etree.Element):
            local = etree.QName(child).localname
            if etree.QName(child).namespace != NS or local not in allowed:
                self.problem(child, _misplaced(child, context, etree.QName(element).localname))
                continue
            self.attributes(child, local)
            if local == "mention":
                self.refer(child, "actor", child.get("actor"))
            elif local == "claim":
                self.declare_id(child, child.get("id"))
                self.refer(child, "by", child.get("by"))
                for word in (child.get("about") or "").split():
                    self.refer(child, "about", word)
            self.check_inline(child, local)

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
        self.claims.append(self.make_claim(element, section_id, start, end))

    def make_claim(self, element: etree._Element, section_id: str, start: int, end: int) -> Claim:
        get = element.get
        # Positional, through _make: by keywords, making 10,000 claims took twice as long.
        return _make_claim(
            (
                get("id") or f"claim-{len(self.claims) + 1}",
                start,
                end,
                section_id,
                get("by"),
                tuple((get("about") or "").split()),
                get("kind"),
                get("confidence"),
                get("source"),
            )
        )

    # -- integrity ------------------------------------------------------------

    def check_references(self) -> None:
        for element, attr, value in self.actor_refs:
            if value not in self.actors:
                self.undeclared(element, attr, value)
        self.actor_refs.clear()

    def undeclared(self, element: etree._Element, attr: str, value: str) -> None:
        owner = _display(element)
        label = f'<{owner} id="{element.get("id")}">' if element.get("id") else f"<{owner}>"
        what = {"about": "is about", "by": "names", "actor": "names", "from": "starts at", "to": "ends at"}[attr]
        self.problem(element, f'{label} {what} actor "{value}", which is not declared', attr)

    def check_integrity(self) -> None:
        """On a schema-valid tree only the integrity rules can fail: check them alone, in one pass.

        Far lighter than the walk that builds (a 58 MB file of 1.8 million undeclared
        mentions took 28 s and 2.5 GiB to refuse that way).
        """
        root = self.tree.getroot()
        actors = {actor.get("id") for actor in root.iter(_ACTOR)}
        for element in root.iter(*_ID_TAGS, _MENTION, _QUOTE, _RELATION):  # document order, as the build
            tag = element.tag
            if tag in _ID_TAGS:
                if _padded(element.get("id")):
                    self.not_a_name(element, "id", element.get("id", ""))
                self.declare_id(element, element.get("id"))
            if tag == _MENTION:
                refs: tuple[tuple[str, str | None], ...] = (("actor", element.get("actor")),)
            elif tag == _CLAIM:
                about = (element.get("about") or "").split()
                refs = (("by", element.get("by")), *(("about", word) for word in about))
            elif tag == _QUOTE:
                refs = (("by", element.get("by")),)
            elif tag == _RELATION:
                refs = (("from", element.get("from")), ("to", element.get("to")))
            else:
                continue
            for attr, value in refs:
                if _padded(value):
                    self.not_a_name(element, attr, value or "")
                elif value is not None and value not in actors:
                    self.undeclared(element, attr, value)


_ALL_ATTRIBUTES = etree.XPath("@*")


def _attributes_of(element: etree._Element) -> list[tuple[str, str]]:
    """Name and value of each attribute, in one pass.

    (``attrib.items()`` finds each value again by its name: 80,000 attributes took 21 s.)
    """
    if len(element.attrib) <= 8:  # the common case, where the XPath call would cost more
        return list(element.attrib.items())
    return [(value.attrname, str(value)) for value in _ALL_ATTRIBUTES(element)]


def _text_content(element: etree._Element) -> str:
    """The element's text, all pieces joined (comments and processing instructions left out)."""
    text: str = etree.tostring(element, method="text", encoding=str, with_tail=False)
    return text


_SPANS = frozenset((_MENTION, _CLAIM, _EM, _LINK))
_SPACES = frozenset(SPACE)


def _raw_spans(element: etree._Element, pos: int, found: list[tuple[str, etree._Element, int, int]]) -> int:
    """Append the spans inside ``element`` with offsets in its text content; return the end offset.

    Spans come in the order :meth:`_Builder.inline` records them: each when it closes.
    Comments and processing instructions add nothing but their tails, as in the text content.
    """
    text = element.text
    if text:
        pos += len(text)
    for child in element:
        tag = child.tag
        if tag in _SPANS:
            start = pos
            if len(child):
                pos = _raw_spans(child, pos, found)
            else:
                text = child.text
                if text:
                    pos += len(text)
            found.append((tag, child, start, pos))
        elif isinstance(tag, str):
            return -1  # not a span of the format: let the walk that explains problems see it
        tail = child.tail
        if tail:
            pos += len(tail)
    return pos


def _display(element: etree._Element) -> str:
    qname = etree.QName(element)
    return qname.localname if qname.namespace in (NS, None) else f"{{{qname.namespace}}}{qname.localname}"


def _attr_name(attr: str) -> str:
    return "xml:lang" if attr == XML_LANG else attr


def _misplaced(child: etree._Element, context: str, parent: str) -> str:
    name = _display(child)
    if name == "claim" and context == "claim":
        return "a <claim> may not contain another <claim>: claims do not nest"
    if name == "mention" and context in ("mention", "em-in-mention"):
        return "a <mention> may not contain another <mention>: mentions do not nest"
    if etree.QName(child).namespace != NS:
        return f"<{name}> is not an element of the briefing format"
    return f"<{name}> is not allowed inside <{parent}>"


def loads(text: str, name: str = "<string>") -> Briefing:
    """Build a briefing from XML text (for tests and converters)."""
    return load_briefing_bytes(text.encode("utf-8"), name)
