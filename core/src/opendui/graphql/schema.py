"""Schema assembly: core and plugin contributions, checked for collisions, then composed.

``build_schema`` is the only way a schema is made, in production, in the CLI (``opendui schema``)
and in tests, so a test can never pass on a schema production would not build. Every collision is a
:class:`~opendui.errors.StartupError` naming the plugins involved:

* two root fields with one name, or a plugin root field not named after the plugin (one namespace
  field per plugin: ``query { aggir { ... } }``);
* a type extension targeting a type that is not extensible, re-defining a field of the core type,
  not prefixed with the plugin name, or clashing with another plugin's extension;
* a plugin type whose name is not prefixed with the plugin's name in PascalCase.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types.base import get_object_definition
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from opendui.contributions import EXTENSIBLE_TYPES, TypeExtension
from opendui.errors import OpenDUIError, StartupError
from opendui.graphql.extensions import RequestLifecycle
from opendui.graphql.types import CORE_TYPES
from opendui.plugins import Contribution, PluginManager, call_each
from opendui.settings import Settings

_BUILD_LOCK = threading.Lock()
log = logging.getLogger("opendui.graphql")


def _fields(cls: type) -> list[StrawberryField]:
    definition = get_object_definition(cls, strict=True)
    return list(definition.fields)


def _graphql_name(field: StrawberryField) -> str:
    return field.graphql_name or to_camel_case(field.python_name)


def _pascal(plugin: str) -> str:
    return "".join(part.capitalize() for part in plugin.split("_"))


def _root(name: str, parts: list[Contribution], pm: PluginManager) -> type | None:
    owners: dict[str, str] = {}
    for part in parts:
        for field in _fields(part.item):
            graphql_name = _graphql_name(field)
            if graphql_name in owners:
                raise StartupError(
                    f"{name}.{graphql_name} is defined by both {owners[graphql_name]!r} and {part.plugin!r}"
                )
            if not pm.is_builtin(part.plugin) and not graphql_name.startswith(to_camel_case(part.plugin)):
                raise StartupError(
                    f"plugin {part.plugin!r}: root field {name}.{graphql_name} must be its namespace "
                    f"field {to_camel_case(part.plugin)!r} (see opendui_sdk.graphql.namespace)"
                )
            owners[graphql_name] = part.plugin
    if not parts:
        return None
    bases = tuple(dict.fromkeys(part.item for part in parts))
    return strawberry.type(type(name, bases, {}), name=name)


def _check_extensions(parts: list[Contribution], pm: PluginManager) -> dict[str, list[StrawberryField]]:
    added: dict[str, dict[str, str]] = {}
    result: dict[str, list[StrawberryField]] = {}
    for part in parts:
        extension = part.item
        if not isinstance(extension, TypeExtension):
            raise StartupError(f"plugin {part.plugin!r}: register_type_extensions must return TypeExtension values")
        if extension.target not in EXTENSIBLE_TYPES:
            raise StartupError(
                f"plugin {part.plugin!r}: {extension.target} is not extensible "
                f"(extensible types: {', '.join(EXTENSIBLE_TYPES)})"
            )
        core_names = {_graphql_name(f) for f in _fields(CORE_TYPES[extension.target])}
        owners = added.setdefault(extension.target, {})
        for field in _fields(extension.fields):
            graphql_name = _graphql_name(field)
            where = f"{extension.target}.{graphql_name}"
            if graphql_name in core_names:
                raise StartupError(f"plugin {part.plugin!r}: {where} already exists in the core type")
            if graphql_name in owners:
                raise StartupError(f"{where} is added by both {owners[graphql_name]!r} and {part.plugin!r}")
            if not graphql_name.startswith(to_camel_case(part.plugin)):
                raise StartupError(
                    f"plugin {part.plugin!r}: extension field {where} must start with "
                    f"{to_camel_case(part.plugin)!r}"
                )
            owners[graphql_name] = part.plugin
            result.setdefault(extension.target, []).append(field)
    return result


def _check_types(parts: list[Contribution], pm: PluginManager) -> list[type]:
    types = []
    for part in parts:
        definition = get_object_definition(part.item, strict=True)
        if not pm.is_builtin(part.plugin) and not definition.name.startswith(_pascal(part.plugin)):
            raise StartupError(
                f"plugin {part.plugin!r}: type {definition.name} must be prefixed with {_pascal(part.plugin)}"
            )
        types.append(part.item)
    return types


@contextmanager
def _extended(extra_fields: dict[str, list[StrawberryField]]) -> Iterator[None]:
    """Temporarily add extension fields to the core types while strawberry converts them.

    The converted schema keeps its own copy of every field, so restoring the core definitions
    afterwards lets another schema (another plugin set) be built in the same process.
    """
    saved = {}
    with _BUILD_LOCK:
        try:
            for target, fields in extra_fields.items():
                definition = get_object_definition(CORE_TYPES[target], strict=True)
                saved[target] = definition.fields
                definition.fields = [*definition.fields, *fields]
            yield
        finally:
            for target, fields in saved.items():
                get_object_definition(CORE_TYPES[target], strict=True).fields = fields


class OpenDUISchema(strawberry.Schema):
    """strawberry's schema, logging only what operators need.

    Client errors (stable OpenDUI codes, invalid documents) are the caller's business and are not
    logged as server errors; unexpected exceptions are logged with their traceback and request id.
    """

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        context = getattr(execution_context, "context", None)
        request_id = getattr(context, "request_id", None)
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, (OpenDUIError, GraphQLError)):
                log.debug("request %s: %s", request_id, error.message)
            else:
                log.error("request %s failed: %s", request_id, error.message, exc_info=original)


def limit_extensions(settings: Settings) -> list[Any]:
    """The core's limits and caches, as extension factories (never shared instances)."""
    limits = settings.limits
    extensions: list[Any] = [
        RequestLifecycle,
        functools.partial(MaxTokensLimiter, max_token_count=limits.max_tokens),
        functools.partial(QueryDepthLimiter, max_depth=limits.max_depth),
        functools.partial(MaxAliasesLimiter, max_alias_count=limits.max_aliases),
        functools.partial(ParserCache, maxsize=1024),
        functools.partial(ValidationCache, maxsize=1024),
    ]
    if not settings.dev_features:
        extensions.append(DisableIntrospection)
    return extensions


