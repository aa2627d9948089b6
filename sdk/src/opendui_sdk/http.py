"""Helpers for plugin HTTP routes."""

from __future__ import annotations

from opendui.context import RequestContext
from opendui.http.auth import authenticate
from starlette.requests import HTTPConnection


async def require_principal(connection: HTTPConnection) -> RequestContext:
    """Authenticate a plugin route's request and return its :class:`RequestContext`.

    Call ``await context.access.finish()`` before responding, to flush the audit trail.

    :raises UnauthenticatedError: without valid credentials.
    """
    runtime = connection.app.state.opendui
    principal = await authenticate(runtime, connection)
    return RequestContext(runtime=runtime, principal=principal, request=connection)
