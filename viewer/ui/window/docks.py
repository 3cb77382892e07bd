"""DockLayout: the text always gets the room; the panels beside it narrow first, then share one side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


class DockLayout:
    """Keeps a readable text column in ``window`` whatever its width.

    The text pane (``central``) never gets narrower than about 45 characters, so the
    docks give way first when the window narrows. Below NARROW pixels the Sections
    panel leaves the left side and joins the Actors and Notes panels as a tab on the
    right (one side of panels instead of two); it goes back when the window widens.
    A panel the user moved elsewhere or floated is left where it is.
    """

    NARROW = 1100
    TEXT_CHARS = 45

    SHORT = 760

    def __init__(
        self, window: QMainWindow, central: QWidget, sections: QDockWidget, actors: QDockWidget, claims: QDockWidget
    ) -> None:
        self.window = window
        self.sections = sections
        self.actors = actors
        self.claims = claims
        self.narrow: bool | None = None
        self.short: bool | None = None
        self._moved = False  # whether this layout put Sections beside Actors (so may put it back)
        self._sections_chosen = False  # whether Sections is the chosen tab there
        sections.visibilityChanged.connect(self._sections_shown)
        central.setMinimumWidth(central.fontMetrics().averageCharWidth() * self.TEXT_CHARS + 48)

    def fit(self) -> None:
        """Arrange the panels for the window's size (only when it crosses NARROW or SHORT)."""
        short = self.window.height() < self.SHORT
        if short != self.short:
            self.short = short
            if not self.claims.isFloating() and self.window.dockWidgetArea(self.claims) == BOTTOM:
                # The claims table gives the text its height first on a small screen.
                height = self.window.height() * (0.2 if short else 0.24)
                self.window.resizeDocks([self.claims], [int(height)], Qt.Orientation.Vertical)
        narrow = self.window.width() < self.NARROW
        if narrow == self.narrow:
            return
        first = self.narrow is None
        self.narrow = narrow
        sections, window = self.sections, self.window
        if sections.isFloating():
            return
        if narrow and window.dockWidgetArea(sections) == LEFT:
            window.tabifyDockWidget(self.actors, sections)
            self._moved = True
            self.actors.raise_()
            side = max(240, min(340, int(window.width() * 0.34)))
            window.resizeDocks([self.actors], [side], Qt.Orientation.Horizontal)
        elif not narrow and not first and self._moved and window.dockWidgetArea(sections) == RIGHT:
            self._moved = False
            chosen = self._sections_chosen
            window.addDockWidget(LEFT, sections)
            if chosen:  # the tab that left was the one shown: Actors, as at the start (not its neighbour)
                self.actors.raise_()
            window.resizeDocks([sections], [min(320, self.window.width() // 5)], Qt.Orientation.Horizontal)

    def _sections_shown(self, shown: bool) -> None:
        # Told when its tab is chosen or left (and when it is shown or hidden elsewhere).
        self._sections_chosen = shown
