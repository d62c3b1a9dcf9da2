"""Configuration: defaults, aliases, and one clear line for each bad value."""

from __future__ import annotations

import pytest

from exitbot.config import ConfigError, load_settings


def test_defaults_need_no_environment(monkeypatch):
    for name in ("DATABASE_URL", "LLM_PROVIDERS", "HR_USERS", "TIMEZONE", "DIGEST_CRON"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///./exitbot.db"
    assert settings.llm_providers == ["groq", "ollama"]
    assert settings.digest_cron == "0 9 * * MON" and settings.timezone == "UTC"
    assert not settings.slack_enabled and not settings.teams_enabled


def test_lists_and_bot_framework_aliases(monkeypatch):
    monkeypatch.setenv("HR_USERS", "slack:U0123, teams:29:1abc")
    monkeypatch.setenv("LLM_PROVIDERS", "ollama")
    monkeypatch.setenv("MicrosoftAppId", "app-id")
    monkeypatch.setenv("MicrosoftAppPassword", "p4ss-w0rd-xyz")
    settings = load_settings()
    assert settings.hr_users == ["slack:U0123", "teams:29:1abc"]
    assert settings.llm_providers == ["ollama"]
    assert settings.microsoft_app_id == "app-id" and settings.teams_enabled
    assert "p4ss-w0rd-xyz" not in repr(settings)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DIGEST_CRON", "mondays", "DIGEST_CRON:"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE:"),
        ("HR_USERS", "U0123", "HR_USERS:"),
        ("LLM_PROVIDERS", "groq,openai", "LLM_PROVIDERS:"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL:"),
        ("EXITBOT_ENCRYPTION_KEY", "not-a-key", "EXITBOT_ENCRYPTION_KEY:"),
        ("PORT", "99999", "PORT:"),
        ("RETENTION_DAYS", "-1", "RETENTION_DAYS:"),
    ],
)
def test_bad_values_name_the_variable(monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(expected)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET:"),
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN:"),
        ({"MICROSOFT_APP_PASSWORD": "p"}, "MICROSOFT_APP_ID:"),
    ],
)
def test_half_a_set_of_credentials_is_an_error(monkeypatch, variables, expected):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert str(caught.value).startswith(expected)
