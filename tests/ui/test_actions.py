"""The actions are declared once and bound to callables: one left without a slot is refused at once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow, QToolBar

from viewer.ui.window.actions import ACTIONS, build_actions
from viewer.ui.window.main_window import MainWindow


def test_every_declared_action_is_in_the_window_with_its_text(window: MainWindow) -> None:
    assert [(key, action.text()) for key, action in window.commands.items()] == [(s.key, s.text) for s in ACTIONS]
    assert len(window.actions()) >= len(ACTIONS)  # QWidget.actions(), no longer shadowed by a dict


def test_an_action_without_a_slot_or_a_slot_without_an_action_is_refused(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    slots = {spec.key: (lambda: None) for spec in ACTIONS}
    del slots["find"]
    with pytest.raises(ValueError, match=r"actions without a slot: \['find'\]"):
        build_actions(window, QToolBar(window), slots)
    with pytest.raises(ValueError, match=r"slots without an action: \['frobnicate'\]"):
        build_actions(window, QToolBar(window), {**slots, "find": lambda: None, "frobnicate": lambda: None})


def test_a_triggered_action_calls_its_slot_with_no_argument(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    called: list[tuple[object, ...]] = []
    slots = {spec.key: (lambda *args: called.append(args)) for spec in ACTIONS}
    actions = build_actions(window, QToolBar(window), slots)
    actions["about"].trigger()
    assert called == [()]  # not QAction.triggered's ``checked``
