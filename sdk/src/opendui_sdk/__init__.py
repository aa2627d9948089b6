"""The stable surface of OpenDUI for plugins.

A plugin imports only this package (a test enforces it for first-party plugins). Everything here
follows semantic versioning together with the core: a plugin depending on ``opendui-sdk>=0.1,<0.2``
keeps working across patch releases.
"""

from __future__ import annotations

from opendui.access.audit import AuditAction, AuditOutcome
from opendui.context import RequestContext
from opendui.contributions import EXTENSIBLE_TYPES, Permission, TypeExtension
from opendui.db.errors import conflict_on_integrity
from opendui.domain.identity import ins_for_exchange
from opendui.domain.records import (
    DocumentRecord,
    EtablissementRecord,
    IdentityRecord,
    ProfessionalRecord,
    SejourRecord,
    UsagerRecord,
)
from opendui.errors import (
    ConflictError,
    ForbiddenError,
    IllegalTransitionError,
    NotFoundError,
    OpenDUIError,
    UnauthenticatedError,
    ValidationError,
)
from opendui.markers import hookimpl
from opendui.security import Actor, Principal
from opendui.settings import Settings

from opendui_sdk.__about__ import __version__
from opendui_sdk.http import require_principal

__all__ = [
    "EXTENSIBLE_TYPES",
    "Actor",
    "AuditAction",
    "AuditOutcome",
    "ConflictError",
    "DocumentRecord",
    "EtablissementRecord",
    "ForbiddenError",
    "IdentityRecord",
    "IllegalTransitionError",
    "NotFoundError",
    "OpenDUIError",
    "Permission",
    "Principal",
    "ProfessionalRecord",
    "RequestContext",
    "SejourRecord",
    "Settings",
    "TypeExtension",
    "UnauthenticatedError",
    "UsagerRecord",
    "ValidationError",
    "__version__",
    "conflict_on_integrity",
    "hookimpl",
    "ins_for_exchange",
    "require_principal",
]
