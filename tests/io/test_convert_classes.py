"""`briefing convert` on hostile articles and actors files: one clear line and status 1, never a traceback."""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.io.test_loader_classes import opens_fifo
from viewer.cli import main
from viewer.io.briefing.loader import load_briefing_bytes
from viewer.io.convert.actors_file import parse_actors
from viewer.io.convert.article import _markdown, absurd, convert_article
from viewer.io.errors import BriefingError

ACTORS = '[[actor]]\nid = "kp"\ntype = "state"\nname = "Corée du Nord"\naliases = ["Pyongyang"]\n'
LINE = re.compile(r"^\S[^\n]*?(?::\d+:\d+)?: \S[^\n]*$")  # path: message, or path:line:column: message


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main(list(args))  # an exception here is the traceback a user would see
    return status, out.getvalue(), err.getvalue()


def _assert_one_clear_line(status: int, err: str) -> None:
    assert status == 1
    lines = err.splitlines()
    assert len(lines) == 1 and LINE.match(lines[0]), err


# Every C0 control, DEL, C1 controls, the non-characters, and what Markdown and XML make something of.
_CONTROLS = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\x7f", "\x85", "\x9b", "\ufffe", "\uffff"]
_ARTICLE = st.lists(
    st.sampled_from([*_CONTROLS, *"ab \n\t*_#>[]()<&`-1.!|~\\", "Pyongyang", "Corée du Nord", "\r\n", "\r"]),
    max_size=60,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ARTICLE, with_actors=st.booleans())
def test_any_article_converts_or_gets_one_clear_line(text: str, with_actors: bool, folder: Path) -> None:
    article, actors, output = folder / "a.md", folder / "actors.toml", folder / "a.xml"
    article.write_bytes(text.encode("utf-8", "surrogatepass"))
    actors.write_text(ACTORS, encoding="utf-8")
    args = ["convert", str(article), "-o", str(output), "--force"] + (["--actors", str(actors)] if with_actors else [])
    status, _, err = run(*args)
    if any(c in text for c in _CONTROLS if c not in "\x7f\x85\x9b"):
        _assert_one_clear_line(status, err)
        line, column = (int(n) for n in re.findall(r":(\d+):(\d+): ", err)[0])
        shown = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[line - 1]
        assert shown[column - 1] in _CONTROLS, (shown, column)
        assert "cannot hold" in err
    else:
        assert status == 0, err
        load_briefing_bytes(output.read_bytes(), str(output))


# TOML values of every kind, some nested, some with control characters written as escapes.
_SCALAR = st.one_of(
    st.integers(-5, 5).map(str),
    st.sampled_from(["true", "false", "1.5", "1979-05-27", '"kp"', '"state"', '"K"', '""', '"  "', '"x y"']),
    st.sampled_from(["\\u000b", "\\u000c", "\\u001b", "\\u0000", "\\u0085", "\\uFFFE", "a"]).map(lambda e: f'"K{e}"'),
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: (
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
        | st.dictionaries(st.sampled_from(["a", "id", "name"]), inner, max_size=2).map(
            lambda table: "{" + ", ".join(f"{k} = {v}" for k, v in table.items()) + "}"
        )
    ),
    max_leaves=6,
)
_KEYS = st.sampled_from(["id", "type", "name", "aliases", "description", "case_sensitive", "from", "to", "note", "x"])
_TABLE = st.tuples(
    st.sampled_from(["[[actor]]", "[[relation]]", "[actor]", "[relation]", "[other]"]),
    st.dictionaries(_KEYS, _VALUE | st.sampled_from(['"kp"', '"state"', '"K"', '["P"]']), max_size=6),
)


@settings(max_examples=300, deadline=None)
@given(tables=st.lists(_TABLE, max_size=4))
def test_any_actors_file_is_read_or_refused_in_words(tables: list[tuple[str, dict[str, str]]]) -> None:
    text = "\n".join(header + "\n" + "".join(f"{k} = {v}\n" for k, v in table.items()) for header, table in tables)
    try:
        actors = parse_actors(text, "actors.toml")
    except BriefingError as error:
        assert all(LINE.match(str(p)) for p in error.problems), error
        return
    single = {header for header, _ in tables} & {"[actor]", "[relation]"}
    assert not single, "a single [actor] table was read as no actor at all"
    # What was accepted converts into a briefing that passes check.
    result = convert_article("Titre\n\nK et Pyongyang.\n", actors, "b")
    load_briefing_bytes(result.xml, "converted.xml")


