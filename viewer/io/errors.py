"""Domain errors of the core: located problems and the exception that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from viewer.model.notes import Note


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem found in a file, at ``line``:``column`` (1-based; 0 when unknown)."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class BriefingError(Exception):
    """A file could not be opened as a briefing; ``problems`` lists every reason."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: str, message: str, line: int = 0, column: int = 0) -> BriefingError:
        """An error with one problem."""
        return cls([Problem(path, line, column, message)])


class StoreError(Exception):
    """The notes store cannot be used; ``str()`` says why in plain words."""


class NoteConflict(StoreError):
    """A change made on an out-of-date note that cannot be merged, or to a note deleted meanwhile.

    Attributes: ``note_id``; ``fields`` (what both sides changed, in the words a user knows:
    "text", "colour", "tags", "passage", "attachments", "creator"; empty when the note was
    deleted or, for a deletion, changed); ``current`` (the note as stored now, None when it was deleted).
    """

    def __init__(self, message: str, note_id: str, fields: tuple[str, ...], current: Note | None) -> None:
        super().__init__(message)
        self.note_id = note_id
        self.fields = fields
        self.current = current

    @property
    def deleted(self) -> bool:
        """Whether the note was deleted elsewhere."""
        return self.current is None
