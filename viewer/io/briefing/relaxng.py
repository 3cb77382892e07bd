"""RELAX NG validation through lxml's own libxml2, keeping the first errors and only counting the rest."""

# Why not lxml's RelaxNG.validate: for each error it reports, lxml asks libxml2 for the node's path
# (xmlGetNodePath, lxml/xmlerror.pxi), which counts every earlier sibling of the node and of each of its
# ancestors: a file with n bad siblings was refused in time growing with n² (145,000 bad relations, many
# minutes). lxml has no switch for it. Here the same libxml2 (the one inside lxml's etree module, whose
# symbols it exports) validates the same tree with the same compiled schema, and an error callback of
# our own turns each error into (line, column, message) exactly as lxml's _LogEntry does, without the
# path. Anything unexpected at setup (a symbol missing, lxml's object layout not as read) leaves this
# module unavailable, and the loader validates through lxml as before.

from __future__ import annotations

import ctypes
import sys
import threading
from dataclasses import dataclass, field

from lxml import etree

_INT_MAX = 2**31 - 1
_ELEMENT_NODE, _DOCUMENT_NODE = 1, 9


class _XmlError(ctypes.Structure):
    """libxml2's xmlError (xmlerror.h; the same from 2.9 to 2.14)."""

    _fields_ = [
        ("domain", ctypes.c_int),
        ("code", ctypes.c_int),
        ("message", ctypes.c_void_p),
        ("level", ctypes.c_int),
        ("file", ctypes.c_void_p),
        ("line", ctypes.c_int),
        ("str1", ctypes.c_void_p),
        ("str2", ctypes.c_void_p),
        ("str3", ctypes.c_void_p),
        ("int1", ctypes.c_int),
        ("int2", ctypes.c_int),
        ("ctxt", ctypes.c_void_p),
        ("node", ctypes.c_void_p),
    ]


class _XmlNode(ctypes.Structure):
    """The start of libxml2's xmlNode (and of xmlDoc, whose fields up to ``doc`` are the same)."""

    _fields_ = [
        ("private", ctypes.c_void_p),
        ("type", ctypes.c_int),
        ("name", ctypes.c_void_p),
        ("children", ctypes.c_void_p),
        ("last", ctypes.c_void_p),
        ("parent", ctypes.c_void_p),
        ("next", ctypes.c_void_p),
        ("prev", ctypes.c_void_p),
        ("doc", ctypes.c_void_p),
    ]


# lxml's public layout of an element (lxml/includes/etreepublic.pxd, lxml.etree.h):
# struct LxmlElement { PyObject_HEAD; LxmlDocument* _doc; xmlNode* _c_node; PyObject* _tag; }
_C_NODE_OFFSET = object.__basicsize__ + ctypes.sizeof(ctypes.c_void_p)

_ERROR_FUNC = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(_XmlError))


@dataclass(slots=True)
class Outcome:
    """What a validation found: ``errors`` holds the first ``limit`` errors as (line, column, message),
    ``count`` how many there were in all."""

    valid: bool
    errors: list[tuple[int, int, str]] = field(default_factory=list)
    count: int = 0


def message_of(raw: bytes | None) -> str:
    """An error's message as lxml's _LogEntry.message gives it."""
    if not raw or raw == b"\n":
        return "unknown error"
    if raw.endswith(b"\n"):
        raw = raw[:-1]  # (one end of line, as lxml strips)
    try:
        return raw.decode("utf8")
    except UnicodeDecodeError:
        return raw.decode("ascii", "backslashreplace")


def _c_node(element: etree._Element) -> int:
    """The address of the libxml2 node behind an lxml element (lxml's public object layout)."""
    return ctypes.c_void_p.from_address(id(element) + _C_NODE_OFFSET).value or 0


