"""The SDK's public surface and helpers."""

from __future__ import annotations

import strawberry

import opendui_sdk
from opendui_sdk.graphql import namespace


def test_public_surface_is_importable() -> None:
    for name in opendui_sdk.__all__:
        assert getattr(opendui_sdk, name) is not None, name
    assert opendui_sdk.__version__ == __import__("opendui").__version__  # lock-step versions


def test_namespace_builds_one_camel_case_field() -> None:
    @strawberry.type
    class SomeQuery:
        answer: int = 42

    holder = namespace("some_plugin", SomeQuery)
    schema = strawberry.Schema(query=holder)
    result = schema.execute_sync("{ somePlugin { answer } }")
    assert result.data == {"somePlugin": {"answer": 42}}


def test_ins_for_exchange_only_for_qualified_identities() -> None:
    import datetime as dt
    import uuid

    from opendui_sdk import IdentityRecord, ins_for_exchange

    def identity(status: str) -> IdentityRecord:
        return IdentityRecord(
            id=uuid.uuid4(), usager=uuid.uuid4(), birth_name="X", birth_given_names=["Y"], first_birth_given_name="Y",
            used_name=None, used_given_name=None, birth_date=dt.date(1950, 1, 1), sex="F", birthplace_code="75056",
            ins_matricule="250017505600138", ins_oid="1.2.250.1.213.1.4.10", status=status, attributes=[],
            validation_mode="CN", validation_document=None, validated_at=None, version=1,
        )

    assert ins_for_exchange(identity("QUAL")) == ("250017505600138", "1.2.250.1.213.1.4.10")
    for status in ("PROV", "RECUP", "VALI"):
        assert ins_for_exchange(identity(status)) is None
