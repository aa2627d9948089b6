"""Who is calling: the authenticated :class:`Actor` and its resolved :class:`Principal`.

Authentication (the ``actor_from_request`` hook) yields an :class:`Actor`: what the credentials
say. The core then resolves it against the database into a :class:`Principal`: the professional and
their memberships, which decide what they may see. Resolution happens on every request, so a
revoked membership takes effect immediately.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property


class ActorKind(str, enum.Enum):
    """Kinds of callers."""

    PROFESSIONAL = "professional"
    SYSTEM = "system"


#: Membership roles of OpenDUI (local vocabulary; the national profession is on the professional).
ROLES: Mapping[str, str] = {
    "direction": "Direction of the établissement",
    "administratif": "Administrative staff: admissions, identity, séjours",
    "medical": "Physicians (médecin coordonnateur, psychiatre...)",
    "soignant": "Care staff: infirmiers, aides-soignants",
    "paramedical": "Rehabilitation staff: kinésithérapeutes, ergothérapeutes, psychomotriciens...",
    "educatif": "Educational staff: éducateurs spécialisés, moniteurs-éducateurs, AES",
    "social": "Social workers: assistants de service social, CESF",
    "psychologue": "Psychologists",
    "admin": "Administrator of the établissement's configuration and staff",
}


#: Authentication levels (the ``acr`` claim), lowest first: eIDAS levels as FranceConnect and Pro
#: Santé Connect name them, and the eIDAS level-of-assurance URIs.
ACR_LEVELS: Mapping[str, int] = {
    "eidas1": 1,
    "eidas2": 2,
    "eidas3": 3,
    "http://eidas.europa.eu/LoA/low": 1,
    "http://eidas.europa.eu/LoA/substantial": 2,
    "http://eidas.europa.eu/LoA/high": 3,
}


def acr_level(value: object) -> int:
    """The rank of an ``acr`` value in :data:`ACR_LEVELS` (0 when absent or unknown)."""
    return ACR_LEVELS.get(value, 0) if isinstance(value, str) else 0


@dataclass(frozen=True)
class Actor:
    """The caller as authenticated by a token.

    :ivar kind: professional or system (the CLI and the demo loader).
    :ivar subject: the stable subject of the credentials (a login for development tokens).
    :ivar issuer: who vouched for the subject (``opendui-dev``, an OpenID Connect issuer...).
    :ivar claims: the verified claims, for plugins that need more.
    """

    kind: ActorKind
    subject: str
    issuer: str
    claims: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Principal:
    """An actor resolved to a professional and their memberships.

    :ivar professional_id: the professional's id (``None`` for the system actor).
    :ivar roles: établissement id to the set of roles held there.
    :ivar is_platform_admin: may manage organisations (granted to the system actor only, for now).
    """

    actor: Actor
    professional_id: uuid.UUID | None
    label: str
    roles: Mapping[uuid.UUID, frozenset[str]]
    is_platform_admin: bool = False

    @cached_property
    def etablissement_ids(self) -> frozenset[uuid.UUID]:
        """Établissements whose usagers this principal may see."""
        return frozenset(self.roles)

    @property
    def is_system(self) -> bool:
        """The system actor sees everything (CLI, demo loader); it is audited like anyone."""
        return self.actor.kind is ActorKind.SYSTEM

    def has_role(self, etablissement_id: uuid.UUID, roles: frozenset[str]) -> bool:
        """Whether the principal holds one of ``roles`` in ``etablissement_id``."""
        return self.is_system or bool(self.roles.get(etablissement_id, frozenset()) & roles)


SYSTEM_ACTOR = Actor(kind=ActorKind.SYSTEM, subject="system", issuer="opendui")
SYSTEM_PRINCIPAL = Principal(
    actor=SYSTEM_ACTOR, professional_id=None, label="system", roles={}, is_platform_admin=True
)
