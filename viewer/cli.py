"""The ``briefing`` command line, built on the Qt-free core only (``render`` is handed in)."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from viewer import __version__
from viewer.io.briefing.loader import check_briefing, load_briefing, load_text
from viewer.io.briefing.safexml import DEFAULT_MAX_BYTES, read_capped
from viewer.io.errors import BriefingError, UserError, printable
from viewer.io.notes.store_path import ENV_VAR, default_store_path

if TYPE_CHECKING:
    from viewer.io.notes.listing import Unplaced
    from viewer.io.notes.notebook import Notebook
    from viewer.io.notes.store import NotesStore
    from viewer.model.notes import Note, PlacedNote

# A command that is carried out elsewhere: it gets the parsed arguments and returns the exit status.
Handler = Callable[[argparse.Namespace], int]
_Read = TypeVar("_Read")

# Closed before the process ends (it ends without tearing down its objects): a closed store
# leaves no write-ahead log beside it.
_OPEN_STORES: list[NotesStore] = []

# What the process keeps until it ends rather than free (see entry): a list only while the
# process ends right after the command, None when main() is called in a process that goes on.
_kept: list[object] | None = None

# Each command imports what only it needs, so that `briefing check` starts fast.


def _check(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            summary = check_briefing(path, max_bytes=args.max_bytes)
        except BriefingError as error:
            status = 1
            for problem in error.problems:
                print(problem, file=sys.stderr)
            continue
        print(f"OK {path} — {summary.sections} sections, {summary.actors} actors, {summary.claims} claims")
    return status


def _open_store(args: argparse.Namespace) -> NotesStore:
    from viewer.io.notes.store import NotesStore

    return _opened([NotesStore(args.store)])


def _opened(outcome: list[NotesStore | BaseException]) -> NotesStore:
    """The store opened (or the error that opening it raised, raised again), its warnings said."""
    store = outcome[0]
    if isinstance(store, BaseException):
        raise store
    _OPEN_STORES.append(store)
    if store.recovery is not None:
        print(f"warning: {store.recovery}", file=sys.stderr)
    if store.notice is not None:
        print(f"warning: {store.notice}", file=sys.stderr)
    return store


def _notebook(args: argparse.Namespace) -> Notebook:
    """The notebook of ``args.file``, its briefing's text and sections only (see load_text)."""
    from viewer.io.notes.notebook import Notebook

    return Notebook(load_text(args.file, kept=_kept), _open_store(args))


def _placed_notes(args: argparse.Namespace, spans: bool = True) -> tuple[Notebook, list[PlacedNote]]:
    """The notebook of ``args.file`` and its placed notes (``spans``: as for :func:`_with_briefing`)."""
    notebook, notes = _with_briefing(args, spans, _read_notes)
    return notebook, notebook.placed(notes)


def _read_notes(store: NotesStore, briefing_id: str) -> list[Note]:
    return store.notes_for(briefing_id)


def _with_briefing(
    args: argparse.Namespace, spans: bool, read: Callable[[NotesStore, str], _Read]
) -> tuple[Notebook, _Read]:
    """The notebook of ``args.file`` and what ``read`` reads from its store for its briefing.

    ``spans`` False: the briefing's text and sections only (see load_text), for listing notes.

    The store is opened and read in another thread while the briefing loads: libxml2 parses
    and validates outside Python's lock, and so does SQLite, so on two cores the two overlap.
    Which briefing to read for is guessed from the file's first bytes and checked once it
    has loaded (a wrong guess only costs the read). What goes wrong is told as when the store
    was opened first: its error before any of the briefing's, its warnings before them.
    """
    import threading

    guess = _briefing_id(args.file)
    opened: list[NotesStore | BaseException] = []
    early: list[_Read | BaseException] = []

    def open_and_read() -> None:
        try:
            from viewer.io.notes.store import NotesStore  # imported here too, beside the parse

            store = NotesStore(args.store)
        except BaseException as error:  # raised again in the main thread
            opened.append(error)
            return
        opened.append(store)
        if guess:
            try:
                early.append(read(store, guess))
            except BaseException as error:  # raised again below, if what was read is what is needed
                early.append(error)

    # A plain thread (a pool's module costs more to import than the read takes to start).
    reader = threading.Thread(target=open_and_read, name="read notes", daemon=True)
    reader.start()
    try:
        briefing = load_briefing(args.file) if spans else load_text(args.file, kept=_kept)
    except BaseException:
        reader.join()
        _opened(opened)
        raise
    reader.join()
    store = _opened(opened)
    if early and guess == briefing.id:
        if isinstance(early[0], BaseException):
            raise early[0]
        result = early[0]
    else:
        result = read(store, briefing.id)
    from viewer.io.notes.notebook import Notebook

    return Notebook(briefing, store), result


