"""Test configuration: Qt runs offscreen, whoever runs the tests."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"


import pytest


@pytest.fixture(autouse=True)
def private_notes_store(tmp_path_factory, monkeypatch):  # type: ignore[no-untyped-def]
    """No test ever reads or writes the user's own notes or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFING_VIEWER_STORE", str(home / "notes.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home / "notes.sqlite3"
