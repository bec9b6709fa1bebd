"""Checking request bodies against Discord's official OpenAPI description (../shared).

``request_problems("POST", "/interactions/1/tok/callback", body)`` finds the path template the
request matches, takes its JSON request-body schema, and lists every way the body breaks it, plus
Discord's 6000-character total and our no-ping rule for messages. When the spec is absent (a
checkout outside this team), ``spec_or_skip`` skips the calling test with the reason.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.discord_limits import message_problems

SPEC_PATH = Path(__file__).resolve().parent.parent.parent / "shared" / "discord-api-spec" / \
    "openapi.json"
_BASE = "urn:discord-openapi"


class DiscordSpec:
    """Discord's HTTP API description, with a validator per request-body schema."""

    def __init__(self, path: Path) -> None:
        self.document = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(self.document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(_BASE, resource)
        self.routes: list[tuple[re.Pattern[str], str, dict]] = []
        for template, item in self.document["paths"].items():
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
            for method, operation in item.items():
                if isinstance(operation, dict):
                    self.routes.append((pattern, method.upper(), operation))

    @functools.cache  # noqa: B019 (one spec object per session)
    def _validator(self, schema_json: str) -> Draft202012Validator:
        return Draft202012Validator(json.loads(schema_json), registry=self.registry)

    def body_schema(self, method: str, path: str) -> dict | None:
        """The JSON request-body schema of the operation a request matches, if any."""
        path = path.split("?", 1)[0]
        for pattern, verb, operation in self.routes:
            if verb == method.upper() and pattern.match(path):
                content = operation.get("requestBody", {}).get("content", {})
                return content.get("application/json", {}).get("schema")
        return None

    def known(self, method: str, path: str) -> bool:
        """Whether the spec describes this method and path at all."""
        path = path.split("?", 1)[0]
        return any(verb == method.upper() and pattern.match(path)
                   for pattern, verb, _ in self.routes)

    def _discriminated(self, schema: dict, body: object) -> dict:
        """For an anyOf of request types, the one branch whose ``type`` enum fits the body."""
        if "anyOf" not in schema or not isinstance(body, dict) or "type" not in body:
            return schema
        fitting = []
        for branch in schema["anyOf"]:
            target = branch
            if "$ref" in branch:
                target = self.document["components"]["schemas"][branch["$ref"].rsplit("/", 1)[1]]
            enum = target.get("properties", {}).get("type", {}).get("enum", [])
            if body["type"] in enum:
                fitting.append(branch)
        return fitting[0] if len(fitting) == 1 else schema

    def problems(self, method: str, path: str, body: object) -> list[str]:
        """Every way a request body breaks the spec and Discord's message limits."""
        found = []
        schema = self.body_schema(method, path)
        if schema is not None:
            schema = _anchored(self._discriminated(schema, body))
            validator = self._validator(json.dumps(schema, sort_keys=True))
            error = best_match(validator.iter_errors(body))
            while error is not None and error.context:  # the branch of an anyOf that came closest
                error = best_match(error.context)
            if error is not None:
                where = "/".join(str(part) for part in error.absolute_path) or "body"
                found.append(f"{method} {path}: {where}: {error.message[:300]}")
        message = _message_of(path, body)
        if message is not None:
            found.extend(f"{method} {path}: {problem}" for problem in message_problems(message))
        return found


def _anchored(schema: dict) -> dict:
    """Make the schema's internal references point into the whole OpenAPI document."""
    text = json.dumps(schema).replace('"$ref": "#/', f'"$ref": "{_BASE}#/')
    return json.loads(text)


def _message_of(path: str, body: object) -> dict | None:
    """The message part of a request that posts or edits one (callback type 4 or 7, a channel
    message, an interaction's follow-up or the edit of its original response)."""
    if not isinstance(body, dict):
        return None
    path = path.split("?", 1)[0]
    if path.endswith("/callback"):
        return body.get("data") if body.get("type") in (4, 7) else None
    if re.search(r"/channels/\d+/messages$|^/webhooks/\d+/[^/]+(/messages/@original)?$", path):
        return body
    return None


# Set by .ci/run: a missing spec fails every test that validates against it instead of
# skipping it (or, in the loopback, silently validating nothing).
REQUIRED = os.environ.get("FACTBOT_REQUIRE_SHARED") == "1"


@functools.lru_cache(maxsize=1)
def _spec() -> DiscordSpec | None:
    return DiscordSpec(SPEC_PATH) if SPEC_PATH.is_file() else None


def _missing() -> str:
    return f"Discord's OpenAPI description is not at {SPEC_PATH}"


def spec_or_skip() -> DiscordSpec:
    """The spec, or skip the calling test when ../shared is not beside the checkout (fail
    under FACTBOT_REQUIRE_SHARED=1)."""
    spec = _spec()
    if spec is None:
        if REQUIRED:
            pytest.fail(f"{_missing()} (FACTBOT_REQUIRE_SHARED=1)")
        pytest.skip(_missing())
    return spec


def spec_if_present() -> DiscordSpec | None:
    """The spec when present (the loopback Discord validates with it when it can); under
    FACTBOT_REQUIRE_SHARED=1 its absence fails the test."""
    if REQUIRED:
        return spec_or_skip()
    return _spec()
