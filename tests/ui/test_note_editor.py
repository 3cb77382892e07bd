"""The note dialog from the keyboard: Tab moves on, Ctrl+Enter saves, Escape cancels, the colour is remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from tests.corpus import FRENCH
from tests.ui.user import CTRL, SHIFT, User
from viewer.io.notes.store import NotesStore
from viewer.model.notes import NOTE_COLORS
from viewer.ui.notes.editor import NoteEditor
from viewer.ui.window.main_window import MainWindow


def answer_with_keys(user: User, seen: dict[str, object], keys: list[tuple[Qt.Key, Qt.KeyboardModifier]]) -> None:
    """When the note dialog opens: note its colour, type a line, then press ``keys`` where the focus goes."""

    def act(dialog: NoteEditor) -> None:
        try:
            dialog.activateWindow()  # as the window manager does with a new dialog
            user.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            seen["colour shown"] = dialog.colors.currentData()
            user.type("to check", dialog.editor)
            for key, modifiers in keys:
                QTest.keyClick(QApplication.focusWidget() or dialog, key, modifiers)
                dialog.grab()
                seen.setdefault("focus", []).append(QApplication.focusWidget())  # type: ignore[union-attr]
            seen["text typed"] = dialog.editor.toPlainText()
            seen["still open"] = dialog.isVisible()
        finally:
            if dialog.isVisible():  # a failed step must not leave exec() waiting for ever
                dialog.done(99)

    user.when_modal(NoteEditor, act)


def note_on(user: User, words: str) -> None:
    briefing = user.window.briefing
    assert briefing is not None
    start = briefing.text.index(words)
    user.drag_select(start, start + len(words))
    user.press(Qt.Key.Key_E, CTRL, user.window.view)
    user.paint()


def test_tab_moves_on_ctrl_enter_saves_and_the_colour_is_remembered(
    french: MainWindow, qtbot, store: NotesStore, settings: QSettings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    user.activate()
    first: dict[str, object] = {}
    # Tab to the colour, Down to the next colour, Ctrl+Enter: saved with that colour.
    answer_with_keys(
        user,
        first,
        [
            (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_Return, CTRL),
        ],
    )
    note_on(user, "3 000 soldats")
    assert first["text typed"] == "to check"  # no tab character in the note
    assert first["still open"] is False  # Ctrl+Enter saved and closed it
    assert isinstance(first["focus"][0], QComboBox)  # type: ignore[index]
    [note] = store.notes_for("kp-ru-alliance")
    chosen = list(NOTE_COLORS)[1]
    assert (note.text, note.color) == ("to check", chosen)

    # The next note starts with that colour; Tab, Tab reaches the tags; Escape cancels.
    second: dict[str, object] = {}
    answer_with_keys(
        user,
        second,
        [
            (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
            (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        ],
    )
    note_on(user, "Pyongyang")
    assert second["colour shown"] == chosen and second["still open"] is False
    assert isinstance(second["focus"][1], QLineEdit)  # type: ignore[index]
    assert len(store.notes_for("kp-ru-alliance")) == 1  # cancelled: nothing added

    # And in the next session (the same user's settings).
    french.close()
    again = MainWindow(settings, NotesStore(store.path))
    qtbot.addWidget(again)
    again.show()
    again.open_path(FRENCH, wait=True)
    third: dict[str, object] = {}
    later = User(again, qtbot)
    later.activate()
    answer_with_keys(later, third, [(Qt.Key.Key_Tab, SHIFT), (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)])
    note_on(later, "Moscou")
    assert third["colour shown"] == chosen
