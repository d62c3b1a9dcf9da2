"""``exitbot serve`` and the other commands as a new user meets them: one start-up line that
says what runs, one line per bad setting or unreachable database (never a traceback), a
server that waits for a database that comes up late, and with ``LOG_FORMAT=json`` nothing
on stdout but JSON lines that hold no employee's name, email or words."""

from __future__ import annotations

import asyncio
import json
import os
from contextlib import suppress

import aiohttp
import pytest

from exitbot.config import ConfigError, load_settings
from tests.cli_runner import run
from tests.fakes.slack_api import BOT_TOKEN, FakeSlackApi, dm_channel_for
from tests.serving import free_port, serving
from tests.slack.harness import EMPLOYEE, SIGNING_SECRET, dm_event_body, sign
from tests.support import GOOD_ANSWERS


def base_env(database_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "GROQ_", "OLLAMA_", "MICROSOFT_", "HR_", "TEAMS_"))
    }
    return env | {"DATABASE_URL": database_url, "LLM_PROVIDERS": ""}


def sqlite_only(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("a whole served interview is the same on both databases; SQLite suffices")


async def test_json_logs_through_a_whole_slack_interview_hold_nothing_personal(
    database_url: str,
) -> None:
    sqlite_only(database_url)
    async with FakeSlackApi() as slack:
        env = base_env(database_url) | {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.base_url,
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "DEBUG",
        }
        dm = dm_channel_for(EMPLOYEE)
        answers = list(GOOD_ANSWERS.values())
        async with serving(env) as served, aiohttp.ClientSession() as session:

            async def say(text: str, replies: int) -> None:
                body = json.dumps(dm_event_body(EMPLOYEE, text))
                headers = {"Content-Type": "application/json", **sign(body)}
                async with session.post(f"{served.url}/slack/events", data=body, headers=headers):
                    pass
                await slack.wait_until(lambda: len(slack.channel_messages(dm)) >= replies, 30)

            await say("hi", 1)
            await say("yes", 3)
            for number, answer in enumerate(answers):
                await say(answer, 4 + number)
            await say("yes", 4 + len(answers))
            summary = await served.wait_for_line('"exitbot_serving"')

    assert '"slack (http /slack/events)"' in summary
    assert "sqlite:///" in summary and '"scripted"' in summary
    assert served.lines, "the server logged"
    for line in served.lines:
        record = json.loads(line)  # every line is one JSON object
        assert {"event", "level", "timestamp"} <= record.keys(), line
        for private in ("Dana", "dana@corp.test", EMPLOYEE, *answers):
            assert private not in line, (private, line)
    events = {json.loads(line)["event"] for line in served.lines}
    assert "http_request" in events, "the access log is JSON too"


async def test_serve_waits_for_a_database_that_comes_up_late(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("an SQLite file needs no waiting for")
    port = free_port()
    late_url = database_url.replace("127.0.0.1:5432", f"127.0.0.1:{port}")
    assert late_url != database_url

    async def forward(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", 5432)

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with suppress(ConnectionError):
                while chunk := await src.read(65536):
                    dst.write(chunk)
                    await dst.drain()
            dst.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    env = base_env(late_url) | {"DATABASE_WAIT_SECONDS": "60", "EXITBOT_MIGRATE_ON_START": "true"}
    async with serving(env, wait_healthy=False) as served:
        await served.wait_for_line("database_waiting")
        proxy = await asyncio.start_server(forward, "127.0.0.1", port)
        async with proxy:
            line = await served.wait_for_line("exitbot_serving")
            await served.wait_until_answering()
            assert f"127.0.0.1:{port}" in line and "postgres@" not in line
            async with (
                aiohttp.ClientSession() as session,
                session.get(f"{served.url}/readyz") as response,
            ):
                assert response.status == 200
    waits = [line for line in served.lines if "database_waiting" in line]
    assert waits and "connection refused" in waits[0]
    assert not any("Traceback" in line for line in served.lines)


@pytest.mark.parametrize(
    "command", [["db", "upgrade"], ["digest", "--dry-run"], ["chat"], ["serve"]]
)
def test_an_unreachable_database_is_one_line_for_every_command(
    command: list[str], tmp_path: object
) -> None:
    env = base_env(f"postgresql+asyncpg://exitbot:secret@127.0.0.1:{free_port()}/exitbot") | {
        "DATABASE_WAIT_SECONDS": "1"
    }
    done = run(command, env, stdin="", timeout=60)
    assert done.returncode == 2, (done.stdout, done.stderr)
    output = (done.stdout + done.stderr).strip().splitlines()
    port = env["DATABASE_URL"].rsplit(":", 1)[1].split("/")[0]
    problems = [line for line in output if "DATABASE_URL" in line]
    expected = f"exitbot: DATABASE_URL: nothing answers at 127.0.0.1:{port} (connection refused)"
    assert problems[-1] == expected, output
    assert not any("Traceback" in line for line in output)
    assert "secret" not in done.stdout + done.stderr


def test_a_missing_postgres_database_is_named(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL only")
    url = database_url.rsplit("/", 1)[0] + "/exitbot_no_such_database"
    done = run(["db", "upgrade"], base_env(url))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "exitbot: DATABASE_URL: database 'exitbot_no_such_database' does not exist on "
        "127.0.0.1:5432; create it (createdb exitbot_no_such_database) or fix the name"
    )


@pytest.mark.parametrize(
    ("settings", "variable"),
    [
        (
            {"MICROSOFT_APP_ID": "app", "MICROSOFT_APP_TYPE": "SingleTenant"},
            "MICROSOFT_APP_PASSWORD",
        ),
        (
            {
                "MICROSOFT_APP_ID": "app",
                "MICROSOFT_APP_TYPE": "SingleTenant",
                "MICROSOFT_APP_PASSWORD": "pw",
            },
            "MICROSOFT_APP_TENANT_ID",
        ),
        ({"MICROSOFT_APP_ID": "app"}, "MICROSOFT_APP_PASSWORD"),
        (
            {"MICROSOFT_APP_ID": "app", "MICROSOFT_APP_TYPE": "UserAssignedMSI"},
            "MICROSOFT_APP_TENANT_ID",
        ),
        (
            {
                "MICROSOFT_APP_ID": "app",
                "MICROSOFT_APP_TYPE": "UserAssignedMSI",
                "MICROSOFT_APP_TENANT_ID": "t",
                "MICROSOFT_APP_PASSWORD": "pw",
            },
            "MICROSOFT_APP_PASSWORD",
        ),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"HR_CHANNEL": "general"}, "HR_CHANNEL"),
    ],
)
def test_a_bad_setting_names_the_variable(
    settings: dict[str, str], variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert str(raised.value).startswith(f"{variable}:"), raised.value


def test_a_bad_setting_stops_serve_with_one_line(cli_env: dict[str, str]) -> None:
    done = run(
        ["serve"], cli_env | {"MICROSOFT_APP_ID": "app", "MICROSOFT_APP_TYPE": "SingleTenant"}
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "exitbot: MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_TYPE is SingleTenant"
    )
    assert "Traceback" not in done.stdout


def test_empty_variables_count_as_unset(cli_env: dict[str, str]) -> None:
    empty = {
        "SLACK_BOT_TOKEN": "",
        "SLACK_SIGNING_SECRET": "",
        "HR_CHANNEL": "",
        "GROQ_API_KEY": "",
    }
    done = run(["questions"], cli_env | empty)
    assert done.returncode == 0, done.stderr
