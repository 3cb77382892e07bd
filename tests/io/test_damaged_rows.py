"""A row damaged in its number columns (start, end, revision) never costs its note, nor a traceback.

SQLite keeps whatever a column is given: another program, a hand edit or a bad disk can leave
text, a real or a blob where a position or a revision belongs.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corpus import FRENCH
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore

BRIEFING = load_briefing(FRENCH)
START = BRIEFING.text.index("Pyongyang")

# No NaN: SQLite stores a NaN as NULL, which these NOT NULL columns refuse, so no store holds one
# (as text, "nan" is among the texts).
DAMAGE = st.one_of(
    st.text(max_size=12),
    st.floats(allow_nan=False, allow_infinity=True),
    st.binary(max_size=8),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
)


def _store_with_one_note(path: Path) -> str:
    store = NotesStore(path)
    note = Notebook(BRIEFING, store).new_note(START, START + len("Pyongyang"), "kept ✓", "blue", ["t"])
    store.add(note)
    store.close()
    return note.id


def _damage(path: Path, start: object, end: object, revision: object) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE notes SET start = ?, end = ?, revision = ?", (start, end, revision))
    connection.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=DAMAGE, end=DAMAGE, revision=DAMAGE)
def test_a_damaged_number_keeps_the_note_and_its_words(
    tmp_path: Path, start: object, end: object, revision: object
) -> None:
    path = tmp_path / f"notes-{abs(hash((repr(start), repr(end), repr(revision))))}.sqlite3"
    note_id = _store_with_one_note(path)
    _damage(path, start, end, revision)
    store = NotesStore(path)
    try:
        notes = store.notes_for(BRIEFING.id)
        assert [(note.id, note.text, note.tags) for note in notes] == [(note_id, "kept ✓", ("t",))]
        placed = Notebook(BRIEFING, store).placed(notes)
        # Found again by its quote (the damaged position is a hint only).
        assert [BRIEFING.text[p.start : p.end] for p in placed] == ["Pyongyang"]
    finally:
        store.close()
        path.unlink()


def test_the_notes_commands_list_and_export_a_damaged_row(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    _store_with_one_note(path)
    _damage(path, "abc", 12.0, "x")
    for command in (["notes"], ["notes", "--json"], ["export", "-o", str(tmp_path / "notes.md")]):
        done = subprocess.run(
            [sys.executable, "-m", "viewer.program", *command[:1], str(FRENCH), "--store", str(path), *command[1:]],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        shown = (tmp_path / "notes.md").read_text(encoding="utf-8") if command[0] == "export" else done.stdout
        assert "kept ✓" in shown
    assert "wrote 1 note to" in done.stderr  # one note, said in the singular
