"""`reportkit config`: show, get, set, unset and find the remembered settings."""

from __future__ import annotations

import click

from reportkit.cli import main
from reportkit.cli.common import config_file, global_options, say
from reportkit.i18n import _


class KeysHelp(click.Command):
    """A command whose --help ends with every config key by section (read from the schema only when asked)."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from reportkit import config

        super().format_epilog(ctx, formatter)
        with formatter.section(_("Keys")):
            formatter.write_dl([(f"[{s}]", ", ".join(names)) for s, names in config.SCHEMA.items()])


@main.group(name="config")
@global_options
def config_group() -> None:
    """Show or change the remembered settings (reporter, service, ISP, cloud, probes)."""


@config_group.command("show")
@global_options
def config_show() -> None:
    """Print the config file as it is written, and where it is; a value a run cannot use is named (exit 1)."""
    from reportkit import config

    path = config.config_path(config_file())
    text = config.read_text(path)
    if text is None:
        click.echo(
            "# " + _("no settings yet; {path} will be created by `reportkit config set KEY VALUE`").format(path=path)
        )
        return
    click.echo(f"# {path}")
    click.echo(text, nl=not text.endswith("\n"))
    config.load(path)  # raises the one-line error if a run would refuse this file


@config_group.command("get", cls=KeysHelp)
@click.argument("key")
@global_options
def config_get(key: str) -> None:
    """Print the stored value of KEY (lists comma-separated, as `config set` takes them); exit 1 if not set."""
    from reportkit import config
    from reportkit.errors import ConfigError

    path = config.config_path(config_file())
    section, name = config.resolve_key(key)
    value = config.get(config.load(path), f"{section}.{name}")
    if value is None:
        raise ConfigError(
            _("{key} is not set in {path}; set it with `reportkit config set {key} VALUE`").format(
                key=f"{section}.{name}", path=path
            )
        )
    click.echo(config.as_text(value))


@config_group.command("set", cls=KeysHelp, context_settings={"ignore_unknown_options": True})  # VALUE may be -1
@click.argument("key")
@click.argument("value")
@global_options
def config_set(key: str, value: str) -> None:
    """Set KEY (e.g. reporter.email) to VALUE, checked as a run checks it; lists are comma-separated.

    Comments, order and layout of the file are kept."""
    from reportkit import config

    path = config.config_path(config_file())
    stored = config.set_value(path, key, value)
    section, name = config.resolve_key(key)
    click.echo(
        _("{key} = {value}  (saved in {path})").format(
            key=f"{section}.{name}", value=config.format_value(stored), path=path
        )
    )


@config_group.command("unset", cls=KeysHelp)
@click.argument("key")
@global_options
def config_unset(key: str) -> None:
    """Remove KEY from the config file, keeping everything else.

    A key that is not set is not an error: it is said on stderr and the exit code is 0, so scripts can unset
    safely. An unknown key is refused (exit 2), unless the file holds it (that is how a typo in the file goes)."""
    from reportkit import config

    path = config.config_path(config_file())
    if config.unset_value(path, key):
        click.echo(_("{key} removed  (from {path})").format(key=key.strip(), path=path))
    else:
        say("reportkit: " + _("{key} is not set in {path}; nothing to remove").format(key=key.strip(), path=path))


@config_group.command("path")
@global_options
def config_path_cmd() -> None:
    """Print where the config file is."""
    from reportkit import config

    click.echo(str(config.config_path(config_file())))
