"""Reopening a briefing: the text comes back where the reader left it, even in a revised file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor

from tests.corpus import FRENCH, TOUR
from tests.ui.user import CTRL, User
from viewer.io.notes.store import NotesStore
from viewer.ui.window.main_window import MainWindow


def start(qtbot, settings: QSettings, store: NotesStore) -> tuple[MainWindow, User]:  # type: ignore[no-untyped-def]
    """The application started at 800x600, as on a small laptop screen."""
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    return window, User(window, qtbot)


def read_into(window: MainWindow, user: User, section_id: str, notches: int) -> int:
    """Choose a section in the Sections panel, then turn the wheel into it; where the reader is then."""
    user.show_dock("Sections")
    user.click_row(window.section_tree, window.sections.index_of(section_id))
    user.wheel(notches)
    user.paint()
    return window.view.reading_offset()


def line_top(window: MainWindow, offset: int) -> int:
    """Where the line of ``offset`` starts, in the text's viewport (0 is its top edge)."""
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(offset)
    return window.view.cursorRect(cursor).top()


def test_a_briefing_reopens_at_the_section_and_line_it_was_left_at(qtbot, settings, store) -> None:  # type: ignore[no-untyped-def]
    window, user = start(qtbot, settings, store)
    assert user.open_with_dialog(FRENCH)
    briefing = window.briefing
    assert briefing is not None
    section = briefing.section("economie")
    assert section is not None
    left = read_into(window, user, "economie", 1)
    assert section.start < left < section.end  # inside the section, past its heading
    assert window.section_tree.currentIndex().data() == section.heading
    window.close()  # quitting

    again, user = start(qtbot, settings, store)
    assert user.open_recent(FRENCH)
    user.paint()
    assert again.view.reading_offset() == left
    assert 0 <= line_top(again, left) <= 12  # whole, a little below the top edge
    assert again.section_tree.currentIndex().data() == section.heading
    # Another briefing opened meanwhile keeps its own place; coming back finds this one's.
    assert user.open_with_dialog(TOUR)
    user.paint()
    assert again.view.verticalScrollBar().value() == 0
    assert user.open_with_dialog(FRENCH)
    user.paint()
    assert again.view.reading_offset() == left
    # Closed with Ctrl+W at another place, reopened: there.
    moved = read_into(again, user, "reponses", 1)
    user.press(Qt.Key.Key_W, CTRL, again.view)
    user.paint()
    assert user.open_recent(FRENCH)
    user.paint()
    assert again.view.reading_offset() == moved != left


def test_a_revised_file_reopens_at_the_same_words_or_the_section_or_the_top(  # type: ignore[no-untyped-def]
    qtbot, settings, store, tmp_path: Path
) -> None:
    path = tmp_path / "coree.xml"
    original = FRENCH.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    window, user = start(qtbot, settings, store)
    assert user.open_with_dialog(path)
    left = read_into(window, user, "reponses", 1)
    assert window.briefing is not None
    words = window.briefing.text[left : left + 30]
    user.press(Qt.Key.Key_W, CTRL, window.view)
    # The file is revised: a paragraph more in the first section moves everything after it.
    added = "<p>Un paragraphe ajouté depuis, qui déplace toute la suite du texte de quelques lignes.</p>"
    revised = original.replace(
        '    </section>\n    <section id="soutien">', f'{added}\n    </section>\n    <section id="soutien">'
    )
    assert revised != original
    path.write_text(revised, encoding="utf-8")
    assert user.open_with_dialog(path)
    user.paint()
    now = window.view.reading_offset()
    assert now != left and window.briefing.text[now : now + 30] == words  # the same words, moved
    assert window.section_tree.currentIndex().data() == window.briefing.section("reponses").heading  # type: ignore[union-attr]
    user.press(Qt.Key.Key_W, CTRL, window.view)
    # Those words rewritten: the start of their section.
    rewritten = revised.replace(words[:18], "Tout cela inquiète")
    assert rewritten != revised
    path.write_text(rewritten, encoding="utf-8")
    assert user.open_with_dialog(path)
    user.paint()
    section = window.briefing.section("reponses")  # type: ignore[union-attr]
    assert section is not None and window.view.reading_offset() == section.start
    user.press(Qt.Key.Key_W, CTRL, window.view)
    # The section gone: the top.
    path.write_text(revised.replace('section id="reponses"', 'section id="autre"'), encoding="utf-8")
    assert user.open_with_dialog(path)
    user.paint()
    assert window.view.verticalScrollBar().value() == 0


def test_a_damaged_memory_of_places_opens_at_the_top(qtbot, settings, store) -> None:  # type: ignore[no-untyped-def]
    for damaged in ("{not json", "[1, null, {}]", '{"path": 3}', f'[{{"path": "{FRENCH}", "offset": -4}}]', 7):
        settings.setValue("reading-places", damaged)
        window, user = start(qtbot, settings, store)
        assert user.open_with_dialog(FRENCH)
        user.paint()
        assert window.view.verticalScrollBar().value() == 0
        window.close()  # and the damaged value is replaced by a good one
        assert '"offset": 0' in str(settings.value("reading-places"))
