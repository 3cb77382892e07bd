"""The loader refuses hostile and broken files with located, readable problems."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.corpus import CASES, EXPECTED, FRENCH, SECRET, WHOLE_FILE, write_case
from viewer.io.briefing.loader import load_briefing
from viewer.io.errors import BriefingError


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_file_is_refused_with_a_located_message(name: str, tmp_path: Path) -> None:
    path = write_case(name, tmp_path)
    with pytest.raises(BriefingError) as caught:
        load_briefing(path)
    problems = caught.value.problems
    assert problems, "a refusal lists at least one problem"
    text = str(caught.value)
    assert EXPECTED[name] in text
    assert SECRET not in text
    first = problems[0]
    assert first.path == str(path)
    if name in WHOLE_FILE:  # a problem of the whole file has no place in it to point at
        assert str(first) == f"{path}: {first.message}"
    else:
        assert first.line >= 1 and first.column >= 1, str(first)
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: \S", str(first))


def test_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:
        handle.truncate(200 * 2**20)  # sparse: 200 MiB that cost nothing to write
    with pytest.raises(BriefingError, match=r"200\.0 MiB, over the limit of 64 MiB"):
        load_briefing(path)


def test_the_size_limit_is_configurable(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match="over the limit"):
        load_briefing(FRENCH, max_bytes=1000)


def test_utf16_with_bom_is_read_correctly(tmp_path: Path) -> None:
    text = FRENCH.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp_path / "utf16.xml"
    path.write_bytes(text.encode("utf-16"))
    assert load_briefing(path).text == load_briefing(FRENCH).text


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.xml"
    path.write_bytes(b"\xef\xbb\xbf" + FRENCH.read_bytes())
    assert load_briefing(path).meta.title.startswith("Corée du Nord")


def test_every_problem_is_listed_not_only_the_first(tmp_path: Path) -> None:
    from tests.corpus import briefing

    path = tmp_path / "many.xml"
    path.write_text(
        briefing(
            '<p><mention actor="usa">A</mention> <claim kind="rumour" by="cn">B</claim></p>\n'
            '<p><claim id="s">C</claim></p>',
            meta="<date>yesterday</date>",
        ),
        encoding="utf-8",
    )
    with pytest.raises(BriefingError) as caught:
        load_briefing(path)
    messages = [p.message for p in caught.value.problems]
    assert any("needs a <title>" in m for m in messages)
    assert any('"yesterday" is not an ISO 8601 date' in m for m in messages)
    assert any('kind="rumour" is not allowed' in m for m in messages)
    assert any('"usa", which is not declared' in m for m in messages)
    assert any('"cn", which is not declared' in m for m in messages)
    assert any('id "s" is already used' in m for m in messages)
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(lines)


def test_columns_point_at_the_offending_element(tmp_path: Path) -> None:
    from tests.corpus import briefing

    path = tmp_path / "col.xml"
    path.write_text(briefing("<p>ab <claim>x <claim>y</claim></claim></p>"), encoding="utf-8")
    with pytest.raises(BriefingError) as caught:
        load_briefing(path)
    problem = caught.value.problems[0]
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith("<claim>y")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a folder"),
    ],
)
def test_missing_file_and_folder(tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.xml"
    setup(path)
    with pytest.raises(BriefingError, match=message):
        load_briefing(path)
