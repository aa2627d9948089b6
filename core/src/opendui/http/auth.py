"""Request authentication: the ``actor_from_request`` hook, then principal resolution."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse

from opendui.errors import OpenDUIError, UnauthenticatedError
from opendui.runtime import Runtime
from opendui.security import Principal


async def authenticate(runtime: Runtime, connection: HTTPConnection) -> Principal:
    """The principal behind the request's credentials.

    :raises UnauthenticatedError: no credentials, invalid ones, or no matching active professional.
    """
    actor = runtime.pm.hook.actor_from_request(request=connection, settings=runtime.settings)
    if actor is None:
        raise UnauthenticatedError("a bearer token is required (Authorization: Bearer ...)")
    return await runtime.principal_for(actor)


def error_response(error: OpenDUIError, status: int) -> JSONResponse:
    """A GraphQL-shaped JSON error body with the stable code."""
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body = {"errors": [{"message": error.message, "extensions": {"code": error.code, **error.details}}]}
    return JSONResponse(body, status_code=status, headers=headers)
