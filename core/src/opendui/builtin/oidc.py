"""Default plugin ``oidc``: bearer access tokens from OpenID Connect providers (Pro Santé Connect...).

An issuer is trusted when its URL is listed in ``OPENDUI_OIDC_ISSUERS``. At startup the plugin reads
each issuer's discovery document (``<issuer>/.well-known/openid-configuration``) and its JWKS, and
keeps the keys in memory. A token whose ``iss`` is a configured issuer is then verified locally:
signature with a key of that issuer (algorithm allow-list, never ``none`` nor ``HS*``), ``iss``,
``aud``, ``exp``, ``nbf`` and ``iat`` with a small leeway, and the issuer's minimum authentication
level (``acr``) when one is configured. A token signed with a key the plugin does not know (an
unknown ``kid``: the provider rotated its keys) triggers **one** synchronous reload of the JWKS,
at most once per ``jwks_refresh_seconds``; if the key is still unknown the token is refused.

Two profiles turn the verified claims into an :class:`~opendui.security.Actor`:

``psc`` (Pro Santé Connect)
    The subject is the national professional identifier (idNatPS) taken from ``SubjectNameID``,
    else ``preferred_username``; the professional is found by ``id_nat_ps``. The professions and
    exercise situations (``SubjectRefPro.exercices``) and the eIDAS level (``acr``) are summarised
    under the ``opendui`` claim of the actor.
``generic``
    The subject is ``sub``, matched against the professional's login.

Per-issuer options come from the ``[plugins.oidc]`` table of the configuration file::

    [plugins.oidc]
    jwks_refresh_seconds = 60        # minimum delay between two reloads caused by an unknown kid

    [plugins.oidc.issuers."https://auth.esante.gouv.fr/auth/realms/esante-wallet"]
    profile = "psc"                  # or "generic" (the default)
    algorithms = ["RS256"]           # default: RS256, ES256, PS256
    required_acr = "eidas1"          # minimum level for every request from this issuer
    audience = "opendui"             # default: OPENDUI_OIDC_AUDIENCE
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt
from starlette.requests import HTTPConnection

from opendui.errors import StartupError, UnauthenticatedError
from opendui.markers import hookimpl
from opendui.security import Actor, ActorKind, acr_level
from opendui.settings import Settings

log = logging.getLogger(__name__)

PLUGIN_NAME = "oidc"
DEFAULT_ALGORITHMS: tuple[str, ...] = ("RS256", "ES256", "PS256")
#: Asymmetric algorithms an issuer may be configured with; ``none`` and ``HS*`` never are.
ALLOWED_ALGORITHMS: frozenset[str] = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
PROFILES = ("generic", "psc")
LEEWAY_SECONDS = 30
HTTP_TIMEOUT_SECONDS = 3.0
DEFAULT_REFRESH_SECONDS = 60.0

_INVALID = "invalid or expired token"


@dataclass(frozen=True)
class IssuerConfig:
    """What OpenDUI trusts from one issuer."""

    issuer: str
    audience: str
    profile: str = "generic"
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS
    required_acr: str | None = None


@dataclass(frozen=True)
class PublishedKey:
    """A verification key of the JWKS and the algorithm it is published for (if it says)."""

    jwk: jwt.PyJWK
    algorithm: str | None


@dataclass
class IssuerKeys:
    """The cached verification keys of one issuer (mutable, guarded by ``lock``)."""

    config: IssuerConfig
    jwks_uri: str | None = None
    keys: dict[str | None, PublishedKey] = field(default_factory=dict)
    loaded: bool = False
    last_forced_refresh: float = float("-inf")
    fetches: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class OidcState:
    """The plugin's state for one :class:`Settings` object (one runtime)."""

    issuers: dict[str, IssuerKeys]
    refresh_seconds: float


_STATES: dict[int, OidcState] = {}
_STATES_LOCK = threading.Lock()


def issuer_configs(settings: Settings) -> tuple[dict[str, IssuerConfig], float]:
    """The configured issuers and the minimum delay between forced JWKS reloads.

    :raises StartupError: on an unknown profile, a forbidden algorithm or an unknown ``acr`` level.
    """
    table = settings.plugin_config(PLUGIN_NAME)
    options: Mapping[str, Any] = table.get("issuers", {})
    configs: dict[str, IssuerConfig] = {}
    for issuer in settings.oidc_issuers:
        own = dict(options.get(issuer, {}))
        profile = str(own.get("profile", table.get("profile", "generic")))
        if profile not in PROFILES:
            raise StartupError(f"[plugins.oidc] issuer {issuer}: profile must be one of {list(PROFILES)}")
        algorithms = tuple(own.get("algorithms", table.get("algorithms", DEFAULT_ALGORITHMS)))
        forbidden = sorted(set(algorithms) - ALLOWED_ALGORITHMS)
        if forbidden or not algorithms:
            raise StartupError(
                f"[plugins.oidc] issuer {issuer}: algorithms {forbidden or '[]'} are not allowed "
                f"(choose among {sorted(ALLOWED_ALGORITHMS)}; none and HS* never are)"
            )
        required = own.get("required_acr", table.get("required_acr"))
        if required is not None and acr_level(required) == 0:
            raise StartupError(f"[plugins.oidc] issuer {issuer}: unknown required_acr {required!r}")
        configs[issuer] = IssuerConfig(
            issuer=issuer,
            audience=str(own.get("audience", settings.oidc_audience)),
            profile=profile,
            algorithms=algorithms,
            required_acr=None if required is None else str(required),
        )
    refresh = float(table.get("jwks_refresh_seconds", DEFAULT_REFRESH_SECONDS))
    return configs, refresh


