"""The notes and the crash traces go where each platform keeps such files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from viewer.io.crash_log import state_dir
from viewer.io.notes.store_path import default_store_path


@pytest.mark.parametrize(
    ("platform", "variables", "notes", "state"),
    [
        ("linux", {"XDG_DATA_HOME": "d", "XDG_STATE_HOME": "s"}, "d/briefing-viewer", "s/briefing-viewer"),
        ("linux", {}, "~/.local/share/briefing-viewer", "~/.local/state/briefing-viewer"),
        ("win32", {"APPDATA": "r", "LOCALAPPDATA": "l"}, "r/briefing-viewer", "l/briefing-viewer"),
        ("win32", {}, "~/AppData/Roaming/briefing-viewer", "~/AppData/Local/briefing-viewer"),
        (
            "darwin",
            {},
            "~/Library/Application Support/briefing-viewer",
            "~/Library/Application Support/briefing-viewer",
        ),
    ],
)
def test_each_platform_has_its_places(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str, variables: dict[str, str], notes: str, state: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("BRIEFING_VIEWER_STORE", "XDG_DATA_HOME", "XDG_STATE_HOME", "APPDATA", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, str(tmp_path / value))

    def where(path: str) -> Path:
        return tmp_path / "home" / path[2:] if path.startswith("~/") else tmp_path / path

    assert default_store_path() == where(notes) / "notes.sqlite3"
    assert state_dir() == where(state)
