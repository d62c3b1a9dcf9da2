"""Slack text is stored as the person typed it, and escaped exactly once on the way out."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from adapters.slack.text import typed_text
from exitbot.core.statuses import MessageKind
from exitbot.store import Database
from exitbot.store.models import Message
from tests.fakes.slack_api import FakeSlackApi
from tests.slack.harness import EMPLOYEE, HR_USER, running_exitbot
from tests.slack.test_hr_commands import run_command


@pytest.mark.parametrize(
    ("sent", "typed"),
    [
        ("Pay &amp; benefits", "Pay & benefits"),
        ("3 &lt; 5 &gt; 4", "3 < 5 > 4"),
        ("I wrote &amp;amp; literally", "I wrote &amp; literally"),
        ("see <https://wiki.example/pay|the wiki>", "see the wiki (https://wiki.example/pay)"),
        ("see <https://wiki.example/pay>", "see https://wiki.example/pay"),
        ("ask <@U999>", "ask @U999"),
        ("ask <@U999|dana>", "ask @U999"),
        ("in <#C123|general>", "in #general"),
        ("<!here> hello", "@here hello"),
        ("<mailto:hr@corp.test|hr@corp.test>", "hr@corp.test"),
        ("no markup at all", "no markup at all"),
    ],
)
def test_entities_mentions_and_links_become_what_was_typed(sent: str, typed: str) -> None:
    assert typed_text(sent) == typed


async def test_an_answer_with_ampersands_reaches_hr_show_as_typed(
    database_url: str, database: Database, slack_api: FakeSlackApi
) -> None:
    answer = "Pay &amp; benefits were &lt;below&gt; market &amp; so was the bonus"
    async with running_exitbot(database_url, slack_api) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.idle()
        await bot.slack_client.dm(EMPLOYEE, "yes")
        await bot.idle()
        await bot.slack_client.dm(EMPLOYEE, answer)
        await bot.idle()
        shown = await run_command(bot, slack_api, HR_USER, "show 1")

    async with database.session() as session:
        stored = (
            await session.execute(select(Message.text).where(Message.kind == MessageKind.ANSWER))
        ).scalar_one()
    assert stored == "Pay & benefits were <below> market & so was the bonus"
    assert "Pay &amp; benefits were &lt;below&gt; market &amp; so was" in shown.blocks
    assert "&amp;amp;" not in shown.blocks
