"""Immutable records returned by the data-access layer and served by GraphQL.

They are plain slotted dataclasses built straight from database rows (no ORM objects on hot paths).
GraphQL types read their attributes; plugins receive them in domain events.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, TypeVar

R = TypeVar("R")


@cache
def _field_names(cls: type, prefix: str) -> tuple[str, ...]:
    return tuple(prefix + f.name for f in fields(cls))


def from_row(cls: type[R], row: dict[str, Any], prefix: str = "") -> R:
    """Build a record from a row, reading ``prefix + field`` for each field (in field order)."""
    return cls(*[row[name] for name in _field_names(cls, prefix)])


def as_uuid(value: Any) -> uuid.UUID:
    """Rows from SQLite raw queries may carry UUIDs as text."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


@dataclass(frozen=True, slots=True)
class OrganismeRecord:
    id: uuid.UUID
    finess_ej: str
    raison_sociale: str
    siren: str | None
    version: int


@dataclass(frozen=True, slots=True)
class EtablissementRecord:
    id: uuid.UUID
    organisme: uuid.UUID
    finess_et: str
    name: str
    categorie_code: str
    secteur_activite: str | None
    address_line: str | None
    postal_code: str | None
    city: str | None
    active: bool
    version: int


@dataclass(frozen=True, slots=True)
class ProfessionalRecord:
    id: uuid.UUID
    login: str
    id_nat_ps: str | None
    rpps: str | None
    adeli: str | None
    last_name: str
    first_name: str
    profession_system: str
    profession_code: str
    email: str | None
    active: bool
    version: int


@dataclass(frozen=True, slots=True)
class MembershipRecord:
    id: uuid.UUID
    professional: uuid.UUID
    etablissement: uuid.UUID
    role: str


@dataclass(frozen=True, slots=True)
class UsagerRecord:
    id: uuid.UUID
    etablissement: uuid.UUID
    ipp: str
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True, slots=True)
class IdentityRecord:
    id: uuid.UUID
    usager: uuid.UUID
    birth_name: str
    birth_given_names: list[str]
    first_birth_given_name: str
    used_name: str | None
    used_given_name: str | None
    birth_date: dt.date
    sex: str
    birthplace_code: str | None
    ins_matricule: str | None
    ins_oid: str | None
    status: str
    attributes: list[str]
    validation_mode: str | None
    validation_document: str | None
    validated_at: dt.datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class SejourRecord:
    id: uuid.UUID
    usager: uuid.UUID
    etablissement: uuid.UUID
    numero_dossier: str | None
    type_accueil: str
    admission_date: dt.date | None
    entry_date: dt.date
    planned_exit_date: dt.date | None
    exit_date: dt.date | None
    entry_mode_label: str | None
    exit_mode_label: str | None
    status: str
    version: int


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    id: uuid.UUID
    usager: uuid.UUID
    etablissement: uuid.UUID | None
    set_id: uuid.UUID
    version_number: int
    status: str
    title: str
    type_code: str
    type_system: str
    class_code: str
    format_code: str
    confidentiality: str
    section: str
    author: uuid.UUID | None
    creation_time: dt.datetime
    service_start: dt.datetime | None
    service_stop: dt.datetime | None
    filename: str
    mime_type: str
    size: int
    sha256: str
    storage_backend: str
    storage_key: str
    created_at: dt.datetime
