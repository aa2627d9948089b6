"""GraphQL surface: the ``pathos`` namespace and ``Usager.pathosLatestCoupe``."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import strawberry
from opendui_sdk import RequestContext
from opendui_sdk.graphql import OpenDUIInfo, parse_id
from strawberry.dataloader import DataLoader

from opendui_pathos import census, service
from opendui_pathos.model import PROFILS_DE_SOINS, ProfilDeSoins

#: Name of the per-request loader of the latest coupe of each usager.
LATEST_LOADER = "pathos.latest_coupe"

PathosProfil = strawberry.enum(
    ProfilDeSoins, name="PathosProfil", description="The 12 PATHOS profils de soins."
)


@strawberry.enum(name="PathosPointsFormat", description="Format of an uploaded points table.")
class PathosPointsFormat(enum.Enum):
    CSV = "CSV"
    JSON = "JSON"


def _id(value: uuid.UUID | None) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


@strawberry.type(description="A profil de soins and OpenDUI's summary of its meaning.")
class PathosProfilInfo:
    code: PathosProfil  # type: ignore[valid-type]
    group: str
    label: str
    verified: bool = strawberry.field(description="Checked against the CNSA guide itself.")
    note: str


@strawberry.type(description="A couple état pathologique × profil de soins.")
class PathosCouple:
    etat: str = strawberry.field(description="État pathologique code of the licensed thesaurus.")
    profil: PathosProfil  # type: ignore[valid-type]


@strawberry.type(description="The PATHOS evaluation of a resident on the day of a coupe.")
class PathosCoupe:
    id: strawberry.ID
    usager_id: strawberry.ID
    evaluated_on: dt.date
    evaluator_id: strawberry.ID | None
    evaluator_label: str
    created_at: dt.datetime
    supersedes: strawberry.ID | None = strawberry.field(description="The coupe this one corrects.")
    superseded_by: strawberry.ID | None = strawberry.field(description="The correction of this one, if any.")
    superseded: bool
    couples: list[PathosCouple]

    @staticmethod
    def of(record: service.CoupeRecord) -> PathosCoupe:
        return PathosCoupe(
            id=strawberry.ID(str(record.id)),
            usager_id=strawberry.ID(str(record.usager_id)),
            evaluated_on=record.evaluated_on,
            evaluator_id=_id(record.evaluator_id),
            evaluator_label=record.evaluator_label,
            created_at=record.created_at,
            supersedes=_id(record.supersedes),
            superseded_by=_id(record.superseded_by),
            superseded=record.superseded_by is not None,
            couples=[PathosCouple(etat=c.etat, profil=c.profil) for c in record.couples],
        )


@strawberry.type(description="A points table loaded by a user (its figures are never served back).")
class PathosPointsTable:
    id: strawberry.ID
    name: str
    source: str
    licence_note: str
    format: str
    couple_count: int
    loaded_at: dt.datetime
    loaded_by_label: str
    active: bool

    @staticmethod
    def of(record: service.PointsTableRecord) -> PathosPointsTable:
        return PathosPointsTable(
            id=strawberry.ID(str(record.id)),
            name=record.name,
            source=record.source_note,
            licence_note=record.licence_note,
            format=record.source_format,
            couple_count=record.couple_count,
            loaded_at=record.loaded_at,
            loaded_by_label=record.loaded_by_label,
            active=record.active,
        )


@strawberry.type(description="One resident's Pathos points in an indicator calculation.")
class PathosResidentPoints:
    usager_id: strawberry.ID
    coupe_id: strawberry.ID
    evaluated_on: dt.date
    points: str = strawberry.field(description="Exact decimal.")
    smti: bool


@strawberry.type(description="PMP (and GMPS) of an établissement at a date.")
class PathosIndicators:
    etablissement_id: strawberry.ID
    date: dt.date
    residents_present: int = strawberry.field(description="Usagers with a séjour there on the date.")
    residents_evaluated: int = strawberry.field(
        description="Of those, residents with a coupe (PMP denominator)."
    )
    residents_without_coupe: list[strawberry.ID]
    smti_residents: int
    total_points: str = strawberry.field(description="Σ points Pathos, exact decimal.")
    pmp: float | None = strawberry.field(description="Pathos moyen pondéré; null without any coupe.")
    pmp_exact: str | None = strawberry.field(
        description="The PMP as an exact decimal (no rounding prescribed)."
    )
    gmp: float | None
    coefficient: str = strawberry.field(
        description="Coefficient de valorisation used (default 2.59, to verify)."
    )
    gmps: float | None = strawberry.field(description="GMP + PMP × coefficient; null without gmp or coupe.")
    gmps_exact: str | None
    points_table: PathosPointsTable
    residents: list[PathosResidentPoints]

    @staticmethod
    def of(result: census.Census) -> PathosIndicators:
        return PathosIndicators(
            etablissement_id=strawberry.ID(str(result.etablissement_id)),
            date=result.on,
            residents_present=len(result.residents) + len(result.without_coupe),
            residents_evaluated=len(result.residents),
            residents_without_coupe=[strawberry.ID(str(u)) for u in result.without_coupe],
            smti_residents=result.smti_residents,
            total_points=str(result.total_points),
            pmp=float(result.pmp) if result.pmp is not None else None,
            pmp_exact=str(result.pmp) if result.pmp is not None else None,
            gmp=float(result.gmp) if result.gmp is not None else None,
            coefficient=str(result.coefficient),
            gmps=float(result.gmps) if result.gmps is not None else None,
            gmps_exact=str(result.gmps) if result.gmps is not None else None,
            points_table=PathosPointsTable.of(result.table),
            residents=[
                PathosResidentPoints(
                    usager_id=strawberry.ID(str(r.usager_id)),
                    coupe_id=strawberry.ID(str(r.coupe.id)),
                    evaluated_on=r.coupe.evaluated_on,
                    points=str(r.points),
                    smti=r.smti,
                )
                for r in result.residents
            ],
        )


@strawberry.input(description="A couple of a coupe.")
class PathosCoupleInput:
    etat: str = strawberry.field(description="État pathologique code (1-16 letters, digits, . _ -).")
    profil: PathosProfil  # type: ignore[valid-type]


@strawberry.type
class PathosQuery:
    @strawberry.field(description="The 12 profils de soins (labels to verify against the CNSA guide).")
    def profils(self) -> list[PathosProfilInfo]:
        return [
            PathosProfilInfo(code=i.code, group=i.group, label=i.label, verified=i.verified, note=i.note)
            for i in PROFILS_DE_SOINS.values()
        ]

    @strawberry.field(description="Coupes of a usager, newest first, corrected ones included.")
    async def coupes(self, info: OpenDUIInfo, usager_id: strawberry.ID) -> list[PathosCoupe]:
        records = await service.coupes(info.context, parse_id(usager_id, "usagerId"))
        return [PathosCoupe.of(record) for record in records]

    @strawberry.field(description="Loaded points tables, newest first (metadata only).")
    async def points_tables(self) -> list[PathosPointsTable]:
        return [PathosPointsTable.of(record) for record in await service.points_tables()]

    @strawberry.field(
        description="PMP from the latest coupe of each resident present in the établissement on the date; "
        "GMPS when gmp (from the AGGIR side) is given. Needs a loaded points table."
    )
    async def indicators(
        self,
        info: OpenDUIInfo,
        etablissement_id: strawberry.ID,
        date: dt.date,
        gmp: float | None = None,
        coefficient: str | None = None,
    ) -> PathosIndicators:
        result = await census.compute(
            info.context,
            etablissement_id=parse_id(etablissement_id, "etablissementId"),
            on=date,
            gmp=gmp,
            coefficient=coefficient,
        )
        return PathosIndicators.of(result)


@strawberry.type
class PathosMutation:
    @strawberry.mutation(
        description="Record a coupe (couples état × profil; none for a resident without état). "
        "With replaces, the new coupe corrects an earlier one, which is kept as history."
    )
    async def record_coupe(
        self,
        info: OpenDUIInfo,
        usager_id: strawberry.ID,
        evaluated_on: dt.date,
        couples: list[PathosCoupleInput],
        replaces: strawberry.ID | None = None,
    ) -> PathosCoupe:
        record = await service.record_coupe(
            info.context,
            usager_id=parse_id(usager_id, "usagerId"),
            evaluated_on=evaluated_on,
            couples=[(c.etat, ProfilDeSoins(c.profil)) for c in couples],
            replaces=parse_id(replaces, "replaces") if replaces is not None else None,
        )
        return PathosCoupe.of(record)

    @strawberry.mutation(
        description="Load a points table from a licensed source (CSV or JSON text) "
        "and make it the active one."
    )
    async def load_points_table(
        self,
        info: OpenDUIInfo,
        name: str,
        format: PathosPointsFormat,
        content: str,
        source: str = "",
    ) -> PathosPointsTable:
        record = await service.load_points_table(
            info.context, name=name, source_format=format.value, content=content, source=source
        )
        return PathosPointsTable.of(record)


@strawberry.type
class UsagerPathosExtension:
    @strawberry.field(description="The usager's current coupe with the latest date (pathos plugin).")
    async def pathos_latest_coupe(self, info: OpenDUIInfo) -> PathosCoupe | None:
        usager_id: uuid.UUID = self.id  # type: ignore[attr-defined]  # self is the core usager record
        loader: DataLoader[uuid.UUID, PathosCoupe | None] = info.context.loaders[LATEST_LOADER]
        return await loader.load(usager_id)


def loaders(context: RequestContext) -> Mapping[str, DataLoader[Any, Any]]:
    """Per-request loaders of the plugin (one query for a whole page of usagers)."""

    async def latest(keys: Sequence[uuid.UUID]) -> list[PathosCoupe | None]:
        found = await service.latest_by_usagers(context, keys)
        return [PathosCoupe.of(found[key]) if key in found else None for key in keys]

    return {LATEST_LOADER: DataLoader(load_fn=latest)}
