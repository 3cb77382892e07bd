"""NotesModel and NotesFilterModel: a briefing's notes in document order, under section headings.

The model is a flat table in which each group (a section, or "Orphaned notes")
is a heading row followed by its notes. Flat rather than a tree because a
table view lays out rows without asking the model about each one, which keeps
adding a note quick when a briefing carries thousands of them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from viewer.model.notes import NoteState, PlacedNote, color_hex, default_color_names
from viewer.model.placed_notes import NotesChange, PlacedNotes
from viewer.model.search import fold
from viewer.ui.common.clip import TIP_CHARS, clip
from viewer.ui.common.model_base import HeadersMixin
from viewer.ui.common.roles import NOTE_ID_ROLE
from viewer.ui.common.tooltips import body_summaries, escape, note_tooltip
from viewer.ui.common.turns import TurnShare

_Index = QModelIndex | QPersistentModelIndex
ORPHANS = "\x00orphans"
GROUP_ROLE = Qt.ItemDataRole.UserRole + 20  # True on heading rows
# What a note's card shows, each part on its own (the display text joins them for a plain view).
NOTE_TEXT_ROLE = Qt.ItemDataRole.UserRole + 21  # the note's text, start of it, white space collapsed
QUOTE_ROLE = Qt.ItemDataRole.UserRole + 22  # the quoted passage, likewise
COLOR_ROLE = Qt.ItemDataRole.UserRole + 23  # QColor of the note's colour
COLOR_NAME_ROLE = Qt.ItemDataRole.UserRole + 24  # what the user calls that colour
TAGS_ROLE = Qt.ItemDataRole.UserRole + 25  # list of tags
STATE_ROLE = Qt.ItemDataRole.UserRole + 26  # "moved", "reworded", bodies of another kind; "" otherwise
# Computed once: combining enum flags in Python is slow, and views ask for flags of every row.
_HEADING = Qt.ItemFlag.ItemIsEnabled
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable


@dataclass(eq=False)
class _Heading:
    key: str  # a section id, or ORPHANS
    title: str
    path: str
    rank: int


_Row = _Heading | PlacedNote
# Notes listed at once when a briefing's notes are shown, then per turn of the event loop: a
# screenful and more at once; a batch takes the loop's turn for a few milliseconds.
FIRST_ROWS = 300
BATCH_ROWS = 400


class NotesModel(HeadersMixin, QAbstractTableModel):
    """Heading rows (sections in document order, then "Orphaned notes") each followed by its notes.

    A view of ``notes`` (the window's PlacedNotes): it lays their rows out and follows their
    changes, and keeps no note of its own. Columns: the passage and text (editable: editing it
    edits the note's text), colour, tags, and the actors and claims the passage touches; the
    card roles (``NOTE_TEXT_ROLE``, ``QUOTE_ROLE``, ``COLOR_ROLE``, ``COLOR_NAME_ROLE``,
    ``TAGS_ROLE``, ``STATE_ROLE``) give each part of a note on its own, for the panel's cards.
    Many notes are listed over several turns of the event loop (``filled()`` says when all are,
    and ``filledChanged()`` is emitted then); meanwhile a note added, changed or removed goes
    where it belongs, listed or not yet, and heading counts say the true totals.
    Signals: ``textEdited(str note_id, str text)`` when a note is edited in place; ``filledChanged()``.
    """

    textEdited = Signal(str, str)
    filledChanged = Signal()
    HEADERS = ("Note", "Colour", "Tags", "Touches")

    def __init__(self, notes: PlacedNotes | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.notes = notes if notes is not None else PlacedNotes()
        self._rows: list[_Row] = []
        self._keys: list[tuple[int, int, int]] = []  # sort key of each row, for bisect
        self._folded: dict[str, str] = {}  # note id → its passage, text and tags folded for search
        self._shown: set[str] = set()  # the ids of the notes that have a row
        # Notes not listed yet, in order, from ``_next`` on: all of them come after the last row.
        self._pending: list[PlacedNote] = []
        self._next = 0
        self._filler = QTimer(self)
        self._filler.setInterval(0)
        self._filler.timeout.connect(self._fill_turn)
        self.color_names = default_color_names()
        self.notes.subscribe(self._follow)
        self._follow(None)

    # -- following the notes ---------------------------------------------------------

    def _follow(self, change: NotesChange | None) -> None:
        if change is None:
            self._lay_out()
        elif change.after is None:
            self._take_out(change.note_id)
        else:
            self._put(change.after)

    def _lay_out(self) -> None:
        """Every row again, from the notes in their order: the first ``FIRST_ROWS`` notes now, the rest in
        batches of ``BATCH_ROWS`` on later turns of the event loop (10,000 at once froze the window for
        150 ms: the rows, the filter's look at each and the view's layout of them)."""
        self._filler.stop()
        self.beginResetModel()
        self._rows, self._keys, self._folded, self._shown = [], [], {}, set()
        self._pending, self._next = list(self.notes.ordered()), 0
        self._append(FIRST_ROWS)
        self.endResetModel()
        if self._next < len(self._pending):
            self._filler.start()
        else:
            self._pending, self._next = [], 0

    def filled(self) -> bool:
        """Whether every note has its row (a large set of notes is listed over several turns of the loop)."""
        return self._next >= len(self._pending)

    def _fill_turn(self) -> None:
        """A batch of the pending notes listed, unless another job of the window takes this turn."""
        if TurnShare.shared().may_run(self):
            self._fill_more()

    def _fill_more(self, most: int = 0) -> None:
        first = len(self._rows)
        rows, keys = self._next_rows(most or BATCH_ROWS)
        if rows:
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._take(rows, keys)
            self.endInsertRows()
            if first and isinstance(rows[0], PlacedNote):
                # The batch goes on a group listed before: its heading is looked at again (a filter
                # that hid it, for want of a matching note then, shows it if one came now).
                self._recount(keys[0][0])
        if self.filled():
            self._filler.stop()
            self._pending, self._next = [], 0
            self.filledChanged.emit()

    def _first_pending_key(self) -> tuple[int, int, int]:
        return self.notes.order_key(self._pending[self._next])

    def fill(self) -> None:
        """List every note still pending now (for what acts on all the notes the panel shows)."""
        if not self.filled():
            self._fill_more(len(self._pending) - self._next)

    def _list_through(self, note_id: str) -> None:
        """List the pending notes up to this one (asked for before its turn: selected from the text, say)."""
        at = next((i for i in range(self._next, len(self._pending)) if self._pending[i].id == note_id), None)
        if at is not None:
            self._fill_more(at + 1 - self._next)

    def _append(self, most: int) -> None:
        """Up to ``most`` pending notes (and their headings) put at the end, unannounced (within a reset)."""
        self._take(*self._next_rows(most))

    def _next_rows(self, most: int) -> tuple[list[_Row], list[tuple[int, int, int]]]:
        """The rows of the next ``most`` pending notes, with the headings they start; taken off the pending."""
        rows: list[_Row] = []
        keys: list[tuple[int, int, int]] = []
        rank = self._keys[-1][0] if self._keys else None
        end = min(self._next + most, len(self._pending))
        for placed in self._pending[self._next : end]:
            key = self.notes.order_key(placed)
            if key[0] != rank:
                heading = self._heading(self._group_key(placed))
                rows.append(heading)
                keys.append((heading.rank, -1, -1))
                rank = key[0]
            rows.append(placed)
            keys.append(key)
        self._next = end
        return rows, keys

    def _take(self, rows: list[_Row], keys: list[tuple[int, int, int]]) -> None:
        self._rows += rows
        self._keys += keys
        self._shown.update(r.id for r in rows if isinstance(r, PlacedNote))

    def _unlist_pending(self, note_id: str) -> PlacedNote | None:
        """Take a note off the pending ones; it, if it was there."""
        if note_id in self._shown or self.filled():
            return None
        for at in range(self._next, len(self._pending)):
            if self._pending[at].id == note_id:
                return self._pending.pop(at)
        return None

    def _beyond_listed(self, key: tuple[int, int, int]) -> bool:
        """Whether a note of this key comes after every row while notes are still pending (it waits its turn)."""
        return not self.filled() and (not self._keys or key > self._keys[-1])

    def _group_key(self, placed: PlacedNote) -> str:
        return self.notes.section_of(placed) or ORPHANS

    def _heading(self, group: str) -> _Heading:
        rank = self.notes.rank_of(None if group == ORPHANS else group)
        if group == ORPHANS:
            return _Heading(ORPHANS, "Orphaned notes", "Notes whose passage is no longer in the briefing", rank)
        briefing = self.notes.briefing
        section = briefing.section(group) if briefing is not None else None
        if section is None:
            return _Heading(group, clip(group), clip(group, TIP_CHARS), rank)
        path = " › ".join(clip(s.heading or s.id) for s in section.path())
        return _Heading(group, clip(section.heading or section.id), clip(path, TIP_CHARS), rank)

    def _group_count(self, group: str) -> int:
        return self.notes.count_in(None if group == ORPHANS else group)

    def _put(self, placed: PlacedNote) -> None:
        """A note added, refreshed in place (keeping selections), or moved if its place changed."""
        self._folded.pop(placed.id, None)
        self._unlist_pending(placed.id)
        row = self._row_of(placed.id)
        key = self.notes.order_key(placed)
        if row is not None:
            old = self._rows[row]
            assert isinstance(old, PlacedNote)
            if row + 1 < len(self._keys):
                fits = self._keys[row - 1] < key < self._keys[row + 1]
            else:  # the last row: it must stay before the notes still to be listed
                fits = self._keys[row - 1] < key and (self.filled() or key <= self._first_pending_key())
            if (key == self._keys[row] or fits) and self._keys[row][0] == key[0]:
                self._rows[row], self._keys[row] = placed, key
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
                self._recount(key[0])
                return
            self._take_out(placed.id)
        if self._beyond_listed(key):
            at = bisect.bisect_right(self._pending, key, lo=self._next, key=self.notes.order_key)
            self._pending.insert(at, placed)
            self._recount(key[0])  # its heading may be listed already: its count says the true total
            return
        heading_at = bisect.bisect_left(self._keys, (key[0], -1, -1))
        if heading_at == len(self._rows) or self._keys[heading_at] != (key[0], -1, -1):
            heading = self._heading(self._group_key(placed))
            self.beginInsertRows(QModelIndex(), heading_at, heading_at)
            self._rows.insert(heading_at, heading)
            self._keys.insert(heading_at, (heading.rank, -1, -1))
            self.endInsertRows()
        row = bisect.bisect_right(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, placed)
        self._keys.insert(row, key)
        self._shown.add(placed.id)
        self.endInsertRows()
        self._recount(key[0])

    def _take_out(self, note_id: str) -> None:
        """A note's row taken out (and its heading, if it was the last of its group)."""
        self._folded.pop(note_id, None)
        pending = self._unlist_pending(note_id)
        if pending is not None:
            self._recount(self.notes.order_key(pending)[0])
            return
        row = self._row_of(note_id)
        if row is None:
            return
        rank = self._keys[row][0]
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        self._shown.discard(note_id)
        self.endRemoveRows()
        heading_at = bisect.bisect_left(self._keys, (rank, -1, -1))
        last = heading_at + 1 == len(self._keys) or self._keys[heading_at + 1][0] != rank
        if last:
            self.beginRemoveRows(QModelIndex(), heading_at, heading_at)
            del self._rows[heading_at]
            del self._keys[heading_at]
            self.endRemoveRows()
        else:
            self._recount(rank)

    def _recount(self, rank: int) -> None:
        """The heading of a group shows its count: say it changed."""
        heading_at = bisect.bisect_left(self._keys, (rank, -1, -1))
        if heading_at < len(self._rows) and self._keys[heading_at] == (rank, -1, -1):
            self.dataChanged.emit(self.index(heading_at, 0), self.index(heading_at, 0))

    def _row_of(self, note_id: str) -> int | None:
        if note_id not in self._shown:
            return None
        return next(i for i, r in enumerate(self._rows) if isinstance(r, PlacedNote) and r.id == note_id)

    # -- questions --------------------------------------------------------------

    def placed(self, note_id: str) -> PlacedNote | None:
        """A note, by id."""
        return self.notes.get(note_id)

    def index_of(self, note_id: str) -> QModelIndex:
        """The index of a note's row (column 0); a note not listed yet is listed now, with those before it."""
        if note_id not in self._shown and note_id in self.notes and not self.filled():
            self._list_through(note_id)
        row = self._row_of(note_id)
        return self.index(row, 0) if row is not None else QModelIndex()

    def group_of(self, note_id: str) -> str:
        """The heading row's text above a note (``Section (count)``)."""
        row = self._row_of(note_id)
        while row is not None and row >= 0:
            if isinstance(self._rows[row], _Heading):
                return str(self.data(self.index(row, 0)))
            row -= 1
        return ""

    def actors_of(self, note_id: str) -> list[str]:
        """The ids of the actors a note's passage mentions."""
        return self.notes.actors_of(note_id)

    def search_text(self, placed: PlacedNote) -> str:
        """A note's passage, text and tags, folded for a case- and accent-insensitive search."""
        folded = self._folded.get(placed.id)
        if folded is None:
            note = placed.note
            folded = self._folded[placed.id] = fold(" ".join([note.anchor.quote, note.text, *note.tags]))
        return folded

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return self.notes.tags()

    def note_count(self) -> int:
        """How many notes there are."""
        return len(self.notes)

    def heading_rows(self) -> list[int]:
        """The rows that are section headings."""
        return [row for row, value in enumerate(self._rows) if isinstance(value, _Heading)]

    def heading_at(self, row: int) -> str | None:
        """The group key of a heading row (None for a note's row)."""
        value = self._rows[row] if 0 <= row < len(self._rows) else None
        return value.key if isinstance(value, _Heading) else None

    def group_key(self, placed: PlacedNote) -> str:
        """The group (heading) a note goes under."""
        return self._group_key(placed)

    def is_heading(self, row: int) -> bool:
        """Whether a row is a section heading."""
        return 0 <= row < len(self._rows) and isinstance(self._rows[row], _Heading)

    def note_at_row(self, row: int) -> PlacedNote | None:
        """The note of a row (None for a heading row)."""
        value = self._rows[row]
        return value if isinstance(value, PlacedNote) else None

    # -- the table ---------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._rows[index.row()], _Heading):
            return _HEADING
        return _EDITABLE if index.column() == 0 else _SELECTABLE

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if isinstance(row, _Heading):
            return self._heading_data(row, index.column(), role)
        return self._note_data(row, index.column(), role)

    def _heading_data(self, heading: _Heading, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return f"{heading.title} ({self._group_count(heading.key)})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return escape(heading.path)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == GROUP_ROLE:  # the card delegate and the panel tell headings from notes by it
            return True
        return None

    def _note_data(self, placed: PlacedNote, column: int, role: int) -> Any:
        note = placed.note
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                quote = _clipped(note.anchor.quote)
                text = _clipped(note.text)
                state = {NoteState.MOVED: " (moved)", NoteState.FUZZY: " (reworded)"}.get(placed.state, "")
                # An imported note may carry a link, an image, a sound...: said here, listed in the tooltip.
                also = f" [+ {', '.join(s.split(':')[0] for s in body_summaries(note))}]" if note.other_bodies else ""
                return f"“{quote}”{state}" + (f" — {text}" if text else "") + also
            if column == 1:
                return self.color_names.get(note.color, note.color)
            if column == 2:
                return ", ".join(note.tags)
            return self._touches(placed)
        if role == Qt.ItemDataRole.EditRole and column == 0:
            return note.text
        if role == NOTE_TEXT_ROLE:
            return _clipped(note.text)
        if role == QUOTE_ROLE:
            return _clipped(note.anchor.quote)
        if role == COLOR_ROLE:
            return QColor(color_hex(note.color))
        if role == COLOR_NAME_ROLE:
            return self.color_names.get(note.color, note.color)
        if role == TAGS_ROLE:
            return list(note.tags)
        if role == STATE_ROLE:
            return self._state(placed)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return QColor(color_hex(note.color))
        if role == Qt.ItemDataRole.ToolTipRole:
            return note_tooltip(placed, self.color_names)
        if role == NOTE_ID_ROLE:
            return note.id
        return None

    @staticmethod
    def _state(placed: PlacedNote) -> str:
        state = {NoteState.MOVED: "moved", NoteState.FUZZY: "reworded"}.get(placed.state, "")
        also = (
            f"+ {', '.join(s.split(':')[0] for s in body_summaries(placed.note))}" if placed.note.other_bodies else ""
        )
        return " · ".join(x for x in (state, also) if x)

    def _touches(self, placed: PlacedNote) -> str:
        briefing = self.notes.briefing
        if briefing is None or placed.start is None or placed.end is None:
            return ""
        names = [briefing.actors[a].name for a in self.actors_of(placed.id) if a in briefing.actors]
        claims = [c.id for c in briefing.claims_in(placed.start, placed.end)]
        return "; ".join(x for x in (_listed(names), _listed(claims)) if x)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        placed = self._rows[index.row()]
        if not isinstance(placed, PlacedNote):
            return False
        if str(value) != placed.note.text:
            self.textEdited.emit(placed.id, str(value))  # the window turns it into an undoable edit
        return True


# A row shows the start of a long passage or text: a note on a whole 6 MB briefing made every
# paint of the table take two seconds, Qt measuring millions of characters to elide them.
SHOWN_CHARACTERS = 300
SHOWN_NAMES = 12


def _clipped(text: str) -> str:
    """White space collapsed, and the start only of a long text."""
    shown = " ".join(text[: SHOWN_CHARACTERS * 2].split())
    if len(shown) > SHOWN_CHARACTERS or len(text) > SHOWN_CHARACTERS * 2:
        return shown[:SHOWN_CHARACTERS].rstrip() + "…"
    return shown


def _listed(names: list[str]) -> str:
    """The names, or the first of them and how many more."""
    if len(names) <= SHOWN_NAMES:
        return ", ".join(names)
    return ", ".join(names[:SHOWN_NAMES]) + f" and {len(names) - SHOWN_NAMES} more"


class NotesFilterModel(QSortFilterProxyModel):
    """Filters notes by a search over quote, text and tags (case and accents ignored), colour, tag and actor.

    A heading row shows when at least one of its notes does, and while a filter is on it says how
    many of its notes match (``Section (2 of 9)``).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.color: str | None = None
        self.tag: str | None = None
        self.actor: str | None = None
        # Matching notes per group, counted in one pass over every note (listed or not yet) when
        # a heading is first shown after a change; None: to count again.
        self._matching: dict[str, int] | None = None

    def setSourceModel(self, source: Any) -> None:
        super().setSourceModel(source)
        for signal in (source.rowsInserted, source.rowsRemoved, source.dataChanged, source.modelReset):
            signal.connect(self._recount)

    def _recount(self, *_args: Any) -> None:
        self._matching = None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if role != Qt.ItemDataRole.DisplayRole or index.column() != 0 or not self.is_active():
            return value
        source = self.sourceModel()
        if not isinstance(source, NotesModel) or not index.data(GROUP_ROLE):
            return value
        heading = source.heading_at(self.mapToSource(index).row())
        if heading is None:
            return value
        if self._matching is None:
            self._matching = self._count_matching(source)
        title, total = value.rsplit(" (", 1)
        return f"{title} ({self._matching.get(heading, 0)} of {total}"

    def _count_matching(self, source: NotesModel) -> dict[str, int]:
        counts: dict[str, int] = {}
        for placed in source.notes:
            if self._accepts(source, placed):
                group = source.group_key(placed)
                counts[group] = counts.get(group, 0) + 1
        return counts

    def set_filter(
        self, search: str = "", color: str | None = None, tag: str | None = None, actor: str | None = None
    ) -> bool:
        """Show only the notes matching every criterion (empty or None: any); whether that changed anything."""
        criteria = (fold(search.strip()), color, tag, actor)
        if criteria == (self.search, self.color, self.tag, self.actor):
            # Nothing changes what is shown: re-asking every row (10,000 calls into Python, ~26 ms)
            # is what stalled reopening a briefing, whose panel clears the (already clear) filter.
            return False
        self.beginFilterChange()
        self._matching = None
        self.search, self.color, self.tag, self.actor = criteria
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        return True

    def is_active(self) -> bool:
        """Whether any criterion is set."""
        return bool(self.search or self.color or self.tag or self.actor)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        source = self.sourceModel()
        if not isinstance(source, NotesModel) or not self.is_active():
            return True
        placed = source.note_at_row(source_row)
        if placed is not None:
            return self._accepts(source, placed)
        row = source_row + 1
        while row < source.rowCount():
            note = source.note_at_row(row)
            if note is None:
                return False
            if self._accepts(source, note):
                return True
            row += 1
        return False

    def _accepts(self, source: NotesModel, placed: PlacedNote) -> bool:
        note = placed.note
        if self.color and note.color != self.color:
            return False
        if self.tag and self.tag not in note.tags:
            return False
        if self.actor and self.actor not in source.actors_of(note.id):
            return False
        if self.search:
            return self.search in source.search_text(placed)
        return True
