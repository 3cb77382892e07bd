"""`briefing render` of 8 MB briefings of pathological shapes against the generated 6.7 MB one, whole processes.

Shapes: one paragraph; 100,000 tiny sections; one section of 50-mention paragraphs (about 150,000
mentions); a claim in every paragraph (about 70,000); sections nested 60 deep (about 135,000, without
ids); 100,000 declared actors. Target (issue 16): each within 2x the time and the peak memory of the generated briefing,
measured in alternated rounds (see main).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from common import BIN, DATA, alternated, report, synthetic
from generate import NS

SIZE = 8_000_000


def _head(actors: int = 40, declared: str | None = None) -> str:
    """The file's start up to <body>: ``actors`` states declared, or the ``declared`` actors given."""
    if declared is None:
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


def _in_sections(paragraphs: list[str], per: int, heading: str) -> str:
    """The paragraphs, ``per`` to a section s0, s1 ... headed ``heading`` and its number."""
    return "".join(
        f'<section id="s{n}"><heading>{heading}{n}</heading>{"".join(paragraphs[at : at + per])}</section>\n'
        for n, at in enumerate(range(0, len(paragraphs), per))
    )


def claim_paragraphs() -> str:
    """A paragraph a claim, by and about actors, kind and confidence given: about 70,000 claims."""
    paragraphs, size, i = [], 0, 0
    while size < SIZE:
        paragraph = (
            f'<p><claim by="a{i % 40}" about="a{(i + 1) % 40}" kind="assessment" confidence="moderate">'
            f"Claim {i} holds</claim> and more.</p>\n"
        )
        paragraphs.append(paragraph)
        size += len(paragraph)
        i += 1
    return _head() + _in_sections(paragraphs, 100, "S") + "</body>\n</briefing>\n"


def nested_sections() -> str:
    """Sections 60 deep, without ids (each a positional one, s1.1.1...), a heading and a line each: about
    135,000 sections."""
    chains, size, i = [], 0, 0
    while size < SIZE:
        chain = "".join(f"<section><heading>H{i}.{k}</heading><p>text {k}</p>" for k in range(60))
        chain += "</section>" * 60 + "\n"
        chains.append(chain)
        size += len(chain)
        i += 1
    return _head() + "".join(chains) + "</body>\n</briefing>\n"


def many_actors() -> str:
    """100,000 declared actors of the six types, each mentioned once in paragraphs of 20 mentions."""
    count, types = 100_000, ("state", "person", "organization", "group", "place", "other")
    declared = "".join(f'<actor id="a{a}" type="{types[a % 6]}"><name>Actor {a}</name></actor>\n' for a in range(count))
    paragraphs, size, i = [], len(declared), 0
    while size < SIZE:
        paragraph = (
            "<p>"
            + " ".join(f'<mention actor="a{(i + k) % count}">Actor {(i + k) % count}</mention> said' for k in range(20))
            + "</p>"
        )
        paragraphs.append(paragraph)
        size += len(paragraph)
        i += 20
    return _head(declared=declared) + _in_sections(paragraphs, 50, "Part ") + "</body>\n</briefing>\n"


SHAPES = {
    "one paragraph": one_paragraph,
    "100,000 tiny sections": tiny_sections,
    "150,000 mentions": mention_paragraphs,
    "70,000 claims": claim_paragraphs,
    "sections 60 deep": nested_sections,
    "100,000 actors": many_actors,
}


def cached(stem: str, make: Callable[[], str]) -> Path:
    """The file bench/data/``stem``.xml, made by ``make`` on first use."""
    path = DATA / f"{stem}.xml"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8")
    return path


# The files' names in bench/data (the first three as they were first made).
STEMS = {
    "one paragraph": "shape-one",
    "100,000 tiny sections": "shape-100000",
    "150,000 mentions": "shape-150000",
    "70,000 claims": "shape-claims",
    "sections 60 deep": "shape-deep",
    "100,000 actors": "shape-actors",
}


def shape(name: str) -> Path:
    return cached(STEMS[name], SHAPES[name])


def main(rounds: int = 5) -> bool:
    """Rounds of the generated briefing's render then each shape's, ``rounds`` times: each shape's time is
    judged by the median of its rounds' ratios, each ratio against the generated file rendered in the same
    round, seconds before (the machine's load drifts over the minutes a whole run takes: the generated file
    measured once, first, put every shape's ratio off by as much as the drift). Peak memory: the largest
    of the rounds' peaks, against the generated file's largest."""
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "out.png")
        commands = {"generated": [str(BIN / "briefing"), "render", str(synthetic()), "-o", out]}
        commands.update({name: [str(BIN / "briefing"), "render", str(shape(name)), "-o", out] for name in SHAPES})
        wall, _, peak = alternated(commands, rounds)
        base = wall["generated"]
        for name in SHAPES:
            ratios = sorted(a / b for a, b in zip(wall[name], base, strict=True))
            ratio = statistics.median(ratios)
            verdict = "ok" if ratio <= 2.0 else "OVER TARGET"
            print(
                f"{'render 8 MB ' + name + ' / generated':<48} {statistics.median(wall[name]):8.3f} s vs "
                f"{statistics.median(base):8.3f} s; per round {ratios[0]:.2f}-{ratios[-1]:.2f}x, "
                f"median {ratio:.2f}x (target 2.0x) {verdict}"
            )
            ok &= ratio <= 2.0
            ok &= report(f"  peak memory, {name}", peak[name], peak["generated"], 2.0, unit="MiB")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
