"""The hash-chained audit trail: chaining of every access, tamper detection, purge with
checkpoints, concurrent writers, the usager's access log and the ``opendui audit`` commands."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from opendui.access import audit_chain
from opendui.access.audit_chain import GENESIS, Tampering
from opendui.cli import build_cli
from opendui.demo import _finess
from opendui.plugins import get_plugin_manager
from opendui_sdk.testing import Platform, Seed, seed

CREATE = """
mutation($input: CreateUsagerInput!) { createUsager(input: $input) { id identity { version } } }
"""
READ = "query($id: ID!) { usager(id: $id) { id identity { birthName } sejours { id } } }"
UPDATE_IDENTITY = """
mutation($input: UpdateIdentityInput!) { updateIdentity(input: $input) { version } }
"""
ACCESS_LOG = """
query($id: ID!, $first: Int, $after: String) {
  usager(id: $id) {
    accessLog(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { at actorLabel actorKind action objectType outcome operation } }
    }
  }
}
"""


def identity() -> dict[str, Any]:
    return {"birthName": "Chaine", "birthGivenNames": ["Alix"], "birthDate": "1941-02-03", "sex": "F"}


async def create_usager(platform: Platform, s: Seed) -> str:
    body = await platform.graphql(CREATE, {"input": {"etablissementId": str(s.ehpad_id), "identity": identity()}}, login="clerk")
    return str(body["data"]["createUsager"]["id"])


async def entries(platform: Platform) -> list[dict[str, Any]]:
    return await platform.db.fetch("SELECT * FROM core_audit_entry ORDER BY id")


async def execute(platform: Platform, sql: str, *args: Any) -> None:
    await platform.db.fetch(sql, *args)


@pytest.mark.asyncio
async def test_every_read_and_write_is_chained(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    usager_id = await create_usager(opendui_platform, s)
    await opendui_platform.graphql(READ, {"id": usager_id}, login="nurse")
    rows = await entries(opendui_platform)
    kinds = {(r["action"], r["object_type"], r["actor_label"] is not None) for r in rows}
    assert ("CREATE", "Usager", True) in kinds and ("READ", "Usager", True) in kinds and ("READ", "Sejour", True) in kinds
    assert rows[0]["prev_hash"] == GENESIS
    for previous, row in zip(rows, rows[1:], strict=False):
        assert row["prev_hash"] == previous["hash"]
    assert all(audit_chain.row_hash(row) == row["hash"] for row in rows)
    result = await audit_chain.verify(opendui_platform.db, page_size=3)  # several pages
    assert result.ok and result.checked == len(rows)
    assert (result.head_id, result.head_hash) == (rows[-1]["id"], rows[-1]["hash"])


@pytest.mark.asyncio
async def test_a_failed_write_leaves_no_entry_and_the_chain_intact(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    before = len(await entries(opendui_platform))
    body = await opendui_platform.graphql(
        CREATE, {"input": {"etablissementId": str(s.ehpad_id), "identity": {**identity(), "sex": "X"}}}, login="clerk", expect_errors=True
    )
    assert body["errors"]
    rows = await entries(opendui_platform)
    assert not [r for r in rows[before:] if r["action"] == "CREATE"]
    assert (await audit_chain.verify(opendui_platform.db)).ok


async def chain_of(platform: Platform, count: int = 12) -> list[dict[str, Any]]:
    await seed(platform)
    access = platform.system().access
    for i in range(count):
        await access.organisations.create_organisme(finess_ej=_finess(f"990003{i:02d}"), raison_sociale=f"Organisme {i}")
    rows = await entries(platform)
    assert len(rows) >= count
    assert (await audit_chain.verify(platform.db)).ok
    return rows


@pytest.mark.asyncio
async def test_a_modified_field_is_detected(opendui_platform: Platform) -> None:
    rows = await chain_of(opendui_platform)
    target = rows[5]["id"]
    await execute(opendui_platform, "UPDATE core_audit_entry SET actor_label = 'someone else' WHERE id = {}", target)
    result = await audit_chain.verify(opendui_platform.db)
    assert result.broken is not None
    assert (result.broken.kind, result.broken.entry_id) == (Tampering.MODIFIED, target)
    assert result.checked == 5 and result.head_id == rows[4]["id"]


@pytest.mark.asyncio
async def test_a_modified_and_rehashed_entry_is_detected_at_the_next_link(opendui_platform: Platform) -> None:
    rows = await chain_of(opendui_platform)
    row = dict(rows[5])
    row["object_type"] = "Nothing"
    await execute(
        opendui_platform, "UPDATE core_audit_entry SET object_type = 'Nothing', hash = {} WHERE id = {}", audit_chain.row_hash(row), row["id"]
    )
    result = await audit_chain.verify(opendui_platform.db)
    assert result.broken is not None
    assert (result.broken.kind, result.broken.entry_id) == (Tampering.MODIFIED, row["id"])


@pytest.mark.asyncio
async def test_a_deleted_entry_is_detected(opendui_platform: Platform) -> None:
    rows = await chain_of(opendui_platform)
    await execute(opendui_platform, "DELETE FROM core_audit_entry WHERE id = {}", rows[4]["id"])
    result = await audit_chain.verify(opendui_platform.db)
    assert result.broken is not None
    assert (result.broken.kind, result.broken.entry_id) == (Tampering.DELETED, rows[5]["id"])
    assert str(rows[3]["id"]) in result.broken.message


async def insert_raw(platform: Platform, entry_id: int, row: dict[str, Any]) -> None:
    names = ["id", *audit_chain.FIELDS, "prev_hash", "hash"]
    await execute(
        platform,
        f"INSERT INTO core_audit_entry ({', '.join(names)}) VALUES ({', '.join(['{}'] * len(names))})",
        entry_id, *[row[n] for n in names[1:]],
    )


@pytest.mark.parametrize("forger_knows_the_chain", [True, False])
@pytest.mark.asyncio
async def test_an_inserted_entry_is_detected(opendui_platform: Platform, forger_knows_the_chain: bool) -> None:
    rows = await chain_of(opendui_platform)
    # make room after entry 6, then slip a forged, self-consistent entry in
    await execute(opendui_platform, "UPDATE core_audit_entry SET id = id + 1000 WHERE id > {}", rows[6]["id"])
    forged = dict(rows[2])
    forged["actor_label"] = "FORGED"
    forged["prev_hash"] = rows[6]["hash"] if forger_knows_the_chain else "f" * 64
    forged["hash"] = audit_chain.row_hash(forged)
    await insert_raw(opendui_platform, rows[6]["id"] + 1, forged)
    result = await audit_chain.verify(opendui_platform.db)
    assert result.broken is not None
    assert (result.broken.kind, result.broken.entry_id) == (Tampering.INSERTED, rows[6]["id"] + 1)


@pytest.mark.asyncio
async def test_reordered_entries_are_detected(opendui_platform: Platform) -> None:
    rows = await chain_of(opendui_platform)
    a, b = rows[3]["id"], rows[4]["id"]
    await execute(opendui_platform, "UPDATE core_audit_entry SET id = {} WHERE id = {}", -1, a)
    await execute(opendui_platform, "UPDATE core_audit_entry SET id = {} WHERE id = {}", a, b)
    await execute(opendui_platform, "UPDATE core_audit_entry SET id = {} WHERE id = {}", b, -1)
    result = await audit_chain.verify(opendui_platform.db)
    assert result.broken is not None
    assert (result.broken.kind, result.broken.entry_id) == (Tampering.REORDERED, a)


@pytest.mark.asyncio
async def test_purge_leaves_a_checkpoint_and_the_chain_verifiable(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    old = await entries(opendui_platform)
    await asyncio.sleep(0.01)
    cutoff = dt.datetime.now(dt.timezone.utc)
    await asyncio.sleep(0.01)
    usager_id = await create_usager(opendui_platform, s)
    await opendui_platform.graphql(READ, {"id": usager_id}, login="nurse")
    kept = [r for r in await entries(opendui_platform) if r["id"] > old[-1]["id"]]

    result = await audit_chain.purge(opendui_platform.db, cutoff, reason="test")
    assert result.purged == len(old) and result.checkpoint is not None
    assert (result.checkpoint.last_entry_id, result.checkpoint.last_hash) == (old[-1]["id"], old[-1]["hash"])
    assert [r["id"] for r in await entries(opendui_platform)] == [r["id"] for r in kept]
    verified = await audit_chain.verify(opendui_platform.db)
    assert verified.ok and verified.checked == len(kept) and verified.checkpoint == result.checkpoint

    # new entries chain on after the purge
    await opendui_platform.graphql(READ, {"id": usager_id}, login="clerk")
    assert (await audit_chain.verify(opendui_platform.db)).ok
    assert (await audit_chain.purge(opendui_platform.db, cutoff)).purged == 0

    # tampering after the checkpoint is still detected
    await execute(opendui_platform, "UPDATE core_audit_entry SET outcome = 'DENIED' WHERE id = {}", kept[0]["id"])
    broken = (await audit_chain.verify(opendui_platform.db)).broken
    assert broken is not None and (broken.kind, broken.entry_id) == (Tampering.MODIFIED, kept[0]["id"])
    # and purge refuses to seal it under a new checkpoint
    count = len(await entries(opendui_platform))
    with pytest.raises(audit_chain.ChainBrokenError):
        await audit_chain.purge(opendui_platform.db, dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1))
    assert len(await entries(opendui_platform)) == count


@pytest.mark.asyncio
async def test_an_entry_forged_before_the_checkpoint_is_detected(opendui_platform: Platform) -> None:
    rows = await chain_of(opendui_platform)
    await audit_chain.purge(opendui_platform.db, dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1))
    assert [r["id"] for r in await entries(opendui_platform)] == [rows[-1]["id"]]  # the head is kept
    await insert_raw(opendui_platform, rows[2]["id"], dict(rows[2]))
    broken = (await audit_chain.verify(opendui_platform.db)).broken
    assert broken is not None and (broken.kind, broken.entry_id) == (Tampering.INSERTED, rows[2]["id"])


@pytest.mark.asyncio
async def test_purge_keeps_the_chain_head_and_new_entries_chain_on(opendui_platform: Platform) -> None:
    old = await chain_of(opendui_platform)
    result = await audit_chain.purge(opendui_platform.db, dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1))
    assert result.checkpoint is not None and result.purged == len(old) - 1
    access = opendui_platform.system().access
    await access.organisations.create_organisme(finess_ej=_finess("99000101"), raison_sociale="Après purge")
    rows = await entries(opendui_platform)
    assert [r["id"] for r in rows] == [old[-1]["id"], old[-1]["id"] + 1]  # ids are never reused
    assert rows[0]["prev_hash"] == result.checkpoint.last_hash and rows[1]["prev_hash"] == rows[0]["hash"]
    assert (await audit_chain.verify(opendui_platform.db)).ok


@pytest.mark.asyncio
async def test_concurrent_writers_keep_one_chain(opendui_platform: Platform) -> None:
    await seed(opendui_platform)

    async def write(i: int) -> None:
        access = opendui_platform.system().access
        await access.organisations.create_organisme(finess_ej=_finess(f"990002{i:02d}"), raison_sociale=f"Organisme {i}")

    before = len(await entries(opendui_platform))
    await asyncio.gather(*(write(i) for i in range(20)))
    rows = await entries(opendui_platform)
    assert len(rows) == before + 20
    assert len({r["prev_hash"] for r in rows}) == len(rows)  # no two entries follow the same one: no fork
    assert (await audit_chain.verify(opendui_platform.db)).ok


@pytest.mark.asyncio
async def test_access_log_lists_accesses_and_denials(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    usager_id = await create_usager(opendui_platform, s)
    await opendui_platform.graphql(READ, {"id": usager_id}, login="nurse")
    version = 1
    denied = await opendui_platform.graphql(
        UPDATE_IDENTITY, {"input": {"usagerId": usager_id, "version": version, "birthName": "Autre"}}, login="nurse", expect_errors=True
    )
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # the educator (IME) cannot see the usager at all: no access, no access log
    assert (await opendui_platform.graphql(ACCESS_LOG, {"id": usager_id}, login="educator"))["data"]["usager"] is None

    body = await opendui_platform.graphql(ACCESS_LOG, {"id": usager_id, "first": 100}, login="clerk")
    log = [edge["node"] for edge in body["data"]["usager"]["accessLog"]["edges"]]
    seen = {(n["actorLabel"], n["action"], n["objectType"], n["outcome"]) for n in log}
    assert ("Test CLERK", "CREATE", "Usager", "ALLOWED") in seen
    assert ("Test NURSE", "READ", "Usager", "ALLOWED") in seen
    assert ("Test NURSE", "UPDATE", "Identity", "DENIED") in seen
    assert not any(label == "Test EDUCATOR" for label, *_ in seen)
    assert all(n["actorKind"] == "professional" for n in log)
    assert [n["at"] for n in log] == sorted((n["at"] for n in log), reverse=True)  # newest first

    # reading the access log is itself audited, and pages follow each other
    row = await opendui_platform.db.fetchrow("SELECT COUNT(*) AS n FROM core_audit_entry WHERE usager_id = {}", uuid.UUID(usager_id))
    assert row is not None
    again = await opendui_platform.graphql(ACCESS_LOG, {"id": usager_id, "first": 2}, login="nurse")
    page = again["data"]["usager"]["accessLog"]
    assert page["edges"][0]["node"]["objectType"] == "AccessLog" and page["pageInfo"]["hasNextPage"]
    rest = await opendui_platform.graphql(ACCESS_LOG, {"id": usager_id, "first": 100, "after": page["pageInfo"]["endCursor"]}, login="nurse")
    assert len(page["edges"]) + len(rest["data"]["usager"]["accessLog"]["edges"]) == row["n"]


@pytest.mark.asyncio
async def test_access_log_page_size_is_capped(opendui_platform: Platform) -> None:
    s = await seed(opendui_platform)
    usager_id = await create_usager(opendui_platform, s)
    body = await opendui_platform.graphql(ACCESS_LOG, {"id": usager_id, "first": 10_000}, login="clerk", expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"


# -- the command line ---------------------------------------------------------------------------


async def cli(platform: Platform, *args: str) -> Result:
    """Run ``opendui <args>`` on the platform's database (in a thread: the CLI runs its own loop)."""
    command = build_cli(platform.runtime.settings, get_plugin_manager(load_entrypoints=False))
    return await asyncio.to_thread(CliRunner().invoke, command, list(args))  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_cli_verify_purge_and_export(opendui_platform: Platform, tmp_path: Path) -> None:
    s = await seed(opendui_platform)
    usager_id = await create_usager(opendui_platform, s)
    await opendui_platform.graphql(READ, {"id": usager_id}, login="nurse")

    ok = await cli(opendui_platform, "audit", "verify")
    assert ok.exit_code == 0, ok.output
    assert "intact" in ok.output

    output = tmp_path / "trail.ndjson"
    exported = await cli(opendui_platform, "audit", "export", "--usager", usager_id, "--output", str(output))
    assert exported.exit_code == 0, exported.output
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert lines and all(line["usager_id"] == usager_id for line in lines)
    assert {"id", "at", "actor_label", "action", "object_type", "outcome", "prev_hash", "hash"} <= set(lines[0])
    # the export is audited
    exports = await opendui_platform.db.fetch("SELECT actor_kind, usager_id FROM core_audit_entry WHERE action = 'EXPORT'")
    assert [(e["actor_kind"], str(e["usager_id"])) for e in exports] == [("system", usager_id)]

    everything = await cli(opendui_platform, "audit", "export", "--all")
    assert everything.exit_code == 0
    assert len(everything.output.splitlines()) == len(await entries(opendui_platform)) - 1  # then its own EXPORT entry
    assert (await cli(opendui_platform, "audit", "export")).exit_code == 2

    nothing = await cli(opendui_platform, "audit", "purge")  # default retention: nothing is that old
    assert nothing.exit_code == 0 and "nothing to purge" in nothing.output
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    purged = await cli(opendui_platform, "audit", "purge", "--before", tomorrow)
    assert purged.exit_code == 0, purged.output
    assert "checkpoint" in purged.output
    after = await cli(opendui_platform, "audit", "verify")
    assert after.exit_code == 0 and "from checkpoint" in after.output


