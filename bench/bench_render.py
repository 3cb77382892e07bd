"""`briefing render` against a bare PySide6 script showing the same text unformatted, whole processes."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import BIN, ROOT, report, run_process, synthetic

SAMPLE = ROOT / "briefings" / "coree-du-nord-russie.xml"


def main() -> bool:
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "out.png")
        for label, path, target in (("sample", SAMPLE, 1.3), ("6 MB synthetic", synthetic(), 1.5)):
            bare, bare_peak = run_process([sys.executable, str(ROOT / "bench" / "bare_render.py"), str(path), out])
            ours, peak = run_process([str(BIN / "briefing"), "render", str(path), "-o", out])
            ok &= report(f"render {label} / bare QTextBrowser", ours, bare, target)
            print(f"{'peak memory of render ' + label:<48} {peak:8d} MiB (bare {bare_peak} MiB)")
            if label != "sample":
                ok &= peak < 250
            else:
                _fixed_costs(bare, out, folder)
    return ok


def _fixed_costs(bare: float, out: str, folder: str) -> None:
    """Where the sample's render goes before any work on the briefing (no target: an explanation)."""
    settings = str(Path(folder) / "settings.ini")
    steps = ("+ importing the window's modules", "+ making the empty window", "+ showing it")
    for level, what in enumerate(steps, start=1):
        command = [sys.executable, str(ROOT / "bench" / "bare_render_plus.py"), str(SAMPLE), out, str(level), settings]
        took, _peak = run_process(command)
        print(f"{'  bare ' + what:<48} {took:8.3f} s vs {bare:8.3f} s  = {took / bare:5.2f}x")


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
