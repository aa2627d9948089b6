"""The audit trail of one request: buffered entries flushed in a single statement.

Write entries are flushed inside the write transaction, so a change and its audit entry commit or
roll back together. Read and denial entries are flushed at the end of the request in their own
transaction (and also when a write transaction commits). A failed write keeps its read and denial
entries but drops the entries of the change that did not happen. Every flush extends the hash chain
of the trail (:mod:`opendui.access.audit_chain`).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from opendui.access import audit_chain
from opendui.db.database import Database
from opendui.security import Principal


class AuditAction:
    """What was done (plain string constants: hashed on every read, so not an ``Enum``)."""

    READ = "READ"
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    EXPORT = "EXPORT"


class AuditOutcome:
    """Whether the access was allowed."""

    ALLOWED = "ALLOWED"
    DENIED = "DENIED"


@dataclass(frozen=True, slots=True)
class AuditRecord:
    action: str
    outcome: str
    usager_id: uuid.UUID | None
    object_type: str
    object_id: Any  # stringified when written
    details: str


@dataclass
class AuditTrail:
    """Entries of one request, deduplicated per (action, outcome, usager, object type, object id)."""

    db: Database
    principal: Principal
    request_id: str
    client_ip: str | None = None
    operation: str | None = None
    _entries: list[AuditRecord] = field(default_factory=list)
    _seen: set[tuple[Any, ...]] = field(default_factory=set)

    def add(
        self,
        action: str,
        object_type: str,
        *,
        usager_id: uuid.UUID | None,
        object_id: Any = None,
        outcome: str = AuditOutcome.ALLOWED,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Buffer one entry (a duplicate of an entry already buffered is ignored)."""
        key = (action, outcome, usager_id, object_type, object_id)
        if key in self._seen:
            return
        self._seen.add(key)
        text = json.dumps(details, default=str, sort_keys=True) if details else ""
        self._entries.append(AuditRecord(action, outcome, usager_id, object_type, object_id, text))

    def mark(self) -> int:
        """Position to :meth:`discard_writes_after` when a write fails."""
        return len(self._entries)

    def discard_writes_after(self, mark: int) -> None:
        """Drop the entries of a change that rolled back; keep reads and denials."""
        kept = [
            e
            for e in self._entries[mark:]
            if e.action == AuditAction.READ or e.outcome == AuditOutcome.DENIED
        ]
        self._entries[mark:] = kept
        self._seen = {
            (e.action, e.outcome, e.usager_id, e.object_type, e.object_id) for e in self._entries
        }

    @property
    def pending(self) -> int:
        """Entries not yet written."""
        return len(self._entries)

    async def flush(self) -> None:
        """Chain and write every buffered entry in one statement (in the current transaction, or
        a new one): see :func:`opendui.access.audit_chain.append`."""
        if not self._entries:
            return
        now = dt.datetime.now(dt.timezone.utc)
        actor = self.principal.actor
        actor_id = str(self.principal.professional_id or actor.subject)
        rows = [
            (
                now,
                self.request_id,
                actor.kind.value,
                actor_id,
                self.principal.label,
                e.action,
                e.outcome,
                e.usager_id,
                e.object_type,
                None if e.object_id is None else str(e.object_id),
                self.operation,
                self.client_ip,
                e.details,
            )
            for e in self._entries
        ]
        entries, self._entries = self._entries, []
        try:
            await audit_chain.append(self.db, rows)
        except BaseException:
            self._entries = entries + self._entries
            raise
