"""Where the notes store lives: light enough for the command line to import at start-up."""

from __future__ import annotations

import os
from pathlib import Path

from viewer.io.user_folders import app_folder

ENV_VAR = "BRIEFING_VIEWER_STORE"


def default_store_path() -> Path:
    """The store named by $BRIEFING_VIEWER_STORE, else one in the user's data folder."""
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        return Path(chosen).expanduser()
    return app_folder("data") / "notes.sqlite3"
