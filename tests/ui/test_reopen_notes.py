"""Opening a briefing again in the same window, with many notes: the old rows are not filtered once more, the filter clears."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus import FRENCH
from tests.ui.test_many_notes import MANY, in_order, many  # noqa: F401  (the fixture)
from tests.ui.user import User
from viewer.model.briefing import Briefing
from viewer.ui.notes import model, panel
from viewer.ui.window.main_window import MainWindow


def open_and_list(user: User, window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert user.open_with_dialog(Path(FRENCH))
    qtbot.waitUntil(window.notes_panel.model.filled, timeout=10_000)
    user.paint()


def test_reopening_asks_nothing_of_the_rows_it_replaces(  # type: ignore[no-untyped-def]
    window: MainWindow,
    qtbot,
    many: set[str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # With 10,000 notes, asking the filter about every row of the briefing being replaced was a
    # 26 ms stall of the reopen, for rows gone a moment later.
    user = User(window, qtbot)
    open_and_list(user, window, qtbot)
    old = window.placed_notes.briefing
    # The panel is told of the new briefing just before its rows are replaced: whatever the filter
    # is asked then is asked of the old rows. (Qt calls filterAcceptsRow through a binding that a
    # patched class does not reach; each call asks is_active first, which is patchable.)
    replacing = [False]
    asked_of_old: list[bool] = []
    set_briefing, is_active = panel.NotesPanel.set_briefing, model.NotesFilterModel.is_active

    def told(self: panel.NotesPanel, briefing: Briefing | None) -> None:
        replacing[0] = True
        try:
            set_briefing(self, briefing)
        finally:
            replacing[0] = False

    def asked(self: model.NotesFilterModel) -> bool:
        if replacing[0]:
            asked_of_old.append(window.placed_notes.briefing is old)
        return is_active(self)

    monkeypatch.setattr(panel.NotesPanel, "set_briefing", told)
    monkeypatch.setattr(model.NotesFilterModel, "is_active", asked)
    open_and_list(user, window, qtbot)
    assert window.placed_notes.briefing is not old
    assert asked_of_old == []
    assert window.notes_panel.visible_notes() == in_order(window)
    assert len(in_order(window)) == MANY
    assert window.notes_panel.status.text() == f"{MANY} notes"


def test_reopening_under_a_filter_clears_it_and_shows_every_note(  # type: ignore[no-untyped-def]
    window: MainWindow,
    qtbot,
    many: set[str],  # noqa: F811
) -> None:
    user = User(window, qtbot)
    open_and_list(user, window, qtbot)
    user.type("note 1", window.notes_panel.search)
    user.paint()
    assert len(window.notes_panel.visible_notes()) < MANY
    open_and_list(user, window, qtbot)
    assert window.notes_panel.search.text() == ""
    assert window.notes_panel.visible_notes() == in_order(window)
    assert set(window.notes_panel.visible_notes()) == many
    assert window.notes_panel.status.text() == f"{MANY} notes"
    # Typing the same filter again filters again (the unchanged-filter shortcut does not stick).
    user.type("note 1", window.notes_panel.search)
    user.paint()
    expected = [p.id for p in window.placed_notes.ordered() if "note 1" in p.note.text]
    assert window.notes_panel.visible_notes() == expected
    assert window.notes_panel.status.text() == f"Filter: text “note 1” — {len(expected)} of {MANY} notes"
