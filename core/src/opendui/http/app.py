"""The application factory: :func:`create_app`."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from opendui.errors import StartupError
from opendui.http.graphql_view import GraphQLEndpoint
from opendui.http.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from opendui.plugins import call_each, dispatch
from opendui.runtime import Runtime
from opendui.settings import Settings


def _routes(runtime: Runtime) -> list[BaseRoute]:
    routes: list[BaseRoute] = [Route("/graphql", GraphQLEndpoint(runtime), methods=["GET", "POST"])]
    if runtime.settings.dev_features:
        async def home(_: object) -> Response:
            return RedirectResponse("/graphql")

        routes.append(Route("/", home, methods=["GET"]))
    seen: dict[tuple[str, str], str] = {("/graphql", "POST"): "core", ("/graphql", "GET"): "core"}
    plugin_routes: dict[str, list[BaseRoute]] = {}
    for contribution in call_each(runtime.pm, "register_routes", settings=runtime.settings):
        route = contribution.item
        builtin = runtime.pm.is_builtin(contribution.plugin)
        prefix = "" if builtin else f"/plugins/{contribution.plugin}"
        path = prefix + getattr(route, "path", "")
        for method in sorted(getattr(route, "methods", None) or {"*"}):
            key = (path, method)
            if key in seen:
                raise StartupError(f"route {method} {path} is registered by both {seen[key]!r} and {contribution.plugin!r}")
            seen[key] = contribution.plugin
        if builtin:
            routes.append(route)
        else:
            plugin_routes.setdefault(contribution.plugin, []).append(route)
    routes.extend(Mount(f"/plugins/{name}", routes=items) for name, items in plugin_routes.items())
    return routes


def create_app(settings: Settings | None = None, runtime: Runtime | None = None, *, migrate: bool = False) -> Starlette:
    """Build the starlette application.

    :param settings: defaults to :meth:`Settings.from_env`.
    :param runtime: an already assembled runtime (tests, the CLI); built from ``settings`` otherwise.
    :param migrate: apply pending migrations when the application starts.
    :raises StartupError: on any plugin collision, before the application exists.
    """
    if runtime is None:
        runtime = Runtime.build(settings or Settings.from_env())
    runtime.schema  # noqa: B018 - build (and check) the schema now, not on the first request

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await runtime.open(migrate_schema=migrate)
        await dispatch(runtime.pm, "on_startup", app=app, settings=runtime.settings)
        # The schema, plugins and caches live as long as the process: move them out of the
        # collector's reach so that full collections stay short (benchmarks saw 80-150 ms pauses).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await dispatch(runtime.pm, "on_shutdown", app=app, settings=runtime.settings)
            await runtime.close()

    middleware = [
        Middleware(SecurityHeadersMiddleware),
        Middleware(BodyLimitMiddleware, limits=runtime.settings.limits),
        *(c.item for c in call_each(runtime.pm, "register_middleware", settings=runtime.settings)),
    ]
    app = Starlette(routes=_routes(runtime), middleware=middleware, lifespan=lifespan)
    app.state.opendui = runtime
    return app
