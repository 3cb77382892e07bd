"""Memory once the window has settled on the 7 MB briefing, against a bare QTextBrowser of its text.

A window goes on laying out the text it shows after its first screen, the whole document in the
background; Qt 6 keeps a shaping buffer for each block laid out, sized to the block's longest run of
text (about 40 bytes a character), so that memory grew from 135 to 312 MiB within two seconds of the
first screen. The reading view breaks the runs before they are laid out (layout_pace.break_runs).

Each process (offscreen, 1280x800) opens the file, waits until all of the text is laid out and one
more second has passed; this script then reads its proportional set size (PSS, /proc/PID/smaps_rollup). The
bare script and the window run alternately, three rounds: medians. Target: the window settles at
no more than 0.75x the bare QTextBrowser (which lays out the same text, without its formats, and
keeps every buffer).
"""

from __future__ import annotations

import statistics
import subprocess
import sys

from common import ROOT, pss_kib, synthetic

# Each child says SETTLED once settled and waits for its standard input to close; the parent reads its PSS
# meanwhile (common.pss_kib), so that no measuring code runs in the process measured.
_WAIT = """
deadline = time.monotonic() + 1
while time.monotonic() < deadline:
    app.processEvents()
print("SETTLED", flush=True)
sys.stdin.read()
"""

BARE = (
    """
import os, sys, time
sys.path.insert(0, os.path.join(os.getcwd(), "bench"))
from bare_render import plain_text  # (sets the offscreen platform)
from lxml import etree
from PySide6.QtWidgets import QApplication, QTextBrowser
root = etree.parse(sys.argv[1]).getroot()
app = QApplication([])
browser = QTextBrowser()
browser.setPlainText(plain_text(root))
browser.resize(1280, 800)
browser.show()
document = browser.document()
while document.lastBlock().layout().lineCount() == 0:
    app.processEvents()
"""
    + _WAIT
)

WINDOW = (
    """
import os, sys, tempfile, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from viewer.io.notes.store import NotesStore
from viewer.ui.reading.layout_pace import LayoutPacer
from viewer.ui.window.main_window import MainWindow
app = QApplication([])
folder = tempfile.mkdtemp()
settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
window = MainWindow(settings, NotesStore(str(Path(folder) / "notes")), open_store=False)
window.resize(1280, 800)
window.show()
window.open_path(sys.argv[1])
while window.content is None or window.panels_pending:
    app.processEvents()
document = window.view.document()
pacer = LayoutPacer.pace(document)
while pacer.first_unlaid() < document.blockCount():
    app.processEvents()
"""
    + _WAIT
)


def _pss(code: str, path: str) -> int:
    """The settled PSS (MiB) of a child running ``code`` on ``path``."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        if child.stdout.readline().strip() != "SETTLED":
            raise SystemExit(f"failed: {code.splitlines()[1:3]}")
        return pss_kib([child.pid]) // 1024
    finally:
        child.stdin.close()
        child.wait()


def main(rounds: int = 3) -> bool:
    path = str(synthetic())
    bare, ours = [], []
    for _ in range(rounds):
        bare.append(_pss(BARE, path))
        ours.append(_pss(WINDOW, path))
    ratio = statistics.median(ours) / statistics.median(bare)
    verdict = "ok" if ratio <= 0.75 else "OVER TARGET"
    print(
        f"{'settled PSS, window / bare QTextBrowser, 6.7 MB':<48} {statistics.median(ours):8d} MiB vs "
        f"{statistics.median(bare):8d} MiB  = {ratio:5.2f}x (target 0.75x) {verdict}  "
        f"(rounds: window {ours}, bare {bare})"
    )
    return ratio <= 0.75


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
