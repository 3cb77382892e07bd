"""Revisions: a change made on an out-of-date note is merged or refused by the store, never lost."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.corpus import FRENCH, ROOT, TOUR
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import SCHEMA_VERSION, NoteConflict, NotesStore
from viewer.model.notes import Note

BRIEFING = load_briefing(FRENCH)
STORES = ROOT / "tests" / "data" / "stores"

# -- the rule, in one process ------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    opened = NotesStore(tmp_path / "notes.sqlite3")
    yield opened
    opened.close()


def fresh(store: NotesStore) -> Note:
    return store.add(Notebook(BRIEFING, store).new_note(10, 30, "base", "yellow", ["base"]))


def test_each_change_moves_the_revision_on(store: NotesStore) -> None:
    note = fresh(store)
    assert note.revision == 1 and store.get(note.id) == note
    second = store.update(note.edited(text="two"), base=note)
    assert second.revision == 2 and store.get(note.id) == second


def test_a_stale_edit_of_another_field_is_merged(store: NotesStore) -> None:
    note = fresh(store)
    store.update(note.edited(color="red"), base=note)  # elsewhere
    stored = store.update(note.edited(text="mine"), base=note)  # made on revision 1
    assert (stored.text, stored.color, stored.revision) == ("mine", "red", 3)
    assert store.get(note.id) == stored


SOUND = json.dumps([{"type": "Sound", "id": "https://example.org/a.ogg"}])
LINK = json.dumps([{"type": "Text", "id": "https://example.org/page", "format": "text/html"}])


def test_what_an_import_carried_is_kept_by_a_stale_edit_unless_the_edit_changed_it(store: NotesStore) -> None:
    # Not edited in the window: a stale edit of the text keeps what is stored now.
    note = fresh(store)
    theirs = store.update(replace(note, other_bodies=SOUND, creator='{"name": "Anaïs"}'), base=note)
    stored = store.update(note.edited(text="mine"), base=note)
    assert (stored.text, stored.other_bodies, stored.creator) == ("mine", SOUND, theirs.creator)
    # Changed by the edit (made on an older revision): the edit's value is stored.
    other = fresh(store)
    store.update(other.edited(color="green"), base=other)  # elsewhere
    stored = store.update(replace(other, other_bodies=LINK, creator=None), base=other)
    assert (stored.color, stored.other_bodies, stored.creator) == ("green", LINK, None)
    # Changed differently on both sides: refused, naming it.
    store.update(replace(stored, other_bodies=SOUND), base=stored)  # elsewhere
    with pytest.raises(NoteConflict, match="this note's attachments was changed elsewhere"):
        store.update(replace(stored, other_bodies="[]"), base=stored)


def test_a_stale_edit_of_the_same_field_is_refused_naming_it(store: NotesStore) -> None:
    note = fresh(store)
    theirs = store.update(note.edited(text="theirs"), base=note)
    with pytest.raises(NoteConflict, match="this note's text was changed elsewhere") as raised:
        store.update(note.edited(text="mine"), base=note)
    assert raised.value.fields == ("text",) and raised.value.current == theirs
    assert store.get(note.id) == theirs


def test_without_its_base_a_stale_edit_is_refused(store: NotesStore) -> None:
    note = fresh(store)
    store.update(note.edited(color="red"), base=note)
    with pytest.raises(NoteConflict, match="colour"):
        store.update(note.edited(text="mine"))  # cannot tell its stale colour from a change


def test_an_edit_of_a_deleted_note_is_refused_not_dropped(store: NotesStore) -> None:
    note = fresh(store)
    store.remove(note.id)
    with pytest.raises(NoteConflict, match="deleted elsewhere") as raised:
        store.update(note.edited(text="mine"), base=note)
    assert raised.value.deleted and store.get(note.id) is None


def test_a_note_changed_since_it_was_read_is_not_deleted(store: NotesStore) -> None:
    note = fresh(store)
    theirs = store.update(note.edited(tags=("theirs",)), base=note)
    with pytest.raises(NoteConflict, match="it was not deleted"):
        store.remove(note.id, note.revision)
    assert store.get(note.id) == theirs
    store.remove(note.id, theirs.revision)
    assert store.get(note.id) is None


# -- stores written before revisions ---------------------------------------------------------


def test_a_store_made_before_revisions_opens_with_every_note(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    shutil.copyfile(STORES / "schema2.sqlite3", path)
    made = json.loads((STORES / "schema2.json").read_text(encoding="utf-8"))
    store = NotesStore(path)
    assert store.recovery is None and store.notice is None
    assert store._connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    stored = store.notes_for("kp-ru-alliance") + store.notes_for(load_briefing(TOUR).id)
    assert len(stored) == len(made) == 24
    by_id = {note.id: note for note in stored}
    for old in made:
        note = by_id[old["id"]]
        assert note.revision == 1
        fields = asdict(note)
        assert (fields.pop("revision"), fields.pop("other_bodies"), fields.pop("creator")) == (1, "", None)
        fields["tags"] = list(fields["tags"])
        assert fields == old
    assert store.color_names() == {"red": "à contester"}
    # And it takes changes with the revision rule at once.
    first = by_id[made[0]["id"]]
    store.update(first.edited(color="green"), base=first)
    assert store.update(first.edited(text="later"), base=first).revision == 3
    store.close()


# -- two processes ---------------------------------------------------------------------------

WORKER = r"""
import json, sys
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore, NoteConflict
store = NotesStore(sys.argv[2])
notebook = Notebook(load_briefing(sys.argv[1]), store)
values = json.loads(sys.argv[3])
read = None
for line in sys.stdin:
    command = json.loads(line)
    try:
        if command["op"] == "read":
            read = store.get(command["id"])
            out = {"revision": read.revision}
        elif command["op"] == "edit":
            field = command["field"]
            if field == "anchor":
                after = notebook.reattached(read, values["anchor"], values["anchor"] + 9)
            else:
                after = read.edited(**{field: tuple(values[field]) if field == "tags" else values[field]})
            stored = store.update(after, base=read)
            out = {"ok": True, "revision": stored.revision, "value": repr(getattr(after, field))}
        else:
            store.remove(read.id, read.revision)
            out = {"ok": True}
    except NoteConflict as conflict:
        out = {"ok": False, "message": str(conflict), "fields": list(conflict.fields), "deleted": conflict.deleted}
    print(json.dumps(out), flush=True)
