"""TurnShare: background work of the window takes turns of the event loop instead of piling up in one."""

from __future__ import annotations

import time

from PySide6.QtCore import QAbstractEventDispatcher, QCoreApplication, QEvent, QObject, QTimer


class TurnShare(QObject):
    """Shares each turn of the event loop among the window's background jobs.

    Each job (a panel filled, a batch of notes listed, a stretch of text laid out, the settings
    written) runs on a timer of its own and took a few to twenty milliseconds; due in the same
    turn, they all ran in it, one after the other: the turns after a briefing was opened took 50 to
    90 ms, in which the window answered nothing. A job asks :meth:`may_run` first: the first job of
    a turn always runs; another one only while the jobs before it in that turn took less than
    ``BUDGET``, and each job once; a job turned away runs first in a turn that follows (its timer
    asks again), so none waits for long. What the jobs do is unchanged; only when.

    One per application (:meth:`shared`). A turn ends when the event dispatcher is about to wait or
    wakes up (both mark a pass of the loop), or after ``LONGEST_TURN`` whatever the dispatcher
    says (a loop driven another way never waits for ever). The dispatcher is listened to only
    while jobs ask.
    """

    BUDGET = 0.004
    LONGEST_TURN = 0.05
    IDLE_MS = 200
    WAIT_SECONDS = 0.03  # a job turned away goes first if it asks again within this time (timers of 0 or 10 ms)
    _shared: TurnShare | None = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._started: float | None = None  # when the turn's first job began
        self._waiting: object | None = None  # a job turned away: first in line
        self._waited_since = 0.0  # when it was turned away
        self._rest = ""  # "asked" by rest(), "now" in the turn that rests, "over" once a job was turned away in it
        self._ran: list[object] = []  # the jobs run in this turn
        # The passes of the loop are followed only while jobs ask (and IDLE_MS after): each call of
        # _next_turn takes Python's lock, which the loading thread holds most of the time.
        self._watching = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(self.IDLE_MS)
        self._idle.timeout.connect(lambda: self._watch(False))

    def _watch(self, on: bool) -> None:
        dispatcher = QAbstractEventDispatcher.instance()
        if dispatcher is None or on == self._watching:
            return
        self._watching = on
        for signal in (dispatcher.aboutToBlock, dispatcher.awake):
            if on:
                signal.connect(self._next_turn)
            else:
                signal.disconnect(self._next_turn)
        self._started, self._waiting = None, None
        self._ran.clear()  # (no reference to a job kept while none asks)

    @classmethod
    def shared(cls) -> TurnShare:
        """The application's TurnShare (made on first use, a child of the application)."""
        if cls._shared is None or not _valid(cls._shared):
            cls._shared = cls(QCoreApplication.instance())
        return cls._shared

    def _next_turn(self) -> None:
        self._started = None
        self._ran.clear()
        if self._rest == "asked":
            self._rest = "now"
        elif self._rest == "over":
            self._rest = ""

    def rest(self) -> None:
        """Run no job in the next turn: it is left to what the job just done asked of Qt (a view's
        delayed layout of the rows just put in, the painting of them), which took 10 to 30 ms more."""
        self._watch(True)
        self._idle.start()
        self._rest = "asked"

    def may_run(self, job: object) -> bool:
        """Whether ``job`` may run in this turn; if not, it should ask again in a later turn."""
        now = time.perf_counter()
        self._watch(True)
        self._idle.start()
        if self._started is not None and now - self._started > self.LONGEST_TURN:
            self._next_turn()
        if self._waiting is not None and now - self._waited_since > self.WAIT_SECONDS:
            self._waiting = None  # it asks no more (finished, or cancelled)
        if self._rest == "now" or self._rest == "over":
            self._rest = "over"
            if self._waiting is None:
                self._waiting, self._waited_since = job, now
            return False
        if self._waiting is not None and self._waiting is not job:
            return False  # another job was turned away before: it goes first
        if any(ran is job for ran in self._ran):
            return False  # once a turn (the layout's two timers both tick in one)
        if self._started is None or now - self._started < self.BUDGET:
            if self._started is None:
                self._started = now
            self._waiting = None
            self._ran.append(job)
            return True
        self._waiting, self._waited_since = job, now
        return False

    def later(self, job: object, call: QTimer) -> bool:
        """Ask for ``job``; when it may not run now, start ``call`` (its timer) again and say so."""
        if self.may_run(job):
            return False
        call.start()
        return True


class DeferredSync(QObject):
    """Writes a QSettings' changes to its file in a turn of its own (see TurnShare).

    QSettings writes them in the turn after a change, and the write (the file rewritten and
    flushed to the disk) took 2 to 21 ms of a turn that also filled a panel: held back while
    other jobs take the turn. What is written, and when a value is read back, are unchanged.
    """

    def __init__(self, settings: QObject) -> None:
        super().__init__(settings)
        self._settings = settings
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.setInterval(0)
        self._again.timeout.connect(self._post)
        settings.installEventFilter(self)

    @classmethod
    def install(cls, settings: QObject) -> DeferredSync:
        """Defer the writes of ``settings`` (once per settings object)."""
        for child in settings.children():
            if isinstance(child, DeferredSync):
                return child
        return cls(settings)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._settings and event.type() == QEvent.Type.UpdateRequest:
            return TurnShare.shared().later(self, self._again)
        return False

    def _post(self) -> None:
        QCoreApplication.postEvent(self._settings, QEvent(QEvent.Type.UpdateRequest))


def _valid(share: TurnShare) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(share))
