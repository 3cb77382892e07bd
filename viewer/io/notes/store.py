"""NotesStore: every note of every briefing in one SQLite file, each change committed at once."""

from __future__ import annotations

import contextlib
import json
import operator
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from viewer.io.errors import NoteConflict, StoreError
from viewer.io.notes.merge import changed_before_deletion, deleted_meanwhile, merged
from viewer.io.notes.store_path import ENV_VAR, default_store_path
from viewer.io.notes.store_trouble import Trouble, diagnose, proves_damage, special_kind
from viewer.model.notes import Anchor, Note

__all__ = [
    "ENV_VAR",
    "ROW_COLUMNS",
    "NoteConflict",
    "NotesStore",
    "Row",
    "StoreError",
    "StoreRecovery",
    "default_store_path",
    "note_of_row",
    "tag_lists",
    "tag_tuple",
]

APPLICATION_ID = 0x42564E53  # "BVNS": marks the file as ours
SCHEMA_VERSION = 4
BUSY_TIMEOUT_S = 10.0  # how long to wait for another window or process to finish its write


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
    # Each change of a note counts one revision: a change made on an older one is merged or refused.
    """
    ALTER TABLE notes ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
    """,
    # What an imported annotation carried that is not shown as text: its other bodies and its
    # creator, as JSON, exported again unchanged.
    """
    ALTER TABLE notes ADD COLUMN other_bodies TEXT;
    ALTER TABLE notes ADD COLUMN creator TEXT;
    """,
]
assert len(_MIGRATIONS) == SCHEMA_VERSION

_ADD_COLUMN = re.compile(r"ALTER TABLE notes ADD COLUMN (\w+)[^;]*?(?:DEFAULT (\S+))?\s*$")
# The columns added after the first schema, with the value an older store's notes read as.
_ADDED_COLUMNS = [
    (match[1], match[2] or "NULL")
    for migration in _MIGRATIONS
    for statement in migration.split(";")
    if (match := _ADD_COLUMN.search(statement.strip()))
]

_COLUMNS = (
    "id, briefing_id, quote, prefix, suffix, start, end, section_id, text_hash, body, color, tags, created, modified, "
    "source_id, revision, other_bodies, creator"
)
ROW_COLUMNS = tuple(name.strip() for name in _COLUMNS.split(","))
Row = tuple[object, ...]  # a note's row: the values of ROW_COLUMNS
_PLACES = ", ".join("?" * len(_COLUMNS.split(",")))
_REVISION = 15  # the revision's place in a row
_POSITION = operator.itemgetter(5, 6)  # a row's start and end
_T = TypeVar("_T")

Listener = Callable[[str, str], None]  # (event: "added" | "updated" | "removed", note id)


