"""`briefing notes`, `import-notes` and `export --format json`, as scripts use them."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.corpus import FRENCH
from tests.e2e.test_check_command import BRIEFING, HANG_GUARD, run
from tests.io.test_web_annotation import documents
from viewer.cli import main
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite3"
    notebook = Notebook(load_briefing(FRENCH), NotesStore(path))
    text = notebook.briefing.text
    for words, body, color, tags in (
        ("3 000 soldats", "Chiffre à vérifier", "blue", ["chiffres"]),
        ("Washington s’inquiète", "", "red", []),
    ):
        start = text.index(words)
        notebook.store.add(notebook.new_note(start, start + len(words), body, color, tags))
    notebook.store.close()
    return path


def edited_briefing(tmp_path: Path) -> Path:
    """The sample with a paragraph inserted, a noted sentence reworded and another deleted."""
    text = FRENCH.read_text(encoding="utf-8")
    text = text.replace(
        "<p>Parmi les recompositions", "<p>Un paragraphe ajouté en tête.</p>\n      <p>Parmi les recompositions", 1
    )
    text = text.replace("de 3 000 soldats doit", "de 3 000 soldats devrait", 1)
    start = text.index('<claim id="inquietude-us"')
    end = text.index("</claim>", start) + len("</claim>")
    text = text[:start] + text[end:]
    path = tmp_path / "edited.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_notes_lists_each_note_on_a_line(store: Path) -> None:
    done = run("notes", str(FRENCH), "--store", str(store))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:2] == ["anchored", "introduction"]
    assert '"3 000 soldats"' in lines[0] and lines[0].endswith("Chiffre à vérifier")
    assert len(lines) == 2


def test_notes_json_fields(store: Path) -> None:
    done = run("notes", str(FRENCH), "--json", "--store", str(store))
    rows = json.loads(done.stdout)
    assert {
        "id",
        "state",
        "section",
        "quote",
        "current_quote",
        "text",
        "tags",
        "color",
        "start",
        "end",
        "created",
        "modified",
    } <= set(rows[0])
    assert rows[0]["quote"] == rows[0]["current_quote"] == "3 000 soldats"
    assert rows[0]["tags"] == ["chiffres"] and rows[0]["color"] == "blue"


def test_after_editing_the_briefing_every_note_is_still_there(store: Path, tmp_path: Path) -> None:
    edited = edited_briefing(tmp_path)
    assert run("check", str(edited)).returncode == 0
    rows = json.loads(run("notes", str(edited), "--json", "--store", str(store)).stdout)
    states = {row["quote"]: row for row in rows}
    moved = states["3 000 soldats"]
    assert moved["state"] == "moved" and moved["current_quote"] == "3 000 soldats"
    orphan = states[next(q for q in states if q.startswith("Washington"))]
    assert orphan["state"] == "orphaned" and orphan["start"] is None and orphan["current_quote"] is None
    assert len(rows) == 2


def test_export_json_then_import_is_lossless_and_idempotent(store: Path, tmp_path: Path) -> None:
    exported = tmp_path / "notes.json"
    assert run("export", str(FRENCH), "--format", "json", "-o", str(exported), "--store", str(store)).returncode == 0
    page = json.loads(exported.read_text(encoding="utf-8"))
    assert page["type"] == "AnnotationPage" and len(page["items"]) == 2
    fresh = tmp_path / "fresh.sqlite3"
    done = run("import-notes", str(FRENCH), str(exported), "--store", str(fresh))
    assert done.returncode == 0 and done.stdout.strip() == "imported 2 notes (2 anchored)"
    again = run("import-notes", str(FRENCH), str(exported), "--store", str(fresh))
    assert again.stdout.strip() == "imported 0 notes; 2 already there"
    before = json.loads(run("notes", str(FRENCH), "--json", "--store", str(store)).stdout)
    after = json.loads(run("notes", str(FRENCH), "--json", "--store", str(fresh)).stdout)
    assert before == after


def test_import_accepts_the_common_shapes_and_keeps_unlocatable_ones(tmp_path: Path) -> None:
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://example.org/anno/1",
        "type": "Annotation",
        "body": [
            {"type": "TextualBody", "purpose": "commenting", "value": "Intéressant"},
            {"type": "TextualBody", "purpose": "tagging", "value": "drones"},
        ],
        "target": {
            "source": "x",
            "selector": {"type": "TextQuoteSelector", "exact": "Les drones en sont un bon exemple."},
        },
    }
    lost = {
        "id": "https://example.org/anno/2",
        "type": "Annotation",
        "body": "gone",
        "target": {
            "selector": {"type": "TextQuoteSelector", "exact": "Texte qui n'existe nulle part dans ce briefing."}
        },
    }
    collection = {
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": [annotation], "next": {"type": "AnnotationPage", "items": [lost]}},
    }
    path = tmp_path / "c.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    store = tmp_path / "s.sqlite3"
    done = run("import-notes", str(FRENCH), str(path), "--store", str(store))
    assert done.stdout.strip() == "imported 2 notes (1 anchored, 1 orphaned)"
    rows = json.loads(run("notes", str(FRENCH), "--json", "--store", str(store)).stdout)
    assert {r["text"] for r in rows} == {"Intéressant", "gone"}
    assert next(r for r in rows if r["text"] == "Intéressant")["tags"] == ["drones"]
    single = tmp_path / "one.json"
    single.write_text(json.dumps(annotation), encoding="utf-8")
    assert run("import-notes", str(FRENCH), str(single), "--store", str(store)).stdout.startswith("imported 0 notes")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"type": "Annotation", ', "invalid JSON"),
        ('{"type": "Person", "name": "x"}', "is not a Web Annotation"),
        ('[{"type": "Annotation", "target": "x"}, 42]', "item 2 is not a Web Annotation"),
    ],
)
def test_bad_annotation_files_import_nothing(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    store = tmp_path / "s.sqlite3"
    done = run("import-notes", str(FRENCH), str(path), "--store", str(store))
    assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr
    assert NotesStore(store).count() == 0


def test_the_store_can_come_from_the_environment(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_VIEWER_STORE", str(store))
    done = run("notes", str(FRENCH))
    assert len(done.stdout.splitlines()) == 2


def test_a_corrupt_store_is_moved_aside_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    done = run("notes", str(FRENCH), "--store", str(bad))
    assert done.returncode == 0
    assert "could not be read" in done.stderr and "moved to" in done.stderr
    assert list(tmp_path.glob("bad.sqlite3.unreadable-*"))


HOSTILE = {
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "5,000 digits": b'{"type": "Annotation", "target": "x", "n": ' + b"9" * 5000 + b"}",
    "lone surrogate": b'{"type": "Annotation", "target": "x", "body": "\\ud800"}',
    "items not a list": b'{"type": "AnnotationPage", "items": 5}',
    "linked pages": b'{"type": "AnnotationCollection", "first": "https://example.org/annotations?page=1"}',
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_get_one_line_and_leave_the_store_as_it_was(store: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(HOSTILE[name])
    before = store.read_bytes()
    done = run("import-notes", str(FRENCH), str(path), "--store", str(store))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith(f"{path}:")
    assert store.read_bytes() == before


def test_linked_pages_are_said_not_to_be_fetched(tmp_path: Path) -> None:
    path = tmp_path / "collection.json"
    path.write_bytes(HOSTILE["linked pages"])
    done = run("import-notes", str(FRENCH), str(path), "--store", str(tmp_path / "s.sqlite3"))
    assert "linked pages are not fetched" in done.stderr and "https://example.org/annotations?page=1" in done.stderr


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_fifo_or_a_device_is_refused_without_reading_it(tmp_path: Path, special: str) -> None:
    if special == "fifo":
        path = tmp_path / "notes.json"
        os.mkfifo(path)  # nobody writes to it: reading it would wait for ever
    else:
        path = Path(special)
    store = tmp_path / "s.sqlite3"
    done = run("import-notes", str(FRENCH), str(path), "--store", str(store))
    assert done.returncode == 1 and "is not a regular file" in done.stderr and "Traceback" not in done.stderr
    assert not store.exists()  # the store is not even opened


def test_a_bad_value_is_reported_and_the_note_kept(tmp_path: Path) -> None:
    annotation = {
        "id": "https://example.org/anno/9",
        "type": "Annotation",
        "created": "yesterday",
        "body": ["Vu", {"id": "https://example.org/clip.mp3", "type": "Sound"}],
        "target": {
            "selector": [
                {"type": "TextQuoteSelector", "exact": "3 000 soldats"},
                {"type": "TextPositionSelector", "start": 2**63, "end": 2**63 + 13},
            ]
        },
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(annotation), encoding="utf-8")
    store = tmp_path / "s.sqlite3"
    done = run("import-notes", str(FRENCH), str(path), "--store", str(store))
    assert done.returncode == 0 and done.stdout.strip() == "imported 1 note (1 anchored)"
    warnings = done.stderr.splitlines()
    assert any('"created" "yesterday"' in line for line in warnings)
    assert any("TextPositionSelector" in line for line in warnings)
    assert all(line.startswith(f"warning: {path}: item 1: ") for line in warnings)
    again = run("import-notes", str(FRENCH), str(path), "--store", str(store))
    assert again.stdout.strip() == "imported 0 notes; 1 already there" and again.stderr == ""
    listed = run("notes", str(FRENCH), "--store", str(store)).stdout
    assert listed.rstrip().endswith("Vu  [also sound: https://example.org/clip.mp3]")
    row = json.loads(run("notes", str(FRENCH), "--json", "--store", str(store)).stdout)[0]
    assert row["other_bodies"] == [{"id": "https://example.org/clip.mp3", "type": "Sound"}]
    exported = json.loads(run("export", str(FRENCH), "--format", "json", "--store", str(store)).stdout)
    assert exported["items"][0]["body"][1] == {"id": "https://example.org/clip.mp3", "type": "Sound"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents)
def test_import_notes_of_any_json_never_fails_badly(store: Path, tmp_path: Path, document: object) -> None:
    """The command itself (in this process, so that any exception it lets out fails the test)."""
    path = tmp_path / "generated.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = store.read_bytes()
    # A store of its own for each example: one an earlier example wrote to is checkpointed when
    # that example's connection is collected, which would change its bytes during this one.
    store = tmp_path / f"{uuid.uuid4()}.sqlite3"
    store.write_bytes(before)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["import-notes", str(FRENCH), str(path), "--store", str(store)])
    if status == 1:
        assert err.getvalue() and all(line.startswith(f"{path}:") for line in err.getvalue().splitlines())
        assert store.read_bytes() == before
    else:
        assert status == 0 and out.getvalue().startswith("imported ")


def test_each_command_closes_the_store_before_it_ends(store: Path, tmp_path: Path) -> None:
    """The process ends without tearing down its objects, but the store is closed first."""
    exported = tmp_path / "notes.json"
    assert run("export", str(FRENCH), "--format", "json", "-o", str(exported), "--store", str(store)).returncode == 0
    fresh = tmp_path / "fresh.sqlite3"
    assert run("import-notes", str(FRENCH), str(exported), "--store", str(fresh)).returncode == 0
    for path in (store, fresh):
        assert not path.with_name(path.name + "-wal").exists()  # checkpointed and removed on close
    assert NotesStore(fresh).count() == 2


def test_control_characters_in_an_imported_note_are_shown_not_sent_to_the_terminal(tmp_path: Path) -> None:
    annotation = {
        "type": "Annotation",
        "body": "Vu \x1b]0;pwned\x07 \x1b[2J",
        "target": {"selector": {"type": "TextQuoteSelector", "exact": "3 000 soldats"}},
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(annotation), encoding="utf-8")
    store = tmp_path / "s.sqlite3"
    assert run("import-notes", str(FRENCH), str(path), "--store", str(store)).returncode == 0
    listed = run("notes", str(FRENCH), "--store", str(store)).stdout
    assert "\x1b" not in listed and "\\x1b]0;pwned\\x07" in listed


@pytest.mark.parametrize("command", ["notes", "export"])
def test_a_briefing_that_is_a_fifo_is_refused_not_waited_for(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "briefing.xml"
    os.mkfifo(fifo)
    done = run(command, str(fifo), "--store", str(tmp_path / "s.sqlite3"))
    assert done.returncode == 1 and "is not a regular file" in done.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path) -> None:
    # `briefing notes FILE | head -1`: the reader closes the pipe while the notes are still being
    # written (more of them than the pipe and the output buffer hold).
    path = tmp_path / "many.sqlite3"
    notebook = Notebook(load_briefing(FRENCH), NotesStore(path))
    start = notebook.briefing.text.index("3 000 soldats")
    notebook.store.add_many(notebook.new_note(start, start + 13, f"note {n}", "blue", []) for n in range(400))
    notebook.store.close()
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run(
            [BRIEFING, "notes", str(FRENCH), "--store", str(path)],
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
            timeout=HANG_GUARD,
            check=False,
        )
    finally:
        os.close(writing)
    assert (done.returncode, done.stderr) == (1, "")


@pytest.mark.parametrize("command", [["notes"], ["notes", "--json"], ["export"], ["export", "--format", "json"]])
def test_a_bad_store_and_a_bad_briefing_are_told_store_first(tmp_path: Path, command: list[str]) -> None:
    # The store is opened beside the briefing's parse, in another thread: what goes wrong is still
    # told as when it was opened first (its error alone, or its warning before the briefing's problems).
    broken = tmp_path / "broken.xml"
    broken.write_text(FRENCH.read_text(encoding="utf-8").replace("</body>", "", 1), encoding="utf-8")
    folder = tmp_path / "folder.sqlite3"
    folder.mkdir()
    done = run(*command, str(broken), "--store", str(folder))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == f"error: the notes store {folder} is a folder, not a file\n"
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    done = run(*command, str(broken), "--store", str(bad))
    first, *problems = done.stderr.splitlines()
    assert done.returncode == 1 and done.stdout == ""
    assert first.startswith(f"warning: The notes store {bad} could not be read") and "moved to" in first
    assert problems and all(line.startswith(f"{broken}:") for line in problems)
