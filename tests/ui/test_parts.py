"""A briefing too large for one document is shown in parts: every way of going somewhere reaches every part,
highlights and notes are where they belong in each, and scrolling on goes from one part into the next."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextFormat

from tests.corpus import FRENCH, NS
from tests.ui.user import CTRL, SHIFT, User
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
from viewer.model.briefing import Block, BlockKind, Briefing, Meta
from viewer.ui.reading.document import BriefingDocument, Part
from viewer.ui.window.main_window import MainWindow

SECTIONS = 120
PART_BLOCKS = 40  # a heading and a paragraph a section: 20 sections a part, 6 parts


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of PART_BLOCKS blocks (the class attribute the window reads), so that a small briefing has several."""
    monkeypatch.setattr(BriefingDocument, "PART_BLOCKS", PART_BLOCKS)


def sections_file(tmp_path: Path, sections: int = SECTIONS) -> Path:
    """Sections of a few lines each (so that each can come to the top); 'zanzibar' in the 3rd and the 103rd,
    and Actor A mentioned in each."""
    parts = []
    for i in range(sections):
        word = " zanzibar" if i in (2, 102) else ""
        words = " ".join(f"w{i}x{j}" for j in range(60))
        parts.append(
            f'<section id="s{i}"><heading>Heading {i}</heading>'
            f'<p>Start of {i}{word}: <mention actor="a">Actor A</mention> {words} end of {i}.</p></section>\n'
        )
    path = tmp_path / "parts.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="parts" xml:lang="en">\n'
        '<meta><title>Parts</title></meta>\n<actors><actor id="a" type="state"><name>Actor A</name></actor></actors>\n'
        f"<body>\n{''.join(parts)}</body>\n</briefing>\n",
        encoding="utf-8",
    )
    return path


def opened(window: MainWindow, path: Path) -> Briefing:
    window.open_path(path, wait=True)
    assert window.briefing is not None
    return window.briefing


def heading_at_top(window: MainWindow) -> str:
    """The heading of the section at the top of the text."""
    assert window.briefing is not None
    section = window.briefing.section_at(window.view.top_offset())
    assert section is not None
    return section.heading


def on_screen(window: MainWindow, offset: int) -> bool:
    """Whether the text at ``offset`` is drawn in the visible part of the view."""
    cursor = window.view.cursor_between(offset, offset)
    return cursor is not None and window.view.viewport().rect().contains(window.view.cursorRect(cursor))


def shown_text(window: MainWindow) -> str:
    """The text of the document on show, as the briefing has it (its paragraph breaks as newlines)."""
    return window.view.document().toPlainText().replace("\u2029", "\n")


