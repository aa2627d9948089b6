"""GraphQL surface: the ``aggir`` namespace, ``Usager.aggirLatestEvaluation`` and ``Usager.aggirGir``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import strawberry
from opendui_sdk import RequestContext
from opendui_sdk.graphql import OpenDUIInfo, parse_id
from strawberry.dataloader import DataLoader

from opendui_aggir import census, service
from opendui_aggir.adverbs import score_adverbs
from opendui_aggir.gmp import GIR_POINTS
from opendui_aggir.variables import SUB_VARIABLES, VARIABLES

#: Name of the per-request loader of the latest evaluation of each usager.
LATEST_LOADER = "aggir.latest_evaluation"


def _id(value: uuid.UUID | None) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


# -- the grid -------------------------------------------------------------------------------------


@strawberry.type(description="A sub-variable of a discriminant AGGIR variable (guide de remplissage).")
class AggirSubVariable:
    key: str
    label: str


@strawberry.type(description="A variable of the grille nationale AGGIR (CASF annexe 2-1).")
class AggirVariable:
    key: str = strawberry.field(description="Stable key, also the field name in codes and adverbs inputs.")
    label: str
    description: str
    discriminante: bool = strawberry.field(description="True for the 10 variables that give the GIR.")
    sub_variables: list[AggirSubVariable] = strawberry.field(
        description="Judged separately then combined; empty when the variable is coded directly."
    )


# -- evaluations ----------------------------------------------------------------------------------


@strawberry.type(description="The modalités (A fait seul, B partiellement, C ne fait pas) of a grid.")
class AggirCodes:
    coherence: str
    orientation: str
    toilette: str
    habillage: str
    alimentation: str
    elimination: str
    transferts: str
    deplacement_interieur: str
    deplacement_exterieur: str
    communication: str
    gestion: str | None
    cuisine: str | None
    menage: str | None
    transports: str | None
    achats: str | None
    suivi_traitement: str | None
    activites_temps_libre: str | None


@strawberry.type(description="The adverb answers of one variable or sub-variable and the modalité they give.")
class AggirAdverbAnswer:
    variable: str
    sub_variable: str | None
    s: bool = strawberry.field(description="Spontanément.")
    t: bool = strawberry.field(description="Totalement.")
    c: bool = strawberry.field(description="Correctement.")
    h: bool = strawberry.field(description="Habituellement.")
    modalite: str


def _adverb_answers(adverbs: Mapping[str, Any]) -> list[AggirAdverbAnswer]:
    result = []
    for key in VARIABLES:
        if key not in adverbs:
            continue
        subs = SUB_VARIABLES.get(key)
        pairs = [(sub, adverbs[key][sub]) for sub in subs] if subs else [(None, adverbs[key])]
        for sub, answers in pairs:
            result.append(
                AggirAdverbAnswer(
                    variable=key,
                    sub_variable=sub,
                    s=answers["S"],
                    t=answers["T"],
                    c=answers["C"],
                    h=answers["H"],
                    modalite=score_adverbs(answers, f"{key}.{sub}" if sub else key),
                )
            )
    return result


@strawberry.type(description="A grille AGGIR of a usager and its GIR (CASF annexes 2-1 and 2-2).")
class AggirEvaluation:
    id: strawberry.ID
    usager_id: strawberry.ID
    evaluated_on: dt.date
    evaluator_id: strawberry.ID | None
    evaluator_label: str
    created_at: dt.datetime
    codes: AggirCodes
    adverbs: list[AggirAdverbAnswer] | None = strawberry.field(
        description="The S/T/C/H answers the grid was computed from; null when coded directly."
    )
    gir: int = strawberry.field(description="Groupe iso-ressources, 1 (most dependent) to 6.")
    rang: int = strawberry.field(description="Rang of annexe 2-2 (1 to 13).")
    groupe: str = strawberry.field(description="Group (A to H) of annexe 2-2 whose threshold gave the rang.")
    score: int = strawberry.field(description="Sum of the weights of that group.")
    profile: str = strawberry.field(description="The 10 discriminant modalités in annexe order.")
    supersedes: strawberry.ID | None = strawberry.field(description="The evaluation this one corrects.")
    superseded_by: strawberry.ID | None = strawberry.field(description="The correction of this one, if any.")
    superseded: bool

    @staticmethod
    def of(record: service.EvaluationRecord) -> AggirEvaluation:
        return AggirEvaluation(
            id=strawberry.ID(str(record.id)),
            usager_id=strawberry.ID(str(record.usager_id)),
            evaluated_on=record.evaluated_on,
            evaluator_id=_id(record.evaluator_id),
            evaluator_label=record.evaluator_label,
            created_at=record.created_at,
            codes=AggirCodes(**record.codes),  # type: ignore[arg-type]
            adverbs=_adverb_answers(record.adverbs) if record.adverbs is not None else None,
            gir=record.gir,
            rang=record.rang,
            groupe=record.groupe,
            score=record.score,
            profile=record.profile,
            supersedes=_id(record.supersedes),
            superseded_by=_id(record.superseded_by),
            superseded=record.superseded_by is not None,
        )


# -- GMP ------------------------------------------------------------------------------------------


@strawberry.type(description="Residents of one GIR in a GMP calculation.")
class AggirGirCount:
    gir: int
    residents: int
    points: int = strawberry.field(description="Points GIR of this GIR (CASF annexe 3-6).")


@strawberry.type(description="One resident's GIR in a GMP calculation.")
class AggirResidentGir:
    usager_id: strawberry.ID
    evaluation_id: strawberry.ID
    evaluated_on: dt.date
    gir: int
    points: int


@strawberry.type(description="GIR moyen pondéré of an établissement at a date (CASF R314-170-1, annexe 3-6).")
class AggirGmp:
    etablissement_id: strawberry.ID
    date: dt.date
    residents_present: int = strawberry.field(description="Usagers with a séjour there on the date.")
    residents_evaluated: int = strawberry.field(
        description="Of those, residents with an evaluation dated on or before the date (GMP denominator)."
    )
    residents_without_evaluation: list[strawberry.ID]
    residents_by_gir: list[AggirGirCount] = strawberry.field(description="GIR 1 to 6, zeros included.")
    total_points: int = strawberry.field(description="Σ points GIR.")
    gmp: float | None = strawberry.field(description="GMP as a float; null when no resident is evaluated.")
    gmp_exact: str | None = strawberry.field(
        description="GMP as a decimal string, unrounded (no rounding is prescribed)."
    )
    gmp_rounded: int | None = strawberry.field(description="GMP rounded half up, for display only.")
    exact: bool | None = strawberry.field(description="Whether gmpExact is the exact quotient.")
    residents: list[AggirResidentGir]

    @staticmethod
    def of(found: census.Census) -> AggirGmp:
        result = found.result
        counts = result.residents_by_gir if result is not None else dict.fromkeys(range(1, 7), 0)
        return AggirGmp(
            etablissement_id=strawberry.ID(str(found.etablissement_id)),
            date=found.on,
            residents_present=len(found.present),
            residents_evaluated=len(found.residents),
            residents_without_evaluation=[strawberry.ID(str(u)) for u in found.without_evaluation],
            residents_by_gir=[
                AggirGirCount(gir=gir, residents=counts[gir], points=GIR_POINTS[gir]) for gir in range(1, 7)
            ],
            total_points=result.total_points if result is not None else 0,
            gmp=float(result.gmp) if result is not None else None,
            gmp_exact=str(result.gmp) if result is not None else None,
            gmp_rounded=result.gmp_rounded if result is not None else None,
            exact=result.exact if result is not None else None,
            residents=[
                AggirResidentGir(
                    usager_id=strawberry.ID(str(r.usager_id)),
                    evaluation_id=strawberry.ID(str(r.evaluation.id)),
                    evaluated_on=r.evaluation.evaluated_on,
                    gir=r.evaluation.gir,
                    points=r.points,
                )
                for r in found.residents
            ],
        )


# -- inputs ---------------------------------------------------------------------------------------


@strawberry.input(
    description="Modalités A, B or C (case ignored): the 10 discriminant variables, illustrative optional."
)
class AggirCodesInput:
    coherence: str
    orientation: str
    toilette: str
    habillage: str
    alimentation: str
    elimination: str
    transferts: str
    deplacement_interieur: str
    deplacement_exterieur: str
    communication: str
    gestion: str | None = None
    cuisine: str | None = None
    menage: str | None = None
    transports: str | None = None
    achats: str | None = None
    suivi_traitement: str | None = None
    activites_temps_libre: str | None = None


@strawberry.input(description="The four adverbs of one (sub-)variable: true when the activity is done so.")
class AggirAdverbInput:
    s: bool = strawberry.field(description="Spontanément.")
    t: bool = strawberry.field(description="Totalement.")
    c: bool = strawberry.field(description="Correctement.")
    h: bool = strawberry.field(description="Habituellement.")


@strawberry.input(description="Cohérence: its two sub-variables.")
class AggirCoherenceAdverbsInput:
    communication: AggirAdverbInput
    comportement: AggirAdverbInput


@strawberry.input(description="Orientation: its two sub-variables.")
class AggirOrientationAdverbsInput:
    temps: AggirAdverbInput
    espace: AggirAdverbInput


@strawberry.input(description="Toilette: its two sub-variables.")
class AggirToiletteAdverbsInput:
    haut: AggirAdverbInput
    bas: AggirAdverbInput


@strawberry.input(description="Habillage: its three sub-variables.")
class AggirHabillageAdverbsInput:
    haut: AggirAdverbInput
    moyen: AggirAdverbInput
    bas: AggirAdverbInput


@strawberry.input(description="Alimentation: its two sub-variables.")
class AggirAlimentationAdverbsInput:
    se_servir: AggirAdverbInput
    manger: AggirAdverbInput


@strawberry.input(description="Élimination: its two sub-variables.")
class AggirEliminationAdverbsInput:
    urinaire: AggirAdverbInput
    fecale: AggirAdverbInput


@strawberry.input(description="S/T/C/H answers per variable or sub-variable; illustrative ones optional.")
class AggirAdverbsInput:
    coherence: AggirCoherenceAdverbsInput
    orientation: AggirOrientationAdverbsInput
    toilette: AggirToiletteAdverbsInput
    habillage: AggirHabillageAdverbsInput
    alimentation: AggirAlimentationAdverbsInput
    elimination: AggirEliminationAdverbsInput
    transferts: AggirAdverbInput
    deplacement_interieur: AggirAdverbInput
    deplacement_exterieur: AggirAdverbInput
    communication: AggirAdverbInput
    gestion: AggirAdverbInput | None = None
    cuisine: AggirAdverbInput | None = None
    menage: AggirAdverbInput | None = None
    transports: AggirAdverbInput | None = None
    achats: AggirAdverbInput | None = None
    suivi_traitement: AggirAdverbInput | None = None
    activites_temps_libre: AggirAdverbInput | None = None


def _answers(value: AggirAdverbInput) -> dict[str, bool]:
    return {"S": value.s, "T": value.t, "C": value.c, "H": value.h}


def adverbs_to_domain(value: AggirAdverbsInput) -> dict[str, object]:
    """The input in the form :func:`opendui_aggir.codes_from_adverbs` reads (annexe order)."""
    result: dict[str, object] = {}
    for key in VARIABLES:
        given = getattr(value, key)
        if given is None:
            continue
        subs = SUB_VARIABLES.get(key)
        result[key] = {sub: _answers(getattr(given, sub)) for sub in subs} if subs else _answers(given)
    return result


def codes_to_domain(value: AggirCodesInput) -> dict[str, object]:
    """The input as ``{variable: modalité}`` (illustrative variables left out when null)."""
    fields = dataclasses.fields(value)  # strawberry inputs are dataclasses
    return {f.name: getattr(value, f.name) for f in fields if getattr(value, f.name) is not None}


# -- roots ----------------------------------------------------------------------------------------


@strawberry.type
class AggirQuery:
    @strawberry.field(description="The grille AGGIR: 10 discriminant, then 7 illustrative variables.")
    def variables(self) -> list[AggirVariable]:
        return [
            AggirVariable(
                key=v.key,
                label=v.label,
                description=v.description,
                discriminante=v.discriminante,
                sub_variables=[AggirSubVariable(key=s.key, label=s.label) for s in v.sub_variables],
            )
            for v in VARIABLES.values()
        ]

    @strawberry.field(description="Evaluations of a usager, newest first, corrected ones included.")
    async def evaluations(self, info: OpenDUIInfo, usager_id: strawberry.ID) -> list[AggirEvaluation]:
        records = await service.evaluations(info.context, parse_id(usager_id, "usagerId"))
        return [AggirEvaluation.of(record) for record in records]

    @strawberry.field(
        description="GIR moyen pondéré of the residents present in the établissement on the date, each with "
        "their latest evaluation dated on or before it."
    )
    async def gmp(self, info: OpenDUIInfo, etablissement_id: strawberry.ID, date: dt.date) -> AggirGmp:
        found = await census.compute(
            info.context, etablissement_id=parse_id(etablissement_id, "etablissementId"), on=date
        )
        return AggirGmp.of(found)


@strawberry.type
class AggirMutation:
    @strawberry.mutation(
        description="Record a grille AGGIR from either codes or adverbs (exactly one) and compute its GIR. "
        "With replaces, the new grid corrects an earlier one, which is kept as history."
    )
    async def record_evaluation(
        self,
        info: OpenDUIInfo,
        usager_id: strawberry.ID,
        evaluated_on: dt.date,
        codes: AggirCodesInput | None = None,
        adverbs: AggirAdverbsInput | None = None,
        replaces: strawberry.ID | None = None,
    ) -> AggirEvaluation:
        record = await service.record(
            info.context,
            usager_id=parse_id(usager_id, "usagerId"),
            evaluated_on=evaluated_on,
            codes=codes_to_domain(codes) if codes is not None else None,
            adverbs=adverbs_to_domain(adverbs) if adverbs is not None else None,
            replaces=parse_id(replaces, "replaces") if replaces is not None else None,
        )
        return AggirEvaluation.of(record)


@strawberry.type
class UsagerAggirExtension:
    @strawberry.field(description="The usager's current AGGIR evaluation with the latest date (aggir).")
    async def aggir_latest_evaluation(self, info: OpenDUIInfo) -> AggirEvaluation | None:
        usager_id: uuid.UUID = self.id  # type: ignore[attr-defined]  # self is the core usager record
        loader: DataLoader[uuid.UUID, service.EvaluationRecord | None] = info.context.loaders[LATEST_LOADER]
        record = await loader.load(usager_id)
        return AggirEvaluation.of(record) if record is not None else None

    @strawberry.field(description="GIR of the usager's latest evaluation; null when not evaluated (aggir).")
    async def aggir_gir(self, info: OpenDUIInfo) -> int | None:
        usager_id: uuid.UUID = self.id  # type: ignore[attr-defined]  # self is the core usager record
        loader: DataLoader[uuid.UUID, service.EvaluationRecord | None] = info.context.loaders[LATEST_LOADER]
        record = await loader.load(usager_id)
        return record.gir if record is not None else None


def loaders(context: RequestContext) -> Mapping[str, DataLoader[Any, Any]]:
    """Per-request loaders of the plugin (one query for a whole page of usagers)."""

    async def latest(keys: Sequence[uuid.UUID]) -> list[service.EvaluationRecord | None]:
        found = await service.latest_by_usagers(context, keys)
        return [found.get(key) for key in keys]

    return {LATEST_LOADER: DataLoader(load_fn=latest)}
