"""Before the window opens: is there a display, and can Qt's X11 (xcb) plugin load its system libraries?"""

# Standard library only, and runnable as a plain script (`python3 viewer/platform_check.py
# --debian-packages`), so that CI can ask it what to install before any virtual environment exists.
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path

# Every library that Qt's xcb plugin and the Qt libraries it loads link against, beyond the C
# and C++ runtimes (`ldd` on PySide6 6.11's libqxcb.so): soname -> (Debian/Ubuntu, Fedora) package.
LIBRARIES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libpng16.so.16": ("libpng16-16", "libpng"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libz.so.1": ("zlib1g", "zlib"),
    "libzstd.so.1": ("libzstd1", "libzstd"),
}

RENDER_HINT = (
    "to read a briefing without one, `.venv/bin/briefing render FILE -o page.png` saves a picture of the window"
)


def qt_files() -> list[Path]:
    """The xcb plugin and the Qt modules the window loads, where PySide6 is installed (empty if it is not)."""
    spec = find_spec("PySide6")  # finds the package without loading Qt
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations)))
    plugin = root / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    modules = [p for name in ("QtGui", "QtWidgets") for p in sorted(root.glob(f"{name}.*so"))]
    return [p for p in (plugin, *modules) if p.exists()]


def missing_libraries(files: Sequence[Path]) -> list[str] | None:
    """The sonames that the dynamic loader cannot find for ``files``; None when ``ldd`` is not there to ask."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    missing: list[str] = []
    for path in files:
        done = subprocess.run([ldd, str(path)], capture_output=True, text=True, check=False)
        for match in re.finditer(r"^\s*(\S+)\s+=>\s+not found", done.stdout, re.MULTILINE):
            if match.group(1) not in missing:
                missing.append(match.group(1))
    return missing


def packages(sonames: Sequence[str], system: int) -> list[str]:
    """The packages (``system`` 0: Debian/Ubuntu, 1: Fedora) that bring ``sonames``, in order, once each."""
    names: list[str] = []
    for soname in sonames:
        known = LIBRARIES.get(soname)
        name = known[system] if known else f"<the package with {soname}>"
        if name not in names:
            names.append(name)
    return names


def install_command(sonames: Sequence[str]) -> str:
    """One line: what to run on Debian/Ubuntu and on Fedora."""
    return (
        f"Debian/Ubuntu: sudo apt-get install -y {' '.join(packages(sonames, 0))}; "
        f"Fedora: sudo dnf install -y {' '.join(packages(sonames, 1))}"
    )


def is_debian_like() -> bool:
    """Debian, Ubuntu and their derivatives, where apt-get names packages as LIBRARIES does."""
    try:
        release = Path("/etc/os-release").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Path("/etc/debian_version").exists()
    ids = " ".join(re.findall(r"^ID(?:_LIKE)?=\"?([^\"\n]*)", release, re.MULTILINE)).split()
    return "debian" in ids or "ubuntu" in ids


def apt_install(names: Sequence[str]) -> bool:
    """``apt-get install`` as root; the package lists are fetched first only if they are needed."""
    install = ["apt-get", "install", "-y", "--no-install-recommends", *names]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

    def run(command: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)

    done = run(install)
    if done.returncode != 0:
        run(["apt-get", "update"])
        done = run(install)
    if done.returncode != 0:  # its own last word, then the line saying what to do by hand
        print((done.stderr.strip().splitlines() or ["apt-get failed"])[-1], file=sys.stderr)
    return done.returncode == 0


def display_problem() -> str | None:
    """Why no window can be shown here, in one line; None when there is a display to try."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # the user chose another platform (offscreen, wayland, vnc...): theirs to judge
    if os.environ.get("DISPLAY") or (os.environ.get("WAYLAND_DISPLAY") and not platform):
        return None
    return f"No display: DISPLAY is not set, so the viewer has no screen to open its window on; {RENDER_HINT}."


def x_server_reachable(display: str) -> bool:
    """Whether an X server answers at ``display`` (":0", "host:10.0"); True when the form is not one to judge."""
    match = re.fullmatch(r"(?:unix)?(?P<host>[^:/]*):(?P<number>\d+)(?:\.\d+)?", display)
    if match is None:
        return True
    number = int(match["number"])
    host = match["host"]
    if host:  # over TCP, as ssh -X forwards it
        try:
            socket.create_connection((host, 6000 + number), timeout=2).close()
        except OSError:
            return False
        return True
    # The server listens on an abstract socket, a socket file, or both: either answer will do.
    for address in (f"\0/tmp/.X11-unix/X{number}", f"/tmp/.X11-unix/X{number}"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(2)
            try:
                connection.connect(address)
            except OSError:
                continue
            return True
    return False


def check(install: bool) -> int:
    """0 when the window can be tried; otherwise one line on stderr and 1 (libraries) or 2 (no display)."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    display = os.environ.get("DISPLAY", "")
    if not display or os.environ.get("QT_QPA_PLATFORM", "xcb")[:3] != "xcb":
        return 0  # Wayland or another chosen platform: the xcb plugin is not the one that will load
    if not x_server_reachable(display):
        print(f"No display: no X server answers at DISPLAY={display}; {RENDER_HINT}.", file=sys.stderr)
        return 2
    files = qt_files()
    missing = missing_libraries(files) if files else None
    if not missing:
        return 0  # all there, or nothing to ask: Qt's own message will tell
    if install and os.geteuid() == 0 and is_debian_like() and shutil.which("apt-get"):
        names = packages(missing, 0)
        print(f"Qt's X11 plugin needs {', '.join(missing)}: apt-get install {' '.join(names)}", file=sys.stderr)
        if apt_install(names) and not missing_libraries(files):
            return 0
    print(
        f"Qt's X11 plugin cannot load, {', '.join(missing)} missing; install: {install_command(missing)}",
        file=sys.stderr,
    )
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m viewer.platform_check [--install] | --debian-packages``."""
    parser = argparse.ArgumentParser(prog="platform_check", description=__doc__)
    parser.add_argument("--install", action="store_true", help="as root on Debian/Ubuntu, apt-get what is missing")
    parser.add_argument(
        "--debian-packages", action="store_true", help="print every Debian package the window may need, and stop"
    )
    args = parser.parse_args(argv)
    if args.debian_packages:
        print(" ".join(sorted({debian for debian, _ in LIBRARIES.values()})))
        return 0
    return check(args.install)


if __name__ == "__main__":
    sys.exit(main())
