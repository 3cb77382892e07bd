"""A briefing opened in the background, or read from the command line while the window starts, looks as one opened at once."""

from __future__ import annotations

import faulthandler
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDockWidget

from tests.corpus import FRENCH, write_case
from viewer.io.crash_log import CrashLog
from viewer.ui.window.app import start
from viewer.ui.window.early_read import EarlyRead
from viewer.ui.window.main_window import MainWindow

# Small, so that the loading thread's guess of the first screen leaves text for the view to format.
SIZE = (640, 480)


def _text_picture(window: MainWindow) -> QImage:
    QApplication.processEvents()
    return window.view.viewport().grab().toImage()


def test_a_briefing_opened_in_the_background_looks_as_one_opened_at_once(qtbot, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(settings, None, open_store=False)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    for dock in window.findChildren(QDockWidget):
        dock.hide()  # the text gets the window
    window.show()
    qtbot.waitExposed(window)
    bar = window.view.verticalScrollBar()
    window.open_path(FRENCH, wait=True)
    assert window.content is not None and window.content.fully_formatted
    bar.setValue(bar.maximum())
    eager = [_text_picture(window)]
    bar.setValue(0)
    eager.insert(0, _text_picture(window))
    # Over a text as long (no scroll bar comes, so no resize formats what shows), read in the background:
    with qtbot.waitSignal(window.briefingLoaded, timeout=20_000):
        window.open_path(FRENCH)
    assert window.content is not None and not window.content.fully_formatted  # only what shows was formatted
    assert bar.value() == 0  # (a scroll would format what it shows)
    lazy = [_text_picture(window)]
    bar.setValue(bar.maximum())
    lazy.append(_text_picture(window))
    assert lazy == eager


def _started(qtbot, tmp_path: Path, path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    log = CrashLog(tmp_path / "state")
    try:
        window = start([str(path)], log, EarlyRead(str(path)))
        qtbot.addWidget(window)
        return window
    finally:
        log.disarm()
        faulthandler.enable()  # pytest's own, which arming replaced


def test_the_file_named_on_the_command_line_is_read_while_the_window_starts(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = _started(qtbot, tmp_path, FRENCH)
    qtbot.waitUntil(lambda: window.briefing is not None, timeout=20_000)
    assert window.briefing is not None
    assert window.windowTitle() == f"{window.briefing.meta.title} — Briefing Viewer"
    assert window.view.document().toRawText().replace("\u2029", "\n") == window.briefing.text


def test_a_refused_file_named_on_the_command_line_gets_the_problems_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from viewer.ui.window.problems_dialog import ProblemsDialog

    bad = write_case("duplicate-id", tmp_path)
    window = _started(qtbot, tmp_path, bad)
    qtbot.waitUntil(lambda: window.findChild(ProblemsDialog) is not None, timeout=20_000)
    dialog = window.findChild(ProblemsDialog)
    assert dialog is not None and f"{bad}:8:" in dialog.details.toPlainText()
    assert window.briefing is None and window.windowTitle() == "Briefing Viewer"


def test_store_names_the_notes_store_of_the_window_as_the_readme_says(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``briefing-viewer --store PATH FILE`` opens FILE with the notes of PATH (it used to open PATH as a briefing)."""
    from viewer.io.briefing.loader import load_briefing
    from viewer.io.notes.notebook import Notebook
    from viewer.io.notes.store import NotesStore

    mine = tmp_path / "mine.sqlite3"
    briefing = load_briefing(FRENCH)
    start_at = briefing.text.index("3 000 soldats")
    notes = NotesStore(mine)
    notes.add(Notebook(briefing, notes).new_note(start_at, start_at + 13, "from my store", "blue", []))
    log = CrashLog(tmp_path / "state")
    try:
        window = start(["--store", str(mine), str(FRENCH)], log)
        qtbot.addWidget(window)
    finally:
        log.disarm()
        faulthandler.enable()
    qtbot.waitUntil(lambda: window.notes_panel.status.text() == "1 note", timeout=20_000)
    assert window.briefing is not None and Path(str(window.briefing.path)).resolve() == FRENCH.resolve()
    assert window.notes.store is not None and window.notes.store.path == mine
