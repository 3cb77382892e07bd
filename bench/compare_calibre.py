"""Time to content and memory of our window against Calibre's E-book viewer, by the screen's pixels, under real X.

Both apps are launched the same way in one Xvfb (with openbox, which maximizes every window), on the
sample briefing and on the generated 7 MB one; Calibre on an EPUB of the same text, made here
(make_epub: the briefing's header, then one XHTML file per top section, headings, paragraphs, lists
and quotes). A title is no measure for Calibre: its window names the book while it still shows
"Preparing book for first read". So the screen itself is read: Xvfb keeps its framebuffer in a file
(-fbdir), which is looked at every few milliseconds (the interval achieved is printed), and each
distinct frame is kept with the time it was first seen.

The rule, the same for both apps: a run ends once the screen has stayed the same, within TOLERANCE
pixels, for SETTLE seconds; its TIME TO CONTENT is the time of the first frame from which every frame
stays within TOLERANCE pixels of that settled frame. The tolerance lets a blinking text cursor (about
20 pixels) count as no change, and nothing that shows progress: a spinner's step is 200 pixels or
more, Calibre's overlay and the fade that removes it change the whole page. The pointer is left out
of the frames (Xvfb -nocursor). For Calibre the content time is when its "Preparing book" / "Loading
book" overlay is gone and the book's first page is left; for ours it is when the whole window is
complete: the text, and the Sections, Actors and Claims panels filled after it (the text is on the
screen a little earlier, so the rule does not favour ours). Looking at the frames just before and
at that time (--frames DIR saves them as PNGs) is how the rule was checked: Calibre's frame before
shows the page greyed under the overlay (briefly: 0.1 s or less), ours the Claims table before its last
column widths and scroll bar.

Memory is the PSS of the app's whole process tree (/proc/PID/smaps_rollup; Calibre's viewer runs
as five processes), read once the screen has been still for MEMORY_AFTER seconds (so, for the
content's frame, that long after it) and once settled (ours goes on working after
its first screen: on the 7 MB file its PSS grew from about 120 MiB at the content to about 280 MiB
a second later; Calibre's stays where it is).

Each of our runs is a first read (the viewer keeps no copy of a briefing between runs; its settings
and notes store are made by a first run before the measured ones). Calibre keeps the book it prepared
in its cache (``ev2`` under CALIBRE_CACHE_DIRECTORY) and reuses it on the next opening, so it is
measured twice per round: a FIRST READ, from a copy of a used Calibre's state (configuration and
WebEngine profile, made by two openings of the first file before the runs: a fresh configuration shows a
help overlay over the first two books opened) without any prepared book, then a LATER READ of the
same book from the state the first read left. Rounds alternate ours, Calibre first read, Calibre
later read; medians and spreads (min-max); ratios ours / Calibre of the time and of both memory
figures, each against the target of issue 16 (half of Calibre's time and memory). Needs Xvfb,
openbox and Calibre (Debian/Ubuntu: apt-get install xvfb openbox calibre); without them this
benchmark says so and passes.
"""

from __future__ import annotations

import argparse
import itertools
import mmap
import os
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from bench_window_x11 import DESKTOP_VARIABLES, SAMPLE, TIMEOUT, Titles, start_xvfb
from common import BIN, pss_kib, synthetic

from viewer.io.briefing.loader import load_briefing
from viewer.model.briefing import Block, BlockKind, Briefing

SETTLE = 3.0  # seconds the screen stays the same (within TOLERANCE) for the app to count as settled
TOLERANCE = 100  # pixels: a text cursor blinking (about 20) is no change; a spinner's step (200 and more) is
POLL = 0.004  # seconds slept between two looks at the screen
MEMORY_AFTER = 0.2  # seconds of a still screen before the process tree's PSS is read
TARGET = 0.5  # issue 16: ours within half of Calibre's time to content and memory


# --- an EPUB of a briefing's text ---------------------------------------------------------------------------


def _xhtml(title: str, lang: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" '
        f'xml:lang="{lang}"><head><meta charset="utf-8"/><title>{escape(title)}</title></head>'
        f"<body>\n{body}\n</body></html>\n"
    )


