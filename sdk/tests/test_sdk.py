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


def test_usager_data_table_mixin_gives_the_record_columns() -> None:
    from piccolo.columns import UUID, Text

    from opendui_sdk.tables import UsagerDataTable

    class Note(UsagerDataTable, tablename="demo_note"):
        id = UUID(primary_key=True)
        text = Text()

    assert [c._meta.name for c in Note._meta.columns] == ["usager", "created_at", "created_by", "id", "text"]
    assert Note._meta.tablename == "demo_note"


def test_requires_permission_refuses_with_forbidden() -> None:
    from types import SimpleNamespace

    from opendui_sdk.permissions import requires

    @strawberry.type
    class Query:
        @strawberry.field(permission_classes=[requires("demo.read")])
        def secret(self) -> str:
            return "s"

    schema = strawberry.Schema(query=Query)
    denied = schema.execute_sync("{ secret }", context_value=SimpleNamespace(can=lambda name, etab: False))
    assert denied.errors and denied.errors[0].extensions == {"code": "FORBIDDEN", "permission": "demo.read"}
    allowed = schema.execute_sync("{ secret }", context_value=SimpleNamespace(can=lambda name, etab: name == "demo.read"))
    assert allowed.data == {"secret": "s"}


def test_identifiers_are_available_to_plugins() -> None:
    from opendui_sdk.identifiers import IdentifierError, nir_key, validate_ins

    assert nir_key("2790351215189") == "89"
    assert validate_ins("279035121518989", "1.2.250.1.213.1.4.10").matricule == "279035121518989"
    try:
        validate_ins("279035121518990", "1.2.250.1.213.1.4.10")
    except IdentifierError as error:
        assert error.code == "INVALID_NIR_KEY"
    else:  # pragma: no cover
        raise AssertionError("a wrong key must be refused")
