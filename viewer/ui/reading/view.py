"""DocumentView: the read-only view of a briefing's text, with tooltips and safe links."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QTextBrowser

from viewer.model.briefing import Briefing, Claim, Mention
from viewer.model.notes import PlacedNote, color_hex
from viewer.model.placed_notes import NotesChange, PlacedNotes
from viewer.ui.common.palette import NOTE_TINTS, is_dark, muted_text
from viewer.ui.common.tooltips import actor_tooltip, claim_tooltip, link_tooltip
from viewer.ui.reading.document import QUOTE_MARGIN, QUOTE_SPEAKER, BriefingDocument
from viewer.ui.reading.layout_pace import LayoutPacer

# Named in annotations only, or used only by what the user does (a link, a tooltip): PySide6 builds a
# class the first time it is named, and the first paint does without these (test_startup_imports.py).
if TYPE_CHECKING:
    from PySide6.QtCore import QPoint, QUrl
    from PySide6.QtGui import (
        QAction,
        QContextMenuEvent,
        QKeyEvent,
        QMouseEvent,
        QPaintEvent,
        QResizeEvent,
        QTextBlock,
        QTextLine,
    )
    from PySide6.QtWidgets import QWidget

SAFE_SCHEMES = ("http", "https", "mailto")


def note_tint(key: str, color: QColor, dark: bool) -> QColor:
    """What a passage noted in colour ``key`` (``color``) is tinted with: designed on a light page."""
    if not dark and key in NOTE_TINTS:
        return QColor(NOTE_TINTS[key])
    return _towards(color, QColor("black" if dark else "white"), 0.55)


def _towards(color: QColor, other: QColor, amount: float) -> QColor:
    """``color`` moved ``amount`` (0..1) of the way to ``other``."""
    return QColor(
        round(color.red() + (other.red() - color.red()) * amount),
        round(color.green() + (other.green() - color.green()) * amount),
        round(color.blue() + (other.blue() - color.blue()) * amount),
    )


class DocumentView(QTextBrowser):
    """Shows a BriefingDocument; never loads a resource and opens links only on a click.

    Every public method takes and returns offsets of ``Briefing.text``. A large briefing is shown
    one part at a time (see ``BriefingDocument.split``): going to an offset in another part shows
    that part first, and scrolling on past the end of a part (the wheel, Down, Page Down, Space)
    shows the next one from its top; past the top of one, the previous one at its end. Document
    positions are converted by the shown part (``position_of``, ``offset_of``) in this class only.

    Signals: ``mentionClicked(str actor_id)``, ``claimClicked(str claim_id)``,
    ``topOffsetChanged(int offset)`` (the offset shown at the top, on scroll),
    ``partChanged()`` (another briefing or another part of it is shown).
    """

    MEASURE_CHARS = 80  # a readable line: about 60 to 90 characters of the default font
    # The narrowest lines the view allows: a part of BriefingDocument.PART_CHARS characters in lines
    # this short stays under Qt's 8,388,607 px (5 million characters of prose: 5.3 million px at 20
    # characters a line, 7.7 million at 15; measured offscreen with the default font).
    MIN_LINE_CHARS = 24

    mentionClicked = Signal(str)
    claimClicked = Signal(str)
    noteClicked = Signal(str)
    topOffsetChanged = Signal(int)
    partChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setMouseTracking(True)
        # The room beside a centred text (viewport margins) is the page's colour, not the window's.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.anchorClicked.connect(self._open_link)
        margins = 2 * 24 + self.verticalScrollBar().sizeHint().width()  # the document's margins (24), the bar
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * self.MIN_LINE_CHARS + margins)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._content: BriefingDocument | None = None
        # Where the last block search ended, as a block number: a QTextBlock kept across a change of
        # document points into freed memory (docs/architecture.md, "Qt value objects").
        self._hint = 0
        self._empty = QTextDocument(self)  # shown when no briefing is
        self._notes = PlacedNotes()
        self._had_notes = False  # whether the notes had any at their last change (see _notes_changed)
        self._emphasised: str | None = None  # the actor whose mentions are outlined
        # The tooltip of a note by id, asked for when one is hovered (set by the notes controller).
        self.note_tooltip: Callable[[str], str | None] = lambda _note_id: None
        self.context_actions: list[QAction] = []

    def copy_selection(self) -> None:
        """Copy the selected text as the briefing has it (a long paragraph's block breaks are spaces there).

        Not by overriding createMimeDataFromSelection: a QMimeData made in Python and still on the
        clipboard when the process ends is destroyed after Python is, and that crashes the exit.
        """
        briefing = self.briefing
        if briefing is None or not self.textCursor().hasSelection():
            self.copy()
            return
        start, end = self.selection()
        QApplication.clipboard().setText(briefing.text[start:end])

    def selection(self) -> tuple[int, int]:
        """The offsets of the selected passage (both the cursor's offset when nothing is selected)."""
        cursor = self.textCursor()
        return self._offset(cursor.selectionStart()), self._offset(cursor.selectionEnd())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        content = self._content
        if content is not None and len(content.parts) > 1:
            # The start and the end of the briefing, not of the part.
            if event.matches(QKeySequence.StandardKey.MoveToStartOfDocument):
                self.show_part(0)
            elif event.matches(QKeySequence.StandardKey.MoveToEndOfDocument):
                self.show_part(len(content.parts) - 1)
        bar = self.verticalScrollBar()
        before, at_top, at_end = bar.value(), bar.value() <= 0, self._at_end()
        super().keyPressEvent(event)
        if content is None or bar.value() != before or event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            return
        # Shift with an arrow or a page key extends a selection, which stays within its part.
        key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        forward = key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Space) and not shift
        backward = (key in (Qt.Key.Key_Up, Qt.Key.Key_PageUp) and not shift) or (key == Qt.Key.Key_Space and shift)
        if forward and at_end:
            self.next_part()
        elif backward and at_top:
            self.previous_part()

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Never load anything: no image, no stylesheet, no local file."""
        return None

    def set_content(self, content: BriefingDocument | None) -> None:
        """Show a briefing's document (or nothing)."""
        self._emphasised = None
        self._show(content)

    def _show(self, content: BriefingDocument | None) -> None:
        self._content = content
        self._hint = 0
        # An empty document of the view's own, not the old one cleared: the old one is deleted next.
        self.setDocument(content.document if content is not None else self._empty)
        if content is not None:
            LayoutPacer.pace(content.document)
        # Another text starts at its top (the window then takes the reader to where they left it);
        # the old scroll value, clamped to what the new text has laid out so far, means nothing.
        self.verticalScrollBar().setValue(0)
        self.partChanged.emit()

    @property
    def content(self) -> BriefingDocument | None:
        """The document shown: the briefing's, or the shown part's."""
        return self._content

    # -- parts ------------------------------------------------------------------

    @property
    def part_number(self) -> int:
        """The number of the part shown, from 0 (0 for a briefing shown whole, or none)."""
        return self._content.part.number if self._content is not None else 0

    @property
    def part_count(self) -> int:
        """How many parts the shown briefing is shown in (1 for a briefing shown whole; 0 for none)."""
        return len(self._content.parts) if self._content is not None else 0

    def show_part(self, number: int, at_end: bool = False) -> None:
        """Show another part of the briefing, at its top (or at its end)."""
        content = self._content
        if content is None or not 0 <= number < len(content.parts) or number == content.part.number:
            return
        other = content.other_part(number)
        other.document.setParent(self)  # owned by the view, as the window's documents are
        self.setExtraSelections([])  # they point into the document let go (the finder paints them again)
        self._show(other)
        content.document.deleteLater()  # and its background layout with it
        if at_end:
            bar = self.verticalScrollBar()
            document = other.document
            document.documentLayout().blockBoundingRect(document.lastBlock())  # laid out to the end
            # The text cursor there too: Page Up and the arrows go on from where the reader is.
            cursor = QTextCursor(document)
            cursor.movePosition(QTextCursor.MoveOperation.End)
            self.setTextCursor(cursor)
            # The bar's range can lag behind the layout until the document next changes (as the highlights
            # of what comes into view are given): set again until it stays.
            for _ in range(3):
                if bar.value() == bar.maximum() > 0:
                    break
                bar.setValue(bar.maximum())
        self.format_visible()

    def next_part(self) -> None:
        """View › Next Part: the next part of the briefing, from its top."""
        self.show_part(self.part_number + 1)

    def previous_part(self) -> None:
        """View › Previous Part: the previous part of the briefing, at its end (where it leads into this one)."""
        self.show_part(self.part_number - 1, at_end=True)

    def _at_end(self) -> bool:
        """Whether the view shows the end of the part: its last block, laid out, within the view.

        Not the scroll bar's maximum alone: it grows while Qt lays the text out in the background,
        and a block given its highlights is laid out again (its lines are gone meanwhile).
        """
        bar = self.verticalScrollBar()
        if bar.value() < bar.maximum():
            return False
        document = self.document()
        last = document.documentLayout().blockBoundingRect(document.lastBlock())  # laid out to it, if need be
        return last.bottom() <= bar.value() + self.viewport().height()

    def _turn_by_wheel(self, event: QWheelEvent) -> bool:
        """Past the end of a part, the wheel goes on into the next one (past its top, into the previous)."""
        if (
            self._content is None
            or len(self._content.parts) == 1
            or event.modifiers() != Qt.KeyboardModifier.NoModifier
        ):
            return False
        delta = event.angleDelta().y()
        if delta < 0 and self._at_end() and self.part_number + 1 < self.part_count:
            self.next_part()
            return True
        if delta > 0 and self.verticalScrollBar().value() <= 0 and self.part_number > 0:
            self.previous_part()
            return True
        return False

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._turn_by_wheel(event):
            event.accept()
            return
        super().wheelEvent(event)

    def _show_offset_part(self, offset: int) -> BriefingDocument | None:
        """Show the part that holds ``offset`` (if another one is shown); the content shown."""
        content = self._content
        if content is not None and not content.part.start <= offset <= content.part.end:
            self.show_part(content.part_of(offset).number)
        return self._content

    def _offset(self, position: int) -> int:
        """The briefing offset of a position in the shown document."""
        return self._content.offset_of(position) if self._content is not None else position

    def _position(self, offset: int) -> int:
        """The position in the shown document of a briefing offset (kept within the shown part)."""
        return self._content.position_of(offset) if self._content is not None else offset

    def cursor_between(self, start: int, end: int) -> QTextCursor | None:
        """A text cursor on the shown document selecting ``[start, end)`` as far as the shown part has it;
        None when it has none of it. (Used at once: a cursor never outlives the part it was made on.)"""
        content = self._content
        if content is not None and (end < content.part.start or start > content.part.end):
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._position(start))
        cursor.setPosition(self._position(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def put_cursor(self, offset: int) -> None:
        """Put the text cursor at ``offset`` and scroll as little as brings it into view."""
        self._show_offset_part(offset)
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._position(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def show_notes(self, notes: PlacedNotes) -> None:
        """Paint these notes' passages (over the text, so actor and claim highlights stay visible)."""
        self._notes.unsubscribe(self._notes_changed)
        self._notes = notes
        notes.subscribe(self._notes_changed)
        self._notes_changed(None)

    def _notes_changed(self, _change: NotesChange | None) -> None:
        # Repainted when there were notes to paint or there are now: a window that opens a briefing
        # without notes does not ask viewport() before its first paint (see shown_range).
        had_notes, self._had_notes = self._had_notes, bool(len(self._notes))
        if had_notes or self._had_notes:
            self.viewport().update()

    def notes_at(self, offset: int) -> list[PlacedNote]:
        """The noted passages that contain ``offset``."""
        return self._notes.at(offset)

    @property
    def briefing(self) -> Briefing | None:
        """The briefing shown, if any."""
        return self._content.briefing if self._content else None

    # -- positions --------------------------------------------------------------

    def offset_at(self, point: QPoint) -> int:
        """The text offset under a viewport point."""
        return self._offset(self.cursorForPosition(point).position())

    def top_offset(self) -> int:
        """The offset of the first block shown at the top of the view."""
        return self._offset(self.block_at_y(self.verticalScrollBar().value() + 4).position())

    def range_between(self, top: float, bottom: float) -> tuple[int, int]:
        """The offsets from the start of the block at document height ``top`` to the end of the one at ``bottom``."""
        first, last = self.block_at_y(top), self.block_at_y(bottom)
        return self._offset(first.position()), self._offset(last.position() + last.length())

    def block_at_y(self, y: float) -> QTextBlock:
        """The block of the shown document at its height ``y`` (its position is not an offset: see range_between).

        Walks from the last block found rather than hit-testing: a hit test
        makes Qt lay out the whole document first, which takes a second on a
        large briefing, while this lays out only as far as the view shows.
        """
        document = self.document()
        layout = document.documentLayout()
        block = document.findBlockByNumber(min(self._hint, document.blockCount() - 1))
        while block.previous().isValid() and layout.blockBoundingRect(block).top() > y:
            block = block.previous()
        while block.next().isValid() and layout.blockBoundingRect(block.next()).top() <= y:
            block = block.next()
        self._hint = block.blockNumber()
        if layout.blockBoundingRect(block).bottom() < y and block.next().isValid():
            return block.next()  # y falls in the margin above the next block
        return block

    # Lines shown above the target of a jump into a paragraph, so that it reads in its context
    # and never sits at the very top edge with a sliver of the line before it.
    CONTEXT_LINES = 2

    def scroll_to_offset(
        self, start: int, end: int | None = None, select: bool = False, context_lines: bool = True
    ) -> None:
        """Bring ``start`` near the top of the view, whole lines above it; optionally select up to ``end``.

        A heading comes to the top itself; a place in a paragraph comes a couple of lines
        below it (at the top itself without ``context_lines``), the view starting at the top of a line;
        the lines above never reach past a heading into the section before.
        """
        content = self._show_offset_part(start)
        # A stale offset past the end: the end.
        last = content.part.end if content is not None else max(self.document().characterCount() - 1, 0)
        start = min(max(start, 0), last)
        cursor = self.textCursor()
        cursor.setPosition(self._position(start))
        if select and end is not None:
            cursor.setPosition(self._position(min(max(end, 0), last)), cursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        # Scrolling there can change what Qt has laid out and where (the target moved 216 px after it
        # was measured, near the end of a large briefing; found by the soak): measured again until
        # it stays. Each pass measures afresh: a block found before the scroll may be stale.
        bar = self.verticalScrollBar()
        for _ in range(3):
            top = self._line_top(start, context_lines) - 4
            if bar.value() == top:
                break
            bar.setValue(top)

    def _line_top(self, start: int, context_lines: bool) -> int:
        """The document height of the line to show at the top for ``start`` (see scroll_to_offset)."""
        layout = self.document().documentLayout()
        position = self._position(start)
        block = self.document().findBlock(position)
        layout.blockBoundingRect(block)  # lays the text out as far as this block, if it is not yet
        number = block.layout().lineForTextPosition(position - block.position()).lineNumber()
        context = 0 if block.blockFormat().headingLevel() or not context_lines else self.CONTEXT_LINES
        while context > 0:  # walk back whole lines, into the blocks before if need be
            if number > 0:
                number -= 1
            elif block.blockFormat().headingLevel():
                # Not past a heading: the target's section starts here, and what shows at the top
                # is what the Sections panel names (it named the section before).
                break
            elif block.previous().isValid() and block.previous().layout().lineCount():
                block = block.previous()
                number = block.layout().lineCount() - 1
            else:
                break
            context -= 1
        line = block.layout().lineAt(max(number, 0))
        return int(layout.blockBoundingRect(block).top() + (line.y() if line.isValid() else 0))

    def reading_offset(self) -> int:
        """Where the reader is: the offset that starts the first whole line at the top of the view.

        ``scroll_to_offset(offset, context_lines=False)`` brings the view back to the same line.
        """
        y = self.verticalScrollBar().value()
        block = self.block_at_y(y)
        top = self.document().documentLayout().blockBoundingRect(block).top()
        lines = block.layout()
        for number in range(lines.lineCount()):
            line = lines.lineAt(number)
            if top + line.y() >= y:
                return self._offset(block.position() + line.textStart())
        after = block.next()  # the block's last line is cut at the top: the next one's first
        return self._offset(after.position() if after.isValid() else block.position())

    def mention_at(self, offset: int) -> Mention | None:
        """The mention that contains ``offset``, if any."""
        found = self.briefing.mentions_in(offset, offset + 1) if self.briefing else []
        return found[0] if found else None

    def claim_at(self, offset: int) -> Claim | None:
        """The claim that contains ``offset``, if any (claims do not nest)."""
        found = self.briefing.claims_in(offset, offset + 1) if self.briefing else []
        return found[0] if found else None

    # -- events -----------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._show_tooltip(event)
            return True
        if event.type() == QEvent.Type.Wheel:
            # The wheel over the room beside a centred text (the view's margin, outside its
            # viewport) scrolls the text, as it does over the text itself.
            if isinstance(event, QWheelEvent) and self._turn_by_wheel(event):
                return True
            return QApplication.sendEvent(self.verticalScrollBar(), event)
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
            parts += [tip for placed in self.notes_at(offset) if (tip := self.note_tooltip(placed.id))]
        from PySide6.QtWidgets import QToolTip

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
        notes = self.notes_at(offset)
        if notes:
            self.noteClicked.emit(notes[-1].id)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        standard = menu.actions()
        for action in standard:
            if action.objectName() == "edit-copy":  # Qt's own Copy, made to copy as Ctrl+C does
                action.triggered.disconnect()
                action.triggered.connect(self.copy_selection)
        if self.context_actions and standard:
            # Ours first, then a line, then Qt's own (copy, select all).
            menu.insertActions(standard[0], self.context_actions)
            menu.insertSeparator(standard[0])
        elif self.context_actions:
            menu.addActions(self.context_actions)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _open_link(self, url: QUrl) -> None:
        if url.scheme().lower() in SAFE_SCHEMES:
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(url)

    def _scrolled(self, _value: int) -> None:
        if self._content is not None:
            self.format_visible()
            self.topOffsetChanged.emit(self.top_offset())

    def format_visible(self) -> bool:
        """Give the blocks on screen their highlights, when the document is formatted lazily.

        Returns whether any block was waiting for them.
        """
        content = self._content
        if content is None or content.fully_formatted:
            return False
        return content.format_range(*self.shown_range())

    def shown_range(self) -> tuple[int, int]:
        """The offsets from the first to the last block the view shows (whole blocks)."""
        top = self.verticalScrollBar().value()
        # The viewport's height, or more when a horizontal scroll bar takes some of it: not asked of
        # viewport(), which PySide6 answers the first time by building the type of every widget
        # class in QtWidgets to find which one it is (25 ms of a start-up, spent on dialogs).
        return self.range_between(top, top + self.maximumViewportSize().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._keep_measure()
        super().resizeEvent(event)
        self.format_visible()

    def _keep_measure(self) -> None:
        """Lines of at most about MEASURE_CHARS characters: on a wide window the text is centred.

        The room beside it is the view's own margin, so a wider window lays nothing out again.
        """
        widest = self.fontMetrics().averageCharWidth() * self.MEASURE_CHARS + 2 * self.document().documentMargin()
        bar = self.verticalScrollBar().sizeHint().width()
        side = max(0, int(self.width() - bar - widest) // 2)
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._content is not None:
            self._paint_notes(event.rect())
            self._paint_quotes(event.rect())
            self._paint_emphasis(event.rect())

    def emphasise_actor(self, actor_id: str | None) -> None:
        """Outline the mentions of this actor (the one selected in the Actors panel), or of none."""
        if actor_id != self._emphasised:
            self._emphasised = actor_id
            self.viewport().update()

    def _paint_emphasis(self, area: QRect) -> None:
        """A frame around each mention of the emphasised actor on screen: where it is, at a glance."""
        content = self._content
        if self._emphasised is None or content is None or self._emphasised in content.hidden:
            return
        color = content.colors.get(self._emphasised)
        if color is None:
            return
        dy = -self.verticalScrollBar().value()
        dx = -self.horizontalScrollBar().value()
        low, high = self.range_between(area.top() - dy, area.bottom() - dy)
        layout = self.document().documentLayout()
        painter = QPainter(self.viewport())
        pen = QPen(color.darker(260) if not is_dark(self.palette()) else color.lighter(170))
        pen.setWidth(2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for mention in content.briefing.mentions_in(low, high):
            if mention.actor_id == self._emphasised:
                for rect in self._passage_rects(layout, mention.start, mention.end, dx, dy):
                    painter.drawRect(rect.adjusted(-1, 0, 1, -1))
        painter.end()

    def _paint_notes(self, area: QRect) -> None:
        """Each noted passage tinted with its colour, and a margin marker where the note has text.

        The tint is multiplied (screened on a dark palette) over the text, so
        that actor fills and claim underlines under it stay visible.
        """
        if not len(self._notes):
            return
        document = self.document()
        layout = document.documentLayout()
        dy = -self.verticalScrollBar().value()
        dx = -self.horizontalScrollBar().value()
        low_offset, high_offset = self.range_between(area.top() - dy, area.bottom() - dy)
        painter = QPainter(self.viewport())
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        for placed in self._notes.overlapping(low_offset, high_offset):
            start, end = placed.start or 0, placed.end or 0
            color = QColor(color_hex(placed.note.color))
            painter.setCompositionMode(
                QPainter.CompositionMode.CompositionMode_Screen
                if dark
                else QPainter.CompositionMode.CompositionMode_Multiply
            )
            # Only the part on screen: a note on a whole 6 MB text took 0.4 s to paint walking it all.
            rects = self._passage_rects(layout, max(start, low_offset), min(end, high_offset), dx, dy)
            tint = note_tint(placed.note.color, color, dark)
            for rect in rects:
                painter.fillRect(rect, tint)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            # The marker of a note with text is at the passage's start.
            if placed.note.text.strip() and rects and start >= low_offset:
                first_rect = rects[0]
                marker = QRect(
                    int(dx + document.documentMargin() / 2 - 4),
                    first_rect.top() + 2,
                    7,
                    max(first_rect.height() - 4, 6),
                )
                painter.setPen(color.darker(160))
                painter.setBrush(color)
                painter.drawRoundedRect(marker, 2, 2)
        painter.end()

    def _passage_rects(self, layout: Any, start: int, end: int, dx: int, dy: int) -> list[QRect]:
        """The on-screen rectangles of a passage (offsets), one per line it covers in the shown part."""
        rects: list[QRect] = []
        start, end = self._position(start), self._position(end)
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            text_layout = block.layout()
            origin = layout.blockBoundingRect(block).topLeft()
            base = block.position()
            for number in range(text_layout.lineCount()):
                line = text_layout.lineAt(number)
                line_start, line_end = base + line.textStart(), base + line.textStart() + line.textLength()
                low, high = max(start, line_start), min(end, line_end)
                if low >= high:
                    continue
                x1, x2 = _x_at(line, low - base), _x_at(line, high - base)
                rects.append(
                    QRect(
                        int(origin.x() + x1 + dx),
                        int(origin.y() + line.y() + dy),
                        max(int(x2 - x1), 2),
                        int(line.height()),
                    )
                )
            block = block.next()
        return rects

    def _paint_quotes(self, area: QRect) -> None:
        """A bar beside quoted paragraphs and the speaker's name above each quote."""
        document = self.document()
        layout = document.documentLayout()
        dy = -self.verticalScrollBar().value()
        top = self.block_at_y(area.top() - dy)
        bottom = self.block_at_y(area.bottom() - dy)
        painter: QPainter | None = None  # made at the first quote: a screen without one never asks viewport()
        dx = -self.horizontalScrollBar().value()
        muted = muted_text(self.palette())
        block = top
        while block.isValid():
            fmt = block.blockFormat()
            if fmt.leftMargin() >= QUOTE_MARGIN and block.blockFormat().headingLevel() == 0:
                if painter is None:
                    painter = QPainter(self.viewport())
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
        if painter is not None:
            painter.end()


def _x_at(line: QTextLine, position: int) -> float:
    """Where in ``line`` the cursor stands before ``position`` (of its block), in pixels."""
    # PySide6's stub says object; it returns (x, position), the C++ in-out argument appended.
    return cast("tuple[float, int]", line.cursorToX(position))[0]
