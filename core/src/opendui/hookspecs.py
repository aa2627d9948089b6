"""The OpenDUI plugin contract: every hook a plugin may implement.

This module is the reference: each specification's docstring is rendered in the documentation's hook
reference, and the test suite checks that every hook is documented with its exact signature and
exercised by a ``test_hook_<name>`` test.

Conventions:

* ``register_*`` hooks are **synchronous** and return a list (or mapping) of things to add. The core
  collects the results of all plugins at startup, checks them for collisions (GraphQL fields and
  types, tables, routes, commands) and raises :class:`~opendui.errors.StartupError` naming both
  plugins when two contributions clash.
* ``on_*`` hooks are **events**. An implementation may be a plain function or ``async def``; the core
  awaits whatever it returns ("await-maybe"). Events about the record are dispatched *inside* the
  write transaction, after the core rows are written: rows a plugin writes in reaction commit or roll
  back together with the change, and an exception aborts the change. Do no network I/O there; put
  work for later in an outbox table.
* Only :func:`actor_from_request` is ``firstresult``, and it must be synchronous.
* Implementations may accept any subset of the documented arguments (pluggy's opt-in arguments), so
  arguments can be added later without breaking plugins.
* Hooks are called with keyword arguments only.

Every hook exists since 0.1.
"""

# Not ``from __future__ import annotations``: pluggy reads the signatures, and Sphinx renders them.
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from opendui.markers import hookspec

if TYPE_CHECKING:  # imports needed only for the annotations
    import click
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.requests import HTTPConnection
    from starlette.routing import BaseRoute
    from strawberry.dataloader import DataLoader
    from strawberry.extensions import SchemaExtension

    from opendui.context import RequestContext
    from opendui.contributions import Permission, TypeExtension
    from opendui.domain.records import (
        DocumentRecord,
        IdentityRecord,
        SejourRecord,
        UsagerRecord,
    )
    from opendui.security import Actor
    from opendui.settings import Settings
    from opendui.storage import StorageBackend

# --------------------------------------------------------------------------------------------------
# Startup and registration
# --------------------------------------------------------------------------------------------------


@hookspec
def register_piccolo_apps(settings: "Settings") -> Sequence[str]:
    """Contribute piccolo apps: the plugin's tables and migrations.

    Return dotted paths of ``piccolo_app`` modules, each defining ``APP_CONFIG``. Every table must
    be named ``<plugin>_<thing>`` (``tablename="aggir_evaluation"``) and the app should declare
    ``migration_dependencies=["opendui.domain.piccolo_app"]`` when it references core tables.
    :command:`opendui migrate` applies the migrations of every registered app in dependency order.

    :param settings: the process settings.
    :returns: dotted module paths, e.g. ``["opendui_aggir.piccolo_app"]``.
    """


@hookspec
def register_graphql_queries(settings: "Settings") -> Sequence[type]:
    """Contribute fields to the root ``Query`` type.

    Return ``@strawberry.type`` classes whose fields are merged into ``Query``. A plugin contributes
    **one namespace field named after itself** (``query { aggir { ... } }``); build it with
    :func:`opendui_sdk.graphql.namespace`. Built-in plugins contribute the core root fields
    (``usagers``, ``usager``, ``etablissements``, ``me`` ...). A field name used twice is a startup
    error naming both plugins.

    :param settings: the process settings.
    :returns: strawberry types whose fields join ``Query``.
    """


@hookspec
def register_graphql_mutations(settings: "Settings") -> Sequence[type]:
    """Contribute fields to the root ``Mutation`` type.

    Same rules as :func:`register_graphql_queries`: one namespace field per plugin
    (``mutation { aggir { recordEvaluation(...) { ... } } }``).

    :param settings: the process settings.
    :returns: strawberry types whose fields join ``Mutation``.
    """


@hookspec
def register_graphql_types(settings: "Settings") -> Sequence[type]:
    """Contribute GraphQL types that are not reachable from the root fields.

    Typically implementations of a shared interface. Type names must be prefixed with the plugin's
    name in PascalCase (``AggirEvaluation``) so that two plugins never define the same name.

    :param settings: the process settings.
    :returns: strawberry types to add to the schema.
    """


@hookspec
def register_type_extensions(settings: "Settings") -> Sequence["TypeExtension"]:
    """Add fields to core GraphQL types (``Usager.aggir``, ``Document.dmp`` ...).

    Extensions are strictly additive: a field whose name the core type already has, a field not
    prefixed with the plugin name, a target that is not extensible, or two plugins adding the same
    field are startup errors naming the plugins. Resolvers receive the core object as ``self`` and
    must go through the request's data access (``info.context``), which enforces access control
    and audit.

    :param settings: the process settings.
    :returns: :class:`~opendui.contributions.TypeExtension` values.
    """


@hookspec
def register_schema_extensions(settings: "Settings") -> Sequence[type["SchemaExtension"]]:
    """Contribute strawberry schema extensions (tracing, extra validation rules...).

    Return extension **classes** (or factories), never instances: strawberry creates one instance
    per request, and a shared instance would leak request state between users.

    :param settings: the process settings.
    :returns: extension classes added after the core's limit extensions.
    """


