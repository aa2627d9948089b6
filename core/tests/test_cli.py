"""The ``opendui`` command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from opendui.cli import build_cli
from opendui.graphql.schema import print_schema
from opendui.plugins import get_plugin_manager
from opendui.settings import Mode, Settings


def cli_for(tmp_path: Path, mode: Mode = Mode.DEV) -> tuple[CliRunner, object]:
    settings = Settings.from_env({}, data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", mode=mode)
    return CliRunner(), build_cli(settings, get_plugin_manager(load_entrypoints=False))


def test_token_is_refused_in_production(tmp_path: Path) -> None:
    runner, cli = cli_for(tmp_path, Mode.PRODUCTION)
    result = runner.invoke(cli, ["token"])  # type: ignore[arg-type]
    assert result.exit_code != 0
    assert "only in dev or demo mode" in result.output


def test_token_in_dev_mode_is_a_signed_jwt(tmp_path: Path) -> None:
    runner, cli = cli_for(tmp_path)
    result = runner.invoke(cli, ["token", "--demo-user", "educ.garcia"])  # type: ignore[arg-type]
    assert result.exit_code == 0
    import jwt

    claims = jwt.decode(result.output.strip(), options={"verify_signature": False})
    assert (claims["sub"], claims["iss"], claims["aud"]) == ("educ.garcia", "opendui-dev", "opendui")


def test_schema_command_prints_the_sdl(tmp_path: Path) -> None:
    runner, cli = cli_for(tmp_path)
    result = runner.invoke(cli, ["schema"])  # type: ignore[arg-type]
    assert result.exit_code == 0
    assert result.output == print_schema(get_plugin_manager(load_entrypoints=False), Settings.from_env({}, mode=Mode.DEV))


def test_plugins_list_json(tmp_path: Path) -> None:
    runner, cli = cli_for(tmp_path)
    result = runner.invoke(cli, ["plugins", "list", "--json"])  # type: ignore[arg-type]
    assert result.exit_code == 0
    plugins = {p["name"]: p for p in json.loads(result.output)}
    assert plugins["core_tables"]["tables"][:2] == ["core_organisme_gestionnaire", "core_etablissement"]
    assert "Query.usagers" in plugins["core_graphql"]["graphql_fields"]
    assert "register_routes" in plugins["core_routes"]["hooks"]
    assert plugins["core_graphql"]["builtin"] is True


def test_migrate_then_check_then_demo(tmp_path: Path) -> None:
    runner, cli = cli_for(tmp_path)
    check = runner.invoke(cli, ["migrate", "--check"])  # type: ignore[arg-type]
    assert check.exit_code == 1 and "pending: core" in check.output
    assert runner.invoke(cli, ["migrate"]).exit_code == 0  # type: ignore[arg-type]
    assert runner.invoke(cli, ["migrate", "--check"]).exit_code == 0  # type: ignore[arg-type]
    demo = runner.invoke(cli, ["demo"])  # type: ignore[arg-type]
    assert demo.exit_code == 0, demo.output
    again = runner.invoke(cli, ["demo"])  # type: ignore[arg-type]
    assert again.exit_code != 0 and "empty" in again.output


@pytest.mark.asyncio
async def test_demo_data_set_is_realistic(tmp_path: Path) -> None:
    from opendui.demo import load_demo
    from opendui.runtime import Runtime

    settings = Settings.from_env({}, data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'demo.sqlite'}", mode=Mode.DEMO)
    runtime = Runtime.build(settings, get_plugin_manager(load_entrypoints=False))
    await runtime.open(migrate_schema=True)
    try:
        assert await load_demo(runtime)
        db = runtime.db
        etabs = await db.fetch("SELECT categorie_code FROM core_etablissement ORDER BY categorie_code")
        assert [e["categorie_code"] for e in etabs] == ["183", "500"]  # an IME and an EHPAD
        identities = await db.fetch("SELECT birth_name, first_birth_given_name, birth_date, status, ins_oid FROM core_identity")
        assert 35 <= len(identities) <= 45
        assert {i["ins_oid"] for i in identities} <= {None, "1.2.250.1.213.1.4.10"}
        assert {"PROV", "VALI", "QUAL"} <= {i["status"] for i in identities}
        names = [(i["birth_name"], i["first_birth_given_name"]) for i in identities]
        assert names.count(("MARTIN", "MARIE")) == 2  # homonyms
        twins = [i for i in identities if i["birth_name"] == "DIALLO"]
        assert len(twins) == 2 and twins[0]["birth_date"] == twins[1]["birth_date"]
        professions = await db.fetch("SELECT DISTINCT profession_code FROM core_professional")
        assert len(professions) >= 6
        assert (await db.fetchrow("SELECT COUNT(*) AS n FROM core_document"))["n"] >= 40  # type: ignore[index]
        assert (await db.fetchrow("SELECT COUNT(*) AS n FROM core_sejour WHERE status = 'closed'"))["n"] >= 2  # type: ignore[index]
        assert not await load_demo(runtime)  # never into a database that has usagers
    finally:
        await runtime.close()
