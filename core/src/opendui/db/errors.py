"""Database exceptions mapped to OpenDUI errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg

from opendui.errors import ConflictError

#: Exceptions raised by either engine when a unique or foreign-key constraint fails.
INTEGRITY_ERRORS: tuple[type[BaseException], ...] = (
    sqlite3.IntegrityError,
    asyncpg.IntegrityConstraintViolationError,
)


@contextmanager
def conflict_on_integrity(message: str) -> Iterator[None]:
    """Turn a constraint violation into :class:`~opendui.errors.ConflictError` with ``message``."""
    try:
        yield
    except INTEGRITY_ERRORS as error:
        raise ConflictError(message) from error
