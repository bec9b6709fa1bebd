"""Partial dates keep exactly the precision the article gives."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.facts.dates import PartialDate, When, parse_added, parse_when


@pytest.mark.parametrize(("text", "display"), [
    ("2023", "2023"),
    ("2023-03", "March 2023"),
    ("2023-03-14", "14 March 2023"),
    ("March", "March (year not stated)"),
    ("May 24", "24 May (year not stated)"),
    ("thursday", "Thursday (date not stated)"),
    ("Thursday to Friday", "Thursday–Friday (date not stated)"),
    ("2020 to 2023", "2020–2023"),
    ("2020–2023", "2020–2023"),
])
def test_display_says_what_is_not_stated(text: str, display: str) -> None:
    when = parse_when(text)
    assert isinstance(when, When)
    assert when.display() == display


@pytest.mark.parametrize("text", ["2023-02-30", "2023-13", "Febtember", "May 32", "2023 to March",
                                  "2023 to 2020", "soon", ""])
def test_bad_dates_explain_the_accepted_forms(text: str) -> None:
    message = parse_when(text)
    assert isinstance(message, str)


def test_nothing_is_guessed() -> None:
    when = parse_when("March")
    assert isinstance(when, When)
    assert when.start == PartialDate(month=3)
    assert when.iso() == "March"


def test_dated_sort_before_yearless() -> None:
    order = ["May 24", "2023", "2020 to 2023", "Thursday", "2023-03-14"]
    parsed = [parse_when(text) for text in order]
    ordered = sorted(parsed, key=lambda when: when.sort_key())  # type: ignore[union-attr]
    assert [when.iso() for when in ordered] == [  # type: ignore[union-attr]
        "2020 to 2023", "2023", "2023-03-14", "May 24", "Thursday"]


def test_added_is_a_full_day() -> None:
    assert parse_added("2026-11-24") == dt.date(2026, 11, 24)
    assert isinstance(parse_added("2026-11"), str)
    assert isinstance(parse_added("24/11/2026"), str)
