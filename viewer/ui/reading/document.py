"""The rich text of a briefing, built with QTextCursor and character formats (never HTML)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextList,
    QTextListFormat,
)

from viewer.model.briefing import Block, BlockKind, Briefing, Claim, Emphasis, Link, Mention
from viewer.ui.common.clip import clip
from viewer.ui.common.palette import CLAIM_COLOR, actor_colors, is_dark

# Block property: the speaker label drawn above the first paragraph of a quote.
QUOTE_SPEAKER = QTextFormat.Property.UserProperty + 1
QUOTE_MARGIN = 28
SPEAKER_SPACE = 22

# A character outside Unicode's first plane (an emoji, a rarer CJK ideograph): one offset of the
# briefing's text (Python counts characters), two positions of a QTextDocument (Qt counts UTF-16 units).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

_Span = TypeVar("_Span", Mention, Claim, Link, Emphasis)

_UNDERLINES = {
    "high": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "moderate": QTextCharFormat.UnderlineStyle.DashUnderline,
    "low": QTextCharFormat.UnderlineStyle.DotLine,
    None: QTextCharFormat.UnderlineStyle.DashDotLine,
}


@dataclass(frozen=True, slots=True)
class Part:
    """A stretch of a briefing shown as one document: offsets ``[start, end)``, model blocks ``[first, last)``.

    ``number`` counts from 0. A part ends at a block's end, or at one of the spaces that break a long
    paragraph into pieces (that space then belongs to neither part: it was a break between blocks).
    """

    number: int
    start: int
    end: int
    first: int
    last: int


class BriefingDocument:
    """A QTextDocument of a briefing's text, or of one part of it when the briefing is large.

    Positions in the document are the offsets of ``Briefing.text`` less ``part.start`` (0 for a
    briefing shown whole), plus one for each cut before them (a newline put into a long line that
    has no space to break at) and one for each character outside the first plane of Unicode
    (an emoji: Qt counts UTF-16 units, two for it): :meth:`position_of` and :meth:`offset_of`
    convert, and nothing else should. Every other method takes briefing offsets.

    Attributes: ``briefing``, ``document`` (the QTextDocument), ``colors``
    (actor id → highlight colour) and ``hidden`` (actor ids whose highlights
    are switched off).

    With ``spans=False`` the text, its block formats and its emphasis (which
    changes how lines break) are built, but the colours and underlines of
    mentions, claims and links wait for :meth:`format_range`, block by block:
    they never change the layout, so a view can give them to what it shows
    first and the picture is the same. The renderer uses this, and so does a
    restyle of a large briefing (see :meth:`set_actors_visible`).
    """

    # Above this many characters, showing or hiding actors restyles at once only what a view
    # shows, and the rest as it comes into view: Qt lays out again the whole stretch that an edit
    # touches, which for an actor mentioned all through 6 MB took 0.8 s once the text was laid out.
    LAZY_RESTYLE_CHARS = 200_000
    # A paragraph or heading longer than this is shown as several blocks of the document, broken
    # about every PIECE_CHARS: Qt lays a block out whole before it paints any of it (one 8 MB
    # paragraph kept the first screen waiting seconds; 8 MB without a space, over 5 minutes),
    # while it lays a document out block by block, only as far as it is shown. A space becomes
    # the break; a piece without one is cut, a newline put in (see position_of).
    LONG_BLOCK_CHARS = 16_000
    PIECE_CHARS = 8_000
    # A briefing larger than this is shown in parts: Qt cannot lay a document out taller than
    # 8,388,607 px (QFIXED_MAX; past it the end of the text cannot be reached), and 100,000 tiny
    # sections are 10.3 million px. 20,000 tiny blocks are about 0.75 million px; 5 million characters
    # of prose 1.3 million px at the usual 80 characters a line and 5.3 million at 20 (measured
    # offscreen; the view keeps lines of at least DocumentView.MIN_LINE_CHARS). The sample and a
    # generated 7 MB briefing (11,198 blocks, 3.8 million characters) are one part, built as ever.
    # A part's document is built in time that grows with its blocks (about 6 us each): 20,000 tiny
    # blocks, 0.11 s to open or go to, against 0.23 s for 40,000.
    PART_BLOCKS = 20_000
    PART_CHARS = 5_000_000

    def __init__(
        self,
        briefing: Briefing,
        palette: QPalette,
        base_font: QFont,
        spans: bool = True,
        part: int = 0,
        parts: list[Part] | None = None,
    ) -> None:
        self.briefing = briefing
        self.palette = palette
        self.base_font = base_font
        self.colors = actor_colors(briefing, is_dark(palette))
        self.hidden: set[str] = set()
        self.parts = parts if parts is not None else self.split(briefing)
        self.part = self.parts[min(max(part, 0), len(self.parts) - 1)]
        self.document = QTextDocument()
        self.document.setUndoRedoEnabled(False)
        self.document.setDefaultFont(base_font)
        self.document.setDocumentMargin(24)
        self._mention_formats: dict[str, QTextCharFormat] = {}
        self._block_formats: dict[tuple[object, ...], tuple[QTextBlockFormat, QTextCharFormat]] = {}
        first, last = self.part.first, self.part.last
        self._block_starts = [block.start for block in briefing.blocks[first:last]]
        # 1: the block waits for its span formats (never given yet, or to give again after a restyle)
        self._pending = bytearray(last - first)
        self._build(base_font, spans)

    # -- parts ------------------------------------------------------------------

    @classmethod
    def split(cls, briefing: Briefing) -> list[Part]:
        """The parts ``briefing`` is shown in: one, unless it has more than PART_BLOCKS blocks or PART_CHARS
        characters; then as few as keep each within both (a long paragraph is cut at one of its breaks)."""
        blocks, text = briefing.blocks, briefing.text
        if not blocks:
            return [Part(0, 0, len(text), 0, 0)]
        if len(blocks) <= cls.PART_BLOCKS and len(text) <= cls.PART_CHARS:
            return [Part(0, 0, len(text), 0, len(blocks))]
        # The blocks the whole briefing's document would have, each as its start, end and block number
        # (a model block, unless a long line breaks it in pieces). Each part takes as many as it can:
        # found by bisection, not one document block at a time (100,000 tiny sections: 245,440 blocks
        # walked twice in Python, 0.15-0.28 s of a render, against a few ms; tests/ui/test_parts.py
        # compares both ways).
        spaces, cuts = _breaks(blocks, text, cls.LONG_BLOCK_CHARS, cls.PIECE_CHARS)
        starts: list[int]
        ends: list[int]
        numbers: Sequence[int]
        if spaces or cuts:
            units = list(_units(blocks, text, spaces, cuts))
            starts, ends, numbers = [u[0] for u in units], [u[1] for u in units], [u[2] for u in units]
        else:  # no long line: one document block per model block
            starts, ends, numbers = [b.start for b in blocks], [b.end for b in blocks], range(len(blocks))
        parts: list[Part] = []
        taken, total = 0, len(ends)  # the part being made starts with document block `taken`
        start = 0
        while True:
            # The part ends before its PART_BLOCKS-th block, or before the first block after its first
            # that ends more than PART_CHARS after its start (ends only grow), whichever comes first.
            beyond = min(taken + cls.PART_BLOCKS, bisect_right(ends, start + cls.PART_CHARS, taken + 1))
            if beyond >= total:
                break
            parts.append(Part(len(parts), start, ends[beyond - 1], numbers[taken], numbers[beyond - 1] + 1))
            taken, start = beyond, starts[beyond]
        parts.append(Part(len(parts), start, len(text), numbers[taken], len(blocks)))
        return parts

    def part_of(self, offset: int) -> Part:
        """The part of this briefing that shows ``offset``."""
        return self.part_at(self.parts, offset)

    @staticmethod
    def part_at(parts: list[Part], offset: int) -> Part:
        """The part of ``parts`` that shows ``offset`` (the one before, for the break between two parts)."""
        return parts[max(bisect_right(parts, offset, key=_part_start) - 1, 0)]

    def other_part(self, number: int) -> BriefingDocument:
        """The document of another part of the same briefing, its highlights given as it comes into view."""
        other = BriefingDocument(self.briefing, self.palette, self.base_font, False, number, self.parts)
        other.hidden = set(self.hidden)
        return other

    def position_of(self, offset: int) -> int:
        """The document position of a briefing offset, kept within the part."""
        offset = min(max(offset, self.part.start), self.part.end)
        return offset - self.part.start + bisect_right(self._cuts, offset) + bisect_left(self._astral, offset)

    def offset_of(self, position: int) -> int:
        """The briefing offset of a document position (a cut's own newline: the offset after it)."""
        return position + self.part.start - bisect_left(self._extra_positions, position)

    @property
    def fully_formatted(self) -> bool:
        """Whether no block waits for its span formats."""
        return 1 not in self._pending

    def format_range(self, start: int, end: int) -> bool:
        """Give the blocks that overlap ``[start, end]`` their span formats; False if none waited."""
        pending = self._pending
        first = max(0, bisect_right(self._block_starts, start) - 1)
        last = bisect_right(self._block_starts, end)
        if 1 not in pending[first:last]:
            return False
        blocks = self.briefing.blocks
        base = self.part.first  # pending and the block starts count from the part's first block
        cursor = QTextCursor(self.document)
        cursor.beginEditBlock()
        index = first
        while index < last:
            if not pending[index]:
                index += 1
                continue
            run_end = index
            while run_end < last and pending[run_end]:
                pending[run_end] = 0
                run_end += 1
            self._apply_spans(cursor, blocks[base + index].start, blocks[base + run_end - 1].end)
            index = run_end
        cursor.endEditBlock()
        return True

    # -- building ---------------------------------------------------------------

    def _text_of(self, start: int, end: int) -> str:
        """The text to insert for ``[start, end)``, with the breaks of long lines as newlines."""
        text, breaks = self.briefing.text, self._break_offsets
        first, last = bisect_left(breaks, start), bisect_left(breaks, end)
        if first == last:
            return text[start:end]
        parts, at = [], start
        for brk in breaks[first:last]:
            parts.append(text[at:brk])
            at = brk if brk in self._cut_set else brk + 1  # a cut keeps its character; a space goes
        parts.append(text[at:end])
        return "\n".join(parts)

    def _join_pieces(self, cursor: QTextCursor) -> None:
        """The pieces of a long paragraph look like one: no margin between them, one speaker label."""
        document = self.document
        for brk in self._break_offsets:
            newline = self.position_of(brk) - (brk in self._cut_set)  # a cut's newline comes before its offset
            before, after = document.findBlock(newline), document.findBlock(newline + 1)
            block_format = before.blockFormat()
            block_format.setBottomMargin(0)
            cursor.setPosition(before.position())
            cursor.setBlockFormat(block_format)
            block_format = after.blockFormat()
            block_format.setTopMargin(0)
            block_format.clearProperty(QUOTE_SPEAKER)
            cursor.setPosition(after.position())
            cursor.setBlockFormat(block_format)

    def _build(self, base_font: QFont, spans: bool) -> None:
        briefing, part = self.briefing, self.part
        text = briefing.text
        spaces, cuts = _breaks(briefing.blocks[part.first : part.last], text, self.LONG_BLOCK_CHARS, self.PIECE_CHARS)
        # A cut at the part's start is where the part begins, not a break in it.
        self._cuts = [cut for cut in cuts if part.start < cut < part.end]
        self._cut_set = frozenset(self._cuts)
        # (An ASCII text, which Python knows without reading it, has none: 11 ms less for 3.8 million characters.)
        self._astral = [] if text.isascii() else [at.start() for at in _ASTRAL.finditer(text, part.start, part.end)]
        # The positions that are no offset's: each cut's newline, each astral character's second unit.
        self._extra_positions = sorted(
            [self.position_of(cut) - 1 for cut in self._cuts] + [self.position_of(at) + 1 for at in self._astral]
        )
        self._break_offsets = sorted([space for space in spaces if part.start <= space < part.end] + self._cuts)
        cursor = QTextCursor(self.document)
        cursor.beginEditBlock()
        current_list = None
        blocks = briefing.blocks[part.first : part.last]
        count = len(blocks)
        # Per block only what differs: a briefing of 100,000 tiny sections inserts 200,000 blocks.
        keys = list(map(self._format_key, blocks))
        formats = self._block_formats
        insert_block, insert_text = cursor.insertBlock, cursor.insertText
        text_of = self._text_of if self._break_offsets else None
        item = BlockKind.ITEM
        # The part may begin inside its first block (a long line cut between parts): that block goes on
        # from the part before, without its bullet or its quote's speaker.
        continued = bool(blocks) and blocks[0].start < part.start
        index = 0
        while index < count:
            block, key = blocks[index], keys[index]
            block_format, char_format = formats.get(key) or self._formats(block, base_font)
            if index == 0:
                if continued:
                    block_format = QTextBlockFormat(block_format)
                    block_format.setTopMargin(0)
                    block_format.clearProperty(QUOTE_SPEAKER)
                cursor.setBlockFormat(block_format)
                cursor.setBlockCharFormat(char_format)
            else:
                insert_block(block_format, char_format)
            last = index
            # A run of blocks with the same formats goes in at once: its newlines make the blocks. (Not
            # from a block going on from the part before: its format is its key's without the margin or
            # the speaker, which the blocks after it would take.)
            if block.kind is not item and not (index == 0 and continued):
                while last + 1 < count and keys[last + 1] == key:
                    last += 1
            # The part's first and last blocks may be pieces of a long paragraph cut between parts.
            start, end = max(block.start, part.start), min(blocks[last].end, part.end)
            item_at = cursor.position() if block.kind is item else 0  # (a Qt call: only where it is needed)
            insert_text(text[start:end] if text_of is None else text_of(start, end), char_format)
            index = last + 1
            if block.kind is item:
                current_list = self._list_item(cursor, item_at, block, current_list, index == 1 and continued)
        if self._break_offsets:
            self._join_pieces(cursor)
        italic = QTextCharFormat()
        italic.setFontItalic(True)
        for span in _starting_in(briefing.emphases, self._spans_from(part.start), part.end):
            self._merge(cursor, span.start, span.end, italic)
        if spans:
            self._apply_spans(cursor, part.start, part.end)
        else:
            self._pending[:] = b"\x01" * len(self._pending)
        cursor.endEditBlock()

    @staticmethod
    def _list_item(
        cursor: QTextCursor, at: int, block: Block, current: QTextList | None, continued: bool
    ) -> QTextList | None:
        """Make the item just inserted at ``at`` (the cursor at its end) a list's item; the list it is in.

        A long item is in pieces (blocks): the first is the list's item, the others are indented as
        its text is, without a bullet; a piece that goes on from the part before has no bullet either.
        """
        first = cursor.block()  # the item's only block, unless it was cut
        if continued or first.position() > at:
            first = cursor.document().findBlock(at)
            pieces = QTextCursor(cursor)
            pieces.setPosition(at if continued else first.next().position())
            pieces.setPosition(cursor.position(), QTextCursor.MoveMode.KeepAnchor)
            piece_format = pieces.blockFormat()
            piece_format.setIndent(1)  # the list's indent: the pieces line up with the item's text
            pieces.setBlockFormat(piece_format)
            if continued:
                return current
        if block.first_in_group or current is None:
            list_format = QTextListFormat()
            ordered = block.list_type == "ordered"
            list_format.setStyle(QTextListFormat.Style.ListDecimal if ordered else QTextListFormat.Style.ListDisc)
            list_format.setIndent(1)
            if ordered and block.item_number > 1:
                list_format.setStart(block.item_number)  # a part that begins inside a list numbers on
            return QTextCursor(first).createList(list_format)
        current.add(first)
        return current

    def _spans_from(self, start: int) -> int:
        """Where to look for spans that reach ``start``: a part may begin inside a long paragraph, and a
        span that starts in its piece before the part is shown in the part too (clipped)."""
        part = self.part
        if part.number and start <= part.start < self.briefing.blocks[part.first].end:
            return min(self.briefing.blocks[part.first].start, start)
        return start

    def _merge(self, cursor: QTextCursor, start: int, end: int, char_format: QTextCharFormat) -> None:
        """Merge a format into the briefing's ``[start, end)``, as far as it lies in the part."""
        start, end = self.position_of(start), self.position_of(end)
        if end <= start:
            return
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(char_format)

    def _formats(self, block: Block, base_font: QFont) -> tuple[QTextBlockFormat, QTextCharFormat]:
        # Thousands of blocks share a handful of formats: make each once.
        key = self._format_key(block)
        formats = self._block_formats.get(key)
        if formats is None:
            formats = self._block_formats[key] = self._make_formats(block, base_font)
        return formats

    @staticmethod
    def _format_key(block: Block) -> tuple[object, ...]:
        # The kind's value, not the kind: an Enum hashes in Python, and 200,000 blocks are looked up.
        return (block.kind._value_, block.level, block.quote_by, block.first_in_group)

    def _make_formats(self, block: Block, base_font: QFont) -> tuple[QTextBlockFormat, QTextCharFormat]:
        block_format = QTextBlockFormat()
        char_format = QTextCharFormat()
        block_format.setLineHeight(135, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if block.kind is BlockKind.HEADING:
            level = min(block.level, 4)
            block_format.setHeadingLevel(level)
            block_format.setTopMargin(22 if level == 1 else 14)
            block_format.setBottomMargin(8)
            block_format.setLineHeight(110, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            size = base_font.pointSizeF() * {1: 1.55, 2: 1.3, 3: 1.15}.get(level, 1.05)
            char_format.setFontPointSize(size)
            char_format.setFontWeight(QFont.Weight.Bold)
        else:
            block_format.setBottomMargin(8)
        if block.quote_by is not None:
            block_format.setLeftMargin(QUOTE_MARGIN)
            char_format.setFontItalic(True)
            if block.first_in_group:
                speaker = self.briefing.actors.get(block.quote_by)
                block_format.setTopMargin(SPEAKER_SPACE)
                label = (
                    f"{clip(speaker.name)}:" if speaker else QCoreApplication.translate("BriefingDocument", "Quoted:")
                )
                block_format.setProperty(QUOTE_SPEAKER, label)
        return block_format, char_format

    def _apply_spans(self, cursor: QTextCursor, start: int, end: int) -> None:
        """Links, claims and mentions that start in ``[start, end)``, in that order."""
        briefing = self.briefing
        link_color = self.palette.color(QPalette.ColorRole.Link)
        start = self._spans_from(start)
        merge = self._merge
        for link in _starting_in(briefing.links, start, end):
            link_format = QTextCharFormat()
            link_format.setAnchor(True)
            link_format.setAnchorHref(link.href)
            link_format.setForeground(link_color)  # a solid brush, as for mentions below
            link_format.setFontUnderline(True)
            merge(cursor, link.start, link.end, link_format)
        for claim in _starting_in(briefing.claims, start, end):
            claim_format = QTextCharFormat()
            claim_format.setUnderlineStyle(_UNDERLINES.get(claim.confidence, _UNDERLINES[None]))
            claim_format.setUnderlineColor(QColor(CLAIM_COLOR))
            merge(cursor, claim.start, claim.end, claim_format)
        formats = self._mention_formats
        hidden = self.hidden
        for mention in _starting_in(briefing.mentions, start, end):
            mention_format = formats.get(mention.actor_id)
            if mention_format is None:
                mention_format = formats[mention.actor_id] = self._mention_format(mention.actor_id, True)
            if mention.actor_id in hidden:
                mention_format = self._mention_format(mention.actor_id, False)
            merge(cursor, mention.start, mention.end, mention_format)

    def _mention_format(self, actor_id: str, visible: bool) -> QTextCharFormat:
        mention_format = QTextCharFormat()
        color = self.colors.get(actor_id)
        if visible and color is not None:
            # Pale tints in a light palette, deep shades in a dark one: the text colour keeps its contrast.
            # The colour as it is (Qt makes it a solid brush): a QBrush made from it in Python would have
            # PySide6 build its QGradient type, 6 ms of every start-up, to choose among QBrush's constructors.
            mention_format.setBackground(color)
        else:
            mention_format.setBackground(QBrush())
        return mention_format

    # -- restyling --------------------------------------------------------------

    def set_actor_visible(self, actor_id: str, visible: bool) -> None:
        """Show or hide the highlights of one actor's mentions."""
        self.set_actors_visible([actor_id], visible)

    def set_actors_visible(self, actor_ids: Iterable[str], visible: bool, shown: tuple[int, int] | None = None) -> None:
        """Show or hide the highlights of several actors' mentions, in one pass and one edit.

        One edit, because Qt lays the text out again over the whole stretch an edit touches:
        actor by actor, hiding the 200 actors of a 6 MB briefing took minutes. In a large
        briefing, with ``shown`` (the stretch a view shows), only that stretch is restyled
        now; the other blocks with those actors wait for :meth:`format_range`.
        """
        changed = {a for a in actor_ids if visible == (a in self.hidden)}
        if not changed:
            return
        if visible:
            self.hidden -= changed
        else:
            self.hidden |= changed
        part = self.part
        mentions = _starting_in(self.briefing.mentions, self._spans_from(part.start), part.end)
        if shown is not None and part.end - part.start > self.LAZY_RESTYLE_CHARS:
            pending, starts = self._pending, self._block_starts
            for mention in mentions:
                if mention.actor_id in changed:
                    pending[bisect_right(starts, mention.start) - 1] = 1
            self.format_range(*shown)
            return
        cursor = QTextCursor(self.document)
        if not visible and self.hidden >= self.colors.keys():
            # Nothing stays highlighted: one change over the whole text (only mentions have a
            # background), 70 ms on 6 MB where 60,000 single changes take a second.
            cursor.beginEditBlock()  # (outside one, the selection and the change lay the text out at once)
            cursor.setPosition(0)
            cursor.setPosition(self.document.characterCount() - 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(self._mention_format("", False))
            cursor.endEditBlock()
            return
        formats = {actor_id: self._mention_format(actor_id, visible) for actor_id in changed}
        cursor.beginEditBlock()
        pending, starts = self._pending, self._block_starts
        waiting = 1 in pending  # blocks still waiting get the right format when their turn comes
        for mention in mentions:
            mention_format = formats.get(mention.actor_id)
            if mention_format is not None:
                if waiting and pending[bisect_right(starts, mention.start) - 1]:
                    continue
                self._merge(cursor, mention.start, mention.end, mention_format)
        cursor.endEditBlock()


def _starting_in(spans: list[_Span], start: int, end: int) -> list[_Span]:
    """The spans (sorted by start, as the loader makes them) that start in ``[start, end)``."""
    return spans[bisect_left(spans, start, key=_start) : bisect_left(spans, end, key=_start)]


def _start(span: _Span) -> int:
    return span.start


def _part_start(part: Part) -> int:
    return part.start


def _breaks(blocks: list[Block], text: str, long_chars: int, piece: int) -> tuple[list[int], list[int]]:
    """Where the long lines (paragraphs, list items, headings) of ``blocks`` break into blocks of the document, in order.

    Two lists of offsets: the spaces that become the breaks, and the cuts, where a stretch of a whole
    piece has no space (a long word, a run of CJK text): a newline is put before the character there.
    """
    spaces: list[int] = []
    cuts: list[int] = []
    # (The long lines picked out first, in one comprehension: most lines are short, and 245,440 of
    # them took 50-110 ms in the loop below.)
    for block in [b for b in blocks if b.end - b.start > long_chars]:
        at = block.start + piece
        while block.end - at > piece // 2:
            space = text.rfind(" ", at - piece // 2, at)
            if space < 0:
                space = text.find(" ", at, min(at + piece, block.end - piece // 2))
            if space < 0:  # no space in a whole piece: cut it there (Qt lays a block out whole)
                cuts.append(at)
                at += piece
                continue
            spaces.append(space)
            at = space + piece
    return spaces, cuts


def _units(blocks: list[Block], text: str, spaces: list[int], cuts: list[int]) -> Iterator[tuple[int, int, int]]:
    """(start, end, block number) of each block the whole briefing's document would have, in order,
    given the breaks of its long lines (see :func:`_breaks`)."""
    breaks, cut = sorted(spaces + cuts), frozenset(cuts)
    next_break = breaks[0] if breaks else len(text) + 1
    taken = 0
    for index, block in enumerate(blocks):
        start = block.start
        while next_break < block.end:  # only long lines have breaks: this loop is rarely entered
            yield start, next_break, index
            start = next_break if next_break in cut else next_break + 1
            taken += 1
            next_break = breaks[taken] if taken < len(breaks) else len(text) + 1
        yield start, block.end, index
