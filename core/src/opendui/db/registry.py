"""The piccolo app registry: the core app plus every app contributed by plugins."""

from __future__ import annotations

from collections.abc import Sequence
from graphlib import TopologicalSorter
from importlib import import_module

from piccolo.conf.apps import AppConfig, AppRegistry
from piccolo.table import Table

from opendui.errors import StartupError
from opendui.plugins import PluginManager, call_each
from opendui.settings import Settings

CORE_APP = "opendui.domain.piccolo_app"


class OpenDUIAppRegistry(AppRegistry):
    """An :class:`~piccolo.conf.apps.AppRegistry` that knows which plugin owns each app."""

    def __init__(self, apps: Sequence[str], owners: dict[str, str]) -> None:
        super().__init__(apps=list(apps))
        #: app name -> plugin name
        self.owners = owners

    def tables(self) -> list[type[Table]]:
        """Every table of every app, core first."""
        return [table for config in self.app_configs_sorted() for table in config.table_classes]

    def app_configs_sorted(self) -> list[AppConfig]:
        """The apps in migration dependency order (an app after the apps it depends on)."""
        graph = {
            name: [dep.app_name for dep in config.migration_dependency_app_configs]
            for name, config in self.app_configs.items()
        }
        for name, deps in graph.items():
            missing = [dep for dep in deps if dep not in self.app_configs]
            if missing:
                raise StartupError(f"piccolo app {name} depends on unregistered app(s) {missing}")
        return [self.app_configs[name] for name in TopologicalSorter(graph).static_order()]


def build_registry(pm: PluginManager, settings: Settings) -> OpenDUIAppRegistry:
    """Collect ``register_piccolo_apps`` and check app names and table names for collisions.

    :raises StartupError: when two plugins register the same app or the same table name, or a
        plugin table is not prefixed with the plugin's name.
    """
    modules: list[str] = []
    module_owner: dict[str, str] = {}
    for contribution in call_each(pm, "register_piccolo_apps", settings=settings):
        module = str(contribution.item)
        if module in module_owner:
            raise StartupError(
                f"piccolo app {module} is registered by both {module_owner[module]!r} and "
                f"{contribution.plugin!r}"
            )
        module_owner[module] = contribution.plugin
        modules.append(module)
    if CORE_APP not in module_owner:
        raise StartupError("the core piccolo app is not registered (is core_tables blocked?)")
    try:
        registry = OpenDUIAppRegistry(modules, owners={})
    except ValueError as error:  # piccolo raises on duplicate app names
        raise StartupError(f"piccolo app registry: {error}") from error

    table_owner: dict[str, str] = {}
    for module, plugin in module_owner.items():
        app_config = import_module(module).APP_CONFIG
        registry.owners[app_config.app_name] = plugin
        for table in app_config.table_classes:
            name = table._meta.tablename
            if name in table_owner:
                raise StartupError(
                    f"table {name} is defined by both {table_owner[name]!r} and {plugin!r}"
                )
            if not pm.is_builtin(plugin) and not name.startswith(f"{plugin}_"):
                raise StartupError(
                    f"plugin {plugin!r}: table {name} must be named {plugin}_<thing>"
                )
            table_owner[name] = plugin
    return registry
