"""A Postman collection (v2.1) made from the OpenAPI document, for HR engineers who try the
API from Postman: one folder per tag, one request per operation, the token set once."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field

POSTMAN_SCHEMA = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
DEFAULT_BASE_URL = "http://localhost:3978"

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PATH_PARAMETER = re.compile(r"\{([^}]+)\}")


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class KeyValue(_Model):
    key: str
    value: str = ""
    description: str | None = None
    disabled: bool | None = None
    type: str | None = None


class Auth(_Model):
    type: str
    bearer: list[KeyValue] | None = None


class Url(_Model):
    raw: str
    host: list[str]
    path: list[str]
    query: list[KeyValue] | None = None
    variable: list[KeyValue] | None = None


class RawOptions(_Model):
    language: str


class Body(_Model):
    mode: str = "raw"
    raw: str
    options: dict[str, RawOptions] | None = None


class Request(_Model):
    method: str
    header: list[KeyValue] = Field(default_factory=list)
    url: Url
    body: Body | None = None
    auth: Auth | None = None
    description: str | None = None


class RequestItem(_Model):
    name: str
    request: Request
    response: list[Any] = Field(default_factory=list)


class Folder(_Model):
    name: str
    item: list[RequestItem]
    description: str | None = None


class Info(_Model):
    name: str
    schema_: str = Field(POSTMAN_SCHEMA, alias="schema")
    description: str | None = None
    version: str | None = None


class Collection(_Model):
    info: Info
    item: list[Folder]
    auth: Auth
    variable: list[KeyValue]


def postman_collection(
    document: dict[str, Any], base_url: str = DEFAULT_BASE_URL
) -> dict[str, Any]:
    """``document`` (OpenAPI 3.1) as a collection whose requests use ``{{baseUrl}}`` and a
    collection-level bearer ``{{token}}``; public operations send no token."""
    info = document.get("info", {})
    folders: dict[str, Folder] = {}
    tag_descriptions = {tag["name"]: tag.get("description") for tag in document.get("tags", [])}
    for path, path_item in document.get("paths", {}).items():
        for method in _METHODS:
            operation = path_item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["default"])[0]
            folder = folders.setdefault(
                tag, Folder(name=tag, item=[], description=tag_descriptions.get(tag))
            )
            folder.item.append(_request_item(document, path, method, path_item, operation))
    collection = Collection(
        info=Info(
            name=info.get("title", "API"),
            description=info.get("description"),
            version=info.get("version"),
        ),
        item=list(folders.values()),
        auth=Auth(type="bearer", bearer=[KeyValue(key="token", value="{{token}}", type="string")]),
        variable=[
            KeyValue(key="baseUrl", value=base_url, type="string"),
            KeyValue(
                key="token",
                value="",
                type="string",
                description="A token from `exitbot token create`",
            ),
        ],
    )
    return collection.model_dump(mode="json", by_alias=True, exclude_none=True)


def _request_item(
    document: dict[str, Any],
    path: str,
    method: str,
    path_item: dict[str, Any],
    operation: dict[str, Any],
) -> RequestItem:
    parameters = [*path_item.get("parameters", []), *operation.get("parameters", [])]
    query = _entries(document, parameters, "query")
    variables = _entries(document, parameters, "path")
    headers = _entries(document, parameters, "header")
    body = _body(operation)
    if body is not None:
        headers.append(KeyValue(key="Content-Type", value="application/json"))
    segments = [_PATH_PARAMETER.sub(r":\1", s) for s in path.strip("/").split("/") if s]
    enabled = "&".join(
        f"{quote(q.key)}={quote(q.value, safe='{}:,')}" for q in query if not q.disabled
    )
    raw = "{{baseUrl}}/" + "/".join(segments) + (f"?{enabled}" if enabled else "")
    request = Request(
        method=method.upper(),
        header=headers,
        url=Url(
            raw=raw,
            host=["{{baseUrl}}"],
            path=segments,
            query=query or None,
            variable=variables or None,
        ),
        body=body,
        auth=None if operation.get("security") else Auth(type="noauth"),
        description=operation.get("description"),
    )
    return RequestItem(name=operation.get("summary") or operation["operationId"], request=request)


def _entries(
    document: dict[str, Any], parameters: list[dict[str, Any]], place: str
) -> list[KeyValue]:
    """The parameters ``in`` one place, each with a value to start from; optional query
    parameters and headers start disabled, so that a request sends only what it needs."""
    return [
        KeyValue(
            key=parameter["name"],
            value=_sample(document, parameter),
            description=parameter.get("description"),
            disabled=None if place == "path" or parameter.get("required") else True,
        )
        for parameter in parameters
        if parameter.get("in") == place
    ]


def _body(operation: dict[str, Any]) -> Body | None:
    content = operation.get("requestBody", {}).get("content", {})
    json_body = content.get("application/json")
    if json_body is None:
        return None
    example = json_body.get("example", {})
    return Body(
        raw=json.dumps(example, indent=2, ensure_ascii=False),
        options={"raw": RawOptions(language="json")},
    )


def _sample(document: dict[str, Any], parameter: dict[str, Any]) -> str:
    """A value to start from: the parameter's example, else its default, else its first
    allowed value, else nothing."""
    schema = _resolve(document, parameter.get("schema", {}))
    for value in (parameter.get("example"), schema.get("default"), *schema.get("enum", [None])):
        if value is not None:
            return value if isinstance(value, str) else json.dumps(value)
    return ""


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with a local ``$ref`` merged in (its own keywords win, as in 3.1)."""
    reference = schema.get("$ref")
    if not isinstance(reference, str) or not reference.startswith("#/"):
        return schema
    target: Any = document
    for part in reference[2:].split("/"):
        target = target.get(part, {}) if isinstance(target, dict) else {}
    return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
