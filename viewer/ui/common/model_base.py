"""What the item models here share: fixed column headers; the actor filters' list of actors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QListView

from viewer.model.briefing import Actor, Briefing
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


class ActorChoices(QAbstractListModel):
    """A combo's entries: its first ("any …", no data), then a briefing's actors by name, their ids as
    the data (``Qt.UserRole``, as ``QComboBox.addItem`` keeps it). A model, not items added one by one:
    100,000 actors were 200,000 calls (2 s) for the two panels' filters, and as many to clear them."""

    def __init__(self, first: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._first = first
        self._unsorted: list[Actor] = []
        self._sorted: list[Actor] | None = None  # sorted when first shown: a panel not looked at sorts nothing
        self._rows: dict[str, int] | None = None  # an actor's row by its id, made on the first look-up

    def set_briefing(self, briefing: Briefing | None) -> None:
        """List another briefing's actors (or none)."""
        self.beginResetModel()
        self._unsorted = list(briefing.actors.values()) if briefing else []
        self._sorted = self._rows = None
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._unsorted) + 1

    @property
    def first(self) -> str:
        """The first entry's text ("any …")."""
        return self._first

    def actors(self) -> list[Actor]:
        """The actors listed, in their order."""
        if self._sorted is None:
            self._sorted = sorted(self._unsorted, key=lambda a: a.name.casefold())
        return self._sorted

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row <= len(self._unsorted):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return clip(self.actors()[row - 1].name) if row else self._first
        if role == Qt.ItemDataRole.UserRole:
            return self.actors()[row - 1].id if row else None
        return None

    def match(
        self,
        start: QModelIndex | QPersistentModelIndex,
        role: int,
        value: Any,
        hits: int = 1,
        flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap,
    ) -> list[QModelIndex]:
        # QComboBox.findData(actor_id): a look-up, not a call through Python for each row.
        exact = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchCaseSensitive
        if role == Qt.ItemDataRole.UserRole and flags == exact and start.row() == 0:
            if value is None:
                return [self.index(0, 0)]  # "any …"
            if self._rows is None:
                self._rows = {actor.id: row for row, actor in enumerate(self.actors(), 1)}
            row = self._rows.get(value) if isinstance(value, str) else None
            return [] if row is None else [self.index(row, 0)]
        return super().match(start, role, value, hits, flags)


# A list of more actors than this goes over to Qt's own items when the user first reaches for its combo.
HANDED_OVER_FROM = 2000
_REACHING = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyPress)


class _HandOver(QObject):
    """Gives a combo's long list of actors to Qt when the user first presses on the combo or types into it:
    QComboBox measures every entry's text and icon each time its drop-down opens, and asked through Python
    that took 1.2 s for 100,000 actors (0.3 s from Qt's own items). Until then (the briefing opened, the
    filter never touched) the list costs nothing."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _REACHING and isinstance(watched, QComboBox):
            choices = watched.model()
            if isinstance(choices, ActorChoices) and choices.rowCount() > HANDED_OVER_FROM:
                _hand_over(watched, choices)
        return False


def _hand_over(combo: QComboBox, choices: ActorChoices) -> None:
    """The same entries as Qt items, made in one call (their ids a call each: 0.1 s for 100,000)."""
    first, actors, current = choices.first, choices.actors(), combo.currentIndex()
    combo.blockSignals(True)
    try:
        combo.setModel(QStandardItemModel(combo))  # (the combo deletes the list it owned)
        combo.addItem(first, None)
        combo.addItems([clip(actor.name) for actor in actors])
        for row, actor in enumerate(actors, 1):
            combo.setItemData(row, actor.id)
        combo.setCurrentIndex(current)
    finally:
        combo.blockSignals(False)


def fill_actor_combo(combo: QComboBox, briefing: Briefing | None) -> None:
    """Keep the combo's first entry ("any …") and list the briefing's actors by name (the old ones gone)."""
    combo.blockSignals(True)
    choices = combo.model()
    if not isinstance(choices, ActorChoices):
        choices = ActorChoices(combo.itemText(0), combo)
        combo.setModel(choices)
        if not combo.property("handsOverActors"):
            combo.installEventFilter(_HandOver(combo))
            combo.setProperty("handsOverActors", True)
        view = combo.view()
        if isinstance(view, QListView):
            # Its list laid out from one row's size, not by asking each of 100,000 rows for its own.
            view.setUniformItemSizes(True)
    choices.set_briefing(briefing)
    combo.blockSignals(False)
