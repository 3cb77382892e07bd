"""The notes commands on the 6 MB briefing with 10,000 notes, as whole processes, against `check`.

Targets (from the notes issue): `notes --json` within 1.5x `check` of the same file; `export`
within 0.5 s beyond opening (the same command's opening: `export` on an empty store opens the
briefing and the store and writes no note; `notes` builds less of the briefing, so it is no
longer the same opening); `import-notes` of 10,000 fresh quote-only annotations (what other
tools write: no position) under 2 s, every one anchored.

Commands are run in turn, ROUNDS times, and each figure is the median of its runs (the machine
is shared: a burst of load then touches every command alike). The listing's ratio is also given
round by round (each `notes --json` against the `check` run just before it): their median and
spread, and the load average before and after, say how far a figure can be trusted.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BIN, ROOT, add_random_notes, synthetic

from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
from viewer.io.notes.web_annotation import annotation_page

NOTES = 10_000
ROUNDS = 7
BRIEFING = str(BIN / "briefing")


def quote_only_page(notebook: Notebook) -> dict[str, object]:
    """The notes as another tool exports them: quote and context only, ids of its own."""
    page = annotation_page(notebook.placed(), notebook.briefing)
    for item in page["items"]:  # type: ignore[attr-defined]
        item["target"]["selector"] = [item["target"]["selector"][0]]
        item["id"] = "https://example.org/annotations/" + item["id"].removeprefix("urn:uuid:")
        del item["briefingViewer"]
    return page


def alternated(commands: dict[str, list[str]]) -> dict[str, list[float]]:
    """The wall times of each command, the commands run in turn ROUNDS times."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(ROUNDS):
        for name, command in commands.items():
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
            times[name].append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(f"{command} failed: {done.stderr.decode(errors='replace')}")
    return times


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def line(name: str, value: float, baseline: float, note: str) -> None:
    print(f"{name:<48} {value:8.3f} s vs {baseline:8.3f} s  = {value / baseline:5.2f}x {note}")


def main() -> bool:
    path = synthetic()
    with tempfile.TemporaryDirectory() as folder:
        full, empty = Path(folder) / "notes.sqlite3", Path(folder) / "empty.sqlite3"
        briefing = load_briefing(path)
        notebook = Notebook(briefing, NotesStore(full))
        add_random_notes(notebook, NOTES, 5, lambda n: (f"Note {n} with *Markdown*", ["a", f"t{n % 20}"]))
        NotesStore(empty).close()
        foreign = Path(folder) / "quote-only.json"
        foreign.write_text(json.dumps(quote_only_page(notebook), ensure_ascii=False), encoding="utf-8")
        notebook.store.close()
        file, out = str(path), str(Path(folder) / "out")

        export = [BRIEFING, "export", file, "-o"]
        print(f"load average before: {load()} (2 cores)")
        runs = alternated(
            {
                "check": [BRIEFING, "check", file],
                "listing": [BRIEFING, "notes", "--json", file, "--store", str(full)],
                "opening": [*export, out + "-empty.md", "--store", str(empty)],
                "export_md": [*export, out + ".md", "--store", str(full)],
                "opening_json": [*export, out + "-empty.json", "--store", str(empty), "--format", "json"],
                "export_json": [*export, out + ".json", "--store", str(full), "--format", "json"],
            }
        )
        print(f"load average after:  {load()}")
        timed = {name: statistics.median(values) for name, values in runs.items()}
        check, listing = timed["check"], timed["listing"]
        ok_list = listing / check <= 1.5
        line(
            "briefing notes --json, 10,000 notes / check",
            listing,
            check,
            f"(target 1.5x) {'ok' if ok_list else 'OVER TARGET'}",
        )
        rounds = sorted(n / c for n, c in zip(runs["listing"], runs["check"], strict=True))
        print(
            f"  round by round: median {statistics.median(rounds):.2f}x, from {rounds[0]:.2f}x to {rounds[-1]:.2f}x"
            f" ({', '.join(f'{r:.2f}' for r in rounds)}); check {min(runs['check']):.3f}-{max(runs['check']):.3f} s,"
            f" notes --json {min(runs['listing']):.3f}-{max(runs['listing']):.3f} s"
        )
        opening, export_md = timed["opening"], timed["export_md"]
        ok_export = export_md - opening < 0.5
        line(
            "briefing export (Markdown) / opening",
            export_md,
            opening,
            f"= {export_md - opening:.3f} s beyond opening (target < 0.5 s) {'ok' if ok_export else 'OVER TARGET'}",
        )
        opening_json, export_json = timed["opening_json"], timed["export_json"]
        line(
            "briefing export --format json / opening",
            export_json,
            opening_json,
            f"= {export_json - opening_json:.3f} s beyond",
        )

        times, summary = [], ""
        for run in range(3):
            store = Path(folder) / f"import-{run}.sqlite3"
            started = time.perf_counter()
            done = subprocess.run(
                [BRIEFING, "import-notes", file, str(foreign), "--store", str(store)],
                capture_output=True,
                text=True,
                check=False,
            )
            times.append(time.perf_counter() - started)
            summary = done.stdout.strip() or done.stderr.strip()
        importing = statistics.median(times)
        ok_import = importing < 2.0 and summary == f"imported {NOTES} notes ({NOTES} anchored)"
        line(
            "import-notes of 10,000 quote-only annotations",
            importing,
            check,
            f"(target < 2 s, all anchored: {summary!r}) {'ok' if ok_import else 'OVER TARGET'}",
        )
    return ok_list and ok_export and ok_import


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
