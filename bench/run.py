"""Run every benchmark; each prints ratios against a baseline measured in the same run."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = ["bench_check", "bench_hostile", "bench_render", "bench_interactive", "bench_notes", "bench_export"]


def main() -> int:
    failures = [name for name in BENCHMARKS if not importlib.import_module(name).main()]
    if failures:
        print(f"over target: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
