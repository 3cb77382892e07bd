"""ClaimTableModel and ClaimFilterModel: the briefing's claims as a sortable, filterable table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from viewer.model.briefing import CLAIM_KINDS, CONFIDENCES, Briefing, Claim
from viewer.ui.common.clip import clip, clip_span
from viewer.ui.common.model_base import HeadersMixin
from viewer.ui.common.palette import CONFIDENCE_LABELS
from viewer.ui.common.roles import CLAIM_ID_ROLE, OFFSET_ROLE, SORT_ROLE
from viewer.ui.common.tooltips import claim_tooltip

_Index = QModelIndex | QPersistentModelIndex
_CONFIDENCE_RANK = {c: i for i, c in enumerate(CONFIDENCES)}
_KIND_RANK = {k: i for i, k in enumerate(CLAIM_KINDS)}


# The roles data() answers. A view asks each cell for a dozen (font, colours, alignment, check
# state...) each time it measures or paints it: the others are turned away first, before any call
# into Qt (a third of the time the sample's render spent in the panels' data()).
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE, CLAIM_ID_ROLE, OFFSET_ROLE})


class ClaimTableModel(HeadersMixin, QAbstractTableModel):
    """One row per claim, in document order until sorted; columns: text, by, about, kind, confidence.

    It sorts itself (:meth:`sort`) with Python's sort on one key per claim: a
    QSortFilterProxyModel would ask ``data()`` twice per comparison, which
    takes a second for 10,000 claims.
    """

    HEADERS = ("Claim", "By", "About", "Kind", "Confidence")
    TEXT, BY, ABOUT, KIND, CONFIDENCE = range(5)

    def __init__(self, briefing: Briefing | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._briefing: Briefing | None = None
        self._claims: list[Claim] = []
        self.set_briefing(briefing)

    @property
    def briefing(self) -> Briefing | None:
        """The briefing whose claims are listed."""
        return self._briefing

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Show another briefing's claims."""
        self.beginResetModel()
        self._briefing = briefing
        self._claims = list(briefing.claims) if briefing else []
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._claims)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def claim(self, row: int) -> Claim:
        """The claim of a source row."""
        return self._claims[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or self._briefing is None:
            return None
        claim = self._claims[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(claim, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return claim_tooltip(self._briefing, claim)
        if role == SORT_ROLE:
            return self._sort_key(claim, column)
        if role == CLAIM_ID_ROLE:
            return claim.id
        if role == OFFSET_ROLE:
            return claim.start
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by a column (ties, and column -1, in document order)."""
        before = self._claims
        key = (lambda c: c.start) if column < 0 else (lambda c: (self._sort_key(c, column), c.start))
        after = sorted(before, key=key, reverse=column >= 0 and order == Qt.SortOrder.DescendingOrder)
        if after == before:
            return
        self.layoutAboutToBeChanged.emit()
        new_row = {id(claim): row for row, claim in enumerate(after)}
        moved_from = self.persistentIndexList()
        moved_to = [
            self.index(new_row[id(before[index.row()])], index.column()) if index.isValid() else QModelIndex()
            for index in moved_from
        ]
        self._claims = after
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    def _sort_key(self, claim: Claim, column: int) -> Any:
        if column == self.TEXT:
            return claim.start
        if column == self.KIND:
            return _KIND_RANK.get(claim.kind or "", len(_KIND_RANK))
        if column == self.CONFIDENCE:
            return _CONFIDENCE_RANK.get(claim.confidence or "", len(_CONFIDENCE_RANK))
        return self._display(claim, column).casefold()

    def _display(self, claim: Claim, column: int) -> str:
        assert self._briefing is not None
        if column == self.TEXT:
            return clip_span(self._briefing.text, claim.start, claim.end)
        if column == self.BY:
            return clip(self._briefing.actor_name(claim.by))
        if column == self.ABOUT:
            return clip(", ".join(clip(self._briefing.actor_name(a)) for a in claim.about))
        if column == self.KIND:
            return claim.kind or "—"
        return CONFIDENCE_LABELS.get(claim.confidence, "not stated") if claim.confidence else "—"


class ClaimFilterModel(QSortFilterProxyModel):
    """Filters claims by actor (who claims or whom it is about), kind and confidence.

    ``None`` for a criterion means any value.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._actor: str | None = None
        self._kind: str | None = None
        self._confidence: str | None = None
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the claims model's own (fast); the proxy keeps its order and only filters."""
        source = self.sourceModel()
        if isinstance(source, ClaimTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def set_filter(self, actor: str | None = None, kind: str | None = None, confidence: str | None = None) -> None:
        """Show only claims that match every given criterion."""
        if (actor, kind, confidence) == (self._actor, self._kind, self._confidence):
            return
        self.beginFilterChange()
        self._actor, self._kind, self._confidence = actor, kind, confidence
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._actor is None and self._kind is None and self._confidence is None:
            return True
        source = self.sourceModel()
        if not isinstance(source, ClaimTableModel):
            return True
        claim = source.claim(source_row)
        if self._actor is not None and self._actor != claim.by and self._actor not in claim.about:
            return False
        if self._kind is not None and claim.kind != self._kind:
            return False
        return self._confidence is None or claim.confidence == self._confidence
