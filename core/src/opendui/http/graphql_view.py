"""The ``/graphql`` endpoint: authentication, then strawberry with the request context."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.http.ides import get_graphql_ide_html
from strawberry.types import ExecutionResult

from opendui.context import RequestContext
from opendui.errors import OpenDUIError, StartupError, UnauthenticatedError
from opendui.graphql.extensions import assign_code
from opendui.http.auth import authenticate, error_response
from opendui.runtime import Runtime

PRINCIPAL_KEY = "opendui.principal"
CONTEXT_KEY = "opendui.context"


class OpenDUIGraphQL(GraphQL[RequestContext, None]):
    """strawberry's ASGI app with OpenDUI's context; GraphiQL only in dev and demo modes."""

    def __init__(self, runtime: Runtime) -> None:
        super().__init__(
            runtime.schema,
            graphql_ide="graphiql" if runtime.settings.dev_features else None,
            allow_queries_via_get=False,
            multipart_uploads_enabled=True,
        )
        self.runtime = runtime

    async def get_context(self, request: Any, response: Any) -> RequestContext:
        context = RequestContext(
            runtime=self.runtime, principal=request.scope[PRINCIPAL_KEY], request=request
        )
        request.scope[CONTEXT_KEY] = context
        owners: dict[str, str] = {}
        for impl in self.runtime.pm.hook.register_dataloaders.get_hookimpls():
            plugin = self.runtime.pm.get_name(impl.plugin) or "?"
            for name, loader in (impl.function(context=context) or {}).items():
                if name in owners:
                    raise StartupError(f"DataLoader {name} is registered by both {owners[name]!r} and {plugin!r}")
                owners[name] = plugin
                context.loaders[name] = loader
        return context


    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        """Every error leaves with a stable ``extensions.code`` (parse errors included)."""
        context = request.scope.get(CONTEXT_KEY)
        for error in result.errors or []:
            assign_code(error, getattr(context, "request_id", None))
        return await super().process_result(request, result)


class GraphQLEndpoint:
    """Authenticates POST requests before handing them to strawberry; serves GraphiQL on GET."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.app = OpenDUIGraphQL(runtime)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            response: Response = Response(status_code=404)
            await response(scope, receive, send)
            return
        request = Request(scope, receive)
        if request.method == "GET":
            if self.runtime.settings.dev_features:
                page = HTMLResponse(get_graphql_ide_html(graphql_ide="graphiql"))
                await page(scope, receive, send)
            else:
                await Response("GraphQL queries use POST", status_code=405)(scope, receive, send)
            return
        try:
            principal = await authenticate(self.runtime, request)
        except UnauthenticatedError as error:
            await error_response(error, 401)(scope, receive, send)
            return
        except OpenDUIError as error:
            await error_response(error, 400)(scope, receive, send)
            return
        scope[PRINCIPAL_KEY] = principal
        await self.app(scope, receive, send)
