"""Where the notes store lives: light enough for the command line to import at start-up."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "BRIEFING_VIEWER_STORE"


def default_store_path() -> Path:
    """The store named by $BRIEFING_VIEWER_STORE, else one in the user's data folder."""
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "briefing-viewer" / "notes.sqlite3"
