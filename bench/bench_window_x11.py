"""The installed `briefing-viewer` in a real X server: time until its title names the briefing, against `briefing render`.

The window's title names the briefing only once its text is in the view (MainWindow.show_briefing),
so the time from launching the process to that title is the user's wait for the text. It is
compared with `briefing render` of the same file (offscreen: start, load, lay out, paint, save),
whole processes both, alternated, medians. Needs Xvfb and xdotool (Debian/Ubuntu: apt-get install
xvfb xdotool); without them this benchmark says so and passes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BIN, ROOT, report, synthetic

from viewer.io.briefing.loader import load_briefing

SAMPLE = ROOT / "briefings" / "coree-du-nord-russie.xml"
RUNS = 5
TIMEOUT = 60.0
# Variables that would make the viewer find a desktop session other than the Xvfb here.
DESKTOP_VARIABLES = ("WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "QT_QPA_PLATFORM", "SESSION_MANAGER", "XAUTHORITY")


class Titles:
    """The titles of the X server's top-level windows, read with libX11 (no process per look)."""

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11")
        if name is None:
            raise OSError("libX11 is not installed")
        x = self._x = ctypes.CDLL(name)
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong] + [ctypes.c_void_p] * 4
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
        ] + [ctypes.c_void_p] * 5
        x.XFree.argtypes = [ctypes.c_void_p]
        # A window may go between listing it and reading its title (a program's helper windows come and
        # go): Xlib's default handler would end this process on that BadWindow; this one ignores it.
        handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
        self._ignore = handler(lambda _display, _event: 0)  # kept: Xlib holds only the pointer
        x.XSetErrorHandler.argtypes = [handler]
        x.XSetErrorHandler(self._ignore)
        self._display = x.XOpenDisplay(display.encode())
        if not self._display:
            raise OSError(f"cannot open the X display {display}")
        self._root = x.XDefaultRootWindow(self._display)
        self._name = x.XInternAtom(self._display, b"_NET_WM_NAME", 0)
        self._utf8 = x.XInternAtom(self._display, b"UTF8_STRING", 0)

    def __call__(self) -> list[str]:
        x, display = self._x, self._display
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not x.XQueryTree(
            display, self._root, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children), ctypes.byref(count)
        ):
            return []
        titles = []
        for i in range(count.value):
            kind, size, items, left = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_ulong(), ctypes.c_ulong()
            data = ctypes.POINTER(ctypes.c_char)()
            status = x.XGetWindowProperty(
                display,
                children[i],
                self._name,
                0,
                1024,
                0,
                self._utf8,
                ctypes.byref(kind),
                ctypes.byref(size),
                ctypes.byref(items),
                ctypes.byref(left),
                ctypes.byref(data),
            )
            if status == 0 and data:
                titles.append(ctypes.string_at(data, items.value).decode("utf-8", "replace"))
                x.XFree(data)
        if children:
            x.XFree(children)
        return titles


def start_xvfb(*options: str) -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb of the window's size (given further ``options``), and its DISPLAY."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset", *options],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    if not number:
        server.kill()
        raise OSError("Xvfb did not start")
    return server, f":{number}"


def time_window(path: Path, title: str, env: dict[str, str], titles: Titles) -> float:
    """Seconds from launching the viewer on ``path`` to a window titled ``title``."""
    start = time.perf_counter()
    viewer = subprocess.Popen(
        [str(BIN / "briefing-viewer"), str(path)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while title not in titles():
            if viewer.poll() is not None:
                raise SystemExit(f"briefing-viewer {path} exited ({viewer.returncode}) before showing {title!r}")
            if time.perf_counter() - start > TIMEOUT:
                raise SystemExit(f"briefing-viewer {path}: no window titled {title!r} after {TIMEOUT:.0f} s")
            time.sleep(0.002)
        return time.perf_counter() - start
    finally:
        viewer.kill()
        viewer.wait()


def time_render(path: Path, out: str) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "briefing"), "render", str(path), "-o", out], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> bool:
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        print(f"window under X: skipped, {' and '.join(missing)} not installed (apt-get install xvfb xdotool)")
        return True
    try:
        server, display = start_xvfb()
    except OSError as error:
        print(f"window under X: skipped, {error}")
        return True
    ok = True
    try:
        try:
            titles = Titles(display)
        except OSError as error:
            print(f"window under X: skipped, {error}")
            return True
        with tempfile.TemporaryDirectory() as folder:
            home = Path(folder)
            env = {k: v for k, v in os.environ.items() if k not in DESKTOP_VARIABLES}
            # The viewer's settings, notes and crash traces are this run's own, in an empty home.
            env.update(
                DISPLAY=display,
                QT_QPA_PLATFORM="xcb",
                HOME=str(home),
                XDG_DATA_HOME=str(home / "data"),
                XDG_CONFIG_HOME=str(home / "config"),
                XDG_STATE_HOME=str(home / "state"),
                BRIEFING_VIEWER_STORE=str(home / "notes.sqlite3"),
            )
            out = str(home / "out.png")
            for label, path, target in (("sample", SAMPLE, 1.1), ("7 MB generated", synthetic(), 1.1)):
                title = f"{load_briefing(path).meta.title} — Briefing Viewer"
                time_window(path, title, env, titles)  # once first: the notes store and settings are made
                window, render = [], []
                for _ in range(RUNS):
                    window.append(time_window(path, title, env, titles))
                    render.append(time_render(path, out))
                ok &= report(
                    f"window text on screen {label} / render",
                    statistics.median(window),
                    statistics.median(render),
                    target,
                )
    finally:
        server.terminate()
        server.wait()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
