"""`help`, unknown words and failures: always a reply the caller can act on, never a traceback."""

from __future__ import annotations

from structlog.testing import capture_logs

from exitbot.core.messages import Platform, UserRef
from exitbot.hr.parsing import USAGE
from tests.hr.scenarios import codes, lines, run, text


async def test_help_and_empty_text_list_every_command(service) -> None:
    for words in ("help", "", "  "):
        response = await run(service, words)
        assert response.ok
        assert codes(response) == list(USAGE.values()), "every usage line, as a command"


async def test_help_for_one_command(service) -> None:
    response = await run(service, "help remind")
    assert text(response) == "remind ID: nudge the employee of an idle interview."
    assert codes(response) == ["remind ID"]


async def test_unknown_words_get_the_help(service) -> None:
    response = await run(service, "fire <@U1> @here")
    assert not response.ok
    assert lines(response)[:2] == ["I don't know the command fire.", "ExitBot HR commands"]
    assert codes(response)[:2] == ["fire", USAGE["start"]]


class ExplodingOutbound:
    """A platform whose lookups fail in a way the service does not expect."""

    platform = Platform.SLACK

    async def resolve_user(self, reference: str) -> UserRef | None:
        raise RuntimeError("socket closed while reading <secret> response")


async def test_an_unexpected_failure_is_a_polite_reply_and_a_log_line(make_service) -> None:
    service = await make_service(platforms={Platform.SLACK: ExplodingOutbound()})
    with capture_logs() as logs:
        response = await run(service, "start U1")
    assert not response.ok
    assert text(response).startswith("Sorry, something went wrong while running that command.")
    assert "secret" not in text(response)
    [failure] = [entry for entry in logs if entry["event"] == "hr_command_failed"]
    assert (failure["caller"], failure["command"]) == ("slack:UHR1", "start")
