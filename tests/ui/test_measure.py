"""The text keeps a readable measure: on a wide window its lines stay short and it is centred."""

from __future__ import annotations

from tests.ui.user import User
from viewer.ui.window.main_window import MainWindow


def longest_line(window: MainWindow) -> int:
    """The most characters on one laid-out line of the text's first blocks."""
    document = window.view.document()
    block, longest = document.begin(), 0
    for _ in range(40):
        if not block.isValid():
            break
        layout = block.layout()
        longest = max([longest, *(layout.lineAt(i).textLength() for i in range(layout.lineCount()))])
        block = block.next()
    return longest


def test_a_wide_window_keeps_lines_short_and_centres_them(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    french.resize(1920, 1080)
    user.paint()
    assert 55 <= longest_line(french) <= 100
    view = french.view
    left = view.viewport().geometry().left()
    right = view.width() - view.viewport().geometry().right()
    assert left > 100 and abs(left - right) < view.verticalScrollBar().width() + 4
    french.resize(1000, 700)
    user.paint()
    assert longest_line(french) <= 100
    assert view.viewport().geometry().left() < left  # narrower: less room beside the text


def test_a_jump_lands_on_whole_lines_with_context_above(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Stepping to a mention: on screen, with two lines of context above it, no line cut at the top edge."""
    from PySide6.QtCore import Qt

    from tests.ui.user import CTRL

    user = User(french, qtbot)
    french.actor_panel.select_actor("ru")
    view = french.view
    for _ in range(4):
        user.press(Qt.Key.Key_Period, CTRL, view)
        user.paint()
        target = view.cursorRect()
        assert target.bottom() < view.viewport().height()
        assert target.top() >= 1.5 * target.height()  # two lines above it (a sliver was all there was)
        first = view.cursorRect(view.cursorForPosition(view.viewport().rect().topLeft()))
        assert first.top() >= -2  # the first line shown is whole
