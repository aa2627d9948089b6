"""The plugin manager factory: discovery, allow and block lists, default plugins, introspection.

Load order (documented in the architecture guide):

1. the block list (``OPENDUI_DISABLE_PLUGINS`` and the ``block`` argument) is applied first;
2. the built-in default plugins (:data:`DEFAULT_PLUGINS`) are registered; the essential ones cannot
   be blocked;
3. the ``opendui`` entry-point group is scanned once, restricted to the allow list
   (``OPENDUI_LOAD_PLUGINS``) when there is one;
4. explicitly given plugin objects (tests, embedding applications) are registered last;
5. :meth:`pluggy.PluginManager.check_pending` rejects hook implementations that match no hook.

Nothing here runs at import time: :func:`get_plugin_manager` is called by the app factory and the
CLI, and tests pass explicit plugin lists.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import Distribution, entry_points
from typing import Any

import pluggy

from opendui import hookspecs
from opendui.__about__ import __version__
from opendui.errors import StartupError
from opendui.markers import PROJECT_NAME

ENTRY_POINT_GROUP = "opendui"

#: Built-in behaviour, registered through the same hooks third parties use: ``(name, module)``.
DEFAULT_PLUGINS: tuple[tuple[str, str], ...] = (
    ("core_tables", "opendui.builtin.tables"),
    ("core_graphql", "opendui.builtin.graphql"),
    ("core_routes", "opendui.builtin.routes"),
    ("core_commands", "opendui.builtin.commands"),
    ("core_storage", "opendui.builtin.storage"),
    ("dev_tokens", "opendui.builtin.dev_tokens"),
    ("oidc", "opendui.builtin.oidc"),
)

#: Default plugins that cannot be blocked: without them there is no record to serve.
ESSENTIAL_PLUGINS: frozenset[str] = frozenset({"core_tables", "core_graphql", "core_routes"})

_PLUGIN_NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


class PluginManager(pluggy.PluginManager):
    """pluggy's manager plus what OpenDUI knows about each plugin (distribution, built-in)."""

    def __init__(self) -> None:
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.distributions: dict[str, Distribution] = {}
        self.builtin_names: set[str] = set()

    def plugin_names(self) -> list[str]:
        """Names of the registered plugins, built-ins first, in registration order."""
        return [name for name, plugin in self.list_name_plugin() if name is not None and plugin is not None]

    def is_builtin(self, name: str) -> bool:
        """Whether ``name`` is one of the core's default plugins."""
        return name in self.builtin_names

    def version_of(self, name: str) -> str:
        """The distribution version of a plugin (the core's version for built-ins)."""
        dist = self.distributions.get(name)
        return dist.version if dist is not None else __version__


def _validate_name(name: str, origin: str) -> None:
    if not _PLUGIN_NAME.match(name):
        raise StartupError(
            f"plugin name {name!r} ({origin}) must be lower case letters, digits and underscores"
        )


def get_plugin_manager(
    *,
    load_entrypoints: bool = True,
    allow: Iterable[str] | None = None,
    block: Iterable[str] = (),
    plugins: Sequence[tuple[str, object]] = (),
    defaults: bool = True,
    trace: bool = False,
) -> PluginManager:
    """Build a plugin manager.

    :param load_entrypoints: scan the ``opendui`` entry-point group (off in tests that want an exact
        plugin list).
    :param allow: if given, only these entry-point plugins are loaded; naming one that is not
        installed is an error.
    :param block: plugin names never to register (built-in non-essential ones included).
    :param plugins: extra ``(name, plugin)`` pairs registered last (a module or an object).
    :param defaults: register :data:`DEFAULT_PLUGINS` (turn off only in contract tests).
    :param trace: print every hook call to stderr (``OPENDUI_TRACE_PLUGINS=1``).
    :raises StartupError: on a blocked essential plugin, an unknown allowed plugin, a bad plugin name,
        two plugins with one name, or a hook implementation that matches no hook.
    """
    pm = PluginManager()
    blocked = set(block)
    for name in sorted(blocked & ESSENTIAL_PLUGINS):
        raise StartupError(f"plugin {name!r} is essential to the core and cannot be disabled")
    for name in blocked:
        pm.set_blocked(name)

    if defaults:
        for name, module_path in DEFAULT_PLUGINS:
            if name in blocked:
                continue
            pm.register(importlib.import_module(module_path), name=name)
            pm.builtin_names.add(name)

    allowed = None if allow is None else set(allow)
    if load_entrypoints:
        seen: set[str] = set()
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            seen.add(ep.name)
            if ep.name in blocked or (allowed is not None and ep.name not in allowed):
                continue
            _register(pm, ep.name, ep.load(), origin=f"entry point {ep.value}")
            if ep.dist is not None:
                pm.distributions[ep.name] = ep.dist
        if allowed is not None:
            missing = sorted(allowed - seen)
            if missing:
                raise StartupError(
                    f"OPENDUI_LOAD_PLUGINS names {', '.join(missing)}, which "
                    f"{'is' if len(missing) == 1 else 'are'} not installed"
                )

    for name, plugin in plugins:
        if name in blocked:
            continue
        _register(pm, name, plugin, origin="explicit")

    try:
        pm.check_pending()
    except pluggy.PluginValidationError as error:
        name = pm.get_name(error.plugin) or repr(error.plugin)
        raise StartupError(f"plugin {name!r} implements an unknown hook: {error}") from error
    if trace:
        pm.trace.root.setwriter(sys.stderr.write)
        pm.enable_tracing()
    return pm