class NotesStore:
    """Notes in SQLite (WAL, synchronous=FULL): every call is its own committed transaction.

    Rows are inserted, updated or deleted one by one, and each note carries a
    revision, so two windows or two processes on one file never overwrite each
    other's notes or changes (see ``update``). Listeners are
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
        self.notice: str | None = None
        self.writes = 0
        self._listeners: list[Listener] = []
        self._lock = threading.RLock()
        self._trouble: Trouble | None = None
        self._connection = self._open()
        self._data_version = self._read_data_version()

    @property
    def read_only(self) -> bool:
        """Whether the store could only be opened for reading (``notice`` says why)."""
        return self._trouble is not None

    # -- opening ----------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder of the notes store {self.path.parent}: {error.strerror}"
            ) from None
        kind = special_kind(self.path)
        if kind == "a folder":
            raise StoreError(f"the notes store {self.path} is a folder, not a file")
        if kind is not None:
            raise StoreError(f"the notes store {self.path} is {kind}, not a file; name a file for the notes instead")
        try:
            return self._connect()
        except _BadStore as bad:
            self.recovery = self._move_aside(bad.reason)
        except _Passing as passing:
            # Left where it is; shown read-only if it can be read at all.
            trouble = diagnose(passing.error, self.path)
            connection = self._connect_read_only(trouble)
            self._trouble = trouble
            self.notice = (
                f"the notes store {self.path} is open read-only because {trouble.cause}: every note is there "
                f"and none was lost, but changes cannot be saved until you {trouble.advice}"
            )
            return connection
        try:
            return self._connect()
        except (_BadStore, _Passing) as error:
            cause = diagnose(error.error, self.path).cause if isinstance(error, _Passing) else str(error)
            raise StoreError(f"{self.recovery}; but the new store could not be started because {cause}") from None

    def _connect(self) -> sqlite3.Connection:
        existed = self.path.exists() and self.path.stat().st_size > 0
        if existed and not os.access(self.path, os.R_OK):
            raise StoreError(
                f"the notes store {self.path} cannot be read (permission denied); it was left as it is "
                "and no note was lost"
            )
        if existed and not os.access(self.path, os.W_OK):
            raise _Passing(None)  # read-only: diagnose() finds out whether the file, folder or disk is
        try:
            connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise _Passing(error) from None
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            # Reading the header first tells a non-SQLite file apart before anything is written.
            version = self._check_header(connection, existed)
            check = connection.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise _BadStore(f"it is damaged: {check}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            self._migrate(connection, version)
        except sqlite3.Error as error:
            _close_quietly(connection)
            # Only SQLite's word that the file is not a database, or is corrupt, proves damage.
            if proves_damage(error):
                raise _BadStore(str(error)) from None
            raise _Passing(error) from None
        except (_BadStore, StoreError):
            _close_quietly(connection)
            raise
        return connection

    def _check_header(self, connection: sqlite3.Connection, existed: bool) -> int:
        """The schema version, after making sure the file is ours and not from a newer release."""
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if existed and app_id != APPLICATION_ID and tables:
            raise _BadStore("it is an SQLite file of another program")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the notes store {self.path} was written by a newer Briefing Viewer (schema {version}); "
                "update the application to use it"
            )
        return version

    def _connect_read_only(self, trouble: Trouble) -> sqlite3.Connection:
        """The store opened for reading only, or a StoreError saying it was left as it is."""
        failure = StoreError(
            f"the notes store {self.path} could not be opened because {trouble.cause}; it was left as it is "
            f"and no note was lost ({trouble.advice}, then try again)"
        )
        if not (self.path.exists() and self.path.stat().st_size > 0):
            raise failure
        uri = self.path.absolute().as_uri()
        queries = ["?mode=ro"]
        wal = self.path.with_name(self.path.name + "-wal")
        if not wal.exists() or wal.stat().st_size == 0:
            # Without a shared-memory file SQLite reads WAL stores only as "immutable", which is
            # safe only while the write-ahead log holds nothing: the main file then has every note.
            queries.append("?mode=ro&immutable=1")
        for query in queries:
            try:
                connection = sqlite3.connect(
                    uri + query, uri=True, timeout=0.5, isolation_level=None, check_same_thread=False
                )
            except sqlite3.Error:
                continue
            try:
                if self._check_header(connection, existed=True) < SCHEMA_VERSION:
                    _show_as_current(connection)
                connection.execute("SELECT count(*) FROM notes").fetchone()
                return connection
            except (sqlite3.Error, _BadStore, StoreError):
                pass
            _close_quietly(connection)
        raise failure

    @staticmethod
    def _migrate(connection: sqlite3.Connection, version: int) -> None:
        if version == SCHEMA_VERSION:
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated meanwhile: read the version again inside the lock.
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for number in range(SCHEMA_VERSION):
                for statement in _MIGRATIONS[number].split(";"):
                    added = _ADD_COLUMN.search(statement.strip())
                    if added:
                        # Added wherever missing, earlier schemas included: a store made while two
                        # schemas 3 existed (one with revision, one with other_bodies and creator)
                        # says 3 and lacks the other's columns. A column there already is kept.
                        if added[1] not in _note_columns(connection):
                            connection.execute(statement)
                    elif number >= version and statement.strip():
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
        # The change is committed: failing to read the version afterwards must not say otherwise.
        with contextlib.suppress(StoreError):
            self._data_version = self._read_data_version()
        for listener in list(self._listeners):
            listener(event, note_id)

    def _read_data_version(self) -> int:
        return int(str(self._query("PRAGMA data_version", ())[0][0]))

    def changed_elsewhere(self, wait: bool = True) -> bool:
        """Whether another connection (window or process) has committed since the last call.

        ``wait=False``: False at once while another thread of this process uses the store (a window's
        loading thread reading 10,000 notes holds it for tens of milliseconds); the next call tells.
        """
        if not self._lock.acquire(blocking=wait):
            return False
        try:
            version = self._read_data_version()
        finally:
            self._lock.release()
        changed = version != self._data_version
        self._data_version = version
        return changed

    # -- reading ----------------------------------------------------------------

    def notes_for(self, briefing_id: str) -> list[Note]:
        """Every note of a briefing, by stored position."""
        rows = self.note_rows(briefing_id)
        return [note_of_row(row, row_tags) for row, row_tags in zip(rows, tag_lists(rows), strict=True)]

    def note_rows(self, briefing_id: str) -> list[Row]:
        """Every note of a briefing as its stored row (the columns of ``ROW_COLUMNS``), in the
        order of :meth:`notes_for`, which makes a note of each with :func:`note_of_row`."""
        rows = self._query(f"SELECT {_COLUMNS} FROM notes WHERE briefing_id = ?", (briefing_id,))
        # Sorted here: the index holds (briefing_id, start), and SQLite sorting by end too
        # through a temporary tree took a third of the read (10,000 notes: 25 ms).
        rows.sort(key=_POSITION)
        return rows

    def get(self, note_id: str) -> Note | None:
        """One note by id."""
        rows = self._query(f"SELECT {_COLUMNS} FROM notes WHERE id = ?", (note_id,))
        return note_of_row(rows[0]) if rows else None

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
            cause = diagnose(error, self.path).cause
            raise StoreError(f"cannot read the notes store {self.path} because {cause}; no note was lost") from None

    # -- writing ----------------------------------------------------------------

    def add(self, note: Note) -> Note:
        """Insert a note; committed and on disk when this returns. Returns it as stored (with its revision)."""
        [stored] = self._insert([note])
        self._announce("added", note.id)
        return stored

    def add_many(self, notes: Iterable[Note]) -> int:
        """Insert notes in one transaction (all or none); listeners are not called."""
        return len(self._insert(notes))

    def _insert(self, notes: Iterable[Note]) -> list[Note]:
        # A note put back (undo of a delete) comes back one revision on: a window that still
        # shows its old revision merges with it rather than overwriting it.
        stored = [replace(note, revision=note.revision + 1) for note in notes]
        self._write(f"INSERT INTO notes ({_COLUMNS}) VALUES ({_PLACES})", [_row(note) for note in stored])
        return stored

    def update(self, note: Note, base: Note | None = None) -> Note:
        """Save an edited note, made on ``note.revision``; returns it as stored (merged, one revision on).

        If another window or process changed the note since, the change is merged when it touched
        other fields than this edit did (``base``, the note before this edit, tells which fields
        those are), and refused otherwise with NoteConflict naming them. A change to a note
        deleted meanwhile is refused the same way, never dropped silently.
        """

        def change(connection: sqlite3.Connection) -> Note:
            rows = connection.execute(f"SELECT {_COLUMNS} FROM notes WHERE id = ?", (note.id,)).fetchall()
            if not rows:
                raise deleted_meanwhile(note.id)
            current = note_of_row(rows[0])
            stored = replace(merged(note, base, current), revision=current.revision + 1)
            connection.execute(f"UPDATE notes SET ({_COLUMNS}) = ({_PLACES}) WHERE id = ?", (*_row(stored), note.id))
            return stored

        stored = self._transaction(change)
        self._announce("updated", note.id)
        return stored

    def remove(self, note_id: str, revision: int | None = None) -> None:
        """Delete a note (undo puts it back with ``add``).

        Given the ``revision`` it was read at, a note changed elsewhere since is not deleted
        (NoteConflict): deleting it would throw away that change unseen.
        """

        def change(connection: sqlite3.Connection) -> None:
            if revision is not None:
                rows = connection.execute(f"SELECT {_COLUMNS} FROM notes WHERE id = ?", (note_id,)).fetchall()
                if rows and int(str(rows[0][_REVISION])) != revision:
                    raise changed_before_deletion(note_of_row(rows[0]))
            connection.execute("DELETE FROM notes WHERE id = ?", (note_id,))

        self._transaction(change)
        self._announce("removed", note_id)

    def set_color_name(self, color: str, name: str) -> None:
        """Rename what a colour means."""
        self._write("INSERT OR REPLACE INTO color_names (color, name) VALUES (?, ?)", [(color, name)])

    def _write(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        self._transaction(lambda connection: connection.executemany(sql, rows))

    def _transaction(self, change: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run ``change`` in one write transaction: all of it committed, or nothing."""
        with self._lock:
            self._writable()
            self.writes += 1
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    result = change(connection)
                    connection.execute("COMMIT")
                except BaseException:
                    # SQLite has already rolled back after some errors (a full disk): do not mask them.
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
            except sqlite3.IntegrityError as error:
                raise StoreError(f"the note conflicts with one already stored: {error}") from None
            except sqlite3.Error as error:
                cause = diagnose(error, self.path).cause
                raise StoreError(f"could not save to {self.path}: {cause}; nothing was changed") from None
            return result

    def _writable(self) -> None:
        """Refuse to write to a store opened read-only, unless it can be opened for writing by now."""
        if self._trouble is None:
            return
        try:
            connection = self._connect()
        except (_BadStore, _Passing, StoreError):
            raise StoreError(
                f"could not save to {self.path}: it is open read-only because {self._trouble.cause}; "
                "nothing was changed"
            ) from None
        # The trouble has passed (space was freed, the lock released): write through a full connection.
        _close_quietly(self._connection)
        self._connection = connection
        self._trouble = None
        self.notice = None


