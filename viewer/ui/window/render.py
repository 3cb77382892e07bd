"""``briefing render``: the reading window on a briefing, offscreen, saved as a PNG."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from viewer.io.errors import BriefingError
from viewer.model.briefing import Briefing
from viewer.ui.window.early_read import EarlyRead


def render_command(args: argparse.Namespace) -> int:
    """Load ``args.file``, lay out the window at ``args.size``, save ``args.output``.

    The file is read and checked in a thread while Qt starts (parsing and schema
    validation run in libxml2, outside Python's lock), and the highlights are
    given only to what the picture shows: the picture is the same, sooner.
    """
    # Rendering makes hundreds of thousands of objects and frees almost none: the cycle
    # collector would only walk them (about 30 ms in all on a large briefing).
    was_collecting = gc.isenabled()
    gc.disable()
    try:
        return _render(args)
    finally:
        if was_collecting:
            gc.enable()


def _render(args: argparse.Namespace) -> int:
    loading = EarlyRead(args.file)
    # A screenshot never needs a screen; this must be set before Qt starts.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from viewer.ui.window.main_window import MainWindow

    qInstallMessageHandler(_quiet_offscreen_notices)
    app = QApplication.instance() or QApplication(["briefing-render"])
    with tempfile.TemporaryDirectory() as folder:
        # A private, empty settings store: the picture shows what a first-time user sees.
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        # No notes unless a store is named: a screenshot never touches the user's notes by surprise.
        store = None
        if getattr(args, "store", None):
            from viewer.io.errors import StoreError
            from viewer.io.notes.store import NotesStore

            try:
                store = NotesStore(args.store)
            except StoreError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1
            for warning in (store.recovery, store.notice):
                if warning:
                    print(f"warning: {warning}", file=sys.stderr)
        window = MainWindow(settings, store, open_store=False)
        window.resize(*args.size)
        window.show()
        if not loading.done():
            # Lay out and paint the empty window while the file is still being read (a file read
            # already, as a small one is by now, is painted once, with its text).
            app.processEvents()
        try:
            return _render_loaded(app, window, args, loading)
        finally:
            window.close()
            if store is not None:
                store.close()


def _render_loaded(app: Any, window: Any, args: argparse.Namespace, loading: EarlyRead) -> int:
    from viewer.ui.reading.document import BriefingDocument

    try:
        briefing = loading.result()
    except BriefingError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    if args.section and briefing.section(args.section) is None:
        known = ", ".join(s.id for s in briefing.walk_sections())
        print(f"{args.file}: no section with id {args.section!r} (sections: {known})", file=sys.stderr)
        return 1
    # Of a large briefing, the part that holds the section shown (see BriefingDocument.split).
    parts = BriefingDocument.split(briefing)
    section = briefing.section(args.section) if args.section else None
    part = BriefingDocument.part_at(parts, section.start if section is not None else 0)
    document = BriefingDocument(briefing, window.palette(), window.view.font(), False, part.number, parts)
    return _shoot(app, window, args, briefing, document)


def _shoot(app: Any, window: Any, args: argparse.Namespace, briefing: Briefing, document: Any) -> int:
    # Highlights for what will be on screen, given before the first layout (a generous guess:
    # the whole window's area in characters); what the guess missed is formatted after it.
    section = briefing.section(args.section) if args.section else None
    start = section.start if section is not None else 0
    document.format_range(start, start + args.size[0] * args.size[1] // 150)
    window._loaded(args.file, briefing, document)  # already loaded and validated above
    app.processEvents()
    if args.section:
        window.go_to_section(args.section)
        app.processEvents()
    if window.view.format_visible():
        app.processEvents()
    # What the (offscreen) screen shows, copied from the window's backing store, where the events
    # just processed painted it: grab() would paint the whole window a second time (15 ms of a
    # sample's render), and a table whose scroll bar came with its rows could be drawn before its
    # header had made room for it.
    image = window.screen().grabWindow(window.winId())
    if image.size() != window.size():  # a platform that cannot read its windows back
        image = window.grab()
    # For PNG, Qt's "quality" is the compression effort (lossless either way): 75 writes a
    # screenshot in two thirds of the default's time and 10 % smaller (measured on renders).
    if not image.save(args.output, "PNG", 75):
        print(f"{args.output}: could not write the picture (is the folder there and writable?)", file=sys.stderr)
        return 1
    print(f"{args.output}: {image.width()}×{image.height()} screenshot of {args.file}")
    return 0


def _quiet_offscreen_notices(kind: Any, context: Any, message: str) -> None:
    # The offscreen platform says it cannot resize native windows; nothing is wrong.
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)
