"""The interview from invitation to stored report, and every status transition."""

from __future__ import annotations

from sqlalchemy import select

from exitbot.core.plan import QuestionPlan, Topic
from exitbot.core.statuses import InterviewStatus, MessageKind, MessageRole
from exitbot.engine import InterviewDetails
from exitbot.store import Database
from exitbot.store.models import Report, ReportReason
from exitbot.store.outbox import SqlOutboxStore
from tests.support import (
    GOOD_ANSWERS,
    complete_interview,
    employee,
    interview_row,
    report_count,
    say,
    stored_messages,
    texts,
)


async def queued(database: Database, ids: tuple[int, ...] | None = None) -> list:  # type: ignore[type-arg]
    """What the turns wrote to the outbox (all undelivered messages, or ``ids``)."""
    store = SqlOutboxStore(database)
    if ids is not None:
        return await store.entries(ids)
    return await store.undelivered(failed=False, limit=100)


async def test_first_message_gets_the_invitation_with_privacy_notes(engine):
    outcome = await say(engine, employee(), "hello?")
    assert outcome.status is InterviewStatus.INVITED
    [invitation] = outcome.replies
    assert "HR team" in invitation.text and "365 days" in invitation.text
    assert [c.value for c in invitation.choices] == ["yes", "anonymous", "no"]


async def test_whole_interview_stores_transcript_and_report(engine, database):
    user = employee()
    outcome = await complete_interview(engine, user)
    assert outcome.status is InterviewStatus.COMPLETED
    assert "Thank you" in texts(outcome)

    row = await interview_row(database, outcome.interview_id)
    assert row.completed_at is not None and row.started_at is not None
    assert row.draft_report is None and row.anonymous is False

    messages = await stored_messages(database, outcome.interview_id)
    answers = [m for m in messages if m.kind == MessageKind.ANSWER]
    assert [m.topic_key for m in answers] == [t.key for t in engine.plan.topics]
    assert all(m.sentiment is not None for m in messages if m.role == MessageRole.EMPLOYEE)
    assert [m.seq for m in messages] == list(range(1, len(messages) + 1))

    async with database.session() as session:
        report = (await session.execute(select(Report))).scalar_one()
        reasons = (await session.execute(select(ReportReason.reason))).scalars().all()
    assert report.source == "scripted"
    assert "compensation" in report.reasons and set(reasons) == set(report.reasons)
    assert report.enps == 7 and report.would_return is True
    assert -1 <= report.sentiment <= 1


async def test_anonymous_consent_marks_the_interview(engine, database):
    outcome = await complete_interview(engine, employee(), consent="anonymous")
    assert (await interview_row(database, outcome.interview_id)).anonymous is True


async def test_declining_then_changing_ones_mind(engine):
    user = employee()
    await say(engine, user, "hi")
    declined = await say(engine, user, "no")
    assert declined.status is InterviewStatus.DECLINED
    again = await say(engine, user, "yes")
    assert again.status is InterviewStatus.IN_PROGRESS
    assert GOOD_ANSWERS and engine.plan.topics[0].question in texts(again)


async def test_unclear_consent_answer_asks_again(engine):
    user = employee()
    await say(engine, user, "hi")
    outcome = await say(engine, user, "who are you?")
    assert outcome.status is InterviewStatus.INVITED
    assert "say *yes*" in texts(outcome)


async def test_short_answer_gets_one_scripted_followup_then_moves_on(engine):
    user = employee()
    await say(engine, user, "hi")
    await say(engine, user, "yes")
    first = engine.plan.topics[0]
    followup = await say(engine, user, "money")
    assert texts(followup) == first.followup
    moved_on = await say(engine, user, "ok")
    assert texts(moved_on) == engine.plan.topics[1].question


async def test_summary_part_can_be_removed_before_saving(engine, database):
    user = employee()
    await say(engine, user, "hi")
    outcome = await say(engine, user, "yes")
    for topic in engine.plan.topics:
        outcome = await say(engine, user, GOOD_ANSWERS[topic.key])
    assert "1. Summary:" in texts(outcome)
    quote_number = next(
        line.split(".")[0] for line in texts(outcome).splitlines() if "Quote:" in line
    )
    shown = await say(engine, user, f"remove {quote_number}")
    assert shown.status is InterviewStatus.IN_PROGRESS
    bad = await say(engine, user, "remove 42")
    assert "no part with that number" in texts(bad)
    done = await say(engine, user, "yes")
    assert done.status is InterviewStatus.COMPLETED
    async with database.session() as session:
        report = (await session.execute(select(Report))).scalar_one()
    assert len(report.notable_quotes) == 2


