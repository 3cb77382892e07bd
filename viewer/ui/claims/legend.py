"""ClaimLegend: how claims are drawn, one underline style per confidence."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from viewer.ui.common.palette import CLAIM_COLOR, CONFIDENCE_LABELS, CONFIDENCE_STYLES


class ClaimLegend(QWidget):
    """ "Claims:" then a sample underline and label for each confidence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setToolTip("Claims are underlined; the line's style tells the confidence. Actor colours stay visible.")

    def sizeHint(self) -> QSize:
        return QSize(280, self.fontMetrics().height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        baseline = metrics.ascent() + 3
        x = 4
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(x, baseline, "Claims:")
        x += metrics.horizontalAdvance("Claims:") + 8
        for confidence in ("high", "moderate", "low"):
            label = CONFIDENCE_LABELS[confidence]
            width = metrics.horizontalAdvance(label)
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(x, baseline, label)
            pen = QPen(QColor(CLAIM_COLOR), 1.5, CONFIDENCE_STYLES[confidence])
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(x, baseline + 2, x + width, baseline + 2)
            x += width + 14
        painter.end()
