"""The panels' models turn away the roles they do not answer before looking at the cell; the others still answer."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from viewer.ui.common.roles import ACTOR_ID_ROLE, CLAIM_ID_ROLE, OFFSET_ROLE, SORT_ROLE
from viewer.ui.window.main_window import MainWindow

ROLE = Qt.ItemDataRole


def answered(model: QAbstractItemModel, parent: QModelIndex | None = None) -> set[int]:
    """The roles (of Qt's and ours) for which some cell of ``model`` has data."""
    parent = parent or QModelIndex()
    roles: set[int] = set()
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            roles |= {role for role in range(ROLE.UserRole + 16) if model.data(index, role) is not None}
            if column == 0:
                roles |= answered(model, index)
    return roles


def test_each_panel_still_answers_every_role_it_knows(french: MainWindow) -> None:
    # Text, tooltips, right-aligned counts, colours and check boxes, and what the window reads back.
    assert answered(french.sections) == {ROLE.DisplayRole, ROLE.ToolTipRole, ROLE.TextAlignmentRole, OFFSET_ROLE}
    assert answered(french.actor_panel.model) == {
        ROLE.DisplayRole,
        ROLE.DecorationRole,
        ROLE.ToolTipRole,
        ROLE.TextAlignmentRole,
        ROLE.CheckStateRole,
        ACTOR_ID_ROLE,
    }
    assert answered(french.claim_panel.model) == {
        ROLE.DisplayRole,
        ROLE.ToolTipRole,
        OFFSET_ROLE,
        CLAIM_ID_ROLE,
        SORT_ROLE,
    }
