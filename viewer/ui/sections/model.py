"""SectionTreeModel: the briefing's section tree as a Qt item model, shown as far as it is needed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from viewer.model.briefing import Briefing, Section
from viewer.ui.common.clip import clip
from viewer.ui.common.model_base import HeadersMixin
from viewer.ui.common.roles import OFFSET_ROLE
from viewer.ui.common.tooltips import text_tooltip

_Index = QModelIndex | QPersistentModelIndex


# The roles data() answers; the others a view asks for are turned away first (see claims/model.py).
_ROLES = frozenset(
    {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole, OFFSET_ROLE}
)


class SectionTreeModel(HeadersMixin, QAbstractItemModel):
    """Sections as a tree: the heading, then the numbers of claims and of notes in the section.

    The internal pointer of an index is its Section; ``briefing`` may be None (empty model).

    The model holds the sections in document order up to a point, and more on demand: when a
    view scrolls to its end (:meth:`hold_more`) or a section further on is asked for (:meth:`index_of`).
    A tree view lays out every row it holds, calling into Python for each: 100,000 sections held
    at once took a second on every open.
    """

    HEADERS = ("Section", "Claims", "Notes")
    FIRST_ROWS = 1000  # sections held on open: every section of most briefings
    # Held first when the window fills the panel in turns (more than a screenful), the rest of FIRST_ROWS in
    # the next turn (hold_first): the tree lays out and paints the panel each time, 23 + 23 ms, not 33 at once.
    SCREEN_ROWS = 200
    MORE_ROWS = 1000  # at least this many more each time, and at least as many as held (doubling)

    def __init__(self, briefing: Briefing | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._briefing: Briefing | None = None
        self._claims: dict[str, int] = {}
        self._notes: dict[str, int] = {}
        self._walk: Iterator[Section] = iter(())  # the sections in document order, from the first not held
        self._held = 0  # how many sections the model holds (the first ones in document order)
        self._place: dict[str, int] = {}  # section id → its place in document order (held sections)
        self._row: dict[str, int] = {}  # section id → its row among its siblings (held sections)
        self._counted: dict[str | None, int] = {}  # parent id (None: the top) → its children held
        self._rows: dict[str | None, int] = {}  # the same, as views know it (behind while rows go in)
        self.set_briefing(briefing)

    def set_briefing(self, briefing: Briefing | None, first: int | None = None) -> None:
        """Show another briefing's sections (the first ``first`` held, FIRST_ROWS unless given)."""
        self.beginResetModel()
        self._briefing = briefing
        self._claims, self._notes = {}, {}
        self._walk = briefing.walk_sections() if briefing else iter(())
        self._held, self._place, self._row, self._counted = 0, {}, {}, {}
        self._rows = dict(self._take(first or self.FIRST_ROWS))
        if briefing:
            for claim in briefing.claims:
                self._claims[claim.section_id] = self._claims.get(claim.section_id, 0) + 1
        self.endResetModel()

    def _take(self, count: int, until: str | None = None) -> list[tuple[str | None, int]]:
        """Hold ``count`` more sections (and on until the one with id ``until``): each parent that gains
        rows, with its new number of rows, parents first (a row goes in before rows go under it)."""
        grown: dict[str | None, int] = {}
        place, row, counted = self._place, self._row, self._counted
        for section in self._walk:
            parent = section.parent
            key = parent.id if parent is not None else None
            rows = counted.get(key, 0) + 1
            counted[key] = grown[key] = rows
            row[section.id] = rows - 1  # (rows are found, never searched: a search per parent() was quadratic)
            place[section.id] = self._held
            self._held += 1
            count -= 1
            if count <= 0 and (until is None or until in row):
                break
        return sorted(grown.items(), key=lambda item: -1 if item[0] is None else place[item[0]])

    def _hold(self, until: str | None = None, count: int = 0) -> None:
        """Hold more sections (``count``, else as many as held and at least MORE_ROWS; on until the one
        with id ``until``), telling views of the rows that come."""
        for parent_id, rows in self._take(count or max(self.MORE_ROWS, self._held), until):
            parent = QModelIndex() if parent_id is None else self._held_index(parent_id)
            self.beginInsertRows(parent, self._rows.get(parent_id, 0), rows - 1)
            self._rows[parent_id] = rows
            self.endInsertRows()

    def hold_more(self) -> bool:
        """Hold as many sections again as held (at least MORE_ROWS more); False when all were held.

        (Not Qt's canFetchMore/fetchMore: a tree view asks for more on every layout of its rows,
        which doubled the sections held on each change; the view asks at the end of its list.)
        """
        if self._briefing is None or self._held >= self._briefing.section_count:
            return False
        self._hold()
        return True

    @property
    def held(self) -> int:
        """How many sections the model holds (the first ones in document order)."""
        return self._held

    def hold_first(self) -> None:
        """Hold as many sections as :meth:`set_briefing` holds at once (after a smaller ``first``)."""
        if self._briefing is not None and self._held < min(self.FIRST_ROWS, self._briefing.section_count):
            self._hold(count=self.FIRST_ROWS - self._held)

    def set_note_counts(self, counts: dict[str, int]) -> None:
        """Show how many notes each section holds (section id → count)."""
        changed = [key for key in counts.keys() | self._notes.keys() if counts.get(key) != self._notes.get(key)]
        self._notes = dict(counts)
        last = len(self.HEADERS) - 1
        if len(changed) <= 8:  # usually one: the section of the note just added or removed
            for section_id in changed:
                if section_id in self._row:  # the others show theirs when held
                    index = self._held_index(section_id, last)
                    self.dataChanged.emit(index, index)
            return
        # Many at once (a briefing just opened): one signal per list of siblings held.
        for parent_id, rows in list(self._rows.items()):
            parent_index = QModelIndex() if parent_id is None else self._held_index(parent_id)
            self.dataChanged.emit(self.index(0, last, parent_index), self.index(rows - 1, last, parent_index))

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
        section = self._section(parent)
        if not (0 <= row < self._rows.get(section.id if section else None, 0) and 0 <= column < len(self.HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, self._children(section)[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        section = self._section(index)
        if section is None or section.parent is None:
            return QModelIndex()
        parent = section.parent
        return self.createIndex(self._row[parent.id], 0, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        section = self._section(parent)
        return self._rows.get(section.id if section else None, 0)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES:
            return None
        section = self._section(index)
        if section is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                title = section.heading or section.id
                # The tooltip as rich text, which wraps: a plain one is a single line, off the screen.
                return text_tooltip(title) if role == Qt.ItemDataRole.ToolTipRole else clip(title)
            count = (self._claims if index.column() == 1 else self._notes).get(section.id, 0)
            return str(count) if count else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == OFFSET_ROLE:
            return section.start
        return None

    def index_of(self, section_id: str) -> QModelIndex:
        """The index of a section (column 0), invalid when unknown; the model holds it from then on."""
        if self._briefing is None or self._briefing.section(section_id) is None:
            return QModelIndex()
        if section_id not in self._row:
            self._hold(section_id)
        return self._held_index(section_id)

    def _held_index(self, section_id: str, column: int = 0) -> QModelIndex:
        section = self._briefing.section(section_id) if self._briefing else None
        return self.createIndex(self._row[section_id], column, section)
