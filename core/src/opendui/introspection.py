"""What each loaded plugin contributes (``opendui plugins list``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from strawberry.types.base import get_object_definition
from strawberry.utils.str_converters import to_camel_case

from opendui.plugins import PluginInfo, call_each, hooks_implemented

if TYPE_CHECKING:
    from opendui.runtime import Runtime


def _field_names(cls: type) -> list[str]:
    definition = get_object_definition(cls, strict=True)
    return [f.graphql_name or to_camel_case(f.python_name) for f in definition.fields]


def describe_plugins(runtime: Runtime) -> list[PluginInfo]:
    """One :class:`~opendui.plugins.PluginInfo` per registered plugin, in registration order."""
    pm, settings = runtime.pm, runtime.settings
    infos = {
        name: PluginInfo(name=name, version=pm.version_of(name), builtin=pm.is_builtin(name), hooks=hooks_implemented(pm, name))
        for name in pm.plugin_names()
    }
    for app_name, plugin in runtime.registry.owners.items():
        config = runtime.registry.app_configs[app_name]
        infos[plugin].tables.extend(t._meta.tablename for t in config.table_classes)
    for hook, root in (("register_graphql_queries", "Query"), ("register_graphql_mutations", "Mutation")):
        for contribution in call_each(pm, hook, settings=settings):
            infos[contribution.plugin].graphql_fields.extend(
                f"{root}.{name}" for name in _field_names(contribution.item)
            )
    for contribution in call_each(pm, "register_type_extensions", settings=settings):
        extension = contribution.item
        infos[contribution.plugin].graphql_fields.extend(
            f"{extension.target}.{name}" for name in _field_names(extension.fields)
        )
    return list(infos.values())
