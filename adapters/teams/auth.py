"""Bot Framework authentication for the Teams adapter, built from ExitBot's Settings.

Every inbound request's JWT is checked by botbuilder's own validators; this module only decides
which configuration they get, refuses to run unauthenticated anywhere but on loopback, and
hands botbuilder connector clients with the SDK's own HTTP retries switched off (one retry
policy, ours, lives in ``delivery.py``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.skills import BotFrameworkClient
from requests import RequestException
from urllib3 import Retry

from exitbot.config import ConfigError, Settings


@dataclass(frozen=True, slots=True)
class ChannelTokenEndpoints:
    """Where tokens sent by the Bot Framework channel are checked (OpenID metadata + issuer).

    The defaults are the public Azure cloud. Tests point them at a local OpenID fake; a
    sovereign cloud would set its own.
    """

    openid_metadata_url: str = AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL
    token_issuer: str = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER

    @property
    def is_public_cloud(self) -> bool:
        return self == ChannelTokenEndpoints()


def check_can_start(settings: Settings, host: str) -> None:
    """Raise ConfigError when the adapter must not start: unauthenticated (TEAMS_EMULATOR,
    no MICROSOFT_APP_ID) anywhere but on a loopback address."""
    if settings.microsoft_app_id or is_loopback(host):
        return
    raise ConfigError(
        f"TEAMS_EMULATOR: runs without authentication, so only on a loopback address, "
        f"not {host!r}; use --host 127.0.0.1 or set MICROSOFT_APP_ID"
    )


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def build_authentication(
    settings: Settings, endpoints: ChannelTokenEndpoints | None = None
) -> BotFrameworkAuthentication:
    """CloudAdapter's authentication from MICROSOFT_APP_* settings."""
    configuration = _BotFrameworkConfiguration(settings, endpoints or ChannelTokenEndpoints())
    return _WithoutSdkRetries(ConfigurationBotFrameworkAuthentication(configuration))


class _BotFrameworkConfiguration:
    """The attribute names botbuilder's configuration classes look for."""

    def __init__(self, settings: Settings, endpoints: ChannelTokenEndpoints) -> None:
        password = settings.microsoft_app_password
        self.APP_ID = settings.microsoft_app_id or ""
        self.APP_PASSWORD = password.get_secret_value() if password else ""
        self.APP_TENANTID = settings.microsoft_app_tenant_id
        self.APP_TYPE = settings.microsoft_app_type or "MultiTenant"
        if not endpoints.is_public_cloud:
            # Any of these switches botbuilder to its parameterised authentication, so the
            # outbound half is spelled out with the public cloud's values.
            self.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = endpoints.openid_metadata_url
            self.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = endpoints.token_issuer
            self.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = (
                AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
            )
            self.TO_CHANNEL_FROM_BOT_LOGIN_URL = (
                AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX
                + (settings.microsoft_app_tenant_id or "botframework.com")
            )
            self.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = (
                AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
            )
            self.OAUTH_URL = AuthenticationConstants.OAUTH_URL
            self.CALLER_ID = CallerIdConstants.public_azure_channel


class _WithoutSdkRetries(BotFrameworkAuthentication):
    """Delegates everything; connector clients it creates make exactly one HTTP attempt."""

    def __init__(self, inner: BotFrameworkAuthentication) -> None:
        self._inner = inner

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        try:
            result = await self._inner.authenticate_request(activity, auth_header)
        except (PermissionError, RequestException):
            raise
        except Exception as exc:
            # A malformed, foreign or wrongly signed token surfaces as PyJWT errors, or an
            # IndexError for an unknown key id: all of them mean "not authenticated" (401).
            raise PermissionError(f"invalid token ({type(exc).__name__})") from exc
        if result.connector_factory is not None:
            result.connector_factory = _SingleAttemptConnectorFactory(result.connector_factory)
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _SingleAttemptConnectorFactory(self._inner.create_connector_factory(claims_identity))

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        return await self._inner.create_user_token_client(claims_identity)

    def create_bot_framework_client(self) -> BotFrameworkClient:
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self._inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)


class _SingleAttemptConnectorFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory) -> None:
        self._inner = inner

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        client = await self._inner.create(service_url, audience)
        config: Any = client.config
        # msrest would otherwise retry 5xx (not 429/412) on its own, multiplying our attempts
        # and turning a status into an opaque RetryError.
        config.retry_policy.policy = Retry(total=0, raise_on_status=False)
        return client
