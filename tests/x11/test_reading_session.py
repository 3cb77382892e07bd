"""A user's way through the installed viewer on a real X server: find, open, open recent, a note, an export."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.corpus import FRENCH, TOUR
from tests.x11.conftest import WAIT, Desktop, blank, pixels_of, poll
from viewer.io.briefing.loader import load_briefing

pytestmark = pytest.mark.x11

# The colour the window paints the current find match with (FindController._highlight_visible in viewer/ui/reading/find.py).
CURRENT_MATCH = 0xFFFF9800


def title(path: Path) -> str:
    """The window's title while ``path`` is open."""
    return f"{load_briefing(path).meta.title} — Briefing Viewer"


def current_match_pixels(image: QImage) -> int:
    return pixels_of(image).count(CURRENT_MATCH)


def test_find_open_recent_note_and_export_with_real_input(desktop: Desktop, tmp_path: Path) -> None:
    french, tour = title(FRENCH), title(TOUR)
    shots = iter(range(1000))

    def screenshot() -> QImage:
        return desktop.screenshot(tmp_path / f"screen-{next(shots):03}.png")

    # `make run`'s check finds this display and the libraries Qt's X11 plugin needs.
    done = subprocess.run([sys.executable, "-m", "viewer.platform_check"], env=desktop.env, capture_output=True)
    assert (done.returncode, done.stderr) == (0, b"")
    # The measure of "blank" tells the empty screen from the window on it.
    assert blank(screenshot())
    desktop.launch(str(FRENCH))
    desktop.window(french)
    assert not blank(screenshot()), "the root window shows nothing though the viewer's window is up"
    assert current_match_pixels(screenshot()) == 0

    # Find, typed without the capital: the current match is painted in its colour; Escape takes it away.
    desktop.keys("ctrl+f")
    desktop.type("pyongyang")
    desktop.keys("Return")
    poll(lambda: current_match_pixels(screenshot()) > 20, "the current match to be painted", desktop.state)
    desktop.keys("Escape")
    poll(lambda: current_match_pixels(screenshot()) == 0, "the find highlights to go", desktop.state)

    # Ctrl+O, the path typed into the file dialog.
    desktop.keys("ctrl+o")
    desktop.window("Open briefing")
    desktop.keys("ctrl+a")
    desktop.type(str(TOUR))
    desktop.keys("Return")
    desktop.window(tour)

    # Back through File › Open Recent: the second and last entry, as the tour is now the first. Up, not
    # Down: from the first entry or from none, Up comes to the last (whether the submenu's first entry
    # is active yet when the key comes is timing; once, Down chose the tour again and the test waited).
    desktop.keys("alt+f")
    desktop.popups(2, "the File menu")
    desktop.keys("r")
    desktop.popups(3, "the Open Recent submenu")
    desktop.keys("Up", "Return")
    main = desktop.window(french)

    # A passage selected by dragging the mouse across the text, then Ctrl+E.
    x, y, width, height = desktop.geometry(main)
    desktop.drag((x + width * 30 // 100, y + height * 40 // 100), (x + width * 65 // 100, y + height * 46 // 100))
    desktop.keys("ctrl+e")
    desktop.window("Note")
    # ASCII only: xdotool types a character missing from the keymap by remapping a key for it,
    # which Qt now and then reads too late (a tag typed as "à-suivre" arrived as "-suivre").
    desktop.type("Check the figures (x11)")
    # Back from the note's text (which takes Tab and Enter) to the tags, where Enter saves.
    desktop.keys("shift+Tab", "shift+Tab", "shift+Tab")
    desktop.type("to-follow")
    desktop.keys("Return")
    desktop.gone("Note")

    # File › Export Notes (Ctrl+Shift+E): Save, then the file's path typed into the save dialog.
    desktop.window(french)
    desktop.keys("ctrl+shift+e")
    desktop.window("Export notes to Markdown")
    desktop.keys("Return")
    desktop.window("Export notes")
    out = tmp_path / "exported notes.md"
    desktop.keys("ctrl+a")
    desktop.type(str(out))
    desktop.keys("Return")
    poll(out.exists, f"the export to be written to {out}", desktop.state)

    markdown = out.read_text(encoding="utf-8")
    assert "Check the figures (x11)" in markdown
    assert "to-follow" in markdown
    # The dragged passage, quoted (one quote line per paragraph it spans), is the briefing's own text.
    quoted = [line[1:].strip() for line in markdown.splitlines() if line.startswith(">")]
    text = " ".join(load_briefing(FRENCH).text.split())
    assert sum(map(len, quoted)) > 20, markdown
    assert all(" ".join(part.split()) in text for part in quoted), markdown

    final = screenshot()
    final.save(str(tmp_path / "final.png"))
    assert not blank(final)

    # Ctrl+Q: the viewer ends cleanly, having said nothing on its error output.
    desktop.window(french)
    desktop.keys("ctrl+q")
    assert desktop.app is not None
    assert desktop.app.wait(timeout=WAIT) == 0, desktop.state()
    assert desktop.log.read_text(errors="replace") == "", desktop.state()
