"""Writing fact files the way a maintainer would, for tests that change the fact base."""

from __future__ import annotations

from pathlib import Path

NEW_FACT = """facts:
  - id: {id}
    text: {text}
    about: [{about}]
    added: "2026-11-25"
    source:
      seed: mali-niger-military-ties
      quote: "{quote}"
"""
GOOD_QUOTE = "the two countries seek to strengthen their military cooperation"


def add_fact(facts: Path, fact_id: str, text: str, about: str, *,
             quote: str = GOOD_QUOTE) -> None:
    """Add a one-fact file under ``facts/statements`` (``quote``: its source quote)."""
    (facts / "statements" / f"{fact_id}.yaml").write_text(
        NEW_FACT.format(id=fact_id, text=text, about=about, quote=quote), encoding="utf-8")
