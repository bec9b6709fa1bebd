"""Logging set-up for the bot process: plain lines or JSON, one level, and secrets kept out.

``RedactSecrets`` replaces each secret in any record, including tracebacks and messages of
third-party libraries, so a token or a database password can never end up in a log even by
accident. ``JsonFormatter`` writes one JSON object per line for log collectors
(``LOG_FORMAT=json``). ``configure_logging`` also routes what Python would print to stderr by
itself (an uncaught exception, one in a thread, an "exception ignored" and a warning) through the
same handler, so with ``LOG_FORMAT=json`` every line on stderr is JSON.
"""

from __future__ import annotations

import datetime
import json
import logging
import sys
import threading
from collections.abc import Mapping
from types import TracebackType
from typing import Any

__all__ = ["JsonFormatter", "RedactSecrets", "configure_logging", "redact"]

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

log = logging.getLogger("bot")


def redact(text: str, secrets: Mapping[str, str]) -> str:
    """``text`` with each secret replaced by what may be shown instead (``[token]``, a masked
    URL, ``***``), the longest first: a URL is masked whole before its password alone is."""
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        text = text.replace(secret, secrets[secret])
    return text


class RedactSecrets(logging.Filter):
    """Keep the secrets out of every record, its traceback included."""

    def __init__(self, secrets: Mapping[str, str]) -> None:
        super().__init__()
        self.secrets = dict(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message (and exception text) without the secrets."""
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        record.msg, record.args = redact(record.getMessage(), self.secrets), None
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


def configure_logging(level: str, log_format: str, secrets: Mapping[str, str]) -> None:
    """Log to stderr at ``level``; discord.py's loggers, asyncio's (a failed callback or task),
    warnings and uncaught exceptions all go through the same handler and redaction."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(FORMAT))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_thread_exception
    sys.unraisablehook = _log_unraisable


def _log_uncaught(kind: type[BaseException], error: BaseException,
                  traceback: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, traceback)
        return
    log.critical("unexpected error, the process stops: %s: %s", kind.__name__, error,
                 exc_info=(kind, error, traceback))


def _log_thread_exception(args: Any) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    log.error("unexpected error in thread %s: %s: %s", name, args.exc_type.__name__,
              args.exc_value, exc_info=(args.exc_type, args.exc_value, args.exc_traceback))


def _log_unraisable(unraisable: Any) -> None:
    error = unraisable.exc_value
    exc_info = ((type(error), error, unraisable.exc_traceback) if error is not None else None)
    log.error("%s: %r", unraisable.err_msg or "Exception ignored in", unraisable.object,
              exc_info=exc_info)
