"""Line and column of elements and attributes in the source bytes, for problem messages."""

from __future__ import annotations

import re

from lxml import etree


class Locator:
    """Finds the column of an element's start tag (and of one of its attributes).

    lxml knows only an element's line; the column is found by counting the
    elements with the same name that start earlier on that line. Built only
    when there are problems to report.
    """

    def __init__(self, data: bytes, tree: etree._ElementTree) -> None:
        self._lines = data.decode("utf-8", errors="replace").splitlines()
        self._tree = tree
        self._order: dict[int, list[etree._Element]] | None = None

    def _on_line(self, line: int) -> list[etree._Element]:
        if self._order is None:
            self._order = {}
            for element in self._tree.iter():
                if isinstance(element.tag, str):
                    self._order.setdefault(element.sourceline or 0, []).append(element)
        return self._order.get(line, [])

    def element(self, element: etree._Element) -> tuple[int, int]:
        """1-based line and column of the element's ``<``."""
        line = element.sourceline or 0
        if not 0 < line <= len(self._lines):
            return line, 0
        name = etree.QName(element).localname
        nth = 0
        for other in self._on_line(line):
            if other is element:
                break
            if other.tag == element.tag:
                nth += 1
        pattern = re.compile(r"<(?:[\w.-]+:)?" + re.escape(name) + r"(?=[\s/>])")
        matches = list(pattern.finditer(self._lines[line - 1]))
        if nth < len(matches):
            return line, matches[nth].start() + 1
        return line, 1

    def attribute(self, element: etree._Element, name: str) -> tuple[int, int]:
        """Line and column of an attribute of the element (the element's when not found)."""
        line, column = self.element(element)
        if column and 0 < line <= len(self._lines):
            text = self._lines[line - 1]
            local = name.rsplit("}", 1)[-1]
            match = re.compile(r"\s(?:[\w.-]+:)?" + re.escape(local) + r"\s*=").search(text, column)
            if match:
                return line, match.start() + 2
        return line, column
