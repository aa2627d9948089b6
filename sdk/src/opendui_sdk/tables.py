"""Core tables plugin tables may reference with a ``ForeignKey`` (read them through the data access).

Declare ``migration_dependencies=["opendui.domain.piccolo_app"]`` in the plugin's ``APP_CONFIG``.
"""

from __future__ import annotations

from opendui.domain.tables import Document, Etablissement, Professional, Sejour, Usager

CORE_APP = "opendui.domain.piccolo_app"

__all__ = ["CORE_APP", "Document", "Etablissement", "Professional", "Sejour", "Usager"]
