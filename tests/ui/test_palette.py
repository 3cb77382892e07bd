"""Actor colours stay readable under the palette's own text colour, light or dark."""

from __future__ import annotations

from tests.corpus import FRENCH
from viewer.io.briefing.loader import load_briefing
from viewer.ui.common.palette import actor_colors


def contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def luminance(color) -> float:  # type: ignore[no-untyped-def]
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) + 0.0722 * channel(color.blue())


def test_fills_keep_text_at_wcag_aa_contrast_in_both_palettes(qapp) -> None:  # type: ignore[no-untyped-def]
    briefing = load_briefing(FRENCH)
    for dark, text_luminance in ((False, 0.0), (True, 1.0)):  # black text on light, white text on dark
        colors = actor_colors(briefing, dark)
        assert len({c.name() for c in colors.values()}) == len(colors)  # one shade per actor
        for color in colors.values():
            assert contrast(luminance(color), text_luminance) >= 4.5, (dark, color.name())
