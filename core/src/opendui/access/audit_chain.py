"""The hash chain of the audit trail: append, verify, purge with checkpoints, export.

Every row of ``core_audit_entry`` carries ``prev_hash`` (the ``hash`` of the entry before it, in
``id`` order) and ``hash`` = SHA-256 over :data:`HASH_VERSION`, ``prev_hash`` and a canonical
serialisation of the entry's fields (:func:`entry_hash`). The first entry follows :data:`GENESIS`,
or the ``last_hash`` of the latest checkpoint once older entries were purged.

Appending (:func:`append`) reads the chain head and inserts the new entries in one multi-row
statement inside the caller's write transaction. Writers are serialised so the chain cannot fork:
on SQLite by the write lock every write transaction holds (``BEGIN IMMEDIATE``); on PostgreSQL by a
transaction-level advisory lock taken before the head is read, released at commit.

The ``id`` is not part of the hash (the database assigns it at insert). The chain therefore proves
the order through the links, and :func:`verify` uses ids only to describe a break.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections import deque
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from opendui.access.pagination import Page, check_page_size, decode_cursor, encode_cursor
from opendui.db.database import Database

#: ``prev_hash`` of the very first entry of a chain.
GENESIS = "0" * 64
#: Prefix of every hashed serialisation; a future format gets a new version.
HASH_VERSION = b"opendui-audit-v1\n"
#: Key of the PostgreSQL advisory lock that serialises appends (``pg_advisory_xact_lock``).
CHAIN_LOCK_KEY = 0x4F44_5549_4155_4431  # "ODUIAUD1"

#: The hashed fields, in hashing order (``at`` first, ``details`` last).
FIELDS = (
    "at", "request_id", "actor_kind", "actor_id", "actor_label", "action", "outcome",
    "usager_id", "object_type", "object_id", "operation", "client_ip", "details",
)  # fmt: skip
_COLUMNS = ", ".join(FIELDS)
_INSERT = (
    f"INSERT INTO core_audit_entry ({_COLUMNS}, prev_hash, hash) "
    f"VALUES ({', '.join(['{}'] * (len(FIELDS) + 2))})"
)
_SELECT = f"SELECT id, {_COLUMNS}, prev_hash, hash FROM core_audit_entry"
_UTC = dt.timezone.utc
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps builds one per call


def format_at(at: dt.datetime) -> str:
    """The canonical text of a timestamp: UTC, ISO 8601, microseconds."""
    return at.astimezone(_UTC).isoformat(timespec="microseconds")


def entry_hash(prev_hash: str, values: Sequence[Any]) -> str:
    """SHA-256 (hex) of an entry whose fields are ``values`` (in :data:`FIELDS` order).

    ``values[0]`` is the timestamp (a ``datetime`` or its :func:`format_at` text); the others are
    strings, UUIDs or ``None``. The serialisation is a compact JSON array, so that no two different
    entries serialise alike.
    """
    first = values[0]
    fields: list[str | None] = [first if first.__class__ is str else format_at(first)]
    fields.extend([v if v is None or v.__class__ is str else str(v) for v in values[1:]])
    text = _ENCODER.encode(fields)
    return hashlib.sha256(HASH_VERSION + prev_hash.encode("ascii") + b"\n" + text.encode("utf-8")).hexdigest()


def row_hash(row: Mapping[str, Any]) -> str:
    """The hash a stored row should carry (recomputed from its fields and ``prev_hash``)."""
    return entry_hash(row["prev_hash"] or "", [row[name] for name in FIELDS])


# -- append -------------------------------------------------------------------------------------


async def chain_head(db: Database) -> str:
    """The hash the next entry follows: the last entry's, else the latest checkpoint's, else
    :data:`GENESIS`. Call it under the chain lock (see :func:`append`)."""
    row = await db.fetchrow("SELECT hash FROM core_audit_entry ORDER BY id DESC LIMIT 1")
    if row is not None and row["hash"]:
        return str(row["hash"])
    checkpoint = await latest_checkpoint(db)
    return checkpoint.last_hash if checkpoint else GENESIS


async def append(db: Database, rows: Sequence[Sequence[Any]]) -> None:
    """Chain and insert entries (:data:`FIELDS` order) in one multi-row statement.

    Runs in the current transaction (or a new one). On PostgreSQL, the advisory lock is taken
    before the head is read; it is held until the transaction ends, so concurrent writers append
    one after the other.
    """
    if not rows:
        return
    async with db.transaction():
        if db.dialect == "postgres":
            await db.fetch("SELECT pg_advisory_xact_lock({})", CHAIN_LOCK_KEY)
        prev = await chain_head(db)
        chained = []
        texts: dict[dt.datetime, str] = {}  # a flush shares one timestamp: format it once
        for values in rows:
            at = values[0]
            text = texts.get(at)
            if text is None:
                text = texts[at] = format_at(at)
            digest = entry_hash(prev, (text, *values[1:]))
            chained.append((*values, prev, digest))
            prev = digest
        await db.execute_many(_INSERT, chained)


# -- checkpoints --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """An anchor of the chain: the id and hash of the last entry removed by a purge."""

    id: int
    created_at: dt.datetime
    last_entry_id: int
    last_hash: str
    entries_purged: int
    reason: str


async def latest_checkpoint(db: Database) -> Checkpoint | None:
    """The most recent checkpoint, or ``None``."""
    row = await db.fetchrow(
        "SELECT id, created_at, last_entry_id, last_hash, entries_purged, reason "
        "FROM core_audit_checkpoint ORDER BY id DESC LIMIT 1"
    )
    return None if row is None else Checkpoint(**row)


# -- verify -------------------------------------------------------------------------------------


class Tampering:
    """Kinds of break :func:`verify` reports."""

    MODIFIED = "modified"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"


@dataclass(frozen=True)
class Break:
    """The first broken link: the entry at fault, the kind of tampering and an explanation."""

    kind: str
    entry_id: int
    message: str


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of :func:`verify`.

    :ivar checked: entries checked (from the latest checkpoint on).
    :ivar head_id: id of the last entry checked (record it with ``head_hash`` outside the database
        to detect a truncation of the tail later).
    """

    checked: int
    head_id: int | None
    head_hash: str
    checkpoint: Checkpoint | None
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


