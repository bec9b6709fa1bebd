"""``factbot schema``: write the fact files' JSON Schema for editors, and link files to it.

The schema is generated from the validator's own definitions (``core/facts/jsonschema.py``) into
``FACTS/facts.schema.json``. A fact file whose first line is ``# yaml-language-server:
$schema=<path to it>`` gets completion and checks in VS Code's YAML extension; ``--link`` adds
that line to the files without it (nothing else in them changes), ``--check`` only says whether
the schema file is up to date (exit 1 if not).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bot.cli.options import USAGE_ERROR
from bot.core.facts.jsonschema import SCHEMA_NAME, fact_file_schema
from bot.core.facts.loader import fact_files

__all__ = ["LINK_PREFIX", "add_arguments", "link_line", "run", "schema_text"]

LINK_PREFIX = "# yaml-language-server: $schema="


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``factbot schema``."""
    parser.add_argument("--facts", default="facts", metavar="DIR",
                        help="folder of fact files (default: facts)")
    parser.add_argument("--output", metavar="PATH",
                        help=f"where to write the schema (default: DIR/{SCHEMA_NAME})")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the schema file is missing or out of date")
    parser.add_argument("--link", action="store_true",
                        help="add the yaml-language-server line to fact files without it")


def schema_text() -> str:
    """The schema as written to its file."""
    return json.dumps(fact_file_schema(), indent=2, ensure_ascii=False) + "\n"


def link_line(file: Path, schema: Path) -> str:
    """The first line that points an editor at the schema, from one fact file."""
    return LINK_PREFIX + os.path.relpath(schema, file.parent).replace(os.sep, "/") + "\n"


def run(args: argparse.Namespace) -> int:
    """Write (or check) the schema; with --link, link the fact files to it."""
    facts = Path(args.facts)
    if not facts.is_dir():
        print(f"factbot: error: --facts {facts}: no such folder", file=sys.stderr)
        return USAGE_ERROR
    output = Path(args.output) if args.output else facts / SCHEMA_NAME
    text = schema_text()
    unlinked = [path for path in fact_files(facts)
                if not path.read_text("utf-8", errors="replace").startswith(LINK_PREFIX)]
    if args.check:
        current = output.read_text("utf-8") if output.exists() else None
        if current != text:
            print(f"{output.as_posix()} is out of date: run factbot schema", file=sys.stderr)
            return 1
        print(f"{output.as_posix()} is up to date; {len(unlinked)} fact files do not link to it")
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"Wrote {output.as_posix()}")
    if args.link:
        for path in unlinked:
            path.write_bytes(link_line(path, output).encode() + path.read_bytes())
        print(f"Linked {len(unlinked)} fact files to it")
    elif unlinked:
        print(f"{len(unlinked)} fact files do not link to it (factbot schema --link adds "
              "the line)")
    return 0
