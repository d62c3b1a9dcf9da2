"""Nothing ExitBot posts can ping anyone, and every message fits Slack's limits."""

from __future__ import annotations

import json

from adapters.slack.blocks import MAX_BLOCKS, render_reply
from adapters.slack.text import SECTION_TEXT_LIMIT, escape_mrkdwn, split_text
from exitbot.core.messages import Choice, Reply
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.slack.harness import EMPLOYEE, running_exitbot
from tests.support import GOOD_ANSWERS

DANGEROUS = "<!channel> <!here> <@U999> <#C1|general> <https://evil.test|click>"
TYPED_MARKUP = "salary &lt; market &amp; bonus &gt; zero"
"""What Slack sends when someone types < & >: stored as typed, escaped once when quoted."""


def test_escaping_neutralises_mentions_links_and_invisible_characters() -> None:
    escaped = escape_mrkdwn("Hi <!chan\u200bnel> & <@U1|x>\u2060 a\ufeffb")
    assert escaped == "Hi &lt;!channel&gt; &amp; &lt;@U1|x&gt; ab"
    assert "<" not in escape_mrkdwn(DANGEROUS) and ">" not in escape_mrkdwn(DANGEROUS)


def test_reply_emphasis_is_slack_bold_and_stray_asterisks_stay() -> None:
    (message,) = render_reply(Reply("Say *yes* or *no*; 2 * 3 is **not** bold <b>"))
    assert message.blocks[0]["text"]["text"] == (
        "Say *yes* or *no*; 2 * 3 is **not** bold &lt;b&gt;"
    )


def test_a_reply_is_escaped_in_text_blocks_and_keeps_button_words() -> None:
    (message,) = render_reply(
        Reply(f"You said: {DANGEROUS}", choices=(Choice("Skip <!here>", "skip"),))
    )
    dumped = json.dumps({"text": message.text, "blocks": message.blocks})
    for token in ("<!channel>", "<!here>", "<@U999>", "<#C1", "<https://"):
        assert token not in dumped
    assert message.blocks[-1]["elements"][0]["value"] == "skip"


def test_long_text_is_split_within_slack_limits_and_nothing_is_lost() -> None:
    paragraph = "word " * 150  # 750 characters
    text = "\n\n".join(f"{i}: {paragraph}" for i in range(300))  # ~226,000 characters
    messages = render_reply(Reply(text, choices=(Choice("Skip", "skip"),)))
    assert len(messages) > 1
    sections: list[str] = []
    for message in messages:
        assert len(message.blocks) <= MAX_BLOCKS
        assert len(message.text) <= 4000
        for block in message.blocks:
            if block["type"] == "section":
                assert len(block["text"]["text"]) <= SECTION_TEXT_LIMIT
                sections.append(block["text"]["text"])
    assert messages[-1].blocks[-1]["type"] == "actions"
    assert all(b["type"] != "actions" for m in messages[:-1] for b in m.blocks)
    assert " ".join(" ".join(sections).split()) == " ".join(text.split())


def test_an_unbroken_string_is_cut_hard_but_never_inside_an_entity() -> None:
    text = escape_mrkdwn("<" * 5000)
    pieces = split_text(text)
    assert all(len(p) <= SECTION_TEXT_LIMIT for p in pieces)
    assert all(p.startswith("&lt;") and p.endswith("&lt;") for p in pieces)
    assert "".join(pieces) == text


async def test_an_answer_with_channel_mentions_is_never_posted_unescaped(
    database_url: str, slack_api: FakeSlackApi
) -> None:
    async with running_exitbot(database_url, slack_api) as bot:
        await bot.slack_client.dm(EMPLOYEE, "hi")
        await bot.slack_client.dm(EMPLOYEE, "yes")
        for topic in bot.plan.topics:
            answer = GOOD_ANSWERS.get(topic.key, "A full answer.")
            await bot.slack_client.dm(EMPLOYEE, f"{TYPED_MARKUP} {answer} {DANGEROUS}")
        await bot.slack_client.dm(EMPLOYEE, f"{DANGEROUS} yes")
        await bot.slack_client.dm(EMPLOYEE, "<!channel>")
        await bot.idle()
    posts = slack_api.calls("chat.postMessage")
    assert len(posts) > len(bot.plan.topics)
    for post in posts:
        dumped = json.dumps({"text": post.body.get("text"), "blocks": post.body.get("blocks")})
        for token in ("<!channel>", "<!here>", "<@U999>", "<#C1", "<https://"):
            assert token not in dumped, post.body
    echoed = [
        m for m in slack_api.channel_messages(dm_channel_for(EMPLOYEE)) if "&lt;" in m["text"]
    ]
    assert echoed, "no posted message quoted the employee, so escaping was not exercised"
