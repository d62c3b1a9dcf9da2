"""The composition root: builds every component from Settings and wires them together."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from exitbot.config import Settings
from exitbot.core.interviewer import Interviewer
from exitbot.core.misconduct import (
    AlertSink,
    KeywordMisconductDetector,
    LoggingAlertSink,
    MisconductDetector,
)
from exitbot.core.plan import QuestionPlan, load_plan
from exitbot.core.ports import OutboundRegistry
from exitbot.engine import EngineOptions, InterviewEngine
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer
from exitbot.language.sentiment import SentimentScorer
from exitbot.store import Database, TextCipher
from exitbot.store.migrate import ensure_schema

if TYPE_CHECKING:
    from exitbot.digest.service import DigestService
    from exitbot.interviewers.llm import LLMLayer


@dataclass
class Services:
    """Everything a running ExitBot process uses; built once, closed once."""

    settings: Settings
    database: Database
    plan: QuestionPlan
    interviewer: Interviewer
    engine: InterviewEngine
    outbounds: OutboundRegistry
    llm: LLMLayer | None = None

    @cached_property
    def digests(self) -> DigestService:
        """Digest building and posting, shared by HR commands and the CLI."""
        from exitbot.digest.service import build_digest_service

        return build_digest_service(self.settings, self.database, self.outbounds)

    async def close(self) -> None:
        if self.llm is not None:
            await self.llm.aclose()
        await self.database.dispose()


def build_database(settings: Settings) -> Database:
    key = settings.exitbot_encryption_key
    return Database(
        settings.database_url, cipher=TextCipher(key.get_secret_value() if key else None)
    )


def build_llm(settings: Settings) -> LLMLayer | None:
    """The LLM layer over the configured providers, or None (then the script runs alone).

    Built once per process: the interviewer and the detector share its providers, breakers
    and metrics, so a provider that is down is not probed twice as often."""
    from exitbot.interviewers.llm import build_llm_layer

    return build_llm_layer(settings)


def build_interviewer(llm: LLMLayer | None) -> Interviewer:
    """The LLM chain when a provider is configured; the scripted interviewer otherwise."""
    return llm.interviewer if llm is not None else ScriptedInterviewer()


def build_misconduct_detector(llm: LLMLayer | None) -> MisconductDetector:
    """Keywords plus the model when a provider is configured; keywords alone otherwise."""
    return llm.detector if llm is not None else KeywordMisconductDetector()


def build_alert_sink(settings: Settings, outbounds: OutboundRegistry) -> AlertSink:
    """Where misconduct alerts go; ``outbounds`` is filled in later by the mounted adapters."""
    from exitbot.digest.service import parse_channel
    from exitbot.hr.alerts import HrAlertSink, hr_users_from_settings

    hr_users = hr_users_from_settings(settings.hr_users)
    if settings.hr_channel is None and not hr_users:
        return LoggingAlertSink()
    return HrAlertSink(
        outbounds,
        hr_channel=parse_channel(settings.hr_channel) if settings.hr_channel else None,
        hr_users=hr_users,
    )


async def build_services(settings: Settings, *, migrate: bool = True) -> Services:
    """Wire the app; migrates SQLite and checks PostgreSQL's schema when ``migrate``."""
    plan = load_plan(settings.exitbot_questions)
    database = build_database(settings)
    if migrate:
        try:
            await ensure_schema(database)
        except Exception:
            await database.dispose()
            raise
    llm = build_llm(settings)
    interviewer = build_interviewer(llm)
    outbounds = OutboundRegistry()
    engine = InterviewEngine(
        database,
        interviewer,
        plan,
        detector=build_misconduct_detector(llm),
        alerts=build_alert_sink(settings, outbounds),
        sentiment=SentimentScorer(),
        options=EngineOptions(retention_days=settings.retention_days),
    )
    return Services(settings, database, plan, interviewer, engine, outbounds, llm)
