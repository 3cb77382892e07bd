"""`briefing check` on the synthetic briefing against a bare lxml parse, whole processes."""

from __future__ import annotations

import sys

from common import BIN, report, run_process, synthetic


def main() -> bool:
    path = str(synthetic())
    bare, bare_peak = run_process([sys.executable, "-c", f"import lxml.etree as e; e.parse({path!r})"])
    check, check_peak = run_process([str(BIN / "briefing"), "check", path])
    ok = report("check 6 MB briefing / bare lxml parse", check, bare, 3.0)
    print(f"{'peak memory of check':<48} {check_peak:8d} MiB (bare parse {bare_peak} MiB, target < 200 MiB)")
    return ok and check_peak < 200


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
