"""Characters a briefing (an XML file) cannot hold, found and told with their place."""

from __future__ import annotations

import re

from viewer.io.errors import BriefingError

# What XML 1.0 cannot hold: C0 controls but tab and line ends, U+FFFE and U+FFFF, lone surrogates.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_NAMES = {"\x0b": "a vertical tab", "\x0c": "a form feed", "\x1b": "an escape character", "\x00": "a NUL byte"}


def first_not_xml(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that an XML file cannot hold, if any."""
    return _NOT_XML.search(text)


def describe_character(char: str) -> str:
    """A character a person can recognise: ``a form feed (U+000C)``."""
    return f"{_CONTROL_NAMES.get(char, 'the character')} (U+{ord(char):04X})"


def check_characters(text: str, name: str, what: str) -> None:
    """Refuse, at its line and column, the first character a briefing cannot hold (and count the others)."""
    found = _NOT_XML.search(text)
    if found is None:
        return
    start = found.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    others = len(_NOT_XML.findall(text, start + 1))
    more = f"; {others} more such characters after it" if others else ""
    raise BriefingError.single(
        name,
        f"{what} holds {describe_character(found.group())}, which a briefing cannot hold: remove it{more}",
        line,
        column,
    )
