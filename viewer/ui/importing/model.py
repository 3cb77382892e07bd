"""ActorEntriesModel: the actors of an article being imported, as an editable table."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from viewer.io.convert.actor_entries import ActorEntry
from viewer.ui.common.model_base import HeadersMixin

_Index = QModelIndex | QPersistentModelIndex

NAME, TYPE, ALIASES = range(3)


class ActorEntriesModel(HeadersMixin, QAbstractTableModel):
    """One row per actor: name, type, aliases (typed with commas), every cell editable."""

    HEADERS = ("Name", "Type", "Aliases (comma-separated)")
    _FIELDS = ("name", "type", "aliases")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[ActorEntry] = []

    def entries(self) -> list[ActorEntry]:
        """The rows, top down."""
        return list(self._entries)

    def set_entries(self, entries: list[ActorEntry]) -> None:
        """Show these rows instead (an actors file just read)."""
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def add_entry(self, entry: ActorEntry | None = None) -> QModelIndex:
        """Append a row; the index of its name."""
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.append(entry or ActorEntry())
        self.endInsertRows()
        return self.index(row, NAME)

    def remove_rows(self, rows: list[int]) -> None:
        """Remove these rows (any order, repeats ignored)."""
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self._entries):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._entries[row]
                self.endRemoveRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)  # the number the checks' messages give ("Actor 3 needs a name")
        return super().headerData(section, orientation, role)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(self._entries[index.row()], self._FIELDS[index.column()])
            if role == Qt.ItemDataRole.ToolTipRole and not value:
                return None
            return value
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self._entries):
            return False
        entry = self._entries[index.row()]
        text = str(value)
        if getattr(entry, self._FIELDS[index.column()]) == text:
            return False
        column = index.column()
        if column == NAME:
            entry = replace(entry, name=text)
        elif column == TYPE:
            entry = replace(entry, type=text)
        else:
            entry = replace(entry, aliases=text)
        self._entries[index.row()] = entry
        self.dataChanged.emit(index, index)
        return True
