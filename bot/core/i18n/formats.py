"""Month and weekday names and numbers in the current language (Babel's CLDR data)."""

from __future__ import annotations

import calendar
import functools

from bot.core.i18n.catalog import current_language

__all__ = ["month_name", "number", "weekday_name"]


@functools.cache
def _names(language: str, kind: str) -> dict[int, str]:
    from babel.dates import get_day_names, get_month_names  # loaded on first French date

    if kind == "months":
        return dict(get_month_names("wide", locale=language))
    return dict(get_day_names("wide", locale=language))  # Monday is 0, as in calendar


def month_name(month: int) -> str:
    """``March`` / ``mars``."""
    language = current_language()
    return calendar.month_name[month] if language == "en" else _names(language, "months")[month]


def weekday_name(weekday: int) -> str:
    """``Thursday`` / ``jeudi`` (Monday is 0)."""
    language = current_language()
    return calendar.day_name[weekday] if language == "en" else _names(language, "days")[weekday]


def number(value: float) -> str:
    """``150,000,000`` / ``150 000 000``."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=current_language())
