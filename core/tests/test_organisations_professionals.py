"""Organisations and professionals over GraphQL: identifiers checked, administrators only."""

from __future__ import annotations

from typing import Any

import pytest

from opendui.demo import _finess, _rpps
from opendui_sdk.testing import Platform, seed


def code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


CREATE_ETAB = "mutation($input: CreateEtablissementInput!) { createEtablissement(input: $input) { id finessEt categorie organisme { raisonSociale } } }"
CREATE_PRO = "mutation($input: CreateProfessionalInput!) { createProfessional(input: $input) { id idNatPs rpps profession { code display } memberships { role } } }"


@pytest.mark.asyncio
async def test_only_platform_administrators_create_organismes(opendui_platform: Platform) -> None:
    await seed(opendui_platform)
    body = await opendui_platform.graphql(
        'mutation { createOrganisme(input: {finessEj: "690799019", raisonSociale: "X"}) { id } }', login="director", expect_errors=True
    )
    assert code(body) == "FORBIDDEN"


@pytest.mark.asyncio
async def test_director_creates_an_etablissement_with_a_checked_finess(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    good = _finess("69123456")
    body = await opendui_platform.graphql(
        CREATE_ETAB, {"input": {"organismeId": str(s.organisme_id), "finessEt": good, "name": "SSIAD du Rhône", "categorieCode": "354"}}, login="director"
    )
    created = body["data"]["createEtablissement"]
    assert created["finessEt"] == good and created["organisme"]["raisonSociale"] == "Organisme de test"
    bad_key = good[:-1] + str((int(good[-1]) + 1) % 10)
    wrong = await opendui_platform.graphql(
        CREATE_ETAB, {"input": {"organismeId": str(s.organisme_id), "finessEt": bad_key, "name": "X", "categorieCode": "354"}}, login="director", expect_errors=True
    )
    assert code(wrong) == "INVALID_FINESS"
    category = await opendui_platform.graphql(
        CREATE_ETAB, {"input": {"organismeId": str(s.organisme_id), "finessEt": _finess("69123457"), "name": "X", "categorieCode": "9999"}}, login="director", expect_errors=True
    )
    assert code(category) == "INVALID_CODE"
    duplicate = await opendui_platform.graphql(
        CREATE_ETAB, {"input": {"organismeId": str(s.organisme_id), "finessEt": good, "name": "Y", "categorieCode": "354"}}, login="director", expect_errors=True
    )
    assert code(duplicate) == "CONFLICT"
    nurse = await opendui_platform.graphql(
        CREATE_ETAB, {"input": {"organismeId": str(s.organisme_id), "finessEt": _finess("69123458"), "name": "Z", "categorieCode": "354"}}, login="nurse", expect_errors=True
    )
    assert code(nurse) == "FORBIDDEN"
    rows = await opendui_platform.db.fetch("SELECT finess_et FROM core_etablissement WHERE finess_et LIKE '69%'")
    assert rows == [{"finess_et": good}]


@pytest.mark.asyncio
async def test_professionals_with_rpps(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    rpps = _rpps("9970012345")
    base = {"login": "kine.dubois", "lastName": "Dubois", "firstName": "Éric", "professionSystem": "1.2.250.1.71.1.2.7",
            "professionCode": "70", "memberships": [{"etablissementId": str(s.ehpad_id), "role": "paramedical"}]}
    created = (await opendui_platform.graphql(CREATE_PRO, {"input": {**base, "rpps": rpps}}, login="director"))["data"]["createProfessional"]
    assert created["idNatPs"] == "8" + rpps and created["profession"]["code"] == "70"
    assert created["memberships"] == [{"role": "paramedical"}]
    bad = await opendui_platform.graphql(CREATE_PRO, {"input": {**base, "login": "kine.two", "rpps": "10003456789"}}, login="director", expect_errors=True)
    assert code(bad) == "INVALID_RPPS"
    role = await opendui_platform.graphql(
        CREATE_PRO, {"input": {**base, "login": "kine.three", "memberships": [{"etablissementId": str(s.ehpad_id), "role": "chef"}]}}, login="director", expect_errors=True
    )
    assert code(role) == "VALIDATION_ERROR"
    other = await opendui_platform.graphql(
        CREATE_PRO, {"input": {**base, "login": "kine.four", "professionCode": "00"}}, login="director", expect_errors=True
    )
    assert code(other) == "INVALID_CODE"
    me = await opendui_platform.graphql("{ me { professional { login } roles { role } } }", login="kine.dubois")
    assert me["data"]["me"] == {"professional": {"login": "kine.dubois"}, "roles": [{"role": "paramedical"}]}
