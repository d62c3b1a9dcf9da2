"""The API's own description: the OpenAPI document and a Swagger UI page for it. The page
and its assets come from this process (the installed ``swagger_ui_bundle``), never from a
CDN, so the docs work offline and under a strict Content-Security-Policy."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import swagger_ui_bundle
from aiohttp import web

from exitbot import __version__
from exitbot.web.api.endpoint import ApiCall, Endpoint, Handler
from exitbot.web.api.openapi import OPENAPI_VERSION, TITLE, openapi_document

TAG = "meta"
DOCUMENT_PATH = "/api/openapi.json"
DOCS_PATH = "/api/docs"
ASSETS_PATH = "/api/docs/assets"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Swagger UI sets style attributes on the elements it renders.
        "style-src 'self' 'unsafe-inline'",
        # swagger-ui.css draws its icons as data: SVG images.
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)

_PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_ASSET_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=3600"}

_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{TITLE}</title>
<link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="{ASSETS_PATH}/docs.js" data-document="{DOCUMENT_PATH}"></script>
</body>
</html>
"""

_INITIALIZER = """// Renders the document named by this script tag's data-document with the
// installed Swagger UI; a file of its own so that the page's Content-Security-Policy needs
// no inline script. Swagger UI 4 reads OpenAPI 3.0 only, so it is handed a 3.0 reading of
// the 3.1 document: a schema's `type: "null"` branch becomes `nullable` and its `examples`
// become `example`. The document served at /api/openapi.json stays 3.1.
"use strict";

var documentUrl = document.currentScript.dataset.document;

function isNullSchema(schema) {
  return schema !== null && typeof schema === "object" && schema.type === "null"
    && Object.keys(schema).length === 1;
}

function as30(node) {
  if (Array.isArray(node)) return node.map(as30);
  if (node === null || typeof node !== "object") return node;
  var out = {};
  Object.keys(node).forEach(function (key) { out[key] = as30(node[key]); });
  ["anyOf", "oneOf"].forEach(function (key) {
    var branches = out[key];
    if (!Array.isArray(branches) || !branches.some(isNullSchema)) return;
    var kept = branches.filter(function (branch) { return !isNullSchema(branch); });
    delete out[key];
    out.nullable = true;
    if (kept.length === 1 && kept[0].$ref === undefined) Object.assign(out, kept[0]);
    else if (kept.length === 1) out.allOf = kept;
    else out[key] = kept;
  });
  if (Array.isArray(out.examples) && out.examples.length > 0 && out.example === undefined) {
    out.example = out.examples[0];
    delete out.examples;
  }
  return out;
}

window.addEventListener("load", function () {
  fetch(documentUrl, { headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (document31) {
      var document30 = as30(document31);
      document30.openapi = "3.0.3";
      window.ui = SwaggerUIBundle({
        spec: document30,
        dom_id: "#swagger-ui",
        deepLinking: true,
        validatorUrl: null,
      });
    });
});
"""


@dataclass(frozen=True, slots=True)
class BundledAsset:
    """A Swagger UI file served from the installed ``swagger_ui_bundle`` package."""

    name: str
    content_type: str
    summary: str

    @property
    def path(self) -> Path:
        return Path(str(swagger_ui_bundle.swagger_ui_path)) / self.name


_BUNDLED = (
    BundledAsset("swagger-ui.css", "text/css", "Swagger UI's stylesheet"),
    BundledAsset("swagger-ui-bundle.js", "text/javascript", "Swagger UI's script"),
)


class _Document:
    """The document as served: built on the first request, when every module's endpoints
    are declared, and kept for the life of the process."""

    __slots__ = ("_body",)

    def __init__(self) -> None:
        self._body: bytes | None = None

    def body(self) -> bytes:
        if self._body is None:
            from exitbot.web.api import ENDPOINTS

            self._body = json.dumps(openapi_document(ENDPOINTS), ensure_ascii=False).encode()
        return self._body

    async def serve(self, call: ApiCall[Any, Any]) -> web.StreamResponse:
        return web.Response(
            body=self.body(),
            content_type="application/json",
            charset="utf-8",
            headers={"Cache-Control": "no-cache"},
        )


async def docs_page(call: ApiCall[Any, Any]) -> web.StreamResponse:
    return web.Response(
        text=_PAGE, content_type="text/html", charset="utf-8", headers=_PAGE_HEADERS
    )


async def docs_initializer(call: ApiCall[Any, Any]) -> web.StreamResponse:
    return web.Response(
        text=_INITIALIZER,
        content_type="text/javascript",
        charset="utf-8",
        headers=_ASSET_HEADERS,
    )


def _bundled_handler(asset: BundledAsset) -> Handler:
    async def serve(call: ApiCall[Any, Any]) -> web.StreamResponse:
        return web.FileResponse(
            asset.path,
            headers={**_ASSET_HEADERS, "Content-Type": f"{asset.content_type}; charset=utf-8"},
        )

    return serve


def _endpoints() -> tuple[Endpoint, ...]:
    document = _Document()
    return (
        Endpoint(
            "GET",
            DOCUMENT_PATH,
            document.serve,
            f"This API's OpenAPI {OPENAPI_VERSION} document",
            description="Generated from the routes' own declarations and pydantic models.",
            response_example={
                "openapi": OPENAPI_VERSION,
                "info": {"title": TITLE, "version": __version__},
                "paths": {},
            },
            tag=TAG,
            role=None,
        ),
        Endpoint(
            "GET",
            DOCS_PATH,
            docs_page,
            "Interactive documentation (Swagger UI)",
            description="Served with its assets from this server, no CDN.",
            media_type="text/html",
            response_example=_PAGE,
            tag=TAG,
            role=None,
        ),
        Endpoint(
            "GET",
            f"{ASSETS_PATH}/docs.js",
            docs_initializer,
            "The docs page's script that starts Swagger UI",
            media_type="text/javascript",
            response_example=_INITIALIZER,
            tag=TAG,
            role=None,
        ),
        *(
            Endpoint(
                "GET",
                f"{ASSETS_PATH}/{asset.name}",
                _bundled_handler(asset),
                asset.summary,
                description="From the installed swagger-ui-bundle package.",
                media_type=asset.content_type,
                response_example=f"/* {asset.name} */",
                tag=TAG,
                role=None,
            )
            for asset in _BUNDLED
        ),
    )


ENDPOINTS: tuple[Endpoint, ...] = _endpoints()
