"""The data-access layer: every read and write of usager data goes through here.

It applies the caller's scope (deny by default: a professional sees the usagers of the
établissements they belong to), checks permissions for writes, records an audit entry for every
access, and dispatches domain events inside write transactions. GraphQL resolvers of the core and
of plugins use it through ``info.context.access``; nothing else touches usager tables.
"""

from opendui.access.base import DataAccess

__all__ = ["DataAccess"]
