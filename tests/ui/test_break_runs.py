"""Runs of text broken before the layout (a memory matter): the same lines and pixels, every long block broken."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QTextBlock, QTextDocument

from tests.corpus import briefing as briefing_xml
from viewer.ui.reading.layout_pace import RUN_CHARS, LayoutPacer, break_runs
from viewer.ui.window.main_window import MainWindow

# Words of the scripts a briefing may hold: accents, right to left, joined (Arabic), Indic clusters,
# ideographs without spaces, combining marks, emoji (two UTF-16 units each), and long words.
LETTERS = [
    "Corée",
    "l’alliance",
    "Pyongyang",
    "«",
    "»",
    "“dit-il”",
    "Ελλάδα",
    "Россия",
    "Donaudampfschifffahrtsgesellschaftskapitän",
    "AV",
    "To",
    "fi",
    "—",
    "1,000",
    "x",
]
WORDS = st.sampled_from(
    [
        *LETTERS,
        "سلام",
        "العالم",
        "שלום",
        "हिन्दी",
        "朝鲜和俄罗斯的军事合作",
        "e\u0301te\u0301",
        "🇰🇵",
        "🚀🚀",
    ]
)
SPACE = " ".encode("utf-16-le")
PARAGRAPHS = st.lists(
    st.lists(WORDS, min_size=1, max_size=80).map(" ".join),
    min_size=1,
    max_size=6,
)


def _laid_out(paragraphs: list[str], broken: bool) -> QTextDocument:
    document = QTextDocument()
    document.setPlainText("\n".join(paragraphs))
    document.setTextWidth(420)
    if broken:
        break_runs(document.begin(), document.blockCount() - 1)
    document.size()  # lays it all out
    return document


def _lines(document: QTextDocument) -> list[tuple[tuple[int, int, float], ...]]:
    lines = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        lines.append(
            tuple(
                (line.textStart(), line.textLength(), line.naturalTextWidth())
                for line in map(layout.lineAt, range(layout.lineCount()))
            )
        )
        block = block.next()
    return lines


def _picture(document: QTextDocument) -> QImage:
    image = QImage(440, int(document.size().height()) + 1, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    document.drawContents(painter)
    painter.end()
    return image


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=PARAGRAPHS)
def test_broken_runs_change_no_line_and_no_pixel(qapp, paragraphs: list[str]) -> None:  # type: ignore[no-untyped-def]
    whole, broken = _laid_out(paragraphs, False), _laid_out(paragraphs, True)
    assert _lines(broken) == _lines(whole)
    assert _picture(broken) == _picture(whole)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=PARAGRAPHS)
def test_runs_are_broken_at_spaces_counted_as_qt_counts(qapp, paragraphs: list[str]) -> None:  # type: ignore[no-untyped-def]
    document = QTextDocument()
    document.setPlainText("\n".join(paragraphs))
    break_runs(document.begin(), document.blockCount() - 1)
    block = document.begin()
    while block.isValid():
        units = block.text().encode("utf-16-le")  # Qt's positions: UTF-16 units
        count = len(units) // 2

        def at_space(unit: int, units: bytes = units) -> bool:
            return units[2 * unit : 2 * unit + 2] == SPACE

        ranges = block.layout().formats()
        end = -1
        for piece in ranges:
            assert piece.start > end  # in order, apart
            assert piece.start == 0 or at_space(piece.start - 1)
            end = piece.start + piece.length
            assert end == count or at_space(end - 1)  # its space ends it: a line ending there ends as before
            assert piece.format.properties() == {}  # nothing to see
        block = block.next()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(st.lists(st.sampled_from(LETTERS), min_size=1, max_size=80).map(" ".join), min_size=1))
def test_latin_greek_and_cyrillic_text_is_broken_into_short_runs(qapp, paragraphs: list[str]) -> None:  # type: ignore[no-untyped-def]
    document = QTextDocument()
    document.setPlainText("\n".join(paragraphs))
    break_runs(document.begin(), document.blockCount() - 1)
    longest = max(map(len, LETTERS)) + 1
    block = document.begin()
    while block.isValid():
        ranges = block.layout().formats()
        if block.length() > 2 * (RUN_CHARS + longest):
            assert ranges, block.text()
        # The runs: each range and the stretch before it (runs of one format), none much over RUN_CHARS.
        end = 0
        for piece in ranges:
            assert piece.start - end <= RUN_CHARS + longest + 1
            assert piece.length <= RUN_CHARS + longest
            end = piece.start + piece.length
        if ranges:
            assert block.length() - 1 - end <= RUN_CHARS + longest + 1
        block = block.next()


def test_the_window_breaks_the_runs_of_a_long_text_before_laying_it_out(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    words = " ".join(f"word{n}" for n in range(120))
    _laid_out_in(qtbot, window, tmp_path, "\n".join(f"<p>{n} {words}</p>" for n in range(1500)))
    window.grab()
    document = window.view.document()
    # All but the blocks laid out for the first screen, before the pacer's first step.
    unbroken = [
        number
        for number in range(document.blockCount())
        if document.findBlockByNumber(number).length() > 2 * RUN_CHARS
        and not document.findBlockByNumber(number).layout().formats()
    ]
    assert document.blockCount() > 1500
    assert len(unbroken) < 60, len(unbroken)


def _laid_out_in(qtbot, window: MainWindow, tmp_path: Path, body: str) -> LayoutPacer:  # type: ignore[no-untyped-def]
    """A briefing of ``body`` opened in ``window`` (1000x700), painted, then waited for until all laid out."""
    path = tmp_path / "long.xml"
    path.write_text(briefing_xml(body), encoding="utf-8")
    window.resize(1000, 700)
    window.open_path(path)
    qtbot.waitUntil(lambda: window.content is not None, timeout=20_000)
    window.grab()
    document = window.view.document()
    pacer = LayoutPacer.pace(document)
    qtbot.waitUntil(lambda: pacer.first_unlaid() == document.blockCount(), timeout=60_000)
    return pacer


def _open_claims(qtbot, window: MainWindow, tmp_path: Path) -> LayoutPacer:  # type: ignore[no-untyped-def]
    """A briefing of long paragraphs with long claims, of each confidence, opened and laid out."""
    words = " ".join(f"mot{n}" for n in range(20))
    claims = "".join(
        f'<p>{words} <claim confidence="{confidence}">{words} {words} {words}</claim> {words}</p>\n'
        for confidence in ("moderate", "low", "high")
    )
    return _laid_out_in(qtbot, window, tmp_path, claims * 100)


def _scroll_to(window: MainWindow, number: int) -> QTextBlock:
    """Show block ``number`` at the top of the view, with its highlights (they come as it is shown)."""
    document = window.view.document()
    block = document.findBlockByNumber(number)
    window.view.verticalScrollBar().setValue(int(document.documentLayout().blockBoundingRect(block).top()))
    window.view.format_visible()
    return block


def test_claims_underlined_in_dots_and_dashes_look_as_in_a_text_never_broken(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # A dotted or dashed underline is drawn a run at a time, its pattern started again at each run:
    # a break inside a claim moved its dots. The claims' formats come as the text comes into view,
    # after the pacer broke the runs of their blocks.
    _open_claims(qtbot, window, tmp_path)
    view, document = window.view, window.view.document()
    middle = _scroll_to(window, document.blockCount() // 2)
    assert middle.layout().formats()  # broken
    shown = view.viewport().grab().toImage()
    # The same text, its runs whole.
    block = document.begin()
    while block.isValid():
        block.layout().setFormats([])
        block = block.next()
    document.markContentsDirty(0, document.characterCount())
    document.documentLayout().blockBoundingRect(document.lastBlock())
    view.verticalScrollBar().setValue(int(document.documentLayout().blockBoundingRect(middle).top()))
    assert view.viewport().grab().toImage() == shown


def test_runs_broken_again_leave_no_change_for_qt_to_lay_out_later(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pacer = _open_claims(qtbot, window, tmp_path)
    document = window.view.document()
    shown = range(document.blockCount() // 2, document.blockCount() // 2 + 6)

    def breaks() -> list[list[int]]:
        return [[r.start for r in document.findBlockByNumber(n).layout().formats()] for n in shown]

    before = breaks()
    _scroll_to(window, shown[0])
    qtbot.waitUntil(lambda: breaks() != before)  # broken again, around the claims
    assert pacer.first_unlaid() == document.blockCount()  # all laid out, the blocks restyled again too
    # A change at the end of the text lays out again only that: no block broken again is left as changed.
    last = document.lastBlock()
    again: list[QRectF] = []
    document.documentLayout().update[QRectF].connect(again.append)
    document.markContentsDirty(last.position(), last.length())
    document.documentLayout().update[QRectF].disconnect(again.append)
    assert again
    assert min(rect.top() for rect in again) >= document.documentLayout().blockBoundingRect(last.previous()).bottom()
    assert pacer.first_unlaid() == document.blockCount()
