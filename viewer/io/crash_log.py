"""Native crash traces: each running app writes a fault trace to its own file, kept only if it crashed."""

from __future__ import annotations

import contextlib
import faulthandler
import os
import re
import sys
import time
from pathlib import Path
from typing import TextIO

from viewer import __version__
from viewer.io.user_folders import app_folder

_SESSION = re.compile(r"session-(\d+)\.log")
FATAL = "Fatal Python error"


def state_dir() -> Path:
    """Where the application keeps its state: $XDG_STATE_HOME/briefing-viewer (or the platform's place)."""
    return app_folder("state")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, say: alive
        return True
    return True


class CrashLog:
    """The crash traces of one application process.

    ``arm()`` makes Python's faulthandler write the native trace of a crash
    (segmentation fault, abort) of this process to ``session-<pid>.log`` in
    ``folder``; ``disarm()`` at a normal exit removes that file. A later start
    calls ``take_earlier_crash()``: a session file of a process that is gone and
    holds a trace is renamed ``crash-<date>.log`` and returned, once.

    Attributes: ``folder``, ``path`` (this process's session file once armed).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else state_dir()
        self.path: Path | None = None
        self._file: TextIO | None = None

    def take_earlier_crash(self) -> Path | None:
        """The trace of the latest earlier run that crashed, kept as a crash report; None if none did.

        Session files of runs that ended without a trace (killed, power cut) are removed.
        """
        found: list[Path] = []
        with contextlib.suppress(OSError):
            for entry in self.folder.iterdir():
                match = _SESSION.fullmatch(entry.name)
                if match is None or _alive(int(match.group(1))):
                    continue
                try:
                    with entry.open("r", encoding="utf-8", errors="replace") as file:
                        crashed = FATAL in file.read(1 << 20)
                    if not crashed:
                        entry.unlink()
                        continue
                    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(entry.stat().st_mtime))
                    report = entry.with_name(f"crash-{stamp}-{match.group(1)}.log")
                    entry.rename(report)
                except OSError:
                    continue
                found.append(report)
        return max(found, key=lambda p: p.stat().st_mtime) if found else None

    def arm(self) -> bool:
        """Write a trace of any crash of this process to its session file; False if the folder is unusable."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"session-{os.getpid()}.log"
            file = path.open("w", encoding="utf-8")
            file.write(f"Briefing Viewer {__version__}, Python {sys.version.split()[0]}, started {time.ctime()}\n")
            file.flush()
        except OSError:
            return False
        self.path, self._file = path, file
        faulthandler.enable(file=file, all_threads=True)
        return True

    def disarm(self) -> None:
        """A normal exit: stop tracing and remove this process's session file."""
        if self._file is None or self.path is None:
            return
        faulthandler.disable()
        self._file.close()
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._file = None
