"""The number of SQL statements of a usager list does not grow with the page size."""

from __future__ import annotations

import datetime as dt

import pytest

from opendui.access.usagers import IdentityInput
from opendui_sdk.testing import Platform, seed

QUERY = """
query($first: Int) {
  usagers(first: $first) {
    totalCount
    edges { node { id identity { birthName insMatricule } etablissement { name organisme { raisonSociale } }
                   sejours { entryDate etablissement { finessEt } } documents { title author { lastName } } } }
  }
}
"""


@pytest.mark.asyncio
async def test_statement_count_is_constant(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    access = opendui_platform.system().access
    for i in range(40):
        usager = await access.usagers.create(
            s.ehpad_id, IdentityInput(birth_name="Nom" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 26] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i // 26], birth_given_names=["Prenom"], birth_date=dt.date(1940, 1, 1 + i % 28), sex="M")
        )
        await access.sejours.open(usager_id=usager.id, etablissement_id=s.ehpad_id, type_accueil="46", entry_date=dt.date(2024, 1, 1))
    counts = {}
    for first in (5, 40):
        await opendui_platform.graphql(QUERY, {"first": first}, login="nurse")  # warm (authentication, caches)
        before = opendui_platform.db.statement_count
        body = await opendui_platform.graphql(QUERY, {"first": first}, login="nurse")
        counts[first] = opendui_platform.db.statement_count - before
        assert len(body["data"]["usagers"]["edges"]) == first
    assert counts[5] == counts[40], counts
    assert counts[40] <= 14, counts