def _read_listing(store: NotesStore, briefing_id: str) -> list[Unplaced]:
    from viewer.io.notes.listing import read_listing  # in the reading thread: beside the parse

    return read_listing(store, briefing_id)


def _briefing_id(path: str) -> str | None:
    import re

    if not os.path.isfile(path):
        return None  # the loader says what is wrong with it (opening a FIFO would wait for a writer)
    try:
        # Non-blocking: a FIFO put in the file's place meanwhile is not waited for either.
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return None
    found = re.search(rb"<briefing\b[^>]*?\sid\s*=\s*[\"']([^\"'<>&]{1,200})[\"']", head)
    return found.group(1).decode("utf-8", "replace") if found else None


def _notes(args: argparse.Namespace) -> int:
    if args.json:
        # Most of each note's JSON does not depend on where it is placed: written while the briefing loads.
        notebook, unplaced = _with_briefing(args, False, _read_listing)
        from viewer.io.notes.listing import listing_json

        print(listing_json(notebook, unplaced))
        return 0
    notebook, placed = _placed_notes(args, spans=False)
    from viewer.io.notes.summary import one_line
    from viewer.io.notes.web_annotation import body_summaries, printable

    for p in placed:
        section = p.section_id or "-"
        text = " ".join(p.note.text.split())
        also = "".join(f"  [also {line}]" for line in body_summaries(p.note))
        # What a note says may come from another tool's file: a control character (an escape
        # sequence) is shown, not sent to the terminal.
        line = f'{p.state.value:<9} {section:<16} "{one_line(p.note.anchor.quote)}"  {text}{also}'.rstrip()
        print(printable(line))
    if not placed:
        print(f"no notes on {notebook.briefing.id} in {notebook.store.path}", file=sys.stderr)
    return 0


