"""The core's per-request DataLoaders (one batched query per relation per request)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from strawberry.dataloader import DataLoader

from opendui.errors import NotFoundError

if TYPE_CHECKING:
    from opendui.context import RequestContext

K = TypeVar("K")
V = TypeVar("V")


def _by_key(
    fetch: Callable[[list[uuid.UUID]], Awaitable[Mapping[uuid.UUID, Any]]],
    *,
    default: Callable[[], Any] | None = None,
    required: bool = True,
) -> DataLoader[uuid.UUID, Any]:
    async def load(keys: Sequence[uuid.UUID]) -> list[Any]:
        found = await fetch(list(dict.fromkeys(keys)))
        results: list[Any] = []
        for key in keys:
            if key in found:
                results.append(found[key])
            elif default is not None:
                results.append(default())
            elif required:
                results.append(NotFoundError("not found"))
            else:
                results.append(None)
        return results

    return DataLoader(load_fn=load)


def core_loaders(context: RequestContext) -> dict[str, DataLoader[Any, Any]]:
    """Loaders for the relations of the core types."""
    access = context.access
    return {
        "core.identity": _by_key(access.usagers.identities),
        "core.etablissement": _by_key(access.organisations.etablissements_by_ids),
        "core.organisme": _by_key(access.organisations.organismes_by_ids),
        "core.professional": _by_key(access.professionals.by_ids, required=False),
        "core.sejours": _by_key(access.sejours.by_usagers, default=list),
        "core.documents": _by_key(access.documents.by_usagers, default=list),
        "core.memberships": _by_key(access.professionals.memberships, default=list),
    }
