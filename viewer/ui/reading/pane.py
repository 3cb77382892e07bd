"""ReadingPane: the briefing's header, its text and the find bar, one above the other."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.ui.reading.find_bar import FindBar
from viewer.ui.reading.header import MetaHeader
from viewer.ui.reading.view import DocumentView


class ReadingPane(QWidget):
    """The window's centre: ``header`` (MetaHeader), ``view`` (DocumentView), ``find_bar`` (hidden at first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = MetaHeader(self)
        layout.addWidget(self.header)
        self.view = DocumentView(self)
        self.view.setAcceptDrops(False)
        self.view.setFrameShape(self.view.frameShape().NoFrame)
        layout.addWidget(self.view, 1)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        layout.addWidget(self.find_bar)
        self.view.verticalScrollBar().valueChanged.connect(self._fold_header)

    def _fold_header(self, value: int) -> None:
        """Once the reader scrolls into the text, the header keeps only the title.

        Not for a text that the room given back would make fit: it would snap back to the top.
        """
        compact = self.header.is_compact()
        if value <= 0 and self.view.part_number == 0:  # (the top of a later part is not the briefing's)
            compact = False
        elif not compact:
            room = self.header.height() - self.header.title.height()
            compact = self.view.verticalScrollBar().maximum() > room
        if compact != self.header.is_compact():
            self.header.set_compact(compact)
            # Now, not at the next turn of the event loop: the text takes the room in the same paint.
            for layout in (self.header.layout(), self.layout()):
                if layout is not None:
                    layout.activate()
