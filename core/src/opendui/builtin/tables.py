"""Default plugin ``core_tables``: registers the core piccolo app."""

from __future__ import annotations

from collections.abc import Sequence

from opendui.markers import hookimpl
from opendui.settings import Settings


@hookimpl
def register_piccolo_apps(settings: Settings) -> Sequence[str]:
    """The core app: organisations, professionals, usagers, identities, séjours, documents, audit."""
    return ["opendui.domain.piccolo_app"]
