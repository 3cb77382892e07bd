"""MainWindow: the reading window that ties the document, the panels and the actions together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QProgressBar, QToolBar

from viewer import __version__
from viewer.io.errors import BriefingError, Problem, StoreError
from viewer.model.briefing import Briefing
from viewer.model.placed_notes import NotesIndex, PlacedNotes
from viewer.model.reading_place import find_place, place_at
from viewer.ui.actors.model import ActorTreeModel
from viewer.ui.actors.panel import ActorPanel
from viewer.ui.claims.panel import ClaimPanel
from viewer.ui.common.clip import clip
from viewer.ui.common.messages import Messages
from viewer.ui.common.palette import is_dark
from viewer.ui.common.turns import DeferredSync, TurnShare
from viewer.ui.notes.controller import NotesController, store_problem
from viewer.ui.notes.export import NotesExport
from viewer.ui.notes.panel import NotesPanel
from viewer.ui.reading.document import BriefingDocument
from viewer.ui.reading.find import FindController
from viewer.ui.reading.layout_pace import LayoutPacer
from viewer.ui.reading.pane import ReadingPane
from viewer.ui.reading.part_bar import PartBar
from viewer.ui.sections.model import SectionTreeModel
from viewer.ui.sections.tree import SectionTree
from viewer.ui.window.actions import build_actions, set_document_actions_enabled
from viewer.ui.window.docks import DockLayout
from viewer.ui.window.import_article import BRIEFING_FILTER, ArticleImport
from viewer.ui.window.loading import BriefingLoader, Prepared, Steps, thaw
from viewer.ui.window.navigation import Navigator
from viewer.ui.window.reading_places import ReadingPlaces
from viewer.ui.window.recent import RecentFiles

# Dialogs, the notes store and what only a menu command needs are imported when first used:
# the window's first paint does without them (tests/ui/test_startup_imports.py keeps it so).
if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QResizeEvent
    from PySide6.QtWidgets import QWidget

    from viewer.io.notes.notebook import Notebook
    from viewer.io.notes.store import NotesStore
    from viewer.ui.window.early_read import EarlyRead


# A file opened as a briefing whose name says it is an article: the problems dialog offers to import it.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text")


class MainWindow(QMainWindow):
    """The reading window.

    Attributes: ``view`` (DocumentView), ``sections`` (SectionTreeModel) and
    ``section_tree``, ``actor_panel``, ``claim_panel``, ``notes_panel``, ``find_bar``,
    ``commands`` (key → QAction, see ``actions.ACTIONS``), ``briefing`` and ``content`` (the
    shown Briefing and BriefingDocument, or None); its parts: ``messages`` (what it tells the
    user), ``notes`` (NotesController), ``finder`` (FindController), ``recent`` (RecentFiles),
    ``notes_export`` (NotesExport), ``article_import`` (ArticleImport), ``navigator`` (Navigator),
    ``places`` (ReadingPlaces: where the reader left each briefing, to reopen it there).
    Signals: ``briefingLoaded(str path)`` once a briefing opened is shown, its panels filled,
    ``loadFailed(str path, object problems)``.

    A briefing loaded in the background is shown in turns of the event loop: its text first (the
    window's title then names it), then the panels one by one, then what the briefing before held is
    let go, a part per turn (``panels_pending`` until all that is done); meanwhile the panels show
    nothing, never another briefing.
    """

    briefingLoaded = Signal(str)
    loadFailed = Signal(str, object)

    def __init__(
        self,
        settings: QSettings | None = None,
        store: NotesStore | None = None,
        open_store: bool = True,
        store_path: str | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        # Written to its file in a turn of its own, not with a panel being filled (see TurnShare).
        DeferredSync.install(self.settings)
        self.store_problem: str | None = None
        if store is None and open_store:
            from viewer.io.notes.store import NotesStore  # here: a window without notes never loads SQLite

            try:
                store = NotesStore(store_path)  # None: $BRIEFING_VIEWER_STORE, else the data folder's
            except StoreError as error:
                self.store_problem = f"Notes are unavailable: {error}. Briefings still open; nothing was deleted."
        if store is not None:
            self.store_problem = store_problem(store)
        self.briefing: Briefing | None = None
        self.messages = Messages(self)
        self.setWindowTitle("Briefing Viewer")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        pane = ReadingPane(self)
        self.header, self.view, self.find_bar = pane.header, pane.view, pane.find_bar
        self.setCentralWidget(pane)

        self.section_tree = SectionTree(self.view, self)
        self.sections = self.section_tree.sections
        self.actor_panel = ActorPanel(ActorTreeModel(dark=is_dark(self.palette()), parent=self), self)
        self.claim_panel = ClaimPanel(self)
        # The open briefing's notes, placed: the one copy that the notes panel, the text, the section
        # counts and the exports read.
        self.placed_notes = PlacedNotes()
        self.view.show_notes(self.placed_notes)
        self.notes_panel = NotesPanel(self.placed_notes, self)
        sections_dock = self._dock("Sections", self.section_tree, Qt.DockWidgetArea.LeftDockWidgetArea, 320)
        actors_dock = self._dock("Actors", self.actor_panel, Qt.DockWidgetArea.RightDockWidgetArea, 320)
        self.notes_dock = self._dock("Notes", self.notes_panel, Qt.DockWidgetArea.RightDockWidgetArea, 0)
        self.tabifyDockWidget(actors_dock, self.notes_dock)
        actors_dock.raise_()
        claims_dock = self._dock("Claims", self.claim_panel, Qt.DockWidgetArea.BottomDockWidgetArea, 0)
        self.resizeDocks([claims_dock], [190], Qt.Orientation.Vertical)
        self.dock_layout = DockLayout(self, pane, sections_dock, actors_dock, claims_dock)

        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.notes = NotesController(store, self.placed_notes, self.notes_panel, self.view, self, self.messages)
        self.notes.show_store_problem(self.store_problem)
        self.finder = FindController(self.view, self.find_bar, self)
        self.recent = RecentFiles(self.settings, self.open_path, self)
        self.places = ReadingPlaces(self.settings)
        self.notes_export = NotesExport(
            self.placed_notes, self.notes_panel, self.notes, self.settings, self.messages, self
        )
        self.article_import = ArticleImport(self, self.messages)
        self.navigator = Navigator(
            self.view,
            self.actor_panel,
            self.claim_panel,
            self.notes_panel,
            self.notes_dock,
            self.placed_notes,
            self.messages,
            self,
        )
        self.commands = build_actions(self, toolbar, self._slots())
        self.view.context_actions = [self.commands["add_note"]]
        stack = self.notes.undo_stack
        undo, redo = self.commands["undo"], self.commands["redo"]
        undo.setEnabled(False)
        redo.setEnabled(False)
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        stack.undoTextChanged.connect(lambda text: undo.setText(f"&Undo {text}".strip()))
        stack.redoTextChanged.connect(lambda text: redo.setText(f"&Redo {text}".strip()))
        _menu(self, "&File").insertMenu(self.commands["close_document"], self.recent.menu)
        view_menu = _menu(self, "&View")
        view_menu.addSeparator()
        # In the window's order of its children (raise_ put Actors after Notes), as findChildren gave
        # them: named here, as findChildren would have PySide6 build the type of each of the window's
        # children that Qt made, animations and layouts included.
        for dock in (sections_dock, self.notes_dock, actors_dock, claims_dock):
            view_menu.addAction(dock.toggleViewAction())

        self.loader = BriefingLoader(self)
        self.loader.loaded.connect(lambda path, briefing, prepared: self._loaded(path, briefing, prepared, True))
        self._panel_steps = Steps(self)
        self.loader.failed.connect(self._failed)
        # What the briefing shown before held, let go after the next one's panels are filled (see show_briefing).
        self._retired: list[Retired] = []
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)
        # In the status bar only while a briefing is shown in parts: even hidden, a widget there
        # counts in the bar's height (the sample's screenshots would move by a pixel).
        self.part_bar = PartBar(self.commands["previous_part"], self.commands["next_part"], self)
        self.view.partChanged.connect(self._part_shown)

        self.actor_panel.model.visibilityChanged.connect(self._actor_visibility)
        self.notes.notesChanged.connect(self._count_notes)
        self.show_briefing(None)
        if self.store_problem:
            QTimer.singleShot(0, self._report_store_problem)

    def _slots(self) -> dict[str, Callable[[], object]]:
        """What each action of ``actions.ACTIONS`` does, by key."""
        notes, finder, imports, export = self.notes, self.finder, self.article_import, self.notes_export
        return {
            "open": self.open_dialog,
            "import_article": imports.choose_files,
            "save_as": imports.save_as,
            "export_notes": export.export_notes,
            "close_document": self.close_document,
            "quit": self.close,
            "undo": notes.undo_stack.undo,
            "redo": notes.undo_stack.redo,
            "find": finder.show,
            "find_next": finder.next,
            "find_previous": finder.previous,
            "previous_part": self.view.previous_part,
            "next_part": self.view.next_part,
            "previous_mention": lambda: self.navigator.step_mention(-1),
            "next_mention": lambda: self.navigator.step_mention(1),
            "show_all_actors": lambda: self._set_all_actors_visible(True),
            "hide_all_actors": lambda: self._set_all_actors_visible(False),
            "add_note": self.add_note,
            "edit_note": notes.edit_note,
            "delete_note": notes.delete_note,
            "reattach_note": notes.reattach_note,
            "copy_markdown": export.copy_markdown,
            "rename_colors": self.rename_colors,
            "shortcuts": self.show_shortcuts,
            "about": self.about,
        }

    def rename_colors(self) -> None:
        """Notes › Rename Colours."""
        from viewer.ui.notes.rename_colors import rename_colors

        rename_colors(self.notes, self.messages, self)

    def show_shortcuts(self) -> None:
        """Help › Keyboard Shortcuts."""
        from viewer.ui.window.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.commands, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _report_store_problem(self) -> None:
        self.notes_dock.raise_()  # the notice above the notes stays after the box is closed
        self.messages.warning("Notes store", self.store_problem or "")

    def report_earlier_crash(self, report: Path) -> None:
        """Say once that the last run crashed, and where its trace is (to attach to a bug report)."""
        box = self.messages.warning(
            "Briefing Viewer stopped unexpectedly",
            "Briefing Viewer stopped unexpectedly the last time it ran. Your notes are saved as you make "
            f"them. A trace of the crash was kept in\n\n{report}\n\nPlease attach it if you report the problem.",
            status=False,
        )
        box.setObjectName("crash-report")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea, width: int) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        if width:
            self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        return dock

    # -- opening ----------------------------------------------------------------

    def open_path(self, path: str | Path, wait: bool = False, early: EarlyRead | None = None) -> None:
        """Open a briefing; in the background unless ``wait``. The current one stays until it succeeds.

        ``early``: the file, being read already (the file named on the command line).
        """
        path = str(path)
        self.messages.info(f"Opening {path}…", 0)
        if wait:
            try:
                self._loaded(path, self.loader.load_now(path), None)
            except BriefingError as error:
                self._failed(path, error.problems)
            return
        self.progress.show()
        self._pause_layout(True)
        # The document is built in the loading thread too, from copies taken here in the GUI thread,
        # and the briefing's notes are read and placed there.
        palette, font, store = QPalette(self.palette()), QFont(self.view.font()), self.notes.store
        # The highlights of what the view shows first are given there too (a generous guess: the
        # window's area in characters, as render's); the rest as it comes into view.
        first_chars = self.width() * self.height() // 150
        place = self.places.recall(path)  # of a briefing shown in parts, the part the reader was in is made

        def at(briefing: Briefing) -> int:
            return find_place(briefing, place) if place is not None else 0

        self.loader.prepare = lambda briefing: Prepared.make(briefing, palette, font, store, first_chars, at)
        self.loader.start(path, early)

    def _loaded(
        self,
        path: str,
        briefing: Briefing,
        prepared: BriefingDocument | Prepared | None = None,
        panels_later: bool = False,
    ) -> None:
        self.progress.hide()
        self._pause_layout(False)  # (the import's, if the user keeps it rather than open this file)
        if self.article_import.unsaved_xml is not None:  # an imported article is shown: saved or let go first
            self.article_import.settle(lambda: self._loaded(path, briefing, prepared, panels_later))
            return
        briefing.path = path
        self.show_briefing(briefing, prepared, panels_later)
        place = self.places.recall(path)
        offset = find_place(briefing, place) if place is not None else 0
        if offset > 0:  # where the reader left it, even in a revised file (else the top, header unfolded)
            self.view.scroll_to_offset(offset, context_lines=False)
        self.messages.info(
            f"{Path(path).name}: {briefing.section_count} sections, {len(briefing.actors)} actors, {len(briefing.claims)} claims",
            0,
        )

        def shown() -> None:
            self.recent.remember(path)
            self.briefingLoaded.emit(path)

        if self._panel_steps.pending:
            self._panel_steps.then(shown)
        else:
            shown()

    def _failed(self, path: str, problems: list[Problem]) -> None:
        self.progress.hide()
        self._pause_layout(False)
        self.show_problems(path, problems)

    def _pause_layout(self, paused: bool) -> None:
        """Hold back (or let go on) the background layout of the text shown, while another file loads.

        Laid out in steps, twice a turn, the text shown took 3 to 30 ms a step from the window's
        turns while the loading thread read the next file (see LayoutPacer.pause).
        """
        if self.content is not None:
            pacer = LayoutPacer.pace(self.content.document)
            if paused:
                pacer.pause()
            else:
                pacer.resume()

    def show_problems(self, path: str, problems: list[Problem], offer_import: bool = True) -> None:
        """Say that ``path`` could not be opened, and list its problems; the shown briefing stays.

        A file named like an article is offered to File › Import Article (unless that is what failed).
        """
        self.messages.info(f"Could not open {path}")
        article = offer_import and Path(path).suffix.lower() in ARTICLE_SUFFIXES
        offer = (lambda: self.article_import.open_window(path)) if article else None
        from viewer.ui.window.problems_dialog import ProblemsDialog

        dialog = ProblemsDialog(path, problems, self, import_article=offer, kept=self.briefing is not None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.loadFailed.emit(path, problems)

    def show_briefing(
        self,
        briefing: Briefing | None,
        prepared: BriefingDocument | Prepared | None = None,
        panels_later: bool = False,
    ) -> None:
        """Show ``briefing`` (or none) everywhere, with what the loading thread prepared for it.

        With ``panels_later``, the text and the notes now and the panels in the turns of the event
        loop that follow (the text is on screen sooner, and the window answers meanwhile).
        """
        self.keep_place()
        previous, leaving = self.content, self.briefing
        self.finder.set_briefing(briefing)
        self.briefing = briefing
        notes = prepared.notes if isinstance(prepared, Prepared) else None
        document = prepared.content if isinstance(prepared, Prepared) else prepared
        content = document if document is not None and document.briefing is briefing else None
        if content is None and briefing is not None:
            content = BriefingDocument(briefing, self.palette(), self.view.font())
        if previous is content:
            previous = None
        retiring = panels_later and briefing is not None
        if retiring and (previous is not None or leaving is not None):
            # Freed here, the briefing before made the handover's turn 20 to 40 ms longer (its objects,
            # its notes and their notebook) and the next turn 12 to 25 ms (its text document): held
            # until the new briefing's panels are filled, then let go a part per turn (see _let_go).
            self._retired.append(Retired(previous, leaving, self.notes.notebook, self.placed_notes.held()))
        if content is not None:
            # Owned by the view: it goes with the window, whatever still refers to it from Python.
            content.document.setParent(self.view)
        self.view.set_content(content)
        self.view.format_visible()  # what the loading thread's guess left out, before the first paint
        if previous is not None:
            if retiring:
                LayoutPacer.pace(previous.document).pause()  # not laid out further meanwhile
            else:
                previous.document.deleteLater()  # and its background layout with it
        self.notes_export.briefing = briefing
        self.header.set_briefing(briefing)
        self.navigator.set_briefing(briefing)
        self.setWindowTitle(f"{clip(briefing.meta.title)} — Briefing Viewer" if briefing else "Briefing Viewer")
        set_document_actions_enabled(self.commands, briefing is not None)
        self._part_shown()
        self.article_import.forget()
        fills: list[Callable[[], object]] = [
            lambda: self._fill_sections(briefing),
            lambda: self.actor_panel.set_briefing(briefing),
            lambda: self.claim_panel.set_briefing(briefing),
        ]
        if panels_later and briefing is not None:
            # Nothing of another briefing stays on show meanwhile (cheap: there is nothing to lay out).
            for panel in (self.section_tree, self.actor_panel, self.claim_panel):
                if panel.briefing is not None:
                    panel.set_briefing(None)
            self.notes.set_briefing(briefing, notes)  # the notes are painted over the text: with it
            # The sections a screenful first, the rest of those held at once in a turn of their own.
            fills[0] = lambda: self._fill_sections(briefing, SectionTreeModel.SCREEN_ROWS)
            fills.insert(1, self.sections.hold_first)
            self._panel_steps.start([*fills, self._count_notes, *self._let_go()])
            TurnShare.shared().rest()  # the next turn paints the new text: no panel, no notes with it
        else:
            self._panel_steps.cancel()
            for let_go in self._let_go():
                let_go()
            for fill in fills:
                fill()
            self.notes.set_briefing(briefing, notes)
        if briefing is None:
            self.statusBar().clearMessage()  # it named the closed file's sections, and stayed (no timeout)
            thaw()  # what loads froze goes back to the collector while no briefing is there to walk

    def _let_go(self) -> list[Callable[[], object]]:
        """The calls that let go of what the briefings shown before held (``_retired``), a part each:
        their text documents deleted, then their notes, then the briefings themselves.

        They read ``_retired`` when they run: calls dropped unrun (another briefing shown meanwhile)
        leave it for the next ones.
        """

        def documents() -> None:
            for retired in self._retired:
                content, retired.content = retired.content, None
                if content is not None and shiboken6.isValid(content.document):
                    # Now, not with deleteLater: in a turn of its own (12 to 25 ms for a 6 MB text laid out).
                    shiboken6.delete(content.document)

        def notes() -> None:
            for retired in self._retired:
                retired.notebook = None
                retired.notes = None

        def briefings() -> None:
            self._retired.clear()

        return [documents, notes, briefings]

    def _fill_sections(self, briefing: Briefing | None, first: int | None = None) -> None:
        # Reopened where it was left: that section is chosen (and the sections held at once, as many
        # as that takes, so that the same are held as when filled in one go).
        following = self.view.verticalScrollBar().value() > 0 or self.view.part_number > 0
        self.section_tree.set_briefing(briefing, None if following else first)
        if following:
            self.section_tree.follow(self.view.top_offset())

    @property
    def content(self) -> BriefingDocument | None:
        """The document shown: the briefing's, or the part of it shown (see DocumentView)."""
        return self.view.content

    def _part_shown(self) -> None:
        """Another part (or briefing) is shown: the part actions and the part bar follow."""
        number, count = self.view.part_number, self.view.part_count
        self.commands["previous_part"].setEnabled(number > 0)
        self.commands["next_part"].setEnabled(number + 1 < count)
        bar, parted = self.statusBar(), count > 1
        if parted != (self.part_bar.parent() is bar):
            if parted:
                bar.addPermanentWidget(self.part_bar)
            else:
                bar.removeWidget(self.part_bar)
                self.part_bar.setParent(self)
        self.part_bar.show_part(self.content)

    @property
    def panels_pending(self) -> bool:
        """Whether panels of the shown briefing are still to be filled, or the briefing before to be let go
        (a few turns of the event loop)."""
        return self._panel_steps.pending

    def keep_place(self) -> None:
        """Remember where the reader is in the shown briefing's file (an unsaved import has none)."""
        if self.briefing is not None and self.briefing.path and self.content is not None:
            offset = self.view.reading_offset()
            if offset == 0 and not self.places.kept():
                return  # the top, where a briefing opens anyway: nothing to write yet (a render loads no JSON)
            self.places.remember(self.briefing.path, place_at(self.briefing, offset))

    def open_dialog(self) -> None:
        """File › Open."""
        from PySide6.QtWidgets import QFileDialog

        start = str(self.settings.value("last-folder", str(Path.home())))
        if self.briefing is not None and self.briefing.path:
            # The shown briefing's folder: one opened from the command line or Open Recent left
            # "last-folder" where the last Open was (the home folder, on a first Open).
            start = str(Path(self.briefing.path).parent)
        path, _ = QFileDialog.getOpenFileName(self, "Open briefing", start, BRIEFING_FILTER)
        if path:
            self.settings.setValue("last-folder", str(Path(path).parent))
            self.open_path(path)

    def close_document(self) -> None:
        """File › Close Briefing (an unsaved import is saved or discarded first, or stays)."""
        self.article_import.settle(lambda: self.show_briefing(None))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    # -- navigation -------------------------------------------------------------

    def go_to_section(self, section_id: str) -> bool:
        """Scroll to a section and select it in the tree."""
        return self.section_tree.go_to_section(section_id)

    def _actor_visibility(self, actor_ids: list[str], visible: bool) -> None:
        if self.content is not None:
            self.content.set_actors_visible(actor_ids, visible, self.view.shown_range())

    def _set_all_actors_visible(self, visible: bool) -> None:
        """View › Show / Hide All Highlights."""
        self.actor_panel.model.set_many_visible(list(self.briefing.actors) if self.briefing else [], visible)

    # -- notes ------------------------------------------------------------------

    def add_note(self) -> None:
        """Notes › Add Note (Ctrl+E) on the selected passage."""
        self.notes.add_note()
        if self.notes_panel.selected_note():
            self.notes_dock.raise_()

    def _count_notes(self) -> None:
        self.sections.set_note_counts(self.placed_notes.section_counts())

    # -- misc -------------------------------------------------------------------

    def about(self) -> None:
        """Help › About."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            "About Briefing Viewer",
            f"Briefing Viewer {__version__}\nRead briefings with their actors, claims and your notes.",
        )

    def restore_layout(self) -> None:
        """Restore the window's size and panels as the user left them."""
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.dock_layout.fit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.article_import.unsaved_xml is not None:  # asked first; the window closes once it is settled
            event.ignore()
            self.article_import.settle(self.close)
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.keep_place()
        self.loader.wait()
        self._panel_steps.cancel()
        for let_go in self._let_go():
            let_go()
        self.notes.detach()
        thaw()  # this window's objects hold cycles: the collector must see them again to free them
        super().closeEvent(event)


@dataclass
class Retired:
    """What a briefing no longer shown still holds until the window lets it go (see MainWindow._let_go)."""

    content: BriefingDocument | None
    briefing: Briefing | None
    notebook: Notebook | None
    notes: NotesIndex | None


def _menu(window: QMainWindow, title: str) -> QMenu:
    """The window's menu of that title (the actions made it)."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    assert isinstance(menu, QMenu)
    return menu
