"""The dashboard's two routes over HTTP, without a browser: the page's headers (a strict
Content-Security-Policy, no caching) and the timezone it carries; the assets' content types,
revalidation by ETag, and nothing served from outside the package's static folder."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from exitbot.web.app import create_app
from exitbot.web.dashboard import STATIC_PATH
from exitbot.web.dashboard.page import CONTENT_SECURITY_POLICY
from tests.conftest import BotFactory
from tests.dashboard.server import with_dashboard
from tests.hosting import hosted

STATIC = Path(__file__).resolve().parents[2] / "exitbot" / "web" / "dashboard" / "static"
STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


@pytest.fixture
async def served(make_bot: BotFactory) -> AsyncIterator[str]:
    bot = await make_bot(settings={"timezone": "Europe/Berlin"})
    async with hosted(with_dashboard(create_app(bot, scheduler=False), bot)) as url:
        yield url


async def test_the_page_is_locked_down_and_names_the_timezone(served: str) -> None:
    async with aiohttp.ClientSession() as session, session.get(served + "/") as response:
        body = await response.text()
        assert response.status == 200
        assert response.content_type == "text/html"
        assert response.headers["Content-Security-Policy"] == STRICT == CONTENT_SECURITY_POLICY
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert '<meta name="exitbot-timezone" content="Europe/Berlin">' in body
    assert '<script type="module" src="/dashboard/static/app.js"></script>' in body
    # No inline script, style or handler: the policy would refuse them.
    assert not re.search(r"<script(?![^>]*\bsrc=)", body)
    assert "<style" not in body and " style=" not in body
    assert not re.search(r"\son[a-z]+=", body)


async def test_every_asset_has_its_content_type_and_is_revalidated(served: str) -> None:
    expected = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
    files = sorted(STATIC.iterdir())
    assert {f.suffix for f in files} == set(expected)
    async with aiohttp.ClientSession() as session:
        for file in files:
            url = f"{served}{STATIC_PATH}/{file.name}"
            async with session.get(url) as response:
                assert response.status == 200, file.name
                assert response.content_type == expected[file.suffix], file.name
                assert response.headers["Cache-Control"] == "no-cache"
                assert await response.read() == file.read_bytes()
                etag = response.headers["ETag"]
            async with session.get(url, headers={"If-None-Match": etag}) as again:
                assert again.status == 304
                assert await again.read() == b""


@pytest.mark.parametrize(
    "name", ["missing.js", "..%2Fpage.py", "%2E%2E%2F__init__.py", "shell.html", "app.js.map"]
)
async def test_nothing_outside_the_static_folder_is_served(served: str, name: str) -> None:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{served}{STATIC_PATH}/{name}") as response,
    ):
        assert response.status == 404


def test_the_scripts_use_no_inline_html_nor_eval() -> None:
    """The page builds its DOM from text nodes: nothing from the API can become markup."""
    for file in STATIC.glob("*.js"):
        source = file.read_text("utf-8")
        for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function"):
            assert forbidden not in source, (file.name, forbidden)
        assert "document.write" not in source, file.name
        assert "http://" not in source.replace("http://www.w3.org/2000/svg", ""), file.name
        assert "https://" not in source, file.name
