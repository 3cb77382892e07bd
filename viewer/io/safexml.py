"""Hardened reading and parsing of untrusted XML files, every failure as a located problem."""

from __future__ import annotations

import os
import re
import stat

from lxml import etree

from viewer.io.errors import BriefingError, Problem

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def make_parser() -> etree.XMLParser:
    """A parser that never fetches, never expands entities and never recovers.

    Every option is spelled out so that a change of lxml's defaults cannot
    loosen it. A new parser per file keeps error logs apart.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        recover=False,
        remove_blank_text=False,
        remove_comments=True,
        remove_pis=True,
        strip_cdata=True,
        collect_ids=False,
        ns_clean=False,
        compact=True,
    )


def read_capped(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, or a BriefingError saying why not."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise BriefingError.single(name, "no such file") from None
    except PermissionError:
        raise BriefingError.single(name, "cannot be read: permission denied") from None
    except OSError as exc:
        raise BriefingError.single(name, f"cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise BriefingError.single(name, "is a folder, not a briefing file")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or a device would block or never end.
        raise BriefingError.single(name, "is not a regular file")
    if info.st_size > max_bytes:
        raise BriefingError.single(name, _too_large(info.st_size, max_bytes))
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise BriefingError.single(name, "cannot be read: permission denied") from None
    except OSError as exc:
        raise BriefingError.single(name, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise BriefingError.single(name, _too_large(len(data), max_bytes))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"the file is {size / 2**20:.1f} MiB, over the limit of {limit / 2**20:.0f} MiB"


def parse_bytes(data: bytes, name: str) -> etree._ElementTree:
    """Parse untrusted bytes; refuse DTDs, binary data and syntax errors with located problems."""
    if not data.strip():
        raise BriefingError.single(name, "the file is empty", 1, 1)
    nul = data.find(b"\x00")
    if nul >= 0 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        line, column = _position(data, nul)
        raise BriefingError.single(name, "the file holds binary data, not XML text", line, column)
    doctype = _doctype_offset(data)
    if doctype >= 0:
        line, column = _position(data, doctype)
        raise BriefingError.single(
            name,
            "the file has a DOCTYPE declaration; briefings may not declare a DTD or entities",
            line,
            column,
        )
    parser = make_parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        problems = sorted(
            {
                Problem(name, entry.line, entry.column, describe_syntax_error(entry.message))
                for entry in parser.error_log
            }
        )
        raise BriefingError(problems or [Problem(name, 1, 1, "not well-formed XML")]) from None
    except (ValueError, OSError) as exc:  # e.g. an encoding libxml2 cannot decode
        raise BriefingError.single(name, f"cannot be decoded: {exc}", 1, 1) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        line, column = _position(data, max(data.find(b"<!DOCTYPE"), 0))
        raise BriefingError.single(
            name,
            "the file has a DOCTYPE declaration; briefings may not declare a DTD or entities",
            line,
            column,
        )
    return tree


_PROLOG_SKIPS = ((b"<?", b"?>"), (b"<!--", b"-->"))


def _doctype_offset(data: bytes) -> int:
    """The offset of a DOCTYPE in the prolog (before the root element), or -1.

    Checked before parsing so that no entity of a hostile DTD is ever
    declared, let alone expanded.
    """
    index = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    length = len(data)
    while index < length:
        while index < length and data[index] in b" \t\r\n":
            index += 1
        for opening, closing in _PROLOG_SKIPS:
            if data.startswith(opening, index):
                end = data.find(closing, index + len(opening))
                index = length if end < 0 else end + len(closing)
                break
        else:
            return index if data.startswith(b"<!DOCTYPE", index) else -1
    return -1


def _position(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and column of a byte offset."""
    line = data.count(b"\n", 0, index) + 1
    column = index - (data.rfind(b"\n", 0, index) + 1) + 1
    return line, column


_SYNTAX_MESSAGES: list[tuple[str, str]] = [
    (r"Document is empty", "the file is empty or is not XML"),
    (r"Start tag expected", "the file does not start with an XML element"),
    (r"Invalid bytes in character encoding", "invalid bytes: the file is not valid UTF-8 text"),
    (r"Input is not proper UTF-8.*", "invalid bytes: the file is not valid UTF-8 text"),
    (
        r"Premature end of data in tag (\S+) line (\d+)",
        r"the file ends before <\1> (opened on line \2) is closed: is it cut short?",
    ),
    (
        r"Excessive depth in document: (\d+).*",
        r"elements are nested more than \1 deep",
    ),
    (
        r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)",
        r"end tag </\3> does not match <\1> opened on line \2",
    ),
    (
        r"Entity '([^']*)' not defined",
        r"unknown entity &\1; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed)",
    ),
    (r"EntityRef: expecting ';'", "a bare '&': write &amp; for an ampersand"),
    (r"Extra content at the end of the document", "content after the end of the root element"),
    (r"Couldn't find end of Start Tag (\S+).*", r"the start tag <\1> is not closed"),
    (r"Maximum entity amplification", "entities expand too much (an entity bomb?)"),
    (r"AttValue: ' expected", "an attribute value is not closed: is the file cut short?"),
    (r"Unescaped '<' not allowed in attributes values", "a '<' inside an attribute value"),
    (r"Attribute (\S+) redefined", r"attribute \1 is given twice"),
]


def describe_syntax_error(message: str) -> str:
    """libxml2's syntax message in words a person understands."""
    message = message.strip()
    for pattern, replacement in _SYNTAX_MESSAGES:
        match = re.search(pattern, message)  # compiled on first use: only broken files need them
        if match:
            return "not well-formed XML: " + match.expand(replacement)
    return f"not well-formed XML: {message}"
