"""Every request's JWT is checked; without an app id the adapter runs only as a local emulator.

Tokens are signed with a test RSA key whose JWKS is served by a local OpenID metadata fake;
the adapter's validator is pointed at it through ``TeamsOptions.endpoints`` (the same knob a
sovereign cloud would use), so botbuilder's own validation code does the checking.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from adapters.teams.adapter import TeamsOptions
from adapters.teams.auth import ChannelTokenEndpoints
from adapters.teams.plugin import TeamsPlugin
from exitbot.bootstrap import bootstrap
from exitbot.config import ConfigError, load_settings
from exitbot.core.messages import Platform
from exitbot.store.models import Employee, InboxEvent
from tests.fakes.bot_connector import FakeOpenIdIssuer
from tests.teams.conftest import HarnessFactory
from tests.teams.harness import ALICE, TeamsHarness, personal_install, personal_message

APP_ID = "6b1f3e0a-2c4d-4e5f-8a9b-0c1d2e3f4a5b"


@pytest.fixture
def issuer() -> Iterator[FakeOpenIdIssuer]:
    with FakeOpenIdIssuer() as fake:
        yield fake


@pytest.fixture
async def secured(make_teams: HarnessFactory, issuer: FakeOpenIdIssuer) -> TeamsHarness:
    endpoints = ChannelTokenEndpoints(
        openid_metadata_url=issuer.metadata_url, token_issuer=issuer.issuer
    )
    return await make_teams(
        options=TeamsOptions(endpoints=endpoints),
        teams_emulator=False,
        microsoft_app_id=APP_ID,
        microsoft_app_password="not-a-real-secret",
    )


async def _rows(teams: TeamsHarness, model: type) -> int:
    async with teams.bot.database.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_request_without_a_token_is_rejected(secured: TeamsHarness) -> None:
    status = await secured.post(personal_message(secured.service_url, ALICE, "hi"))
    assert status == 401
    assert await _rows(secured, InboxEvent) == 0
    assert secured.connector.activities == []


@pytest.mark.parametrize(
    "problem", ["wrong key", "wrong audience", "expired", "wrong issuer", "not a jwt"]
)
async def test_a_request_with_an_invalid_token_is_rejected(
    secured: TeamsHarness, issuer: FakeOpenIdIssuer, problem: str
) -> None:
    url = secured.service_url
    token = {
        "wrong key": lambda: issuer.channel_token(
            audience=APP_ID, service_url=url, signing_key=issuer.other_key()
        ),
        "wrong audience": lambda: issuer.channel_token(audience="someone-else", service_url=url),
        "expired": lambda: issuer.channel_token(audience=APP_ID, service_url=url, expires_in=-3600),
        "wrong issuer": lambda: issuer.channel_token(
            audience=APP_ID, service_url=url, issuer="https://evil.test"
        ),
        "not a jwt": lambda: "not-a-token",
    }[problem]()

    status = await secured.post(
        personal_message(url, ALICE, "hi"), headers={"Authorization": f"Bearer {token}"}
    )

    assert status == 401
    assert await _rows(secured, InboxEvent) == 0


async def test_a_token_for_another_service_url_is_rejected(
    secured: TeamsHarness, issuer: FakeOpenIdIssuer
) -> None:
    token = issuer.channel_token(audience=APP_ID, service_url="https://smba.example.test/")
    status = await secured.post(
        personal_message(secured.service_url, ALICE, "hi"),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert status == 401


async def test_a_validly_signed_activity_is_accepted(
    secured: TeamsHarness, issuer: FakeOpenIdIssuer
) -> None:
    token = issuer.channel_token(audience=APP_ID, service_url=secured.service_url)
    status = await secured.post(
        personal_install(secured.service_url, ALICE),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert status in (200, 201)
    async with secured.bot.database.session() as session:
        employee = (
            await session.execute(
                select(Employee).where(Employee.platform_user_id == ALICE.aad_object_id)
            )
        ).scalar_one()
    assert employee.conversation_ref is not None
    assert employee.conversation_ref["extra"]["reference"]["serviceUrl"] == secured.service_url


async def test_without_an_app_id_or_emulator_mode_teams_stays_off(database_url: str) -> None:
    settings = load_settings(database_url=database_url, llm_providers="")
    bot = await bootstrap(settings, plugins=[TeamsPlugin()], host="0.0.0.0")
    assert Platform.TEAMS not in bot.platforms
    await bot.close()


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "::"])
async def test_emulator_mode_refuses_a_non_loopback_address(database_url: str, host: str) -> None:
    settings = load_settings(database_url=database_url, teams_emulator=True, llm_providers="")
    with pytest.raises(ConfigError, match="TEAMS_EMULATOR"):
        await bootstrap(settings, plugins=[TeamsPlugin()], host=host)
    for loopback in ("127.0.0.1", "::1"):
        bot = await bootstrap(settings, plugins=[TeamsPlugin()], host=loopback)
        assert Platform.TEAMS in bot.platforms
        await bot.close()
