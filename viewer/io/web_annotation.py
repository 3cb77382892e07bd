"""Notes as W3C Web Annotations: export as an AnnotationPage, import from any common shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from viewer.io.errors import BriefingError, Problem
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


def briefing_uri(briefing: Briefing) -> str:
    """The annotation target's source: the briefing by id."""
    return f"urn:briefing-viewer:briefing:{briefing.id}"


def to_annotation(placed: PlacedNote, briefing: Briefing) -> dict[str, Any]:
    """One note as a Web Annotation (its passage as it was when the note was made)."""
    note = placed.note
    anchor = note.anchor
    body: list[dict[str, Any]] = []
    if note.text:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": note.text, "format": "text/markdown"})
    body += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in note.tags]
    annotation: dict[str, Any] = {
        "id": f"urn:uuid:{note.id}",
        "type": "Annotation",
        "motivation": "commenting" if note.text else "highlighting",
        "created": note.created,
        "modified": note.modified,
        "body": body,
        "target": {
            "source": briefing_uri(briefing),
            "selector": [
                {"type": "TextQuoteSelector", "exact": anchor.quote, "prefix": anchor.prefix, "suffix": anchor.suffix},
                {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
            ],
        },
        EXTENSION: {
            "color": note.color,
            "section": anchor.section_id,
            "textHash": anchor.text_hash,
            "state": placed.state.value,
        },
    }
    if note.source_id:
        annotation[EXTENSION]["importedFrom"] = note.source_id
    return annotation


def annotation_page(placed: list[PlacedNote], briefing: Briefing) -> dict[str, Any]:
    """Every note of a briefing as one AnnotationPage."""
    return {
        "@context": CONTEXT,
        "id": f"urn:briefing-viewer:notes:{briefing.id}",
        "type": "AnnotationPage",
        "partOf": {"id": briefing_uri(briefing), "label": briefing.meta.title},
        "items": [to_annotation(p, briefing) for p in placed],
    }


def read_annotations(data: bytes, name: str) -> list[dict[str, Any]]:
    """The annotations of a JSON file: one Annotation, an array, an AnnotationPage or an AnnotationCollection."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise BriefingError.single(name, f"the file is not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise BriefingError.single(name, f"invalid JSON: {error.msg}", error.lineno, error.colno) from None
    annotations = list(_annotations(document))
    problems = [
        Problem(name, 0, 0, f"item {index + 1} is not a Web Annotation ({_why_not(item)})")
        for index, item in enumerate(annotations)
        if _why_not(item)
    ]
    if problems:
        raise BriefingError(problems)
    if not annotations:
        raise BriefingError.single(
            name,
            "no annotations found: expected an Annotation, an array of them, an AnnotationPage or an AnnotationCollection",
        )
    return annotations


def _types(node: Any) -> set[str]:
    value = node.get("type", node.get("@type")) if isinstance(node, dict) else None
    values = value if isinstance(value, list) else [value]
    return {str(v).split(":")[-1].split("#")[-1] for v in values if v}


def _annotations(node: Any) -> Iterator[Any]:
    if isinstance(node, list):
        for item in node:
            yield from _annotations(item) if _types(item) & {"AnnotationPage", "AnnotationCollection"} else [item]
        return
    types = _types(node)
    if "AnnotationCollection" in types:
        first = node.get("first")
        pages = node.get("pages") or ([] if first is None else [first])
        if isinstance(first, dict):
            page: Any = first
            while isinstance(page, dict):  # embedded pages linked by "next"
                yield from page.get("items", []) or []
                page = page.get("next")
            return
        for page in pages:
            yield from _annotations(page)
        return
    if "AnnotationPage" in types:
        yield from node.get("items", []) or []
        return
    yield node


def _why_not(item: Any) -> str:
    if not isinstance(item, dict):
        return f"a {type(item).__name__}, not an object"
    if "Annotation" not in _types(item):
        return 'its "type" is not "Annotation"'
    if "target" not in item:
        return 'it has no "target"'
    return ""


def note_from_annotation(annotation: dict[str, Any], briefing: Briefing) -> Note:
    """A note from an annotation, its passage located in the briefing (left orphaned if not found)."""
    text_parts: list[str] = []
    tags: list[str] = []
    bodies = annotation.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if isinstance(body, str):
            text_parts.append(body)
        elif isinstance(body, dict):
            value = body.get("value")
            purpose = body.get("purpose", "commenting")
            if isinstance(value, str) and purpose == "tagging":
                tags.append(value)
            elif isinstance(value, str):
                text_parts.append(value)
    if isinstance(annotation.get("bodyValue"), str):
        text_parts.append(annotation["bodyValue"])
    extension = annotation.get(EXTENSION) if isinstance(annotation.get(EXTENSION), dict) else {}
    anchor = _anchor(annotation.get("target"), briefing, extension or {})
    identifier = str(annotation.get("id") or "")
    note_id = identifier[len("urn:uuid:") :] if identifier.startswith("urn:uuid:") else new_id()
    color = str((extension or {}).get("color") or DEFAULT_COLOR)
    created = str(annotation.get("created") or now())
    return Note(
        id=note_id,
        briefing_id=briefing.id,
        anchor=anchor,
        text="\n\n".join(text_parts),
        color=color if color in NOTE_COLORS else DEFAULT_COLOR,
        tags=normalise_tags(tags),
        created=created,
        modified=str(annotation.get("modified") or created),
        source_id=identifier or None,
    )


def _anchor(target: Any, briefing: Briefing, extension: dict[str, Any]) -> Anchor:
    selectors: list[Any] = []
    targets = target if isinstance(target, list) else [target]
    for one in targets:
        if isinstance(one, dict):
            found = one.get("selector", [])
            selectors += found if isinstance(found, list) else [found]
    quote = next((s for s in selectors if isinstance(s, dict) and "TextQuoteSelector" in _types(s)), None)
    position = next((s for s in selectors if isinstance(s, dict) and "TextPositionSelector" in _types(s)), None)
    text = briefing.text
    start = _int(position.get("start")) if position else None
    end = _int(position.get("end")) if position else None
    exact = str(quote.get("exact", "")) if quote else ""
    if not exact and start is not None and end is not None and 0 <= start < end <= len(text):
        exact = text[start:end]
    if start is None or end is None:
        at = text.find(exact) if exact else -1
        start, end = (at, at + len(exact)) if at >= 0 else (0, len(exact))
    return Anchor(
        quote=exact,
        prefix=str(quote.get("prefix", ""))[-CONTEXT_LENGTH:] if quote else "",
        suffix=str(quote.get("suffix", ""))[:CONTEXT_LENGTH] if quote else "",
        start=start,
        end=end,
        section_id=str(extension["section"]) if extension.get("section") else None,
        text_hash=str(extension.get("textHash") or ""),
    )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and value >= 0 else None
