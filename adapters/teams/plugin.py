"""Teams' entry in ExitBot's platform registry (entry point ``exitbot.platforms: teams``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from adapters.teams.package import PackageDetails, PackageError, build_package
from exitbot import __version__
from exitbot.core.messages import Platform
from exitbot.delivery.platforms import PlatformDeps, PlatformPlugin

if TYPE_CHECKING:
    from adapters.teams.adapter import TeamsAdapter, TeamsOptions


@dataclass(frozen=True, slots=True)
class TeamsPlugin:
    """The Bot Framework SDK takes a second to import, so it is imported only when Teams is
    enabled: every command (``token``, ``outbox``…) lists the plugins, few need Teams."""

    options: TeamsOptions | None = None
    platform: Platform = Platform.TEAMS

    def create(self, deps: PlatformDeps) -> TeamsAdapter | None:
        """The adapter when MICROSOFT_APP_ID is set (or TEAMS_EMULATOR=true on loopback)."""
        if not deps.settings.teams_enabled:
            return None
        from adapters.teams.adapter import TeamsAdapter, TeamsOptions

        return TeamsAdapter(deps, self.options or TeamsOptions())

    def commands(self) -> Sequence[click.Command]:
        return [teams_package]


@click.command("teams-package")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("exitbot-teams.zip"),
    show_default=True,
)
@click.option("--developer-name", default="ExitBot", show_default=True)
@click.option("--website-url", default="https://github.com/exitbot/exitbot", show_default=True)
@click.option("--privacy-url", default="https://github.com/exitbot/exitbot#privacy")
@click.option("--terms-url", default="https://github.com/exitbot/exitbot#license")
def teams_package(
    output: Path,
    developer_name: str,
    website_url: str,
    privacy_url: str,
    terms_url: str,
) -> None:
    """Write the Teams app package (manifest + icons) for MICROSOFT_APP_ID, ready to upload."""
    from exitbot.cli import command_settings

    settings = command_settings()
    details = PackageDetails(
        app_id=settings.microsoft_app_id or "",
        version=__version__,
        developer_name=developer_name,
        website_url=website_url,
        privacy_url=privacy_url,
        terms_url=terms_url,
    )
    try:
        output.write_bytes(build_package(details))
    except PackageError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {output}: upload it in Teams (Apps > Manage your apps > Upload an app).")


plugin: PlatformPlugin = TeamsPlugin()
