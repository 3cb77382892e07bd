"""LayoutPacer: keeps Qt's background layout of a long text in short steps, so the window never stalls."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QTextDocument

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
        document.documentLayout().installEventFilter(self)

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

    def step(self) -> bool:
        """Lay out the next stretch of the text, if any is left; whether any was."""
        document = self._document
        first = self.first_unlaid()
        if first >= document.blockCount():
            return False
        if first > 0:
            # The stretch after the laid-out text marked as changed: Qt's next steps start small. It
            # lays the stretch out only until its next check point (every 2,000 pixels), so the stretch
            # must reach that far (RESET_BLOCKS blocks are more than 2,000 pixels, RESET_CHARS more
            # than the 1,000 characters its first step wants), or Qt takes what it did not lay out
            # for laid out, and never lays it out.
            at = document.findBlockByNumber(first).position()
            last = document.findBlockByNumber(min(first + self.RESET_BLOCKS, document.blockCount() - 1))
            end = min(max(last.position(), at + self.RESET_CHARS), document.characterCount() - 1)
            document.markContentsDirty(at, end - at)
        start = time.perf_counter()
        target = document.findBlock(document.findBlockByNumber(first).position() + self._step)
        if not target.isValid():
            target = document.lastBlock()
        document.documentLayout().blockBoundingRect(target)  # lays the text out as far as that block
        took = time.perf_counter() - start
        # As much next time as would have taken STEP_SECONDS this time (never more than twice as much).
        wanted = self._step * self.STEP_SECONDS / max(took, 0.0005)
        self._step = int(min(max(wanted, self.MIN_STEP_CHARS), self._step * 2, self.MAX_STEP_CHARS))
        return True
