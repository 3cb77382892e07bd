"""RecentFiles: File › Open Recent, the briefings opened last, kept in the settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QMenu, QWidget

MAX_RECENT = 10


class RecentFiles(QObject):
    """The ``menu`` of the files opened last (newest first); choosing one calls ``open_path``."""

    def __init__(self, settings: QSettings, open_path: Callable[[str], object], parent: QWidget) -> None:
        super().__init__(parent)
        self.settings = settings
        self._open_path = open_path
        self.menu = QMenu("Open &Recent", parent)
        self._refresh()

    def remember(self, path: str) -> None:
        """Put ``path`` first in the menu."""
        resolved = str(Path(path).resolve())
        recent = [p for p in self.paths() if p != resolved]
        self.settings.setValue("recent-files", [resolved, *recent][:MAX_RECENT])
        self._refresh()

    def paths(self) -> list[str]:
        """The files, newest first."""
        value = self.settings.value("recent-files", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value or []] if isinstance(value, list) else []

    def _refresh(self) -> None:
        self.menu.clear()
        paths = self.paths()
        for path in paths:
            action = self.menu.addAction(path.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, p=path: self._open_path(p))
        self.menu.setEnabled(bool(paths))
