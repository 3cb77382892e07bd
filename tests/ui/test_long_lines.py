"""A long line without a space to break at (a long word, a run of CJK text) is cut into blocks of the document
like any long paragraph: shown at once, its offsets the briefing's, a passage across a cut copied and noted whole.
And characters outside Unicode's first plane (emoji), which Qt counts twice, never move what follows them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.corpus import NS
from tests.ui.user import CTRL, User
from viewer.io.briefing.loader import loads
from viewer.io.notes.store import NotesStore
from viewer.model.briefing import Briefing
from viewer.ui.reading.document import BriefingDocument
from viewer.ui.window.main_window import MainWindow

# Small limits, so that generated lines of a few hundred characters have cuts, breaks and parts.
LONG, PIECE, PART = 40, 20, 150


def xml_of(heading: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="long"><meta><title>Long</title></meta>'
        f'<body><section id="s"><heading>{heading}</heading>{body}</section></body></briefing>'
    )


_run = st.one_of(
    st.text(alphabet="ab北京😀𠀀", min_size=1, max_size=90),  # no space: cut (emoji and CJK Extension B: two units)
    st.lists(st.sampled_from(["word", "mot", "語"]), min_size=1, max_size=30).map(" ".join),  # broken at spaces
)
_line = st.lists(_run, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_line, st.lists(_line, min_size=1, max_size=3))
def test_every_offset_is_where_the_document_shows_it(
    qapp, monkeypatch: pytest.MonkeyPatch, heading: str, paragraphs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    small_limits(monkeypatch)
    for _ in shown_parts(qapp, loads(xml_of(heading, paragraphs))):
        pass


def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BriefingDocument, "LONG_BLOCK_CHARS", LONG)
    monkeypatch.setattr(BriefingDocument, "PIECE_CHARS", PIECE)
    monkeypatch.setattr(BriefingDocument, "PART_CHARS", PART)


def shown_parts(qapp, briefing: Briefing) -> Iterator[BriefingDocument]:  # type: ignore[no-untyped-def]
    """The document of each part of ``briefing``, once it is checked that the parts cover the text and
    that every offset is where the document shows it, nothing put in but the cuts' newlines, no block long."""
    text = briefing.text
    parts = BriefingDocument.split(briefing)
    assert parts[0].start == 0 and parts[-1].end == len(text)
    for before, after in itertools.pairwise(parts):
        # Parts meet at a cut (nothing between them), or at a line's end or a space that was a break (that alone).
        assert after.start == before.end or (after.start == before.end + 1 and text[before.end] in " \n")
    for part in parts:
        content = BriefingDocument(briefing, qapp.palette(), qapp.font(), True, part.number, parts)
        shown = content.document.toPlainText()
        units = units_of(shown)  # as Qt counts positions
        placed = set()
        for offset in range(part.start, part.end):
            position = content.position_of(offset)
            assert content.offset_of(position) == offset
            # The briefing's character, or a newline where a space broke a long line.
            character = units_of(text[offset])
            assert units[position : position + len(character)] in (
                character,
                *([units_of("\n")] * (text[offset] == " ")),
            )
            placed.update(range(position, position + len(character)))
        assert content.position_of(part.end) == len(units)  # (the end of the part: the end of its document)
        # Nothing else is put in but the newlines of the cuts, and no block is long, which is the point:
        # Qt lays a block out whole before it paints any of it.
        assert all(units[position] == "\n" for position in range(len(units)) if position not in placed)
        assert max(len(line) for line in shown.split("\n")) <= LONG + PIECE
        yield content


def units_of(text: str) -> list[str]:
    """The UTF-16 units of ``text``, one string each: a document's positions count them."""
    data = text.encode("utf-16-le", "surrogatepass")
    return [data[i : i + 2].decode("utf-16-le", "surrogatepass") for i in range(0, len(data), 2)]


@pytest.fixture
def spaceless(tmp_path: Path) -> Path:
    """A paragraph of 200,000 characters without a space, at the real limits (cut about every 8,000)."""
    path = tmp_path / "spaceless.xml"
    run = "".join(chr(ord("a") + i % 26) for i in range(200_000))
    path.write_text(xml_of("One word", [f"Before {run} after."]), encoding="utf-8")
    return path


def test_a_passage_across_a_cut_is_copied_and_noted_as_the_briefing_has_it(
    qtbot, window: MainWindow, store: NotesStore, spaceless: Path
) -> None:  # type: ignore[no-untyped-def]
    window.open_path(spaceless, wait=True)
    briefing = window.briefing
    assert briefing is not None and window.view.content is not None
    user = User(window, qtbot)
    user.paint()
    blocks = window.view.document().blockCount()
    assert blocks > 20  # the paragraph is cut into pieces (the heading, then about 25 of them)
    cut = window.view.content.offset_of(window.view.document().findBlockByNumber(5).position())
    start, end = cut - 30, cut + 30
    user.drag_select(start, end)
    user.paint()
    assert window.view.selection() == (start, end)
    user.press(Qt.Key.Key_C, CTRL, window.view)
    assert QApplication.clipboard().text() == briefing.text[start:end]  # no newline where the cut is
    user.write_note("Across a cut")
    user.press(Qt.Key.Key_E, CTRL)  # Add Note, answered by write_note
    user.paint()
    [note] = store.notes_for("long")
    assert note.anchor.quote == briefing.text[start:end] and (note.anchor.start, note.anchor.end) == (start, end)


def test_after_an_emoji_highlights_selections_and_notes_are_where_the_text_is(
    qtbot, window: MainWindow, store: NotesStore, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "emoji.xml"
    xml = xml_of("Emoji 😀", ['🇰🇵 says 😀😀 then <mention actor="a">Actor A</mention> and more words after it.'])
    xml = xml.replace("<body>", '<actors><actor id="a" type="state"><name>Actor A</name></actor></actors><body>')
    path.write_text(xml, encoding="utf-8")
    window.open_path(path, wait=True)
    briefing = window.briefing
    assert briefing is not None
    user = User(window, qtbot)
    user.paint()
    [mention] = briefing.mentions
    assert briefing.text[mention.start : mention.end] == "Actor A"
    # The highlight is on the mention, not on what stands as many characters before it as there are emoji.
    view = window.view
    assert highlighted(view.document()) == ["Actor A"]
    # "more words", dragged over with the mouse where the reader sees it, is what is copied and noted.
    found = view.document().find("more words")
    assert not found.isNull()
    first, last = QTextCursor(found), QTextCursor(found)
    first.setPosition(found.selectionStart())
    last.setPosition(found.selectionEnd())
    viewport = view.viewport()
    press, release = view.cursorRect(first).center(), view.cursorRect(last).center()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, press)
    QTest.mouseMove(viewport, (press + release) / 2)
    QTest.mouseMove(viewport, release)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, release)
    user.paint()
    start = briefing.text.index("more words")
    assert view.selection() == (start, start + len("more words"))
    user.press(Qt.Key.Key_C, CTRL, view)
    assert QApplication.clipboard().text() == "more words"
    user.write_note("After the emoji")
    user.press(Qt.Key.Key_E, CTRL)
    user.paint()
    [note] = store.notes_for("long")
    assert note.anchor.quote == "more words"
    assert [placed.id for placed in view.notes_at(start + 1)] == [note.id]


def highlighted(document: QTextDocument) -> list[str]:
    """The runs of the document's text that have a background (an actor's highlight)."""
    runs = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().background().style() != Qt.BrushStyle.NoBrush:
                runs.append(fragment.text())
            fragments += 1
        block = block.next()
    return runs
