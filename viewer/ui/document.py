"""The rich text of a briefing, built with QTextCursor and character formats (never HTML)."""

from __future__ import annotations

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
    QTextListFormat,
)

from viewer.model.briefing import Block, BlockKind, Briefing
from viewer.ui.palette import CLAIM_COLOR, actor_colors, is_dark

# Block property: the speaker label drawn above the first paragraph of a quote.
QUOTE_SPEAKER = QTextFormat.Property.UserProperty + 1
QUOTE_MARGIN = 28
SPEAKER_SPACE = 22

_UNDERLINES = {
    "high": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "moderate": QTextCharFormat.UnderlineStyle.DashUnderline,
    "low": QTextCharFormat.UnderlineStyle.DotLine,
    None: QTextCharFormat.UnderlineStyle.DashDotLine,
}


class BriefingDocument:
    """A QTextDocument whose positions are the offsets of ``Briefing.text``.

    Attributes: ``briefing``, ``document`` (the QTextDocument), ``colors``
    (actor id → highlight colour) and ``hidden`` (actor ids whose highlights
    are switched off).
    """

    def __init__(self, briefing: Briefing, palette: QPalette, base_font: QFont) -> None:
        self.briefing = briefing
        self.palette = palette
        self.colors = actor_colors(briefing, is_dark(palette))
        self.hidden: set[str] = set()
        self.document = QTextDocument()
        self.document.setUndoRedoEnabled(False)
        self.document.setDefaultFont(base_font)
        self.document.setDocumentMargin(24)
        self._build(base_font)

    # -- building ---------------------------------------------------------------

    def _build(self, base_font: QFont) -> None:
        briefing = self.briefing
        text = briefing.text
        cursor = QTextCursor(self.document)
        cursor.beginEditBlock()
        current_list = None
        for index, block in enumerate(briefing.blocks):
            block_format, char_format = self._formats(block, base_font)
            if index == 0:
                cursor.setBlockFormat(block_format)
                cursor.setBlockCharFormat(char_format)
            else:
                cursor.insertBlock(block_format, char_format)
            cursor.insertText(text[block.start : block.end], char_format)
            if block.kind is BlockKind.ITEM:
                if block.first_in_group or current_list is None:
                    list_format = QTextListFormat()
                    list_format.setStyle(
                        QTextListFormat.Style.ListDecimal
                        if block.list_type == "ordered"
                        else QTextListFormat.Style.ListDisc
                    )
                    list_format.setIndent(1)
                    current_list = cursor.createList(list_format)
                else:
                    current_list.add(cursor.block())
        self._merge_spans(cursor)
        cursor.endEditBlock()

    def _formats(self, block: Block, base_font: QFont) -> tuple[QTextBlockFormat, QTextCharFormat]:
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
                block_format.setProperty(QUOTE_SPEAKER, f"{speaker.name}:" if speaker else "Quoted:")
        return block_format, char_format

    def _merge_spans(self, cursor: QTextCursor) -> None:
        briefing = self.briefing
        italic = QTextCharFormat()
        italic.setFontItalic(True)
        for span in briefing.emphases:
            _merge(cursor, span.start, span.end, italic)
        link_color = self.palette.color(QPalette.ColorRole.Link)
        for link in briefing.links:
            link_format = QTextCharFormat()
            link_format.setAnchor(True)
            link_format.setAnchorHref(link.href)
            link_format.setForeground(QBrush(link_color))
            link_format.setFontUnderline(True)
            _merge(cursor, link.start, link.end, link_format)
        for claim in briefing.claims:
            claim_format = QTextCharFormat()
            claim_format.setUnderlineStyle(_UNDERLINES.get(claim.confidence, _UNDERLINES[None]))
            claim_format.setUnderlineColor(QColor(CLAIM_COLOR))
            _merge(cursor, claim.start, claim.end, claim_format)
        formats: dict[str, QTextCharFormat] = {}
        for mention in briefing.mentions:
            mention_format = formats.get(mention.actor_id)
            if mention_format is None:
                mention_format = formats[mention.actor_id] = self._mention_format(mention.actor_id, True)
            _merge(cursor, mention.start, mention.end, mention_format)

    def _mention_format(self, actor_id: str, visible: bool) -> QTextCharFormat:
        mention_format = QTextCharFormat()
        color = self.colors.get(actor_id)
        if visible and color is not None:
            # Pale tints in a light palette, deep shades in a dark one: the text colour keeps its contrast.
            mention_format.setBackground(QBrush(color))
        else:
            mention_format.setBackground(QBrush())
        return mention_format

    # -- restyling --------------------------------------------------------------

    def set_actor_visible(self, actor_id: str, visible: bool) -> None:
        """Show or hide the highlights of one actor's mentions."""
        if visible == (actor_id not in self.hidden):
            return
        if visible:
            self.hidden.discard(actor_id)
        else:
            self.hidden.add(actor_id)
        mention_format = self._mention_format(actor_id, visible)
        cursor = QTextCursor(self.document)
        cursor.beginEditBlock()
        for mention in self.briefing.mentions:
            if mention.actor_id == actor_id:
                _merge(cursor, mention.start, mention.end, mention_format)
        cursor.endEditBlock()


def _merge(cursor: QTextCursor, start: int, end: int, char_format: QTextCharFormat) -> None:
    if end <= start:
        return
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeCharFormat(char_format)
