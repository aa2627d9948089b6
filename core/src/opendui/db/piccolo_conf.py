"""The ``PICCOLO_CONF`` module OpenDUI points piccolo at.

piccolo locates its engine and app registry by importing the module named by ``PICCOLO_CONF`` and
reading ``DB`` and ``APP_REGISTRY``. OpenDUI builds both at run time from the settings and the
plugins, so this module answers from the current :class:`~opendui.db.database.Database` instead of
building anything at import time.
"""

from __future__ import annotations

from typing import Any

_current: dict[str, Any] = {}


def install(engine: Any, registry: Any) -> None:
    """Make ``engine`` and ``registry`` what piccolo finds (called by :class:`Database`)."""
    _current["DB"] = engine
    _current["APP_REGISTRY"] = registry


def __getattr__(name: str) -> Any:
    if name in ("DB", "APP_REGISTRY"):
        if name not in _current:
            raise AttributeError(f"OpenDUI has not opened a database yet ({name})")
        return _current[name]
    raise AttributeError(name)
