"""The fact files' JSON Schema, for editors: generated from ``schema.SECTIONS``, the very
definitions the validator checks against."""

from __future__ import annotations

__all__ = ["SCHEMA_NAME"]

SCHEMA_NAME = "facts.schema.json"  # written into the facts folder by ``factbot schema``
