"""Web Annotation export and import: the model's MUST rules, round trips, other tools' annotations."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from tests.corpus import FRENCH, ROOT, briefing
from viewer.io.briefing.loader import load_briefing, load_briefing_bytes
from viewer.io.errors import BriefingError
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
from viewer.io.notes.web_annotation import (
    GENERATOR,
    Importer,
    annotation_page,
    body_summaries,
    is_uri,
    note_from_annotation,
    read_annotations,
)
from viewer.model.anchoring import Anchorer
from viewer.model.briefing import Briefing
from viewer.model.notes import CONTEXT_LENGTH, NoteState

MUSTS = ROOT / "tests" / "data" / "web-annotation" / "model-musts.json"


@cache
def must_validators() -> dict[str, Draft4Validator]:
    document = json.loads(MUSTS.read_text(encoding="utf-8"))
    return {
        name: Draft4Validator(
            {**schema, "definitions": document["definitions"]}, format_checker=Draft4Validator.FORMAT_CHECKER
        )
        for name, schema in document["assertions"].items()
    }


def broken_musts(page: dict[str, Any]) -> list[str]:
    """Each MUST assertion an exported annotation breaks (it inherits the page's @context)."""
    broken = []
    for item in page["items"]:
        annotation = {"@context": page["@context"], **item}
        for name, validator in must_validators().items():
            broken += [f"{name}: {error.message}" for error in validator.iter_errors(annotation)]
    return broken


@pytest.fixture(scope="module")
def french() -> Briefing:
    return load_briefing(FRENCH)


def export(notebook: Notebook) -> dict[str, Any]:
    return annotation_page(notebook.placed(), notebook.briefing)


def test_the_musts_catch_what_the_issue_found() -> None:
    """The rules are live: the old export of an empty note and a bad date break them."""
    page = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "items": [
            {"id": "urn:uuid:1", "type": "Annotation", "body": [], "target": "urn:x:y", "created": "yesterday"},
        ],
    }
    broken = broken_musts(page)
    assert any(b.startswith("3.2-bodyObjectsRecognized") for b in broken)
    assert any(b.startswith("3.3.1-annotationCreatedValidated") for b in broken)


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("", ()),  # an empty note: no "body" at all
        ("", ("chiffres", "à vérifier")),  # tags only
        ("Ünïcödé — 北朝鮮 🚀 \u202e", ("日本",)),
        ("x" * 200_000, ()),  # very long text
    ],
)
def test_every_export_passes_the_model_musts(
    french: Briefing, tmp_path: Path, text: str, tags: tuple[str, ...]
) -> None:
    notebook = Notebook(french, NotesStore(tmp_path / "s.sqlite3"))
    start = french.text.index("3 000 soldats")
    notebook.store.add(notebook.new_note(start, start + 13, text, "red", tags))
    page = export(notebook)
    assert broken_musts(page) == []
    item = page["items"][0]
    assert ("body" in item) == bool(text or tags)
    assert item["generator"] == GENERATOR and item["creator"]["type"] == "Person" and item["creator"]["name"]


def test_imported_resources_are_kept_exported_unchanged_and_shown(french: Briefing, tmp_path: Path) -> None:
    web_page = {"id": "https://example.org/analysis.html", "type": "Text", "format": "text/html"}
    specific = {"type": "SpecificResource", "source": "https://example.org/map.png", "purpose": "describing"}
    choice = {
        "type": "Choice",
        "items": [
            {"id": "https://example.org/note-fr.mp3", "type": "Sound", "language": "fr"},
            {"id": "https://example.org/note-en.mp3", "type": "Sound", "language": "en"},
        ],
    }
    annotation = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://example.org/anno/7",
        "type": "Annotation",
        "body": [web_page, specific, choice, "https://example.org/link", {"type": "TextualBody", "value": "Vu"}],
        "target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": "3 000 soldats"}},
    }
    note = note_from_annotation(annotation, french)
    assert note.text == "Vu"
    assert body_summaries(note) == [
        "text document: https://example.org/analysis.html",
        "part of a resource: https://example.org/map.png",
        "choice: https://example.org/note-fr.mp3",
        "link: https://example.org/link",
    ]
    notebook = Notebook(french, NotesStore(tmp_path / "s.sqlite3"))
    notebook.store.add(note)
    page = export(notebook)
    assert page["items"][0]["body"][1:] == [web_page, specific, choice, "https://example.org/link"]
    assert broken_musts(page) == []


