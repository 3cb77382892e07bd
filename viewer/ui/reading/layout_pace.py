"""LayoutPacer: keeps Qt's background layout of a long text in short steps, so the window never stalls."""

from __future__ import annotations

import re
import time
from bisect import bisect_left

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QTextBlock, QTextCharFormat, QTextDocument, QTextLayout

from viewer.ui.common.turns import TurnShare


class LayoutPacer(QObject):
    """Lays a document out in steps of about ``STEP_SECONDS``, on the layout's own timer.

    A view lays out what it shows at once and the rest of its document in the background,
    on a timer of its document layout; each step lays out twice as much text as the one
    before, up to 200,000 characters: 30 to 70 ms each on a 7 MB briefing, during which the
    window answers nothing. Any change of the document starts the steps small again, so on
    each tick of that timer the pacer marks the stretch that follows the laid-out text as
    changed (it is not laid out yet: nothing is laid out twice; no signal of the document is
    emitted) and lays out
    about as much as fits in ``STEP_SECONDS`` itself. The text and its layout are the same;
    only the steps are shorter (and, as many as the machine allows, as fast overall).

    Before it lays a stretch out, the pacer breaks its blocks' runs of text (see :func:`break_runs`):
    Qt keeps a shaping buffer for each laid-out block, as large as the block's longest run, for as
    long as the document lives (a 7 MB briefing settled at 315 MiB, 181 MiB with its runs broken).

    Install it with :meth:`pace` on each document a view shows; it goes with the document.
    :meth:`pause` holds the background layout back (the window, while it loads another briefing,
    and once the document is no longer shown, until it is deleted); :meth:`resume` lets it go on.
    """

    STEP_SECONDS = 0.005
    RESET_BLOCKS = 400
    RESET_CHARS = 20_000
    FIRST_STEP_CHARS = 20_000
    MIN_STEP_CHARS = 2_000
    MAX_STEP_CHARS = 100_000  # (Qt's own steps grow to 200,000 characters)

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._document = document
        self._step = self.FIRST_STEP_CHARS
        self._hint = 0  # the first block not laid out, as far as last seen (a block number, never a QTextBlock)
        self._paused = False
        self._runs_until = 0  # the first block whose runs are not broken yet (a block number)
        document.documentLayout().installEventFilter(self)
        document.contentsChange.connect(self._restyled)

    @classmethod
    def pace(cls, document: QTextDocument) -> LayoutPacer:
        """Pace the background layout of ``document`` (once; the pacer is the document's child)."""
        for child in document.children():
            if isinstance(child, LayoutPacer):
                return child
        return cls(document)

    def pause(self) -> None:
        """Lay out no more of the document in the background until :meth:`resume`.

        The window pauses the text it shows while it loads another briefing: each step took 3 to 30 ms
        of the window's turns then, twice a turn, while the loading thread held Python's lock or the
        processor (the longest stalls of a reopen, before the new text was shown). What the view
        shows is still laid out when it is painted. Its layout's timer still ticks; each tick is
        swallowed here, before Qt's step (whose size would otherwise grow again).
        """
        self._paused = True

    def resume(self) -> None:
        """Lay out the rest in the background again, in short steps."""
        self._paused = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Timer:
            if self._paused or not TurnShare.shared().may_run(self):
                return True  # Qt's step too (the timer ticks again: its next tick asks again)
            self.step()
        return False  # the layout's own step follows, small now

    def first_unlaid(self) -> int:
        """The number of the first block not laid out yet (the block count when all are)."""
        document = self._document
        count = document.blockCount()
        # Laid out blocks come first: a binary search from the last answer, a few calls into Qt.
        low, high = 0, count
        hint = min(self._hint, count - 1)
        if hint > 0 and document.findBlockByNumber(hint - 1).layout().lineCount() > 0:
            low = hint
        while low < high:
            middle = (low + high) // 2
            if document.findBlockByNumber(middle).layout().lineCount() > 0:
                low = middle + 1
            else:
                high = middle
        self._hint = low
        return low

    def _restyled(self, position: int, _removed: int, added: int) -> None:
        """Break again the runs of the blocks whose formats changed, around their dotted and dashed underlines.

        A block's highlights (a claim's underline among them) may come after its runs were broken: as
        it comes into view, in a text formatted lazily. Qt lays the blocks changed out again, after this
        signal: the change the new formats note is in the one it takes in.
        """
        document = self._document
        block = document.findBlock(position)
        end = document.findBlock(min(position + added, document.characterCount() - 1))
        last = min(end.blockNumber(), self._runs_until - 1)
        while block.isValid() and block.blockNumber() <= last:
            layout = block.layout()
            if layout.formats():
                layout.setFormats(_broken_runs(block))
            block = block.next()

    def step(self) -> bool:
        """Lay out the next stretch of the text, if any is left; whether any was."""
        document = self._document
        first = self.first_unlaid()
        if first >= document.blockCount():
            return False
        start = time.perf_counter()
        target = document.findBlock(document.findBlockByNumber(first).position() + self._step)
        if not target.isValid():
            target = document.lastBlock()
        if first > 0:
            # The stretch after the laid-out text marked as changed: Qt's next steps start small. It
            # lays the stretch out only until its next check point (every 2,000 pixels), so the stretch
            # must reach that far (RESET_BLOCKS blocks are more than 2,000 pixels, RESET_CHARS more
            # than the 1,000 characters its first step wants), or Qt takes what it did not lay out
            # for laid out, and never lays it out.
            at = document.findBlockByNumber(first).position()
            last = document.findBlockByNumber(min(first + self.RESET_BLOCKS, document.blockCount() - 1))
            end = min(max(last.position(), at + self.RESET_CHARS), document.characterCount() - 1)
            # Every block this step lays out, its runs broken first (each once: the formats stay with
            # its layout). The change Qt notes for them is taken in by the mark below, as one.
            upto = max(target.blockNumber(), document.findBlock(end).blockNumber())
            if upto >= self._runs_until:
                break_runs(document.findBlockByNumber(max(first, self._runs_until)), upto)
                self._runs_until = upto + 1
            document.markContentsDirty(at, end - at)
        document.documentLayout().blockBoundingRect(target)  # lays the text out as far as that block
        took = time.perf_counter() - start
        # As much next time as would have taken STEP_SECONDS this time (never more than twice as much).
        wanted = self._step * self.STEP_SECONDS / max(took, 0.0005)
        self._step = int(min(max(wanted, self.MIN_STEP_CHARS), self._step * 2, self.MAX_STEP_CHARS))
        return True


