"""Stores of every earlier schema open with today's code, every note and field kept.

Two schemas 3 were made in parallel: one added a revision to each note (``schema3-revision``),
the other what an import carried besides text (``schema3-bodies``: other bodies and creator).
Schema 4 has all three columns; a store of schema 2 or of either schema 3 migrates to it, and
one that cannot be migrated now (read-only) shows the same notes.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from tests.corpus import ROOT
from viewer.io.notes.store import SCHEMA_VERSION, NotesStore
from viewer.model.notes import Note

STORES = ROOT / "tests" / "data" / "stores"
# Each old store (tests/data/stores/NAME.sqlite3, its notes in NAME.json): how many notes it
# holds and the names it gives colours.
MADE = {
    "schema2": (24, {"red": "à contester"}),
    "schema3-revision": (20, {"blue": "sources"}),
    "schema3-bodies": (20, {"blue": "sources"}),
}
NEW_FIELDS: dict[str, Any] = {"revision": 1, "other_bodies": "", "creator": None}


def expected(name: str) -> list[dict[str, Any]]:
    """The notes as the old code made them, with what a field it did not have reads as."""
    made: list[dict[str, Any]] = json.loads((STORES / f"{name}.json").read_text(encoding="utf-8"))
    return [NEW_FIELDS | note for note in made]


def as_made(note: Note) -> dict[str, Any]:
    fields = asdict(note)
    fields["tags"] = list(fields["tags"])
    return fields


def every_note(store: NotesStore, name: str) -> list[dict[str, Any]]:
    briefings = {note["briefing_id"] for note in expected(name)}
    return sorted(
        (as_made(note) for briefing in briefings for note in store.notes_for(briefing)), key=lambda n: n["id"]
    )


def copy(name: str, tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite3"
    shutil.copyfile(STORES / f"{name}.sqlite3", path)
    return path


def test_the_fixtures_are_what_they_say() -> None:
    """Each old store has the columns of its schema only (else the tests below prove nothing)."""
    columns = {}
    for name in MADE:
        with contextlib.closing(sqlite3.connect(STORES / f"{name}.sqlite3")) as connection:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            columns[name] = (
                version,
                {row[1] for row in connection.execute("PRAGMA table_info(notes)")} & set(NEW_FIELDS),
            )
    assert columns == {
        "schema2": (2, set()),
        "schema3-revision": (3, {"revision"}),
        "schema3-bodies": (3, {"other_bodies", "creator"}),
    }
    assert {note["revision"] for note in expected("schema3-revision")} == {1, 2, 3}
    assert any(note["other_bodies"] and note["creator"] for note in expected("schema3-bodies"))


@pytest.mark.parametrize("name", list(MADE))
def test_an_old_store_migrates_to_the_current_schema_with_every_note(name: str, tmp_path: Path) -> None:
    path = copy(name, tmp_path)
    store = NotesStore(path)
    assert store.recovery is None and store.notice is None and not store.read_only
    assert SCHEMA_VERSION == 4
    assert store._connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    made = sorted(expected(name), key=lambda n: n["id"])
    count, color_names = MADE[name]
    assert len(made) == count
    assert every_note(store, name) == made
    assert store.color_names() == color_names
    # It takes changes at once, and keeps them and every other field once closed and opened again.
    note = store.get(made[-1]["id"])
    assert note is not None
    stored = store.update(note.edited(text="after the migration"), base=note)
    assert stored.revision == note.revision + 1
    store.close()
    again = NotesStore(path)
    assert again.get(note.id) == stored
    assert [n for n in every_note(again, name) if n["id"] != note.id] == made[:-1]
    again.close()


@pytest.mark.parametrize("name", list(MADE))
def test_an_old_store_that_cannot_be_migrated_now_shows_every_note(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy(name, tmp_path)
    before = path.read_bytes()
    real_access = os.access
    # Permission bits do not stop root (who runs CI), so the refusal to write is simulated.
    monkeypatch.setattr("viewer.io.notes.store.os.access", lambda p, mode: mode & os.W_OK == 0 and real_access(p, mode))
    store = NotesStore(path)
    assert store.read_only and store.recovery is None
    assert every_note(store, name) == sorted(expected(name), key=lambda n: n["id"])
    assert store.color_names() == MADE[name][1]
    store.close()
    assert path.read_bytes() == before
