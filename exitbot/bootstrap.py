"""The composition root: ``bootstrap(settings, **overrides)`` builds everything once.

Every entry point goes through it: ``exitbot serve``, ``chat``, ``digest``, ``eval``, the
scheduler, the tests and the benchmarks. Overrides swap in what a caller needs instead of the
configured part (an interviewer, the platforms, a clock, delivery timings), so tests run the
same wiring as production.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TextIO

import structlog

from exitbot.config import Settings
from exitbot.core.clock import Clock, SystemClock
from exitbot.core.interviewer import Interviewer
from exitbot.core.messages import Platform, channel_from_setting
from exitbot.core.misconduct import MisconductDetector
from exitbot.core.plan import QuestionPlan, load_plan
from exitbot.core.ports import (
    AlertRouting,
    LanguageDetection,
    Sender,
    SentimentScorer,
    UserDirectory,
)
from exitbot.delivery.inbox import Inbox
from exitbot.delivery.outbox import DeliveryPolicy, OutboxWorker
from exitbot.delivery.pipeline import PipelineOptions, TurnPipeline
from exitbot.delivery.platforms import (
    AdapterEntry,
    PlatformAdapter,
    PlatformDeps,
    PlatformPlugin,
    installed_plugins,
)
from exitbot.delivery.runner import BackgroundRunner
from exitbot.digest.service import DigestService
from exitbot.engine import InterviewService, Rules
from exitbot.engine.catalogs import Catalogs
from exitbot.engine.plans import PlanVersions
from exitbot.hr.alerts import HrAlertRouting, hr_users_from_settings
from exitbot.hr.authorization import GroupMembership, HrAuthorizer
from exitbot.hr.service import HrCommandService
from exitbot.interviewers.llm import LLMLayer, build_llm_layer
from exitbot.interviewers.llm.provider import ChatProvider
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer
from exitbot.interviewers.scripted.misconduct import KeywordMisconductDetector
from exitbot.language import shared_detector, shared_sentiment
from exitbot.ops.alerts import OpsAlerts
from exitbot.ops.metrics import Metrics
from exitbot.ops.watch import OpsWatch
from exitbot.scheduler import (
    DigestSchedule,
    ExitBotScheduler,
    JobTimings,
    LifecycleRules,
    ScheduledJobs,
)
from exitbot.store import Database, TextCipher
from exitbot.store.employees import EmployeeDirectory
from exitbot.store.inbox import SqlInboxStore
from exitbot.store.interviews import SqlInterviewStore
from exitbot.store.migrate import ensure_schema
from exitbot.store.outbox import SqlOutboxStore
from exitbot.store.plans import SqlPlanStore
from exitbot.store.reachability import wait_until_reachable
from exitbot.store.settings_store import SettingsStore
from exitbot.store.tokens import TokenService

log = structlog.get_logger(__name__)

SHUTDOWN_GRACE_SECONDS = 2.0


@dataclass
class ExitBot:
    """Everything a running ExitBot process uses; built once by ``bootstrap``, closed once."""

    settings: Settings
    clock: Clock
    database: Database
    plan: QuestionPlan
    """The file or built-in plan; once HR stores one through the API, new interviews follow
    the newest stored version instead (``interviews.plans``)."""
    interviews: InterviewService
    inbox: SqlInboxStore
    outbox_store: SqlOutboxStore
    outbox: OutboxWorker
    pipeline: TurnPipeline
    runner: BackgroundRunner
    hr: HrCommandService
    digests: DigestService
    scheduler: ExitBotScheduler
    jobs: ScheduledJobs
    tokens: TokenService
    metrics: Metrics
    """This instance's Prometheus registry and instruments (``GET /metrics``)."""
    ops: OpsWatch
    """Where failures that ops should hear about are reported (OPS_ALERT_WEBHOOK)."""
    platforms: dict[Platform, PlatformAdapter] = field(default_factory=dict)
    llm: LLMLayer | None = None
    _started: bool = False

    async def start(self, *, scheduler: bool = True) -> None:
        """Connect the adapters, start delivering, replay unfinished events, run the jobs."""
        self.interviews.warm_up()
        for adapter in self.platforms.values():
            await adapter.start()
        await self.runner.spawn_service(self.outbox.run(), name="outbox-worker")
        await self.pipeline.replay(timedelta(0))
        if scheduler:
            self.scheduler.start()
        self._started = True

    async def settle(self) -> None:
        """Wait until every turn and background job has finished and nothing due is left
        unsent (tests, benchmarks, one-shot commands)."""
        while True:
            await self.pipeline.idle()
            await self.runner.idle()
            await self.outbox.settled()
            if self.runner.running == 0 and self.pipeline.is_idle:
                return

    async def close(self, grace_seconds: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Stop taking work, let running turns finish (up to ``grace_seconds``), close."""
        self.scheduler.shutdown()
        for adapter in self.platforms.values():
            await adapter.stop()
        self.outbox.stop()
        await self.runner.close(grace_seconds)
        if self.llm is not None:
            await self.llm.aclose()
        await self.ops.aclose()
        await self.database.dispose()


async def bootstrap(
    settings: Settings,
    *,
    clock: Clock | None = None,
    interviewer: Interviewer | None = None,
    detector: MisconductDetector | None = None,
    providers: Sequence[ChatProvider] | None = None,
    plugins: Sequence[PlatformPlugin] | None = None,
    senders: Mapping[Platform, Sender] | None = None,
    directories: Mapping[Platform, UserDirectory] | None = None,
    alerts: AlertRouting | None = None,
    hr_group: GroupMembership | None = None,
    sentiment: SentimentScorer | None = None,
    languages: LanguageDetection | None = None,
    delivery: DeliveryPolicy | None = None,
    pipeline: PipelineOptions | None = None,
    timings: JobTimings | None = None,
    host: str = "127.0.0.1",
    terminal: TextIO | None = None,
    migrate: bool = True,
    wait_for_database: float = 0.0,
) -> ExitBot:
    """Build ExitBot from ``settings``; migrates SQLite and checks PostgreSQL's schema.

    Overrides: ``interviewer`` / ``detector`` / ``providers`` replace the LLM layer's parts;
    ``plugins`` the installed platforms; ``senders`` / ``directories`` a platform's sending or
    lookup side (a platform may exist only as a sender); ``terminal`` enables the terminal
    platform, printing there; ``wait_for_database`` how long an unreachable database is
    waited for (``serve``); the rest tune timings."""
    clock = clock or SystemClock()
    plan = load_plan(settings.exitbot_questions)
    database = build_database(settings)
    try:
        await wait_until_reachable(database, within=wait_for_database)
        if migrate:
            await ensure_schema(database, migrate_postgres=settings.exitbot_migrate_on_start)
    except Exception:
        await database.dispose()
        raise
    give_up_after = timedelta(hours=settings.outbox_give_up_hours)
    metrics = Metrics()
    ops = build_ops_watch(settings, clock)
    llm = build_llm_layer(
        settings,
        providers=list(providers) if providers is not None else None,
        clock=clock,
        on_breaker_change=ops.breaker_changed,
    )
    if llm is not None:
        metrics.watch_llm(llm.metrics)
    metrics.watch_pool(database.pool_usage)
    interviews = InterviewService(
        SqlInterviewStore(database, give_up_after=give_up_after),
        interviewer or (llm.interviewer if llm else ScriptedInterviewer()),
        detector or (llm.detector if llm else KeywordMisconductDetector()),
        sentiment or shared_sentiment(tuple(settings.exitbot_languages)),
        languages or shared_detector(tuple(settings.exitbot_languages)),
        alerts or build_alert_routing(settings),
        Rules(
            plan=plan,
            retention_days=settings.retention_days,
            catalogs=Catalogs.load(settings.exitbot_languages),
            answer_join=timedelta(seconds=settings.answer_join_seconds),
            model_seconds=settings.llm_timeout_seconds,
            messages_per_minute=settings.dm_messages_per_minute,
            invite_days_before_last_day=settings.invite_days_before_last_day,
            tz=settings.tz,
        ),
        clock,
        plans=PlanVersions(SqlPlanStore(database)),
    )
    deps = PlatformDeps(
        settings=settings,
        clock=clock,
        employees=lambda platform: EmployeeDirectory(database, platform),
        host=host,
        terminal=terminal,
        ops=ops,
    )
    adapters: dict[Platform, PlatformAdapter] = {}
    for plugin in installed_plugins() if plugins is None else plugins:
        adapter = plugin.create(deps)
        if adapter is not None:
            adapters[adapter.platform] = adapter
    all_senders: dict[Platform, Sender] = {p: a.sender for p, a in adapters.items()}
    all_senders.update(senders or {})
    all_directories: dict[Platform, UserDirectory] = {p: a.directory for p, a in adapters.items()}
    all_directories.update(directories or {})

    inbox_store = SqlInboxStore(database)
    outbox_store = SqlOutboxStore(database, give_up_after=give_up_after)
    policy = delivery or DeliveryPolicy(give_up_after=give_up_after)
    outbox = OutboxWorker(outbox_store, all_senders, clock, policy, metrics=metrics, watch=ops)
    runner = BackgroundRunner()
    turn_pipeline = TurnPipeline(
        inbox=Inbox(inbox_store, clock, watch=ops),
        inbox_store=inbox_store,
        interviews=interviews,
        outbox=outbox,
        runner=runner,
        clock=clock,
        platforms=adapters,
        options=pipeline,
        metrics=metrics,
    )
    digests = DigestService(
        database,
        outbox_store,
        outbox,
        SettingsStore(database),
        hr_channel=channel_from_setting(settings.hr_channel),
        tz=settings.tz,
        clock=clock,
        stalled_after=timedelta(hours=settings.reminder_after_hours),
    )
    groups = [hr_group] if hr_group else [a.hr_group for a in adapters.values() if a.hr_group]
    hr = HrCommandService(
        database=database,
        interviews=interviews,
        outbox=outbox,
        directories=all_directories,
        authorizer=HrAuthorizer(settings.hr_users, groups=groups[0] if groups else None),
        digests=digests,
        clock=clock,
        tz=settings.tz,
        commands_per_minute=settings.hr_commands_per_minute,
    )
    entry = AdapterEntry(pipeline=turn_pipeline, hr=hr, runner=runner)
    for adapter in adapters.values():
        adapter.attach(entry)
    schedule = DigestSchedule(settings.digest_cron, settings.tz)
    jobs = ScheduledJobs(
        database=database,
        interviews=interviews,
        outbox=outbox,
        pipeline=turn_pipeline,
        digests=digests,
        schedule=schedule,
        rules=LifecycleRules(
            remind_after=timedelta(hours=settings.reminder_after_hours),
            expire_after=timedelta(days=settings.expire_after_days),
            retain_for=timedelta(days=settings.retention_days),
            tz=settings.tz,
        ),
        clock=clock,
        metrics=metrics,
    )
    return ExitBot(
        settings=settings,
        clock=clock,
        database=database,
        plan=plan,
        interviews=interviews,
        inbox=inbox_store,
        outbox_store=outbox_store,
        outbox=outbox,
        pipeline=turn_pipeline,
        runner=runner,
        hr=hr,
        digests=digests,
        scheduler=ExitBotScheduler(jobs, schedule, timings=timings, clock=clock),
        jobs=jobs,
        tokens=TokenService(database),
        metrics=metrics,
        ops=ops,
        platforms=adapters,
        llm=llm,
    )


def build_database(settings: Settings) -> Database:
    key = settings.exitbot_encryption_key
    return Database(
        settings.database_url, cipher=TextCipher(key.get_secret_value() if key else None)
    )


def build_ops_watch(settings: Settings, clock: Clock) -> OpsWatch:
    """Alerts to OPS_ALERT_WEBHOOK (or only logged when it is unset)."""
    webhook = settings.ops_alert_webhook
    return OpsWatch(OpsAlerts(webhook.get_secret_value() if webhook else None, clock=clock))


def build_alert_routing(settings: Settings) -> HrAlertRouting:
    """HR_CHANNEL, or DMs to the HR_USERS on Slack and Teams."""
    return HrAlertRouting(
        hr_channel=channel_from_setting(settings.hr_channel),
        hr_users=hr_users_from_settings(settings.hr_users),
    )
