r"""Notes as CommonMark: quotes that render literally, with the actors and claims they touch.

Escaping rules (checked by tests with markdown-it-py):
- briefing text (title, section names, quotes, names) gets a backslash before every
  character that can make markup anywhere (``\ ` * _ [ ] < > | ~ &``), before
  ``- + # =`` and the ``.`` or ``)`` of a number when they start a line, and numeric entities (``&#32;``) for white space at the
  start or end of a line,
  so that any CommonMark renderer shows exactly the same text;
- control characters (C0 other than line feed, DEL, C1) cannot be written in
  Markdown text and are replaced by U+FFFD;
- the note's own text is the user's Markdown, kept as written, except that raw HTML
  is escaped (``<`` outside code becomes ``&lt;``) and ``javascript:``, ``vbscript:``
  and ``data:`` link targets are neutralised; and then only if the parsers (CommonMark
  and GFM, HTML on) find in it no HTML, no link to another scheme than http, https or
  mailto, none of the export's headings, and nothing left open that would swallow what
  follows. Otherwise it is written as literal text (see :func:`safe_note_text`).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt

from viewer.io.notes.web_annotation import body_summaries
from viewer.model.briefing import Briefing, Claim
from viewer.model.notes import NOTE_COLORS, Note, NoteState, PlacedNote, default_color_names

# Characters that can start or end markup somewhere in CommonMark or its common extensions
# (tables, strikethrough). Other punctuation is left alone so that the text stays readable.
_PUNCTUATION = set("\\`*_[]<>|~&")
_ESCAPES = {ord(ch): "\\" + ch for ch in _PUNCTUATION}
# These make markup only at the start of a line (lists, headings, setext underlines, rules).
_LINE_START = set("-+#=")
_LIST_MARKER = re.compile(r"^(\d{1,9})([.)])")
_CLOSING_HASHES = re.compile(r"(^|\s)(#+)$")
_URL_COLON = re.compile(r"(?<=[A-Za-z0-9]):(?=//)")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# A link of a body of another kind that may be live: a web address an autolink keeps whole.
_WEB_LINK = re.compile(r"(?i)https?://[^\s<>\\`\x00-\x1f\x7f-\x9f]+")
_UNSAFE_LINK = re.compile(r"(?i)(\]\(\s*<?\s*|^\s{0,3}\[[^\]]*\]:\s*<?\s*)(javascript|vbscript|data)\s*:", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What the export holds and how it is grouped."""

    group_by: str = "section"  # section, color, tag or actor
    quotes: bool = True
    details: bool = True
    orphans: bool = True
    source_name: str = ""
    color_names: dict[str, str] | None = None
    today: str | None = None


@lru_cache(maxsize=8192)  # names, colours and claim labels repeat on every note
def escape_text(text: str) -> str:
    """Text that a CommonMark parser turns back into exactly ``text`` (one line)."""
    text = _CONTROL.sub("\ufffd", text)
    # Parsers trim white space (Unicode white space, for some) at the ends of a line: keep it as entities.
    core = text.strip()
    at = text.find(core) if core else len(text)
    lead, trail = text[:at], text[at + len(core) :]
    escaped = core.translate(_ESCAPES)
    if escaped[:1] in _LINE_START:
        escaped = "\\" + escaped
    escaped = _LIST_MARKER.sub(r"\1\\\2", escaped)  # "1." or "1)" would start an ordered list
    # GFM turns "http://..." into a link as written, backslash escapes and all: "&#58;" keeps it text.
    escaped = _URL_COLON.sub("&#58;", escaped)
    escaped = _CLOSING_HASHES.sub(r"\1\\\2", escaped)  # "# a #": the last "#" would close a heading
    return _entities(lead) + escaped + _entities(trail)


def _entities(spaces: str) -> str:
    return "".join(f"&#{ord(ch)};" for ch in spaces) if spaces else ""


def quote_block(text: str) -> str:
    """A blockquote whose paragraphs are the lines of ``text``, literally."""
    return "\n>\n".join(f"> {escape_text(line)}" if line else ">" for line in text.split("\n"))


