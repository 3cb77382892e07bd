"""Notes as W3C Web Annotations: export as an AnnotationPage, import from any common shape."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from viewer import __version__
from viewer.io.errors import BriefingError, Problem
from viewer.model.anchoring import Anchorer
from viewer.model.briefing import Briefing
from viewer.model.notes import (
    CONTEXT_LENGTH,
    DEFAULT_COLOR,
    NOTE_COLORS,
    Anchor,
    Note,
    PlacedNote,
    new_id,
    normalise_tags,
    now,
)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# Our own fields ride in one namespaced object, which other tools ignore.
EXTENSION = "briefingViewer"
GENERATOR = {"id": "urn:briefing-viewer:application", "type": "Software", "name": f"Briefing Viewer {__version__}"}
# A body of another kind is kept as it came; one nested deeper than this is refused
# (it would be unreadable anyway, and deep nesting is how a hostile file exhausts a parser).
MAX_BODY_DEPTH = 32
# Warnings beyond this many are counted, not listed.
MAX_WARNINGS = 20


def briefing_uri(briefing: Briefing) -> str:
    """The annotation target's source: the briefing by id."""
    return f"urn:briefing-viewer:briefing:{briefing.id}"


def system_creator() -> dict[str, str]:
    """The person using this computer, as a Web Annotation agent: their full name, else their login."""
    import getpass

    try:
        login = getpass.getuser()
    except (KeyError, OSError, ImportError):  # no user name in the environment nor the password file
        return {"type": "Person", "name": "unknown"}
    name = login
    try:
        import pwd

        name = pwd.getpwnam(login).pw_gecos.split(",")[0].strip() or login
    except (ImportError, KeyError):
        pass
    return {"type": "Person", "name": name, "nickname": login}


