"""`briefing render` of 8 MB briefings of pathological shapes against the generated 6.7 MB one, whole processes.

Shapes: one paragraph; 100,000 tiny sections; one section of 50-mention paragraphs (about 150,000
mentions). Target (issue 16): each within 2x the time and the peak memory of the generated briefing.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from common import BIN, DATA, report, run_process, synthetic
from generate import NS

SIZE = 8_000_000


def _head(actors: int = 40) -> str:
    declared = "".join(f'<actor id="a{a}" type="state"><name>Actor {a}</name></actor>\n' for a in range(actors))
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="shape" xml:lang="en">\n'
        f"<meta><title>Shape</title></meta>\n<actors>\n{declared}</actors>\n<body>\n"
    )


def words(mentions: bool = True) -> str:
    """SIZE characters of words, every tenth a mention of one of 40 actors (``mentions``) or not."""
    found, size, i = [], 0, 0
    while size < SIZE:
        word = (
            f'<mention actor="a{i % 40}">Actor {i % 40}</mention>' if mentions and i % 10 == 0 else "lorem ipsum dolor"
        )
        found.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(found)


def one_paragraph() -> str:
    return _head() + f'<section id="s"><heading>H</heading><p>{words()}</p></section>\n</body>\n</briefing>\n'


def tiny_sections() -> str:
    parts, size, i = [], 0, 0
    while size < SIZE:
        part = f'<section id="s{i}"><heading>S{i}</heading><p>t</p></section>\n'
        parts.append(part)
        size += len(part)
        i += 1
    return _head() + "".join(parts) + "</body>\n</briefing>\n"


def mention_paragraphs() -> str:
    paragraphs, words, size, i = [], [], 0, 0
    while size < SIZE:
        word = f'<mention actor="a{i % 40}">Actor {i % 40}</mention> and'
        words.append(word)
        size += len(word) + 1
        i += 1
        if len(words) == 50:
            paragraphs.append(f"<p>{' '.join(words)}</p>\n")
            words = []
    paragraphs.append(f"<p>{' '.join(words)} end</p>\n")
    return _head() + '<section id="s"><heading>H</heading>' + "".join(paragraphs) + "</section>\n</body>\n</briefing>\n"


SHAPES = {
    "one paragraph": one_paragraph,
    "100,000 tiny sections": tiny_sections,
    "150,000 mentions": mention_paragraphs,
}


def cached(stem: str, make: Callable[[], str]) -> Path:
    """The file bench/data/``stem``.xml, made by ``make`` on first use."""
    path = DATA / f"{stem}.xml"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8")
    return path


def shape(name: str) -> Path:
    return cached(f"shape-{name.split()[0].replace(',', '')}", SHAPES[name])


def main() -> bool:
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "out.png")
        base, base_peak = run_process([str(BIN / "briefing"), "render", str(synthetic()), "-o", out], repeat=3)
        for name in SHAPES:
            took, peak = run_process([str(BIN / "briefing"), "render", str(shape(name)), "-o", out], repeat=3)
            ok &= report(f"render 8 MB {name} / generated", took, base, 2.0)
            ok &= report(f"  peak memory, {name}", peak, base_peak, 2.0, unit="MiB")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
