"""A very long paragraph is shown in pieces (Qt lays a block out whole before painting any of it),
with every offset, highlight, copy and quote label as if it were one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.corpus import briefing
from tests.ui.user import CTRL, User
from viewer.io.briefing.loader import load_briefing
from viewer.ui.reading.document import QUOTE_SPEAKER, BriefingDocument
from viewer.ui.window.main_window import MainWindow

ACTORS = '<actors><actor id="kp" type="state"><name>Korea</name></actor></actors>'


def long_briefing(tmp_path: Path, words: int = 12_000) -> Path:
    said = " ".join('<mention actor="kp">Korea</mention> says' if i % 25 == 0 else "word" for i in range(words))
    body = f'<p>{said} end.</p>\n<quote by="kp"><p>{" ".join(["spoken"] * words)}</p></quote>\n<p>After.</p>'
    path = tmp_path / "long.xml"
    path.write_text(briefing(body, actors=ACTORS), encoding="utf-8")
    return path


def test_pieces_keep_every_offset_and_look_like_one_paragraph(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    loaded = load_briefing(long_briefing(tmp_path))
    content = BriefingDocument(loaded, QApplication.palette(), QApplication.font())
    document, text = content.document, loaded.text
    assert document.characterCount() == len(text) + 1
    assert document.blockCount() > len(loaded.blocks) + 4  # the two long paragraphs are in pieces
    shown = document.toRawText()
    differing = [i for i, (a, b) in enumerate(zip(shown, text, strict=True)) if a != b]
    assert all(shown[i] == "\u2029" and text[i] in " \n" for i in differing)
    assert sum(text[i] == " " for i in differing) == document.blockCount() - len(loaded.blocks)
    quote = [b for b in _blocks(document) if b.blockFormat().leftMargin() > 0]
    assert len(quote) > 2
    assert [bool(b.blockFormat().property(QUOTE_SPEAKER)) for b in quote] == [True] + [False] * (len(quote) - 1)
    assert [b.blockFormat().topMargin() > 0 for b in quote] == [True] + [False] * (len(quote) - 1)
    assert [b.blockFormat().bottomMargin() > 0 for b in quote] == [False] * (len(quote) - 1) + [True]


def test_highlights_and_copy_across_a_piece_break(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_path(long_briefing(tmp_path), wait=True)
    user = User(window, qtbot)
    shown = window.briefing
    assert shown is not None
    document = window.view.document()
    raw = document.toRawText()
    space = next(i for i in range(len(shown.text)) if raw[i] == "\u2029" and shown.text[i] == " ")
    mention = next(m for m in shown.mentions if m.start > space)
    user.drag_select(space - 30, space + 30)
    user.paint()
    user.press(Qt.Key.Key_C, CTRL, window.view)
    assert QApplication.clipboard().text() == shown.text[space - 30 : space + 30]
    window.view.verticalScrollBar().setValue(0)
    user.point_of(mention.start)
    user.paint()
    cursor = window.view.textCursor()
    cursor.setPosition(mention.start + 1)
    assert cursor.charFormat().background().color().alpha() > 0  # the mention after a break is highlighted
    assert "Korea" in user.hover(window.view.cursorRect(cursor).center())


# A menu grabs the keyboard while it is up; the offscreen platform cannot, and says so.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_copy_from_the_context_menu_too(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_path(long_briefing(tmp_path), wait=True)
    user = User(window, qtbot)
    shown = window.briefing
    assert shown is not None
    raw = window.view.document().toRawText()
    space = next(i for i in range(len(shown.text)) if raw[i] == "\u2029" and shown.text[i] == " ")
    user.drag_select(space - 20, space + 20)
    user.context_menu(user.point_of(space - 10), choose="Copy")
    assert QApplication.clipboard().text() == shown.text[space - 20 : space + 20]


def _blocks(document):  # type: ignore[no-untyped-def]
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()