def _register(pm: PluginManager, name: str, plugin: object, *, origin: str) -> None:
    _validate_name(name, origin)
    existing = pm.get_plugin(name)
    if existing is not None:
        raise StartupError(f"two plugins are named {name!r} (the second comes from {origin})")
    try:
        pm.register(plugin, name=name)
    except ValueError as error:  # the same object registered twice under two names
        raise StartupError(f"plugin {name!r} ({origin}): {error}") from error
    except pluggy.PluginValidationError as error:
        raise StartupError(f"plugin {name!r} ({origin}): {error}") from error


@dataclass(frozen=True)
class Contribution:
    """One item returned by one plugin from a registration hook."""

    plugin: str
    item: Any


def call_each(pm: PluginManager, hook_name: str, **kwargs: Any) -> list[Contribution]:
    """Call a registration hook on every plugin and attribute each returned item to its plugin.

    Lists and tuples are flattened; mappings become ``(key, value)`` items. Plugins are visited in
    registration order (built-ins first), so error messages and listings are stable.

    :raises StartupError: when an implementation is ``async`` (registration hooks are sync) or
        returns something that is neither a sequence nor a mapping.
    """
    caller = getattr(pm.hook, hook_name)
    contributions: list[Contribution] = []
    for impl in caller.get_hookimpls():  # registration order
        plugin_name = pm.get_name(impl.plugin) or "?"
        result = impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
        if inspect.isawaitable(result):
            if inspect.iscoroutine(result):
                result.close()  # never awaited: close it so no "never awaited" warning leaks
            raise StartupError(f"plugin {plugin_name!r}: {hook_name} must not be async")
        if result is None:
            continue
        if isinstance(result, dict) or hasattr(result, "items"):
            contributions.extend(Contribution(plugin_name, pair) for pair in result.items())
        elif isinstance(result, (list, tuple)):
            contributions.extend(Contribution(plugin_name, item) for item in result)
        else:
            raise StartupError(
                f"plugin {plugin_name!r}: {hook_name} must return a list or a mapping, "
                f"not {type(result).__name__}"
            )
    return contributions


async def dispatch(pm: PluginManager, hook_name: str, **kwargs: Any) -> list[Any]:
    """Call an event or lifecycle hook and await every awaitable result (await-maybe).

    Exceptions propagate: an event raised inside a write transaction rolls the change back.
    """
    results = getattr(pm.hook, hook_name)(**kwargs)
    awaited = []
    for result in results:
        if inspect.isawaitable(result):
            result = await result
        awaited.append(result)
    return awaited


def hooks_implemented(pm: PluginManager, plugin_name: str) -> list[str]:
    """Names of the hooks a plugin implements, sorted."""
    plugin = pm.get_plugin(plugin_name)
    if plugin is None:
        return []
    return sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])


@dataclass
class PluginInfo:
    """What :command:`opendui plugins list` shows about one plugin."""

    name: str
    version: str
    builtin: bool
    hooks: list[str]
    tables: list[str] = field(default_factory=list)
    graphql_fields: list[str] = field(default_factory=list)