def safe_note_text(text: str) -> str:
    """The user's Markdown, or, when it would not stay harmless and in its place, its text literally.

    The user's Markdown is first made safe line by line (raw HTML escaped, script
    links neutralised). Then the parsers decide, not the escaping rules: the result
    is parsed under CommonMark and GFM with HTML enabled and every link kept, and it
    is used only if it holds no HTML, no link or image to a target other than http,
    https, mailto or a relative one, no level 1 or 2 heading (the export's own), no
    such link definition, and ends where it should (a paragraph after it is a
    paragraph of its own: an unclosed fence, say, would swallow every later note).
    Anything else is written as literal text, which is safe by construction.
    """
    if _PLAIN.fullmatch(text):  # most notes: no character that could make anything harmful
        return text.strip("\n")
    candidate = _escaped_markdown(text)
    return candidate if _stays_harmless(candidate) else literal_text(text)


def literal_text(text: str) -> str:
    """Text shown exactly as written (but control characters), one paragraph per non-empty line."""
    return "\n\n".join(escape_text(line) for line in text.replace("\r\n", "\n").split("\n") if line.strip())


# Text without the characters that can make HTML (<), entities (&), links and definitions ([ ] and the
# scheme's ":"), code fences (` ~), headings of any level (# = -), or a control character: emphasis, lists,
# quotes and tables (* _ > | + 1.) are harmless and end at the blank line after the note.
_PLAIN = re.compile(r"[^<&\[\]`~#=\-:\x00-\x08\x0b-\x1f\x7f-\x9f\r]*")
_END = "end-of-note-sentinel"
_SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")  # what browsers drop from a URL before reading its scheme


@lru_cache(maxsize=1)
def _checkers() -> tuple[MarkdownIt, ...]:
    """Parsers that see what any renderer may make of the text: HTML on, every link kept."""
    parsers = []
    for preset in ("commonmark", "gfm-like"):
        parser = MarkdownIt(preset, {"html": True})
        if preset == "gfm-like" and not _linkify_available():
            parser.disable("linkify")
        parser.validateLink = lambda url: True  # type: ignore[method-assign]
        parsers.append(parser)
    return tuple(parsers)


def _linkify_available() -> bool:
    """Whether GFM's bare-address links can be parsed (linkify-it-py is a test dependency only)."""
    return importlib.util.find_spec("linkify_it") is not None


def safe_target(url: str) -> bool:
    """Whether a link target is http, https, mailto or relative (no scheme), read as a browser reads it."""
    match = _SCHEME.match(_IGNORED_IN_URLS.sub("", url))
    return match is None or match.group(1).lower() in _SAFE_SCHEMES


def _stays_harmless(markdown: str) -> bool:
    probe = f"{markdown}\n\n{_END}\n"
    for parser in _checkers():
        env: dict[str, Any] = {}
        tokens = parser.parse(probe, env)
        ending = [(t.type, t.level, t.content) for t in tokens[-3:]]
        if ending != [("paragraph_open", 0, ""), ("inline", 1, _END), ("paragraph_close", 0, "")]:
            return False
        for reference in env.get("references", {}).values():
            if not safe_target(str(reference.get("href", ""))):
                return False
        for token in tokens:
            if token.type == "html_block" or (token.type == "heading_open" and token.tag in ("h1", "h2")):
                return False
            for child in token.children or []:
                if child.type == "html_inline":
                    return False
                target = child.attrs.get("href", child.attrs.get("src")) if child.attrs else None
                if target is not None and not safe_target(str(target)):
                    return False
    return True


def _escaped_markdown(text: str) -> str:
    """The user's Markdown with raw HTML escaped and script links neutralised, line by line."""
    text = _CONTROL.sub(lambda m: m.group() if m.group() == "\t" else "\ufffd", text.replace("\r\n", "\n"))
    text = _UNSAFE_LINK.sub(lambda m: f"{m.group(1)}#{m.group(2).lower()}-link-removed:", text)
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if marker and len(line) - len(stripped) < 4:
            fence = marker.group(1)
            out.append(line)
            continue
        if line.startswith("    ") or line.startswith("\t"):
            out.append(line)  # an indented code block shows "<" literally already
            continue
        out.append(_escape_html_outside_code_spans(line))
    return "\n".join(out).strip("\n")


