import datetime as dt

import pytest

from crm.calendar import add_months, add_working_days, is_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 11, 23), 2, D(2026, 11, 25)),  # Monday + 2 = Wednesday
        (D(2026, 11, 27), 2, D(2026, 12, 1)),  # Friday + 2 skips the weekend
        (D(2026, 11, 28), 1, D(2026, 11, 30)),  # a Saturday enquiry: Monday is the first working day
        (D(2026, 12, 24), 2, D(2026, 12, 30)),  # Christmas Day (Fri), weekend, Boxing Day substitute (Mon 28)
        (D(2027, 3, 25), 5, D(2027, 4, 5)),  # Good Friday 26 March and Easter Monday 29 March 2027
        (D(2026, 8, 28), 1, D(2026, 9, 1)),  # summer bank holiday, Monday 31 August 2026
        (D(2027, 4, 30), 5, D(2027, 5, 10)),  # early May bank holiday, Monday 3 May 2027
    ],
)
def test_working_days_skip_weekends_and_england_and_wales_bank_holidays(start, days, expected):
    assert add_working_days(start, days) == expected


def test_scottish_only_holidays_do_not_count():
    # 2 January and St Andrew's Day are Scottish bank holidays, not English or Welsh ones.
    assert is_working_day(D(2026, 11, 30))
    assert not is_working_day(D(2027, 1, 1))


def test_working_days_between():
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 30)) == 2
    assert working_days_between(D(2026, 12, 30), D(2026, 12, 24)) == -2


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 8, 15), 4, D(2026, 12, 15)),
        (D(2026, 9, 30), 6, D(2027, 3, 30)),
    ],
)
def test_calendar_months(start, months, expected):
    assert add_months(start, months) == expected
