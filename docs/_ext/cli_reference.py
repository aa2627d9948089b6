"""The ``opendui`` command group as the documentation shows it (read by sphinx-click).

The CLI is assembled at run time from the ``register_commands`` hook, so there is no module-level
click object to point sphinx-click at. This module builds one for the core plugin set, in dev mode,
with no installed plugin loaded: the reference documents the core commands only.
"""

from __future__ import annotations

from opendui.cli import build_cli
from opendui.plugins import get_plugin_manager
from opendui.settings import Mode, Settings

cli = build_cli(Settings.from_env({}, mode=Mode.DEV), get_plugin_manager(load_entrypoints=False))