def _escape_html_outside_code_spans(line: str) -> str:
    parts = re.split(r"(`+[^`]*`+)", line)
    return "".join(part if part.startswith("`") else part.replace("<", "&lt;") for part in parts)


def export_markdown(briefing: Briefing, placed: Iterable[PlacedNote], options: ExportOptions | None = None) -> str:
    """The notes of a briefing as a CommonMark document."""
    return "".join(export_pieces(briefing, placed, options))


# Each note's rendered Markdown, by what it shows (the options, the colour names) and then by what
# it depends on (id, revision, place, state). Strings only, keys too: the garbage collector does not
# track them (10,000 lists or tuples kept made its full collections, over everything the briefing
# holds, come sooner and take 150 ms).
NoteCache = dict[str, dict[str, str]]


def export_pieces(
    briefing: Briefing,
    placed: Iterable[PlacedNote],
    options: ExportOptions | None = None,
    cache: NoteCache | None = None,
) -> Iterator[str]:
    """``export_markdown``'s text in order, in pieces: the title and facts, then each note (with the
    heading of the group it starts). A preview shows the first pieces before the rest is made.

    ``cache``: where each note's rendering is kept, keyed by its revision and what else it shows,
    to be reused by a later export with other grouping or options (the export dialog's preview).
    """
    options = options or ExportOptions()
    notes = list(placed)
    names = default_color_names() | (options.color_names or {})
    kept = [p for p in notes if p.state is not NoteState.ORPHANED]
    orphans = [p for p in notes if p.state is NoteState.ORPHANED]
    count = len(kept) + (len(orphans) if options.orphans else 0)
    lines = [f"# {escape_text(briefing.meta.title)}", ""]
    facts = [
        ("Source", options.source_name or (briefing.path or "")),
        ("Briefing", briefing.id),
        ("Date", briefing.meta.date or ""),
        ("Exported", options.today or date.today().isoformat()),
        ("Notes", str(count)),
    ]
    lines += [f"- {label}: {escape_text(value)}" for label, value in facts if value]
    yield "\n".join(lines) + "\n"
    shown = (
        {} if cache is None else cache.setdefault(repr((options.quotes, options.details, sorted(names.items()))), {})
    )

    def note_lines(note: PlacedNote) -> list[str]:
        if cache is None:
            return _note_lines(briefing, note, options, names)
        key = f"{note.id}\x00{note.note.revision}\x00{note.start}\x00{note.end}\x00{note.state.value}"
        rendered = shown.get(key)
        if rendered is None:
            rendered = shown[key] = "\n".join(_note_lines(briefing, note, options, names))
        return [rendered] if rendered else []

    groups: list[tuple[str | None, list[PlacedNote]]] = list(_groups(briefing, kept, options.group_by, names))
    if options.orphans and orphans:
        groups.append((None, orphans))
    for heading, group in groups:
        if heading is not None:
            start = ["", f"## {escape_text(heading)}"]
        else:
            start = ["", "## Orphaned notes", "", "*These passages are no longer in the briefing; the notes are kept.*"]
        for number, note in enumerate(group):
            # Between two notes of a group: a thematic break (see NOTE_SEPARATOR).
            lines = start + (["", NOTE_SEPARATOR] if number else []) + note_lines(note)
            yield "\n".join(lines) + "\n"
            start = []


# Between two notes of a group: a thematic break, so that one note's details do not run into the
# next note's quote. The blank line before it keeps it a break (after a paragraph, "---" alone
# would make that paragraph a heading).
NOTE_SEPARATOR = "---"


