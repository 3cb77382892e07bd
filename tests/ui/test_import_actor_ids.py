"""Import Article: actors files loaded side by side whose ids meet (each other, or the briefing's) still import."""

from __future__ import annotations

from pathlib import Path

from tests.ui.test_import_article import ACTORS, ARTICLE_TEXT, _click, _import_window, _names
from tests.ui.user import User
from viewer.ui.window.main_window import MainWindow

# A second analyst's file: its own "ru" (another actor), an actor whose id is the briefing's, a relation.
OTHER = """
[[actor]]
id = "ru"
type = "person"
name = "Kim Jong-un"

[[actor]]
id = "point"
type = "organization"
name = "La Chine observe"

[[relation]]
from = "ru"
to = "point"
type = "member-of"
"""


def test_two_actors_files_with_the_same_ids_import_every_actor(window: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    user = User(window, qtbot)
    article = tmp_path / "point.md"  # the briefing's id is "point"
    article.write_text(ARTICLE_TEXT, encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text(OTHER, encoding="utf-8")
    dialog = _import_window(window, user, qtbot, article)
    for path in (ACTORS, other):
        user.when_modal(QFileDialog, lambda chooser, path=path: user.answer_file_dialog(chooser, path))  # type: ignore[misc]
        _click(dialog.load_button)
    qtbot.waitUntil(lambda: dialog.actors.rowCount() == 9)
    dialog.grab()
    assert dialog.import_button.isEnabled()  # nothing said against the rows
    _click(dialog.import_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())  # imported, not refused
    user.paint()
    briefing = window.briefing
    assert briefing is not None and briefing.id == "point" and briefing.path is None
    shown = _names(window)
    assert shown["Russie"][0] == "state" and shown["Kim Jong-un"][0] == "person" and "La Chine observe" in shown
    by_id = {a.id: a.name for a in briefing.actors.values()}
    assert len(by_id) == 9 and by_id["ru"] == "Russie"
    relations = {(by_id[r.source], by_id[r.target], r.type) for r in briefing.relations}
    # Each file's relation between its own actors.
    assert relations == {("Corée du Nord", "Russie", "supports"), ("Kim Jong-un", "La Chine observe", "member-of")}
