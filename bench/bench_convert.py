"""`briefing convert` on hostile articles against an ordinary article of the same size (target: 5x)."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from common import BIN, ROOT, report, run_process

ACTORS = ROOT / "tests" / "data" / "convert" / "coree-actors.toml"
ORDINARY = "La Corée du Nord soutient Moscou. Une phrase ordinaire, comme on en lit dans un article.\n\n"


def ordinary(size: int) -> str:
    return "Titre\n\n" + ORDINARY * (size // len(ORDINARY.encode()))


# Shapes that made the conversion slow (each as big as the ordinary article it is compared with).
SHAPES: dict[str, Callable[[int], str]] = {
    "one line of mentions": lambda size: "Titre\n\n" + "La Corée du Nord soutient Moscou et Pyongyang. " * (size // 49),
    "unclosed brackets [[[": lambda size: "Titre\n\n" + "[" * size,
    "unclosed images ![![": lambda size: "Titre\n\n" + "![" * (size // 2),
    "emphasis runs a**a**": lambda size: "Titre\n\n" + "a**" * (size // 3),
    "underscores _a_a": lambda size: "Titre\n\n" + "_a" * (size // 2),
    "unclosed links [a](": lambda size: "Titre\n\n" + "[a](" * (size // 4),
}


def main() -> bool:
    ok = True
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2 * 10**6
    with tempfile.TemporaryDirectory() as folder:
        base_path = Path(folder, "ordinary.md")
        base_path.write_text(ordinary(size), encoding="utf-8")
        out = str(Path(folder, "out.xml"))
        command = [str(BIN / "briefing"), "convert", "--actors", str(ACTORS), "--force", "-o", out]
        base_s, base_mib = run_process([*command, str(base_path)], repeat=3)
        for name, make in SHAPES.items():
            path = Path(folder, "shape.md")
            path.write_text(make(size), encoding="utf-8")
            seconds, mib = run_process([*command, str(path)], repeat=1)
            ok &= report(f"convert {size / 1e6:.0f} MB {name}", seconds, base_s, 5)
            ok &= report(f"convert {size / 1e6:.0f} MB {name} (memory)", mib, base_mib, 5, unit="MiB")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
