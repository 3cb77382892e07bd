"""Checking a briefing's tree against the code's rules, each problem recorded where it is."""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import islice
from operator import eq

from lxml import etree

from viewer.io.briefing import rules
from viewer.io.briefing.locate import Locator
from viewer.io.briefing.rules import NS, XML_LANG, XML_SPACE, q
from viewer.io.errors import Problem
from viewer.model.briefing import Actor

MAX_PROBLEMS = 1000  # listed; beyond, a refusal says how many more it found
_MENTION, _CLAIM, _QUOTE, _SECTION = q("mention"), q("claim"), q("quote"), q("section")
_BRIEFING, _ACTOR, _RELATION = q("briefing"), q("actor"), q("relation")
_ID_TAGS = (_BRIEFING, _ACTOR, _SECTION, _CLAIM)  # the elements that may carry an id
_OURS = q("")  # the start of every tag of the format


def ids_in(root: etree._Element) -> list[str]:
    """Every id declared in the file, duplicates included."""
    return [value for element in root.iter(*_ID_TAGS) if (value := element.get("id")) is not None]


def integrity_holds_in(root: etree._Element) -> bool:
    """Unique ids and declared actors, checked quickly on a schema-valid tree.

    The tag filters run in C; the slow walk that explains problems runs only when this fails.
    """
    if not _distinct_and_trimmed(root):
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


_hash = hash  # (a test makes every hash alike)


def _distinct_and_trimmed(root: etree._Element) -> bool:
    """Whether the ids are all different and none is padded, with little memory beside the tree.

    Their hashes are kept, 8 bytes each, in buckets by their low bits: different hashes are
    different ids. Only when two hashes are alike are the ids themselves compared (a set or a
    list of them all: 62 or 33 MiB above the tree for 500,000 sections, against 4).
    """
    buckets = [array("q") for _ in range(64)]
    for element in root.iter(*_ID_TAGS):
        value = element.get("id")
        if value is not None:
            if _padded(value):
                return False
            hashed = _hash(value)
            buckets[hashed & 63].append(hashed)
    if all(len(set(bucket)) == len(bucket) for bucket in buckets):
        return True
    ids = ids_in(root)
    ids.sort()  # a repeated id beside its twin
    return not any(map(eq, ids, islice(ids, 1, None)))


def _padded(value: str | None) -> bool:
    """Whether an id or a reference has white space around it (the schema's NCName type strips it first)."""
    return value is not None and value != value.strip(XML_SPACE)


