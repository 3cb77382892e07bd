"""NotesPanel: search and filters over the notes, shown as cards, with the active filter always spelled out."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.model.briefing import Briefing
from viewer.model.notes import NOTE_COLORS
from viewer.model.placed_notes import PlacedNotes
from viewer.ui.common.clip import wrapping
from viewer.ui.common.model_base import fill_actor_combo
from viewer.ui.common.palette import color_icon
from viewer.ui.common.roles import NOTE_ID_ROLE
from viewer.ui.notes.delegate import NoteCardDelegate
from viewer.ui.notes.model import NotesFilterModel, NotesModel


class NotesPanel(QWidget):
    """The notes of the open briefing.

    Attributes: ``model`` (NotesModel), ``proxy`` (NotesFilterModel), ``notice`` (what happened
    to the notes store, when something did), ``table`` (one column of cards painted by
    ``delegate``, a NoteCardDelegate: the width of the dock, never scrolled sideways),
    ``search``, ``color_filter``, ``tag_filter``, ``actor_filter``, ``status`` (how many notes
    are shown and which filter is active; kept up to date with every change of the notes).
    Signals: ``noteActivated(str note_id)`` (click or Enter), ``deleteRequested(str note_id)``
    (Delete or Backspace on a selected note).
    """

    noteActivated = Signal(str)
    deleteRequested = Signal(str)

    def __init__(self, notes: PlacedNotes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = NotesModel(notes, self)
        self.proxy = NotesFilterModel(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        # What happened to the notes store (moved aside, read-only, unavailable), where notes are looked for.
        self.notice = QLabel(self)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        wrapping(self.notice)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice.setMargin(4)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search notes: passage, text, tags")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_changed)
        layout.addWidget(self.search)
        row = QHBoxLayout()
        self.color_filter = QComboBox(self)
        self.tag_filter = QComboBox(self)
        self.actor_filter = QComboBox(self)
        for combo, label in (
            (self.color_filter, "any colour"),
            (self.tag_filter, "any tag"),
            (self.actor_filter, "any actor"),
        ):
            combo.addItem(label, None)
            combo.currentIndexChanged.connect(self._filter_changed)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            row.addWidget(combo)
        layout.addLayout(row)
        status = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        wrapping(self.status)
        status.addWidget(self.status, 1)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear filter")
        self.clear_button.clicked.connect(self.clear_filter)
        status.addWidget(self.clear_button)
        layout.addLayout(status)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # F2 edits a note's text in place; a click never does: a second click on the selected card
        # opened an editor a moment later, which took the focus from whatever the reader did next.
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        # One column of cards: the other columns stay in the model (for other views and the
        # exports) but the card shows what they hold, so nothing needs scrolling sideways.
        self.delegate = NoteCardDelegate(self.table)
        self.table.setItemDelegateForColumn(0, self.delegate)
        for column in range(1, self.model.columnCount()):
            self.table.setColumnHidden(column, True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.hide()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rows = self.table.verticalHeader()
        rows.hide()
        # Fixed heights (a card, or a heading): the view lays 10,000 rows out without measuring each.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        rows.setDefaultSectionSize(self.delegate.card_height(self.table.font()))
        self.table.installEventFilter(self)
        self.table.clicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)
        self.proxy.modelReset.connect(self._size_headings)
        self.proxy.layoutChanged.connect(self._size_headings)
        self._filtering = False
        self.proxy.rowsInserted.connect(
            lambda _parent, first, last: None if self._filtering else self._size_rows(first, last)
        )
        # The status line follows the notes themselves, not only the rows shown: a note added,
        # deleted or changed while a filter hides it changes "2 of 3" without any row showing.
        # A filter change can remove rows in a thousand separate runs: the status line is
        # brought up to date once, after them all (refreshing it on each run took a minute
        # with 10,000 notes).
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(lambda *_args: None if self._filtering else self._after_change())
        self.model.dataChanged.connect(lambda *_args: None if self._filtering else self._after_change())
        self.model.filledChanged.connect(self._after_change)
        self.set_color_names(self.model.color_names)

    def set_color_names(self, names: dict[str, str]) -> None:
        """Use the user's names for note colours."""
        self.model.color_names = dict(names)
        current = self.color_filter.currentData()
        self.color_filter.blockSignals(True)
        while self.color_filter.count() > 1:
            self.color_filter.removeItem(1)
        for key in NOTE_COLORS:
            self.color_filter.addItem(color_icon(key), names.get(key, key), key)
        self.color_filter.setCurrentIndex(max(self.color_filter.findData(current), 0))
        self.color_filter.blockSignals(False)
        if self.model.rowCount():
            self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(self.model.rowCount() - 1, 3))

    def show_notice(self, text: str | None) -> None:
        """Say above the notes what happened to the notes store (None: nothing to say)."""
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def set_briefing(self, briefing: Briefing | None) -> None:
        """Offer this briefing's actors as filters."""
        fill_actor_combo(self.actor_filter, briefing)
        self.clear_filter()

    def clear_filter(self) -> None:
        """Show every note."""
        for widget in (self.color_filter, self.tag_filter, self.actor_filter):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._filter_changed()

    def select_note(self, note_id: str) -> None:
        """Select a note's row (clearing the filter if it hides the note)."""
        source = self.model.index_of(note_id)
        if not source.isValid():
            return
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.clear_filter()
            index = self.proxy.mapFromSource(source)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def selected_note(self) -> str | None:
        """The id of the selected note, if a note row is selected."""
        value = self.table.currentIndex().data(NOTE_ID_ROLE)
        return str(value) if value else None

    def visible_notes(self) -> list[str]:
        """The ids of the notes the filter shows, in order (all of them: those still to be listed are listed now)."""
        self.model.fill()
        values = (self.proxy.index(row, 0).data(NOTE_ID_ROLE) for row in range(self.proxy.rowCount()))
        return [str(value) for value in values if value]

    def _shown_count(self) -> int:
        """How many notes the filter shows: the rows shown less their few headings (asking every row
        for its note took 120 ms a change with 10,000 notes under a filter)."""
        headings = sum(
            1 for row in self.model.heading_rows() if self.proxy.mapFromSource(self.model.index(row, 0)).isValid()
        )
        return self.proxy.rowCount() - headings

    def _filter_changed(self) -> None:
        self._filtering = True
        try:
            changed = self.proxy.set_filter(
                self.search.text(),
                self.color_filter.currentData(),
                self.tag_filter.currentData(),
                self.actor_filter.currentData(),
            )
        finally:
            self._filtering = False
        if not changed:
            # The same rows show as before (their headings sized, the status line right): nothing
            # to redo (opening another briefing clears a clear filter over the old briefing's rows).
            return
        self._size_headings()
        self._after_change()

    def _after_change(self) -> None:
        """Refresh the tag list and the status line."""
        tags = self.model.tags()
        current = self.tag_filter.currentData()
        if [self.tag_filter.itemData(i) for i in range(1, self.tag_filter.count())] != tags:
            self.tag_filter.blockSignals(True)
            while self.tag_filter.count() > 1:
                self.tag_filter.removeItem(1)
            for tag in tags:
                self.tag_filter.addItem(tag, tag)
            self.tag_filter.setCurrentIndex(max(self.tag_filter.findData(current), 0))
            self.tag_filter.blockSignals(False)
            if current and current not in tags and self.proxy.tag == current:
                # The last note with the filtered tag lost it (or went): the combo says "any tag"
                # now, so the filter must too, or the list would stay empty under "any tag".
                # Re-applied after the change being announced, not in the middle of it.
                QTimer.singleShot(0, self._filter_changed)
        total = self.model.note_count()
        shown = self._shown_count() if self.proxy.is_active() else total
        parts = []
        if self.proxy.search:
            parts.append(f"text “{self.search.text().strip()}”")
        for combo, label in ((self.color_filter, "colour"), (self.tag_filter, "tag"), (self.actor_filter, "actor")):
            if combo.currentData():
                parts.append(f"{label} {combo.currentText()}")
        if parts:
            # While the notes are still being listed, what the filter shows is a count so far.
            so_far = "" if self.model.filled() else " so far"
            self.status.setText(f"Filter: {', '.join(parts)} — {shown} of {total} notes{so_far}")
        else:
            self.status.setText(
                f"{total} note{'s' if total != 1 else ''}"
                if total
                else "No notes yet: select a passage and press Ctrl+E."
            )
        self.clear_button.setVisible(bool(parts))

    def _size_rows(self, first: int, last: int) -> None:
        """Rows just shown: a heading among them gets a heading's height; a card keeps the default.

        A batch of rows listed while the notes fill asks only its own rows, not every heading."""
        height = self.delegate.heading_height(self.table.font())
        for row in range(first, last + 1):
            if self.model.is_heading(self.proxy.mapToSource(self.proxy.index(row, 0)).row()):
                self.table.setRowHeight(row, height)

    def _size_headings(self) -> None:
        """Every heading row shown gets a heading's height (found from the few headings, not the many rows)."""
        height = self.delegate.heading_height(self.table.font())
        for source_row in self.model.heading_rows():
            row = self.proxy.mapFromSource(self.model.index(source_row, 0)).row()
            if row >= 0:
                self.table.setRowHeight(row, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Delete or Backspace on a selected note deletes it (undoably); while its text is being
        # edited in place, the keys go to the editor instead and this is not reached.
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
            if plain and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                note_id = self.selected_note()
                if note_id is not None and self.table.state() != QAbstractItemView.State.EditingState:
                    self.deleteRequested.emit(note_id)
                    return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        note_id = index.data(NOTE_ID_ROLE)
        if note_id:
            self.noteActivated.emit(str(note_id))
