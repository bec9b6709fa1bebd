"""Load the fact base: the one function the validator, the console and the bot all use.

``load_fact_base`` never raises on bad data. It returns the fact base built from every usable
record together with the problems found, so a running bot can decide to keep its last good base
when a reload finds problems, and the validator can list them all in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.crosscheck import crosscheck
from bot.core.factbase import FactBase
from bot.core.problems import Problem, sort_problems
from bot.core.records import FileRecords, parse_fact_file
from bot.core.seeds import load_seeds

__all__ = ["FACT_SUFFIXES", "LoadResult", "fact_files", "load_fact_base", "path_label"]

FACT_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class LoadResult:
    """A loaded fact base, the problems found while loading it, and the files read."""

    base: FactBase
    problems: list[Problem]
    files: list[str]

    @property
    def ok(self) -> bool:
        """True when the fact base has no problems at all."""
        return not self.problems


def path_label(folder: Path) -> str:
    """How a folder is named in messages: as the user gave it, with forward slashes."""
    return folder.as_posix().rstrip("/") or "."


def fact_files(facts_dir: Path) -> list[Path]:
    """Every fact file under a folder, in a stable order (hidden folders are skipped)."""
    found = [
        path for path in facts_dir.rglob("*")
        if path.suffix in FACT_SUFFIXES and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(facts_dir).parts)
    ]
    return sorted(found)


def load_fact_base(facts_dir: Path | str, seeds_dir: Path | str) -> LoadResult:
    """Read, check and assemble the fact base under ``facts_dir`` with its seeds."""
    facts_dir, seeds_dir = Path(facts_dir), Path(seeds_dir)
    label = path_label(facts_dir)
    if not facts_dir.is_dir():
        missing = Problem(label, 0, 0, "F000", "the facts folder does not exist; pass --facts "
                          "with the folder that holds the fact files")
        return LoadResult(FactBase.empty(), [missing], [])
    seeds, problems = load_seeds(seeds_dir, path_label(seeds_dir))
    files: list[FileRecords] = []
    for path in fact_files(facts_dir):
        name = f"{label}/{path.relative_to(facts_dir).as_posix()}"
        records = parse_fact_file(name, path.read_bytes())
        files.append(records)
        problems.extend(records.problems)
    (entities, agreements, relations, facts, notes), cross = crosscheck(files, seeds)
    problems.extend(cross)
    base = FactBase.build(entities, agreements, relations, facts, seeds, notes)
    return LoadResult(base, sort_problems(problems), [f.path for f in files])
