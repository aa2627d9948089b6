"""Core GraphQL object types.

Resolvers receive immutable records (:mod:`opendui.domain.records`) as ``self`` and load related
objects through per-request DataLoaders, so the number of SQL statements of a page does not grow
with its size. Plugins add fields to these types with
:func:`~opendui.hookspecs.register_type_extensions`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from opendui.domain import terminologies

if TYPE_CHECKING:
    from opendui.context import RequestContext

    OpenDUIInfo = Info[RequestContext, None]
else:
    OpenDUIInfo = Info


@strawberry.type(description="A coded value: system (OID or URL), code and display.")
class Coding:
    system: str
    code: str
    display: str | None


@strawberry.type(description="An organisme gestionnaire (legal entity, FINESS EJ).")
class OrganismeGestionnaire:
    id: strawberry.ID
    finess_ej: str
    raison_sociale: str
    siren: str | None
    version: int

    @strawberry.field(description="Établissements of this organisme visible to the caller.")
    async def etablissements(self, info: OpenDUIInfo) -> list[Annotated["Etablissement", strawberry.lazy("opendui.graphql.types")]]:
        return [e for e in await info.context.access.organisations.etablissements() if e.organisme == self.id]  # type: ignore[attr-defined]


@strawberry.type(description="An établissement (FINESS ET): EHPAD, IME, SESSAD, SSIAD...")
class Etablissement:
    id: strawberry.ID
    finess_et: str
    name: str
    categorie_code: str = strawberry.field(description="TRE_R66 catégorie d'établissement.")
    secteur_activite: str | None = strawberry.field(description="TRE_R02 secteur d'activité.")
    address_line: str | None
    postal_code: str | None
    city: str | None
    active: bool
    version: int

    @strawberry.field(description="Label of the TRE_R66 category.")
    def categorie(self) -> str | None:
        code: str = self.categorie_code
        return terminologies.CATEGORIES_ETABLISSEMENT.display(code) if code in terminologies.CATEGORIES_ETABLISSEMENT else None

    @strawberry.field
    async def organisme(self, info: OpenDUIInfo) -> OrganismeGestionnaire:
        return await info.context.loaders["core.organisme"].load(self.organisme)  # type: ignore[attr-defined]


@strawberry.type(description="A professional's role in an établissement.")
class Membership:
    id: strawberry.ID
    role: str

    @strawberry.field
    async def etablissement(self, info: OpenDUIInfo) -> Etablissement:
        return await info.context.loaders["core.etablissement"].load(self.etablissement)  # type: ignore[attr-defined]


@strawberry.type(description="A professional: RPPS/ADELI, profession and memberships.")
class Professional:
    id: strawberry.ID
    login: str
    id_nat_ps: str | None = strawberry.field(description="National id: 8 + RPPS or 0 + ADELI.")
    rpps: str | None
    adeli: str | None
    last_name: str
    first_name: str
    email: str | None
    active: bool
    version: int

    @strawberry.field(description="Profession (TRE_G15) or role (TRE_R85) from the national nomenclatures.")
    def profession(self) -> Coding:
        system: str = self.profession_system  # type: ignore[attr-defined]
        code: str = self.profession_code  # type: ignore[attr-defined]
        return Coding(system=system, code=code, display=terminologies.profession_display(system, code))

    @strawberry.field
    async def memberships(self, info: OpenDUIInfo) -> list[Membership]:
        return await info.context.loaders["core.memberships"].load(self.id)  # type: ignore[arg-type]


@strawberry.type(description="Identity of a usager: traits INS, INS matricule and RNIV status.")
class Identity:
    id: strawberry.ID
    birth_name: str = strawberry.field(description="Nom de naissance (strict trait).")
    birth_given_names: list[str] = strawberry.field(description="Prénoms de naissance, in order (strict trait).")
    first_birth_given_name: str = strawberry.field(description="Premier prénom de naissance.")
    used_name: str | None = strawberry.field(description="Nom utilisé.")
    used_given_name: str | None = strawberry.field(description="Prénom utilisé.")
    birth_date: dt.date
    sex: str = strawberry.field(description="M, F or I (indéterminé; not allowed with an INS).")
    birthplace_code: str | None = strawberry.field(description="INSEE (COG) code of the birth place, 99xxx abroad.")
    ins_matricule: str | None = strawberry.field(description="INS matricule (NIR or NIA, 15 characters).")
    ins_oid: str | None = strawberry.field(description="OID of the INS: NIR, NIA, test or demo.")
    status: str = strawberry.field(description="PROV, RECUP, VALI or QUAL.")
    attributes: list[str] = strawberry.field(description="RNIV attributes: DOUT, FICT, HOMD...")
    validation_mode: str | None
    validation_document: str | None
    validated_at: dt.datetime | None
    version: int


@strawberry.type(description="A séjour: admission, entry and exit in an établissement.")
class Sejour:
    id: strawberry.ID
    numero_dossier: str | None
    type_accueil: str = strawberry.field(description="TRE_R213 mode de prise en charge (46 hébergement...).")
    admission_date: dt.date | None
    entry_date: dt.date
    planned_exit_date: dt.date | None
    exit_date: dt.date | None
    entry_mode_label: str | None
    exit_mode_label: str | None
    status: str = strawberry.field(description="open or closed.")
    version: int

    @strawberry.field
    async def etablissement(self, info: OpenDUIInfo) -> Etablissement:
        return await info.context.loaders["core.etablissement"].load(self.etablissement)  # type: ignore[attr-defined]


@strawberry.type(description="A document version; metadata aligned on the XDS DocumentEntry.")
class Document:
    id: strawberry.ID
    set_id: strawberry.ID = strawberry.field(description="Shared by every version of the document.")
    version_number: int
    status: str = strawberry.field(description="current or superseded.")
    title: str
    type_code: str = strawberry.field(description="LOINC type (XDS typeCode).")
    class_code: str = strawberry.field(description="TRE_A03 class (XDS classCode).")
    format_code: str
    confidentiality: str = strawberry.field(description="N, R or V.")
    section: str = strawberry.field(description="Section of the record the document is filed in.")
    creation_time: dt.datetime
    service_start: dt.datetime | None
    service_stop: dt.datetime | None
    filename: str
    mime_type: str
    size: int
    sha256: str

    @strawberry.field(description="Authenticated download URL of the content.")
    def download_url(self) -> str:
        return f"/documents/{self.id}/content"

    @strawberry.field
    async def author(self, info: OpenDUIInfo) -> Professional | None:
        if self.author is None:  # type: ignore[attr-defined]
            return None
        return await info.context.loaders["core.professional"].load(self.author)  # type: ignore[attr-defined]


@strawberry.type(description="A person supported by an établissement.")
class Usager:
    id: strawberry.ID
    ipp: str = strawberry.field(description="Local identifier (IPP) of the usager.")
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int

    @strawberry.field
    async def identity(self, info: OpenDUIInfo) -> Identity:
        return await info.context.loaders["core.identity"].load(self.id)  # type: ignore[arg-type]

    @strawberry.field(description="Établissement of attachment.")
    async def etablissement(self, info: OpenDUIInfo) -> Etablissement:
        return await info.context.loaders["core.etablissement"].load(self.etablissement)  # type: ignore[attr-defined]

    @strawberry.field
    async def sejours(self, info: OpenDUIInfo) -> list[Sejour]:
        return await info.context.loaders["core.sejours"].load(self.id)  # type: ignore[arg-type]

    @strawberry.field(description="Current versions of the usager's documents, newest first.")
    async def documents(self, info: OpenDUIInfo) -> list[Document]:
        return await info.context.loaders["core.documents"].load(self.id)  # type: ignore[arg-type]

    @strawberry.field(
        description="Who accessed this usager's record, newest first (the audit trail: reads, "
        "changes, exports and denied attempts). Reading it is itself audited."
    )
    async def access_log(
        self, info: OpenDUIInfo, first: int | None = 50, after: str | None = None
    ) -> AccessLogConnection:
        from opendui.access import audit_chain
        from opendui.access.audit import AuditAction

        access = info.context.access
        usager_id = self.id  # a record the usager resolver returned: visible to the caller
        if not access.opened([usager_id]):  # type: ignore[list-item]
            return AccessLogConnection(edges=[], page_info=PageInfo(has_next_page=False, end_cursor=None))
        page = await audit_chain.access_log(
            access.db, usager_id,  # type: ignore[arg-type]
            first=first, after=after, max_page_size=info.context.settings.limits.max_page_size,
        )
        access.audit.add(AuditAction.READ, "AccessLog", usager_id=usager_id)  # type: ignore[arg-type]
        edges = [
            AccessLogEdge(cursor=cursor, node=AccessLogEntry(**entry.__dict__))
            for entry, cursor in zip(page.items, page.cursors, strict=True)
        ]
        end = page.cursors[-1] if page.cursors else None
        info_ = PageInfo(has_next_page=page.has_next_page, end_cursor=end)
        return AccessLogConnection(edges=edges, page_info=info_)


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class UsagerEdge:
    cursor: str
    node: Usager


@strawberry.type(description="A page of usagers (Relay connection).")
class UsagerConnection:
    edges: list[UsagerEdge]
    page_info: PageInfo
    _search: strawberry.Private[str | None]

    @strawberry.field(description="Number of usagers matching the search that the caller may see.")
    async def total_count(self, info: OpenDUIInfo) -> int:
        return await info.context.access.usagers.count(search=self._search)


@strawberry.type(description="One access to a usager's record (an audit entry).")
class AccessLogEntry:
    id: strawberry.Private[int]
    at: dt.datetime
    actor_label: str | None = strawberry.field(description="Who: the professional's name, or the system.")
    actor_kind: str = strawberry.field(description="professional, system...")
    action: str = strawberry.field(description="READ, CREATE, UPDATE or EXPORT.")
    object_type: str = strawberry.field(description="What was accessed: Usager, Identity, Document...")
    outcome: str = strawberry.field(description="ALLOWED or DENIED.")
    operation: str | None = strawberry.field(description="Name of the GraphQL operation or command.")


@strawberry.type
class AccessLogEdge:
    cursor: str
    node: AccessLogEntry


@strawberry.type(description="A page of a usager's access log (Relay connection).")
class AccessLogConnection:
    edges: list[AccessLogEdge]
    page_info: PageInfo


@strawberry.type(description="The caller.")
class Me:
    professional: Professional | None
    roles: list[Membership]
    is_system: bool


CORE_TYPES = {
    "Usager": Usager,
    "Identity": Identity,
    "Sejour": Sejour,
    "Document": Document,
    "Etablissement": Etablissement,
    "Professional": Professional,
}
