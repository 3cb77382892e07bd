"""EarlyRead: a briefing file read and built in a thread of its own, started before Qt is (Qt-free)."""

from __future__ import annotations

import os
import threading

from viewer.io.briefing.loader import load_briefing
from viewer.io.errors import BriefingError
from viewer.model.briefing import Briefing

# Files from this size up are read with one heap for every thread (see share_heap_with_threads).
LARGE_FILE = 1 << 20
_M_ARENA_MAX = -8  # glibc's mallopt parameter: how many heaps (arenas) threads may have
_M_MXFAST = 1  # glibc's mallopt parameter: the largest small block set aside unmerged when freed


class EarlyRead:
    """``load_briefing(path)`` in a thread of its own; :meth:`result` waits for it.

    Started first thing, it parses, checks and builds the briefing (libxml2 outside Python's
    lock for the most part) while Qt starts and the window is made: ``briefing render`` and
    ``briefing-viewer FILE`` both read their file this way.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._result: Briefing | BriefingError | None = None
        self._large = share_heap_with_threads(path)
        self._thread = threading.Thread(target=self._run, name="briefing-read", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = load_briefing(self.path)
        except BriefingError as error:
            self._result = error
        if self._large:
            # The parsed tree is freed by now: give its pages back while Qt is still starting.
            return_freed_heap()

    def done(self) -> bool:
        """Whether the file is read (or refused) already."""
        return not self._thread.is_alive()

    def result(self) -> Briefing:
        """The briefing, once read; raises its BriefingError if it was refused."""
        self._thread.join()
        result = self._result
        if result is None:  # the thread died of something unexpected: say it the ordinary way
            return load_briefing(self.path)
        if isinstance(result, BriefingError):
            raise result
        return result


def share_heap_with_threads(path: str | None = None) -> bool:
    """Have a thread that reads a large file allocate from the heap the window then draws from (glibc only).

    glibc gives a new thread a heap of its own. The parsed tree of a large file (60 MiB for 7 MB)
    is freed in the reading thread's heap once the model is built, where the document made next
    in another thread could never reuse it: render's peak memory was that much higher (195 MiB
    against 183 MiB with one heap, on 7 MB, for the same time). ``path``: the one file a process
    reads (``render``), not worth loading ctypes for when small; None for the window, which
    opens files of any size in its loading threads for as long as it runs. Call it before any
    thread starts. Returns whether the heap is shared now.
    """
    try:
        if path is not None and os.stat(path).st_size < LARGE_FILE:
            return False
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no such file (said later, the ordinary way), or not glibc
        return False
    mallopt(_M_ARENA_MAX, 1)
    return True


def window_heap() -> None:
    """The heap settings of the window's process, made before any thread starts (glibc only).

    ``briefing-viewer`` makes them first thing; the window's benchmarks make them too, to
    measure the window as it runs.
    """
    share_heap_with_threads()
    merge_freed_blocks_at_once()


def merge_freed_blocks_at_once() -> bool:
    """Have glibc merge each small block with its free neighbours as it is freed (glibc only).

    By default glibc sets freed blocks of up to 128 bytes aside unmerged (its fast bins) and
    merges them all in one go at the next request of 1 KiB or more, holding its heap's lock and,
    when Python asked, Python's. Freeing a large file's parsed tree leaves hundreds of thousands
    of them (the 7 MB briefing's: freed in 15 ms, then 51 ms for the next such request): the
    loading thread merged them while reading the notes from SQLite or matching an expression,
    and the window, waiting for Python's lock, stood still for as long (seen with perf: the
    loading thread in malloc_consolidate, the window's in take_gil). Merged as it is freed, the
    tree takes 1 to 2 ms more to free and nothing later; a load takes as long as before.
    Returns whether the setting was made.
    """
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    return bool(mallopt(_M_MXFAST, 0))


def return_freed_heap() -> None:
    """Give the pages of the heap that nothing uses back to the system (glibc only).

    A large file's parsed tree (117 MiB for 8 MB of tiny sections) is freed once its briefing
    is built, but glibc keeps its pages, and what is built next reuses them only in part:
    the text document's few large arrays cannot be made of the tree's thousands of small
    holes. Given back, they no longer add to the process's memory (render's peak on 8 MB of
    tiny sections: see bench/bench_shapes.py). Costs 5 to 20 ms on 7 to 8 MB, run where
    nothing waits for it (ctypes lets go of Python's lock while glibc works).
    """
    try:
        import ctypes

        malloc_trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    malloc_trim(0)
