"""`briefing convert` as a user runs it."""

from __future__ import annotations

from pathlib import Path

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
