"""`briefing check`, the window (load_briefing) and the notes commands (load_text) accept exactly the same files."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corpus import briefing
from viewer.io.briefing.loader import check_briefing, load_briefing, load_text
from viewer.io.briefing.rules import is_iso_date
from viewer.io.errors import BriefingError


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _verdicts(text: str, folder: Path) -> tuple[bool, bool]:
    """Whether check accepts the file, and whether the window's loader does."""
    path = folder / "b.xml"
    path.write_text(text, encoding="utf-8")
    verdicts = []
    problems = []
    for attempt in (check_briefing, load_briefing, load_text):
        try:
            attempt(path)
        except BriefingError as error:
            verdicts.append(False)
            problems.append(error.problems)
        else:
            verdicts.append(True)
            problems.append([])
    # The notes commands refuse what the window refuses, in the same words.
    assert (verdicts[2], problems[2]) == (verdicts[1], problems[1])
    return verdicts[0], verdicts[1]


# The edges of the date profile (see the schema's "date" pattern), with the verdict both must give.
DATES = {
    "2024-12-18": True,
    "2024-02-29": True,
    "0001-01-01": True,
    "9999-12-31T23:59:59": True,
    "2024-12-18T10:00:00": True,
    "2024-12-18T10:00:00Z": True,
    "2024-12-18T10:00:00.25+01:00": True,
    "2024-12-18T10:00:00-14:00": True,
    "2024-12-18Z": False,
    "2024-12-18T10:00+01:00": False,
    "-0044-03-15": False,
    "2024-12-18T24:00:00": False,
    "2023-02-29": False,
    "0000-01-01": False,
    "12024-01-01": False,
    "2024-12-18T10:00:00+14:30": False,
    " 2024-12-18": False,
    "2024-12-18 ": False,
    "2024-12-18T10:00:60": False,
    "٢٠٢٤-١٢-١٨": False,
}


@pytest.mark.parametrize("value", sorted(DATES))
def test_date_edges_one_verdict(value: str, folder: Path) -> None:
    text = briefing(meta=f"<title>T</title><date>{value}</date>")
    assert _verdicts(text, folder) == (DATES[value], DATES[value])
    assert is_iso_date(value) == DATES[value]


_DIGITS = st.text("0123456789", min_size=1, max_size=5)
_DATE_LIKE = st.builds(
    lambda sign, y, m, d, t, zone, pad: f"{pad}{sign}{y}-{m}-{d}{t}{zone}{pad}",
    st.sampled_from(["", "-"]),
    _DIGITS,
    _DIGITS,
    _DIGITS,
    st.sampled_from(["", "T10:00:00", "T24:00:00", "T10:00", "T23:59:59.5", "T1:00:00"]),
    st.sampled_from(["", "Z", "+01:00", "-14:00", "+14:30", "+1:00"]),
    st.sampled_from(["", " ", "\n"]),
)
_PADDED = st.sampled_from(["", " ", "  ", "\t", "\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    date=st.sampled_from(sorted(DATES)) | _DATE_LIKE,
    pad_id=_PADDED,
    pad_ref=_PADDED,
    pad_type=_PADDED,
    pad_kind=_PADDED,
    title=st.sampled_from(["T", " ", "", "\n  \n", " T "]),
)
def test_check_and_the_window_never_disagree(
    date: str, pad_id: str, pad_ref: str, pad_type: str, pad_kind: str, title: str, folder: Path
) -> None:
    actors = f'<actors><actor id="{pad_id}kp{pad_id}" type="{pad_type}state{pad_type}"><name>K</name></actor></actors>'
    body = f'<p><mention actor="{pad_ref}kp{pad_ref}">K</mention> <claim kind="{pad_kind}fact{pad_kind}">c</claim></p>'
    text = briefing(body, meta=f"<title>{title}</title><date>{date}</date>", actors=actors)
    checked, loaded = _verdicts(text, folder)
    assert checked == loaded
    if loaded:  # what is accepted is what was written: the actor the text mentions is the one declared
        opened = load_briefing(folder / "b.xml")
        assert set(opened.actors) == {"kp"}
        assert opened.actors["kp"].type == "state"
        assert {m.actor_id for m in opened.mentions} == {"kp"}


@pytest.mark.parametrize("hashing", [hash, len, lambda _: 0])
@pytest.mark.parametrize("twice", [None, "s1", "s17", "b", "kp"])
def test_repeated_ids_are_found_whatever_their_hashes(
    hashing: object, twice: str | None, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids are told apart by their hashes first: ids whose hashes meet are still compared exactly."""
    from viewer.io.briefing import check

    monkeypatch.setattr(check, "_hash", hashing)
    ids = [f"s{n}" for n in range(40)] + ([twice] if twice else [])
    sections = "".join(f'<section id="{i}"><heading>h</heading></section>' for i in ids)
    path = folder / "ids.xml"
    path.write_text(
        '<briefing xmlns="urn:briefing-viewer:format:1" id="b"><meta><title>T</title></meta>'
        f'<actors><actor id="kp" type="state"><name>K</name></actor></actors><body>{sections}</body></briefing>',
        encoding="utf-8",
    )
    if twice is None:
        assert check_briefing(path).sections == 40
    else:
        with pytest.raises(BriefingError, match=twice):
            check_briefing(path)
