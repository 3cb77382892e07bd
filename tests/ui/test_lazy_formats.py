"""A document formatted block by block, as the renderer builds it, looks the same as one formatted at once."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage, QTextCursor
from PySide6.QtWidgets import QApplication

from tests.corpus import FRENCH
from viewer.io.loader import load_briefing
from viewer.ui.document import BriefingDocument
from viewer.ui.main_window import MainWindow


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
    from viewer.ui.document import QUOTE_MARGIN, QUOTE_SPEAKER

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
