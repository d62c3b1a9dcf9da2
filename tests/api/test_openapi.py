"""The API's description as a client meets it: the OpenAPI 3.1 document served at
/api/openapi.json, the offline Swagger UI page, and ``exitbot openapi [--postman]``."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import typing
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator
from pydantic import BaseModel

from exitbot.store.tokens import TokenRole
from exitbot.web.api import ENDPOINTS
from exitbot.web.api.endpoint import Endpoint
from exitbot.web.api.schemas import ErrorBody
from tests.api.harness import ApiClient, running_api
from tests.cli_runner import run
from tests.fakes.slack_api import FakeSlackApi

METHODS = ("get", "put", "post", "delete", "patch")
PATH_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}")
POSTMAN_SCHEMA_URL = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
UNREACHABLE_DATABASE = "postgresql+asyncpg://nobody:nothing@127.0.0.1:9/none"


@pytest.fixture
async def api(database_url: str, slack_api: FakeSlackApi) -> AsyncIterator[ApiClient]:
    async with running_api(database_url, slack_api) as client:
        yield client


@pytest.fixture
async def sqlite_api(
    sqlite_template: Path, tmp_path: Path, slack_api: FakeSlackApi
) -> AsyncIterator[ApiClient]:
    """The app on SQLite alone, for checks of the command line, which uses no database: the
    PostgreSQL run would repeat them without adding anything."""
    target = tmp_path / "exitbot.db"
    shutil.copy(sqlite_template, target)
    async with running_api(f"sqlite+aiosqlite:///{target}", slack_api) as client:
        yield client


async def served_document(api: ApiClient) -> dict[str, Any]:
    answer = await api.get("/api/openapi.json", token=None)
    assert answer.status == 200, answer.text
    assert answer.headers["Content-Type"].startswith("application/json")
    return answer.body


def documented_path(endpoint: Endpoint) -> str:
    return PATH_PARAMETER.sub(lambda m: "{" + m.group(1) + "}", endpoint.path)


def path_names(endpoint: Endpoint) -> list[str]:
    return [m.group(1) for m in PATH_PARAMETER.finditer(endpoint.path)]


def operation_of(document: dict[str, Any], endpoint: Endpoint) -> dict[str, Any]:
    return document["paths"][documented_path(endpoint)][endpoint.method.lower()]


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, item[method])
        for path, item in document["paths"].items()
        for method in METHODS
        if method in item
    ]


def conforms(document: dict[str, Any], schema: dict[str, Any], instance: Any) -> None:
    """``instance`` against ``schema`` as the document states it (its ``#/components/…``
    references resolved within the document), formats included."""
    rooted = {**schema, "components": document["components"]}
    jsonschema.Draft202012Validator(
        rooted, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(instance)


def models_within(model: type[BaseModel]) -> set[type[BaseModel]]:
    """``model`` and every model its fields are made of, however deeply nested."""
    found: set[type[BaseModel]] = set()
    pending: list[Any] = [model]
    while pending:
        kind = pending.pop()
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            if kind in found:
                continue
            found.add(kind)
            pending.extend(field.annotation for field in kind.model_fields.values())
        else:
            pending.extend(typing.get_args(kind))
    return found


def declared_models() -> set[type[BaseModel]]:
    models: set[type[BaseModel]] = {ErrorBody}
    for endpoint in ENDPOINTS:
        for model in (endpoint.body, endpoint.response):
            if model is not None:
                models |= models_within(model)
    return models


async def test_the_document_is_valid_openapi_31_and_public(api: ApiClient) -> None:
    document = await served_document(api)
    assert document["openapi"].startswith("3.1.")
    OpenAPIV31SpecValidator(document).validate()
    assert document["info"]["title"] == "ExitBot HR API"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", document["info"]["version"])
    again = await api.get("/api/openapi.json", token="not-a-token")
    assert again.status == 200 and again.body == document, "the same document, token or not"


async def test_every_declared_route_is_documented_once_with_its_method_and_tag(
    api: ApiClient,
) -> None:
    document = await served_document(api)
    documented = {(method.upper(), path) for method, path, _ in operations(document)}
    declared = {(endpoint.method, documented_path(endpoint)) for endpoint in ENDPOINTS}
    assert documented == declared
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) == len(set(ids)) == len(ENDPOINTS)
    for endpoint in ENDPOINTS:
        operation = operation_of(document, endpoint)
        assert operation["tags"] == [endpoint.tag]
        assert operation["summary"] == endpoint.summary
        assert str(endpoint.status) in operation["responses"]
    assert {tag["name"] for tag in document["tags"]} == {e.tag for e in ENDPOINTS}


async def test_parameters_come_from_the_path_the_query_model_and_the_headers(
    api: ApiClient,
) -> None:
    document = await served_document(api)
    for endpoint in ENDPOINTS:
        parameters = operation_of(document, endpoint).get("parameters", [])
        by_place = {
            place: {p["name"]: p for p in parameters if p["in"] == place}
            for place in ("path", "query", "header")
        }
        assert list(by_place["path"]) == path_names(endpoint), endpoint.path
        assert all(p["required"] for p in by_place["path"].values())
        query_schema = endpoint.query.model_json_schema()
        assert set(by_place["query"]) == set(query_schema.get("properties", {})), endpoint.path
        for name, parameter in by_place["query"].items():
            assert parameter["required"] == (name in query_schema.get("required", [])), name
            assert "schema" in parameter
            field = next(
                f for key, f in endpoint.query.model_fields.items() if (f.alias or key) == name
            )
            if field.description:
                assert parameter["description"] == field.description
        assert set(by_place["header"]) == set(endpoint.headers)
        for name, description in endpoint.headers.items():
            assert by_place["header"][name]["description"] == description


async def test_every_body_and_answer_has_an_example_that_fits_its_schema_and_model(
    api: ApiClient,
) -> None:
    document = await served_document(api)
    for endpoint in ENDPOINTS:
        label = f"{endpoint.method} {endpoint.path}"
        operation = operation_of(document, endpoint)
        if endpoint.body is not None:
            content = operation["requestBody"]["content"]["application/json"]
            assert "example" in content, f"{label}: request body without an example"
            conforms(document, content["schema"], content["example"])
            endpoint.body.model_validate(content["example"])
        else:
            assert "requestBody" not in operation, label
        for status, answer in operation["responses"].items():
            if status == "204":
                assert "content" not in answer, label
                continue
            assert answer.get("description"), f"{label} {status}"
            ((media_type, content),) = answer["content"].items()
            assert "example" in content, f"{label} {status}: no example"
            if int(status) >= 400:
                assert media_type == "application/json"
                assert content["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
                ErrorBody.model_validate(content["example"])
            else:
                assert media_type == endpoint.media_type.split(";")[0], label
                if endpoint.response is not None:
                    endpoint.response.model_validate(content["example"])
            conforms(document, content["schema"], content["example"])


async def test_every_model_example_validates_against_its_own_model_and_schema(
    api: ApiClient,
) -> None:
    document = await served_document(api)
    components = document["components"]["schemas"]
    for model in declared_models():
        examples = model.model_json_schema().get("examples", [])
        for example in examples:
            model.model_validate(example)
    for name, schema in components.items():
        for example in schema.get("examples", []):
            conforms(document, {"$ref": f"#/components/schemas/{name}"}, example)


async def test_error_answers_are_documented_where_the_route_can_give_them(api: ApiClient) -> None:
    document = await served_document(api)
    schemes = document["components"]["securitySchemes"]
    bearer = [n for n, s in schemes.items() if (s["type"], s.get("scheme")) == ("http", "bearer")]
    assert len(bearer) == 1
    for endpoint in ENDPOINTS:
        label = f"{endpoint.method} {endpoint.path}"
        operation = operation_of(document, endpoint)
        statuses = {int(status) for status in operation["responses"]}
        expected = set(endpoint.errors)
        if endpoint.role is not None:
            assert operation["security"] == [{bearer[0]: []}], label
            expected |= {401, 500}
            if endpoint.writes:
                expected.add(429)
                assert "Retry-After" in operation["responses"]["429"]["headers"]
        else:
            assert not operation.get("security"), label
            assert 401 not in statuses, label
        if endpoint.role is TokenRole.HR_ADMIN:
            expected.add(403)
        if path_names(endpoint):
            expected.add(404)
        if endpoint.body is not None:
            expected |= {400, 413, 422}
        if endpoint.query.model_fields:
            expected.add(422)
        assert statuses - {endpoint.status} == expected, label


async def test_routes_documented_as_authenticated_refuse_a_missing_token(api: ApiClient) -> None:
    document = await served_document(api)
    for method, path, operation in operations(document):
        if not operation.get("security"):
            continue
        concrete = PATH_PARAMETER.sub("1", path)
        answer = await api.call(method.upper(), concrete, token=None)
        assert answer.status == 401, f"{method} {path}"
        example = operation["responses"]["401"]["content"]["application/json"]["example"]
        assert answer.body == example
        assert answer.headers["WWW-Authenticate"] == "Bearer"


class _PageReferences(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self.documents: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name):
                self.urls.append(values[name] or "")
        if values.get("data-document"):
            self.documents.append(values["data-document"] or "")
        if any(name.startswith("on") for name in values):
            self.inline_scripts.append(tag)
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


CONTENT_TYPES = {".css": "text/css", ".js": "text/javascript", ".png": "image/png"}


async def test_the_docs_page_uses_only_assets_served_here(api: ApiClient) -> None:
    page = await api.get("/api/docs", token=None)
    assert page.status == 200
    assert page.headers["Content-Type"].startswith("text/html")
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    script_policy = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_policy and "unsafe-eval" not in script_policy
    references = _PageReferences()
    references.feed(page.text)
    assert references.inline_scripts == [], "the policy allows no inline script"
    assert references.documents == ["/api/openapi.json"]
    assert any(url.endswith(".js") for url in references.urls)
    assert any(url.endswith(".css") for url in references.urls)
    for url in references.urls:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = await api.get(url, token=None)
        assert asset.status == 200, url
        suffix = url[url.rindex(".") :]
        assert asset.headers["Content-Type"].split(";")[0] == CONTENT_TYPES[suffix], url
        assert asset.headers["X-Content-Type-Options"] == "nosniff"
        assert len(asset.text) > 0
    bundle = next(url for url in references.urls if "swagger-ui-bundle" in url)
    assert "SwaggerUIBundle" in (await api.get(bundle, token=None)).text


@pytest.mark.parametrize(
    "name",
    [
        "nope.js",
        "index.html",
        "swagger-ui.js.map",
        "oauth2-redirect.html",
        "..%2F..%2F..%2Fpyproject.toml",
        "%2e%2e/swagger-ui.css",
    ],
)
async def test_an_asset_outside_the_allow_list_is_not_found(api: ApiClient, name: str) -> None:
    answer = await api.get(f"/api/docs/assets/{name}", token=None)
    assert answer.status == 404
    assert isinstance(answer.body, dict) and "detail" in answer.body


async def test_the_command_prints_the_served_document_without_a_database(
    sqlite_api: ApiClient, cli_env: dict[str, str]
) -> None:
    env = {**cli_env, "DATABASE_URL": UNREACHABLE_DATABASE}
    result = await asyncio.to_thread(run, ["openapi"], env)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    OpenAPIV31SpecValidator(printed).validate()
    assert printed == await served_document(sqlite_api)
    assert result.stdout.startswith('{\n  "openapi"'), "indented JSON"


POSTMAN_V21_SUBSET: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["info", "item"],
    "properties": {
        "info": {
            "type": "object",
            "required": ["name", "schema"],
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "schema": {"const": POSTMAN_SCHEMA_URL},
            },
        },
        "item": {"type": "array", "items": {"$ref": "#/$defs/entry"}},
        "auth": {"$ref": "#/$defs/auth"},
        "variable": {"type": "array", "items": {"$ref": "#/$defs/variable"}},
    },
    "$defs": {
        "entry": {"oneOf": [{"$ref": "#/$defs/request-item"}, {"$ref": "#/$defs/folder"}]},
        "folder": {
            "type": "object",
            "required": ["name", "item"],
            "not": {"required": ["request"]},
            "properties": {
                "name": {"type": "string"},
                "item": {"type": "array", "items": {"$ref": "#/$defs/entry"}},
            },
        },
        "request-item": {
            "type": "object",
            "required": ["name", "request"],
            "not": {"required": ["item"]},
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "request": {
                    "type": "object",
                    "required": ["method", "url"],
                    "properties": {
                        "method": {"enum": ["GET", "PUT", "POST", "PATCH", "DELETE"]},
                        "header": {"type": "array", "items": {"$ref": "#/$defs/key-value"}},
                        "url": {
                            "type": "object",
                            "required": ["raw"],
                            "properties": {
                                "raw": {"type": "string", "pattern": "^\\{\\{baseUrl\\}\\}/"},
                                "host": {"type": "array", "items": {"type": "string"}},
                                "path": {"type": "array", "items": {"type": "string"}},
                                "query": {
                                    "type": "array",
                                    "items": {"$ref": "#/$defs/key-value"},
                                },
                                "variable": {
                                    "type": "array",
                                    "items": {"$ref": "#/$defs/variable"},
                                },
                            },
                        },
                        "body": {
                            "type": "object",
                            "required": ["mode", "raw"],
                            "properties": {"mode": {"const": "raw"}, "raw": {"type": "string"}},
                        },
                        "auth": {"$ref": "#/$defs/auth"},
                    },
                },
            },
        },
        "auth": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"enum": ["noauth", "bearer"]},
                "bearer": {"type": "array", "items": {"$ref": "#/$defs/variable"}},
            },
        },
        "key-value": {
            "type": "object",
            "required": ["key"],
            "properties": {
                "key": {"type": "string"},
                "value": {"type": "string"},
                "disabled": {"type": "boolean"},
            },
        },
        "variable": {
            "type": "object",
            "required": ["key"],
            "properties": {"key": {"type": "string"}, "value": {"type": "string"}},
        },
    },
}
"""The parts of Postman's v2.1 collection schema that this collection uses, as that schema
states them (``item`` is a request item or a folder, never both)."""


async def test_the_postman_collection_has_one_request_per_operation(
    sqlite_api: ApiClient, cli_env: dict[str, str]
) -> None:
    env = {**cli_env, "DATABASE_URL": UNREACHABLE_DATABASE}
    result = await asyncio.to_thread(run, ["openapi", "--postman"], env)
    assert result.returncode == 0, result.stderr
    collection = json.loads(result.stdout)
    jsonschema.Draft202012Validator(POSTMAN_V21_SUBSET).validate(collection)
    assert collection["info"]["schema"] == POSTMAN_SCHEMA_URL
    variables = {v["key"]: v["value"] for v in collection["variable"]}
    assert variables["baseUrl"] == "http://localhost:3978" and "token" in variables
    assert collection["auth"] == {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}],
    }
    document = await served_document(sqlite_api)
    by_route = {(m.upper(), p): op for m, p, op in operations(document)}
    seen: set[tuple[str, str]] = set()
    for folder in collection["item"]:
        assert "request" not in folder and folder["item"], folder["name"]
        for entry in folder["item"]:
            request = entry["request"]
            url = request["url"]
            path = "/" + "/".join(re.sub(r"^:(\w+)$", r"{\1}", segment) for segment in url["path"])
            route = (request["method"], path)
            assert route in by_route and route not in seen, route
            seen.add(route)
            operation = by_route[route]
            assert folder["name"] == operation["tags"][0]
            assert url["raw"].startswith("{{baseUrl}}" + re.sub(r"\{(\w+)\}", r":\1", path))
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            assert [v["key"] for v in url.get("variable", [])] == names
            queries = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            assert [q["key"] for q in url.get("query", [])] == [q["name"] for q in queries]
            for query, parameter in zip(url.get("query", []), queries, strict=True):
                assert query.get("disabled", False) is not parameter["required"]
            if "requestBody" in operation:
                example = operation["requestBody"]["content"]["application/json"]["example"]
                assert json.loads(request["body"]["raw"]) == example
            if not operation.get("security"):
                assert request["auth"] == {"type": "noauth"}
            else:
                assert "auth" not in request, "inherits the collection's bearer token"
    assert seen == set(by_route)
