"""Exporting notes from the window: options, preview, atomic save, copy as Markdown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.test_notes_window import add
from tests.ui.user import CTRL, SHIFT, User
from viewer.ui.notes.export_dialog import ExportDialog
from viewer.ui.window.main_window import MainWindow


def in_export_dialog(window: MainWindow, qtbot, steps: Callable[[ExportDialog], None]) -> None:  # type: ignore[no-untyped-def]
    """File › Export Notes (Ctrl+Shift+E), ``steps`` on the dialog it opens, then Cancel."""
    user = User(window, qtbot)
    went: list[bool] = []

    def act(dialog: ExportDialog) -> None:
        try:
            steps(dialog)
            went.append(True)
        finally:
            dialog.reject()

    user.when_modal(ExportDialog, act)
    user.press(Qt.Key.Key_E, CTRL | SHIFT, window)
    qtbot.waitUntil(lambda: bool(went))


def dialog_for(window: MainWindow, qtbot) -> ExportDialog:  # type: ignore[no-untyped-def]
    """The dialog File › Export Notes opens, before it is shown."""
    dialog = window.notes_export.dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def test_preview_follows_the_options_and_save_writes_the_file(french: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(french, "Moscou", "armes *russes*", "red", ("russie",))
    add(french, "Washington", "inquiétude", "blue")
    out = tmp_path / "notes.md"
    seen: dict[str, object] = {}

    def steps(dialog: ExportDialog) -> None:
        seen["first"] = dialog.preview.toPlainText()
        dialog.group_by.setCurrentIndex(dialog.group_by.findData("color"))
        seen["by colour"] = dialog.preview.toPlainText()
        dialog.quotes.setChecked(False)
        seen["no quotes"] = dialog.preview.toPlainText()
        seen["written"] = dialog.write(out)

    in_export_dialog(french, qtbot, steps)
    preview = str(seen["first"])
    assert preview.startswith("# Corée du Nord – Russie")
    assert "> Moscou" in preview and "armes *russes*" in preview
    assert "## Disagree" in str(seen["by colour"])
    assert "> Moscou" not in str(seen["no quotes"])
    assert seen["written"] is True
    assert out.read_text(encoding="utf-8") == seen["no quotes"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".notes.md")] == []  # no temporary left


def test_only_the_filtered_notes(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    add(french, "Moscou", "armes", "red")
    add(french, "Washington", "inquiétude", "blue")
    french.notes_panel.color_filter.setCurrentIndex(french.notes_panel.color_filter.findData("blue"))
    seen: list[object] = []

    def steps(dialog: ExportDialog) -> None:
        seen.append(dialog.filtered.isEnabled())
        seen.append(dialog.filtered.text())
        dialog.filtered.setChecked(True)
        seen.append(dialog.preview.toPlainText())

    in_export_dialog(french, qtbot, steps)
    enabled, label, text = seen
    assert enabled is True
    assert label == "Only the note the panel's filter shows"  # not "the 1 notes"
    assert isinstance(text, str) and "inquiétude" in text and "armes" not in text and "- Notes: 1" in text


def test_a_failed_write_keeps_the_dialog_and_writes_nothing(french: MainWindow, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(french, "Moscou", "armes")
    dialog = dialog_for(french, qtbot)
    dialog.show()
    assert not dialog.write(tmp_path / "no-such-folder" / "notes.md")
    [box] = dialog.findChildren(QMessageBox)  # over the dialog, which stays open
    qtbot.waitUntil(box.isVisible)
    assert box.icon() == QMessageBox.Icon.Critical and "Nothing was written" in box.text()
    assert dialog.isVisible() and dialog.saved_path is None
    assert not (tmp_path / "no-such-folder").exists()


def test_copy_as_markdown_puts_the_selected_note_on_the_clipboard(french: MainWindow) -> None:
    note_id = add(french, "Pyongyang", "à suivre <script>")
    add(french, "Moscou", "autre")
    french.notes_panel.select_note(note_id)
    french.commands["copy_markdown"].trigger()
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


def test_the_filter_option_counts_the_notes_it_keeps(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    add(french, "Moscou", "armes", "red")
    add(french, "Washington", "inquiétude", "blue")
    add(french, "Pyongyang", "soutien", "blue")
    french.notes_panel.color_filter.setCurrentIndex(french.notes_panel.color_filter.findData("blue"))
    seen: list[str] = []
    in_export_dialog(french, qtbot, lambda dialog: seen.append(dialog.filtered.text()))
    assert seen == ["Only the 2 notes the panel's filter shows"]
