"""createUsager, usagers and usager over GraphQL: scope, validation, audit."""

from __future__ import annotations

from typing import Any

import pytest

from opendui_sdk.testing import Platform, seed

CREATE = """
mutation($input: CreateUsagerInput!) {
  createUsager(input: $input) { id ipp identity { birthName birthGivenNames firstBirthGivenName status insMatricule insOid } }
}
"""

LIST = """
query($first: Int, $after: String, $search: String) {
  usagers(first: $first, after: $after, search: $search) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id identity { birthName } etablissement { name } } }
  }
}
"""


def identity(**overrides: Any) -> dict[str, Any]:
    value = {
        "birthName": "Pat-Trois",
        "birthGivenNames": ["Dominique", "Marie"],
        "birthDate": "1979-03-28",
        "sex": "F",
        "birthplaceCode": "51215",
    }
    value.update(overrides)
    return value


async def audit_count(platform: Platform) -> int:
    row = await platform.db.fetchrow("SELECT COUNT(*) AS n FROM core_audit_entry")
    assert row is not None
    return int(row["n"])


@pytest.mark.asyncio
async def test_create_usager_with_ins_and_read_it_back(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    body = await opendui_platform.graphql(
        CREATE,
        {"input": {"etablissementId": str(s.ehpad_id), "identity": identity(ins={"matricule": "279035121518989", "oid": "1.2.250.1.213.1.4.10"})}},
        login="clerk",
    )
    created = body["data"]["createUsager"]
    assert created["identity"] == {
        "birthName": "PAT-TROIS",
        "birthGivenNames": ["DOMINIQUE", "MARIE"],
        "firstBirthGivenName": "DOMINIQUE",
        "status": "PROV",
        "insMatricule": "279035121518989",
        "insOid": "1.2.250.1.213.1.4.10",
    }
    listed = await opendui_platform.graphql(LIST, {"first": 10}, login="nurse")
    assert [e["node"]["id"] for e in listed["data"]["usagers"]["edges"]] == [created["id"]]
    assert listed["data"]["usagers"]["totalCount"] == 1


@pytest.mark.asyncio
async def test_wrong_ins_key_is_refused_and_nothing_is_written(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    before = await audit_count(opendui_platform)
    body = await opendui_platform.graphql(
        CREATE,
        {"input": {"etablissementId": str(s.ehpad_id), "identity": identity(ins={"matricule": "279035121518990"})}},
        login="clerk",
        expect_errors=True,
    )
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INVALID_NIR_KEY"
    rows = await opendui_platform.db.fetch("SELECT id FROM core_usager")
    assert rows == []
    assert await audit_count(opendui_platform) == before


@pytest.mark.asyncio
async def test_professional_sees_only_usagers_of_their_etablissements(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    ehpad_usager = (await opendui_platform.graphql(
        CREATE, {"input": {"etablissementId": str(s.ehpad_id), "identity": identity()}}, login="director"
    ))["data"]["createUsager"]["id"]
    ime_usager = (await opendui_platform.graphql(
        CREATE, {"input": {"etablissementId": str(s.ime_id), "identity": identity(birthName="Enfant", birthDate="2012-01-01")}}, login="director"
    ))["data"]["createUsager"]["id"]
    nurse = await opendui_platform.graphql(LIST, {}, login="nurse")
    assert [e["node"]["id"] for e in nurse["data"]["usagers"]["edges"]] == [ehpad_usager]
    educator = await opendui_platform.graphql(LIST, {}, login="educator")
    assert [e["node"]["id"] for e in educator["data"]["usagers"]["edges"]] == [ime_usager]
    hidden = await opendui_platform.graphql("query($id: ID!) { usager(id: $id) { id } }", {"id": ime_usager}, login="nurse")
    assert hidden["data"]["usager"] is None


@pytest.mark.asyncio
async def test_nurse_cannot_create_usager_and_denial_is_audited(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    body = await opendui_platform.graphql(
        CREATE, {"input": {"etablissementId": str(s.ehpad_id), "identity": identity()}}, login="nurse", expect_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    rows = await opendui_platform.db.fetch("SELECT outcome, object_type FROM core_audit_entry WHERE outcome = 'DENIED'")
    assert rows == [{"outcome": "DENIED", "object_type": "Usager"}]
    assert await opendui_platform.db.fetch("SELECT id FROM core_usager") == []


@pytest.mark.asyncio
async def test_pagination_walks_every_usager_once(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    names = [f"Nom{chr(65 + i)}" for i in range(7)]
    for name in names:
        await opendui_platform.graphql(CREATE, {"input": {"etablissementId": str(s.ehpad_id), "identity": identity(birthName=name)}}, login="clerk")
    seen: list[str] = []
    after = None
    while True:
        page = (await opendui_platform.graphql(LIST, {"first": 3, "after": after}, login="nurse"))["data"]["usagers"]
        seen += [e["node"]["identity"]["birthName"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [n.upper() for n in names]
    too_many = await opendui_platform.graphql(LIST, {"first": 1000}, login="nurse", expect_errors=True)
    assert too_many["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"


@pytest.mark.asyncio
async def test_requests_without_token_are_refused(opendui_platform: Platform) -> None:
    response = await opendui_platform.client.post("/graphql", json={"query": "{ me { isSystem } }"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    health = await opendui_platform.client.get("/healthz")
    assert health.json() == {"status": "ok"}
