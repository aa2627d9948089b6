"""Hook implementations of the serafin plugin (the entry point ``serafin`` points here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from opendui_sdk import Permission, RequestContext, Settings, TypeExtension, hookimpl
from opendui_sdk.graphql import namespace
from strawberry.dataloader import DataLoader

#: Membership roles that record besoin evaluations by default.
EVALUATOR_ROLES = frozenset(
    {"educatif", "social", "psychologue", "paramedical", "medical", "soignant", "direction"}
)


@hookimpl
def register_piccolo_apps(settings: Settings) -> Sequence[str]:
    return ["opendui_serafin.piccolo_app"]


@hookimpl
def register_graphql_queries(settings: Settings) -> Sequence[type]:
    from opendui_serafin.graphql import SerafinQuery

    return [namespace("serafin", SerafinQuery, description="SERAFIN-PH nomenclature and besoin evaluations.")]


@hookimpl
def register_graphql_mutations(settings: Settings) -> Sequence[type]:
    from opendui_serafin.graphql import SerafinMutation

    return [namespace("serafin", SerafinMutation, root="Mutation", description="SERAFIN-PH evaluations.")]


@hookimpl
def register_type_extensions(settings: Settings) -> Sequence[TypeExtension]:
    from opendui_serafin.graphql import UsagerSerafinExtension

    return [TypeExtension(target="Usager", fields=UsagerSerafinExtension)]


@hookimpl
def register_dataloaders(context: RequestContext) -> Mapping[str, DataLoader[Any, Any]]:
    from opendui_serafin.graphql import loaders

    return loaders(context)


@hookimpl
def register_permissions(settings: Settings) -> Sequence[Permission]:
    return [Permission("serafin.evaluation.write", "Record SERAFIN-PH besoin evaluations", EVALUATOR_ROLES)]
