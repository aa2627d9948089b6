"""Parsing of GraphQL ``ID`` arguments into UUIDs."""

from __future__ import annotations

import uuid

from opendui.errors import NotFoundError


def parse_id(value: str, field: str = "id") -> uuid.UUID:
    """A UUID from an ``ID`` argument; a malformed id is simply not found (``NOT_FOUND``)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFoundError("no object with this id", details={"field": field}) from None
