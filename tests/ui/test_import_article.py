"""File › Import Article: an article becomes an unsaved briefing that can be saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from tests.corpus import ROOT
from viewer.io.briefing.loader import load_briefing
from viewer.ui.window.main_window import MainWindow

ACTORS = ROOT / "tests" / "data" / "convert" / "coree-actors.toml"


def test_import_shows_the_article_highlighted_and_saves_it(window: MainWindow, tmp_path: Path) -> None:
    article = tmp_path / "note.md"
    article.write_text("# Point de situation\n\nPyongyang soutient Moscou.\n", encoding="utf-8")
    assert window.article_import.import_files(str(article), str(ACTORS))
    assert window.windowTitle() == "Point de situation (unsaved) — Briefing Viewer"
    assert window.commands["save_as"].isEnabled()
    assert [m.actor_id for m in window.briefing.mentions] == ["kp", "ru"]  # type: ignore[union-attr]
    target = tmp_path / "saved.xml"
    assert window.article_import.save_to(target)
    assert load_briefing(target).text == window.briefing.text  # type: ignore[union-attr]
    assert not window.commands["save_as"].isEnabled()
    assert window.windowTitle() == "Point de situation — Briefing Viewer"


def test_a_bad_actors_file_keeps_the_current_document(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.md"
    article.write_text("# T\n\nText.\n", encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[actor]]\nid = 'x'\n", encoding="utf-8")
    with qtbot.waitSignal(window.loadFailed) as failed:
        assert not window.article_import.import_files(str(article), str(bad))
    assert "has type None" in failed.args[1][0].message
    assert window.briefing is None


def test_a_bad_character_in_the_article_is_located_in_that_file(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.md"
    article.write_text("# T\n\nUn saut\x0bde page.\n", encoding="utf-8")
    with qtbot.waitSignal(window.loadFailed) as failed:
        assert not window.article_import.import_files(str(article), str(ACTORS))
    problem = failed.args[1][0]
    assert (problem.path, problem.line, problem.column) == (str(article), 3, 8)
    assert str(problem).startswith(f"{article}:3:8: ")


def test_a_character_a_briefing_cannot_hold_is_located_in_the_article(
    window: MainWindow, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.md"
    article.write_text("# T\n\nText \x01 here.\n", encoding="utf-8")
    with qtbot.waitSignal(window.loadFailed) as failed:
        assert not window.article_import.import_files(str(article), None)
    [problem] = failed.args[1]
    assert (problem.path, problem.line) == (str(article), 3)  # as `briefing convert` says it


def test_a_failed_save_says_why_and_keeps_the_briefing_unsaved(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    article = tmp_path / "note.md"
    article.write_text("# Point\n\nTexte.\n", encoding="utf-8")
    assert window.article_import.import_files(str(article), None)
    target = tmp_path / "no-such-folder" / "saved.xml"
    assert not window.article_import.save_to(target)
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible() or not b.isHidden()]
    qtbot.waitUntil(box.isVisible)
    assert box.icon() == QMessageBox.Icon.Critical and f"Could not write {target}" in box.text()
    assert window.statusBar().currentMessage().startswith(f"Could not write {target}")
    assert window.commands["save_as"].isEnabled() and window.windowTitle() == "Point (unsaved) — Briefing Viewer"
    window.grab()


def test_opening_an_article_offers_to_import_it(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """File › Open on a .md file: the dialog says it looks like an article, and its button imports it."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.ui.user import User
    from viewer.ui.window.problems_dialog import ProblemsDialog

    article = tmp_path / "point.md"
    article.write_text("# Le point\n\nLa Russie et la Corée du Nord.\n", encoding="utf-8")
    user = User(window, qtbot)
    assert not user.open_with_dialog(article)
    [dialog] = [d for d in window.findChildren(ProblemsDialog) if d.isVisible()]
    dialog.grab()
    assert dialog.import_button is not None and "looks like an article" in dialog.findChild(QLabel).text()
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.briefing is not None)
    assert window.windowTitle() == "Le point (unsaved) — Briefing Viewer"
    # A briefing file that is broken is not offered as an article.
    broken = tmp_path / "broken.xml"
    broken.write_text("<briefing", encoding="utf-8")
    assert not user.open_with_dialog(broken)
    assert all(d.import_button is None for d in window.findChildren(ProblemsDialog) if d.isVisible())