@pytest.mark.parametrize("depth", [100, 1000, 100_000])
def test_deeply_nested_toml_is_refused_in_words(depth: int) -> None:
    with pytest.raises(BriefingError, match=r"invalid TOML|unknown section"):
        parse_actors("a = " + "[" * depth + "]" * depth + "\n", "deep.toml")


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "big"])
def test_actors_file_must_be_a_regular_file_of_bounded_size(kind: str, folder: Path) -> None:
    article = folder / "ok.md"
    article.write_text("Titre\n\nK.\n", encoding="utf-8")
    path: Path | str
    if kind == "fifo":
        path = folder / "fifo"
        if not path.exists():
            os.mkfifo(path)
    elif kind == "device":
        path = "/dev/zero"
    elif kind == "folder":
        path = folder
    else:
        path = folder / "big.toml"
        with open(path, "wb") as handle:
            handle.truncate(100 * 2**20)  # sparse
    args = ("convert", str(article), "--actors", str(path), "-o", str(folder / "o.xml"), "--force")
    if kind == "fifo":  # opening it to read would wait for a writer forever: it must not even be opened
        assert not opens_fifo(lambda: run(*args), str(path))
    status, _, err = run(*args)
    _assert_one_clear_line(status, err)
    assert err.startswith(f"{path}: ")


def test_a_single_actor_table_says_to_write_a_list() -> None:
    with pytest.raises(BriefingError) as caught:
        parse_actors('# actors\n[actor]\nid = "kp"\ntype = "state"\nname = "K"\n', "one.toml")
    assert str(caught.value) == "one.toml:2:1: write [[actor]] (one per actor), not [actor]"


def test_summary_of_a_name_with_c1_controls_is_printable(folder: Path) -> None:
    article, actors = folder / "c1.md", folder / "c1.toml"
    article.write_text("Titre\n\nK\x9b2J est là.\n", encoding="utf-8")
    actors.write_text('[[actor]]\nid = "kp"\ntype = "state"\nname = "K\\u009b2J"\n')
    status, out, _ = run("convert", str(article), "--actors", str(actors), "-o", str(folder / "c1.xml"), "--force")
    assert status == 0
    assert "\x9b" not in out and "K\\x9b2J" in out


def _shape(tokens: list[Token]) -> list[object]:
    return [(t.type, t.content, t.attrs, _shape(t.children or [])) for t in tokens]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"[]()!<>*_`\\ \na:/", "](", "![", "[a]: /u", "http://x"]), max_size=40).map("".join))
def test_the_quick_link_rules_parse_as_commonmark_does(text: str) -> None:
    mine, reference = _markdown().parse(text), MarkdownIt("commonmark").parse(text)
    for token in (*mine, *reference):
        if token.type == "inline" and absurd(token.content):
            token.children = []  # taken as written: see the test below
    assert _shape(mine) == _shape(reference)


# Prose with some Markdown, and paragraphs made of little else (near the threshold too).
_PIECE = st.sampled_from(
    [*"aa  *_`<>[]()!&\\~\n", "mot", "Corée", "**", "__", "``", "&amp;", "[a](b)", "*a*", "**b**", "_c_", "`d`", "<e>"]
)
_MARKUP_PIECE = st.sampled_from([*"*_`<>[]()!&\\~", "a**", "_a", "*a", "`a", "a  \n", "[a](b)", "a\n"])
_PARAGRAPH = st.lists(_PIECE, max_size=150) | st.lists(st.one_of(_MARKUP_PIECE, _PIECE), min_size=20, max_size=100)
_PARAGRAPHS = st.lists(_PARAGRAPH.map("".join), min_size=1, max_size=4).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(_PARAGRAPHS)
def test_paragraphs_parse_as_commonmark_unless_absurd_then_stay_as_written(text: str) -> None:
    mine, reference = _markdown().parse(text), MarkdownIt("commonmark").parse(text)
    assert [t.type for t in mine] == [t.type for t in reference]  # the same blocks
    for token, expected in zip(mine, reference, strict=True):
        if token.type != "inline":
            continue
        if absurd(token.content):
            shown = "".join(" " if c.type == "softbreak" else c.content for c in token.children or [])
            assert shown == " ".join(line.strip(" ") for line in token.content.split("\n") if line.strip(" "))
        else:
            assert _shape([token]) == _shape([expected])


def test_a_paragraph_of_emphasis_runs_converts_as_written_and_prose_keeps_its_emphasis() -> None:
    dense = "a**b**_c_ " * 2000
    result = convert_article(f"Titre\n\n{dense}\n\nUne phrase *en italique* et **en gras**.\n", None, "b")
    briefing = load_briefing_bytes(result.xml, "converted.xml")
    texts = [briefing.text[b.start : b.end] for b in briefing.blocks if b.kind.value == "p"]
    assert texts == [dense.strip(), "Une phrase en italique et en gras."]
    assert result.xml.count(b"<em>") == 2
