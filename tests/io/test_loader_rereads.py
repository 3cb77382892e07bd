"""load_briefing lets a file's bytes go while it builds, and reads them again only to say where a refusal's problems are."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.io.briefing import loader
from viewer.io.briefing.loader import load_briefing, load_briefing_bytes
from viewer.io.briefing.rules import NS
from viewer.io.errors import BriefingError


def _briefing(body: str, actors: str = '<actor id="kp" type="state"><name>North Korea</name></actor>') -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<briefing xmlns="{NS}" id="b" xml:lang="en">\n'
        f"  <meta><title>T</title></meta>\n  <actors>{actors}</actors>\n  <body>\n{body}\n  </body>\n</briefing>\n"
    )


# Valid by the schema, refused by the integrity rules the build checks: what needs the bytes again.
REFUSED = {
    "a duplicate id": '<section id="s"><heading>A</heading><p>x</p></section>\n'
    '    <section id="s"><heading>B</heading><p>y</p></section>',
    "an undeclared actor": '<section id="s"><heading>A</heading>\n'
    '      <p>It was <mention actor="ru">Russia</mention>.</p></section>',
    "an unknown claim author": '<section id="s"><heading>A</heading>\n'
    '      <p><claim id="c1" by="nobody" about="kp" kind="fact">A claim.</claim></p></section>',
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refusal_is_located_as_from_the_bytes_kept(tmp_path: Path, case: str) -> None:
    path = tmp_path / "b.xml"
    path.write_text(_briefing(REFUSED[case]), encoding="utf-8")
    with pytest.raises(BriefingError) as from_file:
        load_briefing(path)
    with pytest.raises(BriefingError) as from_bytes:
        load_briefing_bytes(path.read_bytes(), str(path))
    assert from_file.value.problems == from_bytes.value.problems
    assert all(problem.line > 0 for problem in from_file.value.problems)  # located, on the file's own lines


def _saved_while_built(monkeypatch: pytest.MonkeyPatch, path: Path, text: str) -> None:
    """Someone saves ``text`` into ``path`` while load_briefing builds the briefing it read first."""
    build = loader._build_valid

    def build_then_save(name: str, tree: object) -> object:
        briefing = build(name, tree)  # type: ignore[arg-type]
        path.write_text(text, encoding="utf-8")
        return briefing

    monkeypatch.setattr(loader, "_build_valid", build_then_save)


def test_a_file_changed_while_it_was_built_is_judged_by_its_new_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "b.xml"
    path.write_text(_briefing(REFUSED["a duplicate id"]), encoding="utf-8")
    # Saved again (fixed, and longer by a section) while it is being built.
    fixed = _briefing(
        '<section id="s"><heading>A</heading><p>x</p></section>\n'
        '    <section id="t"><heading>B</heading><p>y</p></section>\n'
        '    <section id="u"><heading>C</heading><p>z</p></section>'
    )
    _saved_while_built(monkeypatch, path, fixed)
    briefing = load_briefing(path)
    assert [section.id for section in briefing.sections] == ["s", "t", "u"]
    assert briefing.path == str(path)


def test_a_file_changed_into_another_refusal_is_located_in_its_new_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "b.xml"
    path.write_text(_briefing(REFUSED["a duplicate id"]), encoding="utf-8")
    other = _briefing(REFUSED["an undeclared actor"]).replace("<meta>", "\n\n\n<meta>")  # its lines move
    _saved_while_built(monkeypatch, path, other)
    with pytest.raises(BriefingError) as error:
        load_briefing(path)
    with pytest.raises(BriefingError) as expected:
        load_briefing_bytes(other.encode(), str(path))
    assert error.value.problems == expected.value.problems
    assert "ru" in str(error.value.problems[0])
