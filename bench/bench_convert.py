"""`briefing convert` on hostile articles against an ordinary article of the same size (target: 5x)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from common import BIN, ROOT, report, run_process

ACTORS = ROOT / "tests" / "data" / "convert" / "coree-actors.toml"
ORDINARY = "La Corée du Nord soutient Moscou. Une phrase ordinaire, comme on en lit dans un article.\n\n"


def ordinary(size: int) -> str:
    return "Titre\n\n" + ORDINARY * (size // len(ORDINARY.encode()))


def repeat(unit: str) -> Callable[[int], str]:
    return lambda size: "Titre\n\n" + unit * (size // len(unit.encode()))


# Shapes that made the conversion slow (each as big as the ordinary article it is compared with).
SHAPES: dict[str, Callable[[int], str]] = {
    "one line of mentions": repeat("La Corée du Nord soutient Moscou et Pyongyang. "),
    "unclosed brackets [[[": repeat("["),
    "unclosed images ![![": repeat("!["),
    "emphasis runs a**a**": repeat("a**"),
    "underscores _a_a": repeat("_a"),
    "unclosed links [a](": repeat("[a]("),
    "unclosed links [a]( then )": lambda size: repeat("[a](")(size - 1) + ")",
    "links [a](b)": repeat("[a](b)"),
    "asterisks a*a*": repeat("a*"),
    "mixed runs a*b**c***": repeat("a*b**c***"),
    "emphasis under the share abcd_": repeat("abcd_"),
    "short emphasis paragraphs": repeat("a**" * 20 + "\n\n"),
    "tildes ~a": repeat("~a"),
    "code spans `a": repeat("`a"),
    "backtick runs a``": repeat("a``"),
    "angle brackets <a": repeat("<a"),
    "ampersands &": repeat("&"),
    "backslashes \\": repeat("\\"),
    "one-letter lines a\\n": repeat("a\n"),
    "hard breaks a  \\n": repeat("a  \n"),
    "quoted lines > a": repeat("> a\n"),
    "quote nesting >>>": repeat(">"),
    "one-line quotes > a": repeat("> a\n\n"),
    "headings # a": repeat("# a\n"),
    "list items - a": repeat("- a\n"),
    "numbered items 1. a": repeat("1. a\n"),
    "list nesting": repeat("".join("  " * depth + "- a\n" for depth in range(30))),
    "table rows |a|b|": repeat("|a|b|\n"),
    "one-letter paragraphs": repeat("a\n\n"),
}


def _converted(command: list[str], out: str) -> tuple[float, int]:
    """Time and peak memory of one conversion, which must have written its briefing."""
    Path(out).unlink(missing_ok=True)
    measured = run_process(command, repeat=1)
    if not Path(out).is_file():
        raise SystemExit(f"{command} wrote nothing")
    return measured


def main() -> bool:
    ok = True
    # The figure is 10 MB (BENCH_CONVERT_MB=10, a few minutes); 2 MB keeps `make bench` short.
    size = int(sys.argv[1]) if len(sys.argv) > 1 else int(float(os.environ.get("BENCH_CONVERT_MB", "2")) * 10**6)
    only = os.environ.get("BENCH_CONVERT_ONLY", "").split(",")  # shapes whose name holds one of these
    # Runs of a shape alternate with runs of the ordinary article, so that a noisy spell of the
    # machine falls on both; the ratio is of their medians.
    repeat = int(os.environ.get("BENCH_CONVERT_REPEAT", "1"))
    with tempfile.TemporaryDirectory() as folder:
        base_path = Path(folder, "ordinary.md")
        base_path.write_text(ordinary(size), encoding="utf-8")
        out = str(Path(folder, "out.xml"))
        command = [str(BIN / "briefing"), "convert", "--actors", str(ACTORS), "--force", "-o", out]
        for name, make in SHAPES.items():
            if not any(part in name for part in only):
                continue
            path = Path(folder, "shape.md")
            path.write_text(make(size), encoding="utf-8")
            base, shape = [], []
            for _ in range(repeat):
                base.append(_converted([*command, str(base_path)], out))
                shape.append(_converted([*command, str(path)], out))
            base_s, base_mib = (statistics.median(run[i] for run in base) for i in (0, 1))
            seconds, mib = (statistics.median(run[i] for run in shape) for i in (0, 1))
            ok &= report(f"convert {size / 1e6:.0f} MB {name}", seconds, base_s, 5)
            ok &= report(f"convert {size / 1e6:.0f} MB {name} (memory)", mib, base_mib, 5, unit="MiB")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
