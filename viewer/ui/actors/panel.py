"""ActorPanel: the actor tree (also the legend), and the selected actor's relations and claims."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from viewer.model.briefing import Briefing
from viewer.ui.actors.model import ActorTreeModel
from viewer.ui.claims.legend import ClaimLegend
from viewer.ui.common.palette import CONFIDENCE_LABELS, TYPE_LABELS
from viewer.ui.common.roles import ACTOR_ID_ROLE, OFFSET_ROLE
from viewer.ui.common.tooltips import text_tooltip


class ActorPanel(QWidget):
    """Actors by type with show/hide boxes; below, the selected actor's details.

    Attributes: ``model`` (ActorTreeModel), ``tree``, ``details`` (a list model of
    relations and claims). Signals: ``actorSelected(str)``, ``offsetRequested(int)``
    (a claim in the details was activated), ``stepRequested(int)`` (-1 or +1: previous
    or next mention of the selected actor).
    """

    actorSelected = Signal(str)
    offsetRequested = Signal(int)
    stepRequested = Signal(int)

    def __init__(self, model: ActorTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._briefing: Briefing | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.tree = QTreeView(self)
        self.tree.setModel(model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setResizeContentsPrecision(50)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        model.modelReset.connect(self.tree.expandAll)
        layout.addWidget(self.tree, 3)
        layout.addWidget(ClaimLegend(self))

        self.name = QLabel(self)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setWordWrap(True)
        layout.addWidget(self.name)
        steps = QHBoxLayout()
        self.previous_button = QPushButton("◀ Previous mention", self)
        self.next_button = QPushButton("Next mention ▶", self)
        self.previous_button.clicked.connect(lambda: self.stepRequested.emit(-1))
        self.next_button.clicked.connect(lambda: self.stepRequested.emit(1))
        steps.addWidget(self.previous_button)
        steps.addWidget(self.next_button)
        layout.addLayout(steps)
        self.details = QStandardItemModel(self)
        self.details_view = QListView(self)
        self.details_view.setModel(self.details)
        self.details_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details_view.setWordWrap(True)
        self.details_view.activated.connect(self._detail_activated)
        self.details_view.clicked.connect(self._detail_activated)
        layout.addWidget(self.details_view, 2)
        self.show_actor(None)

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Show another briefing's actors."""
        self._briefing = briefing
        self.model.set_briefing(briefing)
        self.show_actor(None)

    def selected_actor(self) -> str | None:
        """The id of the selected actor, if an actor (not a type) is selected."""
        value = self.tree.currentIndex().data(ACTOR_ID_ROLE)
        return str(value) if value else None

    def select_actor(self, actor_id: str) -> None:
        """Select an actor's row."""
        index = self.model.index_of(actor_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        actor_id = current.data(ACTOR_ID_ROLE)
        self.show_actor(str(actor_id) if actor_id else None)
        if actor_id:
            self.actorSelected.emit(str(actor_id))

    def show_actor(self, actor_id: str | None) -> None:
        """Fill the details with an actor's relations and claims."""
        self.details.clear()
        briefing = self._briefing
        actor = briefing.actors.get(actor_id) if briefing and actor_id else None
        self.previous_button.setEnabled(actor is not None)
        self.next_button.setEnabled(actor is not None)
        if briefing is None or actor is None:
            self.name.setText("Select an actor to follow it through the text.")
            return
        count = len(briefing.mentions_of(actor.id))
        self.name.setText(
            f"{actor.name} — {TYPE_LABELS.get(actor.type, actor.type)}, {count} mention{'s' if count != 1 else ''}"
        )
        for relation in briefing.relations_of(actor.id):
            text = f"{briefing.actor_name(relation.source)} {relation.type} {briefing.actor_name(relation.target)}" + (
                f" ({relation.note})" if relation.note else ""
            )
            self._add("Relation", text, None)
        for label, claims in (("Claims", briefing.claims_by(actor.id)), ("About", briefing.claims_about(actor.id))):
            for claim in claims:
                quote = briefing.text[claim.start : claim.end]
                confidence = CONFIDENCE_LABELS.get(claim.confidence, "") if claim.confidence else ""
                facts = ", ".join(x for x in (claim.kind, confidence) if x)
                self._add(label, f"“{quote}”" + (f" ({facts})" if facts else ""), claim.start)
        if self.details.rowCount() == 0:
            self._add("", "No relations or claims.", None)

    def _add(self, label: str, text: str, offset: int | None) -> None:
        item = QStandardItem(f"{label}: {text}" if label else text)
        item.setToolTip(text_tooltip(item.text()))
        if offset is not None:
            item.setData(offset, OFFSET_ROLE)
        self.details.appendRow(item)

    def _detail_activated(self, index: QModelIndex) -> None:
        offset = index.data(OFFSET_ROLE)
        if offset is not None:
            self.offsetRequested.emit(int(offset))
