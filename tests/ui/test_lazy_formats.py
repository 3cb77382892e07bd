"""A document formatted block by block, as the renderer builds it, looks the same as one formatted at once."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QBrush, QImage, QTextCursor
from PySide6.QtWidgets import QApplication

from tests.corpus import FRENCH
from viewer.io.briefing.loader import load_briefing
from viewer.ui.reading.document import BriefingDocument
from viewer.ui.window.main_window import MainWindow


def _picture(qtbot, settings: QSettings, lazy: bool, section: str | None = None) -> tuple[QImage, MainWindow]:  # type: ignore[no-untyped-def]
    window = MainWindow(settings, None, open_store=False)
    qtbot.addWidget(window)
    window.resize(1100, 900)
    window.show()
    qtbot.waitExposed(window)
    briefing = load_briefing(FRENCH)
    document = BriefingDocument(briefing, window.palette(), window.view.font(), spans=not lazy)
    window._loaded(str(FRENCH), briefing, document)
    QApplication.processEvents()
    if section:
        window.go_to_section(section)
    window.view.format_visible()
    QApplication.processEvents()
    return window.grab().toImage(), window


def test_lazy_formats_give_the_same_picture(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    for section in (None, "technologie"):
        eager, _ = _picture(qtbot, settings, lazy=False, section=section)
        lazy, window = _picture(qtbot, settings, lazy=True, section=section)
        assert window.content is not None
        assert not window.content.fully_formatted  # only what shows was formatted
        assert lazy == eager


def test_scrolling_formats_what_comes_into_view(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    _, window = _picture(qtbot, settings, lazy=True)
    content = window.content
    assert content is not None and window.briefing is not None
    last = window.briefing.mentions[-1]
    cursor = QTextCursor(content.document)
    cursor.setPosition(last.start + 1)
    assert cursor.charFormat().background().style().name == "NoBrush"  # not on screen yet
    window.view.verticalScrollBar().setValue(window.view.verticalScrollBar().maximum())
    cursor.setPosition(last.start + 1)
    assert cursor.charFormat().background().color() == content.colors[last.actor_id]


def test_hiding_an_actor_before_its_mentions_are_formatted(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    _, window = _picture(qtbot, settings, lazy=True)
    content = window.content
    assert content is not None and window.briefing is not None
    last = window.briefing.mentions[-1]
    content.set_actor_visible(last.actor_id, False)
    content.format_range(0, len(window.briefing.text))
    assert content.fully_formatted
    cursor = QTextCursor(content.document)
    for mention in window.briefing.mentions:
        cursor.setPosition(mention.start + 1)
        shown = cursor.charFormat().background().style().name != "NoBrush"
        assert shown == (mention.actor_id != last.actor_id)


def test_every_block_of_the_document_has_the_format_of_its_kind(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextListFormat

    from tests.corpus import TOUR
    from viewer.model.briefing import BlockKind
    from viewer.ui.reading.document import QUOTE_MARGIN, QUOTE_SPEAKER

    for path in (FRENCH, TOUR):
        briefing = load_briefing(path)
        content = BriefingDocument(briefing, qapp.palette(), qapp.font())
        block = content.document.begin()
        kinds = set()
        for expected in briefing.blocks:
            kinds.add((expected.kind, expected.quote_by is not None))
            assert block.text() == briefing.text[expected.start : expected.end]
            block_format, text_list = block.blockFormat(), block.textList()
            assert block_format.headingLevel() == (min(expected.level, 4) if expected.kind is BlockKind.HEADING else 0)
            assert (text_list is not None) == (expected.kind is BlockKind.ITEM)
            if text_list is not None:
                ordered = text_list.format().style() == QTextListFormat.Style.ListDecimal
                assert ordered == (expected.list_type == "ordered")
                assert text_list.itemNumber(block) + 1 == expected.item_number
            quoted = expected.quote_by is not None
            assert (block_format.leftMargin() == QUOTE_MARGIN) == quoted
            assert block.charFormat().fontItalic() == quoted
            assert block_format.hasProperty(QUOTE_SPEAKER) == (quoted and expected.first_in_group)
            block = block.next()
        assert not block.isValid()
    assert {(BlockKind.ITEM, False), (BlockKind.PARAGRAPH, True), (BlockKind.HEADING, False)} <= kinds


def _background(window: MainWindow, offset: int) -> QBrush:
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(offset + 1)
    return cursor.charFormat().background()


def test_hide_all_and_show_all(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    _, window = _picture(qtbot, settings, lazy=False)
    assert window.briefing is not None and window.content is not None
    window.commands["hide_all_actors"].trigger()
    assert all(_background(window, m.start).style() == Qt.BrushStyle.NoBrush for m in window.briefing.mentions)
    assert not any(window.actor_panel.model.is_visible(a) for a in window.briefing.actors)
    window.commands["show_all_actors"].trigger()
    colors = window.content.colors
    assert all(_background(window, m.start).color() == colors[m.actor_id] for m in window.briefing.mentions)


def test_a_large_briefing_is_restyled_where_it_is_shown_first(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    _, window = _picture(qtbot, settings, lazy=False)
    content, briefing = window.content, window.briefing
    assert content is not None and briefing is not None
    content.LAZY_RESTYLE_CHARS = 0  # this briefing stands in for a large one
    shown_start, shown_end = window.view.shown_range()
    on_screen = [m for m in briefing.mentions_of("kp") if shown_start <= m.start < shown_end]
    off_screen = [m for m in briefing.mentions_of("kp") if m.start >= shown_end]
    assert on_screen and off_screen
    window.actor_panel.model.set_visible("kp", False)
    assert all(_background(window, m.start).style() == Qt.BrushStyle.NoBrush for m in on_screen)
    last = off_screen[-1]
    assert _background(window, last.start).color() == content.colors["kp"]  # not yet: not shown
    window.view.scroll_to_offset(last.start)
    assert _background(window, last.start).style() == Qt.BrushStyle.NoBrush
    other = next(m for m in briefing.mentions if m.actor_id != "kp" and m.start >= last.start - 2000)
    assert _background(window, other.start).color() == content.colors[other.actor_id]
