"""The briefing domain model: meta, actors, relations, sections, displayed text and spans."""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

ACTOR_TYPES = ("state", "organization", "person", "group", "place", "other")
CLAIM_KINDS = ("fact", "assessment", "allegation", "forecast", "opinion")
CONFIDENCES = ("high", "moderate", "low")


@dataclass(frozen=True, slots=True)
class Source:
    """A source of the briefing: its text and an optional address."""

    text: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Meta:
    """The briefing's meta data as declared in ``<meta>``."""

    title: str
    subtitle: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    summary: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """A declared actor: ``id``, ``type`` (one of ACTOR_TYPES), name, aliases, description."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A declared relation between two actors, ``source`` → ``target``."""

    source: str
    target: str
    type: str
    note: str | None = None


class BlockKind(Enum):
    """What a line of the displayed text is."""

    HEADING = "heading"
    PARAGRAPH = "p"
    ITEM = "item"


# A named tuple: a briefing may have 250,000 lines, and tuples are the cheapest objects to make
# (a slotted dataclass took a third of building 100,000 tiny sections' model).
class Block(NamedTuple):
    """One line of the displayed text: a heading, a paragraph or a list item.

    ``start``/``end`` are offsets in ``Briefing.text``; ``section_id`` is the
    innermost section; ``level`` the heading level (1 for top sections);
    ``list_type``/``item_number`` describe list items; ``quote_by`` is set on
    paragraphs of a quote (``""`` for an unattributed quote), ``None`` elsewhere.
    """

    kind: BlockKind
    start: int
    end: int
    section_id: str
    level: int = 0
    list_type: str | None = None
    item_number: int = 0
    quote_by: str | None = None
    first_in_group: bool = True


# A named tuple: tens of thousands are made per briefing, and tuples are the cheapest to make.
class Mention(NamedTuple):
    """A mention of actor ``actor_id`` at ``[start, end)`` of the displayed text."""

    actor_id: str
    start: int
    end: int


# A named tuple, like Mention: thousands are made per briefing.
class Claim(NamedTuple):
    """A marked claim at ``[start, end)``; ``by`` is None when the author asserts it."""

    id: str
    start: int
    end: int
    section_id: str
    by: str | None = None
    about: tuple[str, ...] = ()
    kind: str | None = None
    confidence: str | None = None
    source: str | None = None


# A named tuple: tens of thousands are made per briefing, and tuples are the cheapest to make.
class Emphasis(NamedTuple):
    """Emphasised text at ``[start, end)``."""

    start: int
    end: int


# A named tuple: tens of thousands are made per briefing, and tuples are the cheapest to make.
class Link(NamedTuple):
    """A link at ``[start, end)`` to ``href`` (never fetched by the reader)."""

    href: str
    start: int
    end: int


@dataclass(slots=True, eq=False, init=False, weakref_slot=True)
class Section:
    """A section of the tree.

    ``id`` is the declared id or the positional one (``s1.2``); ``heading`` the
    displayed heading; ``start`` is the heading's offset and ``end`` the end of
    the section's last line, subsections included; ``depth`` is 1 for top sections.

    ``parent`` is held weakly: the tree has no reference cycle, so a briefing let go is freed
    at once, and Python's cycle collector never needs to walk it (see ``viewer.ui.window.loading``).
    A section kept after its briefing has gone has no parent any more.
    """

    id: str
    heading: str
    depth: int
    start: int
    end: int
    children: list[Section]
    _parent: weakref.ReferenceType[Section] | None = field(repr=False)

    def __init__(
        self,
        id: str,
        heading: str,
        depth: int,
        start: int = 0,
        end: int = 0,
        children: list[Section] | None = None,
        parent: Section | None = None,
    ) -> None:
        self.id = id
        self.heading = heading
        self.depth = depth
        self.start = start
        self.end = end
        self.children = [] if children is None else children
        self._parent = None if parent is None else weakref.ref(parent)

    @property
    def parent(self) -> Section | None:
        """The section this one is in (None for a top section)."""
        return None if self._parent is None else self._parent()

    @parent.setter
    def parent(self, parent: Section | None) -> None:
        self._parent = None if parent is None else weakref.ref(parent)

    def walk(self) -> Iterator[Section]:
        """This section and its descendants, in document order."""
        return _depth_first([self])

    def path(self) -> list[Section]:
        """The sections from the top of the tree down to this one."""
        chain: list[Section] = []
        node: Section | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