async def test_hr_invitation_records_details_and_is_not_duplicated(engine, database):
    from datetime import date

    user = employee("U200")
    details = InterviewDetails(
        department="Engineering",
        last_day=date(2026, 11, 4),
        voluntary=True,
        regrettable=True,
        invited_by="slack:UHR",
    )
    first = await engine.invite(user, details)
    assert first.created and first.replies[0].kind.value == "invitation"
    second = await engine.invite(user, details)
    assert not second.created and second.interview_id == first.interview_id
    row = await interview_row(database, first.interview_id)
    assert (row.department, row.voluntary, row.regrettable) == ("Engineering", True, True)


async def test_finished_interview_answers_politely_and_stores_nothing(engine, database):
    user = employee()
    outcome = await complete_interview(engine, user)
    before = len(await stored_messages(database, outcome.interview_id))
    after = await say(engine, user, "one more thing")
    assert "finished" in texts(after)
    assert len(await stored_messages(database, outcome.interview_id)) == before
    assert await report_count(database) == 1


async def test_turn_budget_wraps_up_with_a_summary(make_engine):
    engine = await make_engine(max_turns=3)
    user = employee()
    await say(engine, user, "hi")
    await say(engine, user, "yes")
    await say(engine, user, GOOD_ANSWERS["reason_for_leaving"])
    await say(engine, user, GOOD_ANSWERS["role_fit"])
    wrap = await say(engine, user, GOOD_ANSWERS["manager"])
    assert "wrap up" in texts(wrap) and "Here is what I'll record" in texts(wrap)
    assert (await say(engine, user, "yes")).status is InterviewStatus.COMPLETED


async def test_custom_plan_is_followed(make_engine):
    plan = QuestionPlan(
        name="short",
        max_followups=0,
        topics=[
            Topic(key="why", title="Why", question="Why are you leaving us?"),
            Topic(key="else", title="Else", question="Anything else to add?"),
        ],
    )
    engine = await make_engine(plan=plan)
    user = employee()
    await say(engine, user, "hi")
    assert texts(await say(engine, user, "yes")).endswith("Why are you leaving us?")
    assert texts(await say(engine, user, "ok")) == "Anything else to add?"
    assert "Here is what I'll record" in texts(await say(engine, user, "no"))


async def test_misconduct_raises_one_private_alert(engine, alerts, database):
    user = employee()
    await say(engine, user, "hi")
    await say(engine, user, "yes")
    outcome = await say(engine, user, "My manager harassed me repeatedly in meetings last year.")
    await say(engine, user, "There was also sexual harassment by a colleague at the offsite.")
    [(interview_id, categories)] = alerts.raised
    assert interview_id == outcome.interview_id
    assert {c.value for c in categories} == {"harassment"}
    row = await interview_row(database, outcome.interview_id)
    assert row.misconduct_alerted_at is not None and row.misconduct_flags == ["harassment"]
    [alert] = [e for e in await queued(database) if e.message.purpose.value == "alert"]
    assert alert.message.destination == alerts.CHANNEL
    assert f"#{interview_id}" in alert.message.content.title  # type: ignore[union-attr]
    assert "meetings" not in alert.message.content.title  # type: ignore[union-attr]


async def test_reminder_and_withdrawal(engine, database):
    user = employee("U300")
    first = await say(engine, user, "hi")
    assert first.status is InterviewStatus.INVITED
    nudge = await engine.remind(first.interview_id)
    [reminder] = nudge.replies
    assert nudge.problem is None and nudge.outbox_ids
    assert "nudge" in reminder.text and reminder.choices[0].value == "yes"
    [queued_reminder] = await queued(database, nudge.outbox_ids)
    assert queued_reminder.message.ordering_key == "slack:U300"
    assert (await interview_row(database, first.interview_id)).reminded_at is not None

    withdrawn = await engine.cancel(first.interview_id)
    assert "withdrawn" in texts(withdrawn)
    assert (await interview_row(database, first.interview_id)).status == "cancelled"
    assert (await engine.cancel(first.interview_id)).problem == "it is cancelled"
    assert (await engine.remind(99999)).problem == "there is no interview 99999"
    closed = await say(engine, user, "hello again")
    assert "closed" in texts(closed)


async def test_invitation_that_never_arrived_is_shown_on_first_contact(engine):
    user = employee("U400")
    invited = await engine.invite(user, InterviewDetails(invited_by="teams:HR"))
    assert invited.created
    first = await say(engine, user, "hello, HR said you'd message me?")
    assert first.replies[0].kind.value == "invitation" and "365 days" in texts(first)
    second = await say(engine, user, "what is this?")
    assert "365 days" not in texts(second) and "say *yes*" in texts(second)
