"""Misconduct alerts reach HR privately, once per interview, and never break the interview."""

from __future__ import annotations

from exitbot.core.messages import UserRef
from exitbot.engine import InterviewDetails
from tests.digest.harness import HR_CHANNEL_ID, WiredFactory, person
from tests.fakes.slack_api import FakeSlackApi, dm_channel_for
from tests.support import say, texts

ANSWER = "My manager harassed me in the weekly meeting and falsified my timesheets."


async def start_answering(services, user: UserRef) -> int:  # type: ignore[no-untyped-def]
    invitation = await services.interviews.invite(user, InterviewDetails(department="Ops"))
    await say(services.interviews, user, "yes")
    assert invitation.interview_id is not None
    return invitation.interview_id


async def test_alert_goes_to_the_hr_channel_with_id_and_categories_but_no_quote(
    wired: WiredFactory, slack_api: FakeSlackApi
) -> None:
    services = await wired()
    user = person("UM1", "Morgan Report")
    interview_id = await start_answering(services, user)

    await say(services.interviews, user, ANSWER)
    await say(services.interviews, user, "Also there was harassment by another lead, and fraud.")
    await services.outbox.flush()

    [alert] = slack_api.channel_messages(HR_CHANNEL_ID)
    assert f"#{interview_id}" in alert["text"] and "fraud, harassment" in alert["text"]
    for private in ("weekly meeting", "timesheets", "Morgan", "UM1", "another lead"):
        assert private not in str(alert), private


async def test_without_a_channel_each_hr_user_gets_a_direct_message(
    wired: WiredFactory, slack_api: FakeSlackApi
) -> None:
    services = await wired(hr_channel=None, hr_users="slack:UHR,slack:U100")
    user = person("UM2", "Jess Report")
    interview_id = await start_answering(services, user)

    await say(services.interviews, user, ANSWER)
    await services.outbox.flush()

    for hr_user in ("UHR", "U100"):
        [alert] = slack_api.channel_messages(dm_channel_for(hr_user))
        assert f"#{interview_id}" in alert["text"] and "weekly meeting" not in alert["text"]


async def test_a_failed_alert_is_logged_and_the_interview_goes_on(
    wired: WiredFactory, slack_api: FakeSlackApi
) -> None:
    services = await wired()
    user = person("UM3", "Casey Report")
    await start_answering(services, user)
    slack_api.fail("chat.postMessage", "channel_not_found")

    outcome = await say(services.interviews, user, ANSWER)
    await services.outbox.flush()

    assert outcome.replies and "?" in texts(outcome)
    assert slack_api.channel_messages(HR_CHANNEL_ID) == []
