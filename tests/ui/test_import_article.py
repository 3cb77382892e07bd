"""File › Import Article: an article becomes an unsaved briefing that can be saved."""

from __future__ import annotations

from pathlib import Path

from tests.corpus import ROOT
from viewer.io.briefing.loader import load_briefing
from viewer.ui.window.main_window import MainWindow

ACTORS = ROOT / "tests" / "data" / "convert" / "coree-actors.toml"


def test_import_shows_the_article_highlighted_and_saves_it(window: MainWindow, tmp_path: Path) -> None:
    article = tmp_path / "note.md"
    article.write_text("# Point de situation\n\nPyongyang soutient Moscou.\n", encoding="utf-8")
    assert window.import_article_files(str(article), str(ACTORS))
    assert window.windowTitle() == "Point de situation (unsaved) — Briefing Viewer"
    assert window.actions["save_as"].isEnabled()
    assert [m.actor_id for m in window.briefing.mentions] == ["kp", "ru"]  # type: ignore[union-attr]
    target = tmp_path / "saved.xml"
    assert window.save_to(target)
    assert load_briefing(target).text == window.briefing.text  # type: ignore[union-attr]
    assert not window.actions["save_as"].isEnabled()
    assert window.windowTitle() == "Point de situation — Briefing Viewer"


def test_a_bad_actors_file_keeps_the_current_document(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.md"
    article.write_text("# T\n\nText.\n", encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text("[[actor]]\nid = 'x'\n", encoding="utf-8")
    with qtbot.waitSignal(window.loadFailed) as failed:
        assert not window.import_article_files(str(article), str(bad))
    assert "has type None" in failed.args[1][0].message
    assert window.briefing is None


def test_a_bad_character_in_the_article_is_located_in_that_file(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.md"
    article.write_text("# T\n\nUn saut\x0bde page.\n", encoding="utf-8")
    with qtbot.waitSignal(window.loadFailed) as failed:
        assert not window.import_article_files(str(article), str(ACTORS))
    problem = failed.args[1][0]
    assert (problem.path, problem.line, problem.column) == (str(article), 3, 8)
    assert str(problem).startswith(f"{article}:3:8: ")
