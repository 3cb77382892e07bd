"""ImportDialog: File › Import Article's window: the article, and the actors to find in it (added, edited, removed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.io.convert.actor_entries import actors_file_of, entries_beside, entry_problems
from viewer.io.convert.actors_file import ActorsFile
from viewer.io.convert.article import slug
from viewer.io.errors import BriefingError
from viewer.model.briefing import Relation
from viewer.ui.importing.delegate import ActorTypeDelegate
from viewer.ui.importing.model import ALIASES, NAME, TYPE, ActorEntriesModel
from viewer.ui.window.import_article import ARTICLE_FILTER

ACTORS_FILTER = "Actors files (*.toml);;All files (*)"

# Imports the article with these actors; True when it was shown (else its problems were).
Importer = Callable[[str, ActorsFile | None], bool]


class ActorTable(QTableView):
    """The actors table: Delete or Backspace removes the selected rows (when no cell is being edited)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            rows = [index.row() for index in self.selectionModel().selectedRows()]
            if not rows and self.currentIndex().isValid():
                rows = [self.currentIndex().row()]
            model = self.model()
            if rows and isinstance(model, ActorEntriesModel):
                model.remove_rows(rows)
                event.accept()
                return
        super().keyPressEvent(event)


class ImportDialog(QDialog):
    """The article to import and its actors; Import converts and shows it, Cancel (or Escape) imports nothing.

    Attributes: ``article`` (QLineEdit, the article's path), ``table`` (ActorTable over
    ``actors``, an ActorEntriesModel), ``problem`` (QLabel: what keeps Import disabled),
    ``import_button``, and the buttons ``add_button``, ``remove_button``, ``load_button``.
    """

    def __init__(self, article: str, folder: str, importer: Importer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Article")
        self._importer = importer
        self._folder = folder
        self._relations: list[Relation] = []  # from the actors files loaded
        layout = QVBoxLayout(self)

        row = QHBoxLayout()
        label = QLabel("&Article:", self)
        row.addWidget(label)
        self.article = QLineEdit(article, self)
        self.article.setPlaceholderText("A plain-text or Markdown file")
        label.setBuddy(self.article)
        row.addWidget(self.article, 1)
        choose = QPushButton("C&hoose…", self)
        choose.clicked.connect(self.choose_article)
        row.addWidget(choose)
        layout.addLayout(row)

        intro = QLabel(
            "Actors to find in the text (optional). Each name and alias is marked wherever the text "
            "uses it: whole words, case ignored.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.actors = ActorEntriesModel(self)
        self.table = ActorTable(self)
        self.table.setModel(self.actors)
        self.table.setItemDelegateForColumn(TYPE, ActorTypeDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TYPE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(
            TYPE, self.fontMetrics().horizontalAdvance("organization") + 48
        )  # room for the list's arrow
        header.setSectionResizeMode(ALIASES, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(True)
        self.table.setMinimumHeight(160)
        layout.addWidget(self.table, 1)

        edits = QHBoxLayout()
        self.add_button = QPushButton("A&dd Actor", self)
        self.add_button.clicked.connect(self.add_actor)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setToolTip("Remove the selected actors (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.load_button = QPushButton("&Load Actors File…", self)
        self.load_button.setToolTip("Add the actors (and relations) of a TOML actors file")
        self.load_button.clicked.connect(self.choose_actors_file)
        for button in (self.add_button, self.remove_button, self.load_button):
            edits.addWidget(button)
        edits.addStretch(1)
        layout.addLayout(edits)

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # names typed are never interpreted
        self.problem.setObjectName("import-problem")
        layout.addWidget(self.problem)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.import_article)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        for signal in (
            self.actors.dataChanged,
            self.actors.rowsInserted,
            self.actors.rowsRemoved,
            self.actors.modelReset,
        ):
            signal.connect(self._check)
        self.table.selectionModel().selectionChanged.connect(self._check)
        self.article.textChanged.connect(self._check)
        self.resize(640, 420)
        self._check()

    # -- the article --------------------------------------------------------------

    def choose_article(self) -> None:
        """Choose… beside the article: a file dialog (Cancel leaves the field as it was)."""
        start = str(Path(self.article.text()).parent) if self.article.text() else self._folder
        path, _ = QFileDialog.getOpenFileName(self, "Import article", start, ARTICLE_FILTER)
        if path:
            self.article.setText(path)

    # -- the actors -----------------------------------------------------------------

    def add_actor(self) -> None:
        """Add Actor: a new row, its name being typed."""
        index = self.actors.add_entry()
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def remove_selected(self) -> None:
        """Remove the selected rows."""
        rows = [index.row() for index in self.table.selectionModel().selectedRows()]
        self.actors.remove_rows(rows)

    def choose_actors_file(self) -> None:
        """Load Actors File…: its actors are added to the table (Cancel adds nothing)."""
        start = str(Path(self.article.text()).parent) if self.article.text() else self._folder
        path, _ = QFileDialog.getOpenFileName(self, "Load actors file", start, ACTORS_FILTER)
        if path:
            self.load_actors_file(path)

    def load_actors_file(self, path: str) -> bool:
        """Add an actors file's actors and relations; its problems, located, in a message when it has some."""
        from viewer.io.convert.actors_file import read_actors_file

        try:
            loaded = read_actors_file(path)
        except BriefingError as error:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                "Actors file not loaded",
                f"{path} was not loaded; the actors listed stay as they are.",
                QMessageBox.StandardButton.Close,
                self,
            )
            box.setDetailedText("\n".join(str(p) for p in error.problems))
            box.setInformativeText("\n".join(str(p) for p in error.problems[:5]))
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return False
        # Ids another file loaded already has are made the file's own: its relations follow them.
        entries, relations = entries_beside(loaded, self.actors.entries())
        for entry in entries:
            self.actors.add_entry(entry)
        self._relations += relations
        return True

    # -- checking and importing -------------------------------------------------------

    def problems(self) -> list[str]:
        """What keeps Import disabled, one sentence each (none when the article can be imported)."""
        found = [] if self.article.text().strip() else ["Choose the article to import."]
        return found + entry_problems(self.actors.entries())

    def _check(self) -> None:
        problems = self.problems()
        shown = problems[:3] + ([f"… and {len(problems) - 3} more."] if len(problems) > 3 else [])
        self.problem.setText("\n".join(shown))
        self.problem.setVisible(bool(problems))
        self.import_button.setEnabled(not problems)
        self.remove_button.setEnabled(self.table.selectionModel().hasSelection())

    def actors_file(self) -> ActorsFile | None:
        """The actors listed, as the converter takes them (None when there are none)."""
        entries = self.actors.entries()
        if not entries:
            return None
        reserved = {slug(Path(self.article.text().strip()).stem, "briefing")}  # the briefing's own id
        return actors_file_of(entries, self._relations, reserved)

    def import_article(self) -> None:
        """Import: convert and show the article; the window stays open when it cannot be imported."""
        self.commit_edit()
        if self.problems():
            self._check()
            return
        if self._importer(self.article.text().strip(), self.actors_file()):
            self.accept()

    def commit_edit(self) -> None:
        """Write the cell being edited, if one is, into the table (what it shows is what is imported)."""
        editor = QApplication.focusWidget()
        editing = self.table.state() == QAbstractItemView.State.EditingState
        if editing and editor is not None and self.table.isAncestorOf(editor):
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a cell being edited ends the edit; it must not import half-typed actors.
        if event.matches(QKeySequence.StandardKey.InsertParagraphSeparator) and self.table.hasFocus():
            event.accept()
            return
        super().keyPressEvent(event)
