"""What the user does while many notes are still being listed: the listing stays in order, nothing acts on a part."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_many_notes import in_order, listed, many, open_and_start_listing
from tests.ui.user import CTRL, SHIFT
from viewer.ui.notes import model
from viewer.ui.window.main_window import MainWindow

__all__ = ["many"]  # the fixture, used here


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The listing's turns held back while ``held[0]`` (as 10,000 notes take long enough for the user to act);
    what the model lists on demand (a note asked for, or all of them) is still listed."""
    hold = [True]
    fill = model.NotesModel._fill_more
    monkeypatch.setattr(
        model.NotesModel, "_fill_more", lambda self, most=0: None if hold[0] and not most else fill(self, most)
    )
    return hold


def test_a_listed_note_moved_past_the_notes_still_to_come_is_listed_in_its_place(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, many: set[str], held: list[bool]
) -> None:
    user = open_and_start_listing(window, qtbot)
    notes, briefing = window.placed_notes, window.briefing
    assert briefing is not None
    shown = listed(window)
    last = notes.get(shown[-1])
    waiting = notes.get(in_order(window)[len(shown)])  # the first note still to be listed
    assert last is not None and waiting is not None and waiting.start is not None
    section = briefing.section(notes.section_of(last) or "")
    assert section is not None and notes.section_of(waiting) == section.id  # both in one section
    # The last listed note re-attached to the last words of its section: after the note still to come.
    end = len(briefing.text[: section.end].rstrip())
    start = briefing.text.rindex(" ", 0, end - 1) + 1
    assert start > waiting.start
    window.notes_panel.select_note(last.id)
    user.drag_select(start, end)
    window.notes_panel.select_note(last.id)
    window.commands["reattach_note"].trigger()
    moved = notes.get(last.id)
    assert moved is not None and moved.start == start
    held[0] = False
    qtbot.waitUntil(window.notes_panel.model.filled, timeout=10_000)
    user.paint()
    assert listed(window) == in_order(window)  # the moved note after the ones it now follows


def test_copy_as_markdown_while_listing_copies_every_note(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, many: set[str], held: list[bool]
) -> None:
    user = open_and_start_listing(window, qtbot)
    assert window.notes_panel.selected_note() is None and len(listed(window)) < len(many)
    user.press(Qt.Key.Key_C, CTRL | SHIFT, window)  # Notes › Copy as Markdown: no note selected, no filter
    text = QApplication.clipboard().text()
    assert sum(f"note {number}\n" in text for number in range(len(many))) == len(many)
