"""NotesController: the notes of the open briefing between the store, the panel, the view and undo."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from viewer.io.errors import NoteConflict, StoreError
from viewer.io.notes.merge import EDITABLE, changed
from viewer.io.notes.notebook import Notebook
from viewer.model.briefing import Briefing
from viewer.model.notes import DEFAULT_COLOR, NOTE_COLORS, Note, NoteState, PlacedNote, default_color_names, new_id, now
from viewer.model.placed_notes import NotesIndex, PlacedNotes
from viewer.ui.common.messages import Messages
from viewer.ui.common.tooltips import note_tooltip
from viewer.ui.notes.commands import AddNote, DeleteNote, EditNote, edit_label
from viewer.ui.notes.panel import NotesPanel
from viewer.ui.reading.view import DocumentView

if TYPE_CHECKING:
    from viewer.io.notes.store import NotesStore


@dataclass(frozen=True)
class ReadNotes:
    """A briefing's notes read and placed away from the GUI thread, with the store's count of writes then,
    and the notebook that placed them (the window goes on with it: one notebook per opened briefing)."""

    placed: list[PlacedNote] | None  # None: reading failed; read again in the GUI thread, which says why
    writes: int
    notebook: Notebook | None = None
    index: NotesIndex | None = None  # the placed notes sorted and counted, for PlacedNotes.reset


def read_notes(notebook: Notebook) -> ReadNotes:
    """Read, place and index a briefing's notes; safe in any thread (the store serialises its connection).

    Sorting and counting 10,000 notes takes the GUI thread's turn for 60 ms: done here, in the
    reading thread, the window only takes the result over.
    """
    writes = notebook.store.writes
    try:
        placed = notebook.placed()
    except StoreError:
        return ReadNotes(None, writes, notebook)
    return ReadNotes(placed, writes, notebook, NotesIndex.make(notebook.briefing, placed))


def store_problem(store: NotesStore) -> str | None:
    """What happened to the store on opening, for the user: moved aside (naming the file), read-only."""
    parts = [str(store.recovery)] if store.recovery is not None else []
    if store.notice:
        parts.append(store.notice[:1].upper() + store.notice[1:] + ".")
    return "\n\n".join(parts) or None


# What the editor returns: (text, colour, tags), or None when cancelled.
EditorResult = tuple[str, str, tuple[str, ...]] | None
AskNote = Callable[[str, Note | None], EditorResult]
# Where the colour last chosen in the note dialog is kept, in the window's settings (per user).
LAST_COLOR_KEY = "notes/last-color"
# How often to look whether another window or process changed the store: a cheap look
# (SQLite's data_version), so that a change made elsewhere shows within a second.
EXTERNAL_CHECK_MS = 500


class NotesController(QObject):
    """Adds, edits, deletes and re-attaches notes through undoable commands.

    The store announces each change; the controller then places the note and
    puts it in ``placed_notes``, which the panel's model, the view and the
    section counts follow. Changes committed by other windows or processes are
    picked up by a periodic look at the store.

    Attributes: ``store`` (None when no store could be opened), ``notebook``,
    ``placed_notes`` (the open briefing's notes, placed: the one copy),
    ``undo_stack``, ``panel``, ``view``, ``ask_note`` (the editor; replaceable in tests),
    ``last_color`` (the colour a new note starts with: the one last chosen, kept in the
    window's QSettings when it has them).
    It tells the user things through the window's ``messages``. Signal: ``notesChanged()``.
    """

    notesChanged = Signal()
    _readElsewhere = Signal(object, object)  # notebook, ReadNotes: from a reading thread

    def __init__(
        self,
        store: NotesStore | None,
        placed_notes: PlacedNotes,
        panel: NotesPanel,
        view: DocumentView,
        parent: QWidget,
        messages: Messages,
    ) -> None:
        super().__init__(parent)
        self.messages = messages
        self.store = store
        self.placed_notes = placed_notes
        placed_notes.subscribe(lambda _change: self.notesChanged.emit())
        self.panel = panel
        self.view = view
        view.note_tooltip = self._tooltip
        self.window = parent
        self.notebook: Notebook | None = None
        self._reading = False
        self._readElsewhere.connect(self._take_read, Qt.ConnectionType.QueuedConnection)
        self.undo_stack = QUndoStack(self)
        self.ask_note: AskNote = self._ask_with_dialog
        settings = getattr(parent, "settings", None)
        self._settings = settings if isinstance(settings, QSettings) else None
        remembered = str(self._settings.value(LAST_COLOR_KEY, DEFAULT_COLOR)) if self._settings else DEFAULT_COLOR
        self.last_color = remembered if remembered in NOTE_COLORS else DEFAULT_COLOR
        self._problem: str | None = None
        if store is not None:
            store.subscribe(self._store_changed)
            panel.set_color_names(self.color_names())
            self._timer = QTimer(self)
            self._timer.setInterval(EXTERNAL_CHECK_MS)
            self._timer.timeout.connect(self.check_external_changes)
            self._timer.start()
        panel.model.textEdited.connect(self._edited_in_place)
        panel.deleteRequested.connect(self.delete_note)

    def show_store_problem(self, text: str | None) -> None:
        """Keep saying above the notes what happened to the store (``text``), until it is over."""
        self._problem = text
        self.panel.show_notice(text)
        if text:
            self.messages.info(text.split("\n")[0])

    def _refresh_store_problem(self) -> None:
        # A read-only store becomes writable again once its trouble passes (space freed, lock released).
        if self.store is not None and self._problem and not self.store.read_only:
            self.show_store_problem(store_problem(self.store))

    def detach(self) -> None:
        """Stop listening to the store (the window is closing; the store may outlive it)."""
        if self.store is not None:
            self.store.unsubscribe(self._store_changed)
            self._timer.stop()

    def color_names(self) -> dict[str, str]:
        """The meaning of each note colour, as the user named them."""
        names = default_color_names()
        if self.store is not None:
            try:
                names |= self.store.color_names()
            except StoreError as error:
                self.messages.info(str(error))
        return names

    # -- the open briefing -------------------------------------------------------

    def set_briefing(self, briefing: Briefing | None, read: ReadNotes | None = None) -> None:
        """Show the notes of this briefing (found again in its text; ``read`` if done in another thread)."""
        self.undo_stack.clear()
        if read is not None and read.notebook is not None and read.notebook.briefing is briefing:
            self.notebook = read.notebook  # made in the loading thread: its text index is not built twice
        elif briefing is not None and self.store is not None:
            self.notebook = Notebook(briefing, self.store)
        else:
            self.notebook = None
        self.panel.set_briefing(briefing)
        self._show_read(read)

    def _show_read(self, read: ReadNotes | None) -> None:
        """Show notes read elsewhere, unless reading failed or this window changed the store since."""
        if read is None or read.placed is None or self.store is None or self.store.writes != read.writes:
            self.reload()
        else:
            self.reload(read.placed, read.index)

    def reload(self, placed: list[PlacedNote] | None = None, index: NotesIndex | None = None) -> None:
        """Read every note of the briefing from the store again (or show these, already placed and
        perhaps indexed)."""
        if placed is None:
            placed = []
            if self.notebook is not None:
                try:
                    placed = self.notebook.placed()
                except StoreError as error:
                    self._fail(str(error))
        self.placed_notes.reset(self.notebook.briefing if self.notebook else None, placed, index)
        lost = sum(1 for p in placed if p.state is NoteState.ORPHANED)
        if lost:
            self.messages.info(
                f"{lost} note{'s' if lost != 1 else ''} lost {'their' if lost != 1 else 'its'} passage; see “Orphaned notes”."
            )

    def check_external_changes(self) -> None:
        """Pick up notes added or changed by another window or process.

        They are read and placed in a thread (with 10,000 notes that is 0.3 s the window would
        otherwise freeze for, each time another window adds one); only showing them is done here.
        """
        if self._reading or self.store is None or self.notebook is None:
            return
        try:
            # Not waited for while the loading thread reads notes: the window would stand still meanwhile.
            if not self.store.changed_elsewhere(wait=False):
                return
        except StoreError:
            return  # a passing read error: the next look tries again; what is shown stays
        self._reading = True
        notebook = self.notebook

        def read() -> None:
            notes = read_notes(notebook)
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                self._readElsewhere.emit(notebook, notes)

        threading.Thread(target=read, name="notes-reload", daemon=True).start()

    def _take_read(self, notebook: Notebook, read: ReadNotes) -> None:
        self._reading = False
        if notebook is self.notebook:  # else another briefing is shown now
            self._show_read(read)

    def _tooltip(self, note_id: str) -> str | None:
        placed = self.placed_notes.get(note_id)
        return note_tooltip(placed, self.panel.model.color_names) if placed is not None else None

    def _store_changed(self, event: str, note_id: str) -> None:
        if self.notebook is None or self.store is None:
            return
        if event == "removed":
            self.placed_notes.remove(note_id)
        else:
            note = self.store.get(note_id)
            if note is None or note.briefing_id != self.notebook.briefing.id:
                return
            self.placed_notes.put(self.notebook.place(note))

    # -- editing ----------------------------------------------------------------

    def add_note(self) -> None:
        """Note the selected passage (Ctrl+E)."""
        if not self._ready():
            return
        assert self.notebook is not None and self.store is not None
        start, end = self.view.selection()
        passage = self.notebook.briefing.text[start:end]
        if not passage.strip():
            self.messages.info("Select a passage of the text first, then add a note to it.")
            return
        result = self.ask_note(passage, None)
        if result is None:
            return
        text, color, tags = result
        self._remember_color(color)
        note = self.notebook.new_note(start, end, text, color, tags)
        stored = self._apply(lambda: self._store().add(note), note)
        if stored is not None:
            self.undo_stack.push(AddNote(self._store(), stored, self._fail, self.resolve_conflict, self._seen))
            self.panel.select_note(note.id)

    def edit_note(self, note_id: str | None = None) -> None:
        """Edit the selected note's text, colour and tags."""
        placed = self._selected(note_id)
        if placed is None:
            return
        result = self.ask_note(placed.note.anchor.quote, placed.note)
        if result is None:
            return
        text, color, tags = result
        self._remember_color(color)
        self._replace(placed.note, placed.note.edited(text=text, color=color, tags=tags))

    def _remember_color(self, color: str) -> None:
        """The next new note starts with this colour, in this window and the next session."""
        if color in NOTE_COLORS and color != self.last_color:
            self.last_color = color
            if self._settings is not None:
                self._settings.setValue(LAST_COLOR_KEY, color)

    def _edited_in_place(self, note_id: str, text: str) -> None:
        placed = self.placed_notes.get(note_id)
        if placed is not None:
            self._replace(placed.note, placed.note.edited(text=text))

    def recolor(self, note_id: str, color: str) -> None:
        """Give a note another colour."""
        placed = self.placed_notes.get(note_id)
        if placed is not None and color != placed.note.color:
            self._replace(placed.note, placed.note.edited(color=color))

    def delete_note(self, note_id: str | None = None) -> None:
        """Delete the selected note (undo brings it back)."""
        placed = self._selected(note_id)
        if placed is None or self.store is None:
            return
        note, store = placed.note, self.store
        try:
            store.remove(note.id, note.revision)
        except NoteConflict as conflict:
            self.resolve_conflict(conflict, None)
            return
        except StoreError as error:
            self._fail(str(error))
            return
        self._refresh_store_problem()
        self.undo_stack.push(DeleteNote(store, note, self._fail, self.resolve_conflict, self._seen))
        self.messages.info("Note deleted. Undo (Ctrl+Z) brings it back.")

    def reattach_note(self, note_id: str | None = None) -> None:
        """Attach the selected note (an orphan, say) to the passage selected in the text."""
        placed = self._selected(note_id)
        if placed is None or self.notebook is None:
            return
        try:
            after = self.notebook.reattached(placed.note, *self.view.selection())
        except ValueError:
            self.messages.info("Select the passage in the text to attach the note to, then choose Re-attach.")
            return
        self._replace(placed.note, after)

    def _replace(self, before: Note, after: Note) -> None:
        store = self.store
        unchanged = (before.text, before.color, before.tags, before.anchor) == (
            after.text,
            after.color,
            after.tags,
            after.anchor,
        )
        if store is None or unchanged:
            return
        try:
            stored = self._apply(lambda: store.update(after, base=before), after)
        except NoteConflict as conflict:
            self.resolve_conflict(conflict, after, push=True)
            return
        if stored is None:
            return
        label = edit_label(before, after)
        self.undo_stack.push(
            EditNote(store, before, after, stored, self._fail, self.resolve_conflict, self._seen, label)
        )
        merged = [EDITABLE[name] for name in changed(after, stored)]
        if merged:
            self.messages.info(f"Merged with a change made in another window or process ({', '.join(merged)}).")

    def resolve_conflict(self, conflict: NoteConflict, wanted: Note | None, push: bool = False) -> None:
        """Keep both sides of a change the store refused, and tell the user what happened.

        An edit of a note deleted elsewhere brings the note back with the edit; an edit of a
        field changed elsewhere too is kept as a copy of the note on the same passage; a
        deletion of a note changed elsewhere is not made, and the note shows that change.
        ``push``: make the resolution undoable (not when it comes from an undo or redo).
        """
        store = self._store()
        if wanted is None:
            self._refresh_note(conflict.note_id)
            self._tell(
                "This note was changed in another window or process since you last saw it, so it was not "
                "deleted; it now shows that change. Delete it again if you still want to."
            )
            return
        if conflict.deleted:
            kept = self._apply(lambda: store.add(replace(wanted, revision=0)), wanted)
            label, text = (
                "Bring Back Note",
                (
                    "This note had been deleted in another window or process; your change brought it back. "
                    "Undo (Ctrl+Z) deletes it again."
                ),
            )
        else:
            copy = replace(wanted, id=new_id(), created=now(), modified=now(), source_id=None, revision=0)
            kept = self._apply(lambda: store.add(copy), copy)
            self._refresh_note(conflict.note_id)
            label, text = (
                "Keep Both Versions",
                (
                    f"This note's {' and '.join(conflict.fields)} was changed in another window or process at the "
                    "same time. Both versions are kept: yours is a new note on the same passage."
                ),
            )
        if kept is None:
            return
        if push:
            self.undo_stack.push(AddNote(store, kept, self._fail, self.resolve_conflict, self._seen, label))
        self.panel.select_note(kept.id)
        self._tell(text)

    def _refresh_note(self, note_id: str) -> None:
        """Show a note as the store holds it now (gone, if it was deleted)."""
        try:
            gone = self._store().get(note_id) is None
            self._store_changed("removed" if gone else "updated", note_id)
        except StoreError as error:
            self.messages.info(str(error))  # it shows as it was; the next look at the store tries again

    def _seen(self, note_id: str) -> Note | None:
        placed = self.placed_notes.get(note_id)
        return placed.note if placed is not None else None

    def _store(self) -> NotesStore:
        assert self.store is not None
        return self.store

    def _apply(self, change: Callable[[], Note], note: Note) -> Note | None:
        """The note as stored by ``change``; None (after saying why, handing back the text) on failure."""
        try:
            stored = change()
        except NoteConflict:
            raise  # the caller resolves it, keeping both sides
        except StoreError as error:
            kept = f"\n\nYour note was not lost; here is its text to copy:\n\n{note.text}" if note.text else ""
            self._fail(f"{error}{kept}")
            return None
        self._refresh_store_problem()
        return stored

    def _tell(self, text: str) -> None:
        self.messages.notice("Notes", text)

    def _selected(self, note_id: str | None) -> PlacedNote | None:
        if not self._ready():
            return None
        note_id = note_id or self.panel.selected_note()
        if note_id is None:
            marks = self.placed_notes.at(self.view.selection()[0])
            note_id = marks[-1].id if marks else None
        if note_id is None:
            self.messages.info("Select a note in the Notes panel (or click a noted passage) first.")
            return None
        return self.placed_notes.get(note_id)

    def _ready(self) -> bool:
        if self.store is None:
            self.messages.info("Notes are unavailable: the notes store could not be opened.")
            return False
        if self.notebook is None:
            self.messages.info("Open a briefing first.")
            return False
        return True

    def _fail(self, text: str) -> None:
        self.messages.error("Notes", text)

    def _ask_with_dialog(self, passage: str, note: Note | None) -> EditorResult:
        from viewer.ui.notes.editor import NoteEditor  # here: the window opens without the dialog

        editor = NoteEditor(
            passage,
            self.panel.model.color_names,
            self.panel.model.tags(),
            note.text if note else "",
            note.color if note else self.last_color,
            note.tags if note else (),
            self.window,
        )
        if editor.exec() != NoteEditor.DialogCode.Accepted:
            return None
        return editor.text(), editor.color(), editor.tags()