def _blocks_html(briefing: Briefing, blocks: list[Block]) -> str:
    """Headings, paragraphs, lists and quotes of ``blocks`` as XHTML (the briefing's title is the h1)."""
    text, out = briefing.text, []
    open_list: str | None = None
    open_quote = False
    for block in blocks:
        line = escape(text[block.start : block.end])
        item = block.kind is BlockKind.ITEM
        if open_list and (not item or block.first_in_group):
            out.append(f"</{open_list}>")
            open_list = None
        quote = block.kind is BlockKind.PARAGRAPH and block.quote_by is not None
        if open_quote and (not quote or block.first_in_group):
            out.append("</blockquote>")
            open_quote = False
        if block.kind is BlockKind.HEADING:
            level = min(block.level + 1, 6)
            out.append(f"<h{level}>{line}</h{level}>")
        elif item:
            if open_list is None:
                open_list = "ol" if block.list_type not in (None, "bullet") else "ul"
                out.append(f"<{open_list}>")
            out.append(f"<li>{line}</li>")
        elif quote:
            if not open_quote:
                out.append("<blockquote>")
                open_quote = True
                if block.quote_by:
                    out.append(f'<p class="by">{escape(briefing.actor_name(block.quote_by))}</p>')
            out.append(f"<p>{line}</p>")
        else:
            out.append(f"<p>{line}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    if open_quote:
        out.append("</blockquote>")
    return "\n".join(out)


def make_epub(source: Path, target: Path) -> None:
    """An EPUB 3 of the briefing's text: its header, then one XHTML file per top section."""
    briefing = load_briefing(source)
    meta, lang = briefing.meta, briefing.lang or "en"
    chapters: list[list[Block]] = [[] for _ in briefing.sections] or [[]]
    starts = [section.start for section in briefing.sections]
    top = 0
    for block in briefing.blocks:
        while top + 1 < len(starts) and block.start >= starts[top + 1]:
            top += 1
        chapters[top].append(block)
    header = [f"<h1>{escape(meta.title)}</h1>"]
    if meta.subtitle:
        header.append(f"<p><em>{escape(meta.subtitle)}</em></p>")
    header.append(f"<p>{escape(' · '.join(filter(None, [meta.date, *meta.authors])))}</p>")
    if meta.summary:
        header.append(f"<p><strong>{escape(meta.summary)}</strong></p>")
    if meta.keywords:
        header.append(f"<p>{escape(', '.join(meta.keywords))}</p>")
    names = [f"s{number}.xhtml" for number in range(1, len(chapters) + 1)]
    headings = [section.heading for section in briefing.sections] or [meta.title]
    manifest = "\n".join(
        f'<item id="s{number}" href="{name}" media-type="application/xhtml+xml"/>'
        for number, name in enumerate(names, 1)
    )
    spine = "\n".join(f'<itemref idref="s{number}"/>' for number in range(1, len(names) + 1))
    toc = "\n".join(
        f'<li><a href="{name}">{escape(heading)}</a></li>' for name, heading in zip(names, headings, strict=True)
    )
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:identifier id="uid">urn:briefing:{escape(briefing.id)}</dc:identifier>\n'
        f"<dc:title>{escape(meta.title)}</dc:title>\n<dc:language>{escape(lang)}</dc:language>\n"
        + "".join(f"<dc:creator>{escape(author)}</dc:creator>\n" for author in meta.authors)
        + '<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>\n</metadata>\n'
        f'<manifest>\n<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>\n'
        f"{manifest}\n</manifest>\n<spine>\n{spine}\n</spine>\n</package>\n"
    )
    container = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>\n"
    )
    with zipfile.ZipFile(target, "w") as book:
        # The mimetype comes first and stored, as the EPUB container format requires.
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", container, compress_type=zipfile.ZIP_DEFLATED)
        book.writestr("OEBPS/content.opf", opf, compress_type=zipfile.ZIP_DEFLATED)
        nav = f'<nav epub:type="toc" id="toc"><h1>{escape(meta.title)}</h1><ol>\n{toc}\n</ol></nav>'
        book.writestr("OEBPS/nav.xhtml", _xhtml(meta.title, lang, nav), compress_type=zipfile.ZIP_DEFLATED)
        for number, (name, blocks) in enumerate(zip(names, chapters, strict=True)):
            body = ("\n".join(header) + "\n" if number == 0 else "") + _blocks_html(briefing, blocks)
            title = headings[number]
            book.writestr(f"OEBPS/{name}", _xhtml(title, lang, body), compress_type=zipfile.ZIP_DEFLATED)


