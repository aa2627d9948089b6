"""Core GraphQL input types."""

from __future__ import annotations

import datetime as dt

import strawberry


@strawberry.input(description="An INS matricule and its OID.")
class InsInput:
    matricule: str = strawberry.field(description="15 characters: NIR or NIA and its 2-digit key.")
    oid: str | None = strawberry.field(default=None, description="Defaults to the INS-NIR OID 1.2.250.1.213.1.4.8.")


@strawberry.input(description="Identity traits of a new usager.")
class IdentityInput:
    birth_name: str
    birth_given_names: list[str]
    birth_date: dt.date
    sex: str
    birthplace_code: str | None = None
    used_name: str | None = None
    used_given_name: str | None = None
    ins: InsInput | None = None
    status: str = "PROV"
    validation_mode: str | None = None
    validation_document: str | None = None
    attributes: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class CreateUsagerInput:
    etablissement_id: strawberry.ID
    identity: IdentityInput


@strawberry.input(description="Fields to change; omitted fields keep their value.")
class UpdateIdentityInput:
    usager_id: strawberry.ID
    version: int = strawberry.field(description="The identity version the change is based on.")
    birth_name: str | None = strawberry.UNSET
    birth_given_names: list[str] | None = strawberry.UNSET
    birth_date: dt.date | None = strawberry.UNSET
    sex: str | None = strawberry.UNSET
    birthplace_code: str | None = strawberry.UNSET
    used_name: str | None = strawberry.UNSET
    used_given_name: str | None = strawberry.UNSET
    ins: InsInput | None = strawberry.UNSET
    status: str | None = strawberry.UNSET
    validation_mode: str | None = strawberry.UNSET
    validation_document: str | None = strawberry.UNSET
    attributes: list[str] | None = strawberry.UNSET


@strawberry.input
class OpenSejourInput:
    usager_id: strawberry.ID
    etablissement_id: strawberry.ID
    type_accueil: str = strawberry.field(description="TRE_R213 code, e.g. 46 hébergement, 47 accueil de jour.")
    entry_date: dt.date
    admission_date: dt.date | None = None
    planned_exit_date: dt.date | None = None
    numero_dossier: str | None = None
    entry_mode_label: str | None = None


@strawberry.input
class CloseSejourInput:
    sejour_id: strawberry.ID
    version: int
    exit_date: dt.date
    exit_mode_label: str | None = None


@strawberry.input
class UploadDocumentInput:
    usager_id: strawberry.ID
    title: str
    type_code: str = strawberry.field(description="LOINC document type of the CI-SIS value set.")
    section: str = strawberry.field(description="administratif, social_educatif, accompagnement or sante.")
    confidentiality: str = "N"
    format_code: str | None = None
    service_start: dt.datetime | None = None
    service_stop: dt.datetime | None = None
    replaces: strawberry.ID | None = strawberry.field(default=None, description="Id of the version this one supersedes.")


@strawberry.input
class CreateOrganismeInput:
    finess_ej: str
    raison_sociale: str
    siren: str | None = None


@strawberry.input
class UpdateOrganismeInput:
    id: strawberry.ID
    version: int
    raison_sociale: str | None = strawberry.UNSET
    siren: str | None = strawberry.UNSET


@strawberry.input
class CreateEtablissementInput:
    organisme_id: strawberry.ID
    finess_et: str
    name: str
    categorie_code: str
    secteur_activite: str | None = None
    address_line: str | None = None
    postal_code: str | None = None
    city: str | None = None


@strawberry.input
class UpdateEtablissementInput:
    id: strawberry.ID
    version: int
    name: str | None = strawberry.UNSET
    categorie_code: str | None = strawberry.UNSET
    secteur_activite: str | None = strawberry.UNSET
    address_line: str | None = strawberry.UNSET
    postal_code: str | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


@strawberry.input
class MembershipInput:
    etablissement_id: strawberry.ID
    role: str


@strawberry.input
class CreateProfessionalInput:
    login: str
    last_name: str
    first_name: str
    profession_system: str = strawberry.field(description="1.2.250.1.71.1.2.7 (TRE_G15) or the TRE_R85 system.")
    profession_code: str
    memberships: list[MembershipInput]
    rpps: str | None = None
    adeli: str | None = None
    email: str | None = None


@strawberry.input
class UpdateProfessionalInput:
    id: strawberry.ID
    version: int
    last_name: str | None = strawberry.UNSET
    first_name: str | None = strawberry.UNSET
    profession_system: str | None = strawberry.UNSET
    profession_code: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


def provided(value: object, *names: str) -> dict[str, object]:
    """The fields of an input that were given (``UNSET`` ones are left out), snake_cased."""
    return {name: getattr(value, name) for name in names if getattr(value, name) is not strawberry.UNSET}
