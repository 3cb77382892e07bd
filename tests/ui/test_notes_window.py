"""Notes in the window: select, add, edit, undo, redo, delete, filter, reopen, re-attach."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.corpus import FRENCH
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
from viewer.model.notes import NoteState
from viewer.ui.window.main_window import MainWindow


def select(window: MainWindow, words: str, occurrence: int = 0) -> tuple[int, int]:
    text = window.briefing.text  # type: ignore[union-attr]
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    return start, start + len(words)


def answer(window: MainWindow, text: str = "", color: str = "yellow", tags: tuple[str, ...] = ()) -> None:
    """Stand in for the note editor dialog: the user types this and presses Save."""
    window.notes.ask_note = lambda _passage, _note: (text, color, tags)


def add(window: MainWindow, words: str, text: str = "", color: str = "yellow", tags: tuple[str, ...] = ()) -> str:
    select(window, words)
    answer(window, text, color, tags)
    window.commands["add_note"].trigger()
    note_id = window.notes_panel.selected_note()
    assert note_id is not None
    return note_id


def test_adding_a_note_shows_it_everywhere_and_stores_it(french: MainWindow, store: NotesStore) -> None:
    start, _end = select(french, "3 000 soldats")
    note_id = add(french, "3 000 soldats", "Chiffre à **vérifier**", "blue", ("chiffres",))
    [stored] = store.notes_for("kp-ru-alliance")
    assert (stored.id, stored.anchor.quote, stored.text, stored.color, stored.tags) == (
        note_id,
        "3 000 soldats",
        "Chiffre à **vérifier**",
        "blue",
        ("chiffres",),
    )
    marks = french.view.notes_at(start)
    assert [m.id for m in marks] == [note_id] and marks[0].note.text
    index = french.notes_panel.model.index_of(note_id)
    assert index.data() == "“3 000 soldats” — Chiffre à **vérifier**"
    assert french.notes_panel.model.group_of(note_id) == "Une alliance qui change d’échelle (1)"
    assert french.notes_panel.model.actors_of(note_id) == []
    assert "Chiffre à **vérifier**" in (french.view.note_tooltip(note_id) or "")
    assert french.commands["undo"].isEnabled() and french.commands["undo"].text() == "&Undo Add Note"


def test_a_bare_highlight_has_no_marker(french: MainWindow) -> None:
    start, _ = select(french, "Pyongyang")
    add(french, "Pyongyang")
    assert not french.view.notes_at(start)[0].note.text


def test_without_a_selection_nothing_is_added(french: MainWindow, store: NotesStore) -> None:
    french.view.setTextCursor(QTextCursor(french.view.document()))
    answer(french, "x")
    french.commands["add_note"].trigger()
    assert store.count() == 0
    assert "Select a passage" in french.statusBar().currentMessage()


def test_edit_undo_redo_delete_undo(french: MainWindow, store: NotesStore) -> None:
    note_id = add(french, "Moscou", "first")
    answer(french, "second", "red", ("russie",))
    french.commands["edit_note"].trigger()
    assert store.get(note_id).text == "second"  # type: ignore[union-attr]
    french.commands["undo"].trigger()
    assert store.get(note_id).text == "first"  # type: ignore[union-attr]
    assert french.notes_panel.model.placed(note_id).note.text == "first"  # type: ignore[union-attr]
    french.commands["redo"].trigger()
    assert (store.get(note_id).text, store.get(note_id).color) == ("second", "red")  # type: ignore[union-attr]
    french.commands["delete_note"].trigger()
    assert store.get(note_id) is None and french.notes_panel.model.placed(note_id) is None
    assert french.view.notes_at(french.briefing.text.index("Moscou")) == []  # type: ignore[union-attr]
    french.commands["undo"].trigger()
    assert store.get(note_id) is not None and french.notes_panel.model.placed(note_id) is not None
    french.commands["undo"].trigger()  # the edit
    french.commands["undo"].trigger()  # the add
    assert store.count() == 0


def test_recolour_and_retag_are_named_in_the_undo_menu(french: MainWindow) -> None:
    note_id = add(french, "Russie", "x", "yellow", ("a",))
    french.notes.recolor(note_id, "green")
    assert french.commands["undo"].text() == "&Undo Recolour Note"
    answer(french, "x", "green", ("a", "b"))
    french.commands["edit_note"].trigger()
    assert french.commands["undo"].text() == "&Undo Retag Note"


def test_editing_in_place_in_the_panel(french: MainWindow, store: NotesStore) -> None:
    note_id = add(french, "Ukraine", "old")
    model = french.notes_panel.model
    assert model.setData(model.index_of(note_id), "typed in the panel")
    assert store.get(note_id).text == "typed in the panel"  # type: ignore[union-attr]
    french.commands["undo"].trigger()
    assert store.get(note_id).text == "old"  # type: ignore[union-attr]


def test_notes_come_back_when_the_briefing_is_reopened(
    qtbot, french: MainWindow, store: NotesStore, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ids = {add(french, "Moscou", "un"), add(french, "Pyongyang", "deux"), add(french, "Washington", "trois")}
    french.close()
    again = MainWindow(QSettings(str(tmp_path / "again.ini"), QSettings.Format.IniFormat), NotesStore(store.path))
    qtbot.addWidget(again)
    again.open_path(FRENCH, wait=True)
    assert {p.id for p in again.placed_notes.ordered()} == ids
    assert all(p.state is NoteState.ANCHORED for p in again.placed_notes.ordered())


def test_a_second_window_picks_up_notes_from_another(
    qtbot, french: MainWindow, store: NotesStore, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    other = MainWindow(QSettings(str(tmp_path / "o.ini"), QSettings.Format.IniFormat), NotesStore(store.path))
    qtbot.addWidget(other)
    other.open_path(FRENCH, wait=True)
    note_id = add(french, "Chine", "vu ailleurs")
    other.notes.check_external_changes()  # what its timer does twice a second (reading in a thread)
    qtbot.waitUntil(lambda: other.notes_panel.model.placed(note_id) is not None)


def test_an_orphan_can_be_reattached(french: MainWindow, store: NotesStore) -> None:
    note_id = add(french, "Eurasie", "où ?")
    note = store.get(note_id)
    assert note is not None
    from dataclasses import replace

    gone = replace(
        note, anchor=replace(note.anchor, quote="un passage disparu du texte depuis longtemps", start=5, end=48)
    )
    store.update(gone)
    french.notes.reload()
    placed = french.notes_panel.model.placed(note_id)
    assert placed is not None and placed.state is NoteState.ORPHANED
    assert french.notes_panel.model.group_of(note_id) == "Orphaned notes (1)"
    french.notes_panel.select_note(note_id)
    select(french, "Paris")
    french.commands["reattach_note"].trigger()
    placed = french.notes_panel.model.placed(note_id)
    assert placed is not None and placed.state is NoteState.ANCHORED and placed.note.text == "où ?"
    assert french.briefing.text[placed.start : placed.end] == "Paris"  # type: ignore[union-attr, index]


def test_filters_and_the_visible_filter_line(french: MainWindow) -> None:
    add(french, "Moscou", "armes", "red", ("russie",))
    add(french, "Pyongyang", "soldats", "blue", ("corée",))
    add(french, "Washington", "inquiétude", "blue")
    panel = french.notes_panel
    assert panel.status.text() == "3 notes" and not panel.clear_button.isVisible()
    panel.search.setText("inquietude")  # accents ignored
    assert len(panel.visible_notes()) == 1
    assert panel.status.text() == "Filter: text “inquietude” — 1 of 3 notes"
    panel.clear_filter()
    panel.color_filter.setCurrentIndex(panel.color_filter.findData("blue"))
    assert len(panel.visible_notes()) == 2
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("corée"))
    assert len(panel.visible_notes()) == 1
    panel.clear_filter()
    panel.actor_filter.setCurrentIndex(panel.actor_filter.findData("us"))
    assert len(panel.visible_notes()) == 1
    assert "actor États-Unis" in panel.status.text()


def test_notes_models_pass_the_model_tester(french: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    add(french, "Moscou", "a")
    add(french, "Paris", "b")
    qtmodeltester.check(french.notes_panel.model)
    qtmodeltester.check(french.notes_panel.proxy)
    # The testers stay attached: they check every change that follows.
    model = french.notes_panel.model
    third = add(french, "Chine", "c")
    french.notes.delete_note(third)
    french.commands["undo"].trigger()
    french.notes_panel.search.setText("zzz")
    french.notes_panel.clear_filter()
    assert [model.data(model.index(row, 0)) for row in range(model.rowCount())] == [
        "Une alliance qui change d’échelle (1)",
        "“Moscou” — a",
        "Un précédent : la guerre froide (1)",
        "“Chine” — c",
        "Perceptions des acteurs internationaux et réponses stratégiques (1)",
        "“Paris” — b",
    ]


def test_a_group_heading_goes_with_its_last_note(french: MainWindow) -> None:
    model = french.notes_panel.model
    note_id = add(french, "Mao Zedong", "x")
    assert model.rowCount() == 2
    french.notes.delete_note(note_id)
    assert model.rowCount() == 0


def test_a_corrupt_store_still_opens_the_briefing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), NotesStore(bad))
    qtbot.addWidget(window)
    assert window.store_problem is not None and "moved to" in window.store_problem
    window.open_path(FRENCH, wait=True)
    assert window.briefing is not None
    assert list(tmp_path.glob("bad.sqlite3.unreadable-*"))


def test_notes_unavailable_when_the_store_cannot_open(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRIEFING_VIEWER_STORE", str(tmp_path))  # a folder: cannot be a store
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.store_problem is not None and "Notes are unavailable" in window.store_problem
    window.open_path(FRENCH, wait=True)
    assert window.briefing is not None
    select(window, "Moscou")
    window.commands["add_note"].trigger()
    assert "unavailable" in window.statusBar().currentMessage()


def test_a_closed_window_stops_listening_to_the_store(qtbot, store: NotesStore, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(QSettings(str(tmp_path / "c.ini"), QSettings.Format.IniFormat), store)
    qtbot.addWidget(window)
    window.open_path(FRENCH, wait=True)
    window.close()
    # Another window (or the command line) adds a note to the same store: the closed one takes no notice.
    notebook = Notebook(load_briefing(FRENCH), store)
    start = notebook.briefing.text.index("Moscou")
    store.add(notebook.new_note(start, start + len("Moscou"), "ailleurs", "blue", []))
    QApplication.processEvents()
    assert window.placed_notes.ordered() == []


def test_the_section_tree_counts_notes(french: MainWindow) -> None:
    add(french, "Mao Zedong", "a")
    add(french, "Chine", "b")
    index = french.sections.index_of("soutien-histoire")
    assert index.siblingAtColumn(2).data() == "2"
    assert french.sections.index_of("soutien").siblingAtColumn(2).data() == ""


def test_a_full_disk_loses_nothing_and_says_so(
    french: MainWindow, store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from viewer.io.errors import StoreError

    def full(_note: object) -> None:
        raise StoreError(f"could not save to {store.path}: the disk is full; nothing was changed")

    monkeypatch.setattr(store, "add", full)
    select(french, "Moscou")
    answer(french, "an important thought")
    french.commands["add_note"].trigger()
    # The user is told in a message box, which gives back what they wrote.
    [box] = [box for box in french.findChildren(QMessageBox) if box.isVisible()]
    assert "the disk is full" in box.text() and "an important thought" in box.text()
    box.close()
    assert not french.commands["undo"].isEnabled()  # nothing half-done to undo
    assert french.notes_panel.model.note_count() == 0


def test_a_filter_that_removes_rows_here_and_there_refreshes_the_status_once(
    french: MainWindow, store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Alternating notes: the filter removes rows in as many separate runs as there are notes.
    # Refreshing the status line on each run made typing in the search box take a minute
    # with 10,000 notes.
    assert french.notes.notebook is not None and french.briefing is not None
    text = french.briefing.text
    notes = [
        french.notes.notebook.new_note(start, start + 12, "alpha" if i % 2 else "beta", "yellow", [])
        for i, start in enumerate(range(0, min(len(text) - 20, 20 * 150), 20))
        if text[start : start + 12].strip()
    ]
    store.add_many(notes)
    french.notes.reload()
    panel = french.notes_panel
    counted = []
    original = panel._shown_count  # the status line's count of shown notes: once per filter change
    monkeypatch.setattr(panel, "_shown_count", lambda: counted.append(1) or original())
    panel.search.setText("alpha")
    shown = sum(1 for n in notes if n.text == "alpha")
    assert panel.status.text() == f"Filter: text “alpha” — {shown} of {len(notes)} notes"
    assert len(counted) == 1


def test_notes_are_placed_while_the_briefing_loads(
    qtbot, french: MainWindow, store: NotesStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from viewer.io.notes.notebook import Notebook

    ids = {add(french, "Moscou", "un"), add(french, "Pyongyang", "deux")}
    french.close()
    placed_in: list[str] = []
    original = Notebook.placed
    monkeypatch.setattr(
        Notebook, "placed", lambda self: placed_in.append(threading.current_thread().name) or original(self)
    )
    again = MainWindow(QSettings(str(tmp_path / "bg.ini"), QSettings.Format.IniFormat), NotesStore(store.path))
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.briefingLoaded, timeout=10_000):
        again.open_path(FRENCH)  # in the background: the notes are read and placed there too
    assert {p.id for p in again.placed_notes.ordered()} == ids
    assert again.notes_panel.status.text() == "2 notes"
    assert placed_in and threading.main_thread().name not in placed_in  # never in the GUI thread


def test_notes_read_elsewhere_are_read_again_if_the_window_changed_them(french: MainWindow, store: NotesStore) -> None:
    from viewer.io.notes.notebook import Notebook
    from viewer.ui.notes.controller import read_notes

    assert french.briefing is not None
    read = read_notes(Notebook(french.briefing, store))  # as the loading thread does
    assert read.placed == []
    note_id = add(french, "Moscou", "written meanwhile")
    french.notes.set_briefing(french.briefing, read)  # stale by then: the window reads them again
    assert french.notes_panel.model.placed(note_id) is not None


def note_on_everything(window: MainWindow) -> str:
    """A note on the whole text (Ctrl+A, then Add Note); its id."""
    assert window.briefing is not None
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(0)
    cursor.setPosition(len(window.briefing.text), QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    answer(window, "all of it", "green")
    window.commands["add_note"].trigger()
    note_id = window.notes_panel.selected_note()
    assert note_id is not None
    return note_id


def test_a_note_on_the_whole_text_is_painted_only_where_it_shows(
    french: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A note on all of a large briefing took 0.4 s a paint, walking every line of its passage.
    note_on_everything(french)
    assert french.briefing is not None
    text = french.briefing.text
    walked: list[tuple[int, int]] = []
    original = french.view._passage_rects
    monkeypatch.setattr(
        french.view,
        "_passage_rects",
        lambda layout, start, end, dx, dy: walked.append((start, end)) or original(layout, start, end, dx, dy),
    )
    french.view.viewport().repaint()
    shown_start, shown_end = french.view.shown_range()
    assert walked and all(shown_start <= start and end <= shown_end for start, end in walked)
    assert shown_start > 0 or shown_end < len(text)  # part of the passage is off screen: not walked


def test_a_row_shows_the_start_of_a_long_passage(french: MainWindow) -> None:
    # A note on a whole large briefing made each paint of the notes table take two seconds.
    note_id = note_on_everything(french)
    model = french.notes_panel.model
    row = model.index_of(note_id)
    shown = row.data()
    assert shown.startswith("“Une alliance qui change d’échelle Parmi") and "…”" in shown and len(shown) < 400
    touches = row.siblingAtColumn(3).data()
    assert "and " in touches and " more" in touches  # ten actors and fifteen claims, not all listed


def test_a_note_with_a_body_of_another_kind_says_so_with_its_link(french: MainWindow, store: NotesStore) -> None:
    from viewer.io.notes.web_annotation import note_from_annotation

    annotation = {
        "type": "Annotation",
        "body": ["Écouter", {"id": "https://example.org/clip.mp3", "type": "Sound"}],
        "target": {"selector": {"type": "TextQuoteSelector", "exact": "3 000 soldats"}},
    }
    note = note_from_annotation(annotation, french.briefing)  # type: ignore[arg-type]
    store.add(note)
    index = french.notes_panel.model.index_of(note.id)
    assert index.data() == "“3 000 soldats” — Écouter [+ sound]"
    assert "sound: https://example.org/clip.mp3" in (french.view.note_tooltip(note.id) or "")


def test_one_notebook_per_opened_briefing(window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The notebook that placed the notes in the loading thread is the one the window goes on with."""
    from viewer.io.notes.notebook import Notebook

    made: list[object] = []
    original = Notebook.__init__

    def counted(self: Notebook, *args: object) -> None:
        made.append(self)
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Notebook, "__init__", counted)
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(FRENCH)
    assert len(made) == 1 and window.notes.notebook is made[0]


def test_a_tag_filter_whose_last_note_goes_lets_every_note_show(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Filter by a tag, delete its only note: the combo falls back to "any tag" and so must the list
    (it stayed empty under "any tag", the other notes hidden with no filter in sight)."""
    from tests.ui.user import User

    add(french, "Moscou", "a", tags=("rare",))
    add(french, "Paris", "b")
    add(french, "Pyongyang", "c")
    panel = french.notes_panel
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("rare"))
    assert len(panel.visible_notes()) == 1
    user = User(french, qtbot)
    french.notes_dock.raise_()
    user.click_row(panel.table, panel.proxy.index(1, 0))
    user.press(Qt.Key.Key_Delete, widget=panel.table)
    qtbot.waitUntil(lambda: len(panel.visible_notes()) == 2)
    user.paint()
    assert panel.tag_filter.currentData() is None and panel.status.text() == "2 notes"
