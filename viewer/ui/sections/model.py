"""SectionTreeModel: the briefing's section tree as a Qt item model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from viewer.model.briefing import Briefing, Section
from viewer.ui.common.model_base import HeadersMixin
from viewer.ui.common.roles import OFFSET_ROLE

_Index = QModelIndex | QPersistentModelIndex


class SectionTreeModel(HeadersMixin, QAbstractItemModel):
    """Sections as a tree: the heading, then the numbers of claims and of notes in the section.

    The internal pointer of an index is its Section; ``briefing`` may be None (empty model).
    """

    HEADERS = ("Section", "Claims", "Notes")

    def __init__(self, briefing: Briefing | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._briefing: Briefing | None = None
        self._claims: dict[str, int] = {}
        self._notes: dict[str, int] = {}
        self._keep: list[Section] = []
        self._row: dict[str, int] = {}  # section id → its row among its siblings
        self.set_briefing(briefing)

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Show another briefing's sections."""
        self.beginResetModel()
        self._briefing = briefing
        self._claims, self._notes = {}, {}
        self._keep = list(briefing.walk_sections()) if briefing else []
        # Rows looked up, never searched: with 100,000 sections a search per parent() was quadratic.
        self._row = {}
        for section in [None, *self._keep]:
            for row, child in enumerate(self._children(section)):
                self._row[child.id] = row
        if briefing:
            for claim in briefing.claims:
                self._claims[claim.section_id] = self._claims.get(claim.section_id, 0) + 1
        self.endResetModel()

    def set_note_counts(self, counts: dict[str, int]) -> None:
        """Show how many notes each section holds (section id → count)."""
        changed = [key for key in counts.keys() | self._notes.keys() if counts.get(key) != self._notes.get(key)]
        self._notes = dict(counts)
        last = len(self.HEADERS) - 1
        if len(changed) <= 8:  # usually one: the section of the note just added or removed
            for section_id in changed:
                index = self.index_of(section_id)
                if index.isValid():
                    self.dataChanged.emit(index.siblingAtColumn(last), index.siblingAtColumn(last))
            return
        # Many at once (a briefing just opened): one signal per list of siblings.
        parents = [None, *(s for s in self._keep if s.children)]
        for parent in parents:
            siblings = self._children(parent)
            parent_index = self.index_of(parent.id) if parent is not None else QModelIndex()
            self.dataChanged.emit(self.index(0, last, parent_index), self.index(len(siblings) - 1, last, parent_index))

    def _children(self, section: Section | None) -> list[Section]:
        if section is None:
            return self._briefing.sections if self._briefing else []
        return section.children

    def _section(self, index: _Index) -> Section | None:
        if not index.isValid():
            return None
        section: Section = index.internalPointer()  # what index() made it from
        return section

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Checked here rather than with hasIndex(): a view asks for every row, and each call into Qt costs.
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children(self._section(parent))
        if not (0 <= row < len(children) and 0 <= column < len(self.HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        section = self._section(index)
        if section is None or section.parent is None:
            return QModelIndex()
        parent = section.parent
        return self.createIndex(self._row[parent.id], 0, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(self._section(parent)))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        section = self._section(index)
        if section is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return section.heading or section.id
            count = (self._claims if index.column() == 1 else self._notes).get(section.id, 0)
            return str(count) if count else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == OFFSET_ROLE:
            return section.start
        return None

    def index_of(self, section_id: str) -> QModelIndex:
        """The index of a section (column 0), invalid when unknown."""
        if self._briefing is None:
            return QModelIndex()
        section = self._briefing.section(section_id)
        if section is None:
            return QModelIndex()
        return self.createIndex(self._row[section.id], 0, section)
