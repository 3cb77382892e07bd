"""Where the project's data lives: the schema and the sample briefings."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[2]  # viewer/


def _data_root() -> Path:
    # An installed wheel carries the data inside the package; a checkout has it at the top.
    packaged = _PACKAGE / "_data"
    return packaged if packaged.is_dir() else _PACKAGE.parent


def data_path(*parts: str) -> Path:
    """A file of the project's data (``resources/...`` or ``briefings/...``)."""
    return _data_root().joinpath(*parts)


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``."""
    return data_path("resources", *parts)
