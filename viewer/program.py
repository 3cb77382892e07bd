"""The ``briefing`` program: the Qt-free command line of viewer/cli.py, with ``render`` from the window."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NoReturn

from viewer import cli

# The one place where the command line meets the user interface (pyproject.toml's import-linter
# contract keeps viewer.cli from importing viewer.ui): ``briefing render`` draws the window.


def render(args: argparse.Namespace) -> int:
    """``briefing render``: the window on a briefing, saved as a PNG."""
    # Imported when called, so that the other commands never load Qt.
    from viewer.ui.window.render import render_command

    return render_command(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``briefing`` with ``argv``; returns the exit status."""
    return cli.main(argv, render=render)


def entry() -> NoReturn:
    """The ``briefing`` console script."""
    cli.entry(render=render)


if __name__ == "__main__":
    entry()
