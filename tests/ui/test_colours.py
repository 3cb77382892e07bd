"""Colours a reader must tell apart differ by CIEDE2000 10 or more (shades of one actor type by 5),
and text on every highlight keeps WCAG AA contrast, measured on the colours the window uses."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette

from tests.colour import delta_e, delta_e_2000
from tests.corpus import FRENCH, TOUR, briefing
from viewer.model.briefing import ACTOR_TYPES
from viewer.model.notes import NOTE_COLORS
from viewer.ui.common.palette import contrast, type_color
from viewer.ui.reading.view import note_tint
from viewer.ui.window.main_window import MainWindow

# Sharma, Wu and Dalal (2005), supplementary test data: (Lab 1, Lab 2, CIEDE2000).
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 2.8361, -74.0200), (50.0, 0.0, -82.7485), 3.4412),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((50.0, 2.5, 0.0), (58.0, 24.0, 15.0), 19.4535),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_the_colour_difference_is_ciede2000(lab1, lab2, expected) -> None:  # type: ignore[no-untyped-def]
    assert delta_e_2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert delta_e_2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def five_of_each(tmp_path: Path) -> Path:
    actors = "".join(
        f'<actor id="{kind}{i}" type="{kind}"><name>{kind} {i}</name></actor>' for kind in ACTOR_TYPES for i in range(5)
    )
    mentions = " ".join(f'<mention actor="{kind}{i}">x</mention>' for kind in ACTOR_TYPES for i in range(5))
    path = tmp_path / "five.xml"
    path.write_text(briefing(f"<p>{mentions}</p>", actors=f"<actors>{actors}</actors>"), encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["french", "tour", "five of each type"])
def test_colours_a_reader_tells_apart(window: MainWindow, tmp_path: Path, which: str) -> None:
    path = {"french": FRENCH, "tour": TOUR}.get(which) or five_of_each(tmp_path)
    window.open_path(path, wait=True)
    shown = window.briefing
    assert shown is not None and window.content is not None
    palette = window.view.palette()
    page, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    colours: dict[tuple[str, str], QColor] = {
        ("actor " + shown.actors[actor_id].type, actor_id): colour for actor_id, colour in window.content.colors.items()
    }
    for key, (_meaning, hex_colour) in NOTE_COLORS.items():
        colours[("note", key)] = note_tint(key, QColor(hex_colour), dark=False)
    colours[("selection", "")] = palette.color(QPalette.ColorRole.Highlight)
    colours[("page", "")] = page
    too_close = []
    for (one, first), (other, second) in itertools.combinations(colours.items(), 2):
        needed = 5 if one[0] == other[0] and one[0].startswith("actor") else 10
        distance = delta_e(first.name(), second.name())
        if distance < needed:
            too_close.append(f"{one} {first.name()} and {other} {second.name()}: {distance:.1f} < {needed}")
    assert too_close == []
    for (kind, name), colour in colours.items():
        if kind.startswith(("actor", "note")):
            assert contrast(text, colour) >= 4.5, f"text on {kind} {name} {colour.name()}"
    legend = [type_color(kind, dark=False).name() for kind in ACTOR_TYPES]
    assert all(delta_e(a, b) >= 10 for a, b in itertools.combinations(legend, 2))


def test_many_actors_of_a_type_each_get_their_own_readable_shade(qapp) -> None:  # type: ignore[no-untyped-def]
    """Beyond the five designed shades: paler variants, every one distinct and under readable text
    (a blend of two shades gave the 15th actor of a type the 13th's colour)."""
    from viewer.ui.common.palette import LIGHT_SHADES, light_shades

    for kind in LIGHT_SHADES:
        shades = light_shades(kind, 40)
        assert len({shade.name() for shade in shades}) == 40, kind
        assert all(contrast(QColor("black"), shade) >= 4.5 for shade in shades), kind
