"""`list` and `show`: newest first with ids and dates in the configured zone; anonymous
interviews never show a name or platform id; employee text can never ping anyone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from exitbot.core.messages import ConversationRef, Platform, UserRef
from exitbot.engine import InterviewDetails
from tests.hr.scenarios import bolds, complete, lines, run, start_answering, text
from tests.support import employee, say

ZELDA = UserRef(Platform.SLACK, "U777", "Zelda Quill", "zelda.quill@corp.test")
LOUD_ANSWER = "Honestly <!channel> and <@U999|boss> should hear this, @here and @channel too."


async def test_list_is_newest_first_with_ids_status_department_and_dates(
    service, engine, clock
) -> None:
    first = await engine.invite(
        employee("U1", "Ann Lee"), InterviewDetails(department="Engineering")
    )
    clock.advance(days=3)
    second = await engine.invite(employee("U2", "Bo Chen"), InterviewDetails(department="Sales"))
    clock.advance(days=1)
    await say(engine, employee("U2", "Bo Chen"), "no")
    response = await run(service, "list")
    assert response.ok
    shown = lines(response)
    assert shown[0] == "Interviews (newest first, 2 in all)"
    assert shown[1] == (
        f"#{second.interview_id} · Bo Chen · Sales · declined · invited 2026-11-05 · "
        "ended 2026-11-06"
    )
    assert shown[2] == (
        f"#{first.interview_id} · Ann Lee · Engineering · invited · invited 2026-11-02"
    )
    assert bolds(response) == [f"#{second.interview_id}", f"#{first.interview_id}"]


async def test_list_filters_by_status_department_and_since(service, engine, clock) -> None:
    old = await engine.invite(employee("U1", "Ann Lee"), InterviewDetails(department="Eng"))
    clock.advance(days=10)
    eng = await engine.invite(employee("U2", "Bo Chen"), InterviewDetails(department="Eng"))
    sales = await engine.invite(employee("U3", "Cy Diaz"), InterviewDetails(department="Sales"))
    await say(engine, employee("U3", "Cy Diaz"), "no")

    async def ids(words: str) -> list[int]:
        response = await run(service, words)
        return [int(number.removeprefix("#")) for number in bolds(response)]

    assert await ids("list dept=eng") == [eng.interview_id, old.interview_id]
    assert await ids("list since=2026-11-05") == [sales.interview_id, eng.interview_id]
    assert await ids("list declined") == [sales.interview_id]
    assert await ids("list active dept=Eng since=2026-11-12") == [eng.interview_id]
    empty = await run(service, "list completed dept=Sales")
    assert empty.ok
    assert text(empty) == "No interviews match (completed, in Sales)."


async def test_list_shows_at_most_twenty(service, engine, clock) -> None:
    for number in range(22):
        await engine.invite(employee(f"U{number}", f"Person {number}"))
        clock.advance(minutes=1)
    listed = text(await run(service, "list"))
    assert listed.splitlines()[0] == "Interviews (newest first, 20 of 22)"
    assert "Person 21" in listed and "Person 1 " not in listed and "Person 0" not in listed
    assert "Only the 20 newest are shown" in listed


async def test_dates_are_shown_in_the_configured_timezone(make_service, engine, clock) -> None:
    clock.set(clock.now().replace(hour=3))  # 2026-11-02 03:00 UTC is still Nov 1 in California
    await engine.invite(employee("U1", "Ann Lee"))
    utc = await run(await make_service(), "list")
    pacific = await run(await make_service(tz=ZoneInfo("America/Los_Angeles")), "list")
    assert "invited 2026-11-02" in text(utc)
    assert "invited 2026-11-01" in text(pacific)


async def test_show_has_summary_reasons_sentiment_and_transcript(service, engine) -> None:
    interview_id = await complete(engine, employee("U1", "Ann Lee"), department="Engineering")
    response = await run(service, f"show {interview_id}")
    assert response.ok
    shown = text(response)
    assert shown.startswith(f"Interview #{interview_id} · Ann Lee · Engineering\n")
    assert "Status: completed · invited 2026-11-02 · started 2026-11-02 · ended 2026-11-02" in shown
    assert "Summary\nThe main reason for leaving was pay, followed by career growth." in shown
    assert "Reasons: compensation, career growth" in shown
    assert "Sentiment: " in shown and "Would recommend: 7/10" in shown
    assert "Employee: The pay was well below market and there was no path to promotion." in shown
    assert "ExitBot: " in shown and {"Employee:", "ExitBot:"} <= set(bolds(response))
    assert "I'm ExitBot" not in shown, "invitation boilerplate is left out of the transcript"


async def test_show_of_an_interview_in_progress(service, engine) -> None:
    interview_id = await start_answering(
        engine, employee("U1", "Ann Lee"), "I really loved the team, it was great."
    )
    shown = text(await run(service, f"show {interview_id}"))
    assert "Status: in progress" in shown
    assert "No report yet" in shown
    assert "Sentiment so far: +" in shown and "(over 1 answer)" in shown


async def test_show_unknown_and_bad_ids(service) -> None:
    missing = await run(service, "show 4040")
    bad = await run(service, "show everything")
    assert not missing.ok and "There is no interview #4040" in text(missing)
    assert not bad.ok and text(bad).endswith("Usage: show ID")


async def test_anonymous_interviews_never_show_name_or_platform_id(service, engine) -> None:
    answers = {
        "reason_for_leaving": "Zelda here: the pay was far too low for the work we all did.",
        "anything_else": "Write to zelda.quill@corp.test or call +1 415 555 0100 if needed.",
    }
    interview_id = await complete(
        engine, ZELDA, department="Engineering", consent="anonymous", answers=answers
    )
    listed = text(await run(service, "list"))
    shown = text(await run(service, f"show {interview_id}"))
    assert f"#{interview_id} · Anonymous · Engineering · completed" in listed
    assert shown.startswith(f"Interview #{interview_id} · Anonymous · Engineering")
    assert "[name] here: the pay was far too low" in shown
    assert "[email]" in shown and "[phone]" in shown
    assert "(sentiment -0.09)." in shown and "10 of 10 topics were answered." in shown, (
        "figures kept intact"
    )
    for secret in ("Zelda", "Quill", "U777", "zelda.quill", "415 555"):
        assert secret not in listed
        assert secret not in shown


async def test_named_interviews_keep_names_but_employee_text_cannot_ping(service, engine) -> None:
    user = UserRef(Platform.SLACK, "U5", "@here Loud Person")
    interview_id = await complete(engine, user, answers={"reason_for_leaving": LOUD_ANSWER})
    listed = text(await run(service, "list"))
    shown = text(await run(service, f"show {interview_id}"))
    assert "Loud Person" in listed and "Loud Person" in shown
    for answer in (listed, shown):
        for ping in ("<!channel>", "<@U999", "@here", "@channel"):
            assert ping not in answer
    assert "Employee: Honestly [mention] and [mention] should hear this, here and channel too." in (
        shown
    )


async def test_long_transcripts_are_capped_with_a_note(service, engine) -> None:
    long_answer = "The pay was low and " + "the workload kept growing every week " * 40
    answers = {topic.key: long_answer for topic in engine.plan.topics[:-2]}
    interview_id = await complete(engine, employee("U1", "Ann Lee"), answers=answers)
    shown = text(await run(service, f"show {interview_id}"))
    assert len(shown) <= 12_000
    assert "\nTranscript truncated: showing the first " in shown
    assert shown.endswith("(replies are capped at 12,000 characters).")


async def test_erased_interviews_show_only_that_they_were_erased(service, engine) -> None:
    user = employee("U1", "Ann Lee")
    interview_id = await start_answering(
        engine, user, "Some answer", conversation=ConversationRef(Platform.SLACK, "D1")
    )
    await say(engine, user, "delete my data")
    await say(engine, user, "yes")
    listed = text(await run(service, "list"))
    shown = text(await run(service, f"show {interview_id}"))
    assert f"#{interview_id} · (erased) · erased" in listed
    assert shown.startswith(f"Interview #{interview_id} · erased\n")
    assert "Ann" not in listed + shown and "Some answer" not in shown


async def test_anonymous_show_masks_a_link_holding_the_name_as_a_whole(service, engine) -> None:
    answers = {
        "reason_for_leaving": "My work is at https://zelda-quill.example/portfolio, and "
        "the pay was far too low for it.",
    }
    interview_id = await complete(engine, ZELDA, consent="anonymous", answers=answers)
    shown = text(await run(service, f"show {interview_id}"))
    assert "Employee: My work is at [link], and the pay was far too low for it." in shown
    assert "zelda" not in shown.lower() and "https://[name]" not in shown


async def test_scripted_report_quotes_mask_the_speakers_names_contacts_and_links(
    service, engine
) -> None:
    user = UserRef(Platform.SLACK, "U778", "Robin Park", "rpark@corp.test")
    answer = (
        "Park here: the pay was far too low for years, see https://robin-park.example/cv "
        "or call 020 7946 0958 before the end of 2025."
    )
    interview_id = await complete(engine, user, answers={"reason_for_leaving": answer})
    response = await run(service, f"show {interview_id}")
    assert "Quotes" in lines(response)
    assert (
        "[name] here: the pay was far too low for years, see [link] or call [phone] before "
        "the end of 2025."
    ) in text(response)
