"""Tooltip texts. Briefing content is always HTML-escaped: a tooltip auto-detects rich text."""

from __future__ import annotations

import re

from viewer.model.briefing import Actor, Briefing, Claim
from viewer.model.notes import Note, PlacedNote
from viewer.ui.common.clip import LINE_CHARS, TIP_CHARS, clip
from viewer.ui.common.palette import CONFIDENCE_LABELS, TYPE_LABELS

# A run this long without a space gets a place to wrap (a zero-width space) after each such stretch:
# a tooltip wraps only at spaces, and one long word ran off the screen (a tooltip is never copied).
_LONG_RUN = re.compile(r"\S{60}(?=\S)")


def escape(text: str) -> str:
    """``text`` with ``&``, ``<``, ``>`` and quotes as HTML entities (html.escape).

    The html module is imported at the first tooltip: a window shows its first briefing without it
    (its import, entities and a pattern compiled, took 2 ms of a render).
    """
    import html

    return html.escape(text)


def _shown(text: str, limit: int) -> str:
    """``text`` clipped to ``limit``, with places to wrap in long words, escaped."""
    return escape(_LONG_RUN.sub(lambda run: run[0] + "\u200b", clip(text, limit)))


def _rows(title: str, rows: list[tuple[str, str]]) -> str:
    # Each value clipped: a tooltip is laid out whole, and a briefing's values can be megabytes long.
    share = max(TIP_CHARS // max(len(rows), 1), LINE_CHARS)
    body = "".join(f"<br><i>{escape(label)}:</i> {_shown(value, share)}" for label, value in rows if value)
    return f"<p style='white-space:pre-wrap'><b>{_shown(title, LINE_CHARS)}</b>{body}</p>"


def text_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is, markup-like characters and line breaks included."""
    # Escaped and in a tag: as plain text Qt would show "&amp;" as typed; unwrapped, "&lt;" makes it guess rich text.
    return f"<p style='white-space:pre-wrap'>{_shown(text, TIP_CHARS)}</p>"


def actor_tooltip(actor: Actor) -> str:
    """Name, type, aliases and description of an actor."""
    return _rows(
        actor.name,
        [
            ("Type", TYPE_LABELS.get(actor.type, actor.type)),
            ("Also called", ", ".join(actor.aliases)),
            ("Description", actor.description or ""),
        ],
    )


def claim_tooltip(briefing: Briefing, claim: Claim) -> str:
    """Who claims it, about whom, its kind, confidence and source."""
    return _rows(
        f"Claim {claim.id}",
        [
            ("Claimed by", briefing.actor_name(claim.by)),
            ("About", ", ".join(briefing.actor_name(a) for a in claim.about)),
            ("Kind", claim.kind or "not stated"),
            ("Confidence", CONFIDENCE_LABELS.get(claim.confidence, "not stated")),
            ("Source", claim.source or ""),
        ],
    )


def link_tooltip(href: str) -> str:
    """Where a link goes; it opens only on a click."""
    return _rows("Link", [("Opens", href), ("", "")]) + "<p><i>Click to open in your browser.</i></p>"


def note_tooltip(placed: PlacedNote, color_names: dict[str, str]) -> str:
    """A note's text (shown as written, not rendered), colour, tags and state."""
    note = placed.note
    rows = [
        ("Colour", color_names.get(note.color, note.color)),
        ("Tags", ", ".join(note.tags)),
        ("Also attached", "\n".join(body_summaries(note)) if note.other_bodies else ""),
        (
            "Passage",
            {"anchored": "", "moved": "moved", "fuzzy": "reworded since", "orphaned": "no longer in the briefing"}[
                placed.state.value
            ],
        ),
    ]
    title = "Note" if note.text.strip() else "Highlight"
    return _rows(title, rows) + (
        f"<p style='white-space:pre-wrap'>{_shown(note.text, TIP_CHARS)}</p>" if note.text.strip() else ""
    )


def body_summaries(note: Note) -> list[str]:
    """The lines that tell a note's bodies of other kinds (see web_annotation.body_summaries)."""
    # Imported here: the window opens without web_annotation (json, the importer); only notes
    # imported with bodies of other kinds need it.
    from viewer.io.notes import web_annotation

    return web_annotation.body_summaries(note)
