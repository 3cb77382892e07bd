"""Case- and accent-insensitive search in the displayed text, offsets kept one to one."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character folded for matching: lower case, accents stripped, same length.

    Keeping one character for one keeps offsets in the folded text equal to
    offsets in the displayed text; the price is that a character whose case
    fold is longer (ß → ss) is matched by its first letter only.
    """
    folded = unicodedata.normalize("NFD", char.casefold())
    base = "".join(c for c in folded if not unicodedata.combining(c))
    return base[0] if base else char


class _FoldTable(dict[int, str]):
    """Code point → folded character, filled as characters are first met (str.translate's table)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """The text folded character by character (see :func:`fold_char`)."""
    return text.translate(_FOLD_TABLE)


class TextSearch:
    """Finds every occurrence of a query in one text, ignoring case and accents.

    The folded text is computed once per text; ``find_all`` is then one regular
    expression scan.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded = fold(text)

    def find_all(self, query: str) -> list[tuple[int, int]]:
        """Start and end offsets of every non-overlapping match, in order."""
        needle = fold(query)
        if not needle.strip():
            return []
        # Any run of white space in the query matches any run in the text.
        pattern = r"\s+".join(re.escape(part) for part in needle.split())
        return [(m.start(), m.end()) for m in re.finditer(pattern, self._folded)]
