"""Reopening: the briefing before is let go once the new one's panels are filled, a part per turn; a refused file keeps it."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.corpus import FRENCH, TOUR, write_case
from tests.corpus import briefing as briefing_xml
from tests.ui.test_many_notes import MANY, in_order, listed, many  # noqa: F401  (the fixture)
from tests.ui.user import CTRL, User
from viewer.io.briefing.loader import load_briefing
from viewer.model.briefing import Briefing
from viewer.ui.reading.layout_pace import LayoutPacer
from viewer.ui.window.main_window import MainWindow

TOUR_TITLE = load_briefing(TOUR).meta.title


def _alive(refs: list[weakref.ReferenceType[object]]) -> bool:
    return any(ref() is not None for ref in refs)


def _sections(briefing: Briefing | None) -> list[weakref.ReferenceType[object]]:
    """Weak references to a briefing's sections (a Briefing takes none itself): alive while it is."""
    assert briefing is not None
    refs: list[weakref.ReferenceType[object]] = [weakref.ref(section) for section in briefing.walk_sections()]
    assert refs
    return refs


def _filled(window: MainWindow) -> bool:
    """Whether the sections, actors and claims panels list the shown briefing (what the user reads there)."""
    briefing = window.briefing
    if briefing is None:
        return False
    actors = window.actor_panel.model
    listed_actors = sum(actors.rowCount(actors.index(group, 0)) for group in range(actors.rowCount()))
    return (
        window.sections.rowCount() == len(briefing.sections)
        and window.claim_panel.model.rowCount() == len(briefing.claims)
        and listed_actors == len(briefing.actors)
    )


@dataclass
class _Turn:
    """What one turn of the event loop left: the new briefing shown, its panels, the old one's parts alive."""

    shown: bool
    filled: bool
    document: bool
    notebook: bool
    briefing: bool


def test_the_briefing_before_is_let_go_after_the_panels_a_part_per_turn(  # type: ignore[no-untyped-def]
    window: MainWindow,
    qtbot,
    many: set[str],  # noqa: F811
) -> None:
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(FRENCH)
    qtbot.waitUntil(window.notes_panel.model.filled, timeout=10_000)
    old_briefing = _sections(window.briefing)
    old_document = window.view.document()
    assert window.notes.notebook is not None
    old_notebook = weakref.ref(window.notes.notebook)
    loaded: list[str] = []
    window.briefingLoaded.connect(loaded.append)
    window.open_path(TOUR)
    turns: list[_Turn] = []
    while not loaded:
        QApplication.processEvents()
        window.grab()  # painted between turns, as the user sees it
        turns.append(
            _Turn(
                window.windowTitle().startswith(TOUR_TITLE),
                window.windowTitle().startswith(TOUR_TITLE) and _filled(window),
                shiboken6.isValid(old_document),
                old_notebook() is not None,
                _alive(old_briefing),
            )
        )
    shown = next(n for n, turn in enumerate(turns) if turn.shown)
    filled = next(n for n, turn in enumerate(turns) if turn.filled)
    # Shown, the new briefing's text; the old one is held meanwhile, whole, its text document too.
    assert turns[shown] == _Turn(True, False, True, True, True)
    assert shown < filled
    # Then, the panels filled, the old text document goes, its notes with their notebook in a later
    # turn, the briefing itself in a later one still; all before briefingLoaded.
    document = next(n for n, turn in enumerate(turns) if not turn.document)
    notebook = next(n for n, turn in enumerate(turns) if not turn.notebook)
    briefing = next(n for n, turn in enumerate(turns) if not turn.briefing)
    assert filled <= document < notebook < briefing
    assert turns[-1] == _Turn(True, True, False, False, False)
    # The new briefing shows all its notes (none of the old one's: the store's notes are on FRENCH).
    assert window.placed_notes.briefing is window.briefing
    assert listed(window) == in_order(window)
    assert not window.notes.undo_stack.count()


def _long(tmp_path: Path) -> Path:
    """A briefing whose text (1.3 million characters) takes many turns of the event loop to lay out."""
    words = " ".join(f"word{n}" for n in range(300))
    path = tmp_path / "long.xml"
    path.write_text(briefing_xml("\n".join(f"<p>{n} {words}</p>" for n in range(600))), encoding="utf-8")
    return path


