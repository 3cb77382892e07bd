"""The reading window as a user meets it: text, highlights, sections, actors, claims, find, opening."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QBrush, QDropEvent, QTextCursor

from tests.corpus import FRENCH, TOUR, write_case
from tests.ui.user import CTRL, User
from viewer.io.briefing.loader import load_briefing
from viewer.ui.common.roles import CLAIM_ID_ROLE, OFFSET_ROLE
from viewer.ui.window.main_window import MainWindow


def char_format_at(window: MainWindow, offset: int):  # type: ignore[no-untyped-def]
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(offset + 1)  # the format of the character before the cursor
    return cursor.charFormat()


def background_at(window: MainWindow, offset: int) -> QBrush:
    return char_format_at(window, offset).background()


def test_the_document_is_the_displayed_text(french: MainWindow) -> None:
    raw = french.view.document().toRawText().replace("\u2029", "\n")
    assert raw == french.briefing.text  # type: ignore[union-attr]
    assert french.windowTitle().startswith("Corée du Nord – Russie")
    assert french.header.title.text() == french.briefing.meta.title  # type: ignore[union-attr]


def test_every_mention_is_highlighted_in_its_actors_colour(french: MainWindow) -> None:
    briefing = french.briefing
    assert briefing is not None and french.content is not None
    for mention in briefing.mentions:
        for offset in range(mention.start, mention.end):
            assert background_at(french, offset).color() == french.content.colors[mention.actor_id]
    # Text outside mentions has no fill.
    assert background_at(french, briefing.text.index("Parmi")).style() == Qt.BrushStyle.NoBrush


def test_actors_of_one_type_get_distinct_shades(french: MainWindow) -> None:
    colors = french.content.colors  # type: ignore[union-attr]
    states = [colors[a] for a in ("kp", "ru", "ua", "us", "cn")]
    assert len({c.name() for c in states}) == 5


def test_toggling_an_actor_removes_exactly_its_highlights(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    briefing = french.briefing
    assert briefing is not None
    model = french.actor_panel.model
    index = model.index_of("kp")
    with qtbot.waitSignal(model.visibilityChanged):
        model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    for mention in briefing.mentions:
        brush = background_at(french, mention.start)
        if mention.actor_id == "kp":
            assert brush.style() == Qt.BrushStyle.NoBrush
        else:
            assert brush.color() == french.content.colors[mention.actor_id]  # type: ignore[union-attr]
    state = model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole)  # the "State" group
    assert state == Qt.CheckState.PartiallyChecked.value
    model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    first = briefing.mentions_of("kp")[0]
    assert background_at(french, first.start).color() == french.content.colors["kp"]  # type: ignore[union-attr]


def test_unchecking_a_type_hides_all_its_actors(french: MainWindow) -> None:
    model = french.actor_panel.model
    model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not any(model.is_visible(a) for a in ("kp", "ru", "ua", "us", "cn"))
    assert model.is_visible("mao")


def test_claims_are_underlined_by_confidence(french: MainWindow) -> None:
    briefing = french.briefing
    assert briefing is not None
    styles = {}
    for claim in briefing.claims:
        styles[claim.confidence] = char_format_at(french, claim.start).underlineStyle()
    assert len(set(styles.values())) == len(styles)  # one style per confidence
    # A mention inside a claim keeps its colour.
    claim = next(c for c in briefing.claims if c.id == "renfort")
    mention = next(m for m in briefing.mentions if claim.start <= m.start < claim.end)
    fmt = char_format_at(french, mention.start)
    assert fmt.background().color() == french.content.colors[mention.actor_id]  # type: ignore[union-attr]
    assert fmt.underlineStyle() == styles["high"]


def heading_visible(window: MainWindow, offset: int) -> bool:
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(offset)
    return window.view.viewport().rect().contains(window.view.cursorRect(cursor).center())


def test_choosing_a_section_scrolls_the_text_to_it(french: MainWindow) -> None:
    assert french.go_to_section("technologie")
    assert french.view.verticalScrollBar().value() > 0
    section = french.briefing.section_at(french.view.top_offset())  # type: ignore[union-attr]
    assert section is not None and section.id == "technologie"


def test_the_last_section_stays_chosen_though_it_cannot_reach_the_top(french: MainWindow) -> None:
    assert french.go_to_section("conclusion")
    scrollbar = french.view.verticalScrollBar()
    assert scrollbar.value() == scrollbar.maximum()
    assert heading_visible(french, french.briefing.section("conclusion").start)  # type: ignore[union-attr]
    assert french.section_tree.currentIndex().data() == "Conclusion : un nouveau panorama géopolitique"


def test_scrolling_the_text_selects_the_section_being_read(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    briefing = french.briefing
    assert briefing is not None
    section = briefing.section("economie")
    assert section is not None
    cursor = QTextCursor(french.view.document())
    cursor.setPosition(section.start)
    block_top = french.view.document().documentLayout().blockBoundingRect(cursor.block()).top()
    french.view.verticalScrollBar().setValue(int(block_top))
    qtbot.waitUntil(lambda: french.section_tree.currentIndex().data() == section.heading)


def test_keyboard_moves_through_the_section_tree(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    french.section_tree.setFocus()
    french.section_tree.setCurrentIndex(french.sections.index(0, 0))
    qtbot.keyClick(french.section_tree, Qt.Key.Key_Down)
    assert french.section_tree.currentIndex().data() == "Un soutien militaire sans précédent"
    top = french.briefing.section_at(french.view.top_offset())  # type: ignore[union-attr]
    assert top is not None and top.id == "soutien"


def highlighted(window: MainWindow) -> set[tuple[int, int]]:
    return {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in window.view.extraSelections()}


def visible_matches(window: MainWindow, pattern: str) -> set[tuple[int, int]]:
    """Where ``pattern`` (a regular expression, any case) stands in the text that is on screen now."""
    shown = set()
    assert window.briefing is not None
    for found in re.finditer(pattern, window.briefing.text, re.IGNORECASE):
        start, end = found.span()
        cursor = QTextCursor(window.view.document())
        cursor.setPosition(start)
        if window.view.viewport().rect().contains(window.view.cursorRect(cursor).center()):
            shown.add((start, end))
    return shown


def test_find_ignores_accents_and_case(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = french.briefing.text  # type: ignore[union-attr]
    expected = text.casefold().count("corée")
    french.commands["find"].trigger()
    assert french.find_bar.isVisible()
    qtbot.keyClicks(french.find_bar.edit, "coree")
    assert french.find_bar.count.text().endswith(f"of {expected}")
    # Every "Corée" on screen is highlighted (what "coree" finds, accents and case aside).
    assert visible_matches(french, "corée") and visible_matches(french, "corée") <= highlighted(french)
    french.view.verticalScrollBar().setValue(french.view.verticalScrollBar().maximum())
    assert visible_matches(french, "corée") and visible_matches(french, "corée") <= highlighted(french)
    first = french.find_bar.count.text()
    qtbot.keyClick(french.find_bar.edit, Qt.Key.Key_Return)
    assert french.find_bar.count.text() != first
    qtbot.keyClick(french.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert french.find_bar.count.text() == first
    selected = french.view.textCursor()
    assert text[selected.position() : selected.position() + 5].casefold() == "corée"
    qtbot.keyClick(french.find_bar.edit, Qt.Key.Key_Escape)
    assert not french.find_bar.isVisible()
    assert french.view.extraSelections() == []


def test_find_reports_no_matches(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    french.commands["find"].trigger()
    qtbot.keyClicks(french.find_bar.edit, "zzzz")
    assert french.find_bar.count.text() == "No matches"


def test_stepping_through_an_actors_mentions(french: MainWindow) -> None:
    briefing = french.briefing
    assert briefing is not None
    french.actor_panel.select_actor("us")
    mentions = briefing.mentions_of("us")
    french.commands["next_mention"].trigger()
    french.commands["next_mention"].trigger()
    cursor = french.view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (mentions[1].start, mentions[1].end)
    french.commands["previous_mention"].trigger()
    assert french.view.textCursor().selectionStart() == mentions[0].start
    groups = {
        heading.text(): [heading.child(r).text() for r in range(heading.rowCount())]
        for heading in (french.actor_panel.details.item(r) for r in range(french.actor_panel.details.rowCount()))
    }
    assert any(d.startswith("“Washington s’inquiète") for d in groups["Claims made (1)"])
    assert any("États-Unis opposes Corée du Nord" in d for d in groups["Relations (3)"])


def test_claims_panel_filters_and_scrolls(french: MainWindow) -> None:
    panel = french.claim_panel
    assert panel.proxy.rowCount() == 15
    panel.filter_by_actor("us")
    rows = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert all("Washington" in r or "agressive" in r for r in rows) and len(rows) == 2
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("forecast"))
    assert panel.proxy.rowCount() == 1
    assert panel.count.text() == "1 of 15 claims"
    panel.filter_by_actor(None)
    panel.kind_filter.setCurrentIndex(0)
    panel.confidence_filter.setCurrentIndex(panel.confidence_filter.findData("low"))
    assert {panel.proxy.index(r, 4).data() for r in range(panel.proxy.rowCount())} == {"low"}
    index = panel.proxy.index(panel.proxy.rowCount() - 1, 0)
    panel.table.clicked.emit(index)
    claim = next(c for c in french.briefing.claims if c.id == "recomposition")  # type: ignore[union-attr]
    cursor = french.view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (claim.start, claim.end)


def test_a_click_on_a_claim_goes_to_it_and_the_arrow_keys_stay_in_the_claims(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Click a claim, then Down and Enter: the next claim is chosen and shown (the click gave the text the focus,
    so Down moved the text's caret and took the claim's selection away)."""
    user = User(french, qtbot)
    user.activate()
    panel = french.claim_panel
    user.click_row(panel.table, panel.proxy.index(2, 0))
    user.paint()
    first = panel.proxy.index(2, 0).data(CLAIM_ID_ROLE)
    claim = next(c for c in french.briefing.claims if c.id == first)  # type: ignore[union-attr]
    cursor = french.view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (claim.start, claim.end)
    user.press(Qt.Key.Key_Down)
    user.press(Qt.Key.Key_Return)
    user.paint()
    following = panel.proxy.index(3, 0).data(CLAIM_ID_ROLE)
    assert panel.table.currentIndex().row() == 3
    claim = next(c for c in french.briefing.claims if c.id == following)  # type: ignore[union-attr]
    cursor = french.view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (claim.start, claim.end)


