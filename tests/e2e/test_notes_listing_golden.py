"""`briefing notes` and `notes --json` print exactly what they printed before they were made faster.

The golden file was written by the listing as it stood before (json.dumps with indent=2 of each
note's summary, the full model of the briefing): every byte, every state, every offset.
Regenerate it only for a deliberate change of the output: ``python -m tests.e2e.test_notes_listing_golden``.
"""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
import sys
from pathlib import Path

from tests.corpus import FRENCH, TOUR
from tests.e2e.test_check_command import BRIEFING, HANG_GUARD
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden" / "notes-listing.txt"

# What note texts and tags may hold: quotes, backslashes, control characters, every plane.
TEXTS = [
    "",
    "Plain note",
    'a "quoted" \\ back\\slash',
    "tab\tnew\nline\r\x1b[31m",
    "ünïcödé « » 😀 \u2028 \x7f",
    "*Md*",
]
TAGS = [[], ["a"], ["chiffres", "t 2"], ["ü", "😀", "a,b"]]
BODIES = ["", json.dumps([{"type": "SpecificResource", "source": "https://example.org/x", "é": [1, None, 2.5]}])]


def _edited(source: Path, folder: Path) -> Path:
    """The briefing with a paragraph inserted before its first, a few words reworded and a passage cut."""
    text = source.read_text(encoding="utf-8")
    first = text.index("<p>")
    text = text[:first] + "<p>Un paragraphe ajouté en tête.</p>\n" + text[first:]
    middle = text.index("<p>", len(text) // 2)
    cut = text.index("</p>", middle)
    text = text[: middle + 3] + text[middle + 3 + (cut - middle - 3) // 2 :]  # half a paragraph gone
    text = text.replace(" de ", " du ", 3).replace(" the ", " a ", 3)
    path = folder / f"edited-{source.name}"
    path.write_text(text, encoding="utf-8")
    return path


def _store(folder: Path) -> Path:
    """120 notes on each sample at seeded random passages, with fixed ids and dates."""
    path = folder / "notes.sqlite3"
    store = NotesStore(path)
    rng = random.Random(13)
    for source in (FRENCH, TOUR):
        notebook = Notebook(load_briefing(source), store)
        length = len(notebook.briefing.text)
        notes = []
        for index in range(120):
            start = rng.randrange(0, length - 2)
            end = min(length, start + rng.randrange(1, 80))
            if not notebook.briefing.text[start:end].strip():
                continue
            note = notebook.new_note(start, end, rng.choice(TEXTS), rng.choice(["blue", "red", "yellow"]))
            notes.append(
                dataclasses.replace(
                    note,
                    id=f"{source.stem}-{index:03d}",
                    tags=tuple(rng.choice(TAGS)),
                    created=f"2026-01-{1 + index % 28:02d}T10:00:00Z",
                    modified=f"2026-02-{1 + index % 28:02d}T11:30:00Z",
                    other_bodies=rng.choice(BODIES),
                )
            )
        store.add_many(notes)
    store.close()
    return path


def listing(folder: Path) -> bytes:
    """What `notes` and `notes --json` print for both samples and their edited copies, as bytes."""
    store = str(_store(folder))
    parts = []
    for source in (FRENCH, TOUR):
        for path in (source, _edited(source, folder)):
            for flags in ([], ["--json"]):
                command = [BRIEFING, "notes", path.name, *flags, "--store", store]
                done = subprocess.run(command, capture_output=True, timeout=HANG_GUARD, cwd=path.parent, check=False)
                assert done.returncode == 0, done.stderr
                parts.append(f"== notes {' '.join(flags)} {path.name}\n".encode() + done.stdout)
    return b"".join(parts)


def test_listing_is_byte_for_byte_what_it_was(tmp_path: Path) -> None:
    printed = listing(tmp_path)
    for state in (b'"anchored"', b'"moved"', b'"fuzzy"', b'"orphaned"'):
        assert state in printed  # the edits leave notes in every state
    assert printed == GOLDEN.read_bytes()


def test_the_json_export_is_the_same_from_the_text_alone(tmp_path: Path) -> None:
    from viewer.io.briefing.loader import load_text
    from viewer.io.notes.web_annotation import annotation_page

    store = NotesStore(_store(tmp_path))
    for source in (FRENCH, TOUR):
        for path in (source, _edited(source, tmp_path)):
            pages = [
                annotation_page(Notebook(load(path), store).placed(), load(path)) for load in (load_briefing, load_text)
            ]
            assert pages[0] == pages[1] and len(pages[0]["items"]) > 50
    store.close()


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        GOLDEN.write_bytes(listing(Path(folder)))
    sys.exit(0)
