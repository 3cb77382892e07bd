"""An article imported while a file opened before it still loads: the import stays shown (what was asked for last)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.corpus import FRENCH
from tests.ui.user import User
from viewer.ui.window.main_window import MainWindow


def test_a_file_still_loading_does_not_replace_an_article_imported_since(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    article = tmp_path / "point.md"
    article.write_text("# Point de situation\n\nPyongyang soutient Moscou.\n", encoding="utf-8")
    window.open_path(FRENCH)  # as File › Open does: in the background
    assert window.article_import.import_files(str(article), None)  # the import window's Import, meanwhile
    window.loader.wait()  # the file is read by now...
    QApplication.processEvents()  # ...and what the loader says of it is delivered
    User(window, qtbot).paint()
    assert window.briefing is not None and window.briefing.meta.title == "Point de situation"
    assert window.commands["save_as"].isEnabled()  # the import can still be saved
    assert not window.progress.isVisible()
