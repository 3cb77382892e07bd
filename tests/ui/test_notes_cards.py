"""The notes panel as a reader sees it: cards in the dock's width, Delete on a note, a count that is never stale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.user import CTRL, User
from viewer.io.notes.store import NotesStore
from viewer.model.notes import NOTE_COLORS
from viewer.ui.notes.model import GROUP_ROLE
from viewer.ui.window.main_window import MainWindow

LONG_TEXT = (
    "Chiffre à vérifier auprès du ministère sud-coréen de la Défense, qui en donnait la moitié en octobre, "
    "puis le double en novembre"
)


def add_note(user: User, words: str, text: str) -> str:
    """Select ``words`` by dragging, Ctrl+E, type ``text`` in the dialog, Save; the new note's id."""
    window = user.window
    assert window.briefing is not None
    start = window.briefing.text.index(words)
    user.drag_select(start, start + len(words))
    user.write_note(text)
    user.press(Qt.Key.Key_E, CTRL, window.view)
    user.paint()
    note_id = window.notes_panel.selected_note()
    assert note_id is not None
    return note_id


def click_note(user: User, note_id: str) -> None:
    """Click a note's card in the notes panel (scrolled to it first)."""
    panel = user.window.notes_panel
    user.click_row(panel.table, panel.proxy.mapFromSource(panel.model.index_of(note_id)))


