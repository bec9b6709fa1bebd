"""Logging set-up for the bot process: plain lines or JSON, one level, and secrets kept out.

``RedactSecrets`` replaces the token in any record, including tracebacks and messages of
third-party libraries, so a token can never end up in a log even by accident. ``JsonFormatter``
writes one JSON object per line for log collectors (``LOG_FORMAT=json``).
"""

from __future__ import annotations

import datetime
import json
import logging
import sys

__all__ = ["JsonFormatter", "RedactSecrets", "configure_logging"]

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


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a single line of JSON."""
        entry = {"time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
                 .isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, secrets: list[str], log_format: str = "plain") -> None:
    """Log to stderr at ``level``; discord.py's own loggers follow the same settings."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(FORMAT))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
