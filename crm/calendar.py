"""Working days and calendar months for the pipeline's clocks.

Working days skip weekends and the bank holidays of England and Wales, from the maintained
``holidays`` package (England and Wales share one list). Months are calendar months: a clock
started on 31 January with one month runs out on the last day of February.
"""

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start``; ``start`` itself never counts."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1 for offset in range(1, (end - start).days + 1) if is_working_day(start + dt.timedelta(days=offset))
    )


def add_months(start: dt.date, months: int) -> dt.date:
    return start + relativedelta(months=months)