class Checker:
    """What one walk over a tree found wrong, and the rules it checks as it goes.

    With ``checking`` False (a tree the schema has accepted), attributes and stray text are
    not looked at: the schema has checked them.
    """

    def __init__(self, name: str, data: bytes, tree: etree._ElementTree, checking: bool = True) -> None:
        # On a tree the schema has accepted, attribute checks are skipped: they are the slow part.
        self.checking = checking
        self.name = name
        self.data = data
        self.tree = tree
        # The first MAX_PROBLEMS found, located at the end all at once (see Locator).
        self.problems: list[tuple[etree._Element, str, str | None]] = []
        self._count = 0
        self.ids: dict[str, etree._Element | None] = {}
        self.actor_refs: list[tuple[etree._Element, str, str]] = []
        self.actors_known = False  # once <actors> is read, a reference is checked where it is met
        self.actors: dict[str, Actor] = {}
        self._all_ids: set[str] | None = None  # every id in the file, read when first needed
        self.referenced: set[str] = set()  # actor ids referred to (builds without checks)

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
        if parent.text and parent.text.strip(XML_SPACE):
            self.problem(parent, f"text is not allowed directly inside <{what}>")
        children = []
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if child.tail and child.tail.strip(XML_SPACE):
                self.problem(child, f"text is not allowed directly inside <{what}>")
            # (The tag's prefix, not etree.QName: a third of the time of explaining 600,000 fields of <meta>.)
            if not tag.startswith(_OURS):
                self.problem(child, f"<{display(child)}> is not an element of the briefing format")
                continue
            children.append(child)
        return children

    def children_of(self, parent: etree._Element, what: str, kind: str) -> Iterator[tuple[int, etree._Element]]:
        """The ``<kind>`` children of ``<what>``, each with its place among all children (from 1).

        Reports a ``<what>`` without one, and each child of another kind, where it is met.
        """
        children = self.elements(parent, what)
        if not children:
            self.problem(parent, f"<{what}> needs at least one <{kind}>")
        tag = q(kind)
        for number, child in enumerate(children, start=1):
            if child.tag != tag:
                self.problem(child, f"<{display(child)}> is not allowed in <{what}>, only <{kind}>")
                continue
            yield number, child

    def attributes(self, element: etree._Element, kind: str) -> None:
        if not self.checking:
            return
        allowed = rules.ATTRIBUTES.get(kind, {})
        if not allowed and not len(element.attrib):
            return  # (most elements: nothing to check, nothing to look up)
        for attr, required in allowed.items():
            if required and element.get(attr) is None:
                self.problem(element, f"<{kind}> needs the attribute {attr_name(attr)}")
        for attr, value in _attributes_of(element):
            if attr not in allowed:
                self.problem(element, f"<{kind}> has no attribute {attr_name(attr)}", attr)
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
            f'{attr}="{value}" on <{display(element)}> is not a valid name '
            "(a letter or _ first, then letters, digits, '.', '-', '_'; no spaces)",
            attr,
        )

    def declare_id(self, element: etree._Element, value: str | None) -> None:
        if value is None:
            return
        ids = self.ids
        if value not in ids:
            # A build without checks keeps no element (100,000 sections: 17 MiB of lxml proxies held
            # while the model is built): its problems are never shown, a refusal is explained by a
            # checking walk (see loader._build_valid), so it only needs to know that an id repeats.
            ids[value] = element if self.checking else None
            return
        first = ids[value]
        if first is None:
            self.problem(element, f'id "{value}" is used more than once; ids must be unique', "id")
        else:
            self.problem(
                element,
                f'id "{value}" is already used by <{display(first)}> on line {first.sourceline}; ids must be unique',
                "id",
            )

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
            self._all_ids = set(ids_in(self.tree.getroot()))
            # The sections a build has already taken out of the tree (Builder.consume) are no longer in
            # it: their ids were declared as they were built.
            self._all_ids.update(self.ids)
        return self._all_ids

    def check_inline(self, element: etree._Element, context: str) -> None:
        """Check inline content that is not part of the displayed text (the summary)."""
        allowed = rules.INLINE_CHILDREN[context]
        for child in element.iterchildren(tag=etree.Element):
            local = etree.QName(child).localname
            if etree.QName(child).namespace != NS or local not in allowed:
                self.problem(child, misplaced(child, context, etree.QName(element).localname))
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

    def check_references(self) -> None:
        for element, attr, value in self.actor_refs:
            if value not in self.actors:
                self.undeclared(element, attr, value)
        self.actor_refs.clear()

    def undeclared(self, element: etree._Element, attr: str, value: str) -> None:
        owner = display(element)
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


def display(element: etree._Element) -> str:
    """The element's name as a message shows it (the namespace only when foreign)."""
    qname = etree.QName(element)
    return qname.localname if qname.namespace in (NS, None) else f"{{{qname.namespace}}}{qname.localname}"


def attr_name(attr: str) -> str:
    """An attribute's name as a message shows it."""
    return "xml:lang" if attr == XML_LANG else attr


def misplaced(child: etree._Element, context: str, parent: str) -> str:
    """Why ``child`` may not stand in ``parent`` here, in words."""
    name = display(child)
    if name == "claim" and context == "claim":
        return "a <claim> may not contain another <claim>: claims do not nest"
    if name == "mention" and context in ("mention", "em-in-mention"):
        return "a <mention> may not contain another <mention>: mentions do not nest"
    if etree.QName(child).namespace != NS:
        return f"<{name}> is not an element of the briefing format"
    return f"<{name}> is not allowed inside <{parent}>"
