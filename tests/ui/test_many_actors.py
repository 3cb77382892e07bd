"""Many actors of one type (a briefing on the UN's 193 member states): each highlighted in a pale shade.

From the 61st actor of a type on, the light palette's shade ran past white: an invalid colour, drawn
black under black text, so those mentions could not be read; and from about the 45th they were too
pale to be seen on the page.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.corpus import NS
from tests.ui.user import User
from viewer.ui.window.main_window import MainWindow

COUNT = 193


def states_file(tmp_path: Path) -> Path:
    actors = "".join(f'<actor id="s{i}" type="state"><name>State {i}</name></actor>' for i in range(COUNT))
    body = "".join(f'<p>Said by <mention actor="s{i}">State {i}</mention>.</p>' for i in range(COUNT))
    path = tmp_path / "states.xml"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="un"><meta><title>UN</title></meta>'
        f'<actors>{actors}</actors><body><section id="s"><heading>Members</heading>{body}</section></body></briefing>',
        encoding="utf-8",
    )
    return path


def backgrounds(window: MainWindow) -> dict[str, QColor]:
    """Each highlighted run of the text shown: its background colour."""
    found = {}
    block = window.view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            brush = fragment.charFormat().background()
            if brush.style() != Qt.BrushStyle.NoBrush:
                found[fragment.text()] = brush.color()
            fragments += 1
        block = block.next()
    return found


def test_every_state_of_193_is_highlighted_in_a_readable_shade(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user = User(window, qtbot)
    assert user.open_with_dialog(states_file(tmp_path))
    user.paint()
    window.view.document().documentLayout()  # (the whole text is formatted: 193 short paragraphs)
    qtbot.waitUntil(lambda: len(backgrounds(window)) == COUNT)
    shades = backgrounds(window)
    palette = window.view.palette()
    text, page = palette.color(palette.ColorRole.Text), palette.color(palette.ColorRole.Base)
    for name, color in shades.items():
        # Valid and pale: dark text stays readable on it (it was black from "State 60" on)...
        assert color.isValid() and abs(color.lightness() - text.lightness()) > 100, (name, color.name())
        # ... and it is told from the page (it faded to white from about "State 45": #fafbfe).
        apart = max(abs(a - b) for a, b in zip(color.getRgb()[:3], page.getRgb()[:3], strict=True))
        assert apart >= 16, (name, color.name(), page.name())
    # The Actors panel shows the same shade beside each state.
    tree = window.actor_panel.tree
    model = tree.model()
    states = model.index(0, 0)
    for row in (0, 59, 60, 61, COUNT - 1):
        swatch = model.index(row, 0, states).data(Qt.ItemDataRole.DecorationRole)
        name = model.index(row, 0, states).data()
        assert isinstance(swatch, QColor) and swatch.isValid() and swatch == shades[name]
