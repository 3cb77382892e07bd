"""Each hostile file through `briefing check`: time and peak memory (targets: 2 s, 300 MiB)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import BIN, ROOT, run_process

sys.path.insert(0, str(ROOT))
from tests.corpus import CASES, write_case


def main() -> bool:
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        for name in sorted(CASES):
            path = write_case(name, Path(folder))
            seconds, peak = run_process([str(BIN / "briefing"), "check", str(path)], repeat=3)
            fine = seconds < 2 and peak < 300
            ok &= fine
            print(f"hostile {name:<40} {seconds:6.3f} s {peak:5d} MiB {'ok' if fine else 'OVER TARGET'}")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
