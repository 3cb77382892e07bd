"""FindController: Edit › Find over the shown briefing, its matches painted around what is visible."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat
from PySide6.QtWidgets import QTextEdit

from viewer.model.briefing import Briefing
from viewer.model.search import TextSearch
from viewer.ui.reading.find_bar import FindBar
from viewer.ui.reading.view import DocumentView


class FindController(QObject):
    """Finds in the briefing the view shows, from the find bar's query.

    ``matches`` are the (start, end) offsets of the query's matches, in order; ``current``
    the index of the one gone to (-1: none).
    """

    def __init__(self, view: DocumentView, bar: FindBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.bar = bar
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self._briefing: Briefing | None = None
        self._search: TextSearch | None = None
        bar.queryChanged.connect(self._find)
        bar.nextRequested.connect(self.next)
        bar.previousRequested.connect(self.previous)
        bar.closed.connect(self.hide)
        # Escape in the text closes the bar too, as in a browser: after a click in the text while
        # the bar is open, Escape would otherwise do nothing at all.
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), view, context=Qt.ShortcutContext.WidgetShortcut)
        self._escape.setEnabled(False)
        self._escape.activated.connect(self.hide)
        view.verticalScrollBar().valueChanged.connect(self._scrolled)
        view.partChanged.connect(self._scrolled)

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Find in another briefing (or none): the bar closes, the index is built at the first search."""
        self.hide()
        self._briefing = briefing
        self._search = None

    def show(self) -> None:
        """Edit › Find: show the find bar, with the selection as the query."""
        selected = self.view.textCursor().selectedText()
        self.bar.show()
        self._escape.setEnabled(True)
        if selected and "\u2029" not in selected and len(selected) < 100:
            self.bar.edit.setText(selected)
        self.bar.edit.setFocus()
        self.bar.edit.selectAll()

    def hide(self) -> None:
        """Close the find bar and clear its highlights."""
        self.bar.hide()
        self._escape.setEnabled(False)
        self.matches, self.current = [], -1
        self.view.setExtraSelections([])
        self.view.setFocus()

    def next(self) -> None:
        """Edit › Find Next: go to the next match."""
        self._move(1)

    def previous(self) -> None:
        """Edit › Find Previous: go to the previous match."""
        self._move(-1)

    def _find(self, query: str) -> None:
        if self._briefing is None:
            return
        if self._search is None:
            self._search = TextSearch(self._briefing.text)
        self.matches = self._search.find_all(query)
        top = self.view.top_offset()
        self.current = next((i for i, (start, _) in enumerate(self.matches) if start >= top), 0) if self.matches else -1
        self._paint()

    def _move(self, step: int) -> None:
        if not self.bar.isVisible():
            self.show()
            return
        if not self.matches:
            return
        self.current = (self.current + step) % len(self.matches)
        self._paint()

    def _scrolled(self, _value: int = 0) -> None:
        if self.bar.isVisible():
            self._highlight_visible()

    def _paint(self) -> None:
        """Update the count and bring the current match into view."""
        self.bar.show_count(self.current, len(self.matches))
        if 0 <= self.current < len(self.matches):
            start, _end = self.matches[self.current]
            self.view.put_cursor(start)  # (in another part of a large briefing, that part is shown)
        self._highlight_visible()

    def _highlight_visible(self) -> None:
        """Highlight the matches in and around the visible part of the text.

        Only those: a common word can match tens of thousands of times, and one
        extra selection per match would make every keystroke slow.
        """
        if not self.matches:
            self.view.setExtraSelections([])
            return
        scroll = self.view.verticalScrollBar().value()
        height = self.view.viewport().height()
        first, last = self.view.range_between(max(scroll - height, 0), scroll + 2 * height)
        low = bisect.bisect_left(self.matches, (first, 0))
        high = bisect.bisect_right(self.matches, (last, last))
        every = QTextCharFormat()
        every.setBackground(QColor(255, 235, 59, 150))
        current = QTextCharFormat()
        current.setBackground(QColor(255, 152, 0))
        selections = []
        for number in range(low, high):
            start, end = self.matches[number]
            cursor = self.view.cursor_between(start, end)
            if cursor is None:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = current if number == self.current else every
            selections.append(selection)
        self.view.setExtraSelections(selections)
