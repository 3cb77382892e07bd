"""Actors as the Import Article window edits them (name, type, aliases typed with commas), checked and made an ActorsFile."""

from __future__ import annotations

from dataclasses import dataclass, replace

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

    A row keeps the id it was loaded with, unless that id is ``reserved`` (the briefing's id) or an
    earlier row's: then, as a new row, it gets an id made from its name, unique among the actors
    and ``reserved`` (a relation to the reserved id follows its actor). Relations to an actor no
    longer listed are dropped.
    """
    reserved = set(reserved or ())
    taken = reserved | {e.id for e in entries if e.id}
    used: set[str] = set()
    moved: dict[str, str] = {}  # a loaded id that was the briefing's → its actor's new id
    specs: list[ActorSpec] = []
    for entry in entries:
        actor_id = entry.id
        if actor_id is None or actor_id in reserved or actor_id in used:
            actor_id = _unique(slug(entry.name, "actor"), taken)
            taken.add(actor_id)
            if entry.id in reserved:
                moved[entry.id] = actor_id
        used.add(actor_id)
        actor = Actor(actor_id, entry.type, " ".join(entry.name.split()), tuple(entry.alias_list()), entry.description)
        specs.append(ActorSpec(actor, entry.case_sensitive))
    kept = [
        replace(r, source=moved.get(r.source, r.source), target=moved.get(r.target, r.target))
        for r in relations or []
        if moved.get(r.source, r.source) in used and moved.get(r.target, r.target) in used
    ]
    return ActorsFile(specs, kept)


def entries_beside(loaded: ActorsFile, listed: list[ActorEntry]) -> tuple[list[ActorEntry], list[Relation]]:
    """The rows and relations of an actors file loaded beside rows already ``listed``.

    An actor whose id a listed row has already (another actors file's) gets one of its own, and
    the file's relations follow it: each file's relations stay between that file's actors.
    """
    taken = {e.id for e in listed if e.id} | {spec.actor.id for spec in loaded.actors}
    clashing = {e.id for e in listed if e.id}
    moved: dict[str, str] = {}
    entries: list[ActorEntry] = []
    for spec in loaded.actors:
        entry = ActorEntry.of(spec)
        if spec.actor.id in clashing:
            moved[spec.actor.id] = _unique(spec.actor.id, taken)
            taken.add(moved[spec.actor.id])
            entry = replace(entry, id=moved[spec.actor.id])
        entries.append(entry)
    relations = [
        replace(r, source=moved.get(r.source, r.source), target=moved.get(r.target, r.target)) for r in loaded.relations
    ]
    return entries, relations


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not taken."""
    actor_id, number = base, 2
    while actor_id in taken:
        actor_id = f"{base}-{number}"
        number += 1
    return actor_id