def _depth_first(sections: list[Section]) -> Iterator[Section]:
    """``sections`` and their descendants, in document order.

    One generator and a stack: a generator per section (``yield from``) made walking
    100,000 sections three times slower, and a deep tree would have met the recursion limit.
    """
    stack = sections[::-1]
    while stack:
        section = stack.pop()
        yield section
        if section.children:
            stack.extend(reversed(section.children))


@dataclass(slots=True)
class Briefing:
    """A loaded briefing.

    ``text`` is the displayed text: every heading, paragraph and list item of
    the body, one per line, whitespace-normalised, joined by ``"\\n"``. All
    offsets (blocks, sections, mentions, claims, emphases, links) index it.
    """

    id: str
    meta: Meta
    text: str
    lang: str | None = None
    actors: dict[str, Actor] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    emphases: list[Emphasis] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    path: str | None = None
    _sections_by_id: dict[str, Section] = field(default_factory=dict, repr=False)
    _block_starts: list[int] = field(default_factory=list, repr=False)
    _mention_starts: list[int] = field(default_factory=list, repr=False)
    _claim_starts: list[int] = field(default_factory=list, repr=False)
    _longest_mention: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        if not self._sections_by_id:  # (the builder gives it, made as it made the sections)
            self._sections_by_id = {s.id: s for s in self.walk_sections()}
        self._block_starts = [b.start for b in self.blocks]
        self._mention_starts = [m.start for m in self.mentions]
        self._claim_starts = [c.start for c in self.claims]
        self._longest_mention = max((m.end - m.start for m in self.mentions), default=0)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The mentions that overlap ``[start, end)``, in document order."""
        low = bisect.bisect_left(self._mention_starts, start - self._longest_mention)
        high = bisect.bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[low:high] if m.end > start]

    def claims_in(self, start: int, end: int) -> list[Claim]:
        """The claims that overlap ``[start, end)`` (claims do not nest, so they are ordered)."""
        low = max(0, bisect.bisect_right(self._claim_starts, start) - 1)
        high = bisect.bisect_left(self._claim_starts, end)
        return [c for c in self.claims[low:high] if c.end > start]

    def actors_in(self, start: int, end: int) -> list[str]:
        """The ids of the actors mentioned in ``[start, end)``, in order of first mention."""
        return list(dict.fromkeys(m.actor_id for m in self.mentions_in(start, end)))

    def walk_sections(self) -> Iterator[Section]:
        """Every section in document order."""
        return _depth_first(self.sections)

    @property
    def section_count(self) -> int:
        """How many sections there are, subsections included."""
        return len(self._sections_by_id)

    def section(self, section_id: str) -> Section | None:
        """The section with that id, or None."""
        return self._sections_by_id.get(section_id)

    def section_at(self, offset: int) -> Section | None:
        """The innermost section whose text contains ``offset``."""
        block = self.block_at(offset)
        return self.section(block.section_id) if block else None

    def block_at(self, offset: int) -> Block | None:
        """The displayed line that contains ``offset`` (its end included)."""
        index = bisect.bisect_right(self._block_starts, offset) - 1
        return self.blocks[index] if index >= 0 else None

    def actor_name(self, actor_id: str | None) -> str:
        """The display name of an actor id (``the author`` for None, the id itself if undeclared)."""
        if actor_id is None:
            return "the author"
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id

    def mentions_of(self, actor_id: str) -> list[Mention]:
        """The mentions of one actor, in document order."""
        return [m for m in self.mentions if m.actor_id == actor_id]

    def claims_by(self, actor_id: str) -> list[Claim]:
        """The claims that actor makes."""
        return [c for c in self.claims if c.by == actor_id]

    def claims_about(self, actor_id: str) -> list[Claim]:
        """The claims about that actor."""
        return [c for c in self.claims if actor_id in c.about]

    def relations_of(self, actor_id: str) -> list[Relation]:
        """The relations that start or end at that actor."""
        return [r for r in self.relations if actor_id in (r.source, r.target)]
