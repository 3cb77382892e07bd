"""Timing helpers for the benchmarks: whole processes, medians, peak memory."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA = ROOT / "bench" / "data"


if TYPE_CHECKING:
    from viewer.io.notes.notebook import Notebook


def synthetic() -> Path:
    """The 6 MB synthetic briefing, generated on first use."""
    path = DATA / "synthetic.xml"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "-o", str(path)], check=True)
    return path


def run_process(command: list[str], repeat: int = 5) -> tuple[float, int]:
    """Median wall time (s) and peak memory (MiB) of a command run ``repeat`` times.

    Peak memory comes from a wrapper process per run, so each run is measured alone.
    """
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _PEAK, *command], capture_output=True, text=True, check=False, cwd=ROOT
        )
        times.append(time.perf_counter() - start)
        if done.returncode != 0 and "PEAK" not in done.stdout:
            raise SystemExit(f"{command} failed: {done.stderr}")
        peaks.append(int(done.stdout.rsplit("PEAK ", 1)[1]))
    return statistics.median(times), max(peaks) // 1024


_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def timed(command: list[str]) -> tuple[float, float, int]:
    """Wall time (s), CPU time (s, user and system) and peak memory (MiB) of one run of ``command``."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *command], capture_output=True, text=True, check=False, cwd=ROOT
    )
    took = time.perf_counter() - start
    if "CHILD" not in done.stdout:
        raise SystemExit(f"{command} failed: {done.stderr}")
    used, peak = done.stdout.rsplit("CHILD ", 1)[1].split()
    return took, float(used), int(peak) // 1024


_CHILD = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print('CHILD', r.ru_utime + r.ru_stime, r.ru_maxrss)\n"
)


def alternated(
    commands: dict[str, list[str]], rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, int]]:
    """Each command run once a round, in order, ``rounds`` times (the machine is noisy: a ratio of two
    runs of the same round is taken under the same load). Each command's wall and CPU times (s), one a
    round, and its largest peak memory (MiB)."""
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    peak: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(rounds):
        for name, command in commands.items():
            took, used, top = timed(command)
            wall[name].append(took)
            cpu[name].append(used)
            peak[name] = max(peak[name], top)
    return wall, cpu, peak


def pss_kib(pids: list[int]) -> int:
    """The proportional set size (KiB) of these processes together (/proc/PID/smaps_rollup); gone ones count 0."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
    return total


def median_time(action: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time (s) of calling ``action`` in this process."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, value: float, baseline: float, target: float, unit: str = "s") -> bool:
    """Print one ratio line and return whether it meets its target."""
    ratio = value / baseline
    verdict = "ok" if ratio <= target else "OVER TARGET"
    print(f"{name:<48} {value:8.3f} {unit} vs {baseline:8.3f} {unit}  = {ratio:5.2f}x (target {target}x) {verdict}")
    return ratio <= target


__all__ = ["BIN", "DATA", "ROOT", "median_time", "pss_kib", "report", "run_process", "synthetic"]


def add_random_notes(
    notebook: Notebook, count: int, seed: int, words: Callable[[int], tuple[str, list[str]]]
) -> random.Random:
    """``count`` notes on random passages (10 to 100 characters) of the notebook's briefing, stored at
    once; ``words(number)`` gives each note's text and tags. Returns the generator, to go on with."""
    rng = random.Random(seed)
    text = notebook.briefing.text
    notes = []
    for number in range(count):
        start = rng.randrange(0, len(text) - 120)
        body, tags = words(number)
        notes.append(notebook.new_note(start, start + rng.randrange(10, 100), body, "blue", tags))
    notebook.store.add_many(notes)
    return rng
