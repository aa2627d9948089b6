"""The pluggy markers of the ``opendui`` project.

Kept in their own module so that the hook specification module, the built-in plugins and the SDK can
all import them without importing anything heavy.
"""

from __future__ import annotations

import pluggy

PROJECT_NAME = "opendui"

#: Marks a function of :mod:`opendui.hookspecs` as a hook specification.
hookspec = pluggy.HookspecMarker(PROJECT_NAME)

#: Marks a plugin function as an implementation of an OpenDUI hook.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
