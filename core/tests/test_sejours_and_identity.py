"""Séjours and identity changes over GraphQL: transitions, concurrency, RNIV rules."""

from __future__ import annotations

from typing import Any

import pytest

from opendui_sdk.testing import Platform, seed

CREATE = "mutation($input: CreateUsagerInput!) { createUsager(input: $input) { id identity { version status } } }"
OPEN = "mutation($input: OpenSejourInput!) { openSejour(input: $input) { id status version typeAccueil } }"
CLOSE = "mutation($input: CloseSejourInput!) { closeSejour(input: $input) { id status exitDate version } }"
UPDATE = "mutation($input: UpdateIdentityInput!) { updateIdentity(input: $input) { birthName usedName status version validationMode } }"

QUALIFIED = {
    "birthName": "Pat-Trois",
    "birthGivenNames": ["Dominique"],
    "birthDate": "1979-03-28",
    "sex": "F",
    "birthplaceCode": "51215",
}


async def new_usager(platform: Platform, etablissement_id: Any, **identity: Any) -> str:
    body = await platform.graphql(CREATE, {"input": {"etablissementId": str(etablissement_id), "identity": {**QUALIFIED, **identity}}}, login="clerk")
    return str(body["data"]["createUsager"]["id"])


def code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


@pytest.mark.asyncio
async def test_open_and_close_sejour(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    usager = await new_usager(opendui_platform, s.ehpad_id)
    opened = (await opendui_platform.graphql(
        OPEN, {"input": {"usagerId": usager, "etablissementId": str(s.ehpad_id), "typeAccueil": "46", "entryDate": "2025-02-03"}}, login="clerk"
    ))["data"]["openSejour"]
    assert (opened["status"], opened["typeAccueil"]) == ("open", "46")
    again = await opendui_platform.graphql(
        OPEN, {"input": {"usagerId": usager, "etablissementId": str(s.ehpad_id), "typeAccueil": "46", "entryDate": "2025-03-01"}},
        login="clerk", expect_errors=True,
    )
    assert code(again) == "CONFLICT"
    early = await opendui_platform.graphql(
        CLOSE, {"input": {"sejourId": opened["id"], "version": 1, "exitDate": "2025-01-01"}}, login="clerk", expect_errors=True
    )
    assert code(early) == "VALIDATION_ERROR"
    closed = (await opendui_platform.graphql(
        CLOSE, {"input": {"sejourId": opened["id"], "version": 1, "exitDate": "2025-06-30"}}, login="clerk"
    ))["data"]["closeSejour"]
    assert (closed["status"], closed["exitDate"], closed["version"]) == ("closed", "2025-06-30", 2)
    twice = await opendui_platform.graphql(
        CLOSE, {"input": {"sejourId": opened["id"], "version": 2, "exitDate": "2025-07-01"}}, login="clerk", expect_errors=True
    )
    assert code(twice) == "ILLEGAL_TRANSITION"


@pytest.mark.asyncio
async def test_sejour_rules(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    usager = await new_usager(opendui_platform, s.ehpad_id)
    bad_code = await opendui_platform.graphql(
        OPEN, {"input": {"usagerId": usager, "etablissementId": str(s.ehpad_id), "typeAccueil": "999", "entryDate": "2025-02-03"}},
        login="clerk", expect_errors=True,
    )
    assert code(bad_code) == "INVALID_CODE"
    nurse = await opendui_platform.graphql(
        OPEN, {"input": {"usagerId": usager, "etablissementId": str(s.ehpad_id), "typeAccueil": "46", "entryDate": "2025-02-03"}},
        login="nurse", expect_errors=True,
    )
    assert code(nurse) == "FORBIDDEN"
    invisible = await opendui_platform.graphql(
        OPEN, {"input": {"usagerId": usager, "etablissementId": str(s.ime_id), "typeAccueil": "47", "entryDate": "2025-02-03"}},
        login="educator", expect_errors=True,
    )
    assert code(invisible) == "NOT_FOUND"
    assert await opendui_platform.db.fetch("SELECT id FROM core_sejour") == []


@pytest.mark.asyncio
async def test_sejour_in_another_etablissement_makes_the_usager_visible_there(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    usager = await new_usager(opendui_platform, s.ehpad_id)
    listed = await opendui_platform.graphql("{ usagers { totalCount } }", login="educator")
    assert listed["data"]["usagers"]["totalCount"] == 0
    await opendui_platform.graphql(
        OPEN, {"input": {"usagerId": usager, "etablissementId": str(s.ime_id), "typeAccueil": "47", "entryDate": "2025-02-03"}}, login="director"
    )
    listed = await opendui_platform.graphql("{ usagers { totalCount } }", login="educator")
    assert listed["data"]["usagers"]["totalCount"] == 1


@pytest.mark.asyncio
async def test_identity_update_with_optimistic_concurrency(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    usager = await new_usager(opendui_platform, s.ehpad_id)
    first = (await opendui_platform.graphql(UPDATE, {"input": {"usagerId": usager, "version": 1, "usedName": "Martin"}}, login="clerk"))["data"]
    assert first["updateIdentity"]["usedName"] == "MARTIN"
    stale = await opendui_platform.graphql(UPDATE, {"input": {"usagerId": usager, "version": 1, "usedName": "Durand"}}, login="clerk", expect_errors=True)
    assert code(stale) == "CONFLICT"
    assert stale["errors"][0]["extensions"]["currentVersion"] == 2


@pytest.mark.asyncio
async def test_rniv_status_rules(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    usager = await new_usager(opendui_platform, s.ehpad_id)
    no_mode = await opendui_platform.graphql(UPDATE, {"input": {"usagerId": usager, "version": 1, "status": "VALI"}}, login="clerk", expect_errors=True)
    assert code(no_mode) == "VALIDATION_ERROR"
    qual = await opendui_platform.graphql(
        UPDATE, {"input": {"usagerId": usager, "version": 1, "status": "QUAL", "validationMode": "CN"}}, login="clerk", expect_errors=True
    )
    assert code(qual) == "ILLEGAL_TRANSITION"  # PROV -> QUAL skips INSi
    vali = await opendui_platform.graphql(UPDATE, {"input": {"usagerId": usager, "version": 1, "status": "VALI", "validationMode": "CN"}}, login="clerk")
    assert vali["data"]["updateIdentity"]["status"] == "VALI"
    fictitious = await opendui_platform.graphql(
        CREATE, {"input": {"etablissementId": str(s.ehpad_id), "identity": {**QUALIFIED, "birthName": "Inconnu", "status": "VALI", "validationMode": "CN", "attributes": ["FICT"]}}},
        login="clerk", expect_errors=True,
    )
    assert code(fictitious) == "ILLEGAL_TRANSITION"


@pytest.mark.asyncio
async def test_strict_traits_of_a_qualified_identity_cannot_be_edited(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    from opendui.access.usagers import IdentityInput
    import datetime as dt

    usager = await opendui_platform.system().access.usagers.create(
        s.ehpad_id,
        IdentityInput(birth_name="PAT-TROIS", birth_given_names=["DOMINIQUE"], birth_date=dt.date(1979, 3, 28), sex="F",
                      birthplace_code="51215", ins_matricule="279035121518989", ins_oid="1.2.250.1.213.1.4.10",
                      status="QUAL", validation_mode="CN"),
    )
    edit = await opendui_platform.graphql(UPDATE, {"input": {"usagerId": str(usager.id), "version": 1, "birthName": "Autre"}}, login="clerk", expect_errors=True)
    assert code(edit) == "ILLEGAL_TRANSITION"
    used = await opendui_platform.graphql(UPDATE, {"input": {"usagerId": str(usager.id), "version": 1, "usedName": "Martin"}}, login="clerk")
    assert used["data"]["updateIdentity"]["status"] == "QUAL"
    downgrade = await opendui_platform.graphql(UPDATE, {"input": {"usagerId": str(usager.id), "version": 2, "status": "PROV"}}, login="clerk")
    assert downgrade["data"]["updateIdentity"]["status"] == "PROV"
    rows = await opendui_platform.db.fetch("SELECT action FROM core_audit_entry WHERE object_type = 'Identity' AND action = 'UPDATE'")
    assert len(rows) == 2


@pytest.mark.asyncio
async def test_one_ins_matricule_belongs_to_one_usager(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    ins = {"matricule": "279035121518989", "oid": "1.2.250.1.213.1.4.10"}
    await new_usager(opendui_platform, s.ehpad_id, ins=ins)
    twin = await opendui_platform.graphql(
        CREATE, {"input": {"etablissementId": str(s.ehpad_id), "identity": {**QUALIFIED, "birthGivenNames": ["Claude"], "ins": ins}}},
        login="clerk", expect_errors=True,
    )
    assert code(twin) == "CONFLICT"
    rows = await opendui_platform.db.fetch("SELECT id FROM core_usager")
    assert len(rows) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("identity", "expected"),
    [
        ({"birthName": "R2-D2"}, "VALIDATION_ERROR"),
        ({"birthGivenNames": []}, "VALIDATION_ERROR"),
        ({"birthDate": "2999-01-01"}, "VALIDATION_ERROR"),
        ({"sex": "X"}, "VALIDATION_ERROR"),
        ({"birthplaceCode": "ABCDE"}, "VALIDATION_ERROR"),
        ({"ins": {"matricule": "27903512151898"}}, "INVALID_NIR"),
        ({"ins": {"matricule": "279035121518990"}}, "INVALID_NIR_KEY"),
        ({"ins": {"matricule": "279035121518989", "oid": "1.2.3"}}, "INVALID_OID"),
        ({"ins": {"matricule": "179035121518942"}}, "VALIDATION_ERROR"),  # sex digit 1 for a woman
        ({"status": "RECUP"}, "ILLEGAL_TRANSITION"),
    ],
)
async def test_bad_identities_are_refused_with_stable_codes(opendui_platform: Platform, identity: dict[str, Any], expected: str) -> None:
    s = await seed(opendui_platform)
    body = await opendui_platform.graphql(
        CREATE, {"input": {"etablissementId": str(s.ehpad_id), "identity": {**QUALIFIED, **identity}}}, login="clerk", expect_errors=True
    )
    assert code(body) == expected
    assert await opendui_platform.db.fetch("SELECT id FROM core_usager") == []


@pytest.mark.asyncio
async def test_residents_present_on_a_date_and_permissions_through_sejours(opendui_platform: Platform) -> None:
    import datetime as dt
    import uuid as uuid_module

    from opendui.context import RequestContext
    from opendui.errors import ForbiddenError, NotFoundError
    from opendui.security import Actor, ActorKind

    s = await seed(opendui_platform)
    access = opendui_platform.system().access
    usager = await new_usager(opendui_platform, s.ehpad_id)
    sejour = await access.sejours.open(usager_id=uuid_module.UUID(usager), etablissement_id=s.ime_id, type_accueil="47", entry_date=dt.date(2025, 1, 10))
    await access.sejours.close(sejour.id, exit_date=dt.date(2025, 3, 1), expected_version=1)
    educator = RequestContext(
        runtime=opendui_platform.runtime,
        principal=await opendui_platform.runtime.principal_for(Actor(kind=ActorKind.PROFESSIONAL, subject="educator", issuer="t")),
    )
    assert [x.usager for x in await educator.access.sejours.present(s.ime_id, dt.date(2025, 2, 1))] == [uuid_module.UUID(usager)]
    assert await educator.access.sejours.present(s.ime_id, dt.date(2025, 3, 1)) == []  # the exit day is not counted
    with pytest.raises(NotFoundError):
        await educator.access.sejours.present(s.ehpad_id, dt.date(2025, 2, 1))
    with pytest.raises(ForbiddenError):  # the séjour is closed: the IME no longer shares the record
        await educator.access.require_on_usager("core.document.write", uuid_module.UUID(usager))
    await access.sejours.open(usager_id=uuid_module.UUID(usager), etablissement_id=s.ime_id, type_accueil="47", entry_date=dt.date(2025, 9, 1))
    await educator.access.require_on_usager("core.document.write", uuid_module.UUID(usager))
