"""Run a command and print its exit status and peak memory (KiB) as the last line of stderr."""

from __future__ import annotations

import resource
import subprocess
import sys

if __name__ == "__main__":
    completed = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
    sys.stdout.write(completed.stdout)
    sys.stderr.write(completed.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    sys.stderr.write(f"\nPEAK-KIB {peak}\n")
    sys.exit(completed.returncode)
