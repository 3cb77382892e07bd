"""File › Import Article: an article becomes an unsaved briefing that can be saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from tests.corpus import ROOT
from tests.ui.user import User
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
    """File › Open on a .md file: the dialog says it looks like an article, and its button opens the import window."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from viewer.ui.importing.dialog import ImportDialog
    from viewer.ui.window.problems_dialog import ProblemsDialog

    article = tmp_path / "point.md"
    article.write_text("# Le point\n\nLa Russie et la Corée du Nord.\n", encoding="utf-8")
    user = User(window, qtbot)
    assert not user.open_with_dialog(article)
    [dialog] = [d for d in window.findChildren(ProblemsDialog) if d.isVisible()]
    dialog.grab()
    assert dialog.import_button is not None and "looks like an article" in dialog.findChild(QLabel).text()
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ImportDialog)))
    [importing] = [d for d in window.findChildren(ImportDialog) if d.isVisible()]
    assert importing.article.text() == str(article)
    QTest.mouseClick(importing.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.briefing is not None)
    assert window.windowTitle() == "Le point (unsaved) — Briefing Viewer"
    # A briefing file that is broken is not offered as an article.
    broken = tmp_path / "broken.xml"
    broken.write_text("<briefing", encoding="utf-8")
    assert not user.open_with_dialog(broken)
    assert all(d.import_button is None for d in window.findChildren(ProblemsDialog) if d.isVisible())


# -- the import window: the article's actors added, edited and removed there ----------------------

ARTICLE_TEXT = "# Point de situation\n\nPyongyang soutient Moscou. La Chine observe ; Kim Jong-un se tait.\n"


def _import_window(window: MainWindow, user: User, qtbot, article: Path):  # type: ignore[no-untyped-def]
    """File › Import Article, the article typed into the file dialog: the import window, up."""
    from PySide6.QtWidgets import QFileDialog

    from viewer.ui.importing.dialog import ImportDialog

    user.activate()
    user.when_modal(QFileDialog, lambda dialog: user.answer_file_dialog(dialog, article))
    window.commands["import_article"].trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ImportDialog)))
    [dialog] = [d for d in window.findChildren(ImportDialog) if d.isVisible()]
    user.activate(dialog)  # offscreen, a closed file dialog leaves no window active
    dialog.grab()
    return dialog


def _click(widget) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _add_actor(user: User, dialog, name: str, kind: str, aliases: str) -> None:  # type: ignore[no-untyped-def]
    """Add Actor; type the name, Tab, the type's first letters, Tab, the aliases, Enter."""
    from PySide6.QtCore import Qt

    user.activate(dialog)
    _click(dialog.add_button)
    user.type(name)
    user.press(Qt.Key.Key_Tab)
    user.type(kind[:2])  # the type list, chosen by its first letters
    user.press(Qt.Key.Key_Tab)
    user.type(aliases)
    user.press(Qt.Key.Key_Return)
    user.paint()  # the delegate writes the cell at the next turn of the event loop
    dialog.grab()


