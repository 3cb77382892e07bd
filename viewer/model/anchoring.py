"""Anchoring notes to the displayed text, and finding their passages again after it changes."""

from __future__ import annotations

from collections.abc import Callable

from viewer.model.notes import CONTEXT_LENGTH, Anchor, Note, NoteState, PlacedNote, text_hash

# How far around the old position to look first: most edits shift a passage a little.
NEAR = 4096
# An approximate match must score at least this (rapidfuzz's 0-100 similarity).
FUZZY_CUTOFF = 80.0
# Approximate matching over the whole text is costly; above this size it is confined to
# the note's section and the neighbourhood of its old position.
WHOLE_TEXT_FUZZY_LIMIT = 200_000
MAX_CANDIDATES = 500
# A longer quote is found again by its two ends (each EDGE characters long), not as a whole:
# aligning a 100,000-character quote approximately took 14 s, and time grows with its square.
LONG_QUOTE = 1000
EDGE = 200
# The index of a text that many quotes are looked for in (an import): every STEP-th offset
# keyed by the GRAM characters there. A string of STEP + GRAM - 1 characters or more
# covers one of those grams wherever it lies, so its occurrences are found by STEP lookups
# instead of a scan of the whole text (10,000 quotes in a 6 MB text: 3.5 s of scanning).
STEP = 32
GRAM = 16
# A gram found more often than this (a text that repeats itself) is not worth the index:
# the string is looked for by scanning, as without an index.
GRAM_LIMIT = 64

SectionRange = Callable[[str], tuple[int, int] | None]


