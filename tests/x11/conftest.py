"""The installed viewer in a real X server (Xvfb, started by pytest-xvfb), driven with xdotool's real input events."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from viewer.platform_check import install_command, missing_libraries, qt_files

VIEWER = shutil.which("briefing-viewer", path=str(Path(sys.executable).parent)) or "briefing-viewer"
WAIT = 20.0  # seconds: how long any one awaited state may take before the test fails, saying which
# Variables that would make Qt pick the desktop's own file dialogs or theme instead of its own.
DESKTOP_VARIABLES = ("XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION", "QT_QPA_PLATFORMTHEME")


def why_x11_cannot_run() -> str | None:
    """One line saying what is missing for the x11 tests, or None when they can run."""
    if not shutil.which("Xvfb"):
        return "x11 tests skipped: Xvfb is not installed (Debian/Ubuntu: apt-get install xvfb xdotool)"
    if not shutil.which("xdotool"):
        return "x11 tests skipped: xdotool is not installed (Debian/Ubuntu: apt-get install xdotool)"
    missing = missing_libraries(qt_files())
    if missing:
        return f"x11 tests skipped: Qt's X11 plugin lacks {', '.join(missing)} ({install_command(missing)})"
    return None


@pytest.fixture(scope="session")
def x_display(xvfb) -> str:  # type: ignore[no-untyped-def]
    """The DISPLAY of pytest-xvfb's server; the whole x11 suite is skipped, in one line, when it cannot run."""
    reason = why_x11_cannot_run()
    if reason:
        pytest.skip(reason)
    if xvfb is None:
        pytest.skip("x11 tests skipped: pytest-xvfb started no Xvfb (--no-xvfb given)")
    return f":{xvfb.display}"


def poll(condition: Callable[[], object], what: str, on_fail: Callable[[], str] = lambda: "") -> object:
    """Wait, a few milliseconds at a time, until ``condition()`` is true; fail after WAIT seconds naming ``what``."""
    deadline = time.monotonic() + WAIT
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {WAIT:.0f} s for {what}; {on_fail()}")
        time.sleep(0.05)


