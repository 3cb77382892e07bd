"""Classes of hostile input to the loader, each proved on generated members, not one file."""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corpus import FRENCH, briefing, many_attributes, many_mentions
from viewer.io.briefing.loader import MAX_PROBLEMS, check_briefing, load_briefing, load_briefing_bytes
from viewer.io.errors import BriefingError, Problem

# -- 1. nothing outside the file is ever opened, whatever the encoding -----------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


@pytest.fixture(scope="module")
def fifo() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "trap")
        os.mkfifo(path)
        yield path


def opens_fifo(action: Callable[[], object], fifo: str) -> bool:
    """Whether ``action`` opened the FIFO to read it.

    The action runs in a thread. A reader that opens a FIFO waits there for a writer (that is the
    hang users saw); while the action runs, this side tries to open the FIFO for writing without
    waiting, which succeeds only when a reader has it open, then closes it so the reader gets an
    end of file and the action ends.
    """
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BriefingError:
            pass
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    opened = False
    while worker.is_alive():
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader
            worker.join(0.002)
            continue
        opened = True
        os.close(writer)
    if errors:
        raise errors[0]
    return opened


def _trap(shape: str, target: str) -> tuple[str, str]:
    """(prolog, body) of a file that asks, in one of several ways, for ``target`` to be read."""
    return {
        "system": (f'<!DOCTYPE briefing SYSTEM "{target}">', "<p>x</p>"),
        "public": (f'<!DOCTYPE briefing PUBLIC "-//X//DTD X//EN" "{target}">', "<p>x</p>"),
        "entity": (f'<!DOCTYPE briefing [<!ENTITY x SYSTEM "{target}">]>', "<p>&x;</p>"),
        "parameter": (f'<!DOCTYPE briefing [<!ENTITY % p SYSTEM "{target}"> %p;]>', "<p>x</p>"),
        "xinclude": (
            "",
            f'<p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{target}" parse="text"/></p>',
        ),
    }[shape]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    encoding=st.sampled_from(ENCODINGS),
    declared=st.sampled_from([None, "same", "UTF-8", "UTF-16", "UTF-32", "ISO-8859-1"]),
    shape=st.sampled_from(["system", "public", "entity", "parameter", "xinclude"]),
    uri=st.booleans(),
    before=st.sampled_from(["", "\n", "<!-- a comment -->\n", "  "]),
)
def test_no_file_in_any_encoding_makes_the_loader_open_another(
    fifo: str, encoding: str, declared: str | None, shape: str, uri: bool, before: str
) -> None:
    target = f"file://{fifo}" if uri else fifo
    prolog, body = _trap(shape, target)
    name = {"same": encoding.replace("-sig", "").upper(), None: None}.get(declared or "", declared)
    declaration = f'<?xml version="1.0" encoding="{name}"?>\n' if name else ""
    text = declaration + before + prolog + "\n" + briefing(body).split("\n", 1)[1]
    data = text.encode(encoding)

    assert not opens_fifo(lambda: load_briefing_bytes(data, "trap.xml"), fifo)
    with pytest.raises(BriefingError):
        load_briefing_bytes(data, "trap.xml")


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_briefing_in_any_unicode_encoding_reads_the_same(encoding: str, tmp_path: Path) -> None:
    text = FRENCH.read_text(encoding="utf-8")
    name = encoding.replace("-sig", "").upper()
    path = tmp_path / "b.xml"
    path.write_bytes(text.replace('encoding="UTF-8"', f'encoding="{name}"').encode(encoding))
    assert load_briefing(path).text == load_briefing(FRENCH).text
    assert check_briefing(path) == check_briefing(FRENCH)