def to_annotation(placed: PlacedNote, briefing: Briefing, creator: Any = None) -> dict[str, Any]:
    """One note as a Web Annotation (its passage as it was when the note was made).

    ``creator`` is who made the notes that do not say (by default the person using this computer).
    """
    note = placed.note
    anchor = note.anchor
    body: list[Any] = []
    if note.text:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": note.text, "format": "text/markdown"})
    body += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in note.tags]
    body += other_bodies(note)
    annotation: dict[str, Any] = {
        "id": f"urn:uuid:{note.id}",
        "type": "Annotation",
        "motivation": "commenting" if note.text else "highlighting",
        "created": note.created,
        "modified": note.modified,
        "generator": GENERATOR,
    }
    if note.creator:
        annotation["creator"] = _loads(note.creator)
    elif not note.source_id:  # made here, by whoever uses this computer; an imported note's maker is unknown
        annotation["creator"] = creator or system_creator()
    if body:  # the model allows no empty body: a note with nothing to say has none
        annotation["body"] = body
    annotation["target"] = {
        "source": briefing_uri(briefing),
        "selector": [
            {"type": "TextQuoteSelector", "exact": anchor.quote, "prefix": anchor.prefix, "suffix": anchor.suffix},
            {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
        ],
    }
    annotation[EXTENSION] = {
        "color": note.color,
        "section": anchor.section_id,
        "textHash": anchor.text_hash,
        "state": placed.state.value,
    }
    if note.source_id:
        annotation[EXTENSION]["importedFrom"] = note.source_id
    return annotation


def annotation_page(placed: list[PlacedNote], briefing: Briefing) -> dict[str, Any]:
    """Every note of a briefing as one AnnotationPage."""
    creator = system_creator()
    return {
        "@context": CONTEXT,
        "id": f"urn:briefing-viewer:notes:{briefing.id}",
        "type": "AnnotationPage",
        "partOf": {"id": briefing_uri(briefing), "label": briefing.meta.title},
        "items": [to_annotation(p, briefing, creator) for p in placed],
    }


# -- bodies of another kind ------------------------------------------------------------


def other_bodies(note: Note) -> list[Any]:
    """The bodies of a note that are not text, as they came (empty when it has none)."""
    if not note.other_bodies:
        return []
    found = _loads(note.other_bodies)
    return found if isinstance(found, list) else []


def describe_body(body: Any) -> tuple[str, str]:
    """What a body of another kind is, in words, and its link ("" when it has none)."""
    if isinstance(body, str):
        return "link", body
    if not isinstance(body, dict):
        return "value", ""
    kinds = _types(body)
    link = body.get("id") or body.get("source")
    if isinstance(link, dict):
        link = link.get("id")
    if not isinstance(link, str):
        items = body.get("items")
        first = items[0] if isinstance(items, list) and items else None
        link = describe_body(first)[1] if first is not None else ""
    words = {
        "Choice": "choice",
        "SpecificResource": "part of a resource",
        "Sound": "sound",
        "Audio": "sound",
        "Image": "image",
        "Video": "video",
        "Dataset": "dataset",
        "Text": "text document",
        "Composite": "set",
        "List": "list",
        "Independents": "set",
    }
    kind = next((words[k] for k in sorted(kinds) if k in words), "resource")
    return kind, str(link)


def body_summaries(note: Note) -> list[str]:
    """One line per body of another kind: its kind and link, as the user is shown them."""
    lines = []
    for body in other_bodies(note):
        kind, link = describe_body(body)
        lines.append(printable(f"{kind}: {link}" if link else kind))
    return lines


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


# -- reading ---------------------------------------------------------------------------


def read_annotations(data: bytes, name: str) -> list[dict[str, Any]]:
    """The annotations of a JSON file: one Annotation, an array, an AnnotationPage or an AnnotationCollection.

    Whatever the file holds, the answer is the annotations or a BriefingError that says
    in one line what is wrong (never another exception).
    """
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise BriefingError.single(name, f"the file is not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise BriefingError.single(name, f"invalid JSON: {error.msg}", error.lineno, error.colno) from None
    except RecursionError:
        raise BriefingError.single(name, "the JSON is nested too deeply to be annotations") from None
    except ValueError as error:  # a number of thousands of digits
        raise BriefingError.single(name, f"invalid JSON: {_first_line(error)}") from None
    _refuse_lone_surrogates(data, document, name)
    annotations = list(_annotations(document, name))
    problems = [
        Problem(name, 0, 0, f"item {index + 1} is not a Web Annotation ({_why_not(item)})")
        for index, item in enumerate(annotations)
        if _why_not(item)
    ]
    if problems:
        raise BriefingError(problems[:MAX_WARNINGS] + _more(name, len(problems), "items are not Web Annotations"))
    if not annotations:
        raise BriefingError.single(
            name,
            "no annotations found: expected an Annotation, an array of them, an AnnotationPage or an AnnotationCollection",
        )
    return annotations


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number of JSON")


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _more(name: str, count: int, what: str) -> list[Problem]:
    return [Problem(name, 0, 0, f"and {count - MAX_WARNINGS} more {what}")] if count > MAX_WARNINGS else []


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _refuse_lone_surrogates(data: bytes, document: Any, name: str) -> None:
    """An escape such as \\ud800 without its pair decodes to no character: nothing could store it."""
    if not _SURROGATE_ESCAPE.search(data):
        return  # only such an escape can bring one in (the bytes themselves are valid UTF-8)
    try:
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise BriefingError.single(
            name, "the file has an unpaired surrogate escape such as \\ud800, which is not a character"
        ) from None
    except RecursionError:
        raise BriefingError.single(name, "the JSON is nested too deeply to be annotations") from None


def _types(node: Any) -> set[str]:
    value = node.get("type", node.get("@type")) if isinstance(node, dict) else None
    values = value if isinstance(value, list) else [value]
    return {str(v).split(":")[-1].split("#")[-1] for v in values if isinstance(v, str) and v}


def _is_a(node: Any, kind: str) -> bool:
    return isinstance(node, dict) and (node.get("type") == kind or kind in _types(node))


def _annotations(node: Any, name: str) -> Iterator[Any]:
    if isinstance(node, list):
        for item in node:
            if _types(item) & {"AnnotationPage", "AnnotationCollection"}:
                yield from _annotations(item, name)
            else:
                yield item
        return
    types = _types(node)
    if "AnnotationCollection" in types:
        first = node.get("first")
        pages = node.get("pages")
        if first is None and pages is None:
            return
        if isinstance(first, dict):
            page: Any = first
            while isinstance(page, dict):  # embedded pages linked by "next"
                yield from _items(page, name)
                page = page.get("next")
            _refuse_link(page, name, "a page of the AnnotationCollection")
            return
        _refuse_link(first, name, "the first page of the AnnotationCollection")
        if not isinstance(pages, list):
            raise BriefingError.single(name, 'the AnnotationCollection\'s "pages" is not a list of AnnotationPages')
        for page in pages:
            _refuse_link(page, name, "a page of the AnnotationCollection")
            yield from _items(page, name)
        return
    if "AnnotationPage" in types:
        yield from _items(node, name)
        _refuse_link(node.get("next"), name, "the next AnnotationPage")
        return
    yield node


def _items(page: Any, name: str) -> list[Any]:
    if not isinstance(page, dict):
        raise BriefingError.single(name, f"a page of annotations is a {type(page).__name__}, not an AnnotationPage")
    items = page.get("items", [])
    if items is None:
        return []
    if not isinstance(items, list):
        raise BriefingError.single(name, f'an AnnotationPage\'s "items" is a {type(items).__name__}, not a list')
    return items


def _refuse_link(page: Any, name: str, what: str) -> None:
    if isinstance(page, str):
        raise BriefingError.single(
            name,
            f"{what} is a link ({printable(page[:200])}), and linked pages are not fetched: "
            "save every page with its annotations in the file and import that",
        )
    if page is not None and not isinstance(page, dict):
        raise BriefingError.single(name, f"{what} is a {type(page).__name__}, not an AnnotationPage")


def _why_not(item: Any) -> str:
    if isinstance(item, str) and is_uri(item):
        return "a link to an annotation, which is not fetched: only annotations written in the file are imported"
    if not isinstance(item, dict):
        return f"a {type(item).__name__}, not an object"
    if "Annotation" not in _types(item):
        return 'its "type" is not "Annotation"'
    if "target" not in item:
        return 'it has no "target"'
    return ""


# -- one annotation ----------------------------------------------------------------------


@dataclass
class Importer:
    """Turns annotations into notes on one briefing, and says which of their values were left out.

    Attributes: ``briefing``, ``anchorer`` (finds quoted passages: one for a whole import, so
    that its index of the text is built once), ``warnings`` (one line per value left out).
    """

    briefing: Briefing
    anchorer: Anchorer | None = None
    warnings: list[str] = field(default_factory=list)
    _mark: int = field(default=0, init=False, repr=False)  # where the last annotation's warnings start

    def __post_init__(self) -> None:
        if self.anchorer is None:
            self.anchorer = Anchorer(self.briefing.text)

    def note(self, annotation: dict[str, Any], number: int = 0) -> Note:
        """The note of one annotation (item ``number``, counted from 1, for the warnings)."""
        self._mark = len(self.warnings)
        return _note(annotation, self.briefing, self.anchorer or Anchorer(self.briefing.text), self._warn(number))

    def forget_last(self) -> None:
        """Drop the warnings about the last annotation (it was not imported after all)."""
        del self.warnings[self._mark :]

    def _warn(self, number: int) -> Any:
        def warn(message: str) -> None:
            self.warnings.append(f"item {number}: {message}" if number else message)

        return warn


def note_from_annotation(annotation: dict[str, Any], briefing: Briefing, anchorer: Anchorer | None = None) -> Note:
    """A note from an annotation, its passage located in the briefing (left orphaned if not found)."""
    return Importer(briefing, anchorer).note(annotation)


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HASH = re.compile(r"[0-9a-f]{64}")


def _note(annotation: dict[str, Any], briefing: Briefing, anchorer: Anchorer, warn: Any) -> Note:
    text_parts: list[str] = []
    tags: list[str] = []
    others: list[Any] = []
    bodies = annotation.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        kind = body_kind(body)
        if kind == "text" and isinstance(body, str):
            text_parts.append(body)  # not a link: some tools write a comment this way
        elif kind == "text" and isinstance(body, dict):
            (tags if body.get("purpose") == "tagging" else text_parts).append(body["value"])
        elif kind == "resource":
            if _depth(body) > MAX_BODY_DEPTH:
                warn(f"a body nested more than {MAX_BODY_DEPTH} levels deep was left out")
            else:
                others.append(body)  # a link, an image, a Choice...: kept as it came
        elif body is not None:
            warn(f"a body that is neither text nor a resource with a link ({_shown(body)}) was left out")
    if isinstance(annotation.get("bodyValue"), str):
        text_parts.append(annotation["bodyValue"])
    extension = annotation.get(EXTENSION)
    if not isinstance(extension, dict):
        extension = {}
    identifier = annotation.get("id")
    if identifier is not None and not isinstance(identifier, str):
        warn('"id" is not a string: left out')
        identifier = None
    origin = extension.get("importedFrom")
    if origin is not None and not isinstance(origin, str):
        warn('"importedFrom" is not a string: left out')
        origin = None
    own = identifier[len("urn:uuid:") :] if identifier and identifier.startswith("urn:uuid:") else ""
    note_id = own if _UUID.fullmatch(own) else new_id()
    if origin:
        source_id: str | None = origin  # exported by us after an import: where it first came from
    elif extension and own == note_id:
        source_id = None  # one of our own notes, exported: its id is its origin
    else:
        source_id = identifier or None
    color = extension.get("color", DEFAULT_COLOR)
    if not isinstance(color, str) or color not in NOTE_COLORS:
        warn(f"colour {_shown(color)} is not one of {', '.join(NOTE_COLORS)}: {DEFAULT_COLOR} used")
        color = DEFAULT_COLOR
    created = _date(annotation, "created", warn) or now()
    modified = _date(annotation, "modified", warn) or created
    creator = annotation.get("creator")
    if creator is not None and not _agent(creator):
        warn(f'"creator" {_shown(creator)} is neither a link nor a person or software: left out')
        creator = None
    elif creator is not None and _depth(creator) > MAX_BODY_DEPTH:
        warn('"creator" is nested too deeply: left out')
        creator = None
    return Note(
        id=note_id,
        briefing_id=briefing.id,
        anchor=_anchor(annotation.get("target"), briefing, anchorer, extension, warn),
        text="\n\n".join(text_parts),
        color=str(color),
        tags=normalise_tags(tags),
        created=created,
        modified=modified,
        source_id=source_id,
        other_bodies=json.dumps(others, ensure_ascii=False) if others else "",
        creator=json.dumps(creator, ensure_ascii=False) if creator is not None else None,
    )


# A URI as RFC 3986 spells it (conservatively: a user name before the host is not taken), so
# that what is kept as a link passes the model's "format": "uri"; anything else is text.
_PCT = r"%[0-9A-Fa-f]{2}"
_PLAIN = r"A-Za-z0-9\-._~!$&'()*+,;="
_PCHAR = rf"(?:[{_PLAIN}:@]|{_PCT})"
_URI = re.compile(
    rf"[A-Za-z][A-Za-z0-9+.\-]*:"
    rf"(?://(?:[{_PLAIN}]|{_PCT})*(?::[0-9]*)?(?:/{_PCHAR}*)*|/?(?:{_PCHAR}+(?:/{_PCHAR}*)*)?)"
    rf"(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?",
    flags=re.ASCII,
)


def is_uri(text: str) -> bool:
    """Whether a text is an absolute URI (``https://…``, ``urn:…``)."""
    return bool(_URI.fullmatch(text))


_SETS = {"Choice", "Composite", "List", "Independents"}


def body_kind(body: Any) -> str:
    """What a body is: "text" (a comment or a tag), "resource" (anything else the model allows), or "" (nothing valid).

    As the model's MUST rules tell them apart: exactly one of a link, a Choice or set with
    items, a SpecificResource (with a source), an external resource (with an id, no value),
    or a TextualBody (with a value).
    """
    if isinstance(body, str):
        return "resource" if is_uri(body) else "text"
    if not isinstance(body, dict):
        return ""
    if isinstance(body.get("value"), str) and not ({"id", "source", "items"} & body.keys()):
        return "text"  # the common case, a TextualBody: nothing else it could also be
    identified = _link_or_single(body.get("id"))
    external = identified and not ({"value", "source", "target"} & body.keys())
    source = body.get("source")
    specific = "source" in body and (
        (isinstance(source, str) and is_uri(source))
        or (
            isinstance(source, dict)
            and _link_or_single(source.get("id"))
            and not ({"value", "source", "target"} & source.keys())
        )
    )
    items = body.get("items")
    grouped = bool(_types(body) & _SETS) and "type" in body and isinstance(items, list) and bool(items)
    textual = isinstance(body.get("value"), str)
    kinds = [external, specific, grouped, textual]
    if sum(bool(k) for k in kinds) != 1:
        return ""
    return "text" if textual else "resource"


def _link_or_single(value: Any) -> bool:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return isinstance(value, str) and is_uri(value)


def _agent(value: Any) -> bool:
    """A creator as the model allows one: a link, an object, or a non-empty list of them."""
    if isinstance(value, list):
        return bool(value) and all(_agent(item) and not isinstance(item, list) for item in value)
    return isinstance(value, dict) or (isinstance(value, str) and is_uri(value))


def _shown(value: Any) -> str:
    text = (
        json.dumps(value, ensure_ascii=False) if isinstance(value, str | int | float | bool) else type(value).__name__
    )
    return printable(text if len(text) <= 60 else text[:59] + "…")


def printable(text: str) -> str:
    """A text from a file made safe for one line of a terminal: what does not print is escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _depth(value: Any) -> int:
    """How deeply a JSON value nests (without recursing, so a deep one cannot overflow the stack)."""
    if isinstance(value, dict) and not any(isinstance(v, dict | list) for v in value.values()):
        return 1  # the common case, a flat object (a creator)
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_BODY_DEPTH:
                stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _date(annotation: dict[str, Any], key: str, warn: Any) -> str | None:
    """A date and time of the model (xsd:dateTime with a time zone, as RFC 3339 writes it)."""
    value = annotation.get(key)
    if value is None:
        return None
    if isinstance(value, str) and valid_date_time(value):
        return value
    warn(f'"{key}" {_shown(value)} is not a date and time such as 2024-12-18T10:00:00Z: left out')
    return None


_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", flags=re.ASCII)


def valid_date_time(value: str) -> bool:
    """Whether a text is a date-time of RFC 3339 (what the model's ``format: date-time`` means)."""
    if not _DATE_TIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _anchor(target: Any, briefing: Briefing, anchorer: Anchorer, extension: dict[str, Any], warn: Any) -> Anchor:
    selectors: list[Any] = []
    targets = target if isinstance(target, list) else [target]
    for one in targets:
        if isinstance(one, dict):
            found = one.get("selector", [])
            selectors += found if isinstance(found, list) else [found]
    quote = next((s for s in selectors if _is_a(s, "TextQuoteSelector")), None) or {}
    position = next((s for s in selectors if _is_a(s, "TextPositionSelector")), None) or {}
    text = anchorer.text
    exact, prefix, suffix = (_string(quote, key, warn) for key in ("exact", "prefix", "suffix"))
    prefix, suffix = prefix[-CONTEXT_LENGTH:], suffix[:CONTEXT_LENGTH]
    start, end = _int(position.get("start")), _int(position.get("end"))
    if position and (start is None or end is None or start >= end):
        warn("its TextPositionSelector is not a passage (start before end, both offsets): left out")
        start = end = None
    digest = extension.get("textHash")
    digest = digest if isinstance(digest, str) and _HASH.fullmatch(digest) else ""
    # One of our own anchors (it carries the hash of the text it was made on) comes back as
    # it was: re-anchoring places it exactly as it did before the export.
    ours = bool(digest) and start is not None and bool(exact)
    if not ours and start is not None and end is not None and end > len(text):
        warn("its TextPositionSelector is beyond the end of this briefing: left out")
        start = end = None
    if not exact and start is not None and end is not None:
        exact = text[start:end]
    if exact and not ours and (start is None or end is None or text[start:end] != exact):
        # A quote only (or a position that does not hold it): the occurrence its context
        # picks, as re-anchoring will pick it, not merely the first.
        at = anchorer.find(exact, prefix, suffix, start)
        if at is not None:
            start, end, digest = at, at + len(exact), anchorer.digest
    if start is None or end is None:
        start, end = 0, len(exact)  # not in this briefing: the note comes in orphaned
    section = extension.get("section")
    if not (isinstance(section, str) and section) and digest == anchorer.digest and start < len(text):
        block = briefing.block_at(start)  # found in this very text: the section it is in
        section = block.section_id if block else None
    return Anchor(
        quote=exact,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        section_id=section if isinstance(section, str) and section else None,
        text_hash=digest,
    )


def _string(selector: dict[str, Any], key: str, warn: Any) -> str:
    value = selector.get(key, "")
    if isinstance(value, str):
        return value
    warn(f'the TextQuoteSelector\'s "{key}" is not text: left out')
    return ""


# Offsets beyond this are no text's (and would not fit the store's integers).
MAX_OFFSET = 2**40


def _int(value: Any) -> int | None:
    return value if type(value) is int and 0 <= value <= MAX_OFFSET else None
