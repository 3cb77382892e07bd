"""DocumentView: the read-only view of a briefing's text, with tooltips and safe links."""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QTextBlock
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from viewer.model.briefing import Briefing, Claim, Mention
from viewer.ui.document import QUOTE_MARGIN, QUOTE_SPEAKER, BriefingDocument
from viewer.ui.tooltips import actor_tooltip, claim_tooltip, link_tooltip

SAFE_SCHEMES = ("http", "https", "mailto")


class DocumentView(QTextBrowser):
    """Shows a BriefingDocument; never loads a resource and opens links only on a click.

    Signals: ``mentionClicked(str actor_id)``, ``claimClicked(str claim_id)``,
    ``topOffsetChanged(int offset)`` (the offset shown at the top, on scroll).
    """

    mentionClicked = Signal(str)
    claimClicked = Signal(str)
    topOffsetChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setMouseTracking(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.anchorClicked.connect(self._open_link)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._content: BriefingDocument | None = None
        self._mention_starts: list[int] = []
        self._claim_starts: list[int] = []
        self._hint = QTextBlock()

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Never load anything: no image, no stylesheet, no local file."""
        return None

    def set_content(self, content: BriefingDocument | None) -> None:
        """Show a briefing's document (or nothing)."""
        self._content = content
        if content is None:
            self.clear()
            self._mention_starts, self._claim_starts = [], []
            return
        self.setDocument(content.document)
        self._mention_starts = [m.start for m in content.briefing.mentions]
        self._claim_starts = [c.start for c in content.briefing.claims]

    @property
    def briefing(self) -> Briefing | None:
        """The briefing shown, if any."""
        return self._content.briefing if self._content else None

    # -- positions --------------------------------------------------------------

    def offset_at(self, point: QPoint) -> int:
        """The text offset under a viewport point."""
        return self.cursorForPosition(point).position()

    def top_offset(self) -> int:
        """The offset of the first block shown at the top of the view."""
        return self.block_at_y(self.verticalScrollBar().value() + 4).position()

    def block_at_y(self, y: float) -> QTextBlock:
        """The block at document height ``y``.

        Walks from the last block found rather than hit-testing: a hit test
        makes Qt lay out the whole document first, which takes a second on a
        large briefing, while this lays out only as far as the view shows.
        """
        document = self.document()
        layout = document.documentLayout()
        block = self._hint if self._hint.isValid() and self._hint.document() is document else document.begin()
        while block.previous().isValid() and layout.blockBoundingRect(block).top() > y:
            block = block.previous()
        while block.next().isValid() and layout.blockBoundingRect(block.next()).top() <= y:
            block = block.next()
        self._hint = block
        if layout.blockBoundingRect(block).bottom() < y and block.next().isValid():
            return block.next()  # y falls in the margin above the next block
        return block

    def scroll_to_offset(self, start: int, end: int | None = None, select: bool = False) -> None:
        """Bring ``start`` to the top of the view; optionally select up to ``end``."""
        cursor = self.textCursor()
        cursor.setPosition(start)
        if select and end is not None:
            cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        block_top = self.document().documentLayout().blockBoundingRect(cursor.block()).top()
        line = cursor.block().layout().lineForTextPosition(start - cursor.block().position())
        line_top = line.y() if line.isValid() else 0
        self.verticalScrollBar().setValue(int(block_top + line_top) - 8)

    def mention_at(self, offset: int) -> Mention | None:
        """The mention that contains ``offset``, if any."""
        briefing = self.briefing
        if briefing is None:
            return None
        index = bisect.bisect_right(self._mention_starts, offset) - 1
        if index >= 0 and offset < briefing.mentions[index].end:
            return briefing.mentions[index]
        return None

    def claim_at(self, offset: int) -> Claim | None:
        """The claim that contains ``offset``, if any (claims do not nest)."""
        briefing = self.briefing
        if briefing is None:
            return None
        index = bisect.bisect_right(self._claim_starts, offset) - 1
        if index >= 0 and offset < briefing.claims[index].end:
            return briefing.claims[index]
        return None

    # -- events -----------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._show_tooltip(event)
            return True
        return super().event(event)

    def _show_tooltip(self, event: QHelpEvent) -> None:
        briefing = self.briefing
        point = self.viewport().mapFromGlobal(event.globalPos())
        offset = self.offset_at(point)
        parts: list[str] = []
        if briefing is not None:
            href = self.anchorAt(point)
            if href:
                parts.append(link_tooltip(href))
            mention = self.mention_at(offset)
            if mention is not None and mention.actor_id in briefing.actors:
                parts.append(actor_tooltip(briefing.actors[mention.actor_id]))
            claim = self.claim_at(offset)
            if claim is not None:
                parts.append(claim_tooltip(briefing, claim))
        if parts:
            QToolTip.showText(event.globalPos(), "<hr>".join(parts), self)
        else:
            QToolTip.hideText()
            event.ignore()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        offset = self.offset_at(event.position().toPoint())
        mention = self.mention_at(offset)
        if mention is not None:
            self.mentionClicked.emit(mention.actor_id)
        claim = self.claim_at(offset)
        if claim is not None:
            self.claimClicked.emit(claim.id)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in SAFE_SCHEMES:
            QDesktopServices.openUrl(url)

    def _scrolled(self, _value: int) -> None:
        if self._content is not None:
            self.topOffsetChanged.emit(self.top_offset())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._content is not None:
            self._paint_quotes(event.rect())

    def _paint_quotes(self, area: QRect) -> None:
        """A bar beside quoted paragraphs and the speaker's name above each quote."""
        document = self.document()
        layout = document.documentLayout()
        dy = -self.verticalScrollBar().value()
        top = self.block_at_y(area.top() - dy)
        bottom = self.block_at_y(area.bottom() - dy)
        painter = QPainter(self.viewport())
        dx = -self.horizontalScrollBar().value()
        muted = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        block = top
        while block.isValid():
            fmt = block.blockFormat()
            if fmt.leftMargin() >= QUOTE_MARGIN and block.blockFormat().headingLevel() == 0:
                # The block's rect starts at its text (its top margin lies above) and at the document margin.
                rect = layout.blockBoundingRect(block).translated(dx, dy)
                painter.fillRect(int(rect.left() + QUOTE_MARGIN / 2 - 2), int(rect.top()), 3, int(rect.height()), muted)
                speaker = fmt.property(QUOTE_SPEAKER)
                if speaker:
                    painter.setPen(muted)
                    font = painter.font()
                    font.setItalic(True)
                    painter.setFont(font)
                    painter.drawText(int(rect.left() + QUOTE_MARGIN), int(rect.top()) - 6, str(speaker))
            if block == bottom:
                break
            block = block.next()
        painter.end()
