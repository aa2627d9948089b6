"""Document content storage backends.

A backend stores opaque blobs by key. The filesystem backend writes a blob to a temporary file while
hashing it, checks the size limit on the way, fsyncs it, then renames it into place. The caller
commits the document row afterwards; if that commit fails the blob is deleted. A crash between the
rename and the commit can leave an orphan blob (never a row without its blob); ``opendui storage
gc`` removes orphans.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from opendui.errors import PayloadTooLargeError

CHUNK_SIZE = 256 * 1024


@dataclass(frozen=True)
class StoredBlob:
    """What a backend reports after a write."""

    key: str
    size: int
    sha256: str
    head: bytes


class StorageBackend(Protocol):
    """The interface of a storage backend (see :func:`~opendui.hookspecs.register_storage_backends`)."""

    name: str

    async def write(self, chunks: AsyncIterable[bytes], *, max_bytes: int) -> StoredBlob:
        """Store a stream; raise :class:`~opendui.errors.PayloadTooLargeError` past ``max_bytes``."""
        ...

    def read(self, key: str) -> AsyncIterator[bytes]:
        """Stream a blob's content."""
        ...

    async def delete(self, key: str) -> None:
        """Remove a blob (idempotent)."""
        ...

    async def keys(self) -> list[str]:
        """Every stored key (for the orphan sweep)."""
        ...


class FilesystemStorage:
    """Blobs as files under ``root/<2 hex>/<uuid>``, written atomically and durably."""

    name = "filesystem"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        uuid.UUID(key)  # keys are UUIDs: no path traversal
        return self.root / key[:2] / key

    async def write(self, chunks: AsyncIterable[bytes], *, max_bytes: int) -> StoredBlob:
        key = str(uuid.uuid4())
        final = self._path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.with_name(f".{key}.partial")
        digest = hashlib.sha256()
        size = 0
        head = b""
        try:
            with open(temporary, "wb") as handle:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise PayloadTooLargeError(
                            f"the file is larger than {max_bytes} bytes",
                            details={"maxBytes": max_bytes},
                        )
                    if len(head) < 64:
                        head += chunk[: 64 - len(head)]
                    digest.update(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, final)
            _fsync_directory(final.parent)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return StoredBlob(key=key, size=size, sha256=digest.hexdigest(), head=head)

    async def read(self, key: str) -> AsyncIterator[bytes]:  # type: ignore[override]
        with open(self._path(key), "rb") as handle:
            while chunk := handle.read(CHUNK_SIZE):
                yield chunk

    async def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    async def keys(self) -> list[str]:
        if not self.root.exists():
            return []
        return sorted(
            path.name
            for path in self.root.glob("??/*")
            if path.is_file() and not path.name.startswith(".")
        )


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
