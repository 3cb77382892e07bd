"""PartBar: where the reader is in a briefing shown in parts ("Part 2 of 7"), with the way to the others."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from viewer.ui.common.clip import clip
from viewer.ui.reading.document import BriefingDocument


class PartBar(QWidget):
    """In the status bar: ◀ Part 2 of 7: S40000 – S79999 ▶; hidden while the briefing is shown whole.

    The arrows are the View menu's Previous Part and Next Part (their shortcuts in their tips).
    """

    HEADING_WIDTH = 180  # pixels for each section heading named: a long one is cut short (whole in the tip)

    def __init__(self, previous: QAction, following: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("part-bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.label = QLabel(self)
        self.buttons = []
        for action, arrow in ((previous, Qt.ArrowType.LeftArrow), (following, Qt.ArrowType.RightArrow)):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setArrowType(arrow)
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            shortcut = action.shortcut().toString()
            button.setToolTip(f"{action.text().replace('&', '')} ({shortcut})")
            self.buttons.append(button)
        layout.addWidget(self.buttons[0])
        layout.addWidget(self.label)
        layout.addWidget(self.buttons[1])
        self.hide()

    def show_part(self, content: BriefingDocument | None) -> None:
        """Say which part of ``content``'s briefing it shows, and the sections it covers (hidden for one part)."""
        if content is None or len(content.parts) < 2:
            self.hide()
            return
        briefing, part = content.briefing, content.part
        first = briefing.section_at(part.start)
        last = briefing.section_at(max(part.end - 1, part.start))
        named = [clip(section.heading) for section in (first, last) if section is not None]
        if len(named) == 2 and named[0] == named[1]:
            named = named[:1]
        metrics = self.label.fontMetrics()
        short = [metrics.elidedText(name, Qt.TextElideMode.ElideRight, self.HEADING_WIDTH) for name in named]
        where = f"Part {part.number + 1} of {len(content.parts)}"
        self.label.setText(f"{where}: {' – '.join(short)}" if short else where)
        self.label.setToolTip(
            f"{where}" + (f", from {named[0]} to {named[-1]}" if named else "") + ".\n"
            "The briefing is too large to show at once. Scrolling on past the end of a part shows the next."
        )
        self.show()
