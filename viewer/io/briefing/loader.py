"""Load a briefing file into the domain model, or refuse it with every problem located."""

# The entry points, and which walk a file needs: checking is in `check`, building in `build`
# (with the header's part in `header`).

from __future__ import annotations

import gc
import os
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from viewer.io.briefing import relaxng
from viewer.io.briefing.build import Builder as _Builder
from viewer.io.briefing.check import MAX_PROBLEMS, integrity_holds_in
from viewer.io.briefing.resources import resource_path
from viewer.io.briefing.rules import META_ONCE, NS, q
from viewer.io.briefing.safexml import DEFAULT_MAX_BYTES, parse_bytes, read_capped
from viewer.io.errors import BriefingError, Problem
from viewer.model.briefing import Briefing

__all__ = [
    "MAX_PROBLEMS",
    "Summary",
    "check_briefing",
    "check_briefing_bytes",
    "load_briefing",
    "load_briefing_bytes",
    "load_text",
    "loads",
    "schema",
]


@lru_cache(maxsize=1)
def schema() -> etree.RelaxNG:
    """The RELAX NG schema of the format, read once from the project's resources."""
    return etree.RelaxNG(etree.parse(str(resource_path("schema", "briefing-1.rng"))))


_RNG = "{http://relaxng.org/ns/structure/1.0}"
_META_ONCE = tuple(q(name) for name in META_ONCE)  # (the title first)


@lru_cache(maxsize=1)
def _grammar() -> etree._ElementTree:
    """The schema as the loader validates with: the same but for <meta>'s interleave, read as its fields
    in any number and order, their counts checked by :func:`_meta_counts_problem`.

    libxml2 validates an interleave in time that grows with the square of its children: 40,000 authors
    took 0.76 s, 20,000 0.19 s (a 60 MB file of them, hours). Together the two say exactly what the
    interleave says (tests/io/test_meta_validation.py compares them on generated <meta>s).
    """
    grammar = etree.parse(str(resource_path("schema", "briefing-1.rng")))
    [interleave] = grammar.iterfind(f".//{_RNG}define[@name='meta']/{_RNG}element/{_RNG}interleave")
    fields = etree.Element(f"{_RNG}choice")
    for pattern in list(interleave):
        if not isinstance(pattern.tag, str):
            continue  # a comment
        if pattern.tag in (f"{_RNG}optional", f"{_RNG}zeroOrMore"):
            fields.extend(list(pattern))  # (one element each)
        else:
            fields.append(pattern)
    interleave.tag = f"{_RNG}zeroOrMore"
    interleave[:] = [fields]
    return grammar


@lru_cache(maxsize=1)
def _validator() -> etree.RelaxNG:
    """lxml's validator of :func:`_grammar` (where :func:`_direct_validator` cannot be had)."""
    return etree.RelaxNG(_grammar())


@lru_cache(maxsize=1)
def _direct_validator() -> relaxng.Validator | None:
    """libxml2's validator of :func:`_grammar`, through lxml's libxml2 but not its error log (see the
    relaxng module: lxml locates each error in time that grows with the node's earlier siblings)."""
    return relaxng.validator(_grammar())


def _meta_counts_problem(root: etree._Element, name: str) -> Problem | None:
    """What is wrong with the counts of <meta>'s fields: one title, at most one of each field that comes
    once (see :func:`_validator`); None when they hold."""
    meta = root.find(f"{{{NS}}}meta")
    if meta is None:
        return None  # (the schema refuses the file for it)
    counts = dict.fromkeys(_META_ONCE, 0)
    for child in meta:
        if child.tag in counts:
            counts[child.tag] += 1
    if counts[_META_ONCE[0]] == 1 and all(count <= 1 for count in counts.values()):
        return None
    # (Said in libxml2's manner; the code's rules say it in plain words, with each field's place.)
    return Problem(
        name,
        meta.sourceline or 0,
        0,
        "does not follow the briefing schema: <meta> needs one <title> and at most one of each of "
        "<subtitle>, <date>, <summary> and <keywords>",
    )


@dataclass(frozen=True, slots=True)
class Summary:
    """What ``briefing check`` reports of a valid file."""

    sections: int
    actors: int
    claims: int