class _BadStore(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Passing(Exception):
    """The store could not be opened for a reason that passes: it must be left where it is."""

    def __init__(self, error: BaseException | None) -> None:
        super().__init__(str(error))
        self.error = error


def _show_as_current(connection: sqlite3.Connection) -> None:
    """Let a store of an older schema, which cannot be migrated now, be read as a current one.

    Temporary views and tables live in memory and shadow the file's own: nothing is written to it.
    """
    connection.execute("PRAGMA temp_store = MEMORY")
    tables = {row[0] for row in connection.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    if "notes" not in tables:
        return
    columns = _note_columns(connection)
    added = "".join(f", {default} AS {name}" for name, default in _ADDED_COLUMNS if name not in columns)
    connection.execute(f"CREATE TEMP VIEW notes AS SELECT *{added} FROM main.notes")
    if "color_names" not in tables:
        connection.execute("CREATE TEMP TABLE color_names (color TEXT PRIMARY KEY, name TEXT NOT NULL)")


def _note_columns(connection: sqlite3.Connection) -> set[str]:
    return {str(row[1]) for row in connection.execute("PRAGMA main.table_info(notes)")}


def _close_quietly(connection: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):
        connection.close()


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
        note.revision,
        note.other_bodies or None,
        note.creator,
    )


def tag_lists(rows: list[Row]) -> list[object]:
    """The tags of each row read from their JSON in one parse instead of one each; None for each
    when one is damaged (:func:`note_of_row` then reads each alone)."""
    try:
        tags = json.loads("[" + ",".join(str(row[11]) for row in rows) + "]")
    except ValueError:
        tags = None
    if not isinstance(tags, list) or len(tags) != len(rows):
        return [None] * len(rows)
    return tags


def tag_tuple(column: object, tag_list: object = None) -> tuple[str, ...]:
    """A note's tags from its row's column (``tag_list``: the column already read, by :func:`tag_lists`)."""
    if tag_list is None:
        try:
            tag_list = json.loads(str(column))
        except ValueError:
            tag_list = []  # a damaged tag list costs the tags, never the note
    return tuple(map(str, tag_list)) if isinstance(tag_list, list) else ()


def note_of_row(row: Row, tag_list: object = None) -> Note:
    """The note a stored row holds (``tag_list``: its tags already read, by :func:`tag_lists`)."""
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
        revision,
        other_bodies,
        creator,
    ) = row
    # Positional, in the order of Note's fields (id, briefing_id, anchor, text, color, tags, created,
    # modified, source_id, other_bodies, creator, revision): by keywords, reading 10,000 notes took 10 ms more.
    return Note(
        str(note_id),
        str(briefing_id),
        Anchor(str(quote), str(prefix), str(suffix), _int(start), _int(end), _opt(section_id), str(digest)),
        str(body),
        str(color),
        tag_tuple(tags, tag_list),
        str(created),
        str(modified),
        _opt(source),
        str(other_bodies or ""),
        _opt(creator),
        _int(revision),
    )


def _int(value: object) -> int:
    # An integer column reads as an int: only what a damaged row holds goes through its text.
    if type(value) is int:
        return value
    try:
        return int(str(value))
    except ValueError:
        pass
    try:
        return int(float(str(value)))  # a position stored as a real: 12.0
    except (ValueError, OverflowError):
        # Damaged beyond reading (text, a blob, NaN): the note is kept, its place found again by
        # its quote and context (0 is a hint only), its revision starting again from 0.
        return 0


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
