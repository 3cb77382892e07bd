"""Actors as the Import Article window edits them (name, type, aliases typed with commas), checked and made an ActorsFile."""

from __future__ import annotations

from dataclasses import dataclass

from viewer.io.briefing.characters import describe_character, first_not_xml
from viewer.io.convert.actors_file import ActorsFile, ActorSpec
from viewer.io.convert.article import slug
from viewer.model.briefing import ACTOR_TYPES, Actor, Relation


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One row of the window's actors table.

    ``aliases`` is the text typed, names separated by commas. ``id``, ``description`` and
    ``case_sensitive`` come from an actors file when the row was loaded from one (a new
    row gets an id made from its name).
    """

    name: str = ""
    type: str = "other"
    aliases: str = ""
    id: str | None = None
    description: str | None = None
    case_sensitive: bool = False

    def alias_list(self) -> list[str]:
        """The aliases, each with its spaces made single, empty ones and repeats (of the name too) left out."""
        seen = {_folded(self.name)}
        found: list[str] = []
        for part in self.aliases.split(","):
            alias = " ".join(part.split())
            if alias and _folded(alias) not in seen:
                seen.add(_folded(alias))
                found.append(alias)
        return found

    @classmethod
    def of(cls, spec: ActorSpec) -> ActorEntry:
        """The row of an actor read from an actors file."""
        actor = spec.actor
        return cls(actor.name, actor.type, ", ".join(actor.aliases), actor.id, actor.description, spec.case_sensitive)


def _folded(name: str) -> str:
    """A name as the converter matches it (case and spacing aside)."""
    return " ".join(name.split()).casefold()


def entry_problems(entries: list[ActorEntry]) -> list[str]:
    """What keeps these rows from being imported, one sentence each, rows counted from 1; none when all is well."""
    problems: list[str] = []
    owner: dict[str, int] = {}  # a name or alias, folded → the first row that uses it
    for row, entry in enumerate(entries, 1):
        name = " ".join(entry.name.split())
        if not name:
            problems.append(f"Actor {row} needs a name.")
        if entry.type not in ACTOR_TYPES:
            problems.append(f"Actor {row} has the type {entry.type!r}; choose one of {', '.join(ACTOR_TYPES)}.")
        for field, text in (("name", entry.name), ("aliases", entry.aliases)):
            bad = first_not_xml(text)
            if bad is not None:
                problems.append(
                    f"Actor {row}'s {field} holds {describe_character(bad.group())}, which a briefing cannot hold."
                )
        for word in ([name] if name else []) + entry.alias_list():
            first = owner.setdefault(_folded(word), row)
            if first != row:
                problems.append(
                    f"“{word}” names two actors ({first} and {row}): the text's mentions would be ambiguous."
                )
    return problems


def actors_file_of(
    entries: list[ActorEntry], relations: list[Relation] | None = None, reserved: set[str] | None = None
) -> ActorsFile:
    """The actors file these rows (checked with :func:`entry_problems`) stand for.

    A row keeps the id it was loaded with; a new one gets an id made from its name, unique
    among the actors and ``reserved`` (the briefing's id). Relations to an actor no longer
    listed are dropped.
    """
    taken = set(reserved or ()) | {e.id for e in entries if e.id}
    specs: list[ActorSpec] = []
    for entry in entries:
        actor_id = entry.id
        if actor_id is None:
            base = actor_id = slug(entry.name, "actor")
            number = 2
            while actor_id in taken:
                actor_id = f"{base}-{number}"
                number += 1
            taken.add(actor_id)
        actor = Actor(actor_id, entry.type, " ".join(entry.name.split()), tuple(entry.alias_list()), entry.description)
        specs.append(ActorSpec(actor, entry.case_sensitive))
    ids = {spec.actor.id for spec in specs}
    kept = [r for r in relations or [] if r.source in ids and r.target in ids]
    return ActorsFile(specs, kept)
