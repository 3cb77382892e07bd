"""NoteCardDelegate: each note painted as a card (its text, the quoted passage, colour, tags) in the list's width."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from viewer.ui.notes.model import (
    COLOR_NAME_ROLE,
    COLOR_ROLE,
    GROUP_ROLE,
    NOTE_TEXT_ROLE,
    QUOTE_ROLE,
    STATE_ROLE,
    TAGS_ROLE,
)

_Index = QModelIndex | QPersistentModelIndex
PAD = 6  # around a card's content
GAP = 3  # between a card's lines
TEXT_LINES = 2  # the note's text: its first two lines; the tooltip and the editor hold the rest
SWATCH = 12
CHIP_PAD = 5


@dataclass(frozen=True)
class Piece:
    """One thing painted on a row: ``kind`` (heading, text, placeholder, quote, swatch, colour, chip, state)."""

    kind: str
    rect: QRect
    text: str


def _mix(one: QColor, other: QColor, share: float) -> QColor:
    """``one`` with ``share`` of ``other``."""
    return QColor(
        round(one.red() * (1 - share) + other.red() * share),
        round(one.green() * (1 - share) + other.green() * share),
        round(one.blue() * (1 - share) + other.blue() * share),
    )


def _split_count(heading: str) -> tuple[str, str]:
    """A heading's title and its " (count)" ending, apart."""
    at = heading.rfind(" (")
    if at > 0 and heading.endswith(")") and heading[at + 2 : -1].isdigit():
        return heading[:at], heading[at:]
    return heading, ""


def wrapped_lines(text: str, font: QFont, width: int, most: int) -> list[str]:
    """``text`` broken into at most ``most`` lines of ``width`` pixels, the last elided if the text goes on."""
    metrics = QFontMetrics(font)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    while len(lines) < most:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        if len(lines) == most - 1 and start + length < len(text):
            lines.append(metrics.elidedText(text[start:], Qt.TextElideMode.ElideRight, width))
        else:
            lines.append(text[start : start + length].rstrip())
    layout.endLayout()
    return lines