class Validator:
    """A compiled schema held in libxml2, and validation of lxml trees against it, one at a time."""

    def __init__(self, library: ctypes.CDLL, grammar: etree._ElementTree) -> None:
        self._lib = library
        self._lock = threading.Lock()  # one validation at a time: the callback writes to self._outcome
        self._outcome = Outcome(False)
        self._limit = 0
        self._callback = _ERROR_FUNC(self._receive)  # (kept: libxml2 calls it)
        self._ignore = _ERROR_FUNC(lambda _data, _error: None)
        doc = _document_of(grammar)
        parser = library.xmlRelaxNGNewDocParserCtxt(doc)  # (as lxml's RelaxNG(tree) does: it copies the doc)
        if not parser:
            raise RuntimeError("libxml2 could not read the schema")
        library.xmlRelaxNGSetParserStructuredErrors(parser, self._ignore, None)
        self._schema = library.xmlRelaxNGParse(parser)
        library.xmlRelaxNGFreeParserCtxt(parser)
        if not self._schema:
            raise RuntimeError("libxml2 could not compile the schema")

    def _receive(self, _data: int | None, error: ctypes._Pointer[_XmlError]) -> None:
        """libxml2's structured error callback: the first errors kept as lxml's log entry says them."""
        outcome = self._outcome
        outcome.count += 1
        if len(outcome.errors) >= self._limit:
            return
        e = error.contents
        line = e.line
        if e.node:
            # (lxml's _setError: the node's line when it does not fit an int)
            node_line = self._lib.xmlGetLineNo(ctypes.c_void_p(e.node))
            if node_line > _INT_MAX:
                line = node_line
        raw = ctypes.string_at(e.message) if e.message else None
        outcome.errors.append((line, e.int2, message_of(raw)))

    def validate(self, tree: etree._ElementTree, limit: int) -> Outcome:
        """Validate ``tree`` (the whole document); keep its first ``limit`` errors and count the others.

        Raises RuntimeError when libxml2 fails inside (lxml raises RelaxNGValidateError then)."""
        lib = self._lib
        root = tree.getroot()
        doc = _document_of(tree)
        with self._lock:
            context = lib.xmlRelaxNGNewValidCtxt(self._schema)
            if not context:
                raise MemoryError
            self._outcome, self._limit = Outcome(False), limit
            try:
                lib.xmlRelaxNGSetValidStructuredErrors(context, self._callback, None)
                # (ctypes lets go of the GIL during the call, as lxml does; each error takes it back)
                result = lib.xmlRelaxNGValidateDoc(context, doc)
            finally:
                lib.xmlRelaxNGFreeValidCtxt(context)
            outcome = self._outcome
            self._outcome = Outcome(False)
        del root  # (kept alive until here: the document is the tree's)
        if result < 0:
            raise RuntimeError("libxml2 failed inside the RELAX NG validation")
        outcome.valid = result == 0
        return outcome


def _document_of(tree: etree._ElementTree) -> int:
    """The xmlDoc* of a parsed tree, checked: its root element's node names the root's tag, and is the
    document's root element (lxml validates a tree's document as it is when the root is the document's)."""
    root = tree.getroot()
    node_address = _c_node(root)
    if not node_address:
        raise RuntimeError("no node behind the element")
    node = _XmlNode.from_address(node_address)
    if node.type != _ELEMENT_NODE or not node.name or not node.doc:
        raise RuntimeError("lxml's element layout is not as expected")
    if ctypes.string_at(node.name) != etree.QName(root).localname.encode("utf-8"):
        raise RuntimeError("lxml's element layout is not as expected")
    doc = _XmlNode.from_address(node.doc)
    first = doc.children
    while first and _XmlNode.from_address(first).type != _ELEMENT_NODE:
        first = _XmlNode.from_address(first).next
    if doc.type != _DOCUMENT_NODE or first != node_address:
        raise RuntimeError("the root element is not its document's root")
    return int(node.doc)


def _layout_holds() -> bool:
    """Whether lxml's elements and libxml2's nodes are laid out as read here, tried on a known tree with
    pointers compared before any is followed (a wrong layout would otherwise read anywhere)."""
    root = etree.fromstring(b"<briefing><b/></briefing>")
    child = root[0]
    a, b = _c_node(root), _c_node(child)
    if not a or not b:
        return False
    parent, first = _XmlNode.from_address(a), _XmlNode.from_address(b)
    if parent.children != b or parent.last != b or first.parent != a or not first.doc or first.doc != parent.doc:
        return False
    return ctypes.string_at(first.name) == b"b" and _document_of(etree.ElementTree(root)) == parent.doc


_SIGNATURES: dict[str, tuple[object, list[object]]] = {
    "xmlRelaxNGNewDocParserCtxt": (ctypes.c_void_p, [ctypes.c_void_p]),
    "xmlRelaxNGSetParserStructuredErrors": (None, [ctypes.c_void_p, _ERROR_FUNC, ctypes.c_void_p]),
    "xmlRelaxNGParse": (ctypes.c_void_p, [ctypes.c_void_p]),
    "xmlRelaxNGFreeParserCtxt": (None, [ctypes.c_void_p]),
    "xmlRelaxNGNewValidCtxt": (ctypes.c_void_p, [ctypes.c_void_p]),
    "xmlRelaxNGSetValidStructuredErrors": (None, [ctypes.c_void_p, _ERROR_FUNC, ctypes.c_void_p]),
    "xmlRelaxNGValidateDoc": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_void_p]),
    "xmlRelaxNGFreeValidCtxt": (None, [ctypes.c_void_p]),
    "xmlGetLineNo": (ctypes.c_long, [ctypes.c_void_p]),
}


def _library() -> ctypes.CDLL:
    """lxml's etree extension as a C library: libxml2 is linked into it (the wheels) or loaded with it."""
    module = sys.modules["lxml.etree"]
    library = ctypes.CDLL(module.__file__)
    for name, (result, arguments) in _SIGNATURES.items():
        function = getattr(library, name)  # (AttributeError: not exported)
        function.restype = result
        function.argtypes = arguments
    return library


def validator(grammar: etree._ElementTree) -> Validator | None:
    """A validator of ``grammar`` through libxml2 directly, tried on a known tree; None when it cannot be
    had here (the caller validates through lxml)."""
    try:
        return Validator(_library(), grammar) if _layout_holds() else None
    except (AttributeError, OSError, RuntimeError, TypeError, ValueError):
        return None
