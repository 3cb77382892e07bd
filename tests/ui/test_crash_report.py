"""A native crash leaves a trace in the state folder, and the next start says so once."""

from __future__ import annotations

import faulthandler
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from viewer.io.crash_log import FATAL, CrashLog
from viewer.ui.window.app import start

# The real application, with its window made to end as soon as it is shown: by a segmentation
# fault in the GUI thread (what a dangling Qt object does), or by quitting normally.
APP = """
import faulthandler, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import viewer.ui.window.main_window as window
show = window.MainWindow.show
def show_then_end(self):
    show(self)
    QTimer.singleShot(0, faulthandler._sigsegv if sys.argv[1] == "crash" else QApplication.quit)
window.MainWindow.show = show_then_end
from viewer.ui.window.app import main
sys.exit(main([]))
"""


def run_app(how: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_STATE_HOME=str(home / "state"), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", APP, how], env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state" / "briefing-viewer"


def test_a_normal_exit_leaves_nothing(tmp_path: Path, state: Path) -> None:
    result = run_app("quit", tmp_path)
    assert result.returncode == 0, result.stderr
    assert state.is_dir() and list(state.iterdir()) == []


def test_a_crash_is_traced_and_told_once_at_the_next_start(tmp_path: Path, state: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    result = run_app("crash", tmp_path)
    assert result.returncode != 0
    [session] = list(state.iterdir())
    trace = session.read_text()
    assert FATAL in trace and "Segmentation fault" in trace and "viewer/ui/window/app.py" in trace

    log = CrashLog(state)
    try:
        window = start([], log)
        qtbot.addWidget(window)
        [box] = [b for b in window.findChildren(QMessageBox) if b.objectName() == "crash-report"]
        qtbot.waitUntil(box.isVisible)
        [report] = list(state.glob("crash-*.log"))
        assert str(report) in box.text() and report.read_text() == trace
        window.grab()
        assert CrashLog(state).take_earlier_crash() is None  # told once
    finally:
        log.disarm()
        faulthandler.enable()  # pytest's own, which arming replaced
    assert list(state.glob("session-*.log")) == []
