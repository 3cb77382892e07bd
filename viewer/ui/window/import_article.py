"""ArticleImport: File › Import Article and File › Save Briefing As, for an article shown as an unsaved briefing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from viewer.io.errors import BriefingError
from viewer.ui.common.messages import Messages

if TYPE_CHECKING:
    from viewer.ui.window.main_window import MainWindow

BRIEFING_FILTER = "Briefings (*.xml);;All files (*)"


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
        """File › Import Article: an article and, optionally, an actors file."""
        from PySide6.QtWidgets import QFileDialog  # here: the window opens without the file dialogs

        settings = self.window.settings
        folder = str(settings.value("last-folder", str(Path.home())))
        article, _ = QFileDialog.getOpenFileName(
            self.window, "Import article", folder, "Articles (*.txt *.md *.markdown);;All files (*)"
        )
        if not article:
            return
        actors, _ = QFileDialog.getOpenFileName(
            self.window,
            "Actors file (optional: Cancel to import without actors)",
            str(Path(article).parent),
            "Actors files (*.toml);;All files (*)",
        )
        self.import_files(article, actors or None)

    def import_files(self, article: str, actors: str | None) -> bool:
        """Convert and show an article as an unsaved briefing; a problem opens the problems dialog."""
        from viewer.io.convert.importing import import_article

        try:
            imported = import_article(article, actors)
        except BriefingError as error:
            self.window.show_problems(article, error.problems)
            return False
        briefing = imported.briefing
        briefing.path = None
        self.window.show_briefing(briefing)
        self.unsaved_xml = imported.xml
        self.window.setWindowTitle(f"{briefing.meta.title} (unsaved) — Briefing Viewer")
        self.window.commands["save_as"].setEnabled(True)
        self.messages.info(
            f"Imported {Path(article).name}: {imported.conversion.sections} sections, {imported.mentions} mentions. "
            "Save it with File › Save Briefing As…",
            0,
        )
        return True

    def forget(self) -> None:
        """Another briefing is shown: nothing is left to save."""
        self.unsaved_xml = None
        self.window.commands["save_as"].setEnabled(False)

    def save_as(self) -> None:
        """File › Save Briefing As (for an imported article)."""
        briefing = self.window.briefing
        if self.unsaved_xml is None or briefing is None:
            return
        from PySide6.QtWidgets import QFileDialog

        folder = Path(str(self.window.settings.value("last-folder", str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save briefing", str(folder / f"{briefing.id}.xml"), BRIEFING_FILTER
        )
        if path:
            self.save_to(Path(path))

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
        self.window.setWindowTitle(f"{briefing.meta.title} — Briefing Viewer")
        self.messages.info(f"Saved {path}", 6000)
        return True
