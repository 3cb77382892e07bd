"""Generate large synthetic briefings for the benchmarks (deterministic for a given seed)."""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from xml.sax.saxutils import escape

NS = "urn:briefing-viewer:format:1"
WORDS = [
    "analysis",
    "report",
    "border",
    "troops",
    "supply",
    "route",
    "harbour",
    "talks",
    "sanctions",
    "missile",
    "artillery",
    "grain",
    "coal",
    "market",
    "drone",
    "satellite",
    "envoy",
    "summit",
    "treaty",
    "convoy",
    "delegation",
    "ceasefire",
    "pipeline",
    "budget",
]
WORDS_PER_P = 48
TYPES = ("state", "organization", "person", "group", "place", "other")
KINDS = ("fact", "assessment", "allegation", "forecast", "opinion")
CONFIDENCES = ("high", "moderate", "low")


def generate(
    sections: int = 1000,
    paragraphs: int = 10_000,
    mentions: int = 60_000,
    claims: int = 10_000,
    actors: int = 200,
    seed: int = 1,
) -> str:
    """A valid briefing of the given size as text."""
    rng = random.Random(seed)
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="synthetic" xml:lang="en">\n']
    out.append(
        "<meta><title>Synthetic briefing</title><date>2026-01-01</date><author>bench</author></meta>\n<actors>\n"
    )
    for a in range(actors):
        out.append(f'<actor id="a{a}" type="{TYPES[a % 6]}"><name>Actor {a}</name><alias>A{a}</alias></actor>\n')
    out.append('</actors>\n<relations><relation from="a0" to="a1" type="supports"/></relations>\n<body>\n')
    per_section = paragraphs // sections
    mentions_per_p = mentions // paragraphs
    claims_left = claims
    claim_every = max(1, paragraphs // claims)
    p_index = 0
    for s in range(sections):
        # Every tenth section nests under the previous one, to make a tree.
        nested = s % 10 == 9
        out.append(f'<section id="sec{s}"><heading>Section {s} {rng.choice(WORDS)}</heading>\n')
        for _ in range(per_section):
            words = [rng.choice(WORDS) for _ in range(WORDS_PER_P)]
            parts = []
            for i, word in enumerate(words):
                if (
                    i % (WORDS_PER_P // (mentions_per_p + 1)) == 5
                    and i // (WORDS_PER_P // (mentions_per_p + 1)) <= mentions_per_p - 1
                ):
                    a = rng.randrange(actors)
                    parts.append(f'<mention actor="a{a}">Actor {a}</mention>')
                else:
                    parts.append(escape(word))
            body = " ".join(parts)
            if claims_left and p_index % claim_every == 0:
                cut = len(parts) // 2
                by = rng.randrange(actors)
                claim = (
                    f'<claim id="c{p_index}" by="a{by}" about="a{(by + 1) % actors}" '
                    f'kind="{rng.choice(KINDS)}" confidence="{rng.choice(CONFIDENCES)}">'
                )
                body = " ".join(parts[:cut]) + f" {claim}" + " ".join(parts[cut:]) + "</claim>"
                claims_left -= 1
            out.append(f"<p>{body}.</p>\n")
            p_index += 1
        if not nested or s + 1 == sections:
            out.append("</section>\n")
        else:
            out.append(f'<section id="sub{s}"><heading>Subsection {s}</heading><p>Nested.</p></section></section>\n')
    out.append("</body>\n</briefing>\n")
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-o", "--output", type=Path, default=Path("bench/data/synthetic.xml"))
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(generate(), encoding="utf-8")
    print(f"{args.output}: {args.output.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
