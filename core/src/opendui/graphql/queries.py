"""Core root query fields (registered by the ``core_graphql`` default plugin)."""

from __future__ import annotations

import strawberry

from opendui.graphql.ids import parse_id
from opendui.graphql.types import (
    Etablissement,
    Me,
    OpenDUIInfo,
    OrganismeGestionnaire,
    PageInfo,
    Professional,
    Usager,
    UsagerConnection,
    UsagerEdge,
)


@strawberry.type
class CoreQuery:
    @strawberry.field(description="Usagers the caller may see, alphabetically; `search` matches names.")
    async def usagers(
        self,
        info: OpenDUIInfo,
        first: int | None = None,
        after: str | None = None,
        search: str | None = None,
    ) -> UsagerConnection:
        page = await info.context.access.usagers.page(first=first, after=after, search=search)
        edges = [UsagerEdge(cursor=c, node=u) for u, c in zip(page.items, page.cursors, strict=True)]  # type: ignore[arg-type]
        return UsagerConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.cursors[-1] if page.cursors else None),
            _search=search,
        )

    @strawberry.field(description="A usager by id; null when it does not exist or is not visible.")
    async def usager(self, info: OpenDUIInfo, id: strawberry.ID) -> Usager | None:
        found = await info.context.access.usagers.by_ids([parse_id(id)])
        return found.get(parse_id(id))  # type: ignore[return-value]

    @strawberry.field(description="Établissements the caller belongs to.")
    async def etablissements(self, info: OpenDUIInfo) -> list[Etablissement]:
        return await info.context.access.organisations.etablissements()  # type: ignore[return-value]

    @strawberry.field(description="Organismes gestionnaires the caller works for.")
    async def organismes(self, info: OpenDUIInfo) -> list[OrganismeGestionnaire]:
        return await info.context.access.organisations.organismes()  # type: ignore[return-value]

    @strawberry.field(description="Professionals of the caller's établissements (or of one of them).")
    async def professionals(self, info: OpenDUIInfo, etablissement_id: strawberry.ID | None = None) -> list[Professional]:
        etab = parse_id(etablissement_id, "etablissementId") if etablissement_id else None
        return await info.context.access.professionals.list(etab)  # type: ignore[return-value]

    @strawberry.field(description="The caller: professional record and roles.")
    async def me(self, info: OpenDUIInfo) -> Me:
        access = info.context.access
        professional = await access.professionals.me()
        roles = (await access.professionals.memberships([professional.id]))[professional.id] if professional else []
        return Me(professional=professional, roles=roles, is_system=info.context.principal.is_system)  # type: ignore[arg-type]
