"""Custom item data roles, declared once for every model and view."""

from __future__ import annotations

from PySide6.QtCore import Qt

OFFSET_ROLE = Qt.ItemDataRole.UserRole + 2  # start offset in the displayed text
ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole + 3
CLAIM_ID_ROLE = Qt.ItemDataRole.UserRole + 5
SORT_ROLE = Qt.ItemDataRole.UserRole + 6
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 7
PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 8  # (start, end) of a passage in the displayed text
