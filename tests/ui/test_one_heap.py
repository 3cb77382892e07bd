"""The window's threads allocate from one heap (glibc): what a loading thread frees, the window reuses."""

from __future__ import annotations

import subprocess
import sys

import pytest

# A thread that allocates and frees a good deal, then glibc's own count of its heaps (arenas),
# which malloc_stats prints to standard error.
SCRIPT = """
import ctypes, sys, threading
from viewer.ui.window.early_read import share_heap_with_threads
if sys.argv[1] == "shared":
    share_heap_with_threads()
def work():
    blocks = [bytearray(4096) for _ in range(20_000)]
    del blocks
threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads: t.start()
for t in threads: t.join()
ctypes.CDLL(None).malloc_stats()
"""


def arenas(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True)
    return sum(1 for line in done.stderr.splitlines() if line.startswith("Arena "))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a glibc setting")
def test_the_window_shares_one_heap_between_its_threads_whatever_its_first_file() -> None:
    try:
        own = arenas("own")
    except (subprocess.CalledProcessError, AttributeError):
        pytest.skip("not glibc")
    assert own > 1  # without the setting, a thread gets a heap of its own
    assert arenas("shared") == 1
