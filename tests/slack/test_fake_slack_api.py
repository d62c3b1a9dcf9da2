"""The fake Slack Web API answers the real AsyncWebClient the way Slack does."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.fakes.slack_api import BOT_TOKEN, BOT_USER_ID, FakeSlackApi


def client(slack_api: FakeSlackApi, token: str = BOT_TOKEN) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=slack_api.base_url)


async def test_answers_the_methods_the_adapter_uses(slack_api: FakeSlackApi) -> None:
    web = client(slack_api)
    assert (await web.auth_test())["user_id"] == BOT_USER_ID
    assert (await web.conversations_open(users="U100"))["channel"]["id"] == "DU100"
    posted = await web.chat_postMessage(channel="DU100", text="hi", blocks=[])
    assert posted["ts"]
    assert (await web.chat_postEphemeral(channel="C1", user="UHR", text="x"))["ok"]
    info = await web.users_info(user="U100")
    assert info["user"]["profile"]["email"] == "dana@corp.test"
    assert info["user"]["tz"] == "Europe/Berlin"
    found = await web.users_lookupByEmail(email="DANA@corp.test")
    assert found["user"]["id"] == "U100"
    slack_api.set_usergroup("S1", ["UHR"])
    assert (await web.usergroups_users_list(usergroup="S1"))["users"] == ["UHR"]

    assert slack_api.calls("chat.postMessage")[0].body["text"] == "hi"
    assert slack_api.calls("chat.postMessage")[0].token == BOT_TOKEN
    assert slack_api.calls("users.info")[0].body["user"] == "U100"
    assert slack_api.posted_texts("DU100") == ["hi"]


async def test_unknown_things_are_slack_errors(slack_api: FakeSlackApi) -> None:
    web = client(slack_api)
    with pytest.raises(SlackApiError) as caught:
        await web.users_info(user="UNOPE")
    assert caught.value.response["error"] == "user_not_found"
    with pytest.raises(SlackApiError) as caught:
        await web.users_lookupByEmail(email="nobody@corp.test")
    assert caught.value.response["error"] == "users_not_found"
    with pytest.raises(SlackApiError) as caught:
        await client(slack_api, token="xoxb-wrong").auth_test()
    assert caught.value.response["error"] == "invalid_auth"


async def test_scripted_failures(slack_api: FakeSlackApi) -> None:
    web = client(slack_api)
    slack_api.fail("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as caught:
        await web.chat_postMessage(channel="C1", text="x")
    assert caught.value.response["error"] == "channel_not_found"

    slack_api.server_error("chat.postMessage", status=503)
    with pytest.raises(SlackApiError) as caught:
        await web.chat_postMessage(channel="C1", text="x")
    assert caught.value.response.status_code == 503

    slack_api.rate_limit("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as caught:
        await web.chat_postMessage(channel="C1", text="x")
    assert caught.value.response.status_code == 429
    headers = {k.lower(): v for k, v in caught.value.response.headers.items()}
    assert headers["retry-after"] in ("7", ["7"])
    assert (await web.chat_postMessage(channel="C1", text="x"))["ok"]


async def test_retry_handlers_get_through(slack_api: FakeSlackApi) -> None:
    web = client(slack_api)
    web.retry_handlers.extend(
        [AsyncRateLimitErrorRetryHandler(max_retry_count=2), AsyncServerErrorRetryHandler()]
    )
    slack_api.server_error("chat.postMessage", status=500)
    assert (await web.chat_postMessage(channel="C1", text="after 500"))["ok"]
    slack_api.rate_limit("chat.postMessage", retry_after=1)
    assert (await web.chat_postMessage(channel="C1", text="after 429"))["ok"]
    refused, accepted = slack_api.calls("chat.postMessage")[-2:]
    assert accepted.at - refused.at >= 1.0  # the fake saw the client wait out Retry-After
    assert slack_api.posted_texts("C1") == ["after 500", "after 500", "after 429", "after 429"]


async def test_file_upload_and_response_url(slack_api: FakeSlackApi) -> None:
    web = client(slack_api)
    png = b"\x89PNG\r\n\x1a\nfake"
    result = await web.files_upload_v2(
        channel="C1", content=png, filename="chart.png", title="Chart"
    )
    assert result["ok"]
    (complete,) = slack_api.calls("files.completeUploadExternal")
    assert complete.body["channel_id"] == "C1"
    assert list(slack_api.uploads.values()) == [png]

    webhook = AsyncWebhookClient(slack_api.response_url("abc"))
    response = await webhook.send(text="only you", response_type="ephemeral")
    assert response.status_code == 200
    (call,) = slack_api.calls("response_url")
    assert call.body == {"text": "only you", "response_type": "ephemeral"}
    assert call.path == "/response/abc"


async def test_wait_for(slack_api: FakeSlackApi) -> None:
    with pytest.raises(TimeoutError):
        await slack_api.wait_for("chat.postMessage", within=0.05)
    await client(slack_api).chat_postMessage(channel="C1", text="x")
    assert len(await slack_api.wait_for("chat.postMessage", within=1)) == 1
