"""``factbot run``: start the Discord bot with settings from the environment."""

from __future__ import annotations

import argparse
import sys

from bot.settings import SETTINGS, Settings, SettingsError

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``factbot run`` takes no options: every setting is an environment variable."""
    parser.epilog = "environment variables:\n" + "\n".join(
        f"  {name:<18} {meaning}" for name, meaning in SETTINGS.items())
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def run(args: argparse.Namespace) -> int:
    """Read the settings, then run the bot until SIGINT or SIGTERM."""
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        for problem in error.problems:
            print(f"factbot run: {problem}", file=sys.stderr)
        print("factbot run: `factbot doctor` checks every setting and says how to fix it",
              file=sys.stderr)
        return 2
    # Imported here so the other subcommands never load discord.py.
    from bot.chat.runner import run as run_bot
    from bot.logs import configure_logging

    configure_logging(settings.log_level, settings.secrets(), settings.log_format)
    return run_bot(settings)
