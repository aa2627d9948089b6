"""Documents: multipart upload, hashing, download, versions, hostile files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from opendui.demo import _pdf
from opendui_sdk.testing import Platform, seed

UPLOAD = """
mutation($input: UploadDocumentInput!, $file: Upload!) {
  uploadDocument(input: $input, file: $file) {
    id setId versionNumber status title typeCode classCode formatCode sha256 size mimeType section downloadUrl
  }
}
"""


async def upload(platform: Platform, login: str, variables: dict[str, Any], content: bytes, filename: str, mime: str) -> dict[str, Any]:
    operations = {"query": UPLOAD, "variables": {**variables, "file": None}}
    response = await platform.client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (filename, content, mime)},
        headers={"Authorization": f"Bearer {platform.token(login)}"},
    )
    return response.json()  # type: ignore[no-any-return]


async def make_usager(platform: Platform) -> tuple[str, Any]:
    s = await seed(platform)
    from opendui.access.usagers import IdentityInput
    import datetime as dt

    usager = await platform.system().access.usagers.create(
        s.ehpad_id, IdentityInput(birth_name="Rousseau", birth_given_names=["Jeanne"], birth_date=dt.date(1936, 4, 2), sex="F")
    )
    return str(usager.id), s


def blob_files(platform: Platform) -> list[Path]:
    root = platform.runtime.settings.documents_dir
    return sorted(p for p in root.glob("??/*") if p.is_file()) if root.exists() else []


@pytest.mark.asyncio
async def test_upload_hash_download_and_new_version(opendui_platform: Platform) -> None:
    usager_id, _ = await make_usager(opendui_platform)
    pdf = _pdf("Lettre de liaison")
    meta = {"usagerId": usager_id, "title": "Lettre de liaison", "typeCode": "88348-8", "section": "sante"}
    body = await upload(opendui_platform, "nurse", {"input": meta}, pdf, "lettre.pdf", "application/pdf")
    document = body["data"]["uploadDocument"]
    assert document["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert document["size"] == len(pdf)
    assert (document["versionNumber"], document["status"], document["formatCode"]) == (1, "current", "urn:ihe:iti:xds-sd:pdf:2008")

    download = await opendui_platform.client.get(document["downloadUrl"], headers={"Authorization": f"Bearer {opendui_platform.token('nurse')}"})
    assert download.status_code == 200
    assert download.content == pdf
    assert download.headers["content-type"] == "application/pdf"
    assert (await opendui_platform.client.get(document["downloadUrl"])).status_code == 401
    other = await opendui_platform.client.get(document["downloadUrl"], headers={"Authorization": f"Bearer {opendui_platform.token('educator')}"})
    assert other.status_code == 404  # the IME educator cannot see an EHPAD resident's documents

    second = await upload(opendui_platform, "nurse", {"input": {**meta, "replaces": document["id"]}}, _pdf("v2"), "lettre-v2.pdf", "application/pdf")
    new = second["data"]["uploadDocument"]
    assert (new["versionNumber"], new["setId"]) == (2, document["setId"])
    rows = await opendui_platform.db.fetch("SELECT version_number, status FROM core_document ORDER BY version_number")
    assert rows == [{"version_number": 1, "status": "superseded"}, {"version_number": 2, "status": "current"}]
    audit = await opendui_platform.db.fetch("SELECT action, object_type FROM core_audit_entry WHERE object_type = 'DocumentContent'")
    assert audit == [{"action": "READ", "object_type": "DocumentContent"}]


@pytest.mark.asyncio
async def test_content_that_contradicts_its_type_is_refused_and_leaves_nothing(opendui_platform: Platform) -> None:
    usager_id, _ = await make_usager(opendui_platform)
    meta = {"usagerId": usager_id, "title": "Faux PDF", "typeCode": "88348-8", "section": "sante"}
    body = await upload(opendui_platform, "nurse", {"input": meta}, b"MZ\x90\x00 not a pdf", "x.pdf", "application/pdf")
    assert body["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert await opendui_platform.db.fetch("SELECT id FROM core_document") == []
    assert blob_files(opendui_platform) == []


@pytest.mark.asyncio
async def test_unknown_type_code_and_section_are_refused(opendui_platform: Platform) -> None:
    usager_id, _ = await make_usager(opendui_platform)
    meta = {"usagerId": usager_id, "title": "X", "typeCode": "00000-0", "section": "sante"}
    body = await upload(opendui_platform, "nurse", {"input": meta}, _pdf("x"), "x.pdf", "application/pdf")
    assert body["errors"][0]["extensions"] == {"code": "INVALID_CODE", "field": "typeCode", "requestId": body["errors"][0]["extensions"]["requestId"]}
    body = await upload(opendui_platform, "nurse", {"input": {**meta, "typeCode": "88348-8", "section": "secret"}}, _pdf("x"), "x.pdf", "application/pdf")
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert blob_files(opendui_platform) == []


@pytest.mark.asyncio
async def test_oversized_upload_is_refused(opendui_factory: Any) -> None:
    from opendui.settings import Limits

    platform = await opendui_factory(settings={"limits": Limits(max_upload_bytes=2048)})
    usager_id, _ = await make_usager(platform)
    meta = {"usagerId": usager_id, "title": "Trop gros", "typeCode": "88348-8", "section": "sante"}
    big = _pdf("x") + b"%" * 4096
    body = await upload(platform, "nurse", {"input": meta}, big, "big.pdf", "application/pdf")
    assert body["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert await platform.db.fetch("SELECT id FROM core_document") == []
    assert blob_files(platform) == []
    response = await platform.client.post(
        "/graphql", content=b"x" * 2_000_000, headers={"content-type": "application/json", "Authorization": f"Bearer {platform.token('nurse')}"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
