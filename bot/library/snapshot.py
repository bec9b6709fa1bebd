"""``python -m bot.library.snapshot``: write the start-up snapshot of a fact folder in its own
process.

The running bot starts this after a load that changed something, so that pickling a large base
never stalls it. It loads the folder the way the bot does (from the last snapshot and the parse
cache, so only what changed is read) and writes the snapshot atomically.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bot.library.served import FactLibrary

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Load the fact folder with its caches and write the snapshot; the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bot.library.snapshot", description=__doc__)
    parser.add_argument("--facts", type=Path, required=True)
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    library = FactLibrary(args.facts, args.seeds, args.cache, snapshot_writer=False)
    library.save_snapshot()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
