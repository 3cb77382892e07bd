"""ArticleImport: File › Import Article and File › Save Briefing As, for an article shown as an unsaved briefing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from viewer.io.errors import BriefingError
from viewer.ui.common.clip import clip
from viewer.ui.common.messages import Messages

if TYPE_CHECKING:
    from viewer.io.convert.actors_file import ActorsFile
    from viewer.ui.importing.dialog import ImportDialog
    from viewer.ui.window.main_window import MainWindow

BRIEFING_FILTER = "Briefings (*.xml);;All files (*)"
ARTICLE_FILTER = "Articles (*.txt *.md *.markdown);;All files (*)"


class ArticleImport(QObject):
    """Imports an article into ``window`` with the core's :func:`import_article` (as ``briefing convert`` does).

    ``unsaved_xml`` is the shown briefing's file until it is saved (None when the shown
    briefing came from a file).
    """

    def __init__(self, window: MainWindow, messages: Messages) -> None:
        super().__init__(window)
        self.window = window
        self.messages = messages
        self.unsaved_xml: bytes | None = None

    def choose_files(self) -> None:
        """File › Import Article: the article, then the import window (its actors); Cancel imports nothing."""
        if self.unsaved_xml is not None:  # the article shown now is kept or let go first
            self.settle(self.choose_files)
            return
        from PySide6.QtWidgets import QFileDialog  # here: the window opens without the file dialogs

        article, _ = QFileDialog.getOpenFileName(self.window, "Import article", self._folder(), ARTICLE_FILTER)
        if article:
            self.open_window(article)

    def open_window(self, article: str = "") -> ImportDialog:
        """The import window on ``article``: Import converts and shows it with the actors listed there."""
        # Here: the converter (markdown-it, lxml's writer) is loaded when an article is imported, not at start.
        from viewer.ui.importing.dialog import ImportDialog

        dialog = ImportDialog(article, self._folder(), self.import_files, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _folder(self) -> str:
        return str(self.window.settings.value("last-folder", str(Path.home())))

    def import_files(self, article: str, actors: str | ActorsFile | None) -> bool:
        """Convert and show an article as an unsaved briefing, with these actors (an actors file's path, or read).

        A problem opens the problems dialog and leaves the shown briefing as it was.
        """
        from viewer.io.convert.importing import import_article

        try:
            imported = import_article(article, actors)
        except BriefingError as error:
            self.window.show_problems(article, error.problems, offer_import=False)
            return False
        briefing = imported.briefing
        briefing.path = None
        # Shown last, it stays: a file asked for before and still loading is no longer wanted.
        self.window.loader.drop()
        self.window.progress.hide()
        self.window.show_briefing(briefing)
        self.unsaved_xml = imported.xml
        self.window.setWindowTitle(f"{clip(briefing.meta.title)} (unsaved) — Briefing Viewer")
        self.window.commands["save_as"].setEnabled(True)
        sections, mentions = imported.conversion.sections, imported.mentions
        said = f"Imported {Path(article).name}: {_count(sections, 'section')}, {_count(mentions, 'mention')}. "
        # A misspelt name or alias finds nothing: say which actors got no mention, as `briefing convert` does.
        never = [briefing.actors[i].name for i in imported.conversion.never_mentioned if i in briefing.actors]
        if never:
            said += f"Never mentioned: {', '.join(never)}. "
        self.messages.info(said + "Save it with File › Save Briefing As…", 0)
        return True

    def settle(self, then: Callable[[], object]) -> None:
        """Call ``then`` once the shown import is saved or discarded (at once when there is none to save).

        The user is asked, as any editor asks before closing an unsaved file: Save (File › Save
        Briefing As…), Discard, or Cancel, which leaves everything as it was and calls nothing.
        The question is window-modal and answered later: nothing waits in a nested event loop.
        """
        briefing = self.window.briefing
        if self.unsaved_xml is None or briefing is None:
            then()
            return
        from PySide6.QtWidgets import QMessageBox

        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Unsaved briefing",
            f"“{briefing.meta.title}” was imported from an article and is not saved yet.",
            buttons.Save | buttons.Discard | buttons.Cancel,
            self.window,
        )
        box.setInformativeText("Save it as a briefing file, or discard it? The article itself stays as it is.")
        box.setDefaultButton(buttons.Save)
        box.setEscapeButton(buttons.Cancel)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            chosen = box.standardButton(button)  # type: ignore[arg-type]
            if chosen == buttons.Save:
                if self.save_as():
                    then()
            elif chosen == buttons.Discard:
                self.forget()
                then()

        box.buttonClicked.connect(answered)
        box.open()

    def forget(self) -> None:
        """Another briefing is shown: nothing is left to save."""
        self.unsaved_xml = None
        self.window.commands["save_as"].setEnabled(False)

    def save_as(self) -> bool:
        """File › Save Briefing As (for an imported article); whether it was saved."""
        briefing = self.window.briefing
        if self.unsaved_xml is None or briefing is None:
            return False
        from PySide6.QtWidgets import QFileDialog

        folder = Path(str(self.window.settings.value("last-folder", str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save briefing", str(folder / f"{briefing.id}.xml"), BRIEFING_FILTER
        )
        return bool(path) and self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the imported briefing to ``path`` (atomically)."""
        from viewer.io.atomic import write_atomically_bytes

        briefing = self.window.briefing
        if self.unsaved_xml is None or briefing is None:
            return False
        try:
            write_atomically_bytes(path, self.unsaved_xml)
        except OSError as error:
            self.messages.error("Save briefing", f"Could not write {path}: {error.strerror or error}")
            return False
        self.forget()
        briefing.path = str(path)
        self.window.recent.remember(str(path))
        self.window.setWindowTitle(f"{clip(briefing.meta.title)} — Briefing Viewer")
        self.messages.info(f"Saved {path}", 6000)
        return True


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
