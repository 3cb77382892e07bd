"""NotesStore: every note of every briefing in one SQLite file, each change committed at once."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from viewer.io.errors import StoreError
from viewer.io.store_path import ENV_VAR, default_store_path
from viewer.model.notes import Anchor, Note

__all__ = ["ENV_VAR", "NotesStore", "StoreError", "StoreRecovery", "default_store_path"]

APPLICATION_ID = 0x42564E53  # "BVNS": marks the file as ours
SCHEMA_VERSION = 3


@dataclass(frozen=True, slots=True)
class StoreRecovery:
    """A bad store file was moved aside: where it was, where it is now, and why."""

    path: Path
    moved_to: Path
    reason: str

    def __str__(self) -> str:
        return (
            f"The notes store {self.path} could not be read ({self.reason}). It was moved to "
            f"{self.moved_to} and kept there; a new, empty store was started."
        )


# Each migration takes the schema from version N-1 to N.
_MIGRATIONS: list[str] = [
    """
    CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        briefing_id TEXT NOT NULL,
        quote TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        section_id TEXT,
        text_hash TEXT NOT NULL,
        body TEXT NOT NULL,
        color TEXT NOT NULL,
        tags TEXT NOT NULL,
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    );
    CREATE INDEX notes_by_briefing ON notes (briefing_id, start);
    """,
    """
    ALTER TABLE notes ADD COLUMN source_id TEXT;
    CREATE UNIQUE INDEX notes_by_source ON notes (briefing_id, source_id) WHERE source_id IS NOT NULL;
    CREATE TABLE color_names (color TEXT PRIMARY KEY, name TEXT NOT NULL);
    """,
    # What an imported annotation carried that is not shown as text: its other bodies and its
    # creator, as JSON, exported again unchanged.
    """
    ALTER TABLE notes ADD COLUMN other_bodies TEXT;
    ALTER TABLE notes ADD COLUMN creator TEXT;
    """,
]
assert len(_MIGRATIONS) == SCHEMA_VERSION

_COLUMNS = "id, briefing_id, quote, prefix, suffix, start, end, section_id, text_hash, body, color, tags, created, modified, source_id, other_bodies, creator"

_COUNT = _COLUMNS.count(",") + 1

Listener = Callable[[str, str], None]  # (event: "added" | "updated" | "removed", note id)


class NotesStore:
    """Notes in SQLite (WAL, synchronous=FULL): every call is its own committed transaction.

    Rows are inserted, updated or deleted one by one, so two windows or two
    processes on one file never overwrite each other's notes. Listeners are
    called after each change made through this object; ``changed_elsewhere()``
    tells whether another connection committed since the last look.

    It may be read from another thread (a window places a briefing's notes while
    loading it): one statement or transaction at a time goes through its connection.

    Attributes: ``path``, ``recovery`` (a StoreRecovery when a bad file was moved aside),
    ``writes`` (how many changes went through this object: a reader in another thread
    can tell whether what it read is still current).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.recovery: StoreRecovery | None = None
        self.writes = 0
        self._listeners: list[Listener] = []
        self._lock = threading.RLock()
        self._connection = self._open()
        self._data_version = self._read_data_version()

    # -- opening ----------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder of the notes store {self.path.parent}: {error.strerror}"
            ) from None
        if self.path.is_dir():
            raise StoreError(f"the notes store {self.path} is a folder, not a file")
        try:
            return self._connect()
        except _BadStore as bad:
            self.recovery = self._move_aside(bad.reason)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        existed = self.path.exists() and self.path.stat().st_size > 0
        if existed and not os.access(self.path, os.R_OK | os.W_OK):
            raise StoreError(f"the notes store {self.path} cannot be read and written (permission denied)")
        try:
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the notes store {self.path}: {error}") from None
        try:
            connection.execute("PRAGMA busy_timeout = 10000")
            # Reading the header first tells a non-SQLite file apart before anything is written.
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if existed and app_id != APPLICATION_ID and tables:
                raise _BadStore("it is an SQLite file of another program")
            if version > SCHEMA_VERSION:
                connection.close()
                raise StoreError(
                    f"the notes store {self.path} was written by a newer Briefing Viewer (schema {version}); "
                    "update the application to use it"
                )
            check = connection.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise _BadStore(f"it is damaged: {check}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            self._migrate(connection, version)
        except sqlite3.DatabaseError as error:
            connection.close()
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise StoreError(f"the notes store {self.path} is locked by another program") from None
            raise _BadStore(str(error)) from None
        except _BadStore:
            connection.close()
            raise
        return connection

    @staticmethod
    def _migrate(connection: sqlite3.Connection, version: int) -> None:
        if version == SCHEMA_VERSION:
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated meanwhile: read the version again inside the lock.
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                for statement in _MIGRATIONS[number].split(";"):
                    if statement.strip():
                        connection.execute(statement)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def _move_aside(self, reason: str) -> StoreRecovery:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        number = 1
        while target.exists():
            number += 1
            target = self.path.with_name(f"{self.path.name}.unreadable-{stamp}-{number}")
        try:
            os.replace(self.path, target)
            for suffix in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    os.replace(companion, target.with_name(target.name + suffix))
        except OSError as error:
            raise StoreError(
                f"the notes store {self.path} cannot be read ({reason}) and could not be moved aside: {error.strerror}"
            ) from None
        return StoreRecovery(self.path, target, reason)

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._connection.close()

    # -- listening --------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(event, note_id)`` after each change made through this store."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling a listener."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _announce(self, event: str, note_id: str) -> None:
        self._data_version = self._read_data_version()
        for listener in list(self._listeners):
            listener(event, note_id)

    def _read_data_version(self) -> int:
        with self._lock:
            return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def changed_elsewhere(self) -> bool:
        """Whether another connection (window or process) has committed since the last call."""
        version = self._read_data_version()
        changed = version != self._data_version
        self._data_version = version
        return changed

    # -- reading ----------------------------------------------------------------

    def notes_for(self, briefing_id: str) -> list[Note]:
        """Every note of a briefing, by stored position."""
        rows = self._query(f"SELECT {_COLUMNS} FROM notes WHERE briefing_id = ? ORDER BY start, end", (briefing_id,))
        try:  # one JSON parse for every note's tags instead of one each
            tags = json.loads("[" + ",".join(str(row[11]) for row in rows) + "]")
        except ValueError:
            tags = None
        if tags is None or len(tags) != len(rows):
            return [_note(row) for row in rows]
        return [_note(row, row_tags) for row, row_tags in zip(rows, tags, strict=True)]

    def get(self, note_id: str) -> Note | None:
        """One note by id."""
        rows = self._query(f"SELECT {_COLUMNS} FROM notes WHERE id = ?", (note_id,))
        return _note(rows[0]) if rows else None

    def known_keys(self, briefing_id: str) -> set[str]:
        """What an imported annotation may already be known by: every note id in the store, and for
        this briefing's notes the annotation ids they came from and their ``urn:uuid:`` form.

        One read for a whole import (asking note by note scanned the table each time: re-importing
        10,000 annotations took 34 s).
        """
        keys = {str(row[0]) for row in self._query("SELECT id FROM notes", ())}
        for note_id, source_id in self._query("SELECT id, source_id FROM notes WHERE briefing_id = ?", (briefing_id,)):
            keys.add(f"urn:uuid:{note_id}")
            if source_id:
                keys.add(str(source_id))
        return keys

    def count(self) -> int:
        """How many notes the store holds, all briefings together."""
        return int(str(self._query("SELECT count(*) FROM notes", ())[0][0]))

    def color_names(self) -> dict[str, str]:
        """The user's names for note colours (colour key → name)."""
        return {str(row[0]): str(row[1]) for row in self._query("SELECT color, name FROM color_names", ())}

    def _query(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[object, ...]]:
        try:
            with self._lock:
                return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"cannot read the notes store {self.path}: {error}") from None

    # -- writing ----------------------------------------------------------------

    def add(self, note: Note) -> None:
        """Insert a note; committed and on disk when this returns."""
        self.add_many([note])
        self._announce("added", note.id)

    def add_many(self, notes: Iterable[Note]) -> int:
        """Insert notes in one transaction (all or none); listeners are not called."""
        rows = [_row(note) for note in notes]
        self._write(f"INSERT INTO notes ({_COLUMNS}) VALUES ({', '.join('?' * _COUNT)})", rows)
        return len(rows)

    def update(self, note: Note) -> None:
        """Replace a note's fields (it keeps its id)."""
        row = _row(note)
        self._write(
            f"UPDATE notes SET ({_COLUMNS}) = ({', '.join('?' * _COUNT)}) WHERE id = ?",
            [(*row, note.id)],
        )
        self._announce("updated", note.id)

    def remove(self, note_id: str) -> None:
        """Delete a note (undo puts it back with ``add``)."""
        self._write("DELETE FROM notes WHERE id = ?", [(note_id,)])
        self._announce("removed", note_id)

    def set_color_name(self, color: str, name: str) -> None:
        """Rename what a colour means."""
        self._write("INSERT OR REPLACE INTO color_names (color, name) VALUES (?, ?)", [(color, name)])

    def _write(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        with self._lock:
            self.writes += 1
            self._write_locked(sql, rows)

    def _write_locked(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                self._connection.executemany(sql, rows)
                self._connection.execute("COMMIT")
            except BaseException:
                # SQLite has already rolled back after some errors (a full disk): do not mask them.
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
        except sqlite3.IntegrityError as error:
            raise StoreError(f"the note conflicts with one already stored: {error}") from None
        except sqlite3.OperationalError as error:
            if "full" in str(error):
                raise StoreError(f"could not save to {self.path}: the disk is full; nothing was changed") from None
            if "readonly" in str(error) or "read-only" in str(error):
                raise StoreError(f"could not save to {self.path}: the file is read-only; nothing was changed") from None
            raise StoreError(f"could not save to {self.path}: {error}; nothing was changed") from None
        except sqlite3.Error as error:
            raise StoreError(f"could not save to {self.path}: {error}; nothing was changed") from None


class _BadStore(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _row(note: Note) -> tuple[object, ...]:
    a = note.anchor
    return (
        note.id,
        note.briefing_id,
        a.quote,
        a.prefix,
        a.suffix,
        a.start,
        a.end,
        a.section_id,
        a.text_hash,
        note.text,
        note.color,
        json.dumps(list(note.tags), ensure_ascii=False),
        note.created,
        note.modified,
        note.source_id,
        note.other_bodies or None,
        note.creator,
    )


def _note(row: tuple[object, ...], tag_list: object = None) -> Note:
    (
        note_id,
        briefing_id,
        quote,
        prefix,
        suffix,
        start,
        end,
        section_id,
        digest,
        body,
        color,
        tags,
        created,
        modified,
        source,
        other_bodies,
        creator,
    ) = row
    if tag_list is None:
        try:
            tag_list = json.loads(str(tags))
        except ValueError:
            tag_list = []  # a damaged tag list costs the tags, never the note
    return Note(
        id=str(note_id),
        briefing_id=str(briefing_id),
        anchor=Anchor(
            str(quote), str(prefix), str(suffix), int(str(start)), int(str(end)), _opt(section_id), str(digest)
        ),
        text=str(body),
        color=str(color),
        tags=tuple(str(t) for t in tag_list) if isinstance(tag_list, list) else (),
        created=str(created),
        modified=str(modified),
        source_id=_opt(source),
        other_bodies=str(other_bodies or ""),
        creator=_opt(creator),
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
