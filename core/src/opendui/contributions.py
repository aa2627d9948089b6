"""Value objects that plugins return from the registration hooks.

They are plain frozen dataclasses so that the core can validate and compare them at startup, and so
that :command:`opendui plugins list` can describe what each plugin contributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Core GraphQL types that plugins may extend with :func:`~opendui.hookspecs.register_type_extensions`.
EXTENSIBLE_TYPES: tuple[str, ...] = (
    "Usager",
    "Identity",
    "Sejour",
    "Document",
    "Etablissement",
    "Professional",
)


@dataclass(frozen=True)
class TypeExtension:
    """Fields a plugin adds to a core GraphQL type.

    :ivar target: the GraphQL name of the core type, one of :data:`EXTENSIBLE_TYPES`.
    :ivar fields: a ``@strawberry.type`` class whose fields are added to ``target``. Each field name
        must start with the plugin's name (``Usager.aggir``, ``Usager.aggirLatest``...) and may not
        exist on the core type: extensions are strictly additive. Resolvers receive the core object
        as ``self`` (``root``).
    """

    target: str
    fields: type


@dataclass(frozen=True)
class Permission:
    """A named permission a plugin defines (``"aggir.evaluation.write"``).

    :ivar name: dotted name, starting with the plugin's name.
    :ivar description: one line, shown in :command:`opendui plugins list`.
    :ivar roles: membership roles granted this permission by default.
    """

    name: str
    description: str
    roles: frozenset[str] = field(default_factory=frozenset)