def test_a_large_briefing_is_shown_in_parts_and_says_which(
    qtbot, window: MainWindow, small_parts: None, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    briefing = opened(window, sections_file(tmp_path))
    user = User(window, qtbot)
    user.paint()
    assert window.view.part_count == SECTIONS * 2 // PART_BLOCKS
    assert window.part_bar.isVisible() and window.part_bar.label.text() == "Part 1 of 6: Heading 0 – Heading 19"
    # Only the part is a document: the model stays whole.
    assert "Heading 19" in shown_text(window) and "Heading 20" not in shown_text(window)
    assert len(briefing.text) > 5 * len(shown_text(window))
    assert not window.commands["previous_part"].isEnabled() and window.commands["next_part"].isEnabled()


def test_choosing_a_late_section_shows_its_heading_at_the_top(
    qtbot, window: MainWindow, small_parts: None, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    briefing = opened(window, sections_file(tmp_path))
    user = User(window, qtbot)
    for number in (101, 45, SECTIONS - 3):
        index = window.sections.index_of(f"s{number}")
        user.click_row(window.section_tree, index)
        user.paint()
        assert heading_at_top(window) == f"Heading {number}"
        assert window.view.part_number == number // 20
        assert window.part_bar.label.text().startswith(f"Part {number // 20 + 1} of 6")
    # The very last section: its heading is on screen, with the end of the text.
    window.go_to_section(f"s{SECTIONS - 1}")
    user.paint()
    assert on_screen(window, briefing.section(f"s{SECTIONS - 1}").start)  # type: ignore[union-attr]
    assert window.section_tree.currentIndex().data() == f"Heading {SECTIONS - 1}"


def test_find_goes_from_part_to_part(qtbot, window: MainWindow, small_parts: None, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    briefing = opened(window, sections_file(tmp_path))
    user = User(window, qtbot)
    user.press(Qt.Key.Key_F, CTRL)
    user.type("zanzibar", window.find_bar.edit)
    user.paint()
    first, second = (i for i in range(len(briefing.text)) if briefing.text.startswith("zanzibar", i))
    assert window.view.part_number == 0 and on_screen(window, first)
    user.press(Qt.Key.Key_Return, widget=window.find_bar.edit)  # the next match, in part 6
    user.paint()
    assert window.view.part_number == 5 and on_screen(window, second)
    painted = [s.cursor.selectedText() for s in window.view.extraSelections()]
    assert painted == ["zanzibar"]
    user.press(Qt.Key.Key_Return, widget=window.find_bar.edit)  # round to the first again
    user.paint()
    assert window.view.part_number == 0 and on_screen(window, first)
    assert [s.cursor.selectedText() for s in window.view.extraSelections()] == ["zanzibar"]


def test_a_note_made_in_a_later_part_quotes_what_was_selected(
    qtbot, window: MainWindow, store: NotesStore, small_parts: None, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    briefing = opened(window, sections_file(tmp_path))
    user = User(window, qtbot)
    window.go_to_section("s63")
    user.paint()
    assert window.view.part_number == 3
    start = briefing.text.index("w63x3")
    end = briefing.text.index("w63x7") + len("w63x7")
    user.drag_select(start, end)
    selected = window.view.textCursor().selectedText()
    assert selected == "w63x3 w63x4 w63x5 w63x6 w63x7"
    user.write_note("In part four")
    user.press(Qt.Key.Key_E, CTRL)
    user.paint()
    [note] = store.notes_for("parts")
    assert note.anchor.quote == selected and (note.anchor.start, note.anchor.end) == (start, end)
    assert [placed.id for placed in window.view.notes_at(start + 2)] == [note.id]
    # Its tint is painted where the passage is (and nowhere in part 1).
    image = window.view.viewport().grab().toImage()
    rect = window.view.cursorRect(window.view.cursor_between(start + 2, start + 2))  # type: ignore[arg-type]
    assert image.pixelColor(rect.center().x() + 3, rect.center().y()) != image.pixelColor(2, rect.center().y())


def test_a_note_in_another_part_is_gone_to_from_the_notes_panel(
    qtbot, window: MainWindow, store: NotesStore, small_parts: None, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    briefing = opened(window, sections_file(tmp_path))
    user = User(window, qtbot)
    # A note on a passage where the parts meet (the end of section 39, the start of 40), as one made with
    # other parts (or imported) is: shown in both, cut to each.
    start = briefing.text.index("w39x58")
    end = briefing.text.index("Start of 40") + len("Start of 40")
    note = store.add(Notebook(briefing, store).new_note(start, end, "Across"))
    qtbot.waitUntil(lambda: window.placed_notes.get(note.id) is not None)
    assert note.anchor.quote == briefing.text[start:end] and "\n" in note.anchor.quote
    window.go_to_section("s0")
    user.paint()
    assert window.view.part_number == 0
    user.show_dock("Notes")
    index = window.notes_panel.proxy.mapFromSource(window.notes_panel.model.index_of(note.id))
    user.click_row(window.notes_panel.table, index)
    user.paint()
    assert window.view.part_number == 1 and on_screen(window, start)
    assert window.view.selection() == (start, briefing.text.index("end of 39.") + len("end of 39."))
    # The next part shows the rest of it, and paints it.
    user.press(Qt.Key.Key_PageDown, CTRL)
    user.paint()
    assert window.view.part_number == 2 and window.view.notes_at(end - 1)
    assert on_screen(window, end - 1)


def test_scrolling_on_goes_into_the_next_part_and_back(
    qtbot, window: MainWindow, small_parts: None, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    briefing = opened(window, sections_file(tmp_path))
    user = User(window, qtbot)
    bar = window.view.verticalScrollBar()
    user.focus()
    window.view.setFocus()
    turns = 0
    while window.view.part_number == 0:
        user.wheel(1)
        user.paint()
        turns += 1
        assert turns < 200, "the wheel never left part 1"
    assert window.view.part_number == 1 and bar.value() == 0
    assert heading_at_top(window) == "Heading 20"
    # The wheel up at its top: the end of part 1.
    user.wheel(-1)
    user.paint()
    assert window.view.part_number == 0 and bar.value() == bar.maximum() > 0
    assert on_screen(window, briefing.text.index("end of 19."))
    user.press(Qt.Key.Key_Down, SHIFT, window.view)  # extends a selection: the part stays
    assert window.view.part_number == 0
    # Keys go on too: Page Down at the end, Page Up at the top.
    user.press(Qt.Key.Key_PageDown, widget=window.view)
    user.paint()
    assert window.view.part_number == 1 and bar.value() == 0
    user.press(Qt.Key.Key_PageUp, widget=window.view)
    user.paint()
    assert window.view.part_number == 0 and bar.value() == bar.maximum()
    # The View menu's commands, by their keys.
    for _ in range(3):
        user.press(Qt.Key.Key_PageDown, CTRL)
    user.paint()
    assert window.view.part_number == 3 and heading_at_top(window) == "Heading 60"
    assert window.part_bar.label.text() == "Part 4 of 6: Heading 60 – Heading 79"
    user.press(Qt.Key.Key_PageUp, CTRL)
    user.paint()
    assert window.view.part_number == 2 and bar.value() == bar.maximum()


def test_another_briefing_opened_from_a_later_part_is_shown_whole(
    qtbot, window: MainWindow, small_parts: None, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    opened(window, sections_file(tmp_path))
    user = User(window, qtbot)
    window.go_to_section("s110")
    user.paint()
    assert window.view.part_number == 5
    french = opened(window, FRENCH)
    user.paint()
    assert (window.view.part_count, window.view.part_number) == (1, 0)
    assert not window.part_bar.isVisible()
    assert shown_text(window) == french.text and window.view.top_offset() == 0
    assert not window.commands["next_part"].isEnabled() and not window.commands["previous_part"].isEnabled()
    # And back: the reading place was kept in part 6 and is found again there.
    opened(window, tmp_path / "parts.xml")
    user.paint()
    assert window.view.part_number == 5 and heading_at_top(window) == "Heading 110"


def test_a_long_paragraph_is_cut_into_parts_at_its_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    """One paragraph of 2,000,000 characters, with parts of at most 300,000 characters."""
    from viewer.io.briefing.loader import loads

    words = " ".join(f"word{i}" for i in range(220_000))
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="long"><meta><title>Long</title></meta>'
        f'<body><section id="s"><heading>H</heading><p>{words}</p></section></body></briefing>'
    )
    briefing = loads(xml)
    limit = 300_000
    monkeypatch.setattr(BriefingDocument, "PART_CHARS", limit)
    parts = BriefingDocument.split(briefing)
    assert len(parts) > 5 and all(part.end - part.start <= limit for part in parts)
    assert parts[0].start == 0 and parts[-1].end == len(briefing.text)
    for before, after in itertools.pairwise(parts):
        assert after.start == before.end + 1 and briefing.text[before.end] == " "  # cut at a space, nothing lost
    assert all(part.first <= 1 < part.last for part in parts[1:])  # each a stretch of the one paragraph


def tiny_sections_file(tmp_path: Path) -> Path:
    """bench/bench_shapes.py's 8 MB of tiny sections (122,720 of them): 10 million pixels of text, past
    the 8,388,607 that Qt can lay out in one document."""
    parts, size, i = [], 0, 0
    while size < 8_000_000:
        part = f'<section id="s{i}"><heading>S{i}</heading><p>t</p></section>\n'
        parts.append(part)
        size += len(part)
        i += 1
    path = tmp_path / "tiny.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="tiny">\n<meta><title>Tiny</title></meta>\n'
        f"<body>\n{''.join(parts)}</body>\n</briefing>\n",
        encoding="utf-8",
    )
    return path


def test_the_end_of_100000_tiny_sections_is_reached(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Slowish (the Sections panel lists all 122,720 sections to choose the last): the real limit, the real size."""
    briefing = opened(window, tiny_sections_file(tmp_path))
    user = User(window, qtbot)
    last = briefing.sections[-1]
    window.go_to_section(last.id)
    user.paint()
    assert on_screen(window, last.start) and window.view.verticalScrollBar().value() > 0
    assert window.section_tree.currentIndex().data() == last.heading
    late = briefing.sections[-100]
    window.go_to_section(late.id)
    user.paint()
    assert heading_at_top(window) == late.heading


def test_very_many_sections_are_listed_one_line_each(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Past SectionTree.WRAP_SECTIONS sections, a long title takes one line, cut (the tooltip has it whole):
    rows of one height are what keeps following the text across parts quick."""
    from viewer.ui.sections.tree import SectionTree

    path = sections_file(tmp_path, 30)
    path.write_text(
        path.read_text().replace("<heading>Heading 7</heading>", f"<heading>{'Long title ' * 30}</heading>")
    )
    user = User(window, qtbot)
    opened(window, path)
    user.paint()
    tree, model = window.section_tree, window.sections
    tall = tree.visualRect(model.index_of("s7")).height()
    assert tall > 2 * tree.visualRect(model.index_of("s6")).height()  # wrapped, as ever
    monkeypatch.setattr(SectionTree, "WRAP_SECTIONS", 20)
    opened(window, FRENCH)
    opened(window, path)
    user.paint()
    heights = {tree.visualRect(model.index_of(f"s{i}")).height() for i in range(10)}
    assert len(heights) == 1 and heights.pop() < tall
    assert "Long title " * 3 in user.hover_row(tree, model.index_of("s7"))


def test_mentions_are_highlighted_in_every_part_and_hidden_in_every_part(
    qtbot, window: MainWindow, small_parts: None, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    briefing = opened(window, sections_file(tmp_path))
    user = User(window, qtbot)

    def background(offset: int) -> object:
        cursor = window.view.cursor_between(offset + 1, offset + 1)  # the format of the character at offset
        assert cursor is not None
        return (
            cursor.charFormat().background().color()
            if cursor.charFormat().hasProperty(QTextFormat.Property.BackgroundBrush)
            else None
        )

    colour = window.content.colors["a"]  # type: ignore[union-attr]
    mentions = briefing.mentions_of("a")
    for number in (0, 3, 5):
        window.go_to_section(f"s{number * 20 + 5}")
        user.paint()
        mention = mentions[number * 20 + 5]
        assert window.view.part_number == number and on_screen(window, mention.start)
        assert background(mention.start) == colour
        assert background(mention.start - 3) is None  # the words before it are not highlighted
    window.commands["hide_all_actors"].trigger()
    user.paint()
    assert background(mentions[105].start) != colour
    user.press(Qt.Key.Key_PageUp, CTRL)  # the part before, made after the highlights were hidden
    user.paint()
    assert window.view.part_number == 4 and on_screen(window, mentions[99].start)
    assert background(mentions[99].start) != colour


def _split_one_block_at_a_time(briefing: Briefing) -> list[Part]:
    """BriefingDocument.split as it was written first: every document block of the briefing walked in turn."""
    from viewer.ui.reading.document import _breaks, _units

    cls, blocks, text = BriefingDocument, briefing.blocks, briefing.text
    if not blocks:
        return [Part(0, 0, len(text), 0, 0)]
    if len(blocks) <= cls.PART_BLOCKS and len(text) <= cls.PART_CHARS:
        return [Part(0, 0, len(text), 0, len(blocks))]
    spaces, cuts = _breaks(blocks, text, cls.LONG_BLOCK_CHARS, cls.PIECE_CHARS)
    parts: list[Part] = []
    start = first = count = 0
    end = last = 0
    for unit_start, unit_end, index in _units(blocks, text, spaces, cuts):
        if count and (count >= cls.PART_BLOCKS or unit_end - start > cls.PART_CHARS):
            parts.append(Part(len(parts), start, end, first, last + 1))
            start, first, count = unit_start, index, 0
        count += 1
        end, last = unit_end, index
    parts.append(Part(len(parts), start, len(text), first, len(blocks)))
    return parts


_LINES = st.lists(
    st.tuples(
        st.sampled_from([BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.ITEM]),
        st.integers(0, 60),  # characters
        st.integers(1, 12),  # a space every so many (12: words longer than a piece, which are cut)
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=_LINES, part_blocks=st.integers(1, 12), part_chars=st.integers(1, 200))
def test_parts_found_by_bisection_are_those_of_the_walk_block_by_block(
    monkeypatch: pytest.MonkeyPatch, lines: list[tuple[BlockKind, int, int]], part_blocks: int, part_chars: int
) -> None:
    """Any lines (empty, short, long with spaces, long without), any limits: the same parts, block numbers and offsets."""
    monkeypatch.setattr(BriefingDocument, "PART_BLOCKS", part_blocks)
    monkeypatch.setattr(BriefingDocument, "PART_CHARS", part_chars)
    monkeypatch.setattr(BriefingDocument, "LONG_BLOCK_CHARS", 16)
    monkeypatch.setattr(BriefingDocument, "PIECE_CHARS", 8)
    texts, blocks, at = [], [], 0
    for kind, length, gap in lines:
        line = "".join(" " if i % gap == gap - 1 and 0 < i < length - 1 else "x" for i in range(length))
        blocks.append(Block(kind, at, at + length, "s"))
        texts.append(line)
        at += length + 1
    briefing = Briefing("b", Meta("t"), "\n".join(texts), blocks=blocks)
    assert BriefingDocument.split(briefing) == _split_one_block_at_a_time(briefing)


def test_the_parts_of_100000_tiny_sections_are_those_of_the_walk_block_by_block(tmp_path: Path) -> None:
    """bench_shapes.py's tiny sections, at the real limits: 13 parts, the same either way."""
    from viewer.io.briefing.loader import load_briefing

    briefing = load_briefing(tiny_sections_file(tmp_path))
    parts = BriefingDocument.split(briefing)
    assert len(parts) == 13 and parts == _split_one_block_at_a_time(briefing)
