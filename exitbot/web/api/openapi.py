"""The OpenAPI 3.1 document of the HR REST API, derived from the ``Endpoint`` declarations
and their pydantic models alone, so that what is served and what is documented agree."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from exitbot import __version__
from exitbot.store.tokens import TokenRole
from exitbot.web.api.dispatch import INVALID_CREDENTIALS, MAX_API_BODY_BYTES
from exitbot.web.api.endpoint import Endpoint
from exitbot.web.api.schemas import ErrorBody

OPENAPI_VERSION = "3.1.0"
TITLE = "ExitBot HR API"
SECURITY_SCHEME = "bearerAuth"
REF_TEMPLATE = "#/components/schemas/{model}"

_PATH_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}")

_DESCRIPTION = (
    "Exit interviews for HR tools. Authenticate with a Bearer token from "
    "`exitbot token create`: an hr-viewer token reads, an hr-admin token also writes. "
    'Every error answers `{"detail": "…"}`, a sentence that names the offending field '
    "or parameter on 422."
)


@dataclass(frozen=True, slots=True)
class ErrorCase:
    """One error status a route can answer: why, and an example of its detail."""

    status: int
    description: str
    detail: str
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PathParameter:
    """A ``{name}`` segment. Ids (``id``, ``…_id``) are numbers, as ``ApiCall.path_int``
    reads them; any other segment is text."""

    name: str

    @property
    def numeric(self) -> bool:
        return self.name == "id" or self.name.endswith("_id")

    def schema(self) -> dict[str, Any]:
        if self.numeric:
            return {"type": "integer", "minimum": 1, "format": "int64"}
        return {"type": "string"}


def path_parameters(path: str) -> list[PathParameter]:
    return [PathParameter(match.group(1)) for match in _PATH_PARAMETER.finditer(path)]


def openapi_path(path: str) -> str:
    """aiohttp's ``{name:regex}`` as OpenAPI's ``{name}``."""
    return _PATH_PARAMETER.sub(lambda match: "{" + match.group(1) + "}", path)


def operation_id(endpoint: Endpoint) -> str:
    """``POST /api/interviews/{id}/remind`` → ``postInterviewsByIdRemind``: readable in
    generated clients and in Swagger UI's links, and unique as long as method and path are."""
    words = [endpoint.method.lower()]
    for segment in openapi_path(endpoint.path).removeprefix("/api").strip("/").split("/"):
        match = _PATH_PARAMETER.fullmatch(segment)
        words.extend(["by", match.group(1)] if match else [segment])
    parts = [part for word in words for part in re.split(r"[^A-Za-z0-9]+", word) if part]
    return parts[0] + "".join(part[:1].upper() + part[1:] for part in parts[1:])


def openapi_document(endpoints: Sequence[Endpoint]) -> dict[str, Any]:
    """The whole document; raises ``ValueError`` when two endpoints would share an
    operationId (the same method and path, which the router would serve only once)."""
    schemas = _ComponentSchemas(endpoints)
    paths: dict[str, dict[str, Any]] = {}
    seen: dict[str, Endpoint] = {}
    for endpoint in endpoints:
        operation = _operation(endpoint, schemas)
        other = seen.setdefault(operation["operationId"], endpoint)
        if other is not endpoint:
            raise ValueError(
                f"{endpoint.method} {endpoint.path} and {other.method} {other.path} would "
                f"both be documented as {operation['operationId']}"
            )
        paths.setdefault(openapi_path(endpoint.path), {})[endpoint.method.lower()] = operation
    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": TITLE,
            "version": __version__,
            "description": _DESCRIPTION,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "tags": [{"name": tag} for tag in dict.fromkeys(e.tag for e in endpoints)],
        "paths": paths,
        "components": {
            "schemas": schemas.components(),
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from `exitbot token create` (hr-viewer or hr-admin).",
                }
            },
        },
    }
    return document