def blank(image: QImage) -> bool:
    """A picture with nothing on it: under 20 colours, or one colour over nine tenths of it."""
    pixels = pixels_of(image)
    sample = pixels[:: max(len(pixels) // 20_000, 1)]
    counts: dict[int, int] = {}
    for value in sample:
        counts[value] = counts.get(value, 0) + 1
    return len(counts) < 20 or max(counts.values()) > 0.9 * len(sample)


def pixels_of(image: QImage) -> array[int]:
    """Every pixel as 0xAARRGGBB."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    pixels = array("I")
    pixels.frombytes(bytes(image.constBits()))
    return pixels


def differing(a: QImage, b: QImage) -> int:
    """How many pixels of two pictures of one size differ."""
    return sum(1 for x, y in zip(pixels_of(a), pixels_of(b), strict=True) if x != y)


@dataclass
class Desktop:
    """An X display with the viewer on it, and a user's hands: keys, typing, the mouse."""

    display: str
    env: dict[str, str]
    folder: Path
    app: subprocess.Popen[bytes] | None = None
    log: Path = field(init=False)
    shots: int = field(default=0, init=False)  # screenshots taken by shot(), each kept in the folder

    def __post_init__(self) -> None:
        self.log = self.folder / "viewer-stderr.txt"

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=WAIT)
        if done.returncode != 0 and args[0] not in ("search",):  # search finding nothing is an answer
            pytest.fail(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}; {self.state()}")
        return done.stdout

    def launch(self, *args: str) -> None:
        with self.log.open("wb") as log:
            self.app = subprocess.Popen([VIEWER, *args], env=self.env, cwd=self.folder, stdout=log, stderr=log)

    def state(self) -> str:
        """What the viewer said and whether it still runs, for failure messages."""
        alive = "still running" if self.app and self.app.poll() is None else f"exited ({self.app and self.app.poll()})"
        return f"the viewer is {alive}; its output: {self.log.read_text(errors='replace')[-3000:]!r}"

    def windows(self) -> dict[str, str]:
        """Visible windows: id -> title."""
        found = {}
        for wid in self.xdotool("search", "--onlyvisible", "--name", ".").split():
            done = subprocess.run(["xdotool", "getwindowname", wid], env=self.env, capture_output=True, text=True)
            if done.returncode == 0:  # a window may go between the two questions
                found[wid] = done.stdout.rstrip("\n")
        return found

    def window(self, title: str) -> str:
        """Wait for the window named exactly ``title``, give it the keyboard, and return its id."""

        def shown() -> str | None:
            if self.app is not None and self.app.poll() is not None:
                pytest.fail(f"waiting for the window {title!r}: {self.state()}")
            return next((wid for wid, name in self.windows().items() if name == title), None)

        def why() -> str:
            return f"the windows shown are {list(self.windows().values())}; {self.state()}"

        wid = str(poll(shown, f"a window named {title!r}", why))
        self.xdotool("windowfocus", "--sync", wid)
        return wid

    def popups(self, count: int, what: str) -> None:
        """Wait until the viewer shows ``count`` windows, menus included (they have no name to wait for)."""
        assert self.app is not None

        def shown() -> int:
            return len(self.xdotool("search", "--onlyvisible", "--pid", str(self.app.pid)).split())

        poll(lambda: shown() == count, f"{what} ({count} windows of the viewer shown)", self.state)

    def gone(self, title: str) -> None:
        """Wait until no window is named ``title``."""
        poll(lambda: title not in self.windows().values(), f"the window {title!r} to close", self.state)

    def keys(self, *keys: str) -> None:
        self.xdotool("key", "--clearmodifiers", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--clearmodifiers", "--delay", "15", text)

    def drag(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        """Press the left button at ``start``, move through the middle to ``end``, release: a selection."""
        middle = ((start[0] + end[0]) // 2, (start[1] + end[1]) // 2)
        self.xdotool("mousemove", "--sync", *map(str, start), "mousedown", "1")
        self.xdotool("mousemove", "--sync", *map(str, middle), "mousemove", "--sync", *map(str, end), "mouseup", "1")

    def geometry(self, wid: str) -> tuple[int, int, int, int]:
        """x, y, width, height of a window on the screen."""
        values = dict(
            line.split("=", 1) for line in self.xdotool("getwindowgeometry", "--shell", wid).split() if "=" in line
        )
        return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])

    def shot(self) -> QImage:
        """A screenshot, kept as the folder's next screen-NNN.png."""
        self.shots += 1
        return self.screenshot(self.folder / f"screen-{self.shots:03}.png")

    def settled(self) -> QImage:
        """The screen once two screenshots in a row agree (the window done painting)."""
        last: list[QImage] = []

        def same() -> bool:
            taken = self.shot()
            agree = bool(last) and differing(last[-1], taken) == 0
            last.append(taken)
            return agree

        poll(same, "the screen to settle", self.state)
        return last[-1]

    def screenshot(self, path: Path) -> QImage:
        """The whole root window, as the X server has it (taken by a separate Qt process on this display)."""
        code = (
            "import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication(sys.argv[:1]); "
            "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)"
        )
        done = subprocess.run([sys.executable, "-c", code, str(path)], env=self.env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return QImage(str(path))


@pytest.fixture
def desktop(x_display: str, tmp_path: Path) -> Iterator[Desktop]:
    """The display, and an environment for the viewer whose notes, settings and home are this test's own."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in DESKTOP_VARIABLES}
    env.update(
        DISPLAY=x_display,
        QT_QPA_PLATFORM="xcb",
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        BRIEFING_VIEWER_STORE=str(home / "notes.sqlite3"),
    )
    session = Desktop(x_display, env, tmp_path)
    yield session
    if session.app is not None and session.app.poll() is None:
        session.app.kill()
        session.app.wait()
