"""GraphQL limits and error hygiene: depth, aliases (fragments included), tokens, GET, introspection,
masked internal errors with a correlation id."""

from __future__ import annotations

from typing import Any

import pytest

from opendui.settings import Mode
from opendui_sdk.testing import Platform, PlatformFactory, seed


async def post(platform: Platform, query: str, login: str = "nurse") -> Any:
    response = await platform.client.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {platform.token(login)}"})
    return response


@pytest.mark.asyncio
async def test_depth_bomb_is_rejected_before_execution(opendui_platform: Platform) -> None:
    await seed(opendui_platform)
    nested = "{ etablissements { organisme { etablissements { organisme { etablissements { organisme { etablissements { organisme { etablissements { organisme { etablissements { organisme { etablissements { name } } } } } } } } } } } } } }"
    before = opendui_platform.db.statement_count
    body = (await post(opendui_platform, nested)).json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert body.get("data") is None
    assert opendui_platform.db.statement_count - before <= 3  # authentication only, no resolver ran


@pytest.mark.asyncio
async def test_aliases_hidden_in_fragments_are_counted(opendui_platform: Platform) -> None:
    await seed(opendui_platform)
    aliases = " ".join(f"a{i}: name" for i in range(10))
    query = "fragment F on Etablissement { " + aliases + " } { etablissements { ...F ...F ...F ...F } }"
    body = (await post(opendui_platform, query)).json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


@pytest.mark.asyncio
async def test_token_limit(opendui_platform: Platform) -> None:
    await seed(opendui_platform)
    query = "{ " + " ".join("me { isSystem }" for _ in range(1500)) + " }"
    body = (await post(opendui_platform, query)).json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


@pytest.mark.asyncio
async def test_queries_over_get_are_refused(opendui_platform: Platform) -> None:
    await seed(opendui_platform)
    response = await opendui_platform.client.get(
        "/graphql", params={"query": "{ me { isSystem } }"}, headers={"Authorization": f"Bearer {opendui_platform.token('nurse')}", "accept": "application/json"}
    )
    assert "isSystem" not in response.text


@pytest.mark.asyncio
async def test_production_has_no_introspection_no_ide_no_suggestions(opendui_factory: PlatformFactory) -> None:
    platform = await opendui_factory(mode=Mode.PRODUCTION)
    assert (await platform.client.get("/graphql")).status_code == 405
    from opendui.context import RequestContext
    from opendui.security import SYSTEM_PRINCIPAL

    schema = platform.runtime.schema
    context = RequestContext(runtime=platform.runtime, principal=SYSTEM_PRINCIPAL)
    result = await schema.execute("{ __schema { types { name } } }", context_value=context)
    assert result.errors and "introspection" in result.errors[0].message.lower()
    typo = await schema.execute("{ usagerz { totalCount } }", context_value=context)
    assert typo.errors and "Did you mean" not in typo.errors[0].message


@pytest.mark.asyncio
async def test_dev_mode_allows_introspection(opendui_platform: Platform) -> None:
    await seed(opendui_platform)
    body = (await post(opendui_platform, "{ __schema { queryType { name } } }")).json()
    assert body["data"] == {"__schema": {"queryType": {"name": "Query"}}}


@pytest.mark.asyncio
async def test_unexpected_errors_are_masked_with_a_request_id(opendui_platform: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
    await seed(opendui_platform)
    from opendui.access.organisations import OrganisationService

    async def broken(self: Any) -> Any:
        raise RuntimeError("SELECT secret FROM core_identity -- /srv/opendui/db.py line 12")

    monkeypatch.setattr(OrganisationService, "etablissements", broken)
    body = (await post(opendui_platform, "{ etablissements { name } }")).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert "secret" not in error["message"] and "/srv" not in error["message"]
    assert error["extensions"]["requestId"] in error["message"]


@pytest.mark.asyncio
async def test_unknown_field_is_a_validation_error(opendui_platform: Platform) -> None:
    await seed(opendui_platform)
    body = (await post(opendui_platform, "{ nope }")).json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.asyncio
async def test_tokens_of_unknown_or_inactive_professionals_are_refused(opendui_platform: Platform) -> None:
    await seed(opendui_platform)
    response = await post(opendui_platform, "{ me { isSystem } }", login="ghost")
    assert response.status_code == 401
    forged = opendui_platform.token("nurse")[:-4] + "AAAA"
    response = await opendui_platform.client.post("/graphql", json={"query": "{ me { isSystem } }"}, headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.asyncio
async def test_dev_tokens_are_refused_in_production(opendui_factory: PlatformFactory) -> None:
    platform = await opendui_factory(mode=Mode.PRODUCTION)
    from opendui.builtin.dev_tokens import mint
    from opendui.errors import ForbiddenError

    with pytest.raises(ForbiddenError):
        mint(platform.runtime.settings, "nurse")
    dev = await opendui_factory(mode=Mode.DEV)
    await seed(dev)
    token = dev.token("nurse")
    response = await platform.client.post("/graphql", json={"query": "{ me { isSystem } }"}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
