"""How ``factbot run`` fails at start: one line with the fix, a documented exit status, and the
transient failures (the network to Discord, the database) tried again with backoff first.
``database_trouble`` says what a database error at start means, for ``factbot run`` and
``factbot doctor`` alike.

``EXIT_STATUSES`` is the one table of exit statuses: ``factbot run --help`` prints it and the
README lists the same (a test checks both).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from bot.settings import Settings
from bot.store.database import DatabaseConnectError, StoreUnavailableError

__all__ = ["EXIT_CONFIG", "EXIT_DISCORD", "EXIT_STATUSES", "EXIT_STORE", "StartError",
           "StoppedWhileStartingError", "Trouble", "database_trouble", "retried", "retry_delay"]

log = logging.getLogger(__name__)

EXIT_CONFIG = 2
EXIT_STORE = 3
EXIT_DISCORD = 4
EXIT_STATUSES = {
    0: "stopped by SIGINT or SIGTERM",
    1: "an unexpected error (a bug): the log holds its traceback",
    EXIT_CONFIG: "a setting or DISCORD_TOKEN is wrong: fix it (`factbot doctor` says how); "
                 "starting again unchanged will not help",
    EXIT_STORE: "the database or DATA_DIR cannot be used: PostgreSQL unreachable or refusing "
                "the login, a corrupt SQLite file, DATA_DIR not writable",
    EXIT_DISCORD: "Discord could not be reached, or failed or refused the login, after "
                  "STARTUP_RETRIES attempts",
}
T = TypeVar("T")


class StartError(Exception):
    """An expected failure at start: its one-line message (what, then the fix) and status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class StoppedWhileStartingError(Exception):
    """A stop signal arrived while the bot was still starting."""


@dataclass(frozen=True, slots=True)
class Trouble:
    """What one failed attempt means: ``what`` happened (``could not reach X (why)``), the
    ``fix``, the exit status if it is the last, and whether trying again may help."""

    what: str
    fix: str
    status: int
    transient: bool

    def failure(self, attempts: int = 0) -> StartError:
        """The one line said when giving up (after ``attempts`` tries, when counted)."""
        tries = f" after {attempts} attempt{'s' if attempts != 1 else ''}" if attempts else ""
        return StartError(f"{self.what}{tries}: {self.fix}", self.status)


def retry_delay(attempt: int) -> float:
    """Seconds to wait after failed attempt number ``attempt``: 2, 4, 8, 16, then 30."""
    return float(min(2 ** attempt, 30))


async def retried(attempt: Callable[[], Awaitable[T]],
                  trouble_of: Callable[[Exception], Trouble | None], *, attempts: int,
                  stop: asyncio.Event) -> T:
    """``attempt()``, tried up to ``attempts`` times while it fails transiently; each retry is
    logged. Raises ``StartError`` when it gives up (or at once, for a lasting failure),
    ``StoppedWhileStartingError`` when ``stop`` is set meanwhile, and what ``trouble_of`` does
    not know as it is."""
    for number in range(1, attempts + 1):
        try:
            return await _unless_stopped(attempt(), stop)
        except (StoppedWhileStartingError, StartError):
            raise
        except Exception as error:
            trouble = trouble_of(error)
            if trouble is None:
                raise
            if not trouble.transient:
                raise trouble.failure() from error
            if number == attempts:
                raise trouble.failure(attempts) from error
            delay = retry_delay(number)
            log.warning("%s: retrying in %.0f s, attempt %d of %d", trouble.what, delay,
                        number + 1, attempts)
            await _unless_stopped(asyncio.sleep(delay), stop)
    raise AssertionError("attempts must be 1 or more")


def database_trouble(error: Exception, settings: Settings) -> Trouble | None:
    """What an error opening the database (or setting up its tables) means, with its fix;
    None for an error that is not the database's."""
    import psycopg  # a dependency, but only PostgreSQL deployments need it loaded

    if isinstance(error, DatabaseConnectError):
        where = f"PostgreSQL at {settings.shown_database_url}"
        if error.refused:
            return Trouble(f"{where} refused the login ({error.reason})",
                           "check DATABASE_URL's user name, password and database name",
                           EXIT_STORE, transient=False)
        return Trouble(f"could not reach {where} ({error.reason})",
                       "check that PostgreSQL is running and that DATABASE_URL's host and port "
                       "are right from where the bot runs (docker compose gives its bot its "
                       "own: compose.postgres.yml)", EXIT_STORE, transient=True)
    if isinstance(error, psycopg.errors.InsufficientPrivilege):
        first_line = (str(error).strip() or type(error).__name__).splitlines()[0]
        return Trouble(f"PostgreSQL at {settings.shown_database_url} does not let the bot make "
                       f"its tables ({first_line})", "make DATABASE_URL's user the database's "
                       "owner (ALTER DATABASE name OWNER TO user)", EXIT_STORE, transient=False)
    if isinstance(error, StoreUnavailableError):
        return Trouble(f"the database stopped answering while the bot started ({error})",
                       "start the bot again once it answers", EXIT_STORE, transient=True)
    path = settings.data_dir / "factbot.sqlite3"
    if isinstance(error, sqlite3.OperationalError):
        return Trouble(f"cannot use the SQLite database {path} ({error})",
                       "check that DATA_DIR is a writable folder on a local disk and that no "
                       "other program holds the file", EXIT_STORE, transient=False)
    if isinstance(error, sqlite3.DatabaseError):
        return Trouble(f"{path} is not a usable SQLite database ({error})",
                       "restore it from a backup, or move it aside to start with an empty one "
                       "(subscriptions would then be lost)", EXIT_STORE, transient=False)
    return None


async def _unless_stopped(work: Awaitable[T], stop: asyncio.Event) -> T:
    """The result of ``work``, unless ``stop`` is set first (then ``work`` is cancelled)."""
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        task.cancel()
        raise
    finally:
        stopper.cancel()
    if not task.done():
        task.cancel()
        raise StoppedWhileStartingError
    return task.result()