class _ComponentSchemas:
    """Every model's JSON schema in one pass, so shared models (enums, nested bodies) are
    defined once under ``components/schemas`` and referenced everywhere else. Query models
    are not components: their fields become parameters."""

    def __init__(self, endpoints: Sequence[Endpoint]) -> None:
        wanted: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {
            (ErrorBody, "serialization"): None
        }
        for endpoint in endpoints:
            wanted[(endpoint.query, "validation")] = None
            if endpoint.body is not None:
                wanted[(endpoint.body, "validation")] = None
            if endpoint.response is not None:
                wanted[(endpoint.response, "serialization")] = None
        refs, top = models_json_schema(list(wanted), ref_template=REF_TEMPLATE)
        self._refs = refs
        self._defs: dict[str, Any] = top.get("$defs", {})
        self._query_models = {endpoint.query for endpoint in endpoints}

    def ref(self, model: type[BaseModel], mode: JsonSchemaMode) -> dict[str, Any]:
        return dict(self._refs[(model, mode)])

    def definition(self, model: type[BaseModel], mode: JsonSchemaMode) -> dict[str, Any]:
        reference = self._refs[(model, mode)]["$ref"]
        return dict(self._defs[reference.rsplit("/", 1)[1]])

    def example(self, model: type[BaseModel], mode: JsonSchemaMode) -> Any:
        examples = self.definition(model, mode).get("examples") or []
        return examples[0] if examples else None

    def components(self) -> dict[str, Any]:
        query_names = {
            self._refs[(model, "validation")]["$ref"].rsplit("/", 1)[1]
            for model in self._query_models
        }
        kept = {name: schema for name, schema in self._defs.items() if name not in query_names}
        referenced = json.dumps(kept)
        for name in query_names:
            if f'"{REF_TEMPLATE.format(model=name)}"' in referenced:
                kept[name] = self._defs[name]
        return dict(sorted(kept.items()))


def _operation(endpoint: Endpoint, schemas: _ComponentSchemas) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": operation_id(endpoint),
        "summary": endpoint.summary,
        "tags": [endpoint.tag],
    }
    description = _description(endpoint)
    if description:
        operation["description"] = description
    parameters = [
        *_path_parameters(endpoint),
        *_query_parameters(endpoint, schemas),
        *_header_parameters(endpoint),
    ]
    if parameters:
        operation["parameters"] = parameters
    if endpoint.body is not None:
        content: dict[str, Any] = {"schema": schemas.ref(endpoint.body, "validation")}
        example = schemas.example(endpoint.body, "validation")
        if example is not None:
            content["example"] = example
        operation["requestBody"] = {"required": True, "content": {"application/json": content}}
    responses = {str(endpoint.status): _success(endpoint, schemas)}
    for case in _error_cases(endpoint, schemas):
        responses[str(case.status)] = _error_response(case, schemas)
    operation["responses"] = dict(sorted(responses.items()))
    if endpoint.role is not None:
        operation["security"] = [{SECURITY_SCHEME: []}]
        operation["x-required-role"] = endpoint.role.value
    return operation


def _description(endpoint: Endpoint) -> str:
    parts = [endpoint.description.strip()] if endpoint.description.strip() else []
    if endpoint.role is TokenRole.HR_ADMIN:
        parts.append("Needs an hr-admin token.")
    elif endpoint.role is TokenRole.HR_VIEWER:
        parts.append("Needs an hr-viewer or hr-admin token.")
    if endpoint.writes and endpoint.role is not None:
        parts.append("Writes are rate limited per token.")
    return "\n\n".join(parts)


def _path_parameters(endpoint: Endpoint) -> Iterator[dict[str, Any]]:
    for parameter in path_parameters(endpoint.path):
        entry: dict[str, Any] = {
            "name": parameter.name,
            "in": "path",
            "required": True,
            "schema": parameter.schema(),
        }
        if parameter.numeric:
            entry["description"] = "The number the resource is known by."
            entry["example"] = 42
        yield entry


def _query_parameters(endpoint: Endpoint, schemas: _ComponentSchemas) -> Iterator[dict[str, Any]]:
    definition = schemas.definition(endpoint.query, "validation")
    required = set(definition.get("required", []))
    for name, field_schema in definition.get("properties", {}).items():
        schema = _query_value_schema(field_schema, required=name in required)
        entry: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": schema,
        }
        description = schema.pop("description", None)
        if description:
            entry["description"] = description
        examples = schema.get("examples")
        if examples:
            entry["example"] = examples[0]
        if schema.get("type") == "array":
            entry["style"] = "form"
            entry["explode"] = True
        yield entry


def _query_value_schema(field_schema: dict[str, Any], *, required: bool) -> dict[str, Any]:
    """A field's schema as a query value: an absent parameter already means None, so the
    ``null`` branch of an optional field is dropped (a query string cannot carry null)."""
    schema = {key: value for key, value in field_schema.items() if key != "title"}
    branches = schema.get("anyOf")
    if not required and isinstance(branches, list):
        kept = [branch for branch in branches if branch != {"type": "null"}]
        if len(kept) != len(branches):
            del schema["anyOf"]
            if schema.get("default", ...) is None:
                del schema["default"]
            if len(kept) == 1:
                schema = {**kept[0], **schema}
            else:
                schema["anyOf"] = kept
    return schema