def make_anchor(text: str, start: int, end: int, section_id: str | None, digest: str | None = None) -> Anchor:
    """The anchor of the passage ``text[start:end]``."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"passage {start}..{end} is not inside the text (length {len(text)})")
    return Anchor(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
        start=start,
        end=end,
        section_id=section_id,
        text_hash=digest or text_hash(text),
    )


class Anchorer:
    """Finds the passages of notes in one displayed text.

    ``section_range`` gives the offsets of a section by id (None when the
    section is gone); ``section_at`` the id of the section at an offset.
    """

    def __init__(
        self,
        text: str,
        section_range: SectionRange | None = None,
        section_at: Callable[[int], str | None] | None = None,
    ) -> None:
        self.text = text
        self._digest: str | None = None
        self._section_range = section_range or (lambda _id: None)
        self._section_at = section_at or (lambda _offset: None)
        self._grams: dict[str, list[int]] | None = None
        self._searches = 0

    @property
    def digest(self) -> str:
        """The hash of the text (see ``text_hash``), computed when first asked.

        Placing notes on the text they were made on never asks: their context is checked
        first (hashing 6 MB of text took 50 ms, a sixth of listing 10,000 notes).
        """
        if self._digest is None:
            self._digest = text_hash(self.text)
        return self._digest

    def place(self, note: Note) -> PlacedNote:
        """Where the note's passage is now, and in what state."""
        found = self.locate(note.anchor)
        if found is None:
            return PlacedNote(note, NoteState.ORPHANED, None, None, note.anchor.section_id)
        state, start, end = found
        return PlacedNote(note, state, start, end, self._section_at(start) or note.anchor.section_id)

    def locate(self, anchor: Anchor) -> tuple[NoteState, int, int] | None:
        """Exact quote first (disambiguated by context and nearness), then an approximate match."""
        text, quote = self.text, anchor.quote
        if not quote:
            return None
        if text[anchor.start : anchor.end] == quote and (self._in_context(anchor) or anchor.text_hash == self.digest):
            # Same place, same words, same surroundings: anchored, whatever changed elsewhere.
            # (Same words alone are not enough: in a text that repeats itself, the passage may
            # have moved on and left the same words behind.)
            return NoteState.ANCHORED, anchor.start, anchor.end
        exact = self._exact(anchor)
        if exact is not None:
            state = NoteState.ANCHORED if exact == anchor.start else NoteState.MOVED
            return state, exact, exact + len(quote)
        fuzzy = self._fuzzy(anchor)
        if fuzzy is not None:
            return NoteState.FUZZY, fuzzy[0], fuzzy[1]
        return None

    def find(self, quote: str, prefix: str = "", suffix: str = "", near: int | None = None) -> int | None:
        """Where a quote is in the text, chosen by its context as :meth:`locate` chooses.

        For a note that arrives with only its quote and context (an import): the occurrence
        stored is the one that re-anchoring will pick, so a fresh import is anchored.
        The occurrence with the most characters of ``prefix`` and ``suffix`` around it wins;
        among equals, the one nearest ``near`` (the first when ``near`` is None).
        """
        if not quote:
            return None
        # Usually the quote stands in its whole context: one search of the longer string.
        whole = self.occurrences(prefix + quote + suffix) if prefix or suffix else []
        candidates = [at + len(prefix) for at in whole] if whole else self.occurrences(quote)
        if not candidates:
            return None
        anchor = Anchor(quote, prefix, suffix, 0, 0, None, "")
        origin = candidates[0] if near is None else near
        return max(candidates, key=lambda at: (self._context_score(anchor, at), -abs(at - origin)))

    def occurrences(self, piece: str) -> list[int]:
        """The offsets of ``piece`` in the text, in order (at most MAX_CANDIDATES of them)."""
        self._searches += 1
        if len(piece) < STEP + GRAM - 1 or self._searches < 8:  # a few searches: not worth an index
            return _occurrences(self.text, piece, 0, len(self.text))
        grams, text = self._index(), self.text
        last = len(piece) - GRAM
        found: list[int] = []
        for shift in range(STEP):
            # An occurrence whose first indexed offset lies ``shift`` characters in holds the
            # grams at shift, shift + STEP, ... all indexed: the rarest of them is enough.
            rarest: list[int] | None = None
            rarest_offset = shift
            for offset in range(shift, last + 1, STEP):
                positions = grams.get(piece[offset : offset + GRAM])
                if positions is None:
                    rarest = None
                    break  # no occurrence at this shift
                if rarest is None or len(positions) < len(rarest):
                    rarest, rarest_offset = positions, offset
                    if len(positions) == 1:
                        break  # cannot be rarer; the grams further on are checked by startswith
            if rarest is None:
                continue
            if len(rarest) > GRAM_LIMIT:
                return _occurrences(text, piece, 0, len(text))
            found += [
                p - rarest_offset for p in rarest if p >= rarest_offset and text.startswith(piece, p - rarest_offset)
            ]
        found.sort()
        return found[:MAX_CANDIDATES]

    def _index(self) -> dict[str, list[int]]:
        if self._grams is None:
            text = self.text
            grams: dict[str, list[int]] = {}
            for at in range(0, len(text) - GRAM + 1, STEP):
                gram = text[at : at + GRAM]
                positions = grams.get(gram)
                if positions is None:
                    grams[gram] = [at]
                else:
                    positions.append(at)
            self._grams = grams
        return self._grams

    def _exact(self, anchor: Anchor) -> int | None:
        text, quote = self.text, anchor.quote
        low = max(0, anchor.start - NEAR)
        near = _occurrences(text, quote, low, min(len(text), anchor.end + NEAR))
        candidates = near or _occurrences(text, quote, 0, len(text))
        if not candidates:
            return None
        return max(candidates, key=lambda at: (self._context_score(anchor, at), -abs(at - anchor.start)))

    def unmoved(self, quote: str, prefix: str, suffix: str, start: int, end: int) -> bool:
        """Whether a passage is where it was made, its whole stored context around it (``start`` >= 0).

        The first test of :meth:`locate` on the anchor of these fields, without making one (a
        listing of stored notes asks it of each): True means ``locate`` finds the passage anchored
        at ``start``..``end``; False, that only ``locate`` itself can tell.
        """
        return (
            bool(quote) and start >= 0 and self.text[start:end] == quote and self._stands(quote, prefix, suffix, start)
        )

    def _in_context(self, anchor: Anchor) -> bool:
        """Whether the whole stored prefix and suffix surround the quote at its stored place.

        The same as a full :meth:`_context_score` there, in two comparisons.
        """
        prefix, suffix, start = anchor.prefix, anchor.suffix, anchor.start
        if start < 0:  # (only in a damaged store) as the score counts it
            return self._context_score(anchor, start) == len(prefix) + len(suffix)
        return self._stands(anchor.quote, prefix, suffix, start)

    def _stands(self, quote: str, prefix: str, suffix: str, start: int) -> bool:
        after = start + len(quote)
        return (
            start >= len(prefix)
            and self.text.startswith(prefix, start - len(prefix))
            and self.text[after : after + len(suffix)] == suffix
        )

    def _context_score(self, anchor: Anchor, at: int) -> int:
        """How many characters of the stored prefix and suffix surround an occurrence."""
        before = self.text[max(0, at - len(anchor.prefix)) : at]
        after = self.text[at + len(anchor.quote) : at + len(anchor.quote) + len(anchor.suffix)]
        return _common_suffix(before, anchor.prefix) + _common_prefix(after, anchor.suffix)

    def _fuzzy(self, anchor: Anchor) -> tuple[int, int] | None:
        """An approximate match of the quote, searched near its old place, in its section, then everywhere."""
        if len(anchor.quote) > LONG_QUOTE:
            return self._by_ends(anchor)
        windows = [(max(0, anchor.start - NEAR), min(len(self.text), anchor.end + NEAR))]
        if anchor.section_id:
            section = self._section_range(anchor.section_id)
            if section is not None:
                windows.append(section)
        if len(self.text) <= WHOLE_TEXT_FUZZY_LIMIT:
            windows.append((0, len(self.text)))
        for low, high in windows:
            found = self._align(anchor, low, high)
            if found is not None:
                return found
        return None

    def _by_ends(self, anchor: Anchor) -> tuple[int, int] | None:
        """A long passage: its first and last characters found again near where they were.

        What lies between may have changed in any way; the stretch found must still be
        of about the passage's length.
        """
        quote = anchor.quote
        head = self._piece(quote[:EDGE], anchor.start)
        if head is None:
            return None
        shift = head[0] - anchor.start
        tail = self._piece(quote[-EDGE:], anchor.end - EDGE + shift)
        if tail is None or tail[1] <= head[0]:
            return None
        start, end = head[0], tail[1]
        if not 0.5 * len(quote) <= end - start <= 1.5 * len(quote):
            return None
        return start, end

    def _piece(self, piece: str, near: int) -> tuple[int, int] | None:
        """Where a short piece of a quote is now: exactly if it can be, nearest ``near`` first.

        An approximate match is looked for close by first: in a text that repeats itself,
        the best-scoring stretch a few thousand characters away is seldom the right one.
        """
        size = len(self.text)
        exact = _occurrences(self.text, piece, max(0, near - NEAR), min(size, near + len(piece) + NEAR))
        if exact:
            at = min(exact, key=lambda offset: abs(offset - near))
            return at, at + len(piece)
        sought = Anchor(piece, "", "", near, near + len(piece), None, "")
        for reach in (len(piece), NEAR):
            found = self._align(sought, max(0, near - reach), min(size, near + len(piece) + reach))
            if found is not None:
                return found
        return None

    def _align(self, anchor: Anchor, low: int, high: int) -> tuple[int, int] | None:
        from rapidfuzz import fuzz  # only a changed briefing needs it: not loaded at start-up

        quote = anchor.quote
        if high - low <= 0:
            return None
        window = self.text[low:high]
        alignment = fuzz.partial_ratio_alignment(quote, window, score_cutoff=FUZZY_CUTOFF)
        if alignment is None:
            return None
        start, end = self._refine(quote, low + alignment.dest_start, low + alignment.dest_end)
        # The aligned stretch must be about as long as the quote, not a fragment of it.
        if end - start < 0.6 * len(quote) or fuzz.ratio(quote, self.text[start:end]) < FUZZY_CUTOFF - 10:
            return None
        return start, end

    def _refine(self, quote: str, start: int, end: int) -> tuple[int, int]:
        """Nudge an approximate match's ends to where the text is most like the quote.

        The aligner's ends can fall a few characters off, often inside a word;
        nearby boundaries are tried and the closest match (by edit similarity) kept.
        """
        from rapidfuzz import fuzz

        text = self.text
        slack = min(12, max(2, len(quote) // 4))
        starts = _boundaries(text, max(0, start - slack), min(len(text), start + slack), quote[0])
        ends = _boundaries(text, max(0, end - slack), min(len(text), end + slack), quote[-1], at_end=True)
        best = (fuzz.ratio(quote, text[start:end]), -abs(end - start - len(quote)), start, end)
        for s in starts or [start]:
            for e in ends or [end]:
                if e > s:
                    candidate = (fuzz.ratio(quote, text[s:e]), -abs(e - s - len(quote)), s, e)
                    best = max(best, candidate)
        return best[2], best[3]


def _boundaries(text: str, low: int, high: int, edge: str, at_end: bool = False) -> list[int]:
    """Offsets in ``[low, high]`` where a passage may start (or end) like the quote does."""
    found = []
    for at in range(low, high + 1):
        if at_end:
            inside, outside = (text[at - 1] if at > 0 else ""), (text[at] if at < len(text) else "")
        else:
            inside, outside = (text[at] if at < len(text) else ""), (text[at - 1] if at > 0 else "")
        if inside and (inside == edge or not (inside.isalnum() and outside.isalnum())):
            found.append(at)
    return found


def _occurrences(text: str, quote: str, low: int, high: int) -> list[int]:
    found: list[int] = []
    at = text.find(quote, low, high)
    while at >= 0 and len(found) < MAX_CANDIDATES:
        found.append(at)
        at = text.find(quote, at + 1, high)
    return found


def _common_prefix(a: str, b: str) -> int:
    # Compared by halves, in C: contexts are short and mostly equal (one comparison then).
    low, high = 0, min(len(a), len(b))
    if a[:high] == b[:high]:
        return high
    while low < high:  # a[:low] == b[:low] and a[:high] != b[:high]
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
