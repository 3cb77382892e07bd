"""`make run`'s first step: no display, or Qt's X11 plugin missing libraries, is told in one line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from viewer import platform_check
from viewer.platform_check import check, x_server_reachable

ROOT = Path(__file__).resolve().parent.parent


def fake_ldd(folder: Path, missing: list[str], fixed_by: Path | None = None) -> None:
    """An `ldd` first on PATH that reports ``missing`` as not found (until ``fixed_by`` exists)."""
    lines = "".join(f"\\t{name} => not found\\n" for name in missing)
    guard = f'[ -e "{fixed_by}" ] && exit 0\n' if fixed_by else ""
    script = folder / "ldd"
    script.write_text(f'#!/bin/sh\n{guard}printf "\\tlibc.so.6 => /lib/libc.so.6 (0x1)\\n{lines}"\n')
    script.chmod(0o755)


@pytest.fixture
def x_screen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A display that answers, Qt left to choose its platform, and a folder first on PATH."""
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(platform_check, "x_server_reachable", lambda _display: True)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def test_without_a_display_one_line_points_to_render(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-m", "viewer.platform_check", "--install"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("No display: DISPLAY is not set")
    assert "briefing render FILE" in done.stderr


def test_missing_libraries_give_one_line_with_both_commands(
    x_screen: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_ldd(x_screen, ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"])
    monkeypatch.setattr(os, "geteuid", lambda: 1000)  # not root: nothing is installed, the user is told
    assert check(install=True) == 1
    said = capsys.readouterr().err
    assert said.count("\n") == 1
    assert "Debian/Ubuntu: sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0;" in said
    assert "Fedora: sudo dnf install -y xcb-util-wm xcb-util-keysyms xcb-util-cursor" in said


def test_as_root_on_debian_the_missing_libraries_are_installed(
    x_screen: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    installed = x_screen / "installed"
    fake_ldd(x_screen, ["libxcb-icccm.so.4"], fixed_by=installed)
    asked: list[list[str]] = []

    def apt_install(names: list[str]) -> bool:
        asked.append(names)
        installed.touch()
        return True

    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(platform_check, "is_debian_like", lambda: True)
    monkeypatch.setattr(platform_check, "apt_install", apt_install)
    assert check(install=True) == 0
    assert asked == [["libxcb-icccm4"]]
    assert "apt-get install libxcb-icccm4" in capsys.readouterr().err


def test_an_install_that_does_not_help_still_says_what_to_do(
    x_screen: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_ldd(x_screen, ["libfoo.so.9"])
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(platform_check, "is_debian_like", lambda: True)
    monkeypatch.setattr(platform_check, "apt_install", lambda names: False)
    assert check(install=True) == 1
    assert (
        capsys.readouterr().err.splitlines()[-1].endswith("Fedora: sudo dnf install -y <the package with libfoo.so.9>")
    )


def test_nothing_missing_lets_the_window_start(x_screen: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake_ldd(x_screen, [])
    assert check(install=False) == 0
    assert capsys.readouterr().err == ""


def test_a_display_where_no_x_server_answers() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        number = server.getsockname()[1] - 6000
        assert x_server_reachable(f"127.0.0.1:{number}.0")
    assert not x_server_reachable(f"127.0.0.1:{number}")
    name = f"\0/tmp/.X11-unix/X{number}"  # as an X server listens on Linux
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(name)
        server.listen()
        assert x_server_reachable(f":{number}")
    assert not x_server_reachable(f":{number}")


def test_a_dead_display_is_told_before_anything_is_installed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as unused:
        unused.bind(("127.0.0.1", 0))
        number = unused.getsockname()[1] - 6000  # bound, never listening: no server answers there
        monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
        monkeypatch.setenv("DISPLAY", f"127.0.0.1:{number}")
        monkeypatch.setattr(platform_check, "apt_install", lambda names: pytest.fail("nothing is to be installed"))
        assert check(install=True) == 2
    said = capsys.readouterr().err
    assert said.count("\n") == 1
    assert said.startswith(f"No display: no X server answers at DISPLAY=127.0.0.1:{number};")
