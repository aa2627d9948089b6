"""A test plugin implementing every hook and recording the calls it receives."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import click
import strawberry
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.dataloader import DataLoader
from strawberry.extensions import SchemaExtension

from opendui_sdk import Permission, TypeExtension, hookimpl
from opendui_sdk.graphql import OpenDUIInfo, namespace

CALLS: list[tuple[str, dict[str, Any]]] = []


def record(name: str, **kwargs: Any) -> None:
    CALLS.append((name, kwargs))


@strawberry.type
class RecorderQuery:
    @strawberry.field
    async def echo(self, info: OpenDUIInfo, text: str) -> str:
        return await info.context.loaders["recorder.upper"].load(text)


@strawberry.type
class RecorderMutation:
    @strawberry.mutation
    def ping(self) -> str:
        return "pong"


@strawberry.type
class RecorderStandalone:
    value: int


@strawberry.type
class UsagerRecorderExtension:
    @strawberry.field
    def recorder_ipp_length(self) -> int:
        return len(self.ipp)  # type: ignore[attr-defined]


class RecorderExtension(SchemaExtension):
    def on_operation(self) -> Any:
        record("schema_extension")
        yield


class HeaderMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def wrapped(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-recorder", b"1")]
            await send(message)

        await self.app(scope, receive, wrapped)


async def status(request: Request) -> JSONResponse:
    return JSONResponse({"recorder": "ok"})


@click.command("recorder-hello")
def hello_command() -> None:
    """Say hello."""
    click.echo("hello from recorder")


class MemoryStorage:
    name = "memory"

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}


@hookimpl
def register_piccolo_apps(settings: Any) -> Sequence[str]:
    record("register_piccolo_apps", settings=settings)
    return []


@hookimpl
def register_graphql_queries(settings: Any) -> Sequence[type]:
    return [namespace("recorder", RecorderQuery)]


@hookimpl
def register_graphql_mutations(settings: Any) -> Sequence[type]:
    return [namespace("recorder", RecorderMutation, root="Mutation")]


@hookimpl
def register_graphql_types(settings: Any) -> Sequence[type]:
    return [RecorderStandalone]


@hookimpl
def register_type_extensions(settings: Any) -> Sequence[TypeExtension]:
    return [TypeExtension("Usager", UsagerRecorderExtension)]


@hookimpl
def register_schema_extensions(settings: Any) -> Sequence[type]:
    return [RecorderExtension]


@hookimpl
def register_dataloaders(context: Any) -> Mapping[str, DataLoader[str, str]]:
    async def upper(keys: Sequence[str]) -> list[str]:
        record("dataloader_batch", keys=list(keys))
        return [key.upper() for key in keys]

    return {"recorder.upper": DataLoader(load_fn=upper)}


@hookimpl
def register_permissions(settings: Any) -> Sequence[Permission]:
    return [Permission("recorder.use", "Use the recorder", frozenset({"soignant"}))]


@hookimpl
def register_routes(settings: Any) -> Sequence[Route]:
    return [Route("/status", status, methods=["GET"])]


@hookimpl
def register_middleware(settings: Any) -> Sequence[Any]:
    from starlette.middleware import Middleware

    return [Middleware(HeaderMiddleware)]


@hookimpl
def register_commands(settings: Any) -> Sequence[click.Command]:
    return [hello_command]


@hookimpl
def register_storage_backends(settings: Any) -> Mapping[str, Any]:
    return {"memory": MemoryStorage()}


@hookimpl
def actor_from_request(request: Any, settings: Any) -> Any:
    record("actor_from_request", header=request.headers.get("x-recorder-actor"))
    return None


@hookimpl
async def on_startup(app: Any, settings: Any) -> None:
    record("on_startup")


@hookimpl
def on_shutdown(app: Any) -> None:
    record("on_shutdown")


@hookimpl
async def on_usager_created(usager: Any, context: Any) -> None:
    record("on_usager_created", usager=usager)


@hookimpl
def on_usager_updated(usager: Any, changes: Any, context: Any) -> None:
    record("on_usager_updated", usager=usager, changes=changes)


@hookimpl
def on_identity_status_changed(identity: Any, old_status: str, new_status: str) -> None:
    record("on_identity_status_changed", old=old_status, new=new_status)


@hookimpl
def on_sejour_opened(sejour: Any) -> None:
    record("on_sejour_opened", sejour=sejour)


@hookimpl
def on_sejour_closed(sejour: Any) -> None:
    record("on_sejour_closed", sejour=sejour)


@hookimpl
async def on_document_added(document: Any, context: Any) -> None:
    record("on_document_added", document=document)
