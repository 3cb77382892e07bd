"""A long list item is cut into pieces like a long paragraph: one bullet (or number) for the item, its
pieces lined up under its text; a list or a quote that goes on into the next part keeps its numbers and
does not repeat its bullet or its speaker. (An 8 MB item took 13.8 s to show, laid out whole.)"""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextBlock, QTextListFormat

from tests.corpus import NS
from tests.ui.test_long_lines import shown_parts, small_limits
from tests.ui.user import User
from viewer.io.briefing.loader import loads
from viewer.model.briefing import Block, BlockKind, Briefing
from viewer.ui.reading.document import QUOTE_SPEAKER, BriefingDocument
from viewer.ui.window.main_window import MainWindow

_line = st.lists(
    st.one_of(
        st.text(alphabet="ab北😀", min_size=1, max_size=60),  # no space: cut
        st.lists(st.sampled_from(["word", "mot", "語"]), min_size=1, max_size=25).map(" ".join),
    ),
    min_size=1,
    max_size=3,
).map(" ".join)
# A group of blocks: paragraphs, a bulleted or numbered list's items, or a quote's paragraphs.
_group = st.tuples(st.sampled_from(["p", "bullet", "ordered", "quote"]), st.lists(_line, min_size=1, max_size=4))


def xml_of(groups: list[tuple[str, list[str]]]) -> str:
    body = []
    for kind, lines in groups:
        if kind == "p":
            body.extend(f"<p>{line}</p>" for line in lines)
        elif kind == "quote":
            body.append("<quote>" + "".join(f"<p>{line}</p>" for line in lines) + "</quote>")
        else:
            body.append(f'<list type="{kind}">' + "".join(f"<item>{line}</item>" for line in lines) + "</list>")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="items"><meta><title>Items</title></meta>'
        f'<body><section id="s"><heading>Items</heading>{"".join(body)}</section></body></briefing>'
    )


def first_pieces(content: BriefingDocument, briefing: Briefing) -> dict[int, int]:
    """Each document block number that begins a block of the briefing in the part: the block's index."""
    part = content.part
    return {
        content.document.findBlock(content.position_of(max(block.start, part.start))).blockNumber(): index
        for index, block in enumerate(briefing.blocks[part.first : part.last], start=part.first)
    }


def block_at(briefing: Briefing, offset: int) -> Block:
    """The briefing's block that holds ``offset``."""
    return briefing.blocks[bisect_right([block.start for block in briefing.blocks], offset) - 1]


def blocks_of(content: BriefingDocument) -> list[QTextBlock]:
    found, block = [], content.document.begin()
    while block.isValid():
        found.append(block)
        block = block.next()
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_group, min_size=1, max_size=4))
# (Found by hypothesis: a part beginning in a quote's piece went on into the next quote's paragraph,
# put in with it in one run, and took its format without the speaker.)
@example([("p", ["word " * 9 + "word"]), ("quote", ["a aaaaaaaaaaaaa" + " word" * 16]), ("quote", ["a"])])
def test_each_item_has_one_bullet_and_its_own_number_in_every_part(
    qapp, monkeypatch: pytest.MonkeyPatch, groups: list[tuple[str, list[str]]]
) -> None:  # type: ignore[no-untyped-def]
    small_limits(monkeypatch)
    briefing = loads(xml_of(groups))
    # Every offset where the document shows it, items included, and no block long (checked there).
    for content in shown_parts(qapp, briefing):
        part = content.part
        starts = first_pieces(content, briefing)
        for number, block in enumerate(blocks_of(content)):
            index = starts.get(number)
            source = briefing.blocks[index] if index is not None else None
            # Begun here (not a piece after the first, not going on from the part before).
            begun = source is not None and source.start >= part.start
            in_list = block.textList()
            if begun and source.kind is BlockKind.ITEM:
                assert in_list is not None
                if source.list_type == "ordered":
                    assert in_list.itemText(block) == f"{source.item_number}."
                else:
                    assert in_list.format().style() == QTextListFormat.Style.ListDisc
            else:
                assert in_list is None  # no bullet for a piece of an item, nor for anything else
            owner = source if source is not None else block_at(briefing, content.offset_of(block.position()))
            if owner.kind is BlockKind.ITEM and not begun:
                assert block.blockFormat().indent() == 1  # under the item's text
            speaker = bool(block.blockFormat().property(QUOTE_SPEAKER))
            assert speaker == (begun and owner.quote_by is not None and owner.first_in_group)


@pytest.fixture
def long_item(tmp_path: Path) -> Path:
    """A numbered list whose second item is 120,000 characters (cut about every 8,000), then a third."""
    path = tmp_path / "item.xml"
    words = " ".join(f"w{i}" for i in range(24_000))
    path.write_text(xml_of([("ordered", ["First item.", f"Long {words} end.", "Third item."])]), encoding="utf-8")
    return path


def test_a_long_item_is_shown_in_pieces_under_one_number(qtbot, window: MainWindow, long_item: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_path(long_item, wait=True)
    user = User(window, qtbot)
    user.paint()
    view, content = window.view, window.view.content
    assert content is not None
    document = view.document()
    numbered = [block for block in blocks_of(content) if block.textList() is not None]
    assert [block.textList().itemText(block) for block in numbered] == ["1.", "2.", "3."]
    long_block = numbered[1]
    assert long_block.text().startswith("Long w0") and len(long_block.text()) < 16_000
    # Its pieces follow, outside the list, their text lined up with the item's text.
    pieces = []
    block = long_block.next()
    while block.isValid() and block != numbered[2]:
        pieces.append(block)
        block = block.next()
    assert len(pieces) > 10
    assert "".join(" " + piece.text() for piece in pieces).endswith(" end.")
    item_left = view.cursorRect(cursor_at(view, long_block.position())).left()
    for piece in pieces[:3]:
        view.scroll_to_offset(content.offset_of(piece.position()))
        user.paint()
        assert abs(view.cursorRect(cursor_at(view, piece.position())).left() - item_left) <= 1
    assert document.toPlainText().count("\n") == document.blockCount() - 1


def cursor_at(view, position: int):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    return cursor
