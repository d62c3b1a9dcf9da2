"""What a test does on the dashboard, in its words: sign in, open a view and wait until it is
drawn, take a screenshot, scan it for accessibility problems."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.dashboard.browser import wait_until

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("EXITBOT_SCREENSHOTS", ROOT / "test-artifacts" / "screenshots"))
BLOCKING_IMPACTS = frozenset({"critical", "serious"})


def css(driver: WebDriver | WebElement, selector: str) -> WebElement:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def all_css(driver: WebDriver | WebElement, selector: str) -> list[WebElement]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def view_of(route: str) -> str:
    """The view a route shows: ``interviews/42`` is the ``interview`` view."""
    parts = route.split("?")[0].split("/")
    return "interview" if parts[0] == "interviews" and len(parts) > 1 else parts[0]


@dataclass
class Dashboard:
    """One browser on one running dashboard."""

    driver: WebDriver
    url: str
    downloads: Path
    screenshots: list[Path] = field(default_factory=list)

    def open(self, route: str = "") -> None:
        """Load the page afresh at ``#/route`` (the tab's session stays)."""
        self.driver.get(f"{self.url}/#/{route}" if route else f"{self.url}/")

    def go(self, route: str) -> None:
        """Move to ``#/route`` within the page, as a link would."""
        self.driver.execute_script("window.location.hash = arguments[0]", f"#/{route}")

    def sign_out_quietly(self) -> None:
        self.open()
        self.driver.execute_script("window.sessionStorage.clear()")
        self.open()
        self.wait_view("signin")

    def sign_in(self, token: str, route: str = "interviews", state: str = "ready") -> None:
        """Sign in afresh with ``token`` through the form, landing on ``#/route`` (and
        waiting until that view is ``state``)."""
        self.sign_out_quietly()
        self.go(route)
        css(self.driver, "#token").send_keys(token)
        css(self.driver, "form.signin button[type=submit]").click()
        self.wait_view(view_of(route), state)

    def wait_view(self, view: str, state: str = "ready") -> WebElement:
        selector = f'main[data-view="{view}"][data-state="{state}"]'
        return wait_until(
            self.driver,
            lambda d: next(iter(all_css(d, selector)), None),
            f"the {view} view to be {state}",
        )

    def wait_css(self, selector: str, what: str | None = None) -> WebElement:
        return wait_until(
            self.driver,
            lambda d: next((e for e in all_css(d, selector) if e.is_displayed()), None),
            what or selector,
        )

    def text(self, selector: str) -> str:
        return str(css(self.driver, selector).text)

    def script(self, source: str, *args: Any) -> Any:
        return self.driver.execute_script(source, *args)

    def fetch_status(self, method: str, path: str) -> int:
        """What the API answers to ``method path`` sent from the page with the tab's token."""
        return int(
            self.driver.execute_async_script(
                """
                const [method, path, done] = arguments;
                fetch(path, { method, headers: {
                    Authorization: "Bearer " + sessionStorage.getItem("exitbot.token") } })
                  .then((r) => done(r.status), () => done(-1));
                """,
                method,
                path,
            )
        )

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        height = int(self.script("return document.documentElement.scrollHeight"))
        size = self.driver.get_window_size()
        width, window_height = size["width"], size["height"]
        self.driver.set_window_size(width, max(window_height, min(height + 140, 6000)))
        try:
            self.driver.save_screenshot(str(path))
        finally:
            self.driver.set_window_size(width, window_height)
        self.screenshots.append(path)
        print(f"screenshot: {path}")
        return path

    def horizontal_overflow(self) -> int:
        """How many pixels the page is wider than the window (0: no sideways scroll)."""
        return int(
            self.script(
                "const e = document.documentElement;"
                " return Math.max(0, e.scrollWidth - e.clientWidth)"
            )
        )

    def accessibility_problems(self) -> list[str]:
        """Critical and serious axe-core (4.x, as axe-core-python bundles it) violations of
        the page as it is now."""
        from axe_core_python.selenium import Axe

        results = Axe().run(self.driver, options={"resultTypes": ["violations"]})
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(t) for n in v["nodes"] for t in n["target"])
            for v in results["violations"]
            if v.get("impact") in BLOCKING_IMPACTS
        ]
