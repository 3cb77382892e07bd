"""`briefing check` run as a user runs it: output, exit status, and hostile files."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.corpus import CASES, FRENCH, ROOT, SECRET, TOUR, write_case

BRIEFING = shutil.which("briefing", path=str(Path(sys.executable).parent)) or "briefing"
HANG_GUARD = 30  # seconds; the bound users feel is measured by bench/hostile.py


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BRIEFING, *args], capture_output=True, text=True, timeout=HANG_GUARD, cwd=cwd, check=False)


def test_samples_pass() -> None:
    done = run("check", str(FRENCH), str(TOUR))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == [
        f"OK {FRENCH} — 7 sections, 10 actors, 15 claims",
        f"OK {TOUR} — 4 sections, 6 actors, 5 claims",
    ]


def test_one_bad_file_among_good_ones_gives_status_1(tmp_path: Path) -> None:
    bad = write_case("unknown-actor", tmp_path)
    done = run("check", str(FRENCH), str(bad))
    assert done.returncode == 1
    assert done.stdout.startswith(f"OK {FRENCH}")
    assert f"{bad}:8:" in done.stderr and 'actor "usa", which is not declared' in done.stderr


def test_missing_file_is_a_clear_message_with_status_1(tmp_path: Path) -> None:
    done = run("check", str(tmp_path / "nope.xml"))
    assert done.returncode == 1
    assert done.stderr.strip() == f"{tmp_path / 'nope.xml'}: no such file"
    assert "Traceback" not in done.stderr


def test_usage_errors_give_status_2() -> None:
    assert run("check").returncode == 2
    assert run("frobnicate").returncode == 2


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_through_the_command(name: str, tmp_path: Path) -> None:
    path = write_case(name, tmp_path)
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "peak.py"), BRIEFING, "check", str(path)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert done.stderr.startswith(f"{path}:")
    peak_kib = int(done.stderr.rsplit("PEAK-KIB ", 1)[1])
    assert peak_kib < 300 * 1024


def test_a_dtd_on_the_network_is_never_fetched(tmp_path: Path) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    connections: list[object] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            connections.append(server.accept())

    path = tmp_path / "net.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE briefing SYSTEM "http://127.0.0.1:{port}/b.dtd" [\n'
        f'<!ENTITY x SYSTEM "http://127.0.0.1:{port}/x">]>\n<briefing>&x;</briefing>\n',
        encoding="utf-8",
    )
    done = run("check", str(path))
    listener = threading.Thread(target=accept)
    listener.start()  # anything the command sent would be waiting in the backlog now
    listener.join()
    server.close()
    assert done.returncode == 1
    assert f"{path}:2:1: the file has a DOCTYPE declaration" in done.stderr
    assert connections == []
