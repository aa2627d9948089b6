"""OpenDUI core: the kernel of the Dossier Usager Informatisé platform.

Plugins should not import from here: they import :mod:`opendui_sdk`, which re-exports the stable
surface of the core (the hook markers, shared GraphQL types, permission bases and table mixins).
"""

from __future__ import annotations

from opendui.__about__ import __version__
from opendui.markers import hookimpl, hookspec

__all__ = ["__version__", "hookimpl", "hookspec"]
