from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aegis.activities.forms import periods_as_text
from aegis.activities.periods import (
    Period,
    PeriodError,
    format_periods,
    merge_periods,
    parse_periods,
)


def days(*pairs: tuple[int, int]) -> list[Period]:
    return [Period(date(2020, 9, a), date(2020, 9, b)) for a, b in pairs]


@pytest.mark.parametrize(
    ("text", "periods", "written"),
    [
        ("3, 10 & 26 Sep 2020", days((3, 3), (10, 10), (26, 26)), "3, 10 & 26 Sep"),
        ("21-23 & 24 Sep 2020", days((21, 23), (24, 24)), "21-23 & 24 Sep"),
        ("18 & 21-23 Sep 2020", days((18, 18), (21, 23)), "18 & 21-23 Sep"),
        ("16 & 30 Sep 2020", days((16, 16), (30, 30)), "16 & 30 Sep"),
        ("14-17 Sep 2020", days((14, 17)), "14-17 Sep"),
        ("2020-09-21/2020-09-23, 2020-09-24", days((21, 23), (24, 24)), "21-23 & 24 Sep"),
        ("2020-09-24; 2020-09-21 to 2020-09-23", days((21, 23), (24, 24)), "21-23 & 24 Sep"),
        ("2020-09-14", days((14, 14)), "14 Sep"),
    ],
)
def test_dates_read_and_written_as_the_newsletter_does(
    text: str, periods: list[Period], written: str
) -> None:
    assert parse_periods(text) == periods
    assert format_periods(periods) == written


def test_political_leadership_writes_the_month_in_full() -> None:
    assert format_periods(days((28, 28)), long_months=True) == "28 September"


def test_periods_across_months() -> None:
    periods = [
        Period(date(2020, 9, 30), date(2020, 10, 2)),
        Period(date(2020, 10, 5), date(2020, 10, 5)),
    ]

    assert format_periods(periods) == "30 Sep-2 Oct & 5 Oct"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "No date given."),
        ("2020-09-31", "'2020-09-31' is not a date (YYYY-MM-DD)."),
        ("2020-09-23/2020-09-21", "2020-09-21 is before 2020-09-23."),
        ("31 Sept 2020", "'31' in '31 Sept 2020': day is out of range for month"),
        ("3 Brumaire 2020", "'Brumaire' is not a month."),
        (
            "next Tuesday",
            "'next Tuesday' is neither a date (YYYY-MM-DD), a run (YYYY-MM-DD/YYYY-MM-DD) "
            "nor days of a month (3, 10 & 26 Sep 2020).",
        ),
    ],
)
def test_unreadable_dates_say_why(text: str, message: str) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_periods(text)

    assert str(raised.value) == message


def test_overlapping_periods_merge_but_adjacent_days_stay_apart() -> None:
    assert merge_periods(days((21, 23), (22, 25), (26, 26))) == days((21, 25), (26, 26))


@given(
    st.lists(
        st.tuples(st.dates(date(2000, 1, 1), date(2030, 12, 31)), st.integers(0, 40)),
        min_size=1,
        max_size=8,
    )
)
def test_iso_text_round_trips(spans: list[tuple[date, int]]) -> None:
    periods = merge_periods(Period(start, start + timedelta(days=n)) for start, n in spans)

    assert merge_periods(parse_periods(periods_as_text(periods))) == periods
