"""ClaimPanel: the claims table with filters by actor, kind and confidence."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.model.briefing import CLAIM_KINDS, CONFIDENCES, Briefing
from viewer.ui.claims.model import ClaimFilterModel, ClaimTableModel
from viewer.ui.common.model_base import fill_actor_combo
from viewer.ui.common.roles import OFFSET_ROLE


class ClaimPanel(QWidget):
    """Filters over a sortable table of claims.

    Attributes: ``model`` (ClaimTableModel), ``proxy`` (ClaimFilterModel), ``table``,
    the filter combos ``actor_filter``, ``kind_filter``, ``confidence_filter``.
    Signals: ``offsetRequested(int)`` when a claim is clicked or activated.
    """

    offsetRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ClaimTableModel(parent=self)
        self.proxy = ClaimFilterModel(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        filters = QHBoxLayout()
        self.actor_filter = self._combo(filters, "Actor:")
        self.kind_filter = self._combo(filters, "Kind:")
        self.confidence_filter = self._combo(filters, "Confidence:")
        for kind in CLAIM_KINDS:
            self.kind_filter.addItem(kind, kind)
        for confidence in CONFIDENCES:
            self.confidence_filter.addItem(confidence, confidence)
        filters.addStretch(1)
        self.count = QLabel(self)
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        filters.addWidget(self.count)
        layout.addLayout(filters)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        # Document order until the user sorts: sorting 10,000 claims through Python costs a second.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(50)  # fit columns to the first rows, not to every claim
        header.setSectionResizeMode(ClaimTableModel.TEXT, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(ClaimTableModel.HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.clicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

    def _combo(self, layout: QHBoxLayout, label: str) -> QComboBox:
        layout.addWidget(QLabel(label, self))
        combo = QComboBox(self)
        combo.addItem("any", None)
        combo.currentIndexChanged.connect(self._filter_changed)
        layout.addWidget(combo)
        return combo

    @property
    def briefing(self) -> Briefing | None:
        """The briefing whose claims are shown."""
        return self.model.briefing

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Show another briefing's claims, filters cleared."""
        self.model.set_briefing(briefing)
        fill_actor_combo(self.actor_filter, briefing)
        for combo in (self.actor_filter, self.kind_filter, self.confidence_filter):
            combo.setCurrentIndex(0)
        self._filter_changed()

    def filter_by_actor(self, actor_id: str | None) -> None:
        """Show only the claims made by or about an actor (None: all)."""
        index = self.actor_filter.findData(actor_id)
        self.actor_filter.setCurrentIndex(max(index, 0))

    def _filter_changed(self) -> None:
        self.proxy.set_filter(
            self.actor_filter.currentData(), self.kind_filter.currentData(), self.confidence_filter.currentData()
        )
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total} claims" if shown != total else f"{total} claims")

    def _activated(self, index: QModelIndex) -> None:
        offset = index.data(OFFSET_ROLE)
        if offset is not None:
            self.offsetRequested.emit(int(offset))