async def _stream(db: Database, after_id: int, page_size: int) -> AsyncGenerator[dict[str, Any], None]:
    """Entries with ``id > after_id`` in id order, read in keyset pages."""
    while True:
        rows = await db.fetch(f"{_SELECT} WHERE id > {{}} ORDER BY id LIMIT {int(page_size)}", after_id)
        for row in rows:
            yield row
        if len(rows) < page_size:
            return
        after_id = int(rows[-1]["id"])


#: How many entries :func:`verify` remembers and looks ahead to describe a break.
WINDOW = 64


async def count_to_verify(db: Database) -> int:
    """Entries :func:`verify` will walk (for a progress bar)."""
    checkpoint = await latest_checkpoint(db)
    row = await db.fetchrow(
        "SELECT COUNT(*) AS n FROM core_audit_entry WHERE id > {}",
        checkpoint.last_entry_id if checkpoint else 0,
    )
    return int(row["n"]) if row else 0


async def verify(
    db: Database,
    *,
    page_size: int = 2000,
    progress: Callable[[int], None] | None = None,
    until_id: int | None = None,
) -> VerifyResult:
    """Walk the chain from the latest checkpoint and report the first broken link.

    Detection is certain for any change inside the chain; the *kind* is inferred from the
    neighbourhood of the break:

    * ``modified``: an entry's fields no longer match its hash, or (when rehashed) the next entry
      still links to its original hash while no id is missing;
    * ``deleted``: an entry links to a hash that is nowhere near, and ids are missing before it;
    * ``inserted``: an entry is not linked from its predecessor but its successor is (or entries
      were slipped between two that still link to each other);
    * ``reordered``: an entry links to an entry stored after it.

    Removing entries at the tail, or appending a correctly chained forgery, is only visible
    against a head recorded elsewhere (:attr:`VerifyResult.head_hash`).

    :param progress: called with the number of entries checked since the previous call.
    :param until_id: stop after this id (``purge`` checks what it is about to seal).
    """
    checkpoint = await latest_checkpoint(db)
    start = checkpoint.last_entry_id if checkpoint else 0
    expected = checkpoint.last_hash if checkpoint else GENESIS

    def result(checked: int, head_id: int | None, head: str, broken: Break | None) -> VerifyResult:
        return VerifyResult(checked, head_id, head, checkpoint, broken)

    if checkpoint is not None:
        stray = await db.fetchrow("SELECT id FROM core_audit_entry WHERE id <= {} ORDER BY id LIMIT 1", start)
        if stray is not None:
            return result(0, None, expected, Break(
                Tampering.INSERTED, int(stray["id"]),
                f"entry {stray['id']} is older than checkpoint {checkpoint.id} "
                f"(entries up to id {start} were purged)",
            ))
    stream = _stream(db, start, page_size)
    recent: deque[tuple[int, str]] = deque(maxlen=WINDOW)  # (id, hash) of the entries checked
    prev_id: int | None = start or None
    checked = pending = 0
    try:
        async for row in stream:
            entry_id = int(row["id"])
            if until_id is not None and entry_id > until_id:
                break
            if row_hash(row) != row["hash"]:
                broken = Break(Tampering.MODIFIED, entry_id, f"entry {entry_id} does not match its hash")
                return result(checked, prev_id, expected, broken)
            if row["prev_hash"] != expected:
                ahead = []
                async for later in stream:
                    ahead.append(later)
                    if len(ahead) >= WINDOW:
                        break
                broken = _classify(row, expected, prev_id, list(recent), ahead)
                return result(checked, prev_id, expected, broken)
            expected = row["hash"]
            prev_id = entry_id
            recent.append((entry_id, expected))
            checked += 1
            pending += 1
            if progress is not None and pending >= page_size:
                progress(pending)
                pending = 0
    finally:
        await stream.aclose()
    if progress is not None and pending:
        progress(pending)
    return result(checked, prev_id, expected, None)


