"""Quit the installed viewer deep in a briefing and start it again: it comes back to the same place."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

from tests.corpus import FRENCH
from tests.x11.conftest import WAIT, Desktop, differing, poll
from viewer.io.briefing.loader import load_briefing

pytestmark = pytest.mark.x11

# How far (pixels) the restored text may sit from where it was left: less than a line. The reader
# left a line cut at the top; it comes back as the first whole line, under the header.
WITHIN = 24


def text_column(shot: QImage, window: tuple[int, int, int, int], size: tuple[int, int], shift: int = 0) -> QImage:
    """A band of the text area (below the briefing's header, clear of the panels), ``shift`` pixels lower.

    ``size``: the first window's band's, as a restored window may come back a little smaller.
    """
    x, y, width, height = window
    return shot.copy(QRect(x + width * 30 // 100, y + height * 25 // 100 + shift, *size))


def nearest(
    reference: QImage, ref_window: tuple[int, int, int, int], shot: QImage, window: tuple[int, int, int, int]
) -> int:
    """The fewest differing pixels between the shot's text band and the reference's, shifted up to WITHIN."""
    size = ref_window[2] * 35 // 100, ref_window[3] // 4
    band = text_column(shot, window, size)
    return min(differing(band, text_column(reference, ref_window, size, s)) for s in range(-WITHIN, WITHIN + 1))


def test_a_restart_comes_back_where_the_reader_left(desktop: Desktop, tmp_path: Path) -> None:
    title = f"{load_briefing(FRENCH).meta.title} — Briefing Viewer"
    desktop.launch(str(FRENCH))
    first = desktop.geometry(desktop.window(title))
    top = desktop.settled()
    x, y, width, height = first
    desktop.xdotool("mousemove", "--sync", str(x + width // 2), str(y + height // 2), "click", "1")
    desktop.keys("Next", "Next", "Next")  # Page Down in the text, three times
    poll(lambda: differing(top, desktop.screenshot(tmp_path / "moved.png")) > 0, "the text to scroll", desktop.state)
    left = desktop.settled()
    desktop.keys("ctrl+q")
    assert desktop.app is not None and desktop.app.wait(timeout=WAIT) == 0, desktop.state()

    desktop.launch(str(FRENCH))
    second = desktop.geometry(desktop.window(title))
    again = desktop.settled()
    band = width * 35 // 100 * (height // 4)
    # The same text within less than a line of where it was left (a caret aside) ...
    assert nearest(left, first, again, second) < band // 100
    # ... which is not the top the viewer opens at otherwise.
    assert nearest(top, first, again, second) > band // 20
    desktop.keys("ctrl+q")
    assert desktop.app.wait(timeout=WAIT) == 0, desktop.state()
    assert desktop.log.read_text(errors="replace") == "", desktop.state()
