"""Run every benchmark; each prints ratios against a baseline measured in the same run.

Each benchmark runs in a process of its own: in one shared process the later ones
would also time the collection of what the earlier ones left in memory (the export
benchmark measured 0.55 s after the notes benchmark, 0.39 s alone).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    "bench_check",
    "bench_hostile",
    "bench_convert",
    "bench_render",
    "bench_window_x11",
    "bench_settled",
    "compare_calibre",
    "bench_shapes",
    "bench_parts",
    "bench_interactive",
    "bench_notes",
    "bench_export",
    "bench_notes_cli",
]


def main() -> int:
    failures = [name for name in BENCHMARKS if subprocess.run([sys.executable, str(HERE / f"{name}.py")]).returncode]
    if failures:
        print(f"over target: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
