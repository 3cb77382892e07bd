"""What every item model here shares: fixed column headers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox

from viewer.model.briefing import Briefing
from viewer.ui.common.clip import clip


class HeadersMixin:
    """Columns named by the class's ``HEADERS``; mix in before the Qt model class."""

    HEADERS: tuple[str, ...] = ()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


def fill_actor_combo(combo: QComboBox, briefing: Briefing | None) -> None:
    """Keep the combo's first entry ("any …") and list the briefing's actors by name."""
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for actor in sorted(briefing.actors.values(), key=lambda a: a.name.casefold()) if briefing else []:
        combo.addItem(clip(actor.name), actor.id)
    combo.blockSignals(False)
