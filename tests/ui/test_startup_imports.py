"""The window starts without what its first paint does not need; those parts still open from their menus."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tests.corpus import ROOT
from tests.ui.user import User
from viewer.ui.window.main_window import MainWindow

# Loaded on first use only: dialogs, the notes store (SQLite), the exports, the article import, tooltips' escaping.
NOT_AT_START = [
    "sqlite3",
    "viewer.io.notes.store",
    "viewer.io.atomic",
    "viewer.io.notes.markdown_export",
    "markdown_it",
    "viewer.io.convert.importing",
    "viewer.ui.notes.export_dialog",
    "viewer.ui.notes.rename_colors",
    "viewer.ui.window.problems_dialog",
    "viewer.ui.window.shortcuts_dialog",
    "viewer.ui.notes.editor",
    "viewer.io.notes.web_annotation",
    "json",
    "html",  # (escapes tooltips)
]

# PySide6 builds a Qt class's Python type (and the Python enums in it) the first time a program
# names it or meets an object of it. Those the window's first paint needs not: dialogs, QStyle,
# QGradient. Naming viewport() builds them all (to find which widget class it is); see DocumentView.
# Nor what only the user's doing needs (a link followed, a tooltip, a screen reader told of a
# change), nor classes only named in annotations (QUrl: 5 enums; QAccessible: 8).
NOT_BUILT_AT_START = {
    "QtWidgets": ["QMessageBox", "QFileDialog", "QDialog", "QStyle", "QToolTip"],
    "QtGui": ["QGradient", "QDesktopServices", "QAccessible"],
    "QtCore": ["QUrl"],
}

FIRST_PAINT = f"""
import sys
import PySide6.QtGui, PySide6.QtWidgets
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from viewer.ui.window.main_window import MainWindow

app = QApplication([])
window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat), store_path=sys.argv[2])
window.resize(1280, 800)
window.show()
window.open_path({str(ROOT / "briefings" / "coree-du-nord-russie.xml")!r}, wait=True)
app.processEvents()
window.grab()
built = {{module: [name for name in names if name in vars(getattr(PySide6, module))] for module, names in {NOT_BUILT_AT_START!r}.items()}}
print("built:", built)
# What needs them still works: a message box, the outlined mentions of an actor (viewport()), a note.
window.messages.warning("Check", "A box")
app.processEvents()
print("box:", type(QApplication.activeModalWidget()).__name__)
low, high = window.view.shown_range()
actor = window.briefing.mentions_in(low, high)[0].actor_id  # one with a mention on screen
before = window.view.viewport().grab().toImage()
window.view.emphasise_actor(actor)
print("outlined:", window.view.viewport().grab().toImage() != before)
"""


def test_importing_the_window_leaves_out_what_the_first_paint_does_not_need() -> None:
    code = (
        "import sys, viewer.ui.window.main_window, viewer.ui.window.render\n"
        f"print(' '.join(m for m in {NOT_AT_START!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == []


def test_rename_colours_opens_its_dialog_from_the_menu(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(window, qtbot)
    seen: list[str] = []

    def answer(dialog: QDialog) -> None:
        seen.append(dialog.windowTitle())
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    user.when_modal(QDialog, answer)
    window.commands["rename_colors"].trigger()
    assert seen == ["Note colours"]


def test_about_opens_its_box_from_the_menu(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(window, qtbot)
    seen: list[str] = []

    def answer(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()

    user.when_modal(QMessageBox, answer)
    window.commands["about"].trigger()
    assert len(seen) == 1 and seen[0].startswith("Briefing Viewer ")
    assert QApplication.activeModalWidget() is None


def test_the_first_paint_of_a_briefing_builds_no_dialog_type_and_they_still_work(tmp_path) -> None:  # type: ignore[no-untyped-def]
    command = [sys.executable, "-c", FIRST_PAINT, str(tmp_path / "settings.ini"), str(tmp_path / "notes.sqlite3")]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    lines = done.stdout.splitlines()
    assert lines[0] == "built: {'QtWidgets': [], 'QtGui': [], 'QtCore': []}"
    assert lines[1:] == ["box: QMessageBox", "outlined: True"]


def test_the_view_menu_lists_the_panels_in_their_order(window: MainWindow) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    docks = [action.text() for action in view.actions()][-4:]
    assert docks == ["Sections", "Notes", "Actors", "Claims"]
    for name in docks:  # each shows and hides its panel
        action = next(a for a in view.actions() if a.text() == name)
        was = action.isChecked()
        action.trigger()
        assert action.isChecked() is not was
        action.trigger()


RENDER = f"""
import sys
from viewer import program
status = program.main(["render", {str(ROOT / "briefings" / "coree-du-nord-russie.xml")!r}, "-o", sys.argv[1]])
print(status, "json" in sys.modules)
"""


def test_a_render_closes_its_window_without_keeping_a_place_at_the_top(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The window shown at its top, where a briefing opens anyway, and no place kept before: its
    # close writes none (and a render loads no JSON for it). A place kept is still kept on close:
    # test_reading_place.py.
    done = subprocess.run(
        [sys.executable, "-c", RENDER, str(tmp_path / "out.png")], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.splitlines()[-1] == "0 False"
