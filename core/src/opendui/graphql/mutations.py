"""Core root mutation fields (registered by the ``core_graphql`` default plugin).

Each mutation runs in one transaction with its audit entries: on any error nothing is written and
the error carries a stable ``extensions.code``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import strawberry
from strawberry.file_uploads import Upload

from opendui.access.documents import DocumentInput
from opendui.access.usagers import IdentityInput as ServiceIdentityInput
from opendui.graphql import inputs
from opendui.graphql.ids import parse_id
from opendui.graphql.types import (
    Document,
    Etablissement,
    Identity,
    Membership,
    OpenDUIInfo,
    OrganismeGestionnaire,
    Professional,
    Sejour,
    Usager,
)
from opendui.storage import CHUNK_SIZE

_IDENTITY_FIELDS = (
    "birth_name", "birth_given_names", "birth_date", "sex", "birthplace_code", "used_name",
    "used_given_name", "status", "validation_mode", "validation_document", "attributes",
)


async def _chunks(upload: Upload) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK_SIZE):  # type: ignore[attr-defined]
        yield chunk


@strawberry.type
class CoreMutation:
    @strawberry.mutation(description="Create a usager with their first identity in an établissement.")
    async def create_usager(self, info: OpenDUIInfo, input: inputs.CreateUsagerInput) -> Usager:
        data = input.identity
        record = await info.context.access.usagers.create(
            parse_id(input.etablissement_id, "etablissementId"),
            ServiceIdentityInput(
                birth_name=data.birth_name,
                birth_given_names=data.birth_given_names,
                birth_date=data.birth_date,
                sex=data.sex,
                birthplace_code=data.birthplace_code,
                used_name=data.used_name,
                used_given_name=data.used_given_name,
                ins_matricule=data.ins.matricule if data.ins else None,
                ins_oid=data.ins.oid if data.ins else None,
                status=data.status,
                validation_mode=data.validation_mode,
                validation_document=data.validation_document,
                attributes=data.attributes,
            ),
        )
        return record  # type: ignore[return-value]

    @strawberry.mutation(description="Change identity traits or status (optimistic concurrency on version).")
    async def update_identity(self, info: OpenDUIInfo, input: inputs.UpdateIdentityInput) -> Identity:
        changes = inputs.provided(input, *_IDENTITY_FIELDS)
        if input.ins is not strawberry.UNSET:
            changes["ins_matricule"] = input.ins.matricule if input.ins else None
            changes["ins_oid"] = input.ins.oid if input.ins else None
        record = await info.context.access.usagers.update_identity(
            parse_id(input.usager_id, "usagerId"), input.version, changes
        )
        return record  # type: ignore[return-value]

    @strawberry.mutation(description="Open a séjour (admission) of a usager in an établissement.")
    async def open_sejour(self, info: OpenDUIInfo, input: inputs.OpenSejourInput) -> Sejour:
        record = await info.context.access.sejours.open(
            usager_id=parse_id(input.usager_id, "usagerId"),
            etablissement_id=parse_id(input.etablissement_id, "etablissementId"),
            type_accueil=input.type_accueil,
            entry_date=input.entry_date,
            admission_date=input.admission_date,
            planned_exit_date=input.planned_exit_date,
            numero_dossier=input.numero_dossier,
            entry_mode_label=input.entry_mode_label,
        )
        return record  # type: ignore[return-value]

    @strawberry.mutation(description="Close a séjour (exit).")
    async def close_sejour(self, info: OpenDUIInfo, input: inputs.CloseSejourInput) -> Sejour:
        record = await info.context.access.sejours.close(
            parse_id(input.sejour_id, "sejourId"),
            exit_date=input.exit_date,
            expected_version=input.version,
            exit_mode_label=input.exit_mode_label,
        )
        return record  # type: ignore[return-value]

    @strawberry.mutation(description="Add a document (multipart upload), or a new version of one.")
    async def upload_document(
        self, info: OpenDUIInfo, input: inputs.UploadDocumentInput, file: Upload
    ) -> Document:
        try:
            record = await info.context.access.documents.add(
                DocumentInput(
                    usager_id=parse_id(input.usager_id, "usagerId"),
                    title=input.title,
                    type_code=input.type_code,
                    section=input.section,
                    filename=getattr(file, "filename", None) or "document",
                    mime_type=(getattr(file, "content_type", None) or "application/octet-stream").split(";")[0].strip(),
                    confidentiality=input.confidentiality,
                    format_code=input.format_code,
                    service_start=input.service_start,
                    service_stop=input.service_stop,
                    replaces=parse_id(input.replaces, "replaces") if input.replaces else None,
                ),
                _chunks(file),
            )
        finally:
            await file.close()  # type: ignore[attr-defined]  # release the spooled temporary file now
        return record  # type: ignore[return-value]

    @strawberry.mutation(description="Create an organisme gestionnaire (platform administrators).")
    async def create_organisme(self, info: OpenDUIInfo, input: inputs.CreateOrganismeInput) -> OrganismeGestionnaire:
        return await info.context.access.organisations.create_organisme(  # type: ignore[return-value]
            finess_ej=input.finess_ej, raison_sociale=input.raison_sociale, siren=input.siren
        )

    @strawberry.mutation
    async def update_organisme(self, info: OpenDUIInfo, input: inputs.UpdateOrganismeInput) -> OrganismeGestionnaire:
        return await info.context.access.organisations.update_organisme(  # type: ignore[return-value]
            parse_id(input.id), input.version, inputs.provided(input, "raison_sociale", "siren")
        )

    @strawberry.mutation
    async def create_etablissement(self, info: OpenDUIInfo, input: inputs.CreateEtablissementInput) -> Etablissement:
        return await info.context.access.organisations.create_etablissement(  # type: ignore[return-value]
            organisme_id=parse_id(input.organisme_id, "organismeId"),
            finess_et=input.finess_et,
            name=input.name,
            categorie_code=input.categorie_code,
            secteur_activite=input.secteur_activite,
            address_line=input.address_line,
            postal_code=input.postal_code,
            city=input.city,
        )

    @strawberry.mutation
    async def update_etablissement(self, info: OpenDUIInfo, input: inputs.UpdateEtablissementInput) -> Etablissement:
        changes = inputs.provided(
            input, "name", "categorie_code", "secteur_activite", "address_line", "postal_code", "city", "active"
        )
        return await info.context.access.organisations.update_etablissement(  # type: ignore[return-value]
            parse_id(input.id), input.version, changes
        )

    @strawberry.mutation
    async def create_professional(self, info: OpenDUIInfo, input: inputs.CreateProfessionalInput) -> Professional:
        return await info.context.access.professionals.create(  # type: ignore[return-value]
            login=input.login,
            last_name=input.last_name,
            first_name=input.first_name,
            profession_system=input.profession_system,
            profession_code=input.profession_code,
            memberships=[(parse_id(m.etablissement_id, "etablissementId"), m.role) for m in input.memberships],
            rpps=input.rpps,
            adeli=input.adeli,
            email=input.email,
        )

    @strawberry.mutation
    async def update_professional(self, info: OpenDUIInfo, input: inputs.UpdateProfessionalInput) -> Professional:
        changes = inputs.provided(
            input, "last_name", "first_name", "profession_system", "profession_code", "email", "active"
        )
        return await info.context.access.professionals.update(  # type: ignore[return-value]
            parse_id(input.id), input.version, changes
        )

    @strawberry.mutation(description="Give a professional a role in an établissement.")
    async def add_membership(
        self, info: OpenDUIInfo, professional_id: strawberry.ID, etablissement_id: strawberry.ID, role: str
    ) -> Membership:
        return await info.context.access.professionals.add_membership(  # type: ignore[return-value]
            parse_id(professional_id, "professionalId"), parse_id(etablissement_id, "etablissementId"), role
        )
