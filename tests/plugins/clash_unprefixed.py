"""piccolo app module exposing a table without the plugin prefix."""

from tests.plugins.clash_app.piccolo_app import UNPREFIXED_CONFIG as APP_CONFIG

__all__ = ["APP_CONFIG"]
