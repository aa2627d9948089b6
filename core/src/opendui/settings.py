"""Configuration: environment variables ``OPENDUI_*`` over an optional TOML file.

Precedence, highest first: explicit keyword arguments (tests), environment variables, the TOML file
named by ``OPENDUI_CONFIG``, built-in defaults. Reading happens once, in :meth:`Settings.from_env`;
nothing reads the environment at import time.

The TOML file has an ``[opendui]`` table (same keys as the variables, lower case, without the
prefix) and one ``[plugins.<name>]`` table per plugin. A plugin table may carry ``etablissements``,
a list of FINESS ET numbers restricting where the plugin is active (integrators enable plugins per
establishment), and any plugin-specific keys, read with :meth:`Settings.plugin_config`.
"""

from __future__ import annotations

import enum
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from opendui.errors import StartupError


class Mode(str, enum.Enum):
    """How the platform runs.

    ``production`` is the default and the safe one: no development tokens, no introspection, no
    GraphiQL. ``dev`` and ``demo`` turn those on; ``demo`` also loads the demo data set on an empty
    database.
    """

    PRODUCTION = "production"
    DEV = "dev"
    DEMO = "demo"


INSTANCE_FILE = "instance.toml"


def instance_mode(data_dir: Path) -> str | None:
    """The mode recorded in ``<data_dir>/instance.toml`` by ``opendui serve --demo``.

    A data directory created for the demo stays a demo instance for every command run on it (so
    that ``opendui token`` works next to ``opendui serve --demo``); ``OPENDUI_MODE`` overrides it.
    """
    path = data_dir / INSTANCE_FILE
    if not path.exists():
        return None
    try:
        value = tomllib.loads(path.read_text(encoding="utf-8")).get("mode")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return str(value) if value else None


def record_instance_mode(data_dir: Path, mode: Mode) -> None:
    """Write ``instance.toml`` for a data directory (demo instances only)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / INSTANCE_FILE).write_text(f'mode = "{mode.value}"\n', encoding="utf-8")


def _split_list(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Limits:
    """Bounds applied to every GraphQL request and upload."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    max_page_size: int = 100
    default_page_size: int = 20
    max_body_bytes: int = 1_000_000
    max_upload_bytes: int = 50 * 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """The resolved configuration of one OpenDUI process.

    :ivar database_url: ``sqlite:///path/to/file.sqlite`` (the embedded default) or
        ``postgresql://user@host:port/db``.
    :ivar data_dir: directory for the SQLite file, document blobs and the development signing key.
    :ivar mode: see :class:`Mode`.
    :ivar load_plugins: allow-list of plugin names from the ``opendui`` entry-point group; ``None``
        loads every installed plugin, an empty tuple loads none.
    :ivar disable_plugins: block-list; blocked plugins are never registered.
    :ivar audit_retention_days: how long audit entries stay online (``opendui audit purge``).
    """

    database_url: str
    data_dir: Path
    mode: Mode = Mode.PRODUCTION
    secret_key: str | None = None
    load_plugins: tuple[str, ...] | None = None
    disable_plugins: tuple[str, ...] = ()
    trace_plugins: bool = False
    storage_dir: Path | None = None
    storage_backend: str = "filesystem"
    limits: Limits = field(default_factory=Limits)
    pg_pool_min: int = 1
    pg_pool_max: int = 10
    audit_retention_days: int = 183
    plugins: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: OpenID Connect issuers whose access tokens are accepted (the ``oidc`` plugin), and the
    #: audience those tokens must carry.
    oidc_issuers: tuple[str, ...] = ()
    oidc_audience: str = "opendui"

    @property
    def dev_features(self) -> bool:
        """Whether development conveniences (dev tokens, GraphiQL, introspection) are on."""
        return self.mode in (Mode.DEV, Mode.DEMO)

    @property
    def documents_dir(self) -> Path:
        """Where the filesystem storage backend keeps document blobs."""
        return self.storage_dir or self.data_dir / "documents"

    @property
    def engine_kind(self) -> str:
        """``"sqlite"`` or ``"postgres"``, from :attr:`database_url`."""
        return "postgres" if self.database_url.startswith(("postgresql:", "postgres:")) else "sqlite"

    def plugin_config(self, name: str) -> Mapping[str, Any]:
        """The ``[plugins.<name>]`` table of the configuration file (empty when absent)."""
        return self.plugins.get(name, {})

    def plugin_enabled_for(self, name: str, finess_et: str) -> bool:
        """Whether plugin ``name`` is active for the établissement ``finess_et``.

        A plugin without an ``etablissements`` list is active everywhere it is loaded.
        """
        allowed = self.plugin_config(name).get("etablissements")
        return allowed is None or finess_et in allowed

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with some fields replaced (used by the CLI and the tests)."""
        return replace(self, **changes)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, **overrides: Any
    ) -> Settings:
        """Build the settings from ``env`` (default ``os.environ``) and the optional TOML file.

        :raises StartupError: on an unreadable configuration file or an invalid value.
        """
        env = os.environ if env is None else env
        file_values: dict[str, Any] = {}
        plugins: dict[str, Mapping[str, Any]] = {}
        config_path = env.get("OPENDUI_CONFIG")
        if config_path:
            try:
                document = tomllib.loads(Path(config_path).read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as error:
                raise StartupError(f"cannot read OPENDUI_CONFIG={config_path}: {error}") from error
            file_values = dict(document.get("opendui", {}))
            plugins = dict(document.get("plugins", {}))

        def get(key: str) -> str | None:
            value = env.get(f"OPENDUI_{key.upper()}")
            if value is not None:
                return value
            raw = file_values.get(key)
            if raw is None:
                return None
            return ",".join(raw) if isinstance(raw, list) else str(raw)

        data_dir = Path(get("data_dir") or "data").expanduser().resolve()
        try:
            mode = Mode(get("mode") or instance_mode(data_dir) or Mode.PRODUCTION.value)
        except ValueError as error:
            raise StartupError(f"OPENDUI_MODE must be one of {[m.value for m in Mode]}") from error
        limits = Limits(
            **{
                name: int(value)
                for name in Limits.__dataclass_fields__
                if (value := get(name)) is not None
            }
        )
        storage = get("storage_dir")
        values: dict[str, Any] = {
            "database_url": get("database_url") or f"sqlite:///{data_dir / 'opendui.sqlite'}",
            "data_dir": data_dir,
            "mode": mode,
            "secret_key": get("secret_key"),
            "load_plugins": _split_list(get("load_plugins")),
            "disable_plugins": _split_list(get("disable_plugins")) or (),
            "trace_plugins": (get("trace_plugins") or "").lower() in ("1", "true", "yes"),
            "storage_dir": Path(storage).resolve() if storage else None,
            "storage_backend": get("storage_backend") or "filesystem",
            "pg_pool_min": int(get("pg_pool_min") or 1),
            "pg_pool_max": int(get("pg_pool_max") or 10),
            "audit_retention_days": int(get("audit_retention_days") or 183),
            "limits": limits,
            "plugins": plugins,
            "oidc_issuers": _split_list(get("oidc_issuers")) or (),
            "oidc_audience": get("oidc_audience") or "opendui",
        }
        values.update(overrides)
        settings = cls(**values)
        if not settings.database_url.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise StartupError(
                "OPENDUI_DATABASE_URL must start with sqlite:/// or postgresql://"
            )
        return settings
