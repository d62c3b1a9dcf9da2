"""SlackOutbound against the fake Web API: DMs, users, documents with images, failures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from slack_sdk.errors import SlackApiError

from adapters.slack.client import build_web_client
from adapters.slack.directory import SlackDirectory
from adapters.slack.groups import SlackGroupMembership
from adapters.slack.outbound import SlackOutbound
from exitbot.config import load_settings
from exitbot.core.messages import Choice, ConversationRef, Platform, Reply, UserRef
from exitbot.core.outgoing import DeliveryError
from exitbot.digest import DigestBuilder, Period, digest_document
from exitbot.hr.authorization import HrAuthorizer
from exitbot.store import Database
from tests.fakes.slack_api import BOT_TOKEN, FakeSlackApi

DM = ConversationRef(Platform.SLACK, "DU100")


class Ticks:
    """A clock whose monotonic scale the test moves by hand."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.seconds, UTC)

    def monotonic(self) -> float:
        return self.seconds


@pytest.fixture
async def outbound(slack_api: FakeSlackApi) -> AsyncIterator[SlackOutbound]:
    client = build_web_client(
        load_settings(
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret="test-signing-secret",
            slack_api_url=slack_api.base_url,
        )
    )
    yield SlackOutbound(client, SlackDirectory(client, clock=Ticks()), UTC)
    if client.session is not None:
        await client.session.close()


async def test_open_dm_is_conversations_open(
    outbound: SlackOutbound, slack_api: FakeSlackApi
) -> None:
    conversation = await outbound.open_dm(UserRef(Platform.SLACK, "U100"))
    assert conversation == ConversationRef(Platform.SLACK, "DU100")
    assert slack_api.calls("conversations.open")[0].body["users"] == "U100"
    with pytest.raises(DeliveryError, match="user_not_found"):
        await outbound.open_dm(UserRef(Platform.SLACK, "UGONE"))


@pytest.mark.parametrize(
    "reference",
    ["<@U100>", "<@U100|dana>", "U100", "@U100", "dana@corp.test", "<mailto:dana@corp.test|x>"],
)
async def test_resolve_user_accepts_mentions_ids_and_emails(
    outbound: SlackOutbound, reference: str
) -> None:
    user = await outbound.resolve_user(reference)
    assert user == UserRef(
        Platform.SLACK, "U100", "Dana Smith", "dana@corp.test", timezone="Europe/Berlin"
    )


async def test_resolve_user_refuses_unknowns_and_bots(
    outbound: SlackOutbound, slack_api: FakeSlackApi
) -> None:
    slack_api.add_user("UB1", "helper", is_bot=True)
    for reference in ("nobody@corp.test", "UGONE", "<@UB1>", "dana", "<#C123|general>"):
        assert await outbound.resolve_user(reference) is None, reference
    slack_api.server_error("users.info")
    with pytest.raises(DeliveryError):
        await outbound.resolve_user("U999")


async def test_profiles_are_cached(slack_api: FakeSlackApi) -> None:
    ticks = Ticks()
    client = build_web_client(
        load_settings(
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret="test-signing-secret",
            slack_api_url=slack_api.base_url,
        )
    )
    directory = SlackDirectory(client, ttl_seconds=600, clock=ticks)
    first = await directory.profile("U100")
    assert first is not None and first.timezone == "Europe/Berlin"
    assert await directory.profile("U100") == first
    assert slack_api.call_count("users.info") == 1
    ticks.seconds += 601
    await directory.profile("U100")
    assert slack_api.call_count("users.info") == 2


async def test_send_renders_blocks_and_buttons(
    outbound: SlackOutbound, slack_api: FakeSlackApi
) -> None:
    await outbound.send(DM, Reply("Shall we *begin*?", choices=(Choice("Start", "yes"),)))
    (message,) = slack_api.channel_messages("DU100")
    assert message["text"] == "Shall we *begin*?"
    section, actions = message["blocks"]
    assert section["text"] == {"type": "mrkdwn", "text": "Shall we *begin*?"}
    assert actions["elements"][0]["value"] == "yes"
    assert actions["elements"][0]["text"]["text"] == "Start"


