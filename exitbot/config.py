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
        env_file=None, extra="ignore", case_sensitive=False, populate_by_name=True
    )

    database_url: str = DEFAULT_DATABASE_URL

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    microsoft_app_id: str | None = Field(
        default=None, validation_alias=AliasChoices("MICROSOFT_APP_ID", "MicrosoftAppId")
    )
    microsoft_app_password: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("MICROSOFT_APP_PASSWORD", "MicrosoftAppPassword"),
    )
    microsoft_app_tenant_id: str | None = Field(
        default=None,
        validation_alias=AliasChoices("MICROSOFT_APP_TENANT_ID", "MicrosoftAppTenantId"),
    )
    microsoft_app_type: Literal["MultiTenant", "SingleTenant", "UserAssignedMSI"] | None = Field(
        default=None, validation_alias=AliasChoices("MICROSOFT_APP_TYPE", "MicrosoftAppType")
    )
    teams_emulator: bool = False

    groq_api_key: SecretStr | None = None
    groq_model: str = DEFAULT_GROQ_MODEL
    groq_base_url: str | None = None
    ollama_host: str | None = None
    ollama_model: str | None = None
    llm_providers: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["groq", "ollama"]
    )
    llm_timeout_seconds: float = Field(default=20.0, gt=0, le=600)

    hr_users: Annotated[list[str], NoDecode] = Field(default_factory=list)
    hr_slack_usergroup: str | None = None
    hr_channel: str | None = None

    digest_cron: str = "0 9 * * MON"
    timezone: str = "UTC"
    reminder_after_hours: float = Field(default=48, gt=0)
    expire_after_days: float = Field(default=14, gt=0)
    retention_days: int = Field(default=365, gt=0)

    outbox_give_up_hours: float = Field(default=24, gt=0)

    exitbot_encryption_key: SecretStr | None = None
    exitbot_questions: Path | None = None
    exitbot_languages: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["en", "de", "es", "fr"]
    )
    answer_join_seconds: float = Field(default=2.0, ge=0, le=60)
    dm_messages_per_minute: int = Field(default=20, ge=1, le=10_000)
    hr_commands_per_minute: int = Field(default=30, ge=1, le=10_000)
    api_writes_per_minute: int = Field(default=60, ge=1, le=100_000)

    log_format: Literal["console", "json"] = "console"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    port: int = Field(default=3978, ge=1, le=65535)

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

    @field_validator("exitbot_encryption_key")
    @classmethod
    def _check_fernet_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            from cryptography.fernet import Fernet

            try:
                Fernet(value.get_secret_value().encode())
            except ValueError:
                raise ValueError(
                    "must be a Fernet key (32 url-safe base64-encoded bytes); "
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
        return self

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