def test_origin_survives_every_round_trip_and_reimport_is_idempotent(french: Briefing, tmp_path: Path) -> None:
    foreign = {
        "id": "https://example.org/anno/1",
        "type": "Annotation",
        "body": "Intéressant",
        "target": {"selector": {"type": "TextQuoteSelector", "exact": "3 000 soldats"}},
    }
    first = Notebook(french, NotesStore(tmp_path / "first.sqlite3"))
    first.store.add(note_from_annotation(foreign, french))
    exported = export(first)["items"][0]
    assert exported["briefingViewer"]["importedFrom"] == "https://example.org/anno/1"
    assert "creator" not in exported  # who made it is not known: not the person importing it
    assert exported["briefingViewer"]["section"] == "introduction"  # found here: its section is known
    second = note_from_annotation(exported, french)
    assert second.source_id == "https://example.org/anno/1"
    again = Notebook(french, NotesStore(tmp_path / "second.sqlite3"))
    again.store.add(second)
    assert export(again)["items"][0]["briefingViewer"]["importedFrom"] == "https://example.org/anno/1"
    # The original file, imported afterwards, is known by its id: no duplicate.
    known = again.store.known_keys(french.id)
    assert note_from_annotation(foreign, french).source_id in known


def test_invalid_typed_values_are_left_out_and_reported(french: Briefing) -> None:
    annotation = {
        "id": "https://example.org/anno/2",
        "type": "Annotation",
        "created": "yesterday",
        "modified": 20241218,
        "body": {"type": "TextualBody", "value": "texte"},
        "briefingViewer": {"color": "octarine", "textHash": "not a hash", "section": {"x": 1}},
        "target": {
            "selector": [
                {"type": "TextQuoteSelector", "exact": "3 000 soldats", "prefix": 5},
                {"type": "TextPositionSelector", "start": 2**63, "end": -1},
            ]
        },
    }
    importer = Importer(french)
    note = importer.note(annotation, 3)
    assert note.text == "texte" and note.color == "yellow"
    assert note.created != "yesterday" and note.modified == note.created
    assert french.text[note.anchor.start : note.anchor.end] == "3 000 soldats"
    assert note.anchor.section_id == "introduction"  # not the object given: where the passage is
    warnings = "\n".join(importer.warnings)
    assert all(line.startswith("item 3: ") for line in importer.warnings)
    for word in ('"created" "yesterday"', '"modified" 20241218', "octarine", "TextPositionSelector", '"prefix"'):
        assert word in warnings


@pytest.mark.parametrize(
    "created", ["2024-12-18T10:00:00Z", "2024-12-18T10:00:00.5+01:00", "2024-02-29T23:59:59-05:30"]
)
def test_valid_dates_are_kept(french: Briefing, created: str) -> None:
    annotation = {"type": "Annotation", "created": created, "target": "x"}
    assert note_from_annotation(annotation, french).created == created


@pytest.mark.parametrize(
    "created", ["2024-12-18", "2024-13-01T00:00:00Z", "2023-02-29T10:00:00Z", "2024-12-18T10:00:00"]
)
def test_dates_outside_the_model_are_left_out(french: Briefing, created: str) -> None:
    importer = Importer(french)
    assert importer.note({"type": "Annotation", "created": created, "target": "x"}).created != created
    assert importer.warnings


# -- 13.4: a quote-only import is placed where its context says -----------------------------------

WORDS = st.sampled_from(["la", "Corée", "du", "Nord", "et", "Russie", "alliance", "soldats", "Moscou", "sanctions"])


def briefing_of(paragraphs: list[str]) -> Briefing:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return load_briefing_bytes(briefing(body).encode("utf-8"), "generated.xml")


