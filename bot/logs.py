"""Logging set-up for the bot process: one format, one level, and secrets kept out.

``RedactSecrets`` replaces the token in any record, including tracebacks and messages of
third-party libraries, so a token can never end up in a log even by accident.
"""

from __future__ import annotations

import logging
import sys

__all__ = ["RedactSecrets", "configure_logging"]

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Replace each secret with a placeholder in the formatted record."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message (and exception text) without the secrets."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self.secrets:
            message = message.replace(secret, "[token]")
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, "[token]")
        record.msg, record.args = message, None
        return True


def configure_logging(level: str, secrets: list[str]) -> None:
    """Log to stderr at ``level``; discord.py's own loggers follow the same settings."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
