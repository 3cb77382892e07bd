"""Test configuration: Qt runs offscreen, whoever runs the tests."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"


import pytest
from hypothesis import settings

# Property tests: no per-example deadline (machines here are noisy). In CI the examples are
# the same at every run (.ci/run sets HYPOTHESIS_PROFILE=ci), so that a build fails only for a
# change; a developer's `make test` draws new ones each time and so keeps finding new cases.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def private_notes_store(tmp_path_factory, monkeypatch):  # type: ignore[no-untyped-def]
    """No test ever reads or writes the user's own notes or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFING_VIEWER_STORE", str(home / "notes.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home / "notes.sqlite3"
