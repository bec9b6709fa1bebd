"""Partial dates: a year, a month, a day, a weekday, or a span of them — exactly as precise as the
article that states them, never completed by guessing.

Accepted forms (always written in quotes in YAML)::

    "2023"             a year                 "2023-03"      a month of a year
    "2023-03-14"       a day                  "March"        a month, year not stated
    "May 24"           a day, year not stated "Thursday"     a weekday, week not stated
    "2020 to 2023"     a span of any two of the forms above, of the same shape
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from bot.core.i18n import _
from bot.core.i18n.formats import month_name, weekday_name

__all__ = ["PartialDate", "When", "parse_added", "parse_when", "reduce_by_fields"]

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTH_DAY = re.compile(r"^([A-Za-z]+)(?:\s+(\d{1,2}))?$")
_SPAN = re.compile(r"\s+(?:to|–|—)\s+|\s*[–—]\s*")


def reduce_by_fields(record: Any) -> tuple[type[Any], tuple[object, ...]]:
    """Pickle a frozen slotted dataclass as its constructor call: several times faster to load
    than the generated ``__setstate__``, which matters for the parse cache of a large base."""
    return type(record), tuple(getattr(record, name) for name in record.__slots__)


FORMS_HELP = (
    'write it as "2023", "2023-03", "2023-03-14", "March", "May 24", "Thursday", '
    'or a span such as "2020 to 2023"'
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known only as far as its source says; unknown parts are ``None``."""

    __reduce__ = reduce_by_fields

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None

    @property
    def shape(self) -> tuple[bool, bool, bool, bool]:
        """Which parts are known (used to check both ends of a span match)."""
        return (self.year is not None, self.month is not None, self.day is not None,
                self.weekday is not None)

    def sort_key(self) -> tuple[int, ...]:
        """Order by what is known: dated first, then yearless days and months, then weekdays."""
        return (self.year is None, self.weekday is not None, self.year or 0, self.month or 0,
                self.day or 0, self.weekday or 0)

    def display(self) -> str:
        """Human form without any qualifier, in the reply's language: '2023', 'March 2023',
        '14 March 2023', 'Thursday' ('14 mars 2023', 'jeudi')."""
        if self.weekday is not None:
            return weekday_name(self.weekday)
        parts = []
        if self.day is not None:
            parts.append(str(self.day))
        if self.month is not None:
            parts.append(month_name(self.month))
        if self.year is not None:
            parts.append(str(self.year))
        return " ".join(parts)

    def iso(self) -> str:
        """The canonical written form, the one the fact files use."""
        if self.weekday is not None:
            return calendar.day_name[self.weekday]
        if self.year is None:
            month = calendar.month_name[self.month or 1]
            return f"{month} {self.day}" if self.day else month
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True, slots=True)
class When:
    """When something happened: one partial date, or a span between two of the same shape."""

    __reduce__ = reduce_by_fields

    start: PartialDate
    end: PartialDate | None = None

    def sort_key(self) -> tuple[int, ...]:
        """Chronological order by the start of the span."""
        return self.start.sort_key()

    @property
    def has_year(self) -> bool:
        """Whether the year is known (undated-year items are listed apart in timelines)."""
        return self.start.year is not None

    def display(self, *, source_dated: bool = True) -> str:
        """Readable text, saying plainly what the source left unstated (and, for a date
        without a year from an article that carries no date either, that nothing dates it)."""
        text = self.start.display()
        if self.end is not None:
            text = f"{text}–{self.end.display()}"
        if self.start.weekday is not None:
            return _("{when} (date not stated)", when=text) if source_dated else \
                _("{when} (date not stated; the article is undated)", when=text)
        if self.start.year is None:
            return _("{when} (year not stated)", when=text) if source_dated else \
                _("{when} (year not stated; the article is undated)", when=text)
        return text

    def iso(self) -> str:
        """The canonical written form."""
        if self.end is None:
            return self.start.iso()
        return f"{self.start.iso()} to {self.end.iso()}"


def _parse_one(text: str) -> PartialDate | str:
    text = text.strip()
    iso = _ISO.match(text)
    if iso:
        year, month, day = (int(part) if part else None for part in iso.groups())
        if month is not None and not 1 <= month <= 12:
            return f"month {month:02d} does not exist"
        if day is not None:
            try:
                dt.date(year, month, day)  # type: ignore[arg-type]
            except ValueError:
                return f"{text} is not a real day"
        return PartialDate(year, month, day)
    words = _MONTH_DAY.match(text)
    if words:
        name, day_text = words.group(1).lower(), words.group(2)
        if name in WEEKDAYS and day_text is None:
            return PartialDate(weekday=WEEKDAYS[name])
        if name in MONTHS:
            month = MONTHS[name]
            if day_text is None:
                return PartialDate(month=month)
            day = int(day_text)
            if not 1 <= day <= calendar.monthrange(2024, month)[1]:  # 2024: a leap year
                return f"{words.group(1)} has no day {day}"
            return PartialDate(month=month, day=day)
    return f"'{text}' is not a date this fact base understands"


def parse_when(text: str) -> When | str:
    """Parse a partial date or span; on failure return a message saying how to write it."""
    pieces = _SPAN.split(text.strip(), maxsplit=1)
    start = _parse_one(pieces[0])
    if isinstance(start, str):
        return f"{start}; {FORMS_HELP}"
    if len(pieces) == 1:
        return When(start)
    end = _parse_one(pieces[1])
    if isinstance(end, str):
        return f"{end}; {FORMS_HELP}"
    if start.shape != end.shape:
        return f"both ends of a span must be the same kind of date; {FORMS_HELP}"
    if start.year is not None and end.sort_key() < start.sort_key():
        return "a span must run forward: put the earlier date first"
    return When(start, end)


def parse_added(text: str) -> dt.date | str:
    """Parse the full date a fact was added to the base, or say how to write it."""
    try:
        return dt.date.fromisoformat(text.strip()) if len(text.strip()) == 10 else _bad_added(text)
    except ValueError:
        return _bad_added(text)


def _bad_added(text: str) -> str:
    return f"'{text}' is not a full date; write the day the fact was added as \"YYYY-MM-DD\""
