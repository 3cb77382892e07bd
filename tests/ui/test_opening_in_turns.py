"""Opening in turns of the event loop: the text first, then the panels, never another briefing's; nothing kept."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from tests.corpus import FRENCH, TOUR
from tests.corpus import briefing as briefing_xml
from viewer.io.briefing.loader import load_briefing
from viewer.model.briefing import Briefing
from viewer.ui.reading.layout_pace import LayoutPacer
from viewer.ui.window.main_window import MainWindow


def _panels_show(window: MainWindow) -> set[str]:
    """The titles of the briefings whose sections, actors or claims the panels list (what a user reads there)."""
    shown = set()
    for briefing in (FRENCH_BRIEFING, TOUR_BRIEFING):
        sections = window.sections
        if sections.rowCount() and sections.index(0, 0).data() in {s.heading for s in briefing.walk_sections()}:
            shown.add(briefing.meta.title)
        actors = window.actor_panel.model
        names = {a.name for a in briefing.actors.values()}
        for group in range(actors.rowCount()):
            group_index = actors.index(group, 0)
            if any(actors.index(row, 0, group_index).data() in names for row in range(actors.rowCount(group_index))):
                shown.add(briefing.meta.title)
        claims = window.claim_panel.model
        texts = {briefing.text[c.start : c.end] for c in briefing.claims}
        if claims.rowCount() and claims.index(0, 0).data() in texts:
            shown.add(briefing.meta.title)
    return shown


FRENCH_BRIEFING = load_briefing(str(FRENCH))
TOUR_BRIEFING = load_briefing(str(TOUR))


def test_the_text_comes_first_then_the_panels_and_never_those_of_the_briefing_before(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    titles: list[str] = []
    window.windowTitleChanged.connect(titles.append)
    window.open_path(FRENCH)
    qtbot.waitUntil(lambda: window.briefing is not None, timeout=20_000)
    first = FRENCH_BRIEFING.meta.title
    assert window.windowTitle().startswith(first)
    assert window.panels_pending  # the text is shown, the panels come in the turns that follow
    window.open_path(TOUR)  # at once, while the first one's panels fill
    second = TOUR_BRIEFING.meta.title
    loaded: list[str] = []
    window.briefingLoaded.connect(loaded.append)
    filling = 0  # turns in which the second briefing's text was shown and its panels not all filled
    while not loaded:
        QApplication.processEvents()
        window.grab()  # painted between steps, as the user sees it
        shown = _panels_show(window)
        if window.windowTitle().startswith(second):
            assert shown <= {second}, "panels show the briefing before while the text shows the next"
            filling += window.panels_pending
        assert len(shown) <= 1
    assert loaded == [str(TOUR)] and filling > 0
    assert _panels_show(window) == {second} and not window.panels_pending
    assert window.windowTitle().startswith(second)


def test_a_briefing_opened_in_the_background_fills_every_panel(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(TOUR)
    assert not window.panels_pending
    briefing = window.briefing
    assert briefing is not None
    assert window.sections.rowCount() == len(briefing.sections)
    assert window.claim_panel.model.rowCount() == len(briefing.claims)
    actors = window.actor_panel.model
    assert sum(actors.rowCount(actors.index(group, 0)) for group in range(actors.rowCount())) == len(briefing.actors)


@contextmanager
def _collector_off() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _sections(briefing: Briefing | None) -> list[weakref.ReferenceType[object]]:
    assert briefing is not None
    return [weakref.ref(section) for section in briefing.walk_sections()]


def test_a_briefing_let_go_is_freed_at_once_without_the_cycle_collector(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    # Loads freeze what they made (the collector no longer walks it): only what holds no cycle is freed then.
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(FRENCH)
    first = _sections(window.briefing)
    assert first and gc.get_freeze_count() > 0
    with _collector_off():
        with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
            window.open_path(TOUR)
        window.view.set_content(window.content)  # (nothing of the first kept by the view's last searches)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not [ref for ref in first if ref() is not None], "the briefing before is still alive"
        second = _sections(window.briefing)
        window.close_document()
        assert not [ref for ref in second if ref() is not None]


class _Counter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_twenty_opens_and_closes_leave_nothing_behind(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    def tracked() -> int:
        gc.collect()
        return len(gc.get_objects()) + gc.get_freeze_count()

    counts = []
    for _ in range(20):
        with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
            window.open_path(FRENCH)
        window.close_document()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        counts.append(tracked())
    # The first opens make what stays for good (caches, the menus of recent files); then nothing grows.
    assert max(counts[5:]) - counts[5] < 100, counts


def test_note_counts_changed_all_at_once_are_painted(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.open_path(FRENCH, wait=True)
    briefing = window.briefing
    assert briefing is not None
    QApplication.processEvents()
    painted = _Counter()
    window.section_tree.viewport().installEventFilter(painted)
    window.sections.set_note_counts({s.id: 3 for s in briefing.walk_sections()})  # many at once, as an open does
    qtbot.waitUntil(lambda: painted.count > 0)
    index = window.sections.index(0, 2)
    assert index.data() == "3"


class _Progress(QObject):
    """Where the layout had got to at each tick of the layout's timer (before that tick's step)."""

    def __init__(self, pacer: LayoutPacer) -> None:
        super().__init__()
        self.pacer = pacer
        self.positions: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Timer:
            document = self.pacer.parent()
            assert isinstance(document, QTextDocument)
            first = self.pacer.first_unlaid()
            block = document.findBlockByNumber(first)
            self.positions.append(block.position() if block.isValid() else document.characterCount())
        return False


def test_a_long_text_is_laid_out_in_short_steps_and_as_at_once(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    words = " ".join(f"word{n}" for n in range(300))
    path = tmp_path / "long.xml"
    path.write_text(briefing_xml("\n".join(f"<p>{n} {words}</p>" for n in range(600))), encoding="utf-8")
    window.open_path(path)
    qtbot.waitUntil(lambda: window.content is not None, timeout=20_000)
    document = window.view.document()
    pacer = LayoutPacer.pace(document)
    progress = _Progress(pacer)
    document.documentLayout().installEventFilter(progress)  # (filters run last installed first: before the pacer)
    qtbot.waitUntil(lambda: pacer.first_unlaid() == document.blockCount(), timeout=60_000)
    assert document.characterCount() > 1_000_000
    steps = [after - before for before, after in zip(progress.positions, progress.positions[1:], strict=False)]
    # Qt's own steps double up to 200,000 characters; the pacer's stay within its most, give or take a
    # stretch of Qt's (it stops only where it sets a check point, every 2,000 pixels of text).
    assert steps and max(steps) <= LayoutPacer.MAX_STEP_CHARS + 30_000, max(steps)
    # The same layout as the whole text laid out at once, at the same width.
    paced = document.documentLayout()
    at_once = document.clone()
    at_once.setTextWidth(document.textWidth())
    whole = at_once.documentLayout()
    assert whole.documentSize() == paced.documentSize()
    for number in range(0, document.blockCount(), 37):
        block = document.findBlockByNumber(number)
        assert whole.blockBoundingRect(at_once.findBlockByNumber(number)) == paced.blockBoundingRect(block)
