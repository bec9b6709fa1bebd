"""Seed articles: loading their text and metadata, normalising text for quote checks, and cutting
an article into sentences for the coverage report.

A seed is ``NAME.txt`` (the article, byte-for-byte as received) beside ``NAME.meta.yaml`` (its id,
title, byline, outlet, original source; never an invented date).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, cast

from bot.core.facts.dates import When
from bot.core.facts.files import SourceFolder
from bot.core.facts.model import Seed
from bot.core.facts.problems import Problem
from bot.core.facts.schema import SEED_METADATA, convert
from bot.core.facts.yamltree import Node, decode_utf8, read_yaml

__all__ = ["SeedFiles", "Sentence", "UnusableSeeds", "load_seeds", "normalise_quote",
           "read_seed_files", "seeds_from", "sentences"]

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


@dataclass(frozen=True, slots=True)
class UnusableSeeds:
    """Seeds left out for problems of their own: a citation of one is not reported as an
    unknown seed, since their own problem is the cause. ``ids`` are those whose id is known;
    ``unknown`` is true when some seed's id could not be read at all (an article without
    metadata, metadata that cannot be read or parsed), so no citation is reported."""

    ids: frozenset[str] = frozenset()
    unknown: bool = False

    def cover(self, seed_id: str) -> bool:
        """Whether a citation of ``seed_id`` may be to one of these seeds."""
        return self.unknown or seed_id in self.ids


@dataclass(frozen=True, slots=True)
class SeedFiles:
    """A seeds folder as read: each seed file's bytes, or why it cannot be read, by file
    name; the problems met listing it; and whether the folder exists."""

    label: str
    exists: bool
    contents: dict[str, bytes | Problem]
    problems: list[Problem]

    def digest(self) -> str:
        """A hash of everything read: equal digests give equal seeds."""
        digest = hashlib.sha256(f"{self.exists}{self.problems}".encode())
        for name, content in sorted(self.contents.items()):
            data = content if isinstance(content, bytes) else str(content).encode()
            digest.update(name.encode() + b"\0" + data + b"\0")
        return digest.hexdigest()


def read_seed_files(seeds_dir: Path, label: str) -> SeedFiles:
    """Read every seed file (``*.txt``, ``*.meta.yaml``) of a folder; never raises."""
    if not seeds_dir.is_dir():
        return SeedFiles(label, False, {}, [])
    folder = SourceFolder(seeds_dir, label, seeds=True)
    listing = folder.files()
    contents: dict[str, bytes | Problem] = {}
    for path, name in listing.files:
        read = folder.read(path, name)
        if read is not None:  # None: deleted since it was listed, so not there
            contents[path.name] = read
    return SeedFiles(label, True, contents, listing.problems)


def load_seeds(seeds_dir: Path, label: str) -> tuple[dict[str, Seed], list[Problem],
                                                    UnusableSeeds]:
    """Load every seed under ``seeds_dir``; ``label`` is how paths are shown in problems."""
    return seeds_from(read_seed_files(seeds_dir, label))


def seeds_from(files: SeedFiles) -> tuple[dict[str, Seed], list[Problem], UnusableSeeds]:
    """The seeds in a folder's files, the problems found, and the seeds left out for them."""
    label = files.label
    seeds: dict[str, Seed] = {}
    problems: list[Problem] = list(files.problems)
    if not files.exists:
        problems.append(Problem(label, 0, 0, "F000", "the seeds folder does not exist; pass "
                                "--seeds with the folder that holds the articles"))
        return seeds, problems, UnusableSeeds()
    texts = {name.removesuffix(".txt"): content for name, content in files.contents.items()
             if name.endswith(".txt")}
    metas = {name.removesuffix(META_SUFFIX): content
             for name, content in files.contents.items() if name.endswith(META_SUFFIX)}
    unusable: set[str] = set()
    unknown = False
    for stem in sorted(texts.keys() - metas.keys()):
        problems.append(Problem(f"{label}/{stem}.txt", 1, 1, "F401",
                                f"this article has no metadata; create {stem}{META_SUFFIX} with "
                                "its id and title"))
        unknown = True
    for stem in sorted(metas.keys() - texts.keys()):
        problems.append(Problem(f"{label}/{stem}{META_SUFFIX}", 1, 1, "F402",
                                f"there is no article {stem}.txt beside this metadata; add the "
                                "article or delete the metadata"))
        unknown |= not _salvage_id(metas[stem], unusable)
    for stem in sorted(texts.keys() & metas.keys()):
        seed = _load_one(label, stem, texts[stem], metas[stem], problems)
        if seed is None:
            unknown |= not _salvage_id(metas[stem], unusable)
            continue
        if seed.id in seeds:
            problems.append(Problem(f"{label}/{stem}{META_SUFFIX}", 1, 1, "F201",
                                    f"seed id '{seed.id}' is already used by {seeds[seed.id].path};"
                                    " give each article its own id"))
            continue
        seeds[seed.id] = seed
    return seeds, problems, UnusableSeeds(frozenset(unusable - seeds.keys()), unknown)


_META_ID = re.compile(rb"^id:[ \t]*[\"']?([^\s\"'#]+)", re.MULTILINE)


def _salvage_id(meta: bytes | Problem, found: set[str]) -> bool:
    """Add the id metadata seems to give (a text search: it may not parse) to ``found``;
    False when there is none to be found."""
    match = _META_ID.search(meta) if isinstance(meta, bytes) else None
    if match is None:
        return False
    found.add(match.group(1).decode("utf-8", "replace"))
    return True


def _load_one(label: str, stem: str, text_data: bytes | Problem, meta_data: bytes | Problem,
              problems: list[Problem]) -> Seed | None:
    text_label = f"{label}/{stem}.txt"
    meta_label = f"{label}/{stem}{META_SUFFIX}"
    text: str | None = None
    root: Node | None = None
    for data in (text_data, meta_data):
        if isinstance(data, Problem):
            problems.append(data)
    if isinstance(text_data, bytes):
        text, text_problems = decode_utf8(text_label, text_data)
        problems.extend(text_problems)
    if isinstance(meta_data, bytes):
        root, meta_problems = read_yaml(meta_label, meta_data)
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
