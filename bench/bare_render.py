"""Baseline for the render benchmark: lxml parse, the text unformatted in a QTextBrowser, a screenshot."""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from lxml import etree
from PySide6.QtWidgets import QApplication, QTextBrowser


def main(path: str, output: str) -> None:
    root = etree.parse(path).getroot()
    text = "\n".join(" ".join("".join(p.itertext()).split()) for p in root.iter("{*}heading", "{*}p", "{*}item"))
    app = QApplication([])
    browser = QTextBrowser()
    browser.setPlainText(text)
    browser.resize(1280, 800)
    browser.show()
    app.processEvents()
    browser.grab().save(output, "PNG")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
