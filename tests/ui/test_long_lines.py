"""A long line without a space to break at (a long word, a run of CJK text) is cut into blocks of the document
like any long paragraph: shown at once, its offsets the briefing's, a passage across a cut copied and noted whole."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.corpus import NS
from tests.ui.user import CTRL, User
from viewer.io.briefing.loader import loads
from viewer.io.notes.store import NotesStore
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
    st.text(alphabet="ab北京", min_size=1, max_size=90),  # no space: cut
    st.lists(st.sampled_from(["word", "mot", "語"]), min_size=1, max_size=30).map(" ".join),  # broken at spaces
)
_line = st.lists(_run, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_line, st.lists(_line, min_size=1, max_size=3))
def test_every_offset_is_where_the_document_shows_it(
    qapp, monkeypatch: pytest.MonkeyPatch, heading: str, paragraphs: list[str]
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(BriefingDocument, "LONG_BLOCK_CHARS", LONG)
    monkeypatch.setattr(BriefingDocument, "PIECE_CHARS", PIECE)
    monkeypatch.setattr(BriefingDocument, "PART_CHARS", PART)
    briefing = loads(xml_of(heading, paragraphs))
    text = briefing.text
    parts = BriefingDocument.split(briefing)
    assert parts[0].start == 0 and parts[-1].end == len(text)
    for before, after in itertools.pairwise(parts):
        # Parts meet at a cut (nothing between them), or at a line's end or a space that was a break (that alone).
        assert after.start == before.end or (after.start == before.end + 1 and text[before.end] in " \n")
    for part in parts:
        content = BriefingDocument(briefing, qapp.palette(), qapp.font(), True, part.number, parts)
        shown = content.document.toPlainText()
        for offset in range(part.start, part.end):
            position = content.position_of(offset)
            assert content.offset_of(position) == offset
            # The briefing's character, or a newline where a space broke a long line.
            assert shown[position] == text[offset] or (shown[position] == "\n" and text[offset] == " ")
        assert content.position_of(part.end) == len(shown)  # (the end of the part: the end of its document)
        # Nothing else is put in but the newlines of the cuts, and no block is long (list items aside: none
        # here), which is the point: Qt lays a block out whole before it paints any of it.
        placed = {content.position_of(offset) for offset in range(part.start, part.end)}
        assert all(shown[position] == "\n" for position in range(len(shown)) if position not in placed)
        assert max(len(line) for line in shown.split("\n")) <= LONG + PIECE


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