def _import_notes(args: argparse.Namespace) -> int:
    from viewer.io.notes.web_annotation import MAX_WARNINGS, Importer, read_annotations
    from viewer.model.notes import NoteState

    # The file is read and understood before the store is opened: a bad file touches nothing.
    data = read_capped(args.notes, DEFAULT_MAX_BYTES)
    annotations = read_annotations(data, args.notes)
    notebook = _notebook(args)
    importer = Importer(notebook.briefing, notebook.anchorer)
    known = notebook.store.known_keys(notebook.briefing.id)
    fresh = []
    skipped = 0
    for number, annotation in enumerate(annotations, 1):
        note = importer.note(annotation, number)
        key = note.source_id or note.id
        if key in known or note.id in known:
            skipped += 1
            importer.forget_last()  # already there: what it lacks was said when it came in
            continue
        known.update((key, note.id))
        fresh.append(note)
    notebook.store.add_many(fresh)  # one transaction: all or nothing
    for warning in importer.warnings[:MAX_WARNINGS]:
        print(f"warning: {args.notes}: {warning}", file=sys.stderr)
    if len(importer.warnings) > MAX_WARNINGS:
        print(
            f"warning: {args.notes}: and {len(importer.warnings) - MAX_WARNINGS} more values left out", file=sys.stderr
        )
    states = Counter(notebook.place(note).state.value for note in fresh)
    detail = ", ".join(f"{states[s.value]} {s.value}" for s in NoteState if states[s.value])
    print(
        f"imported {len(fresh)} note{'s' if len(fresh) != 1 else ''}"
        + (f" ({detail})" if detail else "")
        + (f"; {skipped} already there" if skipped else "")
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from viewer.io.atomic import write_atomically
    from viewer.io.notes.web_annotation import annotation_page

    # An AnnotationPage names the briefing and its title only: the text and sections are enough.
    notebook, placed = _placed_notes(args, spans=args.format != "json")
    if args.format == "json":
        from viewer.io.notes.jsonout import dumps_indented

        text = dumps_indented(annotation_page(placed, notebook.briefing)) + "\n"
    else:
        from viewer.io.notes.markdown_export import ExportOptions, export_markdown

        options = ExportOptions(
            group_by=args.group_by,
            quotes=not args.no_quotes,
            orphans=not args.no_orphans,
            source_name=Path(args.file).name,
        )
        text = export_markdown(notebook.briefing, placed, options)
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        write_atomically(Path(args.output), text)
        print(f"wrote {len(placed)} note{'s' if len(placed) != 1 else ''} to {args.output}", file=sys.stderr)
    return 0


def _convert(args: argparse.Namespace) -> int:
    from viewer.io.atomic import write_atomically_bytes
    from viewer.io.briefing.rules import is_ncname
    from viewer.io.convert.importing import convert_source, read_source

    source = read_source(args.article, args.actors)
    article_path = source.path
    output = Path(args.output) if args.output else article_path.with_suffix(".xml")
    if output.resolve() == article_path.resolve():
        raise BriefingError.single(str(output), "the output would overwrite the article; choose another name with -o")
    if output.exists() and not args.force:
        raise BriefingError.single(str(output), "already exists; add --force to replace it")
    briefing_id = args.id or source.default_id
    if not is_ncname(briefing_id):
        raise BriefingError.single(
            str(article_path), f"--id {briefing_id!r} is not a valid id (a letter first, no spaces)"
        )
    result = convert_source(source, briefing_id, args.lang, check_as=str(output))  # passes `briefing check`
    write_atomically_bytes(output, result.xml)
    print(f"wrote {output}: “{result.title}”, {result.sections} sections")
    actors = source.actors
    if actors is not None:
        print(f"{len(actors.actors)} actors, {sum(result.mentions.values())} mentions:")
        for spec in actors.actors:
            print(f"  {spec.actor.id:<12} {printable(spec.actor.name):<28} {result.mentions[spec.actor.id]:>4}")
        if result.never_mentioned:
            print(f"never mentioned: {', '.join(result.never_mentioned)}")
    return 0


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1280x800, got {text!r}") from None
    if not (100 <= width <= 10000 and 100 <= height <= 10000):
        raise argparse.ArgumentTypeError("width and height must be between 100 and 10000 pixels")
    return width, height


def _megabytes(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of MiB, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("the limit must be positive")
    return int(value * 2**20)


def build_parser(render: Handler | None = None) -> argparse.ArgumentParser:
    """The argument parser of every subcommand; ``render`` only when its handler is given.

    ``render`` draws the window, which is the user interface's: the command line never imports
    it (pyproject.toml's import-linter contract), and viewer/program.py hands it in.
    """
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Check, render, annotate and export briefings (XML analytic texts with actors and claims).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate briefing files and list every problem")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument(
        "--max-size",
        dest="max_bytes",
        type=_megabytes,
        default=DEFAULT_MAX_BYTES,
        metavar="MIB",
        help=f"refuse files larger than this (default {DEFAULT_MAX_BYTES // 2**20} MiB)",
    )
    check.set_defaults(handler=_check)

    if render is not None:
        shot = commands.add_parser("render", help="save a screenshot of the reading window on a briefing")
        shot.add_argument("file", metavar="FILE")
        shot.add_argument("-o", "--output", required=True, metavar="OUT.png")
        shot.add_argument(
            "--size", type=_size, default=(1280, 800), metavar="WxH", help="window size (default 1280x800)"
        )
        shot.add_argument("--section", metavar="ID", help="scroll to this section first")
        shot.add_argument("--store", metavar="PATH", help="show the notes of this notes store (default: none)")
        shot.set_defaults(handler=render)

    store_help = f"the notes store (default: ${ENV_VAR}, else {default_store_path()})"
    notes = commands.add_parser("notes", help="list a briefing's notes, found again in its current text")
    notes.add_argument("file", metavar="FILE")
    notes.add_argument("--json", action="store_true", help="print a JSON array")
    notes.add_argument("--store", metavar="PATH", help=store_help)
    notes.set_defaults(handler=_notes)

    importing = commands.add_parser("import-notes", help="import W3C Web Annotations as notes on a briefing")
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("notes", metavar="NOTES.json")
    importing.add_argument("--store", metavar="PATH", help=store_help)
    importing.set_defaults(handler=_import_notes)

    export = commands.add_parser("export", help="export a briefing's notes as Markdown or W3C Web Annotation JSON")
    export.add_argument("file", metavar="FILE")
    export.add_argument("-o", "--output", metavar="OUT", help="write here (atomically) instead of standard output")
    export.add_argument("--format", choices=("markdown", "json"), default="markdown")
    export.add_argument("--group-by", choices=("section", "color", "tag", "actor"), default="section")
    export.add_argument("--no-quotes", action="store_true", help="leave out the quoted passages")
    export.add_argument("--no-orphans", action="store_true", help="leave out notes whose passage is gone")
    export.add_argument("--store", metavar="PATH", help=store_help)
    export.set_defaults(handler=_export)

    convert = commands.add_parser("convert", help="turn a plain-text or Markdown article into a briefing")
    convert.add_argument("article", metavar="ARTICLE")
    convert.add_argument("--actors", metavar="FILE", help="a TOML file of the actors to declare and mark")
    convert.add_argument("-o", "--output", metavar="OUT.xml", help="where to write (default: ARTICLE with .xml)")
    convert.add_argument("--id", help="the briefing's id (default: from the file name)")
    convert.add_argument("--lang", help="the article's language, such as fr or en-GB")
    convert.add_argument("--force", action="store_true", help="replace OUT.xml if it exists")
    convert.set_defaults(handler=_convert)
    return parser


def main(argv: Sequence[str] | None = None, *, render: Handler | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser(render).parse_args(argv)
    try:
        return int(args.handler(args))
    except BriefingError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except UserError as error:  # what the user can fix: the notes store, a choice (StoreError and others)
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`briefing notes … | head -1`): like the shell's tools, stop without a word.
        return 1
    except OSError as error:
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def entry(*, render: Handler | None = None) -> NoReturn:
    """The ``briefing`` program (see viewer/program.py): :func:`main`, then exit with its status.

    The process ends without tearing down what it built one object at a time: after
    ``render`` the window, its document and the model (70 ms on a large briefing); after
    the notes commands a briefing of 6 MB and 10,000 notes (0.25 s, a third of what an
    export took from the command line). By then every output is written and flushed, files
    closed and the notes store's transactions committed, so there is nothing left to lose.
    """
    global _kept
    _kept = []
    if sys.argv[1:2] != ["render"]:
        # What a command builds (a briefing's hundred thousand objects, 10,000 notes) holds no
        # cycle to collect, and the process ends right after: the cycle collector would only walk
        # it all again and again (60 ms of `notes --json` on 10,000 notes). The window's
        # render keeps it (Qt's objects and their Python wrappers do make cycles).
        gc.disable()
    status = main(sys.argv[1:], render=render)
    for store in _OPEN_STORES:
        with contextlib.suppress(Exception):  # closing a store never loses a committed note
            store.close()
    try:
        sys.stdout.flush()
    except OSError:
        status = status or 1  # the reader went away: what it did not read is lost
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(status)
