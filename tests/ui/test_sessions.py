"""Whole runs of use: one briefing after another, with painting, find, hover and notes in between."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.corpus import FRENCH, TOUR
from tests.ui.user import CTRL, SHIFT, User
from viewer.io.briefing.loader import load_briefing
from viewer.io.notes.store import NotesStore
from viewer.ui.window.main_window import MainWindow

WORDS = {FRENCH: ("Russie", "Corée du Nord"), TOUR: ("harbour", "Port Anker")}


def test_opening_the_samples_one_after_another_never_crashes(window: MainWindow, qtbot, store: NotesStore) -> None:  # type: ignore[no-untyped-def]
    """A hundred opens, alternating; Qt kept a block of the freed document and crashed on the next paint."""
    user = User(window, qtbot)
    user.activate()
    briefings = {path: load_briefing(path) for path in (FRENCH, TOUR)}
    for turn in range(100):
        path = (FRENCH, TOUR)[turn % 2]
        briefing = briefings[path]
        if turn % 4 < 2 or not user.open_recent(path):
            assert user.open_with_dialog(path)
        user.paint()
        assert window.windowTitle() == f"{briefing.meta.title} — Briefing Viewer"
        assert Path(window.briefing.path).resolve() == path.resolve()  # type: ignore[union-attr]

        word, actor_name = WORDS[path]
        user.press(Qt.Key.Key_F, CTRL, window.view)
        user.type(word)
        user.press(Qt.Key.Key_Return)
        user.paint()
        at = window.view.textCursor().position()
        assert " of " in window.find_bar.count.text()
        assert briefing.text[at : at + len(word)].casefold() == word.casefold()
        user.press(Qt.Key.Key_Return, SHIFT)
        user.press(Qt.Key.Key_Escape)
        user.paint()
        assert not window.find_bar.isVisible()

        actor = next(a for a in briefing.actors.values() if a.name == actor_name)
        mention = briefing.mentions_of(actor.id)[turn % len(briefing.mentions_of(actor.id))]
        tip = user.hover(user.point_of(mention.start + 1))
        assert actor_name in tip
        user.paint()

        if turn % 10 == 0:
            before = store.count()
            user.drag_select(mention.start, mention.end)
            assert window.view.textCursor().selectedText() == briefing.text[mention.start : mention.end]
            user.write_note(f"note {turn}")
            user.press(Qt.Key.Key_E, CTRL, window.view)
            qtbot.waitUntil(lambda before=before: store.count() == before + 1)
            user.paint()
    assert store.count() == 10


def test_the_file_opened_last_is_the_one_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A file asked for earlier that finishes loading later never replaces the one asked for last."""
    from viewer.ui.window.loading import BriefingLoader

    loader = BriefingLoader()
    shown: list[str] = []
    loader.loaded.connect(lambda path, _briefing, _prepared: shown.append(path))
    with qtbot.waitSignal(loader.loaded, timeout=20_000):
        loader.start(str(FRENCH))
        loader.start(str(TOUR))
    loader.start(str(FRENCH))
    loader.load_now(str(TOUR))  # a file opened at once meanwhile: the one still loading is dropped
    loader.wait()
    QApplication.processEvents()  # the answers were queued before wait() returned: delivered now
    assert [Path(p).name for p in shown] == [TOUR.name]


def test_closing_the_briefing_then_painting_and_hovering(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    user.press(Qt.Key.Key_W, CTRL, french.view)
    user.paint()
    assert french.briefing is None and french.view.document().isEmpty()
    assert user.hover(french.view.viewport().rect().center()) == ""
    french.resize(640, 480)
    user.paint()
    assert user.open_with_dialog(TOUR)
    user.paint()
    assert french.windowTitle().startswith("Feature tour")


def test_no_two_actions_share_a_key(window: MainWindow) -> None:
    """An ambiguous shortcut fires neither action; the platform's extra bindings (Ctrl+W, Ctrl+Y) are kept."""
    seen: dict[str, str] = {}
    for key, action in window.commands.items():
        for sequence in action.shortcuts():
            text = sequence.toString()
            assert text not in seen, f"{text} is both {seen[text]} and {key}"
            seen[text] = key
    assert seen.get("Ctrl+W") == "close_document"


def test_clicking_a_mention_selects_its_actor(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    briefing = french.briefing
    assert briefing is not None
    mention = briefing.mentions_of("ru")[2]
    point = user.point_of(mention.start + 1)
    QTest.mouseClick(french.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    user.paint()
    assert french.actor_panel.selected_actor() == "ru"


def test_clicking_a_claim_names_it(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    briefing = french.briefing
    assert briefing is not None
    claim = next(c for c in briefing.claims if not briefing.mentions_in(c.start, c.start + 2))
    QTest.mouseClick(
        french.view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        user.point_of(claim.start + 1),
    )
    assert claim.id in french.statusBar().currentMessage()


def test_clicking_a_noted_passage_selects_the_note(french: MainWindow, qtbot, store: NotesStore) -> None:  # type: ignore[no-untyped-def]
    user = User(french, qtbot)
    briefing = french.briefing
    assert briefing is not None
    start = briefing.text.index("3 000 soldats")
    user.drag_select(start, start + len("3 000 soldats"))
    user.write_note("to check")
    user.press(Qt.Key.Key_E, CTRL, french.view)
    [note] = store.notes_for(briefing.id)
    french.notes_panel.table.clearSelection()
    french.notes_panel.table.setCurrentIndex(french.notes_panel.proxy.index(-1, -1))
    assert french.notes_panel.selected_note() is None
    QTest.mouseClick(
        french.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, user.point_of(start + 3)
    )
    user.paint()
    assert french.notes_panel.selected_note() == note.id


def test_escape_in_the_text_closes_the_find_bar(french: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """As in a browser: find, click in the text, Escape: the bar closes (it stayed open)."""
    user = User(french, qtbot)
    user.press(Qt.Key.Key_F, CTRL, french.view)
    user.type("Moscou")
    user.press(Qt.Key.Key_Return)
    QTest.mouseClick(french.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    user.paint()
    assert french.find_bar.isVisible() and QApplication.focusWidget() is french.view
    user.press(Qt.Key.Key_Escape)
    user.paint()
    assert not french.find_bar.isVisible()


def test_help_lists_every_keyboard_shortcut(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Help › Keyboard Shortcuts (F1) lists every key of every action, as the actions have them."""
    from viewer.ui.window.shortcuts_dialog import ShortcutsDialog

    user = User(window, qtbot)
    user.press(Qt.Key.Key_F1, widget=window)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(ShortcutsDialog)))
    [dialog] = [d for d in window.findChildren(ShortcutsDialog) if d.isVisible()]
    dialog.grab()
    listed = {dialog.model.item(row, 2).text() for row in range(dialog.model.rowCount())}
    wanted = {
        ", ".join(key.toString(key.SequenceFormat.NativeText) for key in action.shortcuts())
        for action in window.commands.values()
        if action.shortcuts()
    }
    assert listed == wanted and len(listed) >= 12
    commands = {dialog.model.item(row, 1).text() for row in range(dialog.model.rowCount())}
    assert {"Add Note", "Find", "Close Briefing", "Keyboard Shortcuts"} <= commands
