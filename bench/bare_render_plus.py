"""The bare render baseline plus, cumulatively, part of what `briefing render` does before any briefing work.

Level 1 imports the reading window's modules; level 2 also makes the (empty) window;
level 3 also shows and paints it. The bare picture is saved as in bare_render.py.
Used by bench_render.py to show where the fixed cost of a render goes.
"""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from lxml import etree
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QTextBrowser


def main(path: str, output: str, level: int, settings: str) -> None:
    if level >= 1:
        from viewer.ui.main_window import MainWindow
    root = etree.parse(path).getroot()
    text = "\n".join(" ".join("".join(p.itertext()).split()) for p in root.iter("{*}heading", "{*}p", "{*}item"))
    app = QApplication([])
    if level >= 2:
        window = MainWindow(QSettings(settings, QSettings.Format.IniFormat), None, open_store=False)
        window.resize(1280, 800)
        if level >= 3:
            window.show()
            app.processEvents()
    browser = QTextBrowser()
    browser.setPlainText(text)
    browser.resize(1280, 800)
    browser.show()
    app.processEvents()
    browser.grab().save(output, "PNG")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
