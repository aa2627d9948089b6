"""Keyset pagination with opaque cursors (Relay connections)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Generic, TypeVar

from opendui.errors import ValidationError

T = TypeVar("T")


def encode_cursor(*key: str) -> str:
    """An opaque cursor for a sort key."""
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, parts: int) -> list[str]:
    """The sort key inside a cursor.

    :raises ValidationError: for a cursor this server did not produce.
    """
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError("invalid cursor", details={"field": "after"}) from error
    if not (isinstance(key, list) and len(key) == parts and all(isinstance(k, str) for k in key)):
        raise ValidationError("invalid cursor", details={"field": "after"})
    return key


def check_page_size(first: int | None, default: int, maximum: int) -> int:
    """The page size to use.

    :raises ValidationError: for a size below 1 or above ``maximum``.
    """
    size = default if first is None else first
    if not 1 <= size <= maximum:
        raise ValidationError(
            f"first must be between 1 and {maximum}", details={"field": "first", "max": maximum}
        )
    return size


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results with the cursor of each item."""

    items: list[T]
    cursors: list[str]
    has_next_page: bool
