"""The :class:`Runtime`: everything one OpenDUI process assembles at startup.

Settings, the plugin manager, the database with its app registry, permissions and storage backends.
Built once by the app factory or the CLI; every collision between plugins surfaces here, as a
:class:`~opendui.errors.StartupError`, not on the first request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from opendui.contributions import Permission
from opendui.db.database import Database, create_engine
from opendui.db.migrations import migrate, pending_migrations
from opendui.db.registry import OpenDUIAppRegistry, build_registry
from opendui.errors import StartupError, UnauthenticatedError
from opendui.plugins import PluginManager, call_each, get_plugin_manager
from opendui.security import SYSTEM_PRINCIPAL, Actor, Principal
from opendui.settings import Settings
from opendui.storage import StorageBackend

if TYPE_CHECKING:
    import strawberry

    from opendui.context import RequestContext


@dataclass
class Runtime:
    """The assembled platform of one process."""

    settings: Settings
    pm: PluginManager
    registry: OpenDUIAppRegistry
    db: Database
    permissions: dict[str, Permission]
    storages: dict[str, StorageBackend]
    _schema: Any = field(default=None, repr=False)

    @classmethod
    def build(cls, settings: Settings, pm: PluginManager | None = None) -> Runtime:
        """Assemble the runtime; ``pm`` defaults to one built from the settings.

        :raises StartupError: on any collision or configuration error.
        """
        if pm is None:
            pm = get_plugin_manager(
                allow=settings.load_plugins,
                block=settings.disable_plugins,
                trace=settings.trace_plugins,
            )
        registry = build_registry(pm, settings)
        db = Database(create_engine(settings), registry, pool_min=settings.pg_pool_min, pool_max=settings.pg_pool_max)
        return cls(
            settings=settings,
            pm=pm,
            registry=registry,
            db=db,
            permissions=_collect_permissions(pm, settings),
            storages=_collect_storages(pm, settings),
        )

    @property
    def schema(self) -> strawberry.Schema:
        """The GraphQL schema, built on first use from the same plugin manager."""
        if self._schema is None:
            from opendui.graphql.schema import build_schema

            self._schema = build_schema(self.pm, self.settings)
        return self._schema

    def permission_roles(self, name: str) -> frozenset[str]:
        """Roles granted ``name`` (an unknown permission is granted to nobody)."""
        permission = self.permissions.get(name)
        return permission.roles if permission else frozenset()

    def storage(self, name: str) -> StorageBackend:
        """A storage backend by name."""
        try:
            return self.storages[name]
        except KeyError:
            raise StartupError(f"no storage backend named {name!r}") from None

    async def open(self, *, migrate_schema: bool = False) -> None:
        """Open the database (and apply pending migrations when asked)."""
        await self.db.open()
        if migrate_schema:
            await migrate(self.registry)

    async def close(self) -> None:
        await self.db.close()

    async def pending(self) -> list[Any]:
        """Migrations not yet applied."""
        return await pending_migrations(self.registry)

    def system_context(self, operation: str = "cli") -> RequestContext:
        """A context acting as the system (CLI commands, demo loader); still audited."""
        from opendui.context import RequestContext

        return RequestContext(runtime=self, principal=SYSTEM_PRINCIPAL, operation=operation)

    async def principal_for(self, actor: Actor) -> Principal:
        """Resolve an authenticated actor; unknown or inactive professionals are refused."""
        from opendui.access.professionals import resolve_principal

        principal = await resolve_principal(self.db, actor)
        if principal is None:
            raise UnauthenticatedError("no active professional matches these credentials")
        return principal


def _collect_permissions(pm: PluginManager, settings: Settings) -> dict[str, Permission]:
    permissions: dict[str, Permission] = {}
    owners: dict[str, str] = {}
    for contribution in call_each(pm, "register_permissions", settings=settings):
        permission = contribution.item
        if not isinstance(permission, Permission):
            raise StartupError(f"plugin {contribution.plugin!r}: register_permissions must return Permission values")
        if permission.name in owners:
            raise StartupError(
                f"permission {permission.name} is declared by both {owners[permission.name]!r} "
                f"and {contribution.plugin!r}"
            )
        prefix = "core." if pm.is_builtin(contribution.plugin) else f"{contribution.plugin}."
        if not permission.name.startswith(prefix):
            raise StartupError(
                f"plugin {contribution.plugin!r}: permission {permission.name} must start with {prefix}"
            )
        owners[permission.name] = contribution.plugin
        permissions[permission.name] = permission
    return permissions


def _collect_storages(pm: PluginManager, settings: Settings) -> dict[str, StorageBackend]:
    storages: dict[str, StorageBackend] = {}
    owners: dict[str, str] = {}
    for contribution in call_each(pm, "register_storage_backends", settings=settings):
        name, backend = contribution.item
        if name in owners:
            raise StartupError(
                f"storage backend {name!r} is registered by both {owners[name]!r} and {contribution.plugin!r}"
            )
        owners[name] = contribution.plugin
        storages[name] = backend
    return storages
