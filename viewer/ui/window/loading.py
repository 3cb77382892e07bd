"""BriefingLoader: loads a briefing in a worker thread so that the window stays responsive."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal

from viewer.io.briefing.loader import load_briefing
from viewer.io.errors import BriefingError, Problem
from viewer.model.briefing import Briefing
from viewer.ui.common.turns import TurnShare
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
        cls,
        briefing: Briefing,
        palette: QPalette,
        font: QFont,
        store: NotesStore | None,
        first_chars: int,
        at: Callable[[Briefing], int] | None = None,
    ) -> Prepared:
        """The document with the highlights of its first ``first_chars`` characters (what the view shows
        first; the rest as it comes into view, see BriefingDocument), and the notes placed.

        ``at``: the offset the window will show first (where the reader left the briefing): of a
        briefing shown in parts, the document of the part that holds it."""
        from viewer.io.notes.notebook import Notebook

        notes = read_notes(Notebook(briefing, store)) if store is not None else None
        start = at(briefing) if at is not None else 0
        parts = BriefingDocument.split(briefing)
        part = BriefingDocument.part_at(parts, start)
        content = BriefingDocument(briefing, palette, font, False, part.number, parts)
        content.format_range(start, start + first_chars)
        return cls(content, notes)

    @property
    def document(self) -> QObject:
        """The QObject the loader hands over to the GUI thread."""
        return self.content.document


_COLLECTOR = threading.Lock()
_building = 0  # loads running in any window's loading thread
_switch_interval = 0.005  # Python's, restored when the last load ends
# How long the window waits for Python's lock while a load runs. The window's painting calls into
# Python a few times per frame, and each call waited for the loading thread to give the lock up:
# up to 5 ms each (Python's default), 30 to 60 ms a frame.
LOADING_SWITCH_INTERVAL = 0.0005


@contextmanager
def built_apart() -> Iterator[list[bool]]:
    """Load with Python's cycle collector paused; what a load that succeeded made is then frozen.

    Meanwhile the window waits less for Python's lock (see ``LOADING_SWITCH_INTERVAL``).

    A briefing is a hundred thousand objects with no reference cycle among them (the model is
    built so) that live as long as it is shown. Every full collection walked them all, holding
    Python's lock: the window, whose painting runs Python, stood still 40 to 200 ms at a time,
    during the load and after it. Frozen (``gc.freeze``), they are left out of collections;
    being acyclic, they are still freed as soon as the briefing is let go.

    Set the yielded flag's ``[0]`` to True once the load has succeeded: a load that failed freezes
    nothing (its error holds frames, which are cycles). What else was alive then is frozen too:
    :func:`thaw` gives it back to the collector when no briefing is shown.
    """
    global _building, _switch_interval
    with _COLLECTOR:
        if _building == 0:
            _switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_interval, LOADING_SWITCH_INTERVAL))
        _building += 1
        gc.disable()
    succeeded = [False]
    try:
        yield succeeded
    finally:
        with _COLLECTOR:
            _building -= 1
            if succeeded[0]:
                gc.freeze()
            if _building == 0:
                gc.enable()
                sys.setswitchinterval(_switch_interval)


def thaw() -> None:
    """Give what loads froze back to the cycle collector (a window closed, or shows no briefing).

    Cheap when no large briefing is alive; the next full collection then walks what is.
    """
    with _COLLECTOR:
        gc.unfreeze()


class Steps(QObject):
    """Runs a list of calls one per turn of the event loop, so that the window answers between them
    (in turns shared with the window's other background work: see TurnShare).

    :meth:`start` drops the calls still waiting from the last start (what they would have shown
    is no longer wanted); :meth:`finish` runs those still waiting at once. ``pending`` tells
    whether any wait.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._calls: list[Callable[[], object]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)

    @property
    def pending(self) -> bool:
        """Whether calls wait."""
        return bool(self._calls)

    def start(self, calls: list[Callable[[], object]]) -> None:
        """Run ``calls`` in order, each in a turn of its own; the calls still waiting are dropped."""
        self._calls = list(calls)
        if self._calls:
            self._timer.start()
        else:
            self._timer.stop()

    def then(self, call: Callable[[], object]) -> None:
        """Run ``call`` after the calls waiting (in a turn of its own)."""
        self._calls.append(call)
        self._timer.start()

    def cancel(self) -> None:
        """Drop the calls still waiting."""
        self.start([])

    def finish(self) -> None:
        """Run the calls still waiting, now."""
        self._timer.stop()
        while self._calls:
            self._calls.pop(0)()

    def _next(self) -> None:
        if self._calls and TurnShare.shared().later(self, self._timer):
            return  # another job of the window takes this turn (see TurnShare)
        if self._calls:
            self._calls.pop(0)()
            TurnShare.shared().rest()
        if self._calls:
            self._timer.start()


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
        """Load in the calling thread (for scripts and the renderer); drops loads still running.

        What the load made is frozen, as a background load's is (see :func:`built_apart`).
        """
        self._request += 1
        with built_apart() as succeeded:
            briefing = load_briefing(path)
            succeeded[0] = True
        return briefing

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
        with built_apart() as succeeded:
            self._run(succeeded)

    def _run(self, succeeded: list[bool]) -> None:
        prepared: object = None
        try:
            briefing = self._early.result() if self._early is not None else load_briefing(self._path)
            if self._loader.prepare is not None:
                prepared = self._loader.prepare(briefing)
                document = getattr(prepared, "document", None)
                if isinstance(document, QObject):
                    document.moveToThread(self._loader.thread())  # the GUI thread, where the loader lives
            succeeded[0] = True
        except BriefingError as error:
            self._loader._finished.emit(self._request, self._path, None, None, error.problems)
        except Exception as error:
            problems = [Problem(self._path, 0, 0, f"unexpected error: {error!r}")]
            self._loader._finished.emit(self._request, self._path, None, None, problems)
        else:
            self._loader._finished.emit(self._request, self._path, briefing, prepared, None)
