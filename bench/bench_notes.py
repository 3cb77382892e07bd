"""Notes on the 6 MB briefing with 10,000 notes: adding one, opening, re-anchoring after an edit.

Targets (from the notes issue): adding a note under 16 ms; opening with every note
anchored under 1.5x opening without notes (both measured here); re-anchoring all
notes after an edit near the top under 1 s, shown against re-reading them unchanged.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from common import add_random_notes, median_time, synthetic
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from viewer.io.briefing.loader import load_briefing, loads
from viewer.io.notes.notebook import Notebook
from viewer.io.notes.store import NotesStore
from viewer.model.anchoring import Anchorer
from viewer.model.notes import NoteState
from viewer.ui.window.main_window import MainWindow

NOTES = 10_000


def main() -> bool:
    app = QApplication.instance() or QApplication([])
    path = synthetic()
    briefing = load_briefing(path)
    with tempfile.TemporaryDirectory() as folder:
        full = NotesStore(Path(folder) / "full.sqlite3")
        notebook = Notebook(briefing, full)
        rng = add_random_notes(notebook, NOTES, 7, lambda _n: ("note text", ["t"]))
        empty = NotesStore(Path(folder) / "empty.sqlite3")

        def open_with(store: NotesStore) -> float:
            window = MainWindow(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat), store)
            window.resize(1280, 800)
            window.show()
            app.processEvents()
            start = time.perf_counter()
            window.open_path(path, wait=True)
            app.processEvents()
            elapsed = time.perf_counter() - start
            window.close()
            window.deleteLater()
            # processEvents() leaves deferred deletes alone: without this the window, its 6 MB
            # document and that document's background layout would live on into later timings.
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            return elapsed

        def longest_stall(store: NotesStore) -> float:
            """Open in the background as the GUI does; the longest gap between two turns of the event loop."""
            window = MainWindow(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat), store)
            window.resize(1280, 800)
            window.show()
            app.processEvents()
            done: list[str] = []
            window.briefingLoaded.connect(done.append)
            longest, last = 0.0, time.perf_counter()
            window.open_path(path)
            while not done:
                app.processEvents()
                now = time.perf_counter()
                longest, last = max(longest, now - last), now
                time.sleep(0.005)
            window.close()
            window.deleteLater()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            return longest

        bare = statistics.median(open_with(empty) for _ in range(3))
        noted = statistics.median(open_with(full) for _ in range(3))
        ok_open = noted / bare <= 1.5
        print(
            f"{'open 6 MB with 10,000 notes / without':<48} {noted:8.3f} s vs {bare:8.3f} s  = {noted / bare:5.2f}x (target 1.5x) {'ok' if ok_open else 'OVER TARGET'}"
        )
        stall = statistics.median(longest_stall(full) for _ in range(3))
        print(
            f"{'  as File › Open does it: longest stall':<48} {stall * 1000:8.1f} ms (the window's event loop, 5 ms ticks)"
        )

        window = MainWindow(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat), full)
        window.resize(1280, 800)
        window.show()
        window.open_path(path, wait=True)
        app.processEvents()
        window.notes.ask_note = lambda _passage, _note: ("a new note", "red", ("x",))
        # Qt lays a large document out in the background after it opens; let it finish so that
        # what is timed below is adding a note, not that layout.
        window.view.document().documentLayout().documentSize()
        app.processEvents()

        def add_one() -> None:
            # A passage the user can see: selecting it scrolls nothing.
            start = window.view.top_offset() + rng.randrange(0, 400)
            cursor = QTextCursor(window.view.document())
            cursor.setPosition(start)
            cursor.setPosition(start + 30, QTextCursor.MoveMode.KeepAnchor)
            window.view.setTextCursor(cursor)
            window.notes.add_note()
            app.processEvents()

        def add_core() -> None:
            start = rng.randrange(0, len(briefing.text) - 50)
            note = notebook.new_note(start, start + 30, "a new note", "red", ("x",))
            full.add(note)
            notebook.place(note)

        core = median_time(add_core, 15)
        print(f"{'add one note: store and anchoring (core only)':<48} {core * 1000:8.1f} ms")
        adding = median_time(add_one, 15)
        ok_add = adding < 0.016
        print(
            f"{'add one note in the window (10,000 there)':<48} {adding * 1000:8.1f} ms (target < 16 ms) {'ok' if ok_add else 'OVER TARGET'}"
        )
        box = window.notes_panel.search
        box.setText("s")  # once first: each note's searchable text is folded on first use
        app.processEvents()
        letters = iter(["", "s"] * 10)  # a letter typed, then erased: each a new filter
        typing = median_time(lambda: (box.setText(next(letters)), app.processEvents()), 10)
        texts = [" ".join([n.note.anchor.quote, n.note.text, *n.note.tags]) for n in window.placed_notes.ordered()]
        scan = median_time(lambda: [t for t in texts if "s" in t.casefold()], 10)
        print(
            f"{'type or erase a letter in the notes search':<48} {typing * 1000:8.1f} ms vs {scan * 1000:8.1f} ms bare scan "
            f"= {typing / scan:5.2f}x (no target; it took a minute before)"
        )
        window.close()

        source = path.read_text(encoding="utf-8")
        at = source.index("<p>")
        edited = loads(source[:at] + "<p>A paragraph inserted near the top of the briefing.</p>" + source[at:])
        unchanged = median_time(lambda: Notebook(briefing, full).placed(), 3)
        placed: list = []
        reanchor = median_time(lambda: placed.__setitem__(slice(None), Notebook(edited, full).placed()), 3)
        lost = sum(1 for p in placed if p.state is NoteState.ORPHANED)
        ok_re = reanchor < 1.0 and len(placed) >= NOTES
        print(
            f"{'re-anchor 10,000 notes after an edit at the top':<48} {reanchor:8.3f} s vs {unchanged:8.3f} s unchanged "
            f"= {reanchor / unchanged:5.2f}x (target < 1 s; {lost} orphaned) {'ok' if ok_re else 'OVER TARGET'}"
        )
        # A note on a long passage, reworded in its middle: found again by its two ends.
        start = len(briefing.text) // 3
        long_note = notebook.new_note(start, start + 100_000, "a long passage", "blue", ())
        middle = start + 50_000
        reworded = Anchorer(briefing.text[:middle] + "A sentence written since. " + briefing.text[middle + 26 :])
        long_time = median_time(lambda: reworded.place(long_note), 3)
        long_state = reworded.place(long_note).state.value
        print(
            f"{'re-anchor a 100,000-character passage reworded':<48} {long_time * 1000:8.1f} ms ({long_state}; "
            "14 s when the whole quote was aligned)"
        )
    return ok_open and ok_add and ok_re


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
