"""The dashboard's files, read once from this package's ``static`` folder and served from
memory. A name outside that folder is a 404: the set is fixed when the app is built.

The files carry no fingerprint in their names (there is no build step), so each answer is
``no-cache`` with a strong ETag: the browser keeps its copy and revalidates it, a 304 costs a
round trip, and after an upgrade no old module is ever mixed with a new one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import PurePosixPath

from aiohttp import web

STATIC_PATH = "/dashboard/static"
CONTENT_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}
_HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}


@dataclass(frozen=True, slots=True)
class Asset:
    name: str
    body: bytes
    content_type: str

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'


class StaticAssets:
    """Every file of ``static/`` by name, with its content type and ETag."""

    def __init__(self, assets: dict[str, Asset]) -> None:
        self._assets = assets

    @classmethod
    def load(cls) -> StaticAssets:
        folder = resources.files(__package__ or __name__).joinpath("static")
        assets: dict[str, Asset] = {}
        for entry in folder.iterdir():
            suffix = PurePosixPath(entry.name).suffix
            if entry.is_file() and suffix in CONTENT_TYPES:
                assets[entry.name] = Asset(entry.name, entry.read_bytes(), CONTENT_TYPES[suffix])
        return cls(assets)

    def names(self, suffix: str) -> list[str]:
        return sorted(name for name in self._assets if name.endswith(suffix))

    def url(self, name: str) -> str:
        if name not in self._assets:
            raise KeyError(name)
        return f"{STATIC_PATH}/{name}"

    async def serve(self, request: web.Request) -> web.StreamResponse:
        asset = self._assets.get(request.match_info["name"])
        if asset is None:
            raise web.HTTPNotFound()
        headers = {**_HEADERS, "ETag": asset.etag}
        if asset.etag in _etags(request.headers.get("If-None-Match", "")):
            return web.Response(status=304, headers=headers)
        return web.Response(
            body=asset.body, content_type=asset.content_type, charset="utf-8", headers=headers
        )


def _etags(header: str) -> set[str]:
    """The tags of an ``If-None-Match`` header (weak ones compare by their value)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