def _named_types(cls: type, seen: dict[str, type]) -> None:
    """Collect the strawberry object and input types reachable from ``cls`` by name."""
    definition = get_object_definition(cls)
    if definition is None or definition.name in seen:
        return
    seen[definition.name] = cls
    for field in definition.fields:
        for candidate in _annotation_classes(field):
            _named_types(candidate, seen)
        for argument in field.arguments:
            for candidate in _annotation_classes(argument):
                _named_types(candidate, seen)


def _annotation_classes(item: Any) -> list[type]:
    try:
        resolved = item.type
    except Exception:  # unresolvable forward references are strawberry's to report
        return []
    found: list[type] = []
    stack = [resolved]
    while stack:
        current = stack.pop()
        of_type = getattr(current, "of_type", None)
        if of_type is not None:
            stack.append(of_type)
        elif isinstance(current, type):
            found.append(current)
    return found


def _check_type_names(contributions: list[Contribution]) -> None:
    """Two plugins must not define two different types under one GraphQL name."""
    owners: dict[str, tuple[str, type]] = {}
    for contribution in contributions:
        item = contribution.item
        roots = [item.fields] if isinstance(item, TypeExtension) else [item]
        for root in roots:
            found: dict[str, type] = {}
            _named_types(root, found)
            for name, cls in found.items():
                if name in owners and owners[name][1] is not cls and owners[name][0] != contribution.plugin:
                    raise StartupError(
                        f"GraphQL type {name} is defined by both {owners[name][0]!r} and {contribution.plugin!r}"
                    )
                owners.setdefault(name, (contribution.plugin, cls))


def build_schema(pm: PluginManager, settings: Settings) -> strawberry.Schema:
    """Collect every plugin's GraphQL contributions, check them, and build the schema.

    :raises StartupError: on any collision (see the module documentation).
    """
    queries = call_each(pm, "register_graphql_queries", settings=settings)
    mutations = call_each(pm, "register_graphql_mutations", settings=settings)
    type_extensions = call_each(pm, "register_type_extensions", settings=settings)
    extra_types = call_each(pm, "register_graphql_types", settings=settings)
    query = _root("Query", queries, pm)
    if query is None:
        raise StartupError("no plugin contributes Query fields (is core_graphql blocked?)")
    mutation = _root("Mutation", mutations, pm)
    extensions = _check_extensions(type_extensions, pm)
    types = _check_types(extra_types, pm)
    _check_type_names([*queries, *mutations, *type_extensions, *extra_types])
    plugin_extensions = [c.item for c in call_each(pm, "register_schema_extensions", settings=settings)]
    config = StrawberryConfig(
        disable_field_suggestions=not settings.dev_features,
        relay_max_results=settings.limits.max_page_size,
    )
    with _extended(extensions):
        try:
            return OpenDUISchema(
                query=query,
                mutation=mutation,
                types=types,
                extensions=[*limit_extensions(settings), *plugin_extensions],
                config=config,
            )
        except Exception as error:  # strawberry's DuplicatedTypeName and friends
            raise StartupError(f"the GraphQL schema cannot be built: {error}") from error


def print_schema(pm: PluginManager, settings: Settings) -> str:
    """The SDL of the schema built for this plugin set (``opendui schema``)."""
    return build_schema(pm, settings).as_str() + "\n"
