"""Default plugin ``core_commands``: serve, migrate, plugins, schema, token, demo, audit."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import click

from opendui.markers import hookimpl
from opendui.settings import Mode, Settings, record_instance_mode


def _runtime(ctx: click.Context, settings: Settings | None = None) -> Any:
    from opendui.runtime import Runtime

    return Runtime.build(settings or ctx.obj["settings"], ctx.obj["pm"])


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--demo", is_flag=True, help="Demo mode: migrate, load the demo data set if empty, GraphiQL on.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, demo: bool) -> None:
    """Run the web application (GraphQL at /graphql)."""
    import uvicorn

    from opendui.http.app import create_app

    settings: Settings = ctx.obj["settings"]
    if demo:
        settings = settings.with_changes(mode=Mode.DEMO)
        record_instance_mode(settings.data_dir, Mode.DEMO)
        runtime = _runtime(ctx, settings)
        asyncio.run(_prepare_demo(runtime))
    else:
        runtime = _runtime(ctx, settings)
    app = create_app(runtime=runtime)
    click.echo(f"OpenDUI {settings.mode.value} on http://{host}:{port}/graphql ({settings.engine_kind})")
    if settings.dev_features:
        click.echo("Get a token with:  opendui token   (then send 'Authorization: Bearer <token>')")
    uvicorn.run(app, host=host, port=port, log_level="info")


async def _prepare_demo(runtime: Any) -> None:
    from opendui.demo import load_demo

    await runtime.open(migrate_schema=True)
    try:
        if await load_demo(runtime, only_if_empty=True):
            click.echo("Loaded the demo data set.")
    finally:
        await runtime.close()


@click.command()
@click.option("--check", is_flag=True, help="Only list pending migrations; exit 1 if there are any.")
@click.pass_context
def migrate(ctx: click.Context, check: bool) -> None:
    """Apply the migrations of the core and of every plugin."""
    from rich.progress import Progress

    from opendui.db.migrations import migrate as run_migrations

    runtime = _runtime(ctx)

    async def run() -> int:
        await runtime.open()
        try:
            pending = await runtime.pending()
            if check:
                for item in pending:
                    click.echo(f"pending: {item.app_name} {item.migration_id}")
                return 1 if pending else 0
            with Progress(transient=True) as progress:
                task = progress.add_task("Migrating", total=len(pending))
                await run_migrations(runtime.registry, lambda _item: progress.advance(task))
            click.echo(f"{len(pending)} migration(s) applied.")
            return 0
        finally:
            await runtime.close()

    ctx.exit(asyncio.run(run()))


@click.group()
def plugins() -> None:
    """Inspect plugins."""


@plugins.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def plugins_list(ctx: click.Context, as_json: bool) -> None:
    """Name, version, hooks, tables and GraphQL fields of each loaded plugin."""
    from opendui.introspection import describe_plugins

    runtime = _runtime(ctx)
    infos = describe_plugins(runtime)
    if as_json:
        click.echo(json.dumps([info.__dict__ for info in infos], indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("plugin", "version", "hooks", "tables", "GraphQL fields")
    for info in infos:
        table.add_row(
            info.name + (" (built-in)" if info.builtin else ""),
            info.version,
            "\n".join(info.hooks),
            "\n".join(info.tables),
            "\n".join(info.graphql_fields),
        )
    Console().print(table)


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@click.pass_context
def schema(ctx: click.Context, output: str | None) -> None:
    """Print the GraphQL schema (SDL) for the loaded plugins."""
    from opendui.graphql.schema import print_schema

    sdl = print_schema(ctx.obj["pm"], ctx.obj["settings"])
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(sdl)
    else:
        click.echo(sdl, nl=False)


@click.command()
@click.option("--demo-user", default=None, help="Login of the professional (default: the demo EHPAD's nurse).")
@click.option("--ttl", default=12 * 3600, show_default=True, help="Lifetime in seconds.")
@click.pass_context
def token(ctx: click.Context, demo_user: str | None, ttl: int) -> None:
    """Print a signed development token (dev and demo modes only)."""
    from opendui.builtin.dev_tokens import mint
    from opendui.demo import DEFAULT_DEMO_LOGIN
    from opendui.errors import ForbiddenError

    settings: Settings = ctx.obj["settings"]
    try:
        click.echo(mint(settings, demo_user or DEFAULT_DEMO_LOGIN, ttl))
    except ForbiddenError as error:
        raise click.ClickException(f"{error} (set OPENDUI_MODE=dev, or run 'opendui serve --demo' first)") from error


@click.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Load the demo data set into an empty database (migrates first)."""
    from opendui.demo import load_demo

    runtime = _runtime(ctx)

    async def run() -> bool:
        await runtime.open(migrate_schema=True)
        try:
            return await load_demo(runtime, only_if_empty=True, progress=True)
        finally:
            await runtime.close()

    if not asyncio.run(run()):
        raise click.ClickException("the database already holds usagers; the demo loads only into an empty one")
    click.echo("Demo data loaded.")


