"""The one line ``exitbot serve`` says when it starts: where it listens, which chat platforms
are on and how, the database (no credentials), the LLM chain and the digest schedule."""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from exitbot.bootstrap import ExitBot
from exitbot.config import Settings
from exitbot.core.messages import Platform
from exitbot.store.reachability import where

log = structlog.get_logger(__name__)

NO_PLATFORM = (
    "no chat platform is enabled: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Slack) or "
    "MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (Teams); only the API and dashboard answer"
)


@dataclass(frozen=True, slots=True)
class StartupSummary:
    address: str
    adapters: tuple[str, ...]
    database: str
    llm: str
    digest: str

    def log(self) -> None:
        log.info(
            "exitbot_serving",
            address=self.address,
            adapters=", ".join(self.adapters) or "none",
            database=self.database,
            llm=self.llm,
            digest=self.digest,
        )
        if not self.adapters:
            log.warning("no_chat_platform", hint=NO_PLATFORM)


def startup_summary(bot: ExitBot, host: str, port: int) -> StartupSummary:
    settings = bot.settings
    shown_host = f"[{host}]" if ":" in host else host
    return StartupSummary(
        address=f"http://{shown_host}:{port}",
        adapters=tuple(_adapter(p, settings) for p in bot.platforms if p is not Platform.TERMINAL),
        database=where(settings.database_url),
        llm=_llm_chain(settings),
        digest=_digest(settings),
    )


def _adapter(platform: Platform, settings: Settings) -> str:
    if platform is Platform.SLACK:
        return "slack (socket mode)" if settings.slack_app_token else "slack (http /slack/events)"
    if platform is Platform.TEAMS:
        if not settings.microsoft_app_id:
            return "teams (emulator, unauthenticated)"
        return f"teams ({settings.microsoft_app_type or 'MultiTenant'}, /api/messages)"
    return platform.value


def _llm_chain(settings: Settings) -> str:
    links = []
    for name in settings.llm_providers:
        if name == "groq" and settings.groq_api_key is not None:
            links.append(f"groq ({settings.groq_model})")
        elif name == "ollama" and settings.ollama_host:
            links.append(f"ollama ({settings.ollama_model or 'default model'})")
    return " -> ".join([*links, "scripted"])


def _digest(settings: Settings) -> str:
    destination = settings.hr_channel or "set with `digest here`"
    return f"{settings.digest_cron} ({settings.timezone}) to {destination}"
