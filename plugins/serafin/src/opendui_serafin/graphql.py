"""GraphQL surface: the ``serafin`` namespace and ``Usager.serafinLatestEvaluation``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import strawberry
from opendui_sdk import RequestContext, ValidationError
from opendui_sdk.graphql import OpenDUIInfo, parse_id
from strawberry.dataloader import DataLoader

from opendui_serafin import nomenclature, service
from opendui_serafin.errors import SerafinError
from opendui_serafin.evaluation import BesoinLevel
from opendui_serafin.nomenclature import Concept, Family, Nomenclature

#: Name of the per-request loader of the latest evaluation of each usager.
LATEST_LOADER = "serafin.latest_evaluation"
#: Largest ``first`` accepted by ``search``.
MAX_SEARCH_RESULTS = 200

SerafinFamily = strawberry.enum(
    Family,
    name="SerafinFamily",
    description="SERAFIN-PH families, one per ANS value set (J285, J284, J283, J282).",
)


def _release(version: str | None) -> Nomenclature:
    try:
        return nomenclature.get(version)
    except SerafinError as error:
        raise service.api_error(error, "version") from None


@strawberry.type(description="A SERAFIN-PH code of one release.")
class SerafinConcept:
    code: str
    label: str
    level: int = strawberry.field(description="Depth in the hierarchy, 1 for the three roots.")
    parent_code: str | None
    family: SerafinFamily = strawberry.field(description="Most specific family.")  # type: ignore[valid-type]
    families: list[SerafinFamily] = strawberry.field(  # type: ignore[valid-type]
        description="Every family whose value set contains the code."
    )
    value_sets: list[str]
    alt_labels: list[str]
    is_leaf: bool = strawberry.field(description="Leaves are the codes evaluations may use.")
    release: str = strawberry.field(description="Version of the release the concept comes from.")

    @staticmethod
    def of(concept: Concept, release: str) -> SerafinConcept:
        return SerafinConcept(
            code=concept.code,
            label=concept.label,
            level=concept.level,
            parent_code=concept.parent,
            family=concept.family,
            families=sorted(concept.families, key=list(Family).index),
            value_sets=list(concept.value_sets),
            alt_labels=list(concept.alt_labels),
            is_leaf=concept.is_leaf,
            release=release,
        )


@strawberry.type(description="An ANS value set (jeu de valeurs) of a release.")
class SerafinValueSet:
    key: str
    oid: str
    url: str
    version: str
    family: SerafinFamily  # type: ignore[valid-type]


@strawberry.type(description="A loaded SERAFIN-PH release.")
class SerafinRelease:
    version: str
    title: str
    code_system_url: str
    concept_count: int
    value_sets: list[SerafinValueSet]
    licence: str = strawberry.field(description="Provenance and licence of the release file.")


@strawberry.type(description="A step of OpenDUI's besoin level scale (not a national scale).")
class SerafinLevel:
    value: int
    name: str
    label: str


@strawberry.type(description="One besoin of an evaluation.")
class SerafinEvaluationItem:
    code: str
    label: str | None = strawberry.field(description="Label in the evaluation's release.")
    level: int = strawberry.field(description="0 aucun, 1 ponctuel, 2 régulier, 3 permanent.")
    level_label: str
    comment: str | None


@strawberry.type(description="An évaluation des besoins SERAFIN-PH of a usager.")
class SerafinEvaluation:
    id: strawberry.ID
    usager_id: strawberry.ID
    evaluated_on: dt.date
    release_version: str
    evaluator_id: strawberry.ID | None
    evaluator_label: str
    created_at: dt.datetime
    supersedes: strawberry.ID | None = strawberry.field(description="The evaluation this one corrects.")
    superseded_by: strawberry.ID | None = strawberry.field(description="The correction of this one, if any.")
    superseded: bool
    items: list[SerafinEvaluationItem]

    @staticmethod
    def of(record: service.EvaluationRecord) -> SerafinEvaluation:
        release = (
            nomenclature.REGISTRY.get(record.release_version)
            if record.release_version in nomenclature.releases()
            else None
        )

        def label(code: str) -> str | None:
            concept = release.find(code) if release is not None else None
            return concept.label if concept is not None else None

        return SerafinEvaluation(
            id=strawberry.ID(str(record.id)),
            usager_id=strawberry.ID(str(record.usager_id)),
            evaluated_on=record.evaluated_on,
            release_version=record.release_version,
            evaluator_id=strawberry.ID(str(record.evaluator_id)) if record.evaluator_id else None,
            evaluator_label=record.evaluator_label,
            created_at=record.created_at,
            supersedes=strawberry.ID(str(record.supersedes)) if record.supersedes else None,
            superseded_by=strawberry.ID(str(record.superseded_by)) if record.superseded_by else None,
            superseded=record.superseded_by is not None,
            items=[
                SerafinEvaluationItem(
                    code=item.code,
                    label=label(item.code),
                    level=item.level,
                    level_label=BesoinLevel(item.level).label,
                    comment=item.comment,
                )
                for item in record.items
            ],
        )


@strawberry.input(description="One besoin of a grid.")
class SerafinEvaluationItemInput:
    code: str = strawberry.field(description="Leaf code of JDV_J285 Besoins, e.g. 1.2.1.3.")
    level: int = strawberry.field(description="0 aucun, 1 ponctuel, 2 régulier, 3 permanent.")
    comment: str | None = None


@strawberry.type
class SerafinQuery:
    @strawberry.field(description="A concept by code; null when the release has no such code.")
    def concept(self, code: str, version: str | None = None) -> SerafinConcept | None:
        release = _release(version)
        found = release.find(code)
        return SerafinConcept.of(found, release.version) if found is not None else None

    @strawberry.field(description="Concepts whose label or code matches every word of text.")
    def search(
        self,
        text: str,
        family: SerafinFamily | None = None,  # type: ignore[valid-type]
        version: str | None = None,
        first: int = 20,
        selectable_only: bool = False,
    ) -> list[SerafinConcept]:
        if not 1 <= first <= MAX_SEARCH_RESULTS:
            raise ValidationError(
                f"first must be between 1 and {MAX_SEARCH_RESULTS}", details={"field": "first"}
            )
        release = _release(version)
        found = release.search(text, family=family, selectable_only=selectable_only)
        return [SerafinConcept.of(concept, release.version) for concept in found[:first]]

    @strawberry.field(description="Children of a code in natural order; the three roots without a code.")
    def children(self, code: str | None = None, version: str | None = None) -> list[SerafinConcept]:
        release = _release(version)
        if code is None:
            concepts = release.roots()
        else:
            try:
                concepts = release.children(code)
            except SerafinError as error:
                raise service.api_error(error, "code") from None
        return [SerafinConcept.of(concept, release.version) for concept in concepts]

    @strawberry.field(description="The loaded releases, oldest first.")
    def releases(self) -> list[SerafinRelease]:
        result = []
        for version in nomenclature.releases():
            release = nomenclature.get(version)
            result.append(
                SerafinRelease(
                    version=release.version,
                    title=str(release.code_system.get("title", "")),
                    code_system_url=str(release.code_system.get("url", "")),
                    concept_count=len(release),
                    value_sets=[
                        SerafinValueSet(
                            key=vs.key, oid=vs.oid, url=vs.url, version=vs.version, family=vs.family
                        )
                        for vs in release.value_sets.values()
                    ],
                    licence=str(release.source.get("licence", "")),
                )
            )
        return result

    @strawberry.field(description="OpenDUI's besoin level scale (0-3).")
    def levels(self) -> list[SerafinLevel]:
        return [SerafinLevel(value=int(level), name=level.name, label=level.label) for level in BesoinLevel]

    @strawberry.field(description="Evaluations of a usager, newest first, corrected ones included.")
    async def evaluations(self, info: OpenDUIInfo, usager_id: strawberry.ID) -> list[SerafinEvaluation]:
        records = await service.evaluations(info.context, parse_id(usager_id, "usagerId"))
        return [SerafinEvaluation.of(record) for record in records]


@strawberry.type
class SerafinMutation:
    @strawberry.mutation(
        description="Record an évaluation des besoins (leaf besoin codes, levels 0-3). With replaces, "
        "the new grid corrects an earlier one, which is kept as history."
    )
    async def record_evaluation(
        self,
        info: OpenDUIInfo,
        usager_id: strawberry.ID,
        evaluated_on: dt.date,
        items: list[SerafinEvaluationItemInput],
        version: str | None = None,
        replaces: strawberry.ID | None = None,
    ) -> SerafinEvaluation:
        record = await service.record(
            info.context,
            usager_id=parse_id(usager_id, "usagerId"),
            evaluated_on=evaluated_on,
            items=[service.ItemInput(item.code, item.level, item.comment) for item in items],
            version=version,
            replaces=parse_id(replaces, "replaces") if replaces is not None else None,
        )
        return SerafinEvaluation.of(record)


@strawberry.type
class UsagerSerafinExtension:
    @strawberry.field(
        description="The usager's current SERAFIN-PH evaluation with the latest date (serafin plugin)."
    )
    async def serafin_latest_evaluation(self, info: OpenDUIInfo) -> SerafinEvaluation | None:
        usager_id: uuid.UUID = self.id  # type: ignore[attr-defined]  # self is the core usager record
        loader: DataLoader[uuid.UUID, SerafinEvaluation | None] = info.context.loaders[LATEST_LOADER]
        return await loader.load(usager_id)


def loaders(context: RequestContext) -> Mapping[str, DataLoader[Any, Any]]:
    """Per-request loaders of the plugin (one query for a whole page of usagers)."""

    async def latest(keys: Sequence[uuid.UUID]) -> list[SerafinEvaluation | None]:
        found = await service.latest_by_usagers(context, keys)
        return [SerafinEvaluation.of(found[key]) if key in found else None for key in keys]

    return {LATEST_LOADER: DataLoader(load_fn=latest)}