def _classify(
    row: Mapping[str, Any],
    expected: str,
    prev_id: int | None,
    recent: list[tuple[int, str]],
    ahead: list[dict[str, Any]],
) -> Break:
    """Name the tampering at a broken link (``row`` does not follow ``expected``)."""
    entry_id = int(row["id"])
    link = row["prev_hash"]
    if any(later["hash"] == link for later in ahead):
        return Break(Tampering.REORDERED, entry_id, f"entry {entry_id} follows an entry stored after it")
    earlier = [i for i, (_, digest) in enumerate(recent) if digest == link]
    if earlier:
        forged = recent[earlier[-1] + 1][0]
        return Break(
            Tampering.INSERTED, forged,
            f"entry {forged} was slipped in: entry {entry_id} links to entry {recent[earlier[-1]][0]}",
        )
    for later in ahead:
        if later["prev_hash"] == expected:
            return Break(
                Tampering.INSERTED, entry_id,
                f"entry {entry_id} was slipped in: entry {later['id']} links to the entry before it",
            )
    if prev_id is not None and entry_id == prev_id + 1:
        return Break(
            Tampering.MODIFIED, prev_id,
            f"entry {prev_id} was rewritten (rehashed): entry {entry_id} links to its original hash",
        )
    after = f" after entry {prev_id}" if prev_id is not None else ""
    return Break(Tampering.DELETED, entry_id, f"entries are missing before entry {entry_id}{after}")


# -- purge --------------------------------------------------------------------------------------


class ChainBrokenError(Exception):
    """The chain is broken: purging would seal the tampering under a checkpoint."""

    def __init__(self, broken: Break) -> None:
        super().__init__(f"{broken.kind} entry {broken.entry_id}: {broken.message}")
        self.broken = broken


@dataclass(frozen=True)
class PurgeResult:
    purged: int
    checkpoint: Checkpoint | None


