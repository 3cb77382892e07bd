"""The format's structural rules in code, for problem messages a person understands.

The RELAX NG schema (resources/schema/briefing-1.rng) is the contract; these
tables restate it so that the loader can say *which* rule a file breaks. A
test checks that both accept and refuse the same files.
"""

from __future__ import annotations

import re
from datetime import date

from viewer.model.briefing import ACTOR_TYPES, CLAIM_KINDS, CONFIDENCES

NS = "urn:briefing-viewer:format:1"
# White space as XML counts it. Python's str.strip() and str.split() also take NEL, no-break and
# other Unicode spaces for white space, which the schema counts as text: a test on text must use this.
XML_SPACE = " \t\r\n"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# <meta>'s fields that come at most once (the title exactly once); authors and sources, any number of times.
META_ONCE = ("title", "subtitle", "date", "summary", "keywords")


def q(name: str) -> str:
    """The qualified tag of an element of the format."""
    return f"{{{NS}}}{name}"


# Attributes each element may carry: name -> required.
ATTRIBUTES: dict[str, dict[str, bool]] = {
    "briefing": {"id": True, XML_LANG: False, "version": False},
    "actor": {"id": True, "type": True},
    "relation": {"from": True, "to": True, "type": True, "note": False},
    "section": {"id": False},
    "list": {"type": False},
    "quote": {"by": False},
    "mention": {"actor": True},
    "claim": {
        "id": False,
        "by": False,
        "about": False,
        "kind": False,
        "confidence": False,
        "source": False,
    },
    "link": {"href": True},
    "source": {"href": False},
}

# Attribute values restricted to a list of words.
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("actor", "type"): ACTOR_TYPES,
    ("claim", "kind"): CLAIM_KINDS,
    ("claim", "confidence"): CONFIDENCES,
    ("list", "type"): ("bullet", "ordered"),
    ("briefing", "version"): ("1",),
}

# Attributes whose value is an XML name (an id or an actor reference).
NAME_ATTRIBUTES = {
    ("briefing", "id"),
    ("actor", "id"),
    ("section", "id"),
    ("claim", "id"),
    ("claim", "by"),
    ("quote", "by"),
    ("mention", "actor"),
    ("relation", "from"),
    ("relation", "to"),
}

# Elements allowed inside inline content, by parent.
INLINE_CHILDREN: dict[str, frozenset[str]] = {
    "inline": frozenset({"mention", "claim", "em", "link"}),
    "claim": frozenset({"mention", "em", "link"}),
    "em": frozenset({"mention"}),
    "mention": frozenset({"em"}),
    "em-in-mention": frozenset(),
    "link": frozenset(),
}

# XML 1.0 NCName, restricted to the characters briefings realistically use plus Unicode letters.
_NCNAME = re.compile(r"^[^\W\d][\w.\-\u00B7\u0300-\u036F\u203F-\u2040]*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def is_ncname(value: str) -> bool:
    """Whether a value is an XML name without a colon (what ids must be)."""
    return bool(_NCNAME.match(value))


def is_language(value: str) -> bool:
    """Whether a value has the shape of a BCP 47 language tag."""
    return bool(_LANGUAGE.match(value))


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
    r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
)


def is_iso_date(value: str) -> bool:
    """Whether a value is a date of the format's ISO 8601 profile (the schema's ``date`` pattern).

    ``YYYY-MM-DD`` (years 0001 to 9999, a day the calendar has) or ``YYYY-MM-DDThh:mm:ss``
    with an optional fraction and zone (``Z``, ``+hh:mm``, ``-hh:mm`` up to 14:00); nothing
    around it.
    """
    if not (_DATE.fullmatch(value) or _DATE_TIME.fullmatch(value)):
        return False
    try:
        date.fromisoformat(value[:10])
    except ValueError:  # 30 February, year 0
        return False
    return True
