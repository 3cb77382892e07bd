"""Hardened reading and parsing of untrusted XML files, every failure as a located problem."""

from __future__ import annotations

import os
import re
import stat

from lxml import etree

from viewer.io.errors import BriefingError, Problem

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class _RefuseEverything(etree.Resolver):  # type: ignore[misc]
    """Answers every request for another document (DTD, entity, anything) with nothing.

    Consulted before libxml2's own loader, so that even a DOCTYPE the checks
    before parsing were to miss can make the parser neither open a file nor
    wait on a FIFO, a device or the network.
    """

    def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
        return self.resolve_string("", context)


def make_parser() -> etree.XMLParser:
    """A parser that never fetches, never expands entities and never recovers.

    Every option is spelled out so that a change of lxml's defaults cannot
    loosen it. The encoding is fixed: :func:`parse_bytes` hands over UTF-8
    only, so the encoding libxml2 would guess or read in the declaration never
    decides what the checks before parsing see. A new parser per file keeps
    error logs apart.
    """
    parser = etree.XMLParser(
        encoding="utf-8",
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
    parser.resolvers.add(_RefuseEverything())
    return parser


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
    data = as_utf8(data, name)
    if not data.strip():
        raise BriefingError.single(name, "the file is empty")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _position(data, nul)
        raise BriefingError.single(name, "the file holds binary data, not XML text", line, column)
    doctype = _doctype_offset(data)
    if doctype >= 0:
        line, column = _position(data, doctype)
        raise BriefingError.single(name, _DOCTYPE, line, column)
    parser = make_parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        lines = _Lines(data)
        problems = sorted(
            {
                Problem(name, *lines.clamp(entry.line, entry.column), describe_syntax_error(entry.message))
                for entry in parser.error_log
            }
        )
        raise BriefingError(problems or [Problem(name, 0, 0, "not well-formed XML")]) from None
    except (ValueError, OSError) as exc:  # what libxml2 cannot read at all
        raise BriefingError.single(name, f"cannot be read as XML: {exc}") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        line, column = _position(data, max(data.find(b"<!DOCTYPE"), 0))
        raise BriefingError.single(name, _DOCTYPE, line, column)
    return tree


_DOCTYPE = "the file has a DOCTYPE declaration; briefings may not declare a DTD or entities"

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
# Without a mark, where the zero bytes fall in the first character tells a wide encoding (XML 1.0, appendix F).
_WIDE: dict[tuple[bool, ...], str] = {
    (True, True, True, False): "utf-32-be",
    (False, True, True, True): "utf-32-le",
    (True, False, True, False): "utf-16-be",
    (False, True, False, True): "utf-16-le",
}
_DECLARED = re.compile(rb"<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*([\"'])([^\"'>]*)\1")
_SAME_AS_UTF8 = {"utf-8", "utf8", "us-ascii", "ascii"}


def as_utf8(data: bytes, name: str) -> bytes:
    """The file's text as UTF-8, whatever Unicode encoding it is in; other encodings are refused.

    libxml2 is then told the encoding, never left to guess it: the checks
    before parsing (no DOCTYPE, no binary data) see exactly the text the
    parser sees. UTF-16 and UTF-32, with or without a byte-order mark, are
    decoded here; a declaration of any other encoding is refused, as the
    format allows (converting is one ``iconv`` away).
    """
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return data if codec == "utf-8" else _transcode(data[len(mark) :], codec, name)
    wide = _WIDE.get(tuple(byte == 0 for byte in data[:4]))
    if wide is not None:
        return _transcode(data, wide, name)
    declared = _DECLARED.match(data, 0, 200)
    if declared is not None:
        encoding = declared.group(2).decode("ascii", "replace")
        if encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32", "ucs")):
            raise BriefingError.single(
                name,
                f'the file declares encoding="{_printable(encoding)}" but is written one byte per '
                "character: save it as UTF-8, or as UTF-16 with a byte-order mark",
            )
        if encoding.lower() not in _SAME_AS_UTF8:
            raise BriefingError.single(
                name,
                f'the file declares encoding="{_printable(encoding)}"; briefings are UTF-8 text '
                "(UTF-16 and UTF-32 are read too): convert it, e.g. "
                f"iconv -f {_printable(encoding)} -t UTF-8",
            )
    return data


def _transcode(data: bytes, codec: str, name: str) -> bytes:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        before = data[: error.start].decode(codec, "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        label = codec.upper().replace("-BE", "").replace("-LE", "")
        raise BriefingError.single(name, f"invalid bytes: the file is not valid {label} text", line, column) from None
    return text.encode("utf-8", "surrogatepass")


def _printable(text: str, limit: int = 40) -> str:
    """A value from the file, safe to print: control characters shown as escapes, long ones cut."""
    shown = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text[:limit])
    return shown + ("…" if len(text) > limit else "")


class _Lines:
    """The lines of the parsed text, to keep libxml2's positions inside the file."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._count = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)

    def clamp(self, line: int, column: int) -> tuple[int, int]:
        """A position on a line that exists and a column on it (libxml2 may point one past the end)."""
        line = min(max(line, 1), self._count)
        start = 0
        if line > 1:
            start = _nth_newline(self._data, line - 1) + 1
        end = self._data.find(b"\n", start)
        width = len(self._data[start : end if end >= 0 else len(self._data)].decode("utf-8", "replace"))
        return line, min(max(column, 1), width + 1)


def _nth_newline(data: bytes, n: int) -> int:
    """The offset of the n-th line feed (1-based)."""
    index = -1
    for _ in range(n):
        index = data.find(b"\n", index + 1)
    return index


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
    """1-based line and column (in characters) of a byte offset in UTF-8 text."""
    line = data.count(b"\n", 0, index) + 1
    start = data.rfind(b"\n", 0, index) + 1
    return line, len(data[start:index].decode("utf-8", "replace")) + 1


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
    (r"invalid xmlChar value (\d+)", r"the character reference &#\1; names a character XML does not allow"),
    (r"(?:PCDATA )?invalid Char value (\d+)", r"character number \1 (a control character) is not allowed in XML"),
    # libxml2's resource limits, which speak of its own options (XML_PARSE_HUGE) and buffers.
    (r"Name too long", "a name is longer than 50,000 characters"),
    (r"Text node too long", "a run of text without markup is longer than 10,000,000 characters"),
    (r"Buffer size limit exceeded|AttValue length too long", "a value is longer than 10,000,000 characters"),
    (r"Huge input lookup", "one piece of markup (a tag, name or value) is too large to read"),
    (r"Comment too big", "a comment is longer than 10,000,000 characters"),
    (r"PI \S* ?too big", "a processing instruction is longer than 10,000,000 characters"),
    (r"CData section too big", "a CDATA section is longer than 10,000,000 characters"),
    (r"Resource limit exceeded", "the file goes over a limit of the XML reader (pieces of at most 10 MB)"),
]


def describe_syntax_error(message: str) -> str:
    """libxml2's syntax message in words a person understands."""
    message = message.strip()
    for pattern, replacement in _SYNTAX_MESSAGES:
        match = re.search(pattern, message)  # compiled on first use: only broken files need them
        if match:
            return "not well-formed XML: " + match.expand(replacement)
    # Whatever is left may still name libxml2's options or functions: those mean nothing to a reader.
    message = re.sub(r",? *try XML_PARSE_HUGE|\b(?:xml|XML)\w*: *", "", message).strip() or "unreadable XML"
    return f"not well-formed XML: {message}"
