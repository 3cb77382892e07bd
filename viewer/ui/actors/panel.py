"""ActorPanel: the actor tree (also the legend), and the selected actor's relations and claims."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from viewer.model.briefing import Briefing
from viewer.ui.actors.model import EXPANDED_UP_TO, ActorTreeModel
from viewer.ui.claims.legend import ClaimLegend
from viewer.ui.common.clip import TEXT_CHARS, clip, clip_span, wrapping
from viewer.ui.common.palette import CONFIDENCE_LABELS, TYPE_LABELS
from viewer.ui.common.roles import ACTOR_ID_ROLE, OFFSET_ROLE, PASSAGE_ROLE
from viewer.ui.common.tooltips import text_tooltip


class ActorPanel(QWidget):
    """Actors by type with show/hide boxes; below, the selected actor's details.

    Attributes: ``model`` (ActorTreeModel), ``tree``, ``details`` (a model of the actor's
    relations, the claims it makes and the claims about it, each group under a heading row),
    ``details_view``. Signals: ``actorSelected(str)``, ``offsetRequested(int start, int end)``
    (a claim in the details was activated: its passage, to select and show),
    ``stepRequested(int)`` (-1 or +1: previous or next mention of the selected actor).
    """

    actorSelected = Signal(str)
    offsetRequested = Signal(int, int)
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
        model.modelReset.connect(self._expand)
        layout.addWidget(self.tree, 3)
        layout.addWidget(ClaimLegend(self))

        self.name = QLabel(self)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        wrapping(self.name)
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
        # A tree: each group (relations, claims made, claims about) under a heading, its entries
        # indented and wrapped, so that one claim does not run into the next.
        self.details_view = QTreeView(self)
        self.details_view.setModel(self.details)
        self.details_view.setHeaderHidden(True)
        self.details_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.details_view.setWordWrap(True)
        self.details_view.setUniformRowHeights(False)
        self.details_view.setItemsExpandable(False)
        self.details_view.setRootIsDecorated(False)
        self.details_view.setIndentation(14)
        self.details_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details_view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.details_view.header().setStretchLastSection(True)
        self.details_view.setItemDelegate(_WrappingDelegate(self.details_view))
        # Row heights depend on the width: measured again when the column's width changes.
        self.details_view.header().sectionResized.connect(lambda *_args: self.details_view.doItemsLayout())
        self.details_view.activated.connect(self._detail_activated)
        self.details_view.clicked.connect(self._detail_activated)
        layout.addWidget(self.details_view, 2)
        self.show_actor(None)

    @property
    def briefing(self) -> Briefing | None:
        """The briefing whose actors are shown."""
        return self._briefing

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Show another briefing's actors."""
        self._briefing = briefing
        self.model.set_briefing(briefing)
        self.show_actor(None)

    def _expand(self) -> None:
        """Each type's actors shown, but for a type of thousands: that one is collapsed, its row
        (with its count and its box) at hand, and expanded when the user chooses (or selects one
        of its actors from the text). Expanding every row of 100,000 actors took 5 s."""
        for index, count in self.model.type_rows():
            if count <= EXPANDED_UP_TO:
                self.tree.expand(index)
        # Laid out now, as expandAll did: its scroll bar is there for the first paint.
        self.tree.doItemsLayout()

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
            f"{clip(actor.name)} — {TYPE_LABELS.get(actor.type, actor.type)}, {count} mention{'s' if count != 1 else ''}"
        )
        # Every entry clipped: they are measured wrapped, whole (see clip).
        name = briefing.actor_name
        relations = [
            clip(
                f"{clip(name(r.source))} {clip(r.type)} {clip(name(r.target))}" + (f" ({r.note})" if r.note else ""),
                TEXT_CHARS,
            )
            for r in briefing.relations_of(actor.id)
        ]
        groups: list[tuple[str, list[tuple[str, tuple[int, int] | None]]]] = [
            ("Relations", [(text, None) for text in relations])
        ]
        for title, claims in (
            ("Claims made", briefing.claims_by(actor.id)),
            ("Claims about", briefing.claims_about(actor.id)),
        ):
            entries: list[tuple[str, tuple[int, int] | None]] = []
            for claim in claims:
                quote = " ".join(clip_span(briefing.text, claim.start, claim.end, TEXT_CHARS).split())
                confidence = CONFIDENCE_LABELS.get(claim.confidence, "") if claim.confidence else ""
                facts = ", ".join(x for x in (claim.kind, f"{confidence} confidence" if confidence else "") if x)
                by = "" if title == "Claims made" else f"{clip(briefing.actor_name(claim.by))}: "
                entries.append((f"{by}“{quote}”" + (f" ({facts})" if facts else ""), (claim.start, claim.end)))
            groups.append((title, entries))
        for title, entries in groups:
            if entries:
                self._add_group(title, entries)
        if self.details.rowCount() == 0:
            self.details.appendRow(_entry("No relations or claims.", None))
        self.details_view.expandAll()

    def _add_group(self, title: str, entries: list[tuple[str, tuple[int, int] | None]]) -> None:
        heading = QStandardItem(f"{title} ({len(entries)})")
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.font())
        font.setBold(True)
        heading.setFont(font)
        # Room above each heading but the first: the groups stand apart.
        space = 12 if self.details.rowCount() else 4
        heading.setSizeHint(QSize(1, self.fontMetrics().height() + space))
        heading.setData(
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), Qt.ItemDataRole.TextAlignmentRole
        )
        for text, passage in entries:
            heading.appendRow(_entry(text, passage))
        self.details.appendRow(heading)

    def _detail_activated(self, index: QModelIndex) -> None:
        passage = index.data(PASSAGE_ROLE)
        if passage is not None:
            start, end = passage
            self.offsetRequested.emit(int(start), int(end))


class _WrappingDelegate(QStyledItemDelegate):
    """Entries as tall as their text wrapped to the column (a tree view measures them one line high)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.parent()
        if index.data(Qt.ItemDataRole.SizeHintRole) is not None or not isinstance(view, QTreeView):
            return hint
        depth = 1 if index.parent().isValid() else 0
        width = view.columnWidth(0) - depth * view.indentation() - 8  # the style's text margins
        if width <= 0:
            return hint
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), str(index.data())
        )
        return QSize(hint.width(), max(hint.height(), bounds.height() + 4))


def _entry(text: str, passage: tuple[int, int] | None) -> QStandardItem:
    item = QStandardItem(text)
    item.setToolTip(text_tooltip(text))
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if passage is not None:
        item.setData(passage, PASSAGE_ROLE)
        item.setData(passage[0], OFFSET_ROLE)
    return item