def _groups(
    briefing: Briefing,
    notes: list[PlacedNote],
    group_by: str,
    names: dict[str, str],
) -> list[tuple[str, list[PlacedNote]]]:
    keys: Callable[[PlacedNote], list[str]]
    order: list[str] = []
    if group_by == "section":
        paths = {s.id: " › ".join(x.heading or x.id for x in s.path()) for s in briefing.walk_sections()}
        order = list(paths)

        def keys(p: PlacedNote) -> list[str]:
            return [p.section_id or ""]

        labels = paths
    elif group_by == "color":
        order = list(NOTE_COLORS)

        def keys(p: PlacedNote) -> list[str]:
            return [p.note.color]

        labels = {key: names.get(key, key).capitalize() for key in NOTE_COLORS}
    elif group_by == "tag":

        def keys(p: PlacedNote) -> list[str]:
            return list(p.note.tags) or [""]

        labels = {}
    elif group_by == "actor":
        order = list(briefing.actors)

        def keys(p: PlacedNote) -> list[str]:
            assert p.start is not None and p.end is not None
            return briefing.actors_in(p.start, p.end) or [""]

        labels = {a.id: a.name for a in briefing.actors.values()}
    else:
        raise ValueError(f"unknown grouping {group_by!r}")
    groups: dict[str, list[PlacedNote]] = {}
    for note in notes:
        for key in keys(note):
            groups.setdefault(key, []).append(note)
    known = set(order)  # a set: looking each group up in a list of 1,000 sections took 20 ms
    extra = sorted((k for k in groups if k not in known and k), key=str.casefold)
    empty_label = {"section": "Other", "color": "Other colours", "tag": "Untagged", "actor": "No actor"}[group_by]
    result = []
    for key in [*order, *extra, ""]:
        if key in groups:
            result.append((labels.get(key, key) if key else empty_label, groups[key]))
    return result


def _note_lines(briefing: Briefing, placed: PlacedNote, options: ExportOptions, names: dict[str, str]) -> list[str]:
    note = placed.note
    lines: list[str] = [""]
    if options.quotes:
        lines += [quote_block(note.anchor.quote), ""]
    if note.text.strip():
        lines += [safe_note_text(note.text), ""]
    for line in _attachment_lines(note):
        lines += [line, ""]
    if options.details:
        details = [f"*Colour:* {escape_text(names.get(note.color, note.color))}"]
        if note.tags:
            details.append("*Tags:* " + ", ".join(escape_text(t) for t in note.tags))
        if placed.start is not None and placed.end is not None:
            actors = briefing.actors_in(placed.start, placed.end)
            if actors:
                details.append("*Actors:* " + ", ".join(escape_text(briefing.actor_name(a)) for a in actors))
            claims = briefing.claims_in(placed.start, placed.end)
            if claims:
                details.append("*Claims:* " + "; ".join(_claim(c, briefing) for c in claims))
        if placed.state is NoteState.FUZZY:
            details.append("*The passage has since been reworded.*")
        lines.append(" · ".join(details))
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _attachment_lines(note: Note) -> list[str]:
    """One paragraph per body of another kind an imported note carries: its kind and link.

    The link is shown as literal text; only a web (http or https) link is made live, as an
    autolink, so a ``javascript:`` or ``file:`` body never becomes something to click.
    """
    lines = []
    for summary in body_summaries(note):
        kind, _, link = summary.partition(": ")  # the kind is a word of ours, never holds ": "
        shown = f"<{link}>" if _WEB_LINK.fullmatch(link) else escape_text(link)
        lines.append(f"*Also attached:* {escape_text(kind)}" + (f": {shown}" if link else ""))
    return lines


# A claim is named by the start of its passage, cut at a word: enough to recognise it in the text.
CLAIM_QUOTE_CHARACTERS = 60


def claim_quote(claim: Claim, briefing: Briefing) -> str:
    """The claim's passage, white space collapsed, shortened to its first words (``…`` when cut)."""
    passage = " ".join(briefing.text[claim.start : claim.end][: CLAIM_QUOTE_CHARACTERS * 4].split())
    if len(passage) <= CLAIM_QUOTE_CHARACTERS and claim.end - claim.start <= CLAIM_QUOTE_CHARACTERS * 4:
        return passage
    cut = passage[: CLAIM_QUOTE_CHARACTERS + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > CLAIM_QUOTE_CHARACTERS // 2 else cut[:CLAIM_QUOTE_CHARACTERS]).rstrip() + "…"


def _claim(claim: Claim, briefing: Briefing) -> str:
    facts = [f"by {briefing.actor_name(claim.by)}"]
    facts += [x for x in (claim.kind, f"{claim.confidence} confidence" if claim.confidence else None) if x]
    return escape_text(f"“{claim_quote(claim, briefing)}” ({', '.join(facts)})")
