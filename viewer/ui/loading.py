"""BriefingLoader: loads a briefing in a worker thread so that the window stays responsive."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from viewer.io.errors import BriefingError, Problem
from viewer.io.loader import load_briefing
from viewer.model.briefing import Briefing


class BriefingLoader(QObject):
    """Runs the Qt-free loader off the GUI thread.

    Signals (delivered in the GUI thread): ``loaded(str path, object briefing, object
    prepared)`` and ``failed(str path, object problems)`` with a list of Problem.
    ``prepare(briefing)``, when given, also runs in the worker (building the
    QTextDocument there keeps the window responsive); a QObject it returns is
    moved to the GUI thread before it is delivered.
    """

    loaded = Signal(str, object, object)
    failed = Signal(str, object)

    def __init__(self, parent: QObject | None = None, prepare: Callable[[Briefing], object] | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.prepare = prepare

    def start(self, path: str) -> None:
        """Begin loading; one of the signals follows."""
        self._pool.start(_LoadTask(self, path))

    def load_now(self, path: str) -> Briefing:
        """Load in the calling thread (for scripts and the renderer)."""
        return load_briefing(path)

    def wait(self) -> None:
        """Wait for running loads to finish (used when closing)."""
        self._pool.waitForDone()


class _LoadTask(QRunnable):
    def __init__(self, loader: BriefingLoader, path: str) -> None:
        super().__init__()
        self._loader = loader
        self._path = path

    def run(self) -> None:
        prepared: object = None
        try:
            briefing = load_briefing(self._path)
            if self._loader.prepare is not None:
                prepared = self._loader.prepare(briefing)
                document = getattr(prepared, "document", None)
                if isinstance(document, QObject):
                    document.moveToThread(QCoreApplication.instance().thread())
        except BriefingError as error:
            self._loader.failed.emit(self._path, error.problems)
        except Exception as error:
            self._loader.failed.emit(self._path, [Problem(self._path, 0, 0, f"unexpected error: {error!r}")])
        else:
            self._loader.loaded.emit(self._path, briefing, prepared)
