"""Every user action, declared once: menus, toolbar and shortcuts are built from this list."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """An action: its key, menu text, menu, shortcuts, tip and whether it is on the toolbar.

    What it does is bound by key when the window builds it (:func:`build_actions`).
    """

    key: str
    text: str
    menu: str
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""
    toolbar: bool = False
    needs_document: bool = True


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open", "&Open…", "&File", (QKeySequence.StandardKey.Open,), "Open a briefing file", True, False),
    ActionSpec(
        "import_article",
        "&Import Article…",
        "&File",
        (),
        "Turn a plain-text or Markdown article into a briefing",
        needs_document=False,
    ),
    ActionSpec(
        "save_as",
        "&Save Briefing As…",
        "&File",
        (QKeySequence.StandardKey.SaveAs,),
        "Save an imported article as a briefing file",
    ),
    ActionSpec("export_notes", "&Export Notes…", "&File", ("Ctrl+Shift+E",), "Export the notes to Markdown"),
    ActionSpec("close_document", "&Close Briefing", "&File", (QKeySequence.StandardKey.Close,)),
    ActionSpec("quit", "&Quit", "&File", (QKeySequence.StandardKey.Quit,), needs_document=False),
    ActionSpec("undo", "&Undo", "&Edit", (QKeySequence.StandardKey.Undo,), needs_document=False),
    ActionSpec("redo", "&Redo", "&Edit", (QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z"), needs_document=False),
    ActionSpec(
        "find",
        "&Find…",
        "&Edit",
        (QKeySequence.StandardKey.Find,),
        "Find text (case and accents ignored)",
        True,
    ),
    ActionSpec("find_next", "Find &Next", "&Edit", (QKeySequence.StandardKey.FindNext,)),
    ActionSpec("find_previous", "Find Pre&vious", "&Edit", (QKeySequence.StandardKey.FindPrevious,)),
    ActionSpec(
        "previous_part",
        "Previous Pa&rt",
        "&View",
        ("Ctrl+PgUp",),
        "A large briefing is shown in parts: the part before this one, at its end",
    ),
    ActionSpec(
        "next_part",
        "Nex&t Part",
        "&View",
        ("Ctrl+PgDown",),
        "A large briefing is shown in parts: the part after this one, from its top",
    ),
    ActionSpec(
        "previous_mention",
        "&Previous Mention",
        "&View",
        ("Ctrl+,",),
        "Previous mention of the selected actor",
        True,
    ),
    ActionSpec(
        "next_mention",
        "&Next Mention",
        "&View",
        ("Ctrl+.",),
        "Next mention of the selected actor",
        True,
    ),
    ActionSpec("show_all_actors", "&Show All Highlights", "&View"),
    ActionSpec("hide_all_actors", "&Hide All Highlights", "&View"),
    ActionSpec("add_note", "&Add Note…", "&Notes", ("Ctrl+E",), "Attach a note to the selected passage", True),
    ActionSpec("edit_note", "&Edit Note…", "&Notes", (), "Edit the selected note's text, colour and tags"),
    ActionSpec("delete_note", "&Delete Note", "&Notes", ("Ctrl+Del",), "Delete the selected note"),
    ActionSpec(
        "reattach_note",
        "&Re-attach Note to Selection",
        "&Notes",
        (),
        "Attach the selected note to the passage selected in the text",
    ),
    ActionSpec(
        "copy_markdown",
        "&Copy Note as Markdown",
        "&Notes",
        ("Ctrl+Shift+C",),
        "Copy the selected note, or the notes the filter shows, as Markdown",
    ),
    ActionSpec("rename_colors", "Rename Note &Colours…", "&Notes", needs_document=False),
    ActionSpec(
        "shortcuts",
        "&Keyboard Shortcuts",
        "&Help",
        (QKeySequence.StandardKey.HelpContents,),
        "Every keyboard shortcut of the window",
        needs_document=False,
    ),
    ActionSpec("about", "&About Briefing Viewer", "&Help", needs_document=False),
)


def shortcuts(spec: ActionSpec) -> list[QKeySequence]:
    """Every key sequence of an action: a standard key brings all of the platform's bindings.

    ``QKeySequence(StandardKey)`` keeps only the first (Close would be Ctrl+F4 without Ctrl+W).
    """
    sequences: list[QKeySequence] = []
    for shortcut in spec.shortcuts:
        for sequence in (
            QKeySequence.keyBindings(shortcut)
            if isinstance(shortcut, QKeySequence.StandardKey)
            else [QKeySequence(shortcut)]
        ):
            if sequence not in sequences:
                sequences.append(sequence)
    return sequences


Slots = Mapping[str, Callable[[], object]]


def build_actions(window: QMainWindow, toolbar: QToolBar, slots: Slots) -> dict[str, QAction]:
    """Create the window's actions, its menus and its toolbar from ACTIONS; ``slots[key]`` is what each does.

    Every action needs its slot and every slot its action: a ValueError names those left over.
    """
    keys = {spec.key for spec in ACTIONS}
    if keys != set(slots):
        raise ValueError(
            f"actions without a slot: {sorted(keys - set(slots))}; slots without an action: {sorted(set(slots) - keys)}"
        )
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        action.setObjectName(spec.key)
        action.setShortcuts(shortcuts(spec))
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        slot = slots[spec.key]
        action.triggered.connect(lambda _checked=False, slot=slot: slot())  # never given ``checked``
        window.addAction(action)
        menu = menus.get(spec.menu)
        if menu is None:
            menu = menus[spec.menu] = window.menuBar().addMenu(spec.menu)
        menu.addAction(action)
        if spec.toolbar:
            toolbar.addAction(action)
        actions[spec.key] = action
    return actions


def set_document_actions_enabled(actions: dict[str, QAction], enabled: bool) -> None:
    """Enable the actions that need an open briefing."""
    for spec in ACTIONS:
        if spec.needs_document:
            actions[spec.key].setEnabled(enabled)


def shortcut_rows(actions: Mapping[str, QAction]) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every action that has a key, in menu order: made from the actions
    themselves, so the list cannot drift from what the keys do."""
    rows = []
    for spec in ACTIONS:
        keys = actions[spec.key].shortcuts()
        if keys:
            text = ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in keys)
            rows.append((spec.menu.replace("&", ""), spec.text.replace("&", "").rstrip("…"), text))
    return rows
