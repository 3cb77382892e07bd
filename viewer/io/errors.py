"""Domain errors of the core: located problems and the exception that carries them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from viewer.model.notes import Note

# Control and format characters (C0, DEL, C1, bidirectional overrides...): a value quoted in a message
# is printed to a terminal or shown in a dialog, where these would act instead of being seen.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


# A message quotes what it found (a value, a name); a value can be megabytes long, and a message
# is one line of a terminal or of a dialog: its middle is left out past this length.
MESSAGE_CHARS = 1_000


def shortened(message: str) -> str:
    """``message``, or its start and its end with how much was left out between them (what it quotes)."""
    if len(message) <= MESSAGE_CHARS:
        return message
    head, tail = MESSAGE_CHARS * 2 // 5, MESSAGE_CHARS * 3 // 10
    return f"{message[:head]}[… {len(message) - head - tail:,} characters left out …]{message[-tail:]}"


def printable(text: str) -> str:
    """Text with its control and format characters written as escapes (``\\x9b``, ``\\u202e``)."""
    return _UNPRINTABLE.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem found in a file, at ``line``:``column`` (1-based).

    ``line`` 0 means a problem of the whole file (missing, a folder, too large,
    not XML at all), printed ``path: message``; a located one prints
    ``path:line:column: message``.
    """

    path: str
    line: int
    column: int
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", shortened(printable(self.message)))

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.message}"
        if self.column <= 0:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class UserError(Exception):
    """Something the user can fix (a file, a choice, a place to write); ``str()`` says what, in plain words.

    The core raises it (or one of its kinds below) and never shows it: the command line prints
    ``error: ...`` (a briefing's problems one a line) and exits with status 1; the window shows it
    in its message channel (``viewer.ui.common.messages``).
    """


class BriefingError(UserError):
    """A file could not be opened as a briefing; ``problems`` lists every reason.

    ``more`` problems beyond those listed were found but not listed; when there
    are any, the last problem says how many.
    """

    def __init__(self, problems: Iterable[Problem], more: int = 0) -> None:
        self.problems: list[Problem] = sorted(problems)
        self.more = more
        if more and self.problems:
            self.problems.append(Problem(self.problems[0].path, 0, 0, f"... and {more:,} more problems not listed"))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: str, message: str, line: int = 0, column: int = 0) -> BriefingError:
        """An error with one problem."""
        return cls([Problem(path, line, column, message)])


class StoreError(UserError):
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
