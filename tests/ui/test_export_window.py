"""Exporting notes from the window: options, preview, atomic save, copy as Markdown."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from PySide6.QtWidgets import QApplication

from tests.ui.test_notes_window import add
from viewer.ui.notes.export_dialog import ExportDialog
from viewer.ui.window.main_window import MainWindow


def dialog_for(window: MainWindow, qtbot) -> ExportDialog:  # type: ignore[no-untyped-def]
    every = window.placed_notes.ordered()
    visible = set(window.notes_panel.visible_notes())
    dialog = ExportDialog(
        window._export_render, every, [p for p in every if p.id in visible], "x.md", window.settings, window
    )
    qtbot.addWidget(dialog)
    return dialog


def test_preview_follows_the_options_and_save_writes_the_file(french: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(french, "Moscou", "armes *russes*", "red", ("russie",))
    add(french, "Washington", "inquiétude", "blue")
    dialog = dialog_for(french, qtbot)
    preview = dialog.preview.toPlainText()
    assert preview.startswith("# Corée du Nord – Russie")
    assert "> Moscou" in preview and "armes *russes*" in preview
    dialog.group_by.setCurrentIndex(dialog.group_by.findData("color"))
    assert "## Disagree" in dialog.preview.toPlainText()
    dialog.quotes.setChecked(False)
    assert "> Moscou" not in dialog.preview.toPlainText()
    out = tmp_path / "notes.md"
    assert dialog.write(out)
    assert out.read_text(encoding="utf-8") == dialog.preview.toPlainText()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".notes.md")] == []  # no temporary left


def test_only_the_filtered_notes(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    add(french, "Moscou", "armes", "red")
    add(french, "Washington", "inquiétude", "blue")
    french.notes_panel.color_filter.setCurrentIndex(french.notes_panel.color_filter.findData("blue"))
    dialog = dialog_for(french, qtbot)
    assert dialog.filtered.isEnabled()
    dialog.filtered.setChecked(True)
    text = dialog.preview.toPlainText()
    assert "inquiétude" in text and "armes" not in text and "- Notes: 1" in text


def test_a_failed_write_keeps_the_dialog_and_writes_nothing(
    french: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    add(french, "Moscou", "armes")
    dialog = dialog_for(french, qtbot)
    shown: list[str] = []
    monkeypatch.setattr(
        "viewer.ui.notes.export_dialog.QMessageBox.critical", lambda _parent, _title, text: shown.append(text)
    )
    assert not dialog.write(tmp_path / "no-such-folder" / "notes.md")
    assert shown and "Nothing was written" in shown[0]
    assert dialog.saved_path is None


def test_copy_as_markdown_puts_the_selected_note_on_the_clipboard(french: MainWindow) -> None:
    note_id = add(french, "Pyongyang", "à suivre <script>")
    add(french, "Moscou", "autre")
    french.notes_panel.select_note(note_id)
    french.actions["copy_markdown"].trigger()
    text = QApplication.clipboard().text()
    assert "> Pyongyang" in text and "autre" not in text
    assert not [t for t in MarkdownIt("commonmark").parse(text) if t.type == "html_block"]


def test_the_window_writes_an_export_with_the_umask(french: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os
    import stat

    add(french, "Moscou", "armes")
    dialog = dialog_for(french, qtbot)
    old = os.umask(0o022)
    try:
        out = tmp_path / "shared.md"
        assert dialog.write(out)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # readable by the group, as any file the user makes