def quote_only(text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "id": f"https://example.org/anno/{start}-{end}",
        "type": "Annotation",
        "target": {
            "source": "https://example.org/briefing",
            "selector": {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - CONTEXT_LENGTH) : start],
                "suffix": text[end : end + CONTEXT_LENGTH],
            },
        },
    }


def test_a_quote_only_import_takes_the_occurrence_its_context_picks() -> None:
    repeated = "Moscou envoie des soldats."
    made = briefing_of([f"Premier : {repeated}", f"Second, plus loin : {repeated}"])
    start = made.text.rindex("soldats")
    note = note_from_annotation(quote_only(made.text, start, start + 7), made)
    assert note.anchor.start == start  # the first "soldats" would be the wrong one
    placed = Anchorer(made.text).place(note)
    assert (placed.state, placed.start) == (NoteState.ANCHORED, start)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(WORDS, min_size=3, max_size=30).map(" ".join), min_size=1, max_size=40), st.data())
def test_quote_only_imports_are_anchored_at_the_right_offset(paragraphs: list[str], data: st.DataObject) -> None:
    made = briefing_of(paragraphs)
    text = made.text
    assume(len(text) > 10)
    passages = []
    for _ in range(data.draw(st.integers(1, 12))):
        start = data.draw(st.integers(0, len(text) - 2))
        end = data.draw(st.integers(start + 1, min(len(text), start + 120)))
        passage = text[start:end]
        start += len(passage) - len(passage.lstrip())  # as a note is made: no white space around
        end -= len(passage) - len(passage.rstrip())
        if end > start:
            passages.append((start, end))
    anchorer = Anchorer(text)
    anchorer._searches = 100  # as deep in a large import: the quotes are looked up in the index
    importer = Importer(made, anchorer)
    checker = Anchorer(text)
    assume(passages)
    for start, end in passages:
        note = importer.note(quote_only(text, start, end))
        context = note.anchor.prefix + note.anchor.quote + note.anchor.suffix
        placed = checker.place(note)
        assert (placed.state, placed.start, placed.end) == (NoteState.ANCHORED, note.anchor.start, note.anchor.end)
        assert text[note.anchor.start - len(note.anchor.prefix) : note.anchor.end + len(note.anchor.suffix)] == context
        if sum(text.startswith(context, at) for at in range(len(text))) == 1:  # else nothing tells them apart
            assert (note.anchor.start, note.anchor.end) == (start, end)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab ", min_size=0, max_size=400), st.text(alphabet="ab ", min_size=1, max_size=80))
def test_the_index_finds_every_occurrence(text: str, piece: str) -> None:
    anchorer = Anchorer(text)
    anchorer._searches = 100
    expected = [at for at in range(len(text)) if text.startswith(piece, at)][:500]
    assert anchorer.occurrences(piece) == expected


# -- round trip ---------------------------------------------------------------------------------------

note_texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
tag_lists = st.lists(
    st.text(st.characters(blacklist_categories=["Cs", "Zs", "Cc"]), min_size=1, max_size=12), max_size=4
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10_000),
            st.integers(1, 200),
            note_texts,
            tag_lists,
            st.sampled_from(["yellow", "blue", "red", "green", "purple"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_export_import_export_is_identical(
    french: Briefing, tmp_path_factory: pytest.TempPathFactory, notes: list[Any]
) -> None:
    folder = tmp_path_factory.mktemp("round")
    notebook = Notebook(french, NotesStore(folder / "a.sqlite3"))
    text = french.text
    for start, length, body, tags, color in notes:
        start %= len(text) - 1
        end = min(len(text), start + length)
        if text[start:end].strip():
            notebook.store.add(notebook.new_note(start, end, body, color, tags))
    assume(notebook.store.count())
    first = export(notebook)
    assert broken_musts(first) == []
    data = json.dumps(first, ensure_ascii=False).encode("utf-8")
    fresh = Notebook(french, NotesStore(folder / "b.sqlite3"))
    importer = Importer(french, fresh.anchorer)
    fresh.store.add_many(importer.note(a, n) for n, a in enumerate(read_annotations(data, "page.json"), 1))
    assert importer.warnings == []
    assert export(fresh) == first


# -- hostile files (issue 12, point 4) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"type": "Annotation", "target": "x", "n": ' + b"9" * 5000 + b"}", "invalid JSON"),
        (b'{"type": "Annotation", "target": "x", "body": "\\ud800"}', "surrogate"),
        (b'{"type": "AnnotationPage", "items": 5}', '"items" is a int, not a list'),
        (b'{"type": "Annotation", "target": "x", "n": NaN}', "NaN"),
        (
            b'{"type": "AnnotationCollection", "first": "https://example.org/page1"}',
            "linked pages are not fetched",
        ),
        (b'{"type": "AnnotationPage", "items": [], "next": "https://example.org/p2"}', "linked pages are not fetched"),
        (b'["https://example.org/anno/1"]', "not fetched"),
        (b'{"type": "AnnotationCollection", "pages": 3}', '"pages" is not a list'),
    ],
)
def test_hostile_files_get_one_clear_message(content: bytes, message: str) -> None:
    with pytest.raises(BriefingError) as caught:
        read_annotations(content, "notes.json")
    assert message in str(caught.value) and len(caught.value.problems) == 1


