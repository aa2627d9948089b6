"""piccolo tables of the ``core`` app.

Identifiers are random UUIDs (no enumerable ids in a health record). Every mutable table carries a
``version`` column for optimistic concurrency: an update names the version it read and fails with
``CONFLICT`` if someone else changed the row meanwhile.
"""

from __future__ import annotations

from piccolo.columns import (
    UUID,
    Array,
    BigInt,
    BigSerial,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class OrganismeGestionnaire(Table, tablename="core_organisme_gestionnaire"):
    """The legal entity running one or more établissements (FINESS EJ; TDDUI ``EntiteJuridique``)."""

    id = UUID(primary_key=True)
    finess_ej = Varchar(length=9, unique=True)
    raison_sociale = Varchar(length=200)
    siren = Varchar(length=9, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    version = Integer(default=1)


class Etablissement(Table, tablename="core_etablissement"):
    """A geographic establishment (FINESS ET) of an organisme gestionnaire: EHPAD, IME, SESSAD..."""

    id = UUID(primary_key=True)
    organisme = ForeignKey(OrganismeGestionnaire, on_delete=OnDelete.restrict, index=True)
    finess_et = Varchar(length=9, unique=True)
    name = Varchar(length=200)
    categorie_code = Varchar(length=4)
    secteur_activite = Varchar(length=8, null=True, default=None)
    address_line = Varchar(length=200, null=True, default=None)
    postal_code = Varchar(length=5, null=True, default=None)
    city = Varchar(length=100, null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    version = Integer(default=1)


class Professional(Table, tablename="core_professional"):
    """A professional: RPPS or ADELI when they have one, a local login otherwise."""

    id = UUID(primary_key=True)
    login = Varchar(length=100, unique=True)
    id_nat_ps = Varchar(length=30, unique=True, null=True, default=None)
    rpps = Varchar(length=11, unique=True, null=True, default=None)
    adeli = Varchar(length=9, unique=True, null=True, default=None)
    last_name = Varchar(length=100)
    first_name = Varchar(length=100)
    profession_system = Varchar(length=64)
    profession_code = Varchar(length=10)
    email = Varchar(length=200, null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    version = Integer(default=1)


class Membership(Table, tablename="core_membership"):
    """A professional's membership of an établissement, with a role (unique per triple)."""

    id = UUID(primary_key=True)
    professional = ForeignKey(Professional, on_delete=OnDelete.cascade, index=True)
    etablissement = ForeignKey(Etablissement, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=32)
    created_at = Timestamptz()


class Usager(Table, tablename="core_usager"):
    """A person supported by an établissement. Identity traits live in :class:`Identity`."""

    id = UUID(primary_key=True)
    etablissement = ForeignKey(Etablissement, on_delete=OnDelete.restrict, index=True)
    ipp = Varchar(length=32, unique=True)
    status = Varchar(length=16, default="active")
    sort_key = Varchar(length=250, index=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    version = Integer(default=1)


class Identity(Table, tablename="core_identity"):
    """The usager's identity: traits INS, INS matricule and RNIV status (one per usager)."""

    id = UUID(primary_key=True)
    usager = ForeignKey(Usager, on_delete=OnDelete.cascade, unique=True)
    birth_name = Varchar(length=100)
    birth_given_names = Array(base_column=Varchar(length=100))
    first_birth_given_name = Varchar(length=100)
    used_name = Varchar(length=100, null=True, default=None)
    used_given_name = Varchar(length=100, null=True, default=None)
    birth_date = Date()
    sex = Varchar(length=1)
    birthplace_code = Varchar(length=5, null=True, default=None)
    ins_matricule = Varchar(length=15, unique=True, null=True, default=None)
    ins_oid = Varchar(length=32, null=True, default=None)
    status = Varchar(length=4, default="PROV")
    attributes = Array(base_column=Varchar(length=8))
    validation_mode = Varchar(length=8, null=True, default=None)
    validation_document = Varchar(length=100, null=True, default=None)
    validated_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    version = Integer(default=1)


class Sejour(Table, tablename="core_sejour"):
    """A stay: admission, entry and exit of a usager in an établissement (TDDUI ``Sejour``)."""

    id = UUID(primary_key=True)
    usager = ForeignKey(Usager, on_delete=OnDelete.restrict, index=True)
    etablissement = ForeignKey(Etablissement, on_delete=OnDelete.restrict, index=True)
    numero_dossier = Varchar(length=40, null=True, default=None)
    type_accueil = Varchar(length=4)
    admission_date = Date(null=True, default=None)
    entry_date = Date()
    planned_exit_date = Date(null=True, default=None)
    exit_date = Date(null=True, default=None)
    entry_mode_label = Varchar(length=200, null=True, default=None)
    exit_mode_label = Varchar(length=200, null=True, default=None)
    status = Varchar(length=8, default="open")
    created_at = Timestamptz()
    updated_at = Timestamptz()
    version = Integer(default=1)


class Document(Table, tablename="core_document"):
    """One version of a document of the record; metadata aligned on IHE XDS DocumentEntry.

    Versions of the same logical document share ``set_id``; a new version supersedes the previous
    one (``status='superseded'``) and never erases it.
    """

    id = UUID(primary_key=True)
    usager = ForeignKey(Usager, on_delete=OnDelete.restrict, index=True)
    etablissement = ForeignKey(Etablissement, on_delete=OnDelete.restrict, null=True)
    set_id = UUID(index=True)
    version_number = Integer(default=1)
    status = Varchar(length=12, default="current")
    title = Varchar(length=250)
    type_code = Varchar(length=20)
    type_system = Varchar(length=64)
    class_code = Varchar(length=20)
    format_code = Varchar(length=100)
    confidentiality = Varchar(length=1, default="N")
    section = Varchar(length=40)
    author = ForeignKey(Professional, on_delete=OnDelete.restrict, null=True)
    creation_time = Timestamptz()
    service_start = Timestamptz(null=True, default=None)
    service_stop = Timestamptz(null=True, default=None)
    filename = Varchar(length=250)
    mime_type = Varchar(length=100)
    size = BigInt()
    sha256 = Varchar(length=64)
    storage_backend = Varchar(length=40)
    storage_key = Varchar(length=200)
    created_at = Timestamptz()


class AuditEntry(Table, tablename="core_audit_entry"):
    """One access to usager data: who, which usager and object, what, when, from where, outcome.

    Rows are only ever inserted. ``usager_id`` is not a foreign key: the trail outlives the data.
    """

    id = BigSerial(primary_key=True)
    at = Timestamptz()
    request_id = Varchar(length=36)
    actor_kind = Varchar(length=16)
    actor_id = Varchar(length=64, null=True, default=None)
    actor_label = Varchar(length=200, null=True, default=None)
    action = Varchar(length=16)
    outcome = Varchar(length=8)
    usager_id = UUID(null=True, default=None, index=True)
    object_type = Varchar(length=40)
    object_id = Varchar(length=64, null=True, default=None)
    operation = Varchar(length=100, null=True, default=None)
    client_ip = Varchar(length=45, null=True, default=None)
    details = Text(default="")
    #: hash of the previous entry (id order); columns added by the ``audit_chain`` migration
    prev_hash = Varchar(length=64, null=True, default=None)
    #: SHA-256 of this entry's fields and ``prev_hash`` (see :mod:`opendui.access.audit_chain`)
    hash = Varchar(length=64, null=True, default=None)


class AuditCheckpoint(Table, tablename="core_audit_checkpoint"):
    """An anchor left by a purge: the id and hash of the last entry removed.

    ``opendui audit verify`` starts from the latest checkpoint. Created by raw SQL in the
    ``audit_chain`` migration.
    """

    id = BigSerial(primary_key=True)
    created_at = Timestamptz()
    last_entry_id = BigInt()
    last_hash = Varchar(length=64)
    entries_purged = BigInt(default=0)
    reason = Text(default="")


CORE_TABLES: tuple[type[Table], ...] = (
    OrganismeGestionnaire,
    Etablissement,
    Professional,
    Membership,
    Usager,
    Identity,
    Sejour,
    Document,
    AuditEntry,
    AuditCheckpoint,
)
