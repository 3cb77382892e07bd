"""Hostile files through `briefing check`: each under a fixed bound, and refusals against `check` of a valid twin."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from common import BIN, ROOT, report, run_process

sys.path.insert(0, str(ROOT))
from tests.corpus import CASES, briefing, many_attributes, many_mentions, write_case


def many_authors(count: int, valid: bool = True) -> bytes:
    """A <meta> of ``count`` authors and keywords around its title (refused: a second title at the end)."""
    fields = "".join(f"<author>Author {i}</author><source>S{i}</source>" for i in range(count))
    keywords = "<keywords>" + "".join(f"<keyword>k{i}</keyword>" for i in range(count)) + "</keywords>"
    return briefing(meta=f"{fields}<title>T</title>{keywords}" + ("" if valid else "<title>U</title>")).encode()


# Siblings the schema refuses, each in a wide parent: lxml located each of libxml2's errors by counting the
# node's earlier siblings, so that refusing them took time that grew with their square (5,000 misnamed
# relations 1.2 s, 20,000 13.5 s; 145,000, 8 MB, many minutes).
BAD_SIBLINGS = {
    "misnamed relations": ('<relation source="a" target="a" type="ally"/>\n', "relations"),
    "misnamed mentions in one paragraph": ('<mention who="a">A</mention> ', "p"),
    "sections with an unknown attribute": ('<section bad="1"><heading>H</heading><p>t</p></section>\n', "body"),
}


def bad_siblings(kind: str, count: int) -> bytes:
    """A briefing whose one parent holds ``count`` siblings of the kind, each refused by the schema."""
    sibling, parent = BAD_SIBLINGS[kind]
    many = sibling * count
    relations = f"<relations>\n{many}</relations>\n" if parent == "relations" else ""
    paragraph = many if parent == "p" else "t"
    body = many if parent == "body" else f"<section><heading>H</heading><p>{paragraph}</p></section>"
    return briefing_with(relations, body).encode()


def briefing_with(relations: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="urn:briefing-viewer:format:1" id="x">'
        '<meta><title>T</title></meta>\n<actors><actor id="a" type="state"><name>A</name></actor></actors>\n'
        f"{relations}<body>{body}</body></briefing>\n"
    )


# Files refused for many problems, each made by a function that gives the valid twin of the same size.
MANY: dict[str, tuple[Callable[[bool], bytes], int]] = {
    "80,000 unknown attributes (0.9 MB)": (lambda valid: many_attributes(80_000, valid), 3),
    "100,000 undeclared mentions on one line": (lambda valid: many_mentions(100_000, 100_000, valid), 3),
    "1.8 M undeclared mentions (58 MB)": (lambda valid: many_mentions(1_800_000, 20, valid), 1),
    "a second title after 400,000 authors (25 MB)": (lambda valid: many_authors(400_000, valid), 1),
}


def main() -> bool:
    ok = True
    check = [str(BIN / "briefing"), "check"]
    with tempfile.TemporaryDirectory() as folder:
        for name in sorted(CASES):
            path = write_case(name, Path(folder))
            seconds, peak = run_process([*check, str(path)], repeat=3)
            fine = seconds < 2 and peak < 300
            ok &= fine
            print(f"hostile {name:<40} {seconds:6.3f} s {peak:5d} MiB {'ok' if fine else 'OVER TARGET'}")
        # Refusing is linear: within 4x the time and memory of checking a valid file of the same size.
        for name, (make, repeat) in MANY.items():
            valid, refused = Path(folder, "valid.xml"), Path(folder, "refused.xml")
            valid.write_bytes(make(True))
            refused.write_bytes(make(False))
            base_s, base_mib = run_process([*check, str(valid)], repeat=repeat)
            seconds, mib = run_process([*check, str(refused)], repeat=repeat)
            ok &= report(f"refuse {name}", seconds, base_s, 4)
            ok &= report(f"refuse {name} (memory)", mib, base_mib, 4, unit="MiB")
        # Linear in <meta>'s fields too (libxml2's interleave is quadratic: 40,000 authors took 0.76 s, 20,000 0.19 s).
        small, large = Path(folder, "small.xml"), Path(folder, "large.xml")
        small.write_bytes(many_authors(100_000))
        large.write_bytes(many_authors(400_000))
        small_s, _ = run_process([*check, str(small)], repeat=3)
        large_s, _ = run_process([*check, str(large)], repeat=3)
        ok &= report("check 400,000 authors / 100,000 (4x the fields)", large_s, small_s, 5)
        # Refusing n bad siblings is linear in n too: 4x the siblings, about 4x the time.
        for kind in BAD_SIBLINGS:
            small.write_bytes(bad_siblings(kind, 25_000))
            large.write_bytes(bad_siblings(kind, 100_000))
            small_s, _ = run_process([*check, str(small)], repeat=3)
            large_s, _ = run_process([*check, str(large)], repeat=3)
            ok &= report(f"refuse 100,000 {kind} / 25,000", large_s, small_s, 5)
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
