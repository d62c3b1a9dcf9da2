"""The ``exitbot`` command line (DESIGN section 4)."""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import click

from exitbot import __version__
from exitbot.config import ConfigError, Settings, load_settings
from exitbot.core.plan import QuestionPlanError, describe_plan, load_plan
from exitbot.logs import configure_logging
from exitbot.store.migrate import SchemaOutOfDate

T = TypeVar("T")


def main() -> None:
    """Entry point: turns expected failures into one clear line and exit code 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (ConfigError, QuestionPlanError, SchemaOutOfDate) as exc:
        click.echo(f"exitbot: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


def _settings(*, quiet: bool = False) -> Settings:
    """Settings plus logging; ``quiet`` keeps INFO lines out of an interactive terminal."""
    settings = load_settings()
    level = "WARNING" if quiet and settings.log_level == "INFO" else settings.log_level
    configure_logging(settings.log_format, level)
    return settings


def _run(coroutine_factory: Callable[[], Awaitable[T]]) -> T:
    async def runner() -> T:
        return await coroutine_factory()

    return asyncio.run(runner())


@click.group()
@click.version_option(__version__, prog_name="exitbot")
def cli() -> None:
    """ExitBot: exit interviews in Slack and Microsoft Teams."""


@cli.command()
@click.option("--name", help="Your name, as the interviewer should greet you.")
@click.option("--department", help="Your department, for HR's statistics.")
def chat(name: str | None, department: str | None) -> None:
    """Run an exit interview in this terminal (no credentials needed)."""
    from adapters.terminal import TerminalChat, terminal_user
    from exitbot.bootstrap import build_services
    from exitbot.engine import InterviewDetails

    settings = _settings(quiet=True)

    async def run() -> int:
        services = await build_services(settings)
        try:
            chat = TerminalChat(
                services.engine,
                terminal_user(name),
                details=InterviewDetails(department=department, invited_by="terminal"),
                stdin=sys.stdin,
                stdout=sys.stdout,
                interactive=sys.stdin.isatty(),
            )
            return await chat.run()
        finally:
            await services.close()

    sys.exit(_run(run))


@cli.command(name="eval")
@click.option("--persona", "personas", multiple=True, help="Run only this persona (repeatable).")
def eval_personas(personas: tuple[str, ...]) -> None:
    """Interview simulated employees with the configured LLM and print a table of results."""
    from exitbot.interviewers.llm.evaluation import EvaluationError, run_eval

    settings = _settings(quiet=True)
    try:
        table, passed = _run(lambda: run_eval(settings, personas))
    except EvaluationError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(table)
    sys.exit(0 if passed else 1)


@cli.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations to DATABASE_URL."""
    from exitbot.bootstrap import build_database
    from exitbot.store.migrate import current_revision, upgrade

    settings = _settings()

    async def run() -> str | None:
        database = build_database(settings)
        try:
            await upgrade(database)
            return await current_revision(database)
        finally:
            await database.dispose()

    click.echo(f"database is at revision {_run(run)}")


@cli.command()
@click.option("--dry-run", is_flag=True, help="Print the digest instead of posting it.")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 3660))
def digest(dry_run: bool, days: int) -> None:
    """Build the HR digest for the last N days and post it (or print it with --dry-run)."""
    from adapters.terminal.documents import render_document
    from exitbot.bootstrap import build_services
    from exitbot.digest import Period, digest_document
    from exitbot.engine import utc_now

    settings = _settings()

    async def run() -> tuple[bool, str]:
        services = await build_services(settings)
        try:
            if dry_run:
                built = await services.digests.build(Period.ending(utc_now(), days))
                return True, render_document(digest_document(built, settings.tz))
            from exitbot.web.app import create_app

            create_app(services)  # mounts the enabled adapters, which register their outbounds
            outcome = await services.digests.post(days=days)
            return outcome.posted, outcome.message
        finally:
            await services.close()

    ok, output = _run(run)
    click.echo(output, err=not ok)
    if not ok:
        sys.exit(1)


