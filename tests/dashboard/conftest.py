"""One seeded, running ExitBot with the dashboard and one headless Chromium per test module
(SQLite: the browser does not care which database answers the API)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.dashboard.browser import page_errors, require_browser, start_chromium
from tests.dashboard.pages import SCREENSHOTS, Dashboard
from tests.dashboard.seeding import Seeded, people, seed
from tests.dashboard.server import DashboardServer

TIMEZONE = "Europe/Berlin"
NOW = datetime(2026, 11, 2, 23, 30, tzinfo=UTC)
"""Late in the UTC evening: in Berlin it is already the next day, so a date shown in the
wrong timezone shows the wrong day."""

_taken: list[Path] = []


@pytest.fixture(scope="module")
def browser() -> tuple[str, str]:
    """Chromium and chromedriver, checked before anything is started or seeded."""
    return require_browser()


@pytest.fixture(scope="module")
def server(
    browser: tuple[str, str], sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DashboardServer]:
    target = tmp_path_factory.mktemp("dashboard") / "exitbot.db"
    shutil.copy(sqlite_template, target)
    running = DashboardServer(
        f"sqlite+aiosqlite:///{target}", FakeClock(NOW), timezone=TIMEZONE
    ).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def seeded(server: DashboardServer) -> Seeded:
    for slack_id, name in people():
        server.slack.add_user(
            slack_id, name.split()[0].lower(), name, f"{slack_id.lower()}@corp.test"
        )
    history = server.run(seed(server.bot.interviews, server.clock, NOW))
    server.run(server.bot.settle())
    return history


@pytest.fixture(scope="module")
def dashboard(
    server: DashboardServer, seeded: Seeded, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Dashboard]:
    downloads = tmp_path_factory.mktemp("downloads")
    page = Dashboard(start_chromium(downloads), server.url, downloads)
    try:
        yield page
    finally:
        _taken.extend(page.screenshots)
        page.driver.quit()


@pytest.fixture
def page(dashboard: Dashboard) -> Iterator[Dashboard]:
    """The module's browser, checked after the test for script errors and CSP refusals."""
    page_errors(dashboard.driver)
    yield dashboard
    errors = page_errors(dashboard.driver)
    assert not errors, "the page logged errors:\n" + "\n".join(errors)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _taken:
        terminalreporter.write_line(f"dashboard screenshots ({len(_taken)}): {SCREENSHOTS}")
