"""Checks real responses against the committed openapi/openapi.json, as test/helpers/openapi.ts does for the
TypeScript tests: the operation is found from the method and path, the status must be documented, and a JSON
body must match the documented schema."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import httpx
import jsonschema_rs

DOCUMENT = json.loads((Path(__file__).parents[2] / "openapi" / "openapi.json").read_text())


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")


# Fewer parameters first, so /v2/generations/estimate wins over /v2/generations/{id}/...
_TEMPLATES = sorted(((t, _template_regex(t)) for t in DOCUMENT["paths"]), key=lambda item: item[0].count("{"))
_validators: dict[str, jsonschema_rs.Validator] = {}


def _validator(pointer: str) -> jsonschema_rs.Validator:
    if pointer not in _validators:
        schema = dict(DOCUMENT)
        schema["$ref"] = "#" + urllib.parse.quote(pointer, safe="/~")
        _validators[pointer] = jsonschema_rs.validator_for(schema)
    return _validators[pointer]


def response_problems(method: str, path: str, status: int, content_type: str | None, body: bytes) -> list[str]:
    """Problems of one response against the document (empty when it conforms)."""
    template = next((t for t, regex in _TEMPLATES if regex.match(path)), None)
    if template is None:
        return [f"{method} {path} is not in openapi.json"]
    operation = DOCUMENT["paths"][template].get(method.lower())
    if operation is None:
        return [f"{method} {template} is not in openapi.json"]
    response = operation["responses"].get(str(status))
    if response is None:
        return [f"{method} {template} answered {status}, which openapi.json does not document"]
    if not content_type or "application/json" not in content_type:
        return []
    if "application/json" not in response.get("content", {}):
        return [f"{method} {template} {status} has a JSON body that openapi.json does not document"]
    escaped = template.replace("~", "~0").replace("/", "~1")
    pointer = f"/paths/{escaped}/{method.lower()}/responses/{status}/content/application~1json/schema"
    errors = _validator(pointer).iter_errors(json.loads(body))
    return [f"{method} {template} {status}: {error.message}" for error in errors]


def checking_client(base_url: str, problems: list[str], **kwargs) -> httpx.Client:
    """An httpx client (for the SDK's `httpx_client=`) that records every answer from `base_url` that does not
    match the document into `problems`."""

    def check(response: httpx.Response) -> None:
        if not str(response.url).startswith(base_url):
            return
        response.read()
        problems.extend(
            response_problems(
                response.request.method,
                response.url.path,
                response.status_code,
                response.headers.get("content-type"),
                response.content,
            )
        )

    return httpx.Client(event_hooks={"response": [check]}, follow_redirects=True, timeout=30, **kwargs)