class NoteCardDelegate(QStyledItemDelegate):
    """Paints heading rows as a bold title with a rule, and note rows as cards.

    A card: the note's text (up to two lines), the quoted passage under it (one line, in a
    softer colour that keeps 4.5:1 contrast on the base colour), then a swatch with the
    colour's name, the tags as chips and the note's state (moved, reworded, more bodies). Every row has a fixed height
    (``card_height()``, ``heading_height()``), so the view never measures rows one by one: a
    list of 10,000 notes lays out at once. What a card cannot hold is in the row's tooltip.
    """

    # -- sizes --------------------------------------------------------------------

    @staticmethod
    def _metrics(font: QFont) -> QFontMetrics:
        return QFontMetrics(font)

    def card_height(self, font: QFont) -> int:
        """The height of a note's row."""
        line = self._metrics(font).lineSpacing()
        return 2 * PAD + TEXT_LINES * line + GAP + line + GAP + self._chip_height(font)

    def heading_height(self, font: QFont) -> int:
        """The height of a section heading's row."""
        return self._metrics(font).height() + 2 * PAD

    def _chip_height(self, font: QFont) -> int:
        return self._metrics(font).height() + 2

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        height = self.heading_height(option.font) if index.data(GROUP_ROLE) else self.card_height(option.font)
        return QSize(option.rect.width(), height)

    # -- layout -------------------------------------------------------------------

    def pieces(self, rect: QRect, font: QFont, index: _Index) -> list[Piece]:
        """What a row shows and where, inside ``rect``: what ``paint`` draws, and what tests read."""
        metrics = self._metrics(font)
        inner = rect.adjusted(PAD, PAD, -PAD, -PAD)
        width = max(inner.width(), 1)
        if index.data(GROUP_ROLE):
            bold = QFont(font)
            bold.setBold(True)
            # "Title (count)": the title is cut if need be, never the count.
            title, count = _split_count(str(index.data() or ""))
            bold_metrics = QFontMetrics(bold)
            room = width - bold_metrics.horizontalAdvance(count) - 2
            title = bold_metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(room, 0)) + count
            return [Piece("heading", QRect(inner.left(), inner.top(), width, metrics.height()), title)]
        line = metrics.lineSpacing()
        pieces: list[Piece] = []
        y = inner.top()
        text = str(index.data(NOTE_TEXT_ROLE) or "")
        if text:
            for shown in wrapped_lines(text, font, width, TEXT_LINES):
                pieces.append(Piece("text", QRect(inner.left(), y, width, line), shown))
                y += line
        else:
            pieces.append(Piece("placeholder", QRect(inner.left(), y, width, line), "Highlight, no text"))
        y = inner.top() + TEXT_LINES * line + GAP
        italic = QFont(font)
        italic.setItalic(True)
        quote = QFontMetrics(italic).elidedText(f"“{index.data(QUOTE_ROLE) or ''}”", Qt.TextElideMode.ElideRight, width)
        pieces.append(Piece("quote", QRect(inner.left(), y, width, line), quote))
        y += line + GAP
        chip = self._chip_height(font)
        x = inner.left()
        right = inner.left() + width
        pieces.append(Piece("swatch", QRect(x, y + (chip - SWATCH) // 2, SWATCH, SWATCH), ""))
        x += SWATCH + 4
        name = str(index.data(COLOR_NAME_ROLE) or "")
        # A pixel of room: elidedText() elides a text given exactly its own advance on some fonts.
        name_width = min(metrics.horizontalAdvance(name) + 2, max(right - x, 0))
        pieces.append(
            Piece(
                "colour",
                QRect(x, y, name_width, chip),
                metrics.elidedText(name, Qt.TextElideMode.ElideRight, name_width),
            )
        )
        x += name_width + 8
        state = str(index.data(STATE_ROLE) or "")
        state_width = metrics.horizontalAdvance(state) if state else 0
        tags: list[str] = list(index.data(TAGS_ROLE) or [])
        for number, tag in enumerate(tags):
            room = right - x - (state_width + 8 if state else 0)
            chip_width = metrics.horizontalAdvance(tag) + 2 * CHIP_PAD
            if chip_width > room:
                more = f"+{len(tags) - number}"
                more_width = metrics.horizontalAdvance(more) + 2 * CHIP_PAD
                if number and more_width <= right - x:
                    pieces.append(Piece("chip", QRect(x, y, more_width, chip), more))
                    x += more_width + 4
                elif room > 2 * CHIP_PAD + metrics.horizontalAdvance("…"):
                    shown = metrics.elidedText(tag, Qt.TextElideMode.ElideRight, room - 2 * CHIP_PAD)
                    pieces.append(Piece("chip", QRect(x, y, room, chip), shown))
                    x += room + 4
                break
            pieces.append(Piece("chip", QRect(x, y, chip_width, chip), tag))
            x += chip_width + 4
        if state and x < right:
            shown = metrics.elidedText(state, Qt.TextElideMode.ElideRight, right - x)
            pieces.append(Piece("state", QRect(x, y, right - x, chip), shown))
        return pieces

    # -- painting -----------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        # Here: PySide6 builds its QStyle type (9 ms) when first named; the notes panel is not on screen at start.
        from PySide6.QtWidgets import QStyle

        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        options.icon = options.icon.__class__()
        widget = options.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, options, painter, widget)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        ink = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        ground = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        # The quote: softer than the text; black on white gives #595959, 7:1 (above the 4.5:1 of WCAG AA).
        soft = _mix(ink, ground, 0.35)
        painter.save()
        font = QFont(option.font)
        for piece in self.pieces(option.rect, font, index):
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            if piece.kind == "heading":
                bold = QFont(font)
                bold.setBold(True)
                painter.setFont(bold)
                painter.setPen(ink)
                painter.drawText(piece.rect, flags, piece.text)
                painter.setPen(_mix(ink, ground, 0.7))
                bottom = option.rect.bottom() - 1
                painter.drawLine(option.rect.left() + PAD, bottom, option.rect.right() - PAD, bottom)
                continue
            painter.setFont(font)
            if piece.kind == "text":
                painter.setPen(ink)
                painter.drawText(piece.rect, flags, piece.text)
            elif piece.kind in ("placeholder", "quote", "state"):
                italic = QFont(font)
                italic.setItalic(piece.kind != "state")
                painter.setFont(italic)
                painter.setPen(soft)
                painter.drawText(piece.rect, flags, piece.text)
            elif piece.kind == "swatch":
                color = index.data(COLOR_ROLE)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(_mix(QColor(color), QColor("black"), 0.4))
                painter.setBrush(QColor(color))
                painter.drawRoundedRect(piece.rect, 3, 3)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            elif piece.kind == "colour":
                painter.setPen(ink)
                painter.drawText(piece.rect, flags, piece.text)
            elif piece.kind == "chip":
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(_mix(ink, ground, 0.6))
                painter.setBrush(_mix(ground, ink, 0.08))
                painter.drawRoundedRect(piece.rect.adjusted(0, 0, -1, -1), 6, 6)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                painter.setPen(ink)
                painter.drawText(piece.rect, Qt.AlignmentFlag.AlignCenter, piece.text)
        if not index.data(GROUP_ROLE):
            painter.setPen(_mix(ink, ground, 0.85))  # a faint rule between cards
            bottom = option.rect.bottom()
            painter.drawLine(option.rect.left(), bottom, option.rect.right(), bottom)
        painter.restore()

    # -- editing in place ------------------------------------------------------------

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: _Index) -> None:
        # The text is edited where it is shown: over the card's first lines, not over the whole card.
        height = max(editor.sizeHint().height(), self._metrics(option.font).lineSpacing() + 6)
        rect = option.rect.adjusted(PAD - 2, PAD - 3, -(PAD - 2), 0)
        rect.setHeight(height)
        editor.setGeometry(rect)
