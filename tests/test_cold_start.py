"""What a Lambda cold start loads: importing the app leaves the analyzer's lexicons for first use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Compiled on first analysis; tens of milliseconds that every cold start would otherwise pay.
HEAVY = {
    "chalicelib.analysis.lexicon",
    "chalicelib.analysis.normalize",
    "chalicelib.analysis.offline",
    "chalicelib.analysis.sentiment",
    "chalicelib.analysis.topics",
    "chalicelib.analysis.urgency",
}


def test_importing_the_app_does_not_load_the_analyzer() -> None:
    code = "import sys, app; print('\\n'.join(m for m in sys.modules if m.startswith('chalicelib.analysis.')))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, check=True
    ).stdout
    assert not HEAVY & set(out.split()), out
