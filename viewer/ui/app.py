"""The ``briefing-viewer`` entry point (placeholder until the reading window lands)."""

from __future__ import annotations

import sys


def main() -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv)
    label = QLabel("Briefing Viewer")
    label.setTextFormat(label.textFormat().PlainText)
    label.show()
    return app.exec()