def test_the_text_shown_is_not_laid_out_further_while_the_next_loads_nor_once_left(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    long = _long(tmp_path)
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(long)
    document = window.view.document()
    pacer = LayoutPacer.pace(document)
    loaded: list[str] = []
    window.briefingLoaded.connect(loaded.append)
    window.open_path(long)  # again: long enough to load for a few turns
    at = pacer.first_unlaid()
    assert at < document.blockCount()  # it was still being laid out in the background
    loading = left = 0  # turns while the next file loaded; turns in which the text left was still there
    while not loaded:
        # A turn that lasts until a timer of 10 ms has fired, as the layout's own timer has then.
        with qtbot.waitSignal(_tick().timeout, timeout=5_000):
            pass
        if shiboken6.isValid(document):
            loading += window.view.document() is document
            left += window.view.document() is not document
            assert pacer.first_unlaid() == at, "laid out while another file loaded, or once left"
    assert loading > 0 and left > 0 and not shiboken6.isValid(document)


def test_a_refused_file_lets_the_text_shown_be_laid_out_again(window: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(_long(tmp_path))
    document = window.view.document()
    pacer = LayoutPacer.pace(document)
    with qtbot.waitSignal(window.loadFailed, timeout=10_000):
        window.open_path(write_case("nested-claim", tmp_path))
    at = pacer.first_unlaid()
    assert at < document.blockCount()
    qtbot.waitUntil(lambda: pacer.first_unlaid() == document.blockCount(), timeout=60_000)


def _tick() -> QTimer:
    timer = QTimer(QApplication.instance())
    timer.setSingleShot(True)
    timer.timeout.connect(timer.deleteLater)
    timer.start(10)
    return timer


def test_a_refused_file_leaves_the_briefing_open_with_its_notes_panels_and_undo(  # type: ignore[no-untyped-def]
    window: MainWindow,
    qtbot,
    tmp_path: Path,
    many: set[str],  # noqa: F811
) -> None:
    user = User(window, qtbot)
    assert user.open_with_dialog(FRENCH)
    qtbot.waitUntil(window.notes_panel.model.filled, timeout=10_000)
    briefing = window.briefing
    assert briefing is not None
    start = briefing.text.index("Moscou")
    user.drag_select(start, start + 6)
    user.write_note("kept through a refusal")
    user.press(Qt.Key.Key_E, CTRL)
    user.paint()
    document = window.view.document()
    before = seen(window)
    assert before[-1] == 1 and before[-2] == f"{MANY + 1} notes"
    bad = write_case("nested-claim", tmp_path)
    assert not user.open_with_dialog(bad)
    user.dismiss_problems()
    for _ in range(5):  # turns after the refusal: nothing is let go later either
        with qtbot.waitSignal(_tick().timeout, timeout=5_000):
            pass
        user.paint()
    assert window.briefing is briefing and window.view.document() is document and shiboken6.isValid(document)
    after = seen(window)
    assert after == before
    assert _filled(window) and not window.panels_pending
    user.press(Qt.Key.Key_Z, CTRL)  # the note made before the refusal can still be undone
    user.paint()
    assert set(listed(window)) == many and window.notes_panel.status.text() == f"{MANY} notes"


def test_briefings_left_while_others_wait_to_be_let_go_are_all_freed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(FRENCH)
    first, first_document = _sections(window.briefing), window.view.document()
    # Another briefing, and while the first still waits to be let go, the first file again.
    window.open_path(TOUR)
    qtbot.waitUntil(lambda: window.windowTitle().startswith(TOUR_TITLE), timeout=20_000)
    assert window.panels_pending and _alive(first)
    second, second_document = _sections(window.briefing), window.view.document()
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(FRENCH)
    assert not _alive(first) and not _alive(second)
    assert not shiboken6.isValid(first_document) and not shiboken6.isValid(second_document)
    # Closed while the one before waits to be let go: both go at once.
    third, third_document = _sections(window.briefing), window.view.document()
    window.open_path(TOUR)
    qtbot.waitUntil(lambda: window.windowTitle().startswith(TOUR_TITLE), timeout=20_000)
    fourth = _sections(window.briefing)
    assert _alive(third)
    window.close_document()
    assert not _alive(third) and not _alive(fourth) and not shiboken6.isValid(third_document)
    assert window.briefing is None and not window.panels_pending


def seen(window: MainWindow) -> tuple[object, ...]:
    """What the user sees of the briefing shown: title, text, panels' rows, notes, what can be undone."""
    return (
        window.windowTitle(),
        window.view.document().toRawText(),
        window.sections.rowCount(),
        window.claim_panel.model.rowCount(),
        listed(window),
        window.notes_panel.status.text(),
        window.notes.undo_stack.count(),
    )
