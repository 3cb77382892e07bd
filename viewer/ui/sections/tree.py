"""SectionTree: the Sections panel, which follows the text as it scrolls and scrolls it when a section is chosen."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QHeaderView, QTreeView, QWidget

from viewer.model.briefing import Briefing
from viewer.ui.common.roles import OFFSET_ROLE
from viewer.ui.reading.view import DocumentView
from viewer.ui.sections.delegate import SectionTitleDelegate
from viewer.ui.sections.model import SectionTreeModel


class SectionTree(QTreeView):
    """The shown briefing's sections (``sections``, a SectionTreeModel), kept in step with ``view``."""

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.sections = SectionTreeModel(parent=self)
        self._briefing: Briefing | None = None
        self._syncing = False
        self.setModel(self.sections)
        # Long titles wrap onto as many lines as they need (never cut), so rows differ in height.
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setItemDelegateForColumn(0, SectionTitleDelegate(self))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Count columns of a fixed width: fitting them to their contents would read every row on each change.
        count_width = self.fontMetrics().horizontalAdvance("Claims") + 8
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, count_width)
        header.sectionResized.connect(self._column_resized)
        self.sections.modelReset.connect(self.expandAll)
        # The model holds sections as far as they are needed: those that come later open expanded too.
        self.sections.rowsInserted.connect(self._expand_new)
        self.selectionModel().currentChanged.connect(self._chosen)
        self.clicked.connect(lambda index: self._chosen(index, QModelIndex()))
        view.topOffsetChanged.connect(self._follow_scroll)

    @property
    def briefing(self) -> Briefing | None:
        """The briefing whose sections are shown."""
        return self._briefing

    # Above this many sections, each title takes one line (its end cut, the whole in its tooltip): the
    # tree measures every row of many heights, and following the text 20,000 sections on (a part of a
    # large briefing) took 1.5 to 5 s in the 100,000-section briefing; 0.2 to 0.7 s with one height.
    WRAP_SECTIONS = 10_000

    def set_briefing(self, briefing: Briefing | None, first: int | None = None) -> None:
        """Show another briefing's sections (``first``: see SectionTreeModel.set_briefing)."""
        self._briefing = briefing
        one_line = briefing is not None and briefing.section_count > self.WRAP_SECTIONS
        if one_line == self.wordWrap():
            self.setUniformRowHeights(one_line)
            self.setWordWrap(not one_line)
        self.sections.set_briefing(briefing, first)

    def _column_resized(self, column: int, old: int, new: int) -> None:
        if column == 0 and old != new:
            self.scheduleDelayedItemsLayout()  # the titles wrap anew at the new width

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        from PySide6.QtGui import QAccessible  # (not built before the first change: its 8 enums)

        if top_left.column() > 0 and not QAccessible.isActive():
            # Only counts changed: a row's height is its title's, so no title needs measuring again,
            # and painting asks for the counts shown (Qt measures every row of the change to find
            # what to paint: the counts of 10,000 notes took 260 ms). Told as usual to a screen reader.
            self.viewport().update()
            return
        super().dataChanged(top_left, bottom_right, list(roles))

    def verticalScrollbarValueChanged(self, value: int) -> None:
        if value == self.verticalScrollBar().maximum():  # the end of the list: the sections that follow
            self.sections.hold_more()
        super().verticalScrollbarValueChanged(value)

    def _expand_new(self, parent: QModelIndex, first: int, _last: int) -> None:
        if parent.isValid() and first == 0:  # a section's first rows: open it, as every one is
            self.expand(parent)

    def go_to_section(self, section_id: str) -> bool:
        """Scroll the text to a section and select it here."""
        index = self.sections.index_of(section_id)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self._chosen(index, QModelIndex())
        return True

    def _chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not index.isValid():
            return
        offset = index.data(OFFSET_ROLE)
        if offset is not None:
            self._syncing = True
            self.view.scroll_to_offset(int(offset))
            self._syncing = False

    def follow(self, offset: int) -> None:
        """Choose the section at the top of the text (``offset``), as when the text scrolls there."""
        self._follow_scroll(offset)

    def _follow_scroll(self, offset: int) -> None:
        if self._syncing or self._briefing is None:
            return
        section = self._briefing.section_at(offset)
        if section is None:
            return
        scrollbar = self.view.verticalScrollBar()
        current = self.currentIndex().data(OFFSET_ROLE)
        if scrollbar.value() == scrollbar.maximum() and current is not None and int(current) >= offset:
            return  # at the end, a short last section that cannot reach the top stays chosen
        index = self.sections.index_of(section.id)
        if index.isValid() and index != self.currentIndex():
            self._syncing = True
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.scrollTo(index)
            self._syncing = False
