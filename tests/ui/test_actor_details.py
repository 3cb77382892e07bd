"""The selected actor's details: groups under headings, and a claim there selects its passage in the text."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont

from tests.ui.user import User
from viewer.ui.window.main_window import MainWindow


def test_details_are_grouped_under_headings_and_a_claim_selects_its_passage(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    user.activate()
    briefing = french.briefing
    assert briefing is not None
    panel = french.actor_panel
    panel.parentWidget().raise_()  # its dock, tabbed with the notes
    user.click_row(panel.tree, panel.model.index_of("us"))
    user.paint()
    details = panel.details
    headings = [details.item(r) for r in range(details.rowCount())]
    assert [h.text() for h in headings] == ["Relations (3)", "Claims made (1)", "Claims about (1)"]
    assert all(QFont(h.font()).bold() and h.rowCount() for h in headings)
    view = panel.details_view
    # The groups stand apart: each heading's row sits below the previous group's last entry, with room.
    first_group_end = view.visualRect(headings[0].child(2).index()).bottom()
    second_heading = view.visualRect(headings[1].index())
    assert second_heading.height() >= view.fontMetrics().height() + 8  # room above the heading's text
    assert second_heading.top() > first_group_end
    # Entries wrap in the panel's width: each row holds its whole text, none is cut on the right.
    for heading in headings:
        for row in range(heading.rowCount()):
            rect = view.visualRect(heading.child(row).index())
            assert rect.right() <= view.viewport().width()
            wrapped = view.fontMetrics().boundingRect(
                QRect(0, 0, rect.width() - 8, 100_000), int(Qt.TextFlag.TextWordWrap), heading.child(row).text()
            )
            assert wrapped.height() <= rect.height()
    [claim] = briefing.claims_by("us")
    entry = headings[1].child(0)
    assert entry.text().startswith("“Washington s’inquiète")
    french.view.verticalScrollBar().setValue(0)
    user.click_row(view, entry.index())
    user.paint()
    cursor = french.view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (claim.start, claim.end)  # selected, not only placed
    rect = french.view.cursorRect(cursor)
    assert rect.top() >= 0 and rect.bottom() <= french.view.viewport().height()  # and scrolled to
