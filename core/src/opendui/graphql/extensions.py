"""Schema extensions of the core: error codes, masking, and the end-of-request audit flush."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from opendui.errors import OpenDUIError

log = logging.getLogger("opendui.graphql")

_LIMIT_MARKERS = ("exceeds maximum operation depth", "aliases found", "maximum number of tokens", "Max tokens")


def _with_code(error: GraphQLError, request_id: str | None) -> GraphQLError:
    original = error.original_error
    extensions: dict[str, Any] = {}
    message = error.message
    if isinstance(original, OpenDUIError):
        extensions = {"code": original.code, **original.details}
    elif original is not None and not isinstance(original, GraphQLError):
        log.error("request %s failed", request_id, exc_info=original)
        extensions = {"code": "INTERNAL_ERROR"}
        message = f"Internal error; quote request id {request_id} to the support team."
    elif any(marker in error.message for marker in _LIMIT_MARKERS):
        extensions = {"code": "QUERY_TOO_COMPLEX"}
    else:
        extensions = {"code": "GRAPHQL_VALIDATION_FAILED"}
    if request_id:
        extensions["requestId"] = request_id
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


class RequestLifecycle(SchemaExtension):
    """Gives every error a stable ``extensions.code``, masks unexpected ones, flushes audit reads."""

    async def on_operation(self) -> AsyncIterator[None]:  # type: ignore[override]
        context = self.execution_context.context
        try:
            yield
        finally:
            access = getattr(context, "access", None)
            if access is not None:
                await access.finish()
        request_id = getattr(context, "request_id", None)
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [_with_code(error, request_id) for error in result.errors]
        if self.execution_context.pre_execution_errors:
            self.execution_context.pre_execution_errors = [
                _with_code(error, request_id) for error in self.execution_context.pre_execution_errors
            ]
