"""ActorTreeModel: actors grouped by type, with colour chips, mention counts and show/hide boxes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from viewer.model.briefing import ACTOR_TYPES, Actor, Briefing
from viewer.ui.common.clip import clip
from viewer.ui.common.model_base import HeadersMixin
from viewer.ui.common.palette import TYPE_LABELS, type_color, type_shades
from viewer.ui.common.roles import ACTOR_ID_ROLE
from viewer.ui.common.tooltips import actor_tooltip

_Index = QModelIndex | QPersistentModelIndex


# The roles data() answers; the others a view asks for are turned away first (see claims/model.py).
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        ACTOR_ID_ROLE,
    }
)


class _TypeNode:
    """A group row: one actor type and its actors, with what its row shows kept up to date (not
    counted over its actors at each paint: a type of 20,000 actors took a millisecond a paint)."""

    __slots__ = ("actor_type", "actors", "mentions", "row", "shade", "shown")

    def __init__(
        self, actor_type: str, actors: list[Actor], row: int, mentions: int, shade: Callable[[int], Any]
    ) -> None:
        self.actor_type = actor_type
        self.actors = actors
        self.row = row
        self.mentions = mentions
        self.shown = len(actors)  # how many of its actors' highlights are shown
        self.shade = shade  # an actor's colour by its row


# Flags made once: the view asks each row as it lays it out, twice (or-ing enums took 6 µs a call).
_ROW = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_TYPE_BOX = _ROW | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate
# An actor is a leaf, and says so: the view asks it for no children (another call through Python a row).
_ACTOR = _ROW | Qt.ItemFlag.ItemNeverHasChildren
_ACTOR_BOX = _ACTOR | Qt.ItemFlag.ItemIsUserCheckable

# Types of more actors than this are shown collapsed: expanded, the view lays out each of their rows
# through Python (100,000 actors expanded on opening took 5 s); expanding one is the user's choice.
EXPANDED_UP_TO = 2000


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
        self._group_of: dict[str, _TypeNode] = {}  # by actor type
        self._rows: dict[str, int] | None = None  # an actor's row in its group, made when first asked
        self._counts: Counter[str] = Counter()
        self._hidden: set[str] = set()  # the actors whose highlights are hidden
        self._dark = dark
        self._briefing: Briefing | None = None
        self.set_briefing(briefing)

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Show another briefing's actors, all visible."""
        self.beginResetModel()
        self._briefing = briefing
        by_type: dict[str, list[Actor]] = {t: [] for t in ACTOR_TYPES}
        actors = briefing.actors if briefing else {}
        for actor in actors.values():
            by_type.setdefault(actor.type, []).append(actor)
        counts = self._counts = Counter(map(itemgetter(0), briefing.mentions)) if briefing else Counter()
        # Each type's mentions summed over the actors mentioned, not over every actor declared.
        mentions: Counter[str] = Counter()
        for actor_id, count in counts.items():
            if actor_id in actors:
                mentions[actors[actor_id].type] += count
        self._groups = []
        for actor_type in ACTOR_TYPES:
            members = by_type[actor_type]
            if members:
                shade = type_shades(actor_type, len(members), self._dark)
                self._groups.append(_TypeNode(actor_type, members, len(self._groups), mentions[actor_type], shade))
        # Nothing kept per actor now (a dict of 100,000 rows took 40 ms): rows are found when first asked.
        self._group_of = {group.actor_type: group for group in self._groups}
        self._rows = None
        self._hidden = set()
        self.endResetModel()

    def type_rows(self) -> list[tuple[QModelIndex, int]]:
        """Each type's row, with how many actors it holds."""
        return [(self.createIndex(g.row, 0, g), len(g.actors)) for g in self._groups]

    # -- structure --------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < 2:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, self._groups[row]) if 0 <= row < len(self._groups) else QModelIndex()
        group = parent.internalPointer()
        if isinstance(group, _TypeNode) and parent.column() == 0 and 0 <= row < len(group.actors):
            return self.createIndex(row, column, group.actors[row])
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer()
        if isinstance(node, _TypeNode):
            return QModelIndex()
        group = self._group_of[node.type]
        return self.createIndex(group.row, 0, group)

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
        first = index.column() == 0
        if isinstance(index.internalPointer(), _TypeNode):
            return _TYPE_BOX if first else _ROW
        return _ACTOR_BOX if first else _ACTOR

    # -- data -------------------------------------------------------------------

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        node = index.internalPointer()
        if isinstance(node, _TypeNode):
            return self._type_data(node, index.column(), role)
        return self._actor_data(node, index.row(), index.column(), role)

    def _type_data(self, node: _TypeNode, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return TYPE_LABELS.get(node.actor_type, node.actor_type)
            return str(node.mentions)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return type_color(node.actor_type, self._dark)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            if node.shown == len(node.actors):
                return Qt.CheckState.Checked.value
            return Qt.CheckState.PartiallyChecked.value if node.shown else Qt.CheckState.Unchecked.value
        return self._alignment(column, role)

    def _actor_data(self, actor: Actor, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return clip(actor.name) if column == 0 else str(self._counts.get(actor.id, 0))
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._group_of[actor.type].shade(row)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return (Qt.CheckState.Unchecked if actor.id in self._hidden else Qt.CheckState.Checked).value
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
        actors, hidden = self._briefing.actors if self._briefing else {}, self._hidden
        listed = self._group_of
        changed = [
            a for a in dict.fromkeys(actor_ids) if a in actors and (a in hidden) == visible and actors[a].type in listed
        ]
        if not changed:
            return
        roles = [Qt.ItemDataRole.CheckStateRole]
        # Each type's changed rows announced as one range, not row by row (a type of 20,000 actors).
        spans: dict[int, tuple[_TypeNode, int, int]] = {}
        step = 1 if visible else -1
        for actor_id in changed:
            if visible:
                hidden.discard(actor_id)
            else:
                hidden.add(actor_id)
            group, row = self._group_of[actors[actor_id].type], self._row_of(actor_id)
            group.shown += step
            _, first, last = spans.get(group.row, (group, row, row))
            spans[group.row] = (group, min(first, row), max(last, row))
        for group, first, last in spans.values():
            top, bottom = group.actors[first], group.actors[last]
            self.dataChanged.emit(self.createIndex(first, 0, top), self.createIndex(last, 0, bottom), roles)
            group_index = self.createIndex(group.row, 0, group)
            self.dataChanged.emit(group_index, group_index, roles)
        self.visibilityChanged.emit(changed, visible)

    def is_visible(self, actor_id: str) -> bool:
        """Whether an actor's highlights are shown."""
        return self._briefing is not None and actor_id in self._briefing.actors and actor_id not in self._hidden

    def index_of(self, actor_id: str) -> QModelIndex:
        """The index of an actor's row (column 0), invalid when unknown."""
        actor = self._briefing.actors.get(actor_id) if self._briefing else None
        group = self._group_of.get(actor.type) if actor else None
        if group is None:
            return QModelIndex()
        row = self._row_of(actor_id)
        return self.createIndex(row, 0, group.actors[row])

    def _row_of(self, actor_id: str) -> int:
        """An actor's row in its type's group (the look-up made on first use)."""
        if self._rows is None:
            self._rows = {actor.id: row for group in self._groups for row, actor in enumerate(group.actors)}
        return self._rows[actor_id]