def state_for(settings: Settings) -> OidcState:
    """The key cache of the runtime that owns ``settings`` (created on first use)."""
    key = id(settings)
    with _STATES_LOCK:
        state = _STATES.get(key)
        if state is None:
            configs, refresh = issuer_configs(settings)
            state = OidcState({name: IssuerKeys(config) for name, config in configs.items()}, refresh)
            _STATES[key] = state
            weakref.finalize(settings, _STATES.pop, key, None)
        return state


# -- key loading ----------------------------------------------------------------------------------


def _discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _jwks_uri(issuer: str, document: object) -> str:
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise ValueError("the discovery document names another issuer")
    uri = document.get("jwks_uri")
    if not isinstance(uri, str) or not uri:
        raise ValueError("the discovery document has no jwks_uri")
    return uri


def _parse_jwks(document: object) -> dict[str | None, PublishedKey]:
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError("the JWKS has no keys")
    keys: dict[str | None, PublishedKey] = {}
    for data in document["keys"]:
        if not isinstance(data, dict) or data.get("use", "sig") != "sig" or data.get("kty") == "oct":
            continue
        try:
            key = jwt.PyJWK(data)
        except jwt.PyJWTError:
            continue  # a key type or curve PyJWT does not support: never usable
        algorithm = data.get("alg")
        keys[key.key_id] = PublishedKey(key, algorithm if isinstance(algorithm, str) else None)
    return keys


async def load_keys(entry: IssuerKeys) -> None:
    """Read the discovery document and the JWKS of an issuer (at startup)."""
    async with httpx.AsyncClient(timeout=HTTP_TIMEOUT_SECONDS) as client:
        if entry.jwks_uri is None:
            response = await client.get(_discovery_url(entry.config.issuer))
            response.raise_for_status()
            entry.jwks_uri = _jwks_uri(entry.config.issuer, response.json())
        response = await client.get(entry.jwks_uri)
        response.raise_for_status()
        keys = _parse_jwks(response.json())
    with entry.lock:
        entry.keys, entry.loaded = keys, True
        entry.fetches += 1


def _reload_keys_sync(entry: IssuerKeys) -> None:
    with httpx.Client(timeout=HTTP_TIMEOUT_SECONDS) as client:
        if entry.jwks_uri is None:
            response = client.get(_discovery_url(entry.config.issuer))
            response.raise_for_status()
            entry.jwks_uri = _jwks_uri(entry.config.issuer, response.json())
        response = client.get(entry.jwks_uri)
        response.raise_for_status()
        entry.keys, entry.loaded = _parse_jwks(response.json()), True
        entry.fetches += 1


def _key_for(entry: IssuerKeys, kid: str | None, now: float, refresh_seconds: float) -> PublishedKey | None:
    """The key named ``kid``; reload the JWKS once (rate-limited) when it is unknown."""
    with entry.lock:
        key = _lookup(entry, kid)
        if key is not None:
            return key
        if now - entry.last_forced_refresh < refresh_seconds:
            return None  # fail closed: an unknown kid may not hammer the provider
        entry.last_forced_refresh = now
        try:
            _reload_keys_sync(entry)
        except (httpx.HTTPError, ValueError) as error:
            log.warning("oidc: cannot reload the keys of %s: %s", entry.config.issuer, error)
            return None
        return _lookup(entry, kid)


def _lookup(entry: IssuerKeys, kid: str | None) -> PublishedKey | None:
    if kid is None:  # accepted only when the issuer publishes a single signing key
        return next(iter(entry.keys.values())) if len(entry.keys) == 1 else None
    return entry.keys.get(kid)


# -- verification ---------------------------------------------------------------------------------


