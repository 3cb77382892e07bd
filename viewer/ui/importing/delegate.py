"""ActorTypeDelegate: an actor's type chosen from the format's list, never typed."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from viewer.model.briefing import ACTOR_TYPES


class ActorTypeDelegate(QStyledItemDelegate):
    """Edits the Type column with a list of the types a briefing knows (see the format)."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(list(ACTOR_TYPES))
        # A choice is written at once: the table shows it, and the check under it is run again.
        combo.currentIndexChanged.connect(lambda _row: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.blockSignals(True)  # showing the cell's value is no choice to write back
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))
            editor.blockSignals(False)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
