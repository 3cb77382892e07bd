"""The layers hold (pyproject.toml's import-linter contracts), and the command line never loads Qt."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package ``viewer`` found in ``root``, with ``root``'s pyproject.toml."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=root,
        # The copy in ``root`` is found before the installed (editable) one.
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
        check=False,
    )


def test_the_layers_hold() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # imported inside a function, as the command line imported the renderer
        ("viewer/cli.py", "def _x() -> None:\n    from viewer.ui.window import render\n", "Layers"),
        ("viewer/io/atomic.py", "from viewer.ui.common import roles\n", "Layers"),
        ("viewer/model/notes.py", "import viewer.io.errors\n", "Layers"),
        ("viewer/model/search.py", "from PySide6 import QtCore\n", "never import Qt"),
        ("viewer/cli.py", "import PySide6.QtWidgets\n", "never import Qt"),
    ],
)
def test_a_crossed_layer_fails_the_lint(tmp_path: Path, module: str, line: str, broken: str) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "viewer", tmp_path / "viewer", ignore=shutil.ignore_patterns("__pycache__"))
    with (tmp_path / module).open("a", encoding="utf-8") as handle:
        handle.write("\n\n" + line)
    done = lint_imports(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert [row for row in done.stdout.splitlines() if row.endswith(" BROKEN") and broken in row] != []


def test_the_command_line_check_loads_no_qt() -> None:
    code = (
        "import sys; from viewer.program import main; "
        "main(['check', 'briefings/feature-tour.xml']); "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
