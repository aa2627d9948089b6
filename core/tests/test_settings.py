"""Settings from the environment and the TOML file."""

from __future__ import annotations

from pathlib import Path

import pytest

from opendui.errors import StartupError
from opendui.settings import Mode, Settings, record_instance_mode


def test_defaults_are_safe(tmp_path: Path) -> None:
    settings = Settings.from_env({"OPENDUI_DATA_DIR": str(tmp_path)})
    assert settings.mode is Mode.PRODUCTION and not settings.dev_features
    assert settings.database_url == f"sqlite:///{tmp_path / 'opendui.sqlite'}"
    assert settings.engine_kind == "sqlite"
    assert settings.load_plugins is None and settings.disable_plugins == ()


def test_environment_and_file(tmp_path: Path) -> None:
    config = tmp_path / "opendui.toml"
    config.write_text(
        '[opendui]\nmode = "dev"\nmax_page_size = 50\ndisable_plugins = ["dmp"]\n'
        '[plugins.dmp]\netablissements = ["690799026"]\nendpoint = "https://sandbox"\n',
        encoding="utf-8",
    )
    settings = Settings.from_env(
        {"OPENDUI_CONFIG": str(config), "OPENDUI_DATABASE_URL": "postgresql://u@db:5432/x", "OPENDUI_LOAD_PLUGINS": "aggir, serafin"}
    )
    assert settings.mode is Mode.DEV
    assert settings.limits.max_page_size == 50
    assert settings.engine_kind == "postgres"
    assert settings.load_plugins == ("aggir", "serafin")
    assert settings.disable_plugins == ("dmp",)
    assert settings.plugin_config("dmp")["endpoint"] == "https://sandbox"
    assert settings.plugin_enabled_for("dmp", "690799026")
    assert not settings.plugin_enabled_for("dmp", "690799034")
    assert settings.plugin_enabled_for("aggir", "690799034")


def test_empty_allow_list_loads_no_plugin() -> None:
    assert Settings.from_env({"OPENDUI_LOAD_PLUGINS": ""}).load_plugins == ()


def test_bad_values_fail_at_startup(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match="OPENDUI_MODE"):
        Settings.from_env({"OPENDUI_MODE": "yolo"})
    with pytest.raises(StartupError, match="OPENDUI_DATABASE_URL"):
        Settings.from_env({"OPENDUI_DATABASE_URL": "mysql://x"})
    with pytest.raises(StartupError, match="cannot read OPENDUI_CONFIG"):
        Settings.from_env({"OPENDUI_CONFIG": str(tmp_path / "missing.toml")})


def test_demo_instances_remember_their_mode(tmp_path: Path) -> None:
    record_instance_mode(tmp_path, Mode.DEMO)
    assert Settings.from_env({"OPENDUI_DATA_DIR": str(tmp_path)}).mode is Mode.DEMO
    assert Settings.from_env({"OPENDUI_DATA_DIR": str(tmp_path), "OPENDUI_MODE": "production"}).mode is Mode.PRODUCTION
