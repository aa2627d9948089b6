"""Default plugin ``core_routes``: health check and authenticated document download."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from opendui.errors import NotFoundError, OpenDUIError, UnauthenticatedError
from opendui.graphql.ids import parse_id
from opendui.http.auth import authenticate, error_response
from opendui.markers import hookimpl
from opendui.settings import Settings


async def healthz(request: Request) -> Response:
    """Liveness and database readiness; answers without authentication and reveals nothing else."""
    runtime = request.app.state.opendui
    try:
        await runtime.db.fetch("SELECT 1 AS ok")
    except Exception:  # any database failure makes the instance unready
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


async def document_content(request: Request) -> Response:
    """Stream a document's content to an authenticated caller who may see it (audited)."""
    from opendui.context import RequestContext

    runtime = request.app.state.opendui
    try:
        principal = await authenticate(runtime, request)
    except UnauthenticatedError as error:
        return error_response(error, 401)
    context = RequestContext(runtime=runtime, principal=principal, request=request, operation="documentContent")
    try:
        record, chunks = await context.access.documents.content(parse_id(request.path_params["document_id"]))
    except NotFoundError as error:
        await context.access.finish()
        return error_response(error, 404)
    except OpenDUIError as error:
        await context.access.finish()
        return error_response(error, 403 if error.code == "FORBIDDEN" else 400)
    await context.access.finish()  # the access is audited before any byte leaves
    safe_name = "".join(c if c.isalnum() or c in "._-" else "_" for c in record.filename)
    return StreamingResponse(
        chunks,
        media_type=record.mime_type,
        headers={
            "Content-Disposition": f'attachment; filename="{safe_name}"',
            "Content-Length": str(record.size),
            "ETag": f'"{record.sha256}"',
        },
    )


@hookimpl
def register_routes(settings: Settings) -> Sequence[BaseRoute]:
    """``/healthz`` and ``/documents/{document_id}/content``."""
    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/documents/{document_id}/content", document_content, methods=["GET"]),
    ]
