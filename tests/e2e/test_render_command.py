"""`briefing render` as a user runs it: a PNG of the window, or a located error."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from tests.corpus import FRENCH, write_case
from tests.e2e.test_check_command import run


def test_render_saves_a_screenshot_of_the_default_size(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    done = run("render", str(FRENCH), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    # Not a blank picture: many distinct colours (text, highlights, panels).
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(0, 800, 7)}
    assert len(colours) > 50


def test_render_size_and_section(tmp_path: Path) -> None:
    out = tmp_path / "s.png"
    done = run("render", str(FRENCH), "-o", str(out), "--size", "900x600", "--section", "economie")
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).size().toTuple() == (900, 600)


def test_render_refuses_a_bad_file_with_located_messages(tmp_path: Path) -> None:
    bad = write_case("duplicate-id", tmp_path)
    done = run("render", str(bad), "-o", str(tmp_path / "x.png"))
    assert done.returncode == 1
    assert done.stderr.startswith(f"{bad}:8:")
    assert not (tmp_path / "x.png").exists()
    assert "Traceback" not in done.stderr


def test_render_unknown_section_and_unwritable_output(tmp_path: Path) -> None:
    done = run("render", str(FRENCH), "-o", str(tmp_path / "x.png"), "--section", "nope")
    assert done.returncode == 1 and "no section with id 'nope'" in done.stderr
    done = run("render", str(FRENCH), "-o", str(tmp_path / "missing-folder" / "x.png"))
    assert done.returncode == 1 and "could not write the picture" in done.stderr


def test_render_bad_size_is_a_usage_error(tmp_path: Path) -> None:
    done = run("render", str(FRENCH), "-o", str(tmp_path / "x.png"), "--size", "big")
    assert done.returncode == 2 and "WIDTHxHEIGHT" in done.stderr


def test_render_can_show_the_notes_of_a_store(tmp_path: Path) -> None:
    from viewer.io.briefing.loader import load_briefing
    from viewer.io.notes.notebook import Notebook
    from viewer.io.notes.store import NotesStore

    store = tmp_path / "notes.sqlite3"
    notebook = Notebook(load_briefing(FRENCH), NotesStore(store))
    start = notebook.briefing.text.index("Parmi les recompositions")
    notebook.store.add(notebook.new_note(start, start + 200, "note", "red"))
    plain, noted = tmp_path / "plain.png", tmp_path / "noted.png"
    assert run("render", str(FRENCH), "-o", str(plain)).returncode == 0
    assert run("render", str(FRENCH), "-o", str(noted), "--store", str(store)).returncode == 0
    assert QImage(str(plain)) != QImage(str(noted))  # the tinted passage shows


def test_render_of_a_large_file_shows_its_text(tmp_path: Path) -> None:
    # Over early_read.LARGE_FILE: read with one heap for every thread (a glibc setting, with ctypes).
    import importlib.util

    from viewer.ui.window.early_read import LARGE_FILE

    spec = importlib.util.spec_from_file_location("generate", Path(__file__).parents[2] / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    large = tmp_path / "large.xml"
    large.write_text(generate.generate(sections=200, paragraphs=2_000, mentions=12_000, claims=2_000), "utf-8")
    assert large.stat().st_size > LARGE_FILE
    out = tmp_path / "large.png"
    done = run("render", str(large), "-o", str(out))
    assert done.returncode == 0 and done.stderr == "", done.stderr
    image = QImage(str(out))
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(0, 800, 7)}
    assert len(colours) > 50
