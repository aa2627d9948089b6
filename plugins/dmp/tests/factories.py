"""Test values: the ANS test identity PAT-TROIS DOMINIQUE (INS-NIR de test)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from opendui_dmp.cda import Address, Author, Code, N1Input, Organisation, Patient

PARIS = timezone(timedelta(hours=1))
#: A minimal but well-formed PDF (one empty page).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def n1_input(**changes: Any) -> N1Input:
    """Return the N1 input of the test identity, with ``changes`` applied."""
    doc = N1Input(
        patient=Patient(
            ins="279035121518989",
            ins_oid="1.2.250.1.213.1.4.10",
            birth_family_name="PAT-TROIS",
            birth_given_names="DOMINIQUE MARIE-LOUISE",
            first_given_name="DOMINIQUE",
            sex="F",
            birth_date=date(1979, 3, 28),
            birth_place_cog="51215",
            birth_place_city="DOMPREMY",
            ipp="1234567890121",
            ipp_root="1.2.250.1.999.1.1",
        ),
        author=Author(
            id_nat_ps="810001234567",
            family_name="INFIRMIER",
            given_name="Claire",
            profession=Code("G15_60", "1.2.250.1.213.1.1.4.5", "Infirmier"),
        ),
        organisation=Organisation(
            finess="750000001",
            name="EHPAD Les Tilleuls",
            address=Address("Rue des Lilas", "12", "75011", "PARIS", "FRANCE"),
        ),
        document_id_root="1.2.250.1.999.1.2.20240101.1",
        set_id_root="1.2.250.1.999.1.2.20240101",
        type_code=Code("11490-0", "2.16.840.1.113883.6.1", "Lettre de sortie"),
        title="Lettre de liaison",
        effective_time=datetime(2024, 1, 15, 10, 30, tzinfo=PARIS),
        service_start=datetime(2024, 1, 10, 9, 0, tzinfo=PARIS),
        service_stop=datetime(2024, 1, 15, 10, 0, tzinfo=PARIS),
        pdf=PDF,
    )
    return replace(doc, **changes)
