"""The layering is checked by a machine: the core never imports Qt."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is not installed in the test environment"
    result = subprocess.run([exe], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_imports_without_qt_loaded() -> None:
    code = (
        "import sys\n"
        "import timeline_desktop.cli, timeline_desktop.ingest.pipeline, "
        "timeline_desktop.export.json_export\n"
        "assert not any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules), "
        "sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