async def test_send_failures_become_delivery_errors(
    outbound: SlackOutbound, slack_api: FakeSlackApi
) -> None:
    slack_api.fail("chat.postMessage", "channel_not_found")
    with pytest.raises(DeliveryError, match="channel_not_found") as gone:
        await outbound.send(DM, Reply("hello"))
    assert gone.value.retryable is False
    slack_api.server_error("chat.postMessage")  # one try: the outbox does the retrying
    with pytest.raises(DeliveryError) as down:
        await outbound.send(DM, Reply("hello"))
    assert down.value.retryable is True
    slack_api.rate_limit("chat.postMessage", retry_after=7)
    with pytest.raises(DeliveryError) as limited:
        await outbound.send(DM, Reply("hello"))
    assert limited.value.retryable is True and limited.value.retry_after == 7
    assert slack_api.call_count("chat.postMessage") == 3


async def test_send_a_digest_document_with_its_chart(
    outbound: SlackOutbound, slack_api: FakeSlackApi, database: Database
) -> None:
    digest = await DigestBuilder(database).build(Period.ending(datetime.now(UTC), 7))
    png = b"\x89PNG\r\n\x1a\n-chart-"
    document = digest_document(digest, UTC, png)
    await outbound.send_document(ConversationRef(Platform.SLACK, "CHR"), document)
    (posted,) = slack_api.channel_messages("CHR")
    assert posted["text"].startswith("ExitBot digest")
    assert posted["blocks"]
    (complete,) = slack_api.calls("files.completeUploadExternal")
    assert complete.body["channel_id"] == "CHR"
    assert list(slack_api.uploads.values()) == [png]


async def test_a_failed_chart_upload_does_not_stop_the_digest(
    outbound: SlackOutbound, slack_api: FakeSlackApi, database: Database
) -> None:
    digest = await DigestBuilder(database).build(Period.ending(datetime.now(UTC), 7))
    slack_api.fail("files.getUploadURLExternal", "not_allowed_token_type")
    document = digest_document(digest, UTC, b"png")
    await outbound.send_document(ConversationRef(Platform.SLACK, "CHR"), document)
    assert len(slack_api.channel_messages("CHR")) == 1
    assert slack_api.calls("files.completeUploadExternal") == []


async def test_group_membership_is_cached_and_fails_closed(slack_api: FakeSlackApi) -> None:
    ticks = Ticks()
    client = build_web_client(
        load_settings(
            slack_bot_token=BOT_TOKEN,
            slack_signing_secret="test-signing-secret",
            slack_api_url=slack_api.base_url,
        )
    )
    slack_api.set_usergroup("SHR", ["UHR"])
    groups = SlackGroupMembership(client, "SHR", ttl_seconds=300, clock=ticks)
    authorizer = HrAuthorizer([], groups=groups)
    assert await authorizer.is_hr(UserRef(Platform.SLACK, "UHR"))
    assert not await authorizer.is_hr(UserRef(Platform.SLACK, "U100"))
    assert not await groups.is_member(UserRef(Platform.TEAMS, "UHR"))
    assert slack_api.call_count("usergroups.users.list") == 1

    slack_api.set_usergroup("SHR", ["UHR", "U100"])
    ticks.seconds += 299
    assert not await authorizer.is_hr(UserRef(Platform.SLACK, "U100"))
    ticks.seconds += 2
    assert await authorizer.is_hr(UserRef(Platform.SLACK, "U100"))
    assert slack_api.call_count("usergroups.users.list") == 2

    ticks.seconds += 301
    slack_api.fail("usergroups.users.list", "no_such_subteam")
    with pytest.raises(SlackApiError):
        await groups.is_member(UserRef(Platform.SLACK, "UHR"))
    slack_api.fail("usergroups.users.list", "no_such_subteam")
    assert not await authorizer.is_hr(UserRef(Platform.SLACK, "UHR"))
