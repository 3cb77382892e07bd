"""A briefing of thousands of sections: the Sections panel holds them as far as they are needed, and still
shows every one, expanded, in order; choosing one, scrolling the text and finding all still reach the last."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextCursor

from tests.corpus import NS
from tests.ui.user import CTRL, User
from viewer.io.briefing.loader import load_briefing, loads
from viewer.ui.sections.model import SectionTreeModel
from viewer.ui.window.main_window import MainWindow

TOP = 4 * SectionTreeModel.FIRST_ROWS  # more sections than the panel holds on opening, several times over


def many_sections(tmp_path: Path) -> Path:
    """TOP tiny top sections; every tenth has two subsections; the last says a word found nowhere else."""
    parts = []
    for i in range(TOP):
        subs = "".join(
            f'<section id="s{i}-{j}"><heading>Sub {i}.{j}</heading><p>u</p></section>' for j in (1, 2) if i % 10 == 9
        )
        last = " zanzibar" if i == TOP - 1 else ""
        parts.append(f'<section id="s{i}"><heading>Part {i}</heading><p>t{last}</p>{subs}</section>\n')
    path = tmp_path / "many.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="many">\n<meta><title>Many</title></meta>\n'
        f"<body>\n{''.join(parts)}</body>\n</briefing>\n",
        encoding="utf-8",
    )
    return path


def shown_rows(window: MainWindow, parent: QModelIndex = QModelIndex()) -> list[str]:  # noqa: B008
    """The headings the tree shows, depth first, each under an expanded parent."""
    model, tree = window.sections, window.section_tree
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(index.data())
        if model.hasChildren(index):
            assert tree.isExpanded(index), index.data()
            found += shown_rows(window, index)
    return found


def headings(window: MainWindow) -> list[str]:
    assert window.briefing is not None
    return [s.heading for s in window.briefing.walk_sections()]


def top_section(window: MainWindow) -> str:
    """The id of the section at the top of the text."""
    assert window.briefing is not None
    section = window.briefing.section_at(window.view.top_offset())
    assert section is not None
    return section.id


def test_the_end_key_in_the_tree_reaches_the_last_section_and_the_text_follows(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window.open_path(many_sections(tmp_path), wait=True)
    user = User(window, qtbot)
    user.paint()
    tree = window.section_tree
    user.click_row(tree, window.sections.index(0, 0))
    user.paint()
    last = f"Sub {TOP - 1}.2"  # the last section: a subsection of the last top one
    for _ in range(10):  # End goes to the last row held; the tree then asks for more, as a list does on scrolling
        user.press(Qt.Key.Key_End, widget=tree)
        user.paint()
        if tree.currentIndex().data() == last:
            break
    assert tree.currentIndex().data() == last
    assert shown_rows(window) == headings(window)  # every section, in order, expanded
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.briefing.section(f"s{TOP - 1}-2").start)  # type: ignore[union-attr]
    assert window.view.viewport().rect().contains(window.view.cursorRect(cursor).center())


def test_scrolling_the_text_to_a_far_section_chooses_it_in_the_tree(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_path(many_sections(tmp_path), wait=True)
    user = User(window, qtbot)
    user.paint()
    far = window.briefing.section(f"s{TOP - 201}-1")  # type: ignore[union-attr]
    assert far is not None
    user.click_row(window.section_tree, window.sections.index(0, 0))
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(far.start)
    top = window.view.document().documentLayout().blockBoundingRect(cursor.block()).top()
    window.view.verticalScrollBar().setValue(int(top))  # as a drag of the scroll bar does
    user.paint()
    qtbot.waitUntil(lambda: window.section_tree.currentIndex().data() == far.heading)
    assert window.section_tree.visualRect(window.section_tree.currentIndex()).intersects(
        window.section_tree.viewport().rect()
    )
    held = shown_rows(window)
    assert held == headings(window)[: len(held)] and far.heading in held


def test_find_reaches_the_last_section(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_path(many_sections(tmp_path), wait=True)
    user = User(window, qtbot)
    user.paint()
    user.press(Qt.Key.Key_F, CTRL, window.view)
    user.type("zanzibar")
    user.press(Qt.Key.Key_Return)
    user.paint()
    cursor = window.view.textCursor()
    at = cursor.position()
    assert window.briefing.text[at : at + 8] == "zanzibar"  # type: ignore[union-attr]
    assert window.briefing.section_at(cursor.position()).id == f"s{TOP - 1}"  # type: ignore[union-attr]
    assert window.view.viewport().rect().contains(window.view.cursorRect(cursor).center())
    # The tree chose the section at the top of the text, far beyond what it held on opening.
    shown = window.briefing.section(top_section(window))  # type: ignore[union-attr]
    assert shown is not None and shown.start > window.briefing.section(f"s{TOP - 20}").start  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.section_tree.currentIndex().data() == shown.heading)


def test_the_model_passes_qt_checks_while_it_grows(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    nested = load_briefing(many_sections(tmp_path))
    # Qt's tester walks the whole model on every change: the tree that grows under it is a flat one
    # (one change per growth); the nested one is checked when first shown and once all held.
    flat_model = SectionTreeModel(loads(_flat(TOP)))
    qtmodeltester.check(flat_model)
    while flat_model.hold_more():
        pass
    assert flat_model.rowCount() == TOP
    assert flat_model.index_of(f"f{TOP - 1}").row() == TOP - 1
    qtmodeltester.check(SectionTreeModel(nested))
    held = SectionTreeModel(nested)
    while held.hold_more():
        pass
    qtmodeltester.check(held)
    assert held.index_of(f"s{TOP - 1}-2").data() == f"Sub {TOP - 1}.2"


def _flat(count: int) -> str:
    sections = "".join(f'<section id="f{i}"><heading>F {i}</heading><p>t</p></section>' for i in range(count))
    return f'<briefing xmlns="{NS}" id="flat"><meta><title>Flat</title></meta><body>{sections}</body></briefing>'


def test_filled_in_turns_the_panel_holds_and_shows_what_it_holds_filled_at_once(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    path = many_sections(tmp_path)
    window.open_path(path, wait=True)  # the panels filled at once
    at_once = shown_rows(window)
    assert len(at_once) == SectionTreeModel.FIRST_ROWS
    window.close_document()
    held: list[int] = []
    window.sections.rowsInserted.connect(lambda *_: held.append(window.sections.held))
    window.sections.modelReset.connect(lambda: held.append(window.sections.held))
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(path)  # in the background, the panels filled in turns
    # A screenful first, then the rest of what is held at once, in a later turn.
    assert SectionTreeModel.SCREEN_ROWS in held and held[-1] == SectionTreeModel.FIRST_ROWS
    assert shown_rows(window) == at_once
