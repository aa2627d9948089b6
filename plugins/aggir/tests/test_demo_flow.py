"""The issue's new-user flow on the demo data set: the core and only the AGGIR plugin."""

from __future__ import annotations

import datetime as dt

import pytest

import opendui_aggir.plugin
from opendui_sdk.testing import PlatformFactory, load_demo_data

RECORD = """
mutation($id: ID!, $on: Date!) { aggir { recordEvaluation(usagerId: $id, evaluatedOn: $on, codes: {
  coherence: "C", orientation: "C", toilette: "C", habillage: "C", alimentation: "C", elimination: "C",
  transferts: "C", deplacementInterieur: "C", deplacementExterieur: "C", communication: "C"}) { gir rang } } }
"""
GMP = "query($etab: ID!, $on: Date!) { aggir { gmp(etablissementId: $etab, date: $on) { residentsPresent residentsEvaluated gmpExact } } }"


@pytest.mark.asyncio
async def test_demo_resident_evaluation_changes_the_ehpad_gmp(opendui_factory: PlatformFactory) -> None:
    platform = await opendui_factory(plugins=[("aggir", opendui_aggir.plugin)])
    assert await load_demo_data(platform)
    etabs = (await platform.graphql("{ etablissements { id categorieCode } }", login="dr.martin"))["data"]["etablissements"]
    ehpad = next(e["id"] for e in etabs if e["categorieCode"] == "500")
    today = dt.date.today().isoformat()
    residents = (await platform.graphql(
        "{ usagers(first: 50) { edges { node { id aggirGir sejours { status } } } } }", login="dr.martin"
    ))["data"]["usagers"]["edges"]
    resident = next(e["node"] for e in residents if any(s["status"] == "open" for s in e["node"]["sejours"]))
    assert resident["aggirGir"] is None
    before = (await platform.graphql(GMP, {"etab": ehpad, "on": today}, login="dr.martin"))["data"]["aggir"]["gmp"]
    assert before["residentsEvaluated"] == 0 and before["gmpExact"] is None

    recorded = await platform.graphql(RECORD, {"id": resident["id"], "on": today}, login="dr.martin")
    assert recorded["data"]["aggir"]["recordEvaluation"] == {"gir": 1, "rang": 1}
    read_back = await platform.graphql("query($id: ID!) { usager(id: $id) { aggirGir } }", {"id": resident["id"]}, login="ide.dupont")
    assert read_back["data"]["usager"]["aggirGir"] == 1
    after = (await platform.graphql(GMP, {"etab": ehpad, "on": today}, login="dr.martin"))["data"]["aggir"]["gmp"]
    assert after["residentsEvaluated"] == 1 and after["gmpExact"] == "1000"
    assert after["residentsPresent"] == before["residentsPresent"] > 1
