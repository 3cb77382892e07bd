"""A briefing too large for one document, in the installed viewer under X: its parts, with real keys and the wheel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.x11.conftest import WAIT, Desktop, differing, pixels_of, poll
from tests.x11.test_reopen_place import nearest, text_column
from viewer.io.briefing.rules import NS
from viewer.ui.reading.document import BriefingDocument

pytestmark = pytest.mark.x11


def briefing_in_two_parts(path: Path) -> str:
    """A briefing of one block more than a part holds (two blocks a section); returns its title.

    Only its last section, alone in the second part, mentions an actor: only there is the text tinted.
    """
    count = BriefingDocument.PART_BLOCKS // 2 + 1
    sections = "".join(
        f'<section id="s{i}"><heading>Section {i}</heading><p>Paragraph {i} of the long briefing.</p></section>\n'
        for i in range(count - 1)
    )
    last = '<p>The last section, where <mention actor="kp">Pyongyang</mention> is named at last.</p>' * 6
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="parts" xml:lang="en">\n'
        "<meta><title>In parts</title></meta>\n"
        '<actors><actor id="kp" type="state"><name>Pyongyang</name></actor></actors>\n<body>\n'
        f'{sections}<section id="end"><heading>The end</heading>{last}</section>\n</body>\n</briefing>\n',
        encoding="utf-8",
    )
    return "In parts"


def tinted(image: QImage, window: tuple[int, int, int, int]) -> int:
    """How many pixels of the text's band are in colour (an actor's highlight; the text itself is grey)."""
    band = text_column(image, window, (window[2] * 35 // 100, window[3] // 4))
    return sum(1 for value in pixels_of(band) if QColor.fromRgba(value).hsvSaturation() > 40)


def test_keys_and_the_wheel_move_between_parts_and_a_restart_comes_back_to_the_last(
    desktop: Desktop, tmp_path: Path
) -> None:
    path = tmp_path / "parts.xml"
    title = f"{briefing_in_two_parts(path)} — Briefing Viewer"
    desktop.launch(str(path))
    window = desktop.geometry(desktop.window(title))
    x, y, width, height = window
    band = width * 35 // 100 * (height // 4)

    def near(reference: QImage, now: tuple[int, int, int, int] = window) -> bool:
        """Whether the text shown now is ``reference``'s (within less than a line, a caret aside)."""
        return nearest(reference, window, desktop.shot(), now) < band // 100

    top = desktop.settled()
    desktop.xdotool("mousemove", "--sync", str(x + width // 2), str(y + height // 2), "click", "1")
    desktop.keys("ctrl+End")  # the end of the briefing: its second part
    poll(lambda: differing(top, desktop.shot()) > 0, "Ctrl+End to show the last part", desktop.state)
    end = desktop.settled()
    assert not near(top)
    assert tinted(top, window) == 0 < tinted(end, window)  # the last section's mentions: the last part

    # The last part is one short section: the wheel up at its top goes on into the first part's end ...
    desktop.xdotool("click", "4")
    poll(lambda: differing(end, desktop.shot()) > 0, "the wheel to go back into the first part", desktop.state)
    before = desktop.settled()
    assert not near(top) and tinted(before, window) == 0
    # ... and down at that end into the last part again, as if the text were one.
    poll(lambda: desktop.xdotool("click", "5") == "" and near(end), "the wheel to go on into the last part")
    assert differing(before, desktop.settled()) > 0

    desktop.keys("ctrl+Home")  # the start of the briefing, in its first part
    poll(lambda: near(top), "Ctrl+Home to show the start again", desktop.state)
    desktop.keys("ctrl+End")
    poll(lambda: near(end), "Ctrl+End to show the end again", desktop.state)
    desktop.keys("ctrl+q")
    assert desktop.app is not None and desktop.app.wait(timeout=WAIT) == 0, desktop.state()

    # Started again, the viewer reads the part the reader left and shows its place there.
    desktop.launch(str(path))
    again = desktop.geometry(desktop.window(title))
    poll(lambda: near(end, again), "the restarted viewer to show the last part", desktop.state)
    desktop.keys("ctrl+q")
    assert desktop.app.wait(timeout=WAIT) == 0, desktop.state()
    assert desktop.log.read_text(errors="replace") == "", desktop.state()
