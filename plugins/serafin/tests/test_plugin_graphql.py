"""The serafin plugin on a running platform (SQLite and PostgreSQL): GraphQL, scope, audit, history."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import opendui_serafin.plugin
from opendui_serafin import __about__
from opendui_sdk.testing import Platform, PlatformFactory, Seed, seed

CREATE_USAGER = """
mutation($input: CreateUsagerInput!) { createUsager(input: $input) { id } }
"""

RECORD = """
mutation(
  $usagerId: ID!, $on: Date!, $items: [SerafinEvaluationItemInput!]!, $version: String, $replaces: ID
) {
  serafin {
    recordEvaluation(
      usagerId: $usagerId, evaluatedOn: $on, items: $items, version: $version, replaces: $replaces
    ) {
      id usagerId evaluatedOn releaseVersion evaluatorLabel superseded supersedes supersededBy
      items { code label level levelLabel comment }
    }
  }
}
"""

EVALUATIONS = """
query($usagerId: ID!) {
  serafin { evaluations(usagerId: $usagerId) { id evaluatedOn superseded supersededBy items { code level } } }
}
"""

GRID = [{"code": "1.1.1", "level": 2}, {"code": "1.2.1.3", "level": 3, "comment": "aide totale"}]


async def start(factory: PlatformFactory) -> tuple[Platform, Seed]:
    platform = await factory(plugins=[("serafin", opendui_serafin.plugin)])
    return platform, await seed(platform)


async def create_usager(platform: Platform, etablissement_id: uuid.UUID, name: str = "Martin") -> str:
    identity = {"birthName": name, "birthGivenNames": ["Claude"], "birthDate": "1950-02-03", "sex": "M"}
    body = await platform.graphql(
        CREATE_USAGER,
        {"input": {"etablissementId": str(etablissement_id), "identity": identity}},
        login="director",
    )
    usager_id: str = body["data"]["createUsager"]["id"]
    return usager_id


async def rows(platform: Platform, sql: str, *args: Any) -> list[dict[str, Any]]:
    return await platform.db.fetch(sql, *args)


async def count(platform: Platform, table: str) -> int:
    found = await rows(platform, f"SELECT COUNT(*) AS n FROM {table}")
    return int(found[0]["n"])


@pytest.mark.asyncio
async def test_the_plugin_works_alone(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    assert {"serafin_evaluation", "serafin_evaluation_item"} <= set(await platform.db.table_names())
    assert platform.runtime.registry.owners["serafin"] == "serafin"
    body = await platform.graphql(
        "{ serafin { releases { version conceptCount valueSets { key family } } "
        'concept(code: "1.2.1.3") { label parentCode family isLeaf } '
        'children(code: "1.2.1") { code } roots: children { code } '
        'search(text: "sante", family: BESOINS, first: 2) { code } levels { value name } } }',
        login="nurse",
    )
    data = body["data"]["serafin"]
    assert data["releases"][0]["version"] == "2023.1.0"
    assert data["releases"][0]["conceptCount"] == 107
    assert {"key": "JDV_J285", "family": "BESOINS"} in data["releases"][0]["valueSets"]
    assert data["concept"]["parentCode"] == "1.2.1"
    assert data["concept"]["family"] == "BESOINS" and data["concept"]["isLeaf"] is True
    assert [c["code"] for c in data["children"]] == ["1.2.1.1", "1.2.1.2", "1.2.1.3", "1.2.1.4"]
    assert [c["code"] for c in data["roots"]] == ["1", "2", "3"]
    assert len(data["search"]) == 2
    assert [level["value"] for level in data["levels"]] == [0, 1, 2, 3]


@pytest.mark.asyncio
async def test_unknown_code_or_release(opendui_factory: PlatformFactory) -> None:
    platform, _ = await start(opendui_factory)
    body = await platform.graphql('{ serafin { concept(code: "9.9") { code } } }', login="nurse")
    assert body["data"]["serafin"]["concept"] is None
    body = await platform.graphql(
        '{ serafin { concept(code: "1.1", version: "1999.1") { code } } }', login="nurse", expect_errors=True
    )
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == "INVALID_CODE"
    assert extensions["serafinCode"] == "SERAFIN_UNKNOWN_VERSION"
    assert extensions["field"] == "version"


@pytest.mark.asyncio
async def test_record_read_and_audit(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    body = await platform.graphql(
        RECORD, {"usagerId": usager_id, "on": "2026-11-02", "items": GRID}, login="nurse"
    )
    evaluation = body["data"]["serafin"]["recordEvaluation"]
    assert evaluation["releaseVersion"] == "2023.1.0"
    assert evaluation["evaluatorLabel"]
    assert evaluation["items"] == [
        {
            "code": "1.1.1",
            "label": evaluation["items"][0]["label"],
            "level": 2,
            "levelLabel": "Besoin régulier ou modéré",
            "comment": None,
        },
        {
            "code": "1.2.1.3",
            "label": evaluation["items"][1]["label"],
            "level": 3,
            "levelLabel": "Besoin important ou permanent",
            "comment": "aide totale",
        },
    ]
    assert all(item["label"] for item in evaluation["items"])
    created = await rows(
        platform,
        "SELECT usager_id, object_id, outcome FROM core_audit_entry "
        "WHERE action = 'CREATE' AND object_type = 'SerafinEvaluation'",
    )
    assert [(str(r["usager_id"]), r["object_id"], r["outcome"]) for r in created] == [
        (usager_id, evaluation["id"], "ALLOWED")
    ]

    listed = await platform.graphql(EVALUATIONS, {"usagerId": usager_id}, login="nurse")
    assert [e["id"] for e in listed["data"]["serafin"]["evaluations"]] == [evaluation["id"]]
    reads = await rows(
        platform,
        "SELECT usager_id FROM core_audit_entry WHERE action = 'READ' AND object_type = 'SerafinEvaluation'",
    )
    assert [str(r["usager_id"]) for r in reads] == [usager_id]

    latest = await platform.graphql(
        "query($id: ID!) { usager(id: $id) { serafinLatestEvaluation { id items { code level } } } }",
        {"id": usager_id},
        login="nurse",
    )
    assert latest["data"]["usager"]["serafinLatestEvaluation"]["id"] == evaluation["id"]


@pytest.mark.asyncio
async def test_scope_an_ime_educator_cannot_reach_an_ehpad_usager(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    await platform.graphql(RECORD, {"usagerId": usager_id, "on": "2026-11-02", "items": GRID}, login="nurse")

    body = await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2026-11-03", "items": GRID},
        login="educator",
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = await platform.graphql(EVALUATIONS, {"usagerId": usager_id}, login="educator", expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert body["data"] is None
    assert await count(platform, "serafin_evaluation") == 1


@pytest.mark.asyncio
async def test_permission_is_required(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    # the clerk (administratif) sees the usager but may not evaluate besoins
    body = await platform.graphql(
        RECORD, {"usagerId": usager_id, "on": "2026-11-02", "items": GRID}, login="clerk", expect_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["extensions"]["permission"] == "serafin.evaluation.write"
    assert await count(platform, "serafin_evaluation") == 0
    denied = await rows(platform, "SELECT object_id FROM core_audit_entry WHERE outcome = 'DENIED'")
    assert [r["object_id"] for r in denied] == ["serafin.evaluation.write"]


@pytest.mark.parametrize(
    ("items", "code", "field", "serafin_code"),
    [
        ([{"code": "9.9.9", "level": 1}], "INVALID_CODE", "items[0].code", "SERAFIN_UNKNOWN_CODE"),
        (
            [{"code": "1.1.1", "level": 1}, {"code": "2.1.1.1", "level": 1}],
            "INVALID_CODE",
            "items[1].code",
            "SERAFIN_WRONG_FAMILY",
        ),
        ([{"code": "1.2.1", "level": 1}], "INVALID_CODE", "items[0].code", "SERAFIN_NOT_SELECTABLE"),
        ([{"code": "1.1.1", "level": 4}], "VALIDATION_ERROR", "items[0].level", "SERAFIN_INVALID_LEVEL"),
        (
            [{"code": "1.1.1", "level": 1}, {"code": "1.1.1", "level": 2}],
            "VALIDATION_ERROR",
            "items[1].code",
            "SERAFIN_DUPLICATE_CODE",
        ),
        ([], "VALIDATION_ERROR", "items", "SERAFIN_INVALID_EVALUATION"),
    ],
)
@pytest.mark.asyncio
async def test_validation_errors_write_nothing(
    opendui_factory: PlatformFactory, items: list[dict[str, Any]], code: str, field: str, serafin_code: str
) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    body = await platform.graphql(
        RECORD, {"usagerId": usager_id, "on": "2026-11-02", "items": items}, login="nurse", expect_errors=True
    )
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["field"], extensions["serafinCode"]) == (code, field, serafin_code)
    assert body["data"] is None
    assert await count(platform, "serafin_evaluation") == 0
    assert await count(platform, "serafin_evaluation_item") == 0
    created = await rows(
        platform,
        "SELECT id FROM core_audit_entry WHERE object_type = 'SerafinEvaluation' AND action = 'CREATE'",
    )
    assert created == []


@pytest.mark.asyncio
async def test_future_date_and_unknown_release_are_refused(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    body = await platform.graphql(
        RECORD, {"usagerId": usager_id, "on": "2999-01-01", "items": GRID}, login="nurse", expect_errors=True
    )
    assert body["errors"][0]["extensions"]["field"] == "evaluatedOn"
    body = await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2026-01-01", "items": GRID, "version": "2099.1.0"},
        login="nurse",
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"]["serafinCode"] == "SERAFIN_UNKNOWN_VERSION"
    assert await count(platform, "serafin_evaluation") == 0


@pytest.mark.asyncio
async def test_history_is_kept(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    first = (
        await platform.graphql(
            RECORD, {"usagerId": usager_id, "on": "2026-01-10", "items": GRID}, login="nurse"
        )
    )["data"]["serafin"]["recordEvaluation"]
    second = (
        await platform.graphql(
            RECORD,
            {"usagerId": usager_id, "on": "2026-06-10", "items": [{"code": "1.1.1", "level": 1}]},
            login="director",
        )
    )["data"]["serafin"]["recordEvaluation"]
    # a correction of the second grid: the second stays readable, marked superseded
    third = (
        await platform.graphql(
            RECORD,
            {
                "usagerId": usager_id,
                "on": "2026-06-10",
                "items": [{"code": "1.1.1", "level": 0}],
                "replaces": second["id"],
            },
            login="nurse",
        )
    )["data"]["serafin"]["recordEvaluation"]
    assert third["supersedes"] == second["id"]

    listed = (await platform.graphql(EVALUATIONS, {"usagerId": usager_id}, login="nurse"))["data"]["serafin"][
        "evaluations"
    ]
    assert {e["id"]: e["superseded"] for e in listed} == {
        first["id"]: False,
        second["id"]: True,
        third["id"]: False,
    }
    assert next(e for e in listed if e["id"] == second["id"])["supersededBy"] == third["id"]
    assert next(e for e in listed if e["id"] == second["id"])["items"] == [{"code": "1.1.1", "level": 1}]
    latest = await platform.graphql(
        "query($id: ID!) { usager(id: $id) { serafinLatestEvaluation { id } } }",
        {"id": usager_id},
        login="nurse",
    )
    assert latest["data"]["usager"]["serafinLatestEvaluation"]["id"] == third["id"]

    # correcting a superseded grid again is refused and writes nothing
    again = await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2026-06-10", "items": GRID, "replaces": second["id"]},
        login="nurse",
        expect_errors=True,
    )
    assert again["errors"][0]["extensions"]["code"] == "ILLEGAL_TRANSITION"
    assert await count(platform, "serafin_evaluation") == 3
    updates = await rows(
        platform,
        "SELECT object_id FROM core_audit_entry "
        "WHERE action = 'UPDATE' AND object_type = 'SerafinEvaluation'",
    )
    assert [r["object_id"] for r in updates] == [second["id"]]


@pytest.mark.asyncio
async def test_replacing_another_usagers_evaluation_is_not_found(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    first = await create_usager(platform, s.ehpad_id, "Alpha")
    other = await create_usager(platform, s.ehpad_id, "Beta")
    evaluation = (
        await platform.graphql(RECORD, {"usagerId": first, "on": "2026-01-10", "items": GRID}, login="nurse")
    )["data"]["serafin"]["recordEvaluation"]
    body = await platform.graphql(
        RECORD,
        {"usagerId": other, "on": "2026-01-10", "items": GRID, "replaces": evaluation["id"]},
        login="nurse",
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await count(platform, "serafin_evaluation") == 1


@pytest.mark.asyncio
async def test_latest_evaluation_of_a_page_of_usagers_is_batched(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    ids = [await create_usager(platform, s.ehpad_id, f"Nom{letter}") for letter in "ABCDEF"]
    for usager_id in ids[:4]:
        await platform.graphql(
            RECORD, {"usagerId": usager_id, "on": "2026-01-10", "items": GRID}, login="nurse"
        )
    query = "{ usagers(first: 50) { edges { node { id serafinLatestEvaluation { id items { code } } } } } }"
    before = platform.db.statement_count
    body = await platform.graphql(query, login="nurse")
    statements = platform.db.statement_count - before
    nodes = [edge["node"] for edge in body["data"]["usagers"]["edges"]]
    assert sum(1 for node in nodes if node["serafinLatestEvaluation"]) == 4
    for extra in "GHIJ":
        usager_id = await create_usager(platform, s.ehpad_id, f"Nom{extra}")
        await platform.graphql(
            RECORD, {"usagerId": usager_id, "on": "2026-01-10", "items": GRID}, login="nurse"
        )
    before = platform.db.statement_count
    await platform.graphql(query, login="nurse")
    assert platform.db.statement_count - before == statements


@pytest.mark.asyncio
async def test_the_plugin_loads_through_its_entry_point(opendui_factory: PlatformFactory) -> None:
    platform = await opendui_factory(load_entrypoints=True, allow=["serafin"])
    assert "serafin" in platform.runtime.pm.plugin_names()
    assert platform.runtime.pm.version_of("serafin") == __about__.__version__
    assert "serafin_evaluation" in await platform.db.table_names()
    s = await seed(platform)
    usager_id = await create_usager(platform, s.ehpad_id)
    body = await platform.graphql(
        RECORD, {"usagerId": usager_id, "on": "2026-11-02", "items": GRID}, login="nurse"
    )
    assert body["data"]["serafin"]["recordEvaluation"]["releaseVersion"] == "2023.1.0"
