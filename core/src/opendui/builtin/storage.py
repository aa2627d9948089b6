"""Default plugin ``core_storage``: the filesystem storage backend."""

from __future__ import annotations

from collections.abc import Mapping

from opendui.markers import hookimpl
from opendui.settings import Settings
from opendui.storage import FilesystemStorage, StorageBackend


@hookimpl
def register_storage_backends(settings: Settings) -> Mapping[str, StorageBackend]:
    """Blobs under ``<data_dir>/documents`` (or ``OPENDUI_STORAGE_DIR``)."""
    return {"filesystem": FilesystemStorage(settings.documents_dir)}
