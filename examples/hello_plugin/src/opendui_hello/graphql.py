"""GraphQL surface of the plugin: the ``hello`` namespace and ``Usager.helloGreetingCount``."""

from __future__ import annotations

import datetime as dt
import uuid

import strawberry

from opendui_hello.tables import Greeting
from opendui_sdk import AuditAction, ValidationError
from opendui_sdk.graphql import OpenDUIInfo, parse_id


@strawberry.type(description="A greeting written for a usager.")
class HelloGreeting:
    id: strawberry.ID
    text: str
    author_label: str
    created_at: dt.datetime


async def _greetings(info: OpenDUIInfo, usager_id: uuid.UUID) -> list[HelloGreeting]:
    access = info.context.access
    await access.usagers.get(usager_id)  # scope check: NOT_FOUND for a usager the caller cannot see
    rows = await Greeting.select().where(Greeting.usager == usager_id).order_by(Greeting.created_at)
    access.audit.add(AuditAction.READ, "HelloGreeting", usager_id=usager_id)
    return [HelloGreeting(id=r["id"], text=r["text"], author_label=r["author_label"], created_at=r["created_at"]) for r in rows]


@strawberry.type
class HelloQuery:
    @strawberry.field(description="Greetings written for a usager, oldest first.")
    async def greetings(self, info: OpenDUIInfo, usager_id: strawberry.ID) -> list[HelloGreeting]:
        return await _greetings(info, parse_id(usager_id, "usagerId"))


@strawberry.type
class HelloMutation:
    @strawberry.mutation(description="Write a greeting for a usager (1 to 200 characters).")
    async def greet(self, info: OpenDUIInfo, usager_id: strawberry.ID, text: str) -> HelloGreeting:
        access = info.context.access
        usager = await access.usagers.get(parse_id(usager_id, "usagerId"))
        info.context.require("hello.greet", usager.etablissement, usager_id=usager.id)
        text = text.strip()
        if not 1 <= len(text) <= 200:
            raise ValidationError("text must have 1 to 200 characters", details={"field": "text"})
        row = Greeting(
            id=uuid.uuid4(),
            usager=usager.id,
            text=text,
            author_label=info.context.principal.label,
            created_at=dt.datetime.now(dt.timezone.utc),
        )
        async with access.write():
            await Greeting.insert(row)
            access.audit.add(AuditAction.CREATE, "HelloGreeting", usager_id=usager.id, object_id=row.id)
        return HelloGreeting(id=row.id, text=row.text, author_label=row.author_label, created_at=row.created_at)  # type: ignore[arg-type]


@strawberry.type
class UsagerHelloExtension:
    @strawberry.field(description="How many greetings the usager received (hello plugin).")
    async def hello_greeting_count(self, info: OpenDUIInfo) -> int:
        usager_id = self.id  # type: ignore[attr-defined]  # self is the core usager record
        return len(await _greetings(info, usager_id))
