"""The actors file (TOML) that tells ``briefing convert`` whom an article is about."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viewer.io.errors import BriefingError, Problem
from viewer.io.rules import is_ncname
from viewer.model.briefing import ACTOR_TYPES, Actor, Relation


@dataclass(frozen=True, slots=True)
class ActorSpec:
    """An actor to declare and to find in the text; ``case_sensitive`` applies to its names."""

    actor: Actor
    case_sensitive: bool = False


@dataclass(frozen=True, slots=True)
class ActorsFile:
    """The actors and relations of an actors file."""

    actors: list[ActorSpec]
    relations: list[Relation]


def read_actors_file(path: str | Path) -> ActorsFile:
    """Read and check an actors file; every problem is located by line."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise BriefingError.single(name, "no such file") from None
    except OSError as error:
        raise BriefingError.single(name, f"cannot be read: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BriefingError.single(name, f"the file is not UTF-8 text (byte {error.start})") from None
    return parse_actors(text, name)


def parse_actors(text: str, name: str = "<actors>") -> ActorsFile:
    """Parse the TOML text of an actors file."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        if match:
            line, column = int(match.group(1)), int(match.group(2))
        else:  # "at end of document"
            lines = text.split("\n")
            line, column = len(lines), len(lines[-1]) + 1
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        raise BriefingError.single(name, f"invalid TOML: {message}", line, column) from None
    actor_lines = _table_lines(text, "actor")
    relation_lines = _table_lines(text, "relation")
    problems: list[Problem] = []
    unknown = sorted(set(document) - {"actor", "relation"})
    if unknown:
        problems.append(
            Problem(name, 1, 1, f"unknown section {unknown[0]!r}: an actors file has [[actor]] and [[relation]] tables")
        )
    specs: list[ActorSpec] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(_tables(document, "actor")):
        line = actor_lines[index] if index < len(actor_lines) else 0

        def problem(message: str, line: int = line) -> None:
            problems.append(Problem(name, line, 1, message))

        actor_id = table.get("id")
        actor_type = table.get("type")
        actor_name = table.get("name")
        if not isinstance(actor_id, str) or not is_ncname(actor_id):
            problem(f"actor id {actor_id!r} is missing or not a valid id (a letter first, no spaces)")
            continue
        if actor_id in seen:
            problem(f'actor id "{actor_id}" is used twice (first on line {seen[actor_id]})')
            continue
        seen[actor_id] = line
        if actor_type not in ACTOR_TYPES:
            problem(f'actor "{actor_id}" has type {actor_type!r}; use one of: {", ".join(ACTOR_TYPES)}')
        if not isinstance(actor_name, str) or not actor_name.strip():
            problem(f'actor "{actor_id}" needs a name')
            continue
        aliases = table.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            problem(f'actor "{actor_id}": aliases must be a list of non-empty strings')
            aliases = []
        description = table.get("description")
        sensitive = table.get("case_sensitive", False)
        if not isinstance(sensitive, bool):
            problem(f'actor "{actor_id}": case_sensitive must be true or false')
        extra = sorted(set(table) - {"id", "type", "name", "aliases", "description", "case_sensitive"})
        if extra:
            problem(f'actor "{actor_id}" has an unknown field {extra[0]!r}')
        specs.append(
            ActorSpec(
                Actor(
                    actor_id,
                    str(actor_type) if actor_type in ACTOR_TYPES else "other",
                    " ".join(actor_name.split()),
                    tuple(" ".join(a.split()) for a in aliases),
                    str(description) if isinstance(description, str) else None,
                ),
                sensitive is True,
            )
        )
    relations: list[Relation] = []
    for index, table in enumerate(_tables(document, "relation")):
        line = relation_lines[index] if index < len(relation_lines) else 0
        source, target, kind = table.get("from"), table.get("to"), table.get("type")
        for end, value in (("from", source), ("to", target)):
            if value not in seen:
                problems.append(Problem(name, line, 1, f"relation {end} = {value!r} names no declared actor"))
        if not isinstance(kind, str) or not kind.strip() or " " in kind.strip():
            problems.append(Problem(name, line, 1, "a relation needs a type, one word such as supports or opposes"))
        note = table.get("note")
        relations.append(
            Relation(str(source), str(target), str(kind).strip(), str(note) if isinstance(note, str) else None)
        )
    if problems:
        raise BriefingError(problems)
    return ActorsFile(specs, relations)


def _tables(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    return [t for t in value if isinstance(t, dict)] if isinstance(value, list) else []


def _table_lines(text: str, key: str) -> list[int]:
    """The line of each ``[[key]]`` header, in order."""
    pattern = re.compile(rf"^[ \t]*\[\[[ \t]*{key}[ \t]*\]\]", re.MULTILINE)
    return [text.count("\n", 0, m.start()) + 1 for m in pattern.finditer(text)]