# Runs of at most about this many characters (to the next space): measured on a 7 MB briefing, 24 to 48
# settle at the same memory (HarfBuzz grows a buffer to 32, 80, 152, ... glyphs), 80 at 26 MiB more.
RUN_CHARS = 48
_PLAIN = QTextCharFormat()
# The letters and signs of ASCII, Latin, Greek and Cyrillic, none of them a combining mark, and the
# general punctuation (’ “ ” — …; not the invisible joiners and direction marks): a block of only
# these and spaces is broken at a space between two of them.
_SIMPLE = "!-\u024f\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e"
_BREAKABLE = re.compile(f"[ {_SIMPLE}]*")
_BREAK = re.compile(f"(?<=[{_SIMPLE}]) (?=[{_SIMPLE}])")
_Underline = QTextCharFormat.UnderlineStyle
# Underlines drawn in dots, dashes or waves: Qt draws them a run at a time, the pattern started again
# at each run's beginning (a break inside a claim moved its dots); never broken.
_PATTERNED = {
    _Underline.DashUnderline,
    _Underline.DotLine,
    _Underline.DashDotLine,
    _Underline.DashDotDotLine,
    _Underline.WaveUnderline,
    _Underline.SpellCheckUnderline,
}


def break_runs(block: QTextBlock, last: int) -> None:
    """Break the runs of text of ``block`` and the blocks after it up to number ``last``, before their layout.

    Qt 6 shapes a block's text a run at a time (a stretch of one format and script) with HarfBuzz, and
    keeps the buffer it shaped in, sized to the block's longest run, with the block's layout until
    the document goes: about 40 bytes a character of laid-out text, 150 MiB of a 7 MB briefing's 3.8
    million characters. Empty extra formats (QTextLayout.setFormats, as a syntax highlighter gives)
    on every other stretch of about RUN_CHARS characters make runs that short. They begin and end at
    a space between two letters of the Latin, Greek or Cyrillic alphabets (or signs, or punctuation),
    where no shaping joins, kerns or reorders characters, in a block of only those and spaces, and
    never inside a dotted, dashed or wavy underline (Qt draws it a run at a time, its pattern started
    again at each run; a block given one after its runs were broken is broken again, see
    LayoutPacer._restyled): the lines and the pixels are the same (tests/ui/test_break_runs.py, on
    generated text of many scripts: a break next to Arabic or Devanagari, or in a line with an emoji,
    moved the line's end by a pixel). Any other block keeps its runs (and its memory).
    """
    while block.isValid() and block.blockNumber() <= last:
        ranges = _broken_runs(block)
        if ranges:
            block.layout().setFormats(ranges)
        block = block.next()


def _broken_runs(block: QTextBlock) -> list[QTextLayout.FormatRange]:
    """The ranges that break the runs of ``block`` (none if it is not to be broken): see :func:`break_runs`."""
    text = block.text()
    length = len(text)
    if length <= RUN_CHARS or not _BREAKABLE.fullmatch(text):
        return []
    # The stretches underlined in a pattern, as fragments of the block: a break inside none of them.
    # (No character outside Unicode's first plane: Qt's positions, in UTF-16 units, are Python's.)
    patterned = [
        (piece.start, piece.start + piece.length)
        for piece in block.textFormats()  # (one call: its fragments one at a time cost 40% more)
        if piece.format.underlineStyle() in _PATTERNED
    ]
    starts = [start for start, _ in patterned]
    search = _BREAK.search

    def after(at: int) -> int | None:
        """The first break (the position after its space) from ``at`` on, inside no patterned stretch."""
        while (found := search(text, at)) is not None:
            end = found.end()
            inside = bisect_left(starts, end) - 1  # the last stretch that begins before it
            if inside < 0 or end >= patterned[inside][1]:
                return end
            at = patterned[inside][1] - 1  # (a space there ends at the stretch's end)
        return None

    new_range = QTextLayout.FormatRange
    ranges = []
    start = 0
    while start < length:
        found = after(start + RUN_CHARS)
        end = found if found is not None else length  # after the space: see break_runs
        piece = new_range()
        piece.start, piece.length, piece.format = start, end - start, _PLAIN
        ranges.append(piece)
        # The stretch after it (to a break at least RUN_CHARS on) keeps no extra format.
        found = after(end + RUN_CHARS) if found is not None else None
        if found is None:
            break
        start = found
    if ranges[0].length == length:  # (a block broken nowhere keeps no format)
        return []
    return ranges
