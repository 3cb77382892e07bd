"""Colours of actors and claims: told apart at a glance, readable in light and dark palettes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QPixmap

from viewer.model.briefing import ACTOR_TYPES, Briefing
from viewer.model.notes import color_hex

# The highlights on a light page, five shades per actor type, chosen (in CIELAB) so that two
# highlights of different types, a highlight and a note's tint, the selection or the page differ
# by a CIEDE2000 of 10 or more, two shades of one type by 5 or more, and black text on each keeps
# WCAG AA contrast (tests/ui/test_colours.py measures the colours the window uses). The first
# shade is the type's colour in the legend. (Okabe & Ito's hues kept only the hue: a state and a
# place were the same blue.)
LIGHT_SHADES: dict[str, tuple[str, ...]] = {
    "state": ("#91cdfe", "#cadeff", "#9cb8e2", "#3dc2fc", "#6aaaf1"),
    "organization": ("#85d7ae", "#abead6", "#80bdaa", "#7bb987", "#48ac91"),
    "person": ("#f8b98c", "#fdd6b3", "#d7b691", "#ddab95", "#d5a262"),
    "group": ("#fab0de", "#fed0ec", "#d8a1b7", "#d298ce", "#e888b2"),
    "place": ("#56d8e2", "#72bcca", "#00bfbb", "#15abba", "#5af2ed"),
    "other": ("#b9b9b9", "#cecece", "#a4a4a4", "#919191", "#7e7e7e"),
}
# What a noted passage is tinted with on a light page, by note colour (the swatches and margin
# markers use the stronger NOTE_COLORS of the same hues); measured with the shades above.
NOTE_TINTS: dict[str, str] = {
    "yellow": "#f3e396",
    "blue": "#b8eafe",
    "red": "#fddad8",
    "green": "#cdeda3",
    "purple": "#e6defe",
}
# Hues for a dark palette's deep shades (under light text).
TYPE_HUES: dict[str, str] = {
    "state": "#0072B2",  # blue
    "organization": "#009E73",  # bluish green
    "person": "#E69F00",  # orange
    "group": "#CC79A7",  # reddish purple
    "place": "#56B4E9",  # sky blue
    "other": "#999999",  # grey
}
TYPE_LABELS = {
    "state": "State",
    "organization": "Organisation",
    "person": "Person",
    "group": "Group",
    "place": "Place",
    "other": "Other",
}
# Claims are underlined, not filled, so that actor colours inside them stay visible;
# confidence is told by the line's shape, so it does not depend on colour at all.
CLAIM_COLOR = "#D55E00"  # vermillion
CONFIDENCE_STYLES = {
    "high": Qt.PenStyle.SolidLine,
    "moderate": Qt.PenStyle.DashLine,
    "low": Qt.PenStyle.DotLine,
    None: Qt.PenStyle.DashDotLine,
}
CONFIDENCE_LABELS = {"high": "high", "moderate": "moderate", "low": "low", None: "not stated"}


def luminance(color: QColor) -> float:
    """WCAG's relative luminance of a colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) + 0.0722 * channel(color.blue())


def contrast(one: QColor, other: QColor) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def muted_text(palette: QPalette, minimum: float = 4.5) -> QColor:
    """A secondary text colour: halfway from the text to the page, then nearer the text until it is
    readable on the page by WCAG AA (4.5:1), whatever the palette (the disabled text colour was 1.9:1)."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    for share in (0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0.0):
        color = QColor(
            round(text.red() + (base.red() - text.red()) * share),
            round(text.green() + (base.green() - text.green()) * share),
            round(text.blue() + (base.blue() - text.blue()) * share),
        )
        if contrast(color, base) >= minimum:
            return color
    return text


def is_dark(palette: QPalette) -> bool:
    """Whether the palette draws light text on a dark background."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def type_color(actor_type: str, dark: bool) -> QColor:
    """The legend colour of an actor type."""
    if not dark:
        return QColor(LIGHT_SHADES.get(actor_type, LIGHT_SHADES["other"])[0])
    base = QColor(TYPE_HUES.get(actor_type, TYPE_HUES["other"]))
    return QColor.fromHsl(base.hslHue(), min(base.hslSaturation(), 200), 80 if dark else 185)


