"""The Sections panel: every title whole, wrapped to the panel's width, and in a tooltip."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtWidgets import QStyle

from tests.ui.test_reading_window import shown_tooltip
from tests.ui.user import User
from viewer.ui.window.main_window import MainWindow


def _rows(window: MainWindow) -> list[QModelIndex]:
    model, found = window.sections, []
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            found.append(index)
            pending.append(index)
    return found


def _cut_titles(window: MainWindow) -> list[str]:
    """The titles whose row is too short for the lines they take at the row's width (so are cut)."""
    tree = window.section_tree
    margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
    cut = []
    for index in _rows(window):
        rect = tree.visualRect(index)
        text = str(index.data())
        room = QRect(0, 0, rect.width() - 2 * margin, 10_000)
        needed = tree.fontMetrics().boundingRect(room, int(Qt.TextFlag.TextWordWrap), text)
        if rect.height() < needed.height() or needed.width() > room.width():
            cut.append(text)
    return cut


def test_no_section_title_is_cut_at_800x600_nor_after_a_resize_and_each_has_a_tooltip(
    french: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    french.resize(800, 600)
    user.paint()
    user.show_dock("Sections")
    tree = french.section_tree
    assert tree.isVisible()
    long_title = "Perceptions des acteurs internationaux et réponses stratégiques"
    assert long_title in [str(i.data()) for i in _rows(french)]
    assert _cut_titles(french) == []
    # The long title takes more than one line there, and its row is as tall as they are.
    index = next(i for i in _rows(french) if i.data() == long_title)
    assert tree.visualRect(index).height() >= 2 * tree.fontMetrics().lineSpacing()
    for size in ((1280, 800), (1000, 700), (800, 600)):  # the panel changes width: the titles wrap anew
        french.resize(*size)
        user.paint()
        user.show_dock("Sections")
        assert _cut_titles(french) == [], size
    # Hovered, a title shows whole in its tooltip; a click still goes to its section.
    index = french.sections.index_of("conclusion")
    title = str(index.data())
    assert shown_tooltip(user.hover_row(tree, index)) == title
    user.click_row(tree, index)
    user.paint()
    assert tree.currentIndex().data() == title
