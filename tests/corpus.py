"""Hostile and broken briefing files, made on demand (some are too big to keep in git)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "briefings"
FRENCH = SAMPLES / "coree-du-nord-russie.xml"
TOUR = SAMPLES / "feature-tour.xml"
NS = "urn:briefing-viewer:format:1"

# Stands for the content of a local file that must never reach any output.
SECRET = "TOP-SECRET-7f3a9c"


def briefing(body: str = "<p>Text.</p>", meta: str = "<title>T</title>", actors: str = "") -> str:
    """A minimal briefing around the given parts."""
    actors = actors or '<actors><actor id="kp" type="state"><name>K</name></actor></actors>'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="b">\n'
        f'<meta>{meta}</meta>\n{actors}\n<body>\n<section id="s">\n<heading>H</heading>\n{body}\n'
        "</section>\n</body>\n</briefing>\n"
    )


def _bomb(_: Path) -> bytes:
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    ]
    return f'<?xml version="1.0"?>\n<!DOCTYPE briefing [\n{"".join(levels)}\n]>\n<briefing>&lol9;</briefing>'.encode()


def _quadratic(_: Path) -> bytes:
    entity = "A" * 50_000
    refs = "&a;" * 50_000
    return f'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY a "{entity}">]><briefing>{refs}</briefing>'.encode()


def _external_file(tmp: Path) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE briefing [<!ENTITY x SYSTEM "file://{tmp / "secret.txt"}">]>\n'
        f'<briefing xmlns="{NS}" id="b"><meta><title>&x;</title></meta></briefing>'
    ).encode()


def _parameter_entity(tmp: Path) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE briefing [<!ENTITY % p SYSTEM "file://{tmp / "secret.txt"}"> %p;]>\n'
        f'<briefing xmlns="{NS}" id="b"/>'
    ).encode()


def _xinclude(tmp: Path) -> bytes:
    include = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{tmp / "secret.txt"}" parse="text"/>'
    return briefing(f"<p>{include}</p>").encode()


def _deep(_: Path) -> bytes:
    opening = "<section><heading>x</heading>" * 100_000
    return (briefing(opening + "</section>" * 100_000)).encode()


def _truncated(_: Path) -> bytes:
    data = FRENCH.read_bytes()
    return data[: len(data) // 2]


def _binary(_: Path) -> bytes:
    return bytes(range(256)) * 64


CASES: dict[str, Callable[[Path], bytes]] = {
    "entity-bomb": _bomb,
    "quadratic-blowup": _quadratic,
    "external-entity-file": _external_file,
    "parameter-entity": _parameter_entity,
    "xinclude": _xinclude,
    "nested-100000": _deep,
    "invalid-utf8": lambda _: briefing("<p>caf\xe9</p>").encode("utf-8").replace(b"caf\xc3\xa9", b"caf\xe9"),
    "empty": lambda _: b"",
    "binary": _binary,
    "truncated": _truncated,
    "not-a-briefing": lambda _: b"<html><body><p>Hello</p></body></html>",
    "wrong-namespace": lambda _: briefing().replace(NS, "urn:something-else").encode(),
    "unknown-actor": lambda _: briefing('<p><mention actor="usa">USA</mention></p>').encode(),
    "duplicate-id": lambda _: briefing('<p><claim id="s">x</claim></p>').encode(),
    "nested-claim": lambda _: briefing("<p><claim>a <claim>b</claim></claim></p>").encode(),
    "missing-title": lambda _: briefing(meta="<date>2024-01-01</date>").encode(),
}

# The cases refused as a whole (``path: message``), with no line or column to point at.
WHOLE_FILE = {"empty"}

# What each case's first message must say (a word or two a person would look for).
EXPECTED = {
    "entity-bomb": "DOCTYPE",
    "quadratic-blowup": "DOCTYPE",
    "external-entity-file": "DOCTYPE",
    "parameter-entity": "DOCTYPE",
    "xinclude": "not an element of the briefing format",
    "nested-100000": "nested more than",
    "invalid-utf8": "not valid UTF-8",
    "empty": "empty",
    "binary": "binary",
    "truncated": "cut short",
    "not-a-briefing": "not a briefing",
    "wrong-namespace": "wrong namespace",
    "unknown-actor": 'actor "usa", which is not declared',
    "duplicate-id": 'id "s" is already used',
    "nested-claim": "claims do not nest",
    "missing-title": "needs a <title>",
}


def write_case(name: str, tmp: Path) -> Path:
    """Write one case (and the secret file it may point at) into ``tmp``."""
    (tmp / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    path = tmp / f"{name}.xml"
    path.write_bytes(CASES[name](tmp))
    return path


# Files that are refused for many problems, each with a valid twin of about the same size:
# a refusal is measured against `check` of the twin (bench/bench_hostile.py), and tests use small ones.


def many_attributes(count: int, valid: bool = False) -> bytes:
    """A paragraph with ``count`` attributes the format does not know (valid: the same bytes as text)."""
    attributes = "".join(f' a{i}="v"' for i in range(count))
    body = f"<p>{attributes}</p>" if valid else f"<p{attributes}>x</p>"
    return briefing(body).encode()


def many_mentions(count: int, per_line: int, valid: bool = False) -> bytes:
    """``count`` mentions, ``per_line`` to a line, of an actor that is not declared (valid: declared)."""
    actor = "kp" if valid else "zz"
    line = f'<mention actor="{actor}">K</mention> '
    counts = [per_line] * (count // per_line) + ([count % per_line] if count % per_line else [])
    lines = "\n".join(f"<p>{line * n}</p>" for n in counts)
    return briefing(lines).encode()
