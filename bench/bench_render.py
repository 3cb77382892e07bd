"""`briefing render` against a bare PySide6 script showing the same text unformatted, whole processes."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import BIN, ROOT, alternated, report, run_process, synthetic

SAMPLE = ROOT / "briefings" / "coree-du-nord-russie.xml"


def main() -> bool:
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "out.png")
        bare, ratio, peak, bare_peak = _sample_alternated(out)
        # The median of the pairs' ratios: each pair ran within a second, under the same load.
        ok &= _verdict("render sample / bare QTextBrowser", ratio, 1.3)
        ok &= _verdict("  the same, issue 16's target 2", ratio, 1.6)  # start-up fixed cost
        print(f"{'peak memory of render sample':<48} {peak:8d} MiB (bare {bare_peak} MiB)")
        _fixed_costs(bare, out, folder)
        path = synthetic()
        bare, bare_peak = run_process([sys.executable, str(ROOT / "bench" / "bare_render.py"), str(path), out])
        ours, peak = run_process([str(BIN / "briefing"), "render", str(path), "-o", out])
        ok &= report("render 6 MB synthetic / bare QTextBrowser", ours, bare, 1.5)
        ok &= report("peak memory of render 6 MB synthetic / bare", peak, bare_peak, 1.2, unit="MiB")
        ok &= peak < 250
    _import_costs()
    _types_built(out)
    return ok


def _sample_alternated(out: str, runs: int = 11) -> tuple[float, float, int, int]:
    """The sample's render and the bare script, one after the other ``runs`` times (the machine is noisy).

    Prints the median wall and CPU times and the spread of the ratio over the pairs; returns the
    bare script's median wall time, the median of the pairs' wall-time ratios and the peak memories.
    """
    commands = {
        "bare": [sys.executable, str(ROOT / "bench" / "bare_render.py"), str(SAMPLE), out],
        "render": [str(BIN / "briefing"), "render", str(SAMPLE), "-o", out],
    }
    wall, cpu, peak = alternated(commands, runs)
    for kind, times in (("wall", wall), ("CPU", cpu)):
        ratios = sorted(a / b for a, b in zip(times["render"], times["bare"], strict=True))
        print(
            f"{'  sample render / bare, ' + kind + f' ({runs} pairs)':<48} "
            f"{statistics.median(times['render']):8.3f} s vs {statistics.median(times['bare']):8.3f} s; "
            f"per pair {ratios[0]:.2f}-{ratios[-1]:.2f}x, median {statistics.median(ratios):.2f}x"
        )
    ratios = [a / b for a, b in zip(wall["render"], wall["bare"], strict=True)]
    return statistics.median(wall["bare"]), statistics.median(ratios), peak["render"], peak["bare"]


def _verdict(name: str, ratio: float, target: float) -> bool:
    print(
        f"{name:<48} {ratio:5.2f}x, median of the pairs (target {target}x) {'ok' if ratio <= target else 'OVER TARGET'}"
    )
    return ratio <= target


# What the bare script imports; the window's modules are timed on top of it.
BARE_IMPORTS = "from lxml import etree; from PySide6.QtWidgets import QApplication, QTextBrowser"


def _import_costs(runs: int = 5) -> None:
    """What importing the window's modules costs on top of the bare script's imports (python -X importtime).

    Medians over ``runs`` processes: the render's and the window program's imports in all, then each
    module's own time (its imports excluded) for the reading window, top ten.
    """
    programs = (
        (
            "render's modules (cli, main_window)",
            "import viewer.cli, viewer.ui.window.render, viewer.ui.window.main_window",
        ),
        (
            "briefing-viewer's (app, store)",
            "import viewer.ui.window.app, viewer.ui.window.main_window, viewer.io.notes.store",
        ),
        ("the window (main_window)", "import viewer.ui.window.main_window"),
    )
    for label, imports in programs:
        own: dict[str, list[int]] = {}
        totals: list[int] = []
        bare_totals: list[int] = []
        for _ in range(runs):
            rows = _import_rows(f"{BARE_IMPORTS}; {imports}")
            # The program's imports are those after the bare script's last one (QtWidgets).
            cut = max(i for i, (_, name) in enumerate(rows) if name == "PySide6.QtWidgets") + 1
            bare_totals.append(sum(us for us, _ in rows[:cut]))
            totals.append(sum(us for us, _ in rows[cut:]))
            for us, name in rows[cut:]:
                own.setdefault(name, []).append(us)
        if label.startswith("render's"):
            print(f"{'import of the bare script (lxml, QtWidgets)':<48} {statistics.median(bare_totals) / 1e6:8.3f} s")
        print(f"{'+ import of ' + label:<48} {statistics.median(totals) / 1e6:8.3f} s")
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


def _import_rows(code: str) -> list[tuple[int, str]]:
    """Each module's own import time (µs) and name, in import order, for ``python -X importtime -c code``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    lines = [line.split(":", 1)[1].split("|") for line in done.stderr.splitlines() if line.startswith("import time:")]
    return [(int(own), name.strip()) for own, _, name in lines[1:]]  # the first is the header


# Counts the Python enums PySide6 makes (each Qt class's, when the class is first used) while a
# script runs, and the classes it has built by the end, in QtCore, QtGui and QtWidgets.
_COUNT_TYPES = """
import enum, runpy, sys
made = []
create = enum.EnumType._create_
def counted(*args, **kwargs):
    made.append(1)
    return create(*args, **kwargs)
enum.EnumType._create_ = counted
try:
    if sys.argv[1] == "render":
        from viewer import program
        program.main(sys.argv[1:])
    else:
        sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
        sys.argv = sys.argv[1:]
        runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
    classes = sum(name.startswith("Q") for m in (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets) for name in vars(m))
    print("TYPES", classes, len(made))
"""


def _types_built(out: str) -> None:
    """How many Qt classes and Python enums PySide6 builds for the sample's render and for the bare script."""
    counts = {}
    for label, args in (
        ("bare", [str(ROOT / "bench" / "bare_render.py"), str(SAMPLE), out]),
        ("render", ["render", str(SAMPLE), "-o", out]),
    ):
        done = subprocess.run(
            [sys.executable, "-c", _COUNT_TYPES, *args], capture_output=True, text=True, check=True, cwd=ROOT
        )
        counts[label] = done.stdout.rsplit("TYPES ", 1)[1].split()
    (bare_classes, bare_enums), (classes, enums) = counts["bare"], counts["render"]
    print(
        f"{'Qt classes / Python enums PySide6 builds, sample':<48} {classes:>8} / {enums} (bare {bare_classes} / {bare_enums})"
    )


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
