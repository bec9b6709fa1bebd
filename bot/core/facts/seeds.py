"""Seed articles: loading their text and metadata, normalising text for quote checks, and cutting
an article into sentences for the coverage report.

A seed is ``NAME.txt`` (the article, byte-for-byte as received) beside ``NAME.meta.yaml`` (its id,
title, byline, outlet, original source; never an invented date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, cast

from bot.core.facts.dates import When
from bot.core.facts.model import Seed
from bot.core.facts.problems import Problem
from bot.core.facts.schema import SEED_METADATA, convert
from bot.core.facts.yamltree import decode_utf8, read_yaml

__all__ = ["Sentence", "load_seeds", "normalise_quote", "sentences"]

_QUOTES = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"',
})
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[A-Z\"“‘'(])")
_BULLET = re.compile(r"^[•·▪\-*]\s+")
META_SUFFIX = ".meta.yaml"


class _SeedValues(TypedDict, total=False):
    """A seed's metadata as ``convert`` makes it of ``SEED_METADATA``."""

    id: str
    title: str
    byline: str
    outlet: str
    original_source: str
    published: When
    url: str


def normalise_quote(text: str) -> str:
    """Text as quotes are compared: whitespace runs become one space, curly quotes straight."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a seed: its 1-based line, its text, and its span in the joined text."""

    line: int
    text: str
    normalised: str
    start: int
    end: int


def sentences(seed: Seed) -> list[Sentence]:
    """Cut a seed into sentences (each non-empty line, split at sentence ends; bullets removed).

    Spans index into the sentences' normalised texts joined by single spaces, so that a quote
    that runs across a sentence boundary can be matched to every sentence it touches.
    """
    found: list[Sentence] = []
    offset = 0
    for number, raw in enumerate(seed.text.splitlines(), start=1):
        line = _BULLET.sub("", raw.strip())
        if not line:
            continue
        position = 0
        pieces = []
        for match in _SENTENCE_END.finditer(line):
            pieces.append(line[position:match.end()].strip())
            position = match.end()
        pieces.append(line[position:].strip())
        for piece in filter(None, pieces):
            normalised = normalise_quote(piece)
            found.append(Sentence(number, piece, normalised, offset, offset + len(normalised)))
            offset += len(normalised) + 1
    return found


def load_seeds(seeds_dir: Path, label: str) -> tuple[dict[str, Seed], list[Problem]]:
    """Load every seed under ``seeds_dir``; ``label`` is how paths are shown in problems."""
    seeds: dict[str, Seed] = {}
    problems: list[Problem] = []
    if not seeds_dir.is_dir():
        problems.append(Problem(label, 0, 0, "F000", "the seeds folder does not exist; pass "
                                "--seeds with the folder that holds the articles"))
        return seeds, problems
    texts = {path.name.removesuffix(".txt"): path for path in seeds_dir.glob("*.txt")}
    metas = {path.name.removesuffix(META_SUFFIX): path
             for path in seeds_dir.glob(f"*{META_SUFFIX}")}
    for stem in sorted(texts.keys() - metas.keys()):
        problems.append(Problem(f"{label}/{stem}.txt", 1, 1, "F401",
                                f"this article has no metadata; create {stem}{META_SUFFIX} with "
                                "its id and title"))
    for stem in sorted(metas.keys() - texts.keys()):
        problems.append(Problem(f"{label}/{stem}{META_SUFFIX}", 1, 1, "F402",
                                f"there is no article {stem}.txt beside this metadata; add the "
                                "article or delete the metadata"))
    for stem in sorted(texts.keys() & metas.keys()):
        seed = _load_one(label, stem, texts[stem], metas[stem], problems)
        if seed is None:
            continue
        if seed.id in seeds:
            problems.append(Problem(f"{label}/{stem}{META_SUFFIX}", 1, 1, "F201",
                                    f"seed id '{seed.id}' is already used by {seeds[seed.id].path};"
                                    " give each article its own id"))
            continue
        seeds[seed.id] = seed
    return seeds, problems


def _load_one(label: str, stem: str, text_path: Path, meta_path: Path,
              problems: list[Problem]) -> Seed | None:
    text_label = f"{label}/{stem}.txt"
    meta_label = f"{label}/{stem}{META_SUFFIX}"
    text, text_problems = decode_utf8(text_label, text_path.read_bytes())
    problems.extend(text_problems)
    root, meta_problems = read_yaml(meta_label, meta_path.read_bytes())
    problems.extend(meta_problems)
    if text is None or root is None:
        return None
    converted = convert(meta_label, root, SEED_METADATA, "seed's metadata", problems)
    if converted is None or not {"id", "title"} <= converted[0].keys():
        return None
    values = cast(_SeedValues, converted[0])
    published = values.get("published")
    return Seed(
        values["id"], values["title"], values.get("byline"), values.get("outlet"),
        values.get("original_source"), published.iso() if published else None,
        text_label, text, values.get("url"),
    )
