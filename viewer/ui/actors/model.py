"""ActorTreeModel: actors grouped by type, with colour chips, mention counts and show/hide boxes."""

from __future__ import annotations

from collections import Counter
from operator import itemgetter
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from viewer.model.briefing import ACTOR_TYPES, Actor, Briefing
from viewer.ui.common.clip import clip
from viewer.ui.common.model_base import HeadersMixin
from viewer.ui.common.palette import TYPE_LABELS, actor_colors, type_color
from viewer.ui.common.roles import ACTOR_ID_ROLE
from viewer.ui.common.tooltips import actor_tooltip

_Index = QModelIndex | QPersistentModelIndex


class _TypeNode:
    """A group row: one actor type and its actors."""

    __slots__ = ("actor_type", "actors")

    def __init__(self, actor_type: str, actors: list[Actor]) -> None:
        self.actor_type = actor_type
        self.actors = actors


class ActorTreeModel(HeadersMixin, QAbstractItemModel):
    """Two levels: actor types (the legend), then their actors.

    Column 0 shows the name with a colour chip and a check box, column 1 the
    number of mentions. Signals: ``visibilityChanged(list actor_ids, bool visible)``
    when a box is ticked or cleared (a type's box changes all its actors at once).
    """

    visibilityChanged = Signal(object, bool)
    HEADERS = ("Actor", "Mentions")

    def __init__(self, briefing: Briefing | None = None, dark: bool = False, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[_TypeNode] = []
        self._parent_of: dict[str, _TypeNode] = {}
        self._counts: Counter[str] = Counter()
        self._visible: dict[str, bool] = {}
        self._colors: dict[str, Any] = {}
        self._dark = dark
        self._briefing: Briefing | None = None
        self.set_briefing(briefing)

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Show another briefing's actors, all visible."""
        self.beginResetModel()
        self._briefing = briefing
        actors = list(briefing.actors.values()) if briefing else []
        self._groups = [
            _TypeNode(t, [a for a in actors if a.type == t]) for t in ACTOR_TYPES if any(a.type == t for a in actors)
        ]
        self._parent_of = {a.id: g for g in self._groups for a in g.actors}
        self._counts = Counter(map(itemgetter(0), briefing.mentions)) if briefing else Counter()
        self._visible = {a.id: True for a in actors}
        self._colors = actor_colors(briefing, self._dark) if briefing else {}
        self.endResetModel()

    # -- structure --------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, self._groups[row])
        group = parent.internalPointer()
        return self.createIndex(row, column, group.actors[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer()
        if isinstance(node, _TypeNode):
            return QModelIndex()
        group = self._parent_of[node.id]
        return self.createIndex(self._groups.index(group), 0, group)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0:
            return 0
        node = parent.internalPointer()
        return len(node.actors) if isinstance(node, _TypeNode) else 0

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
            if isinstance(index.internalPointer(), _TypeNode):
                flags |= Qt.ItemFlag.ItemIsAutoTristate
        return flags

    # -- data -------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = index.internalPointer()
        if isinstance(node, _TypeNode):
            return self._type_data(node, index.column(), role)
        return self._actor_data(node, index.column(), role)

    def _type_data(self, node: _TypeNode, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return TYPE_LABELS.get(node.actor_type, node.actor_type)
            return str(sum(self._counts.get(a.id, 0) for a in node.actors))
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return type_color(node.actor_type, self._dark)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            shown = [self._visible[a.id] for a in node.actors]
            if all(shown):
                return Qt.CheckState.Checked.value
            return Qt.CheckState.PartiallyChecked.value if any(shown) else Qt.CheckState.Unchecked.value
        return self._alignment(column, role)

    def _actor_data(self, actor: Actor, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return clip(actor.name) if column == 0 else str(self._counts.get(actor.id, 0))
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._colors.get(actor.id)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return (Qt.CheckState.Checked if self._visible[actor.id] else Qt.CheckState.Unchecked).value
        if role == Qt.ItemDataRole.ToolTipRole and self._briefing is not None:
            return actor_tooltip(actor)
        if role == ACTOR_ID_ROLE:
            return actor.id
        return self._alignment(column, role)

    @staticmethod
    def _alignment(column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        visible = Qt.CheckState(value) != Qt.CheckState.Unchecked
        node = index.internalPointer()
        actors = node.actors if isinstance(node, _TypeNode) else [node]
        self.set_many_visible([actor.id for actor in actors], visible)
        return True

    def set_visible(self, actor_id: str, visible: bool) -> None:
        """Show or hide one actor's highlights and announce it."""
        self.set_many_visible([actor_id], visible)

    def set_many_visible(self, actor_ids: list[str], visible: bool) -> None:
        """Show or hide several actors' highlights, announced in one ``visibilityChanged``.

        One announcement, so that the text is restyled in one pass: actor by actor,
        hiding all 200 actors of a large briefing took minutes.
        """
        changed = [a for a in actor_ids if a in self._visible and self._visible[a] != visible]
        if not changed:
            return
        roles = [Qt.ItemDataRole.CheckStateRole]
        for actor_id in changed:
            self._visible[actor_id] = visible
            actor_index = self.index_of(actor_id)
            self.dataChanged.emit(actor_index, actor_index, roles)
        for group in {id(self._parent_of[a]): self._parent_of[a] for a in changed}.values():
            group_index = self.createIndex(self._groups.index(group), 0, group)
            self.dataChanged.emit(group_index, group_index, roles)
        self.visibilityChanged.emit(changed, visible)

    def _nodes_get(self, actor_id: str, group: _TypeNode) -> Actor:
        return next(a for a in group.actors if a.id == actor_id)

    def is_visible(self, actor_id: str) -> bool:
        """Whether an actor's highlights are shown."""
        return self._visible.get(actor_id, False)

    def index_of(self, actor_id: str) -> QModelIndex:
        """The index of an actor's row (column 0), invalid when unknown."""
        group = self._parent_of.get(actor_id)
        if group is None:
            return QModelIndex()
        actor = self._nodes_get(actor_id, group)
        return self.createIndex(group.actors.index(actor), 0, actor)
