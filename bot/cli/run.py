"""``factbot run``: start the Discord bot with settings from the environment.

Logging is set up first (from ``LOG_LEVEL`` and ``LOG_FORMAT``, their defaults if malformed), so
that even a settings error is a log line, JSON with ``LOG_FORMAT=json``, and never shows a secret.
"""

from __future__ import annotations

import argparse
import logging
import textwrap
from collections.abc import Mapping
from typing import Any

from bot.logs import configure_logging
from bot.settings import SETTINGS, Settings, SettingsError, logging_from_env, secrets_in
from bot.startup import EXIT_CONFIG, EXIT_STATUSES

__all__ = ["add_arguments", "run"]

log = logging.getLogger("bot.cli.run")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``factbot run`` takes no options: every setting is an environment variable."""
    def rows(table: Mapping[Any, str], width: int) -> str:
        return "\n".join(textwrap.fill(meaning, 100, initial_indent=f"  {key!s:<{width}} ",
                                        subsequent_indent=" " * (width + 3))
                         for key, meaning in table.items())

    parser.epilog = (f"environment variables:\n{rows(SETTINGS, 22)}\n\n"
                     f"exit status:\n{rows(EXIT_STATUSES, 1)}")
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def run(args: argparse.Namespace) -> int:
    """Read the settings, then run the bot until SIGINT or SIGTERM; the exit status."""
    configure_logging(*logging_from_env(), secrets_in())
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        for problem in error.problems:
            log.error("%s", problem)
        log.error("`factbot doctor` checks every setting and says how to fix it")
        return EXIT_CONFIG
    # Imported here so the other subcommands never load discord.py.
    from bot.chat.runner import run as run_bot

    return run_bot(settings)
