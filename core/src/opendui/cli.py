"""The ``opendui`` command line.

Core commands come from the ``core_commands`` default plugin through the same
:func:`~opendui.hookspecs.register_commands` hook plugins use; a command name used twice is a
startup error naming both plugins.
"""

from __future__ import annotations

import sys

import click

from opendui.__about__ import __version__
from opendui.errors import StartupError
from opendui.plugins import PluginManager, call_each, get_plugin_manager
from opendui.settings import Settings


def build_cli(settings: Settings, pm: PluginManager) -> click.Group:
    """The command group for this configuration and plugin set."""

    @click.group(context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(__version__, prog_name="opendui")
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        """OpenDUI: the Dossier Usager Informatisé platform."""
        ctx.obj = {"settings": settings, "pm": pm}

    owners: dict[str, str] = {}
    for contribution in call_each(pm, "register_commands", settings=settings):
        command = contribution.item
        if not isinstance(command, click.Command) or not command.name:
            raise StartupError(f"plugin {contribution.plugin!r}: register_commands must return named click commands")
        if command.name in owners:
            raise StartupError(
                f"command {command.name!r} is registered by both {owners[command.name]!r} and {contribution.plugin!r}"
            )
        owners[command.name] = contribution.plugin
        cli.add_command(command)
    return cli


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``opendui`` console script."""
    try:
        settings = Settings.from_env()
        pm = get_plugin_manager(
            allow=settings.load_plugins, block=settings.disable_plugins, trace=settings.trace_plugins
        )
        cli = build_cli(settings, pm)
    except StartupError as error:
        click.echo(f"opendui: {error}", err=True)
        sys.exit(2)
    cli.main(args=argv, prog_name="opendui")


if __name__ == "__main__":  # pragma: no cover
    main()
