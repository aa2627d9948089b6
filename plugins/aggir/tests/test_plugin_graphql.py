"""The aggir plugin on a running platform (SQLite and PostgreSQL): GraphQL, scope, permissions, audit,
history, GMP of an EHPAD, loading through the entry point."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

import opendui_aggir.plugin
from opendui_aggir import __about__
from opendui_sdk.testing import Platform, PlatformFactory, Seed, seed

RECORD = """
mutation($usagerId: ID!, $on: Date!, $codes: AggirCodesInput, $adverbs: AggirAdverbsInput, $replaces: ID) {
  aggir {
    recordEvaluation(usagerId: $usagerId, evaluatedOn: $on, codes: $codes, adverbs: $adverbs,
                     replaces: $replaces) {
      id usagerId evaluatedOn evaluatorLabel gir rang groupe score profile
      superseded supersedes supersededBy
      codes { coherence habillage transferts gestion cuisine }
      adverbs { variable subVariable s t c h modalite }
    }
  }
}
"""

EVALUATIONS = """
query($usagerId: ID!) {
  aggir { evaluations(usagerId: $usagerId) { id evaluatedOn gir superseded supersededBy } }
}
"""

GMP = """
query($etab: ID!, $date: Date!) {
  aggir { gmp(etablissementId: $etab, date: $date) {
    residentsPresent residentsEvaluated residentsWithoutEvaluation totalPoints gmp gmpExact gmpRounded exact
    residentsByGir { gir residents points } residents { usagerId gir points evaluatedOn } } }
}
"""

GIR = "query($id: ID!) { usager(id: $id) { aggirGir aggirLatestEvaluation { id gir evaluatedOn } } }"

DISCRIMINANT = (
    "coherence",
    "orientation",
    "toilette",
    "habillage",
    "alimentation",
    "elimination",
    "transferts",
    "deplacementInterieur",
    "deplacementExterieur",
    "communication",
)


def codes(profile: str, **extra: str) -> dict[str, str]:
    """The GraphQL codes input of a 10-letter profile in annexe order."""
    return {**dict(zip(DISCRIMINANT, profile, strict=True)), **extra}


# Checked by hand against CASF annexe 2-2:
# CCCCCCCCCC: group A score 2000+1200+40+40+60+100+800+200 = 4440 >= 4380 -> rang 1 -> GIR 1.
GIR_1 = "CCCCCCCCCC"
# toilette B, habillage C: groups A-G never reach their threshold; group H score 2000+3000 = 5000
# >= 4000 -> rang 11 -> GIR 4 (the example of the README).
GIR_4 = "AABCAAAAAA"
# all A: every score is 0 -> group H rang 13 -> GIR 6.
GIR_6 = "AAAAAAAAAA"


async def start(factory: PlatformFactory) -> tuple[Platform, Seed]:
    platform = await factory(plugins=[("aggir", opendui_aggir.plugin)])
    return platform, await seed(platform)


async def create_usager(platform: Platform, etablissement_id: uuid.UUID, name: str = "Martin") -> str:
    identity = {"birthName": name, "birthGivenNames": ["Jeanne"], "birthDate": "1932-04-05", "sex": "F"}
    body = await platform.graphql(
        "mutation($input: CreateUsagerInput!) { createUsager(input: $input) { id } }",
        {"input": {"etablissementId": str(etablissement_id), "identity": identity}},
        login="director",
    )
    usager_id: str = body["data"]["createUsager"]["id"]
    return usager_id


async def open_sejour(platform: Platform, usager_id: str, etablissement_id: uuid.UUID, entry: str) -> None:
    await platform.graphql(
        "mutation($input: OpenSejourInput!) { openSejour(input: $input) { id } }",
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


async def record(
    platform: Platform, usager_id: str, on: str, login: str = "nurse", **variables: Any
) -> dict[str, Any]:
    body = await platform.graphql(RECORD, {"usagerId": usager_id, "on": on, **variables}, login=login)
    evaluation: dict[str, Any] = body["data"]["aggir"]["recordEvaluation"]
    return evaluation


async def gmp(platform: Platform, etablissement_id: uuid.UUID, date: str) -> dict[str, Any]:
    body = await platform.graphql(GMP, {"etab": str(etablissement_id), "date": date}, login="director")
    result: dict[str, Any] = body["data"]["aggir"]["gmp"]
    return result


async def rows(platform: Platform, sql: str, *args: Any) -> list[dict[str, Any]]:
    return await platform.db.fetch(sql, *args)


async def count(platform: Platform, table: str = "aggir_evaluation") -> int:
    found = await rows(platform, f"SELECT COUNT(*) AS n FROM {table}")
    return int(found[0]["n"])


def all_adverbs(value: bool) -> dict[str, Any]:
    """An adverbs input where every (sub-)variable gets the same four answers."""
    answers = {"s": value, "t": value, "c": value, "h": value}
    return {
        "coherence": {"communication": answers, "comportement": answers},
        "orientation": {"temps": answers, "espace": answers},
        "toilette": {"haut": answers, "bas": answers},
        "habillage": {"haut": answers, "moyen": answers, "bas": answers},
        "alimentation": {"seServir": answers, "manger": answers},
        "elimination": {"urinaire": answers, "fecale": answers},
        "transferts": answers,
        "deplacementInterieur": answers,
        "deplacementExterieur": answers,
        "communication": answers,
    }


@pytest.mark.asyncio
async def test_the_plugin_works_alone(opendui_factory: PlatformFactory) -> None:
    platform, _ = await start(opendui_factory)
    assert "aggir_evaluation" in await platform.db.table_names()
    assert platform.runtime.registry.owners["aggir"] == "aggir"
    body = await platform.graphql(
        "{ aggir { variables { key label discriminante subVariables { key label } } } }", login="nurse"
    )
    variables = body["data"]["aggir"]["variables"]
    assert [v["key"] for v in variables if v["discriminante"]] == [
        "coherence",
        "orientation",
        "toilette",
        "habillage",
        "alimentation",
        "elimination",
        "transferts",
        "deplacement_interieur",
        "deplacement_exterieur",
        "communication",
    ]
    assert [v["key"] for v in variables if not v["discriminante"]] == [
        "gestion",
        "cuisine",
        "menage",
        "transports",
        "achats",
        "suivi_traitement",
        "activites_temps_libre",
    ]
    habillage = next(v for v in variables if v["key"] == "habillage")
    assert habillage["label"] == "Habillage"
    assert [s["key"] for s in habillage["subVariables"]] == ["haut", "moyen", "bas"]
    assert next(v for v in variables if v["key"] == "transferts")["subVariables"] == []


@pytest.mark.asyncio
async def test_new_user_flow_evaluation_gir_and_gmp_of_the_ehpad(opendui_factory: PlatformFactory) -> None:
    """The issue's flow: a resident with an open séjour in the EHPAD is evaluated, the GIR reads back,
    the EHPAD's GMP changes (figures checked by hand against annexes 2-2 and 3-6)."""
    platform, s = await start(opendui_factory)
    alice = await create_usager(platform, s.ehpad_id, "Alpha")
    bruno = await create_usager(platform, s.ehpad_id, "Bravo")
    await open_sejour(platform, alice, s.ehpad_id, "2026-01-01")
    await open_sejour(platform, bruno, s.ehpad_id, "2026-01-01")

    before = await gmp(platform, s.ehpad_id, "2026-03-01")
    assert (before["residentsPresent"], before["residentsEvaluated"]) == (2, 0)
    assert sorted(before["residentsWithoutEvaluation"]) == sorted([alice, bruno])
    assert (before["gmp"], before["gmpExact"], before["totalPoints"]) == (None, None, 0)

    first = await record(platform, alice, "2026-02-01", login="doctor", codes=codes(GIR_1))
    assert (first["gir"], first["rang"], first["groupe"], first["score"]) == (1, 1, "A", 4440)
    assert first["profile"] == GIR_1
    read = await platform.graphql(GIR, {"id": alice}, login="nurse")
    assert read["data"]["usager"]["aggirGir"] == 1
    assert read["data"]["usager"]["aggirLatestEvaluation"]["id"] == first["id"]

    middle = await gmp(platform, s.ehpad_id, "2026-03-01")
    assert (middle["residentsEvaluated"], middle["totalPoints"], middle["gmpExact"]) == (1, 1000, "1000")
    assert middle["residentsWithoutEvaluation"] == [bruno]

    second = await record(platform, bruno, "2026-02-10", codes=codes(GIR_4, gestion="b"))
    assert (second["gir"], second["rang"], second["groupe"], second["score"]) == (4, 11, "H", 5000)
    assert second["codes"]["gestion"] == "B"  # illustrative: stored, never enters the GIR

    after = await gmp(platform, s.ehpad_id, "2026-03-01")
    assert after["residentsPresent"] == after["residentsEvaluated"] == 2
    assert after["residentsWithoutEvaluation"] == []
    assert after["totalPoints"] == 1000 + 420
    assert (after["gmpExact"], after["gmp"], after["gmpRounded"], after["exact"]) == ("710", 710.0, 710, True)
    by_gir = {line["gir"]: (line["residents"], line["points"]) for line in after["residentsByGir"]}
    assert by_gir == {1: (1, 1000), 2: (0, 840), 3: (0, 660), 4: (1, 420), 5: (0, 250), 6: (0, 70)}
    assert {r["usagerId"]: (r["gir"], r["points"]) for r in after["residents"]} == {
        alice: (1, 1000),
        bruno: (4, 420),
    }

    # on an earlier date, only evaluations dated on or before it count
    early = await gmp(platform, s.ehpad_id, "2026-02-05")
    assert (early["residentsEvaluated"], early["gmpExact"]) == (1, "1000")
    # before the séjours, nobody is present
    assert (await gmp(platform, s.ehpad_id, "2025-12-31"))["residentsPresent"] == 0


