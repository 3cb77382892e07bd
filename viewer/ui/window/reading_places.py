"""ReadingPlaces: where the reader left each briefing, kept in the settings to reopen it there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from viewer.model.reading_place import ReadingPlace

MAX_PLACES = 200  # briefings remembered; the one left longest ago is forgotten first


class ReadingPlaces:
    """Places by briefing file (its resolved path), newest first, as JSON under ``reading-places``.

    A damaged value in the settings is read as no place at all: the briefing opens at the top.
    """

    KEY = "reading-places"

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def remember(self, path: str, place: ReadingPlace) -> None:
        """Keep ``place`` as where the reader left ``path``."""
        import json  # here: a first run (and render) opens a briefing without it

        key = _key(path)
        entries = [e for e in self._entries() if e.get("path") != key]
        self.settings.setValue(self.KEY, json.dumps([{"path": key, **place.to_json()}, *entries][:MAX_PLACES]))

    def kept(self) -> bool:
        """Whether any place is kept (or a damaged value, which the next one replaces)."""
        return self.settings.value(self.KEY, "") != ""

    def recall(self, path: str) -> ReadingPlace | None:
        """Where the reader left ``path``, if it is remembered."""
        key = _key(path)
        entry = next((e for e in self._entries() if e.get("path") == key), None)
        return ReadingPlace.from_json(entry) if entry is not None else None

    def _entries(self) -> list[dict[str, object]]:
        value = self.settings.value(self.KEY, "")
        if not (isinstance(value, str) and value):
            return []
        import json

        try:
            entries = json.loads(value)
        except ValueError:
            return []
        return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _key(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):  # a loop of links, a folder gone: the path as given
        return path
