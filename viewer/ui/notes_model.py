"""NotesModel and NotesFilterModel: a briefing's notes grouped by section, orphans last."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor

from viewer.io.notebook import sort_placed
from viewer.model.briefing import Briefing
from viewer.model.notes import NOTE_COLORS, NoteState, PlacedNote
from viewer.model.search import fold
from viewer.ui.model_base import HeadersMixin
from viewer.ui.roles import ACTOR_ID_ROLE, NOTE_ID_ROLE, OFFSET_ROLE
from viewer.ui.tooltips import note_tooltip

_Index = QModelIndex | QPersistentModelIndex
ORPHANS = "\x00orphans"
# Computed once: combining enum flags in Python is slow, and views ask for flags of every row.
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable


@dataclass(eq=False)
class _Group:
    key: str  # a section id, or ORPHANS
    title: str
    rank: int
    notes: list[PlacedNote] = field(default_factory=list)


def _order(placed: PlacedNote) -> tuple[int, int]:
    start = placed.start if placed.start is not None else placed.note.anchor.start
    return start, placed.end or 0


class NotesModel(HeadersMixin, QAbstractItemModel):
    """Groups (sections in document order, then "Orphaned notes") holding notes in document order.

    Columns: the passage and text (editable: editing it edits the note's text), colour,
    tags, and the actors and claims the passage touches. Signals: ``textEdited(str note_id, str text)`` when a note is edited in place.
    """

    textEdited = Signal(str, str)
    HEADERS = ("Note", "Colour", "Tags", "Touches")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._briefing: Briefing | None = None
        self._groups: list[_Group] = []
        self._where: dict[str, _Group] = {}
        self._actors: dict[str, list[str]] = {}
        self._ranks: dict[str, int] = {}
        self._titles: dict[str, str] = {}
        self._tag_counts: Counter[str] = Counter()
        self.color_names = {key: meaning for key, (meaning, _hex) in NOTE_COLORS.items()}

    # -- filling ----------------------------------------------------------------

    def set_notes(self, briefing: Briefing | None, placed: list[PlacedNote]) -> None:
        """Show these notes of this briefing (replacing everything)."""
        self.beginResetModel()
        self._briefing = briefing
        self._groups, self._where, self._actors = [], {}, {}
        self._ranks, self._titles = {}, {}
        self._tag_counts = Counter()
        if briefing is not None:
            for rank, section in enumerate(briefing.walk_sections()):
                self._ranks[section.id] = rank
                self._titles[section.id] = " › ".join(s.heading or s.id for s in section.path())
            groups: dict[str, _Group] = {}
            for note in sort_placed(placed):
                key = self._key(note)
                group = groups.get(key)
                if group is None:
                    rank = len(self._ranks) if key == ORPHANS else self._ranks[key]
                    title = "Orphaned notes" if key == ORPHANS else self._titles.get(key, key)
                    group = groups[key] = _Group(key, title, rank)
                group.notes.append(note)
                self._where[note.id] = group
                self._actors[note.id] = self._actors_of(note)
                self._tag_counts.update(note.note.tags)
            self._groups = sorted(groups.values(), key=lambda g: g.rank)
        self.endResetModel()

    def _key(self, placed: PlacedNote) -> str:
        if placed.state is NoteState.ORPHANED:
            return ORPHANS
        return placed.section_id if placed.section_id in self._ranks else ORPHANS

    def _group_for(self, placed: PlacedNote, create: bool, announce: bool = True) -> _Group:
        key = self._key(placed)
        rank = len(self._ranks) if key == ORPHANS else self._ranks[key]
        ranks = [g.rank for g in self._groups]
        at = bisect.bisect_left(ranks, rank)
        if at < len(self._groups) and self._groups[at].key == key:
            return self._groups[at]
        title = "Orphaned notes" if key == ORPHANS else self._titles.get(key, key)
        group = _Group(key, title, rank)
        if announce:
            self.beginInsertRows(QModelIndex(), at, at)
        self._groups.insert(at, group)
        if announce:
            self.endInsertRows()
        return group

    def _actors_of(self, placed: PlacedNote) -> list[str]:
        if self._briefing is None or placed.start is None or placed.end is None:
            return []
        return self._briefing.actors_in(placed.start, placed.end)

    def _touches(self, placed: PlacedNote) -> str:
        briefing = self._briefing
        if briefing is None or placed.start is None or placed.end is None:
            return ""
        names = [briefing.actors[a].name for a in self._actors.get(placed.id, []) if a in briefing.actors]
        claims = [c.id for c in briefing.claims_in(placed.start, placed.end)]
        return "; ".join(x for x in (", ".join(names), ", ".join(claims)) if x)

    def upsert(self, placed: PlacedNote) -> None:
        """Add a note, or refresh it in place (keeping selections) or move it if its place changed."""
        group = self._where.get(placed.id)
        if group is not None:
            row = next(i for i, n in enumerate(group.notes) if n.id == placed.id)
            neighbours = [_order(n) for i, n in enumerate(group.notes) if i != row]
            if self._key(placed) == group.key and bisect.bisect_right(neighbours, _order(placed)) == row:
                self._tag_counts.subtract(group.notes[row].note.tags)
                self._tag_counts.update(placed.note.tags)
                group.notes[row] = placed
                self._actors[placed.id] = self._actors_of(placed)
                self.dataChanged.emit(
                    self.createIndex(row, 0, group), self.createIndex(row, len(self.HEADERS) - 1, group)
                )
                return
            self.remove(placed.id)
        group = self._group_for(placed, create=True)
        row = bisect.bisect_right([_order(n) for n in group.notes], _order(placed))
        self.beginInsertRows(self._group_index(group), row, row)
        group.notes.insert(row, placed)
        self._where[placed.id] = group
        self._actors[placed.id] = self._actors_of(placed)
        self._tag_counts.update(placed.note.tags)
        self.endInsertRows()

    def remove(self, note_id: str) -> None:
        """Take a note out (and its group, if it was the last)."""
        group = self._where.pop(note_id, None)
        if group is None:
            return
        row = next(i for i, n in enumerate(group.notes) if n.id == note_id)
        self.beginRemoveRows(self._group_index(group), row, row)
        self._tag_counts.subtract(group.notes[row].note.tags)
        del group.notes[row]
        self.endRemoveRows()
        self._actors.pop(note_id, None)
        if not group.notes:
            at = self._groups.index(group)
            self.beginRemoveRows(QModelIndex(), at, at)
            del self._groups[at]
            self.endRemoveRows()

    def placed(self, note_id: str) -> PlacedNote | None:
        """A note shown in the model, by id."""
        group = self._where.get(note_id)
        return next((n for n in group.notes if n.id == note_id), None) if group else None

    def all_placed(self) -> list[PlacedNote]:
        """Every note, in the model's order."""
        return [n for g in self._groups for n in g.notes]

    def index_of(self, note_id: str) -> QModelIndex:
        """The index of a note's row (column 0)."""
        group = self._where.get(note_id)
        if group is None:
            return QModelIndex()
        row = next(i for i, n in enumerate(group.notes) if n.id == note_id)
        return self.createIndex(row, 0, group)

    def actors_of(self, note_id: str) -> list[str]:
        """The ids of the actors a note's passage mentions."""
        return self._actors.get(note_id, [])

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted((t for t, n in self._tag_counts.items() if n > 0), key=str.casefold)

    def note_count(self) -> int:
        """How many notes the model holds."""
        return len(self._where)

    def _group_index(self, group: _Group) -> QModelIndex:
        return self.createIndex(self._groups.index(group), 0, None)

    # -- structure: group rows have no internal pointer; note rows point at their group --

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Bounds checked by hand: hasIndex() calls back into Python twice, on the hottest path.
        if not 0 <= column < len(self.HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, None) if row < len(self._groups) else QModelIndex()
        if parent.internalPointer() is not None or parent.column() != 0:
            return QModelIndex()
        group = self._groups[parent.row()]
        return self.createIndex(row, column, group) if row < len(group.notes) else QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        group = index.internalPointer()
        if group is None:
            return QModelIndex()
        return self.createIndex(self._groups.index(group), 0, None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalPointer() is None and parent.column() == 0:
            return len(self._groups[parent.row()].notes)
        return 0

    def _note_at(self, index: _Index) -> PlacedNote | None:
        group = index.internalPointer() if index.isValid() else None
        return group.notes[index.row()] if group is not None else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalPointer() is not None and index.column() == 0:
            return _EDITABLE
        return _SELECTABLE

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        placed = self._note_at(index)
        if placed is None:
            group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{group.title} ({len(group.notes)})" if index.column() == 0 else None
            return None
        note, column = placed.note, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                quote = " ".join(note.anchor.quote.split())
                text = " ".join(note.text.split())
                state = {NoteState.MOVED: " (moved)", NoteState.FUZZY: " (reworded)"}.get(placed.state, "")
                return f"“{quote}”{state}" + (f" — {text}" if text else "")
            if column == 1:
                return self.color_names.get(note.color, note.color)
            if column == 2:
                return ", ".join(note.tags)
            return self._touches(placed)
        if role == Qt.ItemDataRole.EditRole and column == 0:
            return note.text
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return QColor(NOTE_COLORS.get(note.color, NOTE_COLORS["yellow"])[1])
        if role == Qt.ItemDataRole.ToolTipRole:
            return note_tooltip(placed, self.color_names)
        if role == NOTE_ID_ROLE:
            return note.id
        if role == OFFSET_ROLE:
            return placed.start
        if role == ACTOR_ID_ROLE:
            return self._actors.get(note.id, [])
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        placed = self._note_at(index)
        if placed is None or role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        if str(value) != placed.note.text:
            self.textEdited.emit(placed.id, str(value))  # the window turns it into an undoable edit
        return True


class NotesFilterModel(QSortFilterProxyModel):
    """Filters notes by a search over quote, text and tags (case and accents ignored), colour, tag and actor."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.search = ""
        self.color: str | None = None
        self.tag: str | None = None
        self.actor: str | None = None

    def set_filter(
        self, search: str = "", color: str | None = None, tag: str | None = None, actor: str | None = None
    ) -> None:
        """Show only the notes matching every criterion (empty or None: any)."""
        self.beginFilterChange()
        self.search, self.color, self.tag, self.actor = fold(search.strip()), color, tag, actor
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_active(self) -> bool:
        """Whether any criterion is set."""
        return bool(self.search or self.color or self.tag or self.actor)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        source = self.sourceModel()
        if not isinstance(source, NotesModel) or not source_parent.isValid():
            return not self.is_active()  # a group shows when one of its notes does
        placed = source._note_at(source.index(source_row, 0, source_parent))
        if placed is None:
            return False
        note = placed.note
        if self.color and note.color != self.color:
            return False
        if self.tag and self.tag not in note.tags:
            return False
        if self.actor and self.actor not in source.actors_of(note.id):
            return False
        if self.search:
            haystack = fold(" ".join([note.anchor.quote, note.text, *note.tags]))
            return self.search in haystack
        return True