@pytest.mark.asyncio
async def test_gmp_counts_only_residents_present_that_day(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    resident = await create_usager(platform, s.ehpad_id, "Alpha")
    attached_only = await create_usager(platform, s.ehpad_id, "Bravo")  # no séjour: not a resident
    other = await create_usager(platform, s.ehpad_id, "Charlie")
    await open_sejour(platform, resident, s.ehpad_id, "2026-01-01")
    await open_sejour(platform, other, s.ehpad_id, "2026-01-01")
    await record(platform, resident, "2026-01-05", codes=codes(GIR_1))
    await record(platform, attached_only, "2026-01-05", codes=codes(GIR_6))
    await record(platform, other, "2026-01-05", codes=codes(GIR_6))
    result = await gmp(platform, s.ehpad_id, "2026-02-01")
    assert result["residentsPresent"] == 2
    # (1000 + 70) / 2 = 535
    assert (result["totalPoints"], result["gmpExact"]) == (1070, "535")
    assert attached_only not in {r["usagerId"] for r in result["residents"]}


@pytest.mark.asyncio
async def test_gmp_is_not_exact_when_the_division_does_not_terminate(
    opendui_factory: PlatformFactory,
) -> None:
    platform, s = await start(opendui_factory)
    for name, profile in (("Alpha", GIR_1), ("Bravo", GIR_6), ("Charlie", GIR_6)):
        usager_id = await create_usager(platform, s.ehpad_id, name)
        await open_sejour(platform, usager_id, s.ehpad_id, "2026-01-01")
        await record(platform, usager_id, "2026-01-05", codes=codes(profile))
    result = await gmp(platform, s.ehpad_id, "2026-02-01")
    # (1000 + 70 + 70) / 3 = 380
    assert (result["totalPoints"], result["gmpExact"], result["exact"]) == (1140, "380", True)
    fourth = await create_usager(platform, s.ehpad_id, "Delta")
    await open_sejour(platform, fourth, s.ehpad_id, "2026-01-01")
    await record(platform, fourth, "2026-01-05", codes=codes(GIR_4))
    result = await gmp(platform, s.ehpad_id, "2026-02-01")
    # (1140 + 420) / 4 = 390
    assert (result["totalPoints"], result["gmpExact"], result["exact"]) == (1560, "390", True)
    fifth = await create_usager(platform, s.ehpad_id, "Echo")
    await open_sejour(platform, fifth, s.ehpad_id, "2026-01-01")
    await record(platform, fifth, "2026-01-05", codes=codes(GIR_4))
    result = await gmp(platform, s.ehpad_id, "2026-02-01")
    # (1560 + 420) / 5 = 396
    assert (result["gmpExact"], result["gmpRounded"]) == ("396", 396)
    sixth = await create_usager(platform, s.ehpad_id, "Foxtrot")
    await open_sejour(platform, sixth, s.ehpad_id, "2026-01-01")
    await record(platform, sixth, "2026-01-05", codes=codes(GIR_6))
    result = await gmp(platform, s.ehpad_id, "2026-02-01")
    # (1980 + 70) / 6 = 341.666..., not exact
    assert result["totalPoints"] == 2050
    assert result["exact"] is False
    assert result["gmpExact"].startswith("341.666666")
    assert result["gmpRounded"] == 342


@pytest.mark.asyncio
async def test_record_from_adverbs(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    answers = all_adverbs(True)
    # habillage: haut done only partially (B), moyen and bas not done at all (C): all_c rule -> B
    answers["habillage"] = {
        "haut": {"s": True, "t": False, "c": True, "h": True},
        "moyen": {"s": False, "t": False, "c": False, "h": False},
        "bas": {"s": False, "t": False, "c": False, "h": False},
    }
    answers["gestion"] = {"s": False, "t": False, "c": False, "h": False}
    evaluation = await record(platform, usager_id, "2026-02-01", adverbs=answers)
    assert evaluation["profile"] == "AAABAAAAAA"
    assert evaluation["codes"]["habillage"] == "B"
    assert evaluation["codes"]["gestion"] == "C"
    # habillage B alone: groups A-G stay below their thresholds (E 100, F 100, G 200); group H
    # score 2000 >= 2000 -> rang 12 -> GIR 5
    assert (evaluation["gir"], evaluation["rang"], evaluation["groupe"], evaluation["score"]) == (
        5,
        12,
        "H",
        2000,
    )
    habillage = [a for a in evaluation["adverbs"] if a["variable"] == "habillage"]
    assert [(a["subVariable"], a["modalite"]) for a in habillage] == [
        ("haut", "B"),
        ("moyen", "C"),
        ("bas", "C"),
    ]
    assert len(evaluation["adverbs"]) == 13 + 4 + 1  # 13 sub-variables, 4 direct variables, gestion
    stored = await rows(platform, "SELECT habillage, gestion, cuisine, adverbs FROM aggir_evaluation")
    assert (stored[0]["habillage"], stored[0]["gestion"], stored[0]["cuisine"]) == ("B", "C", None)
    assert '"se_servir"' in stored[0]["adverbs"]

    nothing_done = await record(platform, usager_id, "2026-02-02", adverbs=all_adverbs(False))
    assert (nothing_done["profile"], nothing_done["gir"]) == ("CCCCCCCCCC", 1)
    coded = await record(platform, usager_id, "2026-02-03", codes=codes(GIR_6))
    assert coded["adverbs"] is None


@pytest.mark.asyncio
async def test_record_is_audited_and_evaluations_read_back(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    evaluation = await record(platform, usager_id, "2026-02-01", codes=codes(GIR_4))
    assert evaluation["evaluatorLabel"] == "Test NURSE"
    created = await rows(
        platform,
        "SELECT usager_id, object_id, outcome FROM core_audit_entry "
        "WHERE action = 'CREATE' AND object_type = 'AggirEvaluation'",
    )
    assert [(str(r["usager_id"]), r["object_id"], r["outcome"]) for r in created] == [
        (usager_id, evaluation["id"], "ALLOWED")
    ]
    listed = await platform.graphql(EVALUATIONS, {"usagerId": usager_id}, login="doctor")
    assert [e["id"] for e in listed["data"]["aggir"]["evaluations"]] == [evaluation["id"]]
    reads = await rows(
        platform,
        "SELECT usager_id FROM core_audit_entry WHERE action = 'READ' AND object_type = 'AggirEvaluation'",
    )
    assert [str(r["usager_id"]) for r in reads] == [usager_id]


@pytest.mark.asyncio
async def test_history_is_kept_on_correction(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    await open_sejour(platform, usager_id, s.ehpad_id, "2026-01-01")
    wrong = await record(platform, usager_id, "2026-02-01", codes=codes(GIR_1))
    fixed = await record(platform, usager_id, "2026-02-01", codes=codes(GIR_4), replaces=wrong["id"])
    assert fixed["supersedes"] == wrong["id"]
    assert fixed["gir"] == 4

    listed = (await platform.graphql(EVALUATIONS, {"usagerId": usager_id}, login="nurse"))["data"]["aggir"][
        "evaluations"
    ]
    assert {e["id"]: (e["gir"], e["superseded"], e["supersededBy"]) for e in listed} == {
        wrong["id"]: (1, True, fixed["id"]),
        fixed["id"]: (4, False, None),
    }
    read = await platform.graphql(GIR, {"id": usager_id}, login="nurse")
    assert read["data"]["usager"]["aggirGir"] == 4
    assert (await gmp(platform, s.ehpad_id, "2026-03-01"))["gmpExact"] == "420"  # the correction counts

    # the stored row of the corrected grid is untouched apart from superseded_by
    old = await rows(platform, "SELECT gir, coherence FROM aggir_evaluation WHERE superseded_by IS NOT NULL")
    assert [(r["gir"], r["coherence"]) for r in old] == [(1, "C")]

    again = await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2026-02-01", "codes": codes(GIR_6), "replaces": wrong["id"]},
        login="nurse",
        expect_errors=True,
    )
    assert again["errors"][0]["extensions"]["code"] == "ILLEGAL_TRANSITION"
    assert await count(platform) == 2
    updates = await rows(
        platform,
        "SELECT object_id FROM core_audit_entry WHERE action = 'UPDATE' AND object_type = 'AggirEvaluation'",
    )
    assert [r["object_id"] for r in updates] == [wrong["id"]]


@pytest.mark.asyncio
async def test_replacing_another_usagers_evaluation_is_not_found(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    first = await create_usager(platform, s.ehpad_id, "Alpha")
    other = await create_usager(platform, s.ehpad_id, "Bravo")
    evaluation = await record(platform, first, "2026-02-01", codes=codes(GIR_1))
    body = await platform.graphql(
        RECORD,
        {"usagerId": other, "on": "2026-02-01", "codes": codes(GIR_4), "replaces": evaluation["id"]},
        login="nurse",
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert await count(platform) == 1


@pytest.mark.asyncio
async def test_scope_an_ime_educator_cannot_reach_an_ehpad_resident(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    await open_sejour(platform, usager_id, s.ehpad_id, "2026-01-01")
    await record(platform, usager_id, "2026-02-01", codes=codes(GIR_1))
    for query, variables in (
        (RECORD, {"usagerId": usager_id, "on": "2026-02-02", "codes": codes(GIR_4)}),
        (EVALUATIONS, {"usagerId": usager_id}),
    ):
        body = await platform.graphql(query, variables, login="educator", expect_errors=True)
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert body["data"] is None
    read = await platform.graphql(GIR, {"id": usager_id}, login="educator")
    assert read["data"]["usager"] is None  # the core answers an invisible usager with null
    # the EHPAD's GMP is not the educator's to compute
    body = await platform.graphql(
        GMP, {"etab": str(s.ehpad_id), "date": "2026-03-01"}, login="educator", expect_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await count(platform) == 1


@pytest.mark.asyncio
async def test_a_clerk_may_not_evaluate_and_the_denial_is_audited(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    body = await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2026-02-01", "codes": codes(GIR_1)},
        login="clerk",
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["extensions"]["permission"] == "aggir.evaluation.write"
    assert await count(platform) == 0
    denied = await rows(
        platform, "SELECT usager_id, object_type, object_id FROM core_audit_entry WHERE outcome = 'DENIED'"
    )
    assert [(str(r["usager_id"]), r["object_type"], r["object_id"]) for r in denied] == [
        (usager_id, "AggirEvaluation", "aggir.evaluation.write")
    ]
    # nor compute the GMP (administratif is not among the default roles of aggir.gmp.read)
    body = await platform.graphql(
        GMP, {"etab": str(s.ehpad_id), "date": "2026-03-01"}, login="clerk", expect_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["extensions"]["permission"] == "aggir.gmp.read"


@pytest.mark.parametrize(
    ("variables", "field", "plugin_code"),
    [
        ({"codes": codes("AAAAAAAAAD")}, "communication", "AGGIR_INVALID_CODE"),
        ({"codes": codes("AAXAAAAAAA")}, "toilette", "AGGIR_INVALID_CODE"),
        ({"codes": codes(GIR_4, cuisine="Z")}, "cuisine", "AGGIR_INVALID_CODE"),
        ({"codes": codes("AAAAAAAAA ")}, "communication", "AGGIR_INVALID_CODE"),
        ({}, "codes", None),
        ({"codes": codes(GIR_4), "adverbs": all_adverbs(True)}, "adverbs", None),
    ],
)
@pytest.mark.asyncio
async def test_bad_codes_write_nothing(
    opendui_factory: PlatformFactory, variables: dict[str, Any], field: str, plugin_code: str | None
) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    body = await platform.graphql(
        RECORD, {"usagerId": usager_id, "on": "2026-02-01", **variables}, login="nurse", expect_errors=True
    )
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["field"], extensions.get("pluginCode")) == (
        "VALIDATION_ERROR",
        field,
        plugin_code,
    )
    assert body["data"] is None
    assert await count(platform) == 0
    created = await rows(
        platform,
        "SELECT id FROM core_audit_entry WHERE object_type = 'AggirEvaluation' AND action = 'CREATE'",
    )
    assert created == []


@pytest.mark.asyncio
async def test_a_future_date_is_refused(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    usager_id = await create_usager(platform, s.ehpad_id)
    body = await platform.graphql(
        RECORD,
        {"usagerId": usager_id, "on": "2999-01-01", "codes": codes(GIR_4)},
        login="nurse",
        expect_errors=True,
    )
    assert (body["errors"][0]["extensions"]["code"], body["errors"][0]["extensions"]["field"]) == (
        "VALIDATION_ERROR",
        "evaluatedOn",
    )
    assert await count(platform) == 0


@pytest.mark.asyncio
async def test_latest_evaluation_of_a_page_of_usagers_is_batched(opendui_factory: PlatformFactory) -> None:
    platform, s = await start(opendui_factory)
    ids = [await create_usager(platform, s.ehpad_id, f"Nom{letter}") for letter in "ABCDEF"]
    for usager_id in ids[:4]:
        await record(platform, usager_id, "2026-02-01", codes=codes(GIR_4))
    query = "{ usagers(first: 50) { edges { node { id aggirGir aggirLatestEvaluation { id gir } } } } }"
    before = platform.db.statement_count
    body = await platform.graphql(query, login="nurse")
    statements = platform.db.statement_count - before
    nodes = [edge["node"] for edge in body["data"]["usagers"]["edges"]]
    assert sorted(str(node["aggirGir"]) for node in nodes) == ["4", "4", "4", "4", "None", "None"]
    assert all((node["aggirGir"] is None) == (node["aggirLatestEvaluation"] is None) for node in nodes)
    for extra in "GHIJ":
        usager_id = await create_usager(platform, s.ehpad_id, f"Nom{extra}")
        await record(platform, usager_id, "2026-02-01", codes=codes(GIR_1))
    before = platform.db.statement_count
    await platform.graphql(query, login="nurse")
    assert platform.db.statement_count - before == statements


@pytest.mark.asyncio
async def test_the_plugin_loads_through_its_entry_point(opendui_factory: PlatformFactory) -> None:
    platform = await opendui_factory(load_entrypoints=True, allow=["aggir"])
    assert "aggir" in platform.runtime.pm.plugin_names()
    assert platform.runtime.pm.version_of("aggir") == __about__.__version__
    assert "aggir_evaluation" in await platform.db.table_names()
    s = await seed(platform)
    usager_id = await create_usager(platform, s.ehpad_id)
    evaluation = await record(platform, usager_id, "2026-02-01", login="doctor", codes=codes(GIR_4))
    assert evaluation["gir"] == 4