@pytest.mark.parametrize("size", [(800, 600), (1280, 800)])
def test_each_note_is_a_card_text_first_in_the_width_of_the_dock(
    french: MainWindow, qtbot, store: NotesStore, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    user.activate()
    french.resize(*size)
    french.notes_dock.raise_()
    note_id = add_note(user, "Washington s’inquiète de transferts d’armement", LONG_TEXT)
    note = store.get(note_id)
    assert note is not None
    store.update(note.edited(color="blue", tags=("sources", "usa", "transferts")), base=note)
    user.paint()
    panel = french.notes_panel
    table = panel.table
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll to sideways
    index = panel.proxy.mapFromSource(panel.model.index_of(note_id))
    row = table.visualRect(index)
    viewport = table.viewport().rect()
    assert row.left() >= 0 and row.right() <= viewport.right()
    pieces = panel.delegate.pieces(row, table.font(), index)
    kinds = [p.kind for p in pieces]
    # The note's words first (wrapped over two lines, the second cut with "…"), the passage under them.
    assert kinds[:2] == ["text", "text"] and LONG_TEXT.startswith(pieces[0].text)
    assert pieces[1].text.endswith("…")
    quote = pieces[kinds.index("quote")]
    assert quote.text.startswith("“Washington") and quote.rect.top() >= pieces[1].rect.bottom()
    assert [p.text for p in pieces if p.kind == "colour"] == ["question"]
    chips = [p.text for p in pieces if p.kind == "chip"]
    assert chips and chips[0] == "sources"
    for piece in pieces:  # every part inside its card and the dock
        assert row.contains(piece.rect) and piece.rect.right() <= viewport.right(), piece
    # And it is painted: the swatch shows the note's colour.
    image = table.viewport().grab().toImage()
    swatch = pieces[kinds.index("swatch")].rect
    assert QColor(image.pixel(swatch.center())) == QColor(NOTE_COLORS["blue"][1])


def test_delete_and_backspace_delete_the_selected_note_and_undo_brings_it_back(
    french: MainWindow, qtbot, store: NotesStore
) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    user.activate()
    first = add_note(user, "3 000 soldats", "un")
    second = add_note(user, "Pyongyang", "deux")
    panel = french.notes_panel
    table = panel.table
    for key, note_id in ((Qt.Key.Key_Delete, first), (Qt.Key.Key_Backspace, second)):
        click_note(user, note_id)
        assert panel.selected_note() == note_id
        user.press(key, widget=table)
        user.paint()
        assert store.get(note_id) is None and panel.model.placed(note_id) is None
    assert panel.status.text() == "No notes yet: select a passage and press Ctrl+E."
    user.press(Qt.Key.Key_Z, CTRL, french.view)
    user.press(Qt.Key.Key_Z, CTRL, french.view)
    user.paint()
    assert store.get(first) is not None and store.get(second) is not None
    assert panel.status.text() == "2 notes"

    # While a note's text is edited in place (F2), Backspace edits the text.
    click_note(user, first)
    user.press(Qt.Key.Key_F2, widget=table)
    user.paint()
    user.press(Qt.Key.Key_End)
    user.press(Qt.Key.Key_Backspace)
    user.press(Qt.Key.Key_Return)
    user.paint()
    assert store.get(first).text == "u"  # type: ignore[union-attr]


def test_a_click_on_a_note_then_delete_where_the_focus_is_deletes_it(
    french: MainWindow, qtbot, store: NotesStore
) -> None:  # type: ignore[no-untyped-def]
    """As a reader does it: click the card (the text goes to its passage), press Delete; Down moves on."""
    user = User(french, qtbot)
    user.activate()
    first = add_note(user, "3 000 soldats", "un")
    second = add_note(user, "Pyongyang", "deux")
    panel = french.notes_panel
    click_note(user, first)
    user.paint()
    assert french.view.textCursor().selectedText() == "3 000 soldats"  # the text went to the passage
    user.press(Qt.Key.Key_Down)  # the keys stay in the list: the next note
    user.paint()
    assert panel.selected_note() == second
    user.press(Qt.Key.Key_Delete)
    user.paint()
    assert store.get(second) is None and store.get(first) is not None


def test_the_count_follows_notes_the_filter_hides(french: MainWindow, qtbot, store: NotesStore) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    user.activate()
    add_note(user, "3 000 soldats", "un")  # the dialog's first colour
    panel = french.notes_panel
    panel.color_filter.setCurrentIndex(panel.color_filter.findData(next(iter(NOTE_COLORS))))
    user.paint()
    assert panel.status.text().endswith("— 1 of 1 notes")
    note = store.get(add_note(user, "Pyongyang", "hidden by the filter"))
    assert note is not None
    store.update(note.edited(color="red"), base=note)  # as another window might
    user.paint()
    assert len(panel.visible_notes()) == 1
    assert panel.status.text().endswith("— 1 of 2 notes")
    store.remove(note.id, note.revision + 1)  # deleted elsewhere, while hidden here
    user.paint()
    assert panel.status.text().endswith("— 1 of 1 notes")


def test_under_a_filter_a_heading_counts_the_notes_it_shows(french: MainWindow, qtbot, store: NotesStore) -> None:  # type: ignore[no-untyped-def]
    """Typing in the search: 'Une alliance qui change d’échelle (1 of 3)' above the one card shown (it said '(3)')."""
    user = User(french, qtbot)
    user.activate()
    add_note(user, "3 000 soldats", "chiffre à vérifier")
    add_note(user, "Pyongyang", "soutien")
    third = add_note(user, "Moscou", "capitale")
    panel = french.notes_panel

    def headings() -> list[str]:
        rows = (panel.proxy.index(r, 0) for r in range(panel.proxy.rowCount()))
        return [str(i.data()) for i in rows if i.data(GROUP_ROLE)]

    assert headings() == ["Une alliance qui change d’échelle (3)"]
    panel.search.setFocus()
    user.type("verif")
    user.paint()
    assert headings() == ["Une alliance qui change d’échelle (1 of 3)"]
    note = store.get(third)
    assert note is not None
    store.update(note.edited(text="à vérifier aussi"), base=note)  # now it matches too (as another window might)
    user.paint()
    assert headings() == ["Une alliance qui change d’échelle (2 of 3)"]
    panel.clear_filter()
    user.paint()
    assert headings() == ["Une alliance qui change d’échelle (3)"]


def test_headings_keep_a_heading_height_through_adds_filters_and_undo(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    user.activate()
    panel = french.notes_panel
    table = panel.table
    font = table.font()

    def heights_are_right() -> bool:
        rows = range(panel.proxy.rowCount())
        wanted = [
            panel.delegate.heading_height(font)
            if panel.proxy.index(r, 0).data(GROUP_ROLE)
            else panel.delegate.card_height(font)
            for r in rows
        ]
        return bool(wanted) and [table.rowHeight(r) for r in rows] == wanted

    add_note(user, "3 000 soldats", "un")
    add_note(user, "Mao Zedong", "deux")
    add_note(user, "Pyongyang", "trois")
    assert heights_are_right()
    french.notes_dock.raise_()
    user.type("deux", panel.search)
    user.paint()
    assert len(panel.visible_notes()) == 1 and heights_are_right()
    user.press(Qt.Key.Key_A, CTRL, panel.search)
    user.press(Qt.Key.Key_Backspace, widget=panel.search)
    user.paint()
    assert len(panel.visible_notes()) == 3 and heights_are_right()


def test_a_long_section_title_is_cut_but_never_its_count(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    user.activate()
    french.resize(800, 600)
    add_note(user, "Washington s’inquiète de transferts d’armement", "x")
    panel = french.notes_panel
    heading = panel.proxy.index(0, 0)
    assert heading.data() == "Programmes d’armement et transferts technologiques (1)"
    [piece] = panel.delegate.pieces(panel.table.visualRect(heading), panel.table.font(), heading)
    assert piece.text.endswith("… (1)")


def test_a_second_click_on_a_card_does_not_open_an_editor(french: MainWindow, qtbot, store: NotesStore) -> None:  # type: ignore[no-untyped-def]
    """Clicking the selected card again (to read it, before Ctrl+F) leaves the focus where the reader puts it."""
    user = User(french, qtbot)
    user.activate()
    note_id = add_note(user, "3 000 soldats", "à vérifier")
    panel = french.notes_panel
    table = panel.table
    click_note(user, note_id)
    user.paint()
    click_note(user, note_id)
    # Qt opens a clicked-again editor once the double-click interval has passed without a second click.
    timer = QTimer()
    timer.setSingleShot(True)
    with qtbot.waitSignal(timer.timeout, timeout=5000):
        timer.start(QApplication.styleHints().mouseDoubleClickInterval() + 100)
    user.paint()
    assert table.state() != table.State.EditingState
    assert not isinstance(QApplication.focusWidget(), QLineEdit)
    user.press(Qt.Key.Key_F, CTRL, french.view)
    user.paint()
    assert french.find_bar.isVisible()
    user.press(Qt.Key.Key_Escape)
    user.paint()
    assert not french.find_bar.isVisible()
