"""Default plugin ``core_graphql``: the core root fields, loaders and permissions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from opendui.contributions import Permission
from opendui.markers import hookimpl
from opendui.settings import Settings

if TYPE_CHECKING:
    from strawberry.dataloader import DataLoader

    from opendui.context import RequestContext

_CARE = frozenset({"medical", "soignant", "paramedical", "psychologue"})
_SUPPORT = frozenset({"educatif", "social"})
_OFFICE = frozenset({"direction", "administratif"})
_ALL = _CARE | _SUPPORT | _OFFICE | {"admin"}


@hookimpl
def register_graphql_queries(settings: Settings) -> Sequence[type]:
    """``usagers``, ``usager``, ``etablissements``, ``organismes``, ``professionals``, ``me``."""
    from opendui.graphql.queries import CoreQuery

    return [CoreQuery]


@hookimpl
def register_graphql_mutations(settings: Settings) -> Sequence[type]:
    """Usagers, identities, séjours, documents, organisations and professionals."""
    from opendui.graphql.mutations import CoreMutation

    return [CoreMutation]


@hookimpl
def register_dataloaders(context: RequestContext) -> Mapping[str, DataLoader[Any, Any]]:
    """Loaders for identities, établissements, séjours, documents, professionals."""
    from opendui.graphql.loaders import core_loaders

    return core_loaders(context)


@hookimpl
def register_permissions(settings: Settings) -> Sequence[Permission]:
    """Default role grants of the core permissions (first cut; the security issue refines them)."""
    return [
        Permission("core.usager.write", "Create usagers", _OFFICE | {"admin"}),
        Permission("core.identity.write", "Change identity traits and status", _OFFICE | {"admin"}),
        Permission("core.sejour.write", "Open and close séjours", _OFFICE | {"admin"}),
        Permission("core.document.write", "Add documents to a record", _ALL),
        Permission("core.organisation.write", "Manage organismes and établissements", frozenset({"admin", "direction"})),
        Permission("core.professional.write", "Manage professionals and memberships", frozenset({"admin", "direction"})),
    ]
