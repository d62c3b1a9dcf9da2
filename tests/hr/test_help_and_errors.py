"""`help`, unknown words and failures: always a reply the caller can act on, never a traceback."""

from __future__ import annotations

from structlog.testing import capture_logs

from exitbot.core.messages import Platform, UserRef
from exitbot.hr.parsing import USAGE
from tests.hr.scenarios import run


async def test_help_and_empty_text_list_every_command(service) -> None:
    for text in ("help", "", "  "):
        response = await run(service, text)
        assert response.ok
        for usage in USAGE.values():
            assert f"`{usage}`" in response.text


async def test_help_for_one_command(service) -> None:
    response = await run(service, "help remind")
    assert response.text == "`remind ID`: nudge the employee of an idle interview."


async def test_unknown_words_get_the_help(service) -> None:
    response = await run(service, "fire <@U1> @here")
    assert not response.ok
    assert response.text.startswith("I don't know the command `fire`.\n\n*ExitBot HR commands*")


class ExplodingOutbound:
    """A platform whose lookups fail in a way the service does not expect."""

    platform = Platform.SLACK

    async def resolve_user(self, reference: str) -> UserRef | None:
        raise RuntimeError("socket closed while reading <secret> response")


async def test_an_unexpected_failure_is_a_polite_reply_and_a_log_line(service, outbounds) -> None:
    outbounds.register(ExplodingOutbound())  # type: ignore[arg-type]
    with capture_logs() as logs:
        response = await run(service, "start U1")
    assert not response.ok
    assert response.text.startswith("Sorry, something went wrong while running that command.")
    assert "secret" not in response.text
    [failure] = [entry for entry in logs if entry["event"] == "hr_command_failed"]
    assert (failure["caller"], failure["command"]) == ("slack:UHR1", "start")
