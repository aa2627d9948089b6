"""The per-request context given to GraphQL resolvers, plugin hooks and domain events."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from opendui.access.audit import AuditAction, AuditOutcome
from opendui.access.base import DataAccess
from opendui.errors import ForbiddenError
from opendui.security import Principal, acr_level

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection
    from strawberry.dataloader import DataLoader

    from opendui.runtime import Runtime
    from opendui.settings import Settings


@dataclass
class RequestContext:
    """Everything one request (or one CLI command) works with.

    :ivar runtime: the process runtime (settings, plugins, database, permissions).
    :ivar principal: the resolved caller.
    :ivar request_id: correlation id, also written in audit entries and error responses.
    :ivar request: the HTTP connection, ``None`` for CLI commands.
    :ivar loaders: per-request DataLoaders by name (core and plugin ones).
    """

    runtime: Runtime
    principal: Principal
    request_id: str = field(default_factory=lambda: os.urandom(16).hex())
    request: HTTPConnection | None = None
    operation: str | None = None
    loaders: dict[str, DataLoader[Any, Any]] = field(default_factory=dict)
    access: DataAccess = field(init=False)

    def __post_init__(self) -> None:
        client = self.request.client if self.request is not None else None
        self.access = DataAccess(self, client_ip=client.host if client else None)

    @property
    def settings(self) -> Settings:
        """The process settings."""
        return self.runtime.settings

    def can(self, permission: str, etablissement_id: uuid.UUID | None) -> bool:
        """Whether the principal holds ``permission`` in ``etablissement_id``.

        With ``etablissement_id=None`` the permission must be held in at least one établissement.
        """
        if self.principal.is_system:
            return True
        roles = self.runtime.permission_roles(permission)
        if etablissement_id is None:
            return any(held & roles for held in self.principal.roles.values())
        return self.principal.has_role(etablissement_id, roles)

    def require(
        self,
        permission: str,
        etablissement_id: uuid.UUID | None,
        *,
        usager_id: uuid.UUID | None = None,
        object_type: str = "Permission",
    ) -> None:
        """Raise :class:`~opendui.errors.ForbiddenError` (and audit the denial) unless allowed."""
        if self.can(permission, etablissement_id):
            return
        self.access.audit.add(
            AuditAction.UPDATE,
            object_type,
            usager_id=usager_id,
            object_id=permission,
            outcome=AuditOutcome.DENIED,
        )
        raise ForbiddenError(f"permission {permission} is required", details={"permission": permission})

    def require_acr(self, level: str) -> None:
        """Refuse callers whose login is below authentication level ``level`` (``eidas2``...).

        The level is the ``acr`` claim of the token, ranked by :data:`opendui.security.ACR_LEVELS`;
        the system actor passes.

        :raises ForbiddenError: with code ``INSUFFICIENT_AUTHENTICATION``.
        :raises ValueError: when ``level`` is not a known level (a programming error).
        """
        required = acr_level(level)
        if required == 0:
            raise ValueError(f"unknown authentication level {level!r}")
        if self.principal.is_system or acr_level(self.principal.actor.claims.get("acr")) >= required:
            return
        raise ForbiddenError(
            f"this operation requires an authentication of level {level}",
            code="INSUFFICIENT_AUTHENTICATION",
            details={"requiredAcr": level},
        )
