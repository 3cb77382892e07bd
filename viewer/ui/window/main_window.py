"""MainWindow: the reading window that ties the document, the panels and the actions together."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QTextEdit,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from viewer import __version__
from viewer.io.errors import BriefingError, Problem, StoreError
from viewer.model.briefing import Briefing
from viewer.model.notes import PlacedNote
from viewer.model.placed_notes import PlacedNotes
from viewer.model.search import TextSearch
from viewer.ui.actors.model import ActorTreeModel
from viewer.ui.actors.panel import ActorPanel
from viewer.ui.claims.panel import ClaimPanel
from viewer.ui.common.palette import is_dark
from viewer.ui.common.roles import OFFSET_ROLE
from viewer.ui.notes.controller import NotesController, ReadNotes, read_notes, store_problem
from viewer.ui.notes.panel import NotesPanel
from viewer.ui.reading.document import BriefingDocument
from viewer.ui.reading.find_bar import FindBar
from viewer.ui.reading.header import MetaHeader
from viewer.ui.reading.view import DocumentView
from viewer.ui.sections.model import SectionTreeModel
from viewer.ui.window.actions import build_actions, set_document_actions_enabled
from viewer.ui.window.loading import BriefingLoader
from viewer.ui.window.problems_dialog import ProblemsDialog

if TYPE_CHECKING:
    from viewer.io.notes.markdown_export import ExportOptions
    from viewer.io.notes.store import NotesStore

MAX_RECENT = 10


BRIEFING_FILTER = "Briefings (*.xml);;All files (*)"


@dataclass
class _Prepared:
    """What the loading thread makes besides the briefing: its document and its notes, placed."""

    content: BriefingDocument
    notes: ReadNotes | None

    @classmethod
    def make(cls, briefing: Briefing, palette: QPalette, font: QFont, store: NotesStore | None) -> _Prepared:
        from viewer.io.notes.notebook import Notebook

        notes = read_notes(Notebook(briefing, store)) if store is not None else None
        return cls(BriefingDocument(briefing, palette, font), notes)

    @property
    def document(self) -> QObject:
        """The QObject the loader hands over to the GUI thread."""
        return self.content.document


class MainWindow(QMainWindow):
    """The reading window.

    Attributes: ``view`` (DocumentView), ``sections`` (SectionTreeModel) and
    ``section_tree``, ``actor_panel``, ``claim_panel``, ``find_bar``,
    ``actions`` (key → QAction), ``briefing`` and ``content`` (the shown
    Briefing and BriefingDocument, or None).
    Signals: ``briefingLoaded(str path)``, ``loadFailed(str path, object problems)``.
    """

    briefingLoaded = Signal(str)
    loadFailed = Signal(str, object)

    def __init__(
        self, settings: QSettings | None = None, store: NotesStore | None = None, open_store: bool = True
    ) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.store_problem: str | None = None
        if store is None and open_store:
            from viewer.io.notes.store import NotesStore  # here: a window without notes never loads SQLite

            try:
                store = NotesStore()
            except StoreError as error:
                self.store_problem = f"Notes are unavailable: {error}. Briefings still open; nothing was deleted."
        if store is not None:
            self.store_problem = store_problem(store)
        self.briefing: Briefing | None = None
        self.unsaved_xml: bytes | None = None
        self.content: BriefingDocument | None = None
        self._search: TextSearch | None = None
        self._matches: list[tuple[int, int]] = []
        self._match = -1
        self._syncing = False
        self._step_index = -1
        self.setWindowTitle("Briefing Viewer")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = MetaHeader(central)
        layout.addWidget(self.header)
        self.view = DocumentView(central)
        self.view.setAcceptDrops(False)
        self.view.setFrameShape(self.view.frameShape().NoFrame)
        layout.addWidget(self.view, 1)
        self.find_bar = FindBar(central)
        self.find_bar.hide()
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)

        self.sections = SectionTreeModel(parent=self)
        self.section_tree = QTreeView(self)
        self.section_tree.setModel(self.sections)
        self.section_tree.setUniformRowHeights(True)
        self.section_tree.header().setStretchLastSection(False)
        self.section_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Count columns of a fixed width: fitting them to their contents would read every row on each change.
        count_width = self.fontMetrics().horizontalAdvance("Claims") + 8
        for column in (1, 2):
            self.section_tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.section_tree.header().resizeSection(column, count_width)
        self.section_tree.setWordWrap(True)
        self.sections.modelReset.connect(self.section_tree.expandAll)
        self.actor_panel = ActorPanel(ActorTreeModel(dark=is_dark(self.palette()), parent=self), self)
        self.claim_panel = ClaimPanel(self)
        # The open briefing's notes, placed: the one copy that the notes panel, the text, the section
        # counts and the exports read.
        self.placed_notes = PlacedNotes()
        self.view.show_notes(self.placed_notes)
        self.notes_panel = NotesPanel(self.placed_notes, self)
        self._dock("Sections", self.section_tree, Qt.DockWidgetArea.LeftDockWidgetArea, 320)
        actors_dock = self._dock("Actors", self.actor_panel, Qt.DockWidgetArea.RightDockWidgetArea, 320)
        self.notes_dock = self._dock("Notes", self.notes_panel, Qt.DockWidgetArea.RightDockWidgetArea, 0)
        self.tabifyDockWidget(actors_dock, self.notes_dock)
        actors_dock.raise_()
        claims_dock = self._dock("Claims", self.claim_panel, Qt.DockWidgetArea.BottomDockWidgetArea, 0)
        self.resizeDocks([claims_dock], [190], Qt.Orientation.Vertical)

        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.notes = NotesController(store, self.placed_notes, self.notes_panel, self.view, self)
        self.notes.show_store_problem(self.store_problem)
        self.actions = build_actions(self, toolbar)
        self.view.context_actions = [self.actions["add_note"]]
        stack = self.notes.undo_stack
        self.actions["undo"].setEnabled(False)
        self.actions["redo"].setEnabled(False)
        stack.canUndoChanged.connect(self.actions["undo"].setEnabled)
        stack.canRedoChanged.connect(self.actions["redo"].setEnabled)
        stack.undoTextChanged.connect(lambda text: self.actions["undo"].setText(f"&Undo {text}".strip()))
        stack.redoTextChanged.connect(lambda text: self.actions["redo"].setText(f"&Redo {text}".strip()))
        self.recent_menu = QMenu("Open &Recent", self)
        file_menu = self.menuBar().actions()[0].menu()
        file_menu.insertMenu(self.actions["close_document"], self.recent_menu)
        self._refresh_recent()
        view_menu = next(a.menu() for a in self.menuBar().actions() if a.text() == "&View")
        view_menu.addSeparator()
        for dock in self.findChildren(QDockWidget):
            view_menu.addAction(dock.toggleViewAction())

        self.loader = BriefingLoader(self)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)

        self.section_tree.selectionModel().currentChanged.connect(self._section_chosen)
        self.section_tree.clicked.connect(lambda index: self._section_chosen(index, QModelIndex()))
        self.view.topOffsetChanged.connect(self._follow_scroll)
        self.view.verticalScrollBar().valueChanged.connect(self._fold_header)
        self.view.verticalScrollBar().valueChanged.connect(
            lambda _v: self._highlight_visible_matches() if self.find_bar.isVisible() else None
        )
        self.view.mentionClicked.connect(self.actor_panel.select_actor)
        self.view.claimClicked.connect(self._claim_clicked)
        self.actor_panel.model.visibilityChanged.connect(self._actor_visibility)
        self.actor_panel.offsetRequested.connect(self._go_to_offset)
        self.actor_panel.stepRequested.connect(self._step_mention)
        self.actor_panel.actorSelected.connect(lambda _id: setattr(self, "_step_index", -1))
        self.actor_panel.actorSelected.connect(self.view.emphasise_actor)
        self.claim_panel.offsetRequested.connect(self._go_to_claim_at)
        self.find_bar.queryChanged.connect(self._find)
        self.find_bar.nextRequested.connect(self.find_next)
        self.find_bar.previousRequested.connect(self.find_previous)
        self.find_bar.closed.connect(self.hide_find)
        self.notes.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.notes_panel.noteActivated.connect(self._go_to_note)
        self.notes.notesChanged.connect(self._count_notes)
        self.view.noteClicked.connect(self._note_clicked)
        self._show(None)
        if self.store_problem:
            QTimer.singleShot(0, self._report_store_problem)

    def _report_store_problem(self) -> None:
        self.notes_dock.raise_()  # the notice above the notes stays after the box is closed
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Notes store", self.store_problem or "", QMessageBox.StandardButton.Ok, self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def report_earlier_crash(self, report: Path) -> None:
        """Say once that the last run crashed, and where its trace is (to attach to a bug report)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Briefing Viewer stopped unexpectedly",
            "Briefing Viewer stopped unexpectedly the last time it ran. Your notes are saved as you make "
            f"them. A trace of the crash was kept in\n\n{report}\n\nPlease attach it if you report the problem.",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("crash-report")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

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

    def open_path(self, path: str | Path, wait: bool = False) -> None:
        """Open a briefing; in the background unless ``wait``. The current one stays until it succeeds."""
        path = str(path)
        self.statusBar().showMessage(f"Opening {path}…")
        if wait:
            try:
                self._loaded(path, self.loader.load_now(path), None)
            except BriefingError as error:
                self._failed(path, error.problems)
            return
        self.progress.show()
        # The document is built in the loading thread too, from copies taken here in the GUI thread,
        # and the briefing's notes are read and placed there.
        palette, font, store = QPalette(self.palette()), QFont(self.view.font()), self.notes.store
        self.loader.prepare = lambda briefing: _Prepared.make(briefing, palette, font, store)
        self.loader.start(path)

    def _loaded(self, path: str, briefing: Briefing, prepared: BriefingDocument | _Prepared | None = None) -> None:
        self.progress.hide()
        briefing.path = path
        self._show(briefing, prepared)
        self._remember(path)
        sections = sum(1 for _ in briefing.walk_sections())
        self.statusBar().showMessage(
            f"{Path(path).name}: {sections} sections, {len(briefing.actors)} actors, {len(briefing.claims)} claims"
        )
        self.briefingLoaded.emit(path)

    def _failed(self, path: str, problems: list[Problem]) -> None:
        self.progress.hide()
        self.statusBar().showMessage(f"Could not open {path}", 8000)
        dialog = ProblemsDialog(path, problems, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.loadFailed.emit(path, problems)

    def _show(self, briefing: Briefing | None, prepared: BriefingDocument | _Prepared | None = None) -> None:
        self.hide_find()
        self.unsaved_xml = None
        self.briefing = briefing
        previous = self.content
        notes = None
        if isinstance(prepared, _Prepared):
            prepared, notes = prepared.content, prepared.notes
        if prepared is not None and prepared.briefing is briefing:
            self.content = prepared
        else:
            self.content = BriefingDocument(briefing, self.palette(), self.view.font()) if briefing else None
        if self.content is not None:
            # Owned by the view: it goes with the window, whatever still refers to it from Python.
            self.content.document.setParent(self.view)
        self._search = None
        self.view.set_content(self.content)
        if previous is not None:
            previous.document.deleteLater()  # and its background layout with it
        self.header.set_briefing(briefing)
        self.sections.set_briefing(briefing)
        self.actor_panel.set_briefing(briefing)
        self.claim_panel.set_briefing(briefing)
        self.notes.set_briefing(briefing, notes)
        self.setWindowTitle(f"{briefing.meta.title} — Briefing Viewer" if briefing else "Briefing Viewer")
        set_document_actions_enabled(self.actions, briefing is not None)
        self.actions["save_as"].setEnabled(False)

    def _fold_header(self, value: int) -> None:
        """Once the reader scrolls into the text, the header keeps only the title.

        Not for a text that the room given back would make fit: it would snap back to the top.
        """
        compact = self.header.is_compact()
        if value <= 0:
            compact = False
        elif not compact:
            room = self.header.height() - self.header.title.height()
            compact = self.view.verticalScrollBar().maximum() > room
        if compact != self.header.is_compact():
            self.header.set_compact(compact)
            # Now, not at the next turn of the event loop: the text takes the room in the same paint.
            self.header.layout().activate()
            layout = self.centralWidget().layout()
            if layout is not None:
                layout.activate()

    def open_dialog(self) -> None:
        """File › Open."""
        start = str(self.settings.value("last-folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Open briefing", start, BRIEFING_FILTER)
        if path:
            self.settings.setValue("last-folder", str(Path(path).parent))
            self.open_path(path)

    def import_article(self) -> None:
        """File › Import Article: an article and, optionally, an actors file."""
        folder = str(self.settings.value("last-folder", str(Path.home())))
        article, _ = QFileDialog.getOpenFileName(
            self, "Import article", folder, "Articles (*.txt *.md *.markdown);;All files (*)"
        )
        if not article:
            return
        actors, _ = QFileDialog.getOpenFileName(
            self,
            "Actors file (optional: Cancel to import without actors)",
            str(Path(article).parent),
            "Actors files (*.toml);;All files (*)",
        )
        self.import_article_files(article, actors or None)

    def import_article_files(self, article: str, actors: str | None) -> bool:
        """Convert and show an article as an unsaved briefing; a problem opens the problems dialog."""
        from viewer.io.briefing.loader import load_briefing_bytes
        from viewer.io.briefing.safexml import read_capped
        from viewer.io.convert.actors_file import read_actors_file
        from viewer.io.convert.article import convert_article, read_article, slug

        try:
            actor_list = read_actors_file(actors) if actors else None
            try:
                text = read_article(read_capped(article), str(article))
            except UnicodeDecodeError as error:
                raise BriefingError.single(article, f"the article is not UTF-8 text (byte {error.start})") from None
            result = convert_article(text, actor_list, slug(Path(article).stem, "briefing"))
            briefing = load_briefing_bytes(result.xml, article)
        except BriefingError as error:
            self._failed(article, error.problems)
            return False
        self.unsaved_xml = result.xml
        briefing.path = None
        self._show(briefing)
        self.unsaved_xml = result.xml  # _show cleared it
        self.setWindowTitle(f"{briefing.meta.title} (unsaved) — Briefing Viewer")
        self.actions["save_as"].setEnabled(True)
        mentions = sum(result.mentions.values())
        self.statusBar().showMessage(
            f"Imported {Path(article).name}: {result.sections} sections, {mentions} mentions. "
            "Save it with File › Save Briefing As…"
        )
        return True

    def save_as(self) -> None:
        """File › Save Briefing As (for an imported article)."""
        if self.unsaved_xml is None or self.briefing is None:
            return
        folder = Path(str(self.settings.value("last-folder", str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(
            self, "Save briefing", str(folder / f"{self.briefing.id}.xml"), BRIEFING_FILTER
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the imported briefing to ``path`` (atomically)."""
        from viewer.io.atomic import write_atomically_bytes

        if self.unsaved_xml is None or self.briefing is None:
            return False
        try:
            write_atomically_bytes(path, self.unsaved_xml)
        except OSError as error:
            QMessageBox.critical(self, "Save briefing", f"Could not write {path}: {error.strerror or error}")
            return False
        self.unsaved_xml = None
        self.briefing.path = str(path)
        self._remember(str(path))
        self.setWindowTitle(f"{self.briefing.meta.title} — Briefing Viewer")
        self.actions["save_as"].setEnabled(False)
        self.statusBar().showMessage(f"Saved {path}", 6000)
        return True

    def close_document(self) -> None:
        """File › Close Briefing."""
        self._show(None)

    def _remember(self, path: str) -> None:
        resolved = str(Path(path).resolve())
        recent = [p for p in self._recent() if p != resolved]
        self.settings.setValue("recent-files", [resolved, *recent][:MAX_RECENT])
        self._refresh_recent()

    def _recent(self) -> list[str]:
        value = self.settings.value("recent-files", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value or []]

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for path in self._recent():
            action = self.recent_menu.addAction(path.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(self._recent()))

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
        index = self.sections.index_of(section_id)
        if not index.isValid():
            return False
        self.section_tree.setCurrentIndex(index)
        self._section_chosen(index, QModelIndex())
        return True

    def _section_chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not index.isValid():
            return
        offset = index.data(OFFSET_ROLE)
        if offset is not None:
            self._syncing = True
            self.view.scroll_to_offset(int(offset))
            self._syncing = False

    def _follow_scroll(self, offset: int) -> None:
        if self._syncing or self.briefing is None:
            return
        section = self.briefing.section_at(offset)
        if section is None:
            return
        scrollbar = self.view.verticalScrollBar()
        current = self.section_tree.currentIndex().data(OFFSET_ROLE)
        if scrollbar.value() == scrollbar.maximum() and current is not None and int(current) >= offset:
            return  # at the end, a short last section that cannot reach the top stays chosen
        index = self.sections.index_of(section.id)
        if index.isValid() and index != self.section_tree.currentIndex():
            self._syncing = True
            self.section_tree.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.section_tree.scrollTo(index)
            self._syncing = False

    def _go_to_offset(self, offset: int, end: int | None = None) -> None:
        self.view.scroll_to_offset(offset, end, select=end is not None)
        self.view.setFocus()

    def _go_to_claim_at(self, offset: int) -> None:
        claim = self.view.claim_at(offset)
        self._go_to_offset(offset, claim.end if claim else None)

    def _claim_clicked(self, claim_id: str) -> None:
        self.statusBar().showMessage(f"Claim {claim_id}", 4000)

    def _step_mention(self, step: int) -> None:
        actor_id = self.actor_panel.selected_actor()
        if self.briefing is None or actor_id is None:
            self.statusBar().showMessage("Select an actor in the Actors panel first.", 4000)
            return
        mentions = self.briefing.mentions_of(actor_id)
        if not mentions:
            self.statusBar().showMessage("This actor is not mentioned in the text.", 4000)
            return
        self._step_index = (self._step_index + step) % len(mentions)
        mention = mentions[self._step_index]
        self._go_to_offset(mention.start, mention.end)
        self.statusBar().showMessage(f"Mention {self._step_index + 1} of {len(mentions)}", 4000)

    def next_mention(self) -> None:
        """View › Next Mention of the selected actor."""
        self._step_mention(1)

    def previous_mention(self) -> None:
        """View › Previous Mention of the selected actor."""
        self._step_mention(-1)

    def _actor_visibility(self, actor_ids: list[str], visible: bool) -> None:
        if self.content is not None:
            self.content.set_actors_visible(actor_ids, visible, self.view.shown_range())

    def show_all_actors(self) -> None:
        """Show every actor's highlights."""
        self.actor_panel.model.set_many_visible(list(self.briefing.actors) if self.briefing else [], True)

    def hide_all_actors(self) -> None:
        """Hide every actor's highlights."""
        self.actor_panel.model.set_many_visible(list(self.briefing.actors) if self.briefing else [], False)

    # -- find -------------------------------------------------------------------

    def show_find(self) -> None:
        """Edit › Find: show the find bar, with the selection as the query."""
        selected = self.view.textCursor().selectedText()
        self.find_bar.show()
        if selected and "\u2029" not in selected and len(selected) < 100:
            self.find_bar.edit.setText(selected)
        self.find_bar.edit.setFocus()
        self.find_bar.edit.selectAll()

    def hide_find(self) -> None:
        """Close the find bar and clear its highlights."""
        self.find_bar.hide()
        self._matches, self._match = [], -1
        self.view.setExtraSelections([])
        self.view.setFocus()

    def _find(self, query: str) -> None:
        if self.briefing is None:
            return
        if self._search is None:
            self._search = TextSearch(self.briefing.text)
        self._matches = self._search.find_all(query)
        top = self.view.top_offset()
        self._match = (
            next((i for i, (start, _) in enumerate(self._matches) if start >= top), 0) if self._matches else -1
        )
        self._paint_matches()

    def find_next(self) -> None:
        """Go to the next match."""
        self._move_match(1)

    def find_previous(self) -> None:
        """Go to the previous match."""
        self._move_match(-1)

    def _move_match(self, step: int) -> None:
        if not self.find_bar.isVisible():
            self.show_find()
            return
        if not self._matches:
            return
        self._match = (self._match + step) % len(self._matches)
        self._paint_matches()

    def _paint_matches(self) -> None:
        """Update the count and bring the current match into view."""
        self.find_bar.show_count(self._match, len(self._matches))
        if 0 <= self._match < len(self._matches):
            start, _end = self._matches[self._match]
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(start)
            self.view.setTextCursor(cursor)
            self.view.ensureCursorVisible()
        self._highlight_visible_matches()

    def _highlight_visible_matches(self) -> None:
        """Highlight the matches in and around the visible part of the text.

        Only those: a common word can match tens of thousands of times, and one
        extra selection per match would make every keystroke slow.
        """
        if not self._matches:
            self.view.setExtraSelections([])
            return
        scroll = self.view.verticalScrollBar().value()
        height = self.view.viewport().height()
        first = self.view.block_at_y(max(scroll - height, 0)).position()
        last_block = self.view.block_at_y(scroll + 2 * height)
        last = last_block.position() + last_block.length()
        low = bisect.bisect_left(self._matches, (first, 0))
        high = bisect.bisect_right(self._matches, (last, last))
        document = self.view.document()
        every = QTextCharFormat()
        every.setBackground(QColor(255, 235, 59, 150))
        current = QTextCharFormat()
        current.setBackground(QColor(255, 152, 0))
        selections = []
        for number in range(low, high):
            start, end = self._matches[number]
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor  # type: ignore[attr-defined]
            selection.format = current if number == self._match else every  # type: ignore[attr-defined]
            selections.append(selection)
        self.view.setExtraSelections(selections)

    # -- notes ------------------------------------------------------------------

    def add_note(self) -> None:
        """Notes › Add Note (Ctrl+E) on the selected passage."""
        self.notes.add_note()
        if self.notes_panel.selected_note():
            self.notes_dock.raise_()

    def edit_note(self) -> None:
        """Notes › Edit Note."""
        self.notes.edit_note()

    def delete_note(self) -> None:
        """Notes › Delete Note."""
        self.notes.delete_note()

    def reattach_note(self) -> None:
        """Notes › Re-attach Note to Selection."""
        self.notes.reattach_note()

    def undo(self) -> None:
        """Edit › Undo."""
        self.notes.undo_stack.undo()

    def redo(self) -> None:
        """Edit › Redo."""
        self.notes.undo_stack.redo()

    def rename_colors(self) -> None:
        """Notes › Rename Note Colours."""
        from viewer.ui.notes.color_names_dialog import ColorNamesDialog

        if self.notes.store is None:
            self.statusBar().showMessage("Notes are unavailable: the notes store could not be opened.", 8000)
            return
        dialog = ColorNamesDialog(self.notes.color_names(), self)
        if dialog.exec() == ColorNamesDialog.DialogCode.Accepted:
            try:
                for key, name in dialog.names().items():
                    self.notes.store.set_color_name(key, name)
            except StoreError as error:
                self.statusBar().showMessage(str(error), 8000)
            self.notes_panel.set_color_names(self.notes.color_names())
            self.notes.reload()

    def _export_render(self, notes: list[PlacedNote], options: ExportOptions) -> str:
        from viewer.io.notes.markdown_export import export_markdown

        assert self.briefing is not None
        source = Path(self.briefing.path).name if self.briefing.path else ""
        return export_markdown(
            self.briefing,
            notes,
            replace(options, source_name=source, color_names=self.notes.color_names()),
        )

    def export_notes(self) -> None:
        """File › Export Notes (Ctrl+Shift+E)."""
        from viewer.ui.notes.export_dialog import ExportDialog

        if self.briefing is None:
            return
        visible = set(self.notes_panel.visible_notes())
        every = self.placed_notes.ordered()
        stem = Path(self.briefing.path).stem if self.briefing.path else self.briefing.id
        dialog = ExportDialog(
            self._export_render,
            every,
            [p for p in every if p.id in visible],
            f"{stem}-notes.md",
            self.settings,
            self,
        )
        if dialog.exec() == ExportDialog.DialogCode.Accepted and dialog.saved_path:
            self.statusBar().showMessage(f"Notes exported to {dialog.saved_path}", 8000)

    def copy_markdown(self) -> None:
        """Notes › Copy as Markdown: the selected note, else every note the filter shows."""
        if self.briefing is None:
            return
        selected = self.notes_panel.selected_note()
        ids = [selected] if selected else self.notes_panel.visible_notes()
        notes = [p for p in map(self.placed_notes.get, ids) if p is not None]
        if not notes:
            self.statusBar().showMessage("No notes to copy.", 4000)
            return
        from viewer.io.notes.markdown_export import ExportOptions

        QApplication.clipboard().setText(self._export_render(notes, ExportOptions()))
        self.statusBar().showMessage(f"Copied {len(notes)} note{'s' if len(notes) != 1 else ''} as Markdown.", 4000)

    def _count_notes(self) -> None:
        self.sections.set_note_counts(self.placed_notes.section_counts())

    def _go_to_note(self, note_id: str) -> None:
        placed = self.placed_notes.get(note_id)
        if placed is None or placed.start is None:
            self.statusBar().showMessage("This note's passage is no longer in the briefing.", 6000)
            return
        self._go_to_offset(placed.start, placed.end)

    def _note_clicked(self, note_id: str) -> None:
        self.notes_dock.raise_()
        self.notes_panel.select_note(note_id)

    # -- misc -------------------------------------------------------------------

    def about(self) -> None:
        """Help › About."""
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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.loader.wait()
        self.notes.detach()
        super().closeEvent(event)
