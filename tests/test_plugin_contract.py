"""Collisions and contract violations fail at startup, naming the plugins involved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click
import pytest
import strawberry
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from opendui.cli import build_cli
from opendui.db.registry import build_registry
from opendui.errors import StartupError
from opendui.graphql.schema import build_schema
from opendui.plugins import get_plugin_manager
from opendui.runtime import Runtime
from opendui.settings import Settings
from opendui_sdk import Permission, TypeExtension, hookimpl
from opendui_sdk.graphql import namespace
from tests.plugins import recorder

SETTINGS = Settings.from_env({}, mode="dev")


def plugin(**hooks: Any) -> object:
    """An object plugin implementing the given hooks (name -> function)."""
    namespace_dict = {name: staticmethod(hookimpl(function)) for name, function in hooks.items()}
    return type("TestPlugin", (), namespace_dict)()


@strawberry.type
class AlphaQuery:
    value: int = 1


def schema_of(*plugins: tuple[str, object]) -> strawberry.Schema:
    return build_schema(get_plugin_manager(load_entrypoints=False, plugins=list(plugins)), SETTINGS)


def test_two_plugins_with_the_same_root_field() -> None:
    # "alphaTwo" starts with plugin alpha's prefix, and is plugin alpha_two's namespace
    first = plugin(register_graphql_queries=lambda: [namespace("alpha_two", AlphaQuery)])
    second = plugin(register_graphql_queries=lambda: [namespace("alpha_two", AlphaQuery)])
    with pytest.raises(StartupError, match=r"Query\.alphaTwo is defined by both 'alpha' and 'alpha_two'"):
        schema_of(("alpha", first), ("alpha_two", second))


def test_plugin_field_colliding_with_a_core_field() -> None:
    @strawberry.type
    class Sneaky:
        usagers: int = 0

    with pytest.raises(StartupError, match=r"Query\.usagers is defined by both 'core_graphql' and 'sneaky'"):
        schema_of(("sneaky", plugin(register_graphql_queries=lambda: [Sneaky])))


def test_root_fields_must_be_the_plugin_namespace() -> None:
    with pytest.raises(StartupError, match="must be its namespace field 'beta'"):
        schema_of(("beta", plugin(register_graphql_queries=lambda: [AlphaQuery])))


@strawberry.type
class ShadowIpp:
    ipp: str = "x"


@strawberry.type
class GammaField:
    gamma_count: int = 0


def test_type_extension_cannot_shadow_a_core_field() -> None:
    with pytest.raises(StartupError, match=r"Usager\.ipp already exists in the core type"):
        schema_of(("shadow", plugin(register_type_extensions=lambda: [TypeExtension("Usager", ShadowIpp)])))


def test_type_extension_names_must_be_prefixed() -> None:
    with pytest.raises(StartupError, match="must start with 'delta'"):
        schema_of(("delta", plugin(register_type_extensions=lambda: [TypeExtension("Usager", GammaField)])))


@strawberry.type
class GammaBisField:
    gamma_bis_count: int = 0


def test_two_extensions_of_the_same_field() -> None:
    first = plugin(register_type_extensions=lambda: [TypeExtension("Usager", GammaBisField)])
    second = plugin(register_type_extensions=lambda: [TypeExtension("Identity", GammaBisField), TypeExtension("Usager", GammaBisField)])
    with pytest.raises(StartupError, match=r"Usager\.gammaBisCount is added by both 'gamma' and 'gamma_bis'"):
        schema_of(("gamma", first), ("gamma_bis", second))


def test_only_core_record_types_are_extensible() -> None:
    with pytest.raises(StartupError, match="Query is not extensible"):
        schema_of(("gamma", plugin(register_type_extensions=lambda: [TypeExtension("Query", GammaField)])))


def test_plugin_types_must_be_prefixed() -> None:
    @strawberry.type
    class Evaluation:
        score: int = 0

    with pytest.raises(StartupError, match="type Evaluation must be prefixed with Aggir"):
        schema_of(("aggir", plugin(register_graphql_types=lambda: [Evaluation])))


def test_extensions_do_not_leak_between_schemas() -> None:
    """A schema built with an extension leaves the core types untouched for the next build."""
    extended = schema_of(("recorder", recorder))
    plain = schema_of()
    assert "recorderIppLength" in extended.as_str()
    assert "recorderIppLength" not in plain.as_str()


def test_table_collision_names_both_plugins() -> None:
    pm = get_plugin_manager(load_entrypoints=False, plugins=[("clash", plugin(register_piccolo_apps=lambda: ["tests.plugins.clash_app.piccolo_app"]))])
    with pytest.raises(StartupError, match="table core_usager is defined by both 'core_tables' and 'clash'"):
        build_registry(pm, SETTINGS)


def test_plugin_tables_must_be_prefixed() -> None:
    pm = get_plugin_manager(load_entrypoints=False, plugins=[("other", plugin(register_piccolo_apps=lambda: ["tests.plugins.clash_unprefixed"]))])
    with pytest.raises(StartupError, match="table greeting must be named other_<thing>"):
        build_registry(pm, SETTINGS)


def test_command_collision() -> None:
    @click.command("serve")
    def serve() -> None:
        """Not the real one."""

    pm = get_plugin_manager(load_entrypoints=False, plugins=[("rogue", plugin(register_commands=lambda: [serve]))])
    with pytest.raises(StartupError, match="command 'serve' is registered by both 'core_commands' and 'rogue'"):
        build_cli(SETTINGS, pm)


def test_route_collision_inside_a_plugin() -> None:
    from opendui.http.app import create_app

    def endpoint(request: Any) -> PlainTextResponse:
        return PlainTextResponse("x")

    routes = plugin(register_routes=lambda: [Route("/x", endpoint), Route("/x", endpoint)])
    pm = get_plugin_manager(load_entrypoints=False, plugins=[("twice", routes)])
    with pytest.raises(StartupError, match="route GET /plugins/twice/x is registered by both 'twice' and 'twice'"):
        create_app(runtime=Runtime.build(SETTINGS.with_changes(database_url="sqlite:///:memory:"), pm))


def test_permission_collision_and_prefix() -> None:
    one = plugin(register_permissions=lambda: [Permission("core.usager.write", "again")])
    with pytest.raises(StartupError, match="permission core.usager.write is declared by both 'core_graphql' and 'one'"):
        Runtime.build(SETTINGS, get_plugin_manager(load_entrypoints=False, plugins=[("one", one)]))
    foreign = plugin(register_permissions=lambda: [Permission("other.read", "not mine")])
    with pytest.raises(StartupError, match="permission other.read must start with one."):
        Runtime.build(SETTINGS, get_plugin_manager(load_entrypoints=False, plugins=[("one", foreign)]))
    twice = plugin(register_permissions=lambda: [Permission("two.x", "a"), Permission("two.x", "b")])
    with pytest.raises(StartupError, match="permission two.x is declared by both 'two' and 'two'"):
        Runtime.build(SETTINGS, get_plugin_manager(load_entrypoints=False, plugins=[("two", twice)]))


def test_misspelled_hook_fails_check_pending() -> None:
    class Typo:
        @hookimpl
        def register_graphql_querys(self) -> Sequence[type]:
            return []

    with pytest.raises(StartupError, match="plugin 'typo' implements an unknown hook"):
        get_plugin_manager(load_entrypoints=False, plugins=[("typo", Typo())])


def test_async_registration_hook_is_refused() -> None:
    async def apps() -> list[str]:
        return []

    pm = get_plugin_manager(load_entrypoints=False, plugins=[("asyncy", plugin(register_piccolo_apps=apps))])
    with pytest.raises(StartupError, match="register_piccolo_apps must not be async"):
        build_registry(pm, SETTINGS)


def test_essential_plugins_cannot_be_blocked() -> None:
    with pytest.raises(StartupError, match="'core_graphql' is essential"):
        get_plugin_manager(load_entrypoints=False, block=["core_graphql"])


def test_blocking_a_default_plugin() -> None:
    pm = get_plugin_manager(load_entrypoints=False, block=["dev_tokens"])
    assert "dev_tokens" not in pm.plugin_names()
    assert pm.get_plugin("dev_tokens") is None


def test_allow_list_naming_a_missing_plugin() -> None:
    with pytest.raises(StartupError, match="OPENDUI_LOAD_PLUGINS names nosuchplugin, which is not installed"):
        get_plugin_manager(allow=["nosuchplugin"])


def test_two_plugins_with_one_name() -> None:
    with pytest.raises(StartupError, match="two plugins are named 'dup'"):
        get_plugin_manager(load_entrypoints=False, plugins=[("dup", plugin()), ("dup", plugin())])


def test_plugin_names_are_checked() -> None:
    with pytest.raises(StartupError, match="must be lower case"):
        get_plugin_manager(load_entrypoints=False, plugins=[("Bad-Name", plugin())])


def test_installed_entry_point_plugins_load_together() -> None:
    """Every plugin installed in this environment loads with the others: no collision anywhere."""
    pm = get_plugin_manager(load_entrypoints=True)
    runtime = Runtime.build(SETTINGS, pm)
    schema = build_schema(pm, SETTINGS)
    assert schema.as_str()
    from importlib.metadata import entry_points

    installed = {ep.name for ep in entry_points(group="opendui")}
    assert installed <= set(pm.plugin_names())
    assert set(runtime.registry.owners.values()) >= {"core_tables"}


@strawberry.type(name="EpsilonResult")
class EpsilonResultOne:
    value: int = 1


@strawberry.type(name="EpsilonResult")
class EpsilonResultTwo:
    other: int = 2


@strawberry.type
class EpsilonQuery:
    @strawberry.field
    def result(self) -> EpsilonResultOne:
        return EpsilonResultOne()


@strawberry.type
class EpsilonTwoQuery:
    @strawberry.field
    def result(self) -> EpsilonResultTwo:
        return EpsilonResultTwo()


def test_two_plugins_defining_one_type_name() -> None:
    first = plugin(register_graphql_queries=lambda: [namespace("epsilon", EpsilonQuery)])
    second = plugin(register_graphql_queries=lambda: [namespace("epsilon_two", EpsilonTwoQuery)])
    with pytest.raises(StartupError, match="GraphQL type EpsilonResult is defined by both 'epsilon' and 'epsilon_two'"):
        schema_of(("epsilon", first), ("epsilon_two", second))
