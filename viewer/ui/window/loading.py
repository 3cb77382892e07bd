"""BriefingLoader: loads a briefing in a worker thread so that the window stays responsive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal

from viewer.io.briefing.loader import load_briefing
from viewer.io.errors import BriefingError, Problem
from viewer.model.briefing import Briefing
from viewer.ui.notes.controller import ReadNotes, read_notes
from viewer.ui.reading.document import BriefingDocument

if TYPE_CHECKING:
    from PySide6.QtGui import QFont, QPalette

    from viewer.io.notes.store import NotesStore
    from viewer.ui.window.early_read import EarlyRead


@dataclass
class Prepared:
    """What the loading thread makes besides the briefing: its document and its notes, placed."""

    content: BriefingDocument
    notes: ReadNotes | None

    @classmethod
    def make(
        cls, briefing: Briefing, palette: QPalette, font: QFont, store: NotesStore | None, first_chars: int
    ) -> Prepared:
        """The document with the highlights of its first ``first_chars`` characters (what the view shows
        first; the rest as it comes into view, see BriefingDocument), and the notes placed."""
        from viewer.io.notes.notebook import Notebook

        notes = read_notes(Notebook(briefing, store)) if store is not None else None
        content = BriefingDocument(briefing, palette, font, spans=False)
        content.format_range(0, first_chars)
        return cls(content, notes)

    @property
    def document(self) -> QObject:
        """The QObject the loader hands over to the GUI thread."""
        return self.content.document


class BriefingLoader(QObject):
    """Runs the Qt-free loader off the GUI thread.

    Signals (delivered in the GUI thread): ``loaded(str path, object briefing, object
    prepared)`` and ``failed(str path, object problems)`` with a list of Problem.
    ``prepare(briefing)``, when given, also runs in the worker (building the
    QTextDocument there keeps the window responsive); a QObject it returns is
    moved to the GUI thread before it is delivered.

    Only the latest request is answered: a file asked for earlier that finishes
    later is dropped, so the window ends up showing what the user opened last.
    """

    loaded = Signal(str, object, object)
    failed = Signal(str, object)
    _finished = Signal(int, str, object, object, object)  # request, path, briefing, prepared, problems

    def __init__(self, parent: QObject | None = None, prepare: Callable[[Briefing], object] | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.prepare = prepare
        self._request = 0
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def start(self, path: str, early: EarlyRead | None = None) -> None:
        """Begin loading; one of the signals follows, unless another request comes first.

        ``early``: the file, being read already; only the preparing is left to do.
        """
        self._request += 1
        self._pool.start(_LoadTask(self, path, self._request, early))

    def drop(self) -> None:
        """Answer none of the requests made so far (something else is shown since, an imported article)."""
        self._request += 1

    def load_now(self, path: str) -> Briefing:
        """Load in the calling thread (for scripts and the renderer); drops loads still running."""
        self._request += 1
        return load_briefing(path)

    def _deliver(self, request: int, path: str, briefing: object, prepared: object, problems: object) -> None:
        if request != self._request:
            return
        if problems is not None:
            self.failed.emit(path, problems)
        else:
            self.loaded.emit(path, briefing, prepared)

    def wait(self) -> None:
        """Wait for running loads to finish (used when closing)."""
        self._pool.waitForDone()


class _LoadTask(QRunnable):
    def __init__(self, loader: BriefingLoader, path: str, request: int, early: EarlyRead | None = None) -> None:
        super().__init__()
        self._loader = loader
        self._path = path
        self._request = request
        self._early = early

    def run(self) -> None:
        prepared: object = None
        try:
            briefing = self._early.result() if self._early is not None else load_briefing(self._path)
            if self._loader.prepare is not None:
                prepared = self._loader.prepare(briefing)
                document = getattr(prepared, "document", None)
                if isinstance(document, QObject):
                    document.moveToThread(self._loader.thread())  # the GUI thread, where the loader lives
        except BriefingError as error:
            self._loader._finished.emit(self._request, self._path, None, None, error.problems)
        except Exception as error:
            problems = [Problem(self._path, 0, 0, f"unexpected error: {error!r}")]
            self._loader._finished.emit(self._request, self._path, None, None, problems)
        else:
            self._loader._finished.emit(self._request, self._path, briefing, prepared, None)
