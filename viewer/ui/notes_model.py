"""NotesModel and NotesFilterModel: a briefing's notes in document order, under section headings.

The model is a flat table in which each group (a section, or "Orphaned notes")
is a heading row followed by its notes. Flat rather than a tree because a
table view lays out rows without asking the model about each one, which keeps
adding a note quick when a briefing carries thousands of them.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from html import escape
from itertools import chain
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFont

from viewer.io.notebook import sort_placed
from viewer.io.web_annotation import body_summaries
from viewer.model.briefing import Briefing
from viewer.model.notes import NOTE_COLORS, NoteState, PlacedNote
from viewer.model.search import fold
from viewer.ui.model_base import HeadersMixin
from viewer.ui.roles import ACTOR_ID_ROLE, NOTE_ID_ROLE, OFFSET_ROLE
from viewer.ui.tooltips import note_tooltip

_Index = QModelIndex | QPersistentModelIndex
ORPHANS = "\x00orphans"
GROUP_ROLE = Qt.ItemDataRole.UserRole + 20  # True on heading rows
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


class NotesModel(HeadersMixin, QAbstractTableModel):
    """Heading rows (sections in document order, then "Orphaned notes") each followed by its notes.

    Columns: the passage and text (editable: editing it edits the note's text), colour,
    tags, and the actors and claims the passage touches. Signals:
    ``textEdited(str note_id, str text)`` when a note is edited in place.
    """

    textEdited = Signal(str, str)
    HEADERS = ("Note", "Colour", "Tags", "Touches")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._briefing: Briefing | None = None
        self._rows: list[_Row] = []
        self._keys: list[tuple[int, int, int]] = []  # sort key of each row, for bisect
        self._counts: Counter[str] = Counter()  # notes per group
        self._actors: dict[str, list[str]] = {}  # filled on demand: most notes are never asked
        self._by_id: dict[str, PlacedNote] = {}
        self._folded: dict[str, str] = {}  # note id → its passage, text and tags folded for search
        self._ranks: dict[str, int] = {}
        self._titles: dict[str, tuple[str, str]] = {}  # section id → (heading, path)
        self._tag_counts: Counter[str] = Counter()
        self.color_names = {key: meaning for key, (meaning, _hex) in NOTE_COLORS.items()}

    # -- filling ----------------------------------------------------------------

    def set_notes(self, briefing: Briefing | None, placed: list[PlacedNote]) -> None:
        """Show these notes of this briefing (replacing everything)."""
        self.beginResetModel()
        self._briefing = briefing
        self._rows, self._keys = [], []
        self._counts, self._tag_counts = Counter(), Counter()
        self._actors, self._ranks, self._titles, self._by_id = {}, {}, {}, {}
        self._folded = {}
        if briefing is not None:
            for rank, section in enumerate(briefing.walk_sections()):
                self._ranks[section.id] = rank
                path = " › ".join(s.heading or s.id for s in section.path())
                self._titles[section.id] = (section.heading or section.id, path)
            ordered = sort_placed(placed)
            keys = [self._key(note) for note in ordered]
            current: str | None = None
            groups: list[str] = []
            for index in sorted(range(len(ordered)), key=keys.__getitem__):  # stable: ties keep their order
                note = ordered[index]
                group = self._group_key(note)
                if group != current:
                    heading = self._heading(group)
                    self._rows.append(heading)
                    self._keys.append((heading.rank, -1, -1))
                    current = group
                self._rows.append(note)
                self._keys.append(keys[index])
                groups.append(group)
            # What _remember does note by note, for all at once (10,000 notes in a few milliseconds).
            self._counts = Counter(groups)
            self._tag_counts = Counter(chain.from_iterable(note.note.tags for note in ordered))
            self._by_id = {note.id: note for note in ordered}
        self.endResetModel()

    def _group_key(self, placed: PlacedNote) -> str:
        if placed.state is NoteState.ORPHANED or placed.section_id not in self._ranks:
            return ORPHANS
        return str(placed.section_id)

    def _key(self, placed: PlacedNote) -> tuple[int, int, int]:
        group = self._group_key(placed)
        rank = len(self._ranks) if group == ORPHANS else self._ranks[group]
        start = placed.start if placed.start is not None else placed.note.anchor.start
        return rank, start, placed.end or 0

    def _heading(self, group: str) -> _Heading:
        if group == ORPHANS:
            return _Heading(
                ORPHANS, "Orphaned notes", "Notes whose passage is no longer in the briefing", len(self._ranks)
            )
        title, path = self._titles.get(group, (group, group))
        return _Heading(group, title, path, self._ranks[group])

    def _remember(self, placed: PlacedNote) -> None:
        self._counts[self._group_key(placed)] += 1
        self._tag_counts.update(placed.note.tags)
        self._actors.pop(placed.id, None)
        self._folded.pop(placed.id, None)
        self._by_id[placed.id] = placed

    def _forget(self, placed: PlacedNote) -> None:
        self._counts[self._group_key(placed)] -= 1
        self._tag_counts.subtract(placed.note.tags)
        self._actors.pop(placed.id, None)
        self._folded.pop(placed.id, None)
        self._by_id.pop(placed.id, None)

    def upsert(self, placed: PlacedNote) -> None:
        """Add a note, or refresh it in place (keeping selections), or move it if its place changed."""
        row = self._row_of(placed.id)
        if row is not None:
            old = self._rows[row]
            assert isinstance(old, PlacedNote)
            key = self._key(placed)
            fits = self._keys[row - 1] < key and (row + 1 == len(self._keys) or key < self._keys[row + 1])
            if (key == self._keys[row] or fits) and self._group_key(old) == self._group_key(placed):
                self._forget(old)
                self._rows[row], self._keys[row] = placed, key
                self._remember(placed)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
                return
            self.remove(placed.id)
        key = self._key(placed)
        group = self._group_key(placed)
        heading_at = bisect.bisect_left(self._keys, (key[0], -1, -1))
        if heading_at == len(self._rows) or self._keys[heading_at] != (key[0], -1, -1):
            heading = self._heading(group)
            self.beginInsertRows(QModelIndex(), heading_at, heading_at)
            self._rows.insert(heading_at, heading)
            self._keys.insert(heading_at, (heading.rank, -1, -1))
            self.endInsertRows()
        row = bisect.bisect_right(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, placed)
        self._keys.insert(row, key)
        self._remember(placed)
        self.endInsertRows()
        self.dataChanged.emit(self.index(heading_at, 0), self.index(heading_at, 0))  # its count

    def remove(self, note_id: str) -> None:
        """Take a note out (and its heading, if it was the last of its group)."""
        row = self._row_of(note_id)
        if row is None:
            return
        placed = self._rows[row]
        assert isinstance(placed, PlacedNote)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        self._forget(placed)
        self.endRemoveRows()
        group = self._group_key(placed)
        heading_at = bisect.bisect_left(self._keys, (self._key(placed)[0], -1, -1))
        if self._counts[group] <= 0:
            self.beginRemoveRows(QModelIndex(), heading_at, heading_at)
            del self._rows[heading_at]
            del self._keys[heading_at]
            self.endRemoveRows()
        else:
            self.dataChanged.emit(self.index(heading_at, 0), self.index(heading_at, 0))

    def _row_of(self, note_id: str) -> int | None:
        if note_id not in self._by_id:
            return None
        return next(i for i, r in enumerate(self._rows) if isinstance(r, PlacedNote) and r.id == note_id)

    # -- questions --------------------------------------------------------------

    def placed(self, note_id: str) -> PlacedNote | None:
        """A note shown in the model, by id."""
        return self._by_id.get(note_id)

    def all_placed(self) -> list[PlacedNote]:
        """Every note, in the model's order."""
        return [r for r in self._rows if isinstance(r, PlacedNote)]

    def index_of(self, note_id: str) -> QModelIndex:
        """The index of a note's row (column 0)."""
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

    def section_counts(self) -> dict[str, int]:
        """How many placed notes each section holds (orphans left out)."""
        return {key: n for key, n in self._counts.items() if key != ORPHANS and n > 0}

    def actors_of(self, note_id: str) -> list[str]:
        """The ids of the actors a note's passage mentions."""
        actors = self._actors.get(note_id)
        if actors is None:
            placed = self._by_id.get(note_id)
            if placed is None or self._briefing is None or placed.start is None or placed.end is None:
                return []
            actors = self._actors[note_id] = self._briefing.actors_in(placed.start, placed.end)
        return actors

    def search_text(self, placed: PlacedNote) -> str:
        """A note's passage, text and tags, folded for a case- and accent-insensitive search."""
        folded = self._folded.get(placed.id)
        if folded is None:
            note = placed.note
            folded = self._folded[placed.id] = fold(" ".join([note.anchor.quote, note.text, *note.tags]))
        return folded

    def tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted((t for t, n in self._tag_counts.items() if n > 0), key=str.casefold)

    def note_count(self) -> int:
        """How many notes the model holds."""
        return len(self._by_id)

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
            return f"{heading.title} ({self._counts[heading.key]})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return escape(heading.path)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == GROUP_ROLE:
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
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return QColor(NOTE_COLORS.get(note.color, NOTE_COLORS["yellow"])[1])
        if role == Qt.ItemDataRole.ToolTipRole:
            return note_tooltip(placed, self.color_names)
        if role == NOTE_ID_ROLE:
            return note.id
        if role == OFFSET_ROLE:
            return placed.start
        if role == ACTOR_ID_ROLE:
            return self._actors.get(note.id, [])
        if role == GROUP_ROLE:
            return False
        return None

    def _touches(self, placed: PlacedNote) -> str:
        briefing = self._briefing
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

    A heading row shows when at least one of its notes does.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.color: str | None = None
        self.tag: str | None = None
        self.actor: str | None = None

    def set_filter(
        self, search: str = "", color: str | None = None, tag: str | None = None, actor: str | None = None
    ) -> None:
        """Show only the notes matching every criterion (empty or None: any)."""
        self.beginFilterChange()
        self.search, self.color, self.tag, self.actor = fold(search.strip()), color, tag, actor
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

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