def test_sorting_claims_by_confidence(french: MainWindow) -> None:
    panel = french.claim_panel
    panel.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    values = [panel.proxy.index(r, 4).data() for r in range(panel.proxy.rowCount())]
    ranks = {"high": 0, "moderate": 1, "low": 2, "—": 3}
    assert [ranks[v] for v in values] == sorted(ranks[v] for v in values)


def test_sorting_claims_keeps_the_selection_and_the_filter(french: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    panel = french.claim_panel
    table, proxy = panel.table, panel.proxy

    def column(c: int) -> list[str]:
        return [proxy.index(r, c).data() for r in range(proxy.rowCount())]

    table.selectRow(2)
    chosen = proxy.index(2, 0).data(CLAIM_ID_ROLE)
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # By, Z to A
    by = column(1)
    assert by == sorted(by, key=str.casefold, reverse=True) and len(set(by)) > 1
    assert table.selectionModel().selectedRows()[0].data(CLAIM_ID_ROLE) == chosen  # the same claim, moved
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData("fact"))
    assert set(column(3)) == {"fact"} and column(1) == sorted(column(1), key=str.casefold, reverse=True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # back to document order
    starts = [proxy.index(r, 0).data(OFFSET_ROLE) for r in range(proxy.rowCount())]
    assert starts == sorted(starts)
    qtmodeltester.check(panel.model)
    qtmodeltester.check(proxy)


def test_markup_in_the_briefing_is_shown_literally(window: MainWindow) -> None:
    window.open_path(TOUR, wait=True)
    text = window.view.document().toRawText()
    assert '<b>bold?</b>, <img src="x">' in text
    offset = window.briefing.text.index("bold?")  # type: ignore[union-attr]
    assert char_format_at(window, offset).fontWeight() < 600
    assert window.view.loadResource(0, QUrl("file:///etc/passwd")) is None


def test_links_are_anchors_that_open_only_on_click(window: MainWindow) -> None:
    window.open_path(TOUR, wait=True)
    link = window.briefing.links[0]  # type: ignore[union-attr]
    fmt = char_format_at(window, link.start)
    assert fmt.isAnchor() and fmt.anchorHref() == "https://example.org/harbour-report"
    assert not window.view.openLinks() and not window.view.openExternalLinks()


def test_tooltips_escape_briefing_text(window: MainWindow) -> None:
    from viewer.model.briefing import Actor
    from viewer.ui.common.tooltips import actor_tooltip

    tip = actor_tooltip(Actor("x", "person", "<img src=/dev/zero>", ("<b>",), "a & b"))
    assert "<img" not in tip and "&lt;img src=/dev/zero&gt;" in tip and "&lt;b&gt;" in tip


def test_opening_in_the_background_then_a_bad_file_keeps_the_document(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.briefingLoaded, timeout=10_000):
        window.open_path(FRENCH)
    before = window.view.document().toRawText()
    bad = write_case("nested-claim", tmp_path)
    with qtbot.waitSignal(window.loadFailed, timeout=10_000) as failed:
        window.open_path(bad)
    path, problems = failed.args
    assert path == str(bad) and "claims do not nest" in problems[0].message
    assert window.briefing is not None and window.briefing.id == "kp-ru-alliance"
    assert window.view.document().toRawText() == before
    from viewer.ui.window.problems_dialog import ProblemsDialog

    dialog = window.findChild(ProblemsDialog)
    assert dialog is not None and dialog.isVisible()
    assert f"{bad}:8:" in dialog.details.toPlainText()
    assert "The document that was open stays open." in dialog.summary.text()


def test_a_bad_file_with_nothing_open_is_not_said_to_keep_a_document(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The problems dialog spoke of 'the document that was open' when none was (a bad file on the command line)."""
    from viewer.ui.window.problems_dialog import ProblemsDialog

    bad = write_case("nested-claim", tmp_path)
    with qtbot.waitSignal(window.loadFailed, timeout=10_000):
        window.open_path(bad)
    dialog = window.findChild(ProblemsDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.summary.text() == f"{bad} cannot be opened: 1 problem found."


def test_a_missing_file_and_a_folder_get_the_dialog(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for path, words in ((tmp_path / "gone.xml", "no such file"), (tmp_path, "is a folder")):
        with qtbot.waitSignal(window.loadFailed, timeout=10_000) as failed:
            window.open_path(path)
        assert words in failed.args[1][0].message
    assert window.briefing is None


def test_recent_files_are_remembered(window: MainWindow) -> None:
    window.open_path(FRENCH, wait=True)
    window.open_path(TOUR, wait=True)
    entries = [a.text() for a in window.recent.menu.actions()]
    assert entries == [str(TOUR.resolve()), str(FRENCH.resolve())]


def test_dropping_a_file_opens_it(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(TOUR))])
    event = QDropEvent(
        QPoint(10, 10).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.briefingLoaded, timeout=10_000):
        window.dropEvent(event)
    assert window.briefing is not None and window.briefing.id == "feature-tour"


def test_item_models_pass_the_model_tester(french: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(french.sections)
    qtmodeltester.check(french.actor_panel.model)
    qtmodeltester.check(french.claim_panel.model)
    qtmodeltester.check(french.claim_panel.proxy)


def test_section_rows_count_their_claims(french: MainWindow) -> None:
    index = french.sections.index_of("technologie")
    assert index.siblingAtColumn(1).data() == "4"
    briefing = load_briefing(FRENCH)
    assert sum(1 for c in briefing.claims if c.section_id == "technologie") == 4


def test_hovering_a_mention_shows_the_actor_card(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    briefing = french.briefing
    assert briefing is not None
    mention = briefing.mentions_of("kp")[0]
    cursor = QTextCursor(french.view.document())
    cursor.setPosition(mention.start + 1)
    point = french.view.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, french.view.viewport().mapToGlobal(point))
    QApplication.sendEvent(french.view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    text = QToolTip.text()
    assert "Corée du Nord" in text and "Pyongyang" in text and "State" in text


def test_the_header_keeps_only_the_title_once_the_reader_scrolls(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    header = french.header
    assert header.summary.isVisible() and header.keywords.isVisible()
    full_height, header_height = french.view.height(), header.height()
    french.go_to_section("economie")
    assert not header.summary.isVisible() and not header.keywords.isVisible() and header.title.isVisible()
    # At once, not at a later turn of the event loop: the room goes to the text in the same paint.
    assert header.height() < header_height - 60 and french.view.height() > full_height + 60
    top = french.view.top_offset()
    assert french.briefing is not None
    section = french.briefing.section("economie")
    assert section is not None and abs(top - section.start) < 5  # still at the section
    french.view.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: header.summary.isVisible())
    # At the end of the text too, where the last section cannot come to the top.
    french.go_to_section("conclusion")
    assert not header.summary.isVisible()
    bar = french.view.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0


# A menu grabs the keyboard while it is up; the offscreen platform cannot, and says so.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_the_text_context_menu_offers_add_note_first_then_qts_own(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    items = user.context_menu(user.point_of(french.briefing.text.index("Parmi")))  # type: ignore[union-attr]
    assert items[0] == "Add Note…", items
    assert items[1] == "-"
    assert any("Copy" in item for item in items[2:]), items


def shown_tooltip(tip: str) -> str:
    """What a tooltip shows: Qt renders it as HTML when it guesses rich text, else as it is."""
    from PySide6.QtGui import Qt as GuiQt  # QtGui's Qt namespace holds mightBeRichText
    from PySide6.QtGui import QTextDocument

    if not GuiQt.mightBeRichText(tip):
        return tip
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()


@pytest.mark.parametrize(
    ("written", "note"),
    [
        ("over the harbour &amp; tariff", "over the harbour & tariff"),
        ("over the &lt;b&gt;tariff&lt;/b&gt; &amp;amp;", "over the <b>tariff</b> &amp;"),
    ],
)
def test_actor_details_tooltips_show_the_text_as_written(
    window: MainWindow, tmp_path: Path, written: str, note: str
) -> None:
    text = TOUR.read_text(encoding="utf-8").replace('note="over the harbour tariff"', f'note="{written}"')
    path = tmp_path / "tour.xml"
    path.write_text(text, encoding="utf-8")
    window.open_path(path, wait=True)
    window.actor_panel.select_actor("dockers")
    details = window.actor_panel.details
    headings = [details.item(row) for row in range(details.rowCount())]
    items = [heading.child(row) for heading in headings for row in range(heading.rowCount())]
    relation = next(item for item in items if "tariff" in item.text())
    assert relation.text().endswith(f"({note})")
    assert shown_tooltip(relation.toolTip()) == relation.text()


def test_close_briefing_leaves_no_word_of_it_in_the_status_bar(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+W: the window says 'No briefing open'; the status bar no longer names the closed file's sections."""
    user = User(french, qtbot)
    user.activate()
    assert "coree-du-nord-russie.xml: 7 sections" in french.statusBar().currentMessage()
    user.press(Qt.Key.Key_W, CTRL, french.view)
    user.paint()
    assert french.briefing is None
    assert french.statusBar().currentMessage() == ""


def test_open_starts_in_the_folder_of_the_briefing_shown(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Opened from the command line (or Open Recent), then Ctrl+O: the file dialog is in that briefing's folder
    (it was in the home folder, where no Open had been made yet)."""
    from PySide6.QtWidgets import QFileDialog

    user = User(french, qtbot)
    user.activate()
    seen: list[str] = []

    def act(dialog: QFileDialog) -> None:
        seen.append(dialog.directory().absolutePath())
        user.answer_file_dialog(dialog, None)

    user.when_modal(QFileDialog, act)
    user.press(Qt.Key.Key_O, CTRL, french.view)
    qtbot.waitUntil(lambda: bool(seen))
    assert Path(seen[0]).resolve() == FRENCH.parent.resolve()


def test_a_jump_to_the_start_of_a_section_chooses_that_section_in_the_tree(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Clicking the claim that opens a section: the text comes with its heading at the top and the Sections panel
    names that section (the context above the claim reached into the section before, which the panel then named)."""
    user = User(french, qtbot)
    user.activate()
    briefing = french.briefing
    assert briefing is not None
    panel = french.claim_panel
    row = next(
        r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data().startswith("La Corée du Nord ne")
    )
    claim = next(c for c in briefing.claims if c.id == panel.proxy.index(row, 0).data(CLAIM_ID_ROLE))
    section = briefing.section_at(claim.start)
    assert section is not None and section.id == "soutien"
    user.click_row(panel.table, panel.proxy.index(row, 0))
    user.paint()
    assert french.section_tree.currentIndex() == french.sections.index_of("soutien")
    assert briefing.section_at(french.view.reading_offset()) is section  # nothing of the section before shows
