"""Settings: every environment variable ExitBot reads, validated once at start-up.

Nothing else in the code base reads ``os.environ``; components receive the values they need.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./exitbot.db"
DEFAULT_GROQ_MODEL = "llama-3.3-70b-versatile"
KNOWN_PROVIDERS = ("groq", "ollama")


class ConfigError(Exception):
    """A configuration value is missing or invalid; the message names the variable."""


class Settings(BaseSettings):
    """ExitBot's configuration (DESIGN section 3)."""

    model_config = SettingsConfigDict(
        env_file=None,
        extra="ignore",
        case_sensitive=False,
        populate_by_name=True,
        # ``SLACK_BOT_TOKEN=`` in a copied .env means "not set", not "set to nothing".
        env_ignore_empty=True,
    )

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description=(
            "SQLAlchemy async URL: sqlite+aiosqlite:///… (default) or postgresql+asyncpg://… in "
            "production"
        ),
    )

    slack_bot_token: SecretStr | None = Field(
        default=None,
        description=(
            "Slack bot token (xoxb-…); with SLACK_SIGNING_SECRET enables Slack over HTTP at "
            "/slack/events"
        ),
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None,
        description="Slack signing secret; every Slack request's signature is checked with it",
    )
    slack_app_token: SecretStr | None = Field(
        default=None,
        description=(
            "Slack app-level token (xapp-…); when set, Slack runs over Socket Mode (no public URL)"
        ),
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/",
        description="Slack Web API base URL (tests point it at a local fake)",
    )

    microsoft_app_id: str | None = Field(
        default=None,
        validation_alias=AliasChoices("MICROSOFT_APP_ID", "MicrosoftAppId"),
        description="Bot Framework app id; enables Teams at /api/messages (alias MicrosoftAppId)",
    )
    microsoft_app_password: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("MICROSOFT_APP_PASSWORD", "MicrosoftAppPassword"),
        description=(
            "Bot Framework app password (client secret); needed for MultiTenant and SingleTenant"
        ),
    )
    microsoft_app_tenant_id: str | None = Field(
        default=None,
        validation_alias=AliasChoices("MICROSOFT_APP_TENANT_ID", "MicrosoftAppTenantId"),
        description="Azure AD tenant id; needed for SingleTenant and UserAssignedMSI",
    )
    microsoft_app_type: Literal["MultiTenant", "SingleTenant", "UserAssignedMSI"] | None = Field(
        default=None,
        validation_alias=AliasChoices("MICROSOFT_APP_TYPE", "MicrosoftAppType"),
        description="MultiTenant (default), SingleTenant or UserAssignedMSI",
    )
    teams_emulator: bool = Field(
        default=False,
        description=(
            "true with no app id: Teams without authentication, for local testing on a loopback "
            "address only"
        ),
    )

    groq_api_key: SecretStr | None = Field(
        default=None, description="Groq API key; enables the primary LLM"
    )
    groq_model: str = Field(default=DEFAULT_GROQ_MODEL, description="Groq chat model")
    groq_base_url: str | None = Field(
        default=None,
        description="Groq API base URL (default: the SDK's; tests point it at a local fake)",
    )
    ollama_host: str | None = Field(
        default=None,
        description="Ollama URL (e.g. http://127.0.0.1:11434); enables the fallback LLM",
    )
    ollama_model: str | None = Field(default=None, description="Ollama model name")
    llm_providers: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["groq", "ollama"],
        description=(
            "order of LLM providers tried (comma list of groq, ollama); the scripted interviewer "
            "is always last"
        ),
    )
    llm_timeout_seconds: float = Field(
        default=20.0,
        gt=0,
        le=600,
        description=(
            "model time budget per turn, retries included; past it the scripted interviewer answers"
        ),
    )

    hr_users: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "comma list of platform:user_id allowed to use HR commands (slack:U0123,teams:29:1abc)"
        ),
    )
    hr_slack_usergroup: str | None = Field(
        default=None, description="a Slack user group id whose members are HR too"
    )
    hr_channel: str | None = Field(
        default=None,
        description=(
            "where digests and alerts go: slack:C0123 (Teams channels are set with `digest here`)"
        ),
    )

    digest_cron: str = Field(
        default="0 9 * * MON", description="five-field crontab of the digest, in TIMEZONE"
    )
    timezone: str = Field(
        default="UTC", description="IANA timezone for the cron and for dates shown to people"
    )
    reminder_after_hours: float = Field(
        default=48,
        gt=0,
        description="nudge an employee whose interview has been idle this long (once)",
    )
    expire_after_days: float = Field(
        default=14, gt=0, description="idle interviews become expired after this many days"
    )
    retention_days: int = Field(
        default=365, gt=0, description="transcripts older than this are purged; reports stay"
    )

    outbox_give_up_hours: float = Field(
        default=24,
        gt=0,
        description=(
            "how long an undeliverable outgoing message is retried before it is recorded as failed"
        ),
    )
    invite_days_before_last_day: int = Field(
        default=3,
        ge=0,
        le=365,
        description=(
            "an interview started with a future last_day sends its invitation this many days "
            "before it"
        ),
    )

    exitbot_encryption_key: SecretStr | None = Field(
        default=None,
        description=(
            "Fernet key, or a comma list newest first (rotation); message text is then encrypted "
            "at rest"
        ),
    )
    exitbot_questions: Path | None = Field(
        default=None, description="path to a YAML/JSON question plan replacing the built-in topics"
    )
    exitbot_languages: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["en", "de", "es", "fr"],
        description=(
            "languages of the bot's own texts and the built-in plan; others fall back to English"
        ),
    )
    answer_join_seconds: float = Field(
        default=2.0,
        ge=0,
        le=60,
        description="a message this soon after the bot's reply continues the same answer (0: off)",
    )
    dm_messages_per_minute: int = Field(
        default=20,
        ge=1,
        le=10_000,
        description=(
            "past this an employee's messages are a flood: kept as one answer, read by keywords "
            "only"
        ),
    )
    hr_commands_per_minute: int = Field(
        default=30,
        ge=1,
        le=10_000,
        description="HR commands one person may run per minute, across replicas",
    )
    api_writes_per_minute: int = Field(
        default=60,
        ge=1,
        le=100_000,
        description="REST API writes per token per minute, across replicas (429 past it)",
    )

    database_wait_seconds: float = Field(
        default=60,
        ge=0,
        le=3600,
        description="how long exitbot serve waits for an unreachable database before giving up",
    )
    exitbot_migrate_on_start: bool = Field(
        default=False,
        description="true: exitbot serve applies migrations to PostgreSQL before serving",
    )

    log_format: Literal["console", "json"] = Field(
        default="console", description="console (readable) or json (one JSON object per line)"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        default="INFO", description="DEBUG, INFO, WARNING, ERROR or CRITICAL"
    )
    port: int = Field(default=3978, ge=1, le=65535, description="HTTP port of exitbot serve")

    metrics_token: SecretStr | None = Field(
        default=None,
        description=(
            "bearer token GET /metrics requires; unset: /metrics answers only requests from "
            "loopback that came through no proxy"
        ),
    )
    ops_alert_webhook: SecretStr | None = Field(
        default=None,
        description=(
            "URL (Slack incoming webhook or any JSON endpoint) for rate-limited operational alerts"
        ),
    )

    @field_validator("llm_providers", mode="before")
    @classmethod
    def _split_providers(cls, value: object) -> object:
        if isinstance(value, str):
            value = [p.strip().lower() for p in value.split(",") if p.strip()]
        if isinstance(value, list):
            unknown = [p for p in value if p not in KNOWN_PROVIDERS]
            if unknown:
                raise ValueError(
                    f"unknown provider {unknown[0]!r}; "
                    f"use a comma list of {', '.join(KNOWN_PROVIDERS)}"
                )
        return value

    @field_validator("exitbot_languages", mode="before")
    @classmethod
    def _split_languages(cls, value: object) -> object:
        if isinstance(value, str):
            value = [code.strip().lower() for code in value.split(",") if code.strip()]
        if isinstance(value, list):
            for code in value:
                if not (isinstance(code, str) and len(code) == 2 and code.isalpha()):
                    raise ValueError(f"{code!r} is not a two-letter language code such as de")
            if "en" not in value:
                value = ["en", *value]
        return value

    @field_validator("hr_users", mode="before")
    @classmethod
    def _split_hr_users(cls, value: object) -> object:
        if isinstance(value, str):
            value = [u.strip() for u in value.split(",") if u.strip()]
        if isinstance(value, list):
            for entry in value:
                platform, _, user_id = str(entry).partition(":")
                if platform not in ("slack", "teams", "terminal") or not user_id:
                    raise ValueError(
                        f"{entry!r} is not of the form platform:user_id (e.g. slack:U0123)"
                    )
        return value

    @field_validator("hr_channel")
    @classmethod
    def _check_hr_channel(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("slack:", "teams:")):
            raise ValueError("must look like slack:C0123")
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA timezone such as Europe/Berlin") from None
        return value

    @field_validator("digest_cron")
    @classmethod
    def _check_cron(cls, value: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a five-field crontab ({exc})") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("ops_alert_webhook")
    @classmethod
    def _check_webhook(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(("https://", "http://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("metrics_token")
    @classmethod
    def _check_metrics_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("must be at least 16 characters (e.g. openssl rand -hex 32)")
        return value

    @field_validator("exitbot_encryption_key")
    @classmethod
    def _check_fernet_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            from cryptography.fernet import Fernet

            keys = [k.strip() for k in value.get_secret_value().split(",") if k.strip()]
            try:
                if not keys:
                    raise ValueError("no key")
                for key in keys:
                    Fernet(key.encode())
            except ValueError:
                raise ValueError(
                    "must be a Fernet key, or a comma list of them newest first "
                    "(32 url-safe base64-encoded bytes each); "
                    "make one with: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'"
                ) from None
        return value

    @model_validator(mode="after")
    def _complete_platform_credentials(self) -> Settings:
        """Half a set of credentials would leave a platform silently off: say so instead."""
        if self.slack_bot_token is not None and self.slack_signing_secret is None:
            raise ValueError("SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set")
        if self.slack_signing_secret is not None and self.slack_bot_token is None:
            raise ValueError("SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET is set")
        if self.slack_app_token is not None and self.slack_bot_token is None:
            raise ValueError("SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN is set")
        teams_extras = self.microsoft_app_password or self.microsoft_app_tenant_id
        if teams_extras and not self.microsoft_app_id:
            raise ValueError(
                "MICROSOFT_APP_ID: required when MICROSOFT_APP_PASSWORD or "
                "MICROSOFT_APP_TENANT_ID is set"
            )
        if self.microsoft_app_id:
            self._check_teams_app_type()
        return self

    def _check_teams_app_type(self) -> None:
        """What each Bot Framework app type needs, so a half-configured Teams app stops here
        with the variable named instead of failing on its first message."""
        app_type = self.microsoft_app_type or "MultiTenant"
        if app_type in ("MultiTenant", "SingleTenant") and self.microsoft_app_password is None:
            raise ValueError(
                f"MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_TYPE is {app_type}"
            )
        if app_type in ("SingleTenant", "UserAssignedMSI") and not self.microsoft_app_tenant_id:
            raise ValueError(
                f"MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE is {app_type}"
            )
        if app_type == "UserAssignedMSI" and self.microsoft_app_password is not None:
            raise ValueError(
                "MICROSOFT_APP_PASSWORD: must be unset when MICROSOFT_APP_TYPE is "
                "UserAssignedMSI (the managed identity signs in without a secret)"
            )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None and self.slack_signing_secret is not None

    @property
    def teams_enabled(self) -> bool:
        return bool(self.microsoft_app_id) or self.teams_emulator


def load_settings(**overrides: object) -> Settings:
    """Read the environment once; raise ConfigError with one line naming the bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        message = str(error["msg"]).removeprefix("Value error, ")
        if not error["loc"]:  # a whole-settings rule: its message starts with the variable
            raise ConfigError(message) from None
        variable = str(error["loc"][0]).upper()
        raise ConfigError(f"{variable}: {message}") from None