@pytest.mark.parametrize("declared", ["ISO-8859-1", "windows-1252", "UTF-7", "EBCDIC-US"])
def test_another_declared_encoding_is_refused_as_a_whole(declared: str, tmp_path: Path) -> None:
    path = tmp_path / "b.xml"
    path.write_bytes(briefing().replace('encoding="UTF-8"', f'encoding="{declared}"').encode("ascii"))
    with pytest.raises(BriefingError) as caught:
        load_briefing(path)
    assert str(caught.value) == (
        f'{path}: the file declares encoding="{declared}"; briefings are UTF-8 text (UTF-16 and UTF-32 are '
        f"read too): convert it, e.g. iconv -f {declared} -t UTF-8"
    )


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-be"])
def test_invalid_bytes_in_a_wide_encoding_are_located(encoding: str) -> None:
    data = briefing("<p>ab</p>").encode(encoding)
    broken = data.replace(
        "ab".encode(encoding),
        "a".encode(encoding) + b"\x00\xd8"[:: 1 if "le" in encoding else -1] * (2 if "16" in encoding else 1),
    )
    with pytest.raises(BriefingError) as caught:
        load_briefing_bytes(broken, "w.xml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (8, 5)
    assert "invalid bytes" in problem.message


# -- 2. refusing stays linear; a refusal lists the first MAX_PROBLEMS and counts the rest ------------


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").split("\n")


@pytest.mark.parametrize("per_line", [1, 7, 1500])
def test_many_undeclared_mentions_each_located_then_counted(per_line: int) -> None:
    data = many_mentions(1500, per_line)
    with pytest.raises(BriefingError) as caught:
        load_briefing_bytes(data, "m.xml")
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert str(problems[-1]) == "m.xml: ... and 500 more problems not listed"
    lines = _lines(data)
    places = [(p.line, p.column) for p in problems[:-1]]
    assert len(set(places)) == MAX_PROBLEMS  # each mention its own place, none twice
    for problem in problems[:-1]:
        assert problem.message == '<mention> names actor "zz", which is not declared'
        line = lines[problem.line - 1]
        assert line[problem.column - 1 :].startswith('actor="zz"')  # the attribute that names it
        assert line[: problem.column - 1].endswith("<mention ")


def test_many_unknown_attributes_each_located_then_counted() -> None:
    data = many_attributes(1200)
    with pytest.raises(BriefingError) as caught:
        load_briefing_bytes(data, "a.xml")
    problems = caught.value.problems
    assert str(problems[-1]) == "a.xml: ... and 200 more problems not listed"
    lines = _lines(data)
    for problem in problems[:-1]:
        name = re.fullmatch(r"<p> has no attribute (a\d+)", problem.message)
        assert name, problem.message
        assert lines[problem.line - 1][problem.column - 1 :].startswith(f'{name[1]}="v"')


# -- 3. messages: whole-file problems unlocated, located ones inside the file, our own words ----------


def _assert_well_placed(problems: list[Problem], data: bytes) -> None:
    # As XML counts lines: in the encoding a byte-order mark names (the loader reads UTF-16 and
    # UTF-32 so marked), else UTF-8.
    codec = "utf-8"
    for mark, name in (
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(mark):
            codec = name
            break
    lines = data.decode(codec, "replace").split("\n")
    for problem in problems:
        text = str(problem)
        assert ":0:" not in text.split(": ", 1)[0] + ":", text
        assert "XML_PARSE" not in text and "Huge input" not in text, text
        if problem.line == 0:
            assert text == f"{problem.path}: {problem.message}"
            continue
        assert 1 <= problem.line <= len(lines), text
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, text


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_problems_of_broken_files_point_inside_the_file(data: st.DataObject) -> None:
    # Some number of mistakes (up to past the listing limit), then possibly a cut and some junk.
    mistakes = data.draw(st.integers(0, MAX_PROBLEMS + 300), label="mistakes")
    per_line = data.draw(st.sampled_from([1, 50, 10_000]), label="per line")
    original = many_mentions(mistakes, per_line) if mistakes else FRENCH.read_bytes()
    cut = data.draw(st.integers(0, len(original)) | st.just(len(original)), label="cut")
    junk = data.draw(
        st.binary(max_size=8)
        | st.sampled_from([b"<", b"&", b"\n", b"</p>", b"<!--", b"\xc2\x85", b"\xff\xfe", b"\xfe\xff"])
    )
    at = data.draw(st.integers(0, cut), label="at")
    broken = original[:at] + junk + original[at:cut]
    try:
        load_briefing_bytes(broken, "x.xml")
    except BriefingError as error:
        _assert_well_placed(error.problems, broken)


@pytest.mark.parametrize("mark", [b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])
def test_a_stray_byte_order_mark_is_located_in_the_encoding_it_names(mark: bytes) -> None:
    """UTF-8 bytes behind a UTF-16 or UTF-32 mark: the problem is placed in the text the mark makes."""
    broken = mark + FRENCH.read_bytes()[:83]
    with pytest.raises(BriefingError) as caught:
        load_briefing_bytes(broken, "x.xml")
    _assert_well_placed(caught.value.problems, broken)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: briefing("<p>" + "x" * 10_000_001 + "</p>"), "a run of text without markup is longer than"),
        (lambda: briefing('<p><link href="' + "x" * 10_000_001 + '">a</link></p>'), "a value is longer than"),
        (lambda: briefing("<p>x</p>").replace("<heading>", "<h" + "e" * 60_000 + ">"), "a name is longer than"),
    ],
)
def test_libxml2_limits_are_told_in_our_words(make: Callable[[], str], expected: str) -> None:
    data = make().encode()
    with pytest.raises(BriefingError) as caught:
        load_briefing_bytes(data, "big.xml")
    assert any(expected in problem.message for problem in caught.value.problems)
    _assert_well_placed(caught.value.problems, data)


