"""The ``briefing`` command line, built on the Qt-free core only."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from viewer import __version__
from viewer.io.errors import BriefingError
from viewer.io.loader import check_briefing
from viewer.io.safexml import DEFAULT_MAX_BYTES


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


def _render(args: argparse.Namespace) -> int:
    # The renderer needs Qt; imported here so that the other commands never load it.
    from viewer.ui.render import render_command

    return render_command(args)


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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
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

    render = commands.add_parser("render", help="save a screenshot of the reading window on a briefing")
    render.add_argument("file", metavar="FILE")
    render.add_argument("-o", "--output", required=True, metavar="OUT.png")
    render.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH", help="window size (default 1280x800)")
    render.add_argument("--section", metavar="ID", help="scroll to this section first")
    render.set_defaults(handler=_render)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
