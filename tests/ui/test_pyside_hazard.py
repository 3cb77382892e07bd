"""Guard against the PySide6 6.12.0 / CPython 3.11 bug that drops references to None."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_qt_calls_do_not_drop_references_to_none() -> None:
    obj = QObject()
    before = sys.getrefcount(None)
    for index in range(20_000):
        obj.setObjectName(f"n{index % 7}")  # returns nothing: the buggy build decrefs None here
    after = sys.getrefcount(None)
    # Other code may take a few references meanwhile; the bug loses one per call.
    assert after >= before - 100, (before, after)