KEYS = [  # the keys an annotation file is made of, and a few more
    *("id", "type", "body", "bodyValue", "target", "selector", "exact", "prefix", "suffix", "start", "end"),
    *("created", "modified", "creator", "items", "first", "next", "pages", "value", "purpose", "source"),
    *("briefingViewer", "color", "section", "textHash", "importedFrom"),
]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["Annotation", "AnnotationPage", "TextQuoteSelector", "TextPositionSelector", "3 000 soldats"]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(KEYS),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)
annotation_like = st.fixed_dictionaries(
    {"type": st.just("Annotation"), "target": json_values},
    optional={
        "id": json_values,
        "body": json_values,
        "bodyValue": json_values,
        "created": json_values,
        "modified": json_values,
        "creator": json_values,
        "briefingViewer": json_values,
    },
)
documents = st.one_of(
    json_values,
    annotation_like,
    st.lists(annotation_like, max_size=4),
    st.fixed_dictionaries(
        {"type": st.just("AnnotationPage"), "items": st.lists(annotation_like, max_size=4) | json_values}
    ),
    st.fixed_dictionaries({"type": st.just("AnnotationCollection"), "first": json_values, "pages": json_values}),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents)
def test_any_json_is_imported_as_valid_notes_or_refused_cleanly(french: Briefing, document: Any) -> None:
    data = json.dumps(document).encode("utf-8")
    try:
        annotations = read_annotations(data, "notes.json")
    except BriefingError as error:
        assert error.problems and all(p.path == "notes.json" for p in error.problems)
        return
    importer = Importer(french)
    notes = [importer.note(annotation, number) for number, annotation in enumerate(annotations, 1)]
    anchorer = Anchorer(french.text)
    placed = [anchorer.place(note) for note in notes]
    page = annotation_page(placed, french)
    assert broken_musts(json.loads(json.dumps(page))) == []


@settings(max_examples=500)
@given(
    st.text(alphabet="ab:/?#[]@!$&'()*+,;=%-._~ 09AFé", max_size=30)
    | st.from_regex(r"[a-z][a-z0-9+.-]{0,5}:[!-~]{0,30}", fullmatch=True)
)
def test_what_is_kept_as_a_link_is_a_uri_by_rfc_3986(text: str) -> None:
    from rfc3986_validator import validate_rfc3986

    if is_uri(text):
        assert validate_rfc3986(text, rule="URI")


@settings(max_examples=200)
@given(st.text(max_size=30))
def test_what_a_message_quotes_from_a_file_stays_on_one_line(text: str) -> None:
    document = {"type": "AnnotationCollection", "first": text}
    try:
        read_annotations(json.dumps(document).encode("utf-8"), "notes.json")
    except BriefingError as error:
        assert len(str(error).splitlines()) == 1
    importer = Importer(load_briefing(FRENCH))
    note = importer.note(
        {"type": "Annotation", "created": text, "target": "x", "body": {"type": "Choice", "items": [{"id": text}]}}, 1
    )
    for line in importer.warnings + body_summaries(note):
        assert len(line.splitlines()) == 1
