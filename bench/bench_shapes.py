"""`briefing render` of 8 MB briefings of pathological shapes against the generated 6.7 MB one, whole processes.

Shapes: one paragraph; 100,000 tiny sections; one section of 50-mention paragraphs (about 150,000
mentions); 100,000 actors of the six types, in sections of paragraphs mentioning them in turn. Target (issue 16): each within 2x the time and the peak memory of the generated briefing,
measured in alternated rounds (see main).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from common import BIN, DATA, report, synthetic, timed
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


def many_actors(count: int = 100_000) -> str:
    """``count`` actors, a sixth of each type (the Actors panel and the actor filters list them all),
    mentioned in turn, 20 to a paragraph, 50 paragraphs to a section."""
    types = ("state", "person", "organization", "group", "place", "other")
    declared = "".join(f'<actor id="a{a}" type="{types[a % 6]}"><name>Actor {a}</name></actor>\n' for a in range(count))
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="shape" xml:lang="en">\n'
        f"<meta><title>Shape</title></meta>\n<actors>\n{declared}</actors>\n<body>\n"
    )
    sections, paragraphs, size, i = [], [], len(head), 0
    while size < SIZE:
        mentions = (f'<mention actor="a{(i + k) % count}">Actor {(i + k) % count}</mention> said' for k in range(20))
        paragraphs.append(f"<p>{' '.join(mentions)}</p>")
        size += len(paragraphs[-1])
        i += 20
        if len(paragraphs) == 50 or size >= SIZE:
            sections.append(f"<section><heading>Part {len(sections)}</heading>{''.join(paragraphs)}</section>\n")
            paragraphs = []
    return head + "".join(sections) + "</body>\n</briefing>\n"


SHAPES = {
    "one paragraph": one_paragraph,
    "100,000 tiny sections": tiny_sections,
    "150,000 mentions": mention_paragraphs,
    "100,000 actors": many_actors,
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
        wall: dict[str, list[float]] = {name: [] for name in commands}
        peak: dict[str, int] = dict.fromkeys(commands, 0)
        for _ in range(rounds):
            for name, command in commands.items():
                took, _, top = timed(command)
                wall[name].append(took)
                peak[name] = max(peak[name], top)
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