# --- the screen, read from Xvfb's framebuffer file ------------------------------------------------------------


class Screen:
    """Xvfb's screen, read from the file it keeps its framebuffer in (-fbdir): no X request, no process per look."""

    def __init__(self, folder: Path) -> None:
        self._file = (folder / "Xvfb_screen0").open("rb")
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
        header = struct.unpack(">25I", self._map[:100])
        if header[0] > 10_000:  # the header's byte order is the server's: little-endian here
            header = struct.unpack("<25I", self._map[:100])
        self.width, self.height, self.stride = header[4], header[5], header[12]
        if header[11] != 32:
            raise OSError(f"Xvfb's screen has {header[11]} bits per pixel, not 32")
        self._start = header[0] + 12 * header[19]  # after the header and its colour map (12 bytes a colour)
        self._end = self._start + self.stride * self.height

    def grab(self) -> bytes:
        return self._map[self._start : self._end]

    def close(self) -> None:
        self._map.close()
        self._file.close()


def differing(a: bytes, b: bytes, stride: int, limit: int | None = None) -> int:
    """How many pixels of two frames differ (stopping once over ``limit``); rows compared whole first."""
    mask = int.from_bytes(b"\xff\xff\xff\x00" * (stride // 4), "little")  # a pixel's fourth byte is padding
    count = 0
    for row in range(0, len(a), stride):
        one, two = a[row : row + stride], b[row : row + stride]
        if one != two:
            xor = (int.from_bytes(one, "little") ^ int.from_bytes(two, "little")) & mask
            words = array("I", xor.to_bytes(stride, "little"))
            count += len(words) - words.count(0)
            if limit is not None and count > limit:
                break
    return count


def save_png(frame: bytes, screen: Screen, path: Path) -> None:
    from PySide6.QtGui import QImage

    QImage(frame, screen.width, screen.height, screen.stride, QImage.Format.Format_RGB32).save(str(path))


# --- memory of a process tree ---------------------------------------------------------------------------------


def descendants(root: int) -> list[int]:
    """``root`` and every process under it (Calibre starts several: its WebEngine's zygotes, renderer, GPU)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:
                continue  # gone meanwhile
            parent = int(stat[stat.rindex(b")") + 2 :].split()[1])
            children.setdefault(parent, []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


# --- one run ----------------------------------------------------------------------------------------------------


@dataclass
class Run:
    """What the screen showed from launching an app until it settled, and the app's memory meanwhile."""

    frames: list[tuple[float, bytes]]  # each distinct frame and when it was first seen (s from the launch)
    polls: list[float]  # when each look at the screen was taken
    memory: list[tuple[float, int, int]]  # seconds, PSS KiB of the process tree, processes in it
    stride: int

    def appeared(self) -> float:
        """When the screen first differed from the empty desktop (by more than TOLERANCE pixels)."""
        desktop = self.frames[0][1]
        return next(t for t, frame in self.frames if differing(desktop, frame, self.stride, TOLERANCE) > TOLERANCE)

    def content_index(self) -> int:
        """The first frame from which every frame stays within TOLERANCE pixels of the settled one."""
        settled = self.frames[-1][1]
        index = len(self.frames) - 1
        while index > 0 and differing(self.frames[index - 1][1], settled, self.stride, TOLERANCE) <= TOLERANCE:
            index -= 1
        return index

    def content(self) -> float:
        return self.frames[self.content_index()][0]

    def pss_at(self, when: float) -> tuple[int, int]:
        """PSS (KiB) and processes of the first memory sample taken at or after ``when``."""
        sample = next(((kib, count) for t, kib, count in self.memory if t >= when), None)
        if sample is None:
            raise SystemExit("no memory sample after the content was shown")
        return sample

    def gaps(self) -> tuple[float, float]:
        """Median and longest time between two looks at the screen, up to the content."""
        until = self.content()
        steps = [b - a for a, b in itertools.pairwise(self.polls) if b <= until]
        return statistics.median(steps), max(steps)


def watch(command: list[str], env: dict[str, str], screen: Screen, log: Path) -> Run:
    """Launch ``command`` and look at the screen until it has stayed the same (within TOLERANCE) for SETTLE s.

    The process tree's PSS is read once in each still stretch of MEMORY_AFTER seconds or more, and at the
    end: read every 0.1 s it slowed Calibre (later reads of the sample under load average 3: 7.8-11.8 s
    to content against 5.5-9.1 s with no reading and looks every 50 ms); read so, looks every 5 ms
    (4.3-5.6 s) and every 50 ms (1.9-8.2 s) showed no difference beyond the machine's noise."""
    desktop = screen.grab()
    frames, polls = [(0.0, desktop)], []
    memory: list[tuple[float, int, int]] = []
    with log.open("ab") as output:
        start = time.perf_counter()
        app = subprocess.Popen(command, env=env, stdout=output, stderr=output, start_new_session=True)

    def sample() -> None:
        pids = descendants(app.pid)
        memory.append((time.perf_counter() - start, pss_kib(pids), len(pids)))

    try:
        reference, since = desktop, 0.0  # the frame that began the current still stretch, and when
        sampled = False  # whether this stretch's memory has been read
        while True:
            now = time.perf_counter() - start
            frame = screen.grab()
            polls.append(now)
            if frame != frames[-1][1]:
                frames.append((now, frame))
                if differing(reference, frame, screen.stride, TOLERANCE) > TOLERANCE:
                    reference, since, sampled = frame, now, False
            if reference is not desktop and not sampled and now - since >= MEMORY_AFTER:
                sample()
                sampled = True
            if reference is not desktop and now - since >= SETTLE:
                sample()
                break
            if app.poll() is not None:
                raise SystemExit(f"{command[0]} exited ({app.returncode}); its output: {log}")
            if now > TIMEOUT:
                raise SystemExit(f"{command[0]}: the screen did not settle in {TIMEOUT:.0f} s")
            time.sleep(POLL)
        return Run(frames, polls, memory, screen.stride)
    finally:
        os.killpg(app.pid, signal.SIGKILL)  # the group this launch made: the app and every helper it started
        app.wait()


def wait_still(screen: Screen, desktop: bytes) -> None:
    """Wait until the screen shows the empty desktop again (the last app's window gone)."""
    deadline = time.monotonic() + 10
    while screen.grab() != desktop and time.monotonic() < deadline:
        time.sleep(0.01)


# --- the two apps -----------------------------------------------------------------------------------------------


@dataclass
class Apps:
    """How to launch each app on a file, each in a home of its own."""

    folder: Path
    env: dict[str, str]
    screen: Screen
    desktop: bytes
    calibre_template: Path = field(init=False)

    def __post_init__(self) -> None:
        self.calibre_template = self.folder / "calibre-template"

    def run(self, command: list[str], env: dict[str, str], log: str) -> Run:
        wait_still(self.screen, self.desktop)
        return watch(command, env, self.screen, self.folder / log)

    def ours(self, path: Path) -> Run:
        home = self.folder / "ours"
        env = dict(self.env)
        # The viewer's settings, notes and crash traces are this run's own, in a home of its own (as in
        # bench_window_x11); it keeps no copy of a briefing between runs: each run is a first read.
        env.update(
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_CACHE_HOME=str(home / "cache"),
            BRIEFING_VIEWER_STORE=str(home / "notes.sqlite3"),
        )
        return self.run([str(BIN / "briefing-viewer"), str(path)], env, "ours.log")

    def calibre(self, book: Path, state: Path) -> Run:
        """Calibre's viewer on ``book``, with its configuration and caches in ``state``."""
        env = dict(self.env)
        env.update(
            HOME=str(self.folder / "calibre-home"),
            CALIBRE_CONFIG_DIRECTORY=str(state / "config"),
            CALIBRE_CACHE_DIRECTORY=str(state / "cache"),
        )
        if os.geteuid() == 0:  # Chromium, inside Calibre's viewer, refuses to run as root in its sandbox
            env["QTWEBENGINE_CHROMIUM_FLAGS"] = "--no-sandbox"
        return self.run(["ebook-viewer", str(book)], env, "calibre.log")

    def prepare_calibre(self, book: Path) -> None:
        """A used Calibre: its viewer's help overlay, shown over the first two books opened, already seen.

        Each first read then starts from a copy of this state with its prepared books (``ev2``) removed:
        the configuration and the WebEngine profile are a used one's, the book has never been opened."""
        for _ in range(2):
            self.calibre(book, self.calibre_template)
        session = (self.calibre_template / "config" / "viewer-webengine.json").read_text()
        if '"controls_help_shown_count": 2' not in session:
            raise SystemExit("Calibre's viewer did not record its help as seen; its first reads would show it")

    def calibre_state(self) -> Path:
        """A copy of the used Calibre's state, without any prepared book."""
        state = Path(tempfile.mkdtemp(dir=self.folder, prefix="calibre-"))
        shutil.copytree(self.calibre_template, state, dirs_exist_ok=True)
        shutil.rmtree(state / "cache" / "ev2", ignore_errors=True)
        return state


# --- the comparison ---------------------------------------------------------------------------------------------


def spread(values: list[float], unit: str = "s", digits: int = 2) -> str:
    return f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def slug(text: str) -> str:
    return "-".join(text.lower().split())


def save_frames(run: Run, screen: Screen, folder: Path, name: str) -> None:
    """The frame just before the content time and the one at it, as PNGs to look at."""
    index = run.content_index()
    for number in (index - 1, index):
        when, frame = run.frames[number]
        save_png(frame, screen, folder / f"{name}-{number:03}-{when:.3f}s.png")


def compare(apps: Apps, label: str, source: Path, book: Path, runs: int, frames: Path | None) -> bool:
    """Alternated runs on one file; prints medians, spreads and ratios; whether both halves are met."""
    apps.ours(source)  # once first: the notes store and settings are made, the files are in the page cache
    state = apps.calibre_state()
    apps.calibre(book, state)
    results: dict[str, list[Run]] = {"ours": [], "calibre first read": [], "calibre later read": []}
    for number in range(runs):
        results["ours"].append(apps.ours(source))
        state = apps.calibre_state()
        results["calibre first read"].append(apps.calibre(book, state))
        # The same state again: Calibre keeps the book it prepared (in its cache's ev2) and reuses it.
        results["calibre later read"].append(apps.calibre(book, state))
        shutil.rmtree(state)
        if frames is not None:
            for name, done in results.items():
                save_frames(done[-1], apps.screen, frames, f"{slug(label)}-{slug(name)}-{number}")
    print(f"\n{label}: {source.name} ({source.stat().st_size / 1e6:.1f} MB), EPUB {book.stat().st_size / 1e6:.1f} MB")
    contents, memories, settled = {}, {}, {}
    for name, done in results.items():
        contents[name] = [run.content() for run in done]
        memories[name] = [run.pss_at(run.content())[0] / 1024 for run in done]
        settled[name] = [run.memory[-1][1] / 1024 for run in done]
        processes = max(run.pss_at(run.content())[1] for run in done)
        gaps = [run.gaps() for run in done]
        print(
            f"  {name:<20} window {spread([run.appeared() for run in done])}, content {spread(contents[name])}; "
            f"PSS at content {spread(memories[name], 'MiB', 0)}, once settled {spread(settled[name], 'MiB', 0)} "
            f"({processes} processes); looks every {statistics.median(g[0] for g in gaps) * 1000:.1f} ms "
            f"(longest gap {max(g[1] for g in gaps) * 1000:.0f} ms)"
        )
    ok = True
    for name in ("calibre first read", "calibre later read"):
        ratios = [
            statistics.median(measure["ours"]) / statistics.median(measure[name])
            for measure in (contents, memories, settled)
        ]
        rounds = [a / b for a, b in zip(contents["ours"], contents[name], strict=True)]
        met = max(ratios) <= TARGET
        ok &= met
        print(
            f"  ours / {name:<20} time to content {ratios[0]:.2f}x (rounds {min(rounds):.2f}–{max(rounds):.2f}x), "
            f"PSS at content {ratios[1]:.2f}x, once settled {ratios[2]:.2f}x (target {TARGET}x) "
            f"{'ok' if met else 'OVER TARGET'}"
        )
    return ok


def missing_tools() -> list[str]:
    return [tool for tool in ("Xvfb", "openbox", "ebook-viewer") if shutil.which(tool) is None]


def main() -> bool:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each app per file (default 5)")
    parser.add_argument("--frames", type=Path, help="save the frames before and at each content time here")
    parser.add_argument("--only", choices=("sample", "7mb"), help="one file only")
    options = parser.parse_args()
    missing = missing_tools()
    if missing:
        print(
            f"Calibre comparison: skipped, {', '.join(missing)} not installed "
            "(Debian/Ubuntu: apt-get install xvfb openbox calibre)"
        )
        return True
    with tempfile.TemporaryDirectory(prefix="compare-calibre-") as name:
        folder = Path(name)
        (folder / "fb").mkdir()
        try:
            # -fbdir: the screen in a file read without asking the server; -nocursor: no pointer in the frames.
            server, display = start_xvfb("-fbdir", str(folder / "fb"), "-nocursor")
        except OSError as error:
            print(f"Calibre comparison: skipped, {error}")
            return True
        env = {key: value for key, value in os.environ.items() if key not in DESKTOP_VARIABLES}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        # Every window maximized: both apps show their text on the whole screen.
        (folder / "rc.xml").write_text(
            '<?xml version="1.0"?>\n<openbox_config xmlns="http://openbox.org/3.4/rc"><applications>'
            '<application class="*"><maximized>yes</maximized></application></applications></openbox_config>\n'
        )
        manager = subprocess.Popen(
            ["openbox", "--config-file", str(folder / "rc.xml")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        screen, ok = None, True
        try:
            titles = Titles(display)
            deadline = time.monotonic() + 10
            while "Openbox" not in titles():  # its check window, named once it manages the screen
                if time.monotonic() > deadline or manager.poll() is not None:
                    print("Calibre comparison: skipped, openbox did not start")
                    return True
                time.sleep(0.01)
            screen = Screen(folder / "fb")
            apps = Apps(folder, env, screen, screen.grab())
            files = [("sample", SAMPLE), ("7 MB generated", synthetic())]
            if options.only:
                files = files[:1] if options.only == "sample" else files[1:]
            books = {}
            for label, source in files:
                books[label] = folder / f"{source.stem}.epub"
                make_epub(source, books[label])
            apps.prepare_calibre(books[files[0][0]])
            if options.frames:
                options.frames.mkdir(parents=True, exist_ok=True)
            print(
                f"Time to content (the first frame from which the screen stays within {TOLERANCE} pixels of the "
                f"frame it shows once still for {SETTLE:.0f} s); PSS of the process tree {MEMORY_AFTER} s after it "
                "and once settled; "
                f"{options.runs} alternated runs, medians (min–max); load average "
                f"{os.getloadavg()[0]:.1f} at the start"
            )
            for label, source in files:
                ok &= compare(apps, label, source, books[label], options.runs, options.frames)
            print(f"load average {os.getloadavg()[0]:.1f} at the end")
        finally:
            if screen is not None:
                screen.close()
            manager.kill()
            manager.wait()
            server.terminate()
            server.wait()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
