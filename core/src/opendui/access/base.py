"""The :class:`DataAccess` facade and the scope rules shared by its services."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from opendui.access.audit import AuditTrail
from opendui.plugins import dispatch

if TYPE_CHECKING:
    from opendui.access.documents import DocumentService
    from opendui.access.organisations import OrganisationService
    from opendui.access.professionals import ProfessionalService
    from opendui.access.sejours import SejourService
    from opendui.access.usagers import UsagerService
    from opendui.context import RequestContext


def placeholders(count: int) -> str:
    """``{}, {}, {}`` for an ``IN (...)`` list of ``count`` values."""
    return ", ".join(["{}"] * count)


@lru_cache(maxsize=4096)
def _scope_for(etablissements: frozenset[uuid.UUID], alias: str) -> tuple[str, tuple[uuid.UUID, ...]]:
    """The scope condition for a set of établissements (cached: principals repeat)."""
    if not etablissements:
        return "1 = 0", ()
    ordered = tuple(sorted(etablissements, key=lambda etab: etab.int))
    marks = placeholders(len(ordered))
    clause = (
        f"({alias}.etablissement IN ({marks}) OR EXISTS (SELECT 1 FROM core_sejour s "
        f"WHERE s.usager = {alias}.id AND s.etablissement IN ({marks})))"
    )
    return clause, ordered + ordered


class DataAccess:
    """Scoped, audited access to the record for one request.

    :ivar usagers: usagers and identities.
    :ivar sejours: séjours.
    :ivar documents: documents and their content.
    :ivar organisations: organismes gestionnaires and établissements.
    :ivar professionals: professionals and memberships.
    """

    def __init__(self, context: RequestContext, client_ip: str | None = None) -> None:
        self.context = context
        self.db = context.runtime.db
        self.principal = context.principal
        self.audit = AuditTrail(
            self.db,
            context.principal,
            context.request_id,
            client_ip=client_ip,
            operation=context.operation,
        )
        #: usagers whose record this request was allowed to open (child loads are checked against it)
        self.opened_usagers: set[uuid.UUID] = set()

    # Services are created on first use: most requests touch one or two of them.

    @cached_property
    def usagers(self) -> UsagerService:
        from opendui.access.usagers import UsagerService

        return UsagerService(self)

    @cached_property
    def sejours(self) -> SejourService:
        from opendui.access.sejours import SejourService

        return SejourService(self)

    @cached_property
    def documents(self) -> DocumentService:
        from opendui.access.documents import DocumentService

        return DocumentService(self)

    @cached_property
    def organisations(self) -> OrganisationService:
        from opendui.access.organisations import OrganisationService

        return OrganisationService(self)

    @cached_property
    def professionals(self) -> ProfessionalService:
        from opendui.access.professionals import ProfessionalService

        return ProfessionalService(self)

    # -- scope --------------------------------------------------------------------------------

    def visible_etablissements(self) -> list[uuid.UUID] | None:
        """Établissement ids in scope, or ``None`` for "all" (the system actor)."""
        if self.principal.is_system:
            return None
        return sorted(self.principal.etablissement_ids, key=lambda etab: etab.int)

    def usager_scope(self, alias: str = "u") -> tuple[str, list[Any]]:
        """SQL condition (and its arguments) selecting the usagers the principal may see.

        A usager is visible to the members of their établissement of attachment and of every
        établissement where they have a séjour. Nobody else sees them: with no membership the
        condition is false.
        """
        if self.principal.is_system:
            return "1 = 1", []
        clause, args = _scope_for(self.principal.etablissement_ids, alias)
        return clause, list(args)

    def opened(self, usager_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
        """Keep only usagers this request was allowed to open (defence in depth for loaders)."""
        if self.principal.is_system:
            return list(usager_ids)
        return [uid for uid in usager_ids if uid in self.opened_usagers]

    async def etablissements_of_usager(self, usager_id: uuid.UUID) -> set[uuid.UUID]:
        """Établissements a usager belongs to: attachment and every open séjour."""
        rows = await self.db.fetch(
            "SELECT u.etablissement AS etab FROM core_usager u WHERE u.id = {} "
            "UNION SELECT s.etablissement AS etab FROM core_sejour s WHERE s.usager = {} AND s.status = 'open'",
            usager_id,
            usager_id,
        )
        return {row["etab"] for row in rows}

    async def require_on_usager(self, permission: str, usager_id: uuid.UUID, *, object_type: str = "Permission") -> None:
        """Raise ``FORBIDDEN`` (audited) unless ``permission`` is held in one of the usager's
        établissements (attachment or open séjour). Check visibility first (``usagers.get``)."""
        for etablissement_id in sorted(await self.etablissements_of_usager(usager_id), key=lambda e: e.int):
            if self.context.can(permission, etablissement_id):
                return
        self.context.require(permission, uuid.UUID(int=0), usager_id=usager_id, object_type=object_type)

    # -- writes -------------------------------------------------------------------------------

    @asynccontextmanager
    async def write(self) -> AsyncIterator[None]:
        """A write transaction that commits with its audit entries, or not at all."""
        mark = self.audit.mark()
        try:
            async with self.db.transaction():
                yield
                await self.audit.flush()
        except BaseException:
            self.audit.discard_writes_after(mark)
            raise

    async def emit(self, hook_name: str, **kwargs: Any) -> None:
        """Dispatch a domain event to the plugins (inside the current write transaction)."""
        await dispatch(self.context.runtime.pm, hook_name, context=self.context, **kwargs)

    async def finish(self) -> None:
        """Flush the reads and denials of the request (called when the response is produced)."""
        if self.audit.pending:
            async with self.db.transaction():
                await self.audit.flush()
