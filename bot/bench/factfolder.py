"""A large synthetic fact folder on disk, for the loading benchmark.

``write_fact_folder`` writes entity files and fact files (100 facts each, about 340 bytes of YAML
per fact, like the real ones) beside a copy of the project's seeds. Every fact cites a real seed
with a real sentence of it, so the folder validates clean and the loader does all its work.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

from bot.bench.synthetic import synthetic_base
from bot.core.facts.faithfulness import ANALYSIS_OPENERS, cues_in
from bot.core.facts.model import Seed
from bot.core.facts.seeds import Sentence, load_seeds, sentences

__all__ = ["FACTS_PER_FILE", "write_fact_folder"]

FACTS_PER_FILE = 100
ENTITIES_PER_FILE = 500
_VERBS = ("signed a financing agreement with", "held talks with", "criticised",
          "opened a trade route to", "announced joint patrols with", "received a grant from",
          "accused", "delivered grain to", "hosted a delegation from", "suspended ties with")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reported(article: Seed) -> list[Sentence]:
    """The sentences a fact may quote as plain reporting: no attribution or hedge in them, and
    not in a paragraph of the article's own analysis (the validator's F210 and F211)."""
    cut = sentences(article)
    openers = {s.line: s.normalised for s in reversed(cut)}  # each paragraph's first sentence
    return [s for s in cut if not cues_in(s.text)
            and not openers[s.line].startswith(ANALYSIS_OPENERS)]


def write_fact_folder(root: Path, facts: int, seeds_from: Path, seed: int = 7) -> tuple[Path, Path]:
    """Write ``facts`` facts about ``facts // 20`` entities under ``root``; return
    (facts folder, seeds folder)."""
    rng = random.Random(seed)
    facts_dir, seeds_dir = root / "facts", root / "seeds"
    shutil.rmtree(root, ignore_errors=True)
    facts_dir.mkdir(parents=True)
    shutil.copytree(seeds_from, seeds_dir)
    seeds = load_seeds(seeds_dir, "seeds")[0]
    quotes = [(seed_id, s.text[:120].rsplit(" ", 1)[0] if len(s.text) > 120 else s.text)
              for seed_id, article in sorted(seeds.items()) for s in _reported(article)
              if len(s.text) >= 40 and '"' not in s.text and "\\" not in s.text]
    entities = list(synthetic_base(max(facts // 20, 10), seed).base.entities.values())
    for start in range(0, len(entities), ENTITIES_PER_FILE):
        lines = ["entities:"]
        for entity in entities[start:start + ENTITIES_PER_FILE]:
            lines += [f"  - id: {entity.id}", f"    kind: {entity.kind}",
                      f"    name: {_quote(entity.name)}"]
            if entity.aliases:
                lines.append(f"    aliases: [{', '.join(_quote(a) for a in entity.aliases)}]")
            lines.append("")  # no summary: one would have to list the records it restates
        (facts_dir / "entities").mkdir(exist_ok=True)
        (facts_dir / "entities" / f"part-{start // ENTITIES_PER_FILE:04d}.yaml").write_text(
            "\n".join(lines), encoding="utf-8")
    for start in range(0, facts, FACTS_PER_FILE):
        lines = ["facts:"]
        for number in range(start, min(start + FACTS_PER_FILE, facts)):
            one, other = rng.sample(entities, 2)
            seed_id, quote = rng.choice(quotes)
            year = rng.randint(1990, 2025)
            added = dt.date(2026, 1, 1) + dt.timedelta(days=number % 300)
            lines += [f"  - id: fact-{number:06d}",
                      f"    text: {one.name} {rng.choice(_VERBS)} {other.name} in {year}.",
                      f"    about: [{one.id}, {other.id}]",
                      f'    when: "{year}"',
                      f'    added: "{added.isoformat()}"',
                      "    source:", f"      seed: {seed_id}", f"      quote: {_quote(quote)}",
                      ""]
        folder = facts_dir / "statements" / f"{start // (FACTS_PER_FILE * 50):03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"batch-{start // FACTS_PER_FILE:05d}.yaml").write_text(
            "\n".join(lines), encoding="utf-8")
    return facts_dir, seeds_dir