def load_briefing(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Briefing:
    """Read, validate and build a briefing; raise BriefingError listing every problem."""
    name = str(path)
    data = read_capped(path, max_bytes)
    tree = parse_bytes(data, name)
    schema_problems = _schema_problems(tree, name)
    if not schema_problems:
        # Only a refusal needs the bytes again, to say where each problem is: they go while the
        # model is built, which is when the process holds the most (6.6 MB of a 7 MB briefing).
        read = len(data), zlib.crc32(data)
        del data
        briefing = _build_valid(name, tree)
        if briefing is not None:
            briefing.path = name
            return briefing
        data = read_capped(path, max_bytes)
        if (len(data), zlib.crc32(data)) != read:
            briefing = load_briefing_bytes(data, name)  # changed meanwhile: the new bytes, judged whole
            briefing.path = name
            return briefing
        tree = parse_bytes(data, name)  # the build took its sections out of the first one
    raise _explained(data, name, tree, schema_problems)


def load_text(
    path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES, *, kept: list[object] | None = None
) -> Briefing:
    """Read and validate a briefing as :func:`load_briefing` does, but build only its text, lines and sections.

    Its mentions, claims, emphases and links are left empty (its header is read): what placing,
    listing and importing notes need, in half the time of a full build on a large briefing.
    The file is accepted or refused exactly as by ``check`` and :func:`load_briefing`, with
    the same problems.

    ``kept``: the parsed tree is put there instead of being freed, for a process that ends
    soon without tearing anything down (the command line): freeing the 6 MB briefing's tree
    took 16 ms, and the first larger allocation after it 55 ms more, glibc gathering the
    hundreds of thousands of small blocks the tree left free (`briefing check` pays neither).
    """
    name = str(path)
    data = read_capped(path, max_bytes)
    tree = _validated_tree(data, name)
    builder = _Builder(name, data, tree, checking=False, spans=False)
    with _collector_paused():
        briefing = builder.build()
    if briefing is None or builder.problems:
        return load_briefing_bytes(data, name)  # (never seen) the full walk says what is wrong
    del builder  # before the tree, as in load_briefing_bytes
    if kept is not None:
        kept.append(tree)
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


def check_briefing_bytes(data: bytes, name: str) -> None:
    """Validate bytes as :func:`check_briefing` validates a file, without building the model.

    Accepts and refuses exactly what :func:`load_briefing_bytes` does, with the same problems
    (tests/io/test_check_agrees.py), without the model's memory: what ``briefing convert`` needs.
    """
    _validated_tree(data, name)


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
        briefing = _build_valid(name, tree)
        if briefing is not None:
            return briefing
        tree = parse_bytes(data, name)  # the build took its sections out of the first one
    raise _explained(data, name, tree, schema_problems)


def _build_valid(name: str, tree: etree._ElementTree) -> Briefing | None:
    """The briefing of a tree the schema has accepted; None if the integrity rules refuse it
    (:func:`_explained` then says why, from the file's bytes, which the build never needs).

    The tree is used up: its sections are freed as they are built (see Builder.consumed_sections).
    """
    builder = _Builder(name, b"", tree, checking=False, consume=True)
    with _collector_paused():
        briefing = builder.build()
    accepted = briefing is not None and not builder.problems and builder.integrity_holds()
    # The builder's working sets go now, while the tree is alive: freed after libxml2 has freed
    # the tree, the same objects take far longer (glibc consolidates its heap; 40 ms on 6 MB).
    del builder
    return briefing if accepted else None


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


@dataclass(frozen=True, slots=True)
class _SchemaProblems:
    """What the schema finds wrong with a tree: the first MAX_PROBLEMS, and how many more (none: valid)."""

    listed: list[Problem]
    beyond: int = 0

    def __bool__(self) -> bool:
        return bool(self.listed)


def _schema_problems(tree: etree._ElementTree, name: str) -> _SchemaProblems:
    """What the schema finds wrong with a tree, in libxml2's words (nothing: valid)."""
    direct = _direct_validator()
    if direct is not None:
        try:
            outcome = direct.validate(tree, MAX_PROBLEMS)
        except RuntimeError:
            pass  # (lxml says it, as it always did)
        else:
            if outcome.valid:
                problem = _meta_counts_problem(tree.getroot(), name)
                return _SchemaProblems([] if problem is None else [problem])
            listed = [_schema_problem(name, line, column, message) for line, column, message in outcome.errors]
            return _SchemaProblems(listed, outcome.count - len(listed))
    with _SCHEMA_LOCK:
        validator = _validator()
        if validator.validate(tree):
            problem = _meta_counts_problem(tree.getroot(), name)
            return _SchemaProblems([] if problem is None else [problem])
        entries = validator.error_log
        listed = [_schema_problem(name, e.line, e.column, e.message) for e in entries[:MAX_PROBLEMS]]
        return _SchemaProblems(listed, len(entries) - len(listed))


def _schema_problem(name: str, line: int, column: int, message: str) -> Problem:
    return Problem(name, line, column, f"does not follow the briefing schema: {message}")


def _validated_tree(data: bytes, name: str) -> etree._ElementTree:
    """Parse, then check the schema (libxml2, fast) and the integrity rules.

    Only when something is wrong does the slower walk of the code's rules run,
    to say what is wrong in plain words and where.
    """
    tree = parse_bytes(data, name)
    schema_problems = _schema_problems(tree, name)
    if not schema_problems and integrity_holds_in(tree.getroot()):
        return tree
    raise _explained(data, name, tree, schema_problems)


def _explained(data: bytes, name: str, tree: etree._ElementTree, schema_problems: _SchemaProblems) -> BriefingError:
    """Every problem of a refused tree, in the code's words (the schema's when the code sees none)."""
    builder = _Builder(name, data, tree)
    with _collector_paused():  # (as for a build: the walk makes an object or more per element)
        if not schema_problems:
            builder.check_integrity()
        if not builder.problems:
            builder = _Builder(name, data, tree)
            builder.build()
    if not builder.problems:
        # The schema saw something the code's rules missed: still refuse, in the schema's words.
        return BriefingError(schema_problems.listed, schema_problems.beyond)
    return BriefingError(builder.located(), builder.overflow())


_NSMAP = {"b": NS}


def loads(text: str, name: str = "<string>") -> Briefing:
    """Build a briefing from XML text (for tests and converters)."""
    return load_briefing_bytes(text.encode("utf-8"), name)
