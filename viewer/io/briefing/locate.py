"""Line and column of elements and attributes in the source bytes, for problem messages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree


class Locator:
    """Finds the column of an element's start tag (and of one of its attributes).

    lxml knows only an element's line; the column is found by counting the
    elements with the same name that start earlier on that line. Built only
    when there are problems to report, and given all of them at once: one walk
    over the tree and one search of each line concerned, however many problems
    a line holds (a line of 100,000 mentions was searched again for each).
    """

    def __init__(self, data: bytes, tree: etree._ElementTree) -> None:
        # Split as XML counts lines, at line feeds only (str.splitlines also splits at NEL, U+2028...).
        self._lines = data.decode("utf-8", errors="replace").split("\n")
        self._tree = tree
        self._starts: dict[tuple[int, str], list[int]] = {}  # (line, local name) -> columns of its start tags

    def locate(self, wanted: Sequence[tuple[etree._Element, str | None]]) -> list[tuple[int, int]]:
        """Line and column of each (element, attribute name or None)."""
        lines = {self._line_of(element) for element, _ in wanted}
        targets = {element for element, _ in wanted}  # the same proxies the walk meets (lxml keeps one per node)
        ranks: dict[etree._Element, int] = {}
        seen: dict[tuple[int, str], int] = {}
        for element in self._tree.iter(etree.Element):
            line = self._line_of(element)
            if line in lines:
                key = (line, element.tag)
                rank = seen.get(key, 0)
                seen[key] = rank + 1
                if element in targets:
                    ranks[element] = rank
        return [self._place(element, attribute, ranks.get(element, 0)) for element, attribute in wanted]

    def _line_of(self, element: etree._Element) -> int:
        """The element's line, kept inside the file."""
        return min(max(element.sourceline or 1, 1), len(self._lines))

    def _tag_starts(self, line: int, name: str) -> list[int]:
        starts = self._starts.get((line, name))
        if starts is None:
            pattern = re.compile(r"<(?:[\w.-]+:)?" + re.escape(name) + r"(?=[\s/>])")
            starts = [match.start() + 1 for match in pattern.finditer(self._lines[line - 1])]
            self._starts[(line, name)] = starts
        return starts

    def _place(self, element: etree._Element, attribute: str | None, nth: int) -> tuple[int, int]:
        line = self._line_of(element)
        starts = self._tag_starts(line, etree.QName(element).localname)
        column = starts[nth] if nth < len(starts) else 1
        if attribute and nth < len(starts):
            text = self._lines[line - 1]
            local = attribute.rsplit("}", 1)[-1]
            end = text.find(">", column)  # within the start tag only
            match = re.compile(r"\s(?:[\w.-]+:)?" + re.escape(local) + r"\s*=").search(
                text, column, end if end >= 0 else len(text)
            )
            if match:
                return line, match.start() + 2
        return line, column