@cli.command()
def questions() -> None:
    """Show the question plan in use (EXITBOT_QUESTIONS or the built-in one)."""
    settings = _settings()
    click.echo(describe_plan(load_plan(settings.exitbot_questions)))


@cli.command("import-questions")
@click.argument("file", type=click.Path(path_type=Path))
def import_questions(file: Path) -> None:
    """Validate a YAML/JSON question plan and show it."""
    plan = load_plan(file)
    click.echo(describe_plan(plan))
    click.echo(f"\n{file} is valid. Set EXITBOT_QUESTIONS={file} to use it.")


@cli.group()
def token() -> None:
    """API tokens for the REST API and the dashboard."""


@token.command("create")
@click.option("--name", required=True)
@click.option(
    "--role", type=click.Choice(["hr-admin", "hr-viewer"]), default="hr-viewer", show_default=True
)
def token_create(name: str, role: str) -> None:
    """Create a token; it is shown once and only its hash is stored."""
    from exitbot.engine import utc_now
    from exitbot.store.tokens import TokenError, TokenRole, TokenService

    value = _with_database(
        lambda db: TokenService(db).create(name, TokenRole(role), utc_now()), TokenError
    )
    click.echo(value)
    click.echo(
        f"Token {name!r} ({role}) created. Store it now: it cannot be shown again.", err=True
    )


@token.command("revoke")
@click.option("--name", required=True)
def token_revoke(name: str) -> None:
    """Revoke a token by name."""
    from exitbot.engine import utc_now
    from exitbot.store.tokens import TokenError, TokenService

    _with_database(lambda db: TokenService(db).revoke(name, utc_now()), TokenError)
    click.echo(f"Token {name!r} revoked.")


@token.command("list")
def token_list() -> None:
    """List tokens (names and roles; values are never stored)."""
    from exitbot.store.tokens import TokenError, TokenService

    tokens = _with_database(lambda db: TokenService(db).list(), TokenError)
    if not tokens:
        click.echo("No tokens.")
    for info in tokens:
        state = f"revoked {info.revoked_at:%Y-%m-%d}" if info.revoked_at else "active"
        used = f"{info.last_used_at:%Y-%m-%d %H:%M}" if info.last_used_at else "never"
        click.echo(f"{info.name}\t{info.role.value}\t{state}\tlast used {used}")


def _with_database(work, error_type):  # type: ignore[no-untyped-def]
    from exitbot.bootstrap import build_database
    from exitbot.store.migrate import ensure_schema

    settings = _settings()

    async def run():  # type: ignore[no-untyped-def]
        database = build_database(settings)
        try:
            await ensure_schema(database)
            return await work(database)
        finally:
            await database.dispose()

    try:
        return _run(run)
    except error_type as exc:
        raise click.ClickException(str(exc)) from None


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), help="Default: PORT (3978).")
def serve(host: str, port: int | None) -> None:
    """Run the web app, the enabled chat adapters and the scheduler."""
    from aiohttp import web

    from exitbot.bootstrap import build_services
    from exitbot.web.app import create_app

    settings = _settings()

    async def make_app() -> web.Application:
        services = await build_services(settings)
        app = create_app(services, host=host)

        async def close_services(_app: web.Application) -> None:
            await services.close()

        app.on_cleanup.append(close_services)
        # Everything built so far lives as long as the process: keep it out of the cyclic
        # collector, whose full passes otherwise stall every in-flight request (the ack p99).
        gc.collect()
        gc.freeze()
        return app

    web.run_app(make_app(), host=host, port=port or settings.port, print=None)


@cli.command("teams-package")
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
    output: Path, developer_name: str, website_url: str, privacy_url: str, terms_url: str
) -> None:
    """Write the Teams app package (manifest + icons) for MICROSOFT_APP_ID, ready to upload."""
    from adapters.teams.package import PackageDetails, PackageError, build_package

    settings = _settings()
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
