"""Shared fixtures: a per-session on-disk cache for the compiled schematron."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

os.environ.setdefault("OPENDUI_DMP_CACHE_DIR", str(Path(tempfile.gettempdir()) / "opendui-dmp-test-cache"))
