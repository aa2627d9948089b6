"""Hook implementations of the pathos plugin (the entry point ``pathos`` points here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from opendui_sdk import Permission, RequestContext, Settings, TypeExtension, hookimpl
from opendui_sdk.graphql import namespace
from strawberry.dataloader import DataLoader


@hookimpl
def register_piccolo_apps(settings: Settings) -> Sequence[str]:
    return ["opendui_pathos.piccolo_app"]


@hookimpl
def register_graphql_queries(settings: Settings) -> Sequence[type]:
    from opendui_pathos.graphql import PathosQuery

    return [namespace("pathos", PathosQuery, description="PATHOS coupes, points tables, PMP and GMPS.")]


@hookimpl
def register_graphql_mutations(settings: Settings) -> Sequence[type]:
    from opendui_pathos.graphql import PathosMutation

    return [
        namespace("pathos", PathosMutation, root="Mutation", description="PATHOS coupes and points tables.")
    ]


@hookimpl
def register_type_extensions(settings: Settings) -> Sequence[TypeExtension]:
    from opendui_pathos.graphql import UsagerPathosExtension

    return [TypeExtension(target="Usager", fields=UsagerPathosExtension)]


@hookimpl
def register_dataloaders(context: RequestContext) -> Mapping[str, DataLoader[Any, Any]]:
    from opendui_pathos.graphql import loaders

    return loaders(context)


@hookimpl
def register_permissions(settings: Settings) -> Sequence[Permission]:
    return [
        Permission("pathos.coupe.write", "Record PATHOS coupes", frozenset({"medical", "soignant"})),
        Permission(
            "pathos.points.write",
            "Load a PATHOS points table (platform-wide)",
            frozenset({"direction", "admin", "medical"}),
        ),
        Permission(
            "pathos.indicators.read",
            "Compute the PMP and GMPS of an établissement",
            frozenset({"direction", "admin", "medical", "soignant"}),
        ),
    ]
