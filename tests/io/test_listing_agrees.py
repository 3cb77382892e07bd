"""`notes --json` written straight from the store's rows is what placing the notes and summarising them writes.

The listing writes a note still where it was made (in its whole context) from its row, without
making a note of it, and finds its section by walking the lines: compared here, byte for byte,
with the way every note went before (the notebook places each, ``summaries_json`` writes them),
on generated briefings edited after the notes were made (notes moved, reworded, cut away) and
on stores with damaged rows.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corpus import FRENCH, TOUR
from tests.e2e.test_notes_listing_golden import _edited, _store
from viewer.io.briefing.loader import load_text, loads
from viewer.io.notes.listing import listing_json, read_listing
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
from viewer.io.notes.summary import note_summary, summaries_json

# Few words, so that passages repeat and a note's quote is found elsewhere once its place is gone.
WORDS = ["Kim", "Moscou", "the", "accord", "and", "é", "« x »", "a\u00a0b", "1950", "talks"]
paragraphs = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
# A section: its paragraphs (one may have an <em> inside, so its text is its elements' together),
# whether it has an id, and its subsections' paragraphs.
sections = st.lists(
    st.tuples(
        st.lists(paragraphs, min_size=1, max_size=4),
        st.booleans(),
        st.lists(st.lists(paragraphs, min_size=1, max_size=3), max_size=2),
    ),
    min_size=1,
    max_size=4,
)

# What a damaged or older store may hold in a row (column, SQL value): each goes through the
# notebook, never the listing's own way (or where it does, comes out the same).
DAMAGE = [
    ("quote", "X'6869'"),  # a blob where text should be
    ("quote", "''"),
    ("start", "-3"),
    ("end", "1000000"),
    ("tags", "'not json'"),
    ("tags", "'\"a\"'"),
    ("tags", "'[1, null, \"b\"]'"),
    ("color", "X'00'"),
    ("section_id", "'gone'"),
    ("section_id", "NULL"),
    ("prefix", "'zzz'"),
    ("suffix", "''"),
    ("body", "5"),
    ("created", "X'ff'"),
    ("other_bodies", '\'[{"type": "Image", "id": "https://example.org/i.png"}]\''),
    ("revision", "7"),
]


def _xml(parts: list[tuple[list[str], bool, list[list[str]]]]) -> str:
    body = []
    for number, (texts, named, subsections) in enumerate(parts):
        section_id = f' id="s{number}"' if named else ""
        lines = [f"<p>{text}</p>" if i % 2 else f"<p>{text} <em>{text[:3]}</em> .</p>" for i, text in enumerate(texts)]
        subs = "".join(
            f"<section><heading>Sub {number}.{i}</heading>{''.join(f'<p>{t}</p>' for t in sub)}</section>"
            for i, sub in enumerate(subsections)
        )
        body.append(f"<section{section_id}><heading>Part {number}</heading>{''.join(lines)}{subs}</section>")
    return (
        '<briefing xmlns="urn:briefing-viewer:format:1" id="b"><meta><title>T</title></meta>'
        f"<body>{''.join(body)}</body></briefing>"
    )


def _both_ways(path: Path, store: NotesStore) -> tuple[str, str]:
    """What the listing prints from the rows, and what placing every note and summarising it prints."""
    notebook = Notebook(load_text(path), store)
    listed = listing_json(notebook, read_listing(store, notebook.briefing.id))
    return listed, summaries_json(notebook.placed(store.notes_for(notebook.briefing.id)), notebook.briefing)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sections, sections, st.data())
def test_the_rows_list_as_the_placed_notes_do(
    made_on: list[tuple[list[str], bool, list[list[str]]]],
    edited: list[tuple[list[str], bool, list[list[str]]]],
    data: st.DataObject,
) -> None:
    original = loads(_xml(made_on))
    text = original.text
    with tempfile.TemporaryDirectory() as folder:
        store = NotesStore(Path(folder) / "notes.sqlite3")
        notebook = Notebook(original, store)
        notes = []
        for _ in range(data.draw(st.integers(0, 12))):
            start = data.draw(st.integers(0, len(text) - 1))
            end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
            if not text[start:end].strip():
                continue
            note = notebook.new_note(
                start,
                end,
                data.draw(st.sampled_from(["", "a note", 'quote " \\ \n'])),
                tags=data.draw(st.lists(st.sampled_from(["x", "y z", "é"]), max_size=2)),
            )
            notes.append(note)
        store.add_many(notes)
        damage = data.draw(st.lists(st.tuples(st.integers(0, 11), st.sampled_from(DAMAGE)), max_size=3))
        store.close()
        with sqlite3.connect(Path(folder) / "notes.sqlite3") as connection:
            for index, (column, value) in damage:
                if index < len(notes):
                    connection.execute(f"UPDATE notes SET {column} = {value} WHERE id = ?", (notes[index].id,))
        connection.close()
        store = NotesStore(Path(folder) / "notes.sqlite3")
        # Read on the text the notes were made on (all in place) and on an edited one.
        for xml in (_xml(made_on), _xml(edited)):
            path = Path(folder) / "b.xml"
            path.write_text(xml, encoding="utf-8")
            listed, placed = _both_ways(path, store)
            assert listed == placed
            briefing = load_text(path)
            expected = [note_summary(p, briefing) for p in Notebook(briefing, store).placed()]
            assert json.loads(listed) == json.loads(json.dumps(expected))
        store.close()


def test_the_samples_and_their_edited_copies_list_as_the_placed_notes_do(tmp_path: Path) -> None:
    store = NotesStore(_store(tmp_path))
    states = set()
    for source in (FRENCH, TOUR):
        for path in (source, _edited(source, tmp_path)):
            listed, placed = _both_ways(path, store)
            assert listed == placed
            states.update(note["state"] for note in json.loads(listed))
    assert states == {"anchored", "moved", "fuzzy", "orphaned"}
    store.close()


def test_a_passage_left_in_place_with_other_words_around_it_is_found_where_its_context_went(tmp_path: Path) -> None:
    # The quote is still at its offset, but what surrounded it now surrounds a copy further on:
    # the notebook calls the note moved there, and so must the listing.
    before, quote, after = "the talks in Moscou went on for days ", "and nights", " until the accord was signed in 1950"
    original = loads(_xml([([before + quote + after], True, [])]))
    store = NotesStore(tmp_path / "notes.sqlite3")
    start = original.text.index(quote)
    store.add(Notebook(original, store).new_note(start, start + len(quote)))
    reworded = "the walks in Berlin went on for days "  # as long as `before`: the quote keeps its offset
    path = tmp_path / "b.xml"
    path.write_text(_xml([([reworded + quote + after, before + quote + after], True, [])]), encoding="utf-8")
    listed, placed = _both_ways(path, store)
    assert listed == placed
    [note] = json.loads(listed)
    assert note["state"] == "moved" and note["start"] > start
    store.close()
