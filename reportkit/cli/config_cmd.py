"""`reportkit config`: show, set and find the remembered settings."""

from __future__ import annotations

import click

from reportkit.cli import main
from reportkit.cli.common import config_file, global_options


@main.group(name="config")
@global_options
def config_group() -> None:
    """Show or change the remembered settings (reporter, service, ISP, cloud, probes)."""


@config_group.command("show")
@global_options
def config_show() -> None:
    """Print the config file and where it is."""
    from reportkit import config

    path = config.config_path(config_file())
    data = config.load(path)
    if not data:
        click.echo(f"# no settings yet; {path} will be created by `reportkit config set KEY VALUE`")
        return
    click.echo(f"# {path}")
    click.echo(config.dumps(data), nl=False)


@config_group.command("set")
@click.argument("key")
@click.argument("value")
@global_options
def config_set(key: str, value: str) -> None:
    """Set KEY (e.g. reporter.email) to VALUE; lists are comma-separated."""
    from reportkit import config

    path = config.config_path(config_file())
    stored = config.set_value(path, key, value)
    click.echo(f"{key} = {config.format_value(stored)}  (saved in {path})")


@config_group.command("path")
@global_options
def config_path_cmd() -> None:
    """Print where the config file is."""
    from reportkit import config

    click.echo(str(config.config_path(config_file())))
