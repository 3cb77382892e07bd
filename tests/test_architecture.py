"""The core stays Qt-free, so the command line and core tests never load Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_modules_never_import_pyside() -> None:
    offenders = []
    for folder in ("model", "io"):
        for path in (ROOT / "viewer" / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                offenders += [
                    f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in ("PySide6", "viewer.ui")
                ]
                offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.startswith("viewer.ui")]
    assert offenders == []


def test_the_command_line_check_loads_no_qt() -> None:
    code = (
        "import sys; from viewer.cli import main; "
        "main(['check', 'briefings/feature-tour.xml']); "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
