"""`reportkit diagnose`: where is the fault?"""

from __future__ import annotations

from typing import Any

import click

from reportkit.cli import main
from reportkit.cli.common import config_file, global_options, is_verbose
from reportkit.cli.options import probe_options
from reportkit.cli.printing import print_sections, progress_printer


@main.command()
@click.option("--host", metavar="IP", help="Server IP address of the service.")
@click.option("--hostname", metavar="NAME", help="Server host name (checked through DNS).")
@click.option("--url", metavar="URL", help="Address of the service (HTTP status and TLS are checked).")
@probe_options
@click.option(
    "--other-connection",
    type=click.Choice(["works", "fails"]),
    help="Does the service work over another connection (e.g. a phone hotspot)?",
)
@click.option(
    "--other-devices", type=click.Choice(["works", "fails"]), help="Do other devices on this network have internet?"
)
@click.option("--offline", is_flag=True, help="Send nothing: local snapshot only.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (schema, verdict, probes, network).")
@click.option("--sequential", is_flag=True, hidden=True, help="Run probes one after another (benchmark baseline).")
@global_options
def diagnose(
    host: str | None,
    hostname: str | None,
    url: str | None,
    probe_flags: dict[str, Any],
    other_connection: str | None,
    other_devices: str | None,
    offline: bool,
    as_json: bool,
    sequential: bool,
) -> None:
    """Find where the fault lies: device, local network, ISP, DNS, cloud provider or the service."""
    import json

    from reportkit import config, options, pipeline
    from reportkit.render import render_diagnosis

    path = config.config_path(config_file())
    settings = config.load(path, required=config_file() is not None)
    overrides = options.probe_overrides(host=host, url=url, **probe_flags)
    overrides["hostname"] = hostname
    answers = {"problem.other_connection": other_connection, "problem.other_devices": other_devices}
    result = pipeline.diagnose(
        settings,
        overrides,
        answers,
        offline=offline,
        on_result=progress_printer(always=is_verbose()),
        sequential=sequential,
    )
    print_sections(result.sections, path, path.exists())
    if as_json:
        click.echo(json.dumps(pipeline.diagnosis_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(render_diagnosis(result.verdict, result.sections), nl=False)