"""

FIELDS = ["text", "color", "tags", "anchor"]
WORDS = {"text": "text", "color": "colour", "tags": "tags", "anchor": "passage"}


class Worker:
    """Another process with its own store on the same file, told what to do one line at a time."""

    def __init__(self, path: Path, values: dict[str, object]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(FRENCH), str(path), json.dumps(values)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def __call__(self, **command: str) -> dict[str, object]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        answer: dict[str, object] = json.loads(self.process.stdout.readline())
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[tuple[NotesStore, Worker, Worker]]:
    path = tmp_path / "shared.sqlite3"
    store = NotesStore(path)
    first = Worker(path, {"text": "by A", "color": "red", "tags": ["a"], "anchor": 400})
    second = Worker(path, {"text": "by B", "color": "green", "tags": ["b"], "anchor": 900})
    yield store, first, second
    first.close()
    second.close()
    store.close()


def value(note: Note, field: str) -> str:
    return repr(getattr(note, field))


def test_two_processes_edit_one_note_every_field_pair_both_orders(workers: tuple[NotesStore, Worker, Worker]) -> None:
    store, a, b = workers
    for first_name, second_name in (("a", "b"), ("b", "a")):
        first, second = (a, b) if first_name == "a" else (b, a)
        for first_field in FIELDS:
            for second_field in FIELDS:
                base = fresh(store)
                assert first(op="read", id=base.id) == second(op="read", id=base.id) == {"revision": 1}
                done = first(op="edit", field=first_field)
                late = second(op="edit", field=second_field)  # made on revision 1, now out of date
                final = store.get(base.id)
                assert final is not None and done["ok"]
                case = f"{first_name} {first_field} then {second_name} {second_field}"
                if first_field != second_field:
                    assert late["ok"] and late["revision"] == 3, case
                    assert value(final, first_field) == done["value"], case
                    assert value(final, second_field) == late["value"], case
                    untouched = set(FIELDS) - {first_field, second_field}
                else:
                    assert not late["ok"] and late["fields"] == [WORDS[first_field]], case
                    assert f"this note's {WORDS[first_field]} was changed elsewhere" in str(late["message"]), case
                    assert value(final, first_field) == done["value"] and final.revision == 2, case
                    untouched = set(FIELDS) - {first_field}
                for field in untouched:
                    assert getattr(final, field) == getattr(base, field), case


def test_two_processes_delete_and_edit_one_note_both_orders(workers: tuple[NotesStore, Worker, Worker]) -> None:
    store, a, b = workers
    for field in FIELDS:
        # Deleted first: the edit is refused as an edit of a deleted note (the window keeps it).
        base = fresh(store)
        a(op="read", id=base.id), b(op="read", id=base.id)
        assert a(op="delete") == {"ok": True}
        late = b(op="edit", field=field)
        assert not late["ok"] and late["deleted"] and "deleted elsewhere" in str(late["message"])
        assert store.get(base.id) is None
        # Edited first: the deletion, made without seeing the edit, is refused; the edit stays.
        base = fresh(store)
        a(op="read", id=base.id), b(op="read", id=base.id)
        done = b(op="edit", field=field)
        late = a(op="delete")
        assert not late["ok"] and not late["deleted"] and "it was not deleted" in str(late["message"])
        final = store.get(base.id)
        assert final is not None and value(final, field) == done["value"]
    # Both delete: both get what they asked for.
    base = fresh(store)
    a(op="read", id=base.id), b(op="read", id=base.id)
    assert a(op="delete") == b(op="delete") == {"ok": True}
    assert store.get(base.id) is None


def test_a_store_migrated_by_one_process_is_used_by_another(tmp_path: Path) -> None:
    """Two processes opening an old store at once: one migrates, neither loses a note."""
    path = tmp_path / "notes.sqlite3"
    shutil.copyfile(STORES / "schema2.sqlite3", path)
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from viewer.io.notes.store import NotesStore; print(NotesStore(sys.argv[1]).count())",
                str(path),
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(3)
    ]
    counts = [child.communicate(timeout=60)[0].strip() for child in children]
    assert counts == ["24", "24", "24"]
    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# -- the rule over generated edits -------------------------------------------------------------

CHANGES = {
    "text": st.text(max_size=20),
    "color": st.sampled_from(["yellow", "blue", "red", "green", "purple"]),
    "tags": st.lists(st.sampled_from(["a", "b", "été", "x y"]), max_size=3, unique=True).map(tuple),
    "anchor": st.integers(0, 3000).filter(lambda start: BRIEFING.text[start : start + 7].strip() != ""),
}
EDITS = st.fixed_dictionaries({}, optional=CHANGES)


def edited(notebook: Notebook, note: Note, changes: dict[str, object]) -> Note:
    fields = {name: value for name, value in changes.items() if name != "anchor"}
    after = note.edited(**fields)
    if "anchor" in changes:
        start = int(str(changes["anchor"]))
        after = replace(after, anchor=notebook.reattached(note, start, start + 7).anchor)
    return after


@settings(max_examples=150)
@given(first=EDITS, second=EDITS)
def test_two_stale_edits_lose_nothing(tmp_path_factory: pytest.TempPathFactory, first: dict, second: dict) -> None:  # type: ignore[type-arg]
    folder = tmp_path_factory.mktemp("merge")
    a, b = NotesStore(folder / "n.sqlite3"), NotesStore(folder / "n.sqlite3")
    notebook = Notebook(BRIEFING, a)
    try:
        base = fresh(a)
        mine = edited(notebook, base, first)
        theirs = edited(notebook, base, second)
        done = a.update(mine, base=base)
        clash = [
            name
            for name in FIELDS
            if getattr(mine, name) != getattr(base, name)
            and getattr(theirs, name) != getattr(base, name)
            and getattr(mine, name) != getattr(theirs, name)
        ]
        try:
            late = b.update(theirs, base=base)  # made on revision 1, stored after the first
        except NoteConflict as conflict:
            assert clash and conflict.fields == tuple(WORDS[name] for name in clash)
            assert b.get(base.id) == done  # the first change stands, whole
            return
        assert not clash
        assert b.get(base.id) == late
        for name in FIELDS:  # each field: the second change if it made one, else the first's, else as it was
            if getattr(theirs, name) != getattr(base, name):
                assert getattr(late, name) == getattr(theirs, name)
            else:
                assert getattr(late, name) == getattr(mine, name)
    finally:
        a.close()
        b.close()