def actor_colors(briefing: Briefing, dark: bool) -> dict[str, QColor]:
    """A highlight colour per actor: its type's hue, one distinct shade per actor of that type.

    Light palettes get pale tints under dark text; dark palettes get deep
    shades under light text, so the text keeps its contrast either way.
    """
    by_type: dict[str, list[str]] = {t: [] for t in ACTOR_TYPES}
    for actor in briefing.actors.values():
        by_type.setdefault(actor.type, []).append(actor.id)
    colors: dict[str, QColor] = {}
    for actor_type, ids in by_type.items():
        if not dark:
            colors.update(zip(ids, light_shades(actor_type, len(ids)), strict=True))
            continue
        base = QColor(TYPE_HUES.get(actor_type, TYPE_HUES["other"]))
        hue, saturation = base.hslHue(), min(base.hslSaturation(), 200)
        made: dict[int, QColor] = {}  # each of the 46 lightnesses made once (100,000 actors took 0.3 s)
        for index, actor_id in enumerate(ids):
            # Shades of the type's hue in a lightness band that keeps the palette's text readable:
            # pale fills under dark text, deep fills under light text.
            step = index / max(len(ids) - 1, 1)
            lightness = round(45 + 45 * step) if dark else round(170 + 55 * step)
            shade = made.get(lightness)
            if shade is None:
                shade = made[lightness] = QColor.fromHsl(hue, saturation, lightness)
            colors[actor_id] = shade  # (shared by the actors of one shade: colours are only read)
    return colors


def type_shades(actor_type: str, count: int, dark: bool) -> Callable[[int], QColor]:
    """The shade of the ``index``-th of a type's ``count`` actors, the one ``actor_colors`` gives it, made
    when asked: the Actors panel paints a screenful of 100,000 actors (all their shades took 0.4 s)."""
    if dark:
        base = QColor(TYPE_HUES.get(actor_type, TYPE_HUES["other"]))
        hue, saturation = base.hslHue(), min(base.hslSaturation(), 200)
        return lambda index: QColor.fromHsl(hue, saturation, round(45 + 45 * (index / max(count - 1, 1))))
    # Light shades repeat after a cycle (see light_shades): only the first cycle is made.
    cycle = len(LIGHT_SHADES.get(actor_type, LIGHT_SHADES["other"])) * 8
    shades = light_shades(actor_type, min(count, cycle))
    return lambda index: shades[index % cycle]


def light_shades(actor_type: str, count: int) -> list[QColor]:
    """The shades of ``count`` actors of a type: the five designed ones, then paler variants of them,
    each distinct up to 40 (though closer to its neighbours than 5 apart; paler keeps the text
    readable), then the same 40 again: more could not be told apart, nor from the page."""
    bases = [QColor(name) for name in LIGHT_SHADES.get(actor_type, LIGHT_SHADES["other"])]
    channels = [(base.red(), base.green(), base.blue()) for base in bases]
    made: dict[tuple[int, int, int], QColor] = {}  # each shade made once (100,000 actors took 0.4 s a type)
    shades: list[QColor] = []
    # Eight tints of each designed shade, up to 0.63 of the way to white (every one at least 17 apart
    # from white in a channel); past them the shades repeat. Paler ones could not be told from the
    # page (near white from the 45th actor of a type on), and past white the channels left 0-255:
    # an invalid shade, drawn black, from the 61st on.
    cycle = len(channels) * 8
    for index in range(count):
        if index >= cycle:
            shades.append(shades[index % cycle])
            continue
        red, green, blue = channels[index % len(channels)]
        share = 0.09 * (index // len(channels))
        while True:
            rgb = (
                round(red + (255 - red) * share),
                round(green + (255 - green) * share),
                round(blue + (255 - blue) * share),
            )
            if rgb not in made or share >= 0.95:
                break
            share = min(share + 0.01, 0.95)
        shade = made.get(rgb)
        if shade is None:
            shade = made[rgb] = QColor(*rgb)
        shades.append(shade)  # (shared by the actors of one shade: colours are only read)
    return shades


def color_icon(key: str) -> QPixmap:
    """A small swatch of a note colour (here, not with the note editor: the notes panel shows them from the start)."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color_hex(key)))
    return pixmap
