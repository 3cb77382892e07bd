"""Reading a briefing's header (its meta, actors and relations), checking it as it goes when asked."""

from __future__ import annotations

from lxml import etree

from viewer.io.briefing import rules
from viewer.io.briefing.check import Checker, display
from viewer.io.briefing.rules import XML_SPACE, q
from viewer.model.briefing import Actor, Meta, Relation, Source
from viewer.model.text import normalise_space

_ACTOR, _NAME, _ALIAS = q("actor"), q("name"), q("alias")


class HeaderReader(Checker):
    """The part of the walk before the body: what ``<meta>``, ``<actors>`` and ``<relations>`` hold."""

    def meta(self, element: etree._Element) -> Meta:
        single = set(rules.META_ONCE)
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
                for _, word in self.children_of(child, "keywords", "keyword"):
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
                    self.problem(child, f"<{what}> holds text only; <{display(child)}> is not allowed in it")
        return normalise_space(element.text or "")

    def read_actors(self, element: etree._Element) -> None:
        if not self.checking:
            self.read_valid_actors(element)
            return
        for _, child in self.children_of(element, "actors", "actor"):
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

    def read_valid_actors(self, element: etree._Element) -> None:
        """:meth:`read_actors` on a tree the schema has accepted: the same actors, each element looked
        at once (what the general walk checks, the schema has: one name first, then aliases, then a
        description at most; 100,000 actors took 0.6 s of the build in that walk).
        tests/io/test_valid_actors.py compares the two."""
        actors, declare_id = self.actors, self.declare_id
        for child in element.iterchildren(_ACTOR):
            actor_id = child.get("id")
            declare_id(child, actor_id)
            name: str | None = None
            aliases: list[str] = []
            description: str | None = None
            for part in child.iterchildren(etree.Element):
                value = normalise_space(part.text or "")  # (its text before any child, as plain() takes)
                tag = part.tag
                if tag == _NAME:
                    if name is None:
                        name = value
                elif tag == _ALIAS:
                    aliases.append(value)
                else:
                    description = value
            if actor_id and actor_id not in actors:
                actors[actor_id] = Actor(
                    actor_id,
                    child.get("type", "other"),
                    actor_id if name is None else name,
                    tuple(aliases),
                    description,
                )

    def read_relations(self, element: etree._Element) -> list[Relation]:
        relations = []
        for _, child in self.children_of(element, "relations", "relation"):
            self.attributes(child, "relation")
            if len(child) or (child.text and child.text.strip(XML_SPACE)):
                self.problem(child, "<relation> must be empty; its details go in attributes")
            self.refer(child, "from", child.get("from"))
            self.refer(child, "to", child.get("to"))
            relations.append(
                Relation(child.get("from", ""), child.get("to", ""), child.get("type", ""), child.get("note"))
            )
        return relations