async def purge(db: Database, before: dt.datetime, *, reason: str = "retention") -> PurgeResult:
    """Delete the entries older than ``before`` and anchor the chain with a checkpoint.

    Only a prefix of the chain is removed: the entries up to the first one at or after ``before``
    (timestamps of concurrent requests may interleave by a few milliseconds). The prefix is verified
    first; the checkpoint records the id and hash of its last entry, and :func:`verify` starts
    from there. The newest entry (the chain head) is always kept, even when older than ``before``:
    SQLite would otherwise reuse ids from 1 once the table is empty.

    :raises ChainBrokenError: when the part to purge is broken (it is kept as evidence).
    """
    first_kept = await db.fetchrow("SELECT MIN(id) AS id FROM core_audit_entry WHERE at >= {}", before)
    if first_kept is None or first_kept["id"] is None:  # keep the head: see the docstring
        first_kept = await db.fetchrow("SELECT MAX(id) AS id FROM core_audit_entry")
    bound = await db.fetchrow(
        "SELECT MAX(id) AS id FROM core_audit_entry WHERE id < {}", first_kept["id"] if first_kept else None
    )
    last_id = bound["id"] if bound else None
    if last_id is None:
        return PurgeResult(0, None)
    checked = await verify(db, until_id=int(last_id))
    if checked.broken is not None:
        raise ChainBrokenError(checked.broken)
    async with db.transaction():
        if db.dialect == "postgres":
            await db.fetch("SELECT pg_advisory_xact_lock({})", CHAIN_LOCK_KEY)
        last = await db.fetchrow("SELECT id, hash FROM core_audit_entry WHERE id = {}", last_id)
        if last is None or last["hash"] != checked.head_hash:
            raise ChainBrokenError(Break(Tampering.MODIFIED, int(last_id), "changed while being purged"))
        count = await db.fetchrow("SELECT COUNT(*) AS n FROM core_audit_entry WHERE id <= {}", last_id)
        purged = int(count["n"]) if count else 0
        now = dt.datetime.now(_UTC)
        await db.fetch(
            "INSERT INTO core_audit_checkpoint "
            "(created_at, last_entry_id, last_hash, entries_purged, reason) VALUES ({}, {}, {}, {}, {})",
            now, int(last_id), last["hash"], purged, reason,
        )
        await db.fetch("DELETE FROM core_audit_entry WHERE id <= {}", last_id)
    return PurgeResult(purged, await latest_checkpoint(db))


# -- export and access log -----------------------------------------------------------------------


def entry_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """An entry as a JSON object (the export format)."""
    out: dict[str, Any] = {"id": int(row["id"])}
    for name in FIELDS:
        value = row[name]
        out[name] = format_at(value) if name == "at" else (None if value is None else str(value))
    out["prev_hash"] = row["prev_hash"]
    out["hash"] = row["hash"]
    return out


async def export(
    db: Database, out: TextIO, *, usager_id: uuid.UUID | None = None, page_size: int = 2000
) -> int:
    """Write entries as NDJSON (one object per line, id order): one usager's, or all of them.

    :returns: the number of entries written.
    """
    written = 0
    after = 0
    condition = "" if usager_id is None else " AND usager_id = {}"
    extra = [] if usager_id is None else [usager_id]
    while True:
        rows = await db.fetch(
            f"{_SELECT} WHERE id > {{}}{condition} ORDER BY id LIMIT {int(page_size)}", after, *extra
        )
        for row in rows:
            out.write(json.dumps(entry_json(row), ensure_ascii=False, separators=(",", ":")) + "\n")
        written += len(rows)
        if len(rows) < page_size:
            return written
        after = int(rows[-1]["id"])


@dataclass(frozen=True)
class AccessLogEntry:
    """One access to a usager's record, as shown to whoever may see the usager."""

    id: int
    at: dt.datetime
    actor_label: str | None
    actor_kind: str
    action: str
    object_type: str
    outcome: str
    operation: str | None


async def access_log(
    db: Database, usager_id: uuid.UUID, *, first: int | None, after: str | None, max_page_size: int
) -> Page[AccessLogEntry]:
    """The accesses to one usager's record, newest first (keyset pages on the entry id).

    The caller checks that the usager is visible and audits the read.
    """
    size = check_page_size(first, 50, max_page_size)
    args: list[Any] = [usager_id]
    condition = ""
    if after:
        (last_id,) = decode_cursor(after, 1)
        if not last_id.isdigit():
            from opendui.errors import ValidationError

            raise ValidationError("invalid cursor", details={"field": "after"})
        condition = " AND id < {}"
        args.append(int(last_id))
    rows = await db.fetch(
        "SELECT id, at, actor_label, actor_kind, action, object_type, outcome, operation "
        f"FROM core_audit_entry WHERE usager_id = {{}}{condition} ORDER BY id DESC LIMIT {size + 1}",
        *args,
    )
    items = [AccessLogEntry(**{**row, "id": int(row["id"])}) for row in rows[:size]]
    return Page(items, [encode_cursor(str(item.id)) for item in items], len(rows) > size)
