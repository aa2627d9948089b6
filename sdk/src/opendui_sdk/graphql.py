"""GraphQL helpers for plugins: namespaces and the shared core types.

Core types are re-exported so that plugin types can reference them (``Usager``, ``Document``...);
never redefine them. Use :func:`namespace` to contribute the plugin's single root field.
"""

from __future__ import annotations

from typing import Any, TypeVar

import strawberry
from opendui.graphql.ids import parse_id
from opendui.graphql.types import (
    Document,
    Etablissement,
    Identity,
    OpenDUIInfo,
    Professional,
    Sejour,
    Usager,
)
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

__all__ = [
    "Document",
    "Etablissement",
    "Identity",
    "Info",
    "OpenDUIInfo",
    "Professional",
    "Sejour",
    "Usager",
    "namespace",
    "parse_id",
]

T = TypeVar("T")


def namespace(plugin_name: str, type_: type[T], *, root: str = "Query", description: str | None = None) -> type:
    """A strawberry type with one field, named after the plugin, resolving to ``type_()``.

    ``register_graphql_queries`` returns ``[namespace("aggir", AggirQuery)]`` to expose
    ``query { aggir { ... } }``; ``root="Mutation"`` for mutations.

    :param plugin_name: the plugin's name (the entry-point name); the field is its camelCase form.
    :param type_: the ``@strawberry.type`` class holding the plugin's fields.
    """
    field_name = to_camel_case(plugin_name)

    def resolve() -> Any:
        return type_()

    resolve.__annotations__["return"] = type_
    type_name = "".join(part.capitalize() for part in plugin_name.split("_")) + f"{root}Namespace"
    holder = type(
        type_name,
        (),
        {field_name: strawberry.field(resolver=resolve, description=description or f"The {plugin_name} plugin.")},
    )
    return strawberry.type(holder, name=type_name)
