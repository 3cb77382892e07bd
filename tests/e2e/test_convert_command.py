"""`briefing convert` as a user runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus import ROOT
from tests.e2e.test_check_command import run

ACTORS = ROOT / "tests" / "data" / "convert" / "coree-actors.toml"


def article(tmp_path: Path) -> Path:
    path = tmp_path / "mon-article.md"
    path.write_text("Titre : Un essai\n\nPyongyang et Moscou.\n\n**Suite**\n\nLa Chine observe.\n", encoding="utf-8")
    return path


def test_convert_writes_a_checked_briefing_and_a_summary(tmp_path: Path) -> None:
    source = article(tmp_path)
    done = run("convert", str(source), "--actors", str(ACTORS), "--lang", "fr")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "mon-article.xml"
    assert done.stdout.splitlines()[0] == f"wrote {out}: “Un essai”, 2 sections"
    assert "kp" in done.stdout and "never mentioned: us, mao, west, ua" in done.stdout
    assert run("check", str(out)).stdout.startswith(f"OK {out} — 2 sections, 7 actors, 0 claims")
    again = run("convert", str(source), "--actors", str(ACTORS), "--lang", "fr")
    assert again.returncode == 1 and "already exists; add --force" in again.stderr
    forced = run(
        "convert", str(source), "--actors", str(ACTORS), "--lang", "fr", "--force", "-o", str(tmp_path / "b.xml")
    )
    assert forced.returncode == 0
    assert (tmp_path / "b.xml").read_bytes() == out.read_bytes()


def test_bad_actors_file_writes_nothing(tmp_path: Path) -> None:
    source = article(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[actor]]\nid = "x"\ntype = "country"\nname = "X"\n', encoding="utf-8")
    done = run("convert", str(source), "--actors", str(bad))
    assert done.returncode == 1
    assert done.stderr.startswith(f"{bad}:1:1: actor \"x\" has type 'country'")
    assert not (tmp_path / "mon-article.xml").exists()


def test_missing_article_and_bad_id(tmp_path: Path) -> None:
    done = run("convert", str(tmp_path / "nope.md"))
    assert done.returncode == 1 and "no such file" in done.stderr and "Traceback" not in done.stderr
    done = run("convert", str(article(tmp_path)), "--id", "1 bad")
    assert done.returncode == 1 and "is not a valid id" in done.stderr


def test_a_briefing_too_large_to_open_is_refused_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Markup can make a briefing many times its article (10 MB of "# a" headings: 168 MiB, over
    the 64 MiB that `check` and the window open): convert says so rather than write a file
    nothing opens. The limit is made small here, as a 168 MiB file is not made in a test."""
    import viewer.io.convert.importing as importing
    from viewer.cli import main

    source = tmp_path / "titres.md"
    source.write_text("# T\n\n" + "## a\n\nx\n\n" * 200, encoding="utf-8")
    made = len(importing.convert_source(importing.read_source(source, None)).xml)
    limit = made - 1
    monkeypatch.setattr(importing, "DEFAULT_MAX_BYTES", limit)
    assert main(["convert", str(source)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{tmp_path / 'titres.xml'}: the briefing would be ") and "over the limit of" in err
    assert not (tmp_path / "titres.xml").exists()
    # What it would have written, the loader (`check`, the window) refuses at that limit too.
    from viewer.io.briefing.loader import load_briefing
    from viewer.io.errors import BriefingError

    monkeypatch.setattr(importing, "DEFAULT_MAX_BYTES", made)
    assert main(["convert", str(source)]) == 0
    with pytest.raises(BriefingError) as refused:
        load_briefing(tmp_path / "titres.xml", max_bytes=limit)
    assert "over the limit" in str(refused.value.problems[0])
