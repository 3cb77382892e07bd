"""What a user can fix is a UserError; the command line prints it as ``error: ...`` with status 1."""

from __future__ import annotations

import pytest

import viewer.cli as cli
from viewer.io.errors import BriefingError, NoteConflict, StoreError, UserError


def test_the_core_errors_a_user_can_fix_are_user_errors() -> None:
    assert issubclass(BriefingError, UserError) and issubclass(StoreError, UserError)
    assert issubclass(NoteConflict, StoreError)
    # Their messages are unchanged by it.
    assert str(BriefingError.single("a.xml", "no such file")) == "a.xml: no such file"
    assert str(StoreError("the notes store is locked")) == "the notes store is locked"


def test_the_command_line_prints_any_user_error_as_one_error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(_args: object) -> int:
        raise UserError("the thing asked for cannot be done; do this instead")

    monkeypatch.setattr(cli, "_check", refuse)
    assert cli.main(["check", "whatever.xml"]) == 1
    captured = capsys.readouterr()
    assert captured.err == "error: the thing asked for cannot be done; do this instead\n" and captured.out == ""


def test_a_briefing_error_still_prints_its_problems_one_a_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(_args: object) -> int:
        raise BriefingError.single("a.xml", "no such file")

    monkeypatch.setattr(cli, "_check", refuse)
    assert cli.main(["check", "a.xml"]) == 1
    assert capsys.readouterr().err == "a.xml: no such file\n"