@pytest.mark.asyncio
async def test_cli_verify_fails_on_tampering(opendui_platform: Platform) -> None:
    await seed(opendui_platform)
    rows = await entries(opendui_platform)
    await execute(opendui_platform, "DELETE FROM core_audit_entry WHERE id = {}", rows[3]["id"])
    result = await cli(opendui_platform, "audit", "verify")
    assert result.exit_code == 1
    assert f"deleted entry {rows[4]['id']}" in result.output


def test_retention_setting() -> None:
    from opendui.settings import Settings

    assert Settings.from_env({}).audit_retention_days == 183
    assert Settings.from_env({"OPENDUI_AUDIT_RETENTION_DAYS": "365"}).audit_retention_days == 365


@pytest.mark.asyncio
async def test_the_migration_chains_existing_entries(opendui_platform: Platform) -> None:
    import io
    from contextlib import redirect_stdout

    from opendui.db.migrations import migrate
    from opendui.domain.piccolo_migrations import core_2026_11_23t0500_audit_chain as chain_migration
    from piccolo.apps.migrations.tables import Migration

    await seed(opendui_platform)
    db = opendui_platform.db
    manager = await chain_migration.forwards()
    async with db.transaction():
        with redirect_stdout(io.StringIO()):
            await manager.run(backwards=True)
        await Migration.delete().where(Migration.name == chain_migration.ID)
    await execute(opendui_platform, "UPDATE core_audit_entry SET actor_label = 'before the chain'")
    before = await db.fetch("SELECT id FROM core_audit_entry ORDER BY id")
    assert before

    assert [m.migration_id for m in await migrate(opendui_platform.runtime.registry)] == [chain_migration.ID]
    rows = await entries(opendui_platform)
    assert [r["id"] for r in rows] == [r["id"] for r in before] and rows[0]["prev_hash"] == GENESIS
    result = await audit_chain.verify(db)
    assert result.ok and result.checked == len(rows)
    access = opendui_platform.system().access
    await access.organisations.create_organisme(finess_ej=_finess("99000401"), raison_sociale="Après migration")
    after = await audit_chain.verify(db)  # new entries chain on
    assert after.ok and after.checked == len(rows) + 1
