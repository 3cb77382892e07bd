"""Reading comfort: a readable measure, jumps that land in context, the selected actor outlined, readable labels."""

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


def test_the_selected_actor_is_outlined_in_the_text(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Selecting an actor frames its mentions on screen; the pixels around another actor's stay as they were."""
    from PySide6.QtGui import QTextCursor

    user = User(french, qtbot)
    briefing = french.briefing
    assert briefing is not None
    mention = briefing.mentions_of("ru")[0]
    other = next(m for m in briefing.mentions if m.actor_id == "kp" and m.start < mention.start + 400)
    user.point_of(mention.start)
    view = french.view

    def frame_of(start: int, end: int) -> list[int]:
        cursor = QTextCursor(view.document())
        cursor.setPosition(start)
        left = view.cursorRect(cursor)
        cursor.setPosition(end)
        right = view.cursorRect(cursor)
        image = view.viewport().grab().toImage()
        y = left.top()  # the frame's top edge runs along the line's top
        return [image.pixelColor(x, y).lightness() for x in range(left.left() + 2, right.left() - 2, 3)]

    before, other_before = frame_of(mention.start, mention.end), frame_of(other.start, other.end)
    french.actor_panel.select_actor("ru")
    user.paint()
    after, other_after = frame_of(mention.start, mention.end), frame_of(other.start, other.end)
    assert sum(after) < sum(before) - 100  # a dark frame along the mention
    assert other_after == other_before


def test_secondary_labels_are_readable(french: MainWindow) -> None:
    """The speaker labels of quotes and the header's muted lines meet WCAG AA (4.5:1), light or dark."""
    from PySide6.QtGui import QColor, QPalette

    from viewer.ui.common.palette import contrast, muted_text

    light = french.view.palette()
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    for palette in (light, dark):
        assert contrast(muted_text(palette), palette.color(QPalette.ColorRole.Base)) >= 4.5
    facts = french.header.facts
    shown = facts.palette().color(facts.foregroundRole())
    assert contrast(shown, facts.palette().color(QPalette.ColorRole.Window)) >= 4.5


def test_a_small_window_gives_the_text_the_room(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 800x600 the text gets at least half the width (it had 110 pixels); the Sections panel becomes a
    tab beside Actors and Notes, and goes back to the left when the window widens."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget

    user = User(french, qtbot)
    sections = french.findChild(QDockWidget, "dock-sections")
    assert sections is not None
    french.resize(800, 600)
    user.paint()
    assert french.view.viewport().width() >= 800 // 2
    assert french.dockWidgetArea(sections) == Qt.DockWidgetArea.RightDockWidgetArea
    assert sections in french.tabifiedDockWidgets(french.notes_dock)
    assert french.view.viewport().height() >= 120
    french.resize(1600, 1000)
    user.paint()
    assert french.dockWidgetArea(sections) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert french.view.width() >= 1600 // 3  # the pane; its text keeps its measure, centred


def test_the_wheel_beside_a_centred_text_scrolls_it(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    user = User(french, qtbot)
    french.resize(1920, 1080)
    user.paint()
    view = french.view
    margin = view.viewport().geometry().left() // 2
    assert margin > 20
    point = QPointF(margin, view.height() / 2)
    before = view.verticalScrollBar().value()
    wheel = QWheelEvent(
        point,
        QPointF(view.mapToGlobal(point.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, wheel)
    user.paint()
    assert view.verticalScrollBar().value() > before


def test_widening_after_reading_the_sections_tab_shows_the_actors_again(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 800x600 the reader picks the Sections tab; the window widens and Sections goes back to the left: the
    right side shows Actors, where it started (it showed Notes, the tab next to the one that left)."""
    from PySide6.QtWidgets import QDockWidget

    user = User(french, qtbot)
    sections = french.findChild(QDockWidget, "dock-sections")
    actors = french.findChild(QDockWidget, "dock-actors")
    assert sections is not None and actors is not None
    french.resize(800, 600)
    user.paint()
    sections.raise_()
    user.paint()
    assert _current_tabs(french) == ["Sections"]
    french.resize(1600, 1000)
    user.paint()
    assert _current_tabs(french) == ["Actors"]


def _current_tabs(window: MainWindow) -> list[str]:
    """The chosen tab of each group of docks shown as tabs."""
    from PySide6.QtWidgets import QTabBar

    bars = [bar for bar in window.findChildren(QTabBar) if bar.isVisible() and bar.count()]
    return [bar.tabText(bar.currentIndex()) for bar in bars]
