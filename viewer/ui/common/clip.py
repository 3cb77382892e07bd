"""Briefing text shown in a line (a panel's row, a label, a title, a tooltip) is clipped first.

A title, a name or a claim can be megabytes long in a hostile or broken briefing; Qt measures,
shapes and elides the whole string each time a row or label is sized or painted (an 8 MB heading
took 24 s to open, 8 s of it the Sections panel sizing its row). No line shows more than a few
hundred characters, so none is given more: the rest is replaced by an ellipsis.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy

LINE_CHARS = 300  # a row, a label, a window title: more is never seen on one line
TEXT_CHARS = 1_500  # a wrapped label (the summary above the text)
TIP_CHARS = 2_000  # a tooltip, a few lines of a few hundred characters

ELLIPSIS = "…"


def clip(text: str, limit: int = LINE_CHARS) -> str:
    """``text``, or its first characters and an ellipsis, ``limit`` characters in all."""
    return clip_span(text, 0, len(text), limit)


def clip_span(text: str, start: int, end: int, limit: int = LINE_CHARS) -> str:
    """``text[start:end]``, or its first characters and an ellipsis, ``limit`` characters in all
    (without copying more of the text than is shown: a claim can be megabytes)."""
    if end - start <= limit:
        return text[start:end]
    return text[start : start + limit - 1] + ELLIPSIS


def wrapping(label: QLabel) -> QLabel:
    """``label`` wrapped to the width its layout gives it, never asking for more.

    A wrapped label asks for the width of its longest word: a name of 162 letters without a space
    (a German compound) made the Actors panel 1,050 px wide, a clipped title of 300, the window
    3,102 px, and the docks' sizes were saved so. Such a word is cut at the label's edge instead.
    """
    label.setWordWrap(True)
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    label.setSizePolicy(policy)
    return label
