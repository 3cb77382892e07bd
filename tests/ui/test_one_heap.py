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


# A large briefing read the way the window and render read their first file, then the memory the
# process holds; "kept" leaves the freed tree's pages with glibc, as before they were given back
# (by the build as it frees the tree's sections, and once the file is read).
READ = """
import sys
import viewer.io.briefing.build as build
import viewer.ui.window.early_read as early_read
if sys.argv[2] == "kept":
    early_read.return_freed_heap = lambda: None
    build.give_back_freed_memory = lambda: None
read = early_read.EarlyRead(sys.argv[1])
briefing = read.result()
status = open("/proc/self/status").read()
print(int(status.split("VmRSS:")[1].split()[0]) // 1024, len(briefing.blocks))
"""


def resident_after_read(path: str, mode: str) -> tuple[int, int]:
    done = subprocess.run([sys.executable, "-c", READ, path, mode], capture_output=True, text=True, check=True)
    mib, blocks = done.stdout.split()
    return int(mib), int(blocks)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a glibc setting")
def test_a_large_file_read_gives_its_parsed_tree_back_to_the_system(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sections = "".join(f'<section id="s{i}"><heading>S{i}</heading><p>t</p></section>\n' for i in range(40_000))
    path = tmp_path / "tiny-sections.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<briefing xmlns="urn:briefing-viewer:format:1" id="b" xml:lang="en"><meta><title>T</title></meta>'
        f"<body>{sections}</body></briefing>\n",
        encoding="utf-8",
    )
    kept, blocks = resident_after_read(str(path), "kept")
    given, same_blocks = resident_after_read(str(path), "given")
    assert blocks == same_blocks == 80_000  # the same briefing, read whole both times
    # The parsed tree of 40,000 tiny sections takes about 38 MiB; freed, its pages go back.
    assert given < kept - 20, (given, kept)


# Small blocks allocated and freed by C (as libxml2 frees a parsed tree), then how many glibc
# holds freed and unmerged (mallinfo2's smblks: its fast bins), which it would merge all at once
# at the next request of 1 KiB or more while the window waits.
FAST = """
import ctypes, sys
from viewer.ui.window.early_read import window_heap
if sys.argv[1] == "window":
    window_heap()
libc = ctypes.CDLL(None)
class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
libc.mallinfo2.restype = Info
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
blocks = [libc.malloc(48) for _ in range(20_000)]
# Every other one (no free neighbour to merge with when freed), and nothing large allocated or
# freed until counted: that would merge them (a class made, a slice of the list freed).
for k in range(0, len(blocks), 2):
    libc.free(blocks[k])
print(libc.mallinfo2().smblks)
"""


def unmerged_small_blocks(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", FAST, mode], capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a glibc setting")
def test_the_window_leaves_no_freed_blocks_to_merge_all_at_once_later() -> None:
    try:
        default = unmerged_small_blocks("default")
    except (subprocess.CalledProcessError, ValueError):
        pytest.skip("not glibc 2.33 or later (mallinfo2)")
    assert default > 5_000  # without the setting, most of the 10,000 freed blocks wait in fast bins
    assert unmerged_small_blocks("window") == 0