@hookspec
def register_dataloaders(context: "RequestContext") -> Mapping[str, "DataLoader[Any, Any]"]:
    """Contribute per-request DataLoaders.

    Called once per GraphQL request while its context is built; the loaders are reachable as
    ``info.context.loaders[name]``. Names must start with the plugin's name. Loaders created here
    live for one request only, so their cache cannot leak between users.

    :param context: the request context under construction (actor, data access, settings).
    :returns: a mapping of loader name to DataLoader.
    """


@hookspec
def register_permissions(settings: "Settings") -> Sequence["Permission"]:
    """Declare named permissions and the membership roles that hold them by default.

    Resolvers check them with ``info.context.require(name, etablissement_id)``. Names must start
    with the plugin's name (``aggir.evaluation.write``); a name declared twice is a startup error.

    :param settings: the process settings.
    :returns: :class:`~opendui.contributions.Permission` values.
    """


@hookspec
def register_routes(settings: "Settings") -> Sequence["BaseRoute"]:
    """Contribute HTTP routes.

    Routes of a third-party plugin are mounted under ``/plugins/<name>/``; built-in plugins mount
    at the root. Two routes with the same path and method are a startup error. Routes are not
    authenticated by default: call :func:`opendui_sdk.require_principal` in the endpoint.

    :param settings: the process settings.
    :returns: starlette routes.
    """


@hookspec
def register_middleware(settings: "Settings") -> Sequence["Middleware"]:
    """Contribute ASGI middleware, applied inside the core's own middleware.

    :param settings: the process settings.
    :returns: ``starlette.middleware.Middleware`` entries.
    """


@hookspec
def register_commands(settings: "Settings") -> Sequence["click.Command"]:
    """Contribute sub-commands to the ``opendui`` command line.

    A command name used twice (by two plugins, or by a plugin and the core) is a startup error.

    :param settings: the process settings.
    :returns: click commands or groups.
    """


@hookspec
def register_storage_backends(settings: "Settings") -> Mapping[str, "StorageBackend"]:
    """Contribute document storage backends by name.

    The built-in ``filesystem`` backend stores blobs under the data directory. The backend used for
    new documents is chosen by the ``OPENDUI_STORAGE_BACKEND`` setting (default ``filesystem``).

    :param settings: the process settings.
    :returns: a mapping of backend name to backend instance.
    """


@hookspec(firstresult=True)
def actor_from_request(request: "HTTPConnection", settings: "Settings") -> "Actor | None":
    """Authenticate a request: turn its credentials into an :class:`~opendui.security.Actor`.

    Stops at the first non-``None`` result. **Must be synchronous** (an async implementation would
    return a coroutine, which counts as a result). Return ``None`` to let the next implementation
    try; raise :class:`~opendui.errors.UnauthenticatedError` to refuse credentials that are present
    but invalid. Built-in implementations: ``oidc`` (access tokens of the configured OpenID Connect
    issuers, Pro Santé Connect profile included) and ``dev_tokens`` (OpenDUI's signed development
    tokens, dev and demo modes only).

    :param request: the HTTP or websocket connection.
    :param settings: the process settings.
    :returns: the authenticated actor, or ``None``.
    """


# --------------------------------------------------------------------------------------------------
# Lifecycle
# --------------------------------------------------------------------------------------------------


@hookspec
def on_startup(app: "Starlette", settings: "Settings") -> Any:
    """Called once when the web application starts, after the database is opened.

    May be ``async``. An exception aborts the start.

    :param app: the starlette application; ``app.state.opendui`` is the runtime.
    :param settings: the process settings.
    """


@hookspec
def on_shutdown(app: "Starlette", settings: "Settings") -> Any:
    """Called once when the web application stops, before the database is closed.

    May be ``async``.

    :param app: the starlette application.
    :param settings: the process settings.
    """


# --------------------------------------------------------------------------------------------------
# Domain events (dispatched inside the write transaction)
# --------------------------------------------------------------------------------------------------


@hookspec
def on_usager_created(usager: "UsagerRecord", context: "RequestContext") -> Any:
    """A usager and their first identity were created.

    :param usager: the new usager.
    :param context: the context of the request or command that created it.
    """


@hookspec
def on_usager_updated(
    usager: "UsagerRecord", changes: Mapping[str, Any], context: "RequestContext"
) -> Any:
    """A usager's identity traits were changed.

    :param usager: the usager after the change.
    :param changes: field name to ``(old, new)`` pairs.
    :param context: the request context.
    """


@hookspec
def on_identity_status_changed(
    identity: "IdentityRecord", old_status: str, new_status: str, context: "RequestContext"
) -> Any:
    """An identity's RNIV status changed (``PROV``, ``RECUP``, ``VALI``, ``QUAL``).

    :param identity: the identity after the change.
    :param old_status: the previous status.
    :param new_status: the new status.
    :param context: the request context.
    """


@hookspec
def on_sejour_opened(sejour: "SejourRecord", context: "RequestContext") -> Any:
    """A séjour was opened (admission of a usager in an établissement).

    :param sejour: the new séjour.
    :param context: the request context.
    """


@hookspec
def on_sejour_closed(sejour: "SejourRecord", context: "RequestContext") -> Any:
    """A séjour was closed (exit).

    :param sejour: the closed séjour.
    :param context: the request context.
    """


@hookspec
def on_document_added(document: "DocumentRecord", context: "RequestContext") -> Any:
    """A document, or a new version of one, was added to a usager's record.

    :param document: the stored document (content already on storage, hash verified).
    :param context: the request context.
    """
