"""SectionTitleDelegate: section titles wrapped to the width of their column, rows as tall as they need."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView


class SectionTitleDelegate(QStyledItemDelegate):
    """Sizes a title's row to the lines the title takes at the width its column gives it.

    A tree view asks its delegate for a row's height with no width, so that a title would be
    measured on one line and cut; here the width is the first column's less the indentation
    of the title's level and the branch mark.
    """

    PADDING = 2  # pixels above and below each title

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.column() != 0:
            return super().sizeHint(option, index)
        tree = self._tree
        if not tree.wordWrap():  # a briefing of very many sections: a title on one line (see SectionTree)
            return super().sizeHint(option, index).grownBy(QMargins(0, self.PADDING, 0, self.PADDING))
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        levels = depth + (1 if tree.rootIsDecorated() else 0)
        width = tree.header().sectionSize(0) - levels * tree.indentation()
        wrapped = QStyleOptionViewItem(option)
        wrapped.rect = QRect(0, 0, max(width, 8), 1)  # valid: an invalid one is measured unwrapped
        wrapped.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        # The base class measures the title with the tree's style in this option; in C++: asked for
        # from Python, the style would make PySide6 build its QStyle type (9 ms of every start-up).
        size = super().sizeHint(wrapped, index)
        # A little room between rows: a title on two lines must not run into the next one.
        return size.grownBy(QMargins(0, self.PADDING, 0, self.PADDING))
