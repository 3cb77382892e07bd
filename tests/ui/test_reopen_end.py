"""Jumps and reopening near the end of a large briefing land exactly (the soak's seed 1781829838).

Scrolling to the target changed where Qt had laid it out: a jump measured once, before the
scroll, landed 216 px (nine lines) short, and a briefing reopened there came back above where
it was left.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt

from bench.generate import generate
from tests.ui.test_reading_place import line_top
from tests.ui.test_soak import _indexes
from tests.ui.user import User
from viewer.io.notes.store import NotesStore
from viewer.ui.window.main_window import MainWindow


def test_a_jump_near_the_end_shows_its_heading_at_the_top_and_reopens_there(  # type: ignore[no-untyped-def]
    qtbot, settings: QSettings, store: NotesStore, tmp_path: Path
) -> None:
    large = tmp_path / "large.xml"
    large.write_text(generate(sections=80, paragraphs=800, mentions=4000, claims=600, actors=40), encoding="utf-8")
    window = MainWindow(settings, store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    user = User(window, qtbot)
    assert user.open_with_dialog(large)
    user.paint()
    window.resize(1268, 1060)
    user.paint()
    briefing = window.briefing
    assert briefing is not None
    # In the Sections panel, a section far down, then the next one with the Down key: one jump each.
    rows = _indexes(window.section_tree.model(), QModelIndex())
    chosen = int(0.966 * len(rows))
    user.click_row(window.section_tree, rows[chosen - 1])
    user.paint()
    user.press(Qt.Key.Key_Down, widget=window.section_tree)
    user.paint()
    heading = window.section_tree.currentIndex().data()
    offsets = [s.start for s in briefing.walk_sections() if s.heading == heading]
    assert len(offsets) == 1, "section headings of the generated briefing are unique"
    start = offsets[0]
    assert 0 <= line_top(window, start) <= 12  # the heading is the top line, whole
    left = window.view.reading_offset()
    assert left == start
    # Reopened: where it was left.
    assert user.open_with_dialog(large)
    user.paint()
    assert window.view.reading_offset() == left
    assert 0 <= line_top(window, start) <= 12
