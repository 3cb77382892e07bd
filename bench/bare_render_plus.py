"""The bare render baseline plus, cumulatively, part of what `briefing render` does before any briefing work.

Level 1 imports the reading window's modules; level 2 also makes the (empty) window;
level 3 also shows and paints it. The bare picture is then made as in bare_render.py.
Used by bench_render.py to show where the fixed cost of a render goes.
"""

from __future__ import annotations

import sys

from bare_render import plain_text, show_and_save  # sets the offscreen platform first
from lxml import etree
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication


def main(path: str, output: str, level: int, settings: str) -> None:
    if level >= 1:
        from viewer.ui.window.main_window import MainWindow
    root = etree.parse(path).getroot()
    text = plain_text(root)
    app = QApplication([])
    if level >= 2:
        window = MainWindow(QSettings(settings, QSettings.Format.IniFormat), None, open_store=False)
        window.resize(1280, 800)
        if level >= 3:
            window.show()
            app.processEvents()
    show_and_save(app, text, output)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
