"""`briefing render` against a bare PySide6 script showing the same text unformatted, whole processes."""

from __future__ import annotations

import statistics
import subprocess
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
            if label != "sample":
                ok &= report(f"peak memory of render {label} / bare", peak, bare_peak, 1.2, unit="MiB")
                ok &= peak < 250
            else:
                print(f"{'peak memory of render ' + label:<48} {peak:8d} MiB (bare {bare_peak} MiB)")
                _fixed_costs(bare, out, folder)
    _import_costs()
    return ok


# What the bare script imports; the window's modules are timed on top of it.
BARE_IMPORTS = "from lxml import etree; from PySide6.QtWidgets import QApplication, QTextBrowser"


def _import_costs(runs: int = 5) -> None:
    """What importing the window's modules costs on top of the bare script's imports (python -X importtime).

    Medians over ``runs`` processes of each module's own time (its imports excluded), top ten, and the totals.
    """
    own: dict[str, list[int]] = {}
    totals: list[int] = []
    bare_totals: list[int] = []
    for _ in range(runs):
        code = f"{BARE_IMPORTS}; import viewer.ui.window.main_window"
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
        lines = [
            line.split(":", 1)[1].split("|") for line in done.stderr.splitlines() if line.startswith("import time:")
        ]
        rows = [(int(a), int(b), name.strip()) for a, b, name in lines[1:]]  # the first is the header
        # The window's imports are those after the bare script's last one (QtWidgets).
        cut = max(i for i, (_, _, name) in enumerate(rows) if name == "PySide6.QtWidgets") + 1
        bare_totals.append(sum(us for us, _, _ in rows[:cut]))
        totals.append(sum(us for us, _, _ in rows[cut:]))
        for us, _, name in rows[cut:]:
            own.setdefault(name, []).append(us)
    print(f"{'import of the bare script (lxml, QtWidgets)':<48} {statistics.median(bare_totals) / 1e6:8.3f} s")
    print(f"{'+ import of the window (main_window), all':<48} {statistics.median(totals) / 1e6:8.3f} s")
    # PySide6 makes a class's Python enums when the class is first used; the Qt namespace has about 100.
    code = f"import time; {BARE_IMPORTS}; t = time.perf_counter(); from PySide6.QtCore import Qt; print(time.perf_counter() - t)"
    first_use = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(runs)
    ]
    print(f"{'    of which the Qt namespace enums, first use':<48} {statistics.median(first_use):8.3f} s")
    top = sorted(own.items(), key=lambda item: -statistics.median(item[1]))[:10]
    for name, times in top:
        print(f"{'    ' + name:<48} {statistics.median(times) / 1e6:8.3f} s own")


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
