"""The actors file (TOML) that tells ``briefing convert`` whom an article is about."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viewer.io.briefing.characters import describe_character, first_not_xml
from viewer.io.briefing.rules import is_ncname
from viewer.io.briefing.safexml import read_capped
from viewer.io.errors import BriefingError, Problem
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


MAX_ACTORS_FILE = 8 * 2**20  # far beyond any list of actors; a device or a stray big file stops here


def read_actors_file(path: str | Path) -> ActorsFile:
    """Read and check an actors file; every problem is located by line.

    Only a regular file of bounded size is read (a FIFO would block, /dev/zero never end).
    """
    name = str(path)
    data = read_capped(path, MAX_ACTORS_FILE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BriefingError.single(name, f"the file is not UTF-8 text (byte {error.start})") from None
    return parse_actors(text, name)


def parse_actors(text: str, name: str = "<actors>") -> ActorsFile:
    """Parse the TOML text of an actors file."""
    try:
        document = tomllib.loads(text)
    except RecursionError:
        raise BriefingError.single(name, "invalid TOML: arrays or tables are nested too deeply") from None
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
            Problem(
                name,
                1,
                1,
                f"unknown section {_shown(unknown[0])}: an actors file has [[actor]] and [[relation]] tables",
            )
        )
    for key in ("actor", "relation"):
        value = document.get(key)
        if isinstance(value, dict):  # [actor]: one table, where each actor needs its own [[actor]]
            problems.append(
                Problem(name, _single_table_line(text, key), 1, f"write [[{key}]] (one per {key}), not [{key}]")
            )
        elif value is not None and not (isinstance(value, list) and all(isinstance(t, dict) for t in value)):
            problems.append(Problem(name, 1, 1, f"{key} must be a list of [[{key}]] tables, not {_kind(value)}"))
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
            problem(f"actor id {_shown(actor_id)} is missing or not a valid id (a letter first, no spaces)")
            continue
        bad = _unwritable(table)
        if bad:
            problem(f'actor "{actor_id}": {bad}')
            continue
        if actor_id in seen:
            problem(f'actor id "{actor_id}" is used twice (first on line {seen[actor_id]})')
            continue
        seen[actor_id] = line
        if not isinstance(actor_type, str) or actor_type not in ACTOR_TYPES:
            problem(f'actor "{actor_id}" has type {_shown(actor_type)}; use one of: {", ".join(ACTOR_TYPES)}')
        if not isinstance(actor_name, str) or not actor_name.strip():
            problem(f'actor "{actor_id}" needs a name')
            continue
        aliases = table.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            problem(f'actor "{actor_id}": aliases must be a list of non-empty strings')
            aliases = []
        description = table.get("description")
        if description is not None and not isinstance(description, str):
            problem(f'actor "{actor_id}": description must be text, not {_kind(description)}')
        sensitive = table.get("case_sensitive", False)
        if not isinstance(sensitive, bool):
            problem(f'actor "{actor_id}": case_sensitive must be true or false')
        extra = sorted(set(table) - {"id", "type", "name", "aliases", "description", "case_sensitive"})
        if extra:
            problem(f'actor "{actor_id}" has an unknown field {_shown(extra[0])}')
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
            if not isinstance(value, str) or value not in seen:
                problems.append(Problem(name, line, 1, f"relation {end} = {_shown(value)} names no declared actor"))
        if not isinstance(kind, str) or not kind.strip() or " " in kind.strip():
            problems.append(Problem(name, line, 1, "a relation needs a type, one word such as supports or opposes"))
        note = table.get("note")
        if note is not None and not isinstance(note, str):
            problems.append(Problem(name, line, 1, f"a relation's note must be text, not {_kind(note)}"))
        bad = _unwritable(table)
        if bad:
            problems.append(Problem(name, line, 1, f"relation: {bad}"))
        relations.append(
            Relation(str(source), str(target), str(kind).strip(), str(note) if isinstance(note, str) else None)
        )
    if problems:
        raise BriefingError(problems)
    return ActorsFile(specs, relations)


def _shown(value: object, limit: int = 60) -> str:
    """A value from the file in a message: short, on one line, control characters escaped."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value: object) -> str:
    kinds = {bool: "true or false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a table"}
    return next((word for kind, word in kinds.items() if isinstance(value, kind)), "a date or time")


def _unwritable(table: dict[str, Any]) -> str | None:
    """What in a table's texts a briefing cannot hold (a control character), said in words; None if nothing."""
    for key, value in table.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                found = first_not_xml(text)
                if found is not None:
                    return f"{key} holds {describe_character(found.group())}, which a briefing cannot hold"
    return None


def _single_table_line(text: str, key: str) -> int:
    match = re.search(rf"^[ \t]*\[[ \t]*{key}[ \t]*\]", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _tables(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    return [t for t in value if isinstance(t, dict)] if isinstance(value, list) else []


def _table_lines(text: str, key: str) -> list[int]:
    """The line of each ``[[key]]`` header, in order."""
    pattern = re.compile(rf"^[ \t]*\[\[[ \t]*{key}[ \t]*\]\]", re.MULTILINE)
    return [text.count("\n", 0, m.start()) + 1 for m in pattern.finditer(text)]