@click.group()
def audit() -> None:
    """Verify, purge and export the hash-chained audit trail."""


@audit.command("verify")
@click.pass_context
def audit_verify(ctx: click.Context) -> None:
    """Walk the chain from the latest checkpoint; exit 1 at the first broken link."""
    from rich.progress import Progress

    from opendui.access import audit_chain

    runtime = _runtime(ctx)

    async def run() -> audit_chain.VerifyResult:
        await runtime.open()
        try:
            total = await audit_chain.count_to_verify(runtime.db)
            with Progress(transient=True) as progress:
                task = progress.add_task("Verifying", total=total)
                return await audit_chain.verify(runtime.db, progress=lambda n: progress.advance(task, n))
        finally:
            await runtime.close()

    result = asyncio.run(run())
    if result.checkpoint is not None:
        last = result.checkpoint.last_entry_id
        click.echo(f"from checkpoint {result.checkpoint.id} (entries up to id {last} purged)")
    if result.broken is not None:
        broken = result.broken
        click.echo(f"BROKEN: {broken.kind} entry {broken.entry_id}: {broken.message}", err=True)
        ctx.exit(1)
    click.echo(f"intact: {result.checked} entries, head id {result.head_id} hash {result.head_hash}")


@audit.command("purge")
@click.option(
    "--before", type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), default=None,
    help="Purge entries older than this date (UTC). Default: OPENDUI_AUDIT_RETENTION_DAYS ago.",
)
@click.pass_context
def audit_purge(ctx: click.Context, before: dt.datetime | None) -> None:
    """Delete old entries and leave a checkpoint so the chain stays verifiable."""
    from opendui.access import audit_chain

    settings: Settings = ctx.obj["settings"]
    if before is None:
        cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=settings.audit_retention_days)
        reason = f"retention {settings.audit_retention_days} days"
    else:
        cutoff = before.replace(tzinfo=dt.timezone.utc)
        reason = f"purge before {cutoff.isoformat()}"
    runtime = _runtime(ctx)

    async def run() -> audit_chain.PurgeResult:
        await runtime.open()
        try:
            return await audit_chain.purge(runtime.db, cutoff, reason=reason)
        finally:
            await runtime.close()

    try:
        result = asyncio.run(run())
    except audit_chain.ChainBrokenError as error:
        raise click.ClickException(f"the chain is broken, nothing purged: {error}") from error
    if result.checkpoint is None:
        click.echo("nothing to purge")
        return
    click.echo(
        f"{result.purged} entries purged; checkpoint {result.checkpoint.id} at entry "
        f"{result.checkpoint.last_entry_id} ({result.checkpoint.last_hash})"
    )


@audit.command("export")
@click.option("--usager", "usager", default=None, help="Id of the usager whose trail to export.")
@click.option("--all", "export_all", is_flag=True, help="Export the whole trail.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@click.pass_context
def audit_export(ctx: click.Context, usager: str | None, export_all: bool, output: str | None) -> None:
    """Write audit entries as NDJSON (one JSON object per line), for the DPO.

    The export is itself audited (action EXPORT, object type AuditTrail).
    """
    import sys
    import uuid

    from opendui.access import audit_chain
    from opendui.access.audit import AuditAction

    if (usager is None) == (not export_all):
        raise click.UsageError("give exactly one of --usager ID or --all")
    try:
        usager_id = uuid.UUID(usager) if usager else None
    except ValueError as error:
        raise click.BadParameter("not a usager id", param_hint="--usager") from error
    runtime = _runtime(ctx)

    async def run() -> int:
        await runtime.open()
        try:
            context = runtime.system_context("audit export")
            handle = open(output, "w", encoding="utf-8") if output else sys.stdout
            try:
                count = await audit_chain.export(runtime.db, handle, usager_id=usager_id)
            finally:
                if output:
                    handle.close()
            context.access.audit.add(
                AuditAction.EXPORT, "AuditTrail", usager_id=usager_id, details={"entries": count}
            )
            await context.access.finish()
            return count
        finally:
            await runtime.close()

    count = asyncio.run(run())
    if output:
        click.echo(f"{count} entries written to {output}")


@hookimpl
def register_commands(settings: Settings) -> Sequence[click.Command]:
    """The core commands."""
    return [serve, migrate, plugins, schema, token, demo, audit]
