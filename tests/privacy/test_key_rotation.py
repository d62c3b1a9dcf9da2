"""Rotating EXITBOT_ENCRYPTION_KEY: with the new key first, everything still reads; after
``exitbot rotate-key`` the new key alone reads every stored text."""

from __future__ import annotations

from cryptography.fernet import Fernet
from sqlalchemy import select

from exitbot.bootstrap import bootstrap
from exitbot.hr import queries
from exitbot.store.models import Message
from tests.cli_runner import run
from tests.conftest import test_settings as settings_for
from tests.support import employee, say

ANSWER = "The pay was well below market and there was no path to promotion."


async def transcript_texts(database_url: str, key: str) -> list[str]:
    bot = await bootstrap(settings_for(database_url, exitbot_encryption_key=key))
    try:
        [row] = (await queries.list_interviews(bot.database)).rows
        detail = await queries.interview_detail(bot.database, row.interview_id)
        assert detail is not None
        return [line.text for line in detail.transcript]
    finally:
        await bot.close()


async def test_rotate_key_leaves_every_text_readable_with_the_new_key_alone(
    database_url: str, cli_env: dict[str, str]
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    bot = await bootstrap(settings_for(database_url, exitbot_encryption_key=old))
    try:
        user = employee()
        for text in ("hi", "yes", ANSWER):
            await say(bot.interviews, user, text)
        async with bot.database.session() as session:
            stored = (await session.execute(select(Message.text))).scalars().all()
        assert stored and all(t is None or t.startswith("fernet:") for t in stored)
        assert not any(t and ANSWER in t for t in stored), "encrypted at rest"
    finally:
        await bot.close()

    assert ANSWER in await transcript_texts(database_url, f"{new},{old}"), "reads mid-rotation"
    assert ANSWER not in await transcript_texts(database_url, new), "not yet rotated"

    env = cli_env | {"DATABASE_URL": database_url, "EXITBOT_ENCRYPTION_KEY": f"{new},{old}"}
    done = run(["rotate-key"], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Re-encrypted "), done.stdout
    assert ANSWER in await transcript_texts(database_url, new)
    again = run(["rotate-key"], env)
    assert again.returncode == 0 and "could not be read" not in again.stdout


def test_rotate_key_without_a_key_says_what_to_do(cli_env: dict[str, str]) -> None:
    done = run(["rotate-key"], cli_env)
    assert done.returncode == 1
    assert "EXITBOT_ENCRYPTION_KEY is not set" in done.stderr
