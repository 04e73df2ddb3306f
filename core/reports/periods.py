"""Dates for reports: the default range, local day bounds, cohorts of months or quarters, percentiles.

Every range is of local dates with both ends included; ``day_bounds`` turns it into the half-open
range of aware datetimes the database compares against.
"""

import calendar
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format


def default_dates(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months: from the first of the month eleven months ago to today."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - 11, 12)
    return dt.date(year, month + 1, 1), today


def day_bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The start of ``date_from`` and the start of the day after ``date_to``, local time."""
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(date_from, dt.time.min, tzinfo=zone),
        dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


class Cohort(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    starts: dt.datetime
    ends: dt.datetime


def periods(date_from: dt.date, date_to: dt.date, cohort: str = Cohort.MONTH) -> list[Period]:
    """Each local calendar month (or quarter) in the range, clipped to the range."""
    start, end = day_bounds(date_from, date_to)
    zone = timezone.get_current_timezone()
    step = 3 if cohort == Cohort.QUARTER else 1
    year, month = date_from.year, date_from.month
    if step == 3:
        month = 3 * ((month - 1) // 3) + 1
    found = []
    while (year, month) <= (date_to.year, date_to.month):
        first = dt.datetime(year, month, 1, tzinfo=zone)
        last_month = month + step - 1
        if step == 3:
            label = f"{calendar.month_abbr[month]} to {calendar.month_abbr[last_month]} {year}"
            key = f"{year}-Q{(month - 1) // 3 + 1}"
        else:
            label = f"{calendar.month_name[month]} {year}"
            key = f"{year}-{month:02d}"
        year, month = (year + 1, month + step - 12) if month + step > 12 else (year, month + step)
        following = dt.datetime(year, month, 1, tzinfo=zone)
        found.append(Period(key, label, max(first, start), min(following, end)))
    return found


def percentile(ordered: Sequence[float], fraction: float) -> float | None:
    """The ``fraction`` percentile of sorted values, interpolated as ``percentile_cont`` does."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


@dataclass(frozen=True)
class Counted:
    """Whole numbers and how many times each occurs: a sorted list, without the list."""

    counts: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> "Counted":
        merged: dict[int, int] = defaultdict(int)
        for value, number in pairs:
            merged[value] += number
        return cls(tuple(sorted(merged.items())))

    def __len__(self) -> int:
        return sum(number for _, number in self.counts)

    def __add__(self, other: "Counted") -> "Counted":
        return Counted.of([*self.counts, *other.counts])

    def __getitem__(self, index: int) -> int:
        """The value at ``index`` of the values written out in order."""
        for value, number in self.counts:
            if index < number:
                return value
            index -= number
        raise IndexError(index)

    def percentile(self, fraction: float) -> float | None:
        return percentile(self, fraction)


def period_text(date_from: dt.date, date_to: dt.date) -> str:
    return f"{date_format(date_from, 'j F Y')} to {date_format(date_to, 'j F Y')}"