def _header_parameters(endpoint: Endpoint) -> Iterator[dict[str, Any]]:
    for name, description in endpoint.headers.items():
        yield {
            "name": name,
            "in": "header",
            "required": False,
            "description": description,
            "schema": {"type": "string"},
        }


def _success(endpoint: Endpoint, schemas: _ComponentSchemas) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": HTTPStatus(endpoint.status).phrase}
    if endpoint.status == HTTPStatus.NO_CONTENT:
        return answer
    media_type = endpoint.media_type.split(";", 1)[0].strip()
    content: dict[str, Any]
    if endpoint.response is not None:
        content = {"schema": schemas.ref(endpoint.response, "serialization")}
        example = endpoint.response_example
        if example is None:
            example = schemas.example(endpoint.response, "serialization")
    else:
        content = {"schema": {"type": "object"} if _is_json(media_type) else {"type": "string"}}
        example = endpoint.response_example
    if example is not None:
        content["example"] = example
    answer["content"] = {media_type: content}
    return answer


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def _error_cases(endpoint: Endpoint, schemas: _ComponentSchemas) -> list[ErrorCase]:
    """The error statuses ``endpoint`` can answer: those the dispatcher adds for its role,
    parameters and body, plus the ones it declares itself."""
    cases: dict[int, ErrorCase] = {}
    query_names = list(schemas.definition(endpoint.query, "validation").get("properties", {}))

    def add(case: ErrorCase) -> None:
        cases.setdefault(case.status, case)

    has_path_parameters = bool(path_parameters(endpoint.path))
    if endpoint.body is not None:
        add(ErrorCase(400, "The body is not valid JSON.", "The request body is not valid JSON"))
    if endpoint.role is not None:
        add(
            ErrorCase(
                401,
                "The token is missing, invalid, revoked or expired.",
                INVALID_CREDENTIALS,
                (("WWW-Authenticate", "Always `Bearer`."),),
            )
        )
    if endpoint.role is TokenRole.HR_ADMIN:
        add(
            ErrorCase(
                403,
                "The token's role may not do this: writes need hr-admin.",
                "This token's role (hr-viewer) may only read; writes need hr-admin",
            )
        )
    if has_path_parameters:
        add(ErrorCase(404, "There is no such resource.", _not_found(endpoint)))
    if endpoint.body is not None:
        add(
            ErrorCase(
                413,
                f"The body is larger than {MAX_API_BODY_BYTES // 1024} KiB.",
                f"The request body is larger than {MAX_API_BODY_BYTES} bytes",
            )
        )
    if endpoint.body is not None or query_names:
        add(ErrorCase(422, "A field or query parameter is invalid.", _invalid(endpoint, schemas)))
    if endpoint.writes and endpoint.role is not None:
        add(
            ErrorCase(
                429,
                "Too many writes with this token; Retry-After says when to try again.",
                "Too many writes: at most 60 a minute per token. Try again in 12 seconds.",
                (("Retry-After", "Seconds until a write is accepted again."),),
            )
        )
    if endpoint.role is not None:
        add(ErrorCase(500, "An unexpected failure, logged on the server.", "Internal error"))
    for status in endpoint.errors:
        phrase = HTTPStatus(status).phrase
        add(ErrorCase(status, f"{phrase}.", phrase))
    return sorted(cases.values(), key=lambda case: case.status)


def _not_found(endpoint: Endpoint) -> str:
    if "/interviews/" in endpoint.path:
        return "Interview not found"
    return "Not found"


def _invalid(endpoint: Endpoint, schemas: _ComponentSchemas) -> str:
    if endpoint.body is not None:
        body = schemas.definition(endpoint.body, "validation")
        if body.get("required"):
            return f"Invalid field '{body['required'][0]}': Field required"
        field = next(iter(body.get("properties") or ["body"]))
        return f"Invalid field '{field}': Input should be a valid value"
    query = schemas.definition(endpoint.query, "validation")
    name = next(iter(query.get("properties", {})))
    return f"Invalid query parameter '{name}': Input should be a valid value"


def _error_response(case: ErrorCase, schemas: _ComponentSchemas) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": case.description,
        "content": {
            "application/json": {
                "schema": schemas.ref(ErrorBody, "serialization"),
                "example": {"detail": case.detail},
            }
        },
    }
    if case.headers:
        answer["headers"] = {
            name: {"description": description, "required": True, "schema": _header_schema(name)}
            for name, description in case.headers
        }
    return answer


def _header_schema(name: str) -> dict[str, Any]:
    return {"type": "integer", "minimum": 0} if name == "Retry-After" else {"type": "string"}
