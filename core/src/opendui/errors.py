"""Errors with stable codes.

Every error a client can cause carries a stable machine-readable ``code`` (exposed as
``extensions.code`` in GraphQL responses and as ``code`` in JSON error bodies). Codes never change
meaning; new ones may be added. The catalogue lives in :data:`ERROR_CODES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Every stable error code with a one-line meaning (the reference table of the docs).
ERROR_CODES: dict[str, str] = {
    "VALIDATION_ERROR": "An input value is malformed or out of range.",
    "INVALID_NIR": "An INS matricule (NIR or NIA) is malformed.",
    "INVALID_NIR_KEY": "An INS matricule's two-digit key does not match its 13 digits.",
    "INVALID_OID": "An identifier's OID is unknown or does not match the identifier.",
    "INVALID_RPPS": "An RPPS number is malformed or fails its Luhn check.",
    "INVALID_ADELI": "An ADELI number is malformed or fails its Luhn check.",
    "INVALID_ID_NAT_PS": "A national professional identifier (idNatPS) is malformed.",
    "INVALID_FINESS": "A FINESS number is malformed or fails its check digit.",
    "INVALID_SIRET": "A SIRET number is malformed or fails its check.",
    "INVALID_SIREN": "A SIREN number is malformed or fails its check.",
    "INVALID_CODE": "A code is not in the nomenclature it must come from.",
    "ILLEGAL_TRANSITION": "The requested state change is not allowed from the current state.",
    "NOT_FOUND": "The object does not exist or is not visible to the caller.",
    "FORBIDDEN": "The caller is authenticated but not allowed to do this.",
    "UNAUTHENTICATED": "No valid credentials were presented.",
    "INSUFFICIENT_AUTHENTICATION": "The login's authentication level (acr) is below the level required.",
    "CONFLICT": "The change conflicts with existing data (duplicate or concurrent edit).",
    "PAYLOAD_TOO_LARGE": "A request body or uploaded file is larger than allowed.",
    "UNSUPPORTED_MEDIA_TYPE": "An uploaded file's content is not of an accepted type.",
    "QUERY_TOO_COMPLEX": "A GraphQL document exceeds the depth, alias or token limits.",
    "GRAPHQL_VALIDATION_FAILED": "The document is not valid GraphQL for this schema.",
    "BAD_REQUEST": "The HTTP request is malformed (method, content type, body).",
    "INTERNAL_ERROR": "An unexpected error; the response carries a correlation id.",
}


class OpenDUIError(Exception):
    """Base class of every error a client can cause.

    :param message: human-readable explanation, safe to show to the caller (no secrets, no data of
        other usagers).
    :param code: stable code from :data:`ERROR_CODES`.
    :param details: optional machine-readable details (field names, limits...).
    """

    code: str = "VALIDATION_ERROR"

    def __init__(
        self, message: str, *, code: str | None = None, details: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if self.code not in ERROR_CODES:
            raise ValueError(f"unknown error code {self.code!r}")
        self.details: dict[str, Any] = dict(details or {})


class ValidationError(OpenDUIError):
    """An input value is malformed; ``details["field"]`` names the input when known."""

    code = "VALIDATION_ERROR"


class NotFoundError(OpenDUIError):
    """The object does not exist, or exists but is outside the caller's scope.

    Both cases answer the same way so that a caller cannot probe for records it may not see.
    """

    code = "NOT_FOUND"


class ForbiddenError(OpenDUIError):
    """The caller may see the object but not perform this operation on it."""

    code = "FORBIDDEN"


class UnauthenticatedError(OpenDUIError):
    """No valid bearer token was presented."""

    code = "UNAUTHENTICATED"


class ConflictError(OpenDUIError):
    """Duplicate unique value or a concurrent modification (stale ``version``)."""

    code = "CONFLICT"


class IllegalTransitionError(OpenDUIError):
    """A state machine (identity status, séjour) refuses the requested transition."""

    code = "ILLEGAL_TRANSITION"


class PayloadTooLargeError(OpenDUIError):
    """A body or a file exceeds the configured limit."""

    code = "PAYLOAD_TOO_LARGE"


class StartupError(RuntimeError):
    """The platform cannot start: a plugin collision or a configuration error.

    Raised while the plugin manager, the database registry, the GraphQL schema, the routes or the CLI
    are assembled, never on a request. The message names every plugin involved.
    """
