"""Root pytest configuration: the SDK's fixtures (platform on SQLite and PostgreSQL)."""

import os

# Core tests never pick up entry-point plugins by accident: each test names its plugins.
os.environ.setdefault("OPENDUI_LOAD_PLUGINS", "")

pytest_plugins = ["opendui_sdk.testing"]
