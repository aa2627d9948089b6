"""Schema extensions of the core: error codes, masking, and the end-of-request audit flush."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from opendui.errors import OpenDUIError

log = logging.getLogger("opendui.graphql")

_LIMIT_MARKERS = ("exceeds maximum operation depth", "aliases found", "tokens. Parsing aborted", "maximum number of tokens")


def assign_code(error: GraphQLError, request_id: str | None) -> None:
    """Give ``error`` its stable code (in place: strawberry keeps the same objects in several lists)."""
    if error.extensions and "code" in error.extensions:
        return
    original = error.original_error
    if isinstance(original, OpenDUIError):
        extensions: dict[str, Any] = {"code": original.code, **original.details}
    elif original is not None and not isinstance(original, GraphQLError):
        extensions = {"code": "INTERNAL_ERROR"}
        error.message = f"Internal error; quote request id {request_id} to the support team."
        error.original_error = None
    elif any(marker in error.message for marker in _LIMIT_MARKERS):
        extensions = {"code": "QUERY_TOO_COMPLEX"}
    else:
        extensions = {"code": "GRAPHQL_VALIDATION_FAILED"}
    if request_id:
        extensions["requestId"] = request_id
    error.extensions = extensions


class RequestLifecycle(SchemaExtension):
    """Gives every error a stable ``extensions.code``, masks unexpected ones, flushes audit reads."""

    async def on_operation(self) -> AsyncIterator[None]:  # type: ignore[override]
        context = self.execution_context.context
        try:
            yield
        finally:
            # In ``finally``: strawberry closes this generator instead of resuming it when the
            # document fails to parse, and those errors need their code too.
            request_id = getattr(context, "request_id", None)
            result = self.execution_context.result
            errors = [*(result.errors or [] if result else []), *(self.execution_context.pre_execution_errors or [])]
            for error in errors:
                assign_code(error, request_id)
            access = getattr(context, "access", None)
            if access is not None:
                await access.finish()
