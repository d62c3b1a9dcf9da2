"""Headless Chromium for the dashboard's tests: Debian's ``chromium`` driven by Debian's
``chromedriver`` through Selenium 4, found on this machine and never downloaded (the driver's
path is given, so Selenium Manager does not run).

Without them the tests skip with the reason; under ``CI`` they fail instead, so a green CI
always means the browser tests ran."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import pytest

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

T = TypeVar("T")

CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver"
DESKTOP = (1440, 900)
PHONE = (375, 812)
WAIT_SECONDS = 15.0
_ARGUMENTS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--lang=en-US",
    "--hide-scrollbars",
)


def unavailable(reason: str) -> NoReturn:
    """Skip locally; fail under CI, where .ci/run installs the browser."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs chromium and chromium-driver; see .ci/run)")
    pytest.skip(reason)


def browser_paths() -> tuple[str, str]:
    """The Chromium binary and its chromedriver (``EXITBOT_CHROMIUM`` and
    ``EXITBOT_CHROMEDRIVER`` override where they are looked for)."""
    binary = os.environ.get("EXITBOT_CHROMIUM") or next(
        (found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None
    )
    driver = os.environ.get("EXITBOT_CHROMEDRIVER") or shutil.which("chromedriver") or CHROMEDRIVER
    if not binary or not Path(binary).is_file():
        unavailable("Chromium is not installed (apt-get install -y chromium chromium-driver)")
    if not Path(driver).is_file():
        unavailable(f"chromedriver is not at {driver} (apt-get install -y chromium-driver)")
    return binary, driver


def require_browser() -> tuple[str, str]:
    """The browser's paths once Selenium, Chromium and chromedriver are all there."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        unavailable("selenium is not installed (pip install -e '.[dev]')")
    return browser_paths()


def start_chromium(downloads: Path) -> WebDriver:
    """A headless Chromium at desktop size that saves downloads into ``downloads``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = require_browser()
    options = Options()
    options.binary_location = binary
    for argument in _ARGUMENTS:
        options.add_argument(argument)
    options.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_script_timeout(WAIT_SECONDS)
    driver.set_window_size(*DESKTOP)
    return driver


def wait_until(driver: WebDriver, condition: Callable[[WebDriver], T | None], what: str) -> T:
    """``condition``'s first truthy value, polled until ``WAIT_SECONDS``; the failure says
    what was awaited."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # A re-render may detach an element between finding it and reading it: poll again.
    found = WebDriverWait(
        driver,
        WAIT_SECONDS,
        poll_frequency=0.05,
        ignored_exceptions=(StaleElementReferenceException,),
    ).until(condition, f"waited {WAIT_SECONDS:.0f} s for {what}")
    return cast(T, found)


PROVOKED = (
    *(f"status of {status}" for status in (401, 403, 404, 409, 422)),
    "net::ERR_INTERNET_DISCONNECTED",
)
"""Console lines a test causes on purpose: the API's refusals, the network cut off."""


def page_errors(driver: WebDriver) -> list[str]:
    """Console errors since the last call, other than those a test provoked."""
    entries: list[dict[str, Any]] = cast(Any, driver).get_log("browser")
    return [
        e["message"]
        for e in entries
        if e.get("level") == "SEVERE" and not any(p in e["message"] for p in PROVOKED)
    ]