@pytest.mark.parametrize("setup", ["missing", "folder", "empty", "too-large"])
def test_problems_of_the_whole_file_say_path_colon_message(setup: str, tmp_path: Path) -> None:
    path = tmp_path / "b.xml"
    if setup == "folder":
        path.mkdir()
    elif setup == "empty":
        path.write_bytes(b"  \n")
    elif setup == "too-large":
        path.write_bytes(FRENCH.read_bytes())
    with pytest.raises(BriefingError) as caught:
        load_briefing(path, max_bytes=1000)
    (problem,) = caught.value.problems
    assert str(problem) == f"{path}: {problem.message}"


@given(st.lists(st.sampled_from("\x80\x85\x9b\x9f"), min_size=1, max_size=5), st.text("ab ", max_size=5))
def test_c1_control_characters_are_kept_as_written(controls: list[str], around: str) -> None:
    words = around + "".join(controls) + around
    loaded = load_briefing_bytes(briefing(f"<p>z{words}z</p>", meta=f"<title>t{words}t</title>").encode(), "c1.xml")
    assert "\ufffd" not in loaded.text
    assert f"z{words}z".replace("  ", " ") in loaded.text or "".join(controls) in loaded.text
    assert "".join(controls) in loaded.meta.title


def test_a_c1_character_in_a_message_is_shown_escaped() -> None:
    with pytest.raises(BriefingError) as caught:
        load_briefing_bytes(briefing('<p><claim kind="x\x9b2J">a</claim></p>').encode(), "k.xml")
    assert "\x9b" not in str(caught.value)
    assert "\\x9b" in str(caught.value)


@pytest.mark.parametrize("declared", ["UTF-16", "utf-32le"])
def test_a_wide_encoding_declared_over_narrow_bytes_says_so(declared: str) -> None:
    data = briefing().replace('encoding="UTF-8"', f'encoding="{declared}"').encode("ascii")
    with pytest.raises(BriefingError) as caught:
        load_briefing_bytes(data, "n.xml")
    assert str(caught.value) == (
        f'n.xml: the file declares encoding="{declared}" but is written one byte per character: '
        "save it as UTF-8, or as UTF-16 with a byte-order mark"
    )


@pytest.mark.parametrize("space", ["\u0085", "\u00a0", "\u2028", "\u3000", "\u2003", "\u200b"])
@pytest.mark.parametrize("inside", ["actor", "actors", "section"])
def test_a_unicode_space_between_elements_is_text_located_in_our_words(space: str, inside: str) -> None:
    """XML counts only space, tab, CR and LF as white space; Python's strip() takes NEL, no-break and other
    Unicode spaces too, so the code let pass what the schema refused, and the schema's own unlocated
    message (column 0) was all the user got."""
    source = FRENCH.read_text(encoding="utf-8")
    anchor = {"actor": "\n      <name>", "actors": "\n    <actor ", "section": "\n      <heading>"}[inside]
    at = source.index(anchor)
    data = (source[:at] + space + source[at:]).encode("utf-8")
    with pytest.raises(BriefingError) as caught:
        load_briefing_bytes(data, "x.xml")
    [problem] = caught.value.problems
    assert problem.message == f"text is not allowed directly inside <{inside}>"
    line = source[:at].count("\n") + 1  # the space is at the end of this line, before the next element
    assert problem.line in {line, line + 1} and problem.column >= 1
