"""Permission bases for plugin GraphQL fields.

Object-level checks (this usager, this établissement) belong in resolvers, through
``info.context.require(name, etablissement_id)`` and the data access; :func:`requires` guards a
whole field for callers who hold a permission in at least one of their établissements.
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission


def requires(permission: str) -> type[BasePermission]:
    """A strawberry permission class: the caller must hold ``permission`` somewhere.

    Use as ``@strawberry.field(permission_classes=[requires("aggir.evaluation.write")])``. A refusal
    is a ``FORBIDDEN`` error.
    """

    class RequiresPermission(BasePermission):
        message = f"permission {permission} is required"
        error_extensions = {"code": "FORBIDDEN", "permission": permission}

        def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
            return bool(info.context.can(permission, None))

    RequiresPermission.__name__ = f"Requires_{permission.replace('.', '_')}"
    return RequiresPermission
