"""The ``briefing-viewer`` entry point: the reading window, on a file if one is given."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from viewer import __version__
from viewer.io.crash_log import CrashLog

if TYPE_CHECKING:
    from viewer.ui.window.early_read import EarlyRead
    from viewer.ui.window.main_window import MainWindow


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The GUI's own arguments (Qt's are left to Qt)."""
    parser = argparse.ArgumentParser(prog="briefing-viewer", description="Read a briefing.")
    parser.add_argument("file", nargs="?", metavar="FILE", help="a briefing to open")
    parser.add_argument(
        "--store", metavar="PATH", help="the notes store (default: $BRIEFING_VIEWER_STORE, else the data folder's)"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_known_args(argv)[0]


def start(argv: Sequence[str], crash_log: CrashLog, early: EarlyRead | None = None) -> MainWindow:
    """The window, shown, on the file named in ``argv``; says so if the last run crashed.

    ``early``: that file, being read already (see :func:`main`).
    """
    from PySide6.QtWidgets import QApplication

    from viewer.ui.window.main_window import MainWindow

    args = parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("BriefingViewer")
    app.setApplicationName("Briefing Viewer")
    app.setApplicationVersion(__version__)
    earlier = crash_log.take_earlier_crash()
    crash_log.arm()
    window = MainWindow(store_path=args.store)
    window.resize(1280, 800)
    window.restore_layout()
    window.show()
    if earlier is not None:
        window.report_earlier_crash(earlier)
    if args.file:
        window.open_path(args.file, early=early if early is not None and early.path == args.file else None)
    return window


def _read_early(argv: Sequence[str]) -> EarlyRead | None:
    file = parse_args(argv).file
    if not file:
        return None
    from viewer.ui.window.early_read import EarlyRead

    return EarlyRead(file)


def main(argv: Sequence[str] | None = None) -> int:
    """Start the application."""
    argv = sys.argv[1:] if argv is None else argv
    # The file is read and built first thing, in a thread, while Qt starts and the window is made
    # (as `briefing render` does): the window used to start reading only once it was shown.
    from viewer.ui.window.early_read import window_heap

    # One heap for every thread, whatever the first file: the window reads any file in a loading
    # thread, and a heap per thread kept what one thread freed away from the others; small freed
    # blocks merged at once, never all together while the window waits (see there).
    window_heap()
    early = _read_early(argv)
    from PySide6.QtWidgets import QApplication

    crash_log = CrashLog()
    window = start(argv, crash_log, early)
    status = int(QApplication.exec())
    del window
    crash_log.disarm()
    return status


if __name__ == "__main__":
    sys.exit(main())
