"""Default plugin ``dev_tokens``: signed development tokens, in dev and demo modes only.

``opendui token`` prints an HS256 JWT signed with the instance's development key (``secret_key``
setting, or a random key kept in ``<data_dir>/dev-token.key``). In production mode this plugin
accepts nothing and the command refuses to mint tokens: production logins come from an OpenID
Connect provider.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import jwt
from starlette.requests import HTTPConnection

from opendui.errors import ForbiddenError, UnauthenticatedError
from opendui.markers import hookimpl
from opendui.security import Actor, ActorKind
from opendui.settings import Settings

ISSUER = "opendui-dev"
AUDIENCE = "opendui"
ALGORITHM = "HS256"
DEFAULT_TTL_SECONDS = 12 * 3600


def signing_key(settings: Settings) -> str:
    """The development signing key, created on first use in dev and demo modes."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "dev-token.key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key, encoding="ascii")
    path.chmod(0o600)
    return key


def mint(settings: Settings, login: str, ttl_seconds: int = DEFAULT_TTL_SECONDS) -> str:
    """A development token for the professional ``login``.

    :raises ForbiddenError: in production mode.
    """
    if not settings.dev_features:
        raise ForbiddenError("development tokens exist only in dev or demo mode")
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": login,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
        "kind": ActorKind.PROFESSIONAL.value,
    }
    return jwt.encode(claims, signing_key(settings), algorithm=ALGORITHM)


def verify(settings: Settings, token: str) -> Actor:
    """Check a development token's signature, issuer, audience and lifetime.

    :raises UnauthenticatedError: for any invalid token.
    """
    try:
        claims = jwt.decode(
            token,
            signing_key(settings),
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "iss", "aud"]},
        )
    except jwt.PyJWTError as error:
        raise UnauthenticatedError(f"invalid token: {error}") from error
    return Actor(kind=ActorKind.PROFESSIONAL, subject=str(claims["sub"]), issuer=ISSUER, claims=claims)


@hookimpl(trylast=True)
def actor_from_request(request: HTTPConnection, settings: Settings) -> Actor | None:
    """Accept ``Authorization: Bearer <development token>`` in dev and demo modes."""
    if not settings.dev_features:
        return None
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    unverified = _unverified_issuer(token)
    if unverified != ISSUER:
        return None  # another plugin's token
    return verify(settings, token.strip())


def _unverified_issuer(token: str) -> str | None:
    try:
        claims = jwt.decode(token.strip(), options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    issuer = claims.get("iss")
    return issuer if isinstance(issuer, str) else None
