"""Hook implementations of the aggir plugin (the entry point ``aggir`` points here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from opendui_sdk import Permission, RequestContext, Settings, TypeExtension, hookimpl
from opendui_sdk.graphql import namespace
from strawberry.dataloader import DataLoader

#: Membership roles that record AGGIR evaluations by default (the care team and the médecin
#: coordonnateur of an EHPAD).
EVALUATOR_ROLES = frozenset({"medical", "soignant", "paramedical", "direction"})
#: Membership roles that compute the GMP of an établissement by default.
GMP_READER_ROLES = frozenset({"direction", "admin", "medical", "soignant"})


@hookimpl
def register_piccolo_apps(settings: Settings) -> Sequence[str]:
    return ["opendui_aggir.piccolo_app"]


@hookimpl
def register_graphql_queries(settings: Settings) -> Sequence[type]:
    from opendui_aggir.graphql import AggirQuery

    return [namespace("aggir", AggirQuery, description="Grille AGGIR, evaluations, GIR and GMP.")]


@hookimpl
def register_graphql_mutations(settings: Settings) -> Sequence[type]:
    from opendui_aggir.graphql import AggirMutation

    return [namespace("aggir", AggirMutation, root="Mutation", description="AGGIR evaluations.")]


@hookimpl
def register_type_extensions(settings: Settings) -> Sequence[TypeExtension]:
    from opendui_aggir.graphql import UsagerAggirExtension

    return [TypeExtension(target="Usager", fields=UsagerAggirExtension)]


@hookimpl
def register_dataloaders(context: RequestContext) -> Mapping[str, DataLoader[Any, Any]]:
    from opendui_aggir.graphql import loaders

    return loaders(context)


@hookimpl
def register_permissions(settings: Settings) -> Sequence[Permission]:
    return [
        Permission("aggir.evaluation.write", "Record AGGIR evaluations (grille AGGIR, GIR)", EVALUATOR_ROLES),
        Permission("aggir.gmp.read", "Compute the GIR moyen pondéré of an établissement", GMP_READER_ROLES),
    ]
