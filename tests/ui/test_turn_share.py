"""The window's background jobs take turns of the event loop: after a reopen, no turn runs two of them."""

from __future__ import annotations

import itertools
import random
import weakref
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from tests.corpus import FRENCH
from tests.ui.test_reopen_let_go import _alive, _long, _sections
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
from viewer.ui.common.turns import TurnShare
from viewer.ui.notes import model
from viewer.ui.reading.layout_pace import LayoutPacer
from viewer.ui.window.main_window import MainWindow

NOTES = 60


def _seen(window: MainWindow, old: dict[str, object], settings: Path) -> dict[str, object]:
    """What each background job changes: the notes listed, each panel, the text laid out, each part of the
    briefing before let go, the settings file."""
    document = window.view.document()
    actors = window.actor_panel.model
    notebook = old["notebook"]
    assert isinstance(notebook, weakref.ref)
    return {
        "notes": window.notes_panel.model.rowCount(),
        "sections": window.sections.rowCount(),
        "actors": sum(actors.rowCount(actors.index(group, 0)) for group in range(actors.rowCount())),
        "claims": window.claim_panel.model.rowCount(),
        "layout": LayoutPacer.pace(document).first_unlaid(),
        "old text": shiboken6.isValid(old["document"]),
        "old notes": notebook() is not None,
        "old briefing": _alive(old["briefing"]),  # type: ignore[arg-type]
        "settings": settings.read_bytes() if settings.exists() else b"",
    }


def test_after_a_reopen_no_turn_runs_two_background_jobs_and_all_are_done(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, tmp_path: Path, store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One job a turn however quick it is (the budget shares out only what one job leaves of a turn).
    monkeypatch.setattr(TurnShare, "BUDGET", 0.0)
    monkeypatch.setattr(TurnShare, "LONGEST_TURN", 3600.0)
    monkeypatch.setattr(model, "FIRST_ROWS", 5)
    monkeypatch.setattr(model, "BATCH_ROWS", 5)
    long = _long(tmp_path)  # laid out over many turns
    briefing = load_briefing(long)
    notebook = Notebook(briefing, store)
    rng = random.Random(5)
    starts = [rng.randrange(0, len(briefing.text) - 40) for _ in range(NOTES)]
    store.add_many([notebook.new_note(s, s + 20, f"note {n}", "blue", []) for n, s in enumerate(starts)])
    del briefing, notebook
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(FRENCH)
    qtbot.waitUntil(window.notes_panel.model.filled, timeout=10_000)
    assert window.notes.notebook is not None
    old = {
        "document": window.view.document(),
        "notebook": weakref.ref(window.notes.notebook),
        "briefing": _sections(window.briefing),
    }
    settings = Path(window.settings.fileName())
    loaded: list[str] = []
    window.briefingLoaded.connect(loaded.append)
    window.open_path(long)
    while window.view.document() is old["document"]:  # the file loads, and is handed over
        QApplication.processEvents()
    turns = [_seen(window, old, settings)]
    recent = str(long.resolve())
    while len(turns) < 100_000:
        QApplication.processEvents()
        turns.append(_seen(window, old, settings))
        listed = turns[-1]["notes"] == NOTES + 1  # and a heading
        # Read as bytes: a QSettings on the file would write the window's changes itself, when it goes.
        written = recent.encode() in turns[-1]["settings"]  # type: ignore[operator]
        laid_out = len({turn["layout"] for turn in turns}) > 3
        if loaded and listed and written and laid_out and not turns[-1]["old briefing"]:
            break
    jobs = [[key for key in after if after[key] != before[key]] for before, after in itertools.pairwise(turns)]
    # The turn after the handover is left to painting the new text: the settings written, a panel filled
    # or notes listed then made it 30 to 50 ms.
    assert jobs[0] == []
    together = [done for done in jobs if len(done) > 1]
    assert not together, f"jobs run in one turn: {together[:5]}"
    done = {key for turn in jobs for key in turn}
    # Every job was done: the notes listed, the panels filled, the text laid out further, the briefing
    # before let go, the settings written (what the user will find on the next start).
    assert done >= {"notes", "sections", "layout", "old text", "old notes", "old briefing", "settings"}
    assert turns[-1]["notes"] == NOTES + 1 and turns[-1]["sections"] == 1 and turns[-1]["actors"] == 1
    window.settings.sync()
    assert QSettings(str(settings), QSettings.Format.IniFormat).value("recent-files")[0] == recent


def test_a_job_turned_away_goes_first_in_the_next_turn(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(TurnShare, "BUDGET", 0.0)
    monkeypatch.setattr(TurnShare, "LONGEST_TURN", 3600.0)
    share = TurnShare()  # not the application's: nothing else asks it
    first, second = object(), object()
    QApplication.processEvents()
    assert share.may_run(first)
    assert not share.may_run(second)  # the turn is taken
    QApplication.processEvents()
    assert not share.may_run(first)  # the job turned away goes first, though it asks second
    assert share.may_run(second)
    QApplication.processEvents()
    assert share.may_run(first)
    share.rest()
    QApplication.processEvents()
    assert not share.may_run(first) and not share.may_run(second)  # a turn left to Qt
    QApplication.processEvents()
    assert share.may_run(first)
    share.deleteLater()
