"""Building the displayed text: HTML-like whitespace normalisation with span offsets."""

from __future__ import annotations

import re
from bisect import bisect_right

# HTML collapses only ASCII white space; a no-break space is text.
SPACE = " \t\n\r\f"
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
# The runs that collapsing changes: two or more white space characters, or one that is not a space.
# (Written to start with a character class, which the regex engine scans for quickly.)
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f](?:[ \t\n\r\f]+|(?<=[\t\n\r\f]))")
_VISIBLE = re.compile(r"[^ \t\n\r\f]")


def is_normal(text: str) -> bool:
    """Whether :func:`normalise_space` leaves ``text`` as it is: white space only single spaces between words."""
    # (What LineMap tested. Each test is a scan in C, memchr's for one character: on a line of 531 characters
    # 5,700 instructions against 18,600 for str.isprintable's look-up of each character's class, as
    # normalise_space tests; on the 27 characters of a paragraph of one claim, 280 more.)
    return not text or (
        text[0] not in SPACE
        and text[-1] not in SPACE
        and "  " not in text
        and "\n" not in text
        and "\t" not in text
        and "\r" not in text
        and "\f" not in text
    )


def normalise_space(text: str) -> str:
    """Collapse runs of white space to one space and trim both ends, as a browser does."""
    # The commonest text has nothing to collapse: a printable string holds no tab, line feed, carriage
    # return or form feed (found in one scan), so with no space at an end and none doubled it is its own
    # result, without the regular expression (which took twice as long as the rest of building a line).
    if text.isprintable() and text[:1] != " " and text[-1:] != " " and "  " not in text:
        return text
    return _WHITESPACE.sub(" ", text).strip(" ")


class Marker:
    """An open span: its start is fixed by the first visible character after it opens."""

    __slots__ = ("start",)

    def __init__(self) -> None:
        self.start = -1


class TextBuilder:
    """Accumulates lines of normalised text and reports the offsets of spans within them.

    Lines are joined by ``"\\n"``. Inside a line, white space is collapsed and
    trimmed; a span opened with :meth:`open` starts at its first visible
    character and ends after its last one, so spans never include the
    collapsed space around them.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._line_start = 0
        self._pending_space = False
        self._unset: list[Marker] = []
        self._lines = 0

    @property
    def position(self) -> int:
        """The offset just after the last visible character."""
        return self._length

    def begin_line(self) -> int:
        """Start a new line and return its offset."""
        if self._lines:
            self._parts.append("\n")
            self._length += 1
        self._lines += 1
        self._line_start = self._length
        self._pending_space = False
        return self._length

    def whole_line(self, text: str) -> int:
        """Add a line that is ``text``, already normalised, and return its offset (as :meth:`begin_line`,
        :meth:`add_line` and :meth:`end_line` do, in one call: a briefing may have 200,000 lines)."""
        if self._lines:
            self._parts.append("\n")
            self._length += 1
        self._lines += 1
        self._line_start = start = self._length
        if text:
            self._parts.append(text)
            self._length += len(text)
        self._pending_space = False
        if self._unset:
            for marker in self._unset:
                marker.start = self._length
            self._unset.clear()
        return start

    def end_line(self) -> int:
        """Finish the current line (trailing space dropped) and return its end offset."""
        self._pending_space = False
        for marker in self._unset:
            marker.start = self._length
        self._unset.clear()
        return self._length

    def add(self, text: str | None) -> None:
        """Append text, collapsing white space."""
        if not text:
            return
        collapsed = _WHITESPACE.sub(" ", text)
        core = collapsed.strip(" ")
        has_content = self._length > self._line_start
        if not core:
            self._pending_space = self._pending_space or has_content
            return
        if has_content and (self._pending_space or collapsed[0] == " "):
            self._parts.append(" ")
            self._length += 1
        if self._unset:
            for marker in self._unset:
                marker.start = self._length
            self._unset.clear()
        self._parts.append(core)
        self._length += len(core)
        self._pending_space = collapsed[-1] == " "

    def open(self) -> Marker:
        """Open a span at the next visible character."""
        marker = Marker()
        self._unset.append(marker)
        return marker

    def close(self, marker: Marker) -> tuple[int, int]:
        """Close a span; an empty span sits at the current position."""
        if marker.start < 0:
            if marker in self._unset:
                self._unset.remove(marker)
            marker.start = self._length
        return marker.start, self._length

    def add_line(self, text: str) -> None:
        """Append an already normalised piece to the current, empty line."""
        if text:
            self._parts.append(text)
            self._length += len(text)

    def finish(self) -> str:
        """The whole text, letting go of the pieces it was built from."""
        text = "".join(self._parts)
        self._parts = [text]
        return text


class LineMap:
    """One whole line at once: its normalised text and where raw offsets land in it.

    ``raw`` is the line's text content as written (all its text pieces joined).
    :meth:`span` gives the normalised offsets of a piece of it the way
    :class:`TextBuilder` does for a span (from its first visible character to
    just after its last), so a line can be built without adding piece by piece.
    """

    __slots__ = ("_ends", "_removed", "raw", "text", "unchanged")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = raw
        self._ends: list[int] = []
        self._removed: list[int] = []
        # Whether normalising changes nothing, so that raw offsets are line offsets.
        self.unchanged = is_normal(raw)
        if self.unchanged:
            return  # the common case of a line written on one line
        lead = len(raw) - len(raw.lstrip(SPACE))
        ends: list[int] = [lead] if lead else []
        removed: list[int] = [lead] if lead else []
        total = lead
        for match in _COLLAPSIBLE.finditer(raw, lead):
            start, end = match.span()
            total += end - start - 1
            ends.append(end)
            removed.append(total)
        self._ends = ends
        self._removed = removed
        self.text = _WHITESPACE.sub(" ", raw).strip(" ")

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Normalised offsets of ``raw[start:end]``'s visible text; None when it has none."""
        raw = self.raw
        if start >= end:
            return None
        if raw[start] in SPACE:
            match = _VISIBLE.search(raw, start, end)
            if match is None:
                return None
            start = match.start()
        if raw[end - 1] in SPACE:
            end = start + len(raw[start:end].rstrip(SPACE))
        ends = self._ends
        if not ends:
            return start, end
        removed = self._removed
        i = bisect_right(ends, start)
        j = bisect_right(ends, end)
        return start - (removed[i - 1] if i else 0), end - (removed[j - 1] if j else 0)
