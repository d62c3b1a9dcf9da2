"""The ``exitbot`` command line (DESIGN section 4); platforms add their own subcommands
(``chat`` from the terminal, ``teams-package`` from Teams) through their plugins."""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

import click

from exitbot import __version__
from exitbot.config import ConfigError, Settings, load_settings
from exitbot.core.messages import Platform, UserRef
from exitbot.core.outgoing import DeliveryStatus, OutboxEntry
from exitbot.core.plan import QuestionPlanError, describe_plan, load_plan
from exitbot.logs import configure_logging
from exitbot.store.migrate import SchemaOutOfDate
from exitbot.store.reachability import DatabaseUnavailable

if TYPE_CHECKING:
    from exitbot.bootstrap import ExitBot

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
    except (ConfigError, QuestionPlanError, SchemaOutOfDate, DatabaseUnavailable) as exc:
        click.echo(f"exitbot: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


def command_settings(*, quiet: bool = False, stream: TextIO | None = None) -> Settings:
    """Settings plus logging (to ``stream``, stderr by default); ``quiet`` keeps INFO lines
    out of an interactive terminal."""
    settings = load_settings()
    level = "WARNING" if quiet and settings.log_level == "INFO" else settings.log_level
    configure_logging(settings.log_format, level, stream=stream)
    return settings


def run_with_exitbot(
    work: Callable[[ExitBot], Awaitable[T]], *, quiet: bool = False, **overrides: object
) -> T:
    """``work`` on a bootstrapped ExitBot, closed afterwards."""
    from exitbot.bootstrap import bootstrap

    settings = command_settings(quiet=quiet)

    async def run() -> T:
        bot = await bootstrap(settings, **overrides)  # type: ignore[arg-type]
        try:
            return await work(bot)
        finally:
            await bot.close()

    return asyncio.run(run())


class WithPlatformCommands(click.Group):
    """The group plus the subcommands the installed platform plugins bring."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_platform_commands()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or _platform_commands().get(cmd_name)


def _platform_commands() -> dict[str, click.Command]:
    from exitbot.delivery.platforms import installed_plugins

    commands: dict[str, click.Command] = {}
    for plugin in installed_plugins():
        for command in plugin.commands():
            if command.name:
                commands[command.name] = command
    return commands


@click.group(cls=WithPlatformCommands)
@click.version_option(__version__, prog_name="exitbot")
def cli() -> None:
    """ExitBot: exit interviews in Slack and Microsoft Teams."""


@cli.command()
@click.option("--host", default="0.0.0.0", show_default=True)  # nosec B104 - a server's job
@click.option("--port", type=click.IntRange(1, 65535), help="Default: PORT (3978).")
def serve(host: str, port: int | None) -> None:
    """Run the web app, the enabled chat adapters and the scheduler."""
    from aiohttp import web

    from exitbot.bootstrap import bootstrap
    from exitbot.web.app import create_app
    from exitbot.web.request_log import AccessLogger
    from exitbot.web.startup import startup_summary

    # A server has no chat on stdout: its log goes there, as containers expect.
    settings = command_settings(stream=sys.stdout)

    async def make_app() -> web.Application:
        bot = await bootstrap(settings, host=host, wait_for_database=settings.database_wait_seconds)
        app = create_app(bot)
        summary = startup_summary(bot, host, port or settings.port)

        async def announce(_app: web.Application) -> None:
            summary.log()

        app.on_startup.append(announce)
        # Everything built so far lives as long as the process: keep it out of the cyclic
        # collector, whose full passes otherwise stall every in-flight request (the ack p99).
        gc.collect()
        gc.freeze()
        return app

    web.run_app(
        make_app(),
        host=host,
        port=port or settings.port,
        print=None,
        access_log_class=AccessLogger,
    )


@cli.command(name="eval")
@click.option("--persona", "personas", multiple=True, help="Run only this persona (repeatable).")
@click.option(
    "--reports",
    is_flag=True,
    help="Instead of the personas, score the model's reports on the labelled interviews.",
)
def eval_personas(personas: tuple[str, ...], reports: bool) -> None:
    """Interview simulated employees with the configured LLM and print a table of results;
    fails when the LLM cannot be reached."""
    from exitbot.interviewers.llm.evaluation import EvaluationError, run_eval, run_report_eval

    if reports and personas:
        raise click.UsageError("--reports runs the labelled interviews, not personas")
    settings = command_settings(quiet=True)
    try:
        run = run_report_eval(settings) if reports else run_eval(settings, personas)
        table, passed = asyncio.run(run)
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
    from exitbot.store.reachability import check

    settings = command_settings()

    async def run() -> str | None:
        database = build_database(settings)
        try:
            await check(database)
            await upgrade(database)
            return await current_revision(database)
        finally:
            await database.dispose()

    click.echo(f"database is at revision {asyncio.run(run())}")


@cli.command()
@click.option("--dry-run", is_flag=True, help="Print the digest instead of posting it.")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 3660))
def digest(dry_run: bool, days: int) -> None:
    """Build the HR digest for the last N days and post it (or print it with --dry-run)."""

    async def run(bot: ExitBot) -> tuple[bool, str]:
        if dry_run:
            terminal = bot.platforms[Platform.TERMINAL].sender
            await terminal.send(UserRef(Platform.TERMINAL, "you"), await bot.digests.document(days))
            return True, ""
        outcome = await bot.digests.post(days=days)
        return outcome.posted, outcome.message

    ok, output = run_with_exitbot(run, terminal=sys.stdout)
    if output:
        click.echo(output, err=not ok)
    if not ok:
        sys.exit(1)


@cli.command()
def questions() -> None:
    """Show the question plan new interviews follow: the last one stored through the API
    (PUT /api/question-plan), else EXITBOT_QUESTIONS, else the built-in one."""

    async def run(bot: ExitBot) -> str:
        stored = await bot.interviews.plans.newest()
        if stored is None:
            path = bot.settings.exitbot_questions
            where = f"from EXITBOT_QUESTIONS ({path})" if path else "built in"
            return f"{describe_plan(bot.plan)}\n\nThis plan is {where}."
        return (
            f"{describe_plan(stored.plan)}\n\nStored through the API as version "
            f"{stored.version} by {stored.created_by or 'unknown'} on "
            f"{stored.created_at:%Y-%m-%d %H:%M} UTC; it takes precedence over "
            "EXITBOT_QUESTIONS."
        )

    click.echo(run_with_exitbot(run, plugins=[]))


@cli.command("import-questions")
@click.argument("file", type=click.Path(path_type=Path))
def import_questions(file: Path) -> None:
    """Validate a YAML/JSON question plan and show it."""
    plan = load_plan(file)
    click.echo(describe_plan(plan))
    click.echo(
        f"\n{file} is valid. Set EXITBOT_QUESTIONS={file} to use it, or send it to "
        "PUT /api/question-plan (a plan stored there takes precedence over the file)."
    )


@cli.command("rotate-key")
def rotate_key() -> None:
    """Re-encrypt stored text with the first key of EXITBOT_ENCRYPTION_KEY (newest first)."""
    from exitbot.bootstrap import build_database
    from exitbot.store.key_rotation import rotate_stored_text
    from exitbot.store.migrate import ensure_schema
    from exitbot.store.reachability import check

    settings = command_settings()
    if settings.exitbot_encryption_key is None:
        raise click.ClickException(
            "EXITBOT_ENCRYPTION_KEY is not set: put the new key first, then the old ones"
        )

    async def run() -> str:
        database = build_database(settings)
        try:
            await check(database)
            await ensure_schema(database)
            result = await rotate_stored_text(database)
        finally:
            await database.dispose()
        line = (
            f"Re-encrypted {result.messages} messages and {result.outbox} outgoing messages "
            "with the first key."
        )
        if result.unreadable:
            line += (
                f" {result.unreadable} values could not be read with any listed key and were "
                "left as they are."
            )
        return line

    click.echo(asyncio.run(run()))


@cli.command()
@click.option("--failed", is_flag=True, help="Show messages that were given up instead.")
@click.option("--retry", "retry_id", type=int, help="Try the message with this id again now.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
def outbox(failed: bool, retry_id: int | None, limit: int) -> None:
    """Outgoing messages not yet delivered (or given up), and a retry."""

    async def run(bot: ExitBot) -> str:
        now = bot.clock.now()
        if retry_id is not None:
            give_up_at = now + timedelta(hours=bot.settings.outbox_give_up_hours)
            if not await bot.outbox_store.retry(retry_id, now, give_up_at):
                raise click.ClickException(
                    f"there is no undelivered message {retry_id} (see `exitbot outbox --failed`)"
                )
            return f"Message {retry_id} will be sent again by the next running `exitbot serve`."
        entries = await bot.outbox_store.undelivered(failed=failed, limit=limit)
        if not entries:
            return "No failed messages." if failed else "Nothing waiting to be sent."
        header = "id\tpurpose\tplatform\tattempts\twritten\tnext attempt\tlast error"
        return "\n".join([header, *(_outbox_line(entry) for entry in entries)])

    click.echo(run_with_exitbot(run))


@cli.command()
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
def inbox(limit: int) -> None:
    """Incoming events set aside after their turn failed on every attempt, with the error."""

    async def run(bot: ExitBot) -> str:
        events = await bot.pipeline.set_aside(limit)
        if not events:
            return "No events set aside."
        header = "id\tplatform\treceived\tattempts\tlast error"
        lines = [
            "\t".join(
                [
                    str(event.id),
                    event.platform,
                    f"{event.received_at:%Y-%m-%d %H:%M:%S}",
                    str(event.attempts),
                    event.error or "",
                ]
            )
            for event in events
        ]
        return "\n".join([header, *lines])

    click.echo(run_with_exitbot(run))


def _outbox_line(entry: OutboxEntry) -> str:
    message = entry.message
    upcoming = (
        f"{entry.next_attempt_at:%Y-%m-%d %H:%M:%S}"
        if entry.next_attempt_at and entry.status is DeliveryStatus.PENDING
        else "-"
    )
    return "\t".join(
        [
            str(entry.id),
            message.purpose.value,
            message.platform.value,
            str(entry.attempts),
            f"{entry.created_at:%Y-%m-%d %H:%M}",
            upcoming,
            entry.last_error or "",
        ]
    )


@cli.group()
def token() -> None:
    """API tokens for the REST API and the dashboard."""


@token.command("create")
@click.option("--name", required=True)
@click.option(
    "--role", type=click.Choice(["hr-admin", "hr-viewer"]), default="hr-viewer", show_default=True
)
@click.option(
    "--expires-days",
    type=click.IntRange(1, 3650),
    default=None,
    help="The token stops working after this many days (default: never).",
)
def token_create(name: str, role: str, expires_days: int | None) -> None:
    """Create a token; it is shown once and only its hash is stored."""
    from exitbot.store.tokens import TokenError, TokenRole

    async def run(bot: ExitBot) -> str:
        try:
            return await bot.tokens.create(
                name, TokenRole(role), bot.clock.now(), expires_days=expires_days
            )
        except TokenError as exc:
            raise click.ClickException(str(exc)) from None

    click.echo(run_with_exitbot(run))
    until = f", expires in {expires_days} days" if expires_days else ""
    click.echo(
        f"Token {name!r} ({role}{until}) created. Store it now: it cannot be shown again.",
        err=True,
    )


@token.command("revoke")
@click.option("--name", required=True)
def token_revoke(name: str) -> None:
    """Revoke a token by name."""
    from exitbot.store.tokens import TokenError

    async def run(bot: ExitBot) -> None:
        try:
            await bot.tokens.revoke(name, bot.clock.now())
        except TokenError as exc:
            raise click.ClickException(str(exc)) from None

    run_with_exitbot(run)
    click.echo(f"Token {name!r} revoked.")


@token.command("list")
def token_list() -> None:
    """List tokens (names and roles; values are never stored)."""

    async def run(bot: ExitBot) -> list[str]:
        lines = []
        for info in await bot.tokens.list():
            if info.revoked_at:
                state = f"revoked {info.revoked_at:%Y-%m-%d}"
            elif info.expires_at and info.expires_at <= bot.clock.now():
                state = f"expired {info.expires_at:%Y-%m-%d}"
            elif info.expires_at:
                state = f"active until {info.expires_at:%Y-%m-%d}"
            else:
                state = "active"
            used = f"{info.last_used_at:%Y-%m-%d %H:%M}" if info.last_used_at else "never"
            lines.append(f"{info.name}\t{info.role.value}\t{state}\tlast used {used}")
        return lines

    lines = run_with_exitbot(run)
    click.echo("\n".join(lines) if lines else "No tokens.")


@cli.command()
@click.option("--postman", is_flag=True, help="Print a Postman collection (v2.1) instead.")
def openapi(postman: bool) -> None:
    """Print the REST API's OpenAPI 3.1 document as JSON.

    Built from the route declarations alone: needs no database and no credentials."""
    import json

    from exitbot.web.api import ENDPOINTS
    from exitbot.web.api.openapi import openapi_document
    from exitbot.web.api.postman import postman_collection

    document = openapi_document(ENDPOINTS)
    output = postman_collection(document) if postman else document
    click.echo(json.dumps(output, indent=2, ensure_ascii=False))
