"""Many notes: listed over several turns of the event loop, right while listing; the export preview in turns."""

from __future__ import annotations

import random
import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from tests.corpus import FRENCH
from tests.ui.test_export_window import in_export_dialog
from tests.ui.user import CTRL, SHIFT, User
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.markdown_export import export_markdown
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
from viewer.ui.common.roles import NOTE_ID_ROLE
from viewer.ui.notes import export_dialog, model
from viewer.ui.notes.export_dialog import ExportDialog
from viewer.ui.window.main_window import MainWindow

MANY = 200


@pytest.fixture
def many(store: NotesStore, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """MANY notes on the sample in the store; the panel lists 10 at once, then one per turn of the loop."""
    briefing = load_briefing(FRENCH)
    notebook = Notebook(briefing, store)
    rng = random.Random(3)
    notes = []
    for number in range(MANY):
        start = rng.randrange(0, len(briefing.text) - 40)
        tags = ["pair"] if number % 2 == 0 else []
        notes.append(notebook.new_note(start, start + rng.randrange(5, 30), f"note {number}", "blue", tags))
    store.add_many(notes)
    monkeypatch.setattr(model, "FIRST_ROWS", 10)
    monkeypatch.setattr(model, "BATCH_ROWS", 1)
    return {n.id for n in notes}


def listed(window: MainWindow) -> list[str]:
    """The ids of the notes that have a row in the panel, in order."""
    source = window.notes_panel.model
    values = (source.index(row, 0).data(NOTE_ID_ROLE) for row in range(source.rowCount()))
    return [str(value) for value in values if value]


def in_order(window: MainWindow) -> list[str]:
    return [p.id for p in window.placed_notes.ordered()]


def open_and_start_listing(window: MainWindow, qtbot) -> User:  # type: ignore[no-untyped-def]
    user = User(window, qtbot)
    with qtbot.waitSignal(window.briefingLoaded, timeout=10_000):
        window.open_path(FRENCH)  # as File › Open does: read, placed and sorted in the background
    assert not window.notes_panel.model.filled()  # the rest is still to come: what these tests are about
    return user


def test_a_window_opened_with_many_notes_lists_them_all(window: MainWindow, qtbot, many: set[str]) -> None:  # type: ignore[no-untyped-def]
    user = open_and_start_listing(window, qtbot)
    user.paint()
    assert len(listed(window)) < MANY
    assert window.notes_panel.status.text() == f"{MANY} notes"  # the true total, while listing too
    first_heading = window.notes_panel.model.index(0, 0).data()
    section = window.placed_notes.section_of(window.placed_notes.ordered()[0])
    assert first_heading.endswith(f"({window.placed_notes.count_in(section)})")  # a heading's count is the total
    qtbot.waitUntil(window.notes_panel.model.filled, timeout=10_000)
    user.paint()
    assert set(listed(window)) == many and listed(window) == in_order(window)
    assert window.notes_panel.visible_notes() == in_order(window)
    assert window.notes_panel.status.text() == f"{MANY} notes"


def test_notes_added_and_undone_while_listing_end_up_right(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, many: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Listing held back while the user adds and undoes (as 10,000 notes would take long enough to).
    held = [True]
    fill = model.NotesModel._fill_more
    monkeypatch.setattr(model.NotesModel, "_fill_more", lambda self, most=0: None if held[0] else fill(self, most))
    user = open_and_start_listing(window, qtbot)
    assert window.briefing is not None
    text = window.briefing.text
    end = len(text.rstrip())
    # A passage at the very end, after every note (not listed yet); and one near the start, listed already.
    for start, stop, words in (
        (end - 10, end, "a late note"),
        (text.index("Moscou"), text.index("Moscou") + 6, "an early note"),
    ):
        user.drag_select(start, stop)
        user.write_note(words)
        user.press(Qt.Key.Key_E, CTRL)
        user.paint()
    assert not window.notes_panel.model.filled()
    added = {p.id: p.note.text for p in window.placed_notes.ordered() if p.id not in many}
    assert sorted(added.values()) == ["a late note", "an early note"]
    user.press(Qt.Key.Key_Z, CTRL)  # the early note goes
    user.press(Qt.Key.Key_Z, CTRL)  # the late one goes, before its turn to be listed
    user.press(Qt.Key.Key_Z, CTRL | SHIFT)  # and comes back
    user.paint()
    late_id = next(i for i, words in added.items() if words == "a late note")
    assert late_id in window.placed_notes and late_id not in listed(window)
    held[0] = False
    qtbot.waitUntil(window.notes_panel.model.filled, timeout=10_000)
    user.paint()
    assert sorted(listed(window)) == sorted([*many, late_id])  # each once: none lost, none twice
    assert listed(window) == in_order(window)
    assert window.notes_panel.status.text() == f"{MANY + 1} notes"


def test_a_filter_while_listing_counts_so_far_then_all(window: MainWindow, qtbot, many: set[str]) -> None:  # type: ignore[no-untyped-def]
    user = open_and_start_listing(window, qtbot)
    user.type("note 1", window.notes_panel.search)
    user.paint()
    if not window.notes_panel.model.filled():
        assert window.notes_panel.status.text().endswith("notes so far")
    qtbot.waitUntil(window.notes_panel.model.filled, timeout=10_000)
    user.paint()
    expected = [p.id for p in window.placed_notes.ordered() if "note 1" in p.note.text]
    assert window.notes_panel.visible_notes() == expected
    # A heading shows when one of its notes does, also when that note came in a later turn than it.
    proxy = window.notes_panel.proxy
    headings = sum(1 for row in range(proxy.rowCount()) if not proxy.index(row, 0).data(NOTE_ID_ROLE))
    sections = {window.placed_notes.section_of(p) for p in window.placed_notes.ordered() if p.id in expected}
    assert headings == len(sections)
    assert window.notes_panel.status.text() == f"Filter: text “note 1” — {len(expected)} of {MANY} notes"


def test_a_note_chosen_before_its_turn_is_selected(window: MainWindow, qtbot, many: set[str]) -> None:  # type: ignore[no-untyped-def]
    open_and_start_listing(window, qtbot)
    last = in_order(window)[-1]
    assert last not in listed(window)
    window.notes_panel.select_note(last)  # as clicking its highlight in the text does
    assert window.notes_panel.selected_note() == last


def click(box: object) -> None:
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(6, 6))  # type: ignore[call-overload]


QUOTE_LINE = re.compile(r"^> ", re.MULTILINE)


def test_the_export_preview_follows_a_clicked_option_in_turns(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, many: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_dialog, "PREVIEW_FIRST_CHARACTERS", 400)
    monkeypatch.setattr(export_dialog, "PREVIEW_TURN_CHARACTERS", 400)
    window.open_path(FRENCH, wait=True)
    qtbot.waitUntil(window.notes_panel.model.filled, timeout=10_000)
    seen: dict[str, object] = {}

    def steps(dialog: ExportDialog) -> None:
        qtbot.waitUntil(dialog.preview_complete, timeout=10_000)
        seen["first"] = dialog.preview.toPlainText()
        click(dialog.quotes)
        seen["at once"] = dialog.preview.toPlainText()
        seen["whole at once"] = dialog.preview_complete()
        qtbot.waitUntil(dialog.preview_complete, timeout=10_000)
        dialog.preview.grab()
        seen["no quotes"] = dialog.preview.toPlainText()
        seen["saved"] = dialog.markdown()
        click(dialog.quotes)
        qtbot.waitUntil(dialog.preview_complete, timeout=10_000)
        seen["quotes again"] = dialog.preview.toPlainText()

    in_export_dialog(window, qtbot, steps)
    assert window.briefing is not None
    whole = export_markdown(window.briefing, window.placed_notes.ordered(), window.notes_export.base_options())
    assert seen["first"] == whole  # the preview, assembled in turns, is the export
    assert seen["whole at once"] is False and str(seen["at once"]).startswith("# Corée du Nord – Russie")
    assert not QUOTE_LINE.search(str(seen["no quotes"])) and "note 7" in str(seen["no quotes"])
    assert seen["no quotes"] == seen["saved"]
    assert len(QUOTE_LINE.findall(str(seen["quotes again"]))) >= MANY


def test_the_models_pass_the_model_tester_while_listing(
    window: MainWindow, qtbot, many: set[str], qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    user = open_and_start_listing(window, qtbot)
    qtmodeltester.check(window.notes_panel.model)
    qtmodeltester.check(window.notes_panel.proxy)
    # The testers stay attached: every batch listed, and a filter typed meanwhile, is checked.
    user.type("note", window.notes_panel.search)
    assert not window.notes_panel.model.filled()
    qtbot.waitUntil(window.notes_panel.model.filled, timeout=10_000)
    user.paint()
    assert len(window.notes_panel.visible_notes()) == MANY
