"""Hook implementations of the hello plugin (the entry point ``hello`` points here)."""

from __future__ import annotations

from collections.abc import Sequence

from opendui_sdk import Permission, Settings, TypeExtension, hookimpl
from opendui_sdk.graphql import namespace


@hookimpl
def register_piccolo_apps(settings: Settings) -> Sequence[str]:
    return ["opendui_hello.piccolo_app"]


@hookimpl
def register_graphql_queries(settings: Settings) -> Sequence[type]:
    from opendui_hello.graphql import HelloQuery

    return [namespace("hello", HelloQuery)]


@hookimpl
def register_graphql_mutations(settings: Settings) -> Sequence[type]:
    from opendui_hello.graphql import HelloMutation

    return [namespace("hello", HelloMutation, root="Mutation")]


@hookimpl
def register_type_extensions(settings: Settings) -> Sequence[TypeExtension]:
    from opendui_hello.graphql import UsagerHelloExtension

    return [TypeExtension(target="Usager", fields=UsagerHelloExtension)]


@hookimpl
def register_permissions(settings: Settings) -> Sequence[Permission]:
    care_team = frozenset({"soignant", "medical", "educatif", "administratif", "direction"})
    return [Permission("hello.greet", "Write a greeting for a usager", care_team)]
