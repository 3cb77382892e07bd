"""MetaHeader: the briefing's title and meta data above the text, all as plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from viewer.model.briefing import Briefing
from viewer.ui.common.clip import TEXT_CHARS, clip, wrapping
from viewer.ui.common.palette import muted_text


def _label(parent: QWidget, scale: float = 1.0, bold: bool = False, muted: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # briefing text is never interpreted
    wrapping(label)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    if muted:  # secondary, but readable (WCAG AA) on the window's background
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, _muted(palette))
        label.setPalette(palette)
    return label


def _muted(palette: QPalette) -> QColor:
    page = QPalette(palette)
    page.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.WindowText))
    page.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
    return muted_text(page)


class MetaHeader(QWidget):
    """Title, subtitle, a line of date · authors · sources, the summary and keywords.

    Compact (:meth:`set_compact`), it keeps only the title: once the reader scrolls
    into the text, the details give their room back to it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 6)
        layout.setSpacing(3)
        self.title = _label(self, 1.7, bold=True)
        self.subtitle = _label(self, 1.15)
        self.facts = _label(self, 0.95, muted=True)
        self.summary = _label(self)
        self.keywords = _label(self, 0.95, muted=True)
        for label in (self.title, self.subtitle, self.facts, self.summary, self.keywords):
            layout.addWidget(label)
        self._details: list[QLabel] = []  # the detail labels that have something to show
        self._compact = False
        self.set_briefing(None)

    def set_compact(self, compact: bool) -> None:
        """Show only the title (True) or everything the briefing has (False)."""
        if compact == self._compact:
            return
        self._compact = compact
        self._show_details()

    def is_compact(self) -> bool:
        return self._compact

    def _show_details(self) -> None:
        for label in (self.subtitle, self.facts, self.summary, self.keywords):
            label.setVisible(not self._compact and label in self._details)

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Show a briefing's meta data (or a welcome line)."""
        if briefing is None:
            self.title.setText("No briefing open")
            self.subtitle.setText("Open one with File › Open (Ctrl+O), or drop a file on this window.")
            self._details = [self.subtitle]
            self._compact = False
            self._show_details()
            return
        meta = briefing.meta
        # Clipped: a label is measured and laid out whole, and a megabyte of title took seconds (see clip).
        self.title.setText(clip(meta.title))
        self.subtitle.setText(clip(meta.subtitle or ""))
        facts = [meta.date or "", clip(", ".join(clip(author) for author in meta.authors))]
        facts += [clip(s.text) + (f" <{clip(s.href)}>" if s.href else "") for s in meta.sources]
        self.facts.setText(clip(" · ".join(f for f in facts if f), TEXT_CHARS))
        self.summary.setText(clip(meta.summary or "", TEXT_CHARS))
        keywords = clip(", ".join(clip(keyword) for keyword in meta.keywords), TEXT_CHARS)
        self.keywords.setText("Keywords: " + keywords if meta.keywords else "")
        shown = (meta.subtitle, any(facts), meta.summary, meta.keywords)
        self._details = [
            label
            for label, has in zip((self.subtitle, self.facts, self.summary, self.keywords), shown, strict=True)
            if has
        ]
        self._show_details()
