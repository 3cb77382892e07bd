"""The application's folders in the user's home, where each platform keeps them."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

# kind → (Windows variable, its fallback under the home, XDG variable, its fallback under the home)
_PLACES = {
    "data": ("APPDATA", ("AppData", "Roaming"), "XDG_DATA_HOME", (".local", "share")),
    "state": ("LOCALAPPDATA", ("AppData", "Local"), "XDG_STATE_HOME", (".local", "state")),
}


def app_folder(kind: Literal["data", "state"]) -> Path:
    """The application's folder for ``kind``: data the user keeps (notes), or state (crash traces)."""
    windows, windows_default, xdg, xdg_default = _PLACES[kind]
    if sys.platform == "win32":
        base = Path(os.environ.get(windows, Path.home().joinpath(*windows_default)))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get(xdg) or Path.home().joinpath(*xdg_default))
    return base / "briefing-viewer"
