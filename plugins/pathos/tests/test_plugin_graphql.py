"""The pathos plugin on a running platform (SQLite and PostgreSQL): coupes, points tables, PMP/GMPS.

EVERY POINTS VALUE HERE IS FICTITIOUS (the licensed PATHOS tables are not shipped): the état codes
``FAKE-*`` and their points come from ``conftest.FAKE_CSV``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

import opendui_pathos.plugin
from opendui_pathos import __about__
from opendui_sdk.testing import Platform, PlatformFactory, Seed, seed

FAKE_CSV = """\
# Fictitious PATHOS points table for tests only - NOT official values.
etat;profil;total;smti;medecin_geriatre;soins_infirmiers
FAKE-A;T1;300;oui;100;200
FAKE-A;S1;12,5;non;2,5;10
FAKE-B;CH;150;1;;150
FAKE-B;S0;0;;;
FAKE-C;M1;;non;40;80,25
"""

RECORD = """
mutation($usagerId: ID!, $on: Date!, $couples: [PathosCoupleInput!]!, $replaces: ID) {
  pathos {
    recordCoupe(usagerId: $usagerId, evaluatedOn: $on, couples: $couples, replaces: $replaces) {
      id usagerId evaluatedOn evaluatorLabel superseded supersedes supersededBy couples { etat profil }
    }
  }
}
"""

LOAD = """
mutation($name: String!, $format: PathosPointsFormat!, $content: String!, $source: String!) {
  pathos { loadPointsTable(name: $name, format: $format, content: $content, source: $source) {
    id name source format coupleCount active loadedByLabel } }
}
"""

INDICATORS = """
query($etab: ID!, $date: Date!, $gmp: Float) {
  pathos { indicators(etablissementId: $etab, date: $date, gmp: $gmp) {
    residentsPresent residentsEvaluated residentsWithoutCoupe smtiResidents totalPoints pmp pmpExact
    gmp coefficient gmps gmpsExact pointsTable { name } residents { usagerId points smti evaluatedOn } } }
}
"""

COUPES = """
query($usagerId: ID!) {
  pathos { coupes(usagerId: $usagerId) { id evaluatedOn superseded couples { etat profil } } }
}
"""


async def start(factory: PlatformFactory) -> tuple[Platform, Seed]:
    platform = await factory(plugins=[("pathos", opendui_pathos.plugin)])
    return platform, await seed(platform)


async def create_usager(platform: Platform, etablissement_id: uuid.UUID, name: str) -> str:
    identity = {"birthName": name, "birthGivenNames": ["Jeanne"], "birthDate": "1935-04-05", "sex": "F"}
    body = await platform.graphql(
        "mutation($input: CreateUsagerInput!) { createUsager(input: $input) { id } }",
        {"input": {"etablissementId": str(etablissement_id), "identity": identity}},
        login="director",
    )
    usager_id: str = body["data"]["createUsager"]["id"]
    return usager_id


async def open_sejour(
    platform: Platform, usager_id: str, etablissement_id: uuid.UUID, entry: str
) -> dict[str, Any]:
    body = await platform.graphql(
        "mutation($input: OpenSejourInput!) { openSejour(input: $input) { id version } }",
        {
            "input": {
                "usagerId": usager_id,
                "etablissementId": str(etablissement_id),
                "typeAccueil": "46",
                "entryDate": entry,
            }
        },
        login="director",
    )
    sejour: dict[str, Any] = body["data"]["openSejour"]
    return sejour


async def close_sejour(platform: Platform, sejour: dict[str, Any], exit_date: str) -> None:
    await platform.graphql(
        "mutation($input: CloseSejourInput!) { closeSejour(input: $input) { id } }",
        {"input": {"sejourId": sejour["id"], "version": sejour["version"], "exitDate": exit_date}},
        login="director",
    )


async def load_fake_table(platform: Platform) -> dict[str, Any]:
    body = await platform.graphql(
        LOAD,
        {"name": "fictitious", "format": "CSV", "content": FAKE_CSV, "source": "tests"},
        login="director",
    )
    table: dict[str, Any] = body["data"]["pathos"]["loadPointsTable"]
    return table


async def count(platform: Platform, table: str) -> int:
    found = await platform.db.fetch(f"SELECT COUNT(*) AS n FROM {table}")
    return int(found[0]["n"])


def couples(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"etat": etat, "profil": profil} for etat, profil in pairs]


@pytest.mark.asyncio
async def test_the_plugin_works_alone(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    assert {"pathos_coupe", "pathos_coupe_item", "pathos_points_table"} <= set(
        await platform.db.table_names()
    )
    body = await platform.graphql(
        "{ pathos { profils { code verified } pointsTables { id } } }", login="nurse"
    )
    assert [p["code"] for p in body["data"]["pathos"]["profils"]] == [
        "T1",
        "T2",
        "P1",
        "P2",
        "R1",
        "R2",
        "CH",
        "DG",
        "M1",
        "M2",
        "S1",
        "S0",
    ]
    assert body["data"]["pathos"]["pointsTables"] == []
    usager_id = await create_usager(platform, s.ehpad_id, "Alone")
    coupe = (
        await platform.graphql(
            RECORD,
            {"usagerId": usager_id, "on": "2026-01-15", "couples": couples(("FAKE-A", "T1"))},
            login="nurse",
        )
    )["data"]["pathos"]["recordCoupe"]
    assert coupe["couples"] == [{"etat": "FAKE-A", "profil": "T1"}]
    latest = await platform.graphql(
        "query($id: ID!) { usager(id: $id) { pathosLatestCoupe { id } } }", {"id": usager_id}, login="nurse"
    )
    assert latest["data"]["usager"]["pathosLatestCoupe"]["id"] == coupe["id"]
    created = await platform.db.fetch(
        "SELECT usager_id, object_id FROM core_audit_entry "
        "WHERE action = 'CREATE' AND object_type = 'PathosCoupe'"
    )
    assert [(str(r["usager_id"]), r["object_id"]) for r in created] == [(usager_id, coupe["id"])]


@pytest.mark.asyncio
async def test_indicators_without_a_points_table(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    body = await platform.graphql(
        INDICATORS, {"etab": str(s.ehpad_id), "date": "2026-02-15"}, login="director", expect_errors=True
    )
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == "VALIDATION_ERROR"
    assert extensions["reason"] == "PATHOS_POINTS_TABLE_MISSING"
    assert "licensed" in body["errors"][0]["message"]


@pytest.mark.asyncio
async def test_pmp_and_gmps_from_a_loaded_table(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    table = await load_fake_table(platform)
    assert (table["coupleCount"], table["active"], table["format"]) == (5, True, "CSV")
    a = await create_usager(platform, s.ehpad_id, "Alpha")
    b = await create_usager(platform, s.ehpad_id, "Bravo")
    c = await create_usager(platform, s.ehpad_id, "Charlie")  # present, never evaluated
    await create_usager(platform, s.ehpad_id, "Delta")  # attached to the EHPAD, no séjour: not a resident
    e = await create_usager(platform, s.ime_id, "Echo")  # resident of the IME
    await open_sejour(platform, a, s.ehpad_id, "2026-01-01")
    sejour_b = await open_sejour(platform, b, s.ehpad_id, "2026-01-01")
    await open_sejour(platform, c, s.ehpad_id, "2026-01-01")
    await open_sejour(platform, e, s.ime_id, "2026-01-01")
    await close_sejour(platform, sejour_b, "2026-03-01")
    await platform.graphql(
        RECORD,
        {"usagerId": a, "on": "2026-01-15", "couples": couples(("FAKE-A", "T1"), ("FAKE-B", "CH"))},
        login="nurse",
    )
    await platform.graphql(
        RECORD, {"usagerId": a, "on": "2026-06-01", "couples": couples(("FAKE-A", "S1"))}, login="nurse"
    )
    await platform.graphql(
        RECORD, {"usagerId": b, "on": "2026-01-20", "couples": couples(("FAKE-C", "M1"))}, login="nurse"
    )

    february = (
        await platform.graphql(
            INDICATORS, {"etab": str(s.ehpad_id), "date": "2026-02-15", "gmp": 700.5}, login="director"
        )
    )["data"]["pathos"]["indicators"]
    assert february["residentsPresent"] == 3
    assert february["residentsEvaluated"] == 2
    assert february["residentsWithoutCoupe"] == [c]
    assert february["totalPoints"] == "570.25"  # 300 + 150 + (40 + 80.25)
    assert february["pmpExact"] == "285.125"
    assert february["pmp"] == pytest.approx(285.125)
    assert february["smtiResidents"] == 1
    assert february["coefficient"] == "2.59"
    assert february["gmpsExact"] == "1438.97375"  # 700.5 + 285.125 × 2.59
    assert february["pointsTable"] == {"name": "fictitious"}
    assert {r["usagerId"]: (r["points"], r["smti"], r["evaluatedOn"]) for r in february["residents"]} == {
        a: ("450", True, "2026-01-15"),
        b: ("120.25", False, "2026-01-20"),
    }

    # in July B has left and A's June coupe replaces January's; no GMP given: no GMPS
    july = (
        await platform.graphql(INDICATORS, {"etab": str(s.ehpad_id), "date": "2026-07-01"}, login="director")
    )["data"]["pathos"]["indicators"]
    assert (july["residentsPresent"], july["residentsEvaluated"], july["pmpExact"]) == (2, 1, "12.5")
    assert july["gmps"] is None and july["gmpsExact"] is None

    reads = await platform.db.fetch(
        "SELECT DISTINCT usager_id FROM core_audit_entry "
        "WHERE action = 'READ' AND object_type = 'PathosCoupe'"
    )
    assert {str(r["usager_id"]) for r in reads} == {a, b, c}


@pytest.mark.asyncio
async def test_a_couple_missing_from_the_table_is_reported(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    await load_fake_table(platform)
    a = await create_usager(platform, s.ehpad_id, "Alpha")
    await open_sejour(platform, a, s.ehpad_id, "2026-01-01")
    coupe = (
        await platform.graphql(
            RECORD, {"usagerId": a, "on": "2026-01-15", "couples": couples(("FAKE-Z", "T2"))}, login="nurse"
        )
    )["data"]["pathos"]["recordCoupe"]
    body = await platform.graphql(
        INDICATORS, {"etab": str(s.ehpad_id), "date": "2026-02-15"}, login="director", expect_errors=True
    )
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["reason"], extensions["coupeId"]) == (
        "VALIDATION_ERROR",
        "PATHOS_COUPLE_NOT_IN_TABLE",
        coupe["id"],
    )


@pytest.mark.asyncio
async def test_points_tables_permission_validation_and_replacement(opendui_factory: PlatformFactory) -> None:
    platform, _ = await start(opendui_factory)
    body = await platform.graphql(
        LOAD,
        {"name": "x", "format": "CSV", "content": FAKE_CSV, "source": ""},
        login="nurse",
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["extensions"]["permission"] == "pathos.points.write"
    broken = FAKE_CSV.replace("FAKE-B;CH;150", "FAKE-B;CH;-150")
    body = await platform.graphql(
        LOAD,
        {"name": "x", "format": "CSV", "content": broken, "source": ""},
        login="director",
        expect_errors=True,
    )
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["reason"], extensions["line"], extensions["field"]) == (
        "VALIDATION_ERROR",
        "PATHOS_POINTS_TABLE_INVALID",
        5,
        "content",
    )
    assert await count(platform, "pathos_points_table") == 0

    first = await load_fake_table(platform)
    document = {
        "format": "opendui-pathos-points/1",
        "name": "from json",
        "source": "GALAAD export (fictitious)",
        "couples": [{"etat": "FAKE-A", "profil": "T1", "total": "10.5", "smti": True}],
    }
    second = (
        await platform.graphql(
            LOAD,
            {"name": "json table", "format": "JSON", "content": json.dumps(document), "source": ""},
            login="director",
        )
    )["data"]["pathos"]["loadPointsTable"]
    assert (second["name"], second["source"], second["coupleCount"]) == (
        "json table",
        "GALAAD export (fictitious)",
        1,
    )
    listed = (await platform.graphql("{ pathos { pointsTables { id active } } }", login="nurse"))["data"][
        "pathos"
    ]["pointsTables"]
    assert listed == [{"id": second["id"], "active": True}, {"id": first["id"], "active": False}]
    created = await platform.db.fetch(
        "SELECT object_id FROM core_audit_entry WHERE action = 'CREATE' AND object_type = 'PathosPointsTable'"
    )
    assert sorted(r["object_id"] for r in created) == sorted([first["id"], second["id"]])


@pytest.mark.asyncio
async def test_scope_an_ime_educator_cannot_reach_an_ehpad_usager(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    await load_fake_table(platform)
    usager_id = await create_usager(platform, s.ehpad_id, "Alpha")
    await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2026-01-15", "couples": couples(("FAKE-A", "T1"))},
        login="nurse",
    )
    body = await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2026-01-16", "couples": []},
        login="educator",
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = await platform.graphql(COUPES, {"usagerId": usager_id}, login="educator", expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = await platform.graphql(
        INDICATORS, {"etab": str(s.ehpad_id), "date": "2026-02-15"}, login="educator", expect_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await count(platform, "pathos_coupe") == 1


@pytest.mark.parametrize(
    ("pairs", "on", "code", "field", "reason"),
    [
        ([("bad code!", "T1")], "2026-01-15", "INVALID_CODE", "couples[0].etat", "PATHOS_INVALID_ETAT"),
        (
            [("FAKE-A", "T1"), ("FAKE-A", "S1")],
            "2026-01-15",
            "VALIDATION_ERROR",
            "couples[1].etat",
            "PATHOS_DUPLICATE_ETAT",
        ),
        ([("FAKE-A", "T1")], "2999-01-01", "VALIDATION_ERROR", "evaluatedOn", None),
    ],
)
@pytest.mark.asyncio
async def test_validation_errors_write_nothing(
    opendui_factory: PlatformFactory,
    pairs: list[tuple[str, str]],
    on: str,
    code: str,
    field: str,
    reason: str | None,
) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id, "Alpha")
    body = await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": on, "couples": couples(*pairs)},
        login="nurse",
        expect_errors=True,
    )
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["field"], extensions.get("reason")) == (code, field, reason)
    assert await count(platform, "pathos_coupe") == 0
    assert await count(platform, "pathos_coupe_item") == 0
    created = await platform.db.fetch(
        "SELECT id FROM core_audit_entry WHERE action = 'CREATE' AND object_type = 'PathosCoupe'"
    )
    assert created == []


@pytest.mark.asyncio
async def test_unknown_profil_is_refused_by_the_schema(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id, "Alpha")
    body = await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2026-01-15", "couples": couples(("FAKE-A", "X9"))},
        login="nurse",
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "PathosProfil" in body["errors"][0]["message"]
    assert await count(platform, "pathos_coupe") == 0


@pytest.mark.asyncio
async def test_history_is_kept(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id, "Alpha")
    first = (
        await platform.graphql(
            RECORD,
            {"usagerId": usager_id, "on": "2026-01-15", "couples": couples(("FAKE-A", "T1"))},
            login="nurse",
        )
    )["data"]["pathos"]["recordCoupe"]
    fixed = (
        await platform.graphql(
            RECORD,
            {
                "usagerId": usager_id,
                "on": "2026-01-15",
                "couples": couples(("FAKE-A", "T2")),
                "replaces": first["id"],
            },
            login="nurse",
        )
    )["data"]["pathos"]["recordCoupe"]
    listed = (await platform.graphql(COUPES, {"usagerId": usager_id}, login="nurse"))["data"]["pathos"][
        "coupes"
    ]
    assert {c["id"]: (c["superseded"], c["couples"][0]["profil"]) for c in listed} == {
        first["id"]: (True, "T1"),
        fixed["id"]: (False, "T2"),
    }
    again = await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2026-01-15", "couples": [], "replaces": first["id"]},
        login="nurse",
        expect_errors=True,
    )
    assert again["errors"][0]["extensions"]["code"] == "ILLEGAL_TRANSITION"
    assert await count(platform, "pathos_coupe") == 2


@pytest.mark.asyncio
async def test_the_plugin_loads_through_its_entry_point(opendui_factory: PlatformFactory) -> None:
    platform = await opendui_factory(load_entrypoints=True, allow=["pathos"])
    assert "pathos" in platform.runtime.pm.plugin_names()
    assert "serafin" not in platform.runtime.pm.plugin_names()
    assert platform.runtime.pm.version_of("pathos") == __about__.__version__
    s = await seed(platform)
    await load_fake_table(platform)
    usager_id = await create_usager(platform, s.ehpad_id, "Alpha")
    await open_sejour(platform, usager_id, s.ehpad_id, "2026-01-01")
    await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2026-01-15", "couples": couples(("FAKE-B", "S0"))},
        login="nurse",
    )
    result = (
        await platform.graphql(INDICATORS, {"etab": str(s.ehpad_id), "date": "2026-01-20"}, login="director")
    )["data"]["pathos"]["indicators"]
    assert result["pmpExact"] == "0"
