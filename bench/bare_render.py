"""Baseline for the render benchmark: lxml parse, the text unformatted in a QTextBrowser, a screenshot."""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from lxml import etree
from PySide6.QtWidgets import QApplication, QTextBrowser


def plain_text(root: etree._Element) -> str:
    """The briefing's headings, paragraphs and items, one a line, white space collapsed."""
    return "\n".join(" ".join("".join(p.itertext()).split()) for p in root.iter("{*}heading", "{*}p", "{*}item"))


def show_and_save(app: QApplication, text: str, output: str) -> None:
    """The text in a 1280×800 QTextBrowser, shown and saved as a PNG."""
    browser = QTextBrowser()
    browser.setPlainText(text)
    browser.resize(1280, 800)
    browser.show()
    app.processEvents()
    browser.grab().save(output, "PNG")


def main(path: str, output: str) -> None:
    root = etree.parse(path).getroot()  # kept to the end, as a script of a few lines would
    show_and_save(QApplication([]), plain_text(root), output)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