def verify(settings: Settings, token: str, *, now: float | None = None) -> Actor | None:
    """Verify an access token from a configured issuer.

    :returns: the actor, or ``None`` when the token does not claim a configured issuer.
    :raises UnauthenticatedError: for any invalid token, or one below the issuer's required ``acr``
        (code ``INSUFFICIENT_AUTHENTICATION``).
    """
    state = state_for(settings)
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None  # not a JWT at all: another plugin's credentials
    issuer = unverified.get("iss")
    entry = state.issuers.get(issuer) if isinstance(issuer, str) else None
    if entry is None:
        return None
    config = entry.config
    algorithm = header.get("alg")
    if not isinstance(algorithm, str) or algorithm not in config.algorithms:
        raise UnauthenticatedError(_INVALID)
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise UnauthenticatedError(_INVALID)
    key = _key_for(entry, kid, time.monotonic() if now is None else now, state.refresh_seconds)
    if key is None:
        raise UnauthenticatedError(_INVALID)
    if key.algorithm is not None and key.algorithm != algorithm:
        raise UnauthenticatedError(_INVALID)  # the key is published for another algorithm
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key.jwk.key,
            algorithms=[algorithm],
            audience=config.audience,
            issuer=config.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        log.info("oidc: token from %s refused: %s", config.issuer, error)
        raise UnauthenticatedError(_INVALID) from None
    actor = _actor(config, claims)
    if config.required_acr is not None and acr_level(claims.get("acr")) < acr_level(config.required_acr):
        raise UnauthenticatedError(
            f"this service requires an authentication of level {config.required_acr}",
            code="INSUFFICIENT_AUTHENTICATION",
            details={"requiredAcr": config.required_acr},
        )
    return actor


def _actor(config: IssuerConfig, claims: dict[str, Any]) -> Actor:
    if config.profile == "psc":
        summary = psc_summary(claims)
        subject = summary["idNatPS"]
    else:
        subject = claims["sub"]
        summary = {"profile": "generic", "acr": claims.get("acr")}
    if not isinstance(subject, str) or not subject.strip():
        raise UnauthenticatedError("the token does not name a professional")
    summary["acrLevel"] = acr_level(claims.get("acr"))
    return Actor(
        kind=ActorKind.PROFESSIONAL,
        subject=subject.strip(),
        issuer=config.issuer,
        claims={**claims, "opendui": summary},
    )


def psc_summary(claims: Mapping[str, Any]) -> dict[str, Any]:
    """The Pro Santé Connect claims OpenDUI uses, normalised.

    ``idNatPS`` from ``SubjectNameID`` (else ``preferred_username``); ``professions`` and
    ``situations`` from ``SubjectRefPro.exercices`` (codes of the TRE_G15 profession, R09
    category, savoir-faire; each activity's sector, role, FINESS, SIRET and structure id);
    ``acr`` as given (``eidas1``...).
    """
    id_nat_ps = claims.get("SubjectNameID") or claims.get("preferred_username")
    professions: list[dict[str, str]] = []
    situations: list[dict[str, str]] = []
    ref_pro = claims.get("SubjectRefPro")
    exercices = ref_pro.get("exercices") if isinstance(ref_pro, dict) else None
    for exercice in exercices if isinstance(exercices, list) else []:
        if not isinstance(exercice, dict):
            continue
        professions.append(
            _pick(exercice, ("codeProfession", "codeCategorieProfessionnelle", "codeSavoirFaire"))
        )
        activities = exercice.get("activities")
        for activity in activities if isinstance(activities, list) else []:
            if isinstance(activity, dict):
                situations.append(
                    {
                        "codeProfession": str(exercice.get("codeProfession") or ""),
                        **_pick(
                            activity,
                            (
                                "codeSecteurDactivite",
                                "codeRole",
                                "codeModeExercice",
                                "numeroFinessSite",
                                "numeroFinessetablissementJuridique",
                                "numeroSiretSite",
                                "identifiantTechniqueDeLaStructure",
                            ),
                        ),
                    }
                )
    return {
        "profile": "psc",
        "idNatPS": id_nat_ps if isinstance(id_nat_ps, str) else None,
        "professions": professions,
        "situations": situations,
        "acr": claims.get("acr"),
    }


def _pick(data: Mapping[str, Any], names: Sequence[str]) -> dict[str, str]:
    return {name: str(data[name]) for name in names if data.get(name) not in (None, "")}


# -- hooks ----------------------------------------------------------------------------------------


@hookimpl
def actor_from_request(request: HTTPConnection, settings: Settings) -> Actor | None:
    """Accept ``Authorization: Bearer <JWT>`` whose ``iss`` is a configured OpenID Connect issuer."""
    if not settings.oidc_issuers:
        return None
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return verify(settings, token.strip())


@hookimpl
async def on_startup(settings: Settings) -> None:
    """Check the configuration and load every issuer's discovery document and JWKS.

    An unreachable provider does not stop OpenDUI: its tokens are refused until a later reload
    (triggered by a request, rate-limited) succeeds.
    """
    if not settings.oidc_issuers:
        return
    for entry in state_for(settings).issuers.values():
        try:
            await load_keys(entry)
        except (httpx.HTTPError, ValueError) as error:
            log.warning("oidc: cannot load the keys of %s: %s", entry.config.issuer, error)
