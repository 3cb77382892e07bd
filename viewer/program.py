"""The ``briefing`` program: the Qt-free command line of viewer/cli.py, with ``render`` from the window."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence
from typing import NoReturn

# The one place where the command line meets the user interface (pyproject.toml's import-linter
# contract keeps viewer.cli from importing viewer.ui): ``briefing render`` draws the window.


def render(args: argparse.Namespace) -> int:
    """``briefing render``: the window on a briefing, saved as a PNG."""
    # Imported when called, so that the other commands never load Qt.
    from viewer.ui.window.render import render_command

    return render_command(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``briefing`` with ``argv``; returns the exit status."""
    from viewer import cli

    return cli.main(argv, render=render)


def entry() -> NoReturn:
    """The ``briefing`` console script."""
    # Every command runs without the cycle collector (cli.entry; render_command for render) and the
    # process ends without tearing down: off from the start, it does not walk what the imports make
    # either (about 3 % of the sample's render: the window's modules, PySide6's types and enums).
    gc.disable()
    from viewer import cli

    cli.entry(render=render)


if __name__ == "__main__":
    entry()