def _edit_cell(user: User, dialog, row: int, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click a cell, F2, select what it holds, type, Enter."""
    from PySide6.QtCore import Qt

    index = dialog.actors.index(row, column)
    user.activate(dialog)  # as the click on it does (offscreen, a file dialog closed leaves none active)
    user.click_row(dialog.table, index)
    user.press(Qt.Key.Key_F2, widget=dialog.table)
    user.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    user.type(text)
    user.press(Qt.Key.Key_Return)
    user.paint()  # the delegate writes the cell at the next turn of the event loop
    dialog.grab()


def _names(window: MainWindow) -> dict[str, tuple[str, tuple[str, ...]]]:
    assert window.briefing is not None
    return {a.name: (a.type, a.aliases) for a in window.briefing.actors.values()}


def test_actors_are_added_edited_and_removed_in_the_import_window(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextCursor

    user = User(window, qtbot)
    article = tmp_path / "point.md"
    article.write_text(ARTICLE_TEXT, encoding="utf-8")
    dialog = _import_window(window, user, qtbot, article)
    assert dialog.article.text() == str(article) and dialog.import_button.isEnabled()
    _add_actor(user, dialog, "Corée du Nord", "state", "Pyongyang, nord-coréen")
    _add_actor(user, dialog, "Russie", "state", "Moscou")
    _add_actor(user, dialog, "Chine", "state", "")
    assert [(e.name, e.type, e.aliases) for e in dialog.actors.entries()] == [
        ("Corée du Nord", "state", "Pyongyang, nord-coréen"),
        ("Russie", "state", "Moscou"),
        ("Chine", "state", ""),
    ]
    # Removed with the Delete key.
    user.click_row(dialog.table, dialog.actors.index(2, 0))
    user.press(Qt.Key.Key_Delete, widget=dialog.table)
    assert [e.name for e in dialog.actors.entries()] == ["Corée du Nord", "Russie"]
    # A row without a name, then a name already taken: said in words, and Import waits.
    _click(dialog.add_button)
    user.press(Qt.Key.Key_Return)
    assert not dialog.import_button.isEnabled() and dialog.problem.text() == "Actor 3 needs a name."
    _edit_cell(user, dialog, 2, 0, "moscou")
    assert not dialog.import_button.isEnabled()
    assert "“moscou” names two actors (2 and 3)" in dialog.problem.text()
    _edit_cell(user, dialog, 2, 0, "Kim Jong-un")
    user.click_row(dialog.table, dialog.actors.index(2, 1))
    user.press(Qt.Key.Key_F2, widget=dialog.table)
    user.type("pe")
    user.press(Qt.Key.Key_Return)
    user.paint()
    assert dialog.problem.isHidden() and dialog.import_button.isEnabled()
    dialog.grab()
    _click(dialog.import_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    user.paint()
    assert _names(window) == {
        "Corée du Nord": ("state", ("Pyongyang", "nord-coréen")),
        "Russie": ("state", ("Moscou",)),
        "Kim Jong-un": ("person", ()),
    }
    briefing, content = window.briefing, window.content
    assert briefing is not None and content is not None
    assert [briefing.text[m.start : m.end] for m in briefing.mentions] == ["Pyongyang", "Moscou", "Kim Jong-un"]
    # Each mention highlighted in the text, in its actor's colour.
    for mention in briefing.mentions:
        cursor = QTextCursor(window.view.document())
        cursor.setPosition(mention.start + 1)
        assert cursor.charFormat().background().color() == content.colors[mention.actor_id]
    assert window.windowTitle() == "Point de situation (unsaved) — Briefing Viewer"


def test_the_import_names_the_actors_the_article_never_mentions(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A misspelt name finds nothing: the window says which actors got no mention (as `briefing convert` does);
    it only said how many mentions in all, and the actor sat in the panel with 0."""
    user = User(window, qtbot)
    article = tmp_path / "point.md"
    article.write_text(ARTICLE_TEXT, encoding="utf-8")
    dialog = _import_window(window, user, qtbot, article)
    _add_actor(user, dialog, "Russie", "state", "Moscou")
    _add_actor(user, dialog, "Kim Jong-il", "person", "")
    _add_actor(user, dialog, "Japon", "state", "Tokyo")
    _click(dialog.import_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    user.paint()
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported point.md: 1 section, 1 mention.")  # not "1 sections, 1 mentions"
    assert "Never mentioned: Kim Jong-il, Japon." in message


def test_an_actors_file_loads_into_the_table_to_be_edited(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    user = User(window, qtbot)
    article = tmp_path / "point.md"
    article.write_text(ARTICLE_TEXT, encoding="utf-8")
    dialog = _import_window(window, user, qtbot, article)
    # A broken actors file: said, located, and the table is left as it was.
    bad = tmp_path / "bad.toml"
    bad.write_text("[[actor]]\nid = 'x'\n", encoding="utf-8")
    user.when_modal(QFileDialog, lambda chooser: user.answer_file_dialog(chooser, bad))
    _click(dialog.load_button)
    qtbot.waitUntil(lambda: any(b.isVisible() for b in dialog.findChildren(QMessageBox)))
    [box] = [b for b in dialog.findChildren(QMessageBox) if b.isVisible()]
    assert f"{bad}:2:1" not in box.informativeText() and f"{bad}:1:1" in box.informativeText()
    box.close()
    assert dialog.actors.entries() == []
    user.when_modal(QFileDialog, lambda chooser: user.answer_file_dialog(chooser, ACTORS))
    _click(dialog.load_button)
    qtbot.waitUntil(lambda: dialog.actors.rowCount() == 7)
    dialog.grab()
    assert dialog.actors.entries()[0].aliases == "Pyongyang, nord-coréen, nord-coréenne, nord-coréens"
    _edit_cell(user, dialog, 1, 2, "Moscou, le Kremlin")
    names = [e.name for e in dialog.actors.entries()]
    user.click_row(dialog.table, dialog.actors.index(names.index("Chine"), 0))
    _click(dialog.remove_button)
    _click(dialog.import_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    user.paint()
    shown = _names(window)
    assert "Chine" not in shown and shown["Russie"] == ("state", ("Moscou", "le Kremlin"))
    assert len(shown) == 6
    assert [(r.source, r.target) for r in window.briefing.relations] == [("kp", "ru")]  # type: ignore[union-attr]


def test_cancel_imports_nothing_at_any_step(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

    from viewer.ui.importing.dialog import ImportDialog

    user = User(window, qtbot)
    article = tmp_path / "point.md"
    article.write_text(ARTICLE_TEXT, encoding="utf-8")
    # Cancel in the file dialog: no import window, nothing imported.
    user.activate()
    user.when_modal(QFileDialog, lambda dialog: user.answer_file_dialog(dialog, None))
    window.commands["import_article"].trigger()
    user.paint()
    assert window.briefing is None and not any(d.isVisible() for d in window.findChildren(ImportDialog))
    # Cancel in the actors file chooser of the import window: nothing added, the window stays.
    dialog = _import_window(window, user, qtbot, article)
    _add_actor(user, dialog, "Russie", "state", "Moscou")
    user.when_modal(QFileDialog, lambda chooser: user.answer_file_dialog(chooser, None))
    _click(dialog.load_button)
    user.paint()
    assert dialog.isVisible() and [e.name for e in dialog.actors.entries()] == ["Russie"]
    # Cancel in the import window: nothing imported, the actors typed make no briefing.
    buttons = dialog.findChild(QDialogButtonBox)
    _click(buttons.button(QDialogButtonBox.StandardButton.Cancel))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    user.paint()
    assert window.briefing is None and window.windowTitle() == "Briefing Viewer"
    # Escape does the same.
    dialog = _import_window(window, user, qtbot, article)
    user.press(Qt.Key.Key_Escape, widget=dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.briefing is None


def test_the_actors_table_is_a_sound_item_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from viewer.io.convert.actor_entries import ActorEntry
    from viewer.ui.importing.model import ActorEntriesModel

    model = ActorEntriesModel()
    model.set_entries([ActorEntry("Russie", "state", "Moscou"), ActorEntry("Chine", "state")])
    qtmodeltester.check(model)
    model.add_entry()
    model.remove_rows([0, 0, 5])
    qtmodeltester.check(model)
    assert [e.name for e in model.entries()] == ["Chine", ""]
